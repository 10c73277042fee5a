"""Realtime news from the sync service, in a thread of its own. No Qt here.

:class:`RealtimeListener` keeps a WebSocket open on ``GET /sync/ws``
(docs/sync-protocol.md, "Realtime"): it sends ``{"token": ...}`` first, then
calls ``on_news(buckets)`` whenever the server says buckets in the user's
scope moved. The desktop wires ``on_news`` to "sync now" (a queued signal:
the callback runs in the listener's thread). ``"*"`` in the list means any
bucket may have moved.

- On every (re)connection ``on_news`` is called with the buckets of the hello
  (``notify_on_connect``): news sent while the socket was down is lost, so
  the client catches up by syncing.
- A lost connection, a refused token (close code 4401: the next attempt asks
  ``token()`` again, which should refresh it), a server that stays silent for
  ``silence_timeout`` (it pings every 25 s) are all retried with exponential
  backoff and jitter (0.5 s doubling up to 30 s).
- ``stop()`` closes the socket and joins the thread.

It uses the sync client of the ``websockets`` package in a plain thread: no
event loop, no Qt.
"""

from __future__ import annotations

import json
import logging
import random
import ssl as ssl_module
import threading
from collections.abc import Callable
from typing import Any, Literal

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

from cmms_desktop.sync.client import AuthenticationFailed

__all__ = ["CLOSE_FORBIDDEN", "CLOSE_UNAUTHORIZED", "RealtimeListener", "RealtimeState", "ws_url"]

log = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403

RealtimeState = Literal["connecting", "connected", "disconnected", "unauthorized", "stopped"]


def ws_url(server_url: str) -> str:
    """The WebSocket address of a sync service's base URL (http -> ws, https -> wss)."""
    base = server_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base[len("https://") :]
    elif base.startswith("http://"):
        base = "ws://" + base[len("http://") :]
    return base + "/sync/ws"


class RealtimeListener:
    """The realtime WebSocket of one account, kept open in a background thread."""

    def __init__(
        self,
        server_url: str,
        token: Callable[[], str],
        on_news: Callable[[list[str]], None],
        *,
        on_state: Callable[[RealtimeState], None] | None = None,
        notify_on_connect: bool = True,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        silence_timeout: float = 75.0,
        open_timeout: float = 10.0,
        ssl: ssl_module.SSLContext | None = None,
    ) -> None:
        self.url = ws_url(server_url)
        self._token = token
        self._on_news = on_news
        self._on_state = on_state
        self._notify_on_connect = notify_on_connect
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._silence_timeout = silence_timeout
        self._open_timeout = open_timeout
        self._ssl = ssl
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._socket: ClientConnection | None = None
        self._thread: threading.Thread | None = None
        self.state: RealtimeState = "disconnected"
        self.connections = 0  # successful (re)connections, for tests and the status bar
        self.last_close_code: int | None = None

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="cmms-realtime", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the socket and wait (at most ``timeout``) for the thread to end."""
        self._stop.set()
        with self._lock:
            socket = self._socket
        if socket is not None:
            socket.close()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self._set_state("stopped")

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        """Whether the socket is open and greeted, waiting at most ``timeout``."""
        return self._connected.wait(timeout)

    def __enter__(self) -> RealtimeListener:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ the thread

    def _set_state(self, state: RealtimeState) -> None:
        if state == self.state:
            return
        self.state = state
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:
                log.exception("realtime: the state callback failed")

    def _tell(self, buckets: list[str]) -> None:
        try:
            self._on_news(buckets)
        except Exception:
            log.exception("realtime: the news callback failed")

    def _run(self) -> None:
        pause = self._min_backoff
        while not self._stop.is_set():
            self._set_state("connecting")
            before = self.connections
            try:
                self._session()
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd is not None else None
                self.last_close_code = code
                if code in (CLOSE_UNAUTHORIZED, CLOSE_FORBIDDEN):
                    log.info("realtime: the server refused the session (%s)", code)
                    self._set_state("unauthorized")
                else:
                    log.info("realtime: connection closed (%s)", code)
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as error:
                log.info("realtime: cannot connect to %s (%s)", self.url, error)
            except AuthenticationFailed as error:  # from the token provider: password needed...
                log.info("realtime: no session (%s)", error.message)
                self._set_state("unauthorized")
            except Exception as error:  # the token provider is offline, or a bug
                log.info("realtime: cannot connect (%s)", error)
            finally:
                self._connected.clear()
                with self._lock:
                    self._socket = None
            if self._stop.is_set():
                break
            if self.state != "unauthorized":
                self._set_state("disconnected")
            if self.connections > before:  # it was up for a while: start again gently
                pause = self._min_backoff
            # jitter: many clients cut off together do not come back together
            if self._stop.wait(pause * random.uniform(0.5, 1.0)):
                break
            pause = min(pause * 2, self._max_backoff)

    def _session(self) -> None:
        """One connection, until it ends (by an exception, or stop())."""
        token = self._token()
        with connect(
            self.url, open_timeout=self._open_timeout, close_timeout=2, ssl=self._ssl
        ) as socket:
            with self._lock:
                self._socket = socket
            if self._stop.is_set():
                return
            socket.send(json.dumps({"token": token}))
            hello = self._message(socket.recv(timeout=self._open_timeout))
            if hello.get("type") != "hello":
                log.warning("realtime: unexpected greeting %.200r", hello)
                return
            self.connections += 1
            self._connected.set()
            self._set_state("connected")
            buckets = hello.get("buckets")
            if self._notify_on_connect and isinstance(buckets, list):
                self._tell([str(b) for b in buckets])
            while not self._stop.is_set():
                message = self._message(socket.recv(timeout=self._silence_timeout))
                buckets = message.get("buckets")
                if message.get("type") == "moved" and isinstance(buckets, list) and buckets:
                    self._tell([str(b) for b in buckets])

    @staticmethod
    def _message(data: str | bytes) -> dict[str, Any]:
        try:
            message = json.loads(data)
        except ValueError:
            return {}
        return message if isinstance(message, dict) else {}
