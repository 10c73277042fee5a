"""LocalWriter: a local write is the domain change plus one outbox row, or nothing at all."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, func, select, text
from sqlalchemy.exc import DatabaseError

from cmms_core.mutations import MutationContext, MutationRejected, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipments
from cmms_desktop.store import open_replica
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.writer import LocalWriter

NOW = datetime(2025, 6, 2, 7, 45, tzinfo=UTC)
DEVICE = "atelier-pc-3"
FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
SITE = uuid.UUID("6a1b0c2e-1d4f-4c0b-9a57-3b1e2f3a4b5c")
TYPE = uuid.UUID("0f9e8d7c-6b5a-4c3d-8e1f-a2b3c4d5e6f7")


class Calls:
    """Counts on_written notifications."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (outbox, equipments, audit_log)
        }


def _writer(replica: Replica, on_written: Calls | None = None) -> LocalWriter:
    return LocalWriter(replica.engine, DEVICE, clock=lambda: NOW, on_written=on_written)


@pytest.fixture
def admin(replica: Replica) -> Actor:
    """The first administrator of an empty replica, with one site and one equipment type."""
    writer = _writer(replica)
    admin_id = uuid.uuid4()
    writer.execute(
        None,
        "user.create_first_admin",
        {
            "id": admin_id,
            "email": "chef@usine.example",
            "full_name": "Chef",
            "password_hash": FAKE_HASH,
            "role": "admin",
        },
    )
    actor = Actor(user_id=admin_id, role=Role.ADMIN, site_ids=None)
    writer.execute(actor, "site.create", {"id": SITE, "code": "LYON", "name": "Lyon"})
    writer.execute(actor, "equipment_type.create", {"id": TYPE, "code": "PRESS", "name": "Presse"})
    with replica.engine.begin() as connection:
        connection.execute(outbox.delete())  # start each test with an empty outbox
    return actor


def _equipment_payload(code: str = "P-101") -> dict[str, Any]:
    # Python objects, as a screen would pass them: the writer turns them into JSON.
    return {
        "id": uuid.uuid4(),
        "site_id": SITE,
        "code": code,
        "name": "Presse 101",
        "type_id": TYPE,
        "commissioning_date": datetime(2020, 1, 15, tzinfo=UTC).date(),
    }


def test_a_write_is_the_domain_change_plus_one_outbox_row(replica: Replica, admin: Actor) -> None:
    calls = Calls()
    payload = _equipment_payload()
    mutation_id = _writer(replica, calls).execute(admin, "equipment.create", payload)

    with replica.engine.connect() as connection:
        row = connection.execute(select(equipments)).mappings().one()
        [queued] = connection.execute(select(outbox)).mappings().all()
        [audit] = (
            connection.execute(select(audit_log).where(audit_log.c.entity_id == payload["id"]))
            .mappings()
            .all()
        )
    assert (row["id"], row["code"], row["version"]) == (payload["id"], "P-101", 0)
    assert queued["mutation_id"] == mutation_id
    assert queued["name"] == "equipment.create"
    assert queued["actor_id"] == admin.user_id
    assert queued["created_at"] == NOW
    assert (queued["attempts"], queued["last_error"]) == (0, None)
    assert (audit["device_id"], audit["offline"], audit["at"]) == (DEVICE, True, NOW)
    assert calls.count == 1


def test_the_outbox_payload_is_stored_as_json(replica: Replica, admin: Actor) -> None:
    payload = _equipment_payload()
    _writer(replica).execute(admin, "equipment.create", payload)
    with replica.engine.connect() as connection:
        stored = connection.execute(text("SELECT payload FROM outbox")).scalar_one()
    # the raw column is JSON text, with UUIDs and dates as the wire carries them
    assert json.loads(stored) == {
        "id": str(payload["id"]),
        "site_id": str(SITE),
        "code": "P-101",
        "name": "Presse 101",
        "type_id": str(TYPE),
        "commissioning_date": "2020-01-15",
    }


