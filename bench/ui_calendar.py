"""How fast the planning calendar shows a month of 5,000 tasks; prints figures, never asserts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_calendar.py [--events 5000] [--repeat 7]

Synthetic tasks (3 sites, 300 equipments, 12 technicians, 30 min to 4 h, a
few with schedule warnings) spread over the working hours of March 2026.
Times, each the median of --repeat runs, with its ratio to the 200 ms goal
(above 1 misses it):

- month: build the view + lay out the month + first paint (render into a
  1280x720 QImage, offscreen);
- month repaint: paint again (what a drag's preview costs per mouse move);
- week: the same for the busiest week of the month (every event drawn).

The database read (one indexed query, :func:`calendar_events`) is not in these
figures. Wall-clock and CPU time of this process are printed with the
machine's load average: on a busy machine the wall figures are upper bounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cmms_desktop.store.queries.planning import CalendarEvent  # noqa: E402
from cmms_desktop.ui.pages.planning.calendar_layout import ViewMode  # noqa: E402
from cmms_desktop.ui.pages.planning.calendar_view import CalendarView  # noqa: E402

GOAL_MS = 200.0
TZ = ZoneInfo("Europe/Paris")
MONTH = date(2026, 3, 1)
NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
SIZE = (1280, 720)
KINDS = ("preventive", "preventive", "preventive", "corrective", "inspection", "regulatory")


def synthetic_events(count: int, seed: int = 5) -> list[CalendarEvent]:
    rng = Random(seed)
    sites = [uuid.uuid4() for _ in range(3)]
    equipment = [(uuid.uuid4(), f"EQ-{n:04d}") for n in range(300)]
    technicians = [(uuid.uuid4(), f"Technicien {n:02d}") for n in range(12)]
    events = []
    for _ in range(count):
        day = MONTH + timedelta(days=rng.randrange(31))
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 16), 15 * rng.randrange(4))
        start_utc = start.replace(tzinfo=TZ).astimezone(UTC)
        minutes = rng.choice((30, 45, 60, 90, 120, 240))
        equipment_id, code = rng.choice(equipment)
        assignee = rng.choice(technicians) if rng.random() < 0.8 else None
        events.append(
            CalendarEvent(
                id=uuid.uuid4(),
                start=start_utc,
                end=start_utc + timedelta(minutes=minutes),
                title=f"Visite préventive mensuelle ({code})",
                status=rng.choice(("reported", "assigned", "assigned", "done")),
                kind=rng.choice(KINDS),
                priority=rng.choice((1, 2, 2, 3)),
                equipment_id=equipment_id,
                equipment_code=code,
                assigned_to=assignee[0] if assignee else None,
                assignee_name=assignee[1] if assignee else None,
                site_id=rng.choice(sites),
                due_at=start_utc,
                plan_id=None,
                has_warnings=rng.random() < 0.05,
            )
        )
    events.sort(key=lambda e: (e.start, e.id))
    return events


def render(view: CalendarView) -> None:
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.render(image)


def first_paint(events: list[CalendarEvent], mode: ViewMode, anchor: date) -> CalendarView:
    view = CalendarView()
    view.resize(*SIZE)
    view.show_period(mode, anchor, events, TZ, now=NOW)
    render(view)
    return view


def median_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU (this process) milliseconds."""
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    events = synthetic_events(options.events)
    first_paint(events, "month", MONTH)  # warm-up: fonts, glyph caches
    weeks: dict[date, int] = {}
    for event in events:
        local = event.start.astimezone(TZ).date()
        monday = local - timedelta(days=local.weekday())
        weeks[monday] = weeks.get(monday, 0) + 1
    busiest = max(weeks, key=lambda monday: weeks[monday])
    week_events = [
        e for e in events if busiest <= e.start.astimezone(TZ).date() < busiest + timedelta(days=7)
    ]

    month = median_ms(lambda: first_paint(events, "month", MONTH), options.repeat)
    shown = first_paint(events, "month", MONTH)
    repaint = median_ms(lambda: render(shown), options.repeat)
    layout_only = median_ms(
        lambda: shown.show_period("month", MONTH, events, TZ, now=NOW), options.repeat
    )
    week = median_ms(lambda: first_paint(week_events, "week", busiest), options.repeat)
    load = os.getloadavg()
    print(f"planning calendar, {len(events)} events in {MONTH:%B %Y}, view {SIZE[0]}x{SIZE[1]}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    rows = [
        ("month: build + layout + first paint", month),
        ("month: layout only (show_period)", layout_only),
        ("month: repaint", repaint),
        (f"week of {busiest:%d %b} ({len(week_events)} events): build + layout + paint", week),
    ]
    print(f"  {'':<62} {'wall':>8}      {'cpu':>6}     wall / goal ({GOAL_MS:.0f} ms)")
    for name, (wall, cpu) in rows:
        print(f"  {name:<62} {wall:8.1f} ms {cpu:6.1f} ms   {wall / GOAL_MS:5.2f}")
    del app


if __name__ == "__main__":
    main()
