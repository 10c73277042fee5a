"""Commands the server runs on its own initiative (registration, an admin's
decision through the API, a password reset, the first administrator).

They write synced rows like a pushed command does, so they must be stamped the
same way: one new version taken under the writers' lock (``versions.py``; a
row left at version 0 would never be pulled), and a clock stamp for the fields
they write. :func:`run_server_mutation` is the one way to do it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from cmms_core.hlc import format_stamp
from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.rules.permissions import Actor
from sync_server.sync.versions import next_version

__all__ = ["SERVER_DEVICE_ID", "run_server_mutation", "server_stamp"]

SERVER_DEVICE_ID = "server"


def server_stamp(now: datetime) -> str:
    """The server's clock stamp for a command it runs at ``now``.

    The server's own writes act on the rows as they are now: they never
    compete with anything (their base is the current row), the stamp only
    keeps the fields' clocks moving forward.
    """
    return format_stamp(int(now.timestamp() * 1000), 0, SERVER_DEVICE_ID)


def run_server_mutation(
    conn: Connection,
    actor: Actor | None,
    name: str,
    payload: Mapping[str, Any],
    *,
    now: datetime,
    device_id: str = SERVER_DEVICE_ID,
    mutation_id: uuid.UUID | None = None,
) -> int:
    """Run command ``name`` on the server's database; returns the version its rows got.

    Takes the writers' lock and a new version first (the lock is held until
    ``conn``'s transaction ends, like a push). A refusal raises
    ``MutationRejected``; the caller's transaction must then be rolled back.
    """
    version = next_version(conn)
    ctx = MutationContext(
        conn=conn,
        actor=actor,
        now=now,
        device_id=device_id,
        offline=False,
        version=version,
        mutation_id=mutation_id or uuid.uuid4(),
        hlc=server_stamp(now),
    )
    run_mutation(ctx, name, payload)
    return version
