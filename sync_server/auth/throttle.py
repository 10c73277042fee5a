"""Login history and the failed-login throttle, both kept in ``login_attempts``.

The throttle counts the wrong-password attempts for one e-mail within the
window (after the last successful login): once ``max_failed_logins`` of them
are in it, every attempt for that e-mail answers 429, right password or not,
until the oldest of those failures leaves the window. Refused (throttled)
attempts are recorded but not counted, so hammering does not extend the lock
forever. Kept in PostgreSQL, the count is the same for every server process.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select

from sync_server.tables import login_attempts

__all__ = ["COUNTED_REASON", "ClientInfo", "record_attempt", "retry_after_seconds"]

# Only a wrong password (or an unknown e-mail) counts toward the throttle.
COUNTED_REASON = "invalid_credentials"


@dataclass(frozen=True)
class ClientInfo:
    """Where a request comes from, for the login history."""

    ip: str | None
    user_agent: str | None


def record_attempt(
    conn: Connection,
    *,
    email: str,
    user_id: uuid.UUID | None,
    success: bool,
    reason: str,
    now: datetime,
    client: ClientInfo,
    device_id: str | None,
) -> None:
    conn.execute(
        insert(login_attempts).values(
            id=uuid.uuid4(),
            at=now,
            email=email[:254],
            user_id=user_id,
            success=success,
            reason=reason,
            ip=client.ip[:45] if client.ip else None,
            user_agent=client.user_agent[:300] if client.user_agent else None,
            device_id=device_id,
        )
    )


def retry_after_seconds(
    conn: Connection, *, email: str, now: datetime, max_failures: int, window: timedelta
) -> int:
    """0 when ``email`` may try to log in now, else how many seconds to wait."""
    since = now - window
    last_success = conn.execute(
        select(func.max(login_attempts.c.at)).where(
            login_attempts.c.email == email, login_attempts.c.success.is_(True)
        )
    ).scalar_one_or_none()
    if last_success is not None and last_success > since:
        since = last_success
    recent = (
        conn.execute(
            select(login_attempts.c.at)
            .where(
                login_attempts.c.email == email,
                login_attempts.c.reason == COUNTED_REASON,
                login_attempts.c.at > since,
            )
            .order_by(login_attempts.c.at.desc())
            .limit(max_failures)
        )
        .scalars()
        .all()
    )
    if len(recent) < max_failures:
        return 0
    # the lock lifts when the max_failures-th most recent failure leaves the window
    unlock_at: datetime = recent[-1] + window
    return max(1, math.ceil((unlock_at - now).total_seconds()))
