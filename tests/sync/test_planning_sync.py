"""Task generation offline on two replicas and on the server: one task per occurrence."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from cmms_core.rules.planning import task_id_for
from cmms_core.schema.maintenance import maintenance_tasks
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_cursors_never_went_back,
    assert_same_as_server,
)

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]
GENERATE = {"from_date": "2026-03-02", "until": "2026-03-29"}


def _server_tasks(plant: Plant) -> list[tuple[uuid.UUID, str]]:
    with plant.db.connect() as connection:
        rows = connection.execute(
            select(maintenance_tasks.c.id, maintenance_tasks.c.generation_key).order_by(
                maintenance_tasks.c.generation_key
            )
        ).all()
    return [(row.id, row.generation_key) for row in rows]


def test_generated_offline_on_two_replicas_and_on_the_server_is_one_task(
    plant: Plant, device: MakeDevice
) -> None:
    press = plant.equipment(plant.site_a, "P-1")
    pump = plant.equipment(plant.site_a, "P-2")
    weekly, by_type = uuid.uuid4(), uuid.uuid4()
    plant.mutate(
        "plan.create",
        {
            "id": weekly,
            "name": "Graissage",
            "equipment_id": press,
            "recurrence": {"freq": "weekly", "start": "2026-03-02"},
        },
    )
    plant.mutate(
        "plan.create",
        {
            "id": by_type,
            "name": "Visite des pompes",
            "equipment_type_id": plant.equipment_type,
            "site_id": plant.site_a,
            "recurrence": {"freq": "daily", "interval": 14, "start": "2026-03-02"},
        },
    )
    admin = device("admin-pc", plant.admin)
    sam = device("sam-laptop", plant.supervisor)
    assert admin.sync().ok and sam.sync().ok

    payload = {"site_id": str(plant.site_a), **GENERATE}
    admin.write("plan.generate_tasks", payload)
    sam.write("plan.generate_tasks", payload)
    plant.mutate("plan.generate_tasks", payload)  # the server's own run, first
    expected = {f"{weekly}:2026-03-{day:02d}" for day in (2, 9, 16, 23)} | {
        f"{by_type}:{eq}:2026-03-{day:02d}" for eq in (press, pump) for day in (2, 16)
    }
    for dev in (admin, sam):  # each replica shows its optimistic tasks at once
        for key in expected:
            assert dev.row("maintenance_tasks", task_id_for(key)) is not None

    assert admin.sync().ok
    assert sam.sync().ok
    assert admin.sync().ok

    tasks = _server_tasks(plant)
    assert {key for _id, key in tasks} == expected and len(tasks) == len(expected)
    assert all(task_id == task_id_for(key) for task_id, key in tasks)
    for dev in (admin, sam):
        assert dev.outbox() == [] and dev.rejections() == []
        with dev.engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(maintenance_tasks))
            assert count.scalar_one() == len(expected)
    assert_same_as_server(plant, admin, sam)
    assert_cursors_never_went_back(admin, sam)


def test_a_reschedule_offline_follows_the_generated_task(plant: Plant, device: MakeDevice) -> None:
    """A task generated and moved offline reaches the server in the outbox's order."""
    press = plant.equipment(plant.site_a, "P-1")
    plan_id = uuid.uuid4()
    plant.mutate(
        "plan.create",
        {
            "id": plan_id,
            "name": "Graissage",
            "equipment_id": press,
            "recurrence": {"freq": "weekly", "start": "2026-03-02"},
        },
    )
    sam = device("sam-laptop", plant.supervisor)
    assert sam.sync().ok
    sam.write("plan.generate_tasks", {"site_id": str(plant.site_a), **GENERATE})
    task_id = task_id_for(f"{plan_id}:2026-03-09")
    sam.write(
        "task.schedule",
        {
            "id": str(task_id),
            "scheduled_start": "2026-03-10T13:00:00+00:00",
            "assigned_to": str(plant.technician.id),
        },
    )
    assert sam.sync().ok
    with plant.db.connect() as connection:
        row = (
            connection.execute(select(maintenance_tasks).where(maintenance_tasks.c.id == task_id))
            .mappings()
            .one()
        )
    assert (row.status, row.assigned_to) == ("assigned", plant.technician.id)
    assert row.scheduled_start.isoformat() == "2026-03-10T13:00:00+00:00"
    assert_same_as_server(plant, sam)
