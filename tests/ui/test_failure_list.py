"""The failure list: order, filters, the lifecycle's actions, escalations, lazy paging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.failures import FailureListPage
from cmms_desktop.ui.pages.failures.list_dialogs import AssignDialog, TransitionDialog
from cmms_desktop.ui.pages.failures.list_model import FailureColumn
from tests.ui.failure_world import NOW, FailureWorld, FakeNavigator, make_world


@pytest.fixture
def plant(services: DesktopServices) -> FailureWorld:
    return make_world(services)


def open_list(
    qtbot: QtBot,
    plant: FailureWorld,
    navigator: FakeNavigator | None = None,
    *,
    who: str = "supervisor",
    minutes: int = 0,
) -> FailureListPage:
    actor = plant.supervisor if who == "supervisor" else plant.tech
    page = FailureListPage(plant.services, plant.session(actor), navigator or FakeNavigator())
    qtbot.addWidget(page)
    page.clock = lambda: NOW + timedelta(minutes=minutes)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.show_argument(None)
    return page


def numbers(page: FailureListPage) -> list[str]:
    model = page.model
    return [
        model.data(model.index(row, FailureColumn.NUMBER), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]


def select_ticket(page: FailureListPage, failure_id: object) -> None:
    for row in range(page.model.rowCount()):
        if page.model.failure_id(row) == failure_id:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{failure_id} not listed")


def test_most_urgent_first_then_oldest(qtbot: QtBot, plant: FailureWorld) -> None:
    low = plant.report(urgency=1, minutes_ago=300)
    new_critical = plant.report(urgency=4, minutes_ago=5)
    old_critical = plant.report(urgency=4, minutes_ago=90, equipment_stopped=True)
    high = plant.report(urgency=3, minutes_ago=10)
    page = open_list(qtbot, plant, minutes=30)
    ids = [page.model.failure_id(row) for row in range(page.model.rowCount())]
    assert ids == [old_critical, new_critical, high, low]
    assert page.count_label.text() == "4 tickets"
    model = page.model
    urgency = model.data(model.index(0, FailureColumn.URGENCY), Qt.ItemDataRole.DisplayRole)
    assert urgency == "Critical"
    status = model.data(model.index(0, FailureColumn.STATUS), Qt.ItemDataRole.DisplayRole)
    assert status == "Reported"
    # the live downtime runs with the clock, without reading the database again
    downtime = model.index(0, FailureColumn.DOWNTIME)
    assert model.data(downtime, Qt.ItemDataRole.DisplayRole) == "2 h 00"
    assert model.data(model.index(1, FailureColumn.DOWNTIME), Qt.ItemDataRole.DisplayRole) == ""
    page.clock = lambda: NOW + timedelta(minutes=31)
    with qtbot.waitSignal(model.dataChanged):
        page.tick()
    assert model.data(downtime, Qt.ItemDataRole.DisplayRole) == "2 h 01"


def test_the_filters_narrow_the_list(qtbot: QtBot, plant: FailureWorld) -> None:
    on_press = plant.report(urgency=4)
    on_pump = plant.report(urgency=2, equipment=plant.pump_1, description="Fuite huile")
    assigned = plant.report(urgency=1, equipment=plant.pump_2)
    plant.assign(assigned)
    closed = plant.report(urgency=3)
    plant.transition(plant.supervisor, closed, "cancel")
    page = open_list(qtbot, plant)
    bar = page.filter_bar
    ids = lambda: {page.model.failure_id(r) for r in range(page.model.rowCount())}  # noqa: E731
    assert ids() == {on_press, on_pump, assigned}  # open tickets by default
    bar.set_choice("status", None)
    assert ids() == {on_press, on_pump, assigned, closed}
    bar.set_choice("status", "cancelled")
    assert ids() == {closed}
    bar.set_choice("status", None)
    bar.set_choice("urgency", 4)
    assert ids() == {on_press}
    bar.set_choice("urgency", None)
    assert bar.set_choice("technician", plant.tech.user_id)
    assert ids() == {assigned}
    bar.set_choice("technician", None)
    bar.set_text("huile")
    assert ids() == {on_pump}
    bar.set_text("")
    # the equipment: scanned (or typed) code, then Enter
    qtbot.keyClicks(page.equipment_input, "PMP-001")
    qtbot.keyClick(page.equipment_input, Qt.Key.Key_Return)
    assert ids() == {on_pump}
    page.equipment_input.clear()
    assert len(ids()) == 4
    bar.set_period("today")  # NOW is in the past: nothing reported today
    assert ids() == set() and page.empty_label.isVisible()
    bar.clear()
    assert len(ids()) == 4


def test_assign_writes_a_transition_for_someone_of_the_site(
    qtbot: QtBot, plant: FailureWorld
) -> None:
    failure_id = plant.report(urgency=3)
    page = open_list(qtbot, plant)
    select_ticket(page, failure_id)
    assert page.assign_action.isVisible() and page.assign_action.isEnabled()
    assert not page.validate_action.isEnabled()  # only a done ticket is validated
    page.assign_action.trigger()
    dialog = page.last_dialog
    assert isinstance(dialog, AssignDialog)
    offered = [dialog.combo.itemText(i) for i in range(dialog.combo.count())]
    assert any("Tom Technicien" in text for text in offered)
    assert dialog.select(plant.other_tech.user_id)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    row = plant.failure(failure_id)
    assert row["status"] == "assigned" and row["assigned_to"] == plant.other_tech.user_id
    name, payload = plant.outbox()[-1]
    assert name == "failure.transition"
    assert payload["action"] == "assign"
    assert payload["assignee_id"] == str(plant.other_tech.user_id)
    # the list shows it at once, still selected
    assert page.selected_row() is not None and page.selected_row().assigned_to_name == (
        "Léa Technicienne"
    )


def test_validate_and_cancel_follow_the_lifecycle(qtbot: QtBot, plant: FailureWorld) -> None:
    done = plant.report(urgency=2, equipment_stopped=True)
    plant.assign(done)
    plant.transition(plant.tech, done, "start")
    plant.transition(plant.tech, done, "complete")
    other = plant.report(urgency=2, equipment=plant.pump_1)
    page = open_list(qtbot, plant)
    select_ticket(page, done)
    assert page.validate_action.isEnabled() and not page.assign_action.isEnabled()
    dialog = page.transition_selected("validate")
    assert isinstance(dialog, TransitionDialog)
    assert dialog.run()
    assert plant.failure(done)["status"] == "validated"
    select_ticket(page, other)
    dialog = page.transition_selected("cancel")
    assert isinstance(dialog, TransitionDialog)
    dialog.comment_edit.setPlainText("Doublon")
    assert dialog.run()
    assert plant.failure(other)["status"] == "cancelled"
    assert plant.outbox()[-1][1]["comment"] == "Doublon"


def test_a_technician_sees_no_supervisor_action(qtbot: QtBot, plant: FailureWorld) -> None:
    failure_id = plant.report(urgency=3)
    page = open_list(qtbot, plant, who="tech")
    select_ticket(page, failure_id)
    assert page.open_action.isEnabled()
    for action in (page.assign_action, page.validate_action, page.cancel_action):
        assert not action.isVisible()
    assert page.assign_selected() is None


def test_opening_a_ticket_goes_to_its_sheet(qtbot: QtBot, plant: FailureWorld) -> None:
    failure_id = plant.report(urgency=3)
    navigator = FakeNavigator({"failures.sheet", "failures.new"})
    page = open_list(qtbot, plant, navigator)
    select_ticket(page, failure_id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert navigator.calls[-1] == ("failures.sheet", failure_id)
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("failures.new", None)


def test_without_the_sheet_the_ticket_is_found_in_the_list(
    qtbot: QtBot, plant: FailureWorld
) -> None:
    failure_id = plant.report(urgency=1)
    for _ in range(3):
        plant.report(urgency=4)
    page = open_list(qtbot, plant)
    page.show_argument(failure_id)
    row = page.selected_row()
    assert row is not None and row.id == failure_id
    page.open_failure(failure_id)
    assert page.banner.isVisible()  # says the sheet is not there yet


def test_the_escalation_banner_lists_late_tickets(qtbot: QtBot, plant: FailureWorld) -> None:
    plant.escalation_rules()
    late = plant.report(urgency=4)
    plant.report(urgency=1)
    navigator = FakeNavigator({"failures.sheet"})
    page = open_list(qtbot, plant, navigator, minutes=45)
    banner = page.escalations
    assert banner.isVisible()
    [line] = banner.lines()
    assert line.failure_id == late and line.escalate_to == ("supervisor",)
    assert banner.buttons[0].text() == (
        f"{plant.failure(late)['number']} · critical failure not assigned for 45 min → Supervisor"
    )
    qtbot.mouseClick(banner.buttons[0], Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("failures.sheet", late)
    # assigned (at NOW) but not started 45 min later: still late, for another reason
    plant.assign(late)
    page.refresh()
    [line] = banner.lines()
    assert "assigned but not started for 45 min" in banner.buttons[0].text()
    # started: nothing late any more
    plant.transition(plant.tech, late, "start")
    page.refresh()
    assert not banner.isVisible()


def test_a_few_thousand_tickets_are_read_page_by_page(qtbot: QtBot, plant: FailureWorld) -> None:
    plant.bulk(3000)
    page = open_list(qtbot, plant)
    model = page.model
    assert model.rowCount() == 3000
    assert model.cached_page_count() <= 2  # only what is on screen
    page.table.scrollToBottom()
    last = model.row_at(2999)
    assert last is not None and last.urgency == 1
    assert model.cached_page_count() <= 4
    urgencies = [model.row_at(r).urgency for r in (0, 749, 750, 1500, 2999)]  # type: ignore[union-attr]
    assert urgencies == sorted(urgencies, reverse=True)


def test_a_long_list_is_counted_a_step_at_a_time(qtbot: QtBot, plant: FailureWorld) -> None:
    plant.bulk(250)
    page = open_list(qtbot, plant)
    assert page.count_label.text() == "250 tickets" and not page.model.has_more()
    page.model._count_step = 100  # (10,000 in the application)
    page.refresh()
    model = page.model
    assert model.rowCount() == 100 and model.has_more() and model.canFetchMore()
    assert page.count_label.text() == "100+ tickets"
    model.fetchMore()  # what the view asks when scrolled to the end
    assert model.rowCount() == 200 and page.count_label.text() == "200+ tickets"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 250)
    assert not model.canFetchMore() and page.count_label.text() == "250 tickets"
    assert model.row_at(249) is not None
