"""Opening the replica file safely: WAL, foreign keys, and no silent re-creation.

A replica may hold days of offline work. If it is damaged or was written by a
newer version of the app we say so clearly and never touch the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError

REPLICA_FILENAME = "replica.sqlite3"


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


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
    cursor.close()


def _check_readable(path: Path) -> None:
    """Fail with ReplicaCorrupt unless ``path`` is a sound SQLite database.

    Checked with the sqlite3 module directly and read-only, so that nothing
    (not even a WAL file) is created next to a damaged file.
    """
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
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


@dataclass(frozen=True)
class Replica:
    path: Path
    engine: Engine

    def dispose(self) -> None:
        self.engine.dispose()


def open_engine(path: Path) -> Engine:
    """An engine on the replica file (created if it does not exist)."""
    if path.exists() and path.stat().st_size > 0:
        _check_readable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    try:
        with engine.connect() as connection:
            mode = connection.execute(text("PRAGMA journal_mode = WAL")).scalar_one()
            if str(mode).lower() != "wal":
                raise ReplicaError(path, f"{path}: cannot switch to WAL journal (got {mode})")
    except DatabaseError as error:
        engine.dispose()
        raise ReplicaCorrupt(path, f"{path} cannot be opened: {error.orig}") from error
    return engine
