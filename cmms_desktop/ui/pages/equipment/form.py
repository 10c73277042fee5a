"""Create or edit an equipment: every field of EquipmentFields, checked as you type.

Saving runs "equipment.create" (a new uuid, in the chosen site) or
"equipment.update" with only the fields that changed, so that someone else's
concurrent edit of other fields survives. A refusal's field errors are shown
next to their fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.permissions import Permission, can
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import (
    EquipmentDetail,
    EquipmentRef,
    code_taken,
    list_equipment_types,
    list_lines,
    list_sites,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.equipment.combos import add_id_item, current_id, select_id
from cmms_desktop.ui.pages.equipment.labels import (
    CRITICALITIES,
    criticality_label,
    field_error_message,
    field_label,
)
from cmms_desktop.ui.pages.equipment.parent_picker import ParentPicker
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import ValidatedLineEdit

__all__ = ["EquipmentFormDialog"]

# EquipmentFields' maximum lengths: the line edits refuse more.
_MAX_LENGTHS = {
    "code": 40,
    "name": 200,
    "manufacturer": 100,
    "model": 100,
    "serial_number": 100,
    "location": 200,
}
_ERROR_STYLE = "color: #b42318;"


class _FieldError(QLabel):
    """The red line under a field that is not a ValidatedLineEdit."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        self.setStyleSheet(_ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()
        self._code: str | None = None

    def show_code(self, code: str | None) -> None:
        self._code = code
        self.retranslate()

    def code(self) -> str | None:
        return self._code

    def retranslate(self) -> None:
        if self._code is None:
            self.clear()
            self.hide()
        else:
            self.setText(field_error_message(self._code))
            self.show()


