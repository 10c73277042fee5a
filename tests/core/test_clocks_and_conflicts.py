"""Field clocks, same-field conflicts, secrets in the audit trail, the batch read cache.

The server's side of update_row (``offline=False`` with a clock stamp) on both
databases: the rules are the same on SQLite and PostgreSQL, only the server
runs them. See docs/sync-protocol.md, "Conflicts".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, select, update

from cmms_core.hlc import format_stamp
from cmms_core.mutations import MutationContext, MutationRejected, run_mutation
from cmms_core.mutations.base import cached_reads, fetch_live_row, live_exists, update_row
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipment_types, equipments, sites
from cmms_core.schema.people import users
from cmms_core.schema.sync import sync_conflicts

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
OTHER_HASH = "$argon2id$v=19$m=65536,t=3,p=4$b3RoZXJzYWx0$b3RoZXJoYXNo"


def stamp(minute: int, device: str) -> str:
    return format_stamp(int((NOW + timedelta(minutes=minute)).timestamp() * 1000), 0, device)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Engine:
    if request.param == "sqlite":
        engine: Engine = request.getfixturevalue("replica").engine
        return engine
    engine = request.getfixturevalue("pg_engine")
    return engine


@dataclass
class Server:
    """Runs commands as the server does: a version each, a stamp, the client's base versions."""

    engine: Engine
    version: int = 0
    mutation_ids: dict[int, uuid.UUID] = field(default_factory=dict)

    def run(
        self,
        actor: Actor | None,
        name: str,
        payload: Mapping[str, Any],
        *,
        hlc: str | None = None,
        device: str = "server",
        base: Mapping[tuple[str, uuid.UUID], int] | None = None,
    ) -> int:
        self.version += 1
        mutation_id = uuid.uuid4()
        self.mutation_ids[self.version] = mutation_id
        with self.engine.begin() as connection:
            ctx = MutationContext(
                conn=connection,
                actor=actor,
                now=NOW,
                device_id=device,
                offline=False,
                version=self.version,
                mutation_id=mutation_id,
                hlc=hlc or stamp(0, "server"),
                base_versions=dict(base or {}),
                mutation_of_version=self.mutation_ids.get,
            )
            run_mutation(ctx, name, payload)
        return self.version

    def row(self, table: Any, row_id: uuid.UUID) -> dict[str, Any]:
        with self.engine.connect() as connection:
            query = select(table).where(table.c.id == row_id)
            return dict(connection.execute(query).mappings().one())

    def all(self, table: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(table)).mappings()]


@dataclass(frozen=True)
class World:
    server: Server
    admin: Actor
    sam: Actor
    site: uuid.UUID
    equipment: uuid.UUID
    created: int  # the version of the equipment's creation


def _account(user_id: uuid.UUID, email: str, role: Role) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "email": email,
        "full_name": email.split("@")[0],
        "password_hash": HASH,
        "role": role.value,
    }


@pytest.fixture
def world(db: Engine) -> World:
    server = Server(db)
    admin = Actor(uuid.uuid4(), Role.ADMIN, None)
    site, kind, equipment = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sam = Actor(uuid.uuid4(), Role.SUPERVISOR, frozenset({site}))
    server.run(None, "user.create_first_admin", _account(admin.user_id, "chef@u.fr", Role.ADMIN))
    server.run(admin, "user.create", _account(sam.user_id, "sam@u.fr", Role.SUPERVISOR))
    server.run(admin, "site.create", {"id": str(site), "code": "A", "name": "Lyon"})
    server.run(admin, "equipment_type.create", {"id": str(kind), "code": "P", "name": "Pompe"})
    payload = {
        "id": str(equipment),
        "site_id": str(site),
        "code": "P-1",
        "name": "Pompe",
        "type_id": str(kind),
        "location": "Hall 1",
    }
    created = server.run(admin, "equipment.create", payload, hlc=stamp(0, "dev-admin"))
    return World(server, admin, sam, site, equipment, created)


def _edit(
    world: World, actor: Actor, minute: int, device: str, base: int | None, **fields: Any
) -> int:
    bases = {} if base is None else {("equipments", world.equipment): base}
    return world.server.run(
        actor,
        "equipment.update",
        {"id": str(world.equipment), "fields": fields},
        hlc=stamp(minute, device),
        device=device,
        base=bases,
    )


# ------------------------------------------------------------------ clocks


