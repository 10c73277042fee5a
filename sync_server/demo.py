"""Load the demo plant (``cmms_core.demo``) into the server's PostgreSQL.

The same rows a demo replica gets, written straight into the tables in one
transaction (seeded data, not user edits: no mutations, no audit). Refused on
a database that already holds users or sites: demo data never mixes with a
real plant's. The demo accounts and their public passwords are listed in
``cmms_core.demo.DEMO_ACCOUNTS``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Connection

from cmms_core.demo import DEFAULT_SCALE, DemoScale
from cmms_core.demo.loading import DemoRefused, DemoSummary, insert_demo_plant
from cmms_core.passwords import hash_password
from sync_server.sync.versions import next_version

__all__ = ["DemoRefused", "DemoSummary", "load_demo_plant"]


def load_demo_plant(
    conn: Connection,
    seed: int = 42,
    scale: DemoScale = DEFAULT_SCALE,
    *,
    password_hasher: Callable[[str], str] = hash_password,
) -> DemoSummary:
    """Insert the demo plant through ``conn`` (the caller owns the transaction).

    Each batch of rows gets one version from the sync sequence (the generator's
    ``version`` 0 would never be pulled: cursors start at 0 and pull
    ``version > cursor``), taken under the writers' lock like any mutation.
    """
    began = time.perf_counter()
    counts = insert_demo_plant(
        conn,
        seed,
        scale,
        password_hasher=password_hasher,
        batch_version=lambda: next_version(conn),
    )
    return DemoSummary(seed, counts, time.perf_counter() - began)
