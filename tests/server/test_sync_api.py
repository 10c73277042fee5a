"""/sync/push and /sync/pull in the service: errors, negotiation, scope, encoding."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine, event, func, select

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.protocol import (
    MIN_PROTOCOL,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    MutationResult,
    PullRequest,
    PullResponse,
    PushResponse,
    Restore,
    encode_row,
    wire_columns,
)
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipments
from cmms_core.schema.people import users
from sync_server.api.sync import _quick_pull, _result_json
from sync_server.sync.pull import _page_end
from sync_server.sync.versions import next_version
from sync_server.tables import applied_mutations
from tests.server.conftest import MadeUser, bearer, login

pytestmark = pytest.mark.postgres

V = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}


def _mutate(db: Engine, actor: Actor, name: str, payload: Mapping[str, Any]) -> None:
    with db.begin() as connection:
        ctx = MutationContext(
            conn=connection,
            actor=actor,
            now=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
            device_id="test",
            offline=False,
            version=next_version(connection),
        )
        run_mutation(ctx, name, payload)


class World:
    def __init__(self, db: Engine, make_user: Callable[..., MadeUser]) -> None:
        self.admin = make_user("chef@usine.fr", role="admin")
        self.tech = make_user("tom@usine.fr", role="technician")
        self.actor = Actor(self.admin.id, Role.ADMIN, None)
        self.db = db
        self.site_a, self.site_b, self.type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        _mutate(db, self.actor, "site.create", {"id": self.site_a, "code": "A", "name": "Lyon"})
        _mutate(db, self.actor, "site.create", {"id": self.site_b, "code": "B", "name": "Rouen"})
        _mutate(
            db,
            self.actor,
            "equipment_type.create",
            {"id": self.type_id, "code": "PMP", "name": "Pompe"},
        )
        _mutate(
            db,
            self.actor,
            "user.grant_site",
            {"id": uuid.uuid4(), "user_id": self.tech.id, "scope_site_id": self.site_a},
        )

    def equipment(self, site: uuid.UUID, code: str, **fields: Any) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        payload = {
            "id": equipment_id,
            "site_id": site,
            "code": code,
            "name": code,
            "type_id": self.type_id,
        }
        _mutate(self.db, self.actor, "equipment.create", payload | fields)
        return equipment_id


@pytest.fixture
def world(db: Engine, make_user: Callable[..., MadeUser]) -> World:
    return World(db, make_user)


def _create_payload(world: World, code: str, site: uuid.UUID | None = None) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "site_id": str(site or world.site_a),
        "code": code,
        "name": code,
        "type_id": str(world.type_id),
    }


def _push_body(*mutations: dict[str, Any]) -> dict[str, Any]:
    return {**V, "device_id": "pc-1", "mutations": list(mutations)}


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("path", ["/sync/push", "/sync/pull"])
def test_no_token_is_401(client: TestClient, path: str) -> None:
    answer = client.post(path, json={**V, "device_id": "x", "mutations": []})
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (b"{not json", "malformed_json", None),
        (b"[1, 2]", "invalid_request", None),
        (b'{"protocol": 1, "schema": 1}', "invalid_request", "mutations"),
        (
            b'{"protocol": 1, "schema": 1, "device_id": "x", "mutations": [{"id": "nope"}]}',
            "invalid_request",
            "mutations.0.id",
        ),
        (
            b'{"protocol": 1, "schema": 1, "device_id": "x", "mutations": [], "extra": 1}',
            "invalid_request",
            "extra",
        ),
    ],
)
def test_malformed_push_is_422_with_the_fields(
    client: TestClient,
    make_user: Callable[..., MadeUser],
    body: bytes,
    code: str,
    field: str | None,
) -> None:
    headers = bearer(login(client, make_user("tom@usine.fr")))
    answer = client.post("/sync/push", content=body, headers=headers)
    assert answer.status_code == 422, answer.text
    error = answer.json()
    assert error["code"] == code and error["message"]
    if field is not None:
        assert field in error["field_errors"], error


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**V, "cursors": {"not-a-site": 3}}, "cursors"),
        ({**V, "cursors": {"global": -1}}, "cursors.global"),
        ({**V, "limit": 0}, "limit"),
        ({"protocol": 1}, "schema"),
    ],
)
def test_malformed_pull_is_422_with_the_fields(
    client: TestClient, make_user: Callable[..., MadeUser], body: dict[str, Any], field: str
) -> None:
    headers = bearer(login(client, make_user("tom@usine.fr")))
    answer = client.post("/sync/pull", json=body, headers=headers)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["field_errors"], answer.json()


@pytest.mark.parametrize("path", ["/sync/push", "/sync/pull"])
@pytest.mark.parametrize("versions", [{"protocol": 0, "schema": 1}, {"protocol": 1, "schema": 0}])
def test_a_client_too_old_gets_426(
    client: TestClient,
    make_user: Callable[..., MadeUser],
    path: str,
    versions: dict[str, int],
) -> None:
    headers = bearer(login(client, make_user("tom@usine.fr")))
    # the rest of the body may have any shape: an old client's messages differ
    answer = client.post(path, json={**versions, "whatever": True}, headers=headers)
    assert answer.status_code == 426
    error = answer.json()
    assert error["code"] == "upgrade_required" and error["min_protocol"] == MIN_PROTOCOL
    assert "newer version" in error["message"]


def test_a_client_newer_than_the_server_is_told_so(
    client: TestClient, make_user: Callable[..., MadeUser]
) -> None:
    headers = bearer(login(client, make_user("tom@usine.fr")))
    answer = client.post(
        "/sync/pull", json={"protocol": PROTOCOL_VERSION + 1, "schema": 1}, headers=headers
    )
    assert answer.status_code == 400 and answer.json()["code"] == "server_too_old"


# ------------------------------------------------------------------ push


def test_push_applies_in_order_and_rejects_with_restore(client: TestClient, world: World) -> None:
    existing = world.equipment(world.site_a, "P-1", location="Hall 1")
    headers = bearer(login(client, world.admin))
    created = _create_payload(world, "P-2")
    duplicate = _create_payload(world, "P-2")  # same code: refused after the first
    update = {"id": str(existing), "fields": {"location": "Hall 2", "code": "P-2"}}
    body = _push_body(
        {"id": str(uuid.uuid4()), "name": "equipment.create", "payload": created},
        {
            "id": str(uuid.uuid4()),
            "name": "equipment.create",
            "payload": duplicate,
            "touched": [["equipments", duplicate["id"]]],
        },
        {
            "id": str(uuid.uuid4()),
            "name": "equipment.update",
            "payload": update,
            "touched": [["equipments", str(existing)], ["no_such_table", str(existing)]],
        },
    )
    answer = client.post("/sync/push", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    results = PushResponse.model_validate(answer.json()).results
    assert [r.status for r in results] == ["applied", "rejected", "rejected"]
    assert results[0].version is not None and results[0].version > 0
    assert results[1].code == "invalid" and results[1].field_errors == {"code": "duplicate"}
    assert results[1].restore is not None
    assert results[1].restore.missing == [("equipments", uuid.UUID(duplicate["id"]))]
    restore = results[2].restore
    assert restore is not None and restore.missing == []
    rows = restore.rows["equipments"]
    assert rows.columns == wire_columns(equipments)
    row = dict(zip(rows.columns, rows.rows[0], strict=True))
    assert (row["id"], row["location"]) == (str(existing), "Hall 1")  # the server's truth

    with world.db.connect() as connection:
        decided = connection.execute(select(applied_mutations)).mappings().all()
    assert sorted(d["status"] for d in decided) == ["applied", "rejected", "rejected"]
    assert {d["user_id"] for d in decided} == {world.admin.id}


def test_push_is_idempotent_and_ids_are_per_account(client: TestClient, world: World) -> None:
    admin = bearer(login(client, world.admin))
    tech = bearer(login(client, world.tech))
    mutation = {
        "id": str(uuid.uuid4()),
        "name": "equipment.create",
        "payload": _create_payload(world, "P-9"),
    }
    first = client.post("/sync/push", json=_push_body(mutation), headers=admin).json()
    again = client.post("/sync/push", json=_push_body(mutation, mutation), headers=admin).json()
    assert again["results"] == [first["results"][0]] * 2
    stolen = client.post("/sync/push", json=_push_body(mutation), headers=tech).json()
    assert stolen["results"][0]["status"] == "rejected"
    assert stolen["results"][0]["code"] == "mutation_id_taken"
    with world.db.connect() as connection:
        assert connection.execute(select(func.count()).select_from(equipments)).scalar_one() == 1


def test_the_actor_is_the_token_owner_with_current_rights(client: TestClient, world: World) -> None:
    headers = bearer(login(client, world.tech))
    mutation = {
        "id": str(uuid.uuid4()),
        "name": "equipment.create",
        "payload": _create_payload(world, "T-1"),
    }
    result = client.post("/sync/push", json=_push_body(mutation), headers=headers).json()
    assert result["results"][0]["code"] == "forbidden"


# ------------------------------------------------------------------ pull


def _pull(client: TestClient, headers: dict[str, str], **body: Any) -> PullResponse:
    answer = client.post("/sync/pull", json={**V, **body}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    return PullResponse.model_validate(answer.json())


def test_pull_scope_comes_from_the_account(client: TestClient, world: World) -> None:
    in_a = world.equipment(world.site_a, "A-1")
    world.equipment(world.site_b, "B-1")
    tech = bearer(login(client, world.tech))
    stranger = str(uuid.uuid4())
    answer = _pull(client, tech, cursors={str(world.site_b): 0, stranger: 5})
    assert list(answer.buckets) == ["global", str(world.site_a)]
    assert answer.revoked == sorted([str(world.site_b), stranger])
    page = answer.buckets[str(world.site_a)]
    ids = [row[0] for row in page.tables["equipments"].rows]
    assert ids == [str(in_a)] and not page.more

    admin = bearer(login(client, world.admin))
    answer = _pull(client, admin)
    assert set(answer.buckets) == {"global", str(world.site_a), str(world.site_b)}


def test_pull_resets_a_cursor_beyond_the_sequence(client: TestClient, world: World) -> None:
    world.equipment(world.site_a, "A-1")
    tech = bearer(login(client, world.tech))
    answer = _pull(client, tech, cursors={"global": 10**12, str(world.site_a): 1})
    assert answer.reset == ["global"]
    assert answer.buckets["global"].tables["sites"].rows  # the bucket again, from 0


def test_pulled_rows_are_the_wire_encoding_of_the_server_rows(
    client: TestClient, world: World
) -> None:
    world.equipment(
        world.site_a,
        "ENC-1",
        commissioning_date="2019-05-17",
        description='quotes " and \\ and accents éà and\nnew lines',
        manufacturer=None,
    )
    with world.db.begin() as connection:  # values no command writes yet
        connection.execute(
            equipments.update().values(
                operating_hours=Decimal("12345.6"),
                cycle_count=2**40,
                state_changed_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
            )
        )
        # make_user writes no version: give the accounts one, and JSON and decimals
        connection.execute(
            users.update().values(
                version=next_version(connection),
                skills=["électricité", {"niveau": 2, "habilité": True}],
                hourly_rate=Decimal("42.50"),
            )
        )
    admin = bearer(login(client, world.admin))
    answer = _pull(client, admin)
    by_name = {table.name: table for table in synced_tables()}
    checked: set[str] = set()
    with world.db.connect() as connection:
        for page in answer.buckets.values():
            for name, block in page.tables.items():
                table = by_name[name]
                assert block.columns == wire_columns(table)
                for wire in block.rows:
                    row = (
                        connection.execute(select(table).where(table.c.id == uuid.UUID(wire[0])))
                        .mappings()
                        .one()
                    )
                    assert wire == encode_row(table, row), name
                    checked.add(name)
    assert {"users", "sites", "equipments", "audit_log", "user_permissions"} <= checked
    equipment = answer.buckets[str(world.site_a)].tables["equipments"]
    sent = dict(zip(equipment.columns, equipment.rows[0], strict=True))
    assert sent["commissioning_date"] == date(2019, 5, 17).isoformat()
    assert sent["operating_hours"] == "12345.6" and sent["cycle_count"] == 2**40
    assert sent["state_changed_at"] == "2026-01-02T03:04:05.000006Z"


@pytest.mark.parametrize(
    ("versions", "cursor", "limit", "expected"),
    [
        ({}, 0, 5, None),  # nothing new
        ({"a": [1, 2], "b": [3]}, 0, 5, (3, False)),  # everything fits
        ({"a": [1, 2, 3], "b": [2, 4]}, 0, 3, (2, True)),  # version 2 is never split
        ({"a": [5, 5, 5], "b": [6]}, 4, 3, (5, True)),  # a full table: complete below 5 only
        ({"a": [7, 7], "b": [8]}, 0, 2, (7, True)),  # one version beyond the limit: whole
        ({"a": [1, 4, 4], "b": [2]}, 0, 3, (3, True)),  # complete up to 3, cursor moves there
    ],
)
def test_page_end(
    versions: dict[str, list[int]],
    cursor: int,
    limit: int,
    expected: tuple[int, bool] | None,
) -> None:
    assert _page_end(versions, cursor, limit) == expected


def test_a_failure_after_writing_undoes_only_that_mutation(
    client: TestClient, world: World
) -> None:
    """The same row id twice: the second insert fails on the primary key, which
    aborts PostgreSQL's transaction; the mutations before and after it stay."""
    headers = bearer(login(client, world.admin))
    first, second, clash, last = (_create_payload(world, code) for code in "WXYZ")
    clash["id"] = first["id"]
    body = _push_body(
        *(
            {"id": str(uuid.uuid4()), "name": "equipment.create", "payload": payload}
            for payload in (first, second, clash, last)
        )
    )
    answer = client.post("/sync/push", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "applied"]
    assert results[2]["code"] == "conflict"
    with world.db.connect() as connection:
        codes = sorted(connection.execute(select(equipments.c.code)).scalars())
        decided = connection.execute(select(func.count()).select_from(applied_mutations))
        assert decided.scalar_one() == 4
    assert codes == ["W", "X", "Z"]
    versions = [r["version"] for r in results if r["status"] == "applied"]
    assert versions == sorted(versions)


