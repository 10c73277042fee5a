"""Tables only the server has: login sessions and their refresh tokens, login
attempts, password resets; the sync's decided mutations and its version sequence.

They live on their own ``server_metadata`` so that a replica, which builds its
schema from ``cmms_core.schema.metadata``, never gets them. Their foreign keys
point at the shared ``users`` table through the column object (a string
reference cannot cross two MetaData).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    MetaData,
    Sequence,
    String,
    Table,
    Text,
    Uuid,
)

from cmms_core.schema import metadata as core_metadata
from cmms_core.schema.base import new_id
from cmms_core.schema.people import users
from cmms_core.schema.types import UTCDateTime

__all__ = [
    "applied_mutations",
    "auth_sessions",
    "login_attempts",
    "password_resets",
    "refresh_tokens",
    "server_metadata",
    "sync_version",
]

server_metadata = MetaData(naming_convention=core_metadata.naming_convention)

# One login on one device: the family of its rotating refresh tokens. Revoking
# the family (logout, token reuse, password reset) ends every token of it,
# access tokens included (they carry the family id, checked on each request).
auth_sessions = Table(
    "auth_sessions",
    server_metadata,
    Column("id", Uuid, primary_key=True, default=new_id),
    Column("user_id", Uuid, ForeignKey(users.c.id), nullable=False),
    Column("device_id", String(64)),
    Column("ip", String(45)),
    Column("user_agent", String(300)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    # logout, reuse_detected, password_reset, account_inactive
    Column("revoked_reason", String(30)),
)
Index("ix_auth_sessions_user_id", auth_sessions.c.user_id)

# Only the SHA-256 of a refresh token is stored: a database leak gives no token.
refresh_tokens = Table(
    "refresh_tokens",
    server_metadata,
    Column("id", Uuid, primary_key=True, default=new_id),
    Column("session_id", Uuid, ForeignKey(auth_sessions.c.id), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    # set when the token is exchanged for a new one; presenting it again after
    # that is a theft signal and revokes the whole session
    Column("rotated_at", UTCDateTime),
)
Index("ix_refresh_tokens_session_id", refresh_tokens.c.session_id)

# Every login attempt, good or bad: the login history and the throttle's memory
# (shared by every server process, unlike an in-memory counter).
login_attempts = Table(
    "login_attempts",
    server_metadata,
    Column("id", Uuid, primary_key=True, default=new_id),
    Column("at", UTCDateTime, nullable=False),
    Column("email", String(254), nullable=False),  # as typed, lower-cased
    Column("user_id", Uuid, ForeignKey(users.c.id)),  # NULL: no such account
    Column("success", Boolean, nullable=False),
    # ok, invalid_credentials, account_pending, account_disabled,
    # account_rejected, throttled
    Column("reason", String(30), nullable=False),
    Column("ip", String(45)),
    Column("user_agent", String(300)),
    Column("device_id", String(64)),
)
Index("ix_login_attempts_email_at", login_attempts.c.email, login_attempts.c.at)
Index("ix_login_attempts_user_id_at", login_attempts.c.user_id, login_attempts.c.at)

password_resets = Table(
    "password_resets",
    server_metadata,
    Column("id", Uuid, primary_key=True, default=new_id),
    Column("user_id", Uuid, ForeignKey(users.c.id), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
    Column("ip", String(45)),
)
Index("ix_password_resets_user_id", password_resets.c.user_id)

# The one source of row versions (docs/sync-protocol.md): every mutation the
# server applies takes one value, under a transaction-level advisory lock, so
# versions become visible in increasing order (sync_server.sync.versions).
sync_version = Sequence("sync_version", metadata=server_metadata, start=1)

# Every mutation the server has decided, with its answer: a mutation sent
# again (lost response, retry, duplicated request) gets the stored answer and
# changes nothing. Written in the same transaction as the mutation's rows.
applied_mutations = Table(
    "applied_mutations",
    server_metadata,
    Column("id", Uuid, primary_key=True),  # the client's mutation id
    Column("user_id", Uuid, ForeignKey(users.c.id), nullable=False),
    Column("device_id", String(64)),
    Column("name", String(60), nullable=False),
    Column("status", String(10), nullable=False),  # applied, rejected
    Column("code", String(40)),
    Column("message", Text),
    Column("field_errors", JSON),
    Column("version", BigInteger),  # the version its rows got (applied)
    Column("decided_at", UTCDateTime, nullable=False),
    Column("result", JSON),  # what a mutation may answer besides its status (none yet)
)
Index("ix_applied_mutations_user_id", applied_mutations.c.user_id)
# which command wrote a version: names the losing command of a sync conflict
Index("ix_applied_mutations_version", applied_mutations.c.version)
