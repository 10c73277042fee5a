"""Count-session dialogs: start a count (name, site, location), and the confirmation of
its close that shows the adjustments it will record."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.queries.equipment import SiteOption
from cmms_desktop.store.queries.purchasing import CountReviewLine
from cmms_desktop.store.queries.stock import LocationOption
from cmms_desktop.ui.pages.stock.purchasing_labels import format_qty

__all__ = ["CloseCountDialog", "StartCountDialog", "delta_text"]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GAIN = QColor("#2e7d32")
LOSS = QColor("#b42318")


def delta_text(delta: object) -> str:
    """ "+2", "−3" (a true minus sign), "0"."""
    value = Decimal(str(delta))
    if value > 0:
        return "+" + format_qty(value)
    if value < 0:
        return "−" + format_qty(-value)
    return format_qty(value)


class StartCountDialog(QDialog):
    """A count of one store location, or of a whole site (``location_id()`` None)."""

    def __init__(
        self,
        sites: Sequence[SiteOption],
        locations: Sequence[LocationOption],
        default_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startCountDialog")
        self.setMinimumWidth(460)
        self._locations = list(locations)
        self.name_edit = QLineEdit(default_name, self)
        self.name_edit.setObjectName("countName")
        self.name_edit.setMaxLength(100)
        self.site_combo = QComboBox(self)
        for site in sites:
            self.site_combo.addItem(f"{site.code} — {site.name}", site.id)
        self.location_combo = QComboBox(self)
        self.location_combo.setObjectName("countLocation")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setFixedHeight(60)
        self.site_combo.currentIndexChanged.connect(lambda _index: self._fill_locations())
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for label, widget in zip(
            self.labels,
            (self.name_edit, self.site_combo, self.location_combo, self.notes_edit),
            strict=True,
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def site_id(self) -> uuid.UUID | None:
        value = self.site_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def location_id(self) -> uuid.UUID | None:
        value = self.location_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def set_location(self, location_id: uuid.UUID) -> bool:
        for index in range(self.location_combo.count()):
            if self.location_combo.itemData(index) == location_id:
                self.location_combo.setCurrentIndex(index)
                return True
        return False

    def _fill_locations(self) -> None:
        site_id = self.site_id()
        self.location_combo.clear()
        self.location_combo.addItem(self.tr("The whole site (scan each location)"), None)
        for location in self._locations:
            if location.site_id == site_id:
                self.location_combo.addItem(f"{location.code} — {location.store}", location.id)

    def _try_accept(self) -> None:
        if self.name_edit.text().strip() and self.site_id() is not None:
            self.accept()
        else:
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Start a count"))
        for label, text in zip(
            self.labels,
            (self.tr("&Name"), self.tr("&Site"), self.tr("&Location"), self.tr("N&otes")),
            strict=True,
        ):
            label.setText(text)
        selected = self.location_id()
        self._fill_locations()
        if selected is not None:
            self.set_location(selected)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class CloseCountDialog(QDialog):
    """What closing will record: one adjustment per part and location whose count differs
    from the ledger (the counts that confirm it are recorded too, as zero)."""

    def __init__(
        self, name: str, lines: Sequence[CountReviewLine], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeCountDialog")
        self.resize(760, 460)
        self._name = name
        self.lines = list(lines)
        self.adjustments = [ln for ln in self.lines if ln.delta != 0]
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(self.adjustments), 6, self)
        self.table.setObjectName("adjustments")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, line in enumerate(self.adjustments):
            values = [
                line.location_code,
                line.reference,
                line.description,
                format_qty(line.expected_qty),
                format_qty(line.counted_qty),
                delta_text(line.delta),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(_RIGHT)
                if column == 5:
                    item.setForeground(GAIN if line.delta > 0 else LOSS)
                self.table.setItem(row, column, item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Close the count {name}").format(name=self._name))
        confirmed = len(self.lines) - len(self.adjustments)
        self.summary.setText(
            self.tr(
                "%n adjustment(s) will be recorded in the stock ledger.", "", len(self.adjustments)
            )
            + " "
            + self.tr("%n count(s) confirm the stock.", "", confirmed)
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Location"),
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Difference"),
            ]
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close and apply"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
