"""A KPI tile for landing pages: a title, a big value, a subtitle, a coloured trend.

    card = KpiCard(lambda: self.tr("Overdue tasks"))
    card.set_value("12", subtitle=self.tr("3 urgent"), trend="▲ 4", tone="bad")
    card.clicked.connect(lambda: navigator.navigate("pm.overdue"))

The title is a function (re-asked on a language change); value, subtitle and
trend are set by the page whenever it reads its numbers, already formatted.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["TONE_COLOURS", "KpiCard", "Tone"]

Tone = Literal["good", "bad", "warning", "neutral"]
TONE_COLOURS: dict[str, str] = {
    "good": "#05603a",
    "bad": "#b42318",
    "warning": "#b54708",
    "neutral": "#5b6573",
}
_VALUE_STYLE = "font-size: 26px; font-weight: 600; color: {colour};"


class KpiCard(QFrame):
    """A card (theme's ``#card``); ``clicked`` when clicked or Enter/Space pressed on it."""

    clicked = Signal()

    def __init__(self, title: TextSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._title = title
        self._tone: Tone | None = None
        self._value_tone = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(170)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("kpiTitle")
        self.title_label.setStyleSheet("color: #5b6573; font-weight: 600;")
        self.title_label.setWordWrap(False)
        self.value_label = QLabel("—", self)
        self.value_label.setObjectName("kpiValue")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.trend_label = QLabel(self)
        self.trend_label.setObjectName("kpiTrend")
        self.trend_label.setTextFormat(Qt.TextFormat.PlainText)
        self.trend_label.hide()
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setObjectName("kpiSubtitle")
        self.subtitle_label.setStyleSheet("color: #5b6573;")
        self.subtitle_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label.setWordWrap(True)
        policy = self.subtitle_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # cards side by side keep their values aligned
        self.subtitle_label.setSizePolicy(policy)
        self.subtitle_label.hide()
        value_row = QHBoxLayout()
        value_row.setSpacing(10)
        value_row.addWidget(self.value_label)
        value_row.addWidget(self.trend_label, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addLayout(value_row)
        layout.addWidget(self.subtitle_label)
        self._paint_value()
        self.retranslate_ui()

    def set_value(
        self,
        value: str,
        *,
        subtitle: str = "",
        trend: str = "",
        tone: Tone | None = None,
        colour_value: bool = False,
    ) -> None:
        """Show ``value``; ``trend`` (e.g. "▲ 12 %") in the ``tone``'s colour.

        ``colour_value`` paints the big value in that colour too (an alarm: "3 overdue").
        """
        self.value_label.setText(value)
        self.subtitle_label.setText(subtitle)
        self.subtitle_label.setVisible(bool(subtitle))
        self.trend_label.setText(trend)
        self.trend_label.setVisible(bool(trend))
        self._tone = tone
        self._value_tone = colour_value
        colour = TONE_COLOURS[tone or "neutral"]
        self.trend_label.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self._paint_value()
        self.setAccessibleName(f"{self._title()}: {value}")

    def value(self) -> str:
        return self.value_label.text()

    def tone(self) -> Tone | None:
        return self._tone

    def set_clickable(self, clickable: bool) -> None:
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)

    def _paint_value(self) -> None:
        colour = TONE_COLOURS[self._tone] if self._value_tone and self._tone else "#1d2433"
        self.value_label.setStyleSheet(_VALUE_STYLE.format(colour=colour))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate_ui(self) -> None:
        self.title_label.setText(self._title())
        self.setAccessibleName(f"{self._title()}: {self.value()}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
