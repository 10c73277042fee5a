"""The replica's own search indexes: FTS5 trigram tables that PostgreSQL never sees.

They live beside the synced tables in the replica file, kept by triggers, so
a pulled row (upsert or delete) is indexed in the same transaction as it is
written. Created with a new replica (``migrations.py``); a replica without
them still works, its lists fall back to LIKE scans.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

__all__ = [
    "drop_part_search",
    "install_part_search",
    "install_search_indexes",
    "part_search_installed",
]

_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS parts_search USING fts5("
    "reference, description, barcode, content='parts', content_rowid='rowid', "
    "tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS parts_search_ai AFTER INSERT ON parts BEGIN "
    "INSERT INTO parts_search(rowid, reference, description, barcode) "
    "VALUES (new.rowid, new.reference, new.description, new.barcode); END",
    "CREATE TRIGGER IF NOT EXISTS parts_search_ad AFTER DELETE ON parts BEGIN "
    "INSERT INTO parts_search(parts_search, rowid, reference, description, barcode) "
    "VALUES ('delete', old.rowid, old.reference, old.description, old.barcode); END",
    "CREATE TRIGGER IF NOT EXISTS parts_search_au AFTER UPDATE OF reference, description, "
    "barcode ON parts BEGIN "
    "INSERT INTO parts_search(parts_search, rowid, reference, description, barcode) "
    "VALUES ('delete', old.rowid, old.reference, old.description, old.barcode); "
    "INSERT INTO parts_search(rowid, reference, description, barcode) "
    "VALUES (new.rowid, new.reference, new.description, new.barcode); END",
)


def part_search_installed(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM sqlite_master WHERE name = 'parts_search'")
    ).scalar_one()
    return bool(found)


def install_part_search(connection: Connection) -> None:
    """Create the replica's part search index (idempotent) and fill it from ``parts``.

    A replica-only FTS5 table (``content='parts'``: it stores no copy of the
    text) kept by triggers: the pull's upserts fire the update trigger, its
    deletions the delete one. Call it in the replica's creation or migration
    transaction. SQLite only.
    """
    existed = part_search_installed(connection)
    for statement in _SEARCH_DDL:
        connection.execute(text(statement))
    if not existed:
        connection.execute(text("INSERT INTO parts_search(parts_search) VALUES ('rebuild')"))


def drop_part_search(connection: Connection) -> None:
    """Remove the part search index (the list falls back to LIKE): benches compare both."""
    for trigger in ("parts_search_ai", "parts_search_ad", "parts_search_au"):
        connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    connection.execute(text("DROP TABLE IF EXISTS parts_search"))


def install_search_indexes(connection: Connection) -> None:
    """Every search index of the replica (idempotent)."""
    install_part_search(connection)
