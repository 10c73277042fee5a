"""The sync survives lost answers, duplicated requests, crashes and outages."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from cmms_core.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, PushMutation, PushRequest
from cmms_core.schema.assets import equipments
from cmms_core.schema.people import users
from cmms_desktop.store import open_replica
from cmms_desktop.store.local_schema import sync_cursors
from cmms_desktop.sync.apply import apply_pull_answer
from cmms_desktop.sync.cli import run_headless_sync
from tests.server.conftest import free_port
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_cursors_never_went_back,
    assert_same_as_server,
)
from tests.sync.faults import Crash, crash_once, result_keys, server_snapshot

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]


def _create(dev: Device, plant: Plant, code: str) -> uuid.UUID:
    equipment_id = uuid.uuid4()
    dev.write(
        "equipment.create",
        {
            "id": str(equipment_id),
            "site_id": str(plant.site_a),
            "code": code,
            "name": f"Machine {code}",
            "type_id": str(plant.equipment_type),
        },
    )
    return equipment_id


def test_a_duplicated_push_request_changes_nothing(plant: Plant, device: MakeDevice) -> None:
    admin = device("admin-pc", plant.admin)
    assert admin.sync().ok
    equipment_id = uuid.uuid4()
    request = PushRequest(
        protocol=PROTOCOL_VERSION,
        schema=SCHEMA_VERSION,
        device_id=admin.device_id,
        mutations=[
            PushMutation(
                id=uuid.uuid4(),
                name="equipment.create",
                payload={
                    "id": str(equipment_id),
                    "site_id": str(plant.site_a),
                    "code": "DUP-1",
                    "name": "Machine",
                    "type_id": str(plant.equipment_type),
                },
            ),
            PushMutation(  # refused: a code already taken by the first
                id=uuid.uuid4(),
                name="equipment.create",
                payload={
                    "id": str(uuid.uuid4()),
                    "site_id": str(plant.site_a),
                    "code": "DUP-1",
                    "name": "Machine bis",
                    "type_id": str(plant.equipment_type),
                },
            ),
        ],
    )
    with admin.client() as client:
        first = client.push(request)
        before = server_snapshot(plant.db)
        second = client.push(request)
        assert server_snapshot(plant.db) == before
    assert [r.status for r in first.results] == ["applied", "rejected"]
    assert result_keys(second) == result_keys(first)
    assert len(before["applied_mutations"]) == 2


def test_a_lost_push_answer_is_resent_without_duplicates(plant: Plant, device: MakeDevice) -> None:
    admin = device("admin-pc", plant.admin)
    assert admin.sync().ok
    equipment_id = _create(admin, plant, "LOST-1")
    admin.checkpoint = crash_once("push_answered")  # the server decided, the answer is lost
    with pytest.raises(Crash):
        admin.sync()
    assert len(admin.outbox()) == 1  # still queued: nothing was acknowledged locally
    after_first = server_snapshot(plant.db)

    report = admin.sync()
    assert report.ok and (report.applied, report.rejected) == (1, 0)
    assert admin.outbox() == []
    after_second = server_snapshot(plant.db)
    assert after_second["equipments"] == after_first["equipments"]  # same row, same version
    assert after_second["applied_mutations"] == after_first["applied_mutations"]
    assert len(after_first["applied_mutations"]) == 1
    local = admin.row("equipments", equipment_id)
    (server_row,) = after_first["equipments"].values()
    assert local is not None and local["version"] == server_row["version"]
    assert_same_as_server(plant, admin)


def test_a_crash_between_push_and_pull_converges(plant: Plant, device: MakeDevice) -> None:
    admin = device("admin-pc", plant.admin)
    tech = device("atelier", plant.technician)
    assert admin.sync().ok and tech.sync().ok
    _create(admin, plant, "CRASH-1")
    admin.checkpoint = crash_once("pushed")
    with pytest.raises(Crash):
        admin.sync()
    assert admin.outbox() == []  # the push was recorded before the crash
    assert admin.sync().ok
    assert tech.sync().ok
    assert_same_as_server(plant, admin, tech)
    assert_cursors_never_went_back(admin, tech)


def test_a_crash_while_applying_a_page_leaves_the_cursor_with_its_rows(
    plant: Plant, device: MakeDevice
) -> None:
    for n in range(5):
        plant.equipment(plant.site_a, f"A-{n}")
    tech = device("atelier", plant.technician)
    tech.pull_limit = 2
    tech.checkpoint = crash_once("pull_applied")
    with pytest.raises(Crash):
        tech.sync()
    first_cursors = tech.cursors()
    assert first_cursors  # the first page is in, with its cursor
    tech.checkpoint = None
    assert tech.sync().ok
    assert all(tech.cursors()[b] >= v for b, v in first_cursors.items())
    assert_same_as_server(plant, tech)


def test_an_unreachable_server_means_offline_and_keeps_the_outbox(
    plant: Plant, device: MakeDevice
) -> None:
    admin = device("admin-pc", plant.admin)
    assert admin.sync().ok
    _create(admin, plant, "OFF-1")
    report = admin.sync(f"http://127.0.0.1:{free_port()}")  # nobody listens there
    assert report.status == "offline" and not report.ok
    assert len(admin.outbox()) == 1
    assert admin.sync().ok
    assert admin.outbox() == []
    assert_same_as_server(plant, admin)


def test_a_cursor_the_server_never_issued_resets_the_bucket(
    plant: Plant, device: MakeDevice
) -> None:
    plant.equipment(plant.site_a, "A-1")
    tech = device("atelier", plant.technician)
    assert tech.sync().ok
    # as if the server had been restored from an older backup
    with tech.engine.begin() as connection:
        connection.execute(update(sync_cursors).values(version=10**12))
        connection.execute(update(equipments).values(name="stale copy"))
    report = tech.sync()
    assert report.ok and sorted(report.reset) == sorted(tech.cursors())
    assert_same_as_server(plant, tech)


def test_a_cursor_never_goes_backwards(plant: Plant, device: MakeDevice) -> None:
    tech = device("atelier", plant.technician)
    assert tech.sync().ok
    cursors = tech.cursors()
    bucket, version = next(iter(cursors.items()))
    with pytest.raises(ValueError, match="back"):
        apply_pull_answer(
            tech.engine,
            {"buckets": {bucket: {"cursor": version - 1, "more": False, "tables": {}}}},
        )
    assert tech.cursors() == cursors


def test_equipment_counts_after_many_syncs_have_no_duplicates(
    plant: Plant, device: MakeDevice
) -> None:
    admin = device("admin-pc", plant.admin)
    assert admin.sync().ok
    ids = [_create(admin, plant, f"N-{n}") for n in range(12)]
    admin.push_page = 5
    for step in ("push_answered", "pushed"):
        admin.checkpoint = crash_once(step)
        with pytest.raises(Crash):
            admin.sync()
    admin.checkpoint = None
    assert admin.sync().ok
    with plant.db.connect() as connection:
        server_ids = set(connection.execute(select(equipments.c.id)).scalars())
    assert server_ids == set(ids)
    assert admin.outbox() == []
    assert_same_as_server(plant, admin)


def test_headless_sync_exit_codes(
    plant: Plant, live_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CMMS_SYNC_TOKEN", raising=False)
    monkeypatch.setenv("CMMS_SYNC_EMAIL", plant.technician.email)
    monkeypatch.setenv("CMMS_SYNC_PASSWORD", plant.technician.password)
    assert run_headless_sync(tmp_path / "pc", live_server, out=io.StringIO()) == 0
    replica = open_replica(tmp_path / "pc")
    try:
        with replica.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(users)).scalar_one() == 4
    finally:
        replica.dispose()
    offline = f"http://127.0.0.1:{free_port()}"
    assert run_headless_sync(tmp_path / "pc", offline, out=io.StringIO()) == 2
    monkeypatch.setenv("CMMS_SYNC_PASSWORD", "wrong-password-1")
    assert run_headless_sync(tmp_path / "pc", live_server, out=io.StringIO()) == 3
    monkeypatch.delenv("CMMS_SYNC_EMAIL")
    monkeypatch.delenv("CMMS_SYNC_PASSWORD")
    assert run_headless_sync(tmp_path / "pc", live_server, out=io.StringIO()) == 1


def test_a_refusal_after_a_site_was_revoked_loses_nothing_when_it_comes_back(
    plant: Plant, device: MakeDevice
) -> None:
    """Found by the soak run. Tom reports a failure offline that stops a machine of
    site A; meanwhile the administrator takes site A from him. His push is refused
    and its answer lists the machine as out of his reach: his replica drops it.
    He crashes before pulling, so his replica never hears that the site went.
    When the site is given back, the pull goes on from his old cursor: the
    machine, not newer than that cursor, would never come again. A row the
    server once sent that it now says is out of reach makes the replica drop its
    whole bucket, so the site comes back whole."""
    tom = device("atelier", plant.technician)
    machine = plant.equipment(plant.site_a, "PRS-1")
    assert tom.sync().ok and tom.row("equipments", machine) is not None
    tom.write(
        "failure.report",
        {
            "id": uuid.uuid4(),
            "equipment_id": machine,
            "description": "Fuite",
            "urgency": 2,
            "equipment_stopped": True,
            "reported_at": datetime.now(UTC).isoformat(),
        },
    )
    plant.revoke(plant.technician, plant.site_a)
    tom.checkpoint = crash_once("pushed")
    with pytest.raises(Crash):
        tom.sync()
    tom.checkpoint = None
    assert [r["code"] for r in tom.rejections()] == ["forbidden"]
    plant.grant(plant.technician, plant.site_a)
    assert tom.sync().ok
    assert tom.row("equipments", machine) is not None
    assert_same_as_server(plant, tom)
