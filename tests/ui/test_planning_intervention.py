"""The intervention sheet: start, tick, measure out of limits, report a failure,
complete, then validate or send back as the supervisor."""

from __future__ import annotations

import uuid

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.failures import failures
from cmms_core.schema.maintenance import interventions, maintenance_tasks
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.planning import InterventionPage
from cmms_desktop.ui.pages.planning.intervention_page import FAILURE_FORM_PAGE
from tests.ui.conftest import Accounts
from tests.ui.planning_world import PMPlant, RecordingNavigator, build_pm_plant


@pytest.fixture
def world(services: DesktopServices, accounts: Accounts) -> PMPlant:
    return build_pm_plant(services, accounts)


@pytest.fixture
def task_id(world: PMPlant) -> uuid.UUID:
    return world.assigned_task(world.plan())


def open_page(
    qtbot: QtBot, world: PMPlant, session: UserSession, task_id: uuid.UUID, *pages: str
) -> InterventionPage:
    page = InterventionPage(world.services, session, RecordingNavigator(pages))
    qtbot.addWidget(page)
    page.show_argument(task_id)
    return page


def task_status(world: PMPlant, task_id: uuid.UUID) -> str:
    with world.services.replica.engine.connect() as connection:
        return str(
            connection.execute(
                select(maintenance_tasks.c.status).where(maintenance_tasks.c.id == task_id)
            ).scalar_one()
        )


def test_the_whole_flow_then_validation(
    qtbot: QtBot, world: PMPlant, task_id: uuid.UUID, translations: Translations
) -> None:
    page = open_page(qtbot, world, world.technician, task_id)
    assert page.task is not None and page.task.status == "assigned"
    assert not page.start_button.isHidden()
    assert page.checklist_card.isHidden()

    assert page.start()
    assert task_status(world, task_id) == "in_progress"
    assert world.sent()[-1][0] == "intervention.start"
    assert not page.checklist_card.isHidden()
    assert [line.line.key for line in page.checklist.lines] == ["oil", "pressure", "note"]

    # completing too early: refused, and the empty required items say so
    assert not page.complete()
    assert "required item" in page.banner.text()
    pressure = page.checklist.line("pressure")
    assert not pressure.flag_label.isHidden()

    page.checklist.line("oil").check.setChecked(True)  # type: ignore[union-attr]
    assert pressure.value_edit is not None
    pressure.value_edit.setText("231")  # above 210: flagged at once, before any save
    assert pressure.out_of_limit()
    assert pressure.flag_label.text() == "Out of limits"
    assert pressure.value_edit.property("outOfLimit") is True
    assert not pressure.failure_button.isHidden()
    assert "limits 180 – 210 bar" in pressure.limits_label.text()

    # no failure form in this window: the failure is written directly
    pressure.failure_button.click()
    assert page.last_failure_id is not None
    with world.services.replica.engine.connect() as connection:
        failure = (
            connection.execute(select(failures).where(failures.c.id == page.last_failure_id))
            .mappings()
            .one()
        )
    assert failure["equipment_id"] == world.plant.equipments["PRS-001"]
    assert "231" in failure["description"]

    page.report_edit.setPlainText("Pression haute, joint à surveiller.")
    page.minutes_spin.setValue(80)
    assert page.complete()
    assert task_status(world, task_id) == "done"
    name, payload = world.sent()[-1]
    assert name == "intervention.complete"
    assert {"key": "pressure", "value": 231.0} in payload["results"]
    assert page.detail is not None and page.detail.checklist[1].out_of_limit
    assert page.complete_button.isHidden()

    supervisor = open_page(qtbot, world, world.supervisor, task_id)
    assert not supervisor.validate_button.isHidden()
    supervisor.comment_edit.setPlainText("Vu, commander un joint.")
    assert supervisor.validate()
    assert task_status(world, task_id) == "validated"
    assert world.sent()[-1] == (
        "intervention.validate",
        {"id": str(supervisor.detail.id), "comment": "Vu, commander un joint."},  # type: ignore[union-attr]
    )
    actions = [entry.action for entry in supervisor.timeline.entries()]
    assert "intervention.validate" in actions and "intervention.start" in actions


def test_report_a_failure_opens_the_failure_form_when_it_exists(
    qtbot: QtBot, world: PMPlant, task_id: uuid.UUID
) -> None:
    page = open_page(qtbot, world, world.technician, task_id, FAILURE_FORM_PAGE)
    page.start()
    line = page.checklist.line("pressure")
    assert line.value_edit is not None
    line.value_edit.setText("150")
    line.failure_button.click()
    navigator = page.navigator
    assert isinstance(navigator, RecordingNavigator)
    key, argument = navigator.visits[-1]
    assert key == FAILURE_FORM_PAGE
    assert isinstance(argument, dict)
    assert argument["equipment_id"] == world.plant.equipments["PRS-001"]
    assert "150" in argument["description"]


def test_sending_back_needs_a_comment(qtbot: QtBot, world: PMPlant, task_id: uuid.UUID) -> None:
    technician = open_page(qtbot, world, world.technician, task_id)
    technician.start()
    technician.checklist.line("oil").check.setChecked(True)  # type: ignore[union-attr]
    technician.checklist.line("pressure").value_edit.setText("195")  # type: ignore[union-attr]
    assert technician.complete()

    supervisor = open_page(qtbot, world, world.supervisor, task_id)
    before = len(world.sent())
    assert not supervisor.reject()
    assert not supervisor.comment_error.isHidden()
    assert len(world.sent()) == before
    supervisor.comment_edit.setPlainText("Refaire le relevé de pression à chaud.")
    assert supervisor.reject()
    assert task_status(world, task_id) == "rejected"
    assert world.sent()[-1][0] == "intervention.reject"

    technician.show_argument(task_id)  # back to the technician: start again
    assert technician.start_button.text() == "Start again"
    assert technician.start()
    with world.services.replica.engine.connect() as connection:
        sheets = connection.execute(
            select(interventions.c.id).where(interventions.c.task_id == task_id)
        ).all()
    assert len(sheets) == 2


def test_a_technician_cannot_validate(qtbot: QtBot, world: PMPlant, task_id: uuid.UUID) -> None:
    page = open_page(qtbot, world, world.technician, task_id)
    page.start()
    page.checklist.line("oil").check.setChecked(True)  # type: ignore[union-attr]
    page.checklist.line("pressure").value_edit.setText("200")  # type: ignore[union-attr]
    assert page.complete()
    assert page.validate_button.isHidden()
    assert "waiting for a supervisor" in page.validation_state.text()
