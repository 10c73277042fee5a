"""Four big coloured buttons for a failure's urgency: low, normal, high, critical.

One of them is always chosen (``value()``); like a radio group, only the
chosen button is in the Tab chain, the arrow keys (or 1..4) choose another.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from cmms_desktop.ui.pages.failures.list_labels import (
    URGENCY_COLOURS,
    URGENCY_LEVELS,
    urgency_label,
)

__all__ = ["DEFAULT_URGENCY", "UrgencyPicker"]

DEFAULT_URGENCY = 2
_NUMBER_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}


def _style(urgency: int) -> str:
    colours = URGENCY_COLOURS[str(urgency)]
    # unchosen: white with the level's colour as border; chosen: filled
    border = colours.background if urgency != 1 else "#7d97b3"
    return (
        "QPushButton { background: white; color: #1d2433; font-size: 14px; font-weight: 600;"
        f" border: 2px solid {border}; border-radius: 6px; padding: 10px 8px; }}"
        f" QPushButton:checked {{ background: {colours.background}; color: {colours.text}; }}"
        " QPushButton:focus { outline: none; border: 3px solid #1d2433; }"
    )


class UrgencyPicker(QWidget):
    """``changed(int)`` when another level is chosen."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("urgencyPicker")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for level in URGENCY_LEVELS:
            button = QPushButton(self)
            button.setObjectName(f"urgency{level}")
            button.setCheckable(True)
            button.setMinimumHeight(46)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(_style(level))
            button.installEventFilter(self)
            self.group.addButton(button, level)
            self.buttons[level] = button
            row.addWidget(button)
        self.group.idToggled.connect(self._on_toggled)
        self.set_value(DEFAULT_URGENCY)
        self.retranslate_ui()

    def value(self) -> int:
        checked = self.group.checkedId()
        return checked if checked in self.buttons else DEFAULT_URGENCY

    def set_value(self, urgency: int) -> None:
        button = self.buttons.get(urgency)
        if button is not None:
            button.setChecked(True)
            self._update_focus_chain()

    def focus_button(self) -> QPushButton:
        """The chosen button: the one Tab reaches."""
        return self.buttons[self.value()]

    def _on_toggled(self, level: int, checked: bool) -> None:
        if checked:
            self._update_focus_chain()
            self.changed.emit(level)

    def _update_focus_chain(self) -> None:
        chosen = self.value()
        for level, button in self.buttons.items():
            policy = Qt.FocusPolicy.StrongFocus if level == chosen else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            current = self.value()
            target: int | None = _NUMBER_KEYS.get(key)
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
                target = max(1, current - 1)
            elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
                target = min(4, current + 1)
            if target is not None:
                self.set_value(target)
                self.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        for level, button in self.buttons.items():
            button.setText(f"{level} · {urgency_label(level)}")
            button.setToolTip(
                self.tr("Urgency {level} of 4 (keys 1 to 4 or arrows)").format(level=level)
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
