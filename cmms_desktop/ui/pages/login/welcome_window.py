"""The window before a session: first run or login, with the language picker."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import LANGUAGE_NAMES, Translations
from cmms_desktop.ui.pages.login.first_run_page import FirstRunPage
from cmms_desktop.ui.pages.login.login_page import LoginPage

__all__ = ["LanguageCombo", "WelcomeWindow"]

WelcomeMode = Literal["first-run", "login"]


class LanguageCombo(QComboBox):
    """ "Français / English": switches the whole application live."""

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageCombo")
        self._translations = translations
        for language in translations.available_languages():
            self.addItem(LANGUAGE_NAMES[language], language)
        self._show(translations.language)
        self.currentIndexChanged.connect(self._on_picked)
        translations.language_changed.connect(self._show)

    def _show(self, language: str) -> None:
        index = self.findData(language)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _on_picked(self, index: int) -> None:
        self._translations.set_language(str(self.itemData(index)))


class WelcomeWindow(QWidget):
    """Top-level window of the first-run and login pages."""

    session_started = Signal(object)  # UserSession

    def __init__(
        self,
        services: DesktopServices,
        translations: Translations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeWindow")
        self._services = services
        self.resize(1100, 720)

        header = QFrame(self)
        header.setObjectName("welcomeHeader")
        self.app_label = QLabel(header)
        self.app_label.setObjectName("appTitle")
        self.tagline_label = QLabel(header)
        self.tagline_label.setObjectName("appTagline")
        self.language_label = QLabel(header)
        self.language_label.setObjectName("appTagline")
        self.language_combo = LanguageCombo(translations, header)
        self.language_label.setBuddy(self.language_combo)
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(24, 12, 24, 12)
        header_row.addWidget(self.app_label)
        header_row.addSpacing(12)
        header_row.addWidget(self.tagline_label)
        header_row.addStretch(1)
        header_row.addWidget(self.language_label)
        header_row.addWidget(self.language_combo)

        self.first_run_page = FirstRunPage(services, self)
        self.login_page = LoginPage(services, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.first_run_page)
        self.stack.addWidget(self.login_page)

        self.footer_label = QLabel(self)
        self.footer_label.setObjectName("secondaryText")
        self.footer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.footer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer_label)
        layout.addSpacing(10)

        self.first_run_page.session_started.connect(self.session_started)
        self.first_run_page.demo_loaded.connect(self._on_demo_loaded)
        self.first_run_page.admin_exists.connect(lambda: self.show_mode("login"))
        self.login_page.session_started.connect(self.session_started)
        self.retranslate_ui()

    def mode(self) -> WelcomeMode:
        return "first-run" if self.stack.currentWidget() is self.first_run_page else "login"

    def show_mode(self, mode: WelcomeMode | None = None) -> None:
        """The first-run page on an empty replica, else the login page (or the one asked)."""
        if mode is None:
            mode = "login" if self._services.auth.has_users() else "first-run"
        if mode == "login":
            self.login_page.refresh_demo()
            self.stack.setCurrentWidget(self.login_page)
            self.login_page.email_field.setFocus()
        else:
            self.stack.setCurrentWidget(self.first_run_page)
            self.first_run_page.name_field.setFocus()
        self.retranslate_ui()

    def _on_demo_loaded(self) -> None:
        self.show_mode("login")
        self.login_page.show_notice(
            "success",
            lambda: self.tr("The demo plant is ready. Pick an account on the right to log in."),
        )

    def retranslate_ui(self) -> None:
        app = self.tr("CMMS")
        if self.mode() == "first-run":
            page = self.tr("Setting up")
        else:
            page = self.tr("Log in", "window title")
        self.setWindowTitle(f"{page} — {app}")
        self.app_label.setText(app)
        self.tagline_label.setText(self.tr("Maintenance management"))
        self.language_label.setText(self.tr("&Language:"))
        self.footer_label.setText(
            self.tr("Local data: {path}").format(path=self._services.replica.path)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
