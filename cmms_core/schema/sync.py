"""What the sync itself records: the losing sides of same-field conflicts.

Two writes of one field that did not see each other are settled by their
hybrid-logical-clock stamps (the newer wins, docs/sync-protocol.md
"Conflicts"); the losing value is never dropped silently. The server keeps
both sides here, in the bucket of the row they are about, so that everyone
who may edit that row sees it and one of them decides (``conflict.resolve``).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Uuid

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

sync_conflicts = synced_table(
    "sync_conflicts",
    Column("entity", String(50), nullable=False),  # the table of the row
    Column("entity_id", Uuid, nullable=False),
    Column("field", String(60), nullable=False),
    # values in their wire encoding (cmms_core.protocol), as JSON
    Column("kept_value", JSON),
    Column("lost_value", JSON),
    Column("kept_by", Uuid, ForeignKey("users.id")),
    Column("lost_by", Uuid, ForeignKey("users.id")),
    Column("kept_hlc", String(100)),
    Column("lost_hlc", String(100)),
    # the command whose value lost (NULL when the server does not know it)
    Column("lost_mutation_id", Uuid),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
    Column("resolved_by", Uuid, ForeignKey("users.id")),
    Column("resolution", String(10)),  # "kept" or "lost": the value the field ended with
    bucket="mixed",
)
Index(
    "ix_sync_conflicts_entity",
    sync_conflicts.c.entity,
    sync_conflicts.c.entity_id,
    sync_conflicts.c.field,
)
