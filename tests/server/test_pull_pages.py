"""The page reader of the pull (sync_server/sync/pull.py) on a real PostgreSQL.

Several buckets are read by the same statements, some near their head (rows
read at once) and some far (versions first): every page must be the one a
bucket read alone, the straightforward way, would give.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, event

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.protocol import GLOBAL_BUCKET, PROTOCOL_VERSION, SCHEMA_VERSION, PullRequest
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from sync_server.sync.pull import BucketAnswer, begin_pull, cached_pull, pull, read_pages
from sync_server.sync.pull_cache import PullCache, WhileUnchanged
from sync_server.sync.scope import Scope
from sync_server.sync.versions import next_version
from tests.server.conftest import MadeUser

pytestmark = pytest.mark.postgres


class Plant:
    def __init__(self, db: Engine, make_user: Callable[..., MadeUser]) -> None:
        self.db = db
        self.actor = Actor(make_user("chef@usine.fr", role="admin").id, Role.ADMIN, None)
        self.sites = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4()]
        self.type_id = uuid.uuid4()
        for n, site in enumerate(self.sites):
            self.mutate("site.create", {"id": site, "code": f"S{n}", "name": f"Site {n}"})
        self.mutate("equipment_type.create", {"id": self.type_id, "code": "PMP", "name": "P"})

    def mutate(self, name: str, payload: dict[str, Any]) -> None:
        with self.db.begin() as connection:
            ctx = MutationContext(
                conn=connection,
                actor=self.actor,
                now=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
                device_id="test",
                offline=False,
                version=next_version(connection),
            )
            run_mutation(ctx, name, payload)

    def equipment(self, site: uuid.UUID, code: str) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        payload = {"id": equipment_id, "site_id": site, "code": code, "name": code}
        self.mutate("equipment.create", payload | {"type_id": self.type_id})
        return equipment_id


@pytest.fixture
def plant(db: Engine, make_user: Callable[..., MadeUser]) -> Plant:
    return Plant(db, make_user)


def _pages(
    db: Engine, cursors: dict[str, int], limit: int, cache: PullCache
) -> dict[str, BucketAnswer]:
    with db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
        return read_pages(connection, cursors, limit, issued=issued, cache=cache)


def _alone(db: Engine, bucket: str, cursor: int, limit: int) -> BucketAnswer:
    """The page of one bucket read alone, with no cache: the reference."""
    return _pages(db, {bucket: cursor}, limit, PullCache())[bucket]


def _rows(answer: BucketAnswer) -> dict[str, list[Any]]:
    return {name: [orjson.loads(row) for row in rows] for name, (_, rows) in answer.tables.items()}


def _drain(db: Engine, bucket: str, limit: int) -> list[tuple[int, bool, int]]:
    """(cursor, more, rows) of every page of ``bucket`` read alone from 0."""
    pages: list[tuple[int, bool, int]] = []
    cursor, more = 0, True
    while more:
        page = _alone(db, bucket, cursor, limit)
        pages.append((page.cursor, page.more, page.row_count))
        cursor, more = page.cursor, page.more
    return pages


@pytest.mark.parametrize("limit", [1, 3, 5000])
def test_buckets_read_together_give_the_pages_read_alone(plant: Plant, limit: int) -> None:
    a, b, c = (str(site) for site in plant.sites)
    for n in range(6):
        plant.equipment(plant.sites[0], f"A{n}")
    plant.equipment(plant.sites[1], "B0")
    with plant.db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
    # global from 0 (far), site a from 0 (far unless the limit is large),
    # site b one version behind (near), site c up to date
    cursors = {GLOBAL_BUCKET: 0, a: 0, b: issued - 1, c: issued}
    cache = PullCache()
    together = _pages(plant.db, cursors, limit, cache)
    assert list(together) == list(cursors)  # in the order asked
    for bucket, cursor in cursors.items():
        alone = _alone(plant.db, bucket, cursor, limit)
        assert (together[bucket].cursor, together[bucket].more) == (alone.cursor, alone.more)
        assert _rows(together[bucket]) == _rows(alone)
    assert together[c].tables == {} and together[c].cursor == issued
    assert "equipments" in together[b].tables
    # the same again from the cache gives the same pages
    assert _pages(plant.db, cursors, limit, cache) == together


def test_pages_never_split_a_version_and_cover_the_bucket(plant: Plant) -> None:
    site = str(plant.sites[0])
    for n in range(5):
        plant.equipment(plant.sites[0], f"E{n}")
    whole = _alone(plant.db, site, 0, 5000)
    assert not whole.more
    for limit in (1, 2, 3):
        pages = _drain(plant.db, site, limit)
        assert sum(rows for _, _, rows in pages) == whole.row_count
        assert pages[-1][0] == whole.cursor
        # one equipment.create writes two rows (the equipment and its audit
        # entry) with one version: a page of limit 1 still holds both
        assert all(rows >= 2 for _, _, rows in pages if rows)


def test_the_cache_follows_the_last_issued_version(plant: Plant) -> None:
    site = plant.sites[0]
    cache = PullCache()
    with plant.db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
    cursors = {GLOBAL_BUCKET: issued, str(site): issued}
    assert all(not page.tables for page in _pages(plant.db, cursors, 100, cache).values())
    assert cache.heads.get(str(site), issued) is not None
    assert cache.pages.get((str(site), issued, 100), issued) is not None
    plant.equipment(site, "NEW")  # a new version: what is cached no longer holds
    after = _pages(plant.db, cursors, 100, cache)[str(site)]
    assert after.cursor == issued + 1 and "equipments" in after.tables
    assert cache.heads.get(str(site), issued) is None
    assert cache.heads.get(str(site), issued + 1) is not None
    assert cache.pages.get((str(site), issued, 100), issued + 1) == after


def test_pages_from_the_cache_cost_no_statement(plant: Plant) -> None:
    site = str(plant.sites[0])
    plant.equipment(plant.sites[0], "E0")
    cache = PullCache()
    first = _pages(plant.db, {site: 0}, 100, cache)
    statements: list[str] = []
    with plant.db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
        event.listen(connection, "before_cursor_execute", lambda *args: statements.append(args[2]))
        again = read_pages(connection, {site: 0}, 100, issued=issued, cache=cache)
    assert again == first and statements == []
    # a page larger than the cache keeps is read again each time
    small = PullCache(page_rows=1)
    assert _pages(plant.db, {site: 0}, 100, small) == first
    assert small.pages.get((site, 0, 100), issued) is None


def test_concurrent_pulls_of_one_page_read_it_once(plant: Plant) -> None:
    """Every online client pulls the same change at once: one of them reads it,
    the others wait for its answer."""
    site = str(plant.sites[0])
    plant.equipment(plant.sites[0], "E0")
    cache = PullCache()
    reads: list[str] = []
    lock = threading.Lock()

    def count(*args: Any) -> None:
        if "json_build_array" in args[2]:
            with lock:
                reads.append(args[2])

    event.listen(plant.db, "before_cursor_execute", count)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(lambda _: _pages(plant.db, {site: 0}, 100, cache), range(8)))
    finally:
        event.remove(plant.db, "before_cursor_execute", count)
    assert all(answer == answers[0] for answer in answers)
    assert len(reads) == 1


def test_expired_entries_are_read_again() -> None:
    cache = PullCache(max_age_seconds=0)
    cache.heads.put("global", 7, (1, 2))
    assert cache.heads.get("global", 7) is None
    lasting = PullCache()
    lasting.heads.put("global", 7, (1, 2))
    lasting.heads.put("global", 6, (1,))  # an older read never replaces a newer one
    assert lasting.heads.get("global", 7) == (1, 2) and lasting.heads.get("global", 6) is None


def test_a_full_cache_makes_room_with_older_versions_first() -> None:
    values: WhileUnchanged[str, int] = WhileUnchanged(max_age_seconds=60, max_weight=3)
    values.put("a", 1, 1)
    values.put("b", 2, 2)
    values.put("c", 2, 3)
    values.put("d", 2, 4)  # full: the entry of version 1 goes
    assert [values.get(k, 2) for k in "bcd"] == [2, 3, 4] and values.get("a", 1) is None
    values.put("e", 3, 5)  # full again: every entry of an older version goes
    assert values.get("e", 3) == 5 and values.get("b", 2) is None


def test_the_pages_kept_weigh_at_most_their_budget() -> None:
    sized: WhileUnchanged[str, str] = WhileUnchanged(60, max_weight=10, weigh=len)
    sized.put("big", 1, "x" * 11)  # larger than the whole budget: never kept
    assert sized.get("big", 1) is None
    sized.put("a", 1, "x" * 6)
    sized.put("a", 1, "x" * 4)  # replaced: its old weight is given back
    sized.put("b", 1, "y" * 6)
    assert (sized.get("a", 1), sized.get("b", 1)) == ("x" * 4, "y" * 6)
    sized.put("c", 1, "z")  # over budget, nothing older to drop: all go
    assert (sized.get("a", 1), sized.get("c", 1)) == (None, "z")


def test_a_pull_answered_from_the_cache_alone_is_the_one_read(plant: Plant) -> None:
    site, other = plant.sites[0], plant.sites[1]
    plant.equipment(site, "E0")
    scope = Scope(frozenset({site}))
    with plant.db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
    request = PullRequest.model_validate(
        {
            "protocol": PROTOCOL_VERSION,
            "schema": SCHEMA_VERSION,
            # an up-to-date global bucket, a site from 0, a site no longer in scope
            "cursors": {GLOBAL_BUCKET: issued, str(site): 0, str(other): 3},
            "limit": 100,
        }
    )
    cache = PullCache()
    assert cached_pull(scope, request, issued, cache) is None  # nothing read yet
    with plant.db.begin() as connection:
        begin_pull(connection, every_site=False)
        read = pull(connection, scope, request, issued=issued, cache=cache)
    cached = cached_pull(scope, request, issued, cache)
    assert cached == read and cached.revoked == [str(other)]
    assert cached_pull(scope, request, issued + 1, cache) is None  # something moved since
    ahead = request.model_copy(update={"cursors": {str(site): issued + 5}})
    assert cached_pull(scope, ahead, issued, cache) is None  # reset: from 0, not cached...
    with plant.db.begin() as connection:
        begin_pull(connection, every_site=False)
        pull(connection, scope, ahead, issued=issued, cache=cache)
    again = cached_pull(scope, ahead, issued, cache)  # ...until read once
    assert again is not None and again.reset == [str(site)]
