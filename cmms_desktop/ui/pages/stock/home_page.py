"""The storekeeper's landing page: what to order, what is coming, what went out today,
and the stock gone negative (flagged for review, never hidden)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.stock import (
    IssueRow,
    NegativeStockRow,
    PendingReceipt,
    ReplenishmentAlert,
    negative_stock,
    pending_receipts,
    replenishment_alerts,
    todays_issues,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.stock.page import (
    date_text,
    kind_label,
    local_time,
    make_table,
    qty_text,
    section_title,
    set_row,
    show_empty,
)
from cmms_desktop.ui.widgets.filter_bar import local_day_range
from cmms_desktop.ui.widgets.kpi_card import KpiCard

__all__ = ["StockHomePage"]

PART_PAGE = "stock.part"
PARTS_PAGE = "stock.parts"
COUNTER_PAGE = "stock.counter"
PURCHASING_PAGE = "stock.purchasing"
_ALERT = QColor("#b42318")


class StockHomePage(Page):
    """Page "stock.home"."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("stockHomePage")
        self._engine = services.replica.engine
        self._clock = clock
        self._loaded = False
        self.alerts: list[ReplenishmentAlert] = []
        self.receipts: list[PendingReceipt] = []
        self.issues: list[IssueRow] = []
        self.negatives: list[NegativeStockRow] = []

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.counter_button = QPushButton(self)
        self.counter_button.setObjectName("openCounter")
        self.counter_button.clicked.connect(lambda: self._go(COUNTER_PAGE))
        self.parts_button = QPushButton(self)
        self.parts_button.setObjectName("openParts")
        self.parts_button.clicked.connect(lambda: self._go(PARTS_PAGE))
        self.purchasing_button = QPushButton(self)
        self.purchasing_button.setObjectName("openPurchasing")
        self.purchasing_button.clicked.connect(lambda: self._go(PURCHASING_PAGE))
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addStretch(1)
        for button, key in (
            (self.counter_button, COUNTER_PAGE),
            (self.parts_button, PARTS_PAGE),
            (self.purchasing_button, PURCHASING_PAGE),
        ):
            button.setVisible(navigator.can_navigate(key))
            title_row.addWidget(button)

        self.alerts_card = KpiCard(lambda: self.tr("To reorder"), self)
        self.receipts_card = KpiCard(lambda: self.tr("Pending receipts"), self)
        self.issues_card = KpiCard(lambda: self.tr("Issued today"), self)
        self.negative_card = KpiCard(lambda: self.tr("Negative stock"), self)
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in (self.alerts_card, self.receipts_card, self.issues_card, self.negative_card):
            cards.addWidget(card)

        self.alerts_title = section_title(self)
        self.alerts_table = make_table(self, "alertsTable", 6)
        self.receipts_title = section_title(self)
        self.receipts_table = make_table(self, "receiptsTable", 5)
        self.issues_title = section_title(self)
        self.issues_table = make_table(self, "issuesTable", 6)
        self.negative_title = section_title(self)
        self.negative_table = make_table(self, "negativeTable", 4)
        self.alerts_table.activated.connect(lambda i: self._open_part(self.alerts_table, i.row()))
        self.issues_table.activated.connect(lambda i: self._open_part(self.issues_table, i.row()))
        self.negative_table.activated.connect(
            lambda i: self._open_part(self.negative_table, i.row())
        )
        self.receipts_table.activated.connect(lambda _i: self._go(PURCHASING_PAGE))

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        for (title, table), (row, column) in zip(
            (
                (self.alerts_title, self.alerts_table),
                (self.receipts_title, self.receipts_table),
                (self.issues_title, self.issues_table),
                (self.negative_title, self.negative_table),
            ),
            ((0, 0), (0, 1), (2, 0), (2, 1)),
            strict=True,
        ):
            grid.addWidget(title, row, column)
            grid.addWidget(table, row + 1, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(title_row)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Store")

    def show_argument(self, argument: object | None) -> None:
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._loaded = True
        sites = self.session.site_ids
        now = self._clock()
        today = now.astimezone().date()
        start, end = local_day_range(today, today)
        self.alerts = replenishment_alerts(self._engine, sites)
        self.receipts = pending_receipts(self._engine, sites)
        self.issues = todays_issues(self._engine, start, end, sites)
        self.negatives = negative_stock(self._engine, sites)
        self._fill()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Store"))
        self.counter_button.setText(self.tr("Counter"))
        self.parts_button.setText(self.tr("Parts catalogue"))
        self.purchasing_button.setText(self.tr("Purchase orders"))
        self.alerts_title.setText(self.tr("Replenishment alerts"))
        self.receipts_title.setText(self.tr("Pending receipts"))
        self.issues_title.setText(self.tr("Today's issues"))
        self.negative_title.setText(self.tr("Negative stock to review"))
        self.alerts_table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Description"),
                self.tr("Available"),
                self.tr("Min / max"),
                self.tr("On order"),
                self.tr("Suggested"),
            ]
        )
        self.receipts_table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Supplier"),
                self.tr("Status"),
                self.tr("Expected"),
                self.tr("Received"),
            ]
        )
        self.issues_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Reference"),
                self.tr("Description"),
                self.tr("Quantity"),
                self.tr("Location"),
                self.tr("By"),
            ]
        )
        self.negative_table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Location"),
                self.tr("On hand"),
                self.tr("Last movement"),
            ]
        )
        if self._loaded:
            self._fill()

    # ------------------------------------------------------------- internals

    def _go(self, key: str) -> None:
        if self.navigator.can_navigate(key):
            self.navigator.navigate(key, None)

    def _open_part(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        part_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(part_id, uuid.UUID) and self.navigator.can_navigate(PART_PAGE):
            self.navigator.navigate(PART_PAGE, part_id)

    def _status(self, status: str) -> str:
        return {
            "sent": self.tr("Sent"),
            "partially_received": self.tr("Partially received"),
        }.get(status, status)

    def _fill(self) -> None:
        locale = QLocale()
        now = self._clock()
        late = sum(1 for r in self.receipts if r.late(now))
        self.alerts_card.set_value(
            locale.toString(len(self.alerts)),
            subtitle=self.tr("parts under their minimum"),
            tone="warning" if self.alerts else None,
            colour_value=bool(self.alerts),
        )
        self.receipts_card.set_value(
            locale.toString(len(self.receipts)),
            subtitle=self.tr("{late} late").format(late=late) if late else "",
            tone="bad" if late else None,
        )
        issued = sum((r.quantity for r in self.issues), Decimal(0))
        self.issues_card.set_value(
            locale.toString(len(self.issues)),
            subtitle=self.tr("{quantity} parts out").format(quantity=qty_text(issued)),
        )
        self.negative_card.set_value(
            locale.toString(len(self.negatives)),
            subtitle=self.tr("to review") if self.negatives else "",
            tone="bad" if self.negatives else None,
            colour_value=bool(self.negatives),
        )

        self.alerts_table.setRowCount(len(self.alerts))
        for row, alert in enumerate(self.alerts):
            set_row(
                self.alerts_table,
                row,
                [
                    alert.reference,
                    alert.description,
                    qty_text(alert.available),
                    f"{qty_text(alert.min_qty)} / {qty_text(alert.max_qty)}",
                    qty_text(alert.on_order) if alert.on_order else "",
                    f"{qty_text(alert.suggested_qty)} {alert.unit}",
                ],
                alert.part_id,
            )
        if not self.alerts:
            show_empty(self.alerts_table, self.tr("No part is under its minimum."))
        self.receipts_table.setRowCount(len(self.receipts))
        for row, receipt in enumerate(self.receipts):
            expected = receipt.expected_at
            set_row(
                self.receipts_table,
                row,
                [
                    receipt.number,
                    receipt.supplier_name,
                    self._status(receipt.status),
                    date_text(expected.astimezone().date()) if expected is not None else "",
                    f"{qty_text(receipt.received_qty)} / {qty_text(receipt.ordered_qty)}",
                ],
                receipt.id,
            )
            if receipt.late(now):
                _paint(self.receipts_table, row, 3)
        if not self.receipts:
            show_empty(self.receipts_table, self.tr("No order is awaited."))
        self.issues_table.setRowCount(len(self.issues))
        for row, issue in enumerate(self.issues):
            quantity = qty_text(issue.quantity)
            if issue.kind != "issue":
                quantity = f"{quantity} ({kind_label(issue.kind)})"
            set_row(
                self.issues_table,
                row,
                [
                    local_time(issue.occurred_at, with_date=False),
                    issue.reference,
                    issue.description,
                    quantity,
                    issue.location_code,
                    issue.user_name or "",
                ],
                issue.part_id,
            )
        if not self.issues:
            show_empty(self.issues_table, self.tr("Nothing issued today."))
        self.negative_table.setRowCount(len(self.negatives))
        for row, negative in enumerate(self.negatives):
            set_row(
                self.negative_table,
                row,
                [
                    negative.reference,
                    negative.location_code,
                    qty_text(negative.on_hand),
                    local_time(negative.last_movement_at),
                ],
                negative.part_id,
            )
            _paint(self.negative_table, row, 2)
        if not self.negatives:
            show_empty(self.negative_table, self.tr("No stock below zero."))
        for table in (self.alerts_table, self.receipts_table, self.issues_table):
            table.resizeColumnsToContents()
        self.negative_table.resizeColumnsToContents()


def _paint(table: QTableWidget, row: int, column: int) -> None:
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem("")
        table.setItem(row, column, item)
    item.setForeground(QBrush(_ALERT))
    font = item.font()
    font.setBold(True)
    item.setFont(font)
