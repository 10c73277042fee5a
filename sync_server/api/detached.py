"""The caller's user, checked in a short transaction of its own.

``CurrentUser`` (api/deps.py) lives in the request's transaction, which stays
open until the route returns. A file upload or download may take minutes on
a workshop's network and a WebSocket stays open for hours: holding a pooled
connection (a PgBouncer server connection) and an open transaction that long
would starve everyone else. These routes use :data:`DetachedUser` instead: the
token is checked exactly as ``CurrentUser`` checks it (signature, expiry,
session not revoked, account active; role and sites as the database says
now), then the connection goes back to the pool before the body moves.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine, exists, select

from cmms_core.schema.assets import attachments
from sync_server.api.deps import get_current_user
from sync_server.auth.users import AuthenticatedUser
from sync_server.config import Settings

__all__ = ["DetachedUser", "authenticate_token", "references_visible_blob"]

_bearer = HTTPBearer(auto_error=False, description="the access token of POST /auth/login")


def authenticate_token(
    engine: Engine, settings: Settings, now: datetime, token: str | None
) -> AuthenticatedUser:
    """The user of ``token``, or ApiError (401, or 403 for an inactive account)."""
    credentials = (
        HTTPAuthorizationCredentials(scheme="Bearer", credentials=token) if token else None
    )
    with engine.connect() as conn, conn.begin():
        return get_current_user(conn, settings, now, credentials)


def _detached_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthenticatedUser:
    token = (
        credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
    )
    state = request.app.state
    return authenticate_token(state.engine, state.settings, state.clock(), token)


# The caller's user; no connection is held once the route starts.
DetachedUser = Annotated[AuthenticatedUser, Depends(_detached_user)]


def references_visible_blob(
    conn: Connection, site_ids: frozenset[uuid.UUID] | None, sha256: str
) -> bool:
    """Whether an attachment row the user may see (global, or of one of their
    sites; every row for an administrator) refers to this file. Tombstoned
    rows count: the replica holds them too."""
    query = attachments.c.sha256 == sha256
    if site_ids is not None:
        query = query & (attachments.c.site_id.is_(None) | attachments.c.site_id.in_(site_ids))
    return bool(conn.execute(select(exists().where(query))).scalar_one())
