"""The planning engine: what it generates, and that generating twice creates nothing twice."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, insert, select

from cmms_core.rules.planning import (
    EquipmentView,
    ExistingTask,
    PlanView,
    generation_key,
    plan_tasks,
    task_id_for,
)
from cmms_core.rules.recurrence import MeterState
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.maintenance import maintenance_tasks
from tests.core.pm_world import NOW, PMWorld, build_world

PARIS = ZoneInfo("Europe/Paris")
SITE, OTHER_SITE, TYPE, OTHER_TYPE = (uuid.uuid4() for _ in range(4))
TZ = {SITE: PARIS, OTHER_SITE: PARIS}
CREATED = datetime(2026, 3, 2, 8, tzinfo=UTC)  # Monday


def eq(code: str, **kw: object) -> EquipmentView:
    fields: dict[str, object] = {"site_id": SITE, "type_id": TYPE} | kw
    return EquipmentView(uuid.uuid4(), code=code, **fields)  # type: ignore[arg-type]


def plan(**kw: object) -> PlanView:
    fields: dict[str, object] = {
        "site_id": SITE,
        "name": "Visite",
        "equipment_id": None,
        "equipment_type_id": None,
        "recurrence": {"freq": "weekly"},
        "estimated_minutes": 60,
        "created_at": CREATED,
    } | kw
    return PlanView(uuid.uuid4(), **fields)  # type: ignore[arg-type]


def generate(plans: list[PlanView], equipments: list[EquipmentView], existing=(), **kw):  # type: ignore[no-untyped-def]
    return plan_tasks(
        plans,
        equipments,
        existing,
        site_tz=TZ,
        window_start=kw.pop("first", date(2026, 3, 2)),
        horizon_end=kw.pop("last", date(2026, 3, 29)),
        **kw,
    )


def test_an_equipment_plan_gets_one_task_per_occurrence_with_stable_ids() -> None:
    press = eq("P-1", criticality="high")
    weekly = plan(equipment_id=press.id)
    tasks = generate([weekly], [press])
    assert [t.due_at.astimezone(PARIS).date() for t in tasks] == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
    ]
    first = tasks[0]
    assert first.generation_key == f"{weekly.id}:2026-03-02"
    assert first.id == task_id_for(first.generation_key)
    assert first.scheduled_end - first.scheduled_start == timedelta(minutes=60)
    assert first.priority == 3 and first.title == "Visite (P-1)"
    assert generate([weekly], [press]) == tasks  # pure: the same every time


def test_a_type_plan_gets_one_task_per_live_equipment_of_the_type() -> None:
    a, b = eq("A"), eq("B")
    stopped = eq("C", state="out_of_service")
    elsewhere = eq("D", site_id=OTHER_SITE)
    other_type = eq("E", type_id=OTHER_TYPE)
    by_type = plan(equipment_type_id=TYPE)
    tasks = generate([by_type], [a, b, stopped, elsewhere, other_type], last=date(2026, 3, 2))
    assert {t.equipment_id for t in tasks} == {a.id, b.id}
    assert {t.generation_key for t in tasks} == {
        generation_key(by_type, a.id, "2026-03-02"),
        f"{by_type.id}:{b.id}:2026-03-02",
    }
    # a global type plan (no site) reaches every site
    everywhere = plan(equipment_type_id=TYPE, site_id=None)
    tasks = generate([everywhere], [a, elsewhere], last=date(2026, 3, 2))
    assert {t.equipment_id for t in tasks} == {a.id, elsewhere.id}


def test_templates_and_inactive_plans_generate_nothing() -> None:
    press = eq("P")
    assert generate([plan(equipment_type_id=TYPE, is_template=True)], [press]) == []
    assert generate([plan(equipment_id=press.id, active=False)], [press]) == []


def test_taken_keys_and_ids_are_left_alone() -> None:
    press = eq("P")
    weekly = plan(equipment_id=press.id)
    first = generate([weekly], [press])
    # one made by an earlier run (its id), one made by the demo (its key, another id)
    existing = [
        ExistingTask(first[0].id, weekly.id, press.id, first[0].generation_key, "reported"),
        ExistingTask(uuid.uuid4(), weekly.id, press.id, first[1].generation_key, "cancelled"),
    ]
    again = generate([weekly], [press], existing)
    assert [t.id for t in again] == [t.id for t in first[2:]]


def test_a_floating_plan_waits_for_its_open_task() -> None:
    press = eq("P")
    floating = plan(equipment_id=press.id, recurrence={"freq": "weekly", "mode": "floating"})
    [task] = generate([floating], [press])
    assert task.generation_key == f"{floating.id}:after-start"
    waiting = ExistingTask(task.id, floating.id, press.id, task.generation_key, "assigned")
    assert generate([floating], [press], [waiting]) == []
    done_at = datetime(2026, 3, 4, 14, tzinfo=UTC)  # done on Wednesday: next Wednesday
    done = ExistingTask(
        task.id, floating.id, press.id, task.generation_key, "validated", completed_at=done_at
    )
    [next_task] = generate([floating], [press], [done])
    assert next_task.generation_key == f"{floating.id}:after-2026-03-04"
    assert next_task.due_at.astimezone(PARIS).date() == date(2026, 3, 11)


def test_a_counter_plan_projects_from_the_equipment_readings() -> None:
    press = eq("P")
    by_hours = plan(
        equipment_id=press.id,
        recurrence={"freq": None, "meters": [{"meter": "hours", "every": 100}]},
    )
    readings = MeterState.of(
        [(datetime(2026, 2, 20, tzinfo=UTC), 0), (datetime(2026, 3, 2, tzinfo=UTC), 50)]
    )
    [task] = generate([by_hours], [press], meters={(press.id, "hours"): readings})
    # never done: 100 h after the meter at the anchor (Mar 2 00:00 Paris, 49.8 h), at
    # 5 h a day from 50 h on Mar 2 00:00 UTC: 19.96 days later, Mar 21 23:00 UTC
    assert task.trigger == "hours"
    assert task.due_at.astimezone(PARIS).date() == date(2026, 3, 22)


def test_b_after_a_waits_for_the_same_day_task_of_a() -> None:
    press = eq("P")
    first = plan(equipment_id=press.id, estimated_minutes=90)
    second = plan(equipment_id=press.id, depends_on_plan_id=first.id, estimated_minutes=30)
    tasks = generate([second, first], [press], last=date(2026, 3, 9))
    of_first = {t.due_at.date(): t for t in tasks if t.plan_id == first.id}
    for task in (t for t in tasks if t.plan_id == second.id):
        parent = of_first[task.due_at.date()]
        assert task.depends_on_id == parent.id
        assert task.scheduled_start == parent.scheduled_end
        assert task.scheduled_end - task.scheduled_start == timedelta(minutes=30)


# ------------------------------------------------------------------ the command


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


def _count(engine: Engine, table=maintenance_tasks) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_generating_twice_creates_nothing_twice(world: PMWorld) -> None:
    press, pump = world.equipment(), world.equipment()
    weekly = world.plan(equipment_id=press)
    monthly_type = world.plan(
        equipment_type_id=world.type_id, site_id=world.site_a, recurrence={"freq": "monthly"}
    )
    world.generate(date(2026, 3, 2), date(2026, 4, 30))
    tasks = world.tasks()
    assert len([t for t in tasks if t.plan_id == weekly]) == 9
    assert {t.equipment_id for t in tasks if t.plan_id == monthly_type} == {press, pump}
    audits = _count(world.engine, audit_log)

    world.generate(date(2026, 3, 2), date(2026, 4, 30))
    world.generate(date(2026, 3, 9), date(2026, 4, 30), offline=False, version=7)
    assert world.tasks() == tasks
    assert _count(world.engine, audit_log) == audits  # not even an audit entry
    for task in tasks:
        assert task.id == task_id_for(task.generation_key)
        assert task.status == "reported" and task.schedule_warnings == []


def test_a_longer_horizon_adds_only_the_new_occurrences(world: PMWorld) -> None:
    press = world.equipment()
    world.plan(equipment_id=press)
    world.generate(date(2026, 3, 2), date(2026, 3, 15))
    before = {t.id for t in world.tasks()}
    world.generate(date(2026, 3, 2), date(2026, 3, 29))
    after = {t.id for t in world.tasks()}
    assert before < after and len(after - before) == 2


def test_a_cancelled_or_removed_occurrence_is_not_made_again(world: PMWorld) -> None:
    press = world.equipment()
    weekly = world.plan(equipment_id=press)
    world.generate(date(2026, 3, 2), date(2026, 3, 15))
    first = world.tasks(weekly)[0]
    with world.engine.begin() as connection:
        connection.execute(
            maintenance_tasks.update()
            .where(maintenance_tasks.c.id == first.id)
            .values(deleted_at=NOW)
        )
    world.generate(date(2026, 3, 2), date(2026, 3, 15))
    assert first.id not in {t.id for t in world.tasks(weekly)}
    assert _count(world.engine) == 2


def test_a_task_with_the_key_under_another_id_is_kept(world: PMWorld) -> None:
    """The demo's tasks have random ids and the engine's keys: they are not doubled."""
    press = world.equipment()
    weekly = world.plan(equipment_id=press)
    other_id = uuid.uuid4()
    with world.engine.begin() as connection:
        connection.execute(
            insert(maintenance_tasks).values(
                id=other_id,
                site_id=world.site_a,
                plan_id=weekly,
                equipment_id=press,
                title="demo",
                status="validated",
                generation_key=f"{weekly}:2026-03-02",
                due_at=datetime(2026, 3, 2, 7, tzinfo=UTC),
                completed_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
            )
        )
    world.generate(date(2026, 3, 2), date(2026, 3, 9))
    keys = [t.generation_key for t in world.tasks(weekly)]
    assert keys == [f"{weekly}:2026-03-02", f"{weekly}:2026-03-09"]


def test_two_databases_generate_the_same_rows(replica_pair: tuple[Engine, Engine]) -> None:
    """Two replicas that never met: the same plan gives the same ids and keys."""
    first, second = replica_pair
    plan_id, equipment_ids = uuid.uuid4(), [uuid.uuid4(), uuid.uuid4()]
    made = []
    for engine in (first, second):
        world = build_world(engine)
        for n, equipment_id in enumerate(equipment_ids):
            world.run(
                "equipment.create",
                {
                    "id": equipment_id,
                    "site_id": world.site_a,
                    "code": f"EQ-{n}",
                    "name": "M",
                    "type_id": world.type_id,
                },
            )
        world.run(
            "plan.create",
            {
                "id": plan_id,
                "name": "Visite",
                "equipment_type_id": world.type_id,
                "site_id": world.site_a,
                "recurrence": {"freq": "weekly", "start": "2026-03-02"},
            },
        )
        world.generate(date(2026, 3, 2), date(2026, 3, 31))
        made.append({(t.id, t.generation_key, t.due_at) for t in world.tasks()})
    assert made[0] == made[1] and len(made[0]) == 10


@pytest.fixture
def replica_pair(tmp_path):  # type: ignore[no-untyped-def]
    from cmms_desktop.store import open_replica

    replicas = [open_replica(tmp_path / "one"), open_replica(tmp_path / "two")]
    yield tuple(r.engine for r in replicas)
    for r in replicas:
        r.dispose()
