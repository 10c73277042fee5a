"""Audit trail, notifications, KPI snapshots, generated reports, dashboards."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Numeric, String, Text, Uuid

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

# Written by every mutation, on the client and on the server: the timeline of
# who did what, when, from which device, offline or online. ``at`` is when
# the row was written (on the server: when the command reached it); ``made_at``
# when the command was made on its device (None: entries older than the column).
audit_log = synced_table(
    "audit_log",
    Column("at", UTCDateTime, nullable=False),
    Column("made_at", UTCDateTime),
    Column("actor_id", Uuid, ForeignKey("users.id")),
    Column("device_id", String(64)),
    Column("offline", Boolean, nullable=False, default=False),
    Column("action", String(60), nullable=False),  # the mutation's name
    Column("entity", String(50), nullable=False),
    Column("entity_id", Uuid, nullable=False),
    Column("changes", JSON, nullable=False, default=dict),  # {field: [old, new]}
    bucket="mixed",
)
Index("ix_audit_log_entity", audit_log.c.entity, audit_log.c.entity_id, audit_log.c.at)

notifications = synced_table(
    "notifications",
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("severity", String(10), nullable=False, default="info"),
    Column("title", String(200), nullable=False),
    Column("body", Text),
    Column("ref_table", String(50)),
    Column("ref_id", Uuid),
    Column("read_at", UTCDateTime),
    bucket="mixed",
)

kpi_calculations = synced_table(
    "kpi_calculations",
    Column("equipment_id", Uuid, ForeignKey("equipments.id")),
    Column("kpi", String(30), nullable=False),  # mtbf, mttr, availability, cost
    Column("period_start", UTCDateTime, nullable=False),
    Column("period_end", UTCDateTime, nullable=False),
    Column("value", Numeric(16, 4), nullable=False),
    bucket="mixed",
)

reports = synced_table(
    "reports",
    Column("name", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("parameters", JSON, nullable=False, default=dict),
    Column("generated_at", UTCDateTime),
    Column("attachment_id", Uuid, ForeignKey("attachments.id")),
    Column("created_by", Uuid, ForeignKey("users.id")),
    bucket="mixed",
)

dashboard_configs = synced_table(
    "dashboard_configs",
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("layout", JSON, nullable=False, default=dict),
    bucket="global",
)
