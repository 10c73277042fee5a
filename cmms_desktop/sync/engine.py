"""The client's sync cycle (docs/sync-protocol.md, "The client's cycle"). No Qt here.

``SyncEngine.sync_once()``:

1. push the outbox in seq order, in pages; each answer drains its commands,
   records the rejections and restores what they touched, in one transaction;
2. pull every bucket until none has ``more``; each answer's rows and cursors
   in one transaction;
3. re-apply what is still pending (commands written during the sync, or
   another user's on a shared PC) over the pulled rows, each in a savepoint;
   a local refusal is ignored: the server decides.

Every state change is one SQLite transaction, so the engine may be killed
anywhere: a push whose answer was lost is sent again and the server answers
from its memory of decided mutations; a pull page is applied with its cursor
or not at all.

Only the commands of the account the client is logged in as (or of nobody:
self-registration) are pushed: the server runs them as that account, and a
shared workshop PC holds several people's work. The others wait in the outbox
until their author syncs.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Connection, Engine, delete, func, or_, select, update

from cmms_core.hlc import format_stamp
from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    MAX_PUSH_MUTATIONS,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    PullRequest,
    PushMutation,
    PushRequest,
)
from cmms_core.rules.permissions import Actor
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.types import utcnow
from cmms_desktop.store.auth import local_actor
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.store.meta import device_id as replica_device_id
from cmms_desktop.store.touched import (
    optimistic_audit_ids,
    probe_touched,
    rows_written,
    touched_json,
)
from cmms_desktop.store.writer import stamp_device
from cmms_desktop.sync.apply import (
    OutboxEntry,
    apply_pull_answer,
    cursors_after,
    drop_unconfirmed_rows,
    read_cursors,
    record_push_answer,
    replica_transaction,
)
from cmms_desktop.sync.blobs import BlobSync, prefetch_blobs, upload_pending_blobs
from cmms_desktop.sync.client import (
    AuthenticationFailed,
    Offline,
    ServerRefused,
    SyncClient,
    UpgradeRequired,
)

__all__ = ["SyncEngine", "SyncReport"]

log = logging.getLogger(__name__)

# Rows an answer holds at most while a replica catches up (bounds the memory
# of one parsed page; see SyncEngine._page_limit).
PULL_ANSWER_ROWS = MAX_PULL_LIMIT

Status = Literal["ok", "offline", "auth_failed", "upgrade_required", "refused"]


@dataclass
class SyncReport:
    status: Status = "ok"
    message: str | None = None
    pushed: int = 0
    applied: int = 0
    rejected: int = 0
    pulled_rows: int = 0
    pull_pages: int = 0
    reapplied: int = 0
    revoked: list[str] = field(default_factory=list)
    reset: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _hlc(entry: OutboxEntry, device: str) -> str:
    """The stamp of a command queued without one (the writer stamps every command):
    its local time and queue position."""
    wall_ms = int(entry.created_at.timestamp() * 1000)
    return format_stamp(wall_ms, entry.seq % 10_000, device)


class SyncEngine:
    """Push, pull, re-apply: one replica against one server account."""

    def __init__(
        self,
        engine: Engine,
        client: SyncClient,
        *,
        device_id: str | None = None,
        push_page: int = MAX_PUSH_MUTATIONS,
        pull_limit: int | None = None,
        clock: Callable[[], datetime] = utcnow,
        checkpoint: Callable[[str], None] | None = None,
        blobs: BlobSync | None = None,
    ) -> None:
        self._engine = engine
        self._client = client
        self._device_id = device_id or replica_device_id(engine)
        self._push_page = min(push_page, MAX_PUSH_MUTATIONS)
        self._pull_limit = pull_limit  # None: _page_limit decides
        self._clock = clock
        # Called between steps with the step's name; tests raise there to
        # simulate a crash ("push_answered", "pushed", "pull_applied", "pulled").
        self._checkpoint = checkpoint or (lambda _step: None)
        self._blobs = blobs  # attachment files: uploaded before the push, prefetched after

    # ------------------------------------------------------------------ the cycle

    def sync_once(self) -> SyncReport:
        report = SyncReport()
        try:
            upload_pending_blobs(self._blobs)  # no row on the server without its file
            self._push(report)
            self._checkpoint("pushed")
            changed = self._pull(report)
            self._checkpoint("pulled")
            changed = drop_unconfirmed_rows(self._engine) > 0 or changed
            if changed or report.rejected:
                report.reapplied = self._reapply_pending()
            prefetch_blobs(self._blobs)  # the files of the user's open work; never fails
        except Offline as error:
            report.status, report.message = "offline", error.message
        except AuthenticationFailed as error:
            report.status, report.message = "auth_failed", error.message
        except UpgradeRequired as error:
            report.status, report.message = "upgrade_required", error.message
        except ServerRefused as error:
            report.status, report.message = "refused", f"{error.code}: {error.message}"
        return report

    # ------------------------------------------------------------------ push

    def _pending(
        self, connection: Connection, user_id: uuid.UUID, after: int, upto: int
    ) -> list[OutboxEntry]:
        rows = connection.execute(
            select(outbox)
            .where(
                outbox.c.seq > after,
                outbox.c.seq <= upto,
                or_(outbox.c.actor_id == user_id, outbox.c.actor_id.is_(None)),
            )
            .order_by(outbox.c.seq)
            .limit(self._push_page)
        ).mappings()
        return [
            OutboxEntry(
                seq=row["seq"],
                mutation_id=row["mutation_id"],
                name=row["name"],
                payload=row["payload"],
                actor_id=row["actor_id"],
                created_at=row["created_at"],
                hlc=row["hlc"],
                base_versions=row["base_versions"] or [],
                touched=(
                    None
                    if row["touched"] is None
                    else [(table, uuid.UUID(row_id)) for table, row_id in row["touched"]]
                ),
            )
            for row in rows
        ]

    @staticmethod
    def _with_touched(connection: Connection, entries: list[OutboxEntry]) -> list[OutboxEntry]:
        """``entries``, those queued before the outbox kept what they wrote probed."""
        unknown = [entry.mutation_id for entry in entries if entry.touched is None]
        if not unknown:
            return entries
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        probed = probe_touched(driver, unknown)
        return [
            entry
            if entry.touched is not None
            else replace(entry, touched=probed[entry.mutation_id])
            for entry in entries
        ]

    def _push(self, report: SyncReport) -> None:
        user_id = self._client.user_id
        with self._engine.connect() as connection:
            upto = connection.execute(select(func.max(outbox.c.seq))).scalar_one()
        if upto is None:
            return
        after = 0
        while True:
            with self._engine.connect() as connection:
                entries = self._pending(connection, user_id, after, upto)
                if not entries:
                    return
                entries = self._with_touched(connection, entries)
                mutations = [
                    PushMutation(
                        id=entry.mutation_id,
                        name=entry.name,
                        payload=entry.payload,
                        hlc=entry.hlc or _hlc(entry, stamp_device(self._device_id)),
                        created_at=entry.created_at,
                        touched=entry.touched or [],
                        base_versions=entry.base_versions,
                    )
                    for entry in entries
                ]
            answer = self._client.push(
                PushRequest(
                    protocol=PROTOCOL_VERSION,
                    schema=SCHEMA_VERSION,
                    device_id=self._device_id,
                    mutations=mutations,
                )
            )
            self._checkpoint("push_answered")
            applied, rejected = record_push_answer(self._engine, entries, answer, self._clock())
            report.pushed += len(entries)
            report.applied += applied
            report.rejected += rejected
            after = entries[-1].seq

    # ------------------------------------------------------------------ pull

    def _page_limit(self, catching_up: int) -> int:
        """Rows per bucket to ask for, ``catching_up`` buckets having had ``more``.

        A pull starts at the server's default. A replica that is catching up
        (an initial sync, a week offline) asks for larger pages: each page
        costs the server a fixed set of statements and the replica a
        transaction (bench/sync_initial.py: 20,000-row pages sync an empty
        replica about a third faster than 5,000-row ones). The limit is per
        bucket: the buckets catching up share PULL_ANSWER_ROWS rows, each at
        least the default, so that a parsed answer stays a bounded size.
        """
        if self._pull_limit is not None:
            return self._pull_limit
        if not catching_up:
            return DEFAULT_PULL_LIMIT
        return max(DEFAULT_PULL_LIMIT, min(MAX_PULL_LIMIT, PULL_ANSWER_ROWS // catching_up))

    def _pull_request(self, cursors: dict[str, int], catching_up: int = 0) -> PullRequest:
        return PullRequest(
            protocol=PROTOCOL_VERSION,
            schema=SCHEMA_VERSION,
            cursors=cursors,
            limit=self._page_limit(catching_up),
        )

    def _pull(self, report: SyncReport) -> bool:
        """Pull until no bucket has more. The next page is asked for while the
        current one is written (its cursors are known as soon as it arrives)."""
        changed = False
        with self._engine.connect() as connection:
            cursors = read_cursors(connection)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as fetcher:
            pending = fetcher.submit(self._client.pull, self._pull_request(cursors))
            while True:
                answer = pending.result()
                more = sum(bool(page.get("more")) for page in answer.get("buckets", {}).values())
                if more:
                    cursors = cursors_after(cursors, answer)
                    pending = fetcher.submit(self._client.pull, self._pull_request(cursors, more))
                try:
                    stats = apply_pull_answer(self._engine, answer)
                    self._checkpoint("pull_applied")
                except BaseException:
                    pending.cancel()
                    raise
                report.pull_pages += 1
                report.pulled_rows += stats.rows
                report.revoked += stats.revoked
                report.reset += stats.reset
                changed = changed or bool(stats.rows or stats.revoked or stats.reset)
                if not more:
                    return changed

    # ------------------------------------------------------------------ re-apply

    def _reapply_pending(self) -> int:
        """Run the commands still in the outbox again over the pulled rows."""
        reapplied = 0
        with replica_transaction(self._engine) as (connection, _driver):
            entries = connection.execute(select(outbox).order_by(outbox.c.seq)).mappings().all()
            actors: dict[uuid.UUID | None, Actor | None] = {}
            for row in entries:
                actor_id = row["actor_id"]
                if actor_id not in actors:
                    actors[actor_id] = local_actor(connection, actor_id)
                if self._reapply_one(connection, row, actors[actor_id]):
                    reapplied += 1
        return reapplied

    def _reapply_one(self, connection: Connection, row: Any, actor: Actor | None) -> bool:
        mutation_id: uuid.UUID = row["mutation_id"]
        audit_ids = optimistic_audit_ids(mutation_id)
        savepoint = connection.begin_nested()
        try:
            # its own optimistic audit entries go, so that running it again can
            # write them again (same derived ids)
            connection.execute(
                delete(audit_log).where(audit_log.c.id.in_(audit_ids), audit_log.c.version == 0)
            )
            ctx = MutationContext(
                conn=connection,
                actor=actor,
                now=row["created_at"],
                device_id=self._device_id,
                offline=True,
                mutation_id=mutation_id,
            )
            run_mutation(ctx, row["name"], row["payload"])
            touched = rows_written(connection, mutation_id)
        except Exception as error:  # MutationRejected, a key taken...: the server decides
            log.debug("pending %s (%s) not re-applied: %s", mutation_id, row["name"], error)
            savepoint.rollback()
            return False
        if not touched:  # nothing to re-apply: its effect is still there
            savepoint.rollback()
            return False
        connection.execute(
            update(outbox).where(outbox.c.seq == row["seq"]).values(touched=touched_json(touched))
        )
        savepoint.commit()
        return True
