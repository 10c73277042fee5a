"""The iCalendar export: RFC 5545 structure, UTC times, escaping and folding."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cmms_desktop.reports.ical import (
    escape_text,
    events_to_ical,
    fold_line,
    site_calendar,
    technician_calendar,
)
from cmms_desktop.store.queries.planning import CalendarEvent
from cmms_desktop.store.replica import Replica
from tests.core.pm_world import NOW, build_world

PARIS = ZoneInfo("Europe/Paris")


def event(**kw: object) -> CalendarEvent:
    fields: dict[str, object] = {
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "start": datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        "end": datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
        "title": "Compresseur — visite mensuelle; filtres, huile",
        "status": "assigned",
        "kind": "preventive",
        "priority": 3,
        "equipment_id": uuid.uuid4(),
        "equipment_code": "CMP-01",
        "assigned_to": uuid.uuid4(),
        "assignee_name": "Tom",
        "site_id": uuid.uuid4(),
        "due_at": None,
        "plan_id": None,
        "has_warnings": False,
    } | kw
    return CalendarEvent(**fields)  # type: ignore[arg-type]


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_escaping() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_folding_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold_line(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold_line("short") == "short"


def test_one_vevent_per_task_in_utc() -> None:
    text = events_to_ical(
        [event(), event(id=uuid.uuid4(), status="cancelled", assigned_to=None)],
        name="Planning, Lyon",
        now=NOW,
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "X-WR-CALNAME:Planning\\, Lyon" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    assert "UID:12345678-1234-5678-1234-567812345678" in lines
    assert "DTSTART:20260329T013000Z" in lines and "DTEND:20260329T023000Z" in lines
    assert "DTSTAMP:20260302T080000Z" in lines
    assert "SUMMARY:Compresseur — visite mensuelle\\; filtres\\, huile" in lines
    assert "LOCATION:CMP-01" in lines and "PRIORITY:1" in lines
    assert [x for x in lines if x.startswith("STATUS")] == ["STATUS:CONFIRMED", "STATUS:CANCELLED"]
    assert all(len(x.encode()) <= 75 for x in text.split("\r\n"))


def test_a_technician_and_a_site_calendar_from_the_replica(replica: Replica) -> None:
    world = build_world(replica.engine)
    press = world.equipment(code="PRESS-1")
    world.plan(equipment_id=press, recurrence={"freq": "daily"}, name="Graissage")
    world.generate(date(2026, 3, 2), date(2026, 3, 8))
    tom = world.technician("Tom")
    first = world.tasks()[0]
    world.run("task.schedule", {"id": first.id, "assigned_to": tom.user_id})
    span = (datetime(2026, 3, 1, tzinfo=PARIS), datetime(2026, 4, 1, tzinfo=PARIS))
    mine = unfold(technician_calendar(replica.engine, tom.user_id, *span, name="Tom", now=NOW))
    assert mine.count("BEGIN:VEVENT") == 1 and f"UID:{first.id}" in mine
    # 08:00 Paris (CET) on Monday 2 March
    assert "DTSTART:20260302T070000Z" in mine
    site = unfold(site_calendar(replica.engine, world.site_a, *span, name="Lyon", now=NOW))
    assert site.count("BEGIN:VEVENT") == 7
    assert site.count("STATUS:TENTATIVE") == 6
