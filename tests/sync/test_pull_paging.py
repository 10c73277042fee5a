"""The pull loop's page sizes, on a real replica, against a scripted server.

The client asks for the server's default page, then, while buckets have
``more`` (an initial sync, a replica back from a long time offline), for
larger pages shared among the buckets still catching up. An explicit
``pull_limit`` is always used as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cmms_core.protocol import (
    DEFAULT_PULL_LIMIT,
    GLOBAL_BUCKET,
    MAX_PULL_LIMIT,
    PullRequest,
    encode_row,
    wire_columns,
)
from cmms_core.schema.assets import production_lines
from cmms_desktop.store import open_replica
from cmms_desktop.store.replica import Replica
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine
from cmms_desktop.sync.engine import PULL_ANSWER_ROWS

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class ScriptedClient(SyncClient):
    """Answers pulls from a script (no network); journals the requests."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        super().__init__("http://127.0.0.1:9", Credentials(None, "token"), "test")
        self.answers = answers
        self.requests: list[PullRequest] = []

    @property
    def user_id(self) -> uuid.UUID:
        return uuid.UUID(int=1)

    def pull(self, request: PullRequest) -> dict[str, Any]:
        self.requests.append(request)
        return self.answers[len(self.requests) - 1]


def line_row(site: str, version: int) -> list[Any]:
    row = {
        "id": uuid.uuid4(),
        "site_id": uuid.UUID(site),
        "version": version,
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": None,
        "field_clocks": None,
        "code": f"L{version}",
        "name": f"Ligne {version}",
        "description": None,
    }
    return encode_row(production_lines, row)


def page(cursor: int, more: bool, site: str | None = None, versions: int = 0) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    if site is not None and versions:
        rows = [line_row(site, version) for version in range(cursor - versions + 1, cursor + 1)]
        tables["production_lines"] = {"columns": wire_columns(production_lines), "rows": rows}
    return {"cursor": cursor, "more": more, "tables": tables}


def answer(buckets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"buckets": buckets, "revoked": [], "reset": []}


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    opened = open_replica(tmp_path)
    try:
        yield opened
    finally:
        opened.dispose()


def lines(replica: Replica) -> int:
    with replica.engine.connect() as connection:
        count = select(func.count()).select_from(production_lines)
        return int(connection.execute(count).scalar_one())


def test_a_replica_catching_up_asks_for_larger_pages(replica: Replica) -> None:
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    done = page(1, False)
    client = ScriptedClient(
        [
            # global done at once, both sites have more
            answer({GLOBAL_BUCKET: done, a: page(3, True, a, 3), b: page(4, True, b, 4)}),
            # site b done
            answer({GLOBAL_BUCKET: done, a: page(5, True, a, 2), b: page(6, False, b, 2)}),
            answer({GLOBAL_BUCKET: done, a: page(9, False, a, 4), b: page(6, False)}),
        ]
    )
    with client:
        report = SyncEngine(replica.engine, client, device_id="test").sync_once()
    assert report.ok and report.pull_pages == 3 and report.pulled_rows == 15
    assert [request.limit for request in client.requests] == [
        DEFAULT_PULL_LIMIT,
        max(DEFAULT_PULL_LIMIT, PULL_ANSWER_ROWS // 2),  # two buckets share the answer
        MAX_PULL_LIMIT,  # one bucket catching up
    ]
    assert client.requests[2].cursors == {GLOBAL_BUCKET: 1, a: 5, b: 6}
    assert lines(replica) == 15


def test_an_up_to_date_replica_asks_for_the_default_page(replica: Replica) -> None:
    client = ScriptedClient([answer({GLOBAL_BUCKET: page(0, False)})])
    with client:
        assert SyncEngine(replica.engine, client, device_id="test").sync_once().ok
    assert [request.limit for request in client.requests] == [DEFAULT_PULL_LIMIT]


def test_an_explicit_pull_limit_is_kept(replica: Replica) -> None:
    a = str(uuid.uuid4())
    client = ScriptedClient(
        [answer({a: page(2, True, a, 2)}), answer({a: page(4, False, a, 2)})],
    )
    with client:
        report = SyncEngine(replica.engine, client, device_id="test", pull_limit=2).sync_once()
    assert report.ok and report.pulled_rows == 4
    assert [request.limit for request in client.requests] == [2, 2]
    assert lines(replica) == 4
