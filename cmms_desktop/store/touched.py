"""What a command's optimistic run wrote on the replica.

A command derives the ids of the rows it adds from its own id (derive_id):
its audit entries are ``uuid5(mutation id, "audit/<n>")`` for small n, and
each names the row it describes. The writer records the rows so found in
the command's outbox row (``outbox.touched``) when it runs the command, and
again when the sync engine re-applies it; the push sends them, so that the
server can restore them if it refuses the command. Commands queued before
the outbox kept them are probed when they are pushed (:func:`probe_touched`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterable
from typing import cast

from sqlalchemy import Connection

__all__ = [
    "AUDIT_PROBE",
    "Touched",
    "optimistic_audit_ids",
    "probe_touched",
    "rows_written",
    "touched_json",
]

# How many derived audit ids are probed per command.
AUDIT_PROBE = 24

# [(table, row id), ...]: each audit entry's row, then the entry itself, in order
Touched = list[tuple[str, uuid.UUID]]


def optimistic_audit_ids(mutation_id: uuid.UUID) -> list[uuid.UUID]:
    return [uuid.UUID(hex=audit_hex) for audit_hex in _audit_hexes(mutation_id)]


def _audit_hexes(mutation_id: uuid.UUID) -> list[str]:
    """``uuid5(mutation_id, "audit/<n>").hex`` for n < AUDIT_PROBE, without the
    UUID objects (a push of old commands probes thousands of them)."""
    prefix = hashlib.sha1(mutation_id.bytes, usedforsecurity=False)
    hexes: list[str] = []
    for n in range(AUDIT_PROBE):
        digest = prefix.copy()
        digest.update(b"audit/%d" % n)
        raw = bytearray(digest.digest()[:16])
        raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        hexes.append(raw.hex())
    return hexes


def _touched(found: Iterable[tuple[str, str, str]]) -> Touched:
    """From ``(audit id hex, entity, entity id hex)`` rows, in audit id order."""
    rows: Touched = []
    for audit_hex, entity, entity_hex in found:
        rows += [(entity, uuid.UUID(hex=entity_hex)), ("audit_log", uuid.UUID(hex=audit_hex))]
    return list(dict.fromkeys(rows))


def rows_written(connection: Connection, mutation_id: uuid.UUID) -> Touched:
    """The rows command ``mutation_id`` wrote on the replica (see the module doc)."""
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    return probe_touched(driver, [mutation_id])[mutation_id]


def touched_json(touched: Touched) -> list[list[str]]:
    """``touched`` as the outbox keeps it."""
    return [[table, str(row_id)] for table, row_id in touched]


def probe_touched(
    driver: sqlite3.Connection, mutation_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Touched]:
    """:func:`rows_written` of many commands at once, on the replica's sqlite3
    connection (UUIDs are kept there as 32 hex digits, asked and read as they are)."""
    candidates = {
        audit_hex: (mutation_id, n)
        for mutation_id in mutation_ids
        for n, audit_hex in enumerate(_audit_hexes(mutation_id))
    }
    found: dict[uuid.UUID, list[tuple[int, tuple[str, str, str]]]] = {}
    for mutation_id, _n in candidates.values():
        found.setdefault(mutation_id, [])
    ids = list(candidates)
    for start in range(0, len(ids), 900):  # SQLite's bound parameters per statement
        chunk = ids[start : start + 900]
        rows = driver.execute(
            "SELECT id, entity, entity_id FROM audit_log WHERE id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        )
        for audit_hex, entity, entity_hex in rows:
            mutation_id, n = candidates[audit_hex]
            found[mutation_id].append((n, (audit_hex, entity, entity_hex)))
    return {
        mutation_id: _touched(row for _n, row in sorted(entries))
        for mutation_id, entries in found.items()
    }