def _with_error(widget: QWidget, error: _FieldError) -> QWidget:
    box = QWidget(widget.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    layout.addWidget(widget)
    layout.addWidget(error)
    box.setFocusProxy(widget)
    return box


def _message(code: str) -> Callable[[], str]:
    return lambda: field_error_message(code)


def _required(text: str) -> str | None:
    return field_error_message("required") if not text.strip() else None


def _optional(text: str) -> str | None:
    stripped = text.strip()
    return stripped or None


class EquipmentFormDialog(QDialog):
    """New equipment (``detail`` None) or edit of ``detail``.

    ``saved`` carries the equipment's id once written; nothing is written when
    an edit changed nothing.
    """

    saved = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        detail: EquipmentDetail | None = None,
        default_site_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentFormDialog")
        self.setMinimumWidth(820)
        self._services = services
        self._session = session
        self._engine = services.replica.engine
        self.detail = detail
        self.equipment_id = detail.id if detail is not None else uuid.uuid4()
        self._labels: dict[str, QLabel] = {}
        self.form_layouts: list[QFormLayout] = []

        self.banner = MessageBanner(self)

        # --- identification
        self.code_edit = self._line_edit("code", _required)
        self.code_edit.line_edit.editingFinished.connect(self.check_code)
        self.name_edit = self._line_edit("name", _required)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("type")
        self.type_error = _FieldError(self)
        self.type_combo.currentIndexChanged.connect(self._on_type_changed)
        self.criticality_combo = QComboBox(self)
        self.criticality_combo.setObjectName("criticality")
        for value in CRITICALITIES:
            self.criticality_combo.addItem(criticality_label(value), value)
        self.site_combo = QComboBox(self)
        self.site_combo.setObjectName("site")
        self.site_value = QLabel(self)
        self.site_value.setObjectName("siteValue")
        self.site_error = _FieldError(self)
        self.line_combo = QComboBox(self)
        self.line_combo.setObjectName("line")
        self.line_error = _FieldError(self)
        self.parent_picker = ParentPicker(self._engine, self)
        self.parent_error = _FieldError(self)
        self.parent_picker.changed.connect(self._on_parent_changed)

        # --- details
        self.manufacturer_edit = self._line_edit("manufacturer")
        self.model_edit = self._line_edit("model")
        self.serial_edit = self._line_edit("serial_number")
        self.location_edit = self._line_edit("location")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("commissioningDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(QDate.currentDate())
        self.date_unknown = QCheckBox(self)
        self.date_unknown.setObjectName("commissioningDateUnknown")
        self.date_unknown.toggled.connect(self.date_edit.setDisabled)
        self.date_error = _FieldError(self)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(72)
        self.description_error = _FieldError(self)
        self.criticality_error = _FieldError(self)

        date_row = QWidget(self)
        date_layout = QHBoxLayout(date_row)
        date_layout.setContentsMargins(0, 0, 0, 0)
        date_layout.addWidget(self.date_edit, 1)
        date_layout.addWidget(self.date_unknown)

        left = self._form()
        self._add_row(left, "code", self.code_edit)
        self._add_row(left, "name", self.name_edit)
        self._add_row(left, "type_id", _with_error(self.type_combo, self.type_error))
        self._add_row(
            left, "criticality", _with_error(self.criticality_combo, self.criticality_error)
        )
        site_widget = self.site_value if detail is not None else self.site_combo
        self.site_combo.setVisible(detail is None)
        self.site_value.setVisible(detail is not None)
        self._add_row(left, "site_id", _with_error(site_widget, self.site_error))
        self._add_row(left, "line_id", _with_error(self.line_combo, self.line_error))
        self._add_row(left, "parent_id", _with_error(self.parent_picker, self.parent_error))
        right = self._form()
        self._add_row(right, "manufacturer", self.manufacturer_edit)
        self._add_row(right, "model", self.model_edit)
        self._add_row(right, "serial_number", self.serial_edit)
        self._add_row(right, "commissioning_date", _with_error(date_row, self.date_error))
        self._add_row(right, "location", self.location_edit)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.description_label = QLabel(self)
        self.description_label.setBuddy(self.description_edit)

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(columns)
        layout.addWidget(self.description_label)
        layout.addWidget(_with_error(self.description_edit, self.description_error))
        layout.addWidget(self.buttons)

        self._fill_choices(default_site_id)
        if detail is not None:
            self._fill_from(detail)
        self.site_combo.currentIndexChanged.connect(self._on_site_changed)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def site_id(self) -> uuid.UUID | None:
        if self.detail is not None:
            return self.detail.site_id
        return current_id(self.site_combo)

    def values(self) -> dict[str, object]:
        """The form's values, as EquipmentFields wants them."""
        commissioning: date | None = None
        if not self.date_unknown.isChecked():
            commissioning = self.date_edit.date().toPython()  # type: ignore[assignment]
        return {
            "code": self.code_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "type_id": current_id(self.type_combo),
            "line_id": current_id(self.line_combo),
            "parent_id": self.parent_picker.value(),
            "criticality": self.criticality_combo.currentData(),
            "manufacturer": _optional(self.manufacturer_edit.text()),
            "model": _optional(self.model_edit.text()),
            "serial_number": _optional(self.serial_edit.text()),
            "commissioning_date": commissioning,
            "location": _optional(self.location_edit.text()),
            "description": _optional(self.description_edit.toPlainText()),
        }

    def changed_fields(self) -> dict[str, object]:
        """For an edit: only what differs from the equipment as it was opened."""
        values = self.values()
        if self.detail is None:
            return values
        before = self.detail.fields()
        return {key: value for key, value in values.items() if value != before[key]}

    def check_code(self) -> bool:
        """Whether the code is free (checked against the replica, tombstones included)."""
        code = self.code_edit.text().strip()
        if code and code_taken(self._engine, code, self.equipment_id):
            self.code_edit.set_error(lambda: field_error_message("duplicate"))
            self.code_edit.touch()
            return False
        return True

    def save(self) -> None:
        """Check, then write; on refusal show why next to the fields."""
        self.banner.clear()
        if not self._check_required():
            return
        if self.detail is None:
            site_id = self.site_id()
            if site_id is None:
                self.site_error.show_code("required")
                return
            name = "equipment.create"
            payload: dict[str, object] = {
                "id": self.equipment_id,
                "site_id": site_id,
                **self.values(),
            }
        else:
            changes = self.changed_fields()
            if not changes:
                self.accept()
                return
            name = "equipment.update"
            payload = {"id": self.equipment_id, "fields": changes}
        try:
            self._services.writer.execute(self._session.actor, name, payload)
        except MutationRejected as error:
            self._show_rejection(error)
            return
        self.saved.emit(self.equipment_id)
        self.accept()

    def field_errors(self) -> dict[str, str]:
        """The error codes shown now, by field (for tests and accessibility)."""
        shown: dict[str, str] = {}
        for key, edit in self._line_edits().items():
            problem = edit.problem()
            if problem is not None and not edit.message_label.isHidden():
                shown[key] = problem
        for key, error in self._error_labels().items():
            code = error.code()
            if code is not None:
                shown[key] = field_error_message(code)
        return shown

    # ------------------------------------------------------------- building

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(8)
        self.form_layouts.append(form)
        return form

    def _add_row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        for combo in widget.findChildren(QComboBox) + (
            [widget] if isinstance(widget, QComboBox) else []
        ):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        label = QLabel(self)
        label.setBuddy(widget)
        self._labels[key] = label
        form.addRow(label, widget)

    def _line_edit(
        self, key: str, validator: Callable[[str], str | None] | None = None
    ) -> ValidatedLineEdit:
        edit = ValidatedLineEdit(self)
        edit.setObjectName(key)
        edit.line_edit.setObjectName(f"{key}Edit")
        edit.line_edit.setMaxLength(_MAX_LENGTHS[key])
        if validator is not None:
            edit.set_validator(validator)
        return edit

    def _line_edits(self) -> dict[str, ValidatedLineEdit]:
        return {
            "code": self.code_edit,
            "name": self.name_edit,
            "manufacturer": self.manufacturer_edit,
            "model": self.model_edit,
            "serial_number": self.serial_edit,
            "location": self.location_edit,
        }

    def _error_labels(self) -> dict[str, _FieldError]:
        return {
            "type_id": self.type_error,
            "criticality": self.criticality_error,
            "site_id": self.site_error,
            "line_id": self.line_error,
            "parent_id": self.parent_error,
            "commissioning_date": self.date_error,
            "description": self.description_error,
        }

    def _fill_choices(self, default_site_id: uuid.UUID | None) -> None:
        self.type_combo.addItem("", None)
        for option in list_equipment_types(self._engine):
            add_id_item(self.type_combo, option.name, option.id)
        if self.detail is None:
            actor = self._session.actor
            for site in list_sites(self._engine, self._session.site_ids):
                if can(actor, Permission.EQUIPMENT_EDIT, site.id):
                    add_id_item(self.site_combo, site.name, site.id)
            if default_site_id is not None:
                select_id(self.site_combo, default_site_id)
            self.criticality_combo.setCurrentIndex(CRITICALITIES.index("medium"))
            self.date_unknown.setChecked(True)
        self._fill_lines()
        self.parent_picker.set_scope(self.site_id(), self.equipment_id)

    def _fill_lines(self) -> None:
        self.line_combo.clear()
        self.line_combo.addItem("", None)
        site_id = self.site_id()
        if site_id is None:
            return
        for line in list_lines(self._engine, [site_id]):
            add_id_item(self.line_combo, line.name, line.id)

    def _fill_from(self, detail: EquipmentDetail) -> None:
        self.code_edit.setText(detail.code)
        self.name_edit.setText(detail.name)
        if not select_id(self.type_combo, detail.type_id):  # a type deleted since: keep it
            add_id_item(self.type_combo, detail.type_name, detail.type_id)
            select_id(self.type_combo, detail.type_id)
        self.criticality_combo.setCurrentIndex(
            max(self.criticality_combo.findData(detail.criticality), 0)
        )
        self.site_value.setText(detail.site_name)
        if not select_id(self.line_combo, detail.line_id) and detail.line_id is not None:
            add_id_item(self.line_combo, detail.line_name or "?", detail.line_id)
            select_id(self.line_combo, detail.line_id)
        if detail.parents:
            direct = detail.parents[-1]
            self.parent_picker.set_value(direct)
        elif detail.parent_id is not None:  # a parent deleted since: keep it visible
            self.parent_picker.set_value(EquipmentRef(detail.parent_id, "?", "?", "active"))
        self.manufacturer_edit.setText(detail.manufacturer or "")
        self.model_edit.setText(detail.model or "")
        self.serial_edit.setText(detail.serial_number or "")
        self.location_edit.setText(detail.location or "")
        if detail.commissioning_date is None:
            self.date_unknown.setChecked(True)
        else:
            day = detail.commissioning_date
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_unknown.setChecked(False)
        self.description_edit.setPlainText(detail.description or "")

    # ------------------------------------------------------------- checking

    def _check_required(self) -> bool:
        ok = True
        for edit in (self.code_edit, self.name_edit):
            edit.touch()
            ok = ok and edit.is_valid()
        if current_id(self.type_combo) is None:
            self.type_error.show_code("required")
            ok = False
        parent_problem = self.parent_picker.problem()
        self.parent_error.show_code(parent_problem)
        ok = ok and parent_problem is None
        if not ok:
            self._focus_first_error()
        return ok

    def _focus_first_error(self) -> None:
        if not self.code_edit.is_valid():
            self.code_edit.setFocus()
        elif not self.name_edit.is_valid():
            self.name_edit.setFocus()
        elif self.type_error.code() is not None:
            self.type_combo.setFocus()
        elif self.parent_error.code() is not None:
            self.parent_picker.setFocus()

    def _show_rejection(self, error: MutationRejected) -> None:
        edits = self._line_edits()
        labels = self._error_labels()
        unplaced = []
        for raw_field, code in error.field_errors.items():
            key = raw_field.removeprefix("fields.")
            key = {"state": "criticality"}.get(key, key)
            if key in edits:
                edits[key].set_error(_message(code))
                edits[key].touch()
            elif key in labels:
                labels[key].show_code(code)
            else:
                unplaced.append(key)
        if unplaced or not error.field_errors:
            self.banner.show_message("error", lambda: mutation_error_message(error))

    # ------------------------------------------------------------- reacting

    def _on_type_changed(self) -> None:
        if current_id(self.type_combo) is not None:
            self.type_error.show_code(None)

    def _on_site_changed(self) -> None:
        self.site_error.show_code(None)
        self.line_error.show_code(None)
        self._fill_lines()
        self.parent_picker.set_scope(self.site_id(), self.equipment_id)
        self.retranslate_ui()

    def _on_parent_changed(self) -> None:
        if self.parent_error.code() is not None:
            self.parent_error.show_code(self.parent_picker.problem())

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        if self.detail is None:
            self.setWindowTitle(self.tr("New equipment"))
        else:
            self.setWindowTitle(self.tr("Edit {code}").format(code=self.detail.code))
        for key, label in self._labels.items():
            required = key in ("code", "name", "type_id", "site_id")
            text = field_label(key)
            label.setText(f"{text} *" if required else text)
        self.description_label.setText(field_label("description"))
        self.type_combo.setItemText(0, self.tr("Choose a type…"))
        self.line_combo.setItemText(0, self.tr("No line"))
        for index in range(self.criticality_combo.count()):
            value = self.criticality_combo.itemData(index)
            self.criticality_combo.setItemText(index, criticality_label(str(value)))
        self.date_unknown.setText(self.tr("Unknown"))
        self.code_edit.set_placeholder(self.tr("Asset tag, e.g. PMP-0042"))
        self.parent_picker.line_edit.setPlaceholderText(self.tr("None — type a code or a name"))
        self.save_button.setText(self.tr("Save"))
        for error in self._error_labels().values():
            error.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
