"""The failure list's indexes, in its order (urgency DESC, then age).

``ix_failures_list`` (urgency DESC, deleted_at, reported_at, site_id, status)
replaces ``ix_failures_urgency_reported_at``: the list is walked in order
without sorting an urgency's tickets. ``ix_failures_status_list`` (status
first) counts a status filter's few tickets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_failures_urgency_reported_at", table_name="failures")
    op.create_index(
        "ix_failures_list",
        "failures",
        [sa.text("urgency DESC"), "deleted_at", "reported_at", "site_id", "status"],
        unique=False,
    )
    op.create_index(
        "ix_failures_status_list",
        "failures",
        ["status", sa.text("urgency DESC"), "deleted_at", "reported_at", "site_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_failures_status_list", table_name="failures")
    op.drop_index("ix_failures_list", table_name="failures")
    op.create_index(
        "ix_failures_urgency_reported_at",
        "failures",
        ["urgency", "reported_at", "deleted_at"],
        unique=False,
    )
