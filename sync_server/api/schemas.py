"""Request and response bodies of the HTTP API (JSON)."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from cmms_core.rules.roles import Role
from sync_server.auth.users import UserInfo

# Long enough for any passphrase, short enough that hashing it costs nothing extra.
MAX_PASSWORD_LENGTH = 1024


class ErrorOut(BaseModel):
    """Every error answer."""

    code: str
    message: str
    field_errors: dict[str, str] = Field(default_factory=dict)


class RegisterIn(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    role: Role = Field(description="supervisor, technician or storekeeper (not admin)")
    language: Literal["fr", "en"] = "fr"
    phone: str | None = Field(default=None, max_length=40)
    device_id: str | None = Field(default=None, max_length=64)


class RegisterOut(BaseModel):
    status: Literal["pending"] = "pending"
    user_id: uuid.UUID
    message: str = "The account request is waiting for an administrator's approval."


class LoginIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    device_id: str = Field(min_length=1, max_length=64)


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    language: str
    # null: every site (administrators); else the sites the user may act on
    site_ids: list[uuid.UUID] | None

    @classmethod
    def of(cls, user: UserInfo) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            full_name=user.full_name,
            role=user.role,
            language=user.language,
            site_ids=None if user.site_ids is None else sorted(user.site_ids, key=str),
        )


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds until the access token expires")
    refresh_expires_in: int = Field(description="seconds until the refresh token expires")
    user: UserOut


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordResetRequestIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class AcceptedOut(BaseModel):
    status: Literal["accepted"] = "accepted"
    message: str


class StatusOut(BaseModel):
    status: str
    message: str = ""


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


class UserDecisionIn(BaseModel):
    role: Role | None = Field(
        default=None, description="on approval: the role to grant, if not the one requested"
    )


class AccountOut(BaseModel):
    """An account as an administrator sees it."""

    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    status: str

    @classmethod
    def of(cls, user: UserInfo) -> AccountOut:
        return cls(
            id=user.id,
            email=user.email,
            full_name=user.full_name,
            role=user.role,
            status=user.status,
        )
