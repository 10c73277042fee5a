"""A planned task reserves its plan's parts kit (issue 6): available = on hand − reserved.

On SQLite (a replica): ``task.reserve_kit`` / ``task.release_kit``, and an
issue that names a kit reservation releases it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from cmms_core.mutations import MutationRejected
from cmms_core.mutations.preventive import kit_reservation_id
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.inventory import stock_movements
from tests.core.pm_world import PMWorld, build_world


@dataclass
class Kit:
    world: PMWorld
    task: uuid.UUID
    store: uuid.UUID  # a store location of the task's site
    other_store: uuid.UUID  # one of site B
    bearing: uuid.UUID  # 2 per visit
    seal: uuid.UUID  # 1.5 per visit

    def run(self, name: str, payload: dict[str, Any], actor: Actor | None = None) -> None:
        self.world.run(name, payload, actor)

    def refused(
        self, name: str, payload: dict[str, Any], code: str, actor: Actor | None = None
    ) -> None:
        before = self.count()
        with pytest.raises(MutationRejected) as raised:
            self.run(name, payload, actor)
        assert raised.value.code == code, raised.value.message
        assert self.count() == before

    def count(self) -> int:
        with self.world.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(stock_movements)).scalar_one())

    def _sum(self, part: uuid.UUID, reserved: bool) -> Decimal:
        m = stock_movements.c
        kinds = m.kind.in_(["reservation", "release"])
        query = select(func.coalesce(func.sum(m.quantity), 0)).where(
            m.part_id == part, kinds if reserved else ~kinds, m.deleted_at.is_(None)
        )
        with self.world.engine.connect() as c:
            return Decimal(c.execute(query).scalar_one())

    def reserved(self, part: uuid.UUID) -> Decimal:
        return self._sum(part, reserved=True)

    def available(self, part: uuid.UUID) -> Decimal:
        return self._sum(part, reserved=False) - self.reserved(part)

    def reservations(self) -> list[Any]:
        m = stock_movements.c
        query = select(stock_movements).where(m.kind == "reservation").order_by(m.id)
        with self.world.engine.connect() as c:
            return list(c.execute(query).mappings())


@pytest.fixture
def kit(replica: Any) -> Kit:
    world = build_world(replica.engine)
    locations = []
    for site, code in ((world.site_a, "A-01"), (world.site_b, "B-01")):
        locations.append(uuid.uuid4())
        world.run(
            "location.create",
            {"id": locations[-1], "site_id": site, "code": code, "store": "Magasin"},
        )
    bearing, seal = uuid.uuid4(), uuid.uuid4()
    for part, reference in ((bearing, "ROUL-6204"), (seal, "JOINT-40")):
        world.run("part.create", {"id": part, "reference": reference, "description": reference})
        world.run(
            "stock.move",
            {
                "id": uuid.uuid4(),
                "kind": "receipt",
                "part_id": part,
                "location_id": locations[0],
                "quantity": "10",
            },
        )
    plan_id = world.plan(
        equipment_id=world.equipment(),
        recurrence={"freq": "weekly", "time_of_day": "09:00"},
        parts_kit=[
            {"part_id": bearing, "quantity": 2},
            {"part_id": seal, "quantity": 1.5},
        ],
    )
    world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [task] = world.tasks(plan_id)
    return Kit(world, task.id, locations[0], locations[1], bearing, seal)


def test_reserving_the_kit_reserves_each_line_for_the_task(kit: Kit) -> None:
    kit.run("task.reserve_kit", {"task_id": kit.task, "location_id": kit.store})
    assert (kit.reserved(kit.bearing), kit.available(kit.bearing)) == (Decimal(2), Decimal(8))
    assert (kit.reserved(kit.seal), kit.available(kit.seal)) == (Decimal("1.5"), Decimal("8.5"))
    task = kit.world.task(kit.task)
    rows = kit.reservations()
    assert {r["id"] for r in rows} == {
        kit_reservation_id(kit.task, kit.bearing),
        kit_reservation_id(kit.task, kit.seal),
    }
    for row in rows:
        assert (row["ref_table"], row["ref_id"]) == ("maintenance_tasks", kit.task)
        assert row["location_id"] == kit.store
        assert row["site_id"] == kit.world.site_a
        assert row["occurred_at"] == (task["scheduled_start"] or task["due_at"])


def test_reserving_twice_reserves_once(kit: Kit) -> None:
    payload = {"task_id": kit.task, "location_id": kit.store}
    kit.run("task.reserve_kit", payload)
    before = kit.count()
    kit.run("task.reserve_kit", payload)  # a second click, or the replay of another device
    assert kit.count() == before
    assert kit.reserved(kit.bearing) == 2
    # a line released by hand is reserved again, under a new id
    kit.run(
        "stock.release",
        {"id": uuid.uuid4(), "reservation_id": kit_reservation_id(kit.task, kit.seal)},
    )
    kit.run("task.reserve_kit", payload)
    assert (kit.reserved(kit.bearing), kit.reserved(kit.seal)) == (Decimal(2), Decimal("1.5"))
    assert kit_reservation_id(kit.task, kit.seal, 1) in {r["id"] for r in kit.reservations()}


def test_release_kit_frees_what_is_still_reserved(kit: Kit) -> None:
    kit.run("task.reserve_kit", {"task_id": kit.task, "location_id": kit.store})
    kit.run("task.release_kit", {"task_id": kit.task})
    assert (kit.reserved(kit.bearing), kit.reserved(kit.seal)) == (Decimal(0), Decimal(0))
    assert (kit.available(kit.bearing), kit.available(kit.seal)) == (Decimal(10), Decimal(10))
    kit.refused("task.release_kit", {"task_id": kit.task}, "invalid_state")


def test_an_issue_against_the_kit_reservation_releases_it(kit: Kit) -> None:
    kit.run("task.reserve_kit", {"task_id": kit.task, "location_id": kit.store})
    kit.run(
        "stock.move",
        {
            "id": uuid.uuid4(),
            "kind": "issue",
            "part_id": kit.bearing,
            "location_id": kit.store,
            "quantity": "2",
            "ref_table": "maintenance_tasks",
            "ref_id": kit.task,
            "reservation_id": kit_reservation_id(kit.task, kit.bearing),
        },
    )
    assert (kit.reserved(kit.bearing), kit.available(kit.bearing)) == (Decimal(0), Decimal(8))
    # only the seal is still held: releasing the kit releases that one
    kit.run("task.release_kit", {"task_id": kit.task})
    assert kit.reserved(kit.seal) == 0
    assert kit.available(kit.seal) == 10


def test_reserve_kit_is_refused_off_site_or_without_a_kit(kit: Kit) -> None:
    other = {"task_id": kit.task, "location_id": kit.other_store}
    kit.refused("task.reserve_kit", other, "invalid")
    plan_id = kit.world.plan(equipment_id=kit.world.equipment(), recurrence={"freq": "weekly"})
    kit.world.generate(date(2026, 3, 2), date(2026, 3, 2))
    [bare] = kit.world.tasks(plan_id)
    kit.refused("task.reserve_kit", {"task_id": bare.id, "location_id": kit.store}, "invalid")
    outsider = kit.world.user(Role.TECHNICIAN, "Nora Nantes", sites=(kit.world.site_b,))
    payload = {"task_id": kit.task, "location_id": kit.store}
    kit.refused("task.reserve_kit", payload, "forbidden", outsider)
