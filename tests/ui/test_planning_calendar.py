"""The planning calendar page: views, filters, layout, drag-and-drop, resize, warnings,
read-only technicians, .ics export, the planners' actions.

The plant is :mod:`tests.core.pm_world`'s (site A in Paris), made on the page's
replica; "now" is Monday 2 March 2026, 08:00 UTC (09:00 in Paris, UTC+1).
Tasks A and B: Monday 10:00-11:00 and 10:30-11:30 Paris, on two equipments.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cmms_core.rules.permissions import Actor
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.pages.planning import PlanningPage
from cmms_desktop.ui.pages.planning.calendar_layout import (
    TimedSegment,
    layout_timed,
    period_days,
    shift_anchor,
)
from tests.core.pm_world import NOW, PMWorld, build_world

MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)
THURSDAY = date(2026, 3, 5)
SATURDAY = date(2026, 3, 7)


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    """A Paris wall-clock time of March 2026 (UTC+1) as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


@dataclass
class FakeNavigator:
    pages: set[str] = field(default_factory=set)
    calls: list[tuple[str, object]] = field(default_factory=list)

    def navigate(self, key: str, argument: object | None = None) -> None:
        self.calls.append((key, argument))

    def can_navigate(self, key: str) -> bool:
        return key in self.pages


@dataclass
class Plant:
    world: PMWorld
    tom: Actor
    task_a: uuid.UUID
    task_b: uuid.UUID
    equipment_a: uuid.UUID
    equipment_b: uuid.UUID


@pytest.fixture
def plant(services: DesktopServices) -> Plant:
    world = build_world(services.replica.engine)
    tom = world.technician("Tom Technicien")
    equipment_a, equipment_b = world.equipment(), world.equipment()
    plans = [
        world.plan(equipment_id=e, recurrence={"freq": "weekly", "time_of_day": "09:00"})
        for e in (equipment_a, equipment_b)
    ]
    world.generate(MONDAY, MONDAY)
    task_a, task_b = (world.tasks(plan_id)[0].id for plan_id in plans)
    for task_id, start in ((task_a, paris(MONDAY, 10)), (task_b, paris(MONDAY, 10, 30))):
        payload = {
            "id": task_id,
            "scheduled_start": start,
            "scheduled_end": start + timedelta(hours=1),
        }
        world.run("task.schedule", payload, world.supervisor)
    world.run("task.schedule", {"id": task_a, "assigned_to": tom.user_id}, world.supervisor)
    return Plant(world, tom, task_a, task_b, equipment_a, equipment_b)


def open_page(
    qtbot: QtBot,
    services: DesktopServices,
    user_id: uuid.UUID,
    navigator: FakeNavigator | None = None,
    mode: str = "week",
) -> PlanningPage:
    session = services.auth.session_for(uuid.uuid4(), user_id)
    page = PlanningPage(services, session, navigator or FakeNavigator())
    qtbot.addWidget(page)
    page.clock = lambda: NOW
    page.resize(1200, 860)
    page.show()
    qtbot.waitExposed(page)
    page.show_argument(MONDAY)
    if mode != page.mode():
        page.set_mode(mode)  # type: ignore[arg-type]
    return page


def task_row(services: DesktopServices, task_id: uuid.UUID) -> tuple[datetime, datetime]:
    from cmms_core.schema.maintenance import maintenance_tasks as t

    with services.replica.engine.connect() as connection:
        row = connection.execute(
            select(t.c.scheduled_start, t.c.scheduled_end).where(t.c.id == task_id)
        ).one()
    return row[0], row[1]


def outbox_names(services: DesktopServices) -> list[str]:
    with services.replica.engine.connect() as connection:
        return list(connection.execute(select(outbox.c.name).order_by(outbox.c.seq)).scalars())


def drag(qtbot: QtBot, page: PlanningPage, start: QPointF, end: QPointF) -> None:
    view = page.view
    begin, finish = start.toPoint(), end.toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=begin)
    middle = QPoint((begin.x() + finish.x()) // 2, (begin.y() + finish.y()) // 2)
    qtbot.mouseMove(view, middle)
    qtbot.mouseMove(view, finish)
    assert view.dragging()
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=finish)


# ------------------------------------------------------------------ pure layout


def test_overlapping_events_share_the_width_in_columns() -> None:
    day = datetime(2026, 3, 2)
    spans = [
        (day.replace(hour=10), day.replace(hour=11)),
        (day.replace(hour=10, minute=30), day.replace(hour=11, minute=30)),
        (day.replace(hour=11), day.replace(hour=12)),  # fits under the first
        (day.replace(hour=14), day.replace(hour=15)),  # alone
        (day.replace(hour=23), day.replace(hour=23) + timedelta(hours=2)),  # crosses midnight
    ]
    segments = layout_timed(spans, period_days("week", MONDAY))
    by_index: dict[int, list[TimedSegment]] = {}
    for segment in segments:
        by_index.setdefault(segment.index, []).append(segment)
    assert [(s.column, s.columns) for s in by_index[0]] == [(0, 2)]
    assert [(s.column, s.columns) for s in by_index[1]] == [(1, 2)]
    assert [(s.column, s.columns) for s in by_index[2]] == [(0, 2)]
    assert [(s.column, s.columns) for s in by_index[3]] == [(0, 1)]
    assert [(s.day, s.start_min, s.end_min) for s in by_index[4]] == [
        (0, 23 * 60, 24 * 60),
        (1, 0, 60),
    ]


