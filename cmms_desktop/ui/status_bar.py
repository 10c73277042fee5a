"""The main window's status bar: who, where, connection state, local changes waiting,
the last synchronisation and the items that need the user's attention."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, QTimeZone, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

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


class ClickableLabel(QLabel):
    """A label that says when it is clicked (only while it has a pointing-hand cursor)."""

    clicked = Signal()

    def set_clickable(self, clickable: bool) -> None:
        self.setProperty("clickable", clickable)
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def is_clickable(self) -> bool:
        return bool(self.property("clickable"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.is_clickable() and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _local(moment: datetime) -> QDateTime:
    """An aware UTC datetime as a QDateTime in the computer's time zone."""
    utc = QDateTime.fromMSecsSinceEpoch(
        int(moment.timestamp() * 1000), QTimeZone(QTimeZone.Initialization.UTC)
    )
    return utc.toLocalTime()


class ShellStatusBar(QStatusBar):
    connection_clicked = Signal()  # the connection state was clicked (when not connected)
    attention_clicked = Signal()  # the "to review" count was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shellStatusBar")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        self.sites_label = QLabel(self)
        self.sites_label.setObjectName("statusSites")
        self.connection_label = ClickableLabel(self)
        self.connection_label.setObjectName("statusConnection")
        self.connection_label.clicked.connect(self.connection_clicked)
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("statusPending")
        self.last_sync_label = QLabel(self)
        self.last_sync_label.setObjectName("statusLastSync")
        self.attention_button = QPushButton(self)
        self.attention_button.setObjectName("statusAttention")
        self.attention_button.setFlat(True)
        self.attention_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attention_button.setStyleSheet(
            "QPushButton#statusAttention { color: #b54708; font-weight: 600; border: none;"
            " padding: 0 6px; text-decoration: underline; }"
        )
        self.attention_button.clicked.connect(self.attention_clicked)
        self.attention_button.hide()
        self.addWidget(self.user_label)
        self.addWidget(self.sites_label, 1)
        self.addPermanentWidget(self.attention_button)
        self.addPermanentWidget(self.connection_label)
        self.addPermanentWidget(self.last_sync_label)
        self.addPermanentWidget(self.pending_label)
        self._full_name = ""
        self._role: Role | None = None
        self._sites: list[str] | None = None
        self._state: ConnectionState = "offline"
        self._detail: str = ""
        self._pending = 0
        self._last_sync: datetime | None = None
        self._attention = 0
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

    def set_connection_detail(self, text: str, clickable: bool = False) -> None:
        """The tooltip of the connection state (why offline...); ``clickable`` to connect."""
        self._detail = text
        self.connection_label.setToolTip(text)
        self.connection_label.set_clickable(clickable)

    def set_last_sync(self, moment: datetime | None) -> None:
        """When the last synchronisation succeeded (an aware datetime), None: not yet."""
        self._last_sync = moment
        self._show_last_sync()

    def last_sync(self) -> datetime | None:
        return self._last_sync

    def set_attention_count(self, count: int) -> None:
        """Items waiting for the user on the Sync issues page (refused changes, conflicts)."""
        self._attention = count
        self._show_attention()

    def attention_count(self) -> int:
        return self._attention

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

    def _show_last_sync(self) -> None:
        if self._last_sync is None:
            self.last_sync_label.hide()
            return
        local = _local(self._last_sync)
        locale = QLocale()
        time_text = locale.toString(local.time(), QLocale.FormatType.ShortFormat)
        if local.date() == QDateTime.currentDateTime().date():
            text = self.tr("Synchronised at {time}").format(time=time_text)
        else:
            text = self.tr("Synchronised on {date} at {time}").format(
                date=locale.toString(local.date(), QLocale.FormatType.ShortFormat), time=time_text
            )
        self.last_sync_label.setText(text)
        self.last_sync_label.setToolTip(
            self.tr("Last successful synchronisation with the server: {when}").format(
                when=locale.toString(local, QLocale.FormatType.LongFormat)
            )
        )
        self.last_sync_label.show()

    def _show_attention(self) -> None:
        self.attention_button.setVisible(self._attention > 0)
        self.attention_button.setText(
            "⚠ " + self.tr("To review: {count}").format(count=self._attention)
        )
        self.attention_button.setToolTip(
            self.tr(
                "Changes the server refused, or conflicts to decide: open the Sync issues page."
            )
        )

    def retranslate_ui(self) -> None:
        self._show_user()
        self._show_sites()
        self._show_connection()
        self._show_pending()
        self._show_last_sync()
        self._show_attention()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
