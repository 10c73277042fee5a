"""/sync routes: push mutations, pull rows (docs/sync-protocol.md).

The bodies are read raw and checked in this order: JSON (422
``malformed_json``), the protocol and schema versions (426
``upgrade_required`` for a client too old, before anything else about the
body, whose shape may have changed since), then the message itself (422
``invalid_request`` with the fields). The bearer token is checked first of
all (401).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import ValidationError
from sqlalchemy import Connection

from cmms_core.protocol import (
    DEFAULT_PULL_LIMIT,
    GLOBAL_BUCKET,
    MAX_PULL_LIMIT,
    MIN_PROTOCOL,
    MIN_SCHEMA,
    MutationResult,
    Negotiation,
    PullRequest,
    PushRequest,
    negotiation_problem,
)
from sync_server.api.deps import ConnDep, CurrentUser, NowDep, session_user, verify_token
from sync_server.config import Settings
from sync_server.db import run_in_autocommit, transaction_on
from sync_server.errors import ApiError, error_body
from sync_server.sync.pull import begin_pull_as, cached_pull, pull
from sync_server.sync.pull_cache import PullCache
from sync_server.sync.push import push
from sync_server.sync.scope import Scope, scope_from

__all__ = ["router"]

router = APIRouter(prefix="/sync", tags=["sync"])

M = TypeVar("M", bound=Negotiation)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


class _VersionMismatch(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def _parse(
    body: bytes, model: type[M], quick: Callable[[dict[str, Any]], M | None] | None = None
) -> M:
    """The request, checked (see the module doc). ``quick``: a check of the common
    well-formed request that builds it without pydantic, or says None (then
    pydantic validates it, and words what is wrong)."""
    try:
        data: Any = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        message = f"The request body is not valid JSON ({error})."
        raise ApiError(422, "malformed_json", message) from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_request", "The request body must be a JSON object.")
    problem = negotiation_problem(data.get("protocol"), data.get("schema"))
    if problem is not None:
        status, code, message = problem
        content = error_body(code, message) | {
            "min_protocol": MIN_PROTOCOL,
            "min_schema": MIN_SCHEMA,
        }
        raise _VersionMismatch(JSONResponse(content, status_code=status))
    if quick is not None:
        parsed = quick(data)
        if parsed is not None:
            return parsed
    try:
        return model.model_validate(data)
    except ValidationError as error:
        field_errors: dict[str, str] = {}
        details: list[str] = []
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"]) or "body"
            field_errors.setdefault(name, item["type"])
            details.append(f"{name}: {item['msg']}")
        raise ApiError(
            422,
            "invalid_request",
            "The request is invalid. " + "; ".join(details[:10]),
            field_errors=field_errors,
        ) from None


_PULL_FIELDS = frozenset({"protocol", "schema", "cursors", "limit"})


def _quick_pull(data: dict[str, Any]) -> PullRequest | None:
    """A well-formed pull body as PullRequest, without pydantic (every pull of every
    client goes through here); None for anything else, which PullRequest's own
    validation then refuses with its messages. Accepts exactly what it accepts,
    nothing more: JSON integers only (no booleans), the same bounds, the same
    bucket rule."""
    if not data.keys() <= _PULL_FIELDS:
        return None
    protocol, schema = data.get("protocol"), data.get("schema")
    if type(protocol) is not int or type(schema) is not int or protocol < 0 or schema < 0:
        return None
    cursors = data.get("cursors", {})
    limit = data.get("limit", DEFAULT_PULL_LIMIT)
    if type(cursors) is not dict or type(limit) is not int or not 1 <= limit <= MAX_PULL_LIMIT:
        return None
    for bucket, cursor in cursors.items():
        if type(cursor) is not int or cursor < 0:
            return None
        if bucket != GLOBAL_BUCKET:
            try:
                uuid.UUID(bucket)
            except ValueError:
                return None
    return PullRequest.model_construct(
        protocol=protocol, schema_version=schema, cursors=cursors, limit=limit
    )


def _result_json(result: MutationResult) -> dict[str, Any]:
    """``result.model_dump(mode="json", exclude_defaults=True)``, written out for the
    usual plain "applied" answer (a push answers hundreds of them)."""
    if (
        result.status == "applied"
        and result.version is not None
        and result.code is None
        and result.message is None
        and not result.field_errors
        and result.restore is None
    ):
        return {"id": str(result.id), "status": "applied", "version": result.version}
    return result.model_dump(mode="json", exclude_defaults=True)


def _json(content: bytes) -> Response:
    return Response(content=content, media_type="application/json")


@router.post("/push", summary="Apply the client's mutations, in order, once each")
def push_route(conn: ConnDep, user: CurrentUser, now: NowDep, body: RawBody) -> Response:
    try:
        request = _parse(body, PushRequest)
    except _VersionMismatch as mismatch:
        return mismatch.response
    answer = push(conn, user, request, now)
    return _json(orjson.dumps({"results": [_result_json(r) for r in answer.results]}))


# The same scheme as api.deps' CurrentUser (one "HTTPBearer" in the OpenAPI document).
_bearer = HTTPBearer(auto_error=False, description="the access token of POST /auth/login")


@router.post(
    "/pull",
    summary="The rows of every bucket in scope changed since the cursors",
    openapi_extra={"security": [{"HTTPBearer": []}]},
)
async def pull_route(request: Request) -> Response:
    """Every online client pulls at once after a realtime notice, so this route is
    the hot path: no dependencies to solve, and everything that needs the
    database (the token's session and user, the scope, the lock, the pages)
    runs on one worker thread (``run_in_autocommit``) rather than hopping to
    the thread pool for each synchronous dependency. The login check, the
    readers' lock and the last version are one statement; when the process
    has every page at that version (``PullCache``: the other clients asked for
    the same change a moment ago), that is all, and no transaction is needed.
    Same checks in the same order: the token (401), then the body."""
    credentials = await _bearer(request)
    body = await request.body()
    settings: Settings = request.app.state.settings
    now = request.app.state.clock()
    cache: PullCache | None = getattr(request.app.state, "pull_cache", None)

    claims = verify_token(settings, now, credentials)  # no database needed

    def scope_now(conn: Connection) -> tuple[int, Scope]:
        """The last issued version, and the scope of the token's user at that version."""
        session, issued, every_site = begin_pull_as(conn, claims.session_id)
        return issued, scope_from(session_user(claims, session), every_site)

    def answer(conn: Connection) -> Response:
        issued, scope = scope_now(conn)
        try:
            parsed = _parse(body, PullRequest, _quick_pull)
        except _VersionMismatch as mismatch:
            return mismatch.response
        cached = None if cache is None else cached_pull(scope, parsed, issued, cache)
        if cached is not None:
            return _json(cached.to_json())
        # the scope and the pages of one moment, under the readers' lock (a site
        # revoked since the first statement must not send its page)
        with transaction_on(conn):
            issued, scope = scope_now(conn)
            return _json(pull(conn, scope, parsed, issued=issued, cache=cache).to_json())

    return await run_in_autocommit(request, answer)
