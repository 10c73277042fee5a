"""Words for the Sync issues page: command names, refusal reasons, payload fields.

Call these when the text is shown (and again in ``retranslate_ui``): they read
the current language each time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from cmms_desktop.ui.labels import role_label
from cmms_desktop.ui.pages.equipment.labels import (
    criticality_label,
    field_error_message,
    state_label,
)
from cmms_desktop.ui.pages.equipment.labels import field_label as equipment_field_label

__all__ = [
    "command_label",
    "entity_label",
    "field_name",
    "field_problem",
    "field_value",
    "rejection_reason",
]


def command_label(name: str) -> str:
    """A command's name for people: ``equipment.create`` → "New equipment"."""
    match name:
        case "equipment.create":
            return QCoreApplication.translate("SyncIssueLabels", "New equipment")
        case "equipment.update":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment edit")
        case "equipment.set_state":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment state change")
        case "equipment.delete":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment deletion")
        case "attachment.add":
            return QCoreApplication.translate("SyncIssueLabels", "New attachment")
        case "attachment.remove":
            return QCoreApplication.translate("SyncIssueLabels", "Attachment removal")
        case "site.create":
            return QCoreApplication.translate("SyncIssueLabels", "New site")
        case "production_line.create":
            return QCoreApplication.translate("SyncIssueLabels", "New production line")
        case "equipment_type.create":
            return QCoreApplication.translate("SyncIssueLabels", "New equipment type")
        case "user.register":
            return QCoreApplication.translate("SyncIssueLabels", "Account request")
        case "user.create_first_admin":
            return QCoreApplication.translate("SyncIssueLabels", "First administrator account")
        case "user.create":
            return QCoreApplication.translate("SyncIssueLabels", "New account")
        case "user.approve":
            return QCoreApplication.translate("SyncIssueLabels", "Account approval")
        case "user.reject":
            return QCoreApplication.translate("SyncIssueLabels", "Account request declined")
        case "user.change":
            return QCoreApplication.translate("SyncIssueLabels", "Account change")
        case "user.grant_site":
            return QCoreApplication.translate("SyncIssueLabels", "Site access granted")
        case "user.revoke_site":
            return QCoreApplication.translate("SyncIssueLabels", "Site access removed")
        case "conflict.resolve":
            return QCoreApplication.translate("SyncIssueLabels", "Conflict decision")
    return name


def entity_label(table: str) -> str:
    """What kind of item a row of ``table`` is, for people."""
    match table:
        case "equipments":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment")
        case "production_lines":
            return QCoreApplication.translate("SyncIssueLabels", "Production line")
        case "equipment_types":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment type")
        case "sites":
            return QCoreApplication.translate("SyncIssueLabels", "Site")
        case "users":
            return QCoreApplication.translate("SyncIssueLabels", "Account")
        case "user_permissions":
            return QCoreApplication.translate("SyncIssueLabels", "Site access")
        case "attachments":
            return QCoreApplication.translate("SyncIssueLabels", "Attachment")
    return table


def rejection_reason(code: str) -> str:
    """Why the server refused a command, from its code (the server's words are English)."""
    match code:
        case "forbidden":
            return QCoreApplication.translate(
                "SyncIssueLabels", "You are not allowed to make this change (any more)."
            )
        case "not_found":
            return QCoreApplication.translate(
                "SyncIssueLabels", "The item no longer exists on the server."
            )
        case "invalid_state":
            return QCoreApplication.translate(
                "SyncIssueLabels",
                "The item was changed in the meantime: this change is no longer possible.",
            )
        case "duplicate":
            return QCoreApplication.translate(
                "SyncIssueLabels", "A value you entered is already used by another item."
            )
        case "invalid":
            return QCoreApplication.translate(
                "SyncIssueLabels", "Some information is missing or incorrect."
            )
        case "conflict":
            return QCoreApplication.translate(
                "SyncIssueLabels", "The change clashes with data already on the server."
            )
        case "internal_error":
            return QCoreApplication.translate(
                "SyncIssueLabels",
                "The server failed to process this change (an error on the server). "
                "Show it to your administrator.",
            )
        case "mutation_id_taken":
            return QCoreApplication.translate(
                "SyncIssueLabels", "Another account already sent a change with the same identifier."
            )
        case "unknown_mutation":
            return QCoreApplication.translate(
                "SyncIssueLabels", "The server does not know this kind of change (versions differ)."
            )
    return QCoreApplication.translate("SyncIssueLabels", "The change was refused ({code}).").format(
        code=code
    )


def field_name(key: str) -> str:
    """A payload field's name for people."""
    match key:
        case "email":
            return QCoreApplication.translate("SyncIssueLabels", "E-mail")
        case "full_name":
            return QCoreApplication.translate("SyncIssueLabels", "Full name")
        case "role":
            return QCoreApplication.translate("SyncIssueLabels", "Role")
        case "language":
            return QCoreApplication.translate("SyncIssueLabels", "Language")
        case "phone":
            return QCoreApplication.translate("SyncIssueLabels", "Phone")
        case "status":
            return QCoreApplication.translate("SyncIssueLabels", "Account status")
        case "reason":
            return QCoreApplication.translate("SyncIssueLabels", "Reason")
        case "filename":
            return QCoreApplication.translate("SyncIssueLabels", "File")
        case "caption":
            return QCoreApplication.translate("SyncIssueLabels", "Caption")
        case "kind":
            return QCoreApplication.translate("SyncIssueLabels", "Kind")
        case "user_id":
            return QCoreApplication.translate("SyncIssueLabels", "User")
        case "scope_site_id":
            return QCoreApplication.translate("SyncIssueLabels", "Site")
        case "scope_equipment_id" | "equipment_id" | "owner_id":
            return QCoreApplication.translate("SyncIssueLabels", "Equipment")
        case "id":
            return QCoreApplication.translate("SyncIssueLabels", "Identifier")
    return equipment_field_label(key)


def field_problem(code: str) -> str:
    """A field refused by the server (``field_errors`` codes)."""
    if code == "duplicate":
        return QCoreApplication.translate("SyncIssueLabels", "Already used")
    return field_error_message(code)


def field_value(key: str, value: Any, names: Mapping[str, str]) -> str:
    """A payload value for people; ``names`` has the readable names of referenced rows."""
    if key in names:
        return names[key]
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("SyncIssueLabels", "Yes")
            if value
            else QCoreApplication.translate("SyncIssueLabels", "No")
        )
    match key:
        case "state":
            return state_label(str(value))
        case "criticality":
            return criticality_label(str(value))
        case "role":
            try:
                return role_label(str(value))
            except ValueError:
                return str(value)
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)
