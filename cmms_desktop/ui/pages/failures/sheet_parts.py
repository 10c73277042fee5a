"""The "parts replaced" block of the intervention sheet.

Scan a part's barcode (or type its reference, or words of its description,
then Enter): an exact code selects the part, words list the matches to pick
from. Then the quantity and the store location (each with its stock of the
part) and "Take from the store": the page writes ``repair.add_part``. The
table lists what the repair took and put back; "Put back" on a line asks the
page for ``repair.remove_part`` (a reversing movement).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from cmms_desktop.store.queries.failures import PartUsed
from cmms_desktop.store.queries.parts import PartFilter, PartRow, fetch_part_page, lookup_code
from cmms_desktop.store.queries.repair_sheet import StoreStock, part_stock_by_location
from cmms_desktop.ui.pages.failures.pdf_texts import format_money, format_quantity
from cmms_desktop.ui.widgets.scan_input import ScanInput
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["ChosenPart", "PartsPanel"]

_ID_ROLE = Qt.ItemDataRole.UserRole
_COLUMNS = 7


class ChosenPart:
    """The part picked to be taken: its id and how it reads."""

    def __init__(self, part_id: uuid.UUID, reference: str, description: str, unit: str) -> None:
        self.id = part_id
        self.reference = reference
        self.description = description
        self.unit = unit


class PartsPanel(QWidget):
    """``add_requested(part_id, location_id, quantity)``; ``remove_requested(movement_id)``."""

    add_requested = Signal(object, object, object)
    remove_requested = Signal(object)

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partsPanel")
        self._engine = engine
        self._site_id: uuid.UUID | None = None
        self._editable = True
        self.part: ChosenPart | None = None
        self.stores: list[StoreStock] = []
        self.used: list[PartUsed] = []
        self._feedback_source: TextSource | None = None

        self.scan_input = ScanInput(self, placeholder=self._scan_placeholder)
        self.scan_input.setObjectName("partScan")
        self.scan_input.scanned.connect(self.find_part)
        self.matches = QListWidget(self)
        self.matches.setObjectName("partMatches")
        self.matches.setMaximumHeight(120)
        self.matches.itemActivated.connect(self._pick_match)
        self.matches.itemClicked.connect(self._pick_match)
        self.matches.hide()
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("chosenPart")
        self.chosen_label.setWordWrap(True)
        self.quantity_spin = QDoubleSpinBox(self)
        self.quantity_spin.setObjectName("partQuantity")
        self.quantity_spin.setRange(0.001, 100_000)
        self.quantity_spin.setDecimals(3)
        self.quantity_spin.setValue(1)
        self.location_combo = QComboBox(self)
        self.location_combo.setObjectName("partLocation")
        self.location_combo.setMinimumWidth(260)
        self.quantity_label = QLabel(self)
        self.location_label = QLabel(self)
        self.take_button = QPushButton(self)
        self.take_button.setObjectName("takePart")
        self.take_button.clicked.connect(self.request_add)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("partFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.hide()

        self.table = QTableWidget(0, _COLUMNS, self)
        self.table.setObjectName("partsUsed")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.put_back_button = QPushButton(self)
        self.put_back_button.setObjectName("putBackPart")
        self.put_back_button.clicked.connect(self.request_remove)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")

        self.picker = QWidget(self)
        picker = QVBoxLayout(self.picker)
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addWidget(self.scan_input)
        picker.addWidget(self.matches)
        take_row = QHBoxLayout()
        take_row.addWidget(self.chosen_label, 1)
        take_row.addWidget(self.quantity_label)
        take_row.addWidget(self.quantity_spin)
        take_row.addWidget(self.location_label)
        take_row.addWidget(self.location_combo)
        take_row.addWidget(self.take_button)
        picker.addLayout(take_row)
        picker.addWidget(self.feedback)
        put_back_row = QHBoxLayout()
        put_back_row.addWidget(self.empty_label)
        put_back_row.addStretch(1)
        put_back_row.addWidget(self.put_back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addWidget(self.table)
        layout.addLayout(put_back_row)
        self.retranslate_ui()
        self._show_part()

    # ------------------------------------------------------------------ API

    def set_site(self, site_id: uuid.UUID) -> None:
        if site_id != self._site_id:
            self._site_id = site_id
            self.clear_choice()

    def set_used(self, used: Sequence[PartUsed]) -> None:
        self.used = list(used)
        self.table.setRowCount(len(self.used))
        for row, part in enumerate(self.used):
            cells = self._cells(part)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ID_ROLE, part.movement_id)
                if column >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if part.kind == "return" or part.returned:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not self.used)
        self.table.setVisible(bool(self.used))
        rows = min(max(len(self.used), 1), 8)
        header = self.table.horizontalHeader().sizeHint().height()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row_height + 2 * self.table.frameWidth() + 2)
        self._update_buttons()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.picker.setVisible(editable)
        self.put_back_button.setVisible(editable)
        self._update_buttons()

    def find_part(self, code: str) -> bool:
        """A scan or typed text: an exact barcode/reference selects, words list matches."""
        self.feedback.hide()
        found = lookup_code(
            self._engine, code, None if self._site_id is None else frozenset({self._site_id})
        )
        if found is not None and found.kind == "part":
            rows = fetch_part_page(self._engine, PartFilter(text=found.code), limit=5)
            exact = next((row for row in rows if row.id == found.id), None)
            unit = exact.unit if exact is not None else ""
            self.choose(ChosenPart(found.id, found.code, found.label, unit))
            self.scan_input.show_result("ok")
            return True
        rows = fetch_part_page(self._engine, PartFilter(text=code), limit=20)
        self.matches.clear()
        for part in rows:
            item = QListWidgetItem(f"{part.reference} — {part.description}")
            item.setData(_ID_ROLE, part)
            self.matches.addItem(item)
        self.matches.setVisible(bool(rows))
        self.scan_input.show_result("ok" if rows else "error")
        if rows:
            self.matches.setCurrentRow(0)
            self.matches.setFocus()
        else:
            self._say(lambda: self.tr("No part matches “{code}”.").format(code=code))
        return False

    def choose(self, part: ChosenPart) -> None:
        self.part = part
        self.matches.hide()
        self.stores = (
            part_stock_by_location(self._engine, part.id, self._site_id)
            if self._site_id is not None
            else []
        )
        self.location_combo.clear()
        for store in self.stores:
            self.location_combo.addItem(self._store_text(store), str(store.location_id))
        self._show_part()
        self.quantity_spin.setFocus()
        self.quantity_spin.selectAll()

    def choose_location(self, location_id: uuid.UUID) -> bool:
        index = self.location_combo.findData(str(location_id))
        if index >= 0:
            self.location_combo.setCurrentIndex(index)
        return index >= 0

    def clear_choice(self) -> None:
        self.part = None
        self.stores = []
        self.location_combo.clear()
        self.matches.clear()
        self.matches.hide()
        self._show_part()

    def request_add(self) -> bool:
        part, data = self.part, self.location_combo.currentData()
        if part is None or not isinstance(data, str) or not data or not self._editable:
            return False
        location = uuid.UUID(data)
        quantity = Decimal(str(round(self.quantity_spin.value(), 3)))
        self.add_requested.emit(part.id, location, quantity)
        return True

    def request_remove(self) -> bool:
        part = self.selected()
        if part is None or not self._editable or part.kind != "issue" or part.returned:
            return False
        self.remove_requested.emit(part.movement_id)
        return True

    def selected(self) -> PartUsed | None:
        row = self.table.currentRow()
        return self.used[row] if 0 <= row < len(self.used) else None

    def stock_after(self, location_id: uuid.UUID) -> StoreStock | None:
        """The part's stock at a location now (after a movement): re-read."""
        if self.part is None or self._site_id is None:
            return None
        self.stores = part_stock_by_location(self._engine, self.part.id, self._site_id)
        current = self.location_combo.currentData()
        self.location_combo.clear()
        for store in self.stores:
            self.location_combo.addItem(self._store_text(store), str(store.location_id))
        if isinstance(current, str) and current:
            self.choose_location(uuid.UUID(current))
        return next((s for s in self.stores if s.location_id == location_id), None)

    def show_taken(self, quantity: Decimal, location_id: uuid.UUID) -> None:
        """After a part was taken: say so, with the stock left there."""
        part = self.part
        store = self.stock_after(location_id)
        if part is None or store is None:
            return
        self._say(
            lambda: self.tr("{reference} × {quantity} taken from {location}: {left} left.").format(
                reference=part.reference,
                quantity=format_quantity(quantity),
                location=store.code,
                left=f"{format_quantity(store.on_hand)} {part.unit}".strip(),
            )
        )

    # ------------------------------------------------------------- internals

    def _cells(self, part: PartUsed) -> list[str]:
        state = ""
        if part.kind == "return":
            state = self.tr("put back")
        elif part.returned:
            state = self.tr("returned")
        return [
            part.reference,
            part.description,
            part.location_code or "",
            f"{format_quantity(part.quantity)} {part.unit}",
            "" if part.unit_cost is None else format_money(part.unit_cost),
            format_money(part.cost),
            state,
        ]

    def _store_text(self, store: StoreStock) -> str:
        unit = self.part.unit if self.part is not None else ""
        return self.tr("{code} — {store} · {quantity} in stock").format(
            code=store.code,
            store=store.store,
            quantity=f"{format_quantity(store.on_hand)} {unit}".strip(),
        )

    def _pick_match(self, item: QListWidgetItem) -> None:
        part = item.data(_ID_ROLE)
        if isinstance(part, PartRow):
            self.choose(ChosenPart(part.id, part.reference, part.description, part.unit))

    def _show_part(self) -> None:
        part = self.part
        if part is None:
            self.chosen_label.setText(self.tr("Scan or search a part first."))
        else:
            self.chosen_label.setText(f"<b>{part.reference}</b> — {part.description}")
        for widget in (self.quantity_spin, self.location_combo, self.take_button):
            widget.setEnabled(part is not None)
        self.quantity_spin.setSuffix(f" {part.unit}" if part is not None and part.unit else "")

    def _say(self, text: TextSource) -> None:
        self._feedback_source = text
        self.feedback.setText(text())
        self.feedback.show()

    def _update_buttons(self) -> None:
        part = self.selected()
        self.put_back_button.setEnabled(
            self._editable and part is not None and part.kind == "issue" and not part.returned
        )

    def _scan_placeholder(self) -> str:
        return self.tr("Scan a part's barcode, or type its reference or words, then Enter")

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Store"),
                self.tr("Quantity"),
                self.tr("Unit cost"),
                self.tr("Cost"),
                "",
            ]
        )
        self.quantity_label.setText(self.tr("Quantity"))
        self.location_label.setText(self.tr("From"))
        self.take_button.setText(self.tr("Take from the store"))
        self.put_back_button.setText(self.tr("Put back in the store"))
        self.empty_label.setText(self.tr("No part taken for this repair."))
        self.scan_input.retranslate_ui()
        self._show_part()
        if self.used:
            self.set_used(self.used)
        for index, store in enumerate(self.stores):
            if index < self.location_combo.count():
                self.location_combo.setItemText(index, self._store_text(store))
        if self._feedback_source is not None and self.feedback.isVisible():
            self.feedback.setText(self._feedback_source())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
