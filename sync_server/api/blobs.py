"""/blobs routes: attachment files by content address (docs/sync-protocol.md, "Attachments").

- ``POST /blobs/missing`` ``{"hashes": [...]}``: which of these files the
  server lacks (so that a client uploads only those), and the size cap.
- ``PUT /blobs/{sha256}``: the file's bytes as the body; streamed to disk,
  checked against the hash, refused over the cap (413) while it streams.
- ``GET /blobs/{sha256}`` (and ``HEAD``): the file, only when an attachment
  row the caller may see refers to it; otherwise 404, so that knowing a hash
  is not enough to read someone else's file.

Every route needs a bearer token (checked first: 401). The token is checked
in a short transaction of its own (:data:`DetachedUser`): no database
connection is held while a file moves.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync_server.api.detached import DetachedUser, references_visible_blob
from sync_server.blobs.storage import BlobHashMismatch, BlobStorage, BlobTooLarge, is_sha256
from sync_server.errors import ApiError

__all__ = ["MAX_MISSING_QUERY", "router"]

router = APIRouter(prefix="/blobs", tags=["blobs"])

# Hashes per POST /blobs/missing.
MAX_MISSING_QUERY = 1000


def get_storage(request: Request) -> BlobStorage:
    storage: BlobStorage = request.app.state.blobs
    return storage


StorageDep = Annotated[BlobStorage, Depends(get_storage)]


def _checked(sha256: str) -> str:
    if not is_sha256(sha256):
        raise ApiError(
            400,
            "invalid_hash",
            "A file is named by its SHA-256: 64 lowercase hexadecimal digits.",
            field_errors={"sha256": "invalid_hash"},
        )
    return sha256


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "payload_too_large",
        f"The file is larger than this server accepts ({limit} bytes): nothing was stored.",
    )


class MissingIn(BaseModel):
    hashes: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = Field(
        max_length=MAX_MISSING_QUERY
    )


class MissingOut(BaseModel):
    missing: list[str]
    max_bytes: int


class StoredOut(BaseModel):
    sha256: str
    size: int
    created: bool


@router.post("/missing", summary="Which of these files the server lacks")
def missing_route(user: DetachedUser, storage: StorageDep, body: MissingIn) -> MissingOut:
    return MissingOut(missing=storage.missing(body.hashes), max_bytes=storage.max_bytes)


@router.put(
    "/{sha256}",
    summary="Upload a file under its SHA-256",
    response_model=StoredOut,
    responses={201: {"model": StoredOut}},
)
async def put_route(
    sha256: str, request: Request, user: DetachedUser, storage: StorageDep
) -> JSONResponse:
    _checked(sha256)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > storage.max_bytes:
        raise _too_large(storage.max_bytes)  # refused before a byte is read
    try:
        stored = await storage.receive(sha256, request.stream())
    except BlobTooLarge as error:
        raise _too_large(error.limit) from None
    except BlobHashMismatch as error:
        raise ApiError(
            422,
            "hash_mismatch",
            f"The body's SHA-256 is {error.actual} ({error.size} bytes), not the {sha256} "
            "named in the URL: the file was damaged on the way or the wrong file was sent. "
            "Nothing was stored.",
        ) from None
    except ClientDisconnect:
        raise ApiError(400, "upload_interrupted", "The upload ended early.") from None
    body = StoredOut(sha256=stored.sha256, size=stored.size, created=stored.created)
    return JSONResponse(body.model_dump(), status_code=201 if stored.created else 200)


@router.get("/{sha256}", summary="Download a file", response_model=None)
async def get_route(
    sha256: str, request: Request, user: DetachedUser, storage: StorageDep
) -> FileResponse:
    _checked(sha256)
    engine: Engine = request.app.state.engine

    def visible() -> bool:
        with engine.connect() as conn, conn.begin():
            return references_visible_blob(conn, user.site_ids, sha256)

    if not await run_in_threadpool(visible):
        raise ApiError(404, "not_found", "No attachment you may see refers to this file.")
    path = storage.path_for(sha256)
    if not path.is_file():
        raise ApiError(
            404, "blob_not_uploaded", "The file of this attachment has not reached the server yet."
        )
    return FileResponse(
        path,
        media_type="application/octet-stream",
        headers={"ETag": f'"{sha256}"', "Cache-Control": "private, max-age=31536000, immutable"},
    )


# HEAD: the same answer without the body (its size, its ETag), out of the schema
router.add_api_route(
    "/{sha256}", get_route, methods=["HEAD"], include_in_schema=False, response_model=None
)
