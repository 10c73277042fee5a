"""Fixtures of the sync tests: a real server over real HTTP, real replicas.

- ``live_server``: the service (``create_app``) under uvicorn on a free
  loopback port, in a thread of this process, on the throw-away PostgreSQL
  database of ``tests/server/conftest.py`` (migrated once; every table emptied
  after each test by ``db``).
- ``restartable_server``: the same, on its own port, which can be stopped and
  started again (``tests/sync/live.py``'s ``ThreadedServer``).
- ``plant``: accounts and sites made on the server through the mutations, each
  with a version (as the service stamps them): an admin, a supervisor, a
  technician and a storekeeper (both granted site A), sites A and B and an
  equipment type.
- ``device``: a factory of replicas (copies of an empty ``replica_template``
  under ``tmp_path / name``), each with its sync engine logged in as one
  account over HTTP, through a ``FaultyClient`` (``tests/sync/faults.py``).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, select, text

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.passwords import hash_password
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_core.schema.people import user_permissions, users
from cmms_desktop.store import open_replica
from cmms_desktop.store.auth import OfflineAuth
from cmms_desktop.store.local_schema import outbox, rejections, sync_cursors
from cmms_desktop.store.meta import device_id as replica_device_id
from cmms_desktop.store.replica import REPLICA_FILENAME, Replica
from cmms_desktop.store.writer import LocalWriter
from cmms_desktop.sync import Credentials, SyncEngine, SyncReport
from sync_server.config import Settings
from sync_server.main import create_app
from sync_server.sync.versions import next_version
from tests.server import conftest as server_conftest
from tests.server.conftest import TEST_JWT_SECRET
from tests.sync.faults import ClientFaults, FaultyClient, Wire
from tests.sync.live import ThreadedServer

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


def _settings(database_url: str) -> Settings:
    return Settings(
        environment="test", database_url=database_url, jwt_secret=SecretStr(TEST_JWT_SECRET)
    )


@pytest.fixture(scope="session")
def live_server(_session_engine: Engine, server_db_url: str) -> Iterator[str]:
    settings = _settings(server_db_url)
    app = create_app(settings, engine=_session_engine)
    with ThreadedServer(lambda: app) as server:
        yield server.url


@pytest.fixture
def restartable_server(db: Engine, server_db_url: str) -> Iterator[ThreadedServer]:
    """The service on the test database in a thread, which a test may stop and
    start again (each start makes a new app with its own engine, as a new
    process would)."""
    settings = _settings(server_db_url)
    with ThreadedServer(lambda: create_app(settings)) as server:
        yield server


def empty_server(db: Engine) -> None:
    """Every table emptied (as the ``db`` fixture does after each test)."""
    with db.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '10s'"))
        for table in server_conftest._CLEANUP_ORDER:
            connection.execute(table.delete())


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
    new_id: Callable[[], uuid.UUID] = uuid.uuid4  # the ids of the rows it makes

    @property
    def admin_actor(self) -> Actor:
        return Actor(self.admin.id, Role.ADMIN, None)

    def mutate(self, name: str, payload: Mapping[str, Any], actor: Actor | None = None) -> int:
        return server_mutate(self.db, actor or self.admin_actor, name, payload)

    def grant(self, account: Account, site: uuid.UUID) -> None:
        grant_id = self.new_id()
        self.mutate(
            "user.grant_site", {"id": grant_id, "user_id": account.id, "scope_site_id": site}
        )
        self.grants[(account.id, site)] = grant_id

    def revoke(self, account: Account, site: uuid.UUID) -> None:
        self.mutate("user.revoke_site", {"id": self.grants.pop((account.id, site))})

    def equipment(self, site: uuid.UUID, code: str, **fields: Any) -> uuid.UUID:
        equipment_id = self.new_id()
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
    return make_plant(db)


def make_plant(db: Engine, new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> Plant:
    """Four accounts, two sites, an equipment type (see the module doc), on an empty
    server; ``new_id`` makes the ids (a test that replays runs wants them the same)."""

    def account(email: str, role: Role) -> dict[str, Any]:
        return {
            "id": new_id(),
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
    site_a, site_b, type_id = new_id(), new_id(), new_id()
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
        new_id=new_id,
    )
    for who in (plant.supervisor, plant.technician, plant.storekeeper):
        plant.grant(who, site_a)
    return plant


@dataclass
class Device:
    """One replica, logged in to the server as one account.

    Its clients are ``FaultyClient``s: they journal what the server answered
    (``wire``) and misbehave as ``faults`` say (none by default).
    """

    name: str
    replica: Replica
    account: Account
    server_url: str
    checkpoint: Callable[[str], None] | None = None
    pull_limit: int = 5000
    push_page: int = 500
    reports: list[SyncReport] = field(default_factory=list)
    cursor_history: list[dict[str, int]] = field(default_factory=list)
    wire: Wire = field(default_factory=Wire)
    faults: ClientFaults | None = None

    @property
    def engine(self) -> Engine:
        return self.replica.engine

    @property
    def device_id(self) -> str:
        return replica_device_id(self.engine)

    def client(self, url: str | None = None) -> FaultyClient:
        credentials = Credentials(self.account.email, self.account.password)
        return FaultyClient(
            url or self.server_url, credentials, self.device_id, wire=self.wire, faults=self.faults
        )

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

    def restart(self) -> None:
        """The application starts again after a crash: the replica is opened anew
        (whatever a transaction left uncommitted is gone)."""
        self.replica.dispose()
        self.replica = open_replica(self.replica.path.parent)

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


@pytest.fixture(scope="session")
def replica_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty replica at the latest schema, made once: copying it is much
    faster than creating the schema for every device. No device id yet (made
    on first use), so copies are distinct devices."""
    folder = tmp_path_factory.mktemp("replica-template")
    open_replica(folder).dispose()  # the last connection's close checkpoints the WAL
    return folder / REPLICA_FILENAME


