"""Synchronisation for the desktop user: connect, background syncs, status bar, Sync issues.

Everything runs for real: the sync service under uvicorn on loopback (on a
throw-away PostgreSQL database), the replica in ``tmp_path``, the sync worker
in its own QThread. The one stand-in is the OS credential store
(``memory_keyring``, or keyring's fail backend).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from PySide6.QtCore import QObject, Qt, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cmms_core.schema.assets import equipments
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.local_schema import outbox, rejections
from cmms_desktop.store.meta import get_meta, set_meta
from cmms_desktop.store.queries.sync_issues import attention_count
from cmms_desktop.store.replica import REPLICA_FILENAME
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine
from cmms_desktop.sync.credentials import (
    SERVER_EMAIL_META_KEY,
    SERVER_URL_META_KEY,
    TokenStore,
    keyring_service,
)
from cmms_desktop.ui.main_window import SYNC_ISSUES_PAGE, MainWindow
from cmms_desktop.ui.pages.admin import UsersPage
from cmms_desktop.ui.pages.sync_issues import ServerDialog, SyncIssuesPage
from cmms_desktop.ui.shell import Shell
from cmms_desktop.ui.sync_controller import SyncOutcome, SyncWorker
from tests.server.conftest import free_port
from tests.sync import conftest as sync_conftest
from tests.sync.conftest import PASSWORD, Account, Device, Plant
from tests.ui.test_credentials import MemoryKeyring, files_holding

server_db_url = sync_conftest.server_db_url
_session_engine = sync_conftest._session_engine
db = sync_conftest.db
_fast_password_hashing = sync_conftest._fast_password_hashing
live_server = sync_conftest.live_server
plant = sync_conftest.plant
device = sync_conftest.device
replica_template = sync_conftest.replica_template

SYNC_TIMEOUT_MS = 20_000


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def fail_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def installed(services: DesktopServices, server_url: str, account: Account) -> None:
    """The replica as a newly installed PC gets it: the plant pulled once (headless),
    with no server set in the application yet."""
    credentials = Credentials(account.email, PASSWORD)
    with SyncClient(server_url, credentials, services.device_id) as client:
        assert SyncEngine(services.replica.engine, client).sync_once().ok


def open_window(shell: Shell, services: DesktopServices, account: Account) -> MainWindow:
    window = shell.open_session(services.auth.login(account.email, PASSWORD))
    window.show()
    return window


def connect(qtbot: QtBot, window: MainWindow, server_url: str) -> None:
    """File → Synchronisation server…, the address and password typed, Connect."""
    window.server_action.trigger()
    dialog = window.server_dialog
    assert isinstance(dialog, ServerDialog)
    assert dialog.email_field.text() == window.session.email  # prefilled
    dialog.url_field.setText(server_url)
    qtbot.keyClicks(dialog.password_field.line_edit, PASSWORD)
    assert dialog.connect_button.isEnabled()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.waiting()
    assert dialog.password_field.text() == ""  # not kept in the dialog
    qtbot.waitUntil(lambda: window.server_dialog is None, timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=SYNC_TIMEOUT_MS)


def outbox_count(services: DesktopServices) -> int:
    with services.replica.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(outbox)).scalar_one())


def server_codes(plant: Plant) -> set[str]:
    with plant.db.connect() as connection:
        return set(connection.execute(select(equipments.c.code)).scalars())


def new_equipment(plant: Plant, code: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "site_id": plant.site_a,
        "code": code,
        "name": f"Pompe {code}",
        "type_id": plant.equipment_type,
        "manufacturer": "Grundfos",
    }


class Outcomes:
    """Every sync outcome of a window from now on (realtime news may add syncs of its own)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.seen: list[SyncOutcome] = []
        window.sync.finished.connect(self.seen.append)

    def wait(self, qtbot: QtBot, predicate: Callable[[SyncOutcome], bool]) -> SyncOutcome:
        """The last outcome matching ``predicate``, once the worker is idle."""
        qtbot.waitUntil(
            lambda: not self.window.sync.busy and any(map(predicate, self.seen)),
            timeout=SYNC_TIMEOUT_MS,
        )
        return next(o for o in reversed(self.seen) if predicate(o))


