"""Corrective maintenance through the real sync service.

The server decides the lifecycle from its own current state (a stale offline
validation comes back to its author with the reason), two people editing the
same repair sheet offline get a visible conflict rather than a silent
overwrite, and parts issued offline from two devices all reach the ledger.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select

from cmms_core.mutations.corrective import sheet_id_for
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.sync import sync_conflicts
from cmms_desktop.store.writer import LocalWriter
from sync_server.sync.versions import next_version
from tests.sync.conftest import Account, Device, Plant, assert_same_as_server

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]
T0 = datetime.now(UTC).replace(microsecond=0)
EARLIER, LATER = T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)


def actor_of(plant: Plant, account: Account) -> Actor:
    site_ids = None if account.role is Role.ADMIN else frozenset({plant.site_a})
    return Actor(account.id, account.role, site_ids)


def write_at(dev: Device, moment: datetime, name: str, payload: Mapping[str, Any]) -> uuid.UUID:
    writer = LocalWriter(dev.engine, dev.device_id, clock=lambda: moment)
    return writer.execute(dev.actor(), name, payload)


def started_failure(plant: Plant, *, done: bool = False) -> uuid.UUID:
    """A ticket of site A assigned to the technician and started, on the server."""
    failure_id = uuid.uuid4()
    plant.mutate(
        "failure.report",
        {
            "id": failure_id,
            "equipment_id": plant.equipment(plant.site_a, f"P-{failure_id.hex[:6]}"),
            "description": "Bruit anormal",
            "urgency": 3,
            "reported_at": T0.isoformat(),
        },
    )
    assign = {"id": failure_id, "action": "assign", "assignee_id": plant.technician.id}
    plant.mutate("failure.transition", assign)
    tech = actor_of(plant, plant.technician)
    plant.mutate("failure.transition", {"id": failure_id, "action": "start"}, tech)
    if done:
        plant.mutate("failure.transition", {"id": failure_id, "action": "complete"}, tech)
    return failure_id


def server_row(plant: Plant, table: Any, row_id: uuid.UUID) -> dict[str, Any]:
    with plant.db.connect() as connection:
        return dict(connection.execute(select(table).where(table.c.id == row_id)).mappings().one())


def test_a_stale_offline_validation_comes_back_to_its_author(
    plant: Plant, device: MakeDevice
) -> None:
    failure_id = started_failure(plant, done=True)
    sam = device("sam-laptop", plant.supervisor)
    assert sam.sync().ok
    # offline, Sam validates; meanwhile the administrator rejected it on the server
    sam.write("failure.transition", {"id": str(failure_id), "action": "validate"})
    assert sam.row("failures", failure_id)["status"] == "validated"  # type: ignore[index]
    plant.mutate(
        "failure.transition",
        {"id": failure_id, "action": "reject", "comment": "Photos manquantes"},
    )
    assert sam.sync().ok
    [rejection] = sam.rejections()
    assert (rejection["name"], rejection["code"]) == ("failure.transition", "invalid_state")
    assert rejection["message"]
    assert server_row(plant, failures, failure_id)["status"] == "rejected"
    row = sam.row("failures", failure_id)
    assert row is not None and row["status"] == "rejected"  # the optimistic change undone
    sheet = sam.row("repair_interventions", sheet_id_for(failure_id))
    assert sheet is not None and sheet["rejection_comment"] == "Photos manquantes"
    assert sam.outbox() == []


def test_assignment_is_decided_by_the_server(plant: Plant, device: MakeDevice) -> None:
    """A technician cannot assign, even offline: the command comes back forbidden."""
    failure_id = uuid.uuid4()
    plant.mutate(
        "failure.report",
        {
            "id": failure_id,
            "equipment_id": plant.equipment(plant.site_a, "P-ASSIGN"),
            "description": "x",
            "reported_at": T0.isoformat(),
        },
    )
    sam = device("sam-laptop", plant.supervisor)
    assert sam.sync().ok
    payload = {"id": str(failure_id), "action": "assign", "assignee_id": str(plant.technician.id)}
    sam.write("failure.transition", payload)
    assert sam.sync().ok and sam.rejections() == []
    row = server_row(plant, failures, failure_id)
    assert (row["status"], row["assigned_to"]) == ("assigned", plant.technician.id)


def test_two_people_editing_one_sheet_offline_get_a_visible_conflict(
    plant: Plant, device: MakeDevice
) -> None:
    failure_id = started_failure(plant)
    tom = device("workshop-pc", plant.technician)
    sam = device("sam-laptop", plant.supervisor)
    assert tom.sync().ok and sam.sync().ok
    save = "repair.save"
    write_at(
        tom,
        EARLIER,
        save,
        {
            "failure_id": str(failure_id),
            "fields": {"diagnosis": "Roulement grippé", "root_cause": "usure"},
        },
    )
    write_at(
        sam,
        LATER,
        save,
        {"failure_id": str(failure_id), "fields": {"diagnosis": "Défaut d'alignement"}},
    )
    for dev in (sam, tom, sam, tom):
        assert dev.sync().ok
    sheet_id = sheet_id_for(failure_id)
    sheet = server_row(plant, repair_interventions, sheet_id)
    assert sheet["diagnosis"] == "Défaut d'alignement"  # the newer edit wins
    assert sheet["root_cause"] == "usure"  # another field: merged, not lost
    with plant.db.connect() as connection:
        [conflict] = connection.execute(select(sync_conflicts)).mappings().all()
    assert (conflict["entity"], conflict["entity_id"], conflict["field"]) == (
        "repair_interventions",
        sheet_id,
        "diagnosis",
    )
    assert (conflict["kept_value"], conflict["lost_value"]) == (
        "Défaut d'alignement",
        "Roulement grippé",
    )
    assert (conflict["kept_by"], conflict["lost_by"]) == (plant.supervisor.id, plant.technician.id)
    for dev in (tom, sam):
        assert dev.outbox() == [] and dev.rejections() == []
        with dev.engine.connect() as connection:
            seen = connection.execute(select(sync_conflicts.c.id)).scalars().all()
        assert seen == [conflict["id"]]  # both see it
    assert_same_as_server(plant, tom, sam)


def test_parts_issued_offline_from_two_devices_all_reach_the_ledger(
    plant: Plant, device: MakeDevice
) -> None:
    failure_id = started_failure(plant)
    part_id, store_id = uuid.uuid4(), uuid.uuid4()
    with plant.db.begin() as connection:
        version = next_version(connection)
        connection.execute(
            insert(parts).values(
                id=part_id,
                version=version,
                reference="ROUL-6204",
                description="Roulement",
                unit_cost=Decimal("10.00"),
            )
        )
        connection.execute(
            insert(storage_locations).values(
                id=store_id, site_id=plant.site_a, version=version, code="MAG", store="Magasin"
            )
        )
    tom = device("workshop-pc", plant.technician)
    sue = device("stock-counter", plant.storekeeper)
    assert tom.sync().ok and sue.sync().ok
    moves = []
    for dev, quantity in ((tom, "1"), (sue, "3")):
        move_id = uuid.uuid4()
        moves.append(move_id)
        dev.write(
            "repair.add_part",
            {
                "id": str(move_id),
                "failure_id": str(failure_id),
                "part_id": str(part_id),
                "location_id": str(store_id),
                "quantity": quantity,
            },
        )
    for dev in (tom, sue, tom):
        assert dev.sync().ok and dev.rejections() == []
    with plant.db.connect() as connection:
        ledger = connection.execute(
            select(stock_movements.c.id, stock_movements.c.quantity).where(
                stock_movements.c.part_id == part_id
            )
        ).all()
    assert {row.id: int(row.quantity) for row in ledger} == {moves[0]: -1, moves[1]: -3}
    sheet = server_row(plant, repair_interventions, sheet_id_for(failure_id))
    assert sheet["parts_cost"] == Decimal("40.00")  # computed by the server from both
    row = tom.row("repair_interventions", sheet_id_for(failure_id))
    assert row is not None and row["parts_cost"] == Decimal("40.00")


def test_a_row_only_the_offline_run_wrote_does_not_outlive_the_sync(
    plant: Plant, device: MakeDevice
) -> None:
    """The soak run's case: Tom reports a stop on a machine he still sees running,
    while it is already down on the server. His optimistic run wrote a history
    line ("active -> down") that the server's run of the same command did not:
    after the sync his replica holds exactly the server's rows."""
    equipment_id = plant.equipment(plant.site_a, "PRESS-9")
    tom = device("tom-pc", plant.technician)
    assert tom.sync().ok
    state = {"id": equipment_id, "state": "down", "reason": "Arrêt constaté"}
    plant.mutate("equipment.set_state", state)  # on the server only

    write_at(
        tom,
        EARLIER,
        "failure.report",
        {
            "id": uuid.uuid4(),
            "equipment_id": equipment_id,
            "description": "Presse arrêtée",
            "urgency": 4,
            "equipment_stopped": True,
            "reported_at": EARLIER.isoformat(),
        },
    )
    report = tom.sync()
    assert report.ok and report.applied == 1
    assert_same_as_server(plant, tom)
