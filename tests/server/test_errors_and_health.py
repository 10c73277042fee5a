"""Every error is JSON {code, message, field_errors}; malformed input is never a 5xx."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sync_server.config import Settings
from sync_server.main import create_app
from tests.server.conftest import MadeUser, bearer, login

pytestmark = pytest.mark.postgres


def assert_error(response: object, status: int, code: str | None = None) -> dict:
    assert hasattr(response, "status_code") and hasattr(response, "json")
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body: dict = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"code", "message", "field_errors"}, body
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize(
    ("path", "content", "field"),
    [
        ("/auth/login", b"{not json", None),
        ("/auth/login", b"", None),
        ("/auth/login", b"[]", None),
        ("/auth/login", b'{"email": "a@b.fr"}', "password"),
        ("/auth/login", b'{"email": 12, "password": [], "device_id": null}', "email"),
        ("/auth/login", b'{"email": "a@b.fr", "password": "x", "device_id": ""}', "device_id"),
        (
            "/auth/login",
            ('{"email": "a@b.fr", "password": "%s", "device_id": "x"}' % ("p" * 2000)).encode(),
            "password",
        ),
        (
            "/auth/register",
            b'{"email": "not-an-email", "full_name": "A", "password": "abc12345", '
            b'"role": "technician"}',
            "email",
        ),
        (
            "/auth/register",
            b'{"email": "a@b.fr", "full_name": "A", "password": "abc12345", "role": "boss"}',
            "role",
        ),
        ("/auth/refresh", b'{"refresh_token": ""}', "refresh_token"),
        ("/auth/password-reset/confirm", b'{"token": "abc"}', "new_password"),
        ("/auth/password-reset/request", b'"just a string"', None),
    ],
)
def test_malformed_payloads_are_422_with_field_errors(
    client: TestClient, path: str, content: bytes, field: str | None
) -> None:
    response = client.post(path, content=content, headers={"Content-Type": "application/json"})
    body = assert_error(response, 422)
    assert body["code"] in ("invalid_request", "malformed_json")
    if field is not None:
        assert field in body["field_errors"], body


def test_invalid_utf8_body(client: TestClient) -> None:
    response = client.post(
        "/auth/login",
        content=b'{"email": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 400, "malformed_body")


def test_wrong_content_type(client: TestClient) -> None:
    response = client.post(
        "/auth/login", content=b"email=a", headers={"Content-Type": "text/plain"}
    )
    assert_error(response, 422)


def test_bad_path_parameter(client: TestClient, make_user: Callable[..., MadeUser]) -> None:
    # authentication is checked first: no probing of anything without a token
    assert_error(client.post("/admin/users/not-a-uuid/approve"), 401, "not_authenticated")
    tokens = login(client, make_user("admin@usine.fr", role="admin"))
    response = client.post("/admin/users/not-a-uuid/approve", headers=bearer(tokens))
    body = assert_error(response, 422, "invalid_request")
    assert "user_id" in body["field_errors"]


def test_unknown_route_and_wrong_method_are_json(client: TestClient) -> None:
    assert_error(client.get("/nowhere"), 404, "not_found")
    assert_error(client.get("/auth/login"), 405, "method_not_allowed")


def test_health_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_and_requests_when_the_database_is_unreachable(settings: Settings) -> None:
    from tests.server.conftest import free_port

    down = settings.model_copy(
        update={
            "database_url": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere",
            "db_connect_attempts": 2,
            "db_connect_backoff_seconds": 0.01,
            "db_connect_timeout_seconds": 1,
        }
    )
    app: FastAPI = create_app(down)
    with TestClient(app) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable", "database": "unreachable"}
        login = client.post(
            "/auth/login", json={"email": "a@b.fr", "password": "abc12345", "device_id": "x"}
        )
        assert_error(login, 503, "database_unavailable")
        assert login.headers["Retry-After"]


def test_openapi_schema_builds(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app()) as client:
        schema = client.get("/openapi.json").json()
    assert {"/auth/login", "/auth/register", "/admin/users/{user_id}/approve"} <= set(
        schema["paths"]
    )
