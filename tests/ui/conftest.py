"""Qt fixtures: desktop services on ``tmp_path`` (built by app.py), translations, the shell.

- ``services``: ``build_services(tmp_path / "data")`` wired to ``pending``;
- ``translations``: English (the source language) unless a test switches;
- ``shell``: the application's windows (welcome → session), closed after the test;
- ``accounts``: makes accounts the way the application does (first admin,
  registration, approval) without going through the screens;
- ``admin_window``: a MainWindow logged in as the first administrator.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cmms_core.passwords import hash_password
from cmms_core.rules.roles import Role
from cmms_desktop.app import build_services
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.shell import Shell
from cmms_desktop.ui.status_bar import PendingChanges

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN_EMAIL = "alice.admin@acme-industrie.fr"
ADMIN_PASSWORD = "Admin-2026!"
ADMIN_NAME = "Alice Admin"


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    email: str
    password: str
    full_name: str
    role: Role


class Accounts:
    """Accounts made through the same commands the screens use."""

    def __init__(self, services: DesktopServices) -> None:
        self.services = services
        self._admin: Account | None = None

    def admin(self) -> Account:
        if self._admin is None:
            account = Account(uuid.uuid4(), ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME, Role.ADMIN)
            self._insert(account, "user.create_first_admin")
            self._admin = account
        return self._admin

    def admin_session(self) -> UserSession:
        account = self.admin()
        return self.services.auth.login(account.email, account.password)

    def register(
        self,
        email: str = "paul.tech@acme-industrie.fr",
        password: str = "Tech-2026!",
        full_name: str = "Paul Technicien",
        role: Role = Role.TECHNICIAN,
    ) -> Account:
        account = Account(uuid.uuid4(), email, password, full_name, role)
        self._insert(account, "user.register")
        return account

    def approve(self, account: Account) -> None:
        actor = self.admin_session().actor
        self.services.writer.execute(actor, "user.approve", {"id": account.id})

    def active(self, **kwargs: object) -> Account:
        account = self.register(**kwargs)  # type: ignore[arg-type]
        self.approve(account)
        return account

    def _insert(self, account: Account, command: str) -> None:
        self.services.writer.execute(
            None,
            command,
            {
                "id": account.id,
                "email": account.email,
                "full_name": account.full_name,
                "password_hash": hash_password(account.password),
                "role": account.role.value,
            },
        )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def pending(qapp: QApplication) -> PendingChanges:
    return PendingChanges()


@pytest.fixture
def services(data_dir: Path, pending: PendingChanges) -> Iterator[DesktopServices]:
    built = build_services(data_dir, on_written=pending.notify)
    try:
        yield built
    finally:
        built.replica.dispose()


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    made = Translations(qapp)
    made.set_language("en")
    try:
        yield made
    finally:
        made.uninstall()


@pytest.fixture
def shell(
    qtbot: QtBot,
    services: DesktopServices,
    translations: Translations,
    pending: PendingChanges,
) -> Iterator[Shell]:
    made = Shell(services, translations, pending)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def accounts(services: DesktopServices) -> Accounts:
    return Accounts(services)


@pytest.fixture
def admin_window(shell: Shell, accounts: Accounts) -> MainWindow:
    return shell.open_session(accounts.admin_session())
