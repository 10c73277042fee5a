"""copy_rows stores rows exactly as insert() would, and fails as it would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, func, insert, select, text
from sqlalchemy.exc import DataError, IntegrityError

from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import sites
from sync_server.sync.bulk import copy_rows

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)


def _audit(**values: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "site_id": None,
        "version": 3,
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": None,
        "at": NOW,
        "made_at": None,
        "actor_id": None,
        "device_id": "atelier-1",
        "offline": True,
        "action": "equipment.update",
        "entity": "equipments",
        "entity_id": uuid.uuid4(),
        "changes": {"location": ["Hall A", "Quai \u00e9t\u00e9 \\ \t 2"]},
        **values,
    }


def _stored(db: Engine, table: Table, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    with db.connect() as connection:
        rows = connection.execute(select(table).where(table.c.id.in_(ids))).mappings()
        return sorted(({k: v for k, v in r.items() if k != "id"} for r in rows), key=str)


def test_rows_are_stored_as_insert_stores_them(db: Engine) -> None:
    copied = [_audit(), _audit(changes={}, device_id=None, made_at=NOW, offline=False)]
    inserted = [{**row, "id": uuid.uuid4()} for row in copied]
    with db.begin() as connection:
        copy_rows(connection, audit_log, copied)
        connection.execute(insert(audit_log), inserted)
    assert _stored(db, audit_log, [r["id"] for r in copied]) == _stored(
        db, audit_log, [r["id"] for r in inserted]
    )


def test_the_columns_left_out_get_their_python_defaults(db: Engine) -> None:
    """``sites``: id, version, created_at... and timezone have defaults; address none."""
    copied, inserted = uuid.uuid4(), uuid.uuid4()
    with db.begin() as connection:
        copy_rows(connection, sites, [{"id": copied, "code": "LYO", "name": "Lyon"}])
        connection.execute(insert(sites), [{"id": inserted, "code": "NTE", "name": "Lyon"}])
        rows = {
            row["id"]: row
            for row in connection.execute(select(sites).where(sites.c.id.in_([copied, inserted])))
            .mappings()
            .all()
        }
    for row in rows.values():
        assert (row["timezone"], row["version"], row["address"]) == ("Europe/Paris", 0, None)
        assert row["created_at"].tzinfo is not None
    assert rows[copied]["field_clocks"] == rows[inserted]["field_clocks"]


def test_a_duplicate_key_fails_as_an_integrity_error(db: Engine) -> None:
    row = _audit()
    with db.begin() as connection:
        copy_rows(connection, audit_log, [row])
    with pytest.raises(IntegrityError), db.begin() as connection:
        copy_rows(connection, audit_log, [_audit(), row])
    with db.connect() as connection:
        count = connection.execute(select(func.count()).select_from(audit_log)).scalar_one()
    assert count == 1


def test_a_value_postgresql_cannot_store_fails_as_a_data_error(db: Engine) -> None:
    with pytest.raises(DataError), db.begin() as connection:
        copy_rows(connection, audit_log, [_audit(device_id="nul \x00 byte")])
    with pytest.raises(DataError), db.begin() as connection:
        copy_rows(connection, audit_log, [_audit(device_id="x" * 65)])  # String(64)


def test_a_default_only_an_insert_makes_falls_back_to_insert(db: Engine) -> None:
    metadata = MetaData()
    counters = Table(
        "copy_rows_counters",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("made", Integer, nullable=False, default=text("41 + 1")),
    )
    metadata.create_all(db)
    try:
        with db.begin() as connection:
            copy_rows(connection, counters, [{"id": 1}, {"id": 2}])
            made = connection.execute(select(counters.c.made)).scalars().all()
        assert made == [42, 42]
    finally:
        metadata.drop_all(db)
