"""Failed-login throttling, and the password reset through a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from cmms_core.schema.analytics import audit_log
from cmms_core.schema.people import users
from sync_server.tables import auth_sessions, login_attempts, password_resets
from tests.server.conftest import PASSWORD, FakeClock, MadeUser, SmtpSink, bearer, login

pytestmark = pytest.mark.postgres

MakeUser = Callable[..., MadeUser]


def attempt(client: TestClient, email: str, password: str) -> tuple[int, dict, dict]:
    response = client.post(
        "/auth/login", json={"email": email, "password": password, "device_id": "pc-1"}
    )
    return response.status_code, response.json(), dict(response.headers)


# --- throttling (settings: 3 failures within 60 s) ------------------------------


def test_throttled_after_n_failures_even_with_the_right_password(
    client: TestClient, make_user: MakeUser, clock: FakeClock, db: Engine
) -> None:
    user = make_user("tech@usine.fr")
    for _ in range(3):
        assert attempt(client, user.email, "wrong-pass-1")[0] == 401
        clock.advance(seconds=10)
    # failures at t=0, 10, 20 s; now t=30 s: the first leaves the window at t=60 s
    status, body, headers = attempt(client, user.email, PASSWORD)
    assert status == 429
    assert body["code"] == "throttled"
    assert headers["retry-after"] == "30"

    # refused attempts do not extend the lock
    clock.advance(seconds=29)
    status, _, headers = attempt(client, "TECH@usine.fr", PASSWORD)
    assert (status, headers["retry-after"]) == (429, "1")
    clock.advance(seconds=1)
    status, body, _ = attempt(client, user.email, PASSWORD)
    assert status == 200, body

    with db.connect() as connection:
        reasons = connection.execute(
            select(login_attempts.c.reason).order_by(login_attempts.c.at)
        ).scalars()
        assert list(reasons) == ["invalid_credentials"] * 3 + ["throttled"] * 2 + ["ok"]


def test_a_success_resets_the_count_and_other_emails_are_not_affected(
    client: TestClient, make_user: MakeUser, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr")
    other = make_user("other@usine.fr")
    for _ in range(2):
        attempt(client, user.email, "wrong-pass-1")
        clock.advance(seconds=1)
    assert attempt(client, user.email, PASSWORD)[0] == 200
    clock.advance(seconds=1)
    for _ in range(2):
        assert attempt(client, user.email, "wrong-pass-1")[0] == 401
        clock.advance(seconds=1)
    assert attempt(client, user.email, PASSWORD)[0] == 200
    clock.advance(seconds=1)

    for _ in range(3):
        attempt(client, user.email, "wrong-pass-1")
    assert attempt(client, user.email, PASSWORD)[0] == 429
    assert attempt(client, other.email, PASSWORD)[0] == 200


def test_unknown_emails_are_throttled_too(client: TestClient, clock: FakeClock) -> None:
    for _ in range(3):
        assert attempt(client, "ghost@usine.fr", "whatever-1")[0] == 401
    assert attempt(client, "ghost@usine.fr", "whatever-1")[0] == 429


def test_throttle_is_shared_by_two_app_instances(
    make_app: Callable[..., FastAPI], make_user: MakeUser
) -> None:
    """Two server processes share the count: it lives in PostgreSQL."""
    user = make_user("tech@usine.fr")
    with TestClient(make_app()) as first, TestClient(make_app()) as second:
        attempt(first, user.email, "wrong-pass-1")
        attempt(second, user.email, "wrong-pass-1")
        attempt(first, user.email, "wrong-pass-1")
        assert attempt(second, user.email, PASSWORD)[0] == 429


# --- password reset ---------------------------------------------------------------


TOKEN_LINE = re.compile(r"^([A-Za-z0-9_-]{43})\r?$", re.MULTILINE)


def reset_code(message_body: str) -> str:
    match = TOKEN_LINE.search(message_body)
    assert match, message_body
    return match.group(1)


def test_password_reset_round_trip_through_smtp(
    client: TestClient, make_user: MakeUser, smtp: SmtpSink, db: Engine
) -> None:
    user = make_user("tech@usine.fr", language="fr")
    old_session = login(client, user)

    answer = client.post("/auth/password-reset/request", json={"email": "Tech@usine.fr"})
    assert answer.status_code == 202
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert smtp.recipients == [["tech@usine.fr"]]
    assert message["To"] == "tech@usine.fr"
    assert message["From"] == "GMAO <gmao@usine.test>"
    assert "mot de passe" in message["Subject"]
    body = message.get_content()
    assert "60 minutes" in body
    token = reset_code(body)
    with db.connect() as connection:
        stored = connection.execute(select(password_resets.c.token_hash)).scalar_one()
    assert stored != token and len(stored) == 64

    weak = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "short"}
    )
    assert weak.status_code == 422
    assert weak.json()["field_errors"] == {"new_password": "too_short"}

    new_password = "nouveau-mot-2-passe"
    confirmed = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": new_password}
    )
    assert confirmed.status_code == 200, confirmed.text

    # old password refused, new one accepted
    assert attempt(client, user.email, PASSWORD)[0] == 401
    assert attempt(client, user.email, new_password)[0] == 200
    # every session opened before the reset is over
    assert client.get("/auth/me", headers=bearer(old_session)).json()["code"] == "session_revoked"
    refreshed = client.post("/auth/refresh", json={"refresh_token": old_session["refresh_token"]})
    assert refreshed.status_code == 401
    # single use
    again = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "encore-1-autre"}
    )
    assert again.status_code == 400
    assert again.json()["code"] == "reset_token_used"

    with db.connect() as connection:
        revoked = connection.execute(select(auth_sessions.c.revoked_reason)).scalars().all()
        audit = connection.execute(
            select(audit_log.c.action, audit_log.c.changes).where(audit_log.c.entity_id == user.id)
        ).all()
    assert "password_reset" in revoked
    # through the user.set_password command: the trail says the password changed, no hash
    assert [(a.action, a.changes) for a in audit] == [
        ("user.set_password", {"password_hash": ["changed"]})
    ]


def test_reset_code_expires_after_an_hour(
    client: TestClient, make_user: MakeUser, smtp: SmtpSink, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr", language="en")
    client.post("/auth/password-reset/request", json={"email": user.email})
    message = smtp.messages[0]
    assert message["Subject"] == "CMMS: reset your password"
    token = reset_code(message.get_content())
    clock.advance(minutes=60)
    answer = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "nouveau-mot-2"}
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "reset_token_expired"


def test_reset_request_never_reveals_whether_an_account_exists(
    client: TestClient, make_user: MakeUser, smtp: SmtpSink, db: Engine
) -> None:
    make_user("pending@usine.fr", status="pending")
    answers = [
        client.post("/auth/password-reset/request", json={"email": email})
        for email in ("ghost@usine.fr", "pending@usine.fr", "not even an e-mail")
    ]
    assert {a.status_code for a in answers} == {202}
    assert len({a.text for a in answers}) == 1
    assert smtp.messages == []
    with db.connect() as connection:
        assert connection.execute(select(password_resets)).all() == []


def test_reset_requests_are_limited_per_hour(
    make_app: Callable[..., FastAPI], make_user: MakeUser, smtp: SmtpSink, clock: FakeClock
) -> None:
    user = make_user("tech@usine.fr")
    with TestClient(make_app(password_reset_max_per_hour=2)) as client:
        for _ in range(3):
            answer = client.post("/auth/password-reset/request", json={"email": user.email})
            assert answer.status_code == 202
        assert len(smtp.messages) == 2
        clock.advance(minutes=61)
        client.post("/auth/password-reset/request", json={"email": user.email})
        assert len(smtp.messages) == 3


def test_invalid_reset_code(client: TestClient) -> None:
    answer = client.post(
        "/auth/password-reset/confirm", json={"token": "x" * 43, "new_password": "nouveau-mot-2"}
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_reset_token"


def test_smtp_failure_still_answers_202(
    make_app: Callable[..., FastAPI], make_user: MakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.server.conftest import free_port

    user = make_user("tech@usine.fr")
    app = make_app(smtp_port=free_port(), smtp_timeout_seconds=2)
    from sync_server.auth.mailer import Mailer

    app.state.mailer = Mailer.from_settings(app.state.settings)
    with TestClient(app) as client:
        answer = client.post("/auth/password-reset/request", json={"email": user.email})
    assert answer.status_code == 202
    assert "could not send the password-reset e-mail" in caplog.text


def test_password_hash_changes_in_users_table(
    client: TestClient, make_user: MakeUser, smtp: SmtpSink, db: Engine
) -> None:
    user = make_user("tech@usine.fr")
    with db.connect() as connection:
        before = connection.execute(
            select(users.c.password_hash).where(users.c.id == user.id)
        ).scalar_one()
    client.post("/auth/password-reset/request", json={"email": user.email})
    token = reset_code(smtp.messages[0].get_content())
    client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "nouveau-mot-2"}
    )
    with db.connect() as connection:
        after = connection.execute(
            select(users.c.password_hash).where(users.c.id == user.id)
        ).scalar_one()
    assert after != before and after.startswith("$argon2id$")
