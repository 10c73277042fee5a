"""What every named command shares: its context, its rejections, row writes with audit.

A mutation is one piece of domain logic that runs twice: optimistically on a
client's replica and authoritatively on the server. It only talks to the
database through the SQLAlchemy Core connection in its context, so the same
code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import (
    Column,
    Connection,
    ForeignKeyConstraint,
    Insert,
    Select,
    Table,
    UniqueConstraint,
    Update,
    bindparam,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from cmms_core.hlc import parse_stamp
from cmms_core.mutations.stored import as_stored
from cmms_core.protocol import column_kind, encode_value
from cmms_core.rules.permissions import Actor, Permission, PermissionDenied, can
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.base import CREATION_CLOCK, FIELD_CLOCKS
from cmms_core.schema.sync import sync_conflicts

# A row as the commands read it: from the database, or as the read cache keeps it.
LiveRow = Mapping[Any, Any]


@dataclass(frozen=True)
class MutationContext:
    conn: Connection
    actor: Actor | None  # None only for the self-service commands (register, first admin)
    now: datetime
    device_id: str
    offline: bool  # True when applied optimistically on a replica
    # The server stamps every row a mutation writes with one new version; a
    # replica leaves versions alone (0 means "the server has not seen it").
    version: int | None = None
    mutation_id: uuid.UUID = field(default_factory=uuid.uuid4)
    # The command's hybrid-logical-clock stamp (cmms_core.hlc). On the server
    # it becomes the clock of every field the command writes (field_clocks),
    # and decides same-field conflicts; None: no clocks are kept. A replica
    # never keeps clocks: it only carries the stamp to the server.
    hlc: str | None = None
    # (table name, row id) -> the version of the row as the command's author saw
    # it when they made it. On a replica, update_row fills it in (the writer
    # queues it with the command); on the server it is what the client sent, and
    # a row missing from it counts as seen as it is now (no competition).
    base_versions: dict[tuple[str, uuid.UUID], int] = field(default_factory=dict)
    # The server's push queues the audit entries here and inserts them in one
    # batch (they cannot fail: see sync_server.sync.push); None: inserted at once.
    audit_queue: list[dict[str, Any]] | None = None
    # The server's lookup of the command that wrote a version (to name the
    # losing command of a conflict); None: unknown.
    mutation_of_version: Callable[[int], uuid.UUID | None] | None = None
    # When the command was made on its device (the audit entries' ``made_at``):
    # on the server, the pushed command's ``created_at``; None: ``now``.
    made_at: datetime | None = None
    _derived: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    _conflicts: itertools.count[int] = field(default_factory=itertools.count, repr=False)

    def derive_id(self, kind: str) -> uuid.UUID:
        """A new row id that is the same wherever this mutation runs.

        Rows a command creates besides the ones the user named (audit entries,
        history lines) must get the same id on the replica and on the server,
        or the optimistic copy and the authoritative one would both show after
        a sync. Handlers run deterministically, so the n-th derived id matches.
        """
        return uuid.uuid5(self.mutation_id, f"{kind}/{next(self._derived)}")

    def conflict_id(self) -> uuid.UUID:
        """The id of the n-th conflict this command records (only the server records
        them: a counter of its own, so that derived ids stay those of the replica)."""
        return uuid.uuid5(self.mutation_id, f"conflict/{next(self._conflicts)}")

    @property
    def keeps_clocks(self) -> bool:
        return self.hlc is not None and not self.offline


class MutationRejected(Exception):
    """A command refused, with a machine-readable code and a human sentence.

    ``field_errors`` maps payload fields to codes the UI turns into messages.
    """

    def __init__(
        self, code: str, message: str, field_errors: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field_errors = dict(field_errors or {})


class Payload(BaseModel):
    """Base of every mutation payload: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class MutationSpec(Generic[P]):
    name: str
    payload_model: type[P]
    handler: Callable[[MutationContext, P], None]
    summary: str = field(default="")


def require_actor(ctx: MutationContext) -> Actor:
    if ctx.actor is None:
        raise MutationRejected("forbidden", "this command needs a logged-in user")
    return ctx.actor


def require_permission(
    ctx: MutationContext, permission: Permission, site_id: uuid.UUID | None
) -> Actor:
    actor = require_actor(ctx)
    if not can(actor, permission, site_id):
        denied = PermissionDenied(actor, permission, site_id)
        raise MutationRejected("forbidden", str(denied))
    return actor


# ------------------------------------------------------------------ reads


