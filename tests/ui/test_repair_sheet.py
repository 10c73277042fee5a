"""The repair intervention sheet: fill and save, parts, sign-off, validate, reject, conflicts.

On a real replica (the page's writer): every action is a command in the
outbox; the ticket and its sheet are read back from the replica.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, update

from cmms_core.mutations.corrective import sheet_id_for
from cmms_core.rules.permissions import Actor
from cmms_core.schema.failures import repair_interventions
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.people import users
from cmms_core.schema.sync import sync_conflicts
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.failures.sheet_page import RepairSheetPage
from tests.ui.failure_world import NOW, FailureWorld, FakeNavigator, make_world

BARCODE = "3600000012345"


class Store:
    def __init__(self, plant: FailureWorld) -> None:
        self.part = uuid.uuid4()
        self.location = uuid.uuid4()
        engine = plant.services.replica.engine
        with engine.begin() as connection:
            connection.execute(
                insert(parts).values(
                    id=self.part,
                    reference="ROUL-6204",
                    description="Roulement à billes 6204",
                    unit="pc",
                    barcode=BARCODE,
                    unit_cost=Decimal("12.50"),
                )
            )
            connection.execute(
                insert(storage_locations).values(
                    id=self.location,
                    site_id=plant.world.site_a,
                    code="MAG-A",
                    store="Magasin A",
                )
            )
            connection.execute(
                insert(stock_movements).values(
                    id=uuid.uuid4(),
                    site_id=plant.world.site_a,
                    part_id=self.part,
                    location_id=self.location,
                    kind="receipt",
                    quantity=Decimal(10),
                    unit_cost=Decimal("12.50"),
                    occurred_at=NOW - timedelta(days=3),
                )
            )
            connection.execute(
                update(users)
                .where(users.c.id == plant.tech.user_id)
                .values(hourly_rate=Decimal("40.00"))
            )


@pytest.fixture
def plant(services: DesktopServices) -> FailureWorld:
    return make_world(services)


@pytest.fixture
def store(plant: FailureWorld) -> Store:
    return Store(plant)


@pytest.fixture
def navigator() -> FakeNavigator:
    return FakeNavigator({"failures", "failures.sheet", "equipment", "sync.issues"})


@pytest.fixture
def in_progress(plant: FailureWorld) -> uuid.UUID:
    """A stopped press, reported, assigned to Tom, who started the work."""
    failure_id = plant.report(urgency=4, equipment_stopped=True)
    plant.assign(failure_id)
    plant.transition(plant.tech, failure_id, "start")
    return failure_id


PageMaker = Callable[..., RepairSheetPage]


@pytest.fixture
def open_page(
    qtbot: QtBot,
    services: DesktopServices,
    plant: FailureWorld,
    navigator: FakeNavigator,
    tmp_path: Path,
) -> PageMaker:
    def make(actor: Actor, failure_id: uuid.UUID, **kwargs: Any) -> RepairSheetPage:
        opened: list[Path] = []
        page = RepairSheetPage(
            services,
            plant.session(actor),
            navigator,
            now=lambda: NOW + timedelta(minutes=90),
            ask_save_file=lambda _parent, name: tmp_path / name,
            open_file=opened.append,
            confirm=lambda _title, _text: True,
            **kwargs,
        )
        page.opened = opened  # type: ignore[attr-defined]
        qtbot.addWidget(page)
        page.resize(1100, 800)
        page.show()
        qtbot.waitExposed(page)
        page.show_argument(failure_id)
        return page

    return make


def last_command(plant: FailureWorld) -> tuple[str, dict[str, Any]]:
    return plant.outbox()[-1]


def sheet_row(plant: FailureWorld, failure_id: uuid.UUID) -> dict[str, Any]:
    with plant.services.replica.engine.connect() as connection:
        query = select(repair_interventions).where(
            repair_interventions.c.id == sheet_id_for(failure_id)
        )
        return dict(connection.execute(query).mappings().one())


def test_the_header_shows_the_ticket_and_a_live_downtime(
    open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID, navigator: FakeNavigator
) -> None:
    page = open_page(plant.tech, in_progress)
    detail = plant.failure(in_progress)
    assert detail["number"] in page.title_label.text()
    assert page.status_badge.state() == "in_progress"
    assert page.urgency_badge.state() == "4"
    assert "PRS-001" in page.info["equipment"][1].text()
    assert page.info["assignee"][1].text() == "Tom Technicien"
    assert "1 h 30" in page.downtime_value.text()  # stopped at NOW, "now" is NOW + 90 min
    assert "still down" in page.downtime_value.text()
    page.now = lambda: NOW + timedelta(minutes=125)
    page.tick()  # what the timer does every minute
    assert "2 h 05" in page.downtime_value.text()
    assert page.open_equipment()
    assert navigator.calls[-1] == ("equipment", plant.press)


def test_saving_sends_only_the_changed_fields(
    qtbot: QtBot, open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID, store: Store
) -> None:
    page = open_page(plant.tech, in_progress)
    assert page.may_edit_sheet() and not page.save_button.isEnabled()
    page.diagnosis_edit.insertPlainText("Roulement grippé côté moteur")
    page.root_cause_combo.setEditText("Défaut de graissage")
    page.labour.add_line(plant.tech.user_id, 0)
    spin = page.labour.spin(0)
    assert spin is not None
    spin.setValue(90)
    assert page.save_button.isEnabled()
    assert page.save()

    name, payload = last_command(plant)
    assert name == "repair.save"
    assert set(payload["fields"]) == {"diagnosis", "root_cause", "labour"}
    assert payload["fields"]["labour"] == [{"user_id": str(plant.tech.user_id), "minutes": 90}]
    row = sheet_row(plant, in_progress)
    assert row["diagnosis"] == "Roulement grippé côté moteur"
    assert row["labour_minutes"] == 90
    assert page.cost_labels["labour"][1].text().startswith("60.00")  # 1.5 h × 40 €
    assert not page.save_button.isEnabled()

    page.actions_edit.insertPlainText("Remplacement du roulement")
    page.external_spin.setValue(120)
    page.save()
    name, payload = last_command(plant)
    assert set(payload["fields"]) == {"actions_taken", "external_cost"}
    assert page.cost_labels["total"][1].text().startswith("180.00")


def test_a_scanned_part_is_taken_from_the_store_and_can_be_put_back(
    qtbot: QtBot, open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID, store: Store
) -> None:
    page = open_page(plant.tech, in_progress)
    scan = page.parts.scan_input
    scan.setFocus()
    qtbot.keyClicks(scan, BARCODE)
    qtbot.keyClick(scan, Qt.Key.Key_Return)
    assert page.parts.part is not None and page.parts.part.id == store.part
    assert "10 pc in stock" in page.parts.location_combo.currentText()
    page.parts.quantity_spin.setValue(2)
    qtbot.mouseClick(page.parts.take_button, Qt.MouseButton.LeftButton)

    name, payload = last_command(plant)
    assert name == "repair.add_part"
    assert payload["part_id"] == str(store.part) and payload["location_id"] == str(store.location)
    assert Decimal(payload["quantity"]) == 2
    with plant.services.replica.engine.connect() as connection:
        movement = (
            connection.execute(
                select(stock_movements).where(stock_movements.c.id == uuid.UUID(payload["id"]))
            )
            .mappings()
            .one()
        )
    assert movement["kind"] == "issue" and movement["quantity"] == -2
    assert movement["ref_id"] == sheet_id_for(in_progress)
    assert "8 pc left" in page.parts.feedback.text()
    assert page.parts.table.rowCount() == 1
    assert page.cost_labels["parts"][1].text().startswith("25.00")

    page.parts.table.selectRow(0)
    qtbot.mouseClick(page.parts.put_back_button, Qt.MouseButton.LeftButton)
    name, payload = last_command(plant)
    assert name == "repair.remove_part" and payload["movement_id"] == str(movement["id"])
    assert page.parts.table.rowCount() == 2  # the issue and its return: the ledger is kept
    assert page.cost_labels["parts"][1].text().startswith("0.00")


def test_sign_off_then_the_supervisor_validates(
    qtbot: QtBot, open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID
) -> None:
    page = open_page(plant.tech, in_progress)
    assert page.sign_off_button.isVisible() and page.sign_restore_check.isVisible()
    assert not page.validate_button.isVisible()  # a technician does not validate
    page.diagnosis_edit.insertPlainText("Joint usé")
    page.sign_restore_check.setChecked(True)
    qtbot.mouseClick(page.sign_off_button, Qt.MouseButton.LeftButton)

    names = [name for name, _payload in plant.outbox()]
    assert names[-2:] == ["repair.save", "repair.sign_off"]  # unsaved edits saved first
    assert plant.outbox()[-1][1]["restore_service"] is True
    failure = plant.failure(in_progress)
    assert failure["status"] == "done" and failure["downtime_end"] is not None
    assert plant.equipment_state(plant.press) == "active"
    assert not page.sign_off_button.isVisible() and not page.may_edit_sheet()

    supervisor = open_page(plant.supervisor, in_progress)
    assert supervisor.validate_button.isVisible() and supervisor.reject_button.isVisible()
    qtbot.mouseClick(supervisor.validate_button, Qt.MouseButton.LeftButton)
    name, payload = last_command(plant)
    assert (name, payload["action"]) == ("failure.transition", "validate")
    assert plant.failure(in_progress)["status"] == "validated"
    assert supervisor.status_badge.state() == "validated"
    assert "closed" in supervisor.decision_label.text()


def test_sending_back_needs_a_comment_which_the_technician_then_sees(
    qtbot: QtBot, open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID
) -> None:
    plant.world.run("repair.sign_off", {"failure_id": in_progress}, plant.tech)
    supervisor = open_page(plant.supervisor, in_progress)
    before = len(plant.outbox())
    qtbot.mouseClick(supervisor.reject_button, Qt.MouseButton.LeftButton)
    assert supervisor.comment_error.isVisible()
    assert len(plant.outbox()) == before  # nothing written without a comment
    assert plant.failure(in_progress)["status"] == "done"

    supervisor.comment_edit.insertPlainText("Photo après réparation manquante")
    qtbot.mouseClick(supervisor.reject_button, Qt.MouseButton.LeftButton)
    name, payload = last_command(plant)
    assert (name, payload["action"]) == ("failure.transition", "reject")
    assert payload["comment"] == "Photo après réparation manquante"
    assert plant.failure(in_progress)["status"] == "rejected"

    tech = open_page(plant.tech, in_progress)
    assert tech.rejection_banner.isVisible()
    assert "Photo après réparation manquante" in tech.rejection_text.text()
    assert tech.start_button.isVisible() and tech.start_button.text() == "Start again"
    qtbot.mouseClick(tech.start_button, Qt.MouseButton.LeftButton)
    assert plant.failure(in_progress)["status"] == "in_progress"
    assert tech.rejection_banner.isVisible()  # still shown while the sheet is reworked


def test_undecided_conflicts_show_a_banner_linking_to_the_sync_issues(
    qtbot: QtBot,
    open_page: PageMaker,
    plant: FailureWorld,
    in_progress: uuid.UUID,
    navigator: FakeNavigator,
) -> None:
    page = open_page(plant.tech, in_progress)
    assert not page.conflict_banner.isVisible()
    with plant.services.replica.engine.begin() as connection:
        connection.execute(
            sync_conflicts.insert().values(
                id=uuid.uuid4(),
                site_id=plant.world.site_a,
                version=1,
                entity="repair_interventions",
                entity_id=sheet_id_for(in_progress),
                field="diagnosis",
                kept_value="Roulement HS",
                lost_value="Courroie détendue",
                kept_by=plant.tech.user_id,
                lost_by=plant.other_tech.user_id,
                detected_at=NOW,
            )
        )
    page.refresh()  # what the window does after a sync
    assert page.conflict_banner.isVisible()
    assert "Diagnosis" in page.conflict_text.text()
    qtbot.mouseClick(page.conflict_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("sync.issues", None)


def test_the_timeline_tells_who_did_what_from_where(
    qtbot: QtBot, open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID
) -> None:
    page = open_page(plant.tech, in_progress)
    page.diagnosis_edit.insertPlainText("Fuite au raccord")
    page.save()
    entries = page.timeline.entries()
    headlines = [page.timeline.headline(entry) for entry in entries]
    assert headlines[0] == "Intervention sheet saved"  # newest first
    # the plant's commands all ran at NOW: their order among them is not told
    assert {"Failure reported", "Assigned", "Work started"} <= set(headlines)
    saved = entries[0]
    assert saved.offline  # written here, not yet acknowledged by the server
    assert saved.actor_name == "Tom Technicien"
    assert "Diagnosis: Fuite au raccord" in page.timeline.change_lines(saved)
    assert page.tabs.tabText(1) == f"Timeline ({len(entries)})"


def test_print_writes_the_pdf_and_opens_it(
    open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID, tmp_path: Path
) -> None:
    page = open_page(plant.tech, in_progress)
    written = page.print_pdf()
    number = plant.failure(in_progress)["number"]
    assert written == tmp_path / f"{number}.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert page.opened == [written]  # type: ignore[attr-defined]


def test_a_supervisor_ends_the_downtime_at_a_given_time(
    open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID
) -> None:
    tech = open_page(plant.tech, in_progress)
    assert not tech.restore_row.isVisible()  # technicians say it when signing off
    page = open_page(plant.supervisor, in_progress)
    assert page.restore_row.isVisible()
    at = datetime(2026, 3, 2, 9, 0, tzinfo=NOW.tzinfo)
    assert page.restore_service(at)
    name, payload = last_command(plant)
    assert name == "failure.restore_service" and payload["id"] == str(in_progress)
    failure = plant.failure(in_progress)
    assert failure["downtime_end"] == at
    assert page.downtime_value.text() == "1 h 00"
    assert not page.restore_row.isVisible()


def test_a_supervisor_corrects_the_recorded_stop(
    open_page: PageMaker, plant: FailureWorld, in_progress: uuid.UUID
) -> None:
    tech = open_page(plant.tech, in_progress)
    assert not tech.correct_row.isVisible()  # a supervisor's correction
    page = open_page(plant.supervisor, in_progress)
    assert page.correct_row.isVisible()
    assert not page.downtime_end_edit.isVisible()  # still down: "End the downtime" ends it
    earlier = datetime(2026, 3, 2, 7, 30, tzinfo=NOW.tzinfo)
    assert page.correct_downtime(start=earlier)
    name, payload = last_command(plant)
    assert name == "failure.set_downtime" and payload["id"] == str(in_progress)
    assert "downtime_end" not in payload
    assert plant.failure(in_progress)["downtime_start"] == earlier
    assert page.restore_service(datetime(2026, 3, 2, 9, 0, tzinfo=NOW.tzinfo))
    assert page.downtime_end_edit.isVisible()
    # the editors: an end before the start is refused, with the reason
    page.downtime_end_edit.setDateTime(page.downtime_start_edit.dateTime().addSecs(-3600))
    assert not page.correct_downtime()
    assert "before it stopped" in page.banner.text()
    page.downtime_end_edit.setDateTime(page.downtime_start_edit.dateTime().addSecs(2 * 3600))
    assert page.correct_downtime()
    failure = plant.failure(in_progress)
    assert failure["downtime_end"] - failure["downtime_start"] == timedelta(hours=2)
    assert page.downtime_value.text() == "2 h 00"


def test_the_equipment_page_has_a_timeline_of_its_tickets(
    qtbot: QtBot,
    services: DesktopServices,
    plant: FailureWorld,
    in_progress: uuid.UUID,
    navigator: FakeNavigator,
) -> None:
    from cmms_desktop.ui.pages.equipment import EquipmentPage

    page = EquipmentPage(services, plant.session(plant.supervisor), navigator)
    qtbot.addWidget(page)
    page.show_argument(plant.press)
    view = page.detail_view
    entries = view.timeline.entries()
    headlines = {view.timeline.headline(entry) for entry in entries}
    assert {"Equipment created", "Failure reported", "Work started"} <= headlines
    assert view.tabs.tabText(4) == f"Timeline ({len(entries)})"
    stopped = next(e for e in entries if e.action == "failure.report" and "state" in e.changes)
    assert "Equipment state: Active → Down" in view.timeline.change_lines(stopped)
