"""The preventive commands on SQLite (a replica) and PostgreSQL alike."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select

from cmms_core.mutations import MutationRejected
from cmms_core.mutations.preventive import template_plan_id
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.assets import equipments, meter_readings
from cmms_core.schema.maintenance import maintenance_history, maintenance_plans
from cmms_core.schema.people import technician_absences
from tests.core.pm_world import NOW, PMWorld, build_world

CHECKLIST = [
    {"key": "c1", "label": "Contrôler les courroies", "kind": "check"},
    {
        "key": "c2",
        "label": "Pression de sortie",
        "kind": "measure",
        "unit": "bar",
        "min": 6.5,
        "max": 8.0,
    },
    {"key": "c3", "label": "Remarques", "kind": "text", "required": False},
    {"key": "c4", "label": "Photo du filtre", "kind": "photo"},
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Engine:
    if request.param == "sqlite":
        engine: Engine = request.getfixturevalue("replica").engine
        return engine
    engine = request.getfixturevalue("pg_engine")
    return engine


@pytest.fixture
def world(db: Engine) -> PMWorld:
    return build_world(db)


def refused(
    world: PMWorld, name: str, payload: dict[str, Any], code: str, actor=None
) -> MutationRejected:  # type: ignore[no-untyped-def]
    with pytest.raises(MutationRejected) as raised:
        world.run(name, payload, actor)
    assert raised.value.code == code, raised.value.message
    return raised.value


def one_task(world: PMWorld, **plan_fields: Any) -> tuple[uuid.UUID, uuid.UUID]:
    """An equipment with a weekly plan and its task of Monday 2 March 2026 (09:00 Paris)."""
    equipment = world.equipment()
    plan_id = world.plan(
        equipment_id=equipment,
        recurrence={"freq": "weekly", "time_of_day": "09:00"},
        **plan_fields,
    )
    world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [task] = world.tasks(plan_id)
    return plan_id, task.id


# ------------------------------------------------------------------ plans


def test_plan_create_validates_and_stores_the_form(world: PMWorld) -> None:
    equipment = world.equipment()
    plan_id = world.plan(
        equipment_id=equipment,
        recurrence={"freq": "monthly", "month_day": 31, "time_of_day": "07:30"},
        checklist=CHECKLIST,
        parts_kit=[{"part_id": uuid.uuid4(), "quantity": 2}],
        required_skills=["meca", " elec ", "meca"],
        tolerance_days=3,
    )
    row = world.plan_row(plan_id)
    assert row.site_id == world.site_a and row.equipment_id == equipment
    assert row.recurrence["month_day"] == 31 and row.recurrence["time_of_day"] == "07:30:00"
    assert row.required_skills == ["elec", "meca"]
    assert row.checklist[1]["min"] == 6.5 and row.checklist[2]["required"] is False
    assert row.parts_kit[0]["quantity"] == 2

    bad_limits = [{"key": "m", "label": "x", "kind": "measure", "min": 9, "max": 1}]
    for fields, code in (
        ({"recurrence": {"freq": "hourly"}}, "invalid"),
        ({"checklist": bad_limits}, "invalid"),
        ({"checklist": [CHECKLIST[0], CHECKLIST[0]]}, "invalid"),
        ({"equipment_type_id": world.type_id}, "invalid"),  # two targets
    ):
        payload = {"id": uuid.uuid4(), "name": "P", "equipment_id": equipment} | fields
        refused(world, "plan.create", payload, code)
    refused(world, "plan.create", {"id": uuid.uuid4(), "name": "P"}, "invalid")  # no target
    technician = world.technician("Tom")
    payload = {"id": uuid.uuid4(), "name": "P", "equipment_id": equipment}
    refused(world, "plan.create", payload, "forbidden", technician)
    other_site = world.equipment(site=world.site_b)
    payload = {"id": uuid.uuid4(), "name": "P", "equipment_id": other_site}
    refused(world, "plan.create", payload, "forbidden", world.supervisor)


def test_plan_update_merges_fields_and_refuses_cycles(world: PMWorld) -> None:
    equipment = world.equipment()
    first = world.plan(equipment_id=equipment)
    second = world.plan(equipment_id=equipment, depends_on_plan_id=first)
    world.run(
        "plan.update",
        {"id": first, "fields": {"estimated_minutes": 90, "recurrence": {"freq": "daily"}}},
        world.supervisor,
    )
    row = world.plan_row(first)
    assert row.estimated_minutes == 90 and row.recurrence["freq"] == "daily"
    assert row.name == "Visite"
    refused(
        world, "plan.update", {"id": first, "fields": {"depends_on_plan_id": second}}, "invalid"
    )
    refused(world, "plan.update", {"id": first, "fields": {"site_id": world.site_b}}, "invalid")
    refused(world, "plan.update", {"id": first, "fields": {"tolerance_days": -1}}, "invalid")


def test_apply_template_makes_one_plan_per_equipment_once(world: PMWorld) -> None:
    template = world.plan(
        is_template=True,
        equipment_type_id=world.type_id,
        name="Compresseur — visite mensuelle",
        checklist=CHECKLIST,
    )
    assert world.plan_row(template).site_id is None
    first, second = world.equipment(), world.equipment()
    payload = {"template_id": template, "equipment_ids": [first, second]}
    world.run("plan.apply_template", payload, world.supervisor)
    world.run("plan.apply_template", payload, world.supervisor)  # nothing twice
    with world.engine.connect() as connection:
        plans = (
            connection.execute(
                select(maintenance_plans).where(maintenance_plans.c.template_id == template)
            )
            .mappings()
            .all()
        )
    assert {p.id for p in plans} == {template_plan_id(template, e) for e in (first, second)}
    assert all(p.name == "Compresseur — visite mensuelle" and not p.is_template for p in plans)
    assert all(p.checklist == world.plan_row(template).checklist for p in plans)
    refused(
        world,
        "plan.apply_template",
        {"template_id": plans[0].id, "equipment_ids": [first]},
        "invalid",
    )
    other_site = world.equipment(site=world.site_b)
    payload = {"template_id": template, "equipment_ids": [first, other_site]}
    refused(world, "plan.apply_template", payload, "forbidden", world.supervisor)


# ------------------------------------------------------------------ scheduling


def test_drag_keeps_the_duration_and_resize_moves_the_end(world: PMWorld) -> None:
    _plan, task_id = one_task(world)
    start = datetime(2026, 3, 3, 12, tzinfo=UTC)
    world.run("task.schedule", {"id": task_id, "scheduled_start": start}, world.supervisor)
    task = world.task(task_id)
    assert (task.scheduled_start, task.scheduled_end) == (start, start + timedelta(hours=1))
    end = start + timedelta(hours=3)
    world.run("task.schedule", {"id": task_id, "scheduled_end": end}, world.supervisor)
    assert world.task(task_id).scheduled_end == end
    refused(world, "task.schedule", {"id": task_id, "scheduled_end": start}, "invalid")
    refused(world, "task.schedule", {"id": task_id}, "invalid")
    refused(
        world,
        "task.schedule",
        {"id": task_id, "scheduled_start": "2026-03-03T12:00:00"},  # naive
        "invalid",
    )


def test_manual_assignment_records_conflicts_as_warnings(world: PMWorld) -> None:
    _plan, task_id = one_task(world, required_skills=["hydraulique"])
    tom = world.technician("Tom", ["meca"])
    world.run(
        "absence.create",
        {
            "id": uuid.uuid4(),
            "user_id": tom.user_id,
            "starts_at": datetime(2026, 3, 2, 0, tzinfo=UTC),
            "ends_at": datetime(2026, 3, 3, 0, tzinfo=UTC),
            "reason": "congés",
        },
        world.supervisor,
    )
    world.run("task.schedule", {"id": task_id, "assigned_to": tom.user_id}, world.supervisor)
    task = world.task(task_id)
    assert task.assigned_to == tom.user_id and task.status == "assigned"
    assert {w["code"] for w in task.schedule_warnings} == {"missing_skills", "absent"}
    # moved to Tuesday 10:00 Paris: only the skill is missing now
    tuesday = datetime(2026, 3, 3, 9, tzinfo=UTC)
    world.run("task.schedule", {"id": task_id, "scheduled_start": tuesday}, world.supervisor)
    assert [w["code"] for w in world.task(task_id).schedule_warnings] == ["missing_skills"]
    # unassigned: back to reported, no warnings
    world.run("task.schedule", {"id": task_id, "assigned_to": None}, world.supervisor)
    task = world.task(task_id)
    assert (task.assigned_to, task.status, task.schedule_warnings) == (None, "reported", [])
    refused(world, "task.schedule", {"id": task_id, "assigned_to": tom.user_id}, "forbidden", tom)


def test_double_booking_and_dependency_warnings(world: PMWorld) -> None:
    equipment = world.equipment()
    first = world.plan(equipment_id=equipment, estimated_minutes=120)
    second = world.plan(equipment_id=equipment, depends_on_plan_id=first)
    world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [a] = world.tasks(first)
    [b] = world.tasks(second)
    assert b.depends_on_id == a.id and b.scheduled_start == a.scheduled_end
    tom = world.technician("Tom")
    for task in (a, b):
        world.run("task.schedule", {"id": task.id, "assigned_to": tom.user_id}, world.supervisor)
    assert world.task(b.id).schedule_warnings == []
    world.run("task.schedule", {"id": b.id, "scheduled_start": a.scheduled_start}, world.supervisor)
    warnings = world.task(b.id).schedule_warnings
    assert {w["code"] for w in warnings} == {"double_booking", "dependency"}
    assert {w.get("other_task_id") for w in warnings} == {str(a.id)}


def test_auto_assign_picks_a_skilled_free_technician(world: PMWorld) -> None:
    _plan, task_id = one_task(world, required_skills=["elec"])
    world.technician("Alice", ["meca"])
    bob = world.technician("Bob", ["elec", "meca"])
    world.technician("Carl", ["elec"], sites=(world.site_b,))  # not on this site
    world.run(
        "task.auto_assign", {"site_id": world.site_a, "task_ids": [task_id]}, world.supervisor
    )
    task = world.task(task_id)
    assert (task.assigned_to, task.status, task.schedule_warnings) == (bob.user_id, "assigned", [])
    assert task.scheduled_start == datetime(2026, 3, 2, 8, tzinfo=UTC)  # 09:00 Paris


def test_auto_assign_without_anyone_skilled_leaves_a_warning(world: PMWorld) -> None:
    _plan, task_id = one_task(world, required_skills=["froid"])
    world.technician("Alice", ["meca"])
    world.run(
        "task.auto_assign", {"site_id": world.site_a, "task_ids": [task_id]}, world.supervisor
    )
    task = world.task(task_id)
    assert task.assigned_to is None and task.status == "reported"
    assert [w["code"] for w in task.schedule_warnings] == ["no_skilled_technician"]


def test_absences_and_meters(world: PMWorld) -> None:
    tom = world.technician("Tom")
    absence = uuid.uuid4()
    window = {"starts_at": NOW, "ends_at": NOW - timedelta(hours=1)}
    refused(world, "absence.create", {"id": absence, "user_id": tom.user_id, **window}, "invalid")
    window = {"starts_at": NOW, "ends_at": NOW + timedelta(days=2)}
    refused(
        world, "absence.create", {"id": absence, "user_id": tom.user_id, **window}, "forbidden", tom
    )
    world.run("absence.create", {"id": absence, "user_id": tom.user_id, **window})
    world.run("absence.delete", {"id": absence}, world.supervisor)
    with world.engine.connect() as connection:
        row = (
            connection.execute(
                select(technician_absences).where(technician_absences.c.id == absence)
            )
            .mappings()
            .one()
        )
    assert row.deleted_at is not None and row.site_id is None

    equipment = world.equipment()
    for value, when in ((1200, NOW), (1100, NOW - timedelta(days=3))):  # the older one last
        payload = {
            "id": uuid.uuid4(),
            "equipment_id": equipment,
            "meter": "hours",
            "value": value,
            "read_at": when,
        }
        world.run("meter.record", payload, tom)
    cycles = {"id": uuid.uuid4(), "equipment_id": equipment, "meter": "cycles", "value": 5000}
    world.run("meter.record", cycles | {"read_at": NOW}, tom)
    with world.engine.connect() as connection:
        eq = connection.execute(select(equipments).where(equipments.c.id == equipment)).one()
        readings = connection.execute(select(meter_readings.c.read_by)).scalars().all()
    assert (eq.operating_hours, eq.cycle_count) == (Decimal("1200.0"), 5000)
    assert readings == [tom.user_id] * 3
    storekeeper = world.user(Role.STOREKEEPER, "Sue")
    payload = cycles | {"id": uuid.uuid4(), "read_at": NOW}
    refused(world, "meter.record", payload, "forbidden", storekeeper)


def test_technician_profile(world: PMWorld) -> None:
    tom = world.technician("Tom", ["elec"], working_hours={"0": [["06:00", "14:00"]]})
    from cmms_core.schema.people import users

    with world.engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.id == tom.user_id)).mappings().one()
    assert row.skills == ["elec"] and row.working_hours == {"0": [["06:00", "14:00"]]}
    bad = {"id": tom.user_id, "working_hours": {"0": [["14:00", "06:00"]]}}
    refused(world, "technician.set_profile", bad, "invalid")
    refused(world, "technician.set_profile", {"id": tom.user_id, "skills": []}, "forbidden", tom)


# ------------------------------------------------------------------ interventions


def _started(world: PMWorld) -> tuple[uuid.UUID, uuid.UUID, Actor]:
    _plan, task_id = one_task(world, checklist=CHECKLIST)
    tom = world.technician("Tom")
    world.run("task.schedule", {"id": task_id, "assigned_to": tom.user_id}, world.supervisor)
    sheet = uuid.uuid4()
    world.run("intervention.start", {"id": sheet, "task_id": task_id}, tom)
    return task_id, sheet, tom


def test_the_intervention_flow_to_validation(world: PMWorld) -> None:
    task_id, sheet, tom = _started(world)
    assert world.task(task_id).status == "in_progress"
    assert world.intervention(sheet).technician_id == tom.user_id
    world.run(
        "intervention.save_checklist",
        {"id": sheet, "results": [{"key": "c1", "ok": True}, {"key": "c2", "value": 9.1}]},
        tom,
    )
    results = {r["key"]: r for r in world.intervention(sheet).checklist_results}
    assert results["c2"]["out_of_limit"] is True and results["c2"]["ok"] is False
    assert results["c1"]["out_of_limit"] is False and results["c2"]["unit"] == "bar"
    refused(
        world,
        "intervention.save_checklist",
        {"id": sheet, "results": [{"key": "zz", "ok": True}]},
        "invalid",
        tom,
    )
    error = refused(world, "intervention.complete", {"id": sheet}, "incomplete_checklist", tom)
    assert error.field_errors == {"results.c4": "required"}
    photo = uuid.uuid4()
    ended = NOW + timedelta(minutes=75)
    world.run(
        "intervention.complete",
        {
            "id": sheet,
            "ended_at": ended,
            "report": "RAS",
            "results": [{"key": "c4", "photo_id": photo}, {"key": "c2", "value": 7.2}],
        },
        tom,
    )
    done = world.intervention(sheet)
    assert (done.status, done.labour_minutes, done.report) == ("done", 75, "RAS")
    assert [r["key"] for r in done.checklist_results] == ["c1", "c2", "c4"]
    assert done.checklist_results[1]["out_of_limit"] is False
    task = world.task(task_id)
    assert (task.status, task.completed_at) == ("done", ended)
    assert world.plan_row(task.plan_id).last_done_at == ended

    refused(world, "intervention.validate", {"id": sheet}, "forbidden", tom)
    world.run("intervention.validate", {"id": sheet, "comment": "OK"}, world.supervisor)
    assert world.task(task_id).status == "validated"
    validated = world.intervention(sheet)
    assert (validated.validated_by, validated.validation_comment) == (
        world.supervisor.user_id,
        "OK",
    )
    with world.engine.connect() as connection:
        history = connection.execute(select(maintenance_history)).mappings().one()
    assert (history.ref_id, history.event_type) == (sheet, "preventive")
    refused(world, "intervention.validate", {"id": sheet}, "invalid_state", world.supervisor)


def test_a_rejected_intervention_goes_back_to_its_technician(world: PMWorld) -> None:
    task_id, sheet, tom = _started(world)
    results = [
        {"key": "c1", "ok": True},
        {"key": "c2", "value": 7},
        {"key": "c4", "photo_id": uuid.uuid4()},
    ]
    world.run("intervention.complete", {"id": sheet, "results": results}, tom)
    refused(
        world,
        "intervention.reject",
        {"id": sheet, "comment": " "},
        "comment_required",
        world.supervisor,
    )
    world.run("intervention.reject", {"id": sheet, "comment": "Photo floue"}, world.supervisor)
    assert world.task(task_id).status == "rejected"
    assert world.intervention(sheet).status == "rejected"
    again = uuid.uuid4()
    world.run("intervention.start", {"id": again, "task_id": task_id}, tom)
    assert world.task(task_id).status == "in_progress"


def test_only_the_assignee_or_a_supervisor_works_on_the_task(world: PMWorld) -> None:
    _plan, task_id = one_task(world)
    tom, ann = world.technician("Tom"), world.technician("Ann")
    refused(
        world, "intervention.start", {"id": uuid.uuid4(), "task_id": task_id}, "invalid_state", tom
    )
    world.run("task.schedule", {"id": task_id, "assigned_to": tom.user_id}, world.supervisor)
    refused(
        world, "intervention.start", {"id": uuid.uuid4(), "task_id": task_id}, "not_assignee", ann
    )
    world.run("intervention.start", {"id": uuid.uuid4(), "task_id": task_id}, world.supervisor)
    refused(
        world,
        "task.schedule",
        {"id": task_id, "assigned_to": None},
        "invalid_state",
        world.supervisor,
    )
