"""The content-addressed file store for attachments (documents, photos, videos).

A file lives at ``blobs/ab/abcdef...`` under its SHA-256: the same photo
attached twice is stored once, and a file can be checked against its name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CHUNK = 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def path_for(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add_file(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` into the store; return its SHA-256 and size."""
        self._root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        # Copy to a temporary file while hashing, then rename: a crash never
        # leaves a half-written file under a valid hash.
        with (
            source.open("rb") as reader,
            tempfile.NamedTemporaryFile(dir=self._root, delete=False) as writer,
        ):
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            temporary = Path(writer.name)
        sha256 = digest.hexdigest()
        target = self.path_for(sha256)
        if target.exists():
            temporary.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)
        return sha256, size

    def add_bytes(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as writer:
                writer.write(data)
            os.replace(writer.name, target)
        return sha256

    def export(self, sha256: str, destination: Path) -> None:
        shutil.copyfile(self.path_for(sha256), destination)
