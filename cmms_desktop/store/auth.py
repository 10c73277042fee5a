"""Offline login against the replica: argon2 hashes, account status, site access."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, update

from cmms_core.passwords import verify_password
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.people import sessions, user_permissions, users
from cmms_core.schema.types import utcnow

SESSION_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class UserSession:
    """Who is using the app right now, and where they may act."""

    session_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    full_name: str
    role: Role
    language: str
    site_ids: frozenset[uuid.UUID] | None  # None: every site (administrators)

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, role=self.role, site_ids=self.site_ids)


def local_actor(connection: Connection, user_id: uuid.UUID | None) -> Actor | None:
    """A user's role and site scope as this replica knows them now (None if unknown)."""
    if user_id is None:
        return None
    row = connection.execute(select(users.c.role).where(users.c.id == user_id)).first()
    if row is None:
        return None
    role = Role(row.role)
    site_ids: frozenset[uuid.UUID] | None = None
    if role is not Role.ADMIN:
        grants = connection.execute(
            select(user_permissions.c.scope_site_id).where(
                user_permissions.c.user_id == user_id,
                user_permissions.c.deleted_at.is_(None),
                user_permissions.c.scope_site_id.is_not(None),
            )
        ).scalars()
        site_ids = frozenset(grants)
    return Actor(user_id=user_id, role=role, site_ids=site_ids)


class LoginRefused(Exception):
    """Why a login failed: 'invalid_credentials', 'pending', 'rejected' or 'disabled'."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class OfflineAuth:
    def __init__(
        self, engine: Engine, device_id: str, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._engine = engine
        self._device_id = device_id
        self._clock = clock

    def has_users(self) -> bool:
        with self._engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(users)).scalar_one()
        return bool(count)

    def login(self, email: str, password: str) -> UserSession:
        with self._engine.connect() as connection:
            row = (
                connection.execute(
                    select(users).where(
                        func.lower(users.c.email) == email.strip().lower(),
                        users.c.deleted_at.is_(None),
                    )
                )
                .mappings()
                .first()
            )
        # Same answer for an unknown e-mail and a wrong password: no account probing.
        if row is None or not verify_password(row["password_hash"], password):
            raise LoginRefused("invalid_credentials")
        if row["status"] != "active":
            raise LoginRefused(row["status"])
        return self._open_session(row["id"])

    def _open_session(self, user_id: uuid.UUID) -> UserSession:
        now = self._clock()
        session_id = uuid.uuid4()
        with self._engine.begin() as connection:
            connection.execute(
                insert(sessions).values(
                    id=session_id,
                    user_id=user_id,
                    created_at=now,
                    expires_at=now + SESSION_LENGTH,
                    device_id=self._device_id,
                )
            )
            # A local fact only: last_login_at is not a user edit to sync.
            connection.execute(update(users).where(users.c.id == user_id).values(last_login_at=now))
        return self.session_for(session_id, user_id)

    def session_for(self, session_id: uuid.UUID, user_id: uuid.UUID) -> UserSession:
        with self._engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.id == user_id)).mappings().one()
            actor = local_actor(connection, user_id)
        assert actor is not None
        role, site_ids = actor.role, actor.site_ids
        return UserSession(
            session_id=session_id,
            user_id=user_id,
            email=row["email"],
            full_name=row["full_name"],
            role=role,
            language=row["language"],
            site_ids=site_ids,
        )

    def logout(self, session: UserSession) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                update(sessions)
                .where(sessions.c.id == session.session_id)
                .values(revoked_at=self._clock())
            )
