"""Server tokens in the operating system's credential store, never in a file. No Qt here.

The refresh token of each (server, e-mail) pair lives in the OS keyring
(Windows Credential Manager, macOS Keychain, the Secret Service on Linux)
through the ``keyring`` package. The short-lived access token is kept in
memory only.

When there is no secure store (no desktop session, no keyring daemon: the
``keyring`` fail backend), nothing falls back to a plaintext file: the tokens
are kept in memory for this session only, and the user types the password
again at the next one. :attr:`TokenStore.refusal` says why.

:class:`ServerAccount` is one account on one sync server: it logs in (``POST
/auth/login``), keeps the access token in memory until shortly before it
expires, and gets a new one with the stored refresh token (``POST
/auth/refresh``, which rotates it: the new refresh token replaces the old one
in the store). A refresh the server refuses means the password is needed
again (:class:`PasswordNeeded`).
"""

from __future__ import annotations

import contextlib
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
from sqlalchemy import Engine

from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.sync.blobs import BlobSync
from cmms_desktop.sync.client import (
    AuthenticationFailed,
    Credentials,
    Offline,
    ServerRefused,
    SyncClient,
    UpgradeRequired,
    response_error,
)
from cmms_desktop.sync.engine import SyncEngine, SyncReport

__all__ = [
    "NO_SECURE_STORE_MESSAGE",
    "SERVER_EMAIL_META_KEY",
    "SERVER_URL_META_KEY",
    "LoginInfo",
    "PasswordNeeded",
    "ServerAccount",
    "TokenStore",
    "keyring_service",
    "normalize_server_url",
]

# local_meta keys: the server this replica syncs with, and the account that last
# connected to it (not secrets; the tokens are in the TokenStore).
SERVER_URL_META_KEY = "server_url"
SERVER_EMAIL_META_KEY = "server_email"

NO_SECURE_STORE_MESSAGE = (
    "no secure credential store; you will be asked for your password at each sync session"
)

# An access token this close to its expiry is renewed before use.
_EXPIRY_MARGIN_S = 30.0


def normalize_server_url(text: str) -> str:
    """``" HTTPS://Sync.Example.com:8443/ "`` → ``"https://sync.example.com:8443"``.

    Raises ValueError when ``text`` is not an http(s) address with a host.
    """
    parts = urllib.parse.urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {text!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"a server address has no query or fragment: {text!r}")
    netloc = parts.hostname.lower()
    if ":" in netloc:  # an IPv6 address
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def keyring_service(server_url: str) -> str:
    """The keyring "service" name of a server's tokens (the user name is the e-mail)."""
    return f"cmms-desktop:{normalize_server_url(server_url)}"


def _key(server_url: str, email: str) -> tuple[str, str]:
    return keyring_service(server_url), email.strip().lower()


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return False
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return bool(backend.backends)
    return True


