"""Translated labels shared by many widgets: roles, account statuses, refusals.

Call these at the moment the text is shown (and again in ``retranslate_ui``):
they read the current language each time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.roles import Role

__all__ = [
    "SELF_SERVICE_ROLES",
    "account_status_label",
    "mutation_error_message",
    "role_label",
]

# The roles anyone may ask for when registering; administrators are made by administrators.
SELF_SERVICE_ROLES: tuple[Role, ...] = (Role.TECHNICIAN, Role.SUPERVISOR, Role.STOREKEEPER)


def role_label(role: Role | str) -> str:
    """A role's name for people (``Role.STOREKEEPER`` → "Storekeeper" / "Magasinier")."""
    match Role(role):
        case Role.ADMIN:
            return QCoreApplication.translate("Role", "Administrator")
        case Role.SUPERVISOR:
            return QCoreApplication.translate("Role", "Supervisor")
        case Role.TECHNICIAN:
            return QCoreApplication.translate("Role", "Technician")
        case Role.STOREKEEPER:
            return QCoreApplication.translate("Role", "Storekeeper")


def account_status_label(status: str) -> str:
    """An account status for people: pending, active, disabled, rejected."""
    match status:
        case "pending":
            return QCoreApplication.translate("AccountStatus", "Pending approval")
        case "active":
            return QCoreApplication.translate("AccountStatus", "Active")
        case "disabled":
            return QCoreApplication.translate("AccountStatus", "Disabled")
        case "rejected":
            return QCoreApplication.translate("AccountStatus", "Rejected")
    return status


def mutation_error_message(error: MutationRejected) -> str:
    """A sentence for a refused command, from its code (the English detail is for logs)."""
    match error.code:
        case "forbidden":
            return QCoreApplication.translate(
                "MutationError", "You are not allowed to make this change."
            )
        case "not_found":
            return QCoreApplication.translate(
                "MutationError", "This item no longer exists. The list has been refreshed."
            )
        case "invalid_state":
            return QCoreApplication.translate(
                "MutationError",
                "This change is no longer possible: the item was changed in the meantime.",
            )
        case "duplicate":
            return QCoreApplication.translate("MutationError", "This value is already in use.")
        case "invalid":
            return QCoreApplication.translate(
                "MutationError", "Some information is missing or incorrect."
            )
    return QCoreApplication.translate("MutationError", "The change was refused ({code}).").format(
        code=error.code
    )
