"""/blobs: attachment files by content address, through the real app on a real PostgreSQL.

Uploads stream to a temporary file while hashed (nothing under a valid name
before the hash is checked), the size cap answers 413 while the body streams,
and a file is readable only through an attachment row in the caller's scope.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine, insert

from cmms_core.schema.assets import attachments, sites
from cmms_core.schema.people import user_permissions
from sync_server.config import Settings
from tests.server.conftest import TEST_JWT_SECRET, MadeUser, bearer, login

pytestmark = pytest.mark.postgres

CAP = 64 * 1024
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def blob_dir(tmp_path: Path) -> Path:
    return tmp_path / "blobs"


@pytest.fixture
def api(make_app: Callable[..., FastAPI], blob_dir: Path) -> Iterator[TestClient]:
    app = make_app(blob_dir=blob_dir, max_blob_bytes=CAP)
    with TestClient(app) as test_client:
        yield test_client


def stored_files(blob_dir: Path) -> list[Path]:
    """Every file under the store, temporary ones included."""
    return sorted(p for p in blob_dir.rglob("*") if p.is_file()) if blob_dir.exists() else []


def add_site(db: Engine, code: str) -> uuid.UUID:
    site_id = uuid.uuid4()
    with db.begin() as connection:
        connection.execute(
            insert(sites).values(
                id=site_id, code=code, name=code, version=1, created_at=NOW, updated_at=NOW
            )
        )
    return site_id


def add_attachment(db: Engine, sha256: str, site_id: uuid.UUID | None, **extra: Any) -> None:
    with db.begin() as connection:
        connection.execute(
            insert(attachments).values(
                id=uuid.uuid4(),
                site_id=site_id,
                version=1,
                created_at=NOW,
                updated_at=NOW,
                sha256=sha256,
                filename="notice.pdf",
                mime_type="application/pdf",
                size_bytes=10,
                kind="document",
                owner_table="equipments",
                owner_id=uuid.uuid4(),
                **extra,
            )
        )


def grant(db: Engine, user: MadeUser, site_id: uuid.UUID) -> None:
    with db.begin() as connection:
        connection.execute(
            insert(user_permissions).values(
                id=uuid.uuid4(),
                user_id=user.id,
                scope_site_id=site_id,
                version=1,
                created_at=NOW,
                updated_at=NOW,
            )
        )


@pytest.fixture
def tech(make_user: Callable[..., MadeUser]) -> MadeUser:
    return make_user("tom@usine.fr", role="technician")


@pytest.fixture
def tech_headers(api: TestClient, tech: MadeUser) -> dict[str, str]:
    return bearer(login(api, tech))


def test_round_trip_and_idempotent_upload(
    api: TestClient, db: Engine, tech_headers: dict[str, str], blob_dir: Path
) -> None:
    data = b"%PDF-1.7 notice de la pompe P-101\n" * 100
    digest = sha(data)
    first = api.put(f"/blobs/{digest}", content=data, headers=tech_headers)
    assert first.status_code == 201, first.text
    assert first.json() == {"sha256": digest, "size": len(data), "created": True}
    assert stored_files(blob_dir) == [blob_dir / digest[:2] / digest]
    mtime = (blob_dir / digest[:2] / digest).stat().st_mtime_ns

    again = api.put(f"/blobs/{digest}", content=data, headers=tech_headers)
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert (blob_dir / digest[:2] / digest).stat().st_mtime_ns == mtime  # not rewritten

    add_attachment(db, digest, None)  # global: everyone sees it
    got = api.get(f"/blobs/{digest}", headers=tech_headers)
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["etag"] == f'"{digest}"'
    head = api.head(f"/blobs/{digest}", headers=tech_headers)
    assert head.status_code == 200
    assert int(head.headers["content-length"]) == len(data)


def test_missing_lists_what_the_server_lacks(api: TestClient, tech_headers: dict[str, str]) -> None:
    have, lack = b"have", b"lack"
    api.put(f"/blobs/{sha(have)}", content=have, headers=tech_headers)
    answer = api.post(
        "/blobs/missing", json={"hashes": [sha(have), sha(lack), sha(lack)]}, headers=tech_headers
    )
    assert answer.status_code == 200
    assert answer.json() == {"missing": [sha(lack)], "max_bytes": CAP}
    bad = api.post("/blobs/missing", json={"hashes": ["nope"]}, headers=tech_headers)
    assert bad.status_code == 422


def test_hash_mismatch_is_refused_and_nothing_is_stored(
    api: TestClient, tech_headers: dict[str, str], blob_dir: Path
) -> None:
    claimed = sha(b"the real file")
    answer = api.put(f"/blobs/{claimed}", content=b"another file", headers=tech_headers)
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "hash_mismatch"
    assert claimed in body["message"] and sha(b"another file") in body["message"]
    assert "Nothing was stored" in body["message"]
    assert stored_files(blob_dir) == []


def test_over_the_cap_is_refused_while_streaming(
    api: TestClient, tech_headers: dict[str, str], blob_dir: Path
) -> None:
    data = b"x" * (CAP * 3)
    chunks_sent: list[int] = []

    def body() -> Iterator[bytes]:  # chunked: no Content-Length to refuse early on
        for start in range(0, len(data), 8192):
            chunks_sent.append(start)
            yield data[start : start + 8192]

    answer = api.put(f"/blobs/{sha(data)}", content=body(), headers=tech_headers)
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"
    assert stored_files(blob_dir) == []

    # with a Content-Length over the cap, refused before reading anything
    declared = api.put(f"/blobs/{sha(data)}", content=data, headers=tech_headers)
    assert declared.status_code == 413
    assert stored_files(blob_dir) == []

    # exactly at the cap is fine
    fits = b"y" * CAP
    assert api.put(f"/blobs/{sha(fits)}", content=fits, headers=tech_headers).status_code == 201


def test_malformed_hash_and_missing_token(api: TestClient, tech_headers: dict[str, str]) -> None:
    for bad in ("abc", "A" * 64, "g" * 64, sha(b"x") + "0"):
        assert api.put(f"/blobs/{bad}", content=b"x", headers=tech_headers).status_code == 400
        assert api.get(f"/blobs/{bad}", headers=tech_headers).status_code == 400
    digest = sha(b"x")
    assert api.put(f"/blobs/{digest}", content=b"x").status_code == 401
    assert api.get(f"/blobs/{digest}").status_code == 401
    assert api.post("/blobs/missing", json={"hashes": []}).status_code == 401
    # the token is checked before the hash
    assert api.get("/blobs/abc").status_code == 401


def test_a_file_is_readable_only_through_an_attachment_in_scope(
    api: TestClient,
    db: Engine,
    tech: MadeUser,
    tech_headers: dict[str, str],
    make_user: Callable[..., MadeUser],
) -> None:
    lyon, rouen = add_site(db, "LYO"), add_site(db, "ROU")
    grant(db, tech, lyon)
    admin_headers = bearer(login(api, make_user("admin@usine.fr", role="admin")))

    secret, mine, orphan = b"plan of Rouen", b"photo of Lyon", b"uploaded, never attached"
    for data in (secret, mine, orphan):
        assert api.put(f"/blobs/{sha(data)}", content=data, headers=tech_headers).is_success
    add_attachment(db, sha(secret), rouen)
    add_attachment(db, sha(mine), lyon)

    assert api.get(f"/blobs/{sha(mine)}", headers=tech_headers).content == mine
    hidden = api.get(f"/blobs/{sha(secret)}", headers=tech_headers)
    assert hidden.status_code == 404  # exists, but not in Tom's sites
    assert hidden.json()["code"] == "not_found"
    assert api.get(f"/blobs/{sha(orphan)}", headers=tech_headers).status_code == 404
    assert api.get(f"/blobs/{sha(secret)}", headers=admin_headers).content == secret

    # a row that names a file the server has not received yet
    add_attachment(db, sha(b"still on a laptop"), lyon)
    pending = api.get(f"/blobs/{sha(b'still on a laptop')}", headers=tech_headers)
    assert pending.status_code == 404
    assert pending.json()["code"] == "blob_not_uploaded"


def test_blob_dir_is_required_in_production(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="CMMS_BLOB_DIR must be set"):
        Settings(environment="production", jwt_secret=TEST_JWT_SECRET)  # type: ignore[arg-type]
    settings = Settings(
        environment="production",
        jwt_secret=TEST_JWT_SECRET,  # type: ignore[arg-type]
        blob_dir=tmp_path,
    )
    assert settings.blob_root == tmp_path
    assert Settings(environment="development").blob_root == Path("data/blobs")
