"""Fixtures every test package may use.

- ``pg_url``: the SQLAlchemy URL (a string) of a throw-away PostgreSQL database
  made for this test session (one per xdist worker) and dropped at the end.
  The server comes from ``CMMS_TEST_DATABASE_URL`` (default: ``postgres`` on
  127.0.0.1:5432, which ``./scripts/test`` starts). A server that does not
  answer fails the tests: it never skips them.
- ``pg_engine``: an engine on that database holding every table of
  ``cmms_core.schema.metadata``, all empty when the test starts. Commit
  freely: the tables are emptied after each test.
- ``replica``: a fresh local replica (``cmms_desktop.store.open_replica``) in
  the test's ``tmp_path``, disposed after the test.

Qt-specific fixtures live in ``tests/ui/conftest.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

import cmms_core.schema as core_schema
from cmms_desktop.store import open_replica
from cmms_desktop.store.replica import Replica

# Qt reads this when the QApplication is made (pytest-qt makes it lazily, in a
# fixture), so setting it at conftest import time is early enough: tests never
# need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _server_url() -> str:
    return os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a fresh database of this session and xdist worker, dropped at the end."""
    server = make_url(_server_url())
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"cmms_test_{worker}_{os.getpid()}"
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    problem = None
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        problem = str(error.orig).strip()
    if problem is not None:  # failed outside the except block: one clear message, no chain
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is needed by this test and does not answer at "
            f"{server.render_as_string(hide_password=True)}:\n  {problem}\n"
            "Run the tests with ./scripts/test (it starts the local server), or set "
            "CMMS_TEST_DATABASE_URL to a server where this user may create databases.",
            pytrace=False,
        )
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            # FORCE: a connection a failed test leaked must not keep the database alive.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_schema_engine(pg_url: str) -> Iterator[Engine]:
    """The shared schema, created once per session; also the engine that empties it."""
    engine = create_engine(pg_url)
    core_schema.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(_pg_schema_engine: Engine, pg_url: str) -> Iterator[Engine]:
    """An engine on the test database; every schema table exists and is empty.

    Emptying the tables with DELETE after the test is far faster than
    create_all/drop_all or TRUNCATE (tens of ms against most of a second), and
    unlike a rolled-back outer transaction it lets the code under test commit
    on its own connections.
    """
    engine = create_engine(pg_url)
    try:
        yield engine
    finally:
        engine.dispose()
        with _pg_schema_engine.begin() as connection:
            # A connection leaked by the test would block the cleanup: fail instead of hanging.
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            for table in reversed(core_schema.metadata.sorted_tables):  # children first
                connection.execute(delete(table))


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    """A new replica at the latest schema in ``tmp_path``."""
    opened = open_replica(tmp_path)
    try:
        yield opened
    finally:
        opened.dispose()
