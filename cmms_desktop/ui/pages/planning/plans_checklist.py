"""The checklist and parts-kit editors of the plan editor.

A checklist line: a label, a kind (check, measurement with unit and limits,
text, photo) and whether it is required. Lines keep their ``key`` (results are
saved per key); a new line gets the next free ``cN``. The parts kit lists the
parts (and quantities) a visit usually takes: the intervention sheet proposes
them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.queries.preventive import PartChoice
from cmms_desktop.ui.pages.planning.plans_labels import CHECK_KINDS, check_kind_label

__all__ = ["ChecklistEditor", "ChecklistError", "KitEditor"]

_KEY_ROLE = Qt.ItemDataRole.UserRole
_LABEL, _KIND, _REQUIRED, _UNIT, _MIN, _MAX = range(6)


class ChecklistError(ValueError):
    """A line that cannot be saved: ``row`` and a translated reason."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _number(text: str) -> float | None:
    stripped = text.strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
    if not stripped:
        return None
    return float(stripped)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class ChecklistEditor(QWidget):
    """A table of checklist lines with add, remove, up and down."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistEditor")
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("checklistTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((_KIND, 130), (_REQUIRED, 90), (_UNIT, 70), (_MIN, 80), (_MAX, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addItem")
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeItem")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton(self)
        self.up_button.setObjectName("moveUp")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self)
        self.down_button.setObjectName("moveDown")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("secondaryText")
        self.hint_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def set_items(self, items: Sequence[Mapping[str, Any]]) -> None:
        self.table.setRowCount(0)
        for item in items:
            self.add_item(item)

    def add_item(self, item: Mapping[str, Any] | None = None) -> int:
        item = item or {}
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        label = QTableWidgetItem(str(item.get("label", "")))
        label.setData(_KEY_ROLE, item.get("key") or self._free_key())
        self.table.setItem(row, _LABEL, label)
        kind = QComboBox(self.table)
        kind.setObjectName("kindCombo")
        for value in CHECK_KINDS:
            kind.addItem(check_kind_label(value), value)
        kind.setCurrentIndex(max(0, CHECK_KINDS.index(item.get("kind", "check"))))
        kind.currentIndexChanged.connect(lambda _i, combo=kind: self._on_kind(combo))
        self.table.setCellWidget(row, _KIND, kind)
        required = QCheckBox(self.table)
        required.setObjectName("requiredCheck")
        required.setChecked(bool(item.get("required", True)))
        required.toggled.connect(lambda _on: self.changed.emit())
        self.table.setCellWidget(row, _REQUIRED, required)
        for column, key in ((_UNIT, "unit"), (_MIN, "min"), (_MAX, "max")):
            self.table.setItem(row, column, QTableWidgetItem(_text(item.get(key))))
        self.table.blockSignals(False)
        self._sync_row(row)
        if not item:
            self.table.setCurrentCell(row, _LABEL)
            self.table.editItem(self._cell(row, _LABEL))
        self.changed.emit()
        return row

    def set_row(
        self,
        row: int,
        *,
        label: str | None = None,
        kind: str | None = None,
        required: bool | None = None,
        unit: str | None = None,
        low: str | None = None,
        high: str | None = None,
    ) -> None:
        """Fill a line as a user would (tests and the template library use it)."""
        if label is not None:
            self._cell(row, _LABEL).setText(label)
        if kind is not None:
            combo = self._kind_combo(row)
            combo.setCurrentIndex(combo.findData(kind))
        if required is not None:
            self._required_check(row).setChecked(required)
        for column, text in ((_UNIT, unit), (_MIN, low), (_MAX, high)):
            if text is not None:
                self._cell(row, column).setText(text)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        items = self._raw_items()
        items[row], items[target] = items[target], items[row]
        self.set_items(items)
        self.table.setCurrentCell(target, _LABEL)

    def items(self) -> list[dict[str, Any]]:
        """The checklist as ``plan.create`` takes it; raises ChecklistError on a bad line."""
        found: list[dict[str, Any]] = []
        for row, raw in enumerate(self._raw_items()):
            if not raw["label"].strip():
                raise ChecklistError(row, self.tr("Line {n} has no label.").format(n=row + 1))
            item: dict[str, Any] = {
                "key": raw["key"],
                "label": raw["label"].strip(),
                "kind": raw["kind"],
                "required": raw["required"],
            }
            if raw["kind"] == "measure":
                try:
                    low, high = _number(raw["min"]), _number(raw["max"])
                except ValueError:
                    raise ChecklistError(
                        row, self.tr("Line {n}: the limits must be numbers.").format(n=row + 1)
                    ) from None
                if low is not None and high is not None and low > high:
                    raise ChecklistError(
                        row,
                        self.tr("Line {n}: the minimum is above the maximum.").format(n=row + 1),
                    )
                item |= {"unit": raw["unit"].strip() or None, "min": low, "max": high}
            found.append(item)
        return found

    # ------------------------------------------------------------- internals

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        found = self.table.item(row, column)
        assert found is not None
        return found

    def _kind_combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, _KIND)
        assert isinstance(widget, QComboBox)
        return widget

    def _required_check(self, row: int) -> QCheckBox:
        widget = self.table.cellWidget(row, _REQUIRED)
        assert isinstance(widget, QCheckBox)
        return widget

    def _raw_items(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(self.table.rowCount()):
            label = self._cell(row, _LABEL)
            rows.append(
                {
                    "key": str(label.data(_KEY_ROLE)),
                    "label": label.text(),
                    "kind": str(self._kind_combo(row).currentData()),
                    "required": self._required_check(row).isChecked(),
                    "unit": self._cell(row, _UNIT).text(),
                    "min": self._cell(row, _MIN).text(),
                    "max": self._cell(row, _MAX).text(),
                }
            )
        return rows

    def _free_key(self) -> str:
        taken = {
            str(cell.data(_KEY_ROLE))
            for row in range(self.table.rowCount())
            if (cell := self.table.item(row, _LABEL)) is not None
        }
        n = len(taken) + 1
        while f"c{n}" in taken:
            n += 1
        return f"c{n}"

    def _on_kind(self, combo: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, _KIND) is combo:
                self._sync_row(row)
        self.changed.emit()

    def _sync_row(self, row: int) -> None:
        """Unit and limits are editable on a measurement only."""
        measure = self._kind_combo(row).currentData() == "measure"
        self.table.blockSignals(True)
        for column in (_UNIT, _MIN, _MAX):
            cell = self._cell(row, column)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if measure:
                flags |= Qt.ItemFlag.ItemIsEditable
            else:
                cell.setText("")
            cell.setFlags(flags)
        self.table.blockSignals(False)

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Kind"),
                self.tr("Required"),
                self.tr("Unit"),
                self.tr("Min"),
                self.tr("Max"),
            ]
        )
        for row in range(self.table.rowCount()):
            combo = self._kind_combo(row)
            for index, value in enumerate(CHECK_KINDS):
                combo.setItemText(index, check_kind_label(value))
        self.add_button.setText(self.tr("Add an item"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.hint_label.setText(
            self.tr(
                "A measurement outside its limits is flagged on the sheet; "
                "a required item must be filled before the visit can be completed."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class KitEditor(QWidget):
    """The parts kit: a part picker (type to search), quantities, remove."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kitEditor")
        self._parts: dict[uuid.UUID, PartChoice] = {}
        self.part_combo = QComboBox(self)
        self.part_combo.setObjectName("partCombo")
        self.part_combo.setEditable(True)
        self.part_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.part_combo.setMinimumWidth(360)
        line = self.part_combo.lineEdit()
        assert isinstance(line, QLineEdit)
        self.quantity_spin = QDoubleSpinBox(self)
        self.quantity_spin.setObjectName("kitQuantity")
        self.quantity_spin.setRange(0.001, 1_000_000)
        self.quantity_spin.setDecimals(3)
        self.quantity_spin.setValue(1)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addPart")
        self.add_button.clicked.connect(self._add_current)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removePart")
        self.remove_button.clicked.connect(self.remove_selected)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("kitTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 120)
        self.table.setColumnWidth(2, 70)
        picker = QHBoxLayout()
        picker.addWidget(self.part_combo, 1)
        picker.addWidget(self.quantity_spin)
        picker.addWidget(self.add_button)
        picker.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picker)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        found = self.table.item(row, column)
        assert found is not None
        return found

    def set_part_choices(self, choices: Sequence[PartChoice]) -> None:
        self.part_combo.clear()
        for part in choices:
            self._parts[part.id] = part
            self.part_combo.addItem(f"{part.reference} — {part.description}", str(part.id))
        self.part_combo.setCurrentIndex(-1)

    def set_lines(
        self, lines: Sequence[Mapping[str, Any]], known: Mapping[uuid.UUID, PartChoice]
    ) -> None:
        self._parts.update(known)
        self.table.setRowCount(0)
        for line in lines:
            self.add_line(uuid.UUID(str(line["part_id"])), float(line["quantity"]))

    def add_line(self, part_id: uuid.UUID, quantity: float) -> None:
        for row in range(self.table.rowCount()):
            if self._cell(row, 0).data(_KEY_ROLE) == str(part_id):
                total = float(self._cell(row, 1).data(_KEY_ROLE)) + quantity
                self._set_quantity(row, total)
                self.changed.emit()
                return
        part = self._parts.get(part_id)
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(f"{part.reference} — {part.description}" if part else str(part_id))
        name.setData(_KEY_ROLE, str(part_id))
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem())
        self.table.setItem(row, 2, QTableWidgetItem(part.unit if part else ""))
        self._set_quantity(row, quantity)
        self.changed.emit()

    def _set_quantity(self, row: int, quantity: float) -> None:
        cell = self._cell(row, 1)
        cell.setData(_KEY_ROLE, quantity)
        cell.setText(f"{quantity:g}")
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def lines(self) -> list[dict[str, Any]]:
        return [
            {
                "part_id": str(self._cell(row, 0).data(_KEY_ROLE)),
                "quantity": float(self._cell(row, 1).data(_KEY_ROLE)),
            }
            for row in range(self.table.rowCount())
        ]

    def _add_current(self) -> None:
        data = self.part_combo.currentData()
        if data is None:
            text = self.part_combo.currentText().strip()
            index = self.part_combo.findText(text, Qt.MatchFlag.MatchStartsWith)
            if index < 0:
                return
            data = self.part_combo.itemData(index)
        self.add_line(uuid.UUID(str(data)), self.quantity_spin.value())

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [self.tr("Part"), self.tr("Quantity"), self.tr("Unit")]
        )
        self.add_button.setText(self.tr("Add to the kit"))
        self.remove_button.setText(self.tr("Remove"))
        line = self.part_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Reference or description…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
