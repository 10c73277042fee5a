"""Same-field conflicts between replicas: the newer clock wins, the loser is kept and shown.

Two replicas edit offline, then sync in turn against the real service. The
commands' hybrid-logical-clock stamps come from each writer's clock, set by
hand here, so that which edit is "newer" does not depend on the order the
replicas sync in (docs/sync-protocol.md, "Conflicts").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cmms_core.mutations import MutationRejected
from cmms_core.schema.assets import equipments
from cmms_core.schema.sync import sync_conflicts
from cmms_desktop.store.writer import LocalWriter
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_cursors_never_went_back,
    assert_same_as_server,
)

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]
T0 = datetime.now(UTC).replace(microsecond=0)
EARLIER, LATER = T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)


def write_at(dev: Device, moment: datetime, name: str, payload: Mapping[str, Any]) -> uuid.UUID:
    """A command written on ``dev`` whose clock reads ``moment``."""
    writer = LocalWriter(dev.engine, dev.device_id, clock=lambda: moment)
    return writer.execute(dev.actor(), name, payload)


def edit(dev: Device, moment: datetime, equipment_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    return write_at(dev, moment, "equipment.update", {"id": str(equipment_id), "fields": fields})


def server_equipment(plant: Plant, equipment_id: uuid.UUID) -> dict[str, Any]:
    with plant.db.connect() as connection:
        query = select(equipments).where(equipments.c.id == equipment_id)
        return dict(connection.execute(query).mappings().one())


def server_conflicts(plant: Plant) -> list[dict[str, Any]]:
    with plant.db.connect() as connection:
        rows = connection.execute(select(sync_conflicts).order_by(sync_conflicts.c.version))
        return [dict(row) for row in rows.mappings()]


def replica_conflicts(dev: Device) -> list[dict[str, Any]]:
    with dev.engine.connect() as connection:
        rows = connection.execute(select(sync_conflicts).order_by(sync_conflicts.c.version))
        return [dict(row) for row in rows.mappings()]


def two_offline_editors(
    plant: Plant, device: MakeDevice, **initial: Any
) -> tuple[uuid.UUID, Device, Device]:
    equipment_id = plant.equipment(plant.site_a, "P-1", **initial)
    admin = device("admin-pc", plant.admin)
    sam = device("sam-laptop", plant.supervisor)
    assert admin.sync().ok and sam.sync().ok
    return equipment_id, admin, sam


def assert_converged(plant: Plant, *devices: Device) -> None:
    for dev in devices:
        assert dev.outbox() == [] and dev.rejections() == []
    assert_same_as_server(plant, *devices)
    assert_cursors_never_went_back(*devices)


@pytest.mark.parametrize("newer_syncs_first", [True, False], ids=["older_last", "newer_last"])
def test_offline_edits_of_one_field_converge_to_the_newer_clock(
    plant: Plant, device: MakeDevice, newer_syncs_first: bool
) -> None:
    """Whichever syncs last, the newer edit wins everywhere; the other is kept in
    sync_conflicts with both values, both authors and both stamps."""
    equipment_id, admin, sam = two_offline_editors(plant, device, location="Hall 1")
    newer = edit(admin, LATER, equipment_id, location="Quai")
    older = edit(sam, EARLIER, equipment_id, location="Atelier")

    order = (admin, sam) if newer_syncs_first else (sam, admin)
    for dev in (*order, *order):
        assert dev.sync().ok

    assert server_equipment(plant, equipment_id)["location"] == "Quai"
    for dev in (admin, sam):
        row = dev.row("equipments", equipment_id)
        assert row is not None and row["location"] == "Quai"
    [conflict] = server_conflicts(plant)
    assert (conflict["entity"], conflict["entity_id"], conflict["field"]) == (
        "equipments",
        equipment_id,
        "location",
    )
    assert (conflict["kept_value"], conflict["lost_value"]) == ("Quai", "Atelier")
    assert (conflict["kept_by"], conflict["lost_by"]) == (plant.admin.id, plant.supervisor.id)
    assert conflict["kept_hlc"] > conflict["lost_hlc"]
    assert conflict["lost_mutation_id"] == older
    assert conflict["site_id"] == plant.site_a  # in the row's bucket
    assert conflict["resolved_at"] is None
    assert newer != older
    for dev in (admin, sam):  # both see it, with both values
        [seen] = replica_conflicts(dev)
        assert seen == conflict
    assert_converged(plant, admin, sam)


def test_edits_of_different_fields_merge_without_a_conflict(
    plant: Plant, device: MakeDevice
) -> None:
    equipment_id, admin, sam = two_offline_editors(plant, device, manufacturer="KSB")
    edit(admin, LATER, equipment_id, manufacturer="Grundfos")
    edit(sam, EARLIER, equipment_id, location="Hall 2")
    edit(sam, EARLIER, equipment_id, location="Hall 3")  # twice on one device: no conflict
    for dev in (sam, admin, sam):
        assert dev.sync().ok

    server = server_equipment(plant, equipment_id)
    assert (server["manufacturer"], server["location"]) == ("Grundfos", "Hall 3")
    assert server_conflicts(plant) == []
    assert server["field_clocks"]["manufacturer"] > server["field_clocks"]["location"]
    assert_converged(plant, admin, sam)


def test_an_edit_made_after_seeing_the_other_one_is_no_conflict(
    plant: Plant, device: MakeDevice
) -> None:
    """Sam saw the admin's edit (pulled it) before changing the field again: his
    edit wins even though his clock reads earlier (a PC whose clock is behind)."""
    equipment_id, admin, sam = two_offline_editors(plant, device, location="Hall 1")
    edit(admin, LATER, equipment_id, location="Quai")
    assert admin.sync().ok
    assert sam.sync().ok
    row = sam.row("equipments", equipment_id)
    assert row is not None and row["location"] == "Quai"

    edit(sam, EARLIER, equipment_id, location="Atelier")
    assert sam.sync().ok and admin.sync().ok

    server = server_equipment(plant, equipment_id)
    assert server["location"] == "Atelier"
    # the field's clock never goes back: it keeps the later stamp it had seen
    assert server["field_clocks"]["location"].startswith(f"{int(LATER.timestamp() * 1000)}-")
    assert server_conflicts(plant) == []
    assert_converged(plant, admin, sam)


def test_resolving_with_the_lost_value_brings_it_back_everywhere(
    plant: Plant, device: MakeDevice
) -> None:
    equipment_id, admin, sam = two_offline_editors(plant, device, location="Hall 1")
    edit(admin, LATER, equipment_id, location="Quai")
    edit(sam, EARLIER, equipment_id, location="Atelier")
    for dev in (admin, sam, admin):
        assert dev.sync().ok
    [conflict] = replica_conflicts(sam)

    # a technician of the site sees it but may not decide (equipment.edit)
    tech = device("atelier", plant.technician)
    assert tech.sync().ok
    assert [c["id"] for c in replica_conflicts(tech)] == [conflict["id"]]
    write = {"id": str(conflict["id"]), "choice": "lost"}
    with pytest.raises(MutationRejected) as refused:
        write_at(tech, T0 + timedelta(minutes=3), "conflict.resolve", write)
    assert refused.value.code == "forbidden"

    # Sam decides, offline: his value comes back at once on his replica...
    write_at(sam, T0 + timedelta(minutes=3), "conflict.resolve", write)
    row = sam.row("equipments", equipment_id)
    assert row is not None and row["location"] == "Atelier"
    # ...and everywhere after the sync
    for dev in (sam, admin, tech):
        assert dev.sync().ok
    assert server_equipment(plant, equipment_id)["location"] == "Atelier"
    [decided] = server_conflicts(plant)
    assert decided["resolution"] == "lost" and decided["resolved_by"] == plant.supervisor.id
    assert decided["resolved_at"] is not None
    for dev in (admin, tech):
        row = dev.row("equipments", equipment_id)
        assert row is not None and row["location"] == "Atelier"
        [seen] = replica_conflicts(dev)
        assert seen["resolution"] == "lost"
    assert_converged(plant, admin, sam)
    assert_same_as_server(plant, tech)

    # decided once: deciding again is refused
    with pytest.raises(MutationRejected) as refused:
        write_at(admin, T0 + timedelta(minutes=4), "conflict.resolve", {**write, "choice": "kept"})
    assert refused.value.code == "invalid_state"


def test_the_writer_stamps_commands_with_a_clock_that_survives_a_restart(
    plant: Plant, device: MakeDevice
) -> None:
    """Each command gets a later stamp than the one before, even when the PC's
    clock goes back (or stands still), and carries the versions the user saw."""
    equipment_id, admin, _sam = two_offline_editors(plant, device, location="Hall 1")
    seen = admin.row("equipments", equipment_id)
    assert seen is not None
    for moment, value in ((LATER, "A"), (EARLIER, "B"), (EARLIER, "C")):  # the clock went back
        edit(admin, moment, equipment_id, location=value)
    queued = admin.outbox()
    stamps = [entry["hlc"] for entry in queued]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert all(stamp.endswith(f"-{admin.device_id}") for stamp in stamps)
    assert stamps[0].startswith(f"{int(LATER.timestamp() * 1000)}-")
    assert [entry["base_versions"] for entry in queued] == [
        [["equipments", str(equipment_id), seen["version"]]]
    ] * 3
    reopened = LocalWriter(admin.engine, admin.device_id, clock=lambda: EARLIER)
    reopened.execute(
        admin.actor(), "equipment.update", {"id": str(equipment_id), "fields": {"location": "D"}}
    )
    assert admin.outbox()[-1]["hlc"] > stamps[-1]
    assert admin.sync().ok
    assert server_equipment(plant, equipment_id)["location"] == "D"
    assert server_conflicts(plant) == []
