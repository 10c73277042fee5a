"""Coloured pills for a state: a widget (detail headers) and a delegate (table cells).

Colours are keyed by the stored state value; the text is whatever the caller
shows (already translated). Known equipment states: active (green), down
(red), under_maintenance (amber), out_of_service (grey); an unknown value gets
a neutral pill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

__all__ = [
    "EQUIPMENT_STATE_COLOURS",
    "PillColours",
    "StateBadge",
    "StateBadgeDelegate",
    "paint_pill",
    "pill_size",
]


@dataclass(frozen=True)
class PillColours:
    background: str
    text: str


EQUIPMENT_STATE_COLOURS: Mapping[str, PillColours] = MappingProxyType(
    {
        "active": PillColours("#2e7d32", "#ffffff"),
        "down": PillColours("#c62828", "#ffffff"),
        "under_maintenance": PillColours("#f2a900", "#3b2a00"),
        "out_of_service": PillColours("#757d87", "#ffffff"),
    }
)
_NEUTRAL = PillColours("#d5d9e0", "#1d2433")

_H_PADDING = 9
_V_PADDING = 2


def pill_size(metrics: QFontMetrics, text: str) -> QSize:
    # +2: elidedText() wants the bounding box, a pixel or two wider than the advance
    width = max(metrics.horizontalAdvance(text), metrics.boundingRect(text).width()) + 2
    return QSize(width + 2 * _H_PADDING, metrics.height() + 2 * _V_PADDING)


def paint_pill(
    painter: QPainter,
    area: QRect,
    text: str,
    colours: PillColours,
    font: QFont,
    metrics: QFontMetrics | None = None,
) -> None:
    """A rounded pill holding ``text``, left-aligned and vertically centred in ``area``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    metrics = metrics or QFontMetrics(font)
    size = pill_size(metrics, text)
    width = min(size.width(), area.width())
    height = min(size.height(), area.height())
    pill = QRectF(area.x(), area.y() + (area.height() - height) / 2, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colours.background))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(QColor(colours.text))
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 2 * _H_PADDING)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)
    painter.restore()


def _colours(
    colours: Mapping[str, PillColours], value: object, fallback: PillColours = _NEUTRAL
) -> PillColours:
    return colours.get(str(value), fallback) if value is not None else fallback


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    return bold


class StateBadge(QWidget):
    """A state shown as a pill, e.g. in the header of a detail page."""

    def __init__(
        self,
        parent: QWidget | None = None,
        colours: Mapping[str, PillColours] = EQUIPMENT_STATE_COLOURS,
    ) -> None:
        super().__init__(parent)
        self._colours = colours
        self._state: str | None = None
        self._text = ""

    def set_state(self, state: str | None, text: str) -> None:
        self._state = state
        self._text = text
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def state(self) -> str | None:
        return self._state

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        return pill_size(QFontMetrics(_bold(self.font())), self._text) + QSize(2, 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        area = self.rect().adjusted(1, 1, -1, -1)
        paint_pill(
            painter, area, self._text, _colours(self._colours, self._state), _bold(self.font())
        )
        painter.end()


class StateBadgeDelegate(QStyledItemDelegate):
    """Paints a cell as a pill: text from DisplayRole, colour from ``state_role``."""

    def __init__(
        self,
        state_role: int,
        parent: QWidget | None = None,
        colours: Mapping[str, PillColours] = EQUIPMENT_STATE_COLOURS,
    ) -> None:
        super().__init__(parent)
        self._state_role = state_role
        self._colours = colours
        # one bold font and its metrics per view font: a paint asks for them per cell
        self._fonts: dict[str, tuple[QFont, QFontMetrics]] = {}

    def _font(self, base: QFont) -> tuple[QFont, QFontMetrics]:
        key = base.key()
        found = self._fonts.get(key)
        if found is None:
            bold = _bold(base)
            found = self._fonts[key] = (bold, QFontMetrics(bold))
        return found

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # the cell's background (selection, alternate rows) as usual, without text
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = background.widget.style() if background.widget is not None else None
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, background.widget
            )
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return
        area = option.rect.adjusted(6, 3, -6, -3)
        colours = _colours(self._colours, index.data(self._state_role))
        font, metrics = self._font(option.font)
        paint_pill(painter, area, str(text), colours, font, metrics)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return pill_size(self._font(option.font)[1], text) + QSize(12, 8)
