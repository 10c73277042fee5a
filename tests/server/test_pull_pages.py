"""The page reader of the pull (sync_server/sync/pull.py) on a real PostgreSQL.

Several buckets are read by the same statements, some near their head (rows
read at once) and some far (versions first): every page must be the one a
bucket read alone, the straightforward way, would give.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.protocol import GLOBAL_BUCKET
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from sync_server.sync.pull import BucketAnswer, BucketHeads, begin_pull, read_pages
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
    db: Engine, cursors: dict[str, int], limit: int, heads: BucketHeads
) -> dict[str, BucketAnswer]:
    with db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
        return read_pages(connection, cursors, limit, issued=issued, heads=heads)


def _alone(db: Engine, bucket: str, cursor: int, limit: int) -> BucketAnswer:
    """The page of one bucket read alone, with no cache: the reference."""
    return _pages(db, {bucket: cursor}, limit, BucketHeads())[bucket]


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
    heads = BucketHeads()
    together = _pages(plant.db, cursors, limit, heads)
    assert list(together) == list(cursors)  # in the order asked
    for bucket, cursor in cursors.items():
        alone = _alone(plant.db, bucket, cursor, limit)
        assert (together[bucket].cursor, together[bucket].more) == (alone.cursor, alone.more)
        assert _rows(together[bucket]) == _rows(alone)
    assert together[c].tables == {} and together[c].cursor == issued
    assert "equipments" in together[b].tables
    # the same again from the cache gives the same pages
    assert _pages(plant.db, cursors, limit, heads) == together


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


def test_the_heads_cache_follows_the_last_issued_version(plant: Plant) -> None:
    site = plant.sites[0]
    heads = BucketHeads()
    with plant.db.begin() as connection:
        issued, _ = begin_pull(connection, every_site=True)
    cursors = {GLOBAL_BUCKET: issued, str(site): issued}
    assert all(not page.tables for page in _pages(plant.db, cursors, 100, heads).values())
    assert heads.get(str(site), issued) is not None
    plant.equipment(site, "NEW")  # a new version: the cached heads no longer hold
    after = _pages(plant.db, cursors, 100, heads)[str(site)]
    assert after.cursor == issued + 1 and "equipments" in after.tables
    assert heads.get(str(site), issued) is None and heads.get(str(site), issued + 1) is not None


def test_expired_heads_are_read_again() -> None:
    heads = BucketHeads(max_age_seconds=0)
    heads.put("global", 7, (1, 2))
    assert heads.get("global", 7) is None
    lasting = BucketHeads()
    lasting.put("global", 7, (1, 2))
    lasting.put("global", 6, (1,))  # an older read never replaces a newer one
    assert lasting.get("global", 7) == (1, 2) and lasting.get("global", 6) is None
