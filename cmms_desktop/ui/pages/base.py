"""What every page of the main window has in common."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession


class Navigator(Protocol):
    """How a page asks the main window to show another page.

    ``key`` names a page ("equipment", "users", "failures.new", ...);
    ``argument`` is what to open there (an equipment id, ...). Pages offer a
    cross-module action only when ``can_navigate`` says its page exists.
    """

    def navigate(self, key: str, argument: object | None = None) -> None: ...

    def can_navigate(self, key: str) -> bool: ...


class Page(QWidget):
    """A page of the main window: built for one logged-in user, retranslated live."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.navigator = navigator

    def title(self) -> str:
        """The page's name in the navigation, translated."""
        raise NotImplementedError(f"{type(self).__name__} must name itself")

    def retranslate_ui(self) -> None:
        """Re-set every visible string; called when the language changes."""

    def show_argument(self, argument: object | None) -> None:
        """Called each time the page is navigated to, with what to open."""

    def refresh(self) -> None:
        """Read the replica again: called on the visible page after a sync changed rows.

        Default: nothing. A page showing replica data re-reads it here, keeping
        what the user is doing (selection, filters, scroll position, an open form).
        """

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
