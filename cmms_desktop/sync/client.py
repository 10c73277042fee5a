"""The HTTP side of the sync: login, push and pull against the sync service.

Every failure is one of a few exceptions the engine knows what to do with:
:class:`Offline` (no network, the server unreachable or unavailable: try again
later, keep everything), :class:`AuthenticationFailed` (log in again),
:class:`UpgradeRequired` (install a newer version), :class:`ServerRefused`
(anything else the server said no to). Credentials stay in memory only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

import httpx
import orjson

from cmms_core.protocol import PullRequest, PushRequest, PushResponse

__all__ = [
    "AuthenticationFailed",
    "Credentials",
    "Offline",
    "ServerRefused",
    "SyncClient",
    "SyncError",
    "UpgradeRequired",
]


class SyncError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Offline(SyncError):
    """The server cannot be reached (or says it is unavailable): nothing was decided."""


class AuthenticationFailed(SyncError):
    """The credentials or the session are refused."""


class UpgradeRequired(SyncError):
    """The server no longer speaks this client's protocol or schema (426)."""


class ServerRefused(SyncError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status


@dataclass(frozen=True)
class Credentials:
    """An e-mail and password, or an access token alone (``email`` None)."""

    email: str | None
    secret: str

    def __repr__(self) -> str:  # never print a password or a token
        return f"Credentials(email={self.email!r}, secret=***)"


def response_error(response: httpx.Response) -> tuple[str, str]:
    """The server's error ``(code, message)``, or a stand-in for a non-JSON answer."""
    try:
        body = response.json()
    except ValueError:
        return f"http_{response.status_code}", response.text[:200]
    if isinstance(body, dict):
        return str(body.get("code", f"http_{response.status_code}")), str(body.get("message", ""))
    return f"http_{response.status_code}", str(body)[:200]


class SyncClient:
    """One device's connection to the sync service (not thread-safe: one sync at a time)."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        device_id: str,
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._credentials = credentials
        self._device_id = device_id
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            transport=transport,
            # give up idle connections before the server does (its keep-alive is
            # 30 s, sync_server's keep_alive_seconds): a request sent on a
            # connection the server is closing at that moment fails
            limits=httpx.Limits(
                max_connections=100, max_keepalive_connections=20, keepalive_expiry=15.0
            ),
        )
        self._access_token: str | None = None if credentials.email else credentials.secret
        self._refresh_token: str | None = None
        self._user_id: uuid.UUID | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transport

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise Offline("offline", f"the server cannot be reached ({error})") from error
        if response.status_code in (502, 503, 504):
            code, message = response_error(response)
            raise Offline(code, message or "the server is unavailable")
        if response.status_code == 426:
            code, message = response_error(response)
            raise UpgradeRequired(code, message)
        return response

    def _authorized(self, method: str, path: str, content: bytes | None = None) -> httpx.Response:
        """Send with the access token; on 401 log in (or refresh) once and send again."""
        if self._access_token is None:
            self.login()
        for attempt in range(2):
            headers = {"Authorization": f"Bearer {self._access_token}"}
            if content is not None:
                headers["Content-Type"] = "application/json"
            response = self._send(method, path, content=content, headers=headers)
            if response.status_code != 401 or attempt == 1:
                break
            self._renew()
        if response.status_code == 401:
            code, message = response_error(response)
            raise AuthenticationFailed(code, message)
        if response.status_code >= 400:
            code, message = response_error(response)
            raise ServerRefused(response.status_code, code, message)
        return response

    def transfer(
        self,
        method: str,
        path: str,
        *,
        content: Callable[[], bytes | IO[bytes] | Iterable[bytes]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """An authorized request whose answer is streamed: read it, then close it.

        For file transfers (``cmms_desktop.sync.blobs``). ``content`` makes the
        body (bytes, an open file, chunks); it is called again when the request
        must be sent again with a renewed token, and a file it opened is closed.
        Raises like the other calls (a refusal, 4xx, is read and raised as
        ServerRefused with its status).
        """
        if self._access_token is None:
            self.login()
        for attempt in range(2):
            body = content() if content is not None else None
            request = self._http.build_request(
                method,
                path,
                content=body,
                headers={"Authorization": f"Bearer {self._access_token}", **(headers or {})},
            )
            try:
                response = self._http.send(request, stream=True)
            except httpx.TransportError as error:
                raise Offline("offline", f"the server cannot be reached ({error})") from error
            finally:
                close = getattr(body, "close", None)
                if callable(close):
                    close()
            if response.status_code != 401 or attempt == 1:
                break
            response.close()
            self._renew()
        if response.status_code < 400:
            return response
        response.read()
        response.close()
        code, message = response_error(response)
        if response.status_code in (502, 503, 504):
            raise Offline(code, message or "the server is unavailable")
        if response.status_code == 426:
            raise UpgradeRequired(code, message)
        if response.status_code == 401:
            raise AuthenticationFailed(code, message)
        raise ServerRefused(response.status_code, code, message)

    def _renew(self) -> None:
        if self._refresh_token is not None:
            response = self._send(
                "POST", "/auth/refresh", json={"refresh_token": self._refresh_token}
            )
            if response.status_code == 200:
                self._take_tokens(response.json())
                return
        if self._credentials.email is None:
            raise AuthenticationFailed("token_expired", "the access token was refused")
        self.login()

    def _take_tokens(self, body: dict[str, Any]) -> None:
        self._access_token = str(body["access_token"])
        self._refresh_token = body.get("refresh_token")
        user = body.get("user")
        if isinstance(user, dict) and "id" in user:
            self._user_id = uuid.UUID(str(user["id"]))

    # ------------------------------------------------------------------ the calls

    def login(self) -> None:
        """Log in with the e-mail and password (a token-only client checks its token)."""
        if self._credentials.email is None:
            self._access_token = self._credentials.secret
            self._user_id = None
            self.user_id  # noqa: B018 - asks /auth/me, raising when the token is refused
            return
        response = self._send(
            "POST",
            "/auth/login",
            json={
                "email": self._credentials.email,
                "password": self._credentials.secret,
                "device_id": self._device_id,
            },
        )
        if response.status_code != 200:
            code, message = response_error(response)
            if response.status_code in (401, 403, 429):
                raise AuthenticationFailed(code, message)
            raise ServerRefused(response.status_code, code, message)
        self._take_tokens(response.json())

    @property
    def user_id(self) -> uuid.UUID:
        """The account the server acts for (logging in if needed)."""
        if self._user_id is None:
            if self._access_token is None:
                self.login()
            if self._user_id is None:
                me = self._authorized("GET", "/auth/me").json()
                self._user_id = uuid.UUID(str(me["id"]))
        return self._user_id

    def push(self, request: PushRequest) -> PushResponse:
        body = orjson.dumps(request.model_dump(mode="json", by_alias=True))
        response = self._authorized("POST", "/sync/push", body)
        return PushResponse.model_validate(orjson.loads(response.content))

    def pull(self, request: PullRequest) -> dict[str, Any]:
        """The raw pull answer (parsed JSON; the apply step reads it as it is, for speed)."""
        body = orjson.dumps(request.model_dump(mode="json", by_alias=True))
        response = self._authorized("POST", "/sync/pull", body)
        answer: dict[str, Any] = orjson.loads(response.content)
        return answer
