"""The equipment list as a user works with it: search, filters, sorting, opening, actions."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.rules.roles import Role
from cmms_core.schema.assets import equipments
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.models.equipment_table import EquipmentColumn
from cmms_desktop.ui.pages.equipment import EquipmentPage
from cmms_desktop.ui.pages.equipment.list_view import EquipmentListView
from cmms_desktop.ui.pages.equipment.state_dialog import ChangeStateDialog
from cmms_desktop.ui.shell import Shell
from tests.desktop.test_equipment_queries import Plant, build_plant
from tests.ui.conftest import Accounts

# ---------------------------------------------------------------------- fixtures


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


class FakeNavigator:
    """A main window where some other modules' pages exist."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        self.calls: list[tuple[str, object]] = []
        self.page: EquipmentPage | None = None

    def navigate(self, key: str, argument: object | None = None) -> None:
        self.calls.append((key, argument))
        if key == "equipment" and self.page is not None:
            self.page.show_argument(argument)

    def can_navigate(self, key: str) -> bool:
        return key in self.keys


def listed_codes(view: EquipmentListView) -> list[str]:
    model = view.model
    return [
        model.data(model.index(row, EquipmentColumn.CODE), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]


def pick(combo: QComboBox, data: object) -> None:
    """Choose the item of ``data`` (uuids are held as text by the combos)."""
    found = combo.findData(str(data) if isinstance(data, uuid.UUID) else data)
    assert found >= 0, f"{data!r} not offered in {combo.objectName()}"
    combo.setCurrentIndex(found)


def row_of_code(view: EquipmentListView, code: str) -> int:
    return listed_codes(view).index(code)


def click_header(qtbot: QtBot, header: QHeaderView, section: int) -> None:
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def double_click_row(qtbot: QtBot, view: EquipmentListView, row: int) -> None:
    table = view.table
    rect = table.visualRect(view.model.index(row, EquipmentColumn.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# ------------------------------------------------------------------------- tests


def test_the_list_opens_on_every_equipment_sorted_by_code(page: EquipmentPage) -> None:
    view = page.list_view
    assert view.isVisible()
    assert listed_codes(view)[:3] == ["CMP-001", "CMP-101", "CNV-001"]
    assert view.count_label.text() == "10 equipments"
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == EquipmentColumn.CODE
    assert not view.line_combo.isEnabled()  # lines depend on a site


def test_typing_in_the_search_box_filters_the_rows(qtbot: QtBot, page: EquipmentPage) -> None:
    view = page.list_view
    qtbot.keyClicks(view.search_edit, "pompe")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=2000)
    assert listed_codes(view) == ["PMP-001", "PMP-002", "PMP-101"]
    assert view.count_label.text() == "3 equipments"
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "sch-7788")  # a serial number
    qtbot.waitUntil(lambda: listed_codes(view) == ["PRS-001"], timeout=2000)
    assert view.count_label.text() == "1 equipment"
    qtbot.keyClicks(view.search_edit, "zz")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)
    assert view.empty_label.isVisible()
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 10
    assert view.search_edit.text() == ""


def test_the_search_waits_for_a_pause_in_typing(qtbot: QtBot, page: EquipmentPage) -> None:
    view = page.list_view
    resets: list[bool] = []
    view.model.modelReset.connect(lambda: resets.append(True))
    qtbot.keyClicks(view.search_edit, "convoyeur")
    assert resets == []  # nine keys, no query yet
    qtbot.waitUntil(lambda: resets == [True], timeout=2000)
    assert view.model.rowCount() == 3


def test_state_site_line_and_type_filters(qtbot: QtBot, page: EquipmentPage, plant: Plant) -> None:
    view = page.list_view
    pick(view.state_combo, "down")
    assert listed_codes(view) == ["PMP-002"]
    pick(view.state_combo, None)
    pick(view.site_combo, plant.sites["LYO"])
    assert view.model.rowCount() == 6
    assert view.line_combo.isEnabled()
    assert [view.line_combo.itemText(i) for i in range(view.line_combo.count())] == [
        "All lines",
        "Ligne d'emboutissage",
        "Ligne de peinture",
    ]
    pick(view.line_combo, plant.lines["EMB"])
    assert listed_codes(view) == ["CNV-001", "PMP-001", "PRS-001"]
    pick(view.type_combo, plant.types["PMP"])
    assert listed_codes(view) == ["PMP-001"]
    # another site: its lines replace the others, the line filter is dropped
    pick(view.type_combo, None)
    pick(view.site_combo, plant.sites["GRE"])
    assert view.line_combo.currentIndex() == 0
    assert view.model.rowCount() == 4


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, page: EquipmentPage) -> None:
    view = page.list_view
    header = view.table.horizontalHeader()
    click_header(qtbot, header, EquipmentColumn.NAME)
    names = [view.model.data(view.model.index(r, EquipmentColumn.NAME)) for r in range(10)]
    assert names == sorted(names)
    assert header.sortIndicatorSection() == EquipmentColumn.NAME
    click_header(qtbot, header, EquipmentColumn.NAME)
    names = [view.model.data(view.model.index(r, EquipmentColumn.NAME)) for r in range(10)]
    assert names == sorted(names, reverse=True)
    click_header(qtbot, header, EquipmentColumn.STATE)
    states = [view.model.data(view.model.index(r, EquipmentColumn.STATE)) for r in range(10)]
    assert states[0] == "Active"
    assert states[-1] == "Out of service"


