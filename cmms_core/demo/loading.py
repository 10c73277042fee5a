"""Inserting the demo plant through a SQLAlchemy connection, on either database.

Shared by the replica (cmms_desktop.store.demo) and the server
(sync_server.demo): the same refusal to mix demo rows with real data, the same
batched inserts. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import Connection, Insert, func, insert, select

from cmms_core.demo.generator import (
    DEFAULT_REFERENCE_DATE,
    DEFAULT_SCALE,
    DemoScale,
    generate_demo_plant,
)
from cmms_core.passwords import hash_password
from cmms_core.schema.assets import sites
from cmms_core.schema.people import users


class DemoRefused(Exception):
    """The database already holds data: the demo plant only goes into an empty one."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    rows: Mapping[str, int]  # table name -> rows inserted
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def insert_demo_plant(
    conn: Connection,
    seed: int = 42,
    scale: DemoScale = DEFAULT_SCALE,
    *,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    password_hasher: Callable[[str], str] = hash_password,
    batch_version: Callable[[], int] | None = None,
) -> Mapping[str, int]:
    """Insert the demo plant; return the rows inserted per table.

    Raises DemoRefused, writing nothing, when users or sites already exist.
    ``batch_version`` gives each batch its sync version (the server's); without
    it rows keep version 0, as on a replica that never synced.
    """
    for table in (users, sites):
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            raise DemoRefused(
                f"the database already holds {table.name}: the demo plant is only loaded "
                "into an empty database, never mixed with real data"
            )
    counts: dict[str, int] = {}
    statements: dict[str, Insert] = {}
    batches = generate_demo_plant(
        seed, scale, reference_date=reference_date, password_hasher=password_hasher
    )
    for table, rows in batches:
        statement = statements.get(table.name)
        if statement is None:
            statement = statements[table.name] = insert(table)
        if batch_version is not None:
            version = batch_version()
            for row in rows:
                row["version"] = version
        conn.execute(statement, rows)
        counts[table.name] = counts.get(table.name, 0) + len(rows)
    return MappingProxyType(counts)
