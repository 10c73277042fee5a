"""Load the demo plant (``cmms_core.demo``) into the server's PostgreSQL.

The same rows a demo replica gets, written straight into the tables in one
transaction (seeded data, not user edits: no mutations, no audit). Refused on
a database that already holds users or sites: demo data never mixes with a
real plant's. The demo accounts and their public passwords are listed in
``cmms_core.demo.DEMO_ACCOUNTS``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import Connection, Insert, func, insert, select

from cmms_core.demo import DEFAULT_SCALE, DemoScale, generate_demo_plant
from cmms_core.passwords import hash_password
from cmms_core.schema.assets import sites
from cmms_core.schema.people import users
from sync_server.sync.versions import next_version

__all__ = ["DemoRefused", "DemoSummary", "load_demo_plant"]


class DemoRefused(Exception):
    """The database already holds data."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    rows: Mapping[str, int]  # table name -> rows inserted
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


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
    for table in (users, sites):
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            raise DemoRefused(
                f"the database already holds {table.name}: the demo plant is only loaded "
                "into an empty database, never mixed with real data"
            )
    counts: dict[str, int] = {}
    statements: dict[str, Insert] = {}
    for table, rows in generate_demo_plant(seed, scale, password_hasher=password_hasher):
        statement = statements.get(table.name)
        if statement is None:
            statement = statements[table.name] = insert(table)
        version = next_version(conn)
        for row in rows:
            row["version"] = version
        conn.execute(statement, rows)
        counts[table.name] = counts.get(table.name, 0) + len(rows)
    return DemoSummary(seed, MappingProxyType(counts), time.perf_counter() - began)
