"""The service's settings, read from ``CMMS_*`` environment variables.

No module-level instance: the composition root (``create_app`` or the
``cmms-server`` command) builds one ``Settings`` and passes it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "DEFAULT_BLOB_DIR",
    "DEFAULT_DATABASE_URL",
    "DEFAULT_JWT_SECRET",
    "MIN_JWT_SECRET_LENGTH",
    "Environment",
    "Settings",
    "normalize_database_url",
]

Environment = Literal["development", "test", "production"]

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/cmms"
# Good enough on a developer's machine, refused anywhere else.
DEFAULT_JWT_SECRET = "development-only-secret-change-me"
MIN_JWT_SECRET_LENGTH = 32
# Where attachment files live when CMMS_BLOB_DIR is not set (development and
# tests only; production must say where).
DEFAULT_BLOB_DIR = Path("data/blobs")


def normalize_database_url(url: str) -> str:
    """A SQLAlchemy URL on the psycopg 3 driver.

    Neon's console and most PaaS hand out ``postgres://`` or ``postgresql://``
    URLs (libpq style); SQLAlchemy would pick psycopg2 for those. Query
    parameters such as ``sslmode=require`` are kept as they are.
    """
    for prefix in (
        "postgresql+psycopg://",
        "postgresql+psycopg2://",
        "postgresql://",
        "postgres://",
    ):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    """Everything the service can be told from outside; see docs/server.md."""

    model_config = SettingsConfigDict(env_prefix="CMMS_", extra="ignore", frozen=True)

    environment: Environment = "development"

    # Neon: the pooled endpoint (``-pooler`` host, PgBouncer in transaction mode)
    # with ``?sslmode=require``. Every request goes through this one.
    database_url: str = DEFAULT_DATABASE_URL
    # The unpooled endpoint: migrations and the realtime LISTEN (both need a
    # real session). Defaults to database_url.
    direct_database_url: str = ""
    db_pool_size: int = Field(default=5, ge=1)
    db_max_overflow: int = Field(default=5, ge=0)
    # Neon closes idle connections when a compute suspends: recycle before that.
    db_pool_recycle_seconds: int = Field(default=300, ge=1)
    db_connect_timeout_seconds: int = Field(default=10, ge=1)
    # A suspended Neon compute takes a few seconds to wake up: retry connecting.
    db_connect_attempts: int = Field(default=5, ge=1)
    db_connect_backoff_seconds: float = Field(default=0.5, ge=0)

    jwt_secret: SecretStr = SecretStr(DEFAULT_JWT_SECRET)
    access_token_minutes: int = Field(default=15, ge=1)
    refresh_token_days: int = Field(default=30, ge=1)
    # A rotated refresh token presented again within this many seconds, while its
    # successor is still unused, is a retry after a lost answer (or two processes
    # of one desktop refreshing at once), not a theft: it gets a new pair.
    refresh_reuse_grace_seconds: int = Field(default=30, ge=0)
    password_reset_minutes: int = Field(default=60, ge=1)
    # At most this many reset e-mails per account per hour (the rest are dropped
    # silently: the request always answers 202).
    password_reset_max_per_hour: int = Field(default=5, ge=1)

    # Login throttling: this many failed logins for one e-mail within the window
    # and further attempts answer 429 until the oldest of them leaves it.
    max_failed_logins: int = Field(default=5, ge=1)
    failed_login_window_seconds: int = Field(default=900, ge=1)

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "GMAO <no-reply@localhost>"
    smtp_starttls: bool = True
    smtp_ssl: bool = False  # implicit TLS (port 465) instead of STARTTLS
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)

    # The address people use to reach this service; printed in e-mails.
    public_url: str = "http://127.0.0.1:8000"

    # Attachment files, stored by their SHA-256 (docs/sync-protocol.md, "Attachments").
    # Required in production; ./data/blobs otherwise. Created on the first upload.
    blob_dir: Path | None = None
    # A larger upload is refused with 413 while it streams in.
    max_blob_bytes: int = Field(default=200 * 1024 * 1024, ge=1)

    # Realtime (GET /sync/ws): how long a socket may take to send its token, how
    # often the server says it is alive, how often it re-reads the user's session
    # and sites, and how often the LISTEN connection is checked while sockets are open.
    ws_auth_timeout_seconds: float = Field(default=10.0, gt=0)
    ws_heartbeat_seconds: float = Field(default=25.0, gt=0)
    ws_recheck_seconds: float = Field(default=60.0, gt=0)
    listen_keepalive_seconds: float = Field(default=60.0, gt=0)

    # How long the HTTP server keeps an idle keep-alive connection open. Longer than
    # the desktop client keeps its own (cmms_desktop.sync.client: 15 s), so that the
    # client always gives up an idle connection first: a request sent on a
    # connection the server is closing at that moment would fail.
    keep_alive_seconds: int = Field(default=30, ge=1)

    @field_validator("database_url", "direct_database_url")
    @classmethod
    def _psycopg_driver(cls, value: str) -> str:
        return normalize_database_url(value.strip())

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if not self.direct_database_url:
            # frozen model: set through object.__setattr__ during validation
            object.__setattr__(self, "direct_database_url", self.database_url)
        if self.environment not in ("development", "test"):
            problems: list[str] = []
            secret = self.jwt_secret.get_secret_value()
            if secret == DEFAULT_JWT_SECRET or len(secret) < MIN_JWT_SECRET_LENGTH:
                problems.append(
                    f"CMMS_JWT_SECRET must be set to a random secret of at least "
                    f"{MIN_JWT_SECRET_LENGTH} characters when CMMS_ENVIRONMENT is "
                    f"{self.environment!r} (the built-in development secret is refused). "
                    "Generate one with: "
                    'python -c "import secrets; print(secrets.token_urlsafe(48))"'
                )
            if self.blob_dir is None:
                problems.append(
                    f"CMMS_BLOB_DIR must be set when CMMS_ENVIRONMENT is {self.environment!r}: "
                    "the directory (on a persistent, backed-up disk) where attachment "
                    "files are stored."
                )
            if problems:
                raise ValueError(" ".join(problems))
        return self

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def blob_root(self) -> Path:
        """Where the attachment files are: CMMS_BLOB_DIR, else ./data/blobs (not production)."""
        return self.blob_dir if self.blob_dir is not None else DEFAULT_BLOB_DIR
