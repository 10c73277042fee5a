"""Local writes: the domain change and its outbox row, in one SQLite transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Engine, insert

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.schema.types import utcnow
from cmms_desktop.store.local_schema import outbox


class LocalWriter:
    """Applies named commands optimistically on the replica and queues them for the server."""

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

    def execute(self, actor: Actor | None, name: str, payload: Mapping[str, Any]) -> uuid.UUID:
        """Run command ``name``; raise MutationRejected (and write nothing) when refused."""
        mutation_id = uuid.uuid4()
        now = self._clock()
        # What the server will receive, exactly as JSON will carry it.
        wire_payload = to_jsonable_python(dict(payload))
        with self._engine.begin() as connection:
            ctx = MutationContext(
                conn=connection,
                actor=actor,
                now=now,
                device_id=self._device_id,
                offline=True,
                mutation_id=mutation_id,
            )
            run_mutation(ctx, name, wire_payload)
            connection.execute(
                insert(outbox).values(
                    mutation_id=mutation_id,
                    name=name,
                    payload=wire_payload,
                    actor_id=actor.user_id if actor else None,
                    created_at=now,
                )
            )
        if self._on_written is not None:
            self._on_written()
        return mutation_id
