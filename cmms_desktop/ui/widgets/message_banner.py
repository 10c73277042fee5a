"""A coloured line of feedback above or below a form: error, warning, info, success."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["BannerKind", "MessageBanner"]

BannerKind = Literal["error", "warning", "info", "success"]

# (text, background, border)
_COLOURS: dict[str, tuple[str, str, str]] = {
    "error": ("#912018", "#fef3f2", "#fda29b"),
    "warning": ("#93370d", "#fffaeb", "#fedf89"),
    "info": ("#1849a9", "#eff8ff", "#b2ddff"),
    "success": ("#05603a", "#ecfdf3", "#a6f4c5"),
}


class MessageBanner(QFrame):
    """Hidden until :meth:`show_message`; keeps its text in the current language.

    The text is given as a callable so that a language switch re-asks it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)
        self._source: TextSource | None = None
        self._kind: BannerKind = "info"
        self.hide()

    @property
    def kind(self) -> BannerKind:
        return self._kind

    def text(self) -> str:
        return self.label.text() if self._source is not None else ""

    def show_message(self, kind: BannerKind, text: TextSource) -> None:
        self._kind = kind
        self._source = text
        foreground, background, border = _COLOURS[kind]
        if not self.objectName():
            self.setObjectName("messageBanner")
        name = self.objectName()  # a page may rename its banners: style by the actual name
        self.setStyleSheet(
            f"QFrame#{name} {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" QFrame#{name} QLabel {{ color: {foreground}; background: transparent;"
            " border: none; }"
        )
        self.label.setText(text())
        self.show()

    def clear(self) -> None:
        self._source = None
        self.label.clear()
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._source is not None:
            self.label.setText(self._source())
        super().changeEvent(event)
