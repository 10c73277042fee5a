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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import (
    Column,
    Connection,
    Insert,
    RowMapping,
    Select,
    Table,
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
from cmms_core.protocol import column_kind, encode_value
from cmms_core.rules.permissions import Actor, Permission, PermissionDenied, can
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.base import CREATION_CLOCK, FIELD_CLOCKS
from cmms_core.schema.sync import sync_conflicts


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
    Answers are kept per table and forgotten as soon as a statement writes to
    that table (seen on the connection itself, whoever sends it: an UPDATE by
    ``update_row`` forgets only its row, the existence checks of the table and
    its known absences), and entirely on a rollback to a savepoint. Installed
    with :func:`cached_reads`; without it every lookup goes to the database.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[uuid.UUID, RowMapping | None]] = {}
        self.counts: dict[str, dict[tuple[Any, ...], bool]] = {}

    def clear(self) -> None:
        self.rows.clear()
        self.counts.clear()

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
        verb, table_name = match[1].upper(), match[2]
        params = parameters if executemany else [parameters]
        if verb == "UPDATE":
            ids = [p.get(_ROW_ID) if isinstance(p, Mapping) else None for p in params]
            self.forget(table_name, None if None in ids else ids)
        elif verb == "INSERT":
            self.counts.pop(table_name, None)
            rows = self.rows.get(table_name)
            if rows is not None:  # a known absence may be there now
                for row_id in [key for key, row in rows.items() if row is None]:
                    del rows[row_id]
        else:
            self.forget(table_name, None)


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


@functools.cache
def _live_row_query(table: Table) -> Select[Any]:
    return select(table).where(table.c.id == bindparam("row_id"), table.c.deleted_at.is_(None))


def _read_row(conn: Connection, table: Table, row_id: uuid.UUID) -> RowMapping | None:
    """The live row with this id, or None (missing or tombstoned)."""
    cache = _cache(conn)
    rows = None if cache is None else cache.rows.setdefault(table.name, {})
    if rows is not None and row_id in rows:
        return rows[row_id]
    row = conn.execute(_live_row_query(table), {"row_id": row_id}).mappings().first()
    if rows is not None:
        rows[row_id] = row
    return row


def fetch_live_row(conn: Connection, table: Table, row_id: uuid.UUID) -> RowMapping:
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
    shape = tuple((name, op) for name, op, _value in key)
    values = {f"v{i}": value for i, (_name, _op, value) in enumerate(key)}
    found = bool(conn.execute(_count_query(table, live, shape), values).scalar_one())
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
    ctx.conn.execute(_insert(table), row)
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
    current: RowMapping,
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
    ctx.conn.execute(_update(table), {**values, _ROW_ID: row_id})
    if diff:
        _audit(ctx, audit_id, action, table, row_id, current["site_id"], diff)
    return diff


def tombstone_row(ctx: MutationContext, action: str, table: Table, current: RowMapping) -> None:
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
    current: RowMapping,
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
    current: RowMapping,
    name: str,
    kept: tuple[Any, uuid.UUID | None, str, uuid.UUID | None],
    lost: tuple[Any, uuid.UUID | None, str, uuid.UUID | None],
) -> None:
    kept_value, kept_by, kept_hlc, _ = kept
    lost_value, lost_by, lost_hlc, lost_mutation_id = lost
    ctx.conn.execute(
        _insert(sync_conflicts),
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
