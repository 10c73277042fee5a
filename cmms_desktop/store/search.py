"""The replica's own search indexes: FTS5 trigram tables that PostgreSQL never sees.

They live beside the synced tables in the replica file, kept by triggers, so
a pulled row (upsert or delete) is indexed in the same transaction as it is
written. Created with a new replica (``migrations.py``); a replica without
them still works, its lists fall back to LIKE scans.

A trigram index finds a word of three characters or more anywhere in a
column, case ignored (as LIKE does, and for accented letters too): what the
lists' LIKE filters mean, without reading every row.

- ``parts_search``: reference, description, barcode of ``parts``;
- ``equipments_search``: code, name, manufacturer, model, serial number,
  location of ``equipments``;
- ``failures_search``: number, description of ``failures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, literal_column, select, text

__all__ = [
    "EQUIPMENT_SEARCH",
    "FAILURE_SEARCH",
    "PART_SEARCH",
    "SearchIndex",
    "drop_part_search",
    "drop_search_index",
    "fts_phrase",
    "install_part_search",
    "install_search_index",
    "install_search_indexes",
    "matching_rowids",
    "part_search_installed",
    "search_installed",
]


@dataclass(frozen=True)
class SearchIndex:
    """An FTS5 trigram table ``name`` over ``columns`` of ``table`` (external content)."""

    name: str
    table: str
    columns: tuple[str, ...]

    def ddl(self) -> tuple[str, ...]:
        cols = ", ".join(self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, {cols}) "
            f"VALUES ('delete', old.rowid, {old});"
        )
        insert = f"INSERT INTO {self.name}(rowid, {cols}) VALUES (new.rowid, {new});"
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5("
            f"{cols}, content='{self.table}', content_rowid='rowid', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_ai AFTER INSERT ON {self.table} "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_ad AFTER DELETE ON {self.table} "
            f"BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_au AFTER UPDATE OF {cols} "
            f"ON {self.table} BEGIN {delete} {insert} END",
        )


PART_SEARCH = SearchIndex("parts_search", "parts", ("reference", "description", "barcode"))
EQUIPMENT_SEARCH = SearchIndex(
    "equipments_search",
    "equipments",
    ("code", "name", "manufacturer", "model", "serial_number", "location"),
)
FAILURE_SEARCH = SearchIndex("failures_search", "failures", ("number", "description"))
_INDEXES = (PART_SEARCH, EQUIPMENT_SEARCH, FAILURE_SEARCH)


def fts_phrase(word: str) -> str:
    """``word`` as an FTS5 phrase (a substring, for a trigram index)."""
    return '"' + word.replace('"', '""') + '"'


def search_installed(connection: Connection, index: SearchIndex) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": index.name},
    ).scalar_one()
    return bool(found)


def install_search_index(connection: Connection, index: SearchIndex) -> None:
    """Create one search index (idempotent) and fill it from its table.

    A replica-only FTS5 table (external content: it stores no copy of the
    text) kept by triggers: the pull's upserts fire the update trigger, its
    deletions the delete one. Call it in the replica's creation or migration
    transaction. SQLite only.
    """
    existed = search_installed(connection, index)
    for statement in index.ddl():
        connection.execute(text(statement))
    if not existed:
        connection.execute(text(f"INSERT INTO {index.name}({index.name}) VALUES ('rebuild')"))


def drop_search_index(connection: Connection, index: SearchIndex) -> None:
    """Remove a search index (its list falls back to LIKE): benches and tests compare both."""
    for suffix in ("ai", "ad", "au"):
        connection.execute(text(f"DROP TRIGGER IF EXISTS {index.name}_{suffix}"))
    connection.execute(text(f"DROP TABLE IF EXISTS {index.name}"))


def part_search_installed(connection: Connection) -> bool:
    return search_installed(connection, PART_SEARCH)


def install_part_search(connection: Connection) -> None:
    """Create the replica's part search index (idempotent) and fill it from ``parts``."""
    install_search_index(connection, PART_SEARCH)


def drop_part_search(connection: Connection) -> None:
    """Remove the part search index (the list falls back to LIKE): benches compare both."""
    drop_search_index(connection, PART_SEARCH)


def install_search_indexes(connection: Connection) -> None:
    """Every search index of the replica (idempotent)."""
    for index in _INDEXES:
        install_search_index(connection, index)


def matching_rowids(index: SearchIndex, words: Sequence[str]) -> Select[Any]:
    """``SELECT rowid`` of the rows holding every word (each of 3 characters or more)."""
    query = " AND ".join(fts_phrase(word) for word in words)
    name = f"{index.name}_query"
    return (
        select(literal_column("rowid"))
        .select_from(text(index.name))
        .where(text(f"{index.name} MATCH :{name}").bindparams(**{name: query}))
    )
