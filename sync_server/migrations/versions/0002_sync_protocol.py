"""Sync protocol: the version sequence and the decided mutations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("sync_version", start=1)))
    op.create_table(
        "applied_mutations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("field_errors", sa.JSON(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_applied_mutations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applied_mutations")),
    )
    op.create_index("ix_applied_mutations_user_id", "applied_mutations", ["user_id"], unique=False)
    # Rows written before this revision (a demo load) kept version 0, which no
    # cursor ever pulls (version > 0): give each table's rows one new version.
    tables = sa.inspect(op.get_bind()).get_table_names()
    for table in sorted(tables):
        columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
        if {"id", "site_id", "version", "deleted_at"} <= columns:
            op.execute(
                f"UPDATE {table} SET version = (SELECT nextval('sync_version')) WHERE version = 0"
            )


def downgrade() -> None:
    op.drop_index("ix_applied_mutations_user_id", table_name="applied_mutations")
    op.drop_table("applied_mutations")
    op.execute(sa.schema.DropSequence(sa.Sequence("sync_version")))
