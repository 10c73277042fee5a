"""The service's attachment files: a directory of files named by their SHA-256.

A file lives at ``<root>/ab/abcdef...`` (the first two hex digits fan the
files out over 256 directories). An upload streams into a temporary file in
``<root>/tmp`` (same file system) while it is hashed and counted; it is
renamed to its final name only when its SHA-256 is the one it was sent under
and it stayed within the size cap. A reader therefore never sees a partial or
wrong file under a valid name, a crash leaves at worst a ``.part`` file in
``tmp``, and the body is never held in memory (it is written in pieces of at
most ``FLUSH_BYTES``).

Content addressing makes an upload idempotent: a file the store already has is
not written again. Two concurrent uploads of the same file both end with the
same bytes under the same name (``os.replace`` is atomic).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread

__all__ = [
    "FLUSH_BYTES",
    "BlobHashMismatch",
    "BlobStorage",
    "BlobTooLarge",
    "StoredBlob",
    "is_sha256",
]

log = logging.getLogger(__name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Received pieces are gathered up to this size, then hashed and written in a
# worker thread (one thread hop per MiB, not per network read).
FLUSH_BYTES = 1024 * 1024


def is_sha256(text: str) -> bool:
    """64 lowercase hexadecimal digits: the only spelling of a content address."""
    return _SHA256.fullmatch(text) is not None


class BlobTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than {limit} bytes")
        self.limit = limit


class BlobHashMismatch(Exception):
    def __init__(self, expected: str, actual: str, size: int) -> None:
        super().__init__(f"the body's SHA-256 is {actual}, not {expected}")
        self.expected = expected
        self.actual = actual
        self.size = size


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False: the store had it already (nothing was written)


class _PartFile:
    """A temporary file being hashed and written (its methods run in a worker thread)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{uuid.uuid4().hex}.part"
        self._file: BinaryIO = self.path.open("xb")
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self._file.write(data)

    def seal(self) -> None:
        """Flush to the disk (the rename that follows must not outrun the data)."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class BlobStorage:
    """The directory store of the attachment files (see the module doc)."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def missing(self, hashes: Iterable[str]) -> list[str]:
        """The hashes (distinct, in the order given) whose file the store lacks."""
        return [sha for sha in dict.fromkeys(hashes) if not self.has(sha)]

    async def receive(self, sha256: str, body: AsyncIterator[bytes]) -> StoredBlob:
        """Store the streamed ``body`` under ``sha256``, checking the hash and the cap.

        Raises BlobTooLarge as soon as more than ``max_bytes`` arrived, and
        BlobHashMismatch at the end; either way nothing is kept. A file the
        store already has is not written again (the body is read and dropped,
        at most ``max_bytes`` of it, so that the client sees the answer).
        """
        target = self.path_for(sha256)
        if target.is_file():
            size = 0
            async for chunk in body:
                size += len(chunk)
                if size > self.max_bytes:
                    break
            return StoredBlob(sha256, target.stat().st_size, created=False)

        part = await to_thread.run_sync(_PartFile, self.root / "tmp")
        try:
            size = 0
            pending = bytearray()
            async for chunk in body:
                size += len(chunk)
                if size > self.max_bytes:
                    raise BlobTooLarge(self.max_bytes)
                pending += chunk
                if len(pending) >= FLUSH_BYTES:
                    await to_thread.run_sync(part.write, bytes(pending))
                    pending.clear()
            if pending:
                await to_thread.run_sync(part.write, bytes(pending))
            actual = part.digest.hexdigest()
            if actual != sha256:
                raise BlobHashMismatch(sha256, actual, size)
            await to_thread.run_sync(part.seal)
            await to_thread.run_sync(self._publish, part.path, target)
        except BaseException:
            part.discard()  # quick, and must run even when the request is cancelled
            raise
        log.info("stored blob %s (%d bytes)", sha256, size)
        return StoredBlob(sha256, size, created=True)

    @staticmethod
    def _publish(part: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
