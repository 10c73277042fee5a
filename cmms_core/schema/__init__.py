"""SQLAlchemy 2.0 tables shared by the replica (SQLite) and the server (PostgreSQL).

Importing this package registers every table on ``metadata``.
"""

from cmms_core.schema import (
    analytics,
    assets,
    failures,
    inventory,
    maintenance,
    people,
    sync,
)
from cmms_core.schema.base import SYNC_COLUMN_NAMES, metadata, new_id, synced_tables
from cmms_core.schema.types import UTCDateTime, utcnow

__all__ = [
    "SYNC_COLUMN_NAMES",
    "UTCDateTime",
    "analytics",
    "assets",
    "failures",
    "inventory",
    "maintenance",
    "metadata",
    "new_id",
    "people",
    "sync",
    "synced_tables",
    "utcnow",
]
