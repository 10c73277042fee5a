"""The shared metadata and the sync columns every synced row carries.

Every synced table has: a client-generated UUID ``id``; ``site_id``, its sync
bucket (NULL for the global bucket); ``version``, assigned by the server (0 for
a row the server has not seen yet); creation and update times; the
``deleted_at`` tombstone: nothing a user deletes is hard-deleted; and
``field_clocks``, the hybrid-logical-clock stamp of the last write of each
field, kept by the server (docs/sync-protocol.md, "Conflicts").
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, MetaData, Table, Uuid
from sqlalchemy.schema import SchemaItem

from cmms_core.schema.types import UTCDateTime, utcnow

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SYNC_COLUMN_NAMES = ("id", "site_id", "version", "created_at", "updated_at", "deleted_at")
# {field: HLC stamp of its last write}; "*" holds the stamp of the row's creation,
# the clock of every field not named. NULL: written without clocks (a bulk load).
FIELD_CLOCKS = "field_clocks"
CREATION_CLOCK = "*"


def new_id() -> uuid.UUID:
    return uuid.uuid4()


Bucket = Literal["site", "global", "mixed"]


def sync_columns(bucket: Bucket = "site") -> list[Column[Any]]:
    """The columns of ARCHITECTURE.md's sync design, fresh for one table.

    ``bucket``: "site" rows always live in a site's bucket, "global" rows never
    do, "mixed" rows follow what they describe (an attachment of a global part
    is global, one of an equipment is in the equipment's site).
    """
    site_fk: list[ForeignKey] = [] if bucket == "global" else [ForeignKey("sites.id")]
    return [
        Column("id", Uuid, primary_key=True, default=new_id),
        Column("site_id", Uuid, *site_fk, nullable=bucket != "site"),
        Column("version", BigInteger, nullable=False, default=0),
        Column("created_at", UTCDateTime, nullable=False, default=utcnow),
        Column("updated_at", UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow),
        Column("deleted_at", UTCDateTime, nullable=True),
        Column(FIELD_CLOCKS, JSON, nullable=True),
    ]


def synced_table(name: str, *columns: SchemaItem, bucket: Bucket = "site") -> Table:
    """Declare a synced table: the sync columns first, then the domain columns.

    ``table.info`` records that it is synced and its bucket kind, so the
    replica, the server and the tests can list synced tables from the metadata.
    Every synced table gets an index on (site_id, version) because pulls read a
    bucket in version order.
    """
    table = Table(
        name,
        metadata,
        *sync_columns(bucket),
        *columns,
        info={"synced": True, "bucket": bucket},
    )
    Index(f"ix_{name}_bucket_version", table.c.site_id, table.c.version)
    return table


def synced_tables() -> list[Table]:
    """Synced tables in dependency order (parents before children)."""
    return [t for t in metadata.sorted_tables if t.info.get("synced")]
