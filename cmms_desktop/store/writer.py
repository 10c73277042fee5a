"""Local writes: the domain change and its outbox row, in one SQLite transaction."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from cmms_core.hlc import HybridClock
from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.schema.types import utcnow
from cmms_desktop.store.local_schema import local_meta, outbox
from cmms_desktop.store.touched import rows_written, touched_json

# local_meta key of the last stamp of this replica's hybrid logical clock
HLC_META_KEY = "hlc"
_NOT_IN_STAMPS = re.compile(r"[^0-9A-Za-z_.:\-]")


def stamp_device(device_id: str) -> str:
    """The device id as a clock stamp may carry it (see cmms_core.hlc)."""
    return _NOT_IN_STAMPS.sub("_", device_id)[:64] or "device"


class LocalWriter:
    """Applies named commands optimistically on the replica and queues them for the server.

    Each command gets a stamp of the replica's hybrid logical clock (its last
    stamp is kept in ``local_meta``, so stamps keep increasing across restarts)
    and, for every row it updates, the version the user saw: the server
    settles same-field conflicts with them (docs/sync-protocol.md, "Conflicts").
    """

    def __init__(
        self,
        engine: Engine,
        device_id: str,
        clock: Callable[[], datetime] = utcnow,
        on_written: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._device_id = device_id
        self._clock = clock
        self._on_written = on_written

    def _stamp(self, connection: Connection, now: datetime) -> str:
        """The next stamp of the replica's clock, kept in the write's own transaction."""
        last = connection.execute(
            select(local_meta.c.value).where(local_meta.c.key == HLC_META_KEY)
        ).scalar_one_or_none()
        wall_ms = int(now.timestamp() * 1000)
        try:
            clock = HybridClock(stamp_device(self._device_id), lambda: wall_ms, last=last)
        except ValueError:  # an unreadable stamp: start again from the wall clock
            clock = HybridClock(stamp_device(self._device_id), lambda: wall_ms)
        stamp = clock.now()
        statement = sqlite_insert(local_meta).values(key=HLC_META_KEY, value=stamp)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["key"], set_={"value": stamp})
        )
        return stamp

    def execute(self, actor: Actor | None, name: str, payload: Mapping[str, Any]) -> uuid.UUID:
        """Run command ``name``; raise MutationRejected (and write nothing) when refused."""
        mutation_id = uuid.uuid4()
        now = self._clock()
        # What the server will receive, exactly as JSON will carry it.
        wire_payload = to_jsonable_python(dict(payload))
        with self._engine.begin() as connection:
            stamp = self._stamp(connection, now)
            ctx = MutationContext(
                conn=connection,
                actor=actor,
                now=now,
                device_id=self._device_id,
                offline=True,
                mutation_id=mutation_id,
                hlc=stamp,
            )
            run_mutation(ctx, name, wire_payload)
            touched = touched_json(rows_written(connection, mutation_id))
            seen = [
                [table, str(row_id), version]
                for (table, row_id), version in ctx.base_versions.items()
            ]
            connection.execute(
                insert(outbox).values(
                    mutation_id=mutation_id,
                    name=name,
                    payload=wire_payload,
                    actor_id=actor.user_id if actor else None,
                    created_at=now,
                    hlc=stamp,
                    base_versions=seen or None,
                    touched=touched,
                )
            )
        if self._on_written is not None:
            self._on_written()
        return mutation_id
