"""Users, their site/equipment grants and local login sessions."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
)

from cmms_core.schema.base import metadata, new_id, synced_table
from cmms_core.schema.types import UTCDateTime, utcnow

users = synced_table(
    "users",
    Column("email", String(254), nullable=False, unique=True),
    Column("full_name", String(200), nullable=False),
    # argon2id hash: replicas check passwords offline on shared workshop PCs.
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    # pending until an admin approves; disabled/rejected accounts cannot log in
    Column("status", String(20), nullable=False, default="pending"),
    Column("language", String(5), nullable=False, default="fr"),
    Column("phone", String(40)),
    Column("skills", JSON, nullable=False, default=list),
    Column("hourly_rate", Numeric(10, 2)),
    # {"0": [["08:00", "16:00"]], ...}: weekday (0 = Monday) -> local-time
    # intervals, in the time zone of the site worked at; NULL: the plant's
    # default (Monday-Friday 08:00-16:00, cmms_core.rules.assignment)
    Column("working_hours", JSON),
    Column("approved_by", Uuid),
    Column("approved_at", UTCDateTime),
    Column("last_login_at", UTCDateTime),
    bucket="global",
)

user_permissions = synced_table(
    "user_permissions",
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False, index=True),
    # a grant on a whole site, or narrowed to one equipment of it
    Column("scope_site_id", Uuid, ForeignKey("sites.id")),
    Column("scope_equipment_id", Uuid, ForeignKey("equipments.id")),
    # the role the user holds on that scope (NULL: the user's own role)
    Column("role", String(20)),
    bucket="global",
)

# A technician's leave, training, sick days: the planner never assigns work
# over them. Global like the user (one person may work on several sites).
technician_absences = synced_table(
    "technician_absences",
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False, index=True),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("reason", String(200)),
    bucket="global",
)

# Local login sessions: never synced, so no sync columns.
sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True, default=new_id),
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    Column("device_id", String(64)),
    Column("offline", Text),
)
Index("ix_sessions_user_id", sessions.c.user_id)