class ReadCache:
    """What the commands of one batch looked up, while nothing they read has changed.

    The server applies a push of hundreds of commands in one transaction under
    the writers' lock (no other writer of synced rows runs meanwhile), and they
    look up the same rows again and again (the site, the equipment type...).
    Answers are kept per table. The row writes of this module are followed as
    they are made (:meth:`follow_write`): an UPDATE by row id changes the row
    kept, when its values come back as given (``cmms_core.mutations.stored``),
    else forgets it; an INSERT forgets the known absences; both forget the
    table's existence checks. Any other statement that writes to a table
    (seen on the connection itself, whoever sends it) forgets what is known of
    that table, and a rollback to a savepoint everything. Installed with
    :func:`cached_reads`; without it every lookup goes to the database.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[uuid.UUID, LiveRow | None]] = {}
        self.counts: dict[str, dict[tuple[Any, ...], bool]] = {}
        # table name -> column -> what the batch knows of the rows holding some
        # values of that column (see prefetch_keys)
        self.keys: dict[str, dict[str, KeySnapshot]] = {}
        # > 0 while the writes being sent were already followed (follow_write): held
        # writes being flushed, or a write of _write sent at once
        self.announced = 0

    def clear(self) -> None:
        self.rows.clear()
        self.counts.clear()
        self.keys.clear()

    def follow_write(self, table: Table, update: bool, params: Mapping[str, Any]) -> None:
        """Take a row write of ``_write`` (an INSERT, or an UPDATE by row id) into
        account before it is sent (see the class); the statement sending it is then
        announced (``announced``), and not taken into account again."""
        snapshots = self.keys.get(table.name, {})
        for column, snapshot in list(snapshots.items()):
            if not snapshot.follow(update, params):
                del snapshots[column]
        if update:
            self._follow_update(table, params)
        else:
            self.written("INSERT", table.name, [params])

    def _follow_update(self, table: Table, params: Mapping[str, Any]) -> None:
        self.counts.pop(table.name, None)
        rows = self.rows.get(table.name)
        row_id = params[_ROW_ID]
        if rows is None or row_id not in rows:
            return
        known = rows.pop(row_id)
        changes = as_stored(table, {k: v for k, v in params.items() if k != _ROW_ID})
        if known is None or changes is None:
            return  # a row coming back to life, a value stored differently: read again
        row = {**known, **changes}
        rows[row_id] = None if row.get("deleted_at") is not None else row

    def key_answer(self, table: Table, live: bool, key: tuple[Any, ...]) -> bool | None:
        """A count's answer from a key snapshot of ``table``, or None (no snapshot
        covers it: ask the database)."""
        snapshots = self.keys.get(table.name)
        if not snapshots:
            return None
        for name, op, value in key:
            snapshot = snapshots.get(name)
            if snapshot is not None and op is operator.eq and value in snapshot.values:
                return snapshot.answer(live, key, value)
        return None

    def forget(self, table_name: str, row_ids: list[Any] | None) -> None:
        """Forget what a write to ``table_name`` may change (``row_ids``: the rows an
        UPDATE changed, when known; an INSERT leaves the rows already read alone)."""
        self.counts.pop(table_name, None)
        rows = self.rows.get(table_name)
        if rows is None:
            return
        if row_ids is None:
            del self.rows[table_name]
            return
        for row_id in row_ids:
            rows.pop(row_id, None)

    def _on_statement(
        self,
        _conn: Connection,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        head = statement.lstrip()[:7].upper()
        if head.startswith(("SELECT", "SAVEPOI", "RELEASE")):
            return
        match = _WRITE.match(statement)
        if match is None:  # a rollback to a savepoint, or a statement not understood
            self.clear()
            return
        if self.announced:
            return  # row writes this cache followed as they were made
        verb, table_name = match[1].upper(), match[2]
        self.keys.pop(table_name, None)
        self.written(verb, table_name, parameters if executemany else [parameters])

    def written(self, verb: str, table_name: str, params: list[Any]) -> None:
        """Forget what a write (``verb``: INSERT, UPDATE...) to ``table_name`` may change."""
        if verb == "UPDATE":
            ids = [p.get(_ROW_ID) if isinstance(p, Mapping) else None for p in params]
            self.forget(table_name, None if None in ids else ids)
        elif verb == "INSERT":
            self.counts.pop(table_name, None)
            rows = self.rows.get(table_name)
            if rows is None:
                return
            # a known absence may be there now
            ids = [p.get("id") if isinstance(p, Mapping) else None for p in params]
            if None in ids:
                ids = [key for key, row in rows.items() if row is None]
            for row_id in ids:
                if row_id in rows and rows[row_id] is None:
                    del rows[row_id]
        else:
            self.forget(table_name, None)


class KeySnapshot:
    """Every row of a table whose ``column`` holds one of ``values``, as the batch knows
    it: read from the database once (:func:`prefetch_keys`, tombstones included),
    then kept up to date with the batch's own row writes (held back or sent), so
    that the uniqueness checks of the batch's commands need no query.

    A row is kept as a dict of the columns known: the whole row (read, or the
    values of its INSERT), or, for a row that came to one of the values by an
    UPDATE, only what that UPDATE set (a check that needs another column asks
    the database).
    """

    def __init__(self, column: str, values: frozenset[Any]) -> None:
        self.column = column
        self.values = values
        self.rows: dict[Any, tuple[dict[str, Any], bool]] = {}  # id -> (columns, complete)
        self.by_value: dict[Any, set[Any]] = {}

    def add(self, row_id: Any, row: dict[str, Any], complete: bool) -> None:
        self.discard(row_id)
        value = row.get(self.column)
        if value in self.values:
            self.rows[row_id] = (row, complete)
            self.by_value.setdefault(value, set()).add(row_id)

    def discard(self, row_id: Any) -> None:
        known = self.rows.pop(row_id, None)
        if known is not None:
            self.by_value[known[0].get(self.column)].discard(row_id)

    def follow(self, update: bool, params: Mapping[str, Any]) -> bool:
        """Take a row write into account; False when it cannot be followed."""
        try:
            if update:
                row_id = params[_ROW_ID]
                changes = {k: v for k, v in params.items() if k != _ROW_ID}
                known = self.rows.get(row_id)
                if known is not None:
                    self.add(row_id, {**known[0], **changes}, known[1])
                elif self.column in changes and changes[self.column] in self.values:
                    # a row outside the snapshot takes one of its values
                    self.add(row_id, {"id": row_id, **changes}, False)
                return True
            if "id" not in params or self.column not in params:
                return False  # a default the database would fill in
            self.add(params["id"], dict(params), True)
            return True
        except TypeError:  # an unhashable value
            return False

    def answer(self, live: bool, key: tuple[Any, ...], value: Any) -> bool | None:
        """Whether a row matches ``key`` (whose ``column == value`` criterion puts it
        in this snapshot); None when a row's columns cannot tell."""
        unsure = False
        for row_id in self.by_value.get(value, ()):
            row, complete = self.rows[row_id]
            if live and not complete and "deleted_at" not in row:
                unsure = True
                continue
            match = _row_matches(row, live, key)
            if match:
                return True
            if match is None:
                unsure = True
        return None if unsure else False


