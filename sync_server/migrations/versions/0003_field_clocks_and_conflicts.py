"""Same-field conflicts: field clocks on every synced table, the conflicts table.

Every synced table gets ``field_clocks`` (JSON, {field: HLC stamp}; NULL for
the rows written before: their fields never competed). ``sync_conflicts``
keeps the losing side of each same-field conflict (docs/sync-protocol.md,
"Conflicts"); ``applied_mutations`` gets an index on ``version`` (which
command wrote a version).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SYNC_COLUMNS = {"id", "site_id", "version", "created_at", "updated_at", "deleted_at"}


def _synced_tables() -> list[str]:
    """The tables with the sync columns, as the database holds them now."""
    inspector = sa.inspect(op.get_bind())
    return [
        table
        for table in sorted(inspector.get_table_names())
        if {c["name"] for c in inspector.get_columns(table)} >= _SYNC_COLUMNS
    ]


def upgrade() -> None:
    for table in _synced_tables():
        op.add_column(table, sa.Column("field_clocks", sa.JSON(), nullable=True))
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("field_clocks", sa.JSON(), nullable=True),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=True),
        sa.Column("lost_value", sa.JSON(), nullable=True),
        sa.Column("kept_by", sa.Uuid(), nullable=True),
        sa.Column("lost_by", sa.Uuid(), nullable=True),
        sa.Column("kept_hlc", sa.String(length=100), nullable=True),
        sa.Column("lost_hlc", sa.String(length=100), nullable=True),
        sa.Column("lost_mutation_id", sa.Uuid(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["kept_by"], ["users.id"], name=op.f("fk_sync_conflicts_kept_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["lost_by"], ["users.id"], name=op.f("fk_sync_conflicts_lost_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["users.id"], name=op.f("fk_sync_conflicts_resolved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_sync_conflicts_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
        info={"synced": True, "bucket": "mixed"},
    )
    op.create_index(
        "ix_sync_conflicts_bucket_version", "sync_conflicts", ["site_id", "version"], unique=False
    )
    op.create_index(
        "ix_sync_conflicts_entity",
        "sync_conflicts",
        ["entity", "entity_id", "field"],
        unique=False,
    )
    op.create_index("ix_applied_mutations_version", "applied_mutations", ["version"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_applied_mutations_version", table_name="applied_mutations")
    op.drop_index("ix_sync_conflicts_entity", table_name="sync_conflicts")
    op.drop_index("ix_sync_conflicts_bucket_version", table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    for table in _synced_tables():
        op.drop_column(table, "field_clocks")
