"""The first statement of every pull as a PL/pgSQL function: ``cmms_begin_pull``.

Every pull starts with one statement: the token's session, its live user and
their sites, the readers' lock and the last issued version
(``sync.pull.begin_pull_as``). Behind PgBouncer's transaction mode there are
no prepared statements, so PostgreSQL parsed and planned it on every pull,
which cost more than running it (bench/sync_many_clients.py: half of
PostgreSQL's CPU during a burst of pulls). A PL/pgSQL function keeps the
plans of its statements in the backend that runs it, whichever client the
pooler lends that backend to: the pull's statement is now a function call.

What it returns is ``auth.users.SESSION_USER_COLUMNS`` with ``issued`` and
``every_site`` (the ids of every site when the user is an administrator);
the lock is ``sync.versions.SYNC_LOCK_ID``. A change to either needs a new
migration replacing the function.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 00:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYNC_LOCK_ID = 0x53594E43  # sync.versions.SYNC_LOCK_ID, as it was when this was written

BEGIN_PULL = f"""
CREATE OR REPLACE FUNCTION cmms_begin_pull(p_session uuid)
RETURNS TABLE (
    issued bigint, every_site uuid[], session_user_id uuid, revoked_at timestamptz,
    device_id varchar, id uuid, email varchar, full_name varchar, role varchar,
    status varchar, language varchar, grants uuid[]
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT coalesce(pg_sequence_last_value('sync_version'), 0)::bigint,
           CASE WHEN u.role = 'admin'
                THEN coalesce((SELECT array_agg(t.id) FROM sites t), '{{}}') END,
           s.user_id, s.revoked_at, s.device_id, u.id, u.email, u.full_name, u.role,
           u.status, u.language,
           (SELECT array_agg(g.scope_site_id) FROM user_permissions g
             WHERE g.user_id = u.id AND g.deleted_at IS NULL AND g.scope_site_id IS NOT NULL)
    FROM (SELECT pg_advisory_xact_lock_shared({SYNC_LOCK_ID}) OFFSET 0) AS locked
    LEFT JOIN auth_sessions s ON s.id = p_session
    LEFT JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL;
END
$$
"""


def upgrade() -> None:
    op.execute(BEGIN_PULL)


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS cmms_begin_pull(uuid)")
