"""Loading the demo plant into a real replica file: integrity, logins, and no mixing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, text

from cmms_core.demo import DEMO_ACCOUNTS, DemoScale, active_demo_accounts
from cmms_core.schema import metadata
from cmms_core.schema.assets import equipments, sites
from cmms_core.schema.failures import failures
from cmms_core.schema.people import users
from cmms_desktop.store import open_replica
from cmms_desktop.store.auth import LoginRefused, OfflineAuth
from cmms_desktop.store.demo import (
    DemoRefused,
    DemoSummary,
    is_demo_replica,
    load_demo_plant,
)
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.store.replica import Replica

SMALL = DemoScale(equipments=30, failures=40, maintenance_plans=6, parts=30, stock_movements=300)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Replica, DemoSummary]]:
    """The default demo plant, loaded once for the module (argon2 hashes included)."""
    replica = open_replica(tmp_path_factory.mktemp("demo"))
    try:
        yield replica, load_demo_plant(replica.engine)
    finally:
        replica.dispose()


def count(engine: Engine, table_name: str) -> int:
    table = outbox if table_name == outbox.name else metadata.tables[table_name]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_load_keeps_every_foreign_key(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, _summary = loaded
    with replica.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert connection.execute(text("PRAGMA quick_check")).scalar_one() == "ok"
        # the bulk load's relaxed settings are not left behind on the pooled connection
        assert connection.execute(text("PRAGMA synchronous")).scalar_one() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_summary_counts_what_is_in_the_tables(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, summary = loaded
    assert summary.seed == 42
    assert summary.rows["equipments"] == 300
    for table_name, rows in summary.rows.items():
        assert count(replica.engine, table_name) == rows, table_name
    assert summary.total_rows == sum(summary.rows.values()) > 10_000


def test_demo_rows_are_not_user_edits(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, _summary = loaded
    assert count(replica.engine, outbox.name) == 0
    assert is_demo_replica(replica.engine)


def test_values_read_back_with_their_types(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, _summary = loaded
    with replica.engine.connect() as connection:
        row = connection.execute(
            select(failures).where(failures.c.status == "validated").limit(1)
        ).one()
        equipment = connection.execute(select(equipments).limit(1)).one()
    assert isinstance(row.id, uuid.UUID)
    assert row.reported_at.tzinfo is UTC and row.reported_at < datetime(2026, 11, 1, tzinfo=UTC)
    assert isinstance(equipment.operating_hours, Decimal)
    assert equipment.code.count("-") == 2


def test_every_demo_account_logs_in(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, _summary = loaded
    auth = OfflineAuth(replica.engine, "dev")
    with replica.engine.connect() as connection:
        site_ids = {code: id_ for code, id_ in connection.execute(select(sites.c.code, sites.c.id))}
    for account in active_demo_accounts():
        session = auth.login(account.email, account.password)
        assert session.role is account.role
        assert session.full_name == account.full_name
        if account.site_codes:
            granted = frozenset(site_ids[c] for c in account.site_codes if c in site_ids)
            assert session.site_ids == granted
        else:
            assert session.site_ids is None


def test_the_pending_account_waits_for_approval(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, _summary = loaded
    pending = [a for a in DEMO_ACCOUNTS if a.status == "pending"]
    assert pending
    with pytest.raises(LoginRefused) as refused:
        OfflineAuth(replica.engine, "dev").login(pending[0].email, pending[0].password)
    assert refused.value.code == "pending"


def test_loading_twice_is_refused(loaded: tuple[Replica, DemoSummary]) -> None:
    replica, summary = loaded
    with pytest.raises(DemoRefused):
        load_demo_plant(replica.engine, seed=7, scale=SMALL)
    assert count(replica.engine, "equipments") == summary.rows["equipments"]


def test_a_real_replica_is_never_mixed_with_demo_data(tmp_path: Path) -> None:
    replica = open_replica(tmp_path)
    try:
        with replica.engine.begin() as connection:
            now = datetime.now(UTC)
            connection.execute(
                insert(users).values(
                    id=uuid.uuid4(),
                    email="chef@usine.fr",
                    full_name="Vrai Chef",
                    password_hash="$argon2id$v=19$m=65536,t=3,p=4$not-a-real-hash",
                    role="admin",
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
            )
        with pytest.raises(DemoRefused):
            load_demo_plant(replica.engine, scale=SMALL)
        assert count(replica.engine, "users") == 1
        assert count(replica.engine, "sites") == 0
        assert not is_demo_replica(replica.engine)
    finally:
        replica.dispose()


def test_a_fresh_replica_is_not_a_demo(tmp_path: Path) -> None:
    replica = open_replica(tmp_path)
    try:
        assert not is_demo_replica(replica.engine)
        summary = load_demo_plant(replica.engine, seed=3, scale=SMALL, password_hasher=str.upper)
        assert summary.rows["equipments"] == 30
        assert is_demo_replica(replica.engine)
    finally:
        replica.dispose()