_WRITE = re.compile(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
_CACHE_KEY = "cmms_mutations_read_cache"
_ROW_ID = "_row_id"  # the bind parameter of update_row's WHERE


@contextmanager
def cached_reads(conn: Connection) -> Iterator[ReadCache]:
    """Keep the lookups of the commands run on ``conn`` until the block ends (see ReadCache)."""
    if _CACHE_KEY in conn.info:
        raise RuntimeError("cached_reads is already active on this connection")
    cache = ReadCache()
    conn.info[_CACHE_KEY] = cache
    event.listen(conn, "before_cursor_execute", cache._on_statement)
    event.listen(conn, "rollback_savepoint", _clear_on_rollback)
    event.listen(conn, "rollback", _clear_on_rollback)
    try:
        yield cache
    finally:
        event.remove(conn, "before_cursor_execute", cache._on_statement)
        event.remove(conn, "rollback_savepoint", _clear_on_rollback)
        event.remove(conn, "rollback", _clear_on_rollback)
        del conn.info[_CACHE_KEY]


def _clear_on_rollback(conn: Connection, *_args: Any) -> None:
    cache = conn.info.get(_CACHE_KEY)
    if cache is not None:
        cache.clear()


def _cache(conn: Connection) -> ReadCache | None:
    cache: ReadCache | None = conn.info.get(_CACHE_KEY)
    return cache


# ------------------------------------------------------------------ held-back writes

_HELD_KEY = "cmms_mutations_held_writes"
# inserts ``rows`` (each giving the same columns) into a table, as insert() would
InsertRows = Callable[[Connection, Table, list[dict[str, Any]]], None]
_INDEPENDENT_KEY = "cmms_independent_read"
# a read that found out for itself which held-back writes it must see
_INDEPENDENT: dict[str, Any] = {"execution_options": {_INDEPENDENT_KEY: True}}
_COMPARABLE = (str, int, bool, uuid.UUID)


@dataclass
class _Held:
    statement: Insert | Update
    table: Table
    params: dict[str, Any]
    row: tuple[str, Any]  # (table name, row id)
    update: bool
    free: bool  # an update of columns no constraint involves (see _key_columns)

    @property
    def shape(self) -> tuple[Any, ...]:
        return (self.statement, frozenset(self.params))


@functools.cache
def _key_columns(table: Table) -> frozenset[str] | None:
    """The columns of ``table`` that a constraint involving other rows reads (primary and
    unique keys, foreign keys both ways), or None when they cannot be told."""
    names: set[str] = {column.name for column in table.primary_key.columns}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint | ForeignKeyConstraint):
            names.update(column.name for column in constraint.columns)
    for column in table.columns:
        if column.unique or column.foreign_keys:
            names.add(column.name)
    for index in table.indexes:
        if not index.unique:
            continue
        if index.dialect_kwargs or any(not isinstance(e, Column) for e in index.expressions):
            return None  # a partial or expression index: any column may count
        names.update(column.name for column in index.columns)
    for other in table.metadata.tables.values():
        for key in other.foreign_keys:
            if key.column.table is table:
                names.add(key.column.name)
    return frozenset(names)


