"""Preventive maintenance: working hours, absences, plan dependencies, schedule warnings.

- ``users.working_hours`` (JSON, NULL: Monday-Friday 08:00-16:00);
- ``technician_absences`` (global bucket: user, start, end, reason);
- ``maintenance_plans.depends_on_plan_id`` ("B after A") and ``template_id``
  (the template a per-equipment plan was made from);
- ``maintenance_tasks.schedule_warnings`` (JSON list, the conflicts of the
  task's schedule and assignee) and an index on (assigned_to, scheduled_start).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("working_hours", sa.JSON(), nullable=True))
    op.create_table(
        "technician_absences",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("field_clocks", sa.JSON(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_technician_absences_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_absences")),
        info={"synced": True, "bucket": "global"},
    )
    op.create_index(
        "ix_technician_absences_bucket_version",
        "technician_absences",
        ["site_id", "version"],
        unique=False,
    )
    op.create_index(
        op.f("ix_technician_absences_user_id"), "technician_absences", ["user_id"], unique=False
    )
    for column in ("depends_on_plan_id", "template_id"):
        op.add_column("maintenance_plans", sa.Column(column, sa.Uuid(), nullable=True))
        op.create_foreign_key(
            op.f(f"fk_maintenance_plans_{column}_maintenance_plans"),
            "maintenance_plans",
            "maintenance_plans",
            [column],
            ["id"],
        )
    # existing tasks get an empty list; the column then has no server default,
    # like the metadata's (the default is the application's)
    op.add_column(
        "maintenance_tasks",
        sa.Column("schedule_warnings", sa.JSON(), nullable=False, server_default="[]"),
    )
    op.alter_column("maintenance_tasks", "schedule_warnings", server_default=None)
    op.create_index(
        "ix_maintenance_tasks_assignee_schedule",
        "maintenance_tasks",
        ["assigned_to", "scheduled_start"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_maintenance_tasks_assignee_schedule", table_name="maintenance_tasks")
    op.drop_column("maintenance_tasks", "schedule_warnings")
    for column in ("template_id", "depends_on_plan_id"):
        op.drop_constraint(
            op.f(f"fk_maintenance_plans_{column}_maintenance_plans"),
            "maintenance_plans",
            type_="foreignkey",
        )
        op.drop_column("maintenance_plans", column)
    op.drop_index(op.f("ix_technician_absences_user_id"), table_name="technician_absences")
    op.drop_index("ix_technician_absences_bucket_version", table_name="technician_absences")
    op.drop_table("technician_absences")
    op.drop_column("users", "working_hours")
