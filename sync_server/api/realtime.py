"""GET /sync/ws: realtime news for online clients (docs/sync-protocol.md, "Realtime").

1. The client opens the WebSocket and sends ``{"token": "<access token>"}``
   as its first message (within ``CMMS_WS_AUTH_TIMEOUT_SECONDS``). A missing,
   malformed, expired or revoked token closes the socket with code 4401; an
   account that is not active with 4403; a database out of reach with 1013
   (try again later).
2. The server answers ``{"type": "hello", "buckets": [...], "live": true}``:
   the buckets the user may see now, and whether this process is listening to
   the database (it waits a few seconds for that, so news sent after the hello
   is never missed).
3. Then ``{"type": "moved", "buckets": [...]}`` whenever buckets in the user's
   scope moved (``"*"``: any of them may have), and ``{"type": "ping"}``
   after ``CMMS_WS_HEARTBEAT_SECONDS`` of silence. The client pulls on
   ``moved``; it may send anything (it is ignored) and should treat a long
   silence as a dead connection.

Every ``CMMS_WS_RECHECK_SECONDS`` the server reads the user's session, status
and sites again: a logout, a disabled account or a removed site take effect
on the socket too (4401/4403, or a narrower scope). The access token itself
may expire while the socket is open: the login session is what is checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from cmms_core.protocol import GLOBAL_BUCKET
from sync_server.api.detached import authenticate_token
from sync_server.auth.service import inactive_account_error
from sync_server.auth.users import AuthenticatedUser, load_user_info
from sync_server.config import Settings
from sync_server.errors import ApiError
from sync_server.notify.hub import Hub, Subscriber
from sync_server.notify.postgres import BucketListener
from sync_server.sync.scope import scope_of
from sync_server.tables import auth_sessions

__all__ = [
    "CLOSE_FORBIDDEN",
    "CLOSE_TRY_AGAIN_LATER",
    "CLOSE_UNAUTHORIZED",
    "LISTEN_WAIT_SECONDS",
    "router",
]

log = logging.getLogger(__name__)

router = APIRouter(tags=["sync"])

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TRY_AGAIN_LATER = 1013  # RFC 6455's "try again later"
# How long the hello waits for this process's LISTEN to be in place.
LISTEN_WAIT_SECONDS = 5.0


def _close_code(error: ApiError) -> int:
    return CLOSE_FORBIDDEN if error.status_code == 403 else CLOSE_UNAUTHORIZED


def _scope(engine: Engine, user: AuthenticatedUser) -> tuple[list[str], frozenset[str] | None]:
    """The buckets the user sees now, and what to subscribe to (None: every bucket)."""
    with engine.connect() as conn, conn.begin():
        buckets = scope_of(conn, user).buckets
    return buckets, None if user.site_ids is None else frozenset(buckets)


def _recheck(engine: Engine, user: AuthenticatedUser) -> frozenset[str] | None:
    """The subscription of a socket open for a while (ApiError when it must close)."""
    with engine.connect() as conn, conn.begin():
        revoked = conn.execute(
            select(auth_sessions.c.revoked_at).where(auth_sessions.c.id == user.session_id)
        ).first()
        if revoked is None or revoked.revoked_at is not None:
            raise ApiError(401, "session_revoked", "This session has ended; log in again.")
        info = load_user_info(conn, user.id)
        if info is None:
            raise ApiError(401, "invalid_token", "This account no longer exists.")
        if info.status != "active":
            raise inactive_account_error(info.status)
    if info.site_ids is None:
        return None
    return frozenset([GLOBAL_BUCKET, *(str(site) for site in info.site_ids)])


async def _send(websocket: WebSocket, message: dict[str, Any]) -> None:
    await websocket.send_text(orjson.dumps(message).decode())


async def _first_token(websocket: WebSocket) -> str | None:
    text = await websocket.receive_text()
    try:
        message = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    token = message.get("token") if isinstance(message, dict) else None
    return token if isinstance(token, str) and token else None


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):
        await websocket.close(code=code, reason=reason)


@router.websocket("/sync/ws", name="realtime")
async def realtime_route(websocket: WebSocket) -> None:
    state = websocket.app.state
    settings: Settings = state.settings
    engine: Engine = state.engine
    await websocket.accept()
    try:
        token = await asyncio.wait_for(_first_token(websocket), settings.ws_auth_timeout_seconds)
    except TimeoutError:
        await _close(websocket, CLOSE_UNAUTHORIZED, "no token")
        return
    except (WebSocketDisconnect, RuntimeError, KeyError):  # gone, or a binary message
        await _close(websocket, CLOSE_UNAUTHORIZED, "no token")
        return
    if token is None:
        await _close(websocket, CLOSE_UNAUTHORIZED, 'the first message must be {"token": ...}')
        return
    try:
        user = await run_in_threadpool(authenticate_token, engine, settings, state.clock(), token)
        buckets, subscription = await run_in_threadpool(_scope, engine, user)
    except ApiError as error:
        await _close(websocket, _close_code(error), error.code)
        return
    except SQLAlchemyError as error:  # the database is out of reach: the client retries
        log.warning("realtime: cannot check a token: %s", error)
        await _close(websocket, CLOSE_TRY_AGAIN_LATER, "database_unavailable")
        return

    hub: Hub = state.hub
    listener: BucketListener = state.listener
    subscriber = Subscriber(user.id, subscription)
    hub.subscribe(subscriber)
    try:
        live = await listener.wait_listening(LISTEN_WAIT_SECONDS)
        await _send(websocket, {"type": "hello", "buckets": buckets, "live": live})
        await _serve(websocket, settings, engine, hub, subscriber, user)
    except (WebSocketDisconnect, RuntimeError):
        pass  # the client went away
    finally:
        hub.unsubscribe(subscriber)


async def _serve(
    websocket: WebSocket,
    settings: Settings,
    engine: Engine,
    hub: Hub,
    subscriber: Subscriber,
    user: AuthenticatedUser,
) -> None:
    async def speak() -> None:
        while True:
            news = await subscriber.next(settings.ws_heartbeat_seconds)
            await _send(websocket, {"type": "moved", "buckets": news} if news else {"type": "ping"})

    async def listen() -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return

    async def recheck() -> None:
        while True:
            await asyncio.sleep(settings.ws_recheck_seconds)
            try:
                subscription = await run_in_threadpool(_recheck, engine, user)
            except ApiError as error:
                await _close(websocket, _close_code(error), error.code)
                return
            except Exception as error:  # the database is out of reach: keep the socket
                log.warning("realtime: could not recheck user %s: %s", user.id, error)
                continue
            hub.rescope(subscriber, subscription)

    tasks = [asyncio.create_task(job()) for job in (speak, listen, recheck)]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        error = task.exception()
        if error is not None and not isinstance(error, WebSocketDisconnect | RuntimeError):
            raise error