def test_double_click_opens_the_detail_and_back_keeps_the_filter(
    qtbot: QtBot, page: EquipmentPage, window: MainWindow
) -> None:
    view = page.list_view
    qtbot.keyClicks(view.search_edit, "pompe")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=2000)
    double_click_row(qtbot, view, row_of_code(view, "PMP-002"))
    assert page.showing_detail()
    assert page.detail_view.code_label.text() == "PMP-002"
    assert window.current_key() == "equipment"
    qtbot.mouseClick(page.detail_view.back_button, Qt.MouseButton.LeftButton)
    assert not page.showing_detail()
    assert view.search_edit.text() == "pompe"
    assert view.model.rowCount() == 3


def test_enter_on_a_row_opens_it(qtbot: QtBot, page: EquipmentPage) -> None:
    view = page.list_view
    view.table.setFocus()
    view.table.selectRow(row_of_code(view, "CMP-101"))
    view.table.setCurrentIndex(view.model.index(row_of_code(view, "CMP-101"), 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert page.showing_detail()
    assert page.detail_view.code_label.text() == "CMP-101"


def test_the_navigator_opens_an_equipment_by_id(page: EquipmentPage, plant: Plant) -> None:
    window = page.window()
    assert isinstance(window, MainWindow)
    window.navigate("equipment", plant.equipments["CNV-002"])
    assert page.showing_detail()
    assert page.detail_view.code_label.text() == "CNV-002"
    window.navigate("equipment", None)
    assert not page.showing_detail()


def test_actions_follow_the_selection(qtbot: QtBot, page: EquipmentPage) -> None:
    view = page.list_view
    assert not view.open_action.isEnabled()
    assert not view.edit_action.isEnabled()
    assert view.new_action.isEnabled()
    view.table.selectRow(0)
    assert view.open_action.isEnabled()
    assert view.edit_action.isEnabled()
    assert view.state_action.isEnabled()
    # the other modules are not in this build: no dead buttons
    assert not view.failure_action.isVisible()
    assert not view.plan_action.isVisible()
    # a right click selects the row under the mouse and offers the same actions
    rect = view.table.visualRect(view.model.index(3, EquipmentColumn.NAME))
    view.table.customContextMenuRequested.emit(rect.center())
    menu = view.findChild(QMenu, "equipmentContextMenu")
    assert menu is not None and menu.isVisible()
    assert [action.text() for action in menu.actions()] == [
        "Open",
        "New equipment",
        "Edit",
        "Change state",
    ]
    assert view.selected_row() == view.model.row_at(3)
    menu.close()


def test_change_state_from_the_list(
    qtbot: QtBot, page: EquipmentPage, services: DesktopServices, plant: Plant
) -> None:
    view = page.list_view
    view.table.selectRow(row_of_code(view, "PMP-001"))
    view.state_action.trigger()
    dialog = page.equipment_actions.last_dialog
    assert isinstance(dialog, ChangeStateDialog) and dialog.isVisible()
    assert set(dialog.radios) == {"down", "under_maintenance", "out_of_service"}
    assert not dialog.save_button.isEnabled()
    radio = dialog.radios["down"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    qtbot.keyClicks(dialog.reason_edit, "bruit de roulement")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with services.replica.engine.connect() as connection:
        state = connection.execute(
            select(equipments.c.state).where(equipments.c.id == plant.equipments["PMP-001"])
        ).scalar_one()
    assert state == "down"
    row = row_of_code(view, "PMP-001")
    assert view.model.data(view.model.index(row, EquipmentColumn.STATE)) == "Down"
    assert view.selected_id() == plant.equipments["PMP-001"]


def _technician_session(services: DesktopServices, accounts: Accounts, plant: Plant) -> UserSession:
    account = accounts.active(
        email="paul.tech@acme-industrie.fr", password="Tech-2026!", role=Role.TECHNICIAN
    )
    services.writer.execute(
        accounts.admin_session().actor,
        "user.grant_site",
        {"id": uuid.uuid4(), "user_id": account.id, "scope_site_id": plant.sites["GRE"]},
    )
    return services.auth.login(account.email, account.password)


def test_a_technician_sees_no_new_or_edit_and_only_their_site(
    qtbot: QtBot, services: DesktopServices, accounts: Accounts, plant: Plant, shell: Shell
) -> None:
    session = _technician_session(services, accounts, plant)
    window = shell.open_session(session)
    window.navigate("equipment")
    page = window.page("equipment")
    assert isinstance(page, EquipmentPage)
    view = page.list_view
    assert set(listed_codes(view)) == {"CMP-101", "CNV-101", "PMP-101", "PRS-101"}
    assert [view.site_combo.itemText(i) for i in range(view.site_combo.count())] == [
        "All sites",
        "Usine de Grenoble",
    ]
    assert not view.new_action.isVisible()
    assert not view.edit_action.isVisible()
    assert view.state_action.isVisible()  # technicians declare breakdowns
    view.table.selectRow(0)
    assert view.state_action.isEnabled()
    double_click_row(qtbot, view, 0)
    detail = page.detail_view
    assert not detail.edit_button.isVisible()
    assert detail.state_button.isVisible()
    assert not detail.add_file_button.isVisible()


def test_links_to_other_modules_appear_once_their_pages_exist(
    qtbot: QtBot, services: DesktopServices, accounts: Accounts, plant: Plant
) -> None:
    navigator = FakeNavigator({"equipment", "failures.new", "maintenance.plan"})
    page = EquipmentPage(services, accounts.admin_session(), navigator)
    navigator.page = page
    qtbot.addWidget(page)
    page.show()
    page.show_argument(None)
    view = page.list_view
    assert view.failure_action.isVisible() and view.plan_action.isVisible()
    view.table.selectRow(row_of_code(view, "PRS-001"))
    view.failure_action.trigger()
    view.plan_action.trigger()
    press = plant.equipments["PRS-001"]
    assert navigator.calls[-2:] == [("failures.new", press), ("maintenance.plan", press)]
    view.open_action.trigger()
    assert navigator.calls[-1] == ("equipment", press)
    assert page.detail_view.failure_button.isVisible()
    qtbot.mouseClick(page.detail_view.failure_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("failures.new", press)


def test_a_storekeeper_may_report_a_failure_but_not_plan(
    qtbot: QtBot, services: DesktopServices, accounts: Accounts, plant: Plant
) -> None:
    account = accounts.active(
        email="ines.stock@acme-industrie.fr", password="Stock-2026!", role=Role.STOREKEEPER
    )
    session = services.auth.login(account.email, account.password)
    navigator = FakeNavigator({"failures.new", "maintenance.plan"})
    page = EquipmentPage(services, session, navigator)
    qtbot.addWidget(page)
    view = page.list_view
    assert view.failure_action.isVisible()
    assert not view.plan_action.isVisible()
    assert not view.state_action.isVisible()


def test_the_list_switches_language_live(
    qtbot: QtBot, page: EquipmentPage, translations: Translations
) -> None:
    view = page.list_view
    translations.set_language("fr")
    try:
        header = view.model.headerData(EquipmentColumn.CRITICALITY, Qt.Orientation.Horizontal)
        assert header == "Criticité"
        assert view.count_label.text() == "10 équipements"
        assert view.state_combo.itemText(0) == "Tous les états"
        row = row_of_code(view, "PMP-002")
        assert view.model.data(view.model.index(row, EquipmentColumn.STATE)) == "En panne"
        assert view.new_action.text() == "Nouvel équipement"
        assert page.title() == "Équipements"
    finally:
        translations.set_language("en")
    assert view.count_label.text() == "10 equipments"


def test_a_sync_refresh_rereads_the_rows_and_keeps_the_selection(
    page: EquipmentPage, plant: Plant, services: DesktopServices
) -> None:
    view = page.list_view
    pick(view.state_combo, "active")
    before = view.model.rowCount()
    view.table.selectRow(row_of_code(view, "CNV-101"))
    # rows changed behind the page's back (as a sync pull does)
    plant.set_state("PMP-001", "down")
    page.refresh()
    assert view.model.rowCount() == before - 1
    assert view.state_combo.currentData() == "active"
    assert view.selected_id() == plant.equipments["CNV-101"]
    page.open_equipment(plant.equipments["CNV-101"])
    plant.set_state("CNV-101", "out_of_service")
    page.refresh()
    assert page.detail_view.state_badge.state() == "out_of_service"
    page.show_list()
    assert "CNV-101" not in listed_codes(view)
