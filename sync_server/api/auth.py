"""/auth routes: register, login, refresh, logout, password reset, me."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Response, status

from sync_server.api.deps import ClientDep, ConnDep, CurrentUser, MailerDep, NowDep, SettingsDep
from sync_server.api.schemas import (
    AcceptedOut,
    ErrorOut,
    LoginIn,
    PasswordResetConfirmIn,
    PasswordResetRequestIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    StatusOut,
    TokenOut,
    UserOut,
)
from sync_server.auth import service

router = APIRouter(prefix="/auth", tags=["auth"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 409, 422, 429)
}


def _token_out(result: service.LoginResult) -> TokenOut:
    return TokenOut(
        access_token=result.tokens.access_token,
        refresh_token=result.tokens.refresh_token,
        expires_in=result.tokens.expires_in,
        refresh_expires_in=result.tokens.refresh_expires_in,
        user=UserOut.of(result.user),
    )


@router.post(
    "/register",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RegisterOut,
    responses=_ERRORS,
)
def register(body: RegisterIn, conn: ConnDep, now: NowDep) -> RegisterOut:
    """Ask for an account; it is pending until an administrator approves it."""
    user_id = service.register(
        conn,
        email=str(body.email),
        full_name=body.full_name,
        password=body.password,
        role=body.role,
        language=body.language,
        phone=body.phone,
        device_id=body.device_id,
        now=now,
    )
    return RegisterOut(user_id=user_id)


@router.post("/login", response_model=TokenOut, responses=_ERRORS)
def login(
    body: LoginIn, conn: ConnDep, settings: SettingsDep, now: NowDep, client: ClientDep
) -> TokenOut:
    """Exchange an e-mail and password for an access token and a refresh token.

    401 ``invalid_credentials`` for an unknown e-mail or a wrong password (one
    answer for both); 403 ``account_pending``/``account_disabled``/
    ``account_rejected``; 429 ``throttled`` with ``Retry-After`` after too many
    failures.
    """
    result = service.login(
        conn,
        email=body.email,
        password=body.password,
        device_id=body.device_id,
        client=client,
        settings=settings,
        now=now,
    )
    return _token_out(result)


@router.post("/refresh", response_model=TokenOut, responses=_ERRORS)
def refresh(body: RefreshIn, conn: ConnDep, settings: SettingsDep, now: NowDep) -> TokenOut:
    """Rotate a refresh token: the old one stops working, a new pair comes back.

    Presenting an already-rotated token again ends the whole session (401
    ``refresh_token_reused``).
    """
    return _token_out(
        service.refresh(conn, refresh_token=body.refresh_token, settings=settings, now=now)
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def logout(body: RefreshIn, conn: ConnDep, now: NowDep) -> Response:
    """End the session of this refresh token (its access tokens stop working too)."""
    service.logout(conn, refresh_token=body.refresh_token, now=now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password-reset/request",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedOut,
    responses=_ERRORS,
)
def request_password_reset(
    body: PasswordResetRequestIn,
    conn: ConnDep,
    settings: SettingsDep,
    now: NowDep,
    client: ClientDep,
    mailer: MailerDep,
    background: BackgroundTasks,
) -> AcceptedOut:
    """E-mail a one-time reset code. Always 202, whether the account exists or not."""
    mail = service.request_password_reset(
        conn, email=body.email, ip=client.ip, settings=settings, now=now
    )
    if mail is not None:
        # after the response (and after the commit): same timing for every e-mail
        background.add_task(service.send_reset_mail, mailer, mail, settings.public_url)
    return AcceptedOut(
        message="If an active account uses this address, a reset code has been e-mailed to it."
    )


@router.post("/password-reset/confirm", response_model=StatusOut, responses=_ERRORS)
def confirm_password_reset(body: PasswordResetConfirmIn, conn: ConnDep, now: NowDep) -> StatusOut:
    """Set a new password with the e-mailed code; every session of the account ends."""
    service.confirm_password_reset(
        conn, token=body.token.strip(), new_password=body.new_password, now=now
    )
    return StatusOut(status="password_changed", message="The password has been changed.")


@router.get("/me", response_model=UserOut, responses=_ERRORS)
def me(user: CurrentUser) -> UserOut:
    """The logged-in user, with their current role and sites."""
    return UserOut.of(user)
