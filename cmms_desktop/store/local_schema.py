"""Tables that exist only on the replica, never on the server."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, Uuid

from cmms_core.schema.types import UTCDateTime

local_metadata = MetaData()

# Every local write appends its command here in the same transaction; the sync
# engine drains a row only once the server has acknowledged it.
outbox = Table(
    "outbox",
    local_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("mutation_id", Uuid, nullable=False, unique=True),
    Column("name", String(60), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("actor_id", Uuid),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

# Small facts about this replica: its device id, whether it holds the demo plant...
local_meta = Table(
    "local_meta",
    local_metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)