def test_a_created_row_holds_its_creation_clock_and_writes_stamp_their_fields(
    world: World,
) -> None:
    row = world.server.row(equipments, world.equipment)
    assert row["field_clocks"] == {"*": stamp(0, "dev-admin")}
    _edit(world, world.admin, 5, "dev-admin", world.created, location="Quai", name="P")
    row = world.server.row(equipments, world.equipment)
    assert row["field_clocks"] == {
        "*": stamp(0, "dev-admin"),
        "location": stamp(5, "dev-admin"),
        "name": stamp(5, "dev-admin"),
    }


def test_a_replica_keeps_no_clocks_but_records_what_the_user_saw(replica: Any) -> None:
    with replica.engine.begin() as connection:
        ctx = MutationContext(
            conn=connection,
            actor=None,
            now=NOW,
            device_id="pc",
            offline=True,
            hlc=stamp(1, "pc"),
        )
        admin_id = uuid.uuid4()
        run_mutation(ctx, "user.create_first_admin", _account(admin_id, "chef@u.fr", Role.ADMIN))
        admin = Actor(admin_id, Role.ADMIN, None)
        change = MutationContext(
            conn=connection, actor=admin, now=NOW, device_id="pc", offline=True, hlc=stamp(2, "pc")
        )
        run_mutation(change, "user.change", {"id": str(admin_id), "phone": "0600"})
        row = connection.execute(select(users)).mappings().one()
    assert row["field_clocks"] is None
    assert change.base_versions == {("users", admin_id): 0}


# ------------------------------------------------------------------ conflicts


def test_an_older_concurrent_write_loses_and_is_kept(world: World) -> None:
    newer = _edit(world, world.admin, 10, "dev-admin", world.created, location="Quai")
    before = world.server.row(equipments, world.equipment)
    older = _edit(world, world.sam, 5, "dev-sam", world.created, location="Atelier", model="X")

    row = world.server.row(equipments, world.equipment)
    assert row["location"] == "Quai" and row["model"] == "X"  # the other field merges
    assert row["version"] == older  # the loser's replica will pull the row back
    assert row["field_clocks"]["location"] == before["field_clocks"]["location"]
    [conflict] = world.server.all(sync_conflicts)
    assert conflict["version"] == older and conflict["site_id"] == world.site
    assert (conflict["kept_value"], conflict["lost_value"]) == ("Quai", "Atelier")
    assert (conflict["kept_by"], conflict["lost_by"]) == (world.admin.user_id, world.sam.user_id)
    assert (conflict["kept_hlc"], conflict["lost_hlc"]) == (
        stamp(10, "dev-admin"),
        stamp(5, "dev-sam"),
    )
    assert conflict["lost_mutation_id"] == world.server.mutation_ids[older]
    audit = [
        a
        for a in world.server.all(audit_log)
        if a["version"] == older and a["entity"] == "equipments"
    ]
    assert [a["changes"] for a in audit] == [{"model": [None, "X"]}]  # what it changed
    assert newer < older


def test_a_newer_concurrent_write_wins_and_the_replaced_value_is_kept(world: World) -> None:
    first = _edit(world, world.admin, 5, "dev-admin", world.created, location="Quai")
    second = _edit(world, world.sam, 10, "dev-sam", world.created, location="Atelier")
    row = world.server.row(equipments, world.equipment)
    assert row["location"] == "Atelier"
    assert row["field_clocks"]["location"] == stamp(10, "dev-sam")
    [conflict] = world.server.all(sync_conflicts)
    assert (conflict["kept_value"], conflict["lost_value"]) == ("Atelier", "Quai")
    assert conflict["lost_mutation_id"] == world.server.mutation_ids[first]
    assert conflict["version"] == second


@pytest.mark.parametrize(
    ("base", "device", "value"),
    [
        ("after", "dev-sam", "Atelier"),  # sam had seen the admin's write
        ("before", "dev-admin", "Atelier"),  # the same device wrote both
        ("before", "dev-sam", "Quai"),  # a real competition, same value: nothing to keep
        (None, "dev-sam", "Atelier"),  # no base sent: the row as it is now was seen
    ],
)
def test_no_conflict_without_a_real_competition(
    world: World, base: str | None, device: str, value: str
) -> None:
    seen = _edit(world, world.admin, 10, "dev-admin", world.created, location="Quai")
    base_version = {"after": seen, "before": world.created, None: None}[base]
    _edit(world, world.sam, 5, device, base_version, location=value)
    assert world.server.row(equipments, world.equipment)["location"] == value
    assert world.server.all(sync_conflicts) == []


