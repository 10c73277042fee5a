"""Load the demo plant into an empty replica, and tell whether a replica holds it.

Demo rows are seeded data, not user edits: they are written straight into the
tables, never through the outbox, so nothing of them is ever pushed to a
server. The loader refuses a replica that already holds users or sites: demo
data must never mix with a real plant's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Connection, Engine

from cmms_core.demo.generator import DEFAULT_REFERENCE_DATE, DEFAULT_SCALE, DemoScale
from cmms_core.demo.loading import DemoRefused, DemoSummary, insert_demo_plant
from cmms_core.passwords import hash_password
from cmms_desktop.store.meta import get_meta, set_meta

__all__ = ["DEMO_META_KEY", "DemoRefused", "DemoSummary", "is_demo_replica", "load_demo_plant"]

# The local_meta key the login page reads to offer the demo accounts.
DEMO_META_KEY = "demo_plant"


def load_demo_plant(
    engine: Engine,
    seed: int = 42,
    scale: DemoScale = DEFAULT_SCALE,
    *,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    password_hasher: Callable[[str], str] = hash_password,
) -> DemoSummary:
    """Insert the demo plant into the (empty) replica behind ``engine``, in one transaction.

    Raises DemoRefused, writing nothing, when the replica already holds users or sites.
    Once committed, the replica is marked as a demo (local_meta ``demo_plant`` = "1").
    """
    began = time.perf_counter()
    with engine.connect() as connection, _bulk_load_settings(connection), connection.begin():
        counts = insert_demo_plant(
            connection,
            seed,
            scale,
            reference_date=reference_date,
            password_hasher=password_hasher,
        )
        # Keys were not checked row by row (see _bulk_load_settings): check them
        # all at once, and roll everything back if the generator got one wrong.
        check = connection.exec_driver_sql("PRAGMA foreign_key_check")
        broken = check.fetchmany(5)
        check.close()
        if broken:
            raise RuntimeError(f"the demo plant breaks foreign keys: {broken}")
    set_meta(engine, DEMO_META_KEY, "1")
    return DemoSummary(seed, counts, time.perf_counter() - began)


@contextmanager
def _bulk_load_settings(connection: Connection) -> Iterator[None]:
    """Bulk-load settings on this one connection, restored afterwards.

    - synchronous OFF: a crash mid-load only loses demo data, generated again at will;
    - foreign keys OFF: checking each of a million rows costs more than one
      foreign_key_check at the end (the caller runs it before committing);
    - a 256 MiB page cache: the random UUID keys scatter inserts over every index.

    SQLite ignores or refuses these inside a transaction, and the replica's
    engine opens one on first use: they go to the driver's connection first.
    """
    driver = connection.connection.driver_connection
    assert driver is not None
    cache_size = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute("PRAGMA synchronous = OFF")
    driver.execute("PRAGMA foreign_keys = OFF")
    driver.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        # the replica's usual settings (see replica._on_connect)
        driver.execute("PRAGMA synchronous = NORMAL")
        driver.execute("PRAGMA foreign_keys = ON")
        driver.execute(f"PRAGMA cache_size = {int(cache_size)}")


def is_demo_replica(engine: Engine) -> bool:
    """Whether this replica holds the demo plant (the login page then lists its accounts)."""
    return get_meta(engine, DEMO_META_KEY) == "1"
