"""/admin routes: decisions on account requests, through the cmms_core mutations.

The mutation checks the permission (users.manage) with the actor built from
the token's owner; a refusal (``MutationRejected``) becomes a 4xx answer with
its code, message and field errors (see ``errors.py``).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from sync_server.api.deps import ConnDep, CurrentUser, NowDep
from sync_server.api.schemas import AccountOut, ErrorOut, UserDecisionIn
from sync_server.auth.users import AuthenticatedUser, load_user_info
from sync_server.errors import ApiError
from sync_server.sync.server_mutation import SERVER_DEVICE_ID, run_server_mutation

router = APIRouter(prefix="/admin", tags=["admin"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422)
}


def _decide(
    conn: ConnDep,
    user: AuthenticatedUser,
    now: NowDep,
    mutation: str,
    payload: dict[str, Any],
) -> AccountOut:
    # a version for the rows it writes (writers' lock taken): replicas pull the decision
    run_server_mutation(
        conn,
        user.actor,
        mutation,
        payload,
        now=now,
        device_id=user.device_id or SERVER_DEVICE_ID,
    )
    account = load_user_info(conn, payload["id"])
    if account is None:  # pragma: no cover - the mutation just found it
        raise ApiError(404, "not_found", "No such account.")
    return AccountOut.of(account)


@router.post("/users/{user_id}/approve", response_model=AccountOut, responses=_ERRORS)
def approve_user(
    user_id: uuid.UUID,
    conn: ConnDep,
    user: CurrentUser,
    now: NowDep,
    body: UserDecisionIn | None = None,
) -> AccountOut:
    """Activate a pending account (optionally with another role than requested)."""
    payload: dict[str, Any] = {"id": user_id}
    if body is not None and body.role is not None:
        payload["role"] = body.role.value
    return _decide(conn, user, now, "user.approve", payload)


@router.post("/users/{user_id}/reject", response_model=AccountOut, responses=_ERRORS)
def reject_user(user_id: uuid.UUID, conn: ConnDep, user: CurrentUser, now: NowDep) -> AccountOut:
    """Refuse a pending account request."""
    return _decide(conn, user, now, "user.reject", {"id": user_id})
