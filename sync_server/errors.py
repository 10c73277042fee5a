"""Every error leaves the service as JSON: ``{code, message, field_errors}``.

``code`` is a stable machine-readable string the client switches on;
``message`` a sentence for a person; ``field_errors`` maps request fields to
codes (empty when the error is not about one field).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from cmms_core.mutations import MutationRejected

__all__ = ["ApiError", "error_body", "install_error_handlers", "mutation_status"]

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer decided by the service.

    ``commit``: keep what the request wrote before failing (a failed login is
    recorded, a reused refresh token revokes its session) although the answer
    is an error; by default an error rolls the request's transaction back.
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        field_errors: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        commit: bool = False,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.field_errors = dict(field_errors or {})
        self.headers = dict(headers or {})
        self.commit = commit


def error_body(
    code: str, message: str, field_errors: Mapping[str, str] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "field_errors": dict(field_errors or {})}


_MUTATION_STATUS = {
    "invalid": 422,
    "forbidden": 403,
    "not_found": 404,
    "duplicate": 409,
    "invalid_state": 409,
    "conflict": 409,
    "unknown_mutation": 400,
}


def mutation_status(code: str) -> int:
    """The HTTP status of a MutationRejected code (an unknown code is a 400)."""
    return _MUTATION_STATUS.get(code, 400)


_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


async def _api_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return JSONResponse(
        error_body(error.code, error.message, error.field_errors),
        status_code=error.status_code,
        headers=error.headers or None,
    )


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    field_errors: dict[str, str] = {}
    details: list[str] = []
    for item in error.errors():
        name = _field_name(item.get("loc", ()))
        field_errors.setdefault(name, str(item.get("type", "invalid")))
        details.append(f"{name}: {item.get('msg', 'invalid')}")
    malformed = any(item.get("type") == "json_invalid" for item in error.errors())
    code = "malformed_json" if malformed else "invalid_request"
    message = "The request body is not valid JSON." if malformed else "The request is invalid."
    if details and not malformed:
        message = f"{message} {'; '.join(details)}"
    return JSONResponse(error_body(code, message, field_errors), status_code=422)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    code = _HTTP_CODES.get(status, f"http_{status}")
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    message = error.detail if isinstance(error.detail, str) and error.detail else phrase
    if status == 400 and message == "There was an error parsing the body":
        # FastAPI's answer to a body it cannot decode (e.g. not UTF-8)
        code, message = "malformed_body", "The request body could not be read as UTF-8 JSON."
    return JSONResponse(
        error_body(code, message), status_code=status, headers=getattr(error, "headers", None)
    )


async def _mutation_rejected(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, MutationRejected)
    return JSONResponse(
        error_body(error.code, error.message, error.field_errors),
        status_code=mutation_status(error.code),
    )


async def _database_unavailable(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DBAPIError)
    if not (isinstance(error, OperationalError) or error.connection_invalidated):
        return await _internal_error(request, error)
    log.warning("database unavailable: %s", error.orig)
    return JSONResponse(
        error_body("database_unavailable", "The database cannot be reached; try again shortly."),
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def _unstorable_value(request: Request, error: Exception) -> JSONResponse:
    """A value PostgreSQL refuses (a NUL character in a text, a string longer than its
    column): the request's fault, never a server error."""
    assert isinstance(error, DataError)
    lines = str(error.orig).strip().splitlines()
    reason = lines[0] if lines else "invalid value"
    log.info("value refused by the database on %s %s: %s", request.method, request.url.path, reason)
    message = f"The request holds a value that cannot be stored ({reason})."
    return JSONResponse(error_body("invalid_request", message), status_code=422)


async def _internal_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse(
        error_body("internal_error", "An unexpected error happened on the server."),
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(MutationRejected, _mutation_rejected)
    app.add_exception_handler(DataError, _unstorable_value)
    app.add_exception_handler(DBAPIError, _database_unavailable)
    app.add_exception_handler(Exception, _internal_error)
