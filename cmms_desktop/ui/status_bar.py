"""The main window's status bar: who, where, connection state, local changes waiting."""

from __future__ import annotations

from typing import Literal, get_args

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from cmms_core.rules.roles import Role
from cmms_desktop.ui.labels import role_label

__all__ = ["CONNECTION_STATES", "ConnectionState", "PendingChanges", "ShellStatusBar"]

ConnectionState = Literal["offline", "online", "syncing", "error"]
CONNECTION_STATES: tuple[str, ...] = get_args(ConnectionState)

_STATE_COLOURS = {
    "offline": "#8a6d1f",
    "online": "#067647",
    "syncing": "#175cd3",
    "error": "#b42318",
}


class PendingChanges(QObject):
    """Says that the replica's outbox changed: a local write now, acknowledgements later.

    ``notify`` is given to ``LocalWriter(on_written=...)`` by the composition
    root; it may be called from any thread (the signal is queued to receivers
    living in the UI thread).
    """

    changed = Signal()

    def notify(self) -> None:
        self.changed.emit()


class ShellStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shellStatusBar")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        self.sites_label = QLabel(self)
        self.sites_label.setObjectName("statusSites")
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("statusConnection")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("statusPending")
        self.addWidget(self.user_label)
        self.addWidget(self.sites_label, 1)
        self.addPermanentWidget(self.connection_label)
        self.addPermanentWidget(self.pending_label)
        self._full_name = ""
        self._role: Role | None = None
        self._sites: list[str] | None = None
        self._state: ConnectionState = "offline"
        self._pending = 0
        self.retranslate_ui()

    def set_user(self, full_name: str, role: Role) -> None:
        self._full_name = full_name
        self._role = role
        self._show_user()

    def set_sites(self, names: list[str] | None) -> None:
        """The sites the user works on; None for every site (administrators)."""
        self._sites = names
        self._show_sites()

    def set_connection_state(self, state: str) -> None:
        """``offline``, ``online``, ``syncing`` or ``error`` (set by the sync engine)."""
        if state not in CONNECTION_STATES:
            raise ValueError(f"unknown connection state {state!r}; known: {CONNECTION_STATES}")
        self._state = state  # type: ignore[assignment]
        self._show_connection()

    def connection_state(self) -> ConnectionState:
        return self._state

    def set_pending_count(self, count: int) -> None:
        self._pending = count
        self._show_pending()

    # ----------------------------------------------------------- rendering

    def _show_user(self) -> None:
        if self._role is None:
            self.user_label.clear()
            return
        self.user_label.setText(
            self.tr("{name} — {role}").format(name=self._full_name, role=role_label(self._role))
        )

    def _show_sites(self) -> None:
        if self._sites is None:
            text = self.tr("All sites")
        elif not self._sites:
            text = self.tr("No site granted yet")
        else:
            text = self.tr("Sites: {names}").format(names=", ".join(self._sites))
        self.sites_label.setText(text)

    def _show_connection(self) -> None:
        match self._state:
            case "offline":
                text = self.tr("Offline — local replica")
            case "online":
                text = self.tr("Online")
            case "syncing":
                text = self.tr("Synchronising…")
            case "error":
                text = self.tr("Synchronisation error")
        colour = _STATE_COLOURS[self._state]
        self.connection_label.setText(f"<span style='color:{colour}'>●</span> {text}")

    def _show_pending(self) -> None:
        self.pending_label.setText(
            self.tr("Local changes to send: {count}").format(count=self._pending)
        )
        self.pending_label.setToolTip(
            self.tr(
                "Changes made on this computer that the server has not acknowledged yet. "
                "They are kept safely until then."
            )
        )

    def retranslate_ui(self) -> None:
        self._show_user()
        self._show_sites()
        self._show_connection()
        self._show_pending()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
