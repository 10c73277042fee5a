"""Registration, login, tokens, refresh rotation, logout, admin decisions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from cmms_core.schema.assets import sites
from cmms_core.schema.people import user_permissions, users
from sync_server.auth.tokens import create_access_token
from sync_server.tables import auth_sessions, login_attempts, refresh_tokens
from tests.server.conftest import PASSWORD, TEST_JWT_SECRET, FakeClock, MadeUser, bearer, login

pytestmark = pytest.mark.postgres

MakeUser = Callable[..., MadeUser]


def register(client: TestClient, email: str, role: str = "technician", **extra: object) -> dict:
    body = {"email": email, "full_name": "Jean Dupont", "password": PASSWORD, "role": role}
    response = client.post("/auth/register", json={**body, **extra})
    return {"http": response.status_code, **response.json()}


def test_register_pending_then_approved_by_admin_then_login(
    client: TestClient, make_user: MakeUser, db: Engine
) -> None:
    admin = make_user("admin@usine.fr", role="admin")

    answer = register(client, "Jean.Dupont@usine.fr", role="technician")
    assert answer["http"] == 202
    assert answer["status"] == "pending"
    new_id = answer["user_id"]
    with db.connect() as connection:
        row = connection.execute(select(users).where(users.c.id == uuid.UUID(new_id))).one()
    assert row.status == "pending"
    assert row.email == "jean.dupont@usine.fr"
    assert row.password_hash.startswith("$argon2id$")

    pending = client.post(
        "/auth/login",
        json={"email": "jean.dupont@usine.fr", "password": PASSWORD, "device_id": "pc-1"},
    )
    assert pending.status_code == 403
    assert pending.json()["code"] == "account_pending"

    admin_tokens = login(client, admin)
    approved = client.post(f"/admin/users/{new_id}/approve", headers=bearer(admin_tokens))
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "active"

    tokens = client.post(
        "/auth/login",
        json={"email": "JEAN.DUPONT@usine.fr", "password": PASSWORD, "device_id": "pc-1"},
    ).json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    assert tokens["user"]["role"] == "technician"
    assert tokens["user"]["site_ids"] == []
    me = client.get("/auth/me", headers=bearer(tokens))
    assert me.status_code == 200
    assert me.json()["email"] == "jean.dupont@usine.fr"


def test_register_refuses_admin_role_weak_password_and_duplicate(
    client: TestClient, make_user: MakeUser
) -> None:
    admin = register(client, "chef@usine.fr", role="admin")
    assert admin["http"] == 422
    assert admin["field_errors"] == {"role": "admin_not_allowed"}

    weak = register(client, "weak@usine.fr", password="12345678")
    assert weak["http"] == 422
    assert weak["code"] == "weak_password"
    assert weak["field_errors"] == {"password": "letters_and_digits"}

    make_user("taken@usine.fr")
    duplicate = register(client, "Taken@usine.fr")
    assert duplicate["http"] == 409
    assert duplicate["code"] == "duplicate"
    assert duplicate["field_errors"] == {"email": "duplicate"}


def test_admin_can_approve_with_another_role_and_reject(
    client: TestClient, make_user: MakeUser
) -> None:
    admin_tokens = login(client, make_user("admin@usine.fr", role="admin"))
    first = make_user("a@usine.fr", status="pending")
    second = make_user("b@usine.fr", status="pending")

    approved = client.post(
        f"/admin/users/{first.id}/approve",
        json={"role": "storekeeper"},
        headers=bearer(admin_tokens),
    )
    assert approved.json()["role"] == "storekeeper"

    rejected = client.post(f"/admin/users/{second.id}/reject", headers=bearer(admin_tokens))
    assert rejected.json()["status"] == "rejected"
    refused = client.post(
        "/auth/login", json={"email": second.email, "password": PASSWORD, "device_id": "x"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "account_rejected"

    again = client.post(f"/admin/users/{second.id}/approve", headers=bearer(admin_tokens))
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_state"
    missing = client.post(f"/admin/users/{uuid.uuid4()}/approve", headers=bearer(admin_tokens))
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_non_admin_cannot_approve(client: TestClient, make_user: MakeUser) -> None:
    supervisor = login(client, make_user("sup@usine.fr", role="supervisor"))
    pending = make_user("p@usine.fr", status="pending")
    answer = client.post(f"/admin/users/{pending.id}/approve", headers=bearer(supervisor))
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"
    assert "users.manage" in answer.json()["message"]


def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user("tech@usine.fr")
    wrong = client.post(
        "/auth/login", json={"email": "tech@usine.fr", "password": "nope-1234", "device_id": "x"}
    )
    unknown = client.post(
        "/auth/login", json={"email": "ghost@usine.fr", "password": "nope-1234", "device_id": "x"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"


def test_disabled_account_cannot_log_in_and_loses_its_tokens_at_once(
    client: TestClient, make_user: MakeUser, db: Engine
) -> None:
    user = make_user("tech@usine.fr")
    tokens = login(client, user)
    with db.begin() as connection:
        connection.execute(users.update().where(users.c.id == user.id).values(status="disabled"))
    me = client.get("/auth/me", headers=bearer(tokens))
    assert me.status_code == 403
    assert me.json()["code"] == "account_disabled"
    refreshed = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 403
    relogin = client.post(
        "/auth/login", json={"email": user.email, "password": PASSWORD, "device_id": "x"}
    )
    assert relogin.json()["code"] == "account_disabled"


def test_scope_comes_from_the_current_grants_not_from_the_token(
    client: TestClient, make_user: MakeUser, db: Engine, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr")
    tokens = login(client, user)
    assert client.get("/auth/me", headers=bearer(tokens)).json()["site_ids"] == []
    site_id = uuid.uuid4()
    now = clock()
    with db.begin() as connection:
        connection.execute(
            insert(sites).values(
                id=site_id, code="LYON", name="Usine de Lyon", created_at=now, updated_at=now
            )
        )
        connection.execute(
            insert(user_permissions).values(
                id=uuid.uuid4(),
                user_id=user.id,
                scope_site_id=site_id,
                created_at=now,
                updated_at=now,
            )
        )
        connection.execute(users.update().where(users.c.id == user.id).values(role="supervisor"))
    me = client.get("/auth/me", headers=bearer(tokens)).json()
    assert me["site_ids"] == [str(site_id)]
    assert me["role"] == "supervisor"
    # the token itself carries neither role nor sites
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert set(claims) == {"sub", "sid", "typ", "iat", "exp", "jti"}


def test_admin_sees_every_site(client: TestClient, make_user: MakeUser) -> None:
    tokens = login(client, make_user("admin@usine.fr", role="admin"))
    assert tokens["user"]["site_ids"] is None


def test_refresh_rotates_and_reuse_revokes_the_whole_session(
    client: TestClient, make_user: MakeUser, db: Engine, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr")
    first = login(client, user)

    clock.advance(minutes=10)
    second = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    second_tokens = second.json()
    assert second_tokens["refresh_token"] != first["refresh_token"]
    clock.advance(minutes=10)
    third = client.post("/auth/refresh", json={"refresh_token": second_tokens["refresh_token"]})
    assert third.status_code == 200
    third_tokens = third.json()
    assert client.get("/auth/me", headers=bearer(third_tokens)).status_code == 200

    # the first token shows up again: someone copied it
    reused = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401
    assert reused.json()["code"] == "refresh_token_reused"

    # the whole family is dead: the latest refresh token and access token too
    latest = client.post("/auth/refresh", json={"refresh_token": third_tokens["refresh_token"]})
    assert latest.status_code == 401
    assert latest.json()["code"] == "session_revoked"
    me = client.get("/auth/me", headers=bearer(third_tokens))
    assert me.status_code == 401
    assert me.json()["code"] == "session_revoked"
    with db.connect() as connection:
        session = connection.execute(select(auth_sessions)).one()
        stored = connection.execute(select(refresh_tokens.c.token_hash)).scalars().all()
    assert session.revoked_reason == "reuse_detected"
    # only hashes are stored
    assert first["refresh_token"] not in stored
    assert len(stored) == 3 and all(len(value) == 64 for value in stored)

    # a new login opens a new, independent session
    assert client.get("/auth/me", headers=bearer(login(client, user))).status_code == 200


def test_a_refresh_retried_after_a_lost_answer_is_not_a_theft(
    client: TestClient, make_user: MakeUser, clock: FakeClock
) -> None:
    first = login(client, make_user("tech@usine.fr"))
    clock.advance(minutes=10)
    lost = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert lost.status_code == 200  # ...but the answer never reached the client

    clock.advance(seconds=5)
    retried = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert retried.status_code == 200, retried.text
    retried_tokens = retried.json()
    assert retried_tokens["refresh_token"] != lost.json()["refresh_token"]
    assert client.get("/auth/me", headers=bearer(retried_tokens)).status_code == 200
    # the unused successor of the first answer stays valid (two processes of one desktop)
    assert client.get("/auth/me", headers=bearer(lost.json())).status_code == 200

    # once a successor was used, the old token is a theft signal again
    clock.advance(seconds=1)
    used = client.post("/auth/refresh", json={"refresh_token": retried_tokens["refresh_token"]})
    assert used.status_code == 200
    again = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert again.status_code == 401
    assert again.json()["code"] == "refresh_token_reused"


def test_the_refresh_grace_period_ends(
    client: TestClient, make_user: MakeUser, clock: FakeClock
) -> None:
    first = login(client, make_user("tech@usine.fr"))
    assert client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}).is_success
    clock.advance(seconds=31)
    late = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert late.status_code == 401
    assert late.json()["code"] == "refresh_token_reused"


def test_refresh_token_expires(client: TestClient, make_user: MakeUser, clock: FakeClock) -> None:
    tokens = login(client, make_user("tech@usine.fr"))
    clock.advance(days=31)
    answer = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 401
    assert answer.json()["code"] == "refresh_token_expired"


def test_unknown_refresh_token(client: TestClient) -> None:
    answer = client.post("/auth/refresh", json={"refresh_token": "not-a-token"})
    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_refresh_token"


def test_logout_revokes_refresh_and_access_tokens(client: TestClient, make_user: MakeUser) -> None:
    user = make_user("tech@usine.fr")
    tokens = login(client, user)
    other_device = login(client, user, device_id="pc-2")

    assert (
        client.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code
        == 204
    )
    refreshed = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401
    assert refreshed.json()["code"] == "session_revoked"
    assert client.get("/auth/me", headers=bearer(tokens)).status_code == 401
    # the other device's session is untouched
    assert client.get("/auth/me", headers=bearer(other_device)).status_code == 200
    # logging out twice, or with garbage, is harmless
    assert (
        client.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code
        == 204
    )
    assert client.post("/auth/logout", json={"refresh_token": "garbage"}).status_code == 204


def test_expired_access_token(client: TestClient, make_user: MakeUser, clock: FakeClock) -> None:
    tokens = login(client, make_user("tech@usine.fr"))
    clock.advance(minutes=14, seconds=59)
    assert client.get("/auth/me", headers=bearer(tokens)).status_code == 200
    clock.advance(seconds=1)
    answer = client.get("/auth/me", headers=bearer(tokens))
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_tampered_and_foreign_tokens_are_refused(
    client: TestClient, make_user: MakeUser, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr")
    tokens = login(client, user)
    header, payload, signature = tokens["access_token"].split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    for token in (
        f"{header}.{payload}.{flipped}",
        f"{header}.{payload}",
        "garbage",
        # right shape, signed with another secret
        create_access_token(
            secret="another-secret-" + "y" * 40,
            user_id=user.id,
            session_id=uuid.uuid4(),
            now=clock(),
            lifetime=timedelta(minutes=15),
        ),
        # signed with the right secret, but for a session that does not exist
        create_access_token(
            secret=TEST_JWT_SECRET,
            user_id=user.id,
            session_id=uuid.uuid4(),
            now=clock(),
            lifetime=timedelta(minutes=15),
        ),
        # alg=none
        jwt.encode({"sub": str(user.id), "sid": str(uuid.uuid4()), "typ": "access"}, None, "none"),
    ):
        answer = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, token
        assert answer.json()["code"] == "invalid_token"
    missing = client.get("/auth/me")
    assert missing.status_code == 401
    assert missing.json()["code"] == "not_authenticated"
    basic = client.get("/auth/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_login_history_rows(client: TestClient, make_user: MakeUser, db: Engine) -> None:
    user = make_user("tech@usine.fr")
    make_user("new@usine.fr", status="pending")
    headers = {"User-Agent": "GMAO-desktop/0.1"}
    client.post(
        "/auth/login",
        json={"email": "tech@usine.fr", "password": "wrong-pass-1", "device_id": "pc-1"},
        headers=headers,
    )
    client.post(
        "/auth/login",
        json={"email": "Tech@usine.fr", "password": PASSWORD, "device_id": "pc-1"},
        headers=headers,
    )
    client.post(
        "/auth/login", json={"email": "new@usine.fr", "password": PASSWORD, "device_id": "pc-2"}
    )
    client.post(
        "/auth/login", json={"email": "ghost@usine.fr", "password": PASSWORD, "device_id": "pc-3"}
    )
    with db.connect() as connection:
        rows = connection.execute(select(login_attempts).order_by(login_attempts.c.at)).all()
    summary = {(r.email, r.success, r.reason, r.device_id) for r in rows}
    assert summary == {
        ("tech@usine.fr", False, "invalid_credentials", "pc-1"),
        ("tech@usine.fr", True, "ok", "pc-1"),
        ("new@usine.fr", False, "account_pending", "pc-2"),
        ("ghost@usine.fr", False, "invalid_credentials", "pc-3"),
    }
    assert len(rows) == 4
    assert {r.user_id for r in rows if r.email == "tech@usine.fr"} == {user.id}
    assert [r.user_id for r in rows if r.email == "ghost@usine.fr"] == [None]
    assert {r.ip for r in rows} == {"testclient"}
    assert rows[0].user_agent == "GMAO-desktop/0.1"
    with db.connect() as connection:
        last_login = connection.execute(
            select(users.c.last_login_at).where(users.c.id == user.id)
        ).scalar_one()
    assert last_login is not None
