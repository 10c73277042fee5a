"""The shared schema comes out the same on SQLite (replicas) and PostgreSQL (server).

Both databases are reflected after ``create_all`` and compared column by
column, constraint by constraint, so a type or option that only one of them
understands shows up here rather than as a sync bug.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Engine,
    MetaData,
    Numeric,
    Table,
    Uuid,
    create_engine,
    insert,
    inspect,
    select,
)
from sqlalchemy import types as t
from sqlalchemy.exc import StatementError
from sqlalchemy.types import TypeDecorator, TypeEngine

import cmms_core.schema as core_schema
from cmms_core.schema import SYNC_COLUMN_NAMES, UTCDateTime, metadata, synced_tables

# Tables the rest of the system relies on being synced (or local only).
EXPECTED_SYNCED = {
    "sites",
    "production_lines",
    "equipment_types",
    "equipments",
    "attachments",
    "users",
    "user_permissions",
    "audit_log",
    "failures",
    "maintenance_tasks",
    "stock_movements",
    "parts",
}
EXPECTED_LOCAL_ONLY = {"sessions"}


def _type_key(column_type: TypeEngine[Any], dialect: str) -> tuple[object, ...]:
    """A dialect-neutral description of a column type: family plus size."""
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    if isinstance(column_type, t.Boolean):
        return ("boolean",)
    if isinstance(column_type, t.Uuid):
        return ("uuid",)
    if dialect == "sqlite" and isinstance(column_type, t.CHAR) and column_type.length == 32:
        return ("uuid",)  # how SQLAlchemy's Uuid is stored by SQLite
    if isinstance(column_type, t.JSON):
        return ("json",)
    if isinstance(column_type, t.DateTime):
        return ("datetime",)
    if isinstance(column_type, t.Date):
        return ("date",)
    if isinstance(column_type, t.BigInteger):
        return ("bigint",)
    if isinstance(column_type, t.Integer):
        return ("integer",)
    if isinstance(column_type, t.Numeric):
        return ("numeric", column_type.precision, column_type.scale)
    if isinstance(column_type, t.Text):
        return ("text",)
    if isinstance(column_type, t.String):
        return ("string", column_type.length)
    raise AssertionError(f"a column type this test does not know: {column_type!r}")


@dataclass(frozen=True)
class TableShape:
    """Everything about one reflected table that must not differ between databases."""

    columns: list[tuple[str, tuple[object, ...], bool]]  # name, type key, nullable
    primary_key: list[str]
    foreign_keys: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]]
    unique: list[tuple[str, tuple[str, ...]]]
    indexes: list[tuple[str, tuple[str, ...], bool, bool]]  # name, columns, unique, partial


@dataclass(frozen=True)
class Reflection:
    table_names: set[str]
    tables: dict[str, TableShape]
    naive_timestamps: list[str]  # "table.column" stored without a time zone


def _reflect(engine: Engine) -> Reflection:
    inspector = inspect(engine)  # one inspector: it caches what it has read
    dialect = engine.dialect.name
    tables: dict[str, TableShape] = {}
    naive: list[str] = []
    table_names = set(inspector.get_table_names())
    for name in sorted(table_names):
        columns = inspector.get_columns(name)
        naive += [
            f"{name}.{c['name']}"
            for c in columns
            if isinstance(c["type"], t.DateTime) and not c["type"].timezone
        ]
        tables[name] = TableShape(
            columns=[(c["name"], _type_key(c["type"], dialect), c["nullable"]) for c in columns],
            primary_key=inspector.get_pk_constraint(name)["constrained_columns"],
            foreign_keys=sorted(
                (
                    fk["name"] or "",
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                )
                for fk in inspector.get_foreign_keys(name)
            ),
            unique=sorted(
                (uq["name"] or "", tuple(uq["column_names"]))
                for uq in inspector.get_unique_constraints(name)
            ),
            # PostgreSQL also lists the index behind each unique constraint; SQLite does not.
            indexes=sorted(
                (
                    ix["name"] or "",
                    tuple(str(c) for c in ix["column_names"]),
                    bool(ix["unique"]),
                    bool(ix.get("dialect_options", {}).get(f"{dialect}_where")),  # partial
                )
                for ix in inspector.get_indexes(name)
                if "duplicates_constraint" not in ix
            ),
        )
    return Reflection(table_names, tables, naive)


@pytest.fixture(scope="module")
def reflected(pg_url: str) -> dict[str, Reflection]:
    """The schema as each database reports it after create_all, reflected once per module."""
    result: dict[str, Reflection] = {}
    for url in ("sqlite://", pg_url):  # SQLite in memory: a file adds nothing here
        engine = create_engine(url)
        try:
            metadata.create_all(engine)  # checkfirst: shares pg_engine's schema if already there
            result[engine.dialect.name] = _reflect(engine)
        finally:
            engine.dispose()
    return result


def test_known_tables_are_synced_and_sessions_are_not() -> None:
    synced = {table.name for table in synced_tables()}
    assert synced >= EXPECTED_SYNCED
    assert not synced & EXPECTED_LOCAL_ONLY
    # a table without the sync columns must be a deliberate choice: it never leaves the device
    assert set(metadata.tables) - synced == EXPECTED_LOCAL_ONLY
    # parents before children: a pull applies pages in this order
    order = [table.name for table in synced_tables()]
    assert order.index("sites") < order.index("equipments") < order.index("failures")


def test_both_databases_hold_exactly_the_schema_tables(reflected: dict[str, Reflection]) -> None:
    assert reflected["sqlite"].table_names == set(metadata.tables)
    assert reflected["postgresql"].table_names == set(metadata.tables)


@pytest.mark.parametrize("table_name", sorted(core_schema.metadata.tables))
def test_table_is_identical_on_sqlite_and_postgresql(
    table_name: str, reflected: dict[str, Reflection]
) -> None:
    on_sqlite = reflected["sqlite"].tables[table_name]
    on_postgresql = reflected["postgresql"].tables[table_name]
    assert on_sqlite == on_postgresql

    # ... and both are what the metadata declares.
    table = metadata.tables[table_name]
    declared_columns = [
        (c.name, _type_key(c.type, "declared"), bool(c.nullable)) for c in table.columns
    ]
    assert on_sqlite.columns == declared_columns
    declared_indexes = sorted(
        (tuple(str(c.name) for c in ix.columns), bool(ix.unique)) for ix in table.indexes
    )
    got = sorted((cols, unique) for _name, cols, unique, _partial in on_sqlite.indexes)
    assert got == declared_indexes


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("table", synced_tables(), ids=lambda table: table.name)
def test_synced_table_has_the_sync_columns(
    table: Table, dialect: str, reflected: dict[str, Reflection]
) -> None:
    bucket = table.info["bucket"]
    assert bucket in ("site", "global", "mixed")
    shape = reflected[dialect].tables[table.name]

    sync_part = shape.columns[: len(SYNC_COLUMN_NAMES)]
    assert sync_part == [
        ("id", ("uuid",), False),
        ("site_id", ("uuid",), bucket != "site"),
        ("version", ("bigint",), False),
        ("created_at", ("datetime",), False),
        ("updated_at", ("datetime",), False),
        ("deleted_at", ("datetime",), True),
    ]
    assert [name for name, _type, _null in sync_part] == list(SYNC_COLUMN_NAMES)
    assert shape.primary_key == ["id"]
    site_fks = [(fk[2], fk[3]) for fk in shape.foreign_keys if fk[1] == ("site_id",)]
    assert site_fks == ([] if bucket == "global" else [("sites", ("id",))])
    # pulls read a bucket in version order
    assert ("site_id", "version") in [cols for _name, cols, _unique, _partial in shape.indexes]


def test_every_timestamp_is_timezone_aware(reflected: dict[str, Reflection]) -> None:
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, t.DateTime | UTCDateTime):
                assert isinstance(column.type, UTCDateTime), f"{table.name}.{column.name}"
    assert reflected["postgresql"].naive_timestamps == []


# ------------------------------------------------------------------ round trips

probe_metadata = MetaData()
probe = Table(
    "schema_probe",
    probe_metadata,
    Column("id", Uuid, primary_key=True),
    Column("at", UTCDateTime),
    Column("amount", Numeric(12, 3)),
    Column("data", JSON),
    Column("day", Date),
    Column("flag", Boolean),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def probe_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine with only the probe table, on each database in turn."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    else:
        engine = create_engine(request.getfixturevalue("pg_url"))
    probe_metadata.create_all(engine)
    try:
        yield engine
    finally:
        probe_metadata.drop_all(engine)
        engine.dispose()


def _insert_probe(engine: Engine, **values: Any) -> uuid.UUID:
    row_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(insert(probe).values(id=row_id, **values))
    return row_id


def _read_probe(engine: Engine, row_id: uuid.UUID) -> Any:
    with engine.connect() as connection:
        return connection.execute(select(probe).where(probe.c.id == row_id)).one()


def test_utc_datetime_round_trips_an_aware_value_as_utc(probe_engine: Engine) -> None:
    paris_summer = timezone(timedelta(hours=2))
    moment = datetime(2025, 7, 14, 23, 30, 15, 123456, tzinfo=paris_summer)
    row_id = _insert_probe(probe_engine, at=moment)
    back = _read_probe(probe_engine, row_id).at
    assert back == moment
    assert back.tzinfo is UTC
    assert (back.year, back.month, back.day, back.hour) == (2025, 7, 14, 21)
    assert back.microsecond == 123456


def test_utc_datetime_compares_aware_values_in_any_zone(probe_engine: Engine) -> None:
    early = _insert_probe(probe_engine, at=datetime(2025, 1, 1, 8, 0, tzinfo=UTC))
    late = _insert_probe(probe_engine, at=datetime(2025, 1, 1, 10, 0, tzinfo=UTC))
    # 10:30 in UTC+2 is 08:30 UTC: between the two rows.
    boundary = datetime(2025, 1, 1, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    with probe_engine.connect() as connection:
        after = connection.execute(select(probe.c.id).where(probe.c.at > boundary)).scalars()
        assert list(after) == [late]
        before = connection.execute(select(probe.c.id).where(probe.c.at < boundary)).scalars()
        assert list(before) == [early]


def test_utc_datetime_rejects_a_naive_value(probe_engine: Engine) -> None:
    with pytest.raises(StatementError) as raised:
        _insert_probe(probe_engine, at=datetime(2025, 7, 14, 12, 0))
    assert isinstance(raised.value.orig, ValueError)
    with probe_engine.connect() as connection:
        assert connection.execute(select(probe)).all() == []


def test_utc_datetime_keeps_null(probe_engine: Engine) -> None:
    row_id = _insert_probe(probe_engine, at=None)
    assert _read_probe(probe_engine, row_id).at is None


def test_portable_types_round_trip(probe_engine: Engine) -> None:
    data = {"étape": "vérifier", "valeurs": [1, 2.5, None, True], "imbriqué": {"a": []}}
    row_id = _insert_probe(
        probe_engine, amount=Decimal("12345.678"), data=data, day=date(2024, 2, 29), flag=True
    )
    row = _read_probe(probe_engine, row_id)
    assert isinstance(row.id, uuid.UUID)
    assert row.id == row_id
    assert row.amount == Decimal("12345.678")
    assert isinstance(row.amount, Decimal)
    assert row.data == data
    assert row.day == date(2024, 2, 29)
    assert type(row.day) is date
    assert row.flag is True
