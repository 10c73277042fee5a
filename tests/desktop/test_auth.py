"""Offline login on the replica: passwords, account status, sessions and site access."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select, update

from cmms_core.passwords import hash_password
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.people import sessions, user_permissions, users
from cmms_desktop.store.auth import SESSION_LENGTH, LoginRefused, OfflineAuth
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.writer import LocalWriter

NOW = datetime(2025, 9, 1, 6, 0, tzinfo=UTC)
DEVICE = "atelier-pc-1"
PASSWORD = "Roulement42"


@pytest.fixture(scope="module")
def password_hash() -> str:
    # argon2 is slow on purpose; a hash carries its own cost parameters, so a
    # cheap one still goes through the real verify_password, only faster.
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD)


@dataclass(frozen=True)
class People:
    engine: Engine
    admin: Actor
    site_a: uuid.UUID
    site_b: uuid.UUID
    site_c: uuid.UUID
    by_status: dict[str, uuid.UUID]  # one technician per account status

    def email(self, status: str) -> str:
        return f"{status}@usine.example"


@pytest.fixture
def people(replica: Replica, password_hash: str) -> People:
    writer = LocalWriter(replica.engine, DEVICE, clock=lambda: NOW)
    admin_id = uuid.uuid4()

    def account(user_id: uuid.UUID, email: str, role: str) -> dict[str, object]:
        return {
            "id": user_id,
            "email": email,
            "full_name": email.split("@")[0].title(),
            "password_hash": password_hash,
            "role": role,
            "language": "en",
        }

    first_admin = account(admin_id, "Chef@Usine.example", "admin")
    writer.execute(None, "user.create_first_admin", first_admin)
    admin = Actor(user_id=admin_id, role=Role.ADMIN, site_ids=None)
    site_a, site_b, site_c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for site_id, code in ((site_a, "LYON"), (site_b, "NANTES"), (site_c, "LILLE")):
        writer.execute(admin, "site.create", {"id": site_id, "code": code, "name": code})

    by_status: dict[str, uuid.UUID] = {}
    for status in ("active", "pending", "disabled", "rejected", "ungranted"):
        user_id = uuid.uuid4()
        request = account(user_id, f"{status}@usine.example", "technician")
        writer.execute(None, "user.register", request)
        by_status[status] = user_id
    for status in ("active", "disabled", "ungranted"):
        writer.execute(admin, "user.approve", {"id": by_status[status]})
    writer.execute(admin, "user.change", {"id": by_status["disabled"], "status": "disabled"})
    writer.execute(admin, "user.reject", {"id": by_status["rejected"]})

    active = by_status["active"]
    for site_id in (site_a, site_b, site_c):
        writer.execute(
            admin,
            "user.grant_site",
            {"id": uuid.uuid4(), "user_id": active, "scope_site_id": site_id},
        )
    # a revoked grant is no access
    with replica.engine.connect() as connection:
        revoked = connection.execute(
            select(user_permissions.c.id).where(user_permissions.c.scope_site_id == site_c)
        ).scalar_one()
    writer.execute(admin, "user.revoke_site", {"id": revoked})
    return People(replica.engine, admin, site_a, site_b, site_c, by_status)


def _auth(people: People) -> OfflineAuth:
    return OfflineAuth(people.engine, DEVICE, clock=lambda: NOW)


def _session_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(sessions)).scalar_one())


def test_login_opens_a_session(people: People) -> None:
    session = _auth(people).login("active@usine.example", PASSWORD)
    assert session.user_id == people.by_status["active"]
    assert (session.email, session.full_name) == ("active@usine.example", "Active")
    assert (session.role, session.language) == (Role.TECHNICIAN, "en")

    with people.engine.connect() as connection:
        row = connection.execute(select(sessions)).mappings().one()
        last_login = connection.execute(
            select(users.c.last_login_at).where(users.c.id == session.user_id)
        ).scalar_one()
    assert row["id"] == session.session_id
    assert row["user_id"] == session.user_id
    assert row["device_id"] == DEVICE
    assert (row["created_at"], row["expires_at"]) == (NOW, NOW + SESSION_LENGTH)
    assert row["revoked_at"] is None
    assert last_login == NOW


def test_email_is_case_insensitive_and_trimmed(people: People) -> None:
    assert _auth(people).login("  Chef@USINE.example ", PASSWORD).user_id == people.admin.user_id
    assert _auth(people).login("ACTIVE@usine.EXAMPLE", PASSWORD).role is Role.TECHNICIAN


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("active@usine.example", "roulement42"),  # wrong password (case matters)
        ("active@usine.example", ""),
        ("nobody@usine.example", PASSWORD),  # unknown e-mail: the very same answer
        ("pending@usine.example", "wrong-one"),  # a wrong password says nothing of the status
    ],
)
def test_bad_credentials_get_one_answer(people: People, email: str, password: str) -> None:
    with pytest.raises(LoginRefused) as raised:
        _auth(people).login(email, password)
    assert raised.value.code == "invalid_credentials"
    assert _session_count(people.engine) == 0


@pytest.mark.parametrize("status", ["pending", "disabled", "rejected"])
def test_accounts_that_may_not_log_in_say_why(people: People, status: str) -> None:
    with pytest.raises(LoginRefused) as raised:
        _auth(people).login(people.email(status), PASSWORD)
    assert raised.value.code == status
    assert _session_count(people.engine) == 0


def test_a_deleted_account_is_unknown(people: People) -> None:
    with people.engine.begin() as connection:
        connection.execute(
            update(users).where(users.c.id == people.by_status["active"]).values(deleted_at=NOW)
        )
    with pytest.raises(LoginRefused) as raised:
        _auth(people).login("active@usine.example", PASSWORD)
    assert raised.value.code == "invalid_credentials"


def test_site_access(people: People) -> None:
    auth = _auth(people)
    admin = auth.login("chef@usine.example", PASSWORD)
    assert admin.site_ids is None  # every site, including future ones
    assert admin.actor == people.admin

    technician = auth.login("active@usine.example", PASSWORD)
    assert technician.site_ids == frozenset({people.site_a, people.site_b})  # C was revoked
    assert technician.actor.site_ids == technician.site_ids
    assert technician.actor.role is Role.TECHNICIAN

    ungranted = auth.login("ungranted@usine.example", PASSWORD)
    assert ungranted.site_ids == frozenset()  # no site: not "every site"


def test_has_users_and_logout(people: People) -> None:
    assert _auth(people).has_users()
    auth = _auth(people)
    session = auth.login("active@usine.example", PASSWORD)
    auth.logout(session)
    with people.engine.connect() as connection:
        revoked_at = connection.execute(select(sessions.c.revoked_at)).scalar_one()
    assert revoked_at == NOW


def test_an_empty_replica_has_no_users(replica: Replica) -> None:
    assert not OfflineAuth(replica.engine, DEVICE).has_users()


def test_login_with_a_hash_made_by_the_application(people: People) -> None:
    with people.engine.begin() as connection:
        connection.execute(
            update(users)
            .where(users.c.id == people.by_status["active"])
            .values(password_hash=hash_password("Autre-mot-2-passe"))
        )
    auth = _auth(people)
    assert auth.login("active@usine.example", "Autre-mot-2-passe").role is Role.TECHNICIAN
    with pytest.raises(LoginRefused):
        auth.login("active@usine.example", PASSWORD)
