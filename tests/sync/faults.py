"""Faults injected into a replica's sync, shared by the scenario tests
(``test_faults.py``) and the state machine (``test_sync_state_machine.py``).

- ``crash_once(step)``: a checkpoint for ``SyncEngine`` that raises
  :class:`Crash` at a step of the cycle (``push_answered``: the server decided,
  its answer is lost; ``pushed``: between push and pull; ``pull_applied``: after
  a page's transaction; ``pulled``: before the re-apply).
- ``crash_at_commit(step)``: at a step, arm a crash of the replica's *next*
  commit: the transaction wrote everything (rows, cursors, drained outbox) and
  dies before committing, as a process killed at that moment.
- ``FaultyClient``: a ``SyncClient`` that keeps a journal of what the server
  answered (``Wire``), may send every push twice (a duplicated request,
  checking that the second changes nothing), or may die when the n-th pull
  answer arrives (before anything of it is written).
- ``server_snapshot``: every synced row of the server, full values, and the
  decided mutations: what a replayed request must leave identical.

Every helper is deterministic (counted steps, no timing), so that Hypothesis
can replay and shrink the runs that use them.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, event, select

from cmms_core.protocol import PullRequest, PushRequest, PushResponse
from cmms_core.schema import synced_tables
from cmms_desktop.sync import Credentials, SyncClient
from sync_server.tables import applied_mutations

__all__ = [
    "ClientFaults",
    "Crash",
    "Exchange",
    "FaultyClient",
    "Wire",
    "crash_at_commit",
    "crash_once",
    "result_keys",
    "server_snapshot",
]

Checkpoint = Callable[[str], None]


class Crash(Exception):
    """Injected by a test at a step of the sync cycle: the process 'dies' there."""


def crash_once(at: str, *, skip: int = 0) -> Checkpoint:
    """Raise Crash the (skip+1)-th time the engine reaches step ``at``, then never."""
    seen = [0]

    def checkpoint(step: str) -> None:
        if step != at:
            return
        seen[0] += 1
        if seen[0] == skip + 1:
            raise Crash(step)

    return checkpoint


def crash_at_commit(
    engine: Engine, at: str, *, skip: int = 0
) -> tuple[Checkpoint, Callable[[], None]]:
    """A checkpoint arming, at the (skip+1)-th step ``at``, a Crash in the next
    commit on ``engine``; and the function that disarms it (call it after the sync:
    a crash never armed or never fired must not hit a later, unrelated write).

    ``at="pushed"`` hits the first pull page's transaction, ``at="pull_applied"``
    the next page's (or the re-apply's, when there was no other page).
    """
    seen = [0]
    armed = [False]

    def fail(_connection: Connection) -> None:
        if armed[0]:
            armed[0] = False
            raise Crash(f"commit after {at}")

    event.listen(engine, "commit", fail)

    def checkpoint(step: str) -> None:
        if step != at:
            return
        seen[0] += 1
        if seen[0] == skip + 1:
            armed[0] = True

    def disarm() -> None:
        armed[0] = False
        if event.contains(engine, "commit", fail):
            event.remove(engine, "commit", fail)

    return checkpoint, disarm


def server_snapshot(db: Engine) -> dict[str, Any]:
    """Every synced row (all values, by table and id) and every decided mutation."""
    snapshot: dict[str, Any] = {}
    with db.connect() as connection:
        for table in synced_tables():
            snapshot[table.name] = {
                row["id"]: dict(row) for row in connection.execute(select(table)).mappings()
            }
        snapshot["applied_mutations"] = {
            row["id"]: dict(row) for row in connection.execute(select(applied_mutations)).mappings()
        }
    return snapshot


def result_keys(response: PushResponse) -> list[tuple[Any, ...]]:
    """What a replayed answer must repeat: ids, statuses, versions, codes (not
    ``restore``, which is read afresh)."""
    return [(r.id, r.status, r.version, r.code) for r in response.results]


@dataclass(frozen=True)
class Exchange:
    """One push the server answered (whether the client heard it or not)."""

    request: PushRequest
    response: PushResponse


@dataclass
class Wire:
    """What a device's clients sent and heard, across syncs."""

    pushes: list[Exchange] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)  # named by a pull answer, not yet taken
    reset: set[str] = field(default_factory=set)
    # [table, id] a push answer's restore listed as missing, not yet taken: the
    # client drops the bucket of such a row when it had pulled it (apply_restore)
    missing: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    # keep the session between syncs (as the application does) rather than log in each time
    keep_tokens: bool = False
    tokens: tuple[str | None, str | None, uuid.UUID | None] | None = None

    def take_dropped(self) -> set[str]:
        """The buckets answers said to drop (revoked or reset) since the last call."""
        dropped = self.revoked | self.reset
        self.revoked, self.reset = set(), set()
        return dropped

    def take_missing(self) -> set[tuple[str, uuid.UUID]]:
        """The rows restores listed as missing since the last call."""
        missing, self.missing = self.missing, set()
        return missing


@dataclass
class ClientFaults:
    duplicate_push: bool = False  # every push is sent twice; the second must change nothing
    snapshot: Callable[[], Any] | None = None  # the server's state, to check the duplicate
    lose_pull: int | None = None  # the n-th pull (0-based) dies once its answer arrived


@cache
def _ssl_context() -> ssl.SSLContext:
    # made once: loading the CA bundle costs ~0.15 s a client (loopback is plain http)
    return ssl.create_default_context()


class FaultyClient(SyncClient):
    """A SyncClient that journals what it hears and misbehaves as ``faults`` say."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        device_id: str,
        *,
        wire: Wire,
        faults: ClientFaults | None = None,
    ) -> None:
        super().__init__(
            base_url, credentials, device_id, transport=httpx.HTTPTransport(verify=_ssl_context())
        )
        self.wire = wire
        self.faults = faults or ClientFaults()
        self._pulls = 0
        if wire.keep_tokens and wire.tokens is not None:
            self._access_token, self._refresh_token, self._user_id = wire.tokens

    def _take_tokens(self, body: dict[str, Any]) -> None:
        super()._take_tokens(body)
        if self.wire.keep_tokens:
            self.wire.tokens = (self._access_token, self._refresh_token, self._user_id)

    def push(self, request: PushRequest) -> PushResponse:
        answer = super().push(request)
        self.wire.pushes.append(Exchange(request, answer))
        for result in answer.results:
            if result.restore is not None:
                self.wire.missing.update(result.restore.missing)
        if self.faults.duplicate_push:
            snapshot = self.faults.snapshot
            before = snapshot() if snapshot else None
            again = super().push(request)
            if snapshot is not None:
                assert snapshot() == before, "a duplicated push request changed the server"
            assert result_keys(again) == result_keys(answer), "a replay answered differently"
            answer = again
        return answer

    def pull(self, request: PullRequest) -> dict[str, Any]:
        answer = super().pull(request)
        self.wire.revoked.update(answer.get("revoked", ()))
        self.wire.reset.update(answer.get("reset", ()))
        index, self._pulls = self._pulls, self._pulls + 1
        if self.faults.lose_pull == index:
            raise Crash(f"pull {index} answered")
        return answer
