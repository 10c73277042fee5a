"""Create or edit a part: inline checks as you type; an edit sends only what changed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.parts import PartDetail, list_categories
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.equipment.parent_picker import ParentPicker, ref_text
from cmms_desktop.ui.pages.stock.page import qty_text
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import ValidatedLineEdit

__all__ = ["PartDialog", "parse_quantity"]

_TEXT_FIELDS = ("reference", "description", "unit", "barcode")
_NUMBER_FIELDS = ("min_qty", "max_qty", "unit_cost")


def parse_quantity(text: str) -> Decimal | None:
    """A number typed with a comma or a point ("2,5", "2.5", "1 000"); None if not one."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _constant(text: str) -> Callable[[], str]:
    return lambda: text


_LINK_ROLE = Qt.ItemDataRole.UserRole + 1  # an existing link's id (None: added here)


class PartDialog(QDialog):
    """``saved(part_id)`` once the command was written on the replica."""

    saved = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        detail: PartDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("partDialog")
        self.setMinimumWidth(520)
        self._services = services
        self._session = session
        self.detail = detail
        self.part_id = detail.id if detail is not None else uuid.uuid4()
        engine = services.replica.engine

        self.banner = MessageBanner(self)
        self.edits: dict[str, ValidatedLineEdit] = {}
        for key in (*_TEXT_FIELDS, *_NUMBER_FIELDS):
            edit = ValidatedLineEdit(self)
            edit.setObjectName(f"{key}Edit")
            edit.line_edit.setObjectName(key)
            self.edits[key] = edit
        self.edits["reference"].set_validator(self._required)
        self.edits["description"].set_validator(self._required)
        self.edits["unit"].set_validator(self._required)
        self.edits["min_qty"].set_validator(self._quantity)
        self.edits["unit_cost"].set_validator(self._quantity)
        self.edits["max_qty"].set_validator(self._max)
        self.edits["min_qty"].line_edit.textChanged.connect(self.edits["max_qty"].revalidate)
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("category")
        self.category_combo.setEditable(True)
        self.category_combo.addItem("")
        self.category_combo.addItems(list_categories(engine))

        # compatible equipment: a new part's links are made with it; an existing
        # part's are added (part.link) and removed (part.unlink) on save
        self.equipment_picker = ParentPicker(engine, self)
        self.equipment_picker.setObjectName("equipmentPicker")
        self.equipment_picker.set_scope(None, None)
        self.add_equipment_button = QPushButton(self)
        self.add_equipment_button.setObjectName("addEquipment")
        self.add_equipment_button.clicked.connect(self.add_equipment)
        self.equipment_list = QListWidget(self)
        self.equipment_list.setObjectName("compatibleList")
        self.equipment_list.setMaximumHeight(90)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.equipment_picker, 1)
        picker_row.addWidget(self.add_equipment_button)
        self.remove_equipment_button = QPushButton(self)
        self.remove_equipment_button.setObjectName("removeEquipment")
        self.remove_equipment_button.clicked.connect(self.remove_equipment)
        picker_row.addWidget(self.remove_equipment_button)
        compat = QVBoxLayout()
        compat.addLayout(picker_row)
        compat.addWidget(self.equipment_list)
        self._compat_widget = QWidget(self)
        self._compat_widget.setLayout(compat)

        self.form = QFormLayout()
        self._rows: list[tuple[str, QWidget]] = [
            ("reference", self.edits["reference"]),
            ("description", self.edits["description"]),
            ("category", self.category_combo),
            ("unit", self.edits["unit"]),
            ("barcode", self.edits["barcode"]),
            ("min_qty", self.edits["min_qty"]),
            ("max_qty", self.edits["max_qty"]),
            ("unit_cost", self.edits["unit_cost"]),
            ("compatible", self._compat_widget),
        ]
        for _key, widget in self._rows:
            self.form.addRow("", widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

        self._initial = self._load(detail)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def values(self) -> dict[str, object]:
        """The fields as the command takes them (numbers as Decimal, blanks as None)."""
        out: dict[str, object] = {}
        for key in _TEXT_FIELDS:
            text = self.edits[key].text().strip()
            out[key] = text or None
        category = self.category_combo.currentText().strip()
        out["category"] = category or None
        for key in _NUMBER_FIELDS:
            out[key] = parse_quantity(self.edits[key].text()) or Decimal(0)
        return out

    def changed_fields(self) -> dict[str, object]:
        current = self.values()
        return {k: v for k, v in current.items() if self._initial.get(k) != v}

    def add_equipment(self) -> None:
        self.equipment_picker.resolve()
        ref = self.equipment_picker.chosen()
        if ref is None:
            return
        for row in range(self.equipment_list.count()):
            if self.equipment_list.item(row).data(Qt.ItemDataRole.UserRole) == ref.id:
                return
        item = QListWidgetItem(ref_text(ref))
        item.setData(Qt.ItemDataRole.UserRole, ref.id)
        self.equipment_list.addItem(item)
        self.equipment_picker.set_value(None)

    def remove_equipment(self) -> None:
        for item in self.equipment_list.selectedItems():
            self.equipment_list.takeItem(self.equipment_list.row(item))

    def compatible_ids(self) -> list[uuid.UUID]:
        """The equipments listed (a type-wide link has none)."""
        items = (self.equipment_list.item(row) for row in range(self.equipment_list.count()))
        return [eq for item in items if (eq := item.data(Qt.ItemDataRole.UserRole)) is not None]

    def link_commands(self) -> list[tuple[str, dict[str, object]]]:
        """The part.link / part.unlink commands that make an existing part's links the list."""
        items = [self.equipment_list.item(row) for row in range(self.equipment_list.count())]
        kept = {item.data(_LINK_ROLE) for item in items}
        commands: list[tuple[str, dict[str, object]]] = [
            ("part.unlink", {"id": link.link_id})
            for link in (self.detail.compatible if self.detail is not None else ())
            if link.link_id not in kept
        ]
        commands += [
            (
                "part.link",
                {
                    "id": uuid.uuid4(),
                    "part_id": self.part_id,
                    "equipment_id": item.data(Qt.ItemDataRole.UserRole),
                },
            )
            for item in items
            if item.data(_LINK_ROLE) is None
        ]
        return commands

    def save(self) -> None:
        self.banner.clear()
        invalid = [edit for edit in self.edits.values() if not edit.is_valid()]
        if invalid:
            for edit in invalid:
                edit.touch()
            invalid[0].setFocus()
            return
        commands: list[tuple[str, dict[str, object]]]
        if self.detail is None:
            create = {"id": self.part_id, **self.values(), "equipment_ids": self.compatible_ids()}
            commands = [("part.create", create)]
        else:
            changes = self.changed_fields()
            update = {"id": self.part_id, "fields": changes}
            commands = ([("part.update", update)] if changes else []) + self.link_commands()
            if not commands:
                self.accept()
                return
        try:
            for command, arguments in commands:
                self._services.writer.execute(self._session.actor, command, arguments)
        except MutationRejected as error:
            self._show_rejection(error)
            return
        self.saved.emit(self.part_id)
        self.accept()

    def field_errors(self) -> dict[str, str]:
        return {
            key: edit.message_label.text()
            for key, edit in self.edits.items()
            if not edit.message_label.isHidden() and edit.problem() is not None
        }

    # ------------------------------------------------------------- internals

    def _load(self, detail: PartDetail | None) -> dict[str, object]:
        if detail is None:
            self.edits["unit"].setText("pc")
            for key in _NUMBER_FIELDS:
                self.edits[key].setText("0")
            return {}
        for key in _TEXT_FIELDS:
            self.edits[key].setText(getattr(detail, key) or "")
        for key in _NUMBER_FIELDS:
            value = getattr(detail, key)
            self.edits[key].setText(qty_text(value) if key != "unit_cost" else f"{value:.2f}")
        self.category_combo.setCurrentText(detail.category or "")
        for link in detail.compatible:
            item = QListWidgetItem(f"{link.code} — {link.name}")
            item.setData(Qt.ItemDataRole.UserRole, link.equipment_id)
            item.setData(_LINK_ROLE, link.link_id)
            self.equipment_list.addItem(item)
        return self.values()

    def _required(self, text: str) -> str | None:
        return None if text.strip() else self.tr("Required")

    def _quantity(self, text: str) -> str | None:
        value = parse_quantity(text)
        if text.strip() and value is None:
            return self.tr("Enter a number")
        if value is not None and value < 0:
            return self.tr("Cannot be negative")
        return None

    def _max(self, text: str) -> str | None:
        problem = self._quantity(text)
        if problem is not None:
            return problem
        low = parse_quantity(self.edits["min_qty"].text()) or Decimal(0)
        high = parse_quantity(text) or Decimal(0)
        if high and high < low:
            return self.tr("The maximum is below the minimum")
        return None

    def _show_rejection(self, error: MutationRejected) -> None:
        unplaced = False
        for raw_field, code in error.field_errors.items():
            key = raw_field.removeprefix("fields.")
            edit = self.edits.get(key)
            if edit is None:
                unplaced = True
                continue
            message = (
                self.tr("Another part already uses this code")
                if code == "duplicate"
                else self.tr("Invalid value")
            )
            edit.set_error(_constant(message))
            edit.touch()
        if unplaced or not error.field_errors:
            self.banner.show_message("error", lambda: mutation_error_message(error))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("New part") if self.detail is None else self.tr("Edit part"))
        labels = {
            "reference": self.tr("Reference"),
            "description": self.tr("Description"),
            "category": self.tr("Category"),
            "unit": self.tr("Unit"),
            "barcode": self.tr("Barcode"),
            "min_qty": self.tr("Minimum level"),
            "max_qty": self.tr("Maximum level"),
            "unit_cost": self.tr("Unit cost"),
            "compatible": self.tr("Compatible equipment"),
        }
        for row, (key, _widget) in enumerate(self._rows):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if label is not None:
                label.setProperty("text", labels[key])
        self.add_equipment_button.setText(self.tr("Add"))
        self.remove_equipment_button.setText(self.tr("Remove"))
        self.edits["barcode"].set_hint(lambda: self.tr("Leave empty to scan the reference"))