class TokenStore:
    """Refresh tokens by (server URL, e-mail): in the OS keyring, else in memory only.

    Thread-safe. ``backend`` is for tests; by default the keyring package's
    current backend is used (``keyring.get_keyring()``, read at each call).
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend
        self._memory: dict[tuple[str, str], str] = {}
        self._refusal: str | None = None
        self._lock = threading.Lock()

    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def is_secure(self) -> bool:
        """Whether tokens outlive this session (kept by the operating system)."""
        return self._refusal is None and _is_secure(self.backend())

    @property
    def refusal(self) -> str | None:
        """Why there is no secure store (None while there is one)."""
        if self._refusal is not None:
            return self._refusal
        if not _is_secure(self.backend()):
            return NO_SECURE_STORE_MESSAGE
        return None

    def _refused(self, error: Exception) -> None:
        self._refusal = f"{NO_SECURE_STORE_MESSAGE} (the credential store refused: {error})"

    def save(self, server_url: str, email: str, refresh_token: str) -> bool:
        """Keep ``refresh_token``; True when the OS store holds it, False: memory only."""
        service, user = _key(server_url, email)
        with self._lock:
            if self.is_secure():
                try:
                    self.backend().set_password(service, user, refresh_token)
                except Exception as error:  # KeyringError, a locked or broken store
                    self._refused(error)
                else:
                    self._memory.pop((service, user), None)
                    return True
            self._memory[(service, user)] = refresh_token
            return False

    def load(self, server_url: str, email: str) -> str | None:
        service, user = _key(server_url, email)
        with self._lock:
            if (service, user) in self._memory:
                return self._memory[(service, user)]
            if not self.is_secure():
                return None
            try:
                return self.backend().get_password(service, user)
            except Exception as error:
                self._refused(error)
                return None

    def forget(self, server_url: str, email: str) -> None:
        service, user = _key(server_url, email)
        with self._lock:
            self._memory.pop((service, user), None)
            if not self.is_secure():
                return
            try:
                if self.backend().get_password(service, user) is not None:
                    self.backend().delete_password(service, user)
            except Exception as error:
                self._refused(error)


class PasswordNeeded(AuthenticationFailed):
    """No usable session with the server: the user must type the password again."""


@dataclass(frozen=True)
class LoginInfo:
    """Who the server says we are, after a login or a refresh."""

    user_id: uuid.UUID
    email: str
    full_name: str
    secure_store: bool  # whether the refresh token went to the OS store


class ServerAccount:
    """One account on one sync server: login, refresh, and sync cycles with its tokens.

    Thread-safe for its tokens: the sync worker and the realtime listener's
    thread may both ask :meth:`access_token` (a refresh token is presented
    once: two concurrent refreshes would end the session).
    """

    def __init__(
        self,
        server_url: str,
        email: str,
        device_id: str,
        store: TokenStore,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server_url = normalize_server_url(server_url)
        self.email = email.strip()
        self._device_id = device_id
        self._store = store
        self._timeout = timeout
        self._transport = transport
        self._clock = clock
        self._access_token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.RLock()

    def __repr__(self) -> str:  # never print a token
        return f"ServerAccount({self.server_url!r}, {self.email!r})"

    # ------------------------------------------------------------------ tokens

    def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        try:
            with httpx.Client(
                base_url=self.server_url, timeout=self._timeout, transport=self._transport
            ) as http:
                response = http.post(path, json=body)
        except httpx.TransportError as error:
            raise Offline("offline", f"the server cannot be reached ({error})") from error
        if response.status_code in (502, 503, 504):
            code, message = response_error(response)
            raise Offline(code, message or "the server is unavailable")
        if response.status_code == 426:
            raise UpgradeRequired(*response_error(response))
        return response

    def _take(self, body: dict[str, Any]) -> LoginInfo:
        secure = self._store.save(self.server_url, self.email, str(body["refresh_token"]))
        self._access_token = str(body["access_token"])
        self._expires_at = self._clock() + float(body.get("expires_in", 0)) - _EXPIRY_MARGIN_S
        user = body.get("user") or {}
        return LoginInfo(
            user_id=uuid.UUID(str(user["id"])),
            email=str(user.get("email", self.email)),
            full_name=str(user.get("full_name", "")),
            secure_store=secure,
        )

    def login(self, password: str) -> LoginInfo:
        """Exchange the password for tokens; the refresh token goes to the store."""
        with self._lock:
            response = self._post(
                "/auth/login",
                {"email": self.email, "password": password, "device_id": self._device_id},
            )
            if response.status_code != 200:
                code, message = response_error(response)
                if response.status_code in (401, 403, 429):
                    raise AuthenticationFailed(code, message)
                raise ServerRefused(response.status_code, code, message)
            return self._take(response.json())

    def refresh(self) -> LoginInfo:
        """A new access token from the stored refresh token (which the server rotates)."""
        with self._lock:
            self._access_token = None
            token = self._store.load(self.server_url, self.email)
            if token is None:
                raise PasswordNeeded("no_session", "no session with this server: log in")
            response = self._post("/auth/refresh", {"refresh_token": token})
            if response.status_code in (401, 403):
                self._store.forget(self.server_url, self.email)
                code, message = response_error(response)
                raise PasswordNeeded(code, message or "the server session has ended: log in again")
            if response.status_code != 200:
                code, message = response_error(response)
                raise ServerRefused(response.status_code, code, message)
            return self._take(response.json())

    def access_token(self) -> str:
        """A valid access token: the one in memory, else a refreshed one."""
        with self._lock:
            if self._access_token is None or self._clock() >= self._expires_at:
                self.refresh()
            assert self._access_token is not None
            return self._access_token

    def drop_access_token(self) -> None:
        """Forget the access token in memory (the server refused it): the next use refreshes."""
        with self._lock:
            self._access_token = None

    def has_session(self) -> bool:
        """Whether a sync can start without asking for the password."""
        with self._lock:
            if self._access_token is not None:
                return True
        return self._store.load(self.server_url, self.email) is not None

    def logout(self) -> None:
        """End the session on the server (when reachable) and forget its tokens here."""
        with self._lock:
            token = self._store.load(self.server_url, self.email)
            self._access_token = None
            self._store.forget(self.server_url, self.email)
        if token is not None:
            with contextlib.suppress(Offline):
                self._post("/auth/logout", {"refresh_token": token})

    # ------------------------------------------------------------------ sync

    def client(self) -> SyncClient:
        """A sync client acting with the current access token."""
        return SyncClient(
            self.server_url,
            Credentials(email=None, secret=self.access_token()),
            self._device_id,
            timeout=self._timeout,
            transport=self._transport,
        )

    def sync(self, engine: Engine, blob_store: BlobStore | None = None) -> SyncReport:
        """One sync cycle of the replica ``engine`` as this account.

        Raises PasswordNeeded (no session: ask the password), Offline or
        UpgradeRequired when no cycle could start; the cycle's own outcome is
        in the report. An access token refused during the cycle is renewed
        once and the cycle run again (it is idempotent).
        """
        report = SyncReport()
        for attempt in range(2):
            with self.client() as client:
                blobs = BlobSync(engine, blob_store, client) if blob_store else None
                report = SyncEngine(
                    engine, client, device_id=self._device_id, blobs=blobs
                ).sync_once()
            if report.status != "auth_failed" or attempt == 1:
                break
            self.drop_access_token()
        if report.status == "auth_failed":
            raise PasswordNeeded("auth_failed", report.message or "the server refused the session")
        return report
