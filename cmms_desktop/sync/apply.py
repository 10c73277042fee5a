"""Writing what the server sent into the replica: pulled pages, push results.

Each function runs in ONE SQLite transaction: the rows of a pulled page and
the cursors that cover them; the outbox rows drained by a push answer, the
rejections recorded and the rows restored. A crash leaves either all of it or
none of it.

Foreign keys are not checked while server rows are written. The server's
PostgreSQL enforced them already, and a replica holds only part of the
database: a global row may rightly point into a site this user does not see
(another technician's grant on an equipment of another site), and a revoked
site's rows go while global rows still name them. Checking would refuse
correct data. Local commands keep their own checks (``live_exists``...).

The hot path (an initial sync) converts wire values to SQLite's storage
(what SQLAlchemy's types write: UUIDs as 32 hex digits, timestamps as
``YYYY-MM-DD HH:MM:SS.ffffff`` UTC, decimals as REAL, JSON as text) inside
the INSERT itself (``replace(?, '-', '')``...), so Python touches no value but
JSON ones, and writes with ``executemany`` upserts on the driver's connection.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Connection, Engine, Table, UniqueConstraint, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from cmms_core.protocol import GLOBAL_BUCKET, ColumnKind, PushResponse, Restore, column_kind
from cmms_core.schema import synced_tables
from cmms_desktop.store.local_schema import rejections, sync_cursors
from cmms_desktop.store.touched import Touched, optimistic_audit_ids

__all__ = [
    "OutboxEntry",
    "PageStats",
    "apply_pull_answer",
    "cursors_after",
    "delete_bucket",
    "drop_unconfirmed_rows",
    "read_cursors",
    "record_push_answer",
    "replica_transaction",
    "upsert_wire_rows",
]


@contextmanager
def replica_transaction(engine: Engine) -> Iterator[tuple[Connection, sqlite3.Connection]]:
    """One transaction on the replica, foreign keys unchecked (see the module doc).

    Yields the SQLAlchemy connection and its sqlite3 connection (same transaction).
    """
    with engine.connect() as connection:
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        driver.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
        try:
            with connection.begin():
                yield connection, driver
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


# ------------------------------------------------------------------ wire -> SQLite


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


# How a wire value becomes its SQLite storage value, inside the INSERT (C speed,
# NULL stays NULL): "2026-03-02T08:00:00.123400Z" -> "2026-03-02 08:00:00.123400",
# a UUID loses its dashes, a decimal string becomes a REAL.
_SQL_STORAGE: Mapping[ColumnKind, str] = {
    "uuid": "replace(?, '-', '')",
    "datetime": "replace(rtrim(?, 'Z'), 'T', ' ')",
    "decimal": "CAST(? AS REAL)",
}
# What SQL cannot do: JSON values arrive parsed and are stored as text.
_PY_STORAGE: Mapping[ColumnKind, Callable[[Any], Any]] = {"json": _json}


@dataclass(frozen=True)
class _Plan:
    sql: str
    keep: tuple[int, ...] | None  # wire positions to keep (None: all, in order)
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # position in the kept row
    names: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _unique_sets(table: Table) -> tuple[tuple[str, ...], ...]:
    sets: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            sets.append(tuple(column.name for column in constraint.columns))
    for column in table.columns:
        if column.unique and (column.name,) not in sets:
            sets.append((column.name,))
    for index in table.indexes:
        if index.unique:
            sets.append(tuple(column.name for column in index.columns))
    return tuple(sets)


@cache
def _tables() -> Mapping[str, Table]:
    return {table.name: table for table in synced_tables()}


@cache
def _plan(table_name: str, columns: tuple[str, ...]) -> _Plan:
    table = _tables()[table_name]
    keep = [i for i, name in enumerate(columns) if name in table.columns]
    names = tuple(columns[i] for i in keep)
    if "id" not in names or "version" not in names:
        raise ValueError(f"{table_name}: rows without id or version")
    converters = []
    placeholders = []
    for position, name in enumerate(names):
        kind = column_kind(table.columns[name])
        converter = _PY_STORAGE.get(kind)
        if converter is not None:
            converters.append((position, converter))
        placeholders.append(_SQL_STORAGE.get(kind, "?"))
    quoted = [_quote(name) for name in names]
    updates = ", ".join(f"{q} = excluded.{q}" for q in quoted if q != '"id"')
    target = _quote(table_name)
    # A row never goes back to an older version (a stale restore, a replayed page).
    sql = (
        f"INSERT INTO {target} ({', '.join(quoted)}) VALUES ({', '.join(placeholders)}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE excluded.version >= {target}.version"
    )
    return _Plan(
        sql=sql,
        keep=None if len(keep) == len(columns) else tuple(keep),
        converters=tuple(converters),
        names=names,
        unique=_unique_sets(table),
    )


def _storage_rows(plan: _Plan, rows: list[list[Any]]) -> list[list[Any]]:
    keep = plan.keep
    if keep is not None:
        rows = [[row[i] for i in keep] for row in rows]
    converters = plan.converters
    if converters:
        for row in rows:
            for position, convert in converters:
                value = row[position]
                if value is not None:
                    row[position] = convert(value)
    return rows


def upsert_wire_rows(
    driver: sqlite3.Connection, table_name: str, columns: Sequence[str], rows: list[list[Any]]
) -> int:
    """Write rows in wire form (they are converted in place); returns how many.

    A row that collides with another local row on a unique key (a stale copy
    the pull has not reached yet, or an optimistic row the server will refuse)
    replaces it: the server's row wins, and anything still pending locally is
    re-applied (or rejected) later.
    """
    if not rows or table_name not in _tables():
        return 0
    plan = _plan(table_name, tuple(columns))
    stored = _storage_rows(plan, rows)
    driver.execute("SAVEPOINT upsert_rows")
    try:
        driver.executemany(plan.sql, stored)
    except sqlite3.IntegrityError:
        driver.execute("ROLLBACK TO upsert_rows")
        for row in stored:
            _upsert_one(driver, table_name, plan, row)
    driver.execute("RELEASE upsert_rows")
    return len(stored)


def _upsert_one(driver: sqlite3.Connection, table_name: str, plan: _Plan, row: list[Any]) -> None:
    try:
        driver.execute(plan.sql, row)
        return
    except sqlite3.IntegrityError:
        pass
    values = dict(zip(plan.names, row, strict=True))
    kinds = {name: column_kind(_tables()[table_name].columns[name]) for name in plan.names}
    for unique in plan.unique:
        if any(values.get(name) is None for name in unique):
            continue
        # the same conversions as the INSERT's, so that the values compare
        condition = " AND ".join(
            f"{_quote(name)} = {_SQL_STORAGE.get(kinds[name], '?')}" for name in unique
        )
        driver.execute(
            f"DELETE FROM {_quote(table_name)} WHERE {condition} AND id != replace(?, '-', '')",
            [*(values[name] for name in unique), values["id"]],
        )
    driver.execute(plan.sql, row)


def delete_ids(driver: sqlite3.Connection, table_name: str, ids: Sequence[uuid.UUID]) -> None:
    if ids and table_name in _tables():
        driver.executemany(
            f"DELETE FROM {_quote(table_name)} WHERE id = ?", [(row_id.hex,) for row_id in ids]
        )


def delete_bucket(driver: sqlite3.Connection, bucket: str) -> None:
    """Every row of a bucket (children first), and its cursor."""
    if bucket == GLOBAL_BUCKET:
        condition, params = "site_id IS NULL", []
    else:
        condition, params = "site_id = ?", [uuid.UUID(bucket).hex]
    for table in reversed(synced_tables()):
        driver.execute(f"DELETE FROM {_quote(table.name)} WHERE {condition}", params)
    driver.execute("DELETE FROM sync_cursors WHERE bucket = ?", [bucket])


# ------------------------------------------------------------------------- pull


def read_cursors(connection: Connection) -> dict[str, int]:
    rows = connection.execute(select(sync_cursors.c.bucket, sync_cursors.c.version))
    return {bucket: int(version) for bucket, version in rows}


def cursors_after(cursors: Mapping[str, int], answer: Mapping[str, Any]) -> dict[str, int]:
    """The cursors once ``answer`` is applied (so the next pull can start meanwhile)."""
    after = dict(cursors)
    for bucket in (*answer.get("revoked", ()), *answer.get("reset", ())):
        after.pop(bucket, None)
    for bucket, page in answer.get("buckets", {}).items():
        new = int(page["cursor"])
        if new > 0 or bucket in after:
            after[bucket] = new
    return after


@dataclass(frozen=True)
class PageStats:
    rows: int
    more: bool
    revoked: tuple[str, ...]
    reset: tuple[str, ...]
    cursors: Mapping[str, int]


def apply_pull_answer(engine: Engine, answer: Mapping[str, Any]) -> PageStats:
    """Apply one pull answer (every bucket's page) and move the cursors, in one transaction."""
    buckets: Mapping[str, Any] = answer.get("buckets", {})
    revoked = tuple(answer.get("revoked", ()))
    reset = tuple(answer.get("reset", ()))
    order = [name for name in buckets if name == GLOBAL_BUCKET]
    order += [name for name in buckets if name != GLOBAL_BUCKET]
    table_order = [table.name for table in synced_tables()]
    count = 0
    with replica_transaction(engine) as (connection, driver):
        cursors = read_cursors(connection)
        for bucket in (*revoked, *reset):
            delete_bucket(driver, bucket)
            cursors.pop(bucket, None)
        for bucket in order:
            page = buckets[bucket]
            tables: Mapping[str, Any] = page.get("tables", {})
            for name in table_order:  # parents before children
                block = tables.get(name)
                if block:
                    count += upsert_wire_rows(driver, name, block["columns"], block["rows"])
            old = cursors.get(bucket)
            new = int(page["cursor"])
            if old is not None and new < old:
                raise ValueError(f"the server moved cursor {bucket} back from {old} to {new}")
            if new != old and (new > 0 or old is not None):
                driver.execute(
                    "INSERT INTO sync_cursors (bucket, version) VALUES (?, ?) "
                    "ON CONFLICT(bucket) DO UPDATE SET version = excluded.version",
                    [bucket, new],
                )
                cursors[bucket] = new
    more = any(bool(page.get("more")) for page in buckets.values())
    return PageStats(rows=count, more=more, revoked=revoked, reset=reset, cursors=cursors)


# ------------------------------------------------------------------------- push


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    mutation_id: uuid.UUID
    name: str
    payload: dict[str, Any]
    actor_id: uuid.UUID | None
    created_at: datetime
    hlc: str | None = None
    # [[table, id, version], ...]: the rows it updated, as the user saw them
    base_versions: list[Any] = field(default_factory=list)
    # what its optimistic run wrote (store/touched.py); None: not recorded
    touched: Touched | None = None


def apply_restore(driver: sqlite3.Connection, restore: Restore) -> None:
    """Put back the server's rows of a refused command; drop those it lists as missing.

    A missing row the server once sent (its version above 0) is one the user can
    no longer see: its site was taken from them. Its whole bucket goes, cursor
    included, as when a pull says the site was revoked: dropping only the row
    would leave a cursor past it, and if the site came back before the replica
    heard of the revocation, the pull would go on from there without it.
    """
    for name in [table.name for table in synced_tables()]:
        block = restore.rows.get(name)
        if block is not None:
            upsert_wire_rows(driver, name, block.columns, [list(row) for row in block.rows])
    missing: dict[str, list[uuid.UUID]] = {}
    for name, row_id in restore.missing:
        missing.setdefault(name, []).append(row_id)
    for bucket in _buckets_out_of_reach(driver, missing):
        delete_bucket(driver, bucket)
    for table in reversed(synced_tables()):  # children first
        delete_ids(driver, table.name, missing.get(table.name, []))


def _buckets_out_of_reach(
    driver: sqlite3.Connection, missing: Mapping[str, Sequence[uuid.UUID]]
) -> set[str]:
    """The site buckets of the ``missing`` rows this replica got from the server."""
    buckets: set[str] = set()
    for name, ids in missing.items():
        if name not in _tables():
            continue
        for start in range(0, len(ids), 900):  # SQLite's bound parameters per statement
            chunk = [row_id.hex for row_id in ids[start : start + 900]]
            found = driver.execute(
                f"SELECT DISTINCT site_id FROM {_quote(name)} WHERE id IN "
                f"({','.join('?' * len(chunk))}) AND version > 0 AND site_id IS NOT NULL",
                chunk,
            )
            buckets.update(str(uuid.UUID(hex=site_hex)) for (site_hex,) in found)
    return buckets


def record_push_answer(
    engine: Engine,
    sent: Sequence[OutboxEntry],
    answer: PushResponse,
    now: datetime,
) -> tuple[int, int]:
    """Drain the acknowledged commands, keep the rejected ones, undo their optimistic rows.

    The optimistic audit entries of the applied commands go too (those still at
    version 0; the ones each command wrote when its ``touched`` is known, else
    every id it may have used): the server's own entries, under the same ids,
    come with the pull (a write that lost a conflict has none: the row comes
    back as the server keeps it, and the conflict with it).

    The other rows an applied command wrote (its ``touched``) wait in
    ``unconfirmed_rows`` for the next complete pull (:func:`drop_unconfirmed_rows`).

    Returns (applied, rejected). Results for ids this replica did not send are ignored.
    """
    by_id = {entry.mutation_id: entry for entry in sent}
    applied = rejected = 0
    superseded: list[tuple[str]] = []
    unconfirmed: list[tuple[str, str]] = []
    with replica_transaction(engine) as (connection, driver):
        acknowledged = [result.id for result in answer.results if result.id in by_id]
        driver.executemany(
            "DELETE FROM outbox WHERE mutation_id = ?", [(m.hex,) for m in acknowledged]
        )
        for result in answer.results:
            entry = by_id.pop(result.id, None)
            if entry is None:
                continue
            if result.status == "applied":
                applied += 1
                if entry.touched is None:
                    superseded += [(a.hex,) for a in optimistic_audit_ids(entry.mutation_id)]
                    continue
                for table, row_id in entry.touched:
                    if table == "audit_log":
                        superseded.append((row_id.hex,))
                    else:
                        unconfirmed.append((table, row_id.hex))
                continue
            rejected += 1
            connection.execute(
                sqlite_insert(rejections)
                .values(
                    mutation_id=entry.mutation_id,
                    name=entry.name,
                    payload=entry.payload,
                    actor_id=entry.actor_id,
                    created_at=entry.created_at,
                    code=result.code or "rejected",
                    message=result.message,
                    field_errors=dict(result.field_errors),
                    at=now,
                )
                .on_conflict_do_nothing(index_elements=["mutation_id"])
            )
            if result.restore is not None:
                apply_restore(driver, result.restore)
        driver.executemany("DELETE FROM audit_log WHERE id = ? AND version = 0", superseded)
        driver.executemany("INSERT OR IGNORE INTO unconfirmed_rows VALUES (?, ?)", unconfirmed)
    return applied, rejected


def drop_unconfirmed_rows(engine: Engine) -> int:
    """After a complete pull: drop the acknowledged commands' rows the server did not write.

    Such a row is still at version 0 (the pull brought every row the server
    has); it exists only because the replica's optimistic run saw another state
    than the server's (e.g. a history line for a state change that had already
    happened there). Children go before their parents. Returns the rows dropped.
    """
    dropped = 0
    with replica_transaction(engine) as (_connection, driver):
        waiting: dict[str, list[tuple[str]]] = {}
        for table, row_hex in driver.execute("SELECT table_name, row_id FROM unconfirmed_rows"):
            waiting.setdefault(table, []).append((row_hex,))
        if not waiting:
            return 0
        for table in reversed([t.name for t in synced_tables()]):
            for row in waiting.get(table, ()):
                cursor = driver.execute(f'DELETE FROM "{table}" WHERE id = ? AND version = 0', row)
                dropped += cursor.rowcount
        driver.execute("DELETE FROM unconfirmed_rows")
    return dropped
