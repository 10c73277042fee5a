"""Read queries of the shell and the users page: accounts, their site access, the outbox.

Small tables (a plant has tens or hundreds of accounts), read whole.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, case, func, or_, select

from cmms_core.rules.roles import Role
from cmms_core.schema.assets import sites
from cmms_core.schema.people import user_permissions, users
from cmms_desktop.store.local_schema import outbox

__all__ = [
    "ACCOUNT_STATUSES",
    "SiteOption",
    "UserRow",
    "active_admin_id",
    "count_by_status",
    "list_sites",
    "list_users",
    "pending_change_count",
    "site_grants",
    "site_names",
    "user_id_by_email",
]

# The order the users page lists them in: requests waiting for a decision first.
ACCOUNT_STATUSES: tuple[str, ...] = ("pending", "active", "disabled", "rejected")

u = users.c
g = user_permissions.c

_STATUS_RANK = case({s: i for i, s in enumerate(ACCOUNT_STATUSES)}, value=u.status, else_=9)


@dataclass(frozen=True, slots=True)
class UserRow:
    """One line of the users page."""

    id: uuid.UUID
    full_name: str
    email: str
    role: Role
    status: str
    created_at: datetime
    last_login_at: datetime | None
    site_names: tuple[str, ...]  # the sites granted (admins see every site regardless)


@dataclass(frozen=True, slots=True)
class SiteOption:
    id: uuid.UUID
    code: str
    name: str


def _site_grant_criteria() -> tuple[ColumnElement[bool], ...]:
    # A grant on a whole site (not narrowed to one equipment), still in force.
    return (
        g.deleted_at.is_(None),
        g.scope_site_id.is_not(None),
        g.scope_equipment_id.is_(None),
    )


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_users(engine: Engine, status: str | None = None, text: str = "") -> list[UserRow]:
    """Live accounts, pending first then by name; ``text`` narrows on name or e-mail."""
    query = select(
        u.id, u.full_name, u.email, u.role, u.status, u.created_at, u.last_login_at
    ).where(u.deleted_at.is_(None))
    if status is not None:
        query = query.where(u.status == status)
    for word in text.lower().split():
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            or_(
                func.lower(u.full_name).like(pattern, escape="\\"),
                func.lower(u.email).like(pattern, escape="\\"),
            )
        )
    query = query.order_by(_STATUS_RANK, func.lower(u.full_name), u.id)
    grants = (
        select(g.user_id, sites.c.name)
        .join(sites, sites.c.id == g.scope_site_id)
        .where(*_site_grant_criteria(), sites.c.deleted_at.is_(None))
        .order_by(sites.c.name)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        names: dict[uuid.UUID, list[str]] = defaultdict(list)
        for user_id, name in connection.execute(grants):
            names[user_id].append(name)
    return [
        UserRow(
            id=row.id,
            full_name=row.full_name,
            email=row.email,
            role=Role(row.role),
            status=row.status,
            created_at=row.created_at,
            last_login_at=row.last_login_at,
            site_names=tuple(names.get(row.id, ())),
        )
        for row in rows
    ]


def count_by_status(engine: Engine) -> dict[str, int]:
    query = select(u.status, func.count()).where(u.deleted_at.is_(None)).group_by(u.status)
    with engine.connect() as connection:
        return {status: int(count) for status, count in connection.execute(query)}


def list_sites(engine: Engine) -> list[SiteOption]:
    query = select(sites.c.id, sites.c.code, sites.c.name).where(sites.c.deleted_at.is_(None))
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(sites.c.code)).all()
    return [SiteOption(id=row.id, code=row.code, name=row.name) for row in rows]


def site_grants(engine: Engine, user_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
    """The user's whole-site grants in force: site id -> grant id."""
    query = select(g.scope_site_id, g.id).where(g.user_id == user_id, *_site_grant_criteria())
    with engine.connect() as connection:
        return {site_id: grant_id for site_id, grant_id in connection.execute(query)}


def site_names(engine: Engine, site_ids: Iterable[uuid.UUID]) -> list[str]:
    wanted = list(site_ids)
    if not wanted:
        return []
    query = select(sites.c.name).where(sites.c.id.in_(wanted)).order_by(sites.c.name)
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def user_id_by_email(engine: Engine, email: str) -> uuid.UUID | None:
    query = select(u.id).where(func.lower(u.email) == email.strip().lower(), u.deleted_at.is_(None))
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def active_admin_id(engine: Engine) -> uuid.UUID | None:
    """The first active administrator (by creation), if any."""
    query = (
        select(u.id)
        .where(u.role == Role.ADMIN.value, u.status == "active", u.deleted_at.is_(None))
        .order_by(u.created_at, u.id)
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def pending_change_count(engine: Engine) -> int:
    """Local changes the server has not acknowledged yet (rows of the outbox)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(outbox)).scalar_one())
