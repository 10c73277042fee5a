"""Fixtures of the sync tests: a real server over real HTTP, real replicas.

- ``live_server``: the service (``create_app``) under uvicorn on a free
  loopback port, in a thread of this process, on the throw-away PostgreSQL
  database of ``tests/server/conftest.py`` (migrated once; every table emptied
  after each test by ``db``).
- ``plant``: accounts and sites made on the server through the mutations, each
  with a version (as the service stamps them): an admin, a supervisor, a
  technician and a storekeeper (both granted site A), sites A and B and an
  equipment type.
- ``device``: a factory of replicas (``open_replica(tmp_path / name)``), each
  with its sync engine logged in as one account over HTTP.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import Engine, select

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.passwords import hash_password
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_desktop.store import open_replica
from cmms_desktop.store.auth import OfflineAuth
from cmms_desktop.store.local_schema import outbox, rejections, sync_cursors
from cmms_desktop.store.meta import device_id as replica_device_id
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.writer import LocalWriter
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine, SyncReport
from sync_server.config import Settings
from sync_server.main import create_app
from sync_server.sync.versions import next_version
from tests.server import conftest as server_conftest
from tests.server.conftest import TEST_JWT_SECRET, free_port

# The server tests' fixtures, shared: the throw-away database (migrated once),
# its engine, the per-test cleanup, cheap password hashing.
server_db_url = server_conftest.server_db_url
_session_engine = server_conftest._session_engine
db = server_conftest.db
_fast_password_hashing = server_conftest._fast_password_hashing

PASSWORD = "Sync-pass-2026"
# Columns a replica changes on its own, never synced edits: OfflineAuth.login
# stamps last_login_at, and the column's onupdate moves updated_at with it.
LOCAL_ONLY = {"users": {"last_login_at", "updated_at"}}


@pytest.fixture(scope="session")
def live_server(_session_engine: Engine, server_db_url: str) -> Iterator[str]:
    settings = Settings(environment="test", database_url=server_db_url, jwt_secret=TEST_JWT_SECRET)
    app = create_app(settings, engine=_session_engine)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    ready = threading.Event()
    while not ready.wait(0.02):
        if server.started:
            ready.set()
        elif not thread.is_alive():
            pytest.fail("the sync service did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def server_mutate(db: Engine, actor: Actor | None, name: str, payload: Mapping[str, Any]) -> int:
    """Run a command on the server's database as the service does (one version, locked)."""
    with db.begin() as connection:
        version = next_version(connection)
        ctx = MutationContext(
            conn=connection,
            actor=actor,
            now=datetime.now(UTC),
            device_id="server-test",
            offline=False,
            version=version,
        )
        run_mutation(ctx, name, payload)
    return version


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    email: str
    role: Role

    @property
    def password(self) -> str:
        return PASSWORD


@dataclass
class Plant:
    db: Engine
    admin: Account
    supervisor: Account
    technician: Account
    storekeeper: Account
    site_a: uuid.UUID
    site_b: uuid.UUID
    equipment_type: uuid.UUID
    grants: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = field(default_factory=dict)

    @property
    def admin_actor(self) -> Actor:
        return Actor(self.admin.id, Role.ADMIN, None)

    def mutate(self, name: str, payload: Mapping[str, Any], actor: Actor | None = None) -> int:
        return server_mutate(self.db, actor or self.admin_actor, name, payload)

    def grant(self, account: Account, site: uuid.UUID) -> None:
        grant_id = uuid.uuid4()
        self.mutate(
            "user.grant_site", {"id": grant_id, "user_id": account.id, "scope_site_id": site}
        )
        self.grants[(account.id, site)] = grant_id

    def revoke(self, account: Account, site: uuid.UUID) -> None:
        self.mutate("user.revoke_site", {"id": self.grants.pop((account.id, site))})

    def equipment(self, site: uuid.UUID, code: str, **fields: Any) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        payload = {
            "id": equipment_id,
            "site_id": site,
            "code": code,
            "name": f"Machine {code}",
            "type_id": self.equipment_type,
        }
        self.mutate("equipment.create", payload | fields)
        return equipment_id


@pytest.fixture
def plant(db: Engine) -> Plant:
    def account(email: str, role: Role) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "email": email,
            "full_name": email.split("@")[0].title(),
            "password_hash": hash_password(PASSWORD),
            "role": role.value,
        }

    admin = account("admin@usine.fr", Role.ADMIN)
    server_mutate(db, None, "user.create_first_admin", admin)
    admin_actor = Actor(admin["id"], Role.ADMIN, None)
    made = {}
    for email, role in (
        ("sam@usine.fr", Role.SUPERVISOR),
        ("tom@usine.fr", Role.TECHNICIAN),
        ("sue@usine.fr", Role.STOREKEEPER),
    ):
        values = account(email, role)
        server_mutate(db, admin_actor, "user.create", values)
        made[role] = Account(values["id"], email, role)
    site_a, site_b, type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    server_mutate(db, admin_actor, "site.create", {"id": site_a, "code": "A", "name": "Lyon"})
    server_mutate(db, admin_actor, "site.create", {"id": site_b, "code": "B", "name": "Rouen"})
    server_mutate(
        db, admin_actor, "equipment_type.create", {"id": type_id, "code": "PMP", "name": "Pompe"}
    )
    plant = Plant(
        db=db,
        admin=Account(admin["id"], admin["email"], Role.ADMIN),
        supervisor=made[Role.SUPERVISOR],
        technician=made[Role.TECHNICIAN],
        storekeeper=made[Role.STOREKEEPER],
        site_a=site_a,
        site_b=site_b,
        equipment_type=type_id,
    )
    for who in (plant.supervisor, plant.technician, plant.storekeeper):
        plant.grant(who, site_a)
    return plant


