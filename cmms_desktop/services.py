"""The client's services, built once by the composition root (app.py) and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cmms_desktop.store.auth import OfflineAuth
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.writer import LocalWriter


@dataclass(frozen=True)
class DesktopServices:
    data_dir: Path
    replica: Replica
    device_id: str
    writer: LocalWriter
    auth: OfflineAuth
    blobs: BlobStore
