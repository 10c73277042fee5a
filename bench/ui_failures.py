"""How fast the failure list is at 100k tickets; prints figures, never asserts.

    .venv/bin/python bench/ui_failures.py [--rows 100000] [--repeat 5]

Builds a throw-away replica with synthetic rows inserted directly (3 sites,
2,000 equipments, ``--rows`` tickets over two years, 5% of them open), then
times what the failure list screen waits for: its count (at most 10,000
tickets, as the screen counts: ``count_at_most``; an exact count where the
listing has no such method) + first page, for the screen's default filter
("not closed"), all tickets, a deep page, the open tickets of one site, one
technician's, one equipment's, text searches (through ``failures_search``,
then again with the index dropped: the LIKE scan it replaces), and a ticket's
detail. Each figure is the median of --repeat runs with its ratio to the
100 ms goal (above 1 misses it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, insert  # noqa: E402

from cmms_core.schema.assets import equipment_types, equipments, sites  # noqa: E402
from cmms_core.schema.failures import failures  # noqa: E402
from cmms_core.schema.people import users  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.store.queries.failures import (  # noqa: E402
    OPEN_STATUS_VALUES,
    FailureFilter,
    FailureListing,
    get_failure_detail,
)

try:
    from cmms_desktop.store.search import FAILURE_SEARCH, drop_search_index
except ImportError:  # a tree from before the failure search index (a "before" figure)
    drop_search_index = None  # type: ignore[assignment]

GOAL_MS = 100.0
COUNT_STEP = 10_000  # what the list screen counts at once
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def build(engine: Engine, rows: int) -> tuple[list[uuid.UUID], list[uuid.UUID], list[uuid.UUID]]:
    rng = Random(7)
    site_ids = [uuid.uuid4() for _ in range(3)]
    type_id = uuid.uuid4()
    tech_ids = [uuid.uuid4() for _ in range(30)]
    eq_ids = [uuid.uuid4() for _ in range(2000)]
    eq_site = {eq: site_ids[i % 3] for i, eq in enumerate(eq_ids)}
    with engine.begin() as c:
        c.execute(
            insert(sites),
            [{"id": s, "code": f"S{i}", "name": f"Site {i}"} for i, s in enumerate(site_ids)],
        )
        c.execute(insert(equipment_types), [{"id": type_id, "code": "T", "name": "Type"}])
        c.execute(
            insert(users),
            [
                {
                    "id": t,
                    "email": f"t{i}@x.fr",
                    "full_name": f"Tech {i}",
                    "password_hash": "x",
                    "role": "technician",
                    "status": "active",
                }
                for i, t in enumerate(tech_ids)
            ],
        )
        c.execute(
            insert(equipments),
            [
                {
                    "id": eq,
                    "site_id": eq_site[eq],
                    "code": f"EQ-{i:05d}",
                    "name": f"Machine {i}",
                    "type_id": type_id,
                }
                for i, eq in enumerate(eq_ids)
            ],
        )
        batch: list[dict[str, Any]] = []
        for n in range(rows):
            fid = uuid.uuid4()
            eq = rng.choice(eq_ids)
            status = rng.choice(sorted(OPEN_STATUS_VALUES)) if rng.random() < 0.05 else "validated"
            reported = NOW - timedelta(minutes=rng.randrange(730 * 24 * 60))
            batch.append(
                {
                    "id": fid,
                    "site_id": eq_site[eq],
                    "number": f"DI-{fid.hex[:12].upper()}",
                    "equipment_id": eq,
                    "description": f"Panne {n} bruit vibration fuite"[: 20 + n % 10],
                    "urgency": rng.choice((1, 2, 2, 3, 3, 4)),
                    "status": status,
                    "reported_by": rng.choice(tech_ids),
                    "reported_at": reported,
                    "assigned_to": rng.choice(tech_ids),
                    "equipment_stopped": rng.random() < 0.3,
                }
            )
            if len(batch) == 5000:
                c.execute(insert(failures), batch)
                batch = []
        if batch:
            c.execute(insert(failures), batch)
        c.exec_driver_sql("ANALYZE")
    return site_ids, tech_ids, eq_ids


def report(name: str, ms: float) -> None:
    print(f"{name:44s} {ms:8.1f} ms   ratio {ms / GOAL_MS:5.2f}", flush=True)


def timed(repeat: int, work: Callable[[], object]) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        replica = open_replica(Path(folder))
        engine = replica.engine
        started = time.perf_counter()
        site_ids, tech_ids, eq_ids = build(engine, args.rows)
        print(f"built {args.rows} tickets in {time.perf_counter() - started:.1f} s")
        open_only = frozenset(OPEN_STATUS_VALUES)

        def open_list(
            filter: FailureFilter, offset: int = 0, scope: frozenset[uuid.UUID] | None = None
        ) -> Callable[[], object]:
            def work() -> object:
                listing = FailureListing(engine, filter, scope_site_ids=scope, now=NOW)
                capped = getattr(listing, "count_at_most", None)
                if capped is not None:
                    capped(COUNT_STEP + 1)
                else:
                    listing.count()
                return listing.page(offset, 100)

            return work

        def exact_count() -> object:
            return FailureListing(engine, FailureFilter(), scope_site_ids=None, now=NOW).count()

        first = FailureListing(engine, FailureFilter(), scope_site_ids=None, now=NOW).page(0, 1)
        one_site = frozenset({site_ids[0]})
        cases = {
            "not closed (the default): count + page": open_list(FailureFilter(statuses=open_only)),
            "not closed: deep page (2,500)": open_list(FailureFilter(statuses=open_only), 2_500),
            "all tickets: count + first page": open_list(FailureFilter()),
            "all tickets: deep page (50,000)": open_list(FailureFilter(), 50_000),
            "all tickets: exact count": exact_count,
            "a one-site user's tickets": open_list(FailureFilter(), scope=one_site),
            "closed tickets (validated)": open_list(
                FailureFilter(statuses=frozenset({"validated"}))
            ),
            "open tickets of one site": open_list(
                FailureFilter(site_ids=one_site, statuses=open_only)
            ),
            "one technician's open tickets": open_list(
                FailureFilter(technician_id=tech_ids[0], statuses=open_only)
            ),
            "one equipment's tickets": open_list(FailureFilter(equipment_id=eq_ids[0])),
            "urgency 4, last 30 days": open_list(
                FailureFilter(urgencies=frozenset({4}), reported_from=NOW - timedelta(days=30))
            ),
            "ticket detail": lambda: get_failure_detail(engine, first[0].id, NOW),
        }
        searches = {
            "text search 'fuite'": open_list(FailureFilter(text="fuite")),
            "text search 'vibration' (most tickets)": open_list(FailureFilter(text="vibration")),
            "text search 'DI-A' (a number's start)": open_list(FailureFilter(text="DI-A")),
        }
        for name, work in (cases | searches).items():
            report(name, timed(args.repeat, work))
        if drop_search_index is not None:
            with engine.begin() as connection:
                drop_search_index(connection, FAILURE_SEARCH)
            for name, work in searches.items():
                report(f"{name}, LIKE", timed(args.repeat, work))
        replica.dispose()


if __name__ == "__main__":
    main()