class Crash(Exception):
    """Injected by a test at a step of the sync cycle: the process 'dies' there."""


@dataclass
class Device:
    """One replica, logged in to the server as one account."""

    name: str
    replica: Replica
    account: Account
    server_url: str
    checkpoint: Callable[[str], None] | None = None
    pull_limit: int = 5000
    push_page: int = 500
    reports: list[SyncReport] = field(default_factory=list)
    cursor_history: list[dict[str, int]] = field(default_factory=list)

    @property
    def engine(self) -> Engine:
        return self.replica.engine

    @property
    def device_id(self) -> str:
        return replica_device_id(self.engine)

    def client(self, url: str | None = None) -> SyncClient:
        credentials = Credentials(self.account.email, self.account.password)
        return SyncClient(url or self.server_url, credentials, self.device_id)

    def sync(self, url: str | None = None) -> SyncReport:
        with self.client(url) as client:
            engine = SyncEngine(
                self.engine,
                client,
                checkpoint=self.checkpoint,
                pull_limit=self.pull_limit,
                push_page=self.push_page,
            )
            report = engine.sync_once()
        self.reports.append(report)
        self.cursor_history.append(self.cursors())
        return report

    def actor(self) -> Actor:
        return (
            OfflineAuth(self.engine, self.device_id)
            .login(self.account.email, self.account.password)
            .actor
        )

    def write(self, name: str, payload: Mapping[str, Any]) -> uuid.UUID:
        return LocalWriter(self.engine, self.device_id).execute(self.actor(), name, payload)

    def cursors(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(sync_cursors.c.bucket, sync_cursors.c.version))
            return {bucket: version for bucket, version in rows}

    def outbox(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(outbox)).mappings()]

    def rejections(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(rejections)).mappings()]

    def row(self, table_name: str, row_id: uuid.UUID) -> dict[str, Any] | None:
        table = {t.name: t for t in synced_tables()}[table_name]
        with self.engine.connect() as connection:
            found = connection.execute(select(table).where(table.c.id == row_id)).mappings().first()
        return None if found is None else dict(found)


@pytest.fixture
def device(
    live_server: str, tmp_path: Path, plant: Plant
) -> Iterator[Callable[[str, Account], Device]]:
    made: list[Device] = []

    def make(name: str, account: Account) -> Device:
        made_device = Device(name, open_replica(tmp_path / name), account, live_server)
        made.append(made_device)
        return made_device

    yield make
    for made_device in made:
        made_device.replica.dispose()


def table_state(engine: Engine, sites: frozenset[uuid.UUID] | None) -> dict[str, dict[Any, Any]]:
    """Every synced row visible in ``sites`` (None: all), by table and id, full values."""
    state: dict[str, dict[Any, Any]] = {}
    with engine.connect() as connection:
        for table in synced_tables():
            query = select(table)
            if sites is not None:
                query = query.where(table.c.site_id.is_(None) | table.c.site_id.in_(sites))
            skip = LOCAL_ONLY.get(table.name, set())
            state[table.name] = {
                row["id"]: {k: v for k, v in row.items() if k not in skip}
                for row in connection.execute(query).mappings()
            }
    return state


def scope_of(plant: Plant, account: Account) -> frozenset[uuid.UUID] | None:
    if account.role is Role.ADMIN:
        return None
    return frozenset(site for (user, site) in plant.grants if user == account.id)


def assert_same_as_server(plant: Plant, *devices: Device) -> None:
    """Each replica holds exactly the server's rows of its scope, value for value."""
    for dev in devices:
        expected = table_state(plant.db, scope_of(plant, dev.account))
        actual = table_state(dev.engine, None)
        for name in expected:
            missing = expected[name].keys() - actual[name].keys()
            extra = actual[name].keys() - expected[name].keys()
            assert not missing and not extra, f"{dev.name}.{name}: missing {missing}, extra {extra}"
            for row_id, row in expected[name].items():
                assert actual[name][row_id] == row, f"{dev.name}.{name} {row_id}"


def assert_cursors_never_went_back(*devices: Device) -> None:
    for dev in devices:
        for before, after in zip(dev.cursor_history, dev.cursor_history[1:], strict=False):
            for bucket, version in after.items():
                assert version >= before.get(bucket, 0), f"{dev.name}: {bucket} went back"
