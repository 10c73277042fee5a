"""The server decides scope from the token's owner, never from the request.

- Claims in a push (an actor, a role, a site in the envelope or the payload)
  cannot widen anyone's rights.
- A pull never returns a row of a site outside the owner's grants: every
  synced table gets rows in the global bucket, a granted site and another
  site, and each role pulls them all, page by page.
- A grant revoked between two pulls: the next pull lists the site in
  ``revoked``, with the same access token.
- A token that is tampered with, expired, of an ended session or of an account
  that no longer exists gets 401 on push and pull (a disabled account: 403
  ``account_disabled``, as ``/auth/me`` answers), and nothing is written.
"""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Column, Connection, Engine, String, func, insert, select, update

from cmms_core.protocol import column_kind
from cmms_core.schema import synced_tables
from cmms_core.schema.people import users
from sync_server.api import sync as sync_routes
from sync_server.config import Settings
from sync_server.db import transaction_on
from sync_server.sync.versions import next_version
from sync_server.tables import applied_mutations
from tests.server.conftest import FakeClock
from tests.server.test_push_permissions import (
    ADMIN,
    NOW,
    ROLES,
    SUPERVISOR,
    TECHNICIAN,
    V,
    World,
    actors_of,
    build_world,
    changed_rows,
    push,
    push_one,
    server_mutate,
    setup_transaction,
    snapshot,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(db: Engine, client: TestClient) -> World:
    return build_world(db, client)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ------------------------------------------------------------------ claims in a push


@pytest.mark.parametrize(
    "claim",
    [
        {"actor_id": "admin"},
        {"user_id": "admin"},
        {"role": "admin"},
        {"site_id": "site_b"},
        {"site_ids": None},
    ],
    ids=lambda claim: next(iter(claim)),
)
@pytest.mark.parametrize("where", ["mutation", "request"])
def test_claims_in_the_envelope_are_refused_and_widen_nothing(
    world: World, claim: dict[str, Any], where: str
) -> None:
    """A supervisor of site A claiming to be the admin, or to act on B, in the envelope."""
    values = {"admin": str(world.accounts[ADMIN].id), "site_b": str(world.site_b), None: None}
    claim = {key: values[value] for key, value in claim.items()}
    target = world.equipment(world.site_b)
    payload = {"id": target, "fields": {"location": "Hall 9"}}
    mutation = {"id": uuid.uuid4(), "name": "equipment.update", "payload": payload}
    headers = world.headers(SUPERVISOR)
    before = snapshot(world.db)
    if where == "mutation":
        answer = push(world.client, headers, mutation | claim)
    else:
        answer = push(world.client, headers, mutation, **claim)
    assert answer.status_code == 422, answer.text
    error = answer.json()
    assert error["code"] == "invalid_request"
    field = next(iter(claim))
    assert any(name.endswith(field) for name in error["field_errors"]), error
    assert snapshot(world.db) == before
    with world.db.connect() as connection:
        assert connection.execute(select(func.count()).select_from(applied_mutations)).scalar() == 0

    # without the claim: refused for what it is, a supervisor of A acting on B
    _, result = push_one(world.client, headers, "equipment.update", payload)
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
    assert snapshot(world.db) == before


def _payload_claims(world: World) -> list[tuple[str, dict[str, Any], str]]:
    """Commands of a supervisor of A whose payload names what should widen its rights."""
    on_b = world.equipment(world.site_b)
    on_a = world.equipment(world.site_a)
    admin = world.accounts[ADMIN].id
    return [
        # a row of B, with the granted site or another actor claimed in the payload
        ("equipment.update", {"id": on_b, "fields": {"name": "x"}, "site_id": world.site_a}, ""),
        ("equipment.update", {"id": on_b, "fields": {"name": "x"}, "actor_id": admin}, ""),
        ("equipment.set_state", {"id": on_b, "state": "down", "site_id": world.site_a}, ""),
        (
            "attachment.add",
            {
                "id": uuid.uuid4(),
                "owner_table": "equipments",
                "owner_id": on_b,
                "sha256": "cd" * 32,
                "filename": "x.pdf",
                "mime_type": "application/pdf",
                "size_bytes": 1,
                "kind": "document",
                "site_id": world.site_a,
            },
            "",
        ),
        # moving a row across sites through the edited fields
        ("equipment.update", {"id": on_b, "fields": {"site_id": world.site_a}}, "forbidden"),
        ("equipment.update", {"id": on_a, "fields": {"site_id": world.site_b}}, "invalid"),
        # reaching into B through a link
        ("equipment.update", {"id": on_a, "fields": {"parent_id": on_b}}, "invalid"),
        (
            "equipment.create",
            {
                "id": uuid.uuid4(),
                "site_id": world.site_a,
                "code": "A-CHILD",
                "name": "x",
                "type_id": world.type_id,
                "parent_id": on_b,
            },
            "invalid",
        ),
        # a supervisor granting themselves site B, or making themselves admin
        (
            "user.grant_site",
            {
                "id": uuid.uuid4(),
                "user_id": world.accounts[SUPERVISOR].id,
                "scope_site_id": world.site_b,
            },
            "forbidden",
        ),
        ("user.change", {"id": world.accounts[SUPERVISOR].id, "role": "admin"}, "forbidden"),
    ]


def test_claims_in_the_payload_widen_nothing(world: World) -> None:
    headers = world.headers(SUPERVISOR)
    for name, payload, code in _payload_claims(world):
        before = snapshot(world.db)
        _, result = push_one(world.client, headers, name, payload)
        assert result["status"] == "rejected", (name, payload, result)
        # an unexpected field is refused as malformed before anything else
        assert result["code"] == (code or "invalid"), (name, payload, result)
        assert snapshot(world.db) == before, (name, payload)
    me = world.client.get("/auth/me", headers=headers).json()
    assert (me["role"], me["site_ids"]) == (SUPERVISOR, [str(world.site_a)])


def test_the_actor_recorded_is_the_token_owner(world: World) -> None:
    headers = world.headers(TECHNICIAN)
    target = world.equipment(world.site_a)
    before = snapshot(world.db)
    mutation_id, result = push_one(
        world.client, headers, "equipment.set_state", {"id": target, "state": "down"}
    )
    assert result["status"] == "applied"
    changed = changed_rows(before, snapshot(world.db))
    assert {name for name, _ in changed} == {"equipments", "maintenance_history", "audit_log"}
    # the audit entries and the history line
    assert actors_of(world.db, changed) == {world.accounts[TECHNICIAN].id}
    with world.db.connect() as connection:
        owner = connection.execute(
            select(applied_mutations.c.user_id).where(applied_mutations.c.id == mutation_id)
        ).scalar_one()
    assert owner == world.accounts[TECHNICIAN].id


# ------------------------------------------------------------------ pull scope


def _value(column: Column[Any], serial: int) -> Any:
    kind = column_kind(column)
    if kind == "str":
        length = column.type.length if isinstance(column.type, String) else None
        text = f"{column.table.name[:12]}-{column.name[:12]}-{serial}"
        return text[-length:] if length else text
    return {
        "uuid": uuid.uuid4(),
        "datetime": NOW,
        "date": NOW.date(),
        "decimal": Decimal("1"),
        "json": [],
        "bool": False,
        "int": 1,
    }[kind]


def fill_every_table(world: World) -> None:
    """A row of every synced table in the global bucket (where the table has one),
    site A and site B, each with its own version; foreign keys point at the
    parent row of the same bucket (else the global one)."""
    serial = itertools.count(1)
    made: dict[tuple[str, uuid.UUID | None], uuid.UUID] = {}
    with setup_transaction(world.db) as connection:
        for table in synced_tables():
            for bucket in (None, world.site_a, world.site_b):
                if bucket is None and not table.c.site_id.nullable:
                    continue
                row: dict[str, Any] = {"id": uuid.uuid4(), "site_id": bucket}
                for column in table.columns:
                    if column.name in row or column.name in ("version", "deleted_at"):
                        continue
                    parents = [fk.column.table.name for fk in column.foreign_keys]
                    if parents:
                        parent = made.get((parents[0], bucket)) or made.get((parents[0], None))
                        if parent is not None and parents[0] != table.name:
                            row[column.name] = parent
                        elif not column.nullable:
                            raise AssertionError(f"no parent row for {table.name}.{column.name}")
                    elif not column.nullable and column.default is None:
                        row[column.name] = _value(column, next(serial))
                row["version"] = next_version(connection)
                connection.execute(insert(table).values(row))
                made[(table.name, bucket)] = row["id"]


@dataclass
class Pulled:
    """Everything one account received, page after page."""

    buckets: set[str]
    rows: dict[str, dict[str, set[str]]]  # bucket -> table -> ids
    site_ids: dict[str, set[Any]]  # bucket -> the site_id values of its rows
    pages: int

    def ids(self) -> set[str]:
        return {i for tables in self.rows.values() for ids in tables.values() for i in ids}


def pull_everything(client: TestClient, headers: dict[str, str], limit: int) -> Pulled:
    cursors: dict[str, int] = {}
    pulled = Pulled(set(), {}, {}, 0)
    while True:
        answer = client.post(
            "/sync/pull", json={**V, "cursors": cursors, "limit": limit}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        pulled.pages += 1
        assert body["revoked"] == [] and body["reset"] == []
        more = False
        for bucket, page in body["buckets"].items():
            pulled.buckets.add(bucket)
            for name, block in page["tables"].items():
                site_at = block["columns"].index("site_id")
                for row in block["rows"]:
                    pulled.rows.setdefault(bucket, {}).setdefault(name, set()).add(row[0])
                    pulled.site_ids.setdefault(bucket, set()).add(row[site_at])
            assert page["cursor"] >= cursors.get(bucket, 0)
            cursors[bucket] = page["cursor"]
            more = more or page["more"]
        if not more:
            return pulled
        assert pulled.pages < 500, "the pull never ends"


def server_rows(db: Engine) -> dict[str | None, dict[str, set[str]]]:
    """Every synced row the server has: site id (None: global) -> table -> ids."""
    found: dict[str | None, dict[str, set[str]]] = {}
    with db.connect() as connection:
        for table in synced_tables():
            for row_id, site_id in connection.execute(select(table.c.id, table.c.site_id)):
                site = None if site_id is None else str(site_id)
                found.setdefault(site, {}).setdefault(table.name, set()).add(str(row_id))
    return found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("limit", [7, 5000])
def test_a_pull_never_returns_rows_outside_the_grants(world: World, role: str, limit: int) -> None:
    fill_every_table(world)
    everything = server_rows(world.db)
    pulled = pull_everything(world.client, world.headers(role), limit)

    site_a, site_b = str(world.site_a), str(world.site_b)
    if role == ADMIN:
        visible = set(everything)
        # every site there is (the filler made a few more, in the sites' buckets)
        all_sites = {i for tables in everything.values() for i in tables.get("sites", set())}
        expected_buckets = {"global"} | all_sites
        assert {site_a, site_b} <= all_sites
    else:
        visible = {None, site_a}
        expected_buckets = {"global", site_a}
    assert pulled.buckets == expected_buckets
    for bucket, values in pulled.site_ids.items():
        assert values == {None if bucket == "global" else bucket}, bucket

    received = pulled.ids()
    hidden = {
        i
        for site, tables in everything.items()
        if site not in visible
        for ids in tables.values()
        for i in ids
    }
    if role != ADMIN:
        assert hidden, "the test needs rows the account must not see"
    assert not received & hidden, f"rows of another site were sent: {received & hidden}"
    for site in visible:
        for name, ids in everything.get(site, {}).items():
            bucket = "global" if site is None else site
            assert pulled.rows.get(bucket, {}).get(name, set()) == ids, (bucket, name)
    tables_seen = {name for tables in pulled.rows.values() for name in tables}
    assert tables_seen == {table.name for table in synced_tables()}
    if limit < 100:
        assert pulled.pages > 2


def test_cursors_in_the_body_do_not_widen_the_scope(world: World) -> None:
    fill_every_table(world)
    stranger = str(uuid.uuid4())
    site_b = str(world.site_b)
    headers = world.headers(TECHNICIAN)
    answer = world.client.post(
        "/sync/pull", json={**V, "cursors": {site_b: 0, stranger: 0}}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body["buckets"]) == {"global", str(world.site_a)}
    assert body["revoked"] == sorted([site_b, stranger])
    b_ids = {i for ids in server_rows(world.db)[site_b].values() for i in ids}
    assert not any(row_id in answer.text for row_id in b_ids)
    # and a pull cannot name its own scope
    for claim in ({"site_ids": [site_b]}, {"user_id": str(world.accounts[ADMIN].id)}):
        refused = world.client.post("/sync/pull", json={**V, **claim}, headers=headers)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_request"


def test_a_grant_revoked_while_a_pull_starts_sends_nothing_of_its_site(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pull's first statement reads the scope; when the pages are not all in
    the process's cache, the transaction that reads them reads the scope again:
    a site revoked in between (an administrator, at that very moment) sends
    nothing."""
    technician = world.accounts[TECHNICIAN]
    admin = world.headers(ADMIN)
    grant_b = uuid.uuid4()
    push_one(
        world.client,
        admin,
        "user.grant_site",
        {"id": grant_b, "user_id": technician.id, "scope_site_id": world.site_b},
    )
    on_b = world.equipment(world.site_b)

    @contextmanager
    def revoking_first(connection: Connection) -> Iterator[Connection]:
        revoked = push_one(world.client, admin, "user.revoke_site", {"id": grant_b})[1]
        assert revoked["status"] == "applied"
        with transaction_on(connection) as inside:
            yield inside

    monkeypatch.setattr(sync_routes, "transaction_on", revoking_first)
    answer = world.client.post("/sync/pull", json=V, headers=world.headers(TECHNICIAN))
    assert answer.status_code == 200, answer.text
    assert set(answer.json()["buckets"]) == {"global", str(world.site_a)}
    assert str(on_b) not in answer.text


def test_a_grant_revoked_between_two_pulls_is_listed_in_revoked(world: World) -> None:
    technician = world.accounts[TECHNICIAN]
    admin = world.headers(ADMIN)
    grant_b = uuid.uuid4()
    granted = push_one(
        world.client,
        admin,
        "user.grant_site",
        {"id": grant_b, "user_id": technician.id, "scope_site_id": world.site_b},
    )[1]
    assert granted["status"] == "applied"
    on_b = world.equipment(world.site_b)
    headers = world.headers(TECHNICIAN)  # one access token for both pulls

    first = world.client.post("/sync/pull", json=V, headers=headers).json()
    site_a, site_b = str(world.site_a), str(world.site_b)
    assert set(first["buckets"]) == {"global", site_a, site_b}
    b_equipments = first["buckets"][site_b]["tables"]["equipments"]["rows"]
    assert [row[0] for row in b_equipments] == [str(on_b)]
    cursors = {bucket: page["cursor"] for bucket, page in first["buckets"].items()}

    revoked = push_one(world.client, admin, "user.revoke_site", {"id": grant_b})[1]
    assert revoked["status"] == "applied"
    second = world.client.post("/sync/pull", json={**V, "cursors": cursors}, headers=headers)
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["revoked"] == [site_b]
    assert set(body["buckets"]) == {"global", site_a}
    assert str(on_b) not in second.text.replace(f'"{site_b}"', "")  # only named as revoked
    # the global bucket brings the tombstoned grant
    grants = body["buckets"]["global"]["tables"]["user_permissions"]
    row = dict(zip(grants["columns"], grants["rows"][0], strict=True))
    assert row["id"] == str(grant_b) and row["deleted_at"] is not None
    # and pushing on B is refused at once, with the same token
    _, result = push_one(
        world.client, headers, "equipment.set_state", {"id": on_b, "state": "down"}
    )
    assert (result["status"], result["code"]) == ("rejected", "forbidden")


# ------------------------------------------------------------------ tokens


def _segments(token: str) -> list[str]:
    return token.split(".")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class TokenCase:
    """How to make a bad token from a good login, and the answer it must get."""

    make: Callable[[World, dict[str, Any], FakeClock, Settings], str | None]
    status: int
    code: str


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def _signature_changed(world: World, tokens: dict[str, Any], *_: Any) -> str:
    header, payload, signature = _segments(tokens["access_token"])
    raw = bytearray(_unb64(signature))
    raw[0] ^= 0x01  # one bit of the signature
    return f"{header}.{payload}.{_b64(bytes(raw))}"


def _other_secret(world: World, tokens: dict[str, Any], *_: Any) -> str:
    return jwt.encode(_claims(tokens["access_token"]), "another-secret-" + "y" * 40, "HS256")


def _claims_changed(world: World, tokens: dict[str, Any], *_: Any) -> str:
    """The same signature over claims naming the administrator."""
    header, _payload, signature = _segments(tokens["access_token"])
    claims = _claims(tokens["access_token"]) | {"sub": str(world.accounts[ADMIN].id)}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    forged = f"{header}.{payload}.{signature}"
    assert _claims(forged)["sub"] == str(world.accounts[ADMIN].id)  # well-formed, badly signed
    return forged


def _alg_none(world: World, tokens: dict[str, Any], *_: Any) -> str:
    header = _b64(b'{"alg":"none","typ":"JWT"}')
    payload = _segments(tokens["access_token"])[1]
    return f"{header}.{payload}."


def _refresh_token(world: World, tokens: dict[str, Any], *_: Any) -> str:
    token: str = tokens["refresh_token"]
    return token


def _expired(world: World, tokens: dict[str, Any], clock: FakeClock, settings: Settings) -> str:
    clock.advance(minutes=settings.access_token_minutes, seconds=1)
    token: str = tokens["access_token"]
    return token


def _logged_out(world: World, tokens: dict[str, Any], *_: Any) -> str:
    answer = world.client.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 204, answer.text
    token: str = tokens["access_token"]
    return token


def _disabled(world: World, tokens: dict[str, Any], *_: Any) -> str:
    server_mutate(
        world.db,
        world.admin_actor,
        "user.change",
        {"id": world.accounts[TECHNICIAN].id, "status": "disabled"},
    )
    token: str = tokens["access_token"]
    return token


def _deleted(world: World, tokens: dict[str, Any], *_: Any) -> str:
    with world.db.begin() as connection:  # no command deletes accounts yet: a tombstone
        connection.execute(
            update(users)
            .where(users.c.id == world.accounts[TECHNICIAN].id)
            .values(deleted_at=NOW, version=next_version(connection))
        )
    token: str = tokens["access_token"]
    return token


TOKEN_CASES = {
    "no_token": TokenCase(lambda *_: None, 401, "not_authenticated"),
    "garbage": TokenCase(lambda *_: "not-a-token", 401, "invalid_token"),
    "signature_changed": TokenCase(_signature_changed, 401, "invalid_token"),
    "signed_with_another_secret": TokenCase(_other_secret, 401, "invalid_token"),
    "claims_changed": TokenCase(_claims_changed, 401, "invalid_token"),
    "alg_none": TokenCase(_alg_none, 401, "invalid_token"),
    "refresh_token_as_access_token": TokenCase(_refresh_token, 401, "invalid_token"),
    "expired": TokenCase(_expired, 401, "token_expired"),
    "logged_out_session": TokenCase(_logged_out, 401, "session_revoked"),
    "deleted_account": TokenCase(_deleted, 401, "invalid_token"),
    # the documented answer for an account that exists but may not be used
    # (docs/server.md, /auth/me and /auth/refresh answer the same)
    "disabled_account": TokenCase(_disabled, 403, "account_disabled"),
}


def _attempt(
    client: TestClient, world: World, path: str, token: str | None, target: uuid.UUID
) -> Any:
    headers = {} if token is None else _bearer(token)
    if path == "/sync/pull":
        return client.post(path, json=V, headers=headers)
    mutation = {
        "id": uuid.uuid4(),
        "name": "equipment.set_state",
        "payload": {"id": target, "state": "down"},
    }
    return push(client, headers, mutation)


@pytest.mark.parametrize("path", ["/sync/push", "/sync/pull"])
@pytest.mark.parametrize("case", list(TOKEN_CASES))
def test_a_bad_token_is_refused_and_writes_nothing(
    world: World, clock: FakeClock, settings: Settings, path: str, case: str
) -> None:
    target = world.equipment(world.site_a)
    tokens = world.login(world.accounts[TECHNICIAN])
    # the good token works: what follows is about the token alone
    assert (
        world.client.post("/sync/pull", json=V, headers=_bearer(tokens["access_token"])).status_code
        == 200
    )
    token_case = TOKEN_CASES[case]
    token = token_case.make(world, tokens, clock, settings)
    before = snapshot(world.db)
    answer = _attempt(world.client, world, path, token, target)
    assert answer.status_code == token_case.status, answer.text
    error = answer.json()
    assert error["code"] == token_case.code and error["message"], error
    if token_case.status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"
    assert snapshot(world.db) == before
    with world.db.connect() as connection:
        assert connection.execute(select(func.count()).select_from(applied_mutations)).scalar() == 0


@pytest.mark.parametrize("path", ["/sync/push", "/sync/pull"])
def test_a_token_of_zero_minutes_is_expired_at_once(
    world: World, make_app: Callable[..., FastAPI], path: str
) -> None:
    target = world.equipment(world.site_a)
    with TestClient(make_app(access_token_minutes=0)) as client:
        tokens = world.login(world.accounts[TECHNICIAN], client)
        assert tokens["expires_in"] == 0
        before = snapshot(world.db)
        answer = _attempt(client, world, path, tokens["access_token"], target)
    assert answer.status_code == 401, answer.text
    assert answer.json()["code"] == "token_expired"
    assert snapshot(world.db) == before


def test_a_token_expires_on_the_apps_clock(world: World, clock: FakeClock) -> None:
    """Valid until its last second, refused from its expiry on (the injected clock)."""
    settings_minutes = world.login(world.accounts[TECHNICIAN])["expires_in"] // 60
    tokens = world.login(world.accounts[TECHNICIAN])
    headers = _bearer(tokens["access_token"])
    clock.advance(minutes=settings_minutes, seconds=-1)
    assert world.client.post("/sync/pull", json=V, headers=headers).status_code == 200
    clock.advance(seconds=1)
    answer = world.client.post("/sync/pull", json=V, headers=headers)
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
