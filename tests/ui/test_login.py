"""Logging in as a person would: typing, clicking, pressing Enter; refusals explained."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from cmms_core.rules.roles import Role
from cmms_core.schema.people import sessions, users
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.login import LoginPage
from cmms_desktop.ui.shell import Shell
from tests.ui.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Accounts


def _login_page(shell: Shell) -> LoginPage:
    welcome = shell.show_welcome()
    assert welcome.mode() == "login"
    return welcome.login_page


def _type(qtbot: QtBot, page: LoginPage, email: str, password: str) -> None:
    qtbot.keyClicks(page.email_field.line_edit, email)
    qtbot.keyClicks(page.password_field.line_edit, password)


def test_login_with_the_button_opens_the_landing_page(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    page = _login_page(shell)
    assert not page.login_button.isEnabled()
    _type(qtbot, page, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert page.login_button.isEnabled()

    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)

    window = shell.main_window
    assert window is not None
    assert window.session.email == ADMIN_EMAIL
    assert window.current_key() == "users"  # the administrator's landing page
    assert window.isVisible()
    assert shell.welcome is not None and not shell.welcome.isVisible()
    assert page.password_field.text() == ""  # not left behind for the next person


def test_enter_in_the_password_field_submits(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    page = _login_page(shell)
    _type(qtbot, page, ADMIN_EMAIL.upper(), ADMIN_PASSWORD)  # e-mail case does not matter
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)
    assert shell.main_window is not None


def test_wrong_password_is_refused_with_a_message(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    page = _login_page(shell)
    _type(qtbot, page, ADMIN_EMAIL, "not-the-password1")
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)

    assert shell.main_window is None
    assert page.banner.isVisibleTo(page)
    assert page.banner.kind == "error"
    assert page.banner.text() == "Wrong e-mail address or password."
    assert page.password_field.text() == ""
    assert page.email_field.text() == ADMIN_EMAIL
    assert not page.login_button.isEnabled()


def test_unknown_email_gets_the_same_message_as_a_wrong_password(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    page = _login_page(shell)
    _type(qtbot, page, "nobody@acme-industrie.fr", ADMIN_PASSWORD)
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)
    assert page.banner.text() == "Wrong e-mail address or password."


def test_pending_account_is_told_to_wait_for_approval(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    paul = accounts.register()
    page = _login_page(shell)
    _type(qtbot, page, paul.email, paul.password)
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)

    assert shell.main_window is None
    assert "waiting for an administrator's approval" in page.banner.text()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("disabled", "This account has been disabled. Contact an administrator."),
        ("rejected", "This account request was declined. Contact an administrator."),
    ],
)
def test_disabled_and_rejected_accounts_are_explained(
    qtbot: QtBot,
    shell: Shell,
    accounts: Accounts,
    services: DesktopServices,
    status: str,
    expected: str,
) -> None:
    accounts.admin()
    paul = accounts.register()
    with services.replica.engine.begin() as connection:
        connection.execute(update(users).where(users.c.id == paul.id).values(status=status))
    page = _login_page(shell)
    _type(qtbot, page, paul.email, paul.password)
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)
    assert page.banner.text() == expected


def test_validation_as_you_type(qtbot: QtBot, shell: Shell, accounts: Accounts) -> None:
    accounts.admin()
    page = _login_page(shell)
    email = page.email_field

    qtbot.keyClicks(email.line_edit, "jean")
    assert not email.message_label.isVisibleTo(page)  # no scolding while typing
    qtbot.keyClick(email.line_edit, Qt.Key.Key_Return)  # leaving/validating the field
    assert email.message_label.isVisibleTo(page)
    assert "does not look like an e-mail address" in email.message_label.text()
    assert not page.login_button.isEnabled()

    qtbot.keyClicks(email.line_edit, "@acme-industrie.fr")
    assert not email.message_label.isVisibleTo(page)  # fixed: the message goes at once
    assert not page.login_button.isEnabled()  # the password is still empty
    qtbot.keyClicks(page.password_field.line_edit, "x")
    assert page.login_button.isEnabled()


def test_logout_returns_to_the_login_page_and_ends_the_session(
    qtbot: QtBot, shell: Shell, accounts: Accounts, services: DesktopServices
) -> None:
    accounts.admin()
    page = _login_page(shell)
    _type(qtbot, page, ADMIN_EMAIL, ADMIN_PASSWORD)
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)
    window = shell.main_window
    assert window is not None

    window.logout_action.trigger()

    assert shell.main_window is None
    assert shell.welcome is not None and shell.welcome.isVisible()
    assert shell.welcome.mode() == "login"
    with services.replica.engine.connect() as connection:
        revoked = connection.execute(select(sessions.c.revoked_at)).scalars().all()
    assert len(revoked) == 1 and revoked[0] is not None


def test_demo_replica_lists_accounts_that_fill_the_form(
    qtbot: QtBot, shell: Shell, services: DesktopServices
) -> None:
    demo = pytest.importorskip("cmms_desktop.store.demo")
    from cmms_core.demo.accounts import DEMO_ACCOUNTS

    demo.load_demo_plant(services.replica.engine)
    page = _login_page(shell)
    panel = page.demo_panel
    assert panel.isVisibleTo(page)
    assert panel.table.rowCount() == len(DEMO_ACCOUNTS)

    row = next(i for i, a in enumerate(DEMO_ACCOUNTS) if a.role is Role.STOREKEEPER)
    rect = panel.table.visualRect(panel.table.model().index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    account = DEMO_ACCOUNTS[row]
    assert page.email_field.text() == account.email
    assert page.password_field.text() == account.password
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert shell.main_window is not None
    assert shell.main_window.session.role is Role.STOREKEEPER