def pushed(count: int) -> Callable[[SyncOutcome], bool]:
    return lambda o: o.report is not None and o.report.applied == count


# ------------------------------------------------------------------ connecting


def test_connect_dialog_logs_in_keeps_the_token_in_the_keyring_and_syncs(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    data_dir: Path,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    assert window.status.connection_state() == "offline"
    assert window.status.connection_label.is_clickable()  # no server yet: click to connect
    assert "No synchronisation server" in window.status.connection_label.toolTip()
    assert not window.status.last_sync_label.isVisible()

    window.server_action.trigger()
    dialog = window.server_dialog
    assert isinstance(dialog, ServerDialog)
    assert not dialog.store_banner.isVisible()  # a secure store: no warning
    dialog.reject()
    qtbot.waitUntil(lambda: window.server_dialog is None)

    connect(qtbot, window, live_server + "/")

    assert window.sync.last_outcome is not None and window.sync.last_outcome.ok
    assert window.status.connection_state() == "online"
    assert not window.status.connection_label.is_clickable()
    assert window.status.last_sync_label.text().startswith("Synchronised at ")
    assert get_meta(services.replica.engine, SERVER_URL_META_KEY) == live_server
    assert get_meta(services.replica.engine, SERVER_EMAIL_META_KEY) == plant.supervisor.email

    key = (keyring_service(live_server), plant.supervisor.email)
    token = memory_keyring.passwords[key]
    assert len(token) > 20
    # never in the replica (nor its WAL) nor in any other file of the data folder
    assert (data_dir / REPLICA_FILENAME).exists()
    assert files_holding(data_dir, token) == []
    assert files_holding(data_dir, PASSWORD) == []

    # the next session shows the last synchronisation at once, and syncs with the kept session
    shell.logout()
    again = open_window(shell, services, plant.supervisor)
    assert again.status.last_sync() is not None
    assert not again.status.last_sync_label.isHidden()
    qtbot.waitUntil(lambda: again.status.connection_state() == "online", timeout=SYNC_TIMEOUT_MS)


def test_without_a_secure_store_the_dialog_says_so_and_nothing_is_written(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    data_dir: Path,
    live_server: str,
    plant: Plant,
    fail_keyring: None,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    window.server_action.trigger()
    dialog = window.server_dialog
    assert isinstance(dialog, ServerDialog)
    assert dialog.store_banner.isVisible()
    assert dialog.store_banner.kind == "warning"
    assert "No secure credential store" in dialog.store_banner.text()
    assert "asked for your password at each sync session" in dialog.store_banner.text()
    dialog.reject()
    qtbot.waitUntil(lambda: window.server_dialog is None)

    connect(qtbot, window, live_server)
    assert window.sync.last_outcome is not None and window.sync.last_outcome.ok
    assert not window.sync.store.is_secure()
    token = window.sync.store.load(live_server, plant.supervisor.email)
    assert token is not None  # in memory, for this session
    assert files_holding(data_dir, token) == []
    # the next session starts without it: the password is asked again
    assert TokenStore().load(live_server, plant.supervisor.email) is None


def test_a_refused_session_asks_for_the_password_again(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    set_meta(services.replica.engine, SERVER_URL_META_KEY, live_server)
    key = (keyring_service(live_server), plant.supervisor.email)
    memory_keyring.passwords[key] = "a-refresh-token-the-server-never-issued"
    window = open_window(shell, services, plant.supervisor)  # the first sync starts at once
    qtbot.waitUntil(lambda: window.server_dialog is not None, timeout=SYNC_TIMEOUT_MS)
    dialog = window.server_dialog
    assert isinstance(dialog, ServerDialog)
    assert "enter your password again" in dialog.banner.text()
    assert key not in memory_keyring.passwords  # the dead token is forgotten
    assert window.status.connection_state() == "offline"
    assert window.status.connection_label.is_clickable()
    assert window.sync.needs_password

    dialog.reject()
    connect(qtbot, window, live_server)
    assert window.sync.last_outcome is not None and window.sync.last_outcome.ok
    assert not window.sync.needs_password


# ------------------------------------------------------------------ background syncs


def test_a_local_edit_is_sent_in_the_background(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)
    outcomes = Outcomes(window)

    services.writer.execute(window.session.actor, "equipment.create", new_equipment(plant, "P-7"))
    assert window.status.pending_label.text() == "Local changes to send: 1"
    assert window.sync.debounce.isActive()  # waits for the burst of edits to end
    qtbot.waitUntil(lambda: "P-7" in server_codes(plant), timeout=SYNC_TIMEOUT_MS)
    outcome = outcomes.wait(qtbot, pushed(1))
    assert outcome.ok
    assert outbox_count(services) == 0
    assert window.status.pending_label.text() == "Local changes to send: 0"
    assert window.status.last_sync_label.text().startswith("Synchronised at ")
    assert window.status.connection_state() == "online"
    # it ran on the worker thread, not the UI thread
    assert outcome.thread_name != threading.main_thread().name


def test_when_the_server_is_down_the_work_goes_on_and_is_kept(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)
    # the server moves away (its address now answers nothing); the session is still stored
    dead = f"http://127.0.0.1:{free_port()}"
    set_meta(services.replica.engine, SERVER_URL_META_KEY, dead)
    key = (keyring_service(live_server), plant.supervisor.email)
    memory_keyring.passwords[(keyring_service(dead), plant.supervisor.email)] = (
        memory_keyring.passwords[key]
    )

    outcomes = Outcomes(window)
    services.writer.execute(window.session.actor, "equipment.create", new_equipment(plant, "P-8"))
    window.sync_now()
    outcomes.wait(qtbot, lambda o: o.status == "offline")
    assert window.status.connection_state() == "offline"
    assert "Offline" in window.status.connection_label.text()
    assert "cannot be reached" in window.status.connection_label.toolTip()
    assert outbox_count(services) == 1  # kept
    assert window.status.pending_label.text() == "Local changes to send: 1"
    # editing still works, offline
    services.writer.execute(window.session.actor, "equipment.create", new_equipment(plant, "P-9"))
    assert outbox_count(services) == 2
    assert "P-8" not in server_codes(plant)

    # the server is back: everything goes
    set_meta(services.replica.engine, SERVER_URL_META_KEY, live_server)
    window.sync_now()
    assert outcomes.wait(qtbot, pushed(2)).ok
    assert {"P-8", "P-9"} <= server_codes(plant)
    assert outbox_count(services) == 0


def test_f5_syncs_and_the_visible_page_shows_what_came_in(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.admin)
    window = open_window(shell, services, plant.admin)
    connect(qtbot, window, live_server)
    if window.sync.realtime is not None:  # here only F5 may bring the news
        window.sync.realtime.stop()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=SYNC_TIMEOUT_MS)
    page = window.page("users")
    assert isinstance(page, UsersPage) and window.current_key() == "users"
    assert window.sync_now_action.shortcut().toString() == "F5"
    newcomer = uuid.uuid4()
    plant.mutate(
        "user.create",
        {
            "id": newcomer,
            "email": "zoe@usine.fr",
            "full_name": "Zoé Nouvelle",
            "password_hash": "$argon2id$v=19$m=1024,t=1,p=1$" + "a" * 40,
            "role": "technician",
        },
    )
    assert all(row.id != newcomer for row in page.rows())

    outcomes = Outcomes(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    outcome = outcomes.wait(qtbot, lambda o: o.report is not None and o.report.pulled_rows >= 1)
    assert outcome.ok
    # the page on screen was refreshed with the pulled rows
    assert any(row.id == newcomer for row in page.rows())


def test_the_worker_holds_no_widget_and_lives_on_its_own_thread(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)
    worker = window.sync.worker
    assert isinstance(worker, SyncWorker)
    app = QApplication.instance()
    assert app is not None
    assert worker.thread() is window.sync.thread_
    assert worker.thread() is not app.thread()
    assert isinstance(window.sync.thread_, QThread) and window.sync.thread_.isRunning()
    # it knows data only: no widget, no window, no object of the UI thread
    for value in vars(worker).values():
        assert not isinstance(value, QWidget)
        assert not (isinstance(value, QObject) and value.thread() is app.thread())
    assert worker.parent() is None
    # and the session's end stops it
    window.close()
    assert not window.sync.thread_.isRunning()


# ------------------------------------------------------------------ refused changes


def test_a_refused_change_is_shown_with_its_reason_and_what_was_typed(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)
    assert window.status.attention_count() == 0
    assert not window.status.attention_button.isVisible()
    # someone else takes the code P-42 on the server while this PC does not know yet
    plant.equipment(plant.site_a, "P-42")
    outcomes = Outcomes(window)
    services.writer.execute(window.session.actor, "equipment.create", new_equipment(plant, "P-42"))
    window.sync_now()
    outcomes.wait(qtbot, lambda o: o.report is not None and o.report.rejected == 1)

    assert window.status.attention_count() == 1
    assert window.status.attention_button.isVisible()
    assert window.status.attention_button.text() == "⚠ To review: 1"
    qtbot.mouseClick(window.status.attention_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == SYNC_ISSUES_PAGE
    page = window.page(SYNC_ISSUES_PAGE)
    assert isinstance(page, SyncIssuesPage)
    card = page.card_for("equipment.create")
    assert card is not None
    assert card.title_label.text() == "New equipment"
    assert (
        card.reason_label.text() == "The server did not accept these values:\n• Code: Already used"
    )
    assert not card.server_label.isHidden() and card.server_label.text().startswith(
        "Server's message: "
    )
    fields = card.field_texts()
    assert fields["Code"] == "P-42"
    assert fields["Name"] == "Pompe P-42"
    assert fields["Manufacturer"] == "Grundfos"
    assert fields["Site"] == "A — Lyon"
    assert fields["Type"] == "PMP — Pompe"
    assert "Identifier" not in fields

    copied = page.copy_details(card.rejection)
    assert QGuiApplication.clipboard().text() == copied
    assert "New equipment (equipment.create)" in copied
    assert "Code: P-42" in copied and '"manufacturer": "Grundfos"' in copied

    qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
    assert page.cards == []
    assert not page.empty_label.isHidden()
    assert window.status.attention_count() == 0
    assert not window.status.attention_button.isVisible()
    assert attention_count(services.replica.engine, window.session.actor) == 0
    with services.replica.engine.connect() as connection:
        kept = connection.execute(select(rejections.c.acknowledged_at)).scalars().all()
    assert len(kept) == 1 and kept[0] is not None  # dismissed, not deleted
    page.show_dismissed.setChecked(True)
    assert len(page.cards) == 1 and page.cards[0].dismiss_button.isHidden()
    assert not page.cards[0].dismissed_label.isHidden()


def test_the_sync_issues_page_is_everyones_and_hides_secrets(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
) -> None:
    installed(services, live_server, plant.technician)
    with services.replica.engine.begin() as connection:
        connection.execute(
            rejections.insert().values(
                mutation_id=uuid.uuid4(),
                name="user.register",
                payload={
                    "id": str(uuid.uuid4()),
                    "email": "tom@usine.fr",
                    "full_name": "Tom Doublon",
                    "password_hash": "$argon2id$secret-hash",
                    "role": "technician",
                },
                actor_id=None,
                code="duplicate",
                message="this e-mail address is already used",
                field_errors={"email": "duplicate"},
                at=sync_conftest.NOW,
            )
        )
    window = open_window(shell, services, plant.technician)
    assert window.can_navigate(SYNC_ISSUES_PAGE)
    assert window.status.attention_count() == 1
    window.navigate(SYNC_ISSUES_PAGE)
    page = window.page(SYNC_ISSUES_PAGE)
    assert isinstance(page, SyncIssuesPage)
    card = page.card_for("user.register")
    assert card is not None and card.title_label.text() == "Account request"
    assert card.reason_label.text() == (
        "A value you entered is already used by another item.\n• E-mail: Already used"
    )
    fields = card.field_texts()
    assert fields["E-mail"] == "tom@usine.fr" and fields["Role"] == "Technician"
    assert all("secret-hash" not in value for value in fields.values())
    assert "secret-hash" not in page.copy_details(card.rejection)


# ------------------------------------------------------------------ realtime


def test_realtime_news_brings_a_colleagues_change_without_asking(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
    device: Callable[[str, Account], Device],
) -> None:
    installed(services, live_server, plant.supervisor)
    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)
    qtbot.waitUntil(
        lambda: window.sync.realtime is not None and window.sync.realtime.connected,
        timeout=SYNC_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=SYNC_TIMEOUT_MS)
    assert window.sync.timer.interval() == 60_000  # not the timer: too slow for this test
    outcomes = Outcomes(window)

    office = device("office", plant.admin)
    assert office.sync().ok
    office.write("equipment.create", new_equipment(plant, "RT-1"))
    assert office.sync().ok  # the server tells every online client that site A moved

    outcomes.wait(qtbot, lambda o: o.report is not None and o.report.pulled_rows >= 1)
    with services.replica.engine.connect() as connection:
        codes = set(connection.execute(select(equipments.c.code)).scalars())
    assert "RT-1" in codes
    assert window.status.connection_state() == "online"


# ------------------------------------------------------------------ conflicts


def test_a_conflict_is_shown_to_whoever_may_edit_and_decided_there(
    qtbot: QtBot,
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
    memory_keyring: MemoryKeyring,
    device: Callable[[str, Account], Device],
) -> None:
    pump = plant.equipment(plant.site_a, "P-1", name="Pompe d'origine")
    installed(services, live_server, plant.supervisor)
    office = device("office", plant.admin)
    assert office.sync().ok
    # both rename the pump without seeing each other's change; this PC first
    services.writer.execute(
        services.auth.login(plant.supervisor.email, PASSWORD).actor,
        "equipment.update",
        {"id": pump, "fields": {"name": "Pompe doseuse"}},
    )
    office.write("equipment.update", {"id": pump, "fields": {"name": "Pompe de relevage"}})
    assert office.sync().ok

    window = open_window(shell, services, plant.supervisor)
    connect(qtbot, window, live_server)  # pushes the older rename: it loses, and is kept
    qtbot.waitUntil(lambda: window.status.attention_count() == 1, timeout=SYNC_TIMEOUT_MS)
    qtbot.mouseClick(window.status.attention_button, Qt.MouseButton.LeftButton)
    page = window.page(SYNC_ISSUES_PAGE)
    assert isinstance(page, SyncIssuesPage)
    assert len(page.conflict_cards) == 1
    card = page.conflict_cards[0]
    assert card.title_label.text() == "Equipment P-1 — Pompe de relevage"
    assert "Field: Name" in card.field_label.text()
    assert card.kept_value.text() == "Pompe de relevage"
    assert card.lost_value.text() == "Pompe doseuse"
    assert card.kept_who.text().startswith("by Admin")
    assert card.lost_who.text().startswith("by Sam")

    outcomes = Outcomes(window)
    qtbot.mouseClick(card.use_other_button, Qt.MouseButton.LeftButton)
    assert page.conflict_cards == [] and not page.no_conflict_label.isHidden()
    assert window.status.attention_count() == 0
    outcomes.wait(qtbot, pushed(1))
    with plant.db.connect() as connection:
        name = connection.execute(select(equipments.c.name).where(equipments.c.id == pump)).scalar()
    assert name == "Pompe doseuse"


def test_conflicts_stay_hidden_from_who_may_not_edit_the_row(
    shell: Shell,
    services: DesktopServices,
    live_server: str,
    plant: Plant,
) -> None:
    from cmms_core.schema.sync import sync_conflicts

    pump = plant.equipment(plant.site_a, "P-2")
    installed(services, live_server, plant.technician)
    with services.replica.engine.begin() as connection:
        connection.execute(
            sync_conflicts.insert().values(
                id=uuid.uuid4(),
                site_id=plant.site_a,
                version=1,
                entity="equipments",
                entity_id=pump,
                field="name",
                kept_value="A",
                lost_value="B",
                detected_at=sync_conftest.NOW,
            )
        )
    window = open_window(shell, services, plant.technician)  # technicians do not edit equipment
    assert window.status.attention_count() == 0
    page = window.page(SYNC_ISSUES_PAGE)
    assert isinstance(page, SyncIssuesPage) and page.conflict_cards == []
