"""The "time spent" table of the intervention sheet: one line per technician, in minutes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.queries.failures import AssignableUser, LabourRow
from cmms_desktop.ui.pages.failures.list_labels import format_downtime
from cmms_desktop.ui.pages.failures.pdf_texts import format_money

__all__ = ["LabourTable"]

_TECHNICIAN, _MINUTES, _COST = range(3)


class LabourTable(QWidget):
    """Technician (combo) and minutes (spin box) per line; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labourTable")
        self._people: list[tuple[uuid.UUID, str]] = []
        self._costs: dict[uuid.UUID, Decimal | None] = {}
        self._editable = True
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("labourLines")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_TECHNICIAN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_MINUTES, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(_COST, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(_MINUTES, 130)
        self.table.setColumnWidth(_COST, 150)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addLabour")
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeLabour")
        self.remove_button.clicked.connect(self.remove_selected)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("labourTotal")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def set_people(self, people: Sequence[AssignableUser]) -> None:
        """Who may be put on a line (a line's own technician is always kept)."""
        self._people = [(person.id, person.full_name) for person in people]

    def set_lines(self, lines: Sequence[LabourRow]) -> None:
        self._costs = {line.user_id: line.cost for line in lines}
        self.table.setRowCount(0)
        for line in lines:
            self.add_line(line.user_id, line.minutes, line.full_name, notify=False)
        self._fit_height()
        self._update_total()
        self._update_buttons()

    def lines(self) -> list[dict[str, object]]:
        """``[{"user_id": uuid, "minutes": int}]`` of the lines that name a technician."""
        found: list[dict[str, object]] = []
        for row in range(self.table.rowCount()):
            combo, spin = self.combo(row), self.spin(row)
            data = combo.currentData() if combo is not None else None
            if isinstance(data, str) and data and spin is not None:
                found.append({"user_id": uuid.UUID(data), "minutes": spin.value()})
        return found

    def add_line(
        self,
        user_id: uuid.UUID | None = None,
        minutes: int = 0,
        name: str | None = None,
        *,
        notify: bool = True,
    ) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        combo.setObjectName("labourTechnician")
        combo.addItem("—", None)
        people = list(self._people)
        if user_id is not None and user_id not in {pid for pid, _ in people}:
            people.append((user_id, name or str(user_id)))
        taken = {line["user_id"] for line in self.lines()}
        for person_id, person_name in people:
            combo.addItem(person_name, str(person_id))  # text: a uuid in a QVariant is not found
        if user_id is not None:
            combo.setCurrentIndex(max(0, combo.findData(str(user_id))))
        else:  # a new line: the first technician not yet on the sheet
            taken_text = {str(t) for t in taken}
            free = next(
                (i for i in range(1, combo.count()) if combo.itemData(i) not in taken_text), 0
            )
            combo.setCurrentIndex(free)
        combo.currentIndexChanged.connect(lambda _index: self._edited())
        spin = QSpinBox(self.table)
        spin.setObjectName("labourMinutes")
        spin.setRange(0, 100_000)
        spin.setSingleStep(15)
        spin.setValue(minutes)
        spin.setSuffix(" " + self.tr("min"))
        spin.valueChanged.connect(lambda _value: self._edited())
        self.table.setCellWidget(row, _TECHNICIAN, combo)
        self.table.setCellWidget(row, _MINUTES, spin)
        cost = QTableWidgetItem(self._cost_text(user_id))
        cost.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, _COST, cost)
        combo.setEnabled(self._editable)
        spin.setEnabled(self._editable)
        if notify:
            self.table.selectRow(row)
            self._edited()
        return row

    def remove_selected(self) -> bool:
        row = self.table.currentRow()
        if row < 0 or not self._editable:
            return False
        self.table.removeRow(row)
        self._edited()
        return True

    def combo(self, row: int) -> QComboBox | None:
        widget = self.table.cellWidget(row, _TECHNICIAN)
        return widget if isinstance(widget, QComboBox) else None

    def spin(self, row: int) -> QSpinBox | None:
        widget = self.table.cellWidget(row, _MINUTES)
        return widget if isinstance(widget, QSpinBox) else None

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for row in range(self.table.rowCount()):
            for widget in (self.combo(row), self.spin(row)):
                if widget is not None:
                    widget.setEnabled(editable)
        self.add_button.setVisible(editable)
        self.remove_button.setVisible(editable)
        self._update_buttons()

    # ------------------------------------------------------------- internals

    def _cost_text(self, user_id: uuid.UUID | None) -> str:
        cost = self._costs.get(user_id) if user_id is not None else None
        return "" if cost is None else format_money(cost)

    def _fit_height(self) -> None:
        """As tall as its lines (at least one, at most six), no empty area below."""
        rows = min(max(self.table.rowCount(), 1), 6)
        header = self.table.horizontalHeader().sizeHint().height()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row_height + 2 * self.table.frameWidth() + 2)

    def _edited(self) -> None:
        self._fit_height()
        self._update_total()
        self._update_buttons()
        self.changed.emit()

    def _update_total(self) -> None:
        minutes = sum(int(str(line["minutes"])) for line in self.lines())
        self.total_label.setText(
            self.tr("Total: {time}").format(time=format_downtime(minutes) or "0 min")
        )

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._editable and self.table.currentRow() >= 0)

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [self.tr("Technician"), self.tr("Time"), self.tr("Cost (saved)")]
        )
        self.add_button.setText(self.tr("Add a technician"))
        self.remove_button.setText(self.tr("Remove the line"))
        for row in range(self.table.rowCount()):
            spin = self.spin(row)
            if spin is not None:
                spin.setSuffix(" " + self.tr("min"))
        self._update_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
