"""A technician's or a site's planning as an iCalendar file (RFC 5545), no dependency.

One ``VEVENT`` per scheduled task: ``UID`` is the task's id (an agenda that
imports the file again updates the events instead of doubling them),
``DTSTART``/``DTEND`` in UTC (``...Z``: every agenda places them in its own time
zone, no ``VTIMEZONE`` needed), ``SUMMARY`` the task's title, ``LOCATION`` the
equipment's code, ``CATEGORIES`` the kind of maintenance, ``STATUS``
(``CANCELLED`` for a cancelled task, ``TENTATIVE`` while unassigned, else
``CONFIRMED``), ``SEQUENCE`` unused. Text is escaped (backslash, ``;``, ``,``,
newlines) and content lines are folded at 75 octets without splitting a UTF-8
character; lines end with CRLF.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from cmms_desktop.store.queries.planning import CalendarEvent, Database, calendar_events

__all__ = [
    "PRODID",
    "escape_text",
    "events_to_ical",
    "fold_line",
    "site_calendar",
    "technician_calendar",
]

PRODID = "-//CMMS//Planning 1.0//FR"
_STATUS = {"cancelled": "CANCELLED"}
_STATUS_LABELS = {
    "reported": "à planifier",
    "assigned": "assignée",
    "in_progress": "en cours",
    "done": "terminée",
    "validated": "validée",
    "rejected": "rejetée",
    "cancelled": "annulée",
}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str, limit: int = 75) -> str:
    """A content line folded at ``limit`` octets (continuations start with a space)."""
    parts: list[str] = []
    current, size = "", 0
    budget = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > budget:
            parts.append(current)
            current, size = "", 0
            budget = limit - 1  # the leading space of a continuation counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(event: CalendarEvent, now: datetime) -> list[str]:
    status = _STATUS.get(event.status) or (
        "TENTATIVE" if event.assigned_to is None else "CONFIRMED"
    )
    description = [f"Statut : {_STATUS_LABELS.get(event.status, event.status)}"]
    if event.assignee_name:
        description.append(f"Technicien : {event.assignee_name}")
    if event.due_at is not None:
        description.append(f"Échéance : {event.due_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    return [
        "BEGIN:VEVENT",
        f"UID:{event.id}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(event.start)}",
        f"DTEND:{_stamp(event.end)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"LOCATION:{escape_text(event.equipment_code)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"CATEGORIES:{escape_text(event.kind.upper())}",
        f"PRIORITY:{_priority(event.priority)}",
        f"STATUS:{status}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def _priority(priority: int) -> int:
    """The task's priority (3 high .. 1 low) as iCalendar's (1 highest .. 9 lowest)."""
    return {3: 1, 2: 5, 1: 9}.get(priority, 0)


def events_to_ical(events: Iterable[CalendarEvent], *, name: str, now: datetime) -> str:
    """The VCALENDAR text of ``events`` (CRLF line ends, folded)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event(event, now)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def technician_calendar(
    db: Database,
    technician_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    name: str,
    now: datetime | None = None,
) -> str:
    """A technician's tasks scheduled in [start, end)."""
    events = calendar_events(db, start, end, technician_id=technician_id)
    return events_to_ical(events, name=name, now=now or datetime.now(UTC))


def site_calendar(
    db: Database,
    site_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    name: str,
    now: datetime | None = None,
) -> str:
    """A site's tasks scheduled in [start, end)."""
    events = calendar_events(db, start, end, site_ids=[site_id])
    return events_to_ical(events, name=name, now=now or datetime.now(UTC))
