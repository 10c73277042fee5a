"""The application's windows over time: welcome (first run / login) → session → welcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.meta import set_meta
from cmms_desktop.store.replica import ReplicaCorrupt, ReplicaError, ReplicaTooNew
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.login import WelcomeWindow
from cmms_desktop.ui.status_bar import PendingChanges

if TYPE_CHECKING:  # the session window (and sync, keyring, httpx) loads after login
    from cmms_desktop.ui.main_window import MainWindow

__all__ = ["LANGUAGE_META_KEY", "Shell", "replica_error_text", "show_replica_error"]

# local_meta key of the language last picked on this computer
LANGUAGE_META_KEY = "language"


class Shell(QObject):
    """Owns the top-level windows; one MainWindow per logged-in session."""

    def __init__(
        self,
        services: DesktopServices,
        translations: Translations,
        pending: PendingChanges,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.translations = translations
        self.pending = pending
        self.welcome: WelcomeWindow | None = None
        self.main_window: MainWindow | None = None
        self.session: UserSession | None = None
        translations.language_changed.connect(self._remember_language)

    def start(self) -> None:
        self.show_welcome()

    def show_welcome(self, mode: Literal["first-run", "login"] | None = None) -> WelcomeWindow:
        """The first-run page on an empty replica, else the login page (or ``mode``)."""
        if self.welcome is None:
            self.welcome = WelcomeWindow(self.services, self.translations)
            self.welcome.session_started.connect(self.open_session)
        self.welcome.show_mode(mode)
        self.welcome.show()
        self.welcome.raise_()
        self.welcome.activateWindow()
        return self.welcome

    def open_session(self, session: UserSession) -> MainWindow:
        if self.main_window is not None:
            self._close_main_window()
        self.session = session
        from cmms_desktop.ui.main_window import MainWindow

        window = MainWindow(self.services, session, self.translations, self.pending)
        window.logout_requested.connect(self.logout)
        self.main_window = window
        window.show()
        if self.welcome is not None:
            self.welcome.hide()
        return window

    def logout(self) -> None:
        if self.session is not None:
            self.services.auth.logout(self.session)
            self.session = None
        # Show the login page before closing the session's window, so that the
        # application never has no window (it would quit).
        welcome = self.show_welcome("login")
        welcome.login_page.reset()
        self._close_main_window()

    def close(self) -> None:
        """Close every window and end the session (application exit, tests)."""
        if self.session is not None:
            self.services.auth.logout(self.session)
            self.session = None
        self._close_main_window()
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
            self.welcome = None

    def _close_main_window(self) -> None:
        window, self.main_window = self.main_window, None
        if window is not None:
            window.close()
            window.deleteLater()

    def _remember_language(self, language: str) -> None:
        set_meta(self.services.replica.engine, LANGUAGE_META_KEY, language)


def replica_error_text(error: ReplicaError) -> str:
    """What went wrong with the local data file, and that it was not touched."""
    if isinstance(error, ReplicaTooNew):
        what = QCoreApplication.translate(
            "Startup",
            "The local data on this computer was written by a newer version of the "
            "application (format {found}; this version reads up to format {supported}). "
            "Install the newer version to use it.",
        ).format(found=error.found, supported=error.supported)
    elif isinstance(error, ReplicaCorrupt):
        what = QCoreApplication.translate(
            "Startup",
            "The local data file cannot be read: it is damaged, or it is not a data file "
            "of this application.",
        )
    else:
        what = QCoreApplication.translate("Startup", "The local data file cannot be opened.")
    kept = QCoreApplication.translate(
        "Startup",
        "The file has not been modified. Keep it: it may hold changes not yet sent to the "
        "server. Show this message to your administrator.",
    )
    where = QCoreApplication.translate("Startup", "File: {path}").format(path=error.path)
    detail = QCoreApplication.translate("Startup", "Details: {detail}").format(detail=str(error))
    return "\n\n".join((what, kept, where, detail))


def show_replica_error(error: ReplicaError, parent: QWidget | None = None) -> None:
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("Startup", "The application cannot start"),
        replica_error_text(error),
    )