def test_a_lifecycle_transition_is_decided_in_arrival_order(world: World) -> None:
    """Only descriptive edits merge by clock: set_state is decided from the current state."""
    _edit(world, world.admin, 10, "dev-admin", world.created, location="Quai")
    world.server.run(
        world.sam,
        "equipment.set_state",
        {"id": str(world.equipment), "state": "down"},
        hlc=stamp(1, "dev-sam"),
        device="dev-sam",
        base={("equipments", world.equipment): world.created},
    )
    row = world.server.row(equipments, world.equipment)
    assert row["state"] == "down" and world.server.all(sync_conflicts) == []
    assert row["field_clocks"]["state"] == stamp(1, "dev-sam")


def test_resolve_permissions_and_choices(world: World) -> None:
    _edit(world, world.admin, 10, "dev-admin", world.created, location="Quai")
    _edit(world, world.sam, 5, "dev-sam", world.created, location="Atelier")
    [conflict] = world.server.all(sync_conflicts)
    payload = {"id": str(conflict["id"]), "choice": "lost"}

    outsider = Actor(world.sam.user_id, Role.SUPERVISOR, frozenset({uuid.uuid4()}))
    with pytest.raises(MutationRejected) as refused:
        world.server.run(outsider, "conflict.resolve", payload)
    assert refused.value.code == "forbidden"

    world.server.run(world.sam, "conflict.resolve", payload, hlc=stamp(20, "dev-sam"))
    row = world.server.row(equipments, world.equipment)
    assert row["location"] == "Atelier" and row["field_clocks"]["location"] == stamp(20, "dev-sam")
    decided = world.server.row(sync_conflicts, conflict["id"])
    assert (decided["resolution"], decided["resolved_by"]) == ("lost", world.sam.user_id)
    with pytest.raises(MutationRejected) as again:
        world.server.run(world.admin, "conflict.resolve", {**payload, "choice": "kept"})
    assert again.value.code == "invalid_state"


# ------------------------------------------------------------------ secrets


def test_passwords_never_reach_the_audit_trail(world: World) -> None:
    sam = world.sam.user_id
    world.server.run(world.sam, "user.set_password", {"id": str(sam), "password_hash": OTHER_HASH})
    assert world.server.row(users, sam)["password_hash"] == OTHER_HASH
    trail = [a for a in world.server.all(audit_log) if a["entity_id"] == sam]
    # the order the database returns is not the order of the writes
    assert sorted(a["action"] for a in trail) == ["user.create", "user.set_password"]
    assert all(a["changes"]["password_hash"] == ["changed"] for a in trail)
    assert HASH not in str(trail) and OTHER_HASH not in str(trail)

    # someone else's password: only who manages users
    other = Actor(uuid.uuid4(), Role.SUPERVISOR, None)
    with pytest.raises(MutationRejected) as refused:
        world.server.run(other, "user.set_password", {"id": str(sam), "password_hash": HASH})
    assert refused.value.code == "forbidden"
    world.server.run(world.admin, "user.set_password", {"id": str(sam), "password_hash": HASH})
    assert world.server.row(users, sam)["password_hash"] == HASH


def test_a_lost_password_is_kept_without_its_hash_and_cannot_be_brought_back(
    world: World,
) -> None:
    sam = world.sam.user_id
    created = world.server.row(users, sam)["version"]
    world.server.run(
        world.admin,
        "user.set_password",
        {"id": str(sam), "password_hash": OTHER_HASH},
        hlc=stamp(10, "dev-admin"),
        device="dev-admin",
        base={("users", sam): created},
    )
    world.server.run(
        world.sam,
        "user.set_password",
        {"id": str(sam), "password_hash": HASH + "x"},
        hlc=stamp(5, "dev-sam"),
        device="dev-sam",
        base={("users", sam): created},
    )
    [conflict] = world.server.all(sync_conflicts)
    assert (conflict["kept_value"], conflict["lost_value"]) == ("changed", "changed")
    assert conflict["site_id"] is None  # an account: the global bucket
    with pytest.raises(MutationRejected) as refused:
        world.server.run(
            world.admin, "conflict.resolve", {"id": str(conflict["id"]), "choice": "lost"}
        )
    assert refused.value.field_errors == {"choice": "secret_field"}


# ------------------------------------------------------------------ derived ids


