"""Fixtures of the sync service's tests: a real PostgreSQL, a real SMTP sink.

- ``server_db_url``: a throw-away database for this test session and xdist
  worker (``cmms_srv_<worker>_<pid>``), brought to head by the alembic
  migration once, dropped at the end. The server comes from
  ``CMMS_TEST_DATABASE_URL`` (default: postgres on 127.0.0.1:5432); a server
  that does not answer fails the tests, it never skips them.
- ``db``: the engine on it; every table is emptied after the test. Chosen
  over a rolled-back outer transaction because several tests talk to the
  database from other connections, threads and processes (a real uvicorn, a
  PgBouncer), which an outer transaction would not cover.
- ``clock``: the app's injectable clock, moved by hand.
- ``smtp``: a local SMTP server (aiosmtpd) on loopback capturing messages.
- ``settings``/``app``/``client``: the service wired to all of the above.
- ``make_user``: insert an account directly (status of choice) and return it.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, insert, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

import cmms_core.passwords
import cmms_core.schema as core_schema
from cmms_core.passwords import hash_password
from cmms_core.schema.people import users
from sync_server.config import Settings
from sync_server.db import create_db_engine
from sync_server.main import create_app
from sync_server.migrations import upgrade
from sync_server.tables import server_metadata

DEFAULT_TEST_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TEST_JWT_SECRET = "test-secret-" + "x" * 40
PASSWORD = "correct-horse-42"  # the password of every make_user account by default


def test_server_url() -> str:
    return os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_TEST_SERVER_URL)


test_server_url.__test__ = False  # type: ignore[attr-defined]  # not a test


def create_database(name: str) -> str:
    """A new empty database on the test server; returns its URL."""
    server = make_url(test_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        pytest.fail(
            f"PostgreSQL is needed by the sync service's tests and does not answer at "
            f"{server.render_as_string(hide_password=True)} ({error.orig}).\n"
            "Run ./scripts/test (it starts the local server), or set CMMS_TEST_DATABASE_URL "
            "to a server where this user may create databases.",
            pytrace=False,
        )
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    admin = create_engine(test_server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def unique_db_name(prefix: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{prefix}_{worker}_{os.getpid()}_{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def server_db_url() -> Iterator[str]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"cmms_srv_{worker}_{os.getpid()}"
    url = create_database(name)
    try:
        upgrade(url)
        yield url
    finally:
        drop_database(name)


@pytest.fixture(scope="session")
def _session_engine(server_db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(server_db_url, pool_size=2, max_overflow=8)
    yield engine
    engine.dispose()


# Children before parents: the server tables point at users.
_CLEANUP_ORDER = [
    *reversed(server_metadata.sorted_tables),
    *reversed(core_schema.metadata.sorted_tables),
]


@pytest.fixture
def db(_session_engine: Engine) -> Iterator[Engine]:
    """The engine of the test database; all tables are empty when the test starts.

    DELETE, not TRUNCATE: on a few rows it is much faster (TRUNCATE swaps the
    files of every table, and there are 30 of them).
    """
    try:
        yield _session_engine
    finally:
        with _session_engine.begin() as connection:
            # a connection a test leaked would block the cleanup: fail instead of hanging
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            for table in _CLEANUP_ORDER:
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters inside this process (the real ones cost 50-200 ms
    a hash); subprocess tests still use the real ones."""
    monkeypatch.setattr(
        cmms_core.passwords,
        "_hasher",
        lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
    )


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class SmtpSink:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[tuple[Controller, SmtpSink]]:
    sink = SmtpSink()
    controller = Controller(
        sink, hostname="127.0.0.1", port=free_port(), loop=asyncio.new_event_loop()
    )
    controller.start()
    yield controller, sink
    controller.stop()


@pytest.fixture
def smtp(_smtp_controller: tuple[Controller, SmtpSink]) -> Iterator[SmtpSink]:
    _, sink = _smtp_controller
    sink.messages.clear()
    sink.recipients.clear()
    yield sink


@pytest.fixture
def settings(server_db_url: str, _smtp_controller: tuple[Controller, SmtpSink]) -> Settings:
    controller, _ = _smtp_controller
    return Settings(
        environment="test",
        database_url=server_db_url,
        jwt_secret=TEST_JWT_SECRET,  # type: ignore[arg-type]
        max_failed_logins=3,
        failed_login_window_seconds=60,
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
        smtp_starttls=False,
        smtp_sender="GMAO <gmao@usine.test>",
        public_url="http://cmms.usine.test",
    )


@pytest.fixture
def make_app(db: Engine, clock: FakeClock, settings: Settings) -> Callable[..., FastAPI]:
    def build(**overrides: Any) -> FastAPI:
        merged = settings.model_copy(update=overrides) if overrides else settings
        return create_app(merged, clock=clock, engine=db)

    return build


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@dataclass(frozen=True)
class MadeUser:
    id: uuid.UUID
    email: str
    password: str
    role: str


@pytest.fixture
def make_user(db: Engine, clock: FakeClock) -> Callable[..., MadeUser]:
    """Insert an account directly (no mutation, no audit): for test set-up only."""

    def make(
        email: str,
        *,
        role: str = "technician",
        status: str = "active",
        password: str = PASSWORD,
        language: str = "fr",
    ) -> MadeUser:
        user_id = uuid.uuid4()
        with db.begin() as connection:
            connection.execute(
                insert(users).values(
                    id=user_id,
                    site_id=None,
                    email=email,
                    full_name=email.split("@")[0].title(),
                    password_hash=hash_password(password),
                    role=role,
                    status=status,
                    language=language,
                    skills=[],
                    created_at=clock(),
                    updated_at=clock(),
                )
            )
        return MadeUser(id=user_id, email=email, password=password, role=role)

    return make


def login(client: TestClient, user: MadeUser, device_id: str = "pc-atelier-1") -> dict[str, Any]:
    """Log ``user`` in and return the token response, asserting success."""
    response = client.post(
        "/auth/login", json={"email": user.email, "password": user.password, "device_id": device_id}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
