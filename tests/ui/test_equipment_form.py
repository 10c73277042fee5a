"""Creating and editing an equipment through the form, as a user fills it in."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.assets import equipments
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.pages.equipment import EquipmentPage
from cmms_desktop.ui.pages.equipment.form import EquipmentFormDialog
from cmms_desktop.ui.shell import Shell
from tests.desktop.test_equipment_queries import Plant, build_plant
from tests.ui.conftest import Accounts


@pytest.fixture
def plant(services: DesktopServices, accounts: Accounts) -> Plant:
    return build_plant(services.writer, accounts.admin_session().actor)


@pytest.fixture
def window(shell: Shell, accounts: Accounts, plant: Plant) -> MainWindow:
    return shell.open_session(accounts.admin_session())


@pytest.fixture
def page(window: MainWindow) -> EquipmentPage:
    window.navigate("equipment")
    found = window.page("equipment")
    assert isinstance(found, EquipmentPage)
    return found


def sent(services: DesktopServices) -> list[tuple[str, dict[str, Any]]]:
    """The commands waiting in the outbox, oldest first."""
    with services.replica.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.name, outbox.c.payload).order_by(outbox.c.seq))
        return [(name, payload) for name, payload in rows]


def pick(combo: QComboBox, data: object) -> None:
    found = combo.findData(str(data) if isinstance(data, uuid.UUID) else data)
    assert found >= 0, f"{data!r} not offered in {combo.objectName()}"
    combo.setCurrentIndex(found)


def active(qtbot: QtBot, dialog: EquipmentFormDialog) -> EquipmentFormDialog:
    """The dialog as the window in front, with the keyboard (as on a screen)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def new_form(qtbot: QtBot, page: EquipmentPage) -> EquipmentFormDialog:
    page.list_view.new_action.trigger()
    dialog = page.equipment_actions.last_dialog
    assert isinstance(dialog, EquipmentFormDialog) and dialog.isVisible()
    return active(qtbot, dialog)


def edit_form(qtbot: QtBot, page: EquipmentPage, plant: Plant, code: str) -> EquipmentFormDialog:
    view = page.list_view
    view.search_edit.setText(code)
    view.apply_filter()
    view.table.selectRow(0)
    view.edit_action.trigger()
    dialog = page.equipment_actions.last_dialog
    assert isinstance(dialog, EquipmentFormDialog) and dialog.isVisible()
    assert dialog.detail is not None and dialog.detail.id == plant.equipments[code]
    return active(qtbot, dialog)


