"""The purchasing dialogs: the replenishment review (parts under their minimum → draft
orders, one per supplier) and the receipt of an order (scan a part → its line)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from cmms_desktop.store.queries.parts import lookup_code
from cmms_desktop.store.queries.purchasing import PlanGroup, PODetail, POLineRow
from cmms_desktop.store.queries.stock import LocationOption
from cmms_desktop.ui.pages.stock.purchasing_labels import format_money, format_qty
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.scan_input import ScanInput

__all__ = [
    "DraftOrder",
    "ReceiptLine",
    "ReceiveDialog",
    "ReplenishmentDialog",
    "ScanLookup",
    "lookup_for",
]

# What a scanned code names: ("part" | "location", its id), or None.
ScanLookup = Callable[[str], tuple[str, uuid.UUID] | None]

_QTY_MAX = 999_999.0


def _quantity_box(parent: QWidget, value: Decimal, maximum: float = _QTY_MAX) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(3 if value != value.to_integral_value() else 0)
    box.setRange(0.0, maximum)
    box.setValue(float(value))
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
    return box


def _decimal(box: QDoubleSpinBox) -> Decimal:
    return Decimal(str(round(box.value(), box.decimals())))


# ----------------------------------------------------------------- replenishment


@dataclass(frozen=True)
class DraftOrder:
    """What the review turns into a ``po.create``: a supplier and its checked lines."""

    supplier_id: uuid.UUID
    expected_at: datetime | None
    lines: tuple[tuple[uuid.UUID, Decimal, Decimal | None], ...]  # part, quantity, unit price


_PART = Qt.ItemDataRole.UserRole + 1
_PRICE = Qt.ItemDataRole.UserRole + 2


class ReplenishmentDialog(QDialog):
    """The plan of one site: a group per supplier (checked), its parts with the suggested
    quantity (editable, 0 leaves the part out). ``orders()`` gives what to create."""

    COLUMNS = 8

    def __init__(
        self,
        groups: Sequence[PlanGroup],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replenishmentDialog")
        self.resize(980, 560)
        self._today = today
        self.groups = list(groups)
        self.boxes: dict[tuple[uuid.UUID | None, uuid.UUID], QDoubleSpinBox] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("replenishmentTree")
        self.tree.setColumnCount(self.COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.group_items: list[QTreeWidgetItem] = []
        for group in self.groups:
            top = QTreeWidgetItem(self.tree)
            top.setFirstColumnSpanned(False)
            font = top.font(0)
            font.setBold(True)
            for column in range(self.COLUMNS):
                top.setFont(column, font)
            if group.supplier_id is not None:
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                top.setCheckState(0, Qt.CheckState.Checked)
            else:
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            top.setData(0, _PART, group.supplier_id)
            self.group_items.append(top)
            for line in group.lines:
                child = QTreeWidgetItem(top)
                child.setData(0, _PART, line.part_id)
                child.setData(0, _PRICE, line.unit_price)
                child.setText(0, line.reference)
                child.setText(1, line.description)
                child.setText(2, format_qty(line.position))
                child.setText(3, f"{format_qty(line.min_qty)} / {format_qty(line.max_qty)}")
                child.setText(5, line.unit)
                child.setText(6, format_money(line.unit_price))
                for column in (2, 3, 6, 7):
                    child.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
                box = _quantity_box(self.tree, line.quantity)
                box.setObjectName(f"qty_{line.reference}")
                box.setEnabled(group.supplier_id is not None)
                box.valueChanged.connect(self._update_totals)
                self.tree.setItemWidget(child, 4, box)
                self.boxes[(group.supplier_id, line.part_id)] = box
            top.setExpanded(True)
        header = self.tree.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4, 5, 6, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(lambda _item, _column: self._update_totals())

        self.empty = QLabel(self)
        self.empty.setObjectName("secondaryText")
        self.empty.setVisible(not self.groups)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def set_quantity(self, supplier_id: uuid.UUID | None, part_id: uuid.UUID, qty: Decimal) -> None:
        self.boxes[(supplier_id, part_id)].setValue(float(qty))

    def set_group_checked(self, supplier_id: uuid.UUID, checked: bool) -> None:
        for item in self.group_items:
            if item.data(0, _PART) == supplier_id:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def orders(self) -> list[DraftOrder]:
        """The checked suppliers with their lines of a quantity above zero."""
        result = []
        for group, item in zip(self.groups, self.group_items, strict=True):
            if group.supplier_id is None or item.checkState(0) != Qt.CheckState.Checked:
                continue
            lines = []
            lead = 0
            for line in group.lines:
                quantity = _decimal(self.boxes[(group.supplier_id, line.part_id)])
                if quantity > 0:
                    lines.append((line.part_id, quantity, line.unit_price))
                    lead = max(lead, line.lead_time_days or 0)
            if not lines:
                continue
            expected = None
            if lead:
                expected = datetime.combine(self._today + timedelta(days=lead), time(12), UTC)
            result.append(DraftOrder(group.supplier_id, expected, tuple(lines)))
        return result

    def _group_total(self, group: PlanGroup) -> Decimal:
        total = Decimal(0)
        for line in group.lines:
            box = self.boxes[(group.supplier_id, line.part_id)]
            total += _decimal(box) * (line.unit_price or Decimal(0))
        return total

    def _update_totals(self) -> None:
        for group, item in zip(self.groups, self.group_items, strict=True):
            if group.supplier_id is None:
                item.setText(0, self.tr("No supplier price"))
                item.setText(1, self.tr("Add a price on the Suppliers page to order these parts."))
            else:
                item.setText(0, group.supplier_name or "")
                item.setText(1, self.tr("%n part(s)", "", len(group.lines)))
                item.setText(7, format_money(self._group_total(group)))
                item.setTextAlignment(7, Qt.AlignmentFlag.AlignRight)
            for index in range(item.childCount()):
                child = item.child(index)
                if child is None:
                    continue
                part_id = child.data(0, _PART)
                price = child.data(0, _PRICE)
                box = self.boxes[(group.supplier_id, part_id)]
                amount = _decimal(box) * price if price is not None else None
                child.setText(7, format_money(amount))
        count = len(self.orders())
        self.create_button.setEnabled(count > 0)
        self.create_button.setText(self.tr("Create %n draft order(s)", "", count))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Replenishment"))
        self.intro.setText(
            self.tr(
                "Parts whose available stock plus what is on order is under their minimum, "
                "with the quantity that brings them to their maximum. One draft order per "
                "preferred supplier: check the orders to create, adjust the quantities."
            )
        )
        self.tree.setHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Available + on order"),
                self.tr("Min / max"),
                self.tr("Quantity"),
                self.tr("Unit"),
                self.tr("Unit price"),
                self.tr("Amount"),
            ]
        )
        self.empty.setText(self.tr("No part is under its minimum: nothing to order."))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update_totals()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


# ----------------------------------------------------------------- receipt


@dataclass(frozen=True)
class ReceiptLine:
    line_id: uuid.UUID
    quantity: Decimal
    location_id: uuid.UUID


class ReceiveDialog(QDialog):
    """Receive an order, scanner first: scan a part and its line's quantity is focused
    (the remaining quantity proposed, selected: type over it), Enter goes back to the
    scanner. Scanning a location sets where the current line (and the next ones) go."""

    C_REFERENCE, C_DESIGNATION, C_ORDERED, C_RECEIVED, C_REMAINING, C_NOW, C_LOCATION = range(7)

    def __init__(
        self,
        detail: PODetail,
        locations: Sequence[LocationOption],
        lookup: ScanLookup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiveDialog")
        self.resize(980, 520)
        self.detail = detail
        self.lines: list[POLineRow] = [ln for ln in detail.lines if ln.remaining > 0]
        self.locations = [loc for loc in locations if loc.site_id == detail.site_id]
        self._lookup = lookup
        self._current: int | None = None

        self.banner = MessageBanner(self)
        self.scan_label = QLabel(self)
        self.scan_input = ScanInput(self)
        self.scan_input.setObjectName("receiveScan")
        self.scan_label.setBuddy(self.scan_input)
        self.scan_input.scanned.connect(self.scan)
        self.default_label = QLabel(self)
        self.default_location = QComboBox(self)
        self.default_location.setObjectName("defaultLocation")
        self._fill_locations(self.default_location)
        self.default_location.activated.connect(self._apply_default_location)
        self.default_label.setBuddy(self.default_location)

        self.table = QTableWidget(len(self.lines), 7, self)
        self.table.setObjectName("receiptLines")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.qty_boxes: list[QDoubleSpinBox] = []
        self.location_combos: list[QComboBox] = []
        for row, line in enumerate(self.lines):
            values = [
                line.reference,
                line.description,
                format_qty(line.quantity),
                format_qty(line.received_qty),
                format_qty(line.remaining),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column >= self.C_ORDERED:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            box = _quantity_box(self.table, Decimal(0), float(line.remaining) * 10 or _QTY_MAX)
            box.setDecimals(3 if line.quantity != line.quantity.to_integral_value() else 0)
            box.setObjectName(f"receive_{line.reference}")
            box.installEventFilter(self)
            self.table.setCellWidget(row, self.C_NOW, box)
            self.qty_boxes.append(box)
            combo = QComboBox(self.table)
            self._fill_locations(combo)
            self.table.setCellWidget(row, self.C_LOCATION, combo)
            self.location_combos.append(combo)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.C_DESIGNATION, QHeaderView.ResizeMode.Stretch)
        for column in (self.C_REFERENCE, self.C_ORDERED, self.C_RECEIVED, self.C_REMAINING):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(self.C_NOW, 110)
        self.table.setColumnWidth(self.C_LOCATION, 170)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in self.buttons.buttons():
            if not isinstance(button, QPushButton):
                continue
            button.setAutoDefault(False)
            button.setDefault(False)
        self.receive_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan_input, 2)
        scan_row.addSpacing(16)
        scan_row.addWidget(self.default_label)
        scan_row.addWidget(self.default_location, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(scan_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ API

    def row_of_part(self, part_id: uuid.UUID) -> int | None:
        for row, line in enumerate(self.lines):
            if line.part_id == part_id:
                return row
        return None

    def scan(self, code: str) -> bool:
        """A scanned part focuses its line; a scanned location becomes the current one."""
        found = self._lookup(code)
        if found is None:
            self._scan_error(
                lambda: self.tr("Nothing is known by the code {code}.").format(code=code)
            )
            return False
        kind, target = found
        if kind == "location":
            index = self._location_index(target)
            if index is None:
                self._scan_error(lambda: self.tr("This location is not in the order's site."))
                return False
            self.default_location.setCurrentIndex(index)
            if self._current is not None:
                self.location_combos[self._current].setCurrentIndex(index)
            self._scan_ok()
            return True
        row = self.row_of_part(target)
        if row is None:
            self._scan_error(lambda: self.tr("This part is not awaited on this order."))
            return False
        self._scan_ok()
        self.focus_line(row)
        return True

    def focus_line(self, row: int) -> None:
        self._current = row
        self.table.selectRow(row)
        box = self.qty_boxes[row]
        if box.value() == 0:
            box.setValue(float(self.lines[row].remaining))
        box.setFocus(Qt.FocusReason.OtherFocusReason)
        box.selectAll()

    def set_quantity(self, row: int, quantity: Decimal) -> None:
        self.qty_boxes[row].setValue(float(quantity))

    def set_location(self, row: int, location_id: uuid.UUID) -> None:
        index = self._location_index(location_id)
        if index is not None:
            self.location_combos[row].setCurrentIndex(index)

    def receipt(self) -> list[ReceiptLine]:
        """The lines with a quantity to receive (those without a location are left out)."""
        result = []
        for row, line in enumerate(self.lines):
            quantity = _decimal(self.qty_boxes[row])
            location = self.location_combos[row].currentData()
            if quantity > 0 and isinstance(location, uuid.UUID):
                result.append(ReceiptLine(line.id, quantity, location))
        return result

    # ------------------------------------------------------------- internals

    def _fill_locations(self, combo: QComboBox) -> None:
        combo.clear()
        for location in self.locations:
            combo.addItem(f"{location.code} — {location.store}", location.id)

    def _location_index(self, location_id: uuid.UUID) -> int | None:
        for index, location in enumerate(self.locations):
            if location.id == location_id:
                return index
        return None

    def _apply_default_location(self, index: int) -> None:
        for row, box in enumerate(self.qty_boxes):
            if box.value() == 0 or row == self._current:
                self.location_combos[row].setCurrentIndex(index)

    def _scan_ok(self) -> None:
        self.scan_input.show_result("ok")
        self.banner.clear()

    def _scan_error(self, text: Callable[[], str]) -> None:
        self.scan_input.show_result("error")
        self.banner.show_message("error", text)

    def _try_accept(self) -> None:
        wanted = [row for row, box in enumerate(self.qty_boxes) if box.value() > 0]
        if not wanted:
            self.banner.show_message("warning", lambda: self.tr("Type the quantities received."))
            return
        if any(self.location_combos[row].currentData() is None for row in wanted):
            self.banner.show_message(
                "warning", lambda: self.tr("Choose where the parts received are stored.")
            )
            return
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in self.qty_boxes
        ):
            # the quantity is typed: back to the scanner for the next part
            self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scan_input.selectAll()
            return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Receive order {number}").format(number=self.detail.number))
        self.scan_label.setText(self.tr("&Scan"))
        self.scan_input.set_placeholder(lambda: self.tr("Scan a part or a location, then Enter"))
        self.default_label.setText(self.tr("Store &location"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Remaining"),
                self.tr("Receive now"),
                self.tr("Store location"),
            ]
        )
        self.receive_button.setText(self.tr("Receive"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def lookup_for(engine: Engine, site_ids: frozenset[uuid.UUID] | None) -> ScanLookup:
    """A scan lookup on the replica: ("part" | "location", id) or None."""

    def lookup(code: str) -> tuple[str, uuid.UUID] | None:
        found = lookup_code(engine, code, site_ids)
        return None if found is None else (found.kind, found.id)

    return lookup
