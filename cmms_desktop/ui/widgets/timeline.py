"""A vertical traceability timeline: who, when (local time), what, from which device.

Fed with the entries of ``cmms_desktop.store.queries.timeline`` (any object
with the attributes of :class:`TimelineItem`), newest first as given. Keys
become words through functions the page gives (``describe`` for the action,
``field_label`` and ``value_text`` for the changes), so that the widget
stays module-agnostic; everything is re-asked when the language changes.

The time shown is when the command was made on its device (``made_at``;
``at`` when unknown). An entry made offline (``offline``: still waiting in
this computer's outbox, or synced late: see
``cmms_desktop.store.queries.timeline.made_offline``) carries an "Offline"
badge; the others an "Online" one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QDateTime, QEvent, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.ui.theme import ACCENT

__all__ = ["Timeline", "TimelineItem", "format_local_time"]

_OFFLINE_DOT = "#f2a900"
_LINE = "#d5d9e0"
_BADGE_STYLE = {
    True: "background: #fffaeb; color: #93370d; border: 1px solid #fedf89;",
    False: "background: #ecfdf3; color: #05603a; border: 1px solid #a6f4c5;",
}


class TimelineItem(Protocol):
    """What the timeline reads of an entry (``store.queries.timeline.TimelineEntry``)."""

    @property
    def at(self) -> datetime: ...

    @property
    def action(self) -> str: ...

    @property
    def actor_name(self) -> str | None: ...

    @property
    def device_id(self) -> str | None: ...

    @property
    def offline(self) -> bool: ...

    @property
    def made_at(self) -> datetime | None: ...

    @property
    def changes(self) -> Mapping[str, Sequence[object]]: ...


Describe = Callable[[TimelineItem], str]
FieldLabel = Callable[[str], str]
ValueText = Callable[[str, object], str]


def format_local_time(
    at: datetime, fmt: QLocale.FormatType = QLocale.FormatType.ShortFormat
) -> str:
    """``at`` in the computer's time zone, written the current language's way.

    A naive datetime is taken as UTC (what the replica stores).
    """
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    moment = QDateTime.fromMSecsSinceEpoch(int(aware.timestamp() * 1000))
    return QLocale().toString(moment.toLocalTime(), fmt)


def _default_value(_field: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


class _Rail(QWidget):
    """The line down the left and the entry's dot."""

    def __init__(self, colour: str, first: bool, last: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = colour
        self._first = first
        self._last = last
        self.setFixedWidth(22)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(22, 20)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = self.width() / 2
        dot_y = 12.0
        painter.setPen(QPen(QColor(_LINE), 2))
        top = dot_y if self._first else 0.0
        bottom = dot_y if self._last else float(self.height())
        if bottom > top:
            painter.drawLine(int(centre), int(top), int(centre), int(bottom))
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(QColor(self._colour))
        painter.drawEllipse(QRectF(centre - 6, dot_y - 6, 12, 12))
        painter.end()


class Timeline(QScrollArea):
    """The entries, newest first, one block each; empty: a short sentence."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        describe: Describe | None = None,
        field_label: FieldLabel | None = None,
        value_text: ValueText | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._describe = describe
        self._field_label = field_label
        self._value_text = value_text or _default_value
        self._entries: list[TimelineItem] = []
        self._blocks: list[QFrame] = []
        self._content = QWidget(self)
        self._content.setObjectName("timelineContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(0)
        self.empty_label = QLabel(self._content)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.empty_label)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def set_entries(self, entries: Sequence[TimelineItem]) -> None:
        self._entries = list(entries)
        self._rebuild()

    def entries(self) -> list[TimelineItem]:
        return list(self._entries)

    def blocks(self) -> list[QFrame]:
        """One frame per entry, in order (its labels are named headline, meta, changes, badge)."""
        return list(self._blocks)

    def headline(self, entry: TimelineItem) -> str:
        if self._describe is not None:
            return self._describe(entry)
        return entry.action

    def meta_text(self, entry: TimelineItem) -> str:
        who = entry.actor_name or self.tr("System")
        parts = [who, format_local_time(entry.made_at or entry.at)]
        if entry.device_id:
            parts.append(self.tr("device {device}").format(device=entry.device_id))
        return " · ".join(parts)

    def change_lines(self, entry: TimelineItem) -> list[str]:
        lines = []
        for field, values in entry.changes.items():
            label = self._field_label(field) if self._field_label is not None else field
            old = values[0] if len(values) > 0 else None
            new = values[1] if len(values) > 1 else None
            if old is None:
                line = self.tr("{field}: {value}").format(
                    field=label, value=self._value_text(field, new)
                )
            else:
                line = self.tr("{field}: {old} → {new}").format(
                    field=label,
                    old=self._value_text(field, old),
                    new=self._value_text(field, new),
                )
            lines.append(line)
        return lines

    # ------------------------------------------------------------- internals

    def _clear_blocks(self) -> None:
        for block in self._blocks:
            self._layout.removeWidget(block)
            block.deleteLater()
        self._blocks.clear()

    def _rebuild(self) -> None:
        self._clear_blocks()
        self.empty_label.setVisible(not self._entries)
        count = len(self._entries)
        for index, entry in enumerate(self._entries):
            block = self._block(entry, index == 0, index == count - 1)
            self._layout.insertWidget(index, block)
            self._blocks.append(block)

    def _block(self, entry: TimelineItem, first: bool, last: bool) -> QFrame:
        block = QFrame(self._content)
        block.setObjectName("timelineEntry")
        row = QHBoxLayout(block)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        colour = _OFFLINE_DOT if entry.offline else ACCENT
        row.addWidget(_Rail(colour, first, last, block))
        column = QVBoxLayout()
        column.setContentsMargins(0, 2, 0, 12)
        column.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(8)
        headline = QLabel(self.headline(entry), block)
        headline.setObjectName("headline")
        headline.setTextFormat(Qt.TextFormat.PlainText)
        headline.setWordWrap(True)
        headline.setStyleSheet("font-weight: 600;")
        badge = QLabel(self.tr("Offline") if entry.offline else self.tr("Online"), block)
        badge.setObjectName("badge")
        badge.setProperty("offline", entry.offline)
        badge.setToolTip(
            self.tr("Recorded on this computer without the server: not synchronised yet.")
            if entry.offline
            else self.tr("Recorded by the server.")
        )
        badge.setStyleSheet(
            f"QLabel#badge {{ {_BADGE_STYLE[entry.offline]} border-radius: 8px;"
            " padding: 0 7px; font-size: 11px; }"
        )
        top.addWidget(headline, 1)
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        meta = QLabel(self.meta_text(entry), block)
        meta.setObjectName("meta")
        meta.setTextFormat(Qt.TextFormat.PlainText)
        meta.setStyleSheet("color: #5b6573;")
        column.addWidget(meta)
        lines = self.change_lines(entry)
        if lines:
            changes = QLabel("\n".join(lines), block)
            changes.setObjectName("changes")
            changes.setTextFormat(Qt.TextFormat.PlainText)
            changes.setWordWrap(True)
            changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(changes)
        row.addLayout(column, 1)
        return block

    def retranslate_ui(self) -> None:
        self.empty_label.setText(self.tr("Nothing recorded yet."))
        if self._entries:
            self._rebuild()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
