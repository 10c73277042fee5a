"""Synced rows the server writes outside a push get a version, and replicas pull them.

A row left at version 0 is never pulled (cursors pull ``version > cursor``):
an account registered, approved or rejected, a first administrator, and above
all a password reset would stay invisible to every replica, which would keep
accepting the old password offline. Each path goes through
``sync_server.sync.server_mutation.run_server_mutation`` (writers' lock, one
new version, the cmms_core command); these tests hold them to it, end to end
over a real service and real replicas where it matters.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, insert, select

from cmms_core.schema.analytics import audit_log
from cmms_core.schema.people import users
from cmms_desktop.store.auth import LoginRefused, OfflineAuth
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine
from sync_server.__main__ import main
from sync_server.auth import tokens
from sync_server.sync.pull import read_bucket_page
from sync_server.tables import password_resets
from tests.sync import conftest as sync_conftest
from tests.sync.conftest import Account, Device, Plant, assert_same_as_server

pytestmark = pytest.mark.postgres

# the replicas and the live service of the sync tests
live_server = sync_conftest.live_server
plant = sync_conftest.plant
device = sync_conftest.device
replica_template = sync_conftest.replica_template

MakeDevice = Callable[[str, Account], Device]
NEW_PASSWORD = "Nouveau-mot-2027"


def _user(db: Engine, user_id: uuid.UUID) -> dict[str, Any]:
    with db.connect() as connection:
        return dict(connection.execute(select(users).where(users.c.id == user_id)).mappings().one())


def _audits(db: Engine, user_id: uuid.UUID) -> list[dict[str, Any]]:
    with db.connect() as connection:
        rows = connection.execute(
            select(audit_log).where(audit_log.c.entity_id == user_id).order_by(audit_log.c.version)
        ).mappings()
        return [dict(row) for row in rows]


def _access_token(base: str, account: Account, password: str | None = None) -> str:
    answer = httpx.post(
        f"{base}/auth/login",
        json={
            "email": account.email,
            "password": password or account.password,
            "device_id": "bureau-admin",
        },
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def _register(base: str, email: str) -> uuid.UUID:
    answer = httpx.post(
        f"{base}/auth/register",
        json={
            "email": email,
            "full_name": "Jean Neuf",
            "password": NEW_PASSWORD,
            "role": "technician",
        },
    )
    assert answer.status_code == 202, answer.text
    return uuid.UUID(answer.json()["user_id"])


def _offline_login(dev: Device, email: str, password: str) -> str:
    """'ok', or why the replica refuses the login (checked on the replica only)."""
    try:
        OfflineAuth(dev.engine, dev.device_id).login(email, password)
    except LoginRefused as refused:
        return refused.code
    return "ok"


def test_register_approve_and_reject_reach_the_replicas(
    plant: Plant, device: MakeDevice, live_server: str
) -> None:
    workshop = device("atelier-partage", plant.admin)  # a shared PC, synced by the admin
    assert workshop.sync().ok

    approved_id = _register(live_server, "jean.neuf@usine.fr")
    rejected_id = _register(live_server, "intrus@usine.fr")
    registered = _user(plant.db, approved_id)
    assert registered["version"] > 0 and registered["status"] == "pending"
    assert [a["version"] for a in _audits(plant.db, approved_id)] == [registered["version"]]

    assert workshop.sync().ok
    replica_row = workshop.row("users", approved_id)
    assert replica_row is not None and replica_row["status"] == "pending"
    assert _offline_login(workshop, "jean.neuf@usine.fr", NEW_PASSWORD) == "pending"

    headers = {"Authorization": f"Bearer {_access_token(live_server, plant.admin)}"}
    for user_id, decision in ((approved_id, "approve"), (rejected_id, "reject")):
        answer = httpx.post(f"{live_server}/admin/users/{user_id}/{decision}", headers=headers)
        assert answer.status_code == 200, answer.text
    decided = _user(plant.db, approved_id)
    assert decided["version"] > registered["version"]
    assert decided["status"] == "active" and decided["approved_by"] == plant.admin.id
    last_audit = _audits(plant.db, approved_id)[-1]
    assert (last_audit["action"], last_audit["version"]) == ("user.approve", decided["version"])

    report = workshop.sync()
    assert report.ok and report.pulled_rows > 0
    assert _offline_login(workshop, "jean.neuf@usine.fr", NEW_PASSWORD) == "ok"
    assert _offline_login(workshop, "intrus@usine.fr", NEW_PASSWORD) == "rejected"
    assert_same_as_server(plant, workshop)


def _reset_code(db: Engine, user_id: uuid.UUID) -> str:
    """A reset code of the user, as the e-mail would carry it."""
    code = tokens.new_secret_token()
    now = datetime.now(UTC)
    with db.begin() as connection:
        connection.execute(
            insert(password_resets).values(
                id=uuid.uuid4(),
                user_id=user_id,
                token_hash=tokens.hash_token(code),
                created_at=now,
                expires_at=now + timedelta(hours=1),
            )
        )
    return code


def test_a_password_reset_reaches_the_replicas_and_the_old_password_stops_working(
    plant: Plant, device: MakeDevice, live_server: str
) -> None:
    tom = plant.technician
    shared = device("atelier-partage", plant.admin)  # a shared PC, synced by the admin
    own = device("tom-tablette", tom)
    assert shared.sync().ok and own.sync().ok
    for dev in (shared, own):
        assert _offline_login(dev, tom.email, tom.password) == "ok"
    before = _user(plant.db, tom.id)

    answer = httpx.post(
        f"{live_server}/auth/password-reset/confirm",
        json={"token": _reset_code(plant.db, tom.id), "new_password": NEW_PASSWORD},
    )
    assert answer.status_code == 200, answer.text

    after = _user(plant.db, tom.id)
    assert after["version"] > before["version"]  # a version: the pull will carry it
    assert after["password_hash"] != before["password_hash"]
    [reset] = [a for a in _audits(plant.db, tom.id) if a["action"] == "user.set_password"]
    assert reset["version"] == after["version"] and reset["actor_id"] == tom.id
    assert reset["changes"] == {"password_hash": ["changed"]}
    assert after["password_hash"] not in str(_audits(plant.db, tom.id))  # no hash in the trail

    # the shared PC syncs as the admin: the technician's old password is refused offline
    assert shared.sync().ok
    assert _offline_login(shared, tom.email, tom.password) == "invalid_credentials"
    assert _offline_login(shared, tom.email, NEW_PASSWORD) == "ok"
    assert_same_as_server(plant, shared)

    # Tom's own replica, until it syncs, still holds the old hash...
    assert _offline_login(own, tom.email, tom.password) == "ok"
    # ...and once it syncs (with the new password: the server ended his sessions) it doesn't
    with SyncClient(live_server, Credentials(tom.email, NEW_PASSWORD), own.device_id) as client:
        assert SyncEngine(own.engine, client).sync_once().ok
    assert _offline_login(own, tom.email, tom.password) == "invalid_credentials"
    assert _offline_login(own, tom.email, NEW_PASSWORD) == "ok"


def test_the_first_administrator_of_the_cli_is_pulled(
    db: Engine, server_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMMS_DATABASE_URL", server_db_url)
    monkeypatch.setenv("CMMS_ENVIRONMENT", "test")
    monkeypatch.delenv("CMMS_DIRECT_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMMS_ADMIN_PASSWORD", "admin-pass-2026")
    assert main(["create-admin", "--email", "chef@usine.fr", "--name", "Claire Chef"]) == 0

    with db.connect() as connection:
        admin = connection.execute(select(users)).mappings().one()
        audit = connection.execute(select(audit_log)).mappings().one()
        page = read_bucket_page(connection, "global", 0, 100)
    assert admin["version"] > 0 and audit["version"] == admin["version"]
    assert audit["changes"]["password_hash"] == ["changed"]  # created: no hash in the trail
    pulled = page.tables["users"][1]
    assert len(pulled) == 1 and str(admin["id"]) in pulled[0]
