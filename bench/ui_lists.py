"""How fast the equipment list is at 100k equipments; prints figures, never asserts.

    .venv/bin/python bench/ui_lists.py [--rows 100000] [--repeat 5] [--no-cold-start]

Builds a replica once (the demo plant at benchmark scale when --rows is
100000, otherwise synthetic rows inserted directly) and keeps it in the temp
folder for the next runs (one per schema: a schema change builds it again).
Then, off-screen, times what a user waits for:

- opening the equipment list: page built, rows counted, first rows painted;
- sorting by name, by state (descending); filtering by text (through the
  search index, then again with it dropped: the LIKE scan), by state + site;
- jumping to the middle of the list (a deep page);
- cold start of the real application, in a subprocess, to its first painted
  window (the login page), and to the equipment list of a logged-in user.

Each figure is the median of --repeat runs, with its ratio to the goal
(100 ms for the list, 1.5 s for a cold start). Ratios above 1 miss the goal.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, insert  # noqa: E402

import cmms_core.schema as core_schema  # noqa: E402
from cmms_core.passwords import hash_password  # noqa: E402
from cmms_core.schema.assets import (  # noqa: E402
    equipment_types,
    equipments,
    production_lines,
    sites,
)
from cmms_core.schema.people import users  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.store.local_schema import local_metadata  # noqa: E402
from cmms_desktop.store.meta import get_meta, set_meta  # noqa: E402
from cmms_desktop.store.search import (  # noqa: E402
    EQUIPMENT_SEARCH,
    drop_search_index,
    install_search_index,
    install_search_indexes,
)

LIST_GOAL_MS = 100.0
COLD_START_GOAL_MS = 1500.0
BENCH_META_KEY = "bench_ui_lists"
DEMO_ROWS = 100_000
ADMIN_EMAIL = "bench.admin@usine.example"


# -------------------------------------------------------------------- the replica


def _schema_fingerprint() -> str:
    """Changes with any table or column: a cached replica of another schema is not reused."""
    columns = sorted(
        f"{table.name}.{column.name}:{column.type}"
        for metadata in (core_schema.metadata, local_metadata)
        for table in metadata.tables.values()
        for column in table.columns
    )
    return hashlib.sha256("\n".join(columns).encode()).hexdigest()[:10]


def _data_dir(rows: int, use_demo: bool) -> Path:
    kind = "demo-benchmark" if use_demo else f"synthetic-{rows}"
    return Path(tempfile.gettempdir()) / f"cmms-bench-ui-lists-{kind}-{_schema_fingerprint()}"


def _demo_available() -> bool:
    try:
        import cmms_desktop.store.demo  # noqa: F401
    except ImportError:
        return False
    return True


def prepare_replica(rows: int) -> tuple[Path, str]:
    """The data folder of a replica holding ``rows`` equipments, built if not cached."""
    use_demo = rows == DEMO_ROWS and _demo_available()
    data_dir = _data_dir(rows, use_demo)
    description = "demo plant, benchmark scale" if use_demo else f"synthetic, {rows:,} equipments"
    replica = open_replica(data_dir)
    try:
        if get_meta(replica.engine, BENCH_META_KEY) == "ready":
            with replica.engine.begin() as connection:
                install_search_indexes(connection)  # a replica cached before an index came
            return data_dir, description
        if get_meta(replica.engine, BENCH_META_KEY) is not None or _has_rows(replica.engine):
            raise SystemExit(f"{data_dir} holds a half-built replica: delete it and run again")
        began = time.perf_counter()
        print(f"building the replica in {data_dir} ({description}), once...", flush=True)
        if use_demo:
            from cmms_core.demo.generator import DemoScale
            from cmms_desktop.store.demo import load_demo_plant

            load_demo_plant(replica.engine, 42, DemoScale.benchmark())
        else:
            _insert_synthetic(replica.engine, rows)
        set_meta(replica.engine, BENCH_META_KEY, "ready")
        print(f"built in {time.perf_counter() - began:.0f} s", flush=True)
        return data_dir, description
    finally:
        replica.dispose()


def _has_rows(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(equipments.select().limit(1)).first() is not None


_NAMES = (
    "Pompe centrifuge",
    "Compresseur à vis",
    "Convoyeur à bande",
    "Presse hydraulique",
    "Robot de soudure",
    "Four de cuisson",
    "Moteur électrique",
    "Armoire de commande",
)
_MAKERS = ("Grundfos", "KSB", "Atlas Copco", "Siemens", "ABB", "Schneider", "Fanuc", None)
_STATES = ("active", "down", "under_maintenance", "out_of_service")


def _insert_synthetic(engine: Engine, rows: int) -> None:
    """Sites, lines, types, an administrator and ``rows`` equipments, straight into the tables."""
    rng = Random(42)
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    site_rows = [
        {"id": uuid.uuid4(), "code": code, "name": name, **stamps}
        for code, name in (("LYO", "Lyon"), ("GRE", "Grenoble"), ("STE", "Saint-Étienne"))
    ]
    line_rows = [
        {
            "id": uuid.uuid4(),
            "site_id": site["id"],
            "code": f"L{number:02d}",
            "name": f"Ligne {number:02d}",
            **stamps,
        }
        for site in site_rows
        for number in range(1, 31)
    ]
    type_rows = [
        {"id": uuid.uuid4(), "code": f"T{number:02d}", "name": f"{name} {number}", **stamps}
        for number, name in enumerate(_NAMES * 3)
    ]
    batch: list[dict[str, Any]] = []
    with engine.begin() as connection:
        connection.execute(insert(sites), site_rows)
        connection.execute(insert(production_lines), line_rows)
        connection.execute(insert(equipment_types), type_rows)
        connection.execute(
            insert(users),
            {
                "id": uuid.uuid4(),
                "email": ADMIN_EMAIL,
                "full_name": "Bench Admin",
                "password_hash": hash_password("Bench-2026!"),
                "role": "admin",
                "status": "active",
                "skills": [],
                **stamps,
            },
        )
        for number in range(rows):
            line = rng.choice(line_rows)
            kind = rng.randrange(len(_NAMES))
            batch.append(
                {
                    "id": uuid.uuid4(),
                    "site_id": line["site_id"],
                    "code": f"EQ-{number:06d}",
                    "name": f"{_NAMES[kind]} {rng.randint(1, 9999)}",
                    "type_id": type_rows[kind]["id"],
                    "line_id": line["id"] if rng.random() < 0.9 else None,
                    "criticality": rng.choice(("high", "medium", "low")),
                    "state": rng.choices(_STATES, (85, 4, 7, 4))[0],
                    "state_changed_at": now,
                    "manufacturer": rng.choice(_MAKERS),
                    "model": f"M-{rng.randint(1, 500)}",
                    "serial_number": f"SN{rng.randint(10**7, 10**8)}",
                    "location": f"Bâtiment {rng.choice('ABCD')}, travée {rng.randint(1, 20)}",
                    **stamps,
                }
            )
            if len(batch) == 5000:
                connection.execute(insert(equipments), batch)
                batch.clear()
        if batch:
            connection.execute(insert(equipments), batch)


# ------------------------------------------------------------------ measurements


class _Navigator:
    """The main window's part a page needs: no other module here."""

    def navigate(self, key: str, argument: object | None = None) -> None:
        return None

    def can_navigate(self, key: str) -> bool:
        return False


