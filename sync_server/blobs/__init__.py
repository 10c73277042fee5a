"""Attachment files on the server, stored by their SHA-256 (see storage.py)."""

from sync_server.blobs.storage import (
    BlobHashMismatch,
    BlobStorage,
    BlobTooLarge,
    StoredBlob,
    is_sha256,
)

__all__ = ["BlobHashMismatch", "BlobStorage", "BlobTooLarge", "StoredBlob", "is_sha256"]
