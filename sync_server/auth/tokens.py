"""Access tokens (short JWTs) and rotating refresh tokens (opaque, stored hashed).

Decisions:

- The access token is an HS256 JWT carrying only who (``sub``: the user id)
  and which login session (``sid``), plus ``iat``/``exp``/``jti``/``typ``.
  No role and no sites: the server reads the user's *current* role, status and
  site grants from the database on every request, so a demotion, a revoked
  site or a disabled account takes effect at once rather than when a token
  expires. ``sid`` lets a logout or a theft detection end the access tokens of
  that session at once too.
- A refresh token is 32 random bytes (urlsafe base64). Only its SHA-256 is
  stored. Each use rotates it: the old one is marked ``rotated_at`` and a new
  one is issued in the same session. Presenting a rotated token again means
  two parties hold it (one of them a thief): the whole session is revoked.
  Except within a short grace period while nothing of the session was rotated
  since: that is the same client retrying after a lost answer (or the GUI and
  a scheduled headless sync of one desktop refreshing together), and it gets
  another pair; its unused successor stays valid.
- Expiry is checked against the injected clock, not the wall clock, so tests
  can move time.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import Connection, insert, select, update

from sync_server.errors import ApiError
from sync_server.tables import auth_sessions, refresh_tokens

__all__ = [
    "ALGORITHM",
    "AccessClaims",
    "IssuedTokens",
    "RefreshedSession",
    "TokenRejected",
    "check_refresh_token",
    "create_access_token",
    "decode_access_token",
    "hash_token",
    "new_secret_token",
    "open_session",
    "revoke_session",
    "revoke_user_sessions",
    "rotate_refresh_token",
    "session_of_refresh_token",
]

ALGORITHM = "HS256"
ACCESS_TYPE = "access"


def new_secret_token() -> str:
    """32 random bytes, urlsafe: for refresh tokens and password-reset tokens."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What is stored of a secret token: its SHA-256, hex (a fast hash is fine:
    the token has 256 bits of entropy, nothing to brute-force)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenRejected(Exception):
    """An access token that cannot be used: ``code`` is invalid_token or token_expired."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


def create_access_token(
    *,
    secret: str,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    now: datetime,
    lifetime: timedelta,
) -> str:
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "sid": str(session_id),
        "typ": ACCESS_TYPE,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, *, secret: str, now: datetime) -> AccessClaims:
    """The claims of a token this server signed and that has not expired at ``now``."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            # time claims are checked below against the injected clock
            options={
                "require": ["sub", "sid", "exp", "typ"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
        if claims.get("typ") != ACCESS_TYPE:
            raise TokenRejected("invalid_token", "This is not an access token.")
        user_id = uuid.UUID(str(claims["sub"]))
        session_id = uuid.UUID(str(claims["sid"]))
        expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
    except TokenRejected:
        raise
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError) as error:
        raise TokenRejected("invalid_token", "The access token is invalid.") from error
    if expires_at <= now:
        raise TokenRejected("token_expired", "The access token has expired; refresh it.")
    return AccessClaims(user_id=user_id, session_id=session_id, expires_at=expires_at)


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds of life of the access token
    refresh_expires_in: int
    session_id: uuid.UUID
    user_id: uuid.UUID


def _issue(
    conn: Connection,
    *,
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    now: datetime,
    secret: str,
    access_lifetime: timedelta,
    refresh_lifetime: timedelta,
) -> IssuedTokens:
    refresh = new_secret_token()
    conn.execute(
        insert(refresh_tokens).values(
            id=uuid.uuid4(),
            session_id=session_id,
            token_hash=hash_token(refresh),
            issued_at=now,
            expires_at=now + refresh_lifetime,
        )
    )
    access = create_access_token(
        secret=secret, user_id=user_id, session_id=session_id, now=now, lifetime=access_lifetime
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(access_lifetime.total_seconds()),
        refresh_expires_in=int(refresh_lifetime.total_seconds()),
        session_id=session_id,
        user_id=user_id,
    )


def open_session(
    conn: Connection,
    *,
    user_id: uuid.UUID,
    device_id: str | None,
    ip: str | None,
    user_agent: str | None,
    now: datetime,
    secret: str,
    access_lifetime: timedelta,
    refresh_lifetime: timedelta,
) -> IssuedTokens:
    """A new login session and its first token pair."""
    session_id = uuid.uuid4()
    conn.execute(
        insert(auth_sessions).values(
            id=session_id,
            user_id=user_id,
            device_id=device_id,
            ip=ip,
            user_agent=user_agent[:300] if user_agent else None,
            created_at=now,
            last_used_at=now,
        )
    )
    return _issue(
        conn,
        session_id=session_id,
        user_id=user_id,
        now=now,
        secret=secret,
        access_lifetime=access_lifetime,
        refresh_lifetime=refresh_lifetime,
    )


@dataclass(frozen=True)
class RefreshedSession:
    """The session a valid refresh token belongs to (the token is not rotated yet)."""

    token_id: uuid.UUID
    session_id: uuid.UUID
    user_id: uuid.UUID
    retry: bool = False  # an already rotated token within the grace period


def _invalid_refresh() -> ApiError:
    return ApiError(401, "invalid_refresh_token", "The refresh token is invalid; log in again.")


def _successor_used(conn: Connection, session_id: uuid.UUID, issued_at: datetime) -> bool:
    """Whether a token of the session issued after ``issued_at`` was rotated already."""
    later = select(refresh_tokens.c.id).where(
        refresh_tokens.c.session_id == session_id,
        refresh_tokens.c.issued_at > issued_at,
        refresh_tokens.c.rotated_at.is_not(None),
    )
    return conn.execute(later.limit(1)).first() is not None


def check_refresh_token(
    conn: Connection, token: str, *, now: datetime, reuse_grace: timedelta = timedelta(0)
) -> RefreshedSession:
    """The session of a refresh token that may be rotated now, locking the token row.

    A token presented again after its rotation revokes its whole session and
    raises (committing the revocation): someone else has it. Within
    ``reuse_grace`` of its rotation, and while no later token of the session
    was used, it is a retry instead (see the module doc): ``rotate_refresh_token``
    then issues another pair without retiring anything.
    """
    row = (
        conn.execute(
            select(
                refresh_tokens.c.id,
                refresh_tokens.c.issued_at,
                refresh_tokens.c.expires_at,
                refresh_tokens.c.rotated_at,
                auth_sessions.c.id.label("session_id"),
                auth_sessions.c.user_id,
                auth_sessions.c.revoked_at,
            )
            .join(auth_sessions, auth_sessions.c.id == refresh_tokens.c.session_id)
            .where(refresh_tokens.c.token_hash == hash_token(token))
            .with_for_update(of=refresh_tokens)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise _invalid_refresh()
    if row["revoked_at"] is not None:
        raise ApiError(401, "session_revoked", "This session has ended; log in again.")
    rotated_at = row["rotated_at"]
    is_retry = (
        rotated_at is not None
        and now - rotated_at <= reuse_grace
        and not _successor_used(conn, row["session_id"], row["issued_at"])
    )
    if rotated_at is not None and not is_retry:
        revoke_session(conn, row["session_id"], now=now, reason="reuse_detected")
        raise ApiError(
            401,
            "refresh_token_reused",
            "This refresh token was already used: the session has been closed for safety. "
            "Log in again.",
            commit=True,
        )
    if row["expires_at"] <= now:
        raise ApiError(401, "refresh_token_expired", "The session has expired; log in again.")
    return RefreshedSession(
        token_id=row["id"], session_id=row["session_id"], user_id=row["user_id"], retry=is_retry
    )


def rotate_refresh_token(
    conn: Connection,
    checked: RefreshedSession,
    *,
    now: datetime,
    secret: str,
    access_lifetime: timedelta,
    refresh_lifetime: timedelta,
) -> IssuedTokens:
    """Retire the checked token and issue the session's next pair."""
    if not checked.retry:  # a retry keeps the first rotation's time: the grace does not slide
        conn.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.id == checked.token_id)
            .values(rotated_at=now)
        )
    conn.execute(
        update(auth_sessions)
        .where(auth_sessions.c.id == checked.session_id)
        .values(last_used_at=now)
    )
    return _issue(
        conn,
        session_id=checked.session_id,
        user_id=checked.user_id,
        now=now,
        secret=secret,
        access_lifetime=access_lifetime,
        refresh_lifetime=refresh_lifetime,
    )


def session_of_refresh_token(conn: Connection, token: str) -> uuid.UUID | None:
    return conn.execute(
        select(refresh_tokens.c.session_id).where(refresh_tokens.c.token_hash == hash_token(token))
    ).scalar_one_or_none()


def revoke_session(conn: Connection, session_id: uuid.UUID, *, now: datetime, reason: str) -> None:
    conn.execute(
        update(auth_sessions)
        .where(auth_sessions.c.id == session_id, auth_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


def revoke_user_sessions(
    conn: Connection, user_id: uuid.UUID, *, now: datetime, reason: str
) -> int:
    """End every open session of a user; returns how many were open."""
    result = conn.execute(
        update(auth_sessions)
        .where(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    return result.rowcount