def test_periods_and_steps() -> None:
    assert period_days("day", MONDAY) == [MONDAY]
    assert period_days("week", THURSDAY)[0] == MONDAY
    month = period_days("month", MONDAY)  # March 2026 starts on a Sunday
    assert (month[0], month[-1], len(month)) == (date(2026, 2, 23), date(2026, 4, 5), 42)
    assert shift_anchor("month", date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert shift_anchor("week", MONDAY, -1) == date(2026, 2, 23)


# ------------------------------------------------------------------ the page


def test_registered_in_the_navigation(admin_window: MainWindow) -> None:
    assert "planning" in admin_window.page_keys()
    assert isinstance(admin_window.page("planning"), PlanningPage)


def test_views_and_navigation(qtbot: QtBot, services: DesktopServices, plant: Plant) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    assert page.view.days() == period_days("week", MONDAY)
    assert {e.id for e in page.events()} == {plant.task_a, plant.task_b}
    qtbot.mouseClick(page.view_buttons["month"], Qt.MouseButton.LeftButton)
    assert page.view.mode() == "month" and len(page.view.days()) == 42
    cells = page.view.month_cells()
    assert len(cells[page.view.days().index(MONDAY)]) == 2
    qtbot.mouseClick(page.view_buttons["day"], Qt.MouseButton.LeftButton)
    assert page.view.days() == [MONDAY]
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.view.days() == [TUESDAY] and page.events() == []
    assert page.empty_box.isVisibleTo(page)
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.view.days() == [MONDAY]
    qtbot.mouseClick(page.view_buttons["week"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.view.days()[0] == date(2026, 2, 23)


def test_events_overlapping_are_drawn_side_by_side(
    qtbot: QtBot, services: DesktopServices, plant: Plant
) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    rect_a = page.view.event_rect(plant.task_a)
    rect_b = page.view.event_rect(plant.task_b)
    assert rect_a is not None and rect_b is not None
    assert rect_a.right() <= rect_b.left() or rect_b.right() <= rect_a.left()
    assert rect_a.top() < rect_b.top() < rect_a.bottom()  # B starts half an hour later
    assert abs(rect_a.width() - rect_b.width()) < 1


def test_filters(qtbot: QtBot, services: DesktopServices, plant: Plant) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    bar = page.filter_bar
    assert bar.set_choice("technician", plant.tom.user_id)
    assert [e.id for e in page.events()] == [plant.task_a]
    assert bar.set_choice("technician", "unassigned")
    assert [e.id for e in page.events()] == [plant.task_b]
    assert bar.set_choice("technician", None)
    assert bar.set_choice("equipment", plant.equipment_b)
    assert [e.id for e in page.events()] == [plant.task_b]
    assert bar.set_choice("technician", plant.tom.user_id)
    assert page.events() == [] and page.empty_box.isVisibleTo(page)
    bar.clear()
    assert not bar.set_choice("site", plant.world.site_b)  # not the supervisor's site
    assert bar.set_choice("site", plant.world.site_a)
    assert {e.id for e in page.events()} == {plant.task_a, plant.task_b}


def test_drag_to_another_day_writes_task_schedule(
    qtbot: QtBot, services: DesktopServices, plant: Plant
) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    rect = page.view.event_rect(plant.task_b)
    assert rect is not None
    start = rect.center()
    shift = page.view.point_at(TUESDAY).x() - page.view.point_at(MONDAY).x()
    with qtbot.waitSignal(page.rescheduled):
        drag(qtbot, page, start, QPointF(start.x() + shift, start.y()))
    assert task_row(services, plant.task_b) == (paris(TUESDAY, 10, 30), paris(TUESDAY, 11, 30))
    assert outbox_names(services) == ["task.schedule"]
    moved = next(e for e in page.events() if e.id == plant.task_b)
    assert moved.start == paris(TUESDAY, 10, 30)
    assert page.banner.isVisibleTo(page) and page.banner.kind == "success"


def test_month_drop_keeps_the_time(qtbot: QtBot, services: DesktopServices, plant: Plant) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id, mode="month")
    rect = page.view.event_rect(plant.task_b)
    assert rect is not None
    with qtbot.waitSignal(page.rescheduled):
        drag(qtbot, page, rect.center(), page.view.point_at(THURSDAY))
    assert task_row(services, plant.task_b) == (paris(THURSDAY, 10, 30), paris(THURSDAY, 11, 30))


def test_resize_changes_the_duration(qtbot: QtBot, services: DesktopServices, plant: Plant) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    rect = page.view.event_rect(plant.task_b)
    assert rect is not None
    edge = QPointF(rect.center().x(), rect.bottom() - 2)
    hit = page.view.hit(edge)
    assert hit is not None and hit.resize
    target = page.view.point_at(MONDAY, 13 * 60 + 2)  # 13:02 snaps to 13:00
    with qtbot.waitSignal(page.rescheduled):
        drag(qtbot, page, edge, QPointF(edge.x(), target.y()))
    assert task_row(services, plant.task_b) == (paris(MONDAY, 10, 30), paris(MONDAY, 13))
    assert outbox_names(services) == ["task.schedule"]


def test_a_conflicting_drop_is_kept_and_warned(
    qtbot: QtBot, services: DesktopServices, plant: Plant
) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    rect = page.view.event_rect(plant.task_a)  # Tom's, who does not work on Saturdays
    assert rect is not None
    start = rect.center()
    shift = page.view.point_at(SATURDAY).x() - page.view.point_at(MONDAY).x()
    with qtbot.waitSignal(page.rescheduled):
        drag(qtbot, page, start, QPointF(start.x() + shift, start.y()))
    assert task_row(services, plant.task_a)[0] == paris(SATURDAY, 10)
    assert page.banner.isVisibleTo(page) and page.banner.kind == "warning"
    assert "working hours" in page.banner.text()
    moved = next(e for e in page.events() if e.id == plant.task_a)
    assert moved.has_warnings
    index = page.events().index(moved)
    assert "working hours" in page.view.tooltip_text(index)


def test_a_technician_sees_their_own_calendar_read_only(
    qtbot: QtBot, services: DesktopServices, plant: Plant
) -> None:
    page = open_page(qtbot, services, plant.tom.user_id)
    assert [e.id for e in page.events()] == [plant.task_a]
    assert not page.generate_button.isVisibleTo(page)
    assert not page.assign_button.isVisibleTo(page)
    assert not page.filter_bar.choice_combo("technician").isVisibleTo(page)
    rect = page.view.event_rect(plant.task_a)
    assert rect is not None
    before = task_row(services, plant.task_a)
    view = page.view
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.mouseMove(view, QPoint(int(rect.center().x()), int(rect.center().y()) + 120))
    assert not view.dragging()
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton)
    assert task_row(services, plant.task_a) == before
    assert outbox_names(services) == []


def test_double_click_opens_the_intervention(
    qtbot: QtBot, services: DesktopServices, plant: Plant
) -> None:
    navigator = FakeNavigator({"planning.intervention"})
    page = open_page(qtbot, services, plant.world.supervisor.user_id, navigator)
    rect = page.view.event_rect(plant.task_b)
    assert rect is not None
    qtbot.mouseDClick(page.view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert navigator.calls == [("planning.intervention", plant.task_b)]
    navigator.pages.clear()
    qtbot.mouseDClick(page.view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert len(navigator.calls) == 1 and page.banner.kind == "info"


def test_ics_export(qtbot: QtBot, services: DesktopServices, plant: Plant, tmp_path: Path) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    asked: list[str] = []

    def choose(_parent: object, _caption: str, suggested: str, _filters: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "tom")

    page.save_file_name = choose
    page.filter_bar.set_choice("technician", plant.tom.user_id)
    path = page.export_ics()
    assert path == tmp_path / "tom.ics" and asked[0].endswith(".ics")
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip().endswith("END:VCALENDAR")
    assert f"UID:{plant.task_a}" in text and f"UID:{plant.task_b}" not in text
    page.filter_bar.clear()
    page.filter_bar.set_choice("site", plant.world.site_a)
    site_path = page.export_ics()
    assert site_path is not None
    site_text = site_path.read_bytes().decode("utf-8")
    assert f"UID:{plant.task_a}" in site_text and f"UID:{plant.task_b}" in site_text


def test_generate_then_auto_assign(qtbot: QtBot, services: DesktopServices, plant: Plant) -> None:
    page = open_page(qtbot, services, plant.world.supervisor.user_id)
    page.generate_tasks()
    assert page.banner.kind == "success"
    with services.replica.engine.connect() as connection:
        from cmms_core.schema.maintenance import maintenance_tasks as t

        total = connection.execute(select(func.count()).select_from(t)).scalar_one()
    assert total > 2  # weekly plans over eight weeks
    page.show_next()  # next week: generated, unassigned
    waiting = [e for e in page.events() if e.assigned_to is None]
    assert waiting
    page.auto_assign()
    assert page.banner.kind in ("success", "warning")
    assert "task.auto_assign" in outbox_names(services)
    assert all(
        e.assigned_to == plant.tom.user_id for e in page._current_events([w.id for w in waiting])
    )
