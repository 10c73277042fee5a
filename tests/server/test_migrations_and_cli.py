"""The alembic migration builds exactly the metadata; the cmms-server commands."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, select

import cmms_core.schema as core_schema
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.people import users
from sync_server.__main__ import main
from sync_server.migrations import combined_metadata
from sync_server.tables import server_metadata
from tests.server.conftest import create_database, drop_database, unique_db_name

pytestmark = pytest.mark.postgres

HOW_TO_FIX = (
    "The tables changed since the last migration: add a revision "
    "(alembic -c sync_server/alembic.ini revision --autogenerate -m '...', see docs/server.md)."
)


def test_migrated_database_has_exactly_the_metadata_tables_and_columns(db: Engine) -> None:
    expected = {
        table.name: {column.name for column in table.columns}
        for metadata in (core_schema.metadata, server_metadata)
        for table in metadata.sorted_tables
    }
    inspector = inspect(db)
    actual = {
        name: {column["name"] for column in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }
    assert sorted(actual) == sorted(expected), HOW_TO_FIX
    for name, columns in expected.items():
        assert actual[name] == columns, f"{name}: {HOW_TO_FIX}"


def test_migrated_database_has_no_difference_with_the_metadata(db: Engine) -> None:
    """Types, nullability, indexes, unique and foreign keys too (alembic's own diff)."""
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, combined_metadata())
    assert differences == [], HOW_TO_FIX


def test_server_tables_are_not_in_the_shared_metadata() -> None:
    assert not set(server_metadata.tables) & set(core_schema.metadata.tables)


@pytest.fixture
def fresh_db_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = unique_db_name("cmms_mig")
    url = create_database(name)
    monkeypatch.setenv("CMMS_DATABASE_URL", url)
    monkeypatch.setenv("CMMS_ENVIRONMENT", "test")
    monkeypatch.delenv("CMMS_DIRECT_DATABASE_URL", raising=False)
    try:
        yield url
    finally:
        drop_database(name)


def test_cli_migrate_and_create_admin(
    fresh_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0  # idempotent
    engine = create_engine(fresh_db_url)
    try:
        assert "refresh_tokens" in inspect(engine).get_table_names()

        monkeypatch.setenv("CMMS_ADMIN_PASSWORD", "short")
        assert main(["create-admin", "--email", "chef@usine.fr", "--name", "Chef"]) == 1
        assert "at least 8 characters" in capsys.readouterr().err

        monkeypatch.setenv("CMMS_ADMIN_PASSWORD", "admin-pass-2026")
        assert main(["create-admin", "--email", "Chef@Usine.fr", "--name", "Claire Chef"]) == 0
        with engine.connect() as connection:
            admin = connection.execute(select(users)).one()
            actions = connection.execute(select(audit_log.c.action)).scalars().all()
        assert (admin.email, admin.role, admin.status) == ("chef@usine.fr", "admin", "active")
        assert actions == ["user.create_first_admin"]

        assert main(["create-admin", "--email", "other@usine.fr", "--name", "Other"]) == 1
        assert "administrator already exists" in capsys.readouterr().err
    finally:
        engine.dispose()


def test_cli_reports_an_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.server.conftest import free_port

    monkeypatch.setenv("CMMS_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/x")
    monkeypatch.setenv("CMMS_DB_CONNECT_ATTEMPTS", "1")
    monkeypatch.setenv("CMMS_ADMIN_PASSWORD", "admin-pass-2026")
    assert main(["create-admin", "--email", "a@b.fr", "--name", "A"]) == 1
    assert "cannot reach the database" in capsys.readouterr().err
