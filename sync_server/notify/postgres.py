"""``LISTEN cmms_buckets``: one connection per server process, on the direct URL.

LISTEN belongs to a session, so it cannot go through PgBouncer in transaction
mode (the next transaction may run on another server connection, and the
notifications would go to whoever holds this one): the listener connects to
``CMMS_DIRECT_DATABASE_URL`` (Neon: the host without ``-pooler``) with
psycopg 3's async connection, in autocommit, and reads ``conn.notifies()``.

- It is connected only while at least one WebSocket is open in this process:
  with nobody online there is no one to tell, and no reason to keep a Neon
  compute awake.
- While connected it runs ``SELECT 1`` every ``keepalive`` seconds, so that a
  dead connection (a suspended compute, a network cut) is found and replaced.
- A lost connection is retried with exponential backoff (0.5 s doubling up to
  30 s). News sent while it was down is lost, so after reconnecting every
  subscriber is told that all its buckets may have moved (its client pulls).

The listener lives in the app's lifespan (``create_app``): started at startup,
cancelled and closed at shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
import psycopg
from sqlalchemy import make_url

from sync_server.notify.hub import Hub
from sync_server.notify.publish import CHANNEL

__all__ = ["CHANNEL", "BucketListener", "libpq_url"]

log = logging.getLogger(__name__)


def libpq_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://...`` as psycopg itself takes it (query parameters kept)."""
    return (
        make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


class BucketListener:
    """Feeds the hub from ``LISTEN cmms_buckets`` (see the module doc)."""

    def __init__(
        self,
        database_url: str,
        hub: Hub,
        *,
        keepalive_seconds: float = 60.0,
        connect_timeout_seconds: int = 10,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
    ) -> None:
        self._url = libpq_url(database_url)
        self._hub = hub
        self._keepalive = keepalive_seconds
        self._connect_timeout = connect_timeout_seconds
        self._backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.connections = 0  # how many times it connected (for tests and logs)

    @property
    def listening(self) -> bool:
        return self._ready.is_set()

    async def wait_listening(self, timeout: float) -> bool:
        """Whether the LISTEN is in place, waiting at most ``timeout`` seconds for it."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout)
        return self._ready.is_set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="cmms-listen")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    def deliver(self, payload: str) -> None:
        """Hand one notification's buckets to the hub (a malformed one is logged and dropped)."""
        try:
            buckets: Any = orjson.loads(payload)
        except orjson.JSONDecodeError:
            buckets = None
        if not isinstance(buckets, list) or not all(isinstance(b, str) for b in buckets):
            log.warning("ignored a malformed %s notification: %.200r", CHANNEL, payload)
            return
        self._hub.publish(buckets)

    async def _run(self) -> None:
        pause = self._backoff
        missed = False  # the connection was lost while sockets were open
        while True:
            await self._hub.wait_occupied()
            try:
                await self._listen(missed)
                pause = self._backoff
                missed = False
            except (psycopg.Error, OSError) as error:
                missed = missed or self._hub.count > 0
                log.warning(
                    "realtime: LISTEN %s failed (%s); again in %.1f s",
                    CHANNEL,
                    " ".join(str(error).split()),
                    pause,
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, self._max_backoff)

    async def _listen(self, missed: bool) -> None:
        """Listen while sockets are open; returns when the last one has gone."""
        conn = await psycopg.AsyncConnection.connect(
            self._url, autocommit=True, connect_timeout=self._connect_timeout
        )
        try:
            await conn.execute(f"LISTEN {CHANNEL}")
            self.connections += 1
            self._ready.set()
            log.info("realtime: listening on %s", CHANNEL)
            if missed:
                self._hub.publish_everything()
            while self._hub.count:
                async for notification in conn.notifies(timeout=self._keepalive):
                    self.deliver(notification.payload)
                await conn.execute("SELECT 1")  # raises when the connection died
        finally:
            self._ready.clear()
            with contextlib.suppress(psycopg.Error, OSError):
                await conn.close()
