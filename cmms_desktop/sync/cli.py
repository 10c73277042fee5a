"""Headless sync: ``cmms-desktop --data-dir DIR sync --server URL``.

Credentials come from the arguments or from the environment
(``CMMS_SYNC_EMAIL`` and ``CMMS_SYNC_PASSWORD``; or ``CMMS_SYNC_TOKEN``, an
access token, without an e-mail). They are never written to disk.

Exit codes: 0 synced, 2 offline (nothing lost: run it again later), 3
credentials refused, 4 this version is too old for the server, 1 anything
else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from cmms_desktop.store import open_replica
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.meta import device_id as replica_device_id
from cmms_desktop.sync.blobs import BlobSync
from cmms_desktop.sync.client import Credentials, SyncClient
from cmms_desktop.sync.engine import SyncEngine, SyncReport

__all__ = ["EXIT_CODES", "credentials_from", "run_headless_sync"]

EXIT_CODES = {"ok": 0, "offline": 2, "auth_failed": 3, "upgrade_required": 4, "refused": 1}


def credentials_from(
    email: str | None, password_or_token: str | None, environ: os._Environ[str] | dict[str, str]
) -> Credentials | None:
    email = email or environ.get("CMMS_SYNC_EMAIL") or None
    if email:
        secret = password_or_token or environ.get("CMMS_SYNC_PASSWORD")
        return Credentials(email=email, secret=secret) if secret else None
    token = password_or_token or environ.get("CMMS_SYNC_TOKEN")
    return Credentials(email=None, secret=token) if token else None


def _summary(report: SyncReport) -> str:
    text = (
        f"sync {report.status}: pushed {report.pushed} ({report.applied} applied, "
        f"{report.rejected} rejected), pulled {report.pulled_rows} rows in "
        f"{report.pull_pages} pages"
    )
    if report.revoked:
        text += f", lost access to {len(report.revoked)} site(s)"
    if report.message:
        text += f" - {report.message}"
    return text


def run_headless_sync(
    data_dir: Path,
    server_url: str,
    email: str | None = None,
    password_or_token: str | None = None,
    *,
    out: TextIO | None = None,
) -> int:
    """One sync cycle of the replica in ``data_dir``; returns the process exit code."""
    out = out or sys.stdout
    credentials = credentials_from(email, password_or_token, os.environ)
    if credentials is None:
        print(
            "sync: no credentials: set CMMS_SYNC_EMAIL and CMMS_SYNC_PASSWORD (or CMMS_SYNC_TOKEN)",
            file=sys.stderr,
        )
        return 1
    replica = open_replica(data_dir)
    try:
        device = replica_device_id(replica.engine)
        with SyncClient(server_url, credentials, device) as client:
            blobs = BlobSync(replica.engine, BlobStore(data_dir / "blobs"), client)
            engine = SyncEngine(replica.engine, client, device_id=device, blobs=blobs)
            report = engine.sync_once()
    finally:
        replica.dispose()
    print(_summary(report), file=out if report.ok else sys.stderr)
    return EXIT_CODES[report.status]
