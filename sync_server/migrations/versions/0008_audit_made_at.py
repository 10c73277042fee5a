"""When an audited command was made on its device: ``audit_log.made_at``.

The server records the pushed command's ``created_at`` there (``at`` stays
when the command reached it), so the timeline tells the time of the work and
whether it was done offline. Nullable: the entries written before stay as
they are (they read as made at ``at``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-17 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("made_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_log", "made_at")