class HeldWrites:
    """The row writes of a batch of commands, held back and sent in a few statements.

    Installed with :func:`held_writes`, it takes the INSERTs and UPDATEs of
    ``insert_row``, ``update_row`` and the conflict records instead of sending
    them one by one, and sends them before any statement that might see them:
    any statement run on the connection, except the lookups of this module,
    which check whether a held write concerns them (a row read by id waits for
    the writes of that row only; a count sees the held inserts that match it).

    Sending keeps the outcome of the original order: the writes go in the
    order they were made, consecutive writes of one shape in one
    ``executemany``; an UPDATE that only sets columns no constraint involving
    other rows reads (no key, unique or foreign) is independent of the writes
    of other rows, so such updates wait for the end of their batch to be sent
    together (a row written twice starts a new batch). A write that fails is
    reported by the statement that sent it, possibly during another command:
    the caller must then roll back and run the commands again without holding
    writes back (``paused``), to know which one failed.
    """

    def __init__(self, conn: Connection, insert_rows: InsertRows | None = None) -> None:
        self._conn = conn
        self._insert_rows = insert_rows
        self._held: list[_Held] = []
        self._rows: set[tuple[str, Any]] = set()
        self.flushing = False
        self.flushes = 0  # how many times held writes were sent
        self._paused = 0

    @property
    def active(self) -> bool:
        return not self._paused

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Writes go to the database at once meanwhile (nothing must be held)."""
        self.flush()
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def __len__(self) -> int:
        return len(self._held)

    def hold(self, statement: Insert | Update, table: Table, params: dict[str, Any]) -> None:
        update = _ROW_ID in params
        row_id = params[_ROW_ID] if update else params.get("id")
        keys = _key_columns(table)
        free = update and keys is not None and not (keys & params.keys())
        self._held.append(_Held(statement, table, params, (table.name, row_id), update, free))
        self._rows.add((table.name, row_id))
        cache = _cache(self._conn)
        if cache is not None:
            cache.follow_write(table, update, params)

    def holds_row(self, table_name: str, row_id: Any) -> bool:
        return (table_name, row_id) in self._rows

    def settles_count(self, table: Table, live: bool, key: tuple[Any, ...]) -> bool | None:
        """Whether the held writes decide a count of ``table`` rows matching ``key``
        (simple ``column <op> value`` criteria, see _criteria_key): True when a held
        insert matches, False when none can change the database's answer, None when
        it cannot be told (they must be sent first)."""
        columns = {name for name, _op, _value in key}
        if live:
            columns.add("deleted_at")
        matched = False
        for held in self._held:
            if held.table is not table:
                continue
            if held.update:
                if columns & held.params.keys():
                    return None
                continue
            match = _row_matches(held.params, live, key)
            if match is None:
                return None
            matched = matched or match
        return matched

    def discard(self) -> None:
        """Forget the held writes (the caller rolls back what they belong to)."""
        self._held.clear()
        self._rows.clear()

    def undo_to(self, mark: tuple[int, int]) -> bool:
        """Drop the writes held since ``mark`` (:meth:`mark`), when none was sent yet."""
        flushes, held = mark
        if flushes != self.flushes:
            return False
        dropped, self._held = self._held[held:], self._held[:held]
        self._rows = {h.row for h in self._held}
        cache = _cache(self._conn)
        if cache is not None:  # what was read since may have counted them
            for table_name in {h.table.name for h in dropped}:
                cache.forget(table_name, None)
                cache.keys.pop(table_name, None)
        return True

    def mark(self) -> tuple[int, int]:
        return self.flushes, len(self._held)

    def flush(self) -> None:
        """Send the held writes (see the class)."""
        if not self._held or self.flushing:
            return
        held, self._held = self._held, []
        self._rows.clear()
        self.flushing = True
        self.flushes += 1
        cache = _cache(self._conn)
        if cache is not None:  # the key snapshots followed these writes when held
            cache.announced += 1
        try:
            for first, params in _batches(held):
                if self._insert_rows is not None and not first.update:
                    self._insert_rows(self._conn, first.table, params)
                else:
                    self._conn.execute(first.statement, params)
        finally:
            self.flushing = False
            if cache is not None:
                cache.announced -= 1


def _row_matches(params: Mapping[str, Any], live: bool, key: tuple[Any, ...]) -> bool | None:
    """Whether a row inserted with ``params`` matches the simple criteria ``key`` as
    the database would tell (None: cannot be told here)."""
    if live and params.get("deleted_at") is not None:
        return False
    for name, op, value in key:
        if name not in params or op not in (operator.eq, operator.ne):
            return None
        found = params[name]
        if found is None:
            return False  # NULL compares to nothing
        if type(found) is not type(value) or not isinstance(found, _COMPARABLE):
            return None
        if not op(found, value):
            return False
    return True


def _batches(held: list[_Held]) -> Iterator[tuple[_Held, list[dict[str, Any]]]]:
    """The statements that send ``held`` (see HeldWrites), each as its first write
    and the parameters of all: consecutive writes of one shape together, the free
    updates of a batch at its end, a new batch whenever a row comes again."""
    batch: list[_Held] = []
    rows: set[tuple[str, Any]] = set()
    for item in held:
        if item.row in rows:
            yield from _batch_statements(batch)
            batch, rows = [], set()
        batch.append(item)
        rows.add(item.row)
    yield from _batch_statements(batch)


def _batch_statements(batch: list[_Held]) -> Iterator[tuple[_Held, list[dict[str, Any]]]]:
    ordered = [h for h in batch if not h.free]
    free: dict[tuple[Any, ...], list[_Held]] = {}
    for h in batch:
        if h.free:
            free.setdefault(h.shape, []).append(h)
    runs: list[list[_Held]] = []
    for h in ordered:
        if runs and runs[-1][0].shape == h.shape:
            runs[-1].append(h)
        else:
            runs.append([h])
    runs += free.values()
    for run in runs:
        yield run[0], [h.params for h in run]


def _flush_before(
    conn: Connection, _clause: Any, _multi: Any, _params: Any, options: Mapping[str, Any]
) -> None:
    held = _deferred(conn)
    if held is not None and not held.flushing and not options.get(_INDEPENDENT_KEY):
        held.flush()


@contextmanager
def held_writes(conn: Connection, insert_rows: InsertRows | None = None) -> Iterator[HeldWrites]:
    """Hold the row writes of the commands run on ``conn`` back until a statement
    needs them, and send them in batches (see HeldWrites). Whatever is still
    held when the block ends normally is sent; on an exception, it is dropped.
    ``insert_rows``: how to send a batch of inserts into one table, when the
    database has a faster way than an ``executemany`` of ``insert()``."""
    if _HELD_KEY in conn.info:
        raise RuntimeError("held_writes is already active on this connection")
    held = HeldWrites(conn, insert_rows)
    conn.info[_HELD_KEY] = held
    event.listen(conn, "before_execute", _flush_before)
    try:
        yield held
        held.flush()
    finally:
        held.discard()
        event.remove(conn, "before_execute", _flush_before)
        del conn.info[_HELD_KEY]


def _deferred(conn: Connection) -> HeldWrites | None:
    held: HeldWrites | None = conn.info.get(_HELD_KEY)
    return held if held is not None and held.active else None


def _write(
    conn: Connection, statement: Insert | Update, table: Table, params: dict[str, Any]
) -> None:
    held = _deferred(conn)
    if held is not None:
        held.hold(statement, table, params)
        return
    cache = _cache(conn)
    if cache is None:
        conn.execute(statement, params)
        return
    cache.follow_write(table, isinstance(statement, Update), params)
    cache.announced += 1
    try:
        conn.execute(statement, params)
    finally:
        cache.announced -= 1


@functools.cache
def _live_row_query(table: Table) -> Select[Any]:
    return select(table).where(table.c.id == bindparam("row_id"), table.c.deleted_at.is_(None))


def _read_row(conn: Connection, table: Table, row_id: uuid.UUID) -> LiveRow | None:
    """The live row with this id, or None (missing or tombstoned)."""
    cache = _cache(conn)
    rows = None if cache is None else cache.rows.setdefault(table.name, {})
    if rows is not None and row_id in rows:
        return rows[row_id]
    held = _deferred(conn)
    if held is not None and held.holds_row(table.name, row_id):
        held.flush()  # a write of this very row is held back: it goes first
    row = (
        conn.execute(_live_row_query(table), {"row_id": row_id}, **_INDEPENDENT).mappings().first()
    )
    if rows is not None:
        rows[row_id] = row
    return row


def prefetch_live_rows(conn: Connection, table: Table, row_ids: Iterable[uuid.UUID]) -> None:
    """Read the live rows ``row_ids`` of ``table`` in one go, for the lookups to come.

    Only with :func:`cached_reads` active (else it does nothing): the rows (or
    their absence) are kept like the answers of :func:`fetch_live_row`, which
    then finds them without a round trip.
    """
    cache = _cache(conn)
    if cache is None:
        return
    rows = cache.rows.setdefault(table.name, {})
    wanted = list(dict.fromkeys(r for r in row_ids if r not in rows))
    held = _deferred(conn)
    if held is not None and any(held.holds_row(table.name, r) for r in wanted):
        held.flush()
    for start in range(0, len(wanted), 900):  # SQLite's bound parameters per statement
        chunk = wanted[start : start + 900]
        query = select(table).where(table.c.id.in_(chunk), table.c.deleted_at.is_(None))
        found = {row["id"]: row for row in conn.execute(query, **_INDEPENDENT).mappings()}
        for row_id in chunk:
            rows[row_id] = found.get(row_id)


def prefetch_keys(conn: Connection, table: Table, column: str, values: Iterable[Any]) -> None:
    """Read in one go every row of ``table`` (tombstones included) whose ``column``
    holds one of ``values``, for the uniqueness checks to come.

    Only with :func:`cached_reads` active (else it does nothing). The counts
    (:func:`key_taken`, :func:`live_exists`) with a ``column == value``
    criterion, ``value`` among them, are then answered from these rows and the
    batch's own writes to the table, followed as they are made (see
    :class:`KeySnapshot`); a write to the table that cannot be followed (any
    statement but the row writes of this module, a rollback) drops the snapshot
    and the checks ask the database again.
    """
    cache = _cache(conn)
    if cache is None:
        return
    snapshots = cache.keys.setdefault(table.name, {})
    snapshot = snapshots.get(column)
    known = snapshot.values if snapshot is not None else frozenset()
    wanted = list(dict.fromkeys(v for v in values if v is not None and v not in known))
    if not wanted:
        return
    held = _deferred(conn)
    if held is not None:
        held.flush()  # the rows held back must be in what is read
    fresh = KeySnapshot(column, known | frozenset(wanted))
    if snapshot is not None:
        for row_id, (row, complete) in snapshot.rows.items():
            fresh.add(row_id, row, complete)
    for start in range(0, len(wanted), 900):  # SQLite's bound parameters per statement
        chunk = wanted[start : start + 900]
        query = select(table).where(table.c[column].in_(chunk))
        for found in conn.execute(query, **_INDEPENDENT).mappings():
            fresh.add(found["id"], dict(found), True)
    cache.keys.setdefault(table.name, {})[column] = fresh


def fetch_live_row(conn: Connection, table: Table, row_id: uuid.UUID) -> LiveRow:
    """The row, unless missing or tombstoned: both are 'not found' to a user."""
    row = _read_row(conn, table, row_id)
    if row is None:
        raise MutationRejected("not_found", f"{table.name} {row_id} does not exist")
    return row


def _criteria_key(table: Table, criteria: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """``((column name, operator, value), ...)`` for simple criteria (``column <op>
    value`` each, on ``table``, hashable values), else None."""
    parts: list[Any] = []
    for criterion in criteria:
        if not isinstance(criterion, BinaryExpression):
            return None
        left, right = criterion.left, criterion.right
        if not isinstance(left, Column) or left.table is not table:
            return None
        if not isinstance(right, BindParameter) or right.callable is not None or right.expanding:
            return None
        value = right.value
        try:
            hash(value)
        except TypeError:
            return None
        parts.append((left.name, criterion.operator, value))
    return tuple(parts)


@functools.cache
def _count_query(table: Table, live: bool, shape: tuple[tuple[str, Any], ...]) -> Select[Any]:
    """The count for criteria of this shape, values as parameters (built and compiled once)."""
    conditions = [op(table.c[name], bindparam(f"v{i}")) for i, (name, op) in enumerate(shape)]
    if live:
        conditions.insert(0, table.c.deleted_at.is_(None))
    return select(func.count()).select_from(table).where(*conditions)


def _count_positive(conn: Connection, table: Table, live: bool, criteria: tuple[Any, ...]) -> bool:
    key = _criteria_key(table, criteria)
    if key is None:  # not simple: as it is
        conditions = (table.c.deleted_at.is_(None), *criteria) if live else criteria
        query = select(func.count()).select_from(table).where(*conditions)
        return bool(conn.execute(query).scalar_one())
    cache = _cache(conn)
    if cache is not None:
        if live and len(key) == 1 and key[0][0] == "id" and key[0][1] is operator.eq:
            # "this row exists and is live" is what fetching it tells
            return _read_row(conn, table, key[0][2]) is not None
        known = cache.counts.setdefault(table.name, {})
        if (live, key) in known:
            return known[(live, key)]
        answer = cache.key_answer(table, live, key)
        if answer is not None:  # the batch knows every row that could match
            return answer
    found: bool | None = None
    held = _deferred(conn)
    if held is not None:
        # the rows held back are not in the database yet: they count here
        found = held.settles_count(table, live, key)
        if found is None:
            held.flush()
    if not found:
        shape = tuple((name, op) for name, op, _value in key)
        values = {f"v{i}": value for i, (_name, _op, value) in enumerate(key)}
        query = _count_query(table, live, shape)
        found = bool(conn.execute(query, values, **_INDEPENDENT).scalar_one())
    if cache is not None:
        cache.counts.setdefault(table.name, {})[(live, key)] = found
    return found


def live_exists(conn: Connection, table: Table, *criteria: Any) -> bool:
    return _count_positive(conn, table, True, criteria)


def key_taken(conn: Connection, table: Table, *criteria: Any) -> bool:
    """Whether a row, tombstones included, holds this key.

    For the columns the schema declares unique: a tombstone keeps its key, so a
    live-only check would let the insert fail on the constraint instead.
    """
    return _count_positive(conn, table, False, criteria)


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic's errors as {dotted.field: error type}, the shape of MutationRejected."""
    return {
        ".".join(str(part) for part in e["loc"]) or "payload": e["type"] for e in error.errors()
    }


