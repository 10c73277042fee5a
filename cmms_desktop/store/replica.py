"""Opening the replica file safely: WAL, foreign keys, and no silent re-creation.

A replica may hold days of offline work. If it is damaged or was written by a
newer version of the app we say so clearly and never touch the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError

REPLICA_FILENAME = "replica.sqlite3"
FULL_CHECK_MAX_BYTES = 128 * 1024 * 1024


class ReplicaError(Exception):
    """The replica cannot be used; ``path`` is left exactly as it was."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class ReplicaCorrupt(ReplicaError):
    pass


class ReplicaTooNew(ReplicaError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"{path} was written by a newer version of the application "
            f"(schema {found}, this version knows up to {supported}). "
            "Install the newer version; the file has not been modified.",
        )
        self.found = found
        self.supported = supported


PAGE_CACHE_KIB = 64 * 1024  # per connection; with WAL it stays warm across transactions


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so DDL (a
    # migration step, create_all) would commit statement by statement. No
    # implicit transactions here: _on_begin sends BEGIN, so one transaction
    # covers everything done in it, schema changes included.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # a no-op inside a transaction: set it first
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA journal_mode = WAL")  # cannot change inside a transaction either
    cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
    # SQLite's 2 MiB page cache is far smaller than the indexes a pull fills (UUID
    # keys in random order): pages would be evicted and read back every few rows.
    cursor.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _check_readable(path: Path, supported_version: int) -> None:
    """Fail with ReplicaCorrupt unless ``path`` is a sound SQLite database.

    Checked with the sqlite3 module directly and read-only, so that nothing
    (not even a WAL file) is created next to a damaged file.
    """
    # Without WAL content the file alone is the database: "immutable" reads it
    # without creating -wal/-shm files beside it. With WAL content (the last
    # session crashed) the check must read the WAL too.
    wal = path.with_name(f"{path.name}-wal")
    has_wal_content = wal.exists() and wal.stat().st_size > 0
    options = "mode=ro" if has_wal_content else "mode=ro&immutable=1"
    try:
        # as_uri: a "?" or "#" in a folder name must not end the file name
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?{options}", uri=True)
        try:
            # quick_check reads every page: ~0.1 s for a plant's replica, but
            # seconds for a benchmark-sized one, which would blow the cold-start
            # budget. Above the limit, opening reads the header and schema
            # only; damage deeper in still surfaces as a DatabaseError on use.
            if path.stat().st_size <= FULL_CHECK_MAX_BYTES:
                result = connection.execute("PRAGMA quick_check").fetchone()
            else:
                result = ("ok",)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            objects = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise ReplicaCorrupt(
            path, f"{path} is not a readable replica ({error}). The file has not been modified."
        ) from error
    if result is None or result[0] != "ok":
        raise ReplicaCorrupt(
            path,
            f"{path} is damaged ({result[0] if result else 'no answer'}). "
            "The file has not been modified.",
        )
    if version > supported_version:
        raise ReplicaTooNew(path, version, supported_version)
    # Replicas always carry a schema version; tables without one are someone
    # else's database, to be refused before anything (even WAL mode) is written.
    if version == 0 and objects > 0:
        raise ReplicaCorrupt(
            path,
            f"{path} is an SQLite database but not a replica of this application. "
            "The file has not been modified.",
        )


@dataclass(frozen=True)
class Replica:
    path: Path
    engine: Engine

    def dispose(self) -> None:
        self.engine.dispose()


def open_engine(path: Path, supported_version: int) -> Engine:
    """An engine on the replica file (created if it does not exist).

    A file from a newer version of the app is refused before anything, not
    even the switch to WAL, is written to it.
    """
    if path.exists() and path.stat().st_size > 0:
        _check_readable(path, supported_version)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        with engine.connect() as connection:
            mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()
            if str(mode).lower() != "wal":
                raise ReplicaError(path, f"{path}: cannot switch to WAL journal (got {mode})")
    except DatabaseError as error:
        engine.dispose()
        raise ReplicaCorrupt(path, f"{path} cannot be opened: {error.orig}") from error
    return engine
