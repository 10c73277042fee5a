"""The planning screens' queries on a replica: calendar, supervisor landing, sheet."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert

from cmms_core.schema.maintenance import maintenance_tasks
from cmms_desktop.store.queries.planning import (
    calendar_events,
    intervention_detail,
    pm_compliance,
    supervisor_landing,
)
from cmms_desktop.store.replica import Replica
from tests.core.pm_world import NOW, PMWorld, build_world

PARIS = ZoneInfo("Europe/Paris")
CHECKLIST = [
    {"key": "c1", "label": "Courroies", "kind": "check"},
    {"key": "c2", "label": "Pression", "kind": "measure", "unit": "bar", "min": 6, "max": 8},
]


@pytest.fixture
def world(replica: Replica) -> PMWorld:
    return build_world(replica.engine)


def test_calendar_events_of_a_week_with_filters(world: PMWorld) -> None:
    press, pump = world.equipment(code="PRESS-1"), world.equipment(code="PUMP-1")
    world.plan(equipment_id=press, recurrence={"freq": "daily"})
    world.plan(equipment_id=pump, recurrence={"freq": "weekly"}, name="Pompe")
    other = world.equipment(site=world.site_b)
    world.plan(equipment_id=other, recurrence={"freq": "daily"})
    for site in (world.site_a, world.site_b):
        world.generate(date(2026, 3, 2), date(2026, 3, 31), site=site)
    tom = world.technician("Tom")
    week = (datetime(2026, 3, 2, tzinfo=PARIS), datetime(2026, 3, 9, tzinfo=PARIS))

    events = calendar_events(world.engine, *week, site_ids=[world.site_a])
    assert len(events) == 7 + 1
    assert [e.start for e in events] == sorted(e.start for e in events)
    first = events[0]
    assert (first.equipment_code, first.status, first.kind, first.assigned_to) in {
        ("PRESS-1", "reported", "preventive", None),
        ("PUMP-1", "reported", "preventive", None),
    }
    pump_event = next(e for e in events if e.equipment_code == "PUMP-1")
    world.run("task.schedule", {"id": pump_event.id, "assigned_to": tom.user_id})
    mine = calendar_events(world.engine, *week, technician_id=tom.user_id)
    assert [(e.id, e.assignee_name) for e in mine] == [(pump_event.id, "Tom")]
    assert len(calendar_events(world.engine, *week, equipment_id=press)) == 7
    assert len(calendar_events(world.engine, *week, unassigned=True, site_ids=[world.site_a])) == 7
    assert len(calendar_events(world.engine, *week)) == 15  # both sites
    # a day view: only what overlaps the day
    day = (datetime(2026, 3, 4, tzinfo=PARIS), datetime(2026, 3, 5, tzinfo=PARIS))
    assert len(calendar_events(world.engine, *day, site_ids=[world.site_a])) == 1


def test_a_task_overlapping_the_range_start_is_in_it(world: PMWorld) -> None:
    press = world.equipment()
    world.plan(equipment_id=press, recurrence={"freq": "daily", "time_of_day": "23:00"})
    world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [task] = world.tasks()
    world.run(
        "task.schedule", {"id": task.id, "scheduled_end": task.scheduled_start + timedelta(hours=3)}
    )
    next_day = (datetime(2026, 3, 3, tzinfo=PARIS), datetime(2026, 3, 4, tzinfo=PARIS))
    assert [e.id for e in calendar_events(world.engine, *next_day)] == [task.id]


def test_the_supervisor_landing(world: PMWorld) -> None:
    press = world.equipment(code="PRESS-1")
    plan_id = world.plan(
        equipment_id=press,
        recurrence={"freq": "weekly", "time_of_day": "09:00", "start": "2026-02-02"},
        tolerance_days=2,
        checklist=CHECKLIST,
    )
    world.generate(date(2026, 2, 2), date(2026, 3, 16))
    tasks = world.tasks(plan_id)  # Feb 2, 9, 16, 23, Mar 2, 9, 16
    tom = world.technician("Tom", ["meca"])
    world.technician("Ann", sites=(world.site_b,))
    for task in tasks:
        world.run("task.schedule", {"id": task.id, "assigned_to": tom.user_id})
    # Feb 2: done on time; Feb 9: done 5 days late; Mar 2: done and awaiting validation
    sheets = {}
    for task, late_days in ((tasks[0], 0), (tasks[1], 5), (tasks[4], 0)):
        sheet = uuid.uuid4()
        started = task.due_at + timedelta(days=late_days)
        world.run(
            "intervention.start",
            {"id": sheet, "task_id": task.id, "started_at": started},
            tom,
        )
        results = [{"key": "c1", "ok": True}, {"key": "c2", "value": 9}]
        world.run(
            "intervention.complete",
            {"id": sheet, "ended_at": started + timedelta(hours=1), "results": results},
            tom,
        )
        sheets[task.id] = sheet
    world.run("intervention.validate", {"id": sheets[tasks[0].id]}, world.supervisor)
    world.run("intervention.validate", {"id": sheets[tasks[1].id]}, world.supervisor)

    now = datetime(2026, 3, 3, 12, tzinfo=UTC)
    landing = supervisor_landing(world.engine, world.site_a, now, weeks=3, compliance_days=40)
    assert [m.name for m in landing.team] == ["Sam Superviseur", "Tom"]
    [waiting] = landing.awaiting_validation
    assert (waiting.intervention_id, waiting.technician_name) == (sheets[tasks[4].id], "Tom")
    assert waiting.out_of_limit is True
    # Feb 16 and Feb 23 are overdue (tolerance 2 days); Mar 2 is done
    assert [o.id for o in landing.overdue] == [tasks[2].id, tasks[3].id]
    assert landing.overdue[0].days_late == 13
    # the workload: weeks of Mar 2, 9, 16; Tom 60 min each (the estimate), capacity 40 h
    tom_cells = [c for c in landing.workload if c.user_id == tom.user_id]
    assert [(c.week, c.minutes, c.capacity_minutes) for c in tom_cells] == [
        (date(2026, 3, 2), 60, 2400),
        (date(2026, 3, 9), 60, 2400),
        (date(2026, 3, 16), 60, 2400),
    ]
    # compliance since Jan 22: Feb 2 on time, Feb 9 late, Feb 16 and 23 missed, Mar 2 on time
    summary = landing.compliance
    assert (summary.on_time, summary.late, summary.missed, summary.pending) == (2, 1, 2, 0)
    assert summary.rate == pytest.approx(2 / 5)
    other = pm_compliance(world.engine, [world.site_b], now - timedelta(days=40), now, now, PARIS)
    assert (other.total, other.rate) == (0, None)


def test_the_intervention_detail(world: PMWorld) -> None:
    press = world.equipment(code="PRESS-1")
    world.plan(equipment_id=press, checklist=CHECKLIST, recurrence={"freq": "weekly"})
    world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [task] = world.tasks()
    tom = world.technician("Tom")
    world.run("task.schedule", {"id": task.id, "assigned_to": tom.user_id})
    sheet = uuid.uuid4()
    world.run("intervention.start", {"id": sheet, "task_id": task.id}, tom)
    world.run(
        "intervention.save_checklist",
        {"id": sheet, "results": [{"key": "c2", "value": 5.5}], "report": "fuite"},
        tom,
    )
    detail = intervention_detail(world.engine, sheet)
    assert detail is not None
    assert (detail.status, detail.task_status, detail.technician_name) == (
        "in_progress",
        "in_progress",
        "Tom",
    )
    assert (detail.equipment_code, detail.report, detail.started_at) == ("PRESS-1", "fuite", NOW)
    assert [
        (line.key, line.result is not None, line.out_of_limit) for line in detail.checklist
    ] == [
        ("c1", False, False),
        ("c2", True, True),
    ]
    assert detail.checklist[1].unit == "bar"
    assert intervention_detail(world.engine, uuid.uuid4()) is None


def test_a_month_of_5000_events_is_one_query(world: PMWorld, replica: Replica) -> None:
    """Shape, not timing: 5,000 tasks of a month come back whole, in order."""
    press = world.equipment()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "site_id": world.site_a,
            "equipment_id": press,
            "title": f"T{n}",
            "status": "assigned",
            "scheduled_start": start + timedelta(minutes=8 * n),
            "scheduled_end": start + timedelta(minutes=8 * n + 60),
            "schedule_warnings": [],
        }
        for n in range(5000)
    ]
    with replica.engine.begin() as connection:
        connection.execute(insert(maintenance_tasks), rows)
    statements: list[str] = []

    from sqlalchemy import event

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(replica.engine, "before_cursor_execute", count)
    try:
        events = calendar_events(
            replica.engine, start, start + timedelta(days=31), site_ids=[world.site_a]
        )
    finally:
        event.remove(replica.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(events) == 5000 and len(selects) == 1
    assert events[0].title == "T0" and events[-1].title == "T4999"
