"""Attachment files between the replica's BlobStore and the sync service. No Qt here.

Files travel by content address (docs/sync-protocol.md, "Attachments"):

- **Upload before the row.** Before the engine pushes, :func:`upload_pending_blobs`
  uploads the files of the ``attachment.add`` commands still in the outbox
  that the server lacks (``POST /blobs/missing``, then ``PUT /blobs/<sha256>``
  for each). A failed upload (offline) stops the sync before the push, so the
  server never holds an attachment row whose file it was not sent. A file the
  server refuses (over its cap, or damaged on this disk) is logged and skipped:
  its row still travels and shows as "not downloaded" elsewhere.
- **Download lazily.** :meth:`BlobSync.ensure_blob` returns the local path of a
  file, downloading it first when the store lacks it (streamed into a
  temporary file, hash checked, then renamed into place).
- **Prefetch.** After a pull, :func:`prefetch_blobs` downloads the attachments
  of the equipments of the user's open work (failures and maintenance tasks
  assigned to them, not validated or cancelled), plus any equipments the UI
  names (recently opened), within a budget (50 files, 200 MiB per sync by
  default). It never fails a sync: errors are logged and the rest waits for
  the next one, or for ``ensure_blob``.

``BlobSync`` uses the engine's :class:`SyncClient`, which serves one thread at a
time: the UI should call ``ensure_blob`` on a ``BlobSync`` with its own client
(or on the sync worker), not concurrently with a running sync.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import orjson
from sqlalchemy import Engine, select, union

from cmms_core.rules.workorder import OPEN_STATUSES
from cmms_core.schema.assets import attachments
from cmms_core.schema.failures import failures
from cmms_core.schema.maintenance import maintenance_tasks
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.sync.client import Offline, ServerRefused, SyncClient, SyncError

__all__ = [
    "MAX_PREFETCH_BYTES",
    "MAX_PREFETCH_FILES",
    "BlobCorrupt",
    "BlobReport",
    "BlobSync",
    "BlobUnavailable",
    "prefetch_blobs",
    "upload_pending_blobs",
]

log = logging.getLogger(__name__)

MAX_PREFETCH_FILES = 50
MAX_PREFETCH_BYTES = 200 * 1024 * 1024
_MISSING_PAGE = 1000  # hashes per POST /blobs/missing
_CHUNK = 1024 * 1024


class BlobUnavailable(SyncError):
    """The server has no file under this hash that this user may read (404)."""


class BlobCorrupt(SyncError):
    """The bytes received do not hash to the name they were asked for (nothing was kept)."""


@dataclass
class BlobReport:
    """What the last upload and prefetch did."""

    uploaded: int = 0
    uploaded_bytes: int = 0
    upload_skipped: list[str] = field(default_factory=list)  # refused by the server
    prefetched: int = 0
    prefetched_bytes: int = 0
    prefetch_failed: int = 0


class BlobSync:
    """One replica's file transfers with the server (see the module doc)."""

    def __init__(
        self,
        engine: Engine,
        store: BlobStore,
        client: SyncClient,
        *,
        max_prefetch_files: int = MAX_PREFETCH_FILES,
        max_prefetch_bytes: int = MAX_PREFETCH_BYTES,
        recent_equipments: Callable[[], Iterable[uuid.UUID]] | None = None,
    ) -> None:
        self._engine = engine
        self._store = store
        self._client = client
        self._max_files = max_prefetch_files
        self._max_bytes = max_prefetch_bytes
        self._recent = recent_equipments
        self.report = BlobReport()

    # ------------------------------------------------------------------ upload

    def queued_hashes(self) -> list[str]:
        """The files of the ``attachment.add`` commands waiting in the outbox, in order."""
        with self._engine.connect() as connection:
            payloads = connection.execute(
                select(outbox.c.payload)
                .where(outbox.c.name == "attachment.add")
                .order_by(outbox.c.seq)
            ).scalars()
            hashes = [p.get("sha256") for p in payloads if isinstance(p, dict)]
        return list(dict.fromkeys(h for h in hashes if isinstance(h, str)))

    def missing_on_server(self, hashes: list[str]) -> tuple[list[str], int | None]:
        """The hashes the server lacks, and its size cap."""
        missing: list[str] = []
        cap: int | None = None
        for start in range(0, len(hashes), _MISSING_PAGE):
            body = orjson.dumps({"hashes": hashes[start : start + _MISSING_PAGE]})
            response = self._client.transfer(
                "POST",
                "/blobs/missing",
                content=partial(bytes, body),
                headers={"Content-Type": "application/json"},
            )
            try:
                answer = orjson.loads(response.read())
            finally:
                response.close()
            missing += answer["missing"]
            cap = int(answer["max_bytes"])
        return missing, cap

    def upload(self, sha256: str) -> bool:
        """PUT one file of the store; False when the server refused it (logged)."""
        path = self._store.path_for(sha256)
        try:
            response = self._client.transfer(
                "PUT",
                f"/blobs/{sha256}",
                content=lambda: path.open("rb"),
                headers={"Content-Type": "application/octet-stream"},
            )
        except ServerRefused as error:
            log.warning("the server refused file %s: %s %s", sha256, error.code, error.message)
            self.report.upload_skipped.append(sha256)
            return False
        response.close()
        self.report.uploaded += 1
        self.report.uploaded_bytes += path.stat().st_size
        return True

    def upload_pending(self) -> int:
        """Upload the queued files the server lacks; returns how many were uploaded.

        Raises Offline (and the other sync errors) when the server cannot take
        them: the sync must then stop before pushing the rows that name them.
        """
        queued = [sha for sha in self.queued_hashes() if self._local(sha)]
        if not queued:
            return 0
        missing, cap = self.missing_on_server(queued)
        uploaded = 0
        for sha256 in missing:
            size = self._store.path_for(sha256).stat().st_size
            if cap is not None and size > cap:
                log.warning("file %s (%d bytes) is over the server's cap (%d)", sha256, size, cap)
                self.report.upload_skipped.append(sha256)
                continue
            uploaded += self.upload(sha256)
        return uploaded

    def _local(self, sha256: str) -> bool:
        if self._store.has(sha256):
            return True
        log.warning("attachment file %s is queued but not in the local store", sha256)
        return False

    # ------------------------------------------------------------------ download

    def ensure_blob(self, sha256: str) -> Path:
        """The local file of ``sha256``, downloaded first when missing.

        Raises BlobUnavailable (the server has no such file this user may
        read), BlobCorrupt (the bytes do not match: nothing is kept), Offline...
        """
        target = self._store.path_for(sha256)
        if target.is_file():
            return target
        try:
            response = self._client.transfer("GET", f"/blobs/{sha256}")
        except ServerRefused as error:
            if error.status == 404:
                raise BlobUnavailable(error.code, error.message) from error
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with tempfile.NamedTemporaryFile(
                dir=target.parent, suffix=".part", delete=False
            ) as part:
                try:
                    for chunk in response.iter_bytes(_CHUNK):
                        digest.update(chunk)
                        part.write(chunk)
                    part.flush()
                    os.fsync(part.fileno())
                except BaseException as error:
                    part.close()
                    Path(part.name).unlink(missing_ok=True)
                    if isinstance(error, httpx.TransportError):
                        message = f"the download was interrupted ({error})"
                        raise Offline("offline", message) from error
                    raise
        finally:
            response.close()
        if digest.hexdigest() != sha256:
            Path(part.name).unlink(missing_ok=True)
            raise BlobCorrupt(
                "hash_mismatch", f"the file received is not {sha256} ({digest.hexdigest()})"
            )
        os.replace(part.name, target)
        return target

    # ------------------------------------------------------------------ prefetch

    def wanted_equipments(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        """The equipments of the user's open failures and tasks, then the recent ones."""
        open_statuses = [status.value for status in OPEN_STATUSES]
        query = union(
            *(
                select(table.c.equipment_id).where(
                    table.c.assigned_to == user_id,
                    table.c.deleted_at.is_(None),
                    table.c.status.in_(open_statuses),
                )
                for table in (failures, maintenance_tasks)
            )
        )
        with self._engine.connect() as connection:
            ids = list(connection.execute(query).scalars())
        if self._recent is not None:
            ids += list(self._recent())
        return list(dict.fromkeys(ids))

    def prefetch_candidates(self, user_id: uuid.UUID) -> list[tuple[str, int]]:
        """(sha256, size) of the wanted attachments the store lacks, newest first."""
        equipment_ids = self.wanted_equipments(user_id)
        found: dict[str, int] = {}
        with self._engine.connect() as connection:
            for start in range(0, len(equipment_ids), 900):
                rows = connection.execute(
                    select(attachments.c.sha256, attachments.c.size_bytes)
                    .where(
                        attachments.c.owner_table == "equipments",
                        attachments.c.owner_id.in_(equipment_ids[start : start + 900]),
                        attachments.c.deleted_at.is_(None),
                    )
                    .order_by(attachments.c.created_at.desc())
                )
                for sha256, size in rows:
                    found.setdefault(sha256, size)
        return [(sha, size) for sha, size in found.items() if not self._store.has(sha)]

    def prefetch(self) -> int:
        """Download the files of the user's open work, within the budget; never raises."""
        try:
            candidates = self.prefetch_candidates(self._client.user_id)
        except Exception as error:
            log.warning("prefetch skipped: %s", error)
            return 0
        files = 0
        budget = self._max_bytes
        for sha256, size in candidates:
            if files >= self._max_files:
                break
            if size > budget:
                continue  # a smaller one may still fit
            try:
                path = self.ensure_blob(sha256)
            except Offline as error:
                log.info("prefetch stopped: %s", error.message)
                self.report.prefetch_failed += 1
                break
            except Exception as error:
                log.warning("prefetch of %s failed: %s", sha256, error)
                self.report.prefetch_failed += 1
                continue
            actual = path.stat().st_size
            files += 1
            budget -= actual
            self.report.prefetched += 1
            self.report.prefetched_bytes += actual
        return files


def upload_pending_blobs(blobs: BlobSync | None) -> int:
    """The engine's hook before a push (no-op without a BlobSync)."""
    return 0 if blobs is None else blobs.upload_pending()


def prefetch_blobs(blobs: BlobSync | None) -> int:
    """The engine's hook after a pull (no-op without a BlobSync; never raises)."""
    if blobs is None:
        return 0
    try:
        return blobs.prefetch()
    except Exception:  # a bug here must not fail a sync
        log.exception("prefetch failed")
        return 0
