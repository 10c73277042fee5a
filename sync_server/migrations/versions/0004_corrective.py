"""Corrective maintenance: assignment time, sheet photos, failure-list index, escalation rules.

``failures.assigned_at`` (when the current assignee got the ticket),
``repair_interventions.before_photo_ids`` / ``after_photo_ids`` (attachment
ids), the index the failure list reads (urgency, then age) and the
``escalation_rules`` table (global bucket), seeded with the defaults of
``cmms_core.rules.escalation.DEFAULT_RULES`` by the demo loader, not here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("failures", sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_failures_urgency_reported_at",
        "failures",
        ["urgency", "reported_at", "deleted_at"],
        unique=False,
    )
    for column in ("before_photo_ids", "after_photo_ids"):
        op.add_column(
            "repair_interventions",
            sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )
        op.alter_column("repair_interventions", column, server_default=None)
    op.create_table(
        "escalation_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("field_clocks", sa.JSON(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("escalate_to", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_rules")),
        info={"synced": True, "bucket": "global"},
    )
    op.create_index(
        "ix_escalation_rules_bucket_version",
        "escalation_rules",
        ["site_id", "version"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_escalation_rules_bucket_version", table_name="escalation_rules")
    op.drop_table("escalation_rules")
    for column in ("after_photo_ids", "before_photo_ids"):
        op.drop_column("repair_interventions", column)
    op.drop_index("ix_failures_urgency_reported_at", table_name="failures")
    op.drop_column("failures", "assigned_at")
