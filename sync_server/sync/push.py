"""Push: apply a client's mutations in order, each in its own savepoint, once.

Every mutation the server decides is recorded in ``applied_mutations`` with
its answer, in the same transaction as its rows: a mutation id seen again
(lost response, retry, duplicated request) answers the stored result and
applies nothing. A rejected mutation's answer carries ``restore``: the
server's current rows for what the client's optimistic run touched, so the
client can undo it (always read afresh, a stored copy would be stale).

The actor is the token's user as the database knows them now (role and site
grants from ``CurrentUser``), never anything from the request.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, event, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from cmms_core.mutations import MutationContext, MutationRejected, run_mutation
from cmms_core.mutations.base import (
    HeldWrites,
    cached_reads,
    held_writes,
    prefetch_keys,
    prefetch_live_rows,
)
from cmms_core.protocol import (
    MutationResult,
    PushMutation,
    PushRequest,
    PushResponse,
    Restore,
    TableRows,
    encode_row,
    wire_columns,
)
from cmms_core.rules.permissions import Actor
from cmms_core.schema import synced_tables
from cmms_core.schema.analytics import audit_log
from sync_server.auth.users import AuthenticatedUser
from sync_server.notify.publish import notify_buckets
from sync_server.sync.bulk import copy_rows
from sync_server.sync.scope import bucket_key
from sync_server.sync.server_mutation import server_stamp
from sync_server.sync.versions import lock_for_writing, next_versions
from sync_server.tables import applied_mutations

__all__ = ["push", "restore_rows"]

log = logging.getLogger(__name__)


def _synced_by_name() -> dict[str, Table]:
    return {table.name: table for table in synced_tables()}


def restore_rows(
    conn: Connection, user: AuthenticatedUser, touched: Iterable[tuple[str, uuid.UUID]]
) -> Restore:
    """The server's rows for ``touched``, restricted to what ``user`` may see.

    A row the server does not have, or that lies outside the user's scope, is
    listed in ``missing``: the client drops its copy. Unknown tables are ignored.
    """
    by_name = _synced_by_name()
    wanted: dict[str, list[uuid.UUID]] = {}
    for name, row_id in touched:
        if name in by_name and row_id not in wanted.setdefault(name, []):
            wanted[name].append(row_id)
    rows: dict[str, TableRows] = {}
    missing: list[tuple[str, uuid.UUID]] = []
    for name, ids in wanted.items():
        table = by_name[name]
        found = {
            row["id"]: row
            for row in conn.execute(select(table).where(table.c.id.in_(ids))).mappings()
        }
        encoded: list[list[Any]] = []
        for row_id in ids:
            row = found.get(row_id)
            visible = row is not None and (
                user.site_ids is None or row["site_id"] is None or row["site_id"] in user.site_ids
            )
            if row is not None and visible:
                encoded.append(encode_row(table, row))
            else:
                missing.append((name, row_id))
        if encoded:
            rows[name] = TableRows(columns=wire_columns(table), rows=encoded)
    return Restore(rows=rows, missing=missing)


def _stored_result(
    conn: Connection, user: AuthenticatedUser, stored: RowMapping, mutation: PushMutation
) -> MutationResult:
    if stored["user_id"] != user.id:
        # Another account's mutation id: answer nothing about it and apply nothing.
        return MutationResult(
            id=mutation.id,
            status="rejected",
            code="mutation_id_taken",
            message="This mutation id was already used by another account.",
            restore=restore_rows(conn, user, mutation.touched),
        )
    if stored["status"] == "applied":
        return MutationResult(id=mutation.id, status="applied", version=stored["version"])
    return MutationResult(
        id=mutation.id,
        status="rejected",
        code=stored["code"],
        message=stored["message"],
        field_errors=dict(stored["field_errors"] or {}),
        restore=restore_rows(conn, user, mutation.touched),
    )


def _known(conn: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, RowMapping]:
    if not ids:
        return {}
    query = select(applied_mutations).where(applied_mutations.c.id.in_(ids))
    return {row["id"]: row for row in conn.execute(query).mappings()}


class _WriteCounter:
    """Counts the statements that write by themselves (held-back writes being sent aside),
    to know whether a refusal left anything in the database to undo."""

    def __init__(self, held: HeldWrites) -> None:
        self.writes = 0
        self._held = held

    def __call__(self, conn: Connection, cursor: Any, statement: str, *_args: Any) -> None:
        if self._held.flushing:
            return
        if not statement.lstrip()[:6].upper().startswith("SELECT"):
            self.writes += 1


def _rejection_of(error: Exception, mutation: PushMutation) -> MutationRejected:
    if isinstance(error, MutationRejected):
        return error
    if isinstance(error, DataError):
        # a value PostgreSQL cannot store (a NUL character, a text longer than its
        # column): this command's fault, never the others'
        lines = str(error.orig).strip().splitlines()
        reason = lines[0] if lines else "invalid value"
        return MutationRejected("invalid", f"a value cannot be stored ({reason})")
    if isinstance(error, IntegrityError):
        # a constraint the rules did not foresee (a race with another writer)
        return MutationRejected("conflict", f"the data conflicts: {error.orig}")
    log.error("mutation %s (%s) failed", mutation.id, mutation.name, exc_info=error)
    return MutationRejected("internal_error", f"the server failed: {error}")


class _AuditQueue(list[dict[str, Any]]):
    """The audit entries queued by the commands; notes the buckets they go to."""

    def __init__(self) -> None:
        super().__init__()
        self.sites: set[uuid.UUID | None] = set()

    def append(self, entry: dict[str, Any]) -> None:
        self.sites.add(entry["site_id"])
        super().append(entry)


def _made_at(created_at: datetime | None, now: datetime) -> datetime:
    """When a pushed command was made: its ``created_at`` (a naive one is UTC),
    never after the server's ``now`` (a device clock ahead); unknown: ``now``."""
    if created_at is None:
        return now
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return min(created_at, now)


