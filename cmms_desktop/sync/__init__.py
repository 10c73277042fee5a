"""The client's sync engine: outbox push, cursor pull, re-apply (no Qt here).

``SyncEngine(replica.engine, SyncClient(url, credentials, device_id)).sync_once()``
runs one cycle; ``cli.run_headless_sync`` runs it from the command line.
"""

from cmms_desktop.sync.client import (
    AuthenticationFailed,
    Credentials,
    Offline,
    ServerRefused,
    SyncClient,
    SyncError,
    UpgradeRequired,
)
from cmms_desktop.sync.engine import SyncEngine, SyncReport

__all__ = [
    "AuthenticationFailed",
    "Credentials",
    "Offline",
    "ServerRefused",
    "SyncClient",
    "SyncEngine",
    "SyncError",
    "SyncReport",
    "UpgradeRequired",
]
