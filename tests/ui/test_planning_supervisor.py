"""The supervisor's landing page: awaiting validation, compliance, team, workload."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.queries.preventive import task_sheet
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.planning import InterventionPage, SupervisorPage
from cmms_desktop.ui.pages.planning.intervention_page import INTERVENTION_PAGE
from tests.ui.conftest import Accounts
from tests.ui.planning_world import PMPlant, RecordingNavigator, build_pm_plant


@pytest.fixture
def world(services: DesktopServices, accounts: Accounts) -> PMPlant:
    return build_pm_plant(services, accounts)


def done_task(qtbot: QtBot, world: PMPlant) -> uuid.UUID:
    # a week of tolerance: a visit done this week is on time for a due date next week
    task_id = world.assigned_task(world.plan(tolerance_days=7))
    page = InterventionPage(world.services, world.technician, RecordingNavigator())
    qtbot.addWidget(page)
    page.show_argument(task_id)
    assert page.start()
    page.checklist.line("oil").check.setChecked(True)  # type: ignore[union-attr]
    page.checklist.line("pressure").value_edit.setText("240")  # type: ignore[union-attr]
    assert page.complete()
    return task_id


def test_the_awaiting_intervention_and_compliance(
    qtbot: QtBot, world: PMPlant, translations: Translations
) -> None:
    task_id = done_task(qtbot, world)
    task = task_sheet(world.services.replica.engine, task_id)
    assert task is not None and task.due_at is not None
    after_due = task.due_at + timedelta(days=1)  # the task's due date is in the 90 days
    navigator = RecordingNavigator((INTERVENTION_PAGE,))
    page = SupervisorPage(world.services, world.supervisor, navigator, now=lambda: after_due)
    qtbot.addWidget(page)

    assert page.site_id() == world.plant.sites["LYO"]
    assert page.awaiting_table.rowCount() == 1
    assert page.awaiting_table.item(0, 1).text() == "PRS-001"  # type: ignore[union-attr]
    assert page.awaiting_table.item(0, 4).text() == "Out of limits"  # type: ignore[union-attr]
    assert page.awaiting_card.value() == "1"
    assert page.landing is not None and page.landing.compliance.on_time == 1
    assert page.compliance_card.value() == "100 %"
    assert page.compliance_card.tone() == "good"
    names = [page.team_table.item(r, 0).text() for r in range(page.team_table.rowCount())]  # type: ignore[union-attr]
    assert "Paul Technicien" in names
    assert not page.workload_chart.is_empty()

    page.open_selected()
    assert navigator.visits[-1] == (INTERVENTION_PAGE, task_id)
