"""The calendar's colours and words: maintenance kinds, priorities, statuses, warnings.

Colours: the fill of an event says its kind of maintenance (preventive blue,
corrective orange...), the stripe on its left its urgency (priority 3 red,
2 amber, 1 grey). A finished task is drawn faded, a task with schedule
warnings carries an amber marker. Words are read at the moment they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

__all__ = [
    "KINDS",
    "PRIORITIES",
    "WARNING_COLOUR",
    "kind_colours",
    "kind_label",
    "priority_colour",
    "priority_label",
    "status_label",
    "warning_message",
]

KINDS: tuple[str, ...] = ("preventive", "corrective", "inspection", "regulatory", "improvement")
PRIORITIES: tuple[int, ...] = (3, 2, 1)
WARNING_COLOUR = QColor("#dc6803")

# kind -> (fill, border, text)
_KIND_COLOURS: dict[str, tuple[str, str, str]] = {
    "preventive": ("#dbe8f7", "#5b8fd0", "#123d6f"),
    "corrective": ("#fde4cf", "#e07b2e", "#7a3300"),
    "inspection": ("#dcf2e3", "#47a067", "#134a26"),
    "regulatory": ("#eadff7", "#8a63c9", "#3d1f6e"),
    "improvement": ("#d9f1f3", "#3b9fa9", "#11474d"),
}
_OTHER_KIND = ("#e7e9ee", "#8b95a5", "#2b3240")
_PRIORITY_COLOURS = {3: QColor("#d92d20"), 2: QColor("#f0a30a"), 1: QColor("#98a2b3")}

_COLOUR_CACHE: dict[str, tuple[QColor, QColor, QColor]] = {}


def kind_colours(kind: str) -> tuple[QColor, QColor, QColor]:
    """(fill, border, text) of an event of this kind of maintenance (shared: copy to change)."""
    found = _COLOUR_CACHE.get(kind)
    if found is None:
        fill, border, text = _KIND_COLOURS.get(kind, _OTHER_KIND)
        found = _COLOUR_CACHE[kind] = (QColor(fill), QColor(border), QColor(text))
    return found


def priority_colour(priority: int) -> QColor:
    return _PRIORITY_COLOURS.get(priority, _PRIORITY_COLOURS[1])


def kind_label(kind: str) -> str:
    match kind:
        case "preventive":
            return QCoreApplication.translate("PlanningCalendar", "Preventive")
        case "corrective":
            return QCoreApplication.translate("PlanningCalendar", "Corrective")
        case "inspection":
            return QCoreApplication.translate("PlanningCalendar", "Inspection")
        case "regulatory":
            return QCoreApplication.translate("PlanningCalendar", "Regulatory")
        case "improvement":
            return QCoreApplication.translate("PlanningCalendar", "Improvement")
    return kind


def priority_label(priority: int) -> str:
    if priority >= 3:
        return QCoreApplication.translate("PlanningCalendar", "Urgent")
    if priority == 2:
        return QCoreApplication.translate("PlanningCalendar", "Normal")
    return QCoreApplication.translate("PlanningCalendar", "Low")


def status_label(status: str) -> str:
    match status:
        case "reported":
            return QCoreApplication.translate("PlanningCalendar", "To schedule")
        case "assigned":
            return QCoreApplication.translate("PlanningCalendar", "Assigned")
        case "in_progress":
            return QCoreApplication.translate("PlanningCalendar", "In progress")
        case "done":
            return QCoreApplication.translate("PlanningCalendar", "Done")
        case "validated":
            return QCoreApplication.translate("PlanningCalendar", "Validated")
        case "rejected":
            return QCoreApplication.translate("PlanningCalendar", "Rejected")
        case "cancelled":
            return QCoreApplication.translate("PlanningCalendar", "Cancelled")
    return status


def warning_message(warning: Mapping[str, Any]) -> str:
    """A stored schedule warning (``{"code": ..., "message": ...}``) for people."""
    match warning.get("code"):
        case "no_skilled_technician":
            return QCoreApplication.translate(
                "PlanningCalendar", "No technician has the required skills"
            )
        case "missing_skills":
            return QCoreApplication.translate(
                "PlanningCalendar", "The technician lacks a required skill"
            )
        case "outside_working_hours":
            return QCoreApplication.translate(
                "PlanningCalendar", "Outside the technician's working hours"
            )
        case "absent":
            return QCoreApplication.translate("PlanningCalendar", "The technician is absent")
        case "double_booking":
            return QCoreApplication.translate(
                "PlanningCalendar", "Overlaps another task of the technician"
            )
        case "overload":
            return QCoreApplication.translate(
                "PlanningCalendar", "The technician's day is overbooked"
            )
        case "dependency":
            return QCoreApplication.translate(
                "PlanningCalendar", "Starts before the task it depends on ends"
            )
    return str(warning.get("message") or warning.get("code") or "?")