def test_a_rejected_command_writes_nothing(replica: Replica, admin: Actor) -> None:
    calls = Calls()
    writer = _writer(replica, calls)
    writer.execute(admin, "equipment.create", _equipment_payload("P-1"))
    before = _counts(replica.engine)

    with pytest.raises(MutationRejected) as raised:
        writer.execute(admin, "equipment.create", _equipment_payload("P-1"))  # duplicate code
    assert raised.value.field_errors == {"code": "duplicate"}
    technician = Actor(user_id=admin.user_id, role=Role.TECHNICIAN, site_ids=frozenset({SITE}))
    with pytest.raises(MutationRejected):
        writer.execute(technician, "equipment.create", _equipment_payload("P-2"))
    with pytest.raises(MutationRejected):
        writer.execute(admin, "equipment.create", {"id": "pas un uuid"})

    assert _counts(replica.engine) == before
    assert calls.count == 1  # only the accepted write


def test_domain_change_and_outbox_row_share_one_transaction(replica: Replica, admin: Actor) -> None:
    # Make the outbox insert fail after the command has run: the command's
    # rows must go with it.
    with replica.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER outbox_full BEFORE INSERT ON outbox "
                "BEGIN SELECT RAISE(ABORT, 'outbox full'); END"
            )
        )
    before = _counts(replica.engine)
    calls = Calls()
    with pytest.raises(DatabaseError, match="outbox full"):
        _writer(replica, calls).execute(admin, "equipment.create", _equipment_payload())
    assert _counts(replica.engine) == before
    assert calls.count == 0


def test_every_write_gets_its_own_mutation_id_in_order(replica: Replica, admin: Actor) -> None:
    writer = _writer(replica)
    ids = [writer.execute(admin, "equipment.create", _equipment_payload(code)) for code in "ABC"]
    with replica.engine.connect() as connection:
        queued = connection.execute(select(outbox.c.mutation_id).order_by(outbox.c.seq)).scalars()
        assert list(queued) == ids
    assert len(set(ids)) == 3


def test_replaying_the_outbox_elsewhere_reproduces_the_same_rows(tmp_path: Path) -> None:
    # What the server does with a pushed outbox: run each command again, in
    # order, under its mutation id. Every row (audit and history lines
    # included) must come out identical, or a sync would show both copies.
    here = open_replica(tmp_path / "here")
    there = open_replica(tmp_path / "there")
    try:
        writer = _writer(here)
        admin_id = uuid.uuid4()
        actors: dict[uuid.UUID | None, Actor | None] = {
            None: None,
            admin_id: Actor(user_id=admin_id, role=Role.ADMIN, site_ids=None),
        }
        admin = actors[admin_id]
        writer.execute(
            None,
            "user.create_first_admin",
            {
                "id": admin_id,
                "email": "chef@usine.example",
                "full_name": "Chef",
                "password_hash": FAKE_HASH,
                "role": "admin",
            },
        )
        writer.execute(admin, "site.create", {"id": SITE, "code": "LYON", "name": "Lyon"})
        writer.execute(admin, "equipment_type.create", {"id": TYPE, "code": "P", "name": "Presse"})
        payload = _equipment_payload()
        writer.execute(admin, "equipment.create", payload)
        writer.execute(admin, "equipment.set_state", {"id": payload["id"], "state": "down"})
        writer.execute(admin, "equipment.update", {"id": payload["id"], "fields": {"name": "P"}})

        with here.engine.connect() as connection:
            queued = connection.execute(select(outbox).order_by(outbox.c.seq)).mappings().all()
        assert len(queued) == 6
        with there.engine.begin() as connection:
            for command in queued:
                ctx = MutationContext(
                    conn=connection,
                    actor=actors[command["actor_id"]],
                    now=command["created_at"],
                    device_id=DEVICE,
                    offline=True,
                    mutation_id=command["mutation_id"],
                )
                run_mutation(ctx, command["name"], command["payload"])

        for table in synced_tables():
            assert _all_rows(here.engine, table) == _all_rows(there.engine, table), table.name
        assert _all_rows(here.engine, audit_log)  # the comparison compared something
    finally:
        here.dispose()
        there.dispose()


def _all_rows(engine: Engine, table: Table) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.id)).mappings().all()
    return [dict(row) for row in rows]