def fresh_replica(template: Path, data_dir: Path) -> Replica:
    """A new empty replica in ``data_dir`` (a copy of ``template``)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, data_dir / REPLICA_FILENAME)
    return open_replica(data_dir)


@pytest.fixture
def device(
    live_server: str, tmp_path: Path, plant: Plant, replica_template: Path
) -> Iterator[Callable[[str, Account], Device]]:
    made: list[Device] = []

    def make(name: str, account: Account) -> Device:
        replica = fresh_replica(replica_template, tmp_path / name)
        made_device = Device(name, replica, account, live_server)
        made.append(made_device)
        return made_device

    yield make
    for made_device in made:
        made_device.replica.dispose()


def table_state(engine: Engine, sites: frozenset[uuid.UUID] | None) -> dict[str, dict[Any, Any]]:
    """Every synced row visible in ``sites`` (None: all), by table and id, full values."""
    tables = synced_tables()
    state: dict[str, dict[Any, Any]] = {table.name: {} for table in tables}
    with engine.connect() as connection:
        # one statement finds the tables holding rows (most are empty in a test)
        counts = " UNION ALL ".join(
            f"SELECT '{table.name}', count(*) FROM \"{table.name}\"" for table in tables
        )
        filled = {name for name, count in connection.exec_driver_sql(counts) if count}
        for table in tables:
            if table.name not in filled:
                continue
            query = select(table)
            if sites is not None:
                query = query.where(table.c.site_id.is_(None) | table.c.site_id.in_(sites))
            skip = LOCAL_ONLY.get(table.name, set())
            state[table.name] = {
                row["id"]: {k: v for k, v in row.items() if k not in skip}
                for row in connection.execute(query).mappings()
            }
    return state


def server_scope(db: Engine, user_id: uuid.UUID) -> frozenset[uuid.UUID] | None:
    """The sites a user sees, as the server decides now (None: all, an administrator)."""
    with db.connect() as connection:
        role = connection.execute(select(users.c.role).where(users.c.id == user_id)).scalar_one()
        if role == Role.ADMIN.value:
            return None
        granted = connection.execute(
            select(user_permissions.c.scope_site_id).where(
                user_permissions.c.user_id == user_id, user_permissions.c.deleted_at.is_(None)
            )
        ).scalars()
        return frozenset(granted)


def scope_of(plant: Plant, account: Account) -> frozenset[uuid.UUID] | None:
    return server_scope(plant.db, account.id)


def assert_same_as_server(plant: Plant, *devices: Device) -> None:
    """Each replica holds exactly the server's rows of its scope, value for value."""
    for dev in devices:
        expected = table_state(plant.db, scope_of(plant, dev.account))
        actual = table_state(dev.engine, None)
        for name in expected:
            missing = expected[name].keys() - actual[name].keys()
            extra = actual[name].keys() - expected[name].keys()
            assert not missing and not extra, (
                f"{dev.name}.{name}: missing {[expected[name][i] for i in missing][:3]}, "
                f"extra {[actual[name][i] for i in extra][:3]}"
            )
            for row_id, row in expected[name].items():
                assert actual[name][row_id] == row, f"{dev.name}.{name} {row_id}"


def assert_cursors_never_went_back(*devices: Device) -> None:
    for dev in devices:
        for before, after in zip(dev.cursor_history, dev.cursor_history[1:], strict=False):
            for bucket, version in after.items():
                assert version >= before.get(bucket, 0), f"{dev.name}: {bucket} went back"
