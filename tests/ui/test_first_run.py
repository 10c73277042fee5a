"""First start on an empty replica: make the administrator (or load the demo), then work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.people import users
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.login import FirstRunPage
from cmms_desktop.ui.shell import Shell

NAME = "Hélène Garnier"
EMAIL = "helene.garnier@acme-industrie.fr"
PASSWORD = "Usine-Lyon-42"


def _first_run(shell: Shell) -> FirstRunPage:
    welcome = shell.show_welcome()
    assert welcome.mode() == "first-run"
    return welcome.first_run_page


def _fill(qtbot: QtBot, page: FirstRunPage, confirmation: str = PASSWORD) -> None:
    page.name_field.line_edit.insert(NAME)  # QTest types ASCII only
    qtbot.keyClicks(page.email_field.line_edit, EMAIL)
    qtbot.keyClicks(page.password_field.line_edit, PASSWORD)
    qtbot.keyClicks(page.confirm_field.line_edit, confirmation)


def test_an_empty_replica_opens_on_the_first_run_page(shell: Shell) -> None:
    page = _first_run(shell)
    assert not page.create_button.isEnabled()


def test_the_password_rules_and_confirmation_are_checked_as_you_type(
    qtbot: QtBot, shell: Shell
) -> None:
    page = _first_run(shell)
    assert "At least 8 characters" in page.password_field.message_label.text()  # the hint

    qtbot.keyClicks(page.password_field.line_edit, "short")
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)
    assert page.password_field.message_label.text() == "Too short: at least 8 characters."
    qtbot.keyClicks(page.password_field.line_edit, "password")
    assert page.password_field.message_label.text() == "Mix letters with digits or symbols."
    qtbot.keyClicks(page.password_field.line_edit, "1")
    assert page.password_field.is_valid()

    _fill(qtbot, page, confirmation="Usine-Lyon-43")
    qtbot.keyClick(page.confirm_field.line_edit, Qt.Key.Key_Return)
    assert page.confirm_field.message_label.text() == "The two passwords differ."
    assert not page.create_button.isEnabled()


def test_an_invalid_email_keeps_the_button_disabled(qtbot: QtBot, shell: Shell) -> None:
    page = _first_run(shell)
    page.name_field.line_edit.insert(NAME)
    qtbot.keyClicks(page.email_field.line_edit, "helene@usine.local")  # a reserved domain
    qtbot.keyClicks(page.password_field.line_edit, PASSWORD)
    qtbot.keyClicks(page.confirm_field.line_edit, PASSWORD)
    assert not page.create_button.isEnabled()
    assert page.email_field.problem() == "This e-mail address is not valid."


def test_creating_the_administrator_logs_in_on_the_users_page(
    qtbot: QtBot, shell: Shell, services: DesktopServices
) -> None:
    page = _first_run(shell)
    _fill(qtbot, page)
    assert page.create_button.isEnabled()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)

    window = shell.main_window
    assert window is not None
    assert window.session.email == EMAIL
    assert window.current_key() == "users"
    with services.replica.engine.connect() as connection:
        row = connection.execute(select(users)).mappings().one()
    assert (row["full_name"], row["role"], row["status"]) == (NAME, "admin", "active")
    assert PASSWORD not in row["password_hash"]

    # Later, the same person logs in like anyone else.
    window.logout_action.trigger()
    welcome = shell.welcome
    assert welcome is not None and welcome.mode() == "login"
    login = welcome.login_page
    qtbot.keyClicks(login.email_field.line_edit, EMAIL)
    qtbot.keyClicks(login.password_field.line_edit, PASSWORD)
    qtbot.keyClick(login.password_field.line_edit, Qt.Key.Key_Return)
    assert shell.main_window is not None
    assert shell.main_window.session.email == EMAIL


def test_the_demo_plant_leads_to_the_login_page_with_demo_accounts(
    qtbot: QtBot, shell: Shell, services: DesktopServices
) -> None:
    pytest.importorskip("cmms_desktop.store.demo")
    page = _first_run(shell)
    assert page.demo_button.isVisibleTo(page)
    with qtbot.waitSignal(page.demo_loaded, timeout=120_000):
        qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
        assert page.is_loading_demo()
        assert not page.demo_button.isEnabled()  # the UI stays responsive, not re-entrant

    welcome = shell.welcome
    assert welcome is not None and welcome.mode() == "login"
    assert welcome.login_page.demo_panel.isVisibleTo(welcome)
    assert welcome.login_page.banner.kind == "success"
    assert services.auth.has_users()
