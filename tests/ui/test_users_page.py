"""The administrator's users page: requests, approval, roles, disabling, site access."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.rules.roles import Role
from cmms_core.schema.people import users
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.queries.users import site_grants
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.pages.admin import UsersPage
from cmms_desktop.ui.pages.admin.dialogs import ApproveDialog, ChangeRoleDialog, SiteAccessDialog
from cmms_desktop.ui.shell import Shell
from tests.ui.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Accounts

NEW_EMAIL = "ines.garage@acme-industrie.fr"
NEW_PASSWORD = "Magasin-2026"


def _users_page(window: MainWindow) -> UsersPage:
    page = window.page("users")
    assert isinstance(page, UsersPage)
    return page


def _status(services: DesktopServices, user_id: uuid.UUID) -> tuple[str, str]:
    with services.replica.engine.connect() as connection:
        row = connection.execute(
            select(users.c.status, users.c.role).where(users.c.id == user_id)
        ).one()
    return row.status, row.role


def _log_in(qtbot: QtBot, shell: Shell, email: str, password: str) -> None:
    page = shell.show_welcome("login").login_page
    qtbot.keyClicks(page.email_field.line_edit, email)
    qtbot.keyClicks(page.password_field.line_edit, password)
    qtbot.keyClick(page.password_field.line_edit, Qt.Key.Key_Return)


def test_register_approve_then_log_in(
    qtbot: QtBot, shell: Shell, accounts: Accounts, services: DesktopServices
) -> None:
    accounts.admin()
    # 1. Someone asks for an account from the login page.
    login = shell.show_welcome().login_page
    qtbot.mouseClick(login.register_button, Qt.MouseButton.LeftButton)
    dialog = login.register_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.submit_button.isEnabled()
    qtbot.keyClicks(dialog.name_field.line_edit, "Ines Garage")
    qtbot.keyClicks(dialog.email_field.line_edit, NEW_EMAIL)
    dialog.set_role(Role.STOREKEEPER)
    qtbot.keyClicks(dialog.password_field.line_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.confirm_field.line_edit, NEW_PASSWORD)
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert login.banner.kind == "success"
    assert "as soon as an administrator approves it" in login.banner.text()
    assert login.email_field.text() == NEW_EMAIL
    qtbot.keyClicks(login.password_field.line_edit, NEW_PASSWORD)
    qtbot.keyClick(login.password_field.line_edit, Qt.Key.Key_Return)
    assert shell.main_window is None  # still pending
    assert "approval" in login.banner.text()
    login.email_field.setText("")

    # 2. The administrator sees the request first and approves it as a technician.
    _log_in(qtbot, shell, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert shell.main_window is not None
    page = _users_page(shell.main_window)
    first = page.rows()[0]
    assert (first.email, first.status, first.role) == (NEW_EMAIL, "pending", Role.STOREKEEPER)
    assert page.pending_banner.isVisibleTo(page)
    assert page.select_user(first.id)
    assert page.approve_button.isEnabled()
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    approve = page.active_dialog
    assert isinstance(approve, ApproveDialog)
    approve.set_role(Role.TECHNICIAN)
    qtbot.mouseClick(approve.accept_button, Qt.MouseButton.LeftButton)

    assert _status(services, first.id) == ("active", "technician")
    assert page.result_banner.kind == "success"
    assert not page.pending_banner.isVisibleTo(page)
    row = page.selected_user()
    assert row is not None and row.status == "active"

    # 3. The new technician logs in.
    shell.main_window.logout_action.trigger()
    _log_in(qtbot, shell, NEW_EMAIL, NEW_PASSWORD)
    assert shell.main_window is not None
    assert shell.main_window.session.role is Role.TECHNICIAN
    assert not shell.main_window.can_navigate("users")


def test_registering_an_email_already_used_says_so(
    qtbot: QtBot, shell: Shell, accounts: Accounts
) -> None:
    accounts.admin()
    dialog = shell.show_welcome().login_page.open_register_dialog()
    qtbot.keyClicks(dialog.name_field.line_edit, "Alice Again")
    qtbot.keyClicks(dialog.email_field.line_edit, ADMIN_EMAIL)
    qtbot.keyClicks(dialog.password_field.line_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.confirm_field.line_edit, NEW_PASSWORD)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.email_field.message_label.text() == (
        "An account already exists with this e-mail address."
    )
    assert not dialog.submit_button.isEnabled()


def test_reject_a_request(
    qtbot: QtBot, admin_window: MainWindow, accounts: Accounts, services: DesktopServices
) -> None:
    paul = accounts.register()
    page = _users_page(admin_window)
    page.refresh()
    page.select_user(paul.id)
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    box = page.active_dialog
    assert isinstance(box, QMessageBox)
    yes = next(b for b in box.buttons() if b.objectName() == "acceptButton")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert _status(services, paul.id)[0] == "rejected"
    assert page.result_banner.text() == "The request of Paul Technicien was rejected."


def test_disable_and_enable_an_account(
    qtbot: QtBot, admin_window: MainWindow, accounts: Accounts, services: DesktopServices
) -> None:
    paul = accounts.active()
    page = _users_page(admin_window)
    page.refresh()
    page.select_user(paul.id)
    assert page.status_button.text() == "Disable…"
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    box = page.active_dialog
    assert isinstance(box, QMessageBox)
    yes = next(b for b in box.buttons() if b.objectName() == "acceptButton")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert _status(services, paul.id)[0] == "disabled"

    assert page.status_button.text() == "Enable"
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    assert _status(services, paul.id)[0] == "active"


def test_change_role(
    qtbot: QtBot, admin_window: MainWindow, accounts: Accounts, services: DesktopServices
) -> None:
    paul = accounts.active()
    page = _users_page(admin_window)
    page.refresh()
    page.select_user(paul.id)
    qtbot.mouseClick(page.role_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, ChangeRoleDialog)
    assert not dialog.accept_button.isEnabled()  # same role: nothing to change
    dialog.set_role(Role.SUPERVISOR)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert _status(services, paul.id) == ("active", "supervisor")
    assert page.result_banner.text() == "Paul Technicien is now Supervisor."


def test_an_administrator_cannot_lock_themselves_out(
    admin_window: MainWindow, accounts: Accounts
) -> None:
    page = _users_page(admin_window)
    me = next(row for row in page.rows() if row.email == ADMIN_EMAIL)
    page.select_user(me.id)
    assert not page.status_button.isEnabled()
    assert not page.role_button.isEnabled()
    assert not page.sites_button.isEnabled()  # administrators work on every site
    # Even if asked directly, the refusal comes back as a clear message.
    assert not page.change_role(me, Role.TECHNICIAN)
    assert page.result_banner.kind == "error"
    assert "your own administrator rights" in page.result_banner.text()


def test_a_stale_decision_is_refused_with_a_message(
    admin_window: MainWindow, accounts: Accounts, services: DesktopServices
) -> None:
    paul = accounts.register()
    page = _users_page(admin_window)
    page.refresh()
    page.select_user(paul.id)
    stale = page.selected_user()
    assert stale is not None
    accounts.approve(paul)  # meanwhile, on this computer or through a sync
    assert not page.reject(stale)
    assert page.result_banner.text() == (
        "This change is no longer possible: the item was changed in the meantime."
    )
    row = page.selected_user()
    assert row is not None and row.status == "active"  # the list was refreshed


def test_grant_and_revoke_site_access(
    qtbot: QtBot, admin_window: MainWindow, accounts: Accounts, services: DesktopServices
) -> None:
    actor = admin_window.session.actor
    site_ids = []
    for code, name in (("LYO", "Lyon"), ("GRE", "Grenoble")):
        site_id = uuid.uuid4()
        services.writer.execute(actor, "site.create", {"id": site_id, "code": code, "name": name})
        site_ids.append(site_id)
    lyon, grenoble = site_ids
    paul = accounts.active()
    page = _users_page(admin_window)
    page.refresh()
    page.select_user(paul.id)

    qtbot.mouseClick(page.sites_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, SiteAccessDialog)
    assert dialog.checked_site_ids() == set()
    dialog.set_checked(lyon, True)
    dialog.set_checked(grenoble, True)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert set(site_grants(services.replica.engine, paul.id)) == {lyon, grenoble}
    row = page.selected_user()
    assert row is not None and row.site_names == ("Grenoble", "Lyon")

    qtbot.mouseClick(page.sites_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, SiteAccessDialog)
    assert dialog.checked_site_ids() == {lyon, grenoble}
    dialog.set_checked(grenoble, False)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert set(site_grants(services.replica.engine, paul.id)) == {lyon}
    assert services.auth.login(paul.email, paul.password).site_ids == frozenset({lyon})


def test_filter_and_search(admin_window: MainWindow, accounts: Accounts) -> None:
    accounts.register()
    accounts.active(email="zoe.store@acme-industrie.fr", full_name="Zoe Magasin")
    page = _users_page(admin_window)
    page.refresh()
    assert [row.status for row in page.rows()] == ["pending", "active", "active"]
    page.set_status_filter("pending")
    assert [row.full_name for row in page.rows()] == ["Paul Technicien"]
    page.set_status_filter(None)
    page.search_field.setText("zoe")
    assert [row.full_name for row in page.rows()] == ["Zoe Magasin"]
    page.search_field.setText("nobody")
    assert page.rows() == []
    assert page.empty_label.isVisibleTo(page)


def test_the_status_bar_counts_local_changes_after_each_write(
    admin_window: MainWindow, accounts: Accounts
) -> None:
    paul = accounts.register()
    page = _users_page(admin_window)
    page.refresh()
    before = admin_window.status.pending_label.text()
    page.select_user(paul.id)
    row = page.selected_user()
    assert row is not None
    page.approve(row, Role.TECHNICIAN)
    after = admin_window.status.pending_label.text()
    count = int(before.rsplit(" ", 1)[-1])
    assert after == f"Local changes to send: {count + 1}"
    assert admin_window.status.connection_label.text().endswith("Offline — local replica")
    assert admin_window.status.sites_label.text() == "All sites"