class _Applier:
    """Runs the mutations of one push, with as few round trips as it safely can.

    A savepoint per mutation would cost two statements each, and a statement
    per row write one more. Instead one savepoint covers a run of mutations,
    and their row writes are held back (``cmms_core.mutations.base.HeldWrites``)
    and sent in batches when a statement needs them or the run ends; the
    audit entries are queued and inserted in one batch at the end.

    A refusal raised before the mutation sent anything (the usual case:
    commands check, then write) only drops what it held back. Any other
    failure (a refusal after a write was sent, a constraint error, possibly
    raised by the batch of an earlier mutation's writes) rolls back to the
    run's savepoint and decides the run's mutations again one by one, each in
    its own savepoint with its writes sent at once (they are deterministic:
    same state, versions and derived ids), so that exactly the guilty ones
    are refused; then a new run starts.
    """

    def __init__(
        self, conn: Connection, held: HeldWrites, actor: Actor, now: datetime, device_id: str
    ) -> None:
        self._conn = conn
        self._held = held
        self._actor = actor
        self._now = now
        self._device_id = device_id
        self._counter = _WriteCounter(held)
        self._run: list[tuple[PushMutation, int]] = []
        self._audits = _AuditQueue()
        self.rejections: dict[uuid.UUID, MutationRejected] = {}
        self.sites: dict[uuid.UUID, set[uuid.UUID | None]] = {}  # applied: the buckets moved
        event.listen(conn, "before_cursor_execute", self._counter)
        self._savepoint = conn.begin_nested()

    def close(self) -> None:
        event.remove(self._conn, "before_cursor_execute", self._counter)

    def _mutation_of_version(self, version: int) -> uuid.UUID | None:
        """The pushed command that wrote ``version`` (names the loser of a conflict)."""
        found = self._conn.execute(
            select(applied_mutations.c.id).where(
                applied_mutations.c.version == version, applied_mutations.c.status == "applied"
            )
        ).first()
        return None if found is None else found[0]

    def _context(self, mutation: PushMutation, version: int) -> MutationContext:
        return MutationContext(
            conn=self._conn,
            actor=self._actor,
            now=self._now,
            device_id=self._device_id,
            offline=False,
            version=version,
            mutation_id=mutation.id,
            # a client too old to stamp its commands: they count as made now
            hlc=mutation.hlc or server_stamp(self._now),
            base_versions={(table, row): seen for table, row, seen in mutation.base_versions},
            audit_queue=self._audits,
            mutation_of_version=self._mutation_of_version,
            made_at=_made_at(mutation.created_at, self._now),
        )

    def _apply(self, mutation: PushMutation, version: int) -> Exception | None:
        """Run it; the failure that refuses it, if any (a database failure is raised)."""
        self._audits.sites = set()
        try:
            run_mutation(self._context(mutation, version), mutation.name, mutation.payload)
        except DBAPIError as error:
            if not isinstance(error, IntegrityError | DataError):
                raise  # the database itself failed: the whole request is retried
            return error
        except Exception as error:  # a bug in a handler must not block the outbox forever
            return error
        return None

    def _flush_audits(self) -> None:
        if self._audits:
            copy_rows(self._conn, audit_log, self._audits)
            self._audits.clear()

    def decide(self, mutation: PushMutation, version: int) -> None:
        """Apply it, or note in ``rejections`` why it was refused (nothing of it is kept)."""
        writes, held, audits = self._counter.writes, self._held.mark(), len(self._audits)
        failure = self._apply(mutation, version)
        if failure is None:
            self._run.append((mutation, version))
            self.sites[mutation.id] = self._audits.sites
            return
        if (
            isinstance(failure, MutationRejected)
            and self._counter.writes == writes
            and len(self._audits) >= audits
            and self._held.undo_to(held)
        ):
            del self._audits[audits:]  # refused before sending anything: nothing to undo
            self.rejections[mutation.id] = failure
            return
        self._decide_again([*self._run, (mutation, version)])

    def _decide_again(self, mutations: list[tuple[PushMutation, int]]) -> None:
        """Roll the run back and decide ``mutations`` one by one, each in its savepoint."""
        self._held.discard()
        self._savepoint.rollback()
        self._audits.clear()  # this run's: the earlier runs' are in already
        self._run = []
        with self._held.paused():
            for mutation, version in mutations:
                self.rejections.pop(mutation.id, None)
                self.sites.pop(mutation.id, None)
                savepoint = self._conn.begin_nested()
                failure = self._apply(mutation, version)
                if failure is None:
                    try:
                        self._flush_audits()
                    except (IntegrityError, DataError) as error:
                        failure = error
                if failure is None:
                    savepoint.commit()
                    self.sites[mutation.id] = self._audits.sites
                else:
                    savepoint.rollback()
                    self._audits.clear()
                    self.rejections[mutation.id] = _rejection_of(failure, mutation)
        self._savepoint = self._conn.begin_nested()

    def finish(self) -> None:
        """Send what is held back; the run's failures are decided one by one."""
        try:
            self._held.flush()
            self._flush_audits()
        except (IntegrityError, DataError):
            self._decide_again(self._run)
        self._savepoint.commit()