def test_an_update_takes_its_audit_slot_even_when_it_changes_nothing(world: World) -> None:
    """The ids a command derives after an update are the same on a replica that saw
    another value and on the server: the slot is taken whether or not it writes."""
    with world.server.engine.begin() as connection:
        row = fetch_live_row(connection, equipments, world.equipment)
        ctx = MutationContext(
            conn=connection, actor=world.admin, now=NOW, device_id="x", offline=True
        )
        assert update_row(ctx, "t", equipments, row, {"location": row["location"]}) == {}
        assert ctx.derive_id("history") == uuid.uuid5(ctx.mutation_id, "history/1")


# ------------------------------------------------------------------ the read cache


@dataclass
class Statements:
    seen: list[str] = field(default_factory=list)

    def __call__(self, _conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement.split()[0].upper())


@pytest.fixture
def counted(world: World) -> Iterator[tuple[Connection, Statements]]:
    statements = Statements()
    with world.server.engine.begin() as connection:
        event.listen(connection, "before_cursor_execute", statements)
        yield connection, statements
        event.remove(connection, "before_cursor_execute", statements)


def test_cached_reads_answer_again_until_the_table_is_written(
    world: World, counted: tuple[Connection, Statements]
) -> None:
    connection, statements = counted
    kind = world.server.all(equipment_types)[0]["id"]
    with cached_reads(connection):
        for _ in range(3):
            fetch_live_row(connection, sites, world.site)
            assert live_exists(connection, equipment_types, equipment_types.c.id == kind)
        assert statements.seen.count("SELECT") == 2
        with pytest.raises(MutationRejected):
            fetch_live_row(connection, sites, uuid.uuid4())  # an absence is kept too

        row = fetch_live_row(connection, equipments, world.equipment)
        ctx = MutationContext(
            conn=connection, actor=world.admin, now=NOW, device_id="x", offline=False
        )
        update_row(ctx, "t", equipments, row, {"location": "Quai"})
        # the row the update wrote is kept as the database now holds it
        assert fetch_live_row(connection, equipments, world.equipment)["location"] == "Quai"
        fetch_live_row(connection, sites, world.site)  # another table: still known
        assert statements.seen.count("SELECT") == 4
        connection.execute(update(equipments).values(name="Renamed"))
        assert fetch_live_row(connection, equipments, world.equipment)["name"] == "Renamed"
        assert statements.seen.count("SELECT") == 5  # a write it did not make: read again

        savepoint = connection.begin_nested()
        update_row(
            ctx,
            "t",
            equipments,
            fetch_live_row(connection, equipments, world.equipment),
            {"location": "Cour"},
        )
        assert fetch_live_row(connection, equipments, world.equipment)["location"] == "Cour"
        savepoint.rollback()
        assert fetch_live_row(connection, equipments, world.equipment)["location"] == "Quai"
    assert fetch_live_row(connection, sites, world.site)  # outside the block: not cached


def test_cached_reads_keep_an_updated_row_exactly_as_the_database_reads_it(
    world: World, counted: tuple[Connection, Statements]
) -> None:
    """Rounded decimals, dates, JSON, times: the kept row equals a fresh read."""
    connection, statements = counted
    ctx = MutationContext(conn=connection, actor=world.admin, now=NOW, device_id="x", offline=False)
    changes = {
        "location": "Quai",
        "operating_hours": Decimal("12.36"),  # Numeric(12, 1): stored as 12.4
        "commissioning_date": date(2020, 1, 2),
        "state_changed_at": datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=2))),
        "cycle_count": 7,
        "description": None,
    }
    with cached_reads(connection):
        row = fetch_live_row(connection, equipments, world.equipment)
        update_row(ctx, "t", equipments, row, changes)
        reads = statements.seen.count("SELECT")
        kept = dict(fetch_live_row(connection, equipments, world.equipment))
        assert statements.seen.count("SELECT") == reads
    fresh = connection.execute(select(equipments).where(equipments.c.id == world.equipment))
    assert kept == dict(fresh.mappings().one())
    assert str(kept["operating_hours"]) == "12.4"


def test_cached_reads_read_again_a_row_whose_new_value_may_come_back_different(
    world: World, counted: tuple[Connection, Statements]
) -> None:
    connection, statements = counted
    ctx = MutationContext(conn=connection, actor=world.admin, now=NOW, device_id="x", offline=False)
    with cached_reads(connection):
        row = fetch_live_row(connection, equipments, world.equipment)
        update_row(ctx, "t", equipments, row, {"operating_hours": 12.36})  # read as a Decimal
        reads = statements.seen.count("SELECT")
        kept = fetch_live_row(connection, equipments, world.equipment)["operating_hours"]
        assert kept == Decimal("12.4")
        assert statements.seen.count("SELECT") == reads + 1
