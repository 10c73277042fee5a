"""Part search as you type over 100k parts; prints figures, never asserts.

    .venv/bin/python bench/parts_search.py [--rows 100000] [--repeat 5]

Builds a replica in a temporary folder with a synthetic catalogue (references
like ``ROUL-06204``, French descriptions, barcodes, categories) and a stock
ledger of a few movements for one part in ten, inserted directly. Then times
what a storekeeper waits for at each keystroke of a few searches: the list's
count plus its first page of 100 rows, with their stock, sorted by reference
(``count_parts`` + ``fetch_part_page``), with the FTS5 trigram index
(``install_part_search``) and without it (LIKE). Also a scanned code
(``lookup_code``) and a deep page. Each figure is the median of --repeat runs,
with its ratio to the 50 ms goal (above 1 misses it).
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

from cmms_core.schema.assets import sites  # noqa: E402
from cmms_core.schema.inventory import parts, stock_movements, storage_locations  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.store.queries import parts as pq  # noqa: E402
from cmms_desktop.store.search import drop_part_search, install_part_search  # noqa: E402

GOAL_MS = 50.0
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
FAMILIES = [
    ("ROUL", "Roulement à billes", "Roulements"),
    ("JOIN", "Joint torique", "Étanchéité"),
    ("COUR", "Courroie trapézoïdale", "Transmission"),
    ("FILT", "Filtre à huile", "Filtration"),
    ("CAPT", "Capteur inductif", "Électricité"),
    ("VANN", "Vanne papillon", "Hydraulique"),
    ("MOTE", "Moteur asynchrone", "Électricité"),
    ("FUSI", "Fusible temporisé", "Électricité"),
    ("CONT", "Contacteur tripolaire", "Électricité"),
    ("GRAI", "Graisse lithium", "Lubrifiants"),
]
SEARCHES = ["roulement 62", "6204", "joint tor", "FILT-0123", "capteur ind"]


def build(engine: Engine, rows: int) -> None:
    rng = Random(6)
    site = uuid.uuid4()
    locations = [uuid.uuid4() for _ in range(20)]
    base = {"version": 1, "created_at": NOW, "updated_at": NOW}
    with engine.begin() as connection:
        connection.execute(insert(sites), [{**base, "id": site, "code": "LYO", "name": "Lyon"}])
        connection.execute(
            insert(storage_locations),
            [
                {**base, "id": loc, "site_id": site, "code": f"A-{i:02}", "store": "Magasin"}
                for i, loc in enumerate(locations)
            ],
        )
        batch: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        for n in range(rows):
            prefix, words, category = FAMILIES[n % len(FAMILIES)]
            part_id = uuid.uuid4()
            batch.append(
                {
                    **base,
                    "id": part_id,
                    "site_id": None,
                    "reference": f"{prefix}-{n:06}",
                    "description": f"{words} {rng.randint(1000, 9999)} {rng.choice('ABCDEFGH')}",
                    "category": category,
                    "unit": "pc",
                    "barcode": f"340{n:010}",
                    "min_qty": rng.randint(0, 5),
                    "max_qty": 10,
                    "unit_cost": rng.randint(1, 500),
                }
            )
            if n % 10 == 0:
                for k in range(3):
                    moves.append(
                        {
                            **base,
                            "id": uuid.uuid4(),
                            "site_id": site,
                            "part_id": part_id,
                            "location_id": rng.choice(locations),
                            "kind": "receipt" if k == 0 else "issue",
                            "quantity": 10 if k == 0 else -rng.randint(1, 4),
                            "occurred_at": NOW - timedelta(days=rng.randint(0, 365)),
                        }
                    )
            if len(batch) == 10_000:
                connection.execute(insert(parts), batch)
                batch.clear()
        if batch:
            connection.execute(insert(parts), batch)
        connection.execute(insert(stock_movements), moves)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def keystroke(engine: Engine, typed: str) -> tuple[int, int]:
    with engine.connect() as connection:
        f = pq.PartFilter(text=typed)
        total = pq.count_parts(connection, f)
        page = pq.fetch_part_page(connection, f, limit=100)
    return total, len(page)


def report(label: str, ms: float) -> None:
    print(f"  {label:<44} {ms:8.1f} ms   ratio {ms / GOAL_MS:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        replica = open_replica(Path(folder))
        engine = replica.engine
        with engine.begin() as connection:  # LIKE first, then the index built afresh
            drop_part_search(connection)
        start = time.perf_counter()
        build(engine, args.rows)
        print(f"{args.rows} parts built in {time.perf_counter() - start:.1f} s")
        results: dict[str, list[float]] = {"like": [], "fts": []}
        for mode in ("like", "fts"):
            if mode == "fts":
                start = time.perf_counter()
                with engine.begin() as connection:
                    install_part_search(connection)
                print(f"search index built in {time.perf_counter() - start:.1f} s")
            print(f"\n{mode.upper()}: count + first page of 100 at each keystroke (median)")
            for search in SEARCHES:
                worst = 0.0
                for end in range(1, len(search) + 1):
                    typed = search[:end]
                    if not typed.strip():
                        continue
                    ms = median_ms(lambda t=typed: keystroke(engine, t), args.repeat)  # type: ignore[misc]
                    worst = max(worst, ms)
                    results[mode].append(ms)
                total, _ = keystroke(engine, search)
                report(f"'{search}' worst keystroke ({total} found)", worst)
            all_ms = sorted(results[mode])
            report("all keystrokes: median", statistics.median(all_ms))
            report("all keystrokes: 90th percentile", all_ms[int(len(all_ms) * 0.9)])
        print("\nother")
        report(
            "scan a barcode (lookup_code)",
            median_ms(lambda: pq.lookup_code(engine, f"340{args.rows // 2:010}"), args.repeat),
        )
        report(
            "scan a location code", median_ms(lambda: pq.lookup_code(engine, "A-07"), args.repeat)
        )
        report(
            "deep page (offset 50 000) of the whole list",
            median_ms(
                lambda: pq.fetch_part_page(engine, pq.PartFilter(), offset=args.rows // 2),
                args.repeat,
            ),
        )
        replica.dispose()


if __name__ == "__main__":
    main()