# The unique codes the commands check before they write them: mutation name ->
# (table, column, where the value is in the payload). The rows holding the
# values a push carries are read in one query per (table, column), and the
# checks are answered from them (cmms_core.mutations.base.prefetch_keys). A
# value the payload holds differently from what the command checks (or a
# command not listed) only costs its query, as before.
_UNIQUE_KEYS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "site.create": (("sites", "code", ("code",)),),
    "equipment_type.create": (("equipment_types", "code", ("code",)),),
    "production_line.create": (("production_lines", "code", ("code",)),),
    "equipment.create": (("equipments", "code", ("code",)),),
    "equipment.update": (("equipments", "code", ("fields", "code")),),
    "part.create": (("parts", "reference", ("reference",)), ("parts", "barcode", ("barcode",))),
    "part.update": (
        ("parts", "reference", ("fields", "reference")),
        ("parts", "barcode", ("fields", "barcode")),
    ),
    "location.create": (("storage_locations", "code", ("code",)),),
    "location.update": (("storage_locations", "code", ("fields", "code")),),
}


def _payload_value(payload: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = payload
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value if isinstance(value, str) else None


def _prefetch(conn: Connection, mutations: Iterable[PushMutation]) -> None:
    """Read at once the rows the commands touched on the client (the rows they will
    most likely look up again here), at most ``_PREFETCH`` of them, and the rows
    holding the unique codes they carry (``_UNIQUE_KEYS``)."""
    by_name = _synced_by_name()
    wanted: dict[str, list[uuid.UUID]] = {}
    keys: dict[tuple[str, str], list[str]] = {}
    count = 0
    for mutation in mutations:
        for table_name, column, path in _UNIQUE_KEYS.get(mutation.name, ()):
            value = _payload_value(mutation.payload, path)
            if value is not None:
                keys.setdefault((table_name, column), []).append(value)
        if count >= _PREFETCH:
            continue
        for name, row_id in mutation.touched:
            if name in by_name and name != audit_log.name:
                wanted.setdefault(name, []).append(row_id)
                count += 1
    for name, ids in wanted.items():
        prefetch_live_rows(conn, by_name[name], ids)
    for (table_name, column), values in keys.items():
        prefetch_keys(conn, by_name[table_name], column, values)


_PREFETCH = 20_000


def push(
    conn: Connection, user: AuthenticatedUser, request: PushRequest, now: datetime
) -> PushResponse:
    """Decide every mutation of ``request`` (the caller's transaction keeps it all)."""
    mutations = request.mutations
    if mutations:
        # before reading what is known: a concurrent push of the same ids waits
        # here, then finds them decided
        lock_for_writing(conn)
    known = _known(conn, [m.id for m in mutations])
    fresh: dict[uuid.UUID, PushMutation] = {}
    for mutation in mutations:
        if mutation.id not in known:
            fresh.setdefault(mutation.id, mutation)
    versions = dict(zip(fresh, next_versions(conn, len(fresh)), strict=True))
    applier: _Applier | None = None
    with cached_reads(conn), held_writes(conn, copy_rows) as held:
        if fresh:
            _prefetch(conn, fresh.values())
            applier = _Applier(conn, held, user.actor, now, request.device_id)
            try:
                for mutation_id, mutation in fresh.items():
                    applier.decide(mutation, versions[mutation_id])
                applier.finish()
            finally:
                applier.close()
    results = _answer(conn, user, request, now, known, versions, applier)
    if applier is not None:
        moved = {site for m, sites in applier.sites.items() for site in sites}
        if moved:  # realtime news, delivered when the push commits
            notify_buckets(conn, {bucket_key(site) for site in moved})
    return PushResponse(results=results)


def _answer(
    conn: Connection,
    user: AuthenticatedUser,
    request: PushRequest,
    now: datetime,
    known: dict[uuid.UUID, RowMapping],
    versions: dict[uuid.UUID, int],
    applier: _Applier | None,
) -> list[MutationResult]:
    """One result per mutation of the request; the decisions recorded."""
    decided: list[dict[str, Any]] = []
    answered: dict[uuid.UUID, MutationResult] = {}
    results: list[MutationResult] = []
    for mutation in request.mutations:
        if mutation.id in answered:  # the same id twice in one request
            results.append(answered[mutation.id])
            continue
        stored = known.get(mutation.id)
        if stored is not None:
            result = _stored_result(conn, user, stored, mutation)
            answered[mutation.id] = result
            results.append(result)
            continue
        assert applier is not None
        version = versions[mutation.id]
        rejection = applier.rejections.get(mutation.id)
        if rejection is None:  # the common answer, built without validation
            result = MutationResult.model_construct(
                id=mutation.id, status="applied", version=version
            )
        else:
            result = MutationResult(
                id=mutation.id,
                status="rejected",
                code=rejection.code,
                message=rejection.message,
                field_errors=rejection.field_errors,
                restore=restore_rows(conn, user, mutation.touched),
            )
        decided.append(
            {
                "id": mutation.id,
                "user_id": user.id,
                "device_id": request.device_id,
                "name": mutation.name,
                "status": result.status,
                "code": result.code,
                "message": result.message,
                "field_errors": result.field_errors or None,
                "version": result.version,
                "decided_at": now,
                "result": None,
            }
        )
        answered[mutation.id] = result
        results.append(result)
    if decided:
        copy_rows(conn, applied_mutations, decided)
    return results
