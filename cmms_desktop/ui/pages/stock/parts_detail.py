"""One part: its stock per location, its ledger, compatible equipment, suppliers and prices,
its consumption forecast (chart and reorder point) and its photos."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.permissions import Permission, can
from cmms_core.rules.stock import Forecast
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.parts import (
    PartDetail,
    get_part_detail,
    list_part_attachments,
    part_forecast,
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
    signed_qty_text,
)
from cmms_desktop.ui.pages.stock.parts_form import PartDialog
from cmms_desktop.ui.widgets.chart import ChartSeries, ChartThreshold, TimeChart
from cmms_desktop.ui.widgets.photo_strip import PhotoStrip, StripItem

__all__ = ["PartDetailPage"]

EQUIPMENT_PAGE = "equipment"
PARTS_PAGE = "stock.parts"


class PartDetailPage(Page):
    """Page "stock.part"; ``show_argument(part_id)``."""

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
        self.setObjectName("partDetailPage")
        self._engine = services.replica.engine
        self._clock = clock
        self.part_id: uuid.UUID | None = None
        self.detail: PartDetail | None = None
        self.forecast: Forecast | None = None

        self.back_button = QPushButton(self)
        self.back_button.setObjectName("linkButton")
        self.back_button.clicked.connect(self._back)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("secondaryText")
        self.facts_label.setWordWrap(True)
        self.levels_label = QLabel(self)
        self.levels_label.setObjectName("partLevels")
        self.levels_label.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editPart")
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setVisible(can(session.actor, Permission.PARTS_MANAGE, None))
        self.labels_button = QPushButton(self)
        self.labels_button.setObjectName("printLabel")
        self.labels_button.clicked.connect(self.print_label)
        head = QHBoxLayout()
        head_text = QVBoxLayout()
        head_text.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        head_text.addWidget(self.title_label)
        head_text.addWidget(self.facts_label)
        head_text.addWidget(self.levels_label)
        head.addLayout(head_text, 1)
        head.addWidget(self.labels_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        self.locations_title = section_title(self)
        self.locations_table = make_table(self, "locationsTable", 5)
        self.movements_title = section_title(self)
        self.movements_table = make_table(self, "movementsTable", 6)
        self.compatible_title = section_title(self)
        self.compatible_table = make_table(self, "compatibleTable", 2)
        self.compatible_table.activated.connect(self._open_equipment)
        self.prices_title = section_title(self)
        self.prices_table = make_table(self, "pricesTable", 5)
        self.forecast_title = section_title(self)
        self.chart = TimeChart(
            self,
            y_label=lambda: self.tr("Parts per week"),
            period_days=7,
            empty_text=lambda: self.tr("No consumption recorded yet."),
        )
        self.chart.setMinimumHeight(240)
        self.reorder_label = QLabel(self)
        self.reorder_label.setObjectName("reorderSuggestion")
        self.reorder_label.setWordWrap(True)
        self.photos = PhotoStrip(
            services.blobs,
            self,
            title=lambda: self.tr("Photos"),
            editable=can(session.actor, Permission.PARTS_MANAGE, None),
            videos=False,
        )
        self.photos.added.connect(self._on_photo_added)
        self.photos.removed.connect(self._on_photo_removed)

        body = QWidget(self)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        left = QVBoxLayout()
        column: tuple[QWidget, ...] = (
            self.locations_title,
            self.locations_table,
            self.forecast_title,
            self.chart,
            self.reorder_label,
        )
        for widget in column:
            left.addWidget(widget)
        right = QVBoxLayout()
        column = (
            self.prices_title,
            self.prices_table,
            self.compatible_title,
            self.compatible_table,
            self.photos,
        )
        for widget in column:
            right.addWidget(widget)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.movements_title, 1, 0, 1, 2)
        grid.addWidget(self.movements_table, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for table, height in (
            (self.locations_table, 130),
            (self.movements_table, 260),
            (self.prices_table, 140),
            (self.compatible_table, 140),
        ):
            table.setMinimumHeight(height)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Part")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            self.show_part(argument)

    def refresh(self) -> None:
        if self.part_id is not None:
            self.show_part(self.part_id)

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← Parts catalogue"))
        self.edit_button.setText(self.tr("Edit"))
        self.labels_button.setText(self.tr("Print label…"))
        self.locations_title.setText(self.tr("Stock per location"))
        self.movements_title.setText(self.tr("Movements"))
        self.compatible_title.setText(self.tr("Compatible equipment"))
        self.prices_title.setText(self.tr("Suppliers and prices"))
        self.forecast_title.setText(self.tr("Consumption forecast"))
        self.locations_table.setHorizontalHeaderLabels(
            [
                self.tr("Location"),
                self.tr("Store"),
                self.tr("On hand"),
                self.tr("Reserved"),
                self.tr("Available"),
            ]
        )
        self.movements_table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Movement"),
                self.tr("Quantity"),
                self.tr("Location"),
                self.tr("By"),
                self.tr("Reference"),
            ]
        )
        self.compatible_table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Name")])
        self.prices_table.setHorizontalHeaderLabels(
            [
                self.tr("Supplier"),
                self.tr("Unit price"),
                self.tr("Valid"),
                self.tr("Lead time"),
                self.tr("Preferred"),
            ]
        )
        if self.detail is not None:
            self._fill()

    # ------------------------------------------------------------------ API

    def show_part(self, part_id: uuid.UUID) -> None:
        self.part_id = part_id
        sites = self.session.site_ids
        self.detail = get_part_detail(self._engine, part_id, sites)
        today = self._clock().astimezone().date()
        self.forecast = (
            part_forecast(self._engine, part_id, today, sites) if self.detail is not None else None
        )
        self._fill()

    def edit(self) -> PartDialog | None:
        if self.detail is None:
            return None
        dialog = PartDialog(self.services, self.session, self.detail, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def print_label(self) -> None:
        from cmms_desktop.ui.pages.stock.labels_dialog import LabelsDialog

        if self.part_id is not None:
            LabelsDialog(self.services, self.session, [self.part_id], self).open()

    # ------------------------------------------------------------- filling

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            self.title_label.setText(self.tr("This part no longer exists."))
            for label in (self.facts_label, self.levels_label, self.reorder_label):
                label.clear()
            for table in (
                self.locations_table,
                self.movements_table,
                self.compatible_table,
                self.prices_table,
            ):
                table.setRowCount(0)
            self.chart.clear()
            return
        locale = QLocale()
        self.title_label.setText(f"{detail.reference} — {detail.description}")
        facts = [
            self.tr("Category: {category}").format(category=detail.category or "—"),
            self.tr("Unit: {unit}").format(unit=detail.unit),
            self.tr("Barcode: {barcode}").format(barcode=detail.barcode or "—"),
            self.tr("Unit cost: {cost}").format(
                cost=locale.toCurrencyString(float(detail.unit_cost), "€")
            ),
        ]
        self.facts_label.setText(" · ".join(facts))
        levels = self.tr(
            "On hand {on_hand} · reserved {reserved} · available {available} · "
            "min {min} / max {max}"
        ).format(
            on_hand=qty_text(detail.on_hand),
            reserved=qty_text(detail.reserved),
            available=qty_text(detail.available),
            min=qty_text(detail.min_qty),
            max=qty_text(detail.max_qty),
        )
        below = detail.min_qty > 0 and detail.available < detail.min_qty
        if below:
            levels += "  ▼ " + self.tr("below the minimum")
        self.levels_label.setText(levels)
        self.levels_label.setStyleSheet(
            "font-size: 15px; font-weight: 600;" + (" color: #b42318;" if below else "")
        )

        self.locations_table.setRowCount(len(detail.locations))
        for row, stock in enumerate(detail.locations):
            set_row(
                self.locations_table,
                row,
                [
                    stock.code,
                    stock.store,
                    qty_text(stock.on_hand) + ("  ⚠" if stock.negative else ""),
                    qty_text(stock.reserved),
                    qty_text(stock.available),
                ],
                stock.location_id,
            )
        if not detail.locations:
            show_empty(self.locations_table, self.tr("Never in stock."))
        self.movements_table.setRowCount(len(detail.recent_movements))
        for row, movement in enumerate(detail.recent_movements):
            reference = movement.reason or ""
            if movement.ref_table == "failures":
                reference = self.tr("Ticket")
            elif movement.ref_table == "purchase_orders":
                reference = self.tr("Purchase order")
            elif movement.ref_table == "stock_transfers":
                reference = self.tr("Transfer")
            elif movement.ref_table in ("interventions", "repair_interventions"):
                reference = self.tr("Intervention")
            set_row(
                self.movements_table,
                row,
                [
                    local_time(movement.occurred_at),
                    kind_label(movement.kind),
                    signed_qty_text(movement.quantity),
                    movement.location_code,
                    movement.user_name or "",
                    reference,
                ],
                movement.id,
            )
        if not detail.recent_movements:
            show_empty(self.movements_table, self.tr("No movement yet."))
        self.compatible_table.setRowCount(len(detail.compatible))
        for row, compat in enumerate(detail.compatible):
            name = compat.name
            if compat.equipment_id is None:
                name = self.tr("{name} (every equipment of this type)").format(name=name)
            set_row(self.compatible_table, row, [compat.code, name], compat.equipment_id)
        if not detail.compatible:
            show_empty(self.compatible_table, self.tr("No compatible equipment declared."))
        self.prices_table.setRowCount(len(detail.prices))
        today = self._clock().astimezone().date()
        for row, price in enumerate(detail.prices):
            set_row(
                self.prices_table,
                row,
                [
                    price.supplier_name,
                    locale.toCurrencyString(float(price.unit_price), price.currency),
                    self._validity(price.valid_from, price.valid_to, price.valid_on(today)),
                    self.tr("{days} d").format(days=price.lead_time_days)
                    if price.lead_time_days is not None
                    else "",
                    "★" if price.preferred else "",
                ],
                price.supplier_id,
            )
            supplier_item = self.prices_table.item(row, 0)
            if supplier_item is not None and price.supplier_reference:
                supplier_item.setToolTip(
                    self.tr("Their reference: {reference}").format(
                        reference=price.supplier_reference
                    )
                )
        if not detail.prices:
            show_empty(self.prices_table, self.tr("No supplier price."))
        for table in (self.locations_table, self.movements_table, self.prices_table):
            table.resizeColumnsToContents()
        self._fill_forecast(detail)
        self.photos.set_items(
            [StripItem.from_row(row) for row in list_part_attachments(self._engine, detail.id)]
        )

    def _on_photo_added(self, item: object) -> None:
        assert isinstance(item, StripItem)
        if self.part_id is not None and self._write_photo(
            "attachment.add", item.add_payload("parts", self.part_id)
        ):
            self.photos.mark_saved()

    def _on_photo_removed(self, item: object) -> None:
        assert isinstance(item, StripItem)
        if item.saved:
            self._write_photo("attachment.remove", {"id": item.id})

    def _write_photo(self, name: str, payload: dict[str, Any]) -> bool:
        try:
            self.services.writer.execute(self.session.actor, name, payload)
        except MutationRejected as error:
            QMessageBox.warning(self, self.tr("Photo not saved"), str(error))
            return False
        return True

    def _validity(self, start: date | None, end: date | None, valid: bool) -> str:
        if start is not None and end is not None:
            text = f"{date_text(start)} – {date_text(end)}"
        elif start is not None:
            text = self.tr("from {day}").format(day=date_text(start))
        elif end is not None:
            text = self.tr("until {day}").format(day=date_text(end))
        else:
            text = self.tr("always")
        return text if valid else self.tr("{validity} (not valid today)").format(validity=text)

    def _fill_forecast(self, detail: PartDetail) -> None:
        forecast = self.forecast
        if forecast is None:
            self.chart.clear()
            self.reorder_label.clear()
            return
        today = self._clock().astimezone().date()
        weeks = len(forecast.history)
        start = today - timedelta(days=7 * weeks)
        history = [
            (start + timedelta(days=7 * index), value)
            for index, value in enumerate(forecast.history)
        ]
        ahead = [(week.start, week.total) for week in forecast.weeks]
        series = [
            ChartSeries(self.tr("Consumed"), history, kind="bar"),
            ChartSeries(self.tr("Forecast"), ahead, kind="line", dashed=True),
        ]
        thresholds = []
        if detail.min_qty > 0:
            thresholds.append(ChartThreshold(float(detail.min_qty), self.tr("Minimum")))
        if forecast.reorder_point > 0:
            thresholds.append(
                ChartThreshold(
                    float(forecast.reorder_point), self.tr("Reorder point"), colour="#b54708"
                )
            )
        if any(value for _day, value in history) or any(value for _day, value in ahead):
            self.chart.set_series(series, thresholds)
        else:
            self.chart.clear()
        suggestion = self.tr(
            "About {rate} per week. Lead time {lead} days: reorder at {point} "
            "(demand over the lead time {demand}, safety stock {safety})."
        ).format(
            rate=QLocale().toString(forecast.weekly_rate, "f", 1),
            lead=forecast.lead_time_days,
            point=forecast.reorder_point,
            demand=QLocale().toString(forecast.lead_time_demand, "f", 1),
            safety=QLocale().toString(forecast.safety_stock, "f", 1),
        )
        if forecast.reorder_point > detail.min_qty:
            suggestion += " " + self.tr(
                "The minimum level ({min}) is below this reorder point: consider raising it."
            ).format(min=qty_text(detail.min_qty))
        self.reorder_label.setText(suggestion)

    # ------------------------------------------------------------- reacting

    def _open_equipment(self) -> None:
        row = self.compatible_table.currentRow()
        item = self.compatible_table.item(row, 0) if row >= 0 else None
        equipment_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(equipment_id, uuid.UUID) and self.navigator.can_navigate(EQUIPMENT_PAGE):
            self.navigator.navigate(EQUIPMENT_PAGE, equipment_id)

    def _back(self) -> None:
        if self.navigator.can_navigate(PARTS_PAGE):
            self.navigator.navigate(PARTS_PAGE, None)
