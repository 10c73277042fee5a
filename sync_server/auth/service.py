"""The authentication use cases: register, log in, refresh, log out, reset a password.

Services execute on the request's connection and never commit: the request
boundary does (``db.transaction``). An :class:`ApiError` raised with
``commit=True`` keeps what was written before it (the failed login recorded,
the reused token's session revoked).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from cmms_core.rules.roles import Role
from cmms_core.schema.people import users
from sync_server.auth import tokens
from sync_server.auth.mailer import Mailer
from sync_server.auth.passwords import (
    hash_password,
    password_problem,
    password_problem_message,
    verify_password,
    verify_password_for_unknown_user,
)
from sync_server.auth.throttle import ClientInfo, record_attempt, retry_after_seconds
from sync_server.auth.users import UserInfo, find_user_by_email, load_user_info
from sync_server.config import Settings
from sync_server.errors import ApiError
from sync_server.sync.server_mutation import SERVER_DEVICE_ID, run_server_mutation
from sync_server.tables import password_resets

__all__ = [
    "LoginResult",
    "ResetMail",
    "confirm_password_reset",
    "inactive_account_error",
    "login",
    "logout",
    "refresh",
    "register",
    "request_password_reset",
    "send_reset_mail",
]

log = logging.getLogger(__name__)

_INACTIVE = {
    "pending": "This account is waiting for an administrator's approval.",
    "disabled": "This account has been disabled; ask an administrator.",
    "rejected": "This account request was rejected; ask an administrator.",
}


def inactive_account_error(status: str, *, commit: bool = False) -> ApiError:
    """403 for an account that may not be used: pending, disabled or rejected."""
    return ApiError(
        403,
        f"account_{status}",
        _INACTIVE.get(status, f"This account is {status}."),
        commit=commit,
    )


def _check_new_password(password: str, field: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise ApiError(
            422, "weak_password", password_problem_message(problem), field_errors={field: problem}
        )


# --- registration -------------------------------------------------------------


def register(
    conn: Connection,
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role,
    language: str,
    phone: str | None,
    device_id: str | None,
    now: datetime,
) -> uuid.UUID:
    """Ask for an account (the ``user.register`` mutation); it stays pending."""
    if role is Role.ADMIN:
        raise ApiError(
            422,
            "invalid",
            "An administrator account cannot be requested; an administrator creates it.",
            field_errors={"role": "admin_not_allowed"},
        )
    _check_new_password(password, "password")
    user_id = uuid.uuid4()
    payload: dict[str, Any] = {
        "id": user_id,
        "email": email,
        "full_name": full_name,
        "password_hash": hash_password(password),
        "role": role.value,
        "language": language,
        "phone": phone,
    }
    run_server_mutation(
        conn, None, "user.register", payload, now=now, device_id=device_id or SERVER_DEVICE_ID
    )
    return user_id


# --- login, refresh, logout ---------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    tokens: tokens.IssuedTokens
    user: UserInfo


def _lifetimes(settings: Settings) -> dict[str, Any]:
    return {
        "secret": settings.jwt_secret.get_secret_value(),
        "access_lifetime": timedelta(minutes=settings.access_token_minutes),
        "refresh_lifetime": timedelta(days=settings.refresh_token_days),
    }


def login(
    conn: Connection,
    *,
    email: str,
    password: str,
    device_id: str | None,
    client: ClientInfo,
    settings: Settings,
    now: datetime,
) -> LoginResult:
    email_key = email.strip().lower()

    def refuse(status: int, code: str, message: str, user_id: uuid.UUID | None) -> ApiError:
        record_attempt(
            conn,
            email=email_key,
            user_id=user_id,
            success=False,
            reason=code,
            now=now,
            client=client,
            device_id=device_id,
        )
        return ApiError(status, code, message, commit=True)

    wait = retry_after_seconds(
        conn,
        email=email_key,
        now=now,
        max_failures=settings.max_failed_logins,
        window=timedelta(seconds=settings.failed_login_window_seconds),
    )
    if wait:
        error = refuse(
            429,
            "throttled",
            f"Too many failed logins for this account; try again in {wait} seconds.",
            None,
        )
        error.headers["Retry-After"] = str(wait)
        raise error

    row = find_user_by_email(conn, email_key)
    if row is None:
        verify_password_for_unknown_user(password)
    if row is None or not verify_password(row["password_hash"], password):
        # one answer for an unknown e-mail and a wrong password: no account probing
        raise refuse(
            401,
            "invalid_credentials",
            "Wrong e-mail or password.",
            None if row is None else row["id"],
        )
    if row["status"] != "active":
        record_attempt(
            conn,
            email=email_key,
            user_id=row["id"],
            success=False,
            reason=f"account_{row['status']}",
            now=now,
            client=client,
            device_id=device_id,
        )
        raise inactive_account_error(row["status"], commit=True)

    record_attempt(
        conn,
        email=email_key,
        user_id=row["id"],
        success=True,
        reason="ok",
        now=now,
        client=client,
        device_id=device_id,
    )
    # a server-side fact, not a user edit: no new sync version
    conn.execute(update(users).where(users.c.id == row["id"]).values(last_login_at=now))
    issued = tokens.open_session(
        conn,
        user_id=row["id"],
        device_id=device_id,
        ip=client.ip,
        user_agent=client.user_agent,
        now=now,
        **_lifetimes(settings),
    )
    user = load_user_info(conn, row["id"])
    assert user is not None
    return LoginResult(tokens=issued, user=user)


def refresh(
    conn: Connection, *, refresh_token: str, settings: Settings, now: datetime
) -> LoginResult:
    checked = tokens.check_refresh_token(
        conn,
        refresh_token,
        now=now,
        reuse_grace=timedelta(seconds=settings.refresh_reuse_grace_seconds),
    )
    user = load_user_info(conn, checked.user_id)
    if user is None or user.status != "active":
        tokens.revoke_session(conn, checked.session_id, now=now, reason="account_inactive")
        if user is None:
            raise ApiError(
                401, "invalid_refresh_token", "This account no longer exists.", commit=True
            )
        raise inactive_account_error(user.status, commit=True)
    issued = tokens.rotate_refresh_token(conn, checked, now=now, **_lifetimes(settings))
    return LoginResult(tokens=issued, user=user)


def logout(conn: Connection, *, refresh_token: str, now: datetime) -> None:
    """End the session of this refresh token; an unknown token is not an error."""
    session_id = tokens.session_of_refresh_token(conn, refresh_token)
    if session_id is not None:
        tokens.revoke_session(conn, session_id, now=now, reason="logout")


# --- password reset -----------------------------------------------------------


@dataclass(frozen=True)
class ResetMail:
    to: str
    full_name: str
    language: str
    token: str
    valid_minutes: int


def request_password_reset(
    conn: Connection, *, email: str, ip: str | None, settings: Settings, now: datetime
) -> ResetMail | None:
    """A reset token for an active account, or None (unknown e-mail, inactive
    account, too many requests): the caller answers 202 either way."""
    row = find_user_by_email(conn, email)
    if row is None or row["status"] != "active":
        return None
    recent = conn.execute(
        select(func.count())
        .select_from(password_resets)
        .where(
            password_resets.c.user_id == row["id"],
            password_resets.c.created_at > now - timedelta(hours=1),
        )
    ).scalar_one()
    if recent >= settings.password_reset_max_per_hour:
        log.warning("password reset requests for user %s are over the hourly limit", row["id"])
        return None
    token = tokens.new_secret_token()
    conn.execute(
        insert(password_resets).values(
            id=uuid.uuid4(),
            user_id=row["id"],
            token_hash=tokens.hash_token(token),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.password_reset_minutes),
            ip=ip[:45] if ip else None,
        )
    )
    return ResetMail(
        to=row["email"],
        full_name=row["full_name"],
        language=row["language"],
        token=token,
        valid_minutes=settings.password_reset_minutes,
    )


_RESET_SUBJECT = {
    "fr": "GMAO : réinitialisation de votre mot de passe",
    "en": "CMMS: reset your password",
}

_RESET_BODY = {
    "fr": (
        "Bonjour {name},\n\n"
        "Une réinitialisation du mot de passe de votre compte GMAO a été demandée.\n"
        "Dans l'application, choisissez « Mot de passe oublié », puis saisissez ce code :\n\n"
        "{token}\n\n"
        "Ce code est valable {minutes} minutes et ne sert qu'une fois.\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : "
        "votre mot de passe reste inchangé.\n\n"
        "Serveur : {public_url}\n"
    ),
    "en": (
        "Hello {name},\n\n"
        "Someone asked to reset the password of your CMMS account.\n"
        'In the application, choose "Forgot password", then enter this code:\n\n'
        "{token}\n\n"
        "The code is valid for {minutes} minutes and works once.\n"
        "If you did not ask for this, ignore this message: your password stays as it is.\n\n"
        "Server: {public_url}\n"
    ),
}


def send_reset_mail(mailer: Mailer, mail: ResetMail, public_url: str) -> None:
    """Send the reset code; failures are logged, never shown to the requester."""
    language = mail.language if mail.language in _RESET_BODY else "fr"
    body = _RESET_BODY[language].format(
        name=mail.full_name, token=mail.token, minutes=mail.valid_minutes, public_url=public_url
    )
    try:
        mailer.send(mail.to, _RESET_SUBJECT[language], body)
    except Exception:
        log.exception("could not send the password-reset e-mail")


def confirm_password_reset(
    conn: Connection, *, token: str, new_password: str, now: datetime
) -> uuid.UUID:
    """Set the new password, spend the token, end every session of the user."""
    _check_new_password(new_password, "new_password")
    row = (
        conn.execute(
            select(password_resets)
            .where(password_resets.c.token_hash == tokens.hash_token(token))
            .with_for_update()
        )
        .mappings()
        .first()
    )
    invalid = ApiError(400, "invalid_reset_token", "This reset code is invalid; ask for a new one.")
    if row is None:
        raise invalid
    if row["used_at"] is not None:
        raise ApiError(400, "reset_token_used", "This reset code was already used.")
    if row["expires_at"] <= now:
        raise ApiError(
            400, "reset_token_expired", "This reset code has expired; ask for a new one."
        )
    user = load_user_info(conn, row["user_id"])
    if user is None or user.status != "active":
        raise invalid
    user_id = user.id
    # Through the user.set_password command: the row gets a new version, so every
    # replica pulls the new hash and stops accepting the old password offline;
    # the audit trail says that the password changed, never the hashes.
    run_server_mutation(
        conn,
        user.actor,
        "user.set_password",
        {"id": user_id, "password_hash": hash_password(new_password)},
        now=now,
    )
    # this code and any other outstanding one of the user are spent
    conn.execute(
        update(password_resets)
        .where(password_resets.c.user_id == user_id, password_resets.c.used_at.is_(None))
        .values(used_at=now)
    )
    tokens.revoke_user_sessions(conn, user_id, now=now, reason="password_reset")
    return user_id