def choose_parent(qtbot: QtBot, dialog: EquipmentFormDialog, typed: str, code: str) -> None:
    """Type in the parent field, wait for the suggestions, click the one for ``code``."""
    picker = dialog.parent_picker
    qtbot.mouseClick(picker.line_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker.line_edit, typed)
    qtbot.waitUntil(lambda: code in [ref.code for ref in picker.offered()], timeout=2000)
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    row = [ref.code for ref in picker.offered()].index(code)
    rect = popup.visualRect(popup.model().index(row, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.chosen() is not None and picker.chosen().code == code  # type: ignore[union-attr]


def test_create_an_equipment_through_the_form(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    before = len(sent(services))
    dialog = new_form(qtbot, page)
    assert dialog.windowTitle() == "New equipment"
    qtbot.keyClicks(dialog.code_edit.line_edit, "PMP-003")
    qtbot.keyClicks(dialog.name_edit.line_edit, "Pompe de relevage")
    pick(dialog.type_combo, plant.types["PMP"])
    pick(dialog.site_combo, plant.sites["LYO"])
    pick(dialog.line_combo, plant.lines["PEI"])
    pick(dialog.criticality_combo, "high")
    choose_parent(qtbot, dialog, "PRS", "PRS-001")
    qtbot.keyClicks(dialog.manufacturer_edit.line_edit, "Flygt")
    qtbot.keyClicks(dialog.serial_edit.line_edit, "FL-2231")
    qtbot.mouseClick(
        dialog.date_unknown,
        Qt.MouseButton.LeftButton,
        pos=QPoint(6, dialog.date_unknown.height() // 2),
    )
    assert not dialog.date_unknown.isChecked()
    dialog.date_edit.setDate(QDate(2021, 6, 14))
    qtbot.keyClicks(dialog.description_edit, "Relevage des eaux de la cabine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    commands = sent(services)[before:]
    assert [name for name, _ in commands] == ["equipment.create"]
    payload = commands[0][1]
    new_id = uuid.UUID(payload["id"])
    assert payload == {
        "id": str(new_id),
        "site_id": str(plant.sites["LYO"]),
        "code": "PMP-003",
        "name": "Pompe de relevage",
        "type_id": str(plant.types["PMP"]),
        "line_id": str(plant.lines["PEI"]),
        "parent_id": str(plant.equipments["PRS-001"]),
        "criticality": "high",
        "manufacturer": "Flygt",
        "model": None,
        "serial_number": "FL-2231",
        "commissioning_date": "2021-06-14",
        "location": None,
        "description": "Relevage des eaux de la cabine",
    }
    assert not dialog.isVisible()
    view = page.list_view
    assert view.model.rowCount() == 11
    assert view.selected_id() == new_id  # the new row is shown selected
    with services.replica.engine.connect() as connection:
        stored = connection.execute(
            select(equipments.c.commissioning_date, equipments.c.state).where(
                equipments.c.id == new_id
            )
        ).one()
    assert tuple(stored) == (date(2021, 6, 14), "active")


def test_a_new_equipment_lands_in_the_site_picked_in_the_list(
    qtbot: QtBot, page: EquipmentPage, plant: Plant
) -> None:
    pick(page.list_view.site_combo, plant.sites["GRE"])
    dialog = new_form(qtbot, page)
    assert dialog.site_id() == plant.sites["GRE"]
    assert dialog.line_combo.itemText(1) == "Ligne d'assemblage"


def test_required_fields_are_shown_and_nothing_is_written(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices
) -> None:
    before = len(sent(services))
    dialog = new_form(qtbot, page)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    errors = dialog.field_errors()
    assert errors == {"code": "Required", "name": "Required", "type_id": "Required"}
    assert dialog.code_edit.message_label.isVisible()
    assert len(sent(services)) == before
    # typing a name makes its message go away at once
    qtbot.keyClicks(dialog.name_edit.line_edit, "Pompe")
    assert "name" not in dialog.field_errors()


def test_a_duplicate_code_shows_inline_and_writes_nothing(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    before = len(sent(services))
    dialog = new_form(qtbot, page)
    qtbot.keyClicks(dialog.code_edit.line_edit, "PRS-001")
    qtbot.keyClick(dialog.code_edit.line_edit, Qt.Key.Key_Tab)  # leaving the field checks it
    assert dialog.field_errors()["code"] == "This code is already used"
    assert dialog.code_edit.message_label.text() == "This code is already used"
    qtbot.keyClicks(dialog.name_edit.line_edit, "Autre presse")
    pick(dialog.type_combo, plant.types["PRS"])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # the command refused it too: the refusal's field error is shown next to the code
    assert dialog.isVisible()
    assert dialog.field_errors() == {"code": "This code is already used"}
    assert len(sent(services)) == before
    dialog.code_edit.line_edit.clear()
    qtbot.keyClicks(dialog.code_edit.line_edit, "PRS-002")
    assert "code" not in dialog.field_errors()


def test_editing_sends_only_the_changed_fields(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    dialog = edit_form(qtbot, page, plant, "PMP-002")
    assert dialog.windowTitle() == "Edit PMP-002"
    assert dialog.site_value.text() == "Usine de Lyon"
    assert dialog.site_combo.isHidden()
    assert dialog.manufacturer_edit.text() == "KSB"
    assert dialog.date_unknown.isChecked()
    before = len(sent(services))
    dialog.manufacturer_edit.line_edit.selectAll()
    qtbot.keyClicks(dialog.manufacturer_edit.line_edit, "Flowserve")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sent(services)[before:] == [
        (
            "equipment.update",
            {"id": str(plant.equipments["PMP-002"]), "fields": {"manufacturer": "Flowserve"}},
        )
    ]
    view = page.list_view
    row = view.model.row_of(plant.equipments["PMP-002"])
    assert row is not None
    assert view.model.row_at(row).manufacturer == "Flowserve"  # type: ignore[union-attr]


def test_saving_an_unchanged_form_writes_nothing(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    before = len(sent(services))
    dialog = edit_form(qtbot, page, plant, "PRS-001")
    assert dialog.changed_fields() == {}
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(sent(services)) == before


def test_a_parent_under_itself_is_refused_next_to_the_field(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    dialog = edit_form(qtbot, page, plant, "PRS-001")
    before = len(sent(services))
    choose_parent(qtbot, dialog, "PMP-0", "PMP-001")  # PMP-001 is under PRS-001
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.field_errors() == {
        "parent_id": "An equipment cannot be placed under itself or its children"
    }
    assert dialog.parent_error.isVisible()
    assert len(sent(services)) == before


def test_parents_are_offered_from_the_same_site_only(
    qtbot: QtBot, page: EquipmentPage, plant: Plant
) -> None:
    dialog = new_form(qtbot, page)
    pick(dialog.site_combo, plant.sites["GRE"])
    picker = dialog.parent_picker
    qtbot.mouseClick(picker.line_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker.line_edit, "PRS")
    qtbot.waitUntil(lambda: bool(picker.offered()), timeout=2000)
    assert [ref.code for ref in picker.offered()] == ["PRS-101"]
    # a code typed in full and not picked still counts; an unknown one is refused
    qtbot.keyClick(picker.completer.popup(), Qt.Key.Key_Escape)
    picker.line_edit.clear()
    qtbot.keyClicks(picker.line_edit, "CMP-101")
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Tab)
    assert picker.value() == plant.equipments["CMP-101"]
    picker.line_edit.clear()
    qtbot.keyClicks(picker.line_edit, "NOPE")
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Tab)
    assert picker.value() is None and picker.problem() == "not_found"


def test_the_form_switches_language_live(
    qtbot: QtBot, page: EquipmentPage, translations: Translations
) -> None:
    dialog = new_form(qtbot, page)
    dialog.save()  # show the "required" messages
    translations.set_language("fr")
    try:
        assert dialog.windowTitle() == "Nouvel équipement"
        assert dialog.save_button.text() == "Enregistrer"
        assert dialog.field_errors()["type_id"] == "Obligatoire"
        assert dialog.code_edit.message_label.text() == "Obligatoire"
        assert dialog.criticality_combo.currentText() == "Moyenne"
        assert dialog.date_unknown.text() == "Inconnue"
    finally:
        translations.set_language("en")
