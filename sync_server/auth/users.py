"""Who a user is *now*: account, role and site access, read from the database.

The server never trusts a role or a site list from a token or a request: it
reads them here on each request (ARCHITECTURE.md: "the server decides scope
from the token", i.e. from the token's owner, as the database knows them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, func, select

from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.people import user_permissions, users

__all__ = ["AuthenticatedUser", "UserInfo", "find_user_by_email", "load_user_info", "site_ids_of"]


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
