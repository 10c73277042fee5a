"""Words for the stored values of the equipment module, in the current language.

Call these when the text is shown (and again in ``retranslate_ui``): they read
the current language each time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cmms_core.rules.equipment_state import EquipmentState

__all__ = [
    "CRITICALITIES",
    "STATES",
    "attachment_kind_label",
    "criticality_label",
    "field_error_message",
    "field_label",
    "history_event_label",
    "state_label",
]

STATES: tuple[str, ...] = tuple(state.value for state in EquipmentState)
CRITICALITIES: tuple[str, ...] = ("high", "medium", "low")


def state_label(state: str) -> str:
    """An equipment state for people: "active" → "Active" / "En service"."""
    match state:
        case "active":
            return QCoreApplication.translate("EquipmentLabels", "Active")
        case "down":
            return QCoreApplication.translate("EquipmentLabels", "Down")
        case "under_maintenance":
            return QCoreApplication.translate("EquipmentLabels", "Under maintenance")
        case "out_of_service":
            return QCoreApplication.translate("EquipmentLabels", "Out of service")
    return state


def criticality_label(criticality: str) -> str:
    match criticality:
        case "high":
            return QCoreApplication.translate("EquipmentLabels", "High")
        case "medium":
            return QCoreApplication.translate("EquipmentLabels", "Medium")
        case "low":
            return QCoreApplication.translate("EquipmentLabels", "Low")
    return criticality


def attachment_kind_label(kind: str) -> str:
    match kind:
        case "photo":
            return QCoreApplication.translate("EquipmentLabels", "Photo")
        case "video":
            return QCoreApplication.translate("EquipmentLabels", "Video")
        case "document":
            return QCoreApplication.translate("EquipmentLabels", "Document")
    return kind


def field_label(field: str) -> str:
    """An equipment field's name, as in the form (for history lines)."""
    match field:
        case "code":
            return QCoreApplication.translate("EquipmentLabels", "Code")
        case "name":
            return QCoreApplication.translate("EquipmentLabels", "Name")
        case "type_id":
            return QCoreApplication.translate("EquipmentLabels", "Type")
        case "site_id":
            return QCoreApplication.translate("EquipmentLabels", "Site")
        case "line_id":
            return QCoreApplication.translate("EquipmentLabels", "Line")
        case "parent_id":
            return QCoreApplication.translate("EquipmentLabels", "Parent equipment")
        case "criticality":
            return QCoreApplication.translate("EquipmentLabels", "Criticality")
        case "state":
            return QCoreApplication.translate("EquipmentLabels", "State")
        case "manufacturer":
            return QCoreApplication.translate("EquipmentLabels", "Manufacturer")
        case "model":
            return QCoreApplication.translate("EquipmentLabels", "Model")
        case "serial_number":
            return QCoreApplication.translate("EquipmentLabels", "Serial number")
        case "commissioning_date":
            return QCoreApplication.translate("EquipmentLabels", "Commissioning date")
        case "location":
            return QCoreApplication.translate("EquipmentLabels", "Location")
        case "description":
            return QCoreApplication.translate("EquipmentLabels", "Description")
        case "operating_hours":
            return QCoreApplication.translate("EquipmentLabels", "Operating hours")
    return field


def history_event_label(kind: str, event: str) -> str:
    """The "what" column of the history: where the line comes from and what it is."""
    if kind == "failure":
        return QCoreApplication.translate("EquipmentLabels", "Failure")
    if kind == "audit":
        match event:
            case "equipment.create":
                return QCoreApplication.translate("EquipmentLabels", "Created")
            case "equipment.update":
                return QCoreApplication.translate("EquipmentLabels", "Edited")
            case "equipment.delete":
                return QCoreApplication.translate("EquipmentLabels", "Deleted")
            case "attachment.add":
                return QCoreApplication.translate("EquipmentLabels", "Attachment added")
            case "attachment.remove":
                return QCoreApplication.translate("EquipmentLabels", "Attachment removed")
        return QCoreApplication.translate("EquipmentLabels", "Change")
    match event:
        case "state_change":
            return QCoreApplication.translate("EquipmentLabels", "State change")
        case "preventive":
            return QCoreApplication.translate("EquipmentLabels", "Preventive maintenance")
        case "corrective" | "repair":
            return QCoreApplication.translate("EquipmentLabels", "Repair")
        case "inspection":
            return QCoreApplication.translate("EquipmentLabels", "Inspection")
        case "meter_reading":
            return QCoreApplication.translate("EquipmentLabels", "Meter reading")
    return QCoreApplication.translate("EquipmentLabels", "Maintenance")


def field_error_message(code: str) -> str:
    """The inline message for a field refused by a command (``MutationRejected.field_errors``)."""
    match code:
        case "required" | "missing" | "string_too_short":
            return QCoreApplication.translate("EquipmentLabels", "Required")
        case "duplicate":
            return QCoreApplication.translate("EquipmentLabels", "This code is already used")
        case "other_site":
            return QCoreApplication.translate(
                "EquipmentLabels", "Must belong to the equipment's site"
            )
        case "cycle":
            return QCoreApplication.translate(
                "EquipmentLabels", "An equipment cannot be placed under itself or its children"
            )
        case "not_found":
            return QCoreApplication.translate(
                "EquipmentLabels", "Not found: choose an item from the list"
            )
        case "not_editable":
            return QCoreApplication.translate("EquipmentLabels", "Cannot be changed here")
        case "string_too_long":
            return QCoreApplication.translate("EquipmentLabels", "Too long")
        case "invalid_transition":
            return QCoreApplication.translate(
                "EquipmentLabels", "This change of state is not allowed"
            )
    return QCoreApplication.translate("EquipmentLabels", "Invalid value")
