"""Push and pull between replicas and the server, over real HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from cmms_core.protocol import encode_row, wire_columns
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipments
from cmms_core.schema.people import users
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.sync.apply import replica_transaction, upsert_wire_rows
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_cursors_never_went_back,
    assert_same_as_server,
)

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]


def test_equipment_created_offline_reaches_another_replica(
    plant: Plant, device: MakeDevice
) -> None:
    admin = device("admin-pc", plant.admin)
    tech = device("atelier", plant.technician)
    assert admin.sync().ok and tech.sync().ok

    equipment_id = uuid.uuid4()
    admin.write(
        "equipment.create",
        {
            "id": equipment_id,
            "site_id": plant.site_a,
            "code": "PMP-001",
            "name": "Pompe de relevage",
            "type_id": plant.equipment_type,
        },
    )
    local = admin.row("equipments", equipment_id)
    assert local is not None and local["version"] == 0  # the server has not seen it yet

    report = admin.sync()
    assert report.ok, report
    assert (report.pushed, report.applied, report.rejected) == (1, 1, 0)
    assert admin.outbox() == []
    with plant.db.connect() as connection:
        server_row = (
            connection.execute(select(equipments).where(equipments.c.id == equipment_id))
            .mappings()
            .one()
        )
    assert server_row["version"] > 0
    synced = admin.row("equipments", equipment_id)
    assert synced is not None and synced["version"] == server_row["version"]

    assert tech.sync().ok
    pulled = tech.row("equipments", equipment_id)
    assert pulled is not None and pulled["name"] == "Pompe de relevage"
    assert_same_as_server(plant, admin, tech)
    assert_cursors_never_went_back(admin, tech)


def test_a_command_the_server_refuses_comes_back_to_its_author(
    plant: Plant, device: MakeDevice
) -> None:
    """Sam was a supervisor when his replica last synced; the admin has since made
    him a technician. Offline, his replica still lets him create an equipment; the
    server refuses it: the optimistic row goes, the command waits in rejections."""
    sam = device("sam-laptop", plant.supervisor)
    assert sam.sync().ok
    plant.mutate("user.change", {"id": plant.supervisor.id, "role": "technician"})

    equipment_id = uuid.uuid4()
    payload = {
        "id": str(equipment_id),
        "site_id": str(plant.site_a),
        "code": "CMP-9",
        "name": "Compresseur",
        "type_id": str(plant.equipment_type),
    }
    mutation_id = sam.write("equipment.create", payload)
    assert sam.row("equipments", equipment_id) is not None

    report = sam.sync()
    assert report.ok, report
    assert (report.pushed, report.applied, report.rejected) == (1, 0, 1)
    assert sam.outbox() == []
    assert sam.row("equipments", equipment_id) is None  # the optimistic row is gone
    [rejected] = sam.rejections()
    assert rejected["mutation_id"] == mutation_id
    assert rejected["code"] == "forbidden"
    assert rejected["name"] == "equipment.create"
    assert rejected["payload"] == payload  # nothing typed is lost
    assert rejected["acknowledged_at"] is None
    with plant.db.connect() as connection:
        count = connection.execute(select(func.count()).select_from(equipments)).scalar_one()
    assert count == 0
    # the pull brought the new role: the replica now refuses it too
    sam_user = sam.row("users", plant.supervisor.id)
    assert sam_user is not None and sam_user["role"] == "technician"
    assert_same_as_server(plant, sam)


@pytest.mark.parametrize("recorded", [True, False], ids=["touched-recorded", "queued-by-v2"])
def test_a_refused_command_takes_back_every_row_it_wrote(
    plant: Plant, device: MakeDevice, recorded: bool
) -> None:
    """What the optimistic run wrote is in the command's outbox row (``touched``);
    a command queued by a replica of version 2 has none: its rows are found by
    probing the ids it derived. Either way the refusal takes them all back."""
    sam = device("sam-laptop", plant.supervisor)
    assert sam.sync().ok
    plant.mutate("user.change", {"id": plant.supervisor.id, "role": "technician"})
    equipment_id = uuid.uuid4()
    mutation_id = sam.write(
        "equipment.create",
        {
            "id": str(equipment_id),
            "site_id": str(plant.site_a),
            "code": "CMP-9",
            "name": "Compresseur",
            "type_id": str(plant.equipment_type),
        },
    )
    with sam.engine.begin() as connection:
        touched = connection.execute(select(outbox.c.touched)).scalar_one()
        assert touched[0] == ["equipments", str(equipment_id)]
        assert [table for table, _id in touched] == ["equipments", "audit_log"]
        if not recorded:
            connection.execute(update(outbox).values(touched=None))

    report = sam.sync()
    assert (report.pushed, report.rejected) == (1, 1), report
    assert sam.row("equipments", equipment_id) is None
    with sam.engine.connect() as connection:
        audits = connection.execute(
            select(func.count()).select_from(audit_log).where(audit_log.c.entity_id == equipment_id)
        ).scalar_one()
    assert audits == 0
    assert [r["mutation_id"] for r in sam.rejections()] == [mutation_id]
    assert_same_as_server(plant, sam)


def test_a_revoked_site_disappears_from_the_replica(plant: Plant, device: MakeDevice) -> None:
    plant.grant(plant.technician, plant.site_b)
    in_a = plant.equipment(plant.site_a, "A-1")
    in_b = plant.equipment(plant.site_b, "B-1")
    tech = device("atelier", plant.technician)
    assert tech.sync().ok
    assert tech.row("equipments", in_a) is not None
    assert tech.row("equipments", in_b) is not None
    assert str(plant.site_b) in tech.cursors()

    plant.revoke(plant.technician, plant.site_b)
    report = tech.sync()
    assert report.ok and report.revoked == [str(plant.site_b)]
    assert tech.row("equipments", in_b) is None
    assert tech.row("equipments", in_a) is not None
    assert str(plant.site_b) not in tech.cursors()
    assert_same_as_server(plant, tech)
    assert_cursors_never_went_back(tech)


def test_every_replica_equals_the_server_for_its_scope(plant: Plant, device: MakeDevice) -> None:
    for n in range(3):
        plant.equipment(plant.site_a, f"A-{n}")
        plant.equipment(plant.site_b, f"B-{n}")
    admin = device("admin-pc", plant.admin)
    tech = device("atelier", plant.technician)
    store = device("magasin", plant.storekeeper)
    for dev in (admin, tech, store):
        assert dev.sync().ok
    with tech.engine.connect() as connection:
        sites_seen = set(connection.execute(select(equipments.c.site_id)).scalars())
    assert sites_seen == {plant.site_a}
    assert_same_as_server(plant, admin, tech, store)


def test_pages_never_split_a_version_and_cover_everything(plant: Plant, device: MakeDevice) -> None:
    for n in range(7):
        plant.equipment(plant.site_a, f"A-{n}")
    # one version holding more rows than a page: sent whole
    plant.mutate(
        "equipment.set_state", {"id": plant.equipment(plant.site_a, "BIG"), "state": "down"}
    )
    tech = device("atelier", plant.technician)
    tech.pull_limit = 2
    report = tech.sync()
    assert report.ok and report.pull_pages > 3
    assert_same_as_server(plant, tech)
    assert_cursors_never_went_back(tech)


def test_a_write_made_during_the_sync_is_re_applied_then_pushed(
    plant: Plant, device: MakeDevice
) -> None:
    equipment_id = plant.equipment(plant.site_a, "A-1", manufacturer="KSB")
    admin = device("admin-pc", plant.admin)
    other = device("bureau", plant.admin)
    assert admin.sync().ok and other.sync().ok
    # someone else renames it meanwhile: admin's pull brings that change...
    other.write("equipment.update", {"id": str(equipment_id), "fields": {"name": "Pompe P1"}})
    assert other.sync().ok

    def write_during_sync(step: str) -> None:
        if step == "pushed":  # ...after admin's push, while the sync is running
            admin.checkpoint = None
            admin.write(
                "equipment.update", {"id": str(equipment_id), "fields": {"model": "Etanorm"}}
            )

    admin.checkpoint = write_during_sync
    report = admin.sync()
    assert report.ok and report.reapplied == 1
    local = admin.row("equipments", equipment_id)
    assert local is not None
    assert (local["name"], local["model"]) == ("Pompe P1", "Etanorm")  # pulled + pending
    assert len(admin.outbox()) == 1

    assert admin.sync().ok
    assert admin.outbox() == []
    assert other.sync().ok
    assert_same_as_server(plant, admin, other)


def test_the_fast_apply_path_stores_what_sqlalchemy_would(tmp_path: Path) -> None:
    """Rows written from their wire form read back equal to the rows encoded."""
    from cmms_desktop.store import open_replica

    replica = open_replica(tmp_path)
    try:
        now = datetime(2026, 3, 2, 8, 0, 0, 120, tzinfo=UTC)
        user = {
            "id": uuid.uuid4(),
            "site_id": None,
            "version": 3,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
            "field_clocks": {"*": "1764171234567-0000-pc", "role": "1764171299999-0001-pc"},
            "email": "a@usine.fr",
            "full_name": "A",
            "password_hash": "h" * 30,
            "role": "admin",
            "status": "active",
            "language": "fr",
            "phone": None,
            "skills": ["élec", {"niveau": 2}],
            "hourly_rate": Decimal("42.50"),
            "working_hours": {"mon": [["08:00", "16:00"]]},
            "approved_by": None,
            "approved_at": now,
            "last_login_at": None,
        }
        with replica_transaction(replica.engine) as (_connection, driver):
            upsert_wire_rows(driver, "users", wire_columns(users), [encode_row(users, user)])
        with replica.engine.connect() as connection:
            stored = dict(connection.execute(select(users)).mappings().one())
        assert stored == user
        # an older version never overwrites a newer one
        older = encode_row(users, user | {"version": 2, "full_name": "old"})
        with replica_transaction(replica.engine) as (_connection, driver):
            upsert_wire_rows(driver, "users", wire_columns(users), [older])
        with replica.engine.connect() as connection:
            assert connection.execute(select(users.c.full_name)).scalar_one() == "A"
    finally:
        replica.dispose()
