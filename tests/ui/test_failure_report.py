"""Report a failure: scan or search the equipment, describe, urgency, stop, photos, send.

On a real replica (the page's writer): a report is a failures row, its outbox
row, the equipment down when it stopped, and an attachment per photo.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.failures import ReportFailurePage
from tests.ui.failure_world import NOW, FailureWorld, FakeNavigator, make_world


@pytest.fixture
def plant(services: DesktopServices) -> FailureWorld:
    return make_world(services)


@pytest.fixture
def navigator() -> FakeNavigator:
    return FakeNavigator({"failures", "failures.sheet"})


@pytest.fixture
def page(
    qtbot: QtBot, services: DesktopServices, plant: FailureWorld, navigator: FakeNavigator
) -> ReportFailurePage:
    made = ReportFailurePage(services, plant.session(plant.tech), navigator)
    qtbot.addWidget(made)
    made.clock = lambda: NOW
    made.resize(1100, 760)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    made.show_argument(None)
    return made


def scan(qtbot: QtBot, page: ReportFailurePage, code: str) -> None:
    """What a barcode scanner does: type the code, then Enter."""
    page.scan_input.clear()
    qtbot.keyClicks(page.scan_input, code)
    qtbot.keyClick(page.scan_input, Qt.Key.Key_Return)


def focused() -> object:
    return QApplication.focusWidget()


def test_scanning_an_equipment_code_selects_it(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    assert focused() is page.scan_input  # ready for the scanner on open
    scan(qtbot, page, "prs-001")  # case does not matter
    assert page.equipment is not None and page.equipment.id == plant.press
    assert page.scan_input.result() == "ok"
    assert "PRS-001" in page.selected_label.text()
    assert focused() is page.description_edit  # next: say what happens


def test_several_matches_are_offered_and_none_is_said(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    scan(qtbot, page, "PMP")
    assert page.equipment is None
    assert page.matches.isVisible() and page.matches.count() == 2
    assert focused() is page.matches
    qtbot.keyClick(page.matches, Qt.Key.Key_Down)
    qtbot.keyClick(page.matches, Qt.Key.Key_Return)
    assert page.equipment is not None and page.equipment.code == "PMP-002"
    assert not page.matches.isVisible()

    scan(qtbot, page, "XYZ-999")
    assert page.equipment is None
    assert page.scan_input.result() == "error"
    assert "XYZ-999" in page.lookup_label.text() and page.lookup_label.isVisible()


def test_search_as_you_type_lists_matches(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    qtbot.keyClicks(page.scan_input, "pompe")
    page.search_now()  # what the pause after typing does
    assert page.matches.count() == 2 and page.equipment is None
    page.matches.setCurrentRow(0)
    page.matches.itemActivated.emit(page.matches.item(0))
    assert page.equipment is not None and page.equipment.code in ("PMP-001", "PMP-002")


def test_sending_writes_the_ticket_its_photo_and_stops_the_equipment(
    qtbot: QtBot,
    page: ReportFailurePage,
    plant: FailureWorld,
    navigator: FakeNavigator,
    tmp_path: Path,
) -> None:
    scan(qtbot, page, "PRS-001")
    qtbot.keyClicks(page.description_edit, "Fuite d'huile sous le verin")
    page.urgency.set_value(4)
    page.stopped_check.setChecked(True)
    page.type_combo.setCurrentIndex(page.type_combo.findData(str(plant.leak_type)))
    photo = tmp_path / "fuite.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(photo))
    assert len(page.photos.add_files([photo])) == 1

    failure_id = page.submit()

    assert failure_id is not None
    row = plant.failure(failure_id)
    assert row["urgency"] == 4 and row["status"] == "reported"
    assert row["equipment_stopped"] and row["downtime_start"] == NOW
    assert row["failure_type_id"] == plant.leak_type
    assert row["reported_by"] == plant.tech.user_id
    assert plant.equipment_state(plant.press) == "down"
    names = [name for name, _payload in plant.outbox()]
    assert names[-2:] == ["failure.report", "attachment.add"]
    attachment = plant.outbox()[-1][1]
    assert attachment["owner_table"] == "failures" and attachment["owner_id"] == str(failure_id)
    # the ticket number, then "Open the ticket"
    assert page.showing_done()
    assert page.number_label.text() == row["number"]
    assert row["number"].startswith("DI-")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("failures.sheet", failure_id)
    # "Report another": an empty form, ready for a scan
    qtbot.mouseClick(page.another_button, Qt.MouseButton.LeftButton)
    assert not page.showing_done() and page.equipment is None
    assert page.description_edit.toPlainText() == "" and page.urgency.value() == 2
    assert not page.stopped_check.isChecked() and page.photos.items() == []


def test_missing_fields_are_said_next_to_them_and_nothing_is_written(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    before = plant.failure_count(), len(plant.outbox())
    assert page.submit() is None
    assert set(page.field_errors()) == {"equipment", "description"}
    assert page.equipment_error.isVisible() and page.description_error.isVisible()
    assert focused() is page.scan_input
    qtbot.keyClicks(page.description_edit, "Vibrations")
    assert "description" not in page.field_errors()
    assert page.submit() is None
    assert set(page.field_errors()) == {"equipment"}
    scan(qtbot, page, "PRS-001")
    assert page.field_errors() == {}
    assert (plant.failure_count(), len(plant.outbox())) == before


def test_an_equipment_out_of_service_cannot_be_declared_stopped(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    plant.world.run(
        "equipment.set_state", {"id": plant.pump_1, "state": "out_of_service"}, plant.supervisor
    )
    scan(qtbot, page, "PMP-001")
    assert not page.stopped_check.isEnabled()
    assert "out of service" in page.stopped_hint.text()


def test_the_page_opens_prefilled_from_another_page(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld
) -> None:
    page.show_argument({"equipment_id": plant.pump_1, "description": "Mesure hors tolérance"})
    assert page.equipment is not None and page.equipment.id == plant.pump_1
    assert page.description_edit.toPlainText() == "Mesure hors tolérance"
    assert focused() is page.description_edit
    page.show_argument(plant.press)  # the equipment page passes just the id
    assert page.equipment is not None and page.equipment.id == plant.press
    assert page.description_edit.toPlainText() == ""
    page.show_argument(str(uuid.uuid4()))  # unknown: nothing chosen
    assert page.equipment is None


def test_a_technician_reports_with_the_keyboard_only(
    qtbot: QtBot, page: ReportFailurePage, plant: FailureWorld, navigator: FakeNavigator
) -> None:
    scan(qtbot, page, "PMP-002")
    qtbot.keyClicks(focused(), "Pompe desamorcee")  # type: ignore[arg-type]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # type: ignore[arg-type]
    assert focused() is page.urgency.buttons[2]  # normal, the default
    qtbot.keyClick(focused(), Qt.Key.Key_Right)  # type: ignore[arg-type]
    assert page.urgency.value() == 3 and focused() is page.urgency.buttons[3]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # type: ignore[arg-type]
    assert focused() is page.stopped_check
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # type: ignore[arg-type]
    assert page.stopped_check.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    assert page.showing_done()
    failure_id = page.last_failure_id
    assert failure_id is not None
    row = plant.failure(failure_id)
    assert (row["urgency"], row["equipment_stopped"], row["equipment_id"]) == (
        3,
        True,
        plant.pump_2,
    )
    assert row["description"] == "Pompe desamorcee"
    qtbot.waitUntil(lambda: focused() is page.open_button)  # Enter opens the ticket
    qtbot.keyClick(page.open_button, Qt.Key.Key_Return)
    assert navigator.calls[-1] == ("failures.sheet", failure_id)


def test_without_the_sheet_page_the_ticket_opens_in_the_list(
    qtbot: QtBot, services: DesktopServices, plant: FailureWorld
) -> None:
    navigator = FakeNavigator({"failures"})
    page = ReportFailurePage(services, plant.session(plant.tech), navigator)
    qtbot.addWidget(page)
    page.show_argument(plant.press)
    qtbot.keyClicks(page.description_edit, "Bruit")
    failure_id = page.submit()
    page.open_ticket()
    assert navigator.calls == [("failures", failure_id)]
