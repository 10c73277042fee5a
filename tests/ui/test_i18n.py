"""Live language switching: open windows follow at once, and the choice is remembered."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.meta import get_meta
from cmms_desktop.store.replica import ReplicaCorrupt
from cmms_desktop.ui.i18n import Translations, translations_dir
from cmms_desktop.ui.labels import mutation_error_message, role_label
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.pages.admin import UsersPage
from cmms_desktop.ui.shell import Shell, replica_error_text


def _equipment_translated(window: MainWindow) -> bool:
    # The equipment module's strings live in its own catalogue, owned by that module.
    return window.can_navigate("equipment") and (translations_dir() / "equipment_fr.qm").is_file()


def _nav_texts(window: MainWindow) -> dict[str, str]:
    items = (window.nav.item(row) for row in range(window.nav.count()))
    return {str(item.data(Qt.ItemDataRole.UserRole)): item.text() for item in items}


def test_an_open_window_switches_language_live(
    admin_window: MainWindow, translations: Translations
) -> None:
    assert _nav_texts(admin_window)["users"] == "Users"
    assert admin_window.file_menu.title() == "&File"
    status = admin_window.status

    translations.set_language("fr")

    assert _nav_texts(admin_window)["users"] == "Utilisateurs"
    assert admin_window.file_menu.title() == "&Fichier"
    assert admin_window.windowTitle() == "Utilisateurs — GMAO"
    assert status.connection_label.text().endswith("Hors ligne — copie locale")
    assert status.user_label.text() == "Alice Admin — Administrateur"
    if _equipment_translated(admin_window):
        assert _nav_texts(admin_window)["equipment"] == "Équipements"

    translations.set_language("en")

    assert _nav_texts(admin_window)["users"] == "Users"
    assert status.connection_label.text().endswith("Offline — local replica")
    if admin_window.can_navigate("equipment"):
        assert _nav_texts(admin_window)["equipment"] == "Equipment"


def test_the_users_table_follows_the_language(
    admin_window: MainWindow, translations: Translations
) -> None:
    page = admin_window.page("users")
    assert isinstance(page, UsersPage)
    model = page.model
    translations.set_language("fr")
    assert model.headerData(model.column("status"), Qt.Orientation.Horizontal) == "Statut"
    assert model.index(0, model.column("role")).data() == "Administrateur"
    assert page.approve_button.text() == "Approuver…"
    translations.set_language("en")
    assert model.index(0, model.column("role")).data() == "Administrator"


def test_the_language_menu_switches_and_is_remembered(
    admin_window: MainWindow, translations: Translations, services: DesktopServices
) -> None:
    admin_window.language_actions["fr"].trigger()
    assert translations.language == "fr"
    assert admin_window.language_actions["fr"].isChecked()
    assert get_meta(services.replica.engine, "language") == "fr"
    admin_window.language_actions["en"].trigger()
    assert get_meta(services.replica.engine, "language") == "en"
    assert admin_window.file_menu.title() == "&File"


def test_the_welcome_language_combo_switches_the_login_page(
    shell: Shell, translations: Translations, services: DesktopServices
) -> None:
    welcome = shell.show_welcome()
    combo = welcome.language_combo
    login = welcome.login_page
    assert login.login_button.text() == "Log in"

    combo.setCurrentIndex(combo.findData("fr"))
    assert translations.language == "fr"
    assert login.login_button.text() == "Se connecter"
    assert login.title_label.text() == "Connexion"
    assert get_meta(services.replica.engine, "language") == "fr"

    translations.set_language("en")  # from elsewhere (the main window's menu)
    assert combo.currentData() == "en"
    assert login.login_button.text() == "Log in"


def test_shown_messages_and_open_dialogs_are_retranslated(
    qtbot: QtBot, shell: Shell, translations: Translations
) -> None:
    login = shell.show_welcome("login").login_page
    qtbot.keyClicks(login.email_field.line_edit, "jean")
    login.email_field.touch()
    login.banner.show_message("error", lambda: role_label(Role.STOREKEEPER))
    dialog = login.open_register_dialog()
    assert dialog.windowTitle() == "Request an account"

    translations.set_language("fr")

    assert login.email_field.message_label.text().startswith("Ceci ne ressemble pas")
    assert login.banner.text() == "Magasinier"
    assert dialog.windowTitle() == "Demander un compte"
    assert dialog.submit_button.text() == "Envoyer la demande"
    assert dialog.role_combo.itemText(0) == "Technicien"


def test_shared_labels_and_startup_messages_are_translated(translations: Translations) -> None:
    translations.set_language("fr")
    assert role_label(Role.SUPERVISOR) == "Responsable maintenance"
    assert mutation_error_message(MutationRejected("forbidden", "no")) == (
        "Vous n’avez pas le droit d’effectuer cette modification."
    )
    text = replica_error_text(ReplicaCorrupt(Path("/data/replica.sqlite3"), "boom"))
    assert "Le fichier n’a pas été modifié." in text
    assert "/data/replica.sqlite3" in text


@pytest.mark.parametrize("area", ["shell", "common"])
def test_the_french_catalogues_are_complete(area: str) -> None:
    ts = translations_dir() / f"{area}_fr.ts"
    assert ts.with_suffix(".qm").is_file()
    unfinished = [
        message.findtext("source")
        for message in ElementTree.parse(ts).getroot().iter("message")
        if (translation := message.find("translation")) is None
        or translation.get("type") == "unfinished"
        or not (translation.text or "").strip()
    ]
    assert unfinished == []
