"""Commands on user accounts: self-registration, the first admin, approval, roles, access."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import EmailStr, Field
from sqlalchemy import func, select

from cmms_core.mutations.base import (
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    insert_row,
    key_taken,
    require_actor,
    require_permission,
    tombstone_row,
    update_row,
)
from cmms_core.rules.permissions import Permission
from cmms_core.rules.roles import Role
from cmms_core.schema.assets import sites
from cmms_core.schema.people import user_permissions, users

UserStatus = Literal["pending", "active", "disabled", "rejected"]


class AccountFields(Payload):
    id: uuid.UUID
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    # hashed on the device: the password itself never enters a payload or the outbox
    password_hash: str = Field(min_length=20, max_length=200)
    role: Role
    language: Literal["fr", "en"] = "fr"
    phone: str | None = Field(default=None, max_length=40)


def _insert_account(ctx: MutationContext, action: str, p: AccountFields, status: str) -> None:
    email = p.email.lower()
    if key_taken(ctx.conn, users, func.lower(users.c.email) == email):
        raise MutationRejected(
            "duplicate", "this e-mail already has an account", {"email": "duplicate"}
        )
    values = {**p.model_dump(), "email": email, "role": p.role.value, "status": status}
    insert_row(ctx, action, users, {**values, "site_id": None, "skills": []})


def register(ctx: MutationContext, p: AccountFields) -> None:
    """Anyone may ask for an account; it stays pending until an admin approves it."""
    _insert_account(ctx, "user.register", p, "pending")


def create_first_admin(ctx: MutationContext, p: AccountFields) -> None:
    """First run on an empty database: the only way to get an account without one."""
    if ctx.conn.execute(select(func.count()).select_from(users)).scalar_one():
        raise MutationRejected("forbidden", "an administrator already exists")
    if p.role is not Role.ADMIN:
        raise MutationRejected(
            "invalid", "the first account is an administrator", {"role": "admin"}
        )
    _insert_account(ctx, "user.create_first_admin", p, "active")


def create_user(ctx: MutationContext, p: AccountFields) -> None:
    require_permission(ctx, Permission.USERS_MANAGE, None)
    _insert_account(ctx, "user.create", p, "active")


class UserDecision(Payload):
    id: uuid.UUID
    role: Role | None = None  # an admin may correct the requested role on approval


def approve(ctx: MutationContext, p: UserDecision) -> None:
    actor = require_permission(ctx, Permission.USERS_MANAGE, None)
    current = fetch_live_row(ctx.conn, users, p.id)
    if current["status"] != "pending":
        raise MutationRejected("invalid_state", f"the account is {current['status']}, not pending")
    changes: dict[str, object] = {
        "status": "active",
        "approved_by": actor.user_id,
        "approved_at": ctx.now,
    }
    if p.role is not None:
        changes["role"] = p.role.value
    update_row(ctx, "user.approve", users, current, changes)


def reject(ctx: MutationContext, p: UserDecision) -> None:
    require_permission(ctx, Permission.USERS_MANAGE, None)
    current = fetch_live_row(ctx.conn, users, p.id)
    if current["status"] != "pending":
        raise MutationRejected("invalid_state", f"the account is {current['status']}, not pending")
    update_row(ctx, "user.reject", users, current, {"status": "rejected"})


class UserChange(Payload):
    id: uuid.UUID
    role: Role | None = None
    status: Literal["active", "disabled"] | None = None
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    language: Literal["fr", "en"] | None = None
    phone: str | None = Field(default=None, max_length=40)


def change(ctx: MutationContext, p: UserChange) -> None:
    actor = require_permission(ctx, Permission.USERS_MANAGE, None)
    current = fetch_live_row(ctx.conn, users, p.id)
    changes = {k: v for k, v in p.model_dump(exclude={"id"}).items() if v is not None}
    if p.role is not None:
        changes["role"] = p.role.value
    demoting_self = p.id == actor.user_id and (
        changes.get("role", Role.ADMIN.value) != Role.ADMIN.value
        or changes.get("status") == "disabled"
    )
    if demoting_self:
        raise MutationRejected("invalid", "an administrator cannot lock themselves out")
    update_row(ctx, "user.change", users, current, changes, merge_fields=True)


class PasswordSet(Payload):
    id: uuid.UUID
    # hashed on the device (or by the server's reset): never the password itself
    password_hash: str = Field(min_length=20, max_length=200)


def set_password(ctx: MutationContext, p: PasswordSet) -> None:
    """A new password: the user's own, or anyone's for who manages users.

    The audit entry says that the password changed, never the hashes.
    """
    actor = require_actor(ctx)
    if actor.user_id != p.id:
        require_permission(ctx, Permission.USERS_MANAGE, None)
    current = fetch_live_row(ctx.conn, users, p.id)
    update_row(
        ctx,
        "user.set_password",
        users,
        current,
        {"password_hash": p.password_hash},
        merge_fields=True,
    )


class SiteGrant(Payload):
    id: uuid.UUID
    user_id: uuid.UUID
    scope_site_id: uuid.UUID
    scope_equipment_id: uuid.UUID | None = None


def grant_site(ctx: MutationContext, p: SiteGrant) -> None:
    require_permission(ctx, Permission.USERS_MANAGE, None)
    fetch_live_row(ctx.conn, users, p.user_id)
    fetch_live_row(ctx.conn, sites, p.scope_site_id)
    insert_row(ctx, "user.grant_site", user_permissions, {**p.model_dump(), "site_id": None})


class SiteRevoke(Payload):
    id: uuid.UUID  # the grant


def revoke_site(ctx: MutationContext, p: SiteRevoke) -> None:
    require_permission(ctx, Permission.USERS_MANAGE, None)
    current = fetch_live_row(ctx.conn, user_permissions, p.id)
    tombstone_row(ctx, "user.revoke_site", user_permissions, current)


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("user.register", AccountFields, register),
    MutationSpec("user.create_first_admin", AccountFields, create_first_admin),
    MutationSpec("user.create", AccountFields, create_user),
    MutationSpec("user.approve", UserDecision, approve),
    MutationSpec("user.reject", UserDecision, reject),
    MutationSpec("user.change", UserChange, change),
    MutationSpec("user.set_password", PasswordSet, set_password),
    MutationSpec("user.grant_site", SiteGrant, grant_site),
    MutationSpec("user.revoke_site", SiteRevoke, revoke_site),
]
