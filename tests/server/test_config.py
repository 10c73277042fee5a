"""Settings: CMMS_* environment, URL normalisation, the production secret check."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sync_server.__main__ import main
from sync_server.config import DEFAULT_JWT_SECRET, Settings, normalize_database_url

STRONG = "s" * 32


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("CMMS_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    settings = Settings()
    assert settings.environment == "development"
    assert settings.access_token_minutes == 15
    assert settings.refresh_token_days == 30
    assert settings.jwt_secret.get_secret_value() == DEFAULT_JWT_SECRET
    assert settings.direct_database_url == settings.database_url
    assert DEFAULT_JWT_SECRET not in repr(settings)


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMMS_ENVIRONMENT", "production")
    monkeypatch.setenv("CMMS_JWT_SECRET", STRONG)
    monkeypatch.setenv("CMMS_BLOB_DIR", "/srv/cmms/blobs")
    monkeypatch.setenv(
        "CMMS_DATABASE_URL",
        "postgresql://u:p@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/cmms?sslmode=require",
    )
    monkeypatch.setenv(
        "CMMS_DIRECT_DATABASE_URL",
        "postgres://u:p@ep-cool-1234.eu-central-1.aws.neon.tech/cmms?sslmode=require",
    )
    monkeypatch.setenv("CMMS_MAX_FAILED_LOGINS", "7")
    monkeypatch.setenv("CMMS_SMTP_PASSWORD", "hunter2")
    settings = Settings()
    assert settings.database_url == (
        "postgresql+psycopg://u:p@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/cmms"
        "?sslmode=require"
    )
    assert settings.direct_database_url.startswith("postgresql+psycopg://u:p@ep-cool-1234.eu")
    assert settings.max_failed_logins == 7
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize("environment", ["production"])
@pytest.mark.parametrize("secret", [None, DEFAULT_JWT_SECRET, "too-short-secret"])
def test_production_refuses_a_default_or_short_secret(environment: str, secret: str | None) -> None:
    values = {"environment": environment}
    if secret is not None:
        values["jwt_secret"] = secret
    with pytest.raises(ValidationError, match="CMMS_JWT_SECRET must be set"):
        Settings(**values)  # type: ignore[arg-type]


def test_production_accepts_a_long_secret_and_dev_accepts_the_default() -> None:
    assert Settings(environment="production", jwt_secret=STRONG, blob_dir="/srv/blobs")  # type: ignore[arg-type]
    assert Settings(environment="test")
    assert Settings(environment="development", jwt_secret="short")  # type: ignore[arg-type]


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(environment="staging")  # type: ignore[arg-type]


def test_the_command_refuses_to_start_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CMMS_ENVIRONMENT", "production")
    assert main(["serve"]) == 2
    error = capsys.readouterr().err
    assert "invalid configuration" in error
    assert "CMMS_JWT_SECRET must be set" in error


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://h/db", "postgresql+psycopg://h/db"),
        ("postgresql://h/db?sslmode=require", "postgresql+psycopg://h/db?sslmode=require"),
        ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
        ("postgresql+psycopg2://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_normalisation(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_serve_keeps_idle_connections_longer_than_the_desktop_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn closes an idle keep-alive connection after its timeout; a client that
    keeps one longer may send a request on it as it closes (a ReadError). The
    desktop client gives up its idle connections first."""
    import uvicorn

    from cmms_desktop.sync import Credentials, SyncClient

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("CMMS_KEEP_ALIVE_SECONDS", "40")
    assert main(["serve", "--port", "8123"]) == 0
    assert seen["timeout_keep_alive"] == 40
    assert Settings().keep_alive_seconds == 40
    monkeypatch.delenv("CMMS_KEEP_ALIVE_SECONDS")
    with SyncClient("http://127.0.0.1:1", Credentials("a@b.fr", "x"), "pc") as client:
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        assert pool._keepalive_expiry < Settings().keep_alive_seconds
