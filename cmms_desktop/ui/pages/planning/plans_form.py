"""Create or edit a maintenance plan (or a template): target, recurrence, checklist, kit.

A new plan targets one equipment, an equipment type (one task per equipment of
the type, in one site or every site) or nothing (a template of the library).
Saving writes ``plan.create``, or ``plan.update`` with only the fields that
changed (someone else's concurrent edit of other fields survives).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.recurrence import parse_recurrence
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_equipment_types
from cmms_desktop.store.queries.preventive import (
    PlanFilter,
    PlanRecord,
    equipment_choices,
    known_skills,
    list_plans,
    list_sites,
    meter_readings_of,
    part_choices,
    parts_by_id,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.planning.plans_checklist import (
    ChecklistEditor,
    ChecklistError,
    KitEditor,
)
from cmms_desktop.ui.pages.planning.plans_labels import (
    MAINTENANCE_TYPES,
    maintenance_type_label,
)
from cmms_desktop.ui.pages.planning.plans_recurrence import RecurrenceEditor
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["PlanFormDialog", "TargetKind"]

TargetKind = str  # "equipment", "type" or "template"
_DEFAULT_ZONE = "Europe/Paris"


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or _DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(_DEFAULT_ZONE)


class PlanFormDialog(QDialog):
    """New plan (``record`` None, of ``target``) or edit of ``record``; ``saved(plan_id)``."""

    saved = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        record: PlanRecord | None = None,
        *,
        target: TargetKind = "equipment",
        equipment_id: uuid.UUID | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planFormDialog")
        self.setMinimumSize(940, 640)
        self.services = services
        self.session = session
        self.record = record
        self._engine = services.replica.engine
        self._today = today
        self._sites = list_sites(self._engine, session.site_ids)
        self._site_zone = {site.id: site.timezone for site in self._sites}
        self.saved_id: uuid.UUID | None = None

        self.banner = MessageBanner(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("planTabs")

        # --- general
        general = QWidget(self)
        self.name_edit = QLineEdit(general)
        self.name_edit.setObjectName("planName")
        self.name_edit.setMaxLength(200)
        self.description_edit = QPlainTextEdit(general)
        self.description_edit.setObjectName("planDescription")
        self.description_edit.setFixedHeight(70)
        self.type_combo = QComboBox(general)
        self.type_combo.setObjectName("maintenanceType")
        for value in MAINTENANCE_TYPES:
            self.type_combo.addItem("", value)
        self.target_equipment = QRadioButton(general)
        self.target_equipment.setObjectName("targetEquipment")
        self.target_type = QRadioButton(general)
        self.target_type.setObjectName("targetType")
        self.target_template = QRadioButton(general)
        self.target_template.setObjectName("targetTemplate")
        self.target_group = QButtonGroup(self)
        for button in (self.target_equipment, self.target_type, self.target_template):
            self.target_group.addButton(button)
        target_row = QHBoxLayout()
        for button in (self.target_equipment, self.target_type, self.target_template):
            target_row.addWidget(button)
        target_row.addStretch(1)
        self.equipment_combo = QComboBox(general)
        self.equipment_combo.setObjectName("equipmentCombo")
        self.equipment_combo.setEditable(True)
        self.equipment_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.equipment_site: dict[str, uuid.UUID] = {}
        for choice in equipment_choices(self._engine, session.site_ids):
            self.equipment_combo.addItem(f"{choice.code} — {choice.name}", str(choice.id))
            self.equipment_site[str(choice.id)] = choice.site_id
        self.equipment_type_combo = QComboBox(general)
        self.equipment_type_combo.setObjectName("equipmentTypeCombo")
        for option in list_equipment_types(self._engine):
            self.equipment_type_combo.addItem(option.name, str(option.id))
        self.site_combo = QComboBox(general)
        self.site_combo.setObjectName("siteCombo")
        self.site_combo.addItem("", None)
        for site in self._sites:
            self.site_combo.addItem(f"{site.code} — {site.name}", str(site.id))
        if session.site_ids is not None and self._sites:
            self.site_combo.setCurrentIndex(1)  # a plan for every site is an admin's
        self.target_label = QLabel(general)
        self.target_label.setObjectName("targetLabel")
        self.minutes_spin = QSpinBox(general)
        self.minutes_spin.setObjectName("estimatedMinutes")
        self.minutes_spin.setRange(1, 7 * 24 * 60)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setValue(60)
        self.skills_edit = QLineEdit(general)
        self.skills_edit.setObjectName("requiredSkills")
        self.skills_hint = QLabel(general)
        self.skills_hint.setObjectName("secondaryText")
        self.skills_hint.setWordWrap(True)
        self._known_skills = known_skills(self._engine)
        self.active_check = QCheckBox(general)
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)
        self.depends_combo = QComboBox(general)
        self.depends_combo.setObjectName("dependsOn")
        self.depends_combo.addItem("", None)
        for row in list_plans(self._engine, PlanFilter(kind="plan"), session.site_ids, limit=1000):
            if record is None or row.id != record.id:
                label = row.name + (f" ({row.equipment_code})" if row.equipment_code else "")
                self.depends_combo.addItem(label, str(row.id))
        self.form = QFormLayout(general)
        self.name_label = QLabel(general)
        self.description_label = QLabel(general)
        self.type_label = QLabel(general)
        self.target_title = QLabel(general)
        self.equipment_label = QLabel(general)
        self.equipment_type_label = QLabel(general)
        self.site_label = QLabel(general)
        self.minutes_label = QLabel(general)
        self.skills_label = QLabel(general)
        self.depends_label = QLabel(general)
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow(self.description_label, self.description_edit)
        self.form.addRow(self.type_label, self.type_combo)
        if record is None:
            self.form.addRow(self.target_title, target_row)
            self.form.addRow(self.equipment_label, self.equipment_combo)
            self.form.addRow(self.equipment_type_label, self.equipment_type_combo)
            self.form.addRow(self.site_label, self.site_combo)
        else:
            self.form.addRow(self.target_title, self.target_label)
        self.form.addRow(self.minutes_label, self.minutes_spin)
        self.form.addRow(self.skills_label, self.skills_edit)
        self.form.addRow("", self.skills_hint)
        self.form.addRow(self.depends_label, self.depends_combo)
        self.form.addRow("", self.active_check)

        # --- recurrence, checklist, kit
        self.recurrence = RecurrenceEditor(self)
        self.checklist = ChecklistEditor(self)
        self.kit = KitEditor(self)
        self.kit.set_part_choices(part_choices(self._engine, limit=5000))
        self.tabs.addTab(general, "")
        self.tabs.addTab(self.recurrence, "")
        self.tabs.addTab(self.checklist, "")
        self.tabs.addTab(self.kit, "")

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("savePlan")
        self.save_button.setProperty("primary", True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        if record is not None:
            self._load(record)
        else:
            {"type": self.target_type, "template": self.target_template}.get(
                target, self.target_equipment
            ).setChecked(True)
            if equipment_id is not None:
                index = self.equipment_combo.findData(str(equipment_id))
                if index >= 0:
                    self.equipment_combo.setCurrentIndex(index)
            start = today()
            self.recurrence.set_value({"start": start.isoformat()})
        for signal in (
            self.target_group.buttonToggled,
            self.equipment_combo.currentIndexChanged,
            self.site_combo.currentIndexChanged,
        ):
            signal.connect(self._update_target)
        self._update_target()
        self.retranslate_ui()

    # ------------------------------------------------------------- loading

    def _load(self, record: PlanRecord) -> None:
        self.name_edit.setText(record.name)
        self.description_edit.setPlainText(record.description or "")
        index = self.type_combo.findData(record.maintenance_type)
        if index < 0:
            self.type_combo.addItem(record.maintenance_type, record.maintenance_type)
            index = self.type_combo.count() - 1
        self.type_combo.setCurrentIndex(index)
        self.minutes_spin.setValue(record.estimated_minutes)
        self.skills_edit.setText(", ".join(record.required_skills))
        self.active_check.setChecked(record.active)
        if record.depends_on_plan_id is not None:
            self.depends_combo.setCurrentIndex(
                max(0, self.depends_combo.findData(str(record.depends_on_plan_id)))
            )
        self.recurrence.set_value(record.recurrence, record.tolerance_days)
        self.checklist.set_items(record.checklist)
        known = parts_by_id(self._engine, (uuid.UUID(str(x["part_id"])) for x in record.parts_kit))
        self.kit.set_lines(record.parts_kit, known)

    def _target_kind(self) -> TargetKind:
        if self.record is not None:
            if self.record.is_template:
                return "template"
            return "equipment" if self.record.equipment_id else "type"
        if self.target_type.isChecked():
            return "type"
        if self.target_template.isChecked():
            return "template"
        return "equipment"

    def _equipment_id(self) -> uuid.UUID | None:
        data = self.equipment_combo.currentData()
        return uuid.UUID(str(data)) if data else None

    def _site_id(self) -> uuid.UUID | None:
        if self.record is not None:
            return self.record.site_id
        kind = self._target_kind()
        if kind == "equipment":
            equipment = self._equipment_id()
            return self.equipment_site.get(str(equipment)) if equipment else None
        if kind == "type":
            data = self.site_combo.currentData()
            return uuid.UUID(str(data)) if data else None
        return None

    def _update_target(self, *_args: object) -> None:
        kind = self._target_kind()
        if self.record is None:
            for widget, label, shown in (
                (self.equipment_combo, self.equipment_label, kind == "equipment"),
                (self.equipment_type_combo, self.equipment_type_label, kind == "type"),
                (self.site_combo, self.site_label, kind == "type"),
            ):
                widget.setVisible(shown)
                label.setVisible(shown)
        site_id = self._site_id()
        zone = _zone(self._site_zone.get(site_id) if site_id else None)
        record = self.record
        anchor = record.created_at.astimezone(zone).date() if record and record.created_at else None
        equipment = (
            record.equipment_id
            if record
            else (self._equipment_id() if kind == "equipment" else None)
        )
        meters = meter_readings_of(self._engine, equipment) if equipment else {}
        self.recurrence.set_context(
            zone,
            anchor=anchor or self._today(),
            last_done=record.last_done_at if record else None,
            meters=meters,
            today=self._today,
        )

    # ------------------------------------------------------------- saving

    def _skills(self) -> list[str]:
        return sorted({s.strip() for s in self.skills_edit.text().split(",") if s.strip()})

    def fields(self) -> dict[str, Any]:
        """The plan's fields as the commands take them; raises ValueError with a message."""
        name = self.name_edit.text().strip()
        if not name:
            self.tabs.setCurrentIndex(0)
            raise ValueError(self.tr("Give the plan a name."))
        try:
            recurrence = self.recurrence.value().model_dump(mode="json", exclude_defaults=True)
        except ValidationError:
            self.tabs.setCurrentWidget(self.recurrence)
            raise ValueError(self.tr("Choose a calendar rule, a counter, or both.")) from None
        try:
            checklist = self.checklist.items()
        except ChecklistError as error:
            self.tabs.setCurrentWidget(self.checklist)
            self.checklist.table.setCurrentCell(error.row, 0)
            raise ValueError(error.message) from None
        depends = self.depends_combo.currentData()
        return {
            "name": name,
            "description": self.description_edit.toPlainText().strip() or None,
            "maintenance_type": str(self.type_combo.currentData()),
            "recurrence": recurrence,
            "tolerance_days": self.recurrence.tolerance_days(),
            "estimated_minutes": self.minutes_spin.value(),
            "required_skills": self._skills(),
            "checklist": checklist,
            "parts_kit": self.kit.lines(),
            "active": self.active_check.isChecked(),
            "depends_on_plan_id": str(depends) if depends else None,
        }

    def _changed_fields(self, fields: dict[str, Any], record: PlanRecord) -> dict[str, Any]:
        stored_recurrence: dict[str, Any] = record.recurrence
        with suppress(ValidationError):
            stored_recurrence = parse_recurrence(record.recurrence).model_dump(
                mode="json", exclude_defaults=True
            )
        before: dict[str, Any] = {
            "name": record.name,
            "description": record.description,
            "maintenance_type": record.maintenance_type,
            "recurrence": stored_recurrence,
            "tolerance_days": record.tolerance_days,
            "estimated_minutes": record.estimated_minutes,
            "required_skills": sorted(record.required_skills),
            "checklist": [
                {k: v for k, v in item.items() if v is not None} for item in record.checklist
            ],
            "parts_kit": [
                {"part_id": str(x["part_id"]), "quantity": float(x["quantity"])}
                for x in record.parts_kit
            ],
            "active": record.active,
            "depends_on_plan_id": str(record.depends_on_plan_id)
            if record.depends_on_plan_id
            else None,
        }
        changed = {}
        for key, value in fields.items():
            now = value
            if key == "checklist":
                now = [{k: v for k, v in item.items() if v is not None} for item in value]
                old = [{"required": True, "kind": "check"} | item for item in before["checklist"]]
                if now == old:
                    continue
            elif before[key] == now:
                continue
            changed[key] = value
        return changed

    def save(self) -> bool:
        self.banner.clear()
        try:
            fields = self.fields()
        except ValueError as error:
            message = str(error)
            self.banner.show_message("error", lambda: message)
            return False
        writer, actor = self.services.writer, self.session.actor
        try:
            if self.record is None:
                plan_id = uuid.uuid4()
                payload: dict[str, Any] = {"id": plan_id, **fields}
                kind = self._target_kind()
                if kind == "equipment":
                    equipment = self._equipment_id()
                    if equipment is None:
                        self.tabs.setCurrentIndex(0)
                        self.banner.show_message(
                            "error", lambda: self.tr("Choose the equipment of the plan.")
                        )
                        return False
                    payload["equipment_id"] = equipment
                elif kind == "type":
                    type_id = self.equipment_type_combo.currentData()
                    payload["equipment_type_id"] = type_id
                    payload["site_id"] = self._site_id()
                else:
                    payload["is_template"] = True
                    payload["depends_on_plan_id"] = None
                writer.execute(actor, "plan.create", payload)
            else:
                plan_id = self.record.id
                changed = self._changed_fields(fields, self.record)
                if changed:
                    writer.execute(actor, "plan.update", {"id": plan_id, "fields": changed})
        except MutationRejected as error:
            self.banner.show_message("error", partial(mutation_error_message, error))
            return False
        self.saved_id = plan_id
        self.saved.emit(plan_id)
        self.accept()
        return True

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        record = self.record
        if record is None:
            self.setWindowTitle(self.tr("New maintenance plan"))
        elif record.is_template:
            self.setWindowTitle(self.tr("Template: {name}").format(name=record.name))
        else:
            self.setWindowTitle(self.tr("Plan: {name}").format(name=record.name))
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Recurrence"))
        self.tabs.setTabText(2, self.tr("Checklist"))
        self.tabs.setTabText(3, self.tr("Parts kit"))
        self.name_label.setText(self.tr("Name"))
        self.description_label.setText(self.tr("Description"))
        self.type_label.setText(self.tr("Type of maintenance"))
        for row in range(self.type_combo.count()):
            self.type_combo.setItemText(
                row, maintenance_type_label(str(self.type_combo.itemData(row)))
            )
        self.target_title.setText(self.tr("Applies to"))
        self.target_equipment.setText(self.tr("One equipment"))
        self.target_type.setText(self.tr("Every equipment of a type"))
        self.target_template.setText(self.tr("Template (library)"))
        self.equipment_label.setText(self.tr("Equipment"))
        self.equipment_type_label.setText(self.tr("Equipment type"))
        self.site_label.setText(self.tr("Site"))
        self.site_combo.setItemText(0, self.tr("Every site"))
        if record is not None:
            if record.is_template:
                self.target_label.setText(self.tr("Template of the library"))
            elif record.equipment_id:
                self.target_label.setText(f"{record.equipment_code} — {record.equipment_name}")
            else:
                index = self.equipment_type_combo.findData(str(record.equipment_type_id))
                self.target_label.setText(
                    self.tr("Every equipment of the type {type}").format(
                        type=self.equipment_type_combo.itemText(index) if index >= 0 else "?"
                    )
                )
        self.minutes_label.setText(self.tr("Estimated duration"))
        self.minutes_spin.setSuffix(" " + self.tr("min"))
        self.skills_label.setText(self.tr("Required skills"))
        self.skills_edit.setPlaceholderText(self.tr("Separated by commas"))
        self.skills_hint.setText(
            self.tr("Known skills: {skills}").format(skills=", ".join(self._known_skills) or "—")
        )
        self.depends_label.setText(self.tr("After the plan"))
        self.depends_combo.setItemText(0, self.tr("None"))
        self.active_check.setText(self.tr("Active (generates tasks)"))
        self.save_button.setText(self.tr("Save"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