def test_held_back_writes_keep_the_order_of_the_commands(client: TestClient, world: World) -> None:
    """The server holds the row writes of a push back and sends them in batches:
    an update of a row created in the same push, a code taken by a row still
    held back, and a refusal after a write must all come out as if each
    command had run alone, in order."""
    headers = bearer(login(client, world.admin))
    first, again, other = (_create_payload(world, code) for code in ("H1", "H1", "H2"))

    def command(name: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "name": name, "payload": payload}

    body = _push_body(
        command("equipment.create", first),
        command("equipment.update", {"id": first["id"], "fields": {"location": "Hall 1"}}),
        command("equipment.create", again),  # H1 is held back, not yet in the database
        command("equipment.create", other),
        command("equipment.update", {"id": first["id"], "fields": {"location": "Hall 2"}}),
        command("equipment.update", {"id": other["id"], "fields": {"code": "H1"}}),
        command("equipment.update", {"id": other["id"], "fields": {"name": "Pump"}}),
    )
    answer = client.post("/sync/push", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    statuses = [r["status"] for r in results]
    assert statuses == [
        "applied",
        "applied",
        "rejected",
        "applied",
        "applied",
        "rejected",
        "applied",
    ]
    assert results[2]["field_errors"] == {"code": "duplicate"}
    assert results[5]["field_errors"] == {"code": "duplicate"}
    with world.db.connect() as connection:
        rows = {
            row.code: row
            for row in connection.execute(
                select(equipments.c.code, equipments.c.location, equipments.c.name)
            )
        }
        trail = connection.execute(
            select(func.count())
            .select_from(audit_log)
            .where(
                audit_log.c.version.in_([r["version"] for r in results if r["status"] == "applied"])
            )
        ).scalar_one()
    assert rows["H1"].location == "Hall 2"
    assert rows["H2"].name == "Pump"
    assert trail == 5  # one audit entry per applied write, none of the refused ones


def test_unique_codes_are_checked_from_one_read_per_push(client: TestClient, world: World) -> None:
    """The codes a push carries are read once; the checks that follow see the
    database's rows (tombstones included), the rows the push creates, codes an
    update frees and codes an update takes, exactly as one command at a time."""
    headers = bearer(login(client, world.admin))
    kept = world.equipment(world.site_a, "OLD")
    gone = world.equipment(world.site_a, "TOMB")
    _mutate(world.db, world.actor, "equipment.delete", {"id": gone})
    other = world.equipment(world.site_b, "OTHER")

    def command(name: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "name": name, "payload": payload}

    new = _create_payload(world, "N1")
    body = _push_body(
        command("equipment.create", _create_payload(world, "TOMB")),  # a tombstone keeps it
        command("equipment.create", _create_payload(world, "OLD")),  # taken in the database
        command("equipment.update", {"id": str(kept), "fields": {"code": "FRESH"}}),
        command("equipment.create", _create_payload(world, "OLD")),  # freed just above
        command("equipment.create", _create_payload(world, "FRESH")),  # taken just above
        command("equipment.create", new),
        command("equipment.create", _create_payload(world, "N1")),  # held back, taken
        command("equipment.update", {"id": str(other), "fields": {"code": "N1"}}),
        command("equipment.update", {"id": new["id"], "fields": {"code": "N2"}}),
        command("equipment.update", {"id": str(other), "fields": {"code": "N1"}}),  # freed
        command("equipment.create", _create_payload(world, "OTHER")),  # freed just above
    )
    counts: list[str] = []

    def spy(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "count(*)" in statement and "equipments" in statement:
            counts.append(statement)

    event.listen(world.db, "before_cursor_execute", spy)
    try:
        answer = client.post("/sync/push", json=body, headers=headers)
    finally:
        event.remove(world.db, "before_cursor_execute", spy)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == [
        "rejected",
        "rejected",
        "applied",
        "applied",
        "rejected",
        "applied",
        "rejected",
        "rejected",
        "applied",
        "applied",
        "applied",
    ]
    assert all(r["field_errors"] == {"code": "duplicate"} for r in results if "code" in r)
    assert counts == []  # every code check was answered from the one read
    with world.db.connect() as connection:
        codes = sorted(
            connection.execute(
                select(equipments.c.code).where(equipments.c.deleted_at.is_(None))
            ).scalars()
        )
    assert codes == ["FRESH", "N1", "N2", "OLD", "OTHER"]


@pytest.mark.parametrize(
    "body",
    [
        {**V},
        {**V, "cursors": {"global": 3, str(uuid.UUID(int=7)): 0}, "limit": 20_000},
        {**V, "cursors": {}, "limit": 1},
        {**V, "cursors": {"{" + str(uuid.UUID(int=7)) + "}": 5}},
        # refused, or taken as pydantic takes them: left to PullRequest's validation
        {**V, "cursors": {"global": -1}},
        {**V, "cursors": {"global": True}},
        {**V, "cursors": {"global": 1.0}},
        {**V, "cursors": {"global": "1"}},
        {**V, "cursors": {"site": 1}},
        {**V, "cursors": []},
        {**V, "limit": 0},
        {**V, "limit": 20_001},
        {**V, "limit": False},
        {**V, "limit": None},
        {**V, "extra": 1},
        {**V, "protocol": True},
    ],
)
def test_the_quick_pull_check_agrees_with_the_model(body: dict[str, Any]) -> None:
    """The pull body is checked by hand (every pull goes through it); whatever it
    does not accept as it is goes to PullRequest, whose answer stands."""
    quick = _quick_pull(body)
    try:
        expected: PullRequest | None = PullRequest.model_validate(body)
    except ValidationError:
        expected = None
    if quick is not None:
        assert quick == expected
        assert quick.model_dump() == expected.model_dump()


@pytest.mark.parametrize(
    "result",
    [
        MutationResult(id=uuid.uuid4(), status="applied", version=12),
        MutationResult.model_construct(id=uuid.uuid4(), status="applied", version=3),
        MutationResult(
            id=uuid.uuid4(),
            status="rejected",
            code="invalid",
            message="no",
            field_errors={"code": "duplicate"},
            restore=Restore(missing=[("equipments", uuid.uuid4())]),
        ),
        MutationResult(id=uuid.uuid4(), status="rejected", code="forbidden", message="no"),
    ],
)
def test_push_results_are_written_as_the_model_would(result: MutationResult) -> None:
    assert _result_json(result) == result.model_dump(mode="json", exclude_defaults=True)