def _median_ms(run: Callable[[], None], reset: Callable[[], None], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        reset()
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return times


def _report(label: str, times: list[float], goal: float) -> None:
    median = statistics.median(times)
    print(
        f"  {label:<34} {median:9.1f} ms  (min {min(times):7.1f})"
        f"   {median / goal:5.2f} × {goal:.0f} ms goal"
    )


def measure_list(data_dir: Path, repeat: int) -> None:
    from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMainWindow

    from cmms_desktop.app import build_services
    from cmms_desktop.store.queries.users import active_admin_id
    from cmms_desktop.ui.models.equipment_table import EquipmentColumn
    from cmms_desktop.ui.pages.equipment import EquipmentPage
    from cmms_desktop.ui.theme import apply_theme

    def quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # the off-screen platform's chatter would drown the figures
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    apply_theme(app)
    services = build_services(data_dir)
    admin = active_admin_id(services.replica.engine)
    if admin is None:
        raise SystemExit(f"no active administrator in {data_dir}")
    session = services.auth.session_for(uuid.uuid4(), admin)
    navigator = _Navigator()
    window = QMainWindow()
    window.resize(1280, 800)
    pages: list[EquipmentPage] = []

    def paint() -> None:
        # what the user sees: the visible rows read and drawn
        window.grab()

    def open_page() -> None:
        page = EquipmentPage(services, session, navigator)
        pages.append(page)
        window.setCentralWidget(page)  # the previous page is deleted
        window.show()
        page.show()  # a widget put in a shown window is shown by the event loop: do it now
        page.show_argument(None)
        paint()

    def drop_pages() -> None:
        pages.clear()
        app.processEvents()

    print(f"\nEquipment list ({QApplication.platformName()}, window 1280×800)")
    _report("open the list", _median_ms(open_page, drop_pages, repeat), LIST_GOAL_MS)
    page = pages[-1]
    view = page.list_view
    count = view.model.rowCount()
    print(f"  ({count:,} rows listed)")

    def baseline() -> None:
        view.clear_filters()
        view.table.sortByColumn(EquipmentColumn.CODE, Qt.SortOrder.AscendingOrder)
        paint()

    def sort_by(column: int, order: Qt.SortOrder) -> Callable[[], None]:
        def run() -> None:
            view.table.sortByColumn(column, order)
            paint()

        return run

    _report(
        "sort by name",
        _median_ms(sort_by(EquipmentColumn.NAME, Qt.SortOrder.AscendingOrder), baseline, repeat),
        LIST_GOAL_MS,
    )
    _report(
        "sort by state, descending",
        _median_ms(sort_by(EquipmentColumn.STATE, Qt.SortOrder.DescendingOrder), baseline, repeat),
        LIST_GOAL_MS,
    )

    def search(text: str) -> Callable[[], None]:
        def run() -> None:
            view.search_edit.blockSignals(True)
            view.search_edit.setText(text)
            view.search_edit.blockSignals(False)
            view.apply_filter()  # what the pause in typing triggers
            paint()

        return run

    def searches(suffix: str) -> None:
        for label, text in (("'pompe'", "pompe"), ("'grundfos 12'", "grundfos 12")):
            times = _median_ms(search(text), baseline, repeat)
            _report(f"filter by text ({label}){suffix}", times, LIST_GOAL_MS)
            print(f"  ({view.model.rowCount():,} rows match)")
        times = _median_ms(search("zzzz-nothing"), baseline, repeat)
        _report(f"filter by text, no match{suffix}", times, LIST_GOAL_MS)

    # through the search index, then without it (the LIKE scan it replaced)
    searches("")
    with services.replica.engine.begin() as connection:
        drop_search_index(connection, EQUIPMENT_SEARCH)
    try:
        searches(", LIKE")
    finally:
        with services.replica.engine.begin() as connection:
            install_search_index(connection, EQUIPMENT_SEARCH)

    def state_and_site() -> None:
        for combo, index in ((view.site_combo, 1), (view.state_combo, 2)):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        view.apply_filter()
        paint()

    _report("filter by state + site", _median_ms(state_and_site, baseline, repeat), LIST_GOAL_MS)
    print(f"  ({view.model.rowCount():,} rows match)")

    def middle() -> None:
        view.table.scrollTo(view.model.index(view.model.rowCount() // 2, 0))
        paint()

    def baseline_by_name() -> None:
        baseline()
        view.table.sortByColumn(EquipmentColumn.NAME, Qt.SortOrder.AscendingOrder)
        paint()

    _report(
        "jump to the middle (by name)", _median_ms(middle, baseline_by_name, repeat), LIST_GOAL_MS
    )
    window.close()
    services.replica.dispose()


def measure_cold_start(data_dir: Path, repeat: int) -> None:
    print("\nCold start of the application (subprocess, to the first painted window)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as scratch:
        for label, page in (("to the login page", "login"), ("to the equipment list", "equipment")):
            times = []
            for _ in range(repeat):
                command = [
                    sys.executable,
                    "-m",
                    "cmms_desktop",
                    "--data-dir",
                    str(data_dir),
                    "--lang",
                    "fr",
                    "--screenshot",
                    str(Path(scratch) / f"{page}.png"),
                    "--page",
                    page,
                ]
                began = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, text=True)
                times.append((time.perf_counter() - began) * 1000)
                if done.returncode != 0:
                    print(f"  {label}: the application failed:\n{done.stderr}")
                    break
            else:
                _report(label, times, COLD_START_GOAL_MS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=DEMO_ROWS, help="equipments in the replica")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--no-cold-start", action="store_true", help="skip the subprocess runs")
    args = parser.parse_args(argv)
    data_dir, description = prepare_replica(args.rows)
    print(f"UI lists bench — {description} — replica in {data_dir}")
    measure_list(data_dir, args.repeat)
    if not args.no_cold_start:
        measure_cold_start(data_dir, max(3, args.repeat // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
