"""Spare parts and stock: count sessions and their lines, the ledger's reference index.

``count_sessions`` (a stock count of a site, or of one location) and
``count_lines`` (what was counted of a part at a location; closing the session
records an adjustment movement per line, named in ``movement_id``), both in
their site's bucket; an index on ``stock_movements.ref_id`` (a task's
reservations, a purchase-order line's receipts, a transfer's halves) and one
on ``parts.category`` (the catalogue's filter).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("field_clocks", sa.JSON(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "count_sessions",
        *_sync_columns(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_count_sessions_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["storage_locations.id"],
            name=op.f("fk_count_sessions_location_id_storage_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_count_sessions_started_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_count_sessions_closed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_sessions")),
    )
    op.create_index(
        "ix_count_sessions_bucket_version", "count_sessions", ["site_id", "version"], unique=False
    )
    op.create_table(
        "count_lines",
        *_sync_columns(),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("counted_qty", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counted_by", sa.Uuid(), nullable=True),
        sa.Column("movement_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_count_lines_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["count_sessions.id"],
            name=op.f("fk_count_lines_session_id_count_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["parts.id"], name=op.f("fk_count_lines_part_id_parts")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["storage_locations.id"],
            name=op.f("fk_count_lines_location_id_storage_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["counted_by"], ["users.id"], name=op.f("fk_count_lines_counted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movements.id"],
            name=op.f("fk_count_lines_movement_id_stock_movements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_lines")),
    )
    op.create_index(
        "ix_count_lines_bucket_version", "count_lines", ["site_id", "version"], unique=False
    )
    op.create_index(op.f("ix_count_lines_session_id"), "count_lines", ["session_id"], unique=False)
    op.create_index("ix_stock_movements_ref", "stock_movements", ["ref_id"], unique=False)
    op.create_index("ix_parts_category", "parts", ["category"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_parts_category", table_name="parts")
    op.drop_index("ix_stock_movements_ref", table_name="stock_movements")
    op.drop_table("count_lines")
    op.drop_table("count_sessions")
