"""Who a user is *now*: account, role and site access, read from the database.

The server never trusts a role or a site list from a token or a request: it
reads them here on each request (ARCHITECTURE.md: "the server decides scope
from the token", i.e. from the token's owner, as the database knows them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, Select, and_, bindparam, func, select

from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.people import user_permissions, users
from sync_server.tables import auth_sessions

__all__ = [
    "AuthenticatedUser",
    "SessionUser",
    "UserInfo",
    "find_user_by_email",
    "load_session_user",
    "load_user_info",
    "session_user_of",
    "site_ids_of",
]


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    status: str
    language: str
    site_ids: frozenset[uuid.UUID] | None  # None: every site (administrators)

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.id, role=self.role, site_ids=self.site_ids)


@dataclass(frozen=True)
class AuthenticatedUser(UserInfo):
    """The user behind a valid access token, and the login session it belongs to."""

    session_id: uuid.UUID
    device_id: str | None


def site_ids_of(conn: Connection, user_id: uuid.UUID, role: Role) -> frozenset[uuid.UUID] | None:
    """The sites a user may act on: every site for an admin, else their live grants.

    The same rule as the replica's offline login (cmms_desktop.store.auth).
    """
    if role is Role.ADMIN:
        return None
    grants = conn.execute(
        select(user_permissions.c.scope_site_id).where(
            user_permissions.c.user_id == user_id,
            user_permissions.c.deleted_at.is_(None),
            user_permissions.c.scope_site_id.is_not(None),
        )
    ).scalars()
    return frozenset(grants)


def _info(conn: Connection, row: RowMapping) -> UserInfo:
    role = Role(row["role"])
    return UserInfo(
        id=row["id"],
        email=row["email"],
        full_name=row["full_name"],
        role=role,
        status=row["status"],
        language=row["language"],
        site_ids=site_ids_of(conn, row["id"], role),
    )


def load_user_info(conn: Connection, user_id: uuid.UUID) -> UserInfo | None:
    """The live (not tombstoned) user, or None."""
    row = (
        conn.execute(select(users).where(users.c.id == user_id, users.c.deleted_at.is_(None)))
        .mappings()
        .first()
    )
    return None if row is None else _info(conn, row)


@dataclass(frozen=True)
class SessionUser:
    """A login session and its user as the database knows them now."""

    user_id: uuid.UUID  # the session's
    revoked_at: datetime | None
    device_id: str | None
    user: UserInfo | None  # None: no live account with that id


def _session_user_query() -> Select[Any]:
    s, u, g = auth_sessions.c, users.c, user_permissions.c
    grants = (
        select(func.array_agg(g.scope_site_id))
        .where(g.user_id == u.id, g.deleted_at.is_(None), g.scope_site_id.is_not(None))
        .scalar_subquery()
    )
    return (
        select(
            s.user_id.label("session_user_id"),
            s.revoked_at,
            s.device_id,
            u.id,
            u.email,
            u.full_name,
            u.role,
            u.status,
            u.language,
            grants.label("grants"),
        )
        .select_from(
            auth_sessions.outerjoin(users, and_(u.id == s.user_id, u.deleted_at.is_(None)))
        )
        .where(s.id == bindparam("session_id"))
    )


# built once: its compiled form is cached, and the request path only binds the id
_SESSION_USER = _session_user_query()


def load_session_user(conn: Connection, session_id: uuid.UUID) -> SessionUser | None:
    """The session, its live user and the user's sites, in one statement (every
    request checks them: see api.deps.get_current_user); None: no such session."""
    row = conn.execute(_SESSION_USER, {"session_id": session_id}).mappings().first()
    return None if row is None else session_user_of(row)


# The same, as SQL text to put in another statement (sync.pull.begin_pull_as):
# the columns (with the session's user id as session_user_id), then the joins
# after a FROM item, the session id as %(session_id)s.
SESSION_USER_COLUMNS = (
    "s.user_id AS session_user_id, s.revoked_at, s.device_id, u.id, u.email, u.full_name, "
    "u.role, u.status, u.language, (SELECT array_agg(g.scope_site_id) FROM user_permissions g "
    "WHERE g.user_id = u.id AND g.deleted_at IS NULL AND g.scope_site_id IS NOT NULL) AS grants"
)
SESSION_USER_JOINS = (
    "LEFT JOIN auth_sessions s ON s.id = %(session_id)s "
    "LEFT JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL"
)


def session_user_of(row: RowMapping) -> SessionUser | None:
    """The SessionUser of a row with the columns of SESSION_USER_COLUMNS (None: the
    session does not exist)."""
    if row["session_user_id"] is None:
        return None
    user: UserInfo | None = None
    if row["id"] is not None:
        role = Role(row["role"])
        user = UserInfo(
            id=row["id"],
            email=row["email"],
            full_name=row["full_name"],
            role=role,
            status=row["status"],
            language=row["language"],
            # the same rule as site_ids_of
            site_ids=None if role is Role.ADMIN else frozenset(row["grants"] or ()),
        )
    return SessionUser(
        user_id=row["session_user_id"],
        revoked_at=row["revoked_at"],
        device_id=row["device_id"],
        user=user,
    )


def find_user_by_email(conn: Connection, email: str) -> RowMapping | None:
    """The live user row with this e-mail (case-insensitive), or None."""
    return (
        conn.execute(
            select(users).where(
                func.lower(users.c.email) == email.strip().lower(), users.c.deleted_at.is_(None)
            )
        )
        .mappings()
        .first()
    )
