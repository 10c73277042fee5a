"""Words and colours of the corrective-maintenance module, in the current language.

Shared by the report form, the failure list, the technician's landing page
(and the intervention sheet): call them when the text is shown (and again in
``retranslate_ui``), they read the current language each time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from PySide6.QtCore import QCoreApplication

from cmms_core.rules.corrective import URGENCY_LEVELS
from cmms_core.rules.roles import Role
from cmms_core.rules.workorder import WorkOrderStatus
from cmms_desktop.ui.labels import role_label
from cmms_desktop.ui.widgets.state_badge import PillColours

__all__ = [
    "STATUSES",
    "STATUS_COLOURS",
    "URGENCY_COLOURS",
    "URGENCY_LEVELS",
    "escalation_role_label",
    "format_downtime",
    "format_local",
    "status_label",
    "urgency_label",
]

STATUSES: tuple[str, ...] = tuple(status.value for status in WorkOrderStatus)

# 1 low .. 4 critical: the colour says how soon, from afar
URGENCY_COLOURS: Mapping[str, PillColours] = MappingProxyType(
    {
        "1": PillColours("#d5e3f0", "#1d3a5c"),
        "2": PillColours("#1f5fa8", "#ffffff"),
        "3": PillColours("#e07b00", "#ffffff"),
        "4": PillColours("#c62828", "#ffffff"),
    }
)
STATUS_COLOURS: Mapping[str, PillColours] = MappingProxyType(
    {
        "reported": PillColours("#fde7c7", "#7a3e00"),
        "assigned": PillColours("#d4e3f7", "#133d6e"),
        "in_progress": PillColours("#f2a900", "#3b2a00"),
        "done": PillColours("#6941c6", "#ffffff"),
        "validated": PillColours("#2e7d32", "#ffffff"),
        "rejected": PillColours("#b42318", "#ffffff"),
        "cancelled": PillColours("#d5d9e0", "#1d2433"),
    }
)


def urgency_label(urgency: int) -> str:
    """1 → "Low", 2 → "Normal", 3 → "High", 4 → "Critical"."""
    match urgency:
        case 1:
            return QCoreApplication.translate("FailureLabels", "Low")
        case 2:
            return QCoreApplication.translate("FailureLabels", "Normal")
        case 3:
            return QCoreApplication.translate("FailureLabels", "High")
        case 4:
            return QCoreApplication.translate("FailureLabels", "Critical")
    return str(urgency)


def status_label(status: str) -> str:
    """A ticket's status for people: "in_progress" → "In progress" / "En cours"."""
    match status:
        case "reported":
            return QCoreApplication.translate("FailureLabels", "Reported")
        case "assigned":
            return QCoreApplication.translate("FailureLabels", "Assigned")
        case "in_progress":
            return QCoreApplication.translate("FailureLabels", "In progress")
        case "done":
            return QCoreApplication.translate("FailureLabels", "To validate")
        case "validated":
            return QCoreApplication.translate("FailureLabels", "Closed")
        case "rejected":
            return QCoreApplication.translate("FailureLabels", "Sent back")
        case "cancelled":
            return QCoreApplication.translate("FailureLabels", "Cancelled")
    return status


def escalation_role_label(role: Role | str) -> str:
    try:
        return role_label(Role(role))
    except ValueError:
        return str(role)


def format_downtime(minutes: int | None) -> str:
    """Whole minutes as "45 min", "3 h 05", "2 d 4 h"; "" for None."""
    if minutes is None:
        return ""
    if minutes < 60:
        return QCoreApplication.translate("FailureLabels", "{minutes} min").format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return QCoreApplication.translate("FailureLabels", "{hours} h {minutes:02d}").format(
            hours=hours, minutes=rest
        )
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("FailureLabels", "{days} d {hours} h").format(
        days=days, hours=hours
    )


def format_local(moment: datetime | None) -> str:
    """A moment in this computer's time zone: "2026-11-26 14:05" ("" for None)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return QCoreApplication.translate("FailureLabels", "{day:%Y-%m-%d} {day:%H:%M}").format(
        day=local
    )
