"""Annotated dependencies of the routes (full-stack-fastapi-template style).

- ``ConnDep``: the request's connection inside its one transaction, committed
  before the response leaves (``scope="function"``), rolled back on error.
- ``SettingsDep``, ``MailerDep``: what the app factory built.
- ``NowDep``: the injected clock, read once per request.
- ``ClientDep``: the caller's address and user agent, for the login history.
- ``CurrentUser``: the user of the bearer token, as the database knows them now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sync_server.auth.mailer import Mailer
from sync_server.auth.service import inactive_account_error
from sync_server.auth.throttle import ClientInfo
from sync_server.auth.tokens import AccessClaims, TokenRejected, decode_access_token
from sync_server.auth.users import AuthenticatedUser, SessionUser, load_session_user
from sync_server.config import Settings
from sync_server.db import ConnectionDep
from sync_server.errors import ApiError

__all__ = [
    "ClientDep",
    "ConnDep",
    "CurrentUser",
    "MailerDep",
    "NowDep",
    "SettingsDep",
    "get_current_user",
    "session_user",
    "verify_token",
]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


def get_now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


def get_client(request: Request) -> ClientInfo:
    return ClientInfo(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


ConnDep = ConnectionDep
SettingsDep = Annotated[Settings, Depends(get_settings)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]
NowDep = Annotated[datetime, Depends(get_now)]
ClientDep = Annotated[ClientInfo, Depends(get_client)]

_bearer = HTTPBearer(auto_error=False, description="the access token of POST /auth/login")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers=_CHALLENGE)


class _VerifiedTokens:
    """The claims of access tokens whose signature was already checked, by token.

    A client sends the same access token with every request for its whole life
    (15 minutes): its signature and claims are decoded once per process. Only
    what the token says is kept; expiry is checked again on every request
    against the clock, and everything the database knows (session, account,
    sites) is read on every request. Keyed by the secret too (tests build apps
    with different secrets in one process). Bounded: when full, the oldest half
    is dropped.
    """

    def __init__(self, size: int = 8192) -> None:
        self._size = size
        self._claims: dict[tuple[str, str], AccessClaims] = {}

    def decode(self, token: str, secret: str, now: datetime) -> AccessClaims:
        key = (secret, token)
        claims = self._claims.get(key)
        if claims is None:
            claims = decode_access_token(token, secret=secret, now=now)
            if len(self._claims) >= self._size:
                for old in list(self._claims)[: self._size // 2]:
                    self._claims.pop(old, None)
            self._claims[key] = claims
        elif claims.expires_at <= now:  # decode_access_token's own rule
            raise TokenRejected("token_expired", "The access token has expired; refresh it.")
        return claims


_verified = _VerifiedTokens()


def verify_token(
    settings: Settings, now: datetime, credentials: HTTPAuthorizationCredentials | None
) -> AccessClaims:
    """The claims of the bearer token (401 without one, or for a bad or expired one)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("not_authenticated", "Log in first: no bearer token was given.")
    try:
        return _verified.decode(
            credentials.credentials, settings.jwt_secret.get_secret_value(), now
        )
    except TokenRejected as error:
        raise _unauthorized(error.code, error.message) from error


def session_user(claims: AccessClaims, session: SessionUser | None) -> AuthenticatedUser:
    """The token's user, if its session and account allow it now (else 401/403)."""
    if session is None or session.user_id != claims.user_id:
        raise _unauthorized("invalid_token", "The access token is invalid.")
    if session.revoked_at is not None:
        raise _unauthorized("session_revoked", "This session has ended; log in again.")
    user = session.user
    if user is None:
        raise _unauthorized("invalid_token", "This account no longer exists.")
    if user.status != "active":
        raise inactive_account_error(user.status)
    return AuthenticatedUser(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        status=user.status,
        language=user.language,
        site_ids=user.site_ids,
        session_id=claims.session_id,
        device_id=session.device_id,
    )


def get_current_user(
    conn: ConnDep,
    settings: SettingsDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthenticatedUser:
    claims = verify_token(settings, now, credentials)
    # the session, the account and its sites in one statement
    return session_user(claims, load_session_user(conn, claims.session_id))


CurrentUser = Annotated[AuthenticatedUser, Depends(get_current_user)]
