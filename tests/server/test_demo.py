"""`cmms-server load-demo`: the demo plant in PostgreSQL, and its accounts log in."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from cmms_core.demo import DEMO_ACCOUNTS, DemoScale
from cmms_core.schema.assets import equipments
from sync_server.__main__ import main
from sync_server.demo import DemoRefused, load_demo_plant

pytestmark = pytest.mark.postgres

TINY = DemoScale(
    sites=1,
    lines_per_site=1,
    equipments=6,
    failures=4,
    maintenance_plans=2,
    parts=5,
    locations_per_site=2,
    suppliers=1,
    stock_movements=30,
    history_days=90,
    batch_size=100,
)


def test_demo_plant_loads_and_its_accounts_log_in(db: Engine, client: TestClient) -> None:
    with db.begin() as connection:
        summary = load_demo_plant(connection, 7, TINY)
    assert summary.rows["equipments"] >= 6
    with db.connect() as connection:
        count = connection.execute(select(func.count()).select_from(equipments)).scalar_one()
    assert count == summary.rows["equipments"]

    active = [a for a in DEMO_ACCOUNTS if a.status == "active"]
    for account in (active[0], active[-1]):
        answer = client.post(
            "/auth/login",
            json={"email": account.email, "password": account.password, "device_id": "demo"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["user"]["role"] == account.role.value

    with db.begin() as connection, pytest.raises(DemoRefused, match="already holds users"):
        load_demo_plant(connection, 7, TINY)


def test_load_demo_command_refuses_a_database_with_users(
    db: Engine,
    server_db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with db.begin() as connection:
        load_demo_plant(connection, 7, TINY)
    monkeypatch.setenv("CMMS_DATABASE_URL", server_db_url)
    monkeypatch.setenv("CMMS_ENVIRONMENT", "test")
    assert main(["load-demo"]) == 1
    assert "already holds users" in capsys.readouterr().err
