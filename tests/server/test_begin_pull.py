"""cmms_begin_pull (migration 0009) answers what the live query answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, insert, update

from cmms_core.schema.assets import sites
from cmms_core.schema.people import user_permissions, users
from sync_server.auth.tokens import open_session, revoke_session
from sync_server.auth.users import load_session_user
from sync_server.sync.pull import begin_pull_as
from sync_server.sync.versions import last_issued_version, next_version
from tests.server.conftest import FakeClock, MadeUser

pytestmark = pytest.mark.postgres


def test_the_function_answers_as_the_session_query(
    db: Engine, make_user: Callable[..., MadeUser], clock: FakeClock
) -> None:
    now = clock()
    admin = make_user("admin@usine.fr", role="admin")
    tech = make_user("tech@usine.fr")
    gone = make_user("parti@usine.fr")
    site_a, site_b = uuid.uuid4(), uuid.uuid4()
    with db.begin() as connection:
        for site, code in ((site_a, "GRE"), (site_b, "LYO")):
            connection.execute(
                insert(sites).values(
                    id=site, code=code, name=code, version=next_version(connection)
                )
            )
        for site, deleted in ((site_a, None), (site_b, now)):
            connection.execute(
                insert(user_permissions).values(
                    id=uuid.uuid4(), user_id=tech.id, scope_site_id=site, deleted_at=deleted
                )
            )

        def session(user: MadeUser) -> uuid.UUID:
            issued = open_session(
                connection,
                user_id=user.id,
                device_id="pc",
                ip=None,
                user_agent=None,
                now=now,
                secret="x" * 32,
                access_lifetime=timedelta(minutes=5),
                refresh_lifetime=timedelta(days=1),
            )
            return issued.session_id

        sessions = [session(admin), session(tech), session(tech), session(gone), uuid.uuid4()]
        revoke_session(connection, sessions[2], now=now, reason="logout")
        connection.execute(update(users).where(users.c.id == gone.id).values(deleted_at=now))

    with db.begin() as connection:
        issued = last_issued_version(connection)
        answers = [begin_pull_as(connection, session_id) for session_id in sessions]
        expected = [load_session_user(connection, session_id) for session_id in sessions]
    assert [user for user, _, _ in answers] == expected
    assert {version for _, version, _ in answers} == {issued}
    admin_answer, tech_answer = answers[0], answers[1]
    assert set(admin_answer[2] or ()) == {site_a, site_b}  # an administrator: every site
    assert tech_answer[2] is None
    assert tech_answer[0] is not None and tech_answer[0].user is not None
    assert tech_answer[0].user.site_ids == frozenset({site_a})  # the deleted grant does not count
    assert answers[2][0] is not None and answers[2][0].revoked_at is not None
    assert answers[3][0] is not None and answers[3][0].user is None  # no live account
    assert answers[4][0] is None  # no such session
