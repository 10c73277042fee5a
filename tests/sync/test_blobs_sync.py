"""Attachment files between real replicas and a real server, by content address.

A's file reaches the server before the row that names it; B gets the row on
its pull and the file on demand (``ensure_blob``), or at once when it belongs
to B's open work (prefetch). A failed upload stops the sync before the push;
a failed prefetch never fails a sync.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, insert, select

from cmms_core.schema.assets import attachments
from cmms_core.schema.failures import failures
from cmms_core.schema.maintenance import maintenance_tasks
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine, SyncReport
from cmms_desktop.sync.blobs import BlobSync, BlobUnavailable
from sync_server.config import Settings
from sync_server.main import create_app
from sync_server.sync.versions import next_version
from tests.server.conftest import TEST_JWT_SECRET
from tests.sync.conftest import Account, Device, Plant
from tests.sync.live import serve_in_thread

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server_blob_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server-blobs")


@pytest.fixture(scope="module")
def live_server(
    _session_engine: Engine, server_db_url: str, server_blob_dir: Path
) -> Iterator[str]:
    """This module's server: the conftest's, with a blob directory of its own."""
    settings = Settings(
        environment="test",
        database_url=server_db_url,
        jwt_secret=TEST_JWT_SECRET,  # type: ignore[arg-type]
        blob_dir=server_blob_dir,
    )
    with serve_in_thread(create_app(settings, engine=_session_engine)) as url:
        yield url


def sync(dev: Device, store: BlobStore, **options: Any) -> tuple[SyncReport, BlobSync]:
    with dev.client() as client:
        blobs = BlobSync(dev.engine, store, client, **options)
        report = SyncEngine(dev.engine, client, blobs=blobs).sync_once()
    return report, blobs


def attach(
    dev: Device, store: BlobStore, equipment: uuid.UUID, data: bytes
) -> tuple[uuid.UUID, str]:
    """What the equipment page does: the file into the store, then attachment.add."""
    sha256 = store.add_bytes(data)
    attachment_id = uuid.uuid4()
    dev.write(
        "attachment.add",
        {
            "id": attachment_id,
            "owner_table": "equipments",
            "owner_id": equipment,
            "sha256": sha256,
            "filename": "notice.pdf",
            "mime_type": "application/pdf",
            "size_bytes": len(data),
            "kind": "document",
        },
    )
    return attachment_id, sha256


def unique(label: str, size: int = 1000) -> bytes:
    """Bytes no other test uploads (the server's blob directory is shared by the module)."""
    seed = f"{label}-{uuid.uuid4()}-".encode()
    return (seed * (size // len(seed) + 1))[:size]


def on_server(blob_dir: Path, sha256: str) -> bytes | None:
    path = blob_dir / sha256[:2] / sha256
    return path.read_bytes() if path.is_file() else None


def server_rows(db: Engine, sha256: str) -> int:
    with db.connect() as connection:
        query = select(func.count()).select_from(attachments).where(attachments.c.sha256 == sha256)
        return int(connection.execute(query).scalar_one())


def assign_failure(
    plant: Plant, equipment: uuid.UUID, to: Account, status: str = "assigned"
) -> None:
    """A failure assigned to ``to``, written on the server as the service would (with a version)."""
    with plant.db.begin() as connection:
        version = next_version(connection)
        connection.execute(
            insert(failures).values(
                id=uuid.uuid4(),
                site_id=plant.site_a,
                version=version,
                created_at=NOW,
                updated_at=NOW,
                number=f"F-{uuid.uuid4().hex[:8]}",
                equipment_id=equipment,
                description="Fuite au presse-étoupe",
                urgency=3,
                status=status,
                reported_by=plant.supervisor.id,
                reported_at=NOW,
                assigned_to=to.id,
            )
        )


def test_a_file_travels_by_its_hash(
    device: Callable[[str, Account], Device], plant: Plant, tmp_path: Path, server_blob_dir: Path
) -> None:
    pump = plant.equipment(plant.site_a, "P-101")
    a, b = device("a", plant.supervisor), device("b", plant.technician)
    store_a, store_b = BlobStore(tmp_path / "a-blobs"), BlobStore(tmp_path / "b-blobs")
    assert a.sync().ok
    data = unique("notice", 300_000)
    attachment_id, sha256 = attach(a, store_a, pump, data)

    report, blobs_a = sync(a, store_a)
    assert report.ok, report.message
    assert report.applied == 1
    assert blobs_a.report.uploaded == 1
    assert on_server(server_blob_dir, sha256) == data
    assert server_rows(plant.db, sha256) == 1

    report, blobs_a = sync(a, store_a)  # nothing queued any more: nothing sent again
    assert report.ok and blobs_a.report.uploaded == 0

    report, blobs_b = sync(b, store_b)
    assert report.ok, report.message
    row = b.row("attachments", attachment_id)
    assert row is not None and row["sha256"] == sha256
    assert not store_b.has(sha256)  # not B's open work: not prefetched
    assert blobs_b.report.prefetched == 0

    with b.client() as client:
        path = BlobSync(b.engine, store_b, client).ensure_blob(sha256)
    assert path == store_b.path_for(sha256)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    assert not list((tmp_path / "b-blobs").rglob("*.part"))


def test_a_failed_upload_stops_the_sync_before_the_push(
    device: Callable[[str, Account], Device], plant: Plant, tmp_path: Path, server_blob_dir: Path
) -> None:
    pump = plant.equipment(plant.site_a, "P-102")
    a = device("a", plant.supervisor)
    store = BlobStore(tmp_path / "a-blobs")
    assert a.sync().ok
    _, sha256 = attach(a, store, pump, unique("photo"))

    class BlobsCutOff(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.startswith("/blobs"):
                raise httpx.ConnectError("the file transfer was cut off", request=request)
            return super().handle_request(request)

    credentials = Credentials(a.account.email, a.account.password)
    with SyncClient(a.server_url, credentials, a.device_id, transport=BlobsCutOff()) as client:
        report = SyncEngine(a.engine, client, blobs=BlobSync(a.engine, store, client)).sync_once()
    assert report.status == "offline"
    assert report.pushed == 0
    assert [entry["name"] for entry in a.outbox()] == ["attachment.add"]
    assert server_rows(plant.db, sha256) == 0  # no row without its file
    assert on_server(server_blob_dir, sha256) is None

    report, blobs = sync(a, store)  # the network is back
    assert report.ok and blobs.report.uploaded == 1 and report.applied == 1
    assert server_rows(plant.db, sha256) == 1


def test_the_files_of_open_work_are_prefetched_within_the_budget(
    device: Callable[[str, Account], Device], plant: Plant, tmp_path: Path
) -> None:
    broken, fine, idle = (plant.equipment(plant.site_a, code) for code in ("P-1", "P-2", "P-3"))
    a, b = device("a", plant.supervisor), device("b", plant.technician)
    store_a, store_b = BlobStore(tmp_path / "a-blobs"), BlobStore(tmp_path / "b-blobs")
    assert a.sync().ok
    _, manual = attach(a, store_a, broken, unique("manual"))
    _, photo = attach(a, store_a, broken, unique("photo"))
    _, other = attach(a, store_a, idle, unique("other"))
    _, done = attach(a, store_a, fine, unique("done"))
    assert sync(a, store_a)[0].ok

    assign_failure(plant, broken, plant.technician)
    assign_failure(plant, fine, plant.technician, status="validated")  # closed: not open work
    assign_failure(plant, idle, plant.supervisor)  # someone else's

    # a task on the same equipment whose file never reached the server
    lost = hashlib.sha256(b"lost on a laptop").hexdigest()
    with plant.db.begin() as connection:
        version = next_version(connection)
        connection.execute(
            insert(attachments).values(
                id=uuid.uuid4(),
                site_id=plant.site_a,
                version=version,
                created_at=NOW,
                updated_at=NOW,
                sha256=lost,
                filename="lost.jpg",
                mime_type="image/jpeg",
                size_bytes=10,
                kind="photo",
                owner_table="equipments",
                owner_id=broken,
            )
        )
        connection.execute(
            insert(maintenance_tasks).values(
                id=uuid.uuid4(),
                site_id=plant.site_a,
                version=version,
                created_at=NOW,
                updated_at=NOW,
                equipment_id=broken,
                title="Graissage",
                status="in_progress",
                assigned_to=plant.technician.id,
            )
        )

    report, blobs = sync(b, store_b, max_prefetch_files=1)
    assert report.ok, report.message  # the lost file does not fail the sync
    assert blobs.report.prefetched == 1
    assert store_b.has(manual) != store_b.has(photo)  # one of the two, within the budget
    assert not store_b.has(other) and not store_b.has(done)

    report, blobs = sync(b, store_b)
    assert report.ok
    assert store_b.has(manual) and store_b.has(photo)
    assert not store_b.has(other) and not store_b.has(done)
    assert blobs.report.prefetch_failed == 1  # the lost one, again; never fatal

    with b.client() as client, pytest.raises(BlobUnavailable):
        BlobSync(b.engine, store_b, client).ensure_blob(lost)
