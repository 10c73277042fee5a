"""Versioned replica migrations, kept in SQLite's ``user_version``.

A new replica is created straight at the latest schema. An older one is
migrated step by step, inside one transaction, after a copy of the file has
been saved beside it: a failed migration leaves the user's offline work (the
outbox above all) exactly where it was.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import Connection, Engine, text

import cmms_core.schema as core_schema
from cmms_desktop.store.local_schema import local_metadata
from cmms_desktop.store.replica import ReplicaTooNew
from cmms_desktop.store.search import install_search_indexes


def _add_missing_schema(connection: Connection) -> None:
    """New tables, new columns (NOT NULL ones with their empty default) and new indexes."""
    core_schema.metadata.create_all(connection)  # checkfirst: only the missing tables
    local_metadata.create_all(connection)
    for metadata in (core_schema.metadata, local_metadata):
        for table in metadata.sorted_tables:
            found = {
                row[1] for row in connection.exec_driver_sql(f'PRAGMA table_info("{table.name}")')
            }
            for column in table.columns:
                if column.name in found:
                    continue
                ddl = f'"{column.name}" {column.type.compile(dialect=connection.dialect)}'
                if not column.nullable:
                    default = getattr(column.default, "arg", None)
                    # SQLAlchemy wraps a callable default (list, dict) to take a context
                    empty = default(None) if callable(default) else default
                    ddl += f" NOT NULL DEFAULT {_sql_literal(empty)}"
                connection.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}')
            for index in table.indexes:
                index.create(connection, checkfirst=True)


def _sql_literal(value: object) -> str:
    if isinstance(value, list | dict):
        return "'" + json.dumps(value) + "'"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _v2_maintenance_modules(connection: Connection) -> None:
    """Corrective, preventive and stock (2026-11): their tables, columns and indexes,
    the failure list's new indexes in place of its first one, the search indexes."""
    _add_missing_schema(connection)
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_failures_urgency_reported_at")
    install_search_indexes(connection)


def _v3_outbox_touched(connection: Connection) -> None:
    """The outbox keeps the rows each command wrote (store/touched.py)."""
    _add_missing_schema(connection)


# Step N turns a version N-1 replica into version N. Steps only add: new tables
# (create_all with checkfirst), new columns with defaults, new indexes.
MIGRATIONS: Mapping[int, Callable[[Connection], None]] = MappingProxyType(
    {2: _v2_maintenance_modules, 3: _v3_outbox_touched}
)
LATEST_VERSION = 1 + len(MIGRATIONS)


def schema_version(connection: Connection) -> int:
    return int(connection.execute(text("PRAGMA user_version")).scalar_one())


def _is_empty(connection: Connection) -> bool:
    count = connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    return int(count) == 0


def migrate(engine: Engine, path: Path) -> int:
    """Bring the replica at ``path`` to LATEST_VERSION; return the version it had."""
    with engine.begin() as connection:
        found = schema_version(connection)
        if found > LATEST_VERSION:
            raise ReplicaTooNew(path, found, LATEST_VERSION)
        if found == LATEST_VERSION:
            return found
        if found == 0 and _is_empty(connection):
            core_schema.metadata.create_all(connection)
            local_metadata.create_all(connection)
            install_search_indexes(connection)
            connection.execute(text(f"PRAGMA user_version = {LATEST_VERSION}"))
            return found
    _backup_before_migrating(engine, path, found)
    with engine.begin() as connection:
        for version in range(found + 1, LATEST_VERSION + 1):
            MIGRATIONS[version](connection)
        connection.execute(text(f"PRAGMA user_version = {LATEST_VERSION}"))
    return found


def _backup_before_migrating(engine: Engine, path: Path, version: int) -> None:
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    shutil.copy2(path, path.with_name(f"{path.name}.before-v{LATEST_VERSION}-from-v{version}"))
