"""The calendar's legend: what the fill (kind), the stripe (urgency) and the marker mean."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cmms_desktop.ui.pages.planning.calendar_style import (
    PRIORITIES,
    WARNING_COLOUR,
    kind_colours,
    kind_label,
    priority_colour,
    priority_label,
)

__all__ = ["CalendarLegend"]

_SWATCH = 12
_GAP = 16


class CalendarLegend(QWidget):
    """One painted row: a swatch per kind shown, a stripe per priority, the warning marker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarLegend")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._kinds: list[str] = ["preventive"]

    def set_kinds(self, kinds: Iterable[str]) -> None:
        shown = sorted(set(kinds)) or ["preventive"]
        if shown != self._kinds:
            self._kinds = shown
            self.updateGeometry()
            self.update()

    def kinds(self) -> list[str]:
        return list(self._kinds)

    def entries(self) -> list[str]:
        """The legend's texts, in order (kinds, priorities, the warning)."""
        return [
            *(kind_label(kind) for kind in self._kinds),
            *(priority_label(priority) for priority in PRIORITIES),
            self.tr("Schedule warning"),
        ]

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = sum(metrics.horizontalAdvance(text) + _SWATCH + 6 + _GAP for text in self.entries())
        return QSize(width, max(metrics.height(), _SWATCH) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            metrics = QFontMetrics(self.font())
            middle = self.height() / 2
            x = 0.0
            texts = self.entries()
            for n, text in enumerate(texts):
                swatch = QRectF(x, middle - _SWATCH / 2, _SWATCH, _SWATCH)
                if n < len(self._kinds):
                    fill, border, _ = kind_colours(self._kinds[n])
                    painter.setPen(QPen(border, 1))
                    painter.setBrush(fill)
                    painter.drawRoundedRect(swatch, 2, 2)
                elif n < len(self._kinds) + len(PRIORITIES):
                    colour = priority_colour(PRIORITIES[n - len(self._kinds)])
                    painter.fillRect(QRectF(x + 3, swatch.top(), 4, _SWATCH), colour)
                else:
                    centre = swatch.center()
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(WARNING_COLOUR)
                    painter.drawPolygon(
                        [
                            QPointF(centre.x(), swatch.top()),
                            QPointF(swatch.right(), swatch.bottom()),
                            QPointF(swatch.left(), swatch.bottom()),
                        ]
                    )
                painter.setPen(self.palette().windowText().color())
                x += _SWATCH + 6
                width = metrics.horizontalAdvance(text)
                painter.drawText(
                    QRectF(x, 0, width + 2, self.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                x += width + _GAP
        finally:
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.updateGeometry()
            self.update()
        super().changeEvent(event)
