"""Corrective maintenance: failure types, failure reports (tickets), repair sheets."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
)

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

failure_types = synced_table(
    "failure_types",
    Column("code", String(30), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("category", String(50)),  # mechanical, electrical, hydraulic, ...
    bucket="global",
)

failures = synced_table(
    "failures",
    # human ticket number; made from the id so offline replicas never collide
    Column("number", String(30), nullable=False, unique=True),
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), nullable=False, index=True),
    Column("failure_type_id", Uuid, ForeignKey("failure_types.id")),
    Column("description", Text, nullable=False),
    Column("urgency", Integer, nullable=False, default=2),  # 1 low .. 4 critical
    Column("status", String(20), nullable=False, default="reported"),
    Column("reported_by", Uuid, ForeignKey("users.id"), nullable=False),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("assigned_to", Uuid, ForeignKey("users.id"), index=True),
    # when the current assignee was given the ticket (escalation, "new for me")
    Column("assigned_at", UTCDateTime),
    Column("equipment_stopped", Boolean, nullable=False, default=False),
    Column("downtime_start", UTCDateTime),
    Column("downtime_end", UTCDateTime),
    Column("closed_at", UTCDateTime),
)
Index("ix_failures_site_status", failures.c.site_id, failures.c.status)
Index("ix_failures_reported_at", failures.c.reported_at)
# The failure list's order, walked without sorting: most urgent first, then by
# age (the replica's list adds site, status and rowid as tiebreaks). deleted_at
# second, as an equality ("IS NULL"); site and status in the index filter the
# default lists ("not closed", a user's sites) without a table lookup.
Index(
    "ix_failures_list",
    failures.c.urgency.desc(),
    failures.c.deleted_at,
    failures.c.reported_at,
    failures.c.site_id,
    failures.c.status,
)
# The same by status first: a status filter (the default "not closed") counts
# its few tickets, and one status ("validated") walks in the list's order.
Index(
    "ix_failures_status_list",
    failures.c.status,
    failures.c.urgency.desc(),
    failures.c.deleted_at,
    failures.c.reported_at,
    failures.c.site_id,
)

repair_interventions = synced_table(
    "repair_interventions",
    Column("failure_id", Uuid, ForeignKey("failures.id"), nullable=False, index=True),
    Column("technician_id", Uuid, ForeignKey("users.id")),
    Column("status", String(20), nullable=False, default="in_progress"),
    Column("diagnosis", Text),
    Column("root_cause", String(100)),
    Column("actions_taken", Text),
    Column("started_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("labour", JSON, nullable=False, default=list),  # [{user_id, minutes}]
    Column("labour_minutes", Integer, nullable=False, default=0),
    Column("labour_cost", Numeric(12, 2), nullable=False, default=0),
    Column("parts_cost", Numeric(12, 2), nullable=False, default=0),
    Column("external_cost", Numeric(12, 2), nullable=False, default=0),
    Column("signed_off_by", Uuid, ForeignKey("users.id")),
    Column("signed_off_at", UTCDateTime),
    Column("validated_by", Uuid, ForeignKey("users.id")),
    Column("validated_at", UTCDateTime),
    Column("rejection_comment", Text),
    # attachment ids (owner: this sheet or its failure) of the photos taken
    # before and after the repair
    Column("before_photo_ids", JSON, nullable=False, default=list),
    Column("after_photo_ids", JSON, nullable=False, default=list),
)

# Escalation rules as data (cmms_core.rules.escalation evaluates them): a
# failure of ``urgency`` still unassigned (trigger "unassigned", counted from
# its report) or assigned but not started ("not_started", counted from its
# assignment) after ``minutes`` is escalated to the users of role ``escalate_to``.
escalation_rules = synced_table(
    "escalation_rules",
    Column("name", String(100), nullable=False),
    Column("urgency", Integer, nullable=False),
    Column("trigger", String(20), nullable=False, default="unassigned"),
    Column("minutes", Integer, nullable=False),
    Column("escalate_to", String(20), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    bucket="global",
)
