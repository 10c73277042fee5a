"""Row versions: one PostgreSQL sequence, taken under one advisory lock.

Every writer of synced rows takes ``pg_advisory_xact_lock(SYNC_LOCK_ID)``
before it takes a version and keeps it until its transaction ends. Versions
are therefore committed in the order they are taken: a snapshot that sees
version *v* sees every version below it that will ever exist (gaps are
versions of rejected mutations). A transaction-level lock works through
PgBouncer in transaction mode; a session-level one would not.

Readers (pull) take the same lock in shared mode: no writer can commit between
the statements of one pull, so a page never skips a version a later statement
would have seen.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

__all__ = [
    "SYNC_LOCK_ID",
    "last_issued_version",
    "lock_for_reading",
    "lock_for_writing",
    "next_version",
    "next_versions",
]

SYNC_LOCK_ID = 0x53594E43  # "SYNC"


def lock_for_writing(conn: Connection) -> None:
    """Take the writers' lock until the transaction ends (re-entrant within it)."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SYNC_LOCK_ID})")


def lock_for_reading(conn: Connection) -> None:
    """Wait for the writer in flight, and keep writers out until the transaction ends."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({SYNC_LOCK_ID})")


def next_version(conn: Connection) -> int:
    """A new version, the writers' lock taken first."""
    lock_for_writing(conn)
    return int(conn.execute(text("SELECT nextval('sync_version')")).scalar_one())


def next_versions(conn: Connection, count: int) -> list[int]:
    """``count`` new versions in increasing order, in one round trip (lock taken first)."""
    if count <= 0:
        return []
    lock_for_writing(conn)
    values = conn.execute(
        text("SELECT nextval('sync_version') FROM generate_series(1, :n) ORDER BY 1"),
        {"n": count},
    ).scalars()
    return [int(value) for value in values]


def last_issued_version(conn: Connection) -> int:
    """The largest version ever taken (0 before the first one)."""
    row = conn.execute(text("SELECT last_value, is_called FROM sync_version")).one()
    return int(row.last_value) if row.is_called else 0
