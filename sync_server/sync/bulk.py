"""Many rows into one table with PostgreSQL's COPY.

A push inserts hundreds of rows, audit entries and decisions at once. Sent
as an ``executemany``, each row is a statement PostgreSQL parses and plans
anew (no server-side prepared statements behind PgBouncer, see
``sync_server.db``); COPY streams them through one statement, in the
request's own transaction (PgBouncer's transaction mode allows it).

A row is stored exactly as ``insert()`` would store it: the values go
through the columns' own bind processing, and the columns a row leaves out
get their Python-side defaults (server-side ones are the database's). A
failure is raised as SQLAlchemy raises the same failure of an INSERT.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import psycopg
from sqlalchemy import ColumnDefault, Connection, Table, insert
from sqlalchemy.exc import DBAPIError

__all__ = ["copy_rows"]


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Callable[[], Any]] | None:
    """How to make the Python-side default of each column left out; None when one
    cannot be made here (a SQL expression, a sequence)."""
    made: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if column.key in given or default is None:
            continue
        if not isinstance(default, ColumnDefault) or not (default.is_scalar or default.is_callable):
            return None
        made[column.key] = functools.partial(_default_value, default)
    return made


def _default_value(default: ColumnDefault) -> Any:
    # SQLAlchemy wraps a callable default to take the execution context
    return default.arg(None) if default.is_callable else default.arg


def copy_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (each giving the same columns) into ``table``."""
    if not rows:
        return
    given = list(rows[0])
    defaults = _defaults(table, given)
    if defaults is None:  # a default only an INSERT makes
        conn.execute(insert(table), list(rows))
        return
    keys = given + list(defaults)
    columns = [table.c[key] for key in keys]
    processors = [column.type._cached_bind_processor(conn.dialect) for column in columns]
    quoting = conn.dialect.identifier_preparer
    names = ", ".join(quoting.quote(column.name) for column in columns)
    statement = f"COPY {quoting.format_table(table)} ({names}) FROM STDIN"
    driver = cast(psycopg.Connection[Any], conn.connection.driver_connection)
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                values = [row[key] for key in given] + [make() for make in defaults.values()]
                copy.write_row(
                    [
                        value if process is None else process(value)
                        for process, value in zip(processors, values, strict=True)
                    ]
                )
    except psycopg.Error as error:
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from None
