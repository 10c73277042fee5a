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
from sqlalchemy import select

from sync_server.auth.mailer import Mailer
from sync_server.auth.service import inactive_account_error
from sync_server.auth.throttle import ClientInfo
from sync_server.auth.tokens import TokenRejected, decode_access_token
from sync_server.auth.users import AuthenticatedUser, load_user_info
from sync_server.config import Settings
from sync_server.db import ConnectionDep
from sync_server.errors import ApiError
from sync_server.tables import auth_sessions

__all__ = [
    "ClientDep",
    "ConnDep",
    "CurrentUser",
    "MailerDep",
    "NowDep",
    "SettingsDep",
    "get_current_user",
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


def get_current_user(
    conn: ConnDep,
    settings: SettingsDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthenticatedUser:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("not_authenticated", "Log in first: no bearer token was given.")
    try:
        claims = decode_access_token(
            credentials.credentials, secret=settings.jwt_secret.get_secret_value(), now=now
        )
    except TokenRejected as error:
        raise _unauthorized(error.code, error.message) from error
    session = (
        conn.execute(
            select(
                auth_sessions.c.user_id, auth_sessions.c.revoked_at, auth_sessions.c.device_id
            ).where(auth_sessions.c.id == claims.session_id)
        )
        .mappings()
        .first()
    )
    if session is None or session["user_id"] != claims.user_id:
        raise _unauthorized("invalid_token", "The access token is invalid.")
    if session["revoked_at"] is not None:
        raise _unauthorized("session_revoked", "This session has ended; log in again.")
    user = load_user_info(conn, claims.user_id)
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
        device_id=session["device_id"],
    )


CurrentUser = Annotated[AuthenticatedUser, Depends(get_current_user)]
