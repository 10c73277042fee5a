"""Words of the preventive-maintenance pages: statuses, kinds, recurrence summaries.

Shared by the plans, intervention and supervisor pages; every function asks the
translator each time it is called, so that a language change is seen at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from cmms_desktop.ui.widgets.state_badge import PillColours

__all__ = [
    "CHECK_KINDS",
    "MAINTENANCE_TYPES",
    "TASK_STATUSES",
    "TASK_STATUS_COLOURS",
    "check_kind_label",
    "format_day",
    "format_local",
    "format_minutes",
    "maintenance_type_label",
    "recurrence_summary",
    "task_status_label",
    "weekday_short",
]

MAINTENANCE_TYPES = ("preventive", "inspection", "lubrication", "regulatory", "predictive")
CHECK_KINDS = ("check", "measure", "text", "photo")
TASK_STATUSES = (
    "reported",
    "assigned",
    "in_progress",
    "done",
    "validated",
    "rejected",
    "cancelled",
)


def maintenance_type_label(value: str) -> str:
    labels = {
        "preventive": QCoreApplication.translate("PlanningLabels", "Preventive"),
        "inspection": QCoreApplication.translate("PlanningLabels", "Inspection"),
        "lubrication": QCoreApplication.translate("PlanningLabels", "Lubrication"),
        "regulatory": QCoreApplication.translate("PlanningLabels", "Regulatory check"),
        "predictive": QCoreApplication.translate("PlanningLabels", "Condition-based"),
    }
    return labels.get(value, value)


def check_kind_label(value: str) -> str:
    labels = {
        "check": QCoreApplication.translate("PlanningLabels", "Check"),
        "measure": QCoreApplication.translate("PlanningLabels", "Measurement"),
        "text": QCoreApplication.translate("PlanningLabels", "Text"),
        "photo": QCoreApplication.translate("PlanningLabels", "Photo"),
    }
    return labels.get(value, value)


def task_status_label(value: str | None) -> str:
    labels = {
        "reported": QCoreApplication.translate("PlanningLabels", "To schedule"),
        "assigned": QCoreApplication.translate("PlanningLabels", "Assigned"),
        "in_progress": QCoreApplication.translate("PlanningLabels", "In progress"),
        "done": QCoreApplication.translate("PlanningLabels", "Awaiting validation"),
        "validated": QCoreApplication.translate("PlanningLabels", "Validated"),
        "rejected": QCoreApplication.translate("PlanningLabels", "Sent back"),
        "cancelled": QCoreApplication.translate("PlanningLabels", "Cancelled"),
    }
    return labels.get(value or "", value or "—")


def weekday_short(day: int) -> str:
    """0 = Monday, in the current language."""
    return QLocale().dayName(day + 1, QLocale.FormatType.ShortFormat)


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(max(0, int(minutes)), 60)
    if hours and rest:
        return QCoreApplication.translate("PlanningLabels", "{h} h {m:02d}").format(h=hours, m=rest)
    if hours:
        return QCoreApplication.translate("PlanningLabels", "{h} h").format(h=hours)
    return QCoreApplication.translate("PlanningLabels", "{m} min").format(m=rest)


def format_local(moment: datetime | None, tz: ZoneInfo | None = None) -> str:
    """A moment in ``tz`` (the computer's zone when None), the language's short way."""
    if moment is None:
        return "—"
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    value = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(value, QLocale.FormatType.ShortFormat)


def format_day(moment: datetime | None, tz: ZoneInfo | None = None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return QLocale().toString(
        QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat
    )


def recurrence_summary(recurrence: Mapping[str, Any]) -> str:
    """ "Every 2 weeks (Mon, Thu)", "Every 500 h or every 3 months, floating"..."""
    parts: list[str] = []
    freq = recurrence.get("freq", "monthly")
    interval = int(recurrence.get("interval") or 1)
    if freq is not None:
        if freq == "daily":
            text = (
                QCoreApplication.translate("PlanningLabels", "every day")
                if interval == 1
                else QCoreApplication.translate("PlanningLabels", "every {n} days")
            )
        elif freq == "weekly":
            text = (
                QCoreApplication.translate("PlanningLabels", "every week")
                if interval == 1
                else QCoreApplication.translate("PlanningLabels", "every {n} weeks")
            )
            days = recurrence.get("weekdays") or []
            if days:
                text += " (" + ", ".join(weekday_short(int(d)) for d in days) + ")"
        elif freq == "yearly":
            text = (
                QCoreApplication.translate("PlanningLabels", "every year")
                if interval == 1
                else QCoreApplication.translate("PlanningLabels", "every {n} years")
            )
        else:
            text = (
                QCoreApplication.translate("PlanningLabels", "every month")
                if interval == 1
                else QCoreApplication.translate("PlanningLabels", "every {n} months")
            )
        parts.append(text.format(n=interval))
    for meter in recurrence.get("meters") or []:
        every = float(meter.get("every", 0))
        amount = f"{every:g}"
        if meter.get("meter") == "hours":
            parts.append(
                QCoreApplication.translate("PlanningLabels", "every {n} operating hours").format(
                    n=amount
                )
            )
        elif meter.get("meter") == "cycles":
            parts.append(
                QCoreApplication.translate("PlanningLabels", "every {n} cycles").format(n=amount)
            )
        else:
            parts.append(f"{amount} {meter.get('meter')}")
    text = QCoreApplication.translate("PlanningLabels", " or ").join(parts)
    if len(parts) > 1:
        text += " " + QCoreApplication.translate("PlanningLabels", "(whichever first)")
    floating = recurrence.get("mode") == "floating" or bool(recurrence.get("meters"))
    if floating:
        text += ", " + QCoreApplication.translate("PlanningLabels", "after the last visit")
    season = recurrence.get("season")
    if season:
        locale = QLocale()
        text += ", " + QCoreApplication.translate("PlanningLabels", "from {start} to {end}").format(
            start=locale.monthName(int(season["start_month"])),
            end=locale.monthName(int(season["end_month"])),
        )
    return text[:1].upper() + text[1:]


TASK_STATUS_COLOURS: dict[str, PillColours] = {
    "reported": PillColours("#eaecf0", "#344054"),
    "assigned": PillColours("#d1e9ff", "#1849a9"),
    "in_progress": PillColours("#fef0c7", "#93370d"),
    "done": PillColours("#ebe9fe", "#5925dc"),
    "validated": PillColours("#d1fadf", "#05603a"),
    "rejected": PillColours("#fee4e2", "#b42318"),
    "cancelled": PillColours("#f2f4f7", "#667085"),
}
