"""Tables that exist only on the replica, never on the server."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Integer, MetaData, String, Table, Text, Uuid

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
    # the command's hybrid-logical-clock stamp (cmms_core.hlc), made by the writer
    Column("hlc", String(100)),
    # [[table, id, version], ...]: the rows the command updated, at the version
    # the user saw them (docs/sync-protocol.md, "Conflicts")
    Column("base_versions", JSON),
    # [[table, id], ...]: the rows the command's optimistic run wrote, for the server
    # to restore if it refuses it (store/touched.py); NULL for a command queued
    # before replicas kept them
    Column("touched", JSON),
)

# Small facts about this replica: its device id, whether it holds the demo plant,
# the last stamp of its hybrid logical clock ("hlc")...
local_meta = Table(
    "local_meta",
    local_metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)

# Where the pull stands in each bucket ("global" or a site id): the last
# server version the replica holds. Moved in the transaction that applies the
# rows it covers; never moves backwards (a reset drops the bucket first).
sync_cursors = Table(
    "sync_cursors",
    local_metadata,
    Column("bucket", String(36), primary_key=True),
    Column("version", BigInteger, nullable=False),
)

# Commands the server refused, kept with everything the user typed until they
# have seen them: nothing is lost. Written in the transaction that drains the
# command from the outbox.
rejections = Table(
    "rejections",
    local_metadata,
    Column("mutation_id", Uuid, primary_key=True),
    Column("name", String(60), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("actor_id", Uuid),
    Column("created_at", UTCDateTime),  # when the user made the command
    Column("code", String(40), nullable=False),
    Column("message", Text),
    Column("field_errors", JSON, nullable=False, default=dict),
    Column("at", UTCDateTime, nullable=False),  # when the server's answer arrived
    Column("acknowledged_at", UTCDateTime),
)

# Rows an acknowledged command wrote optimistically, until a complete pull says
# whether the server wrote them too: one still at version 0 then is a row the
# server's run of the command did not make (its state differed), and goes.
unconfirmed_rows = Table(
    "unconfirmed_rows",
    local_metadata,
    Column("table_name", String(60), primary_key=True),
    Column("row_id", Uuid, primary_key=True),
)
