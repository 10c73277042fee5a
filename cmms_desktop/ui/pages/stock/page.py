"""What the stock pages share: the words for movement kinds, quantities as people read them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QWidget

from cmms_core.rules.stock import MovementKind

__all__ = [
    "date_text",
    "kind_label",
    "local_time",
    "make_table",
    "qty_text",
    "section_title",
    "set_row",
    "show_empty",
    "signed_qty_text",
]


def kind_label(kind: str) -> str:
    """A movement kind in words ("issue" → "Issue" / "Sortie de stock")."""
    labels = {
        MovementKind.RECEIPT: QCoreApplication.translate("StockTexts", "Receipt"),
        MovementKind.ISSUE: QCoreApplication.translate("StockTexts", "Issue"),
        MovementKind.RETURN: QCoreApplication.translate("StockTexts", "Return"),
        MovementKind.TRANSFER_OUT: QCoreApplication.translate("StockTexts", "Transfer out"),
        MovementKind.TRANSFER_IN: QCoreApplication.translate("StockTexts", "Transfer in"),
        MovementKind.ADJUSTMENT: QCoreApplication.translate("StockTexts", "Count adjustment"),
        MovementKind.REVERSAL: QCoreApplication.translate("StockTexts", "Correction"),
        MovementKind.RESERVATION: QCoreApplication.translate("StockTexts", "Reservation"),
        MovementKind.RELEASE: QCoreApplication.translate("StockTexts", "Release"),
    }
    try:
        return labels[MovementKind(kind)]
    except ValueError:
        return kind


def qty_text(quantity: Decimal | float | int) -> str:
    """A quantity without useless decimals, in the current locale ("2", "2,5")."""
    value = Decimal(str(quantity)).normalize()
    if value == value.to_integral_value():
        return QLocale().toString(int(value))
    return QLocale().toString(float(value), "f", max(0, -value.as_tuple().exponent))  # type: ignore[operator]


def signed_qty_text(quantity: Decimal | float | int) -> str:
    """ "+3", "−2" (a true minus sign), "0"."""
    value = Decimal(str(quantity))
    if value > 0:
        return "+" + qty_text(value)
    if value < 0:
        return "−" + qty_text(-value)
    return qty_text(value)


def local_time(moment: datetime | None, with_date: bool = True) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    clock = QLocale().toString(
        QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat
    )
    return clock if not with_date else f"{date_text(local.date())} {clock}"


def section_title(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("sectionTitle")
    return label


def make_table(parent: QWidget, name: str, columns: int) -> QTableWidget:
    """A read-only, row-selecting table of a few rows (never 100k: those are lazy models)."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def set_row(table: QTableWidget, row: int, values: list[str], data: object = None) -> None:
    if row == 0:
        table.clearSpans()
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        if column == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, column, item)


def date_text(day: date) -> str:
    """A date in the current locale's short format."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def show_empty(table: QTableWidget, text: str) -> None:
    """One grey row across the table saying why it is empty (never a blank box)."""
    table.clearSpans()
    table.setRowCount(1)
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(QColor("#5b6573"))
    table.setItem(0, 0, item)
    if table.columnCount() > 1:
        table.setSpan(0, 0, 1, table.columnCount())