# ------------------------------------------------------------------ writes

# Columns whose values never go into the audit trail or a conflict record (the
# row itself holds them): the trail says that they changed.
SECRET_FIELDS = frozenset({"password_hash"})
REDACTED = "changed"
# Columns every synced row has that are not the command's own fields.
_BOOKKEEPING = frozenset({"id", "site_id", "version", "created_at", "updated_at", FIELD_CLOCKS})


def _json_value(value: Any) -> Any:
    """A value as it goes into the audit trail's JSON."""
    if isinstance(value, uuid.UUID | Decimal | datetime | date):
        return str(value)
    return value


def _audit_changes(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    return {
        k: [REDACTED] if k in SECRET_FIELDS else [_json_value(old), _json_value(new)]
        for k, (old, new) in changes.items()
    }


def _audit(
    ctx: MutationContext,
    audit_id: uuid.UUID,
    action: str,
    table: Table,
    row_id: uuid.UUID,
    site_id: uuid.UUID | None,
    changes: Mapping[str, tuple[Any, Any]],
) -> None:
    values: dict[str, Any] = {
        "id": audit_id,
        "site_id": site_id,
        "version": ctx.version if ctx.version is not None else 0,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "deleted_at": None,
        "at": ctx.now,
        "made_at": ctx.made_at or ctx.now,
        "actor_id": ctx.actor.user_id if ctx.actor else None,
        "device_id": ctx.device_id,
        "offline": ctx.offline,
        "action": action,
        "entity": table.name,
        "entity_id": row_id,
        "changes": _audit_changes(changes),
    }
    if ctx.audit_queue is not None:
        ctx.audit_queue.append(values)
    else:
        ctx.conn.execute(_AUDIT_INSERT, values)


_AUDIT_INSERT = insert(audit_log)


def flush_audit(ctx: MutationContext) -> None:
    """Insert the audit entries queued in ``ctx.audit_queue`` (one batch)."""
    if ctx.audit_queue:
        ctx.conn.execute(_AUDIT_INSERT, list(ctx.audit_queue))
        ctx.audit_queue.clear()


@functools.cache
def _insert(table: Table) -> Insert:
    return insert(table)


def insert_row(ctx: MutationContext, action: str, table: Table, values: Mapping[str, Any]) -> None:
    """Insert one synced row and its audit entry."""
    row = dict(values)
    row.setdefault("created_at", ctx.now)
    row["updated_at"] = ctx.now
    if ctx.version is not None:
        row["version"] = ctx.version
    if ctx.keeps_clocks and FIELD_CLOCKS not in row:
        row[FIELD_CLOCKS] = {CREATION_CLOCK: ctx.hlc}
    _write(ctx.conn, _insert(table), table, row)
    audited = {k: (None, v) for k, v in values.items() if k not in _BOOKKEEPING and v is not None}
    _audit(ctx, ctx.derive_id("audit"), action, table, row["id"], row.get("site_id"), audited)


@functools.cache
def _update(table: Table) -> Update:
    # SET takes the columns of the parameters (the row id travels as _ROW_ID)
    return update(table).where(table.c.id == bindparam(_ROW_ID))


def update_row(
    ctx: MutationContext,
    action: str,
    table: Table,
    current: LiveRow,
    changes: Mapping[str, Any],
    *,
    merge_fields: bool = False,
) -> dict[str, tuple[Any, Any]]:
    """Write the fields that really change, audit them, and return them as {field: (old, new)}.

    ``merge_fields``: the changes are descriptive fields the user edited (not a
    lifecycle transition, which the server decides from the current state in
    arrival order). On the server, a field that another command wrote since
    the author saw the row is settled by hybrid-logical-clock stamps: the
    newer write wins, the loser is kept in ``sync_conflicts``
    (docs/sync-protocol.md, "Conflicts"); the fields that lost are not written
    and not returned.
    """
    # One audit slot per call whether or not anything is written: the ids
    # derived after it stay the same on the replica and on the server, even
    # when the two see different current values.
    audit_id = ctx.derive_id("audit")
    row_id = current["id"]
    if ctx.offline:
        ctx.base_versions.setdefault((table.name, row_id), current["version"])
    diff = {k: (current[k], v) for k, v in changes.items() if current[k] != v}
    if not diff:
        return diff
    values: dict[str, Any] = {}
    conflicts = 0
    if ctx.keeps_clocks:
        assert ctx.hlc is not None
        clocks = dict(current[FIELD_CLOCKS] or {})
        if merge_fields:
            diff, conflicts = _settle(ctx, table, current, diff, clocks)
        for name in diff:
            stored = clocks.get(name) or clocks.get(CREATION_CLOCK)
            clocks[name] = ctx.hlc if stored is None else max(stored, ctx.hlc)
        if diff:
            values[FIELD_CLOCKS] = clocks
    if not diff and not conflicts:
        return diff
    values.update((k, new) for k, (_old, new) in diff.items())
    # a write that lost changes no value, but gets the new version all the same:
    # its author's replica then pulls the row back as the server keeps it
    values["updated_at"] = ctx.now if diff else current["updated_at"]
    if ctx.version is not None:
        values["version"] = ctx.version
    _write(ctx.conn, _update(table), table, {**values, _ROW_ID: row_id})
    if diff:
        _audit(ctx, audit_id, action, table, row_id, current["site_id"], diff)
    return diff


def tombstone_row(ctx: MutationContext, action: str, table: Table, current: LiveRow) -> None:
    update_row(ctx, action, table, current, {"deleted_at": ctx.now})


# ------------------------------------------------------------------ conflicts


@dataclass(frozen=True)
class _FieldWrite:
    """The last write of a field, as the audit trail tells it."""

    version: int
    actor_id: uuid.UUID | None
    device_id: str | None


def _stamp_device(stamp: str) -> str | None:
    try:
        return parse_stamp(stamp).device_id
    except ValueError:
        return None


def _writes_after(
    ctx: MutationContext, table: Table, row_id: uuid.UUID, base: int
) -> dict[str, _FieldWrite]:
    """{field: its last write} among the writes of the row at versions above ``base``."""
    flush_audit(ctx)  # the queued entries are part of the story
    a = audit_log.c
    entries = ctx.conn.execute(
        select(a.version, a.actor_id, a.device_id, a.changes)
        .where(a.entity == table.name, a.entity_id == row_id, a.version > base)
        .order_by(a.version.desc())
    )
    last: dict[str, _FieldWrite] = {}
    for version, actor_id, device_id, changes in entries:
        for name in changes or {}:
            last.setdefault(name, _FieldWrite(version, actor_id, device_id))
    return last


def _settle(
    ctx: MutationContext,
    table: Table,
    current: LiveRow,
    diff: dict[str, tuple[Any, Any]],
    clocks: Mapping[str, str],
) -> tuple[dict[str, tuple[Any, Any]], int]:
    """The fields of ``diff`` this command wins, and how many conflicts it recorded.

    A field really competes when the command's author had not seen its last
    write: that write came at a version above the author's base version of
    the row, from another device, and leaves another value. Then the newer
    stamp wins and the losing value (whichever it is) goes to sync_conflicts.
    Otherwise the command saw the value it replaces and simply writes.
    """
    assert ctx.hlc is not None
    base = ctx.base_versions.get((table.name, current["id"]))
    if base is None or current["version"] <= base:
        return diff, 0
    mine = _stamp_device(ctx.hlc)
    history: dict[str, _FieldWrite] | None = None
    won: dict[str, tuple[Any, Any]] = {}
    conflicts = 0
    for name, (old, new) in diff.items():
        stored = clocks.get(name)
        if stored is None or _stamp_device(stored) == mine:
            won[name] = (old, new)  # never stamped since created, or this device's own
            continue
        if history is None:
            history = _writes_after(ctx, table, current["id"], base)
        last = history.get(name)
        if last is None or last.device_id == ctx.device_id:
            won[name] = (old, new)  # its last write was seen
            continue
        me = ctx.actor.user_id if ctx.actor else None
        if ctx.hlc > stored:
            won[name] = (old, new)
            lookup = ctx.mutation_of_version
            lost_mutation = lookup(last.version) if lookup is not None else None
            kept, lost = (new, me, ctx.hlc, None), (old, last.actor_id, stored, lost_mutation)
        else:
            kept, lost = (old, last.actor_id, stored, None), (new, me, ctx.hlc, ctx.mutation_id)
        _record_conflict(ctx, table, current, name, kept, lost)
        conflicts += 1
    return won, conflicts


def _wire_value(table: Table, name: str, value: Any) -> Any:
    if name in SECRET_FIELDS:
        return REDACTED
    return encode_value(column_kind(table.c[name]), value)


def _record_conflict(
    ctx: MutationContext,
    table: Table,
    current: LiveRow,
    name: str,
    kept: tuple[Any, uuid.UUID | None, str, uuid.UUID | None],
    lost: tuple[Any, uuid.UUID | None, str, uuid.UUID | None],
) -> None:
    kept_value, kept_by, kept_hlc, _ = kept
    lost_value, lost_by, lost_hlc, lost_mutation_id = lost
    _write(
        ctx.conn,
        _insert(sync_conflicts),
        sync_conflicts,
        {
            "id": ctx.conflict_id(),
            "site_id": current["site_id"],
            "version": ctx.version if ctx.version is not None else 0,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "deleted_at": None,
            FIELD_CLOCKS: {CREATION_CLOCK: ctx.hlc},
            "entity": table.name,
            "entity_id": current["id"],
            "field": name,
            "kept_value": _wire_value(table, name, kept_value),
            "lost_value": _wire_value(table, name, lost_value),
            "kept_by": kept_by,
            "lost_by": lost_by,
            "kept_hlc": kept_hlc,
            "lost_hlc": lost_hlc,
            "lost_mutation_id": lost_mutation_id,
            "detected_at": ctx.now,
            "resolved_at": None,
            "resolved_by": None,
            "resolution": None,
        },
    )
