"""The technician's landing page: today, this week, new assignments, equipment, interventions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.technician import TechnicianHomePage
from cmms_desktop.ui.shell import Shell
from tests.ui.failure_world import NOW, FailureWorld, FakeNavigator, make_world

MONDAY = date(2026, 3, 2)  # NOW's day


@pytest.fixture
def plant(services: DesktopServices) -> FailureWorld:
    return make_world(services)


@pytest.fixture
def work(plant: FailureWorld) -> dict[str, object]:
    """Tom's work: a new assignment, a stopped machine in progress, two preventive tasks."""
    world = plant.world
    new = plant.report(urgency=3, description="Vibrations")
    plant.assign(new)
    stopped = plant.report(urgency=4, equipment=plant.pump_1, equipment_stopped=True)
    plant.assign(stopped)
    plant.transition(plant.tech, stopped, "start")
    someone_else = plant.report(urgency=4, equipment=plant.pump_2)
    plant.assign(someone_else, plant.other_tech)
    plans = [
        world.plan(equipment_id=equipment, recurrence={"freq": "weekly", "time_of_day": "09:00"})
        for equipment in (plant.press, plant.pump_2)
    ]
    world.generate(MONDAY, MONDAY + timedelta(days=6))
    today_task, week_task = (world.tasks(plan_id)[0].id for plan_id in plans)
    for task_id, start in (
        (today_task, NOW + timedelta(hours=2)),
        (week_task, NOW + timedelta(days=2)),
    ):
        payload = {
            "id": task_id,
            "scheduled_start": start,
            "scheduled_end": start + timedelta(hours=1),
            "assigned_to": plant.tech.user_id,
        }
        world.run("task.schedule", payload, world.supervisor)
    return {
        "new": new,
        "stopped": stopped,
        "other": someone_else,
        "today_task": today_task,
        "week_task": week_task,
    }


def open_home(qtbot: QtBot, plant: FailureWorld, navigator: FakeNavigator) -> TechnicianHomePage:
    page = TechnicianHomePage(plant.services, plant.session(plant.tech), navigator)
    qtbot.addWidget(page)
    page.clock = lambda: NOW
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    page.show_argument(None)
    return page


def targets(page: TechnicianHomePage, name: str) -> list[object]:
    widget = getattr(page, name).list
    return [widget.item(row).data(256)[1] for row in range(widget.count())]


def test_the_landing_page_shows_my_work(
    qtbot: QtBot, plant: FailureWorld, work: dict[str, object]
) -> None:
    page = open_home(qtbot, plant, FakeNavigator())
    assert targets(page, "new_section") == [work["new"]]
    today = targets(page, "today_section")
    assert set(today) == {work["new"], work["stopped"], work["today_task"]}
    assert work["other"] not in today  # someone else's
    assert today[0] == work["stopped"]  # the most urgent first
    assert targets(page, "week_section") == [work["week_task"]]
    assert plant.pump_1 in targets(page, "equipment_section")
    assert targets(page, "recent_section") == [work["stopped"]]  # its sheet, started
    assert page.today_card.value() == "3" and page.new_card.value() == "1"
    assert page.stopped_card.value() == "1" and page.week_card.value() == "1"
    stopped_item = page.today_section.list.item(0)
    assert "stopped for" in stopped_item.text() and "Critical" in stopped_item.text()


def test_each_line_opens_its_page(
    qtbot: QtBot, plant: FailureWorld, work: dict[str, object]
) -> None:
    navigator = FakeNavigator(
        {"failures.sheet", "planning.intervention", "equipment", "failures.new"}
    )
    page = open_home(qtbot, plant, navigator)
    lists = {
        name: getattr(page, name).list
        for name in ("new_section", "today_section", "week_section", "equipment_section")
    }
    lists["new_section"].itemActivated.emit(lists["new_section"].item(0))
    assert navigator.calls[-1] == ("failures.sheet", work["new"])
    lists["week_section"].itemActivated.emit(lists["week_section"].item(0))
    assert navigator.calls[-1] == ("planning.intervention", work["week_task"])
    lists["equipment_section"].itemActivated.emit(lists["equipment_section"].item(0))
    assert navigator.calls[-1][0] == "equipment"
    page.report_button.click()
    assert navigator.calls[-1] == ("failures.new", None)


def test_without_the_sheet_a_ticket_opens_in_the_list_or_says_so(
    qtbot: QtBot, plant: FailureWorld, work: dict[str, object]
) -> None:
    navigator = FakeNavigator({"failures"})
    page = open_home(qtbot, plant, navigator)
    assert page.open_target("failure", work["new"])  # type: ignore[arg-type]
    assert navigator.calls[-1] == ("failures", work["new"])
    assert not page.open_target("maintenance", work["week_task"])  # type: ignore[arg-type]
    assert page.banner.isVisible()


def test_a_technician_lands_on_it_after_login(
    shell: Shell, plant: FailureWorld, work: dict[str, object]
) -> None:
    session = plant.session(plant.tech)
    assert session.role is Role.TECHNICIAN
    window = shell.open_session(session)
    assert window.current_key() == "technician.home"
    assert isinstance(window.page("technician.home"), TechnicianHomePage)
    assert {"failures", "failures.new"} <= set(window.page_keys())
