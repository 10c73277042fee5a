"""The painted calendar: a day, a week or a month of tasks, dragged to reschedule.

One widget, no child widget per event: :meth:`CalendarView.show_period` lays the
events out once (:mod:`.calendar_layout`, plain Python lists) and
``paintEvent`` draws only what intersects the exposed area: a month of 5,000
tasks paints a handful of chips per day and a "+N more" line.

Editing (when the page's ``editable`` predicate allows the task):

- press on an event and move: drag it to another day/time (day, week; snapped to
  15 minutes) or to another day at the same time (month);
- press on the bottom edge of an event (day, week) and move: change its end;
- release: ``reschedule_requested(task id, new start | None, new end | None)``
  (UTC; the other bound None: the command keeps the duration / the start);
  Escape cancels a drag.

Double-click an event: ``open_requested(task id)``; click "+N more" or
double-click a day of the month: ``day_requested(date)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from cmms_core.rules.recurrence import local_datetime
from cmms_desktop.store.queries.planning import CalendarEvent
from cmms_desktop.ui.pages.planning.calendar_layout import (
    DAY_MINUTES,
    SNAP_MINUTES,
    TimedSegment,
    ViewMode,
    hour_range,
    layout_month,
    layout_timed,
    period_days,
    snap,
)
from cmms_desktop.ui.pages.planning.calendar_style import (
    WARNING_COLOUR,
    kind_colours,
    kind_label,
    priority_colour,
    priority_label,
    status_label,
)

__all__ = ["CalendarView", "Hit"]

GUTTER = 52  # hour labels (day, week)
HEADER = 30  # day names (day, week)
FOOTER = 10  # room for the last hour's label
WEEKDAY_HEADER = 24  # month
DAY_LABEL = 20  # the day number in a month cell
CHIP_HEIGHT = 16
CHIP_STEP = CHIP_HEIGHT + 2
RESIZE_MARGIN = 5
MIN_BLOCK = 6  # pixels: the shortest event drawn
_FADED = frozenset({"done", "validated", "cancelled"})

_GRID = QColor("#e3e6eb")
_GRID_STRONG = QColor("#c9ced6")
_OFF_HOURS = QColor("#f6f7f9")
_OTHER_MONTH = QColor("#f3f4f6")
_TODAY = QColor("#eaf2fc")
_ACCENT = QColor("#1f5fa8")
_TEXT = QColor("#1d2433")
_SECONDARY = QColor("#5b6573")
_NOW = QColor("#d92d20")


@dataclass(frozen=True)
class Hit:
    """What is under a point: an event, the "+N more" line of a day, a day."""

    kind: Literal["event", "more", "day"]
    day: date
    index: int = -1  # the event's index in ``events()``
    rect: QRectF | None = None
    resize: bool = False  # on the bottom edge of the event's last segment


@dataclass
class _Drag:
    index: int
    kind: Literal["move", "resize"]
    press: QPointF
    grab: timedelta  # pointer - local start of the event (timed views)
    active: bool = False
    preview: tuple[datetime, datetime] | None = None  # UTC


def _local_naive(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _local_spans(events: Sequence[CalendarEvent], tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Local naive (start, end) of every event; one UTC offset for all of them when the
    zone does not change it between the first start and the last end (no DST change in
    the period: most periods), else event by event."""
    if not events:
        return []
    first = min(e.start for e in events)
    last = max(e.end for e in events)
    offset = first.astimezone(tz).utcoffset()
    if offset is None or last.astimezone(tz).utcoffset() != offset:
        return [(_local_naive(e.start, tz), _local_naive(e.end, tz)) for e in events]
    spans = []
    for event in events:
        start, end = event.start, event.end
        spans.append(
            (
                start.replace(tzinfo=None) + (offset - (start.utcoffset() or timedelta())),
                end.replace(tzinfo=None) + (offset - (end.utcoffset() or timedelta())),
            )
        )
    return spans


def _utc(naive: datetime, tz: ZoneInfo) -> datetime:
    return local_datetime(naive.date(), naive.time(), tz)


class CalendarView(QWidget):
    reschedule_requested = Signal(object, object, object)  # task id, start | None, end | None
    open_requested = Signal(object)  # task id
    day_requested = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningCalendar")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(480, 320)
        self._mode: ViewMode = "month"
        self._anchor = date.today()
        self._days: list[date] = period_days("month", self._anchor)
        self._tz = ZoneInfo("Europe/Paris")
        self._now = datetime.now(UTC)
        self._today = self._now.astimezone(self._tz).date()
        self._events: list[CalendarEvent] = []
        self._spans: list[tuple[datetime, datetime]] = []  # local naive
        self._segments: list[TimedSegment] = []
        self._cells: list[list[int]] = [[] for _ in self._days]
        self._hours = (7, 17)
        self._working = (8, 16)
        self._warnings: Mapping[uuid.UUID, Sequence[str]] = {}
        self._editable: Callable[[CalendarEvent], bool] = lambda _event: False
        self._drag: _Drag | None = None
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.0))
        self._bold = QFont(self._small)
        self._bold.setBold(True)

    # ------------------------------------------------------------------ data

    def show_period(
        self,
        mode: ViewMode,
        anchor: date,
        events: Sequence[CalendarEvent],
        tz: ZoneInfo,
        *,
        now: datetime,
        warnings: Mapping[uuid.UUID, Sequence[str]] | None = None,
        working_hours: tuple[int, int] = (8, 16),
    ) -> None:
        """Lay out ``events`` (in start order) for the period of ``anchor``, then repaint."""
        self._mode = mode
        self._anchor = anchor
        self._tz = tz
        self._now = now
        self._today = now.astimezone(tz).date()
        self._days = period_days(mode, anchor)
        self._events = list(events)
        self._warnings = warnings or {}
        self._working = working_hours
        self._drag = None
        self._spans = _local_spans(self._events, tz)
        if mode == "month":
            self._segments = []
            self._cells = layout_month([start.date() for start, _ in self._spans], self._days)
        else:
            self._cells = []
            self._segments = layout_timed(self._spans, self._days)
            self._hours = hour_range(self._segments, (working_hours[0] - 1, working_hours[1] + 1))
        self.update()

    def set_editable(self, predicate: Callable[[CalendarEvent], bool]) -> None:
        """Which events the user may drag and resize."""
        self._editable = predicate

    def mode(self) -> ViewMode:
        return self._mode

    def days(self) -> list[date]:
        return list(self._days)

    def events(self) -> list[CalendarEvent]:
        return list(self._events)

    def segments(self) -> list[TimedSegment]:
        return list(self._segments)

    def month_cells(self) -> list[list[int]]:
        return [list(cell) for cell in self._cells]

    def hours(self) -> tuple[int, int]:
        return self._hours

    def dragging(self) -> bool:
        return self._drag is not None and self._drag.active

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # ------------------------------------------------------------- geometry

    def _timed_grid(self) -> tuple[float, float, float]:
        """(day width, pixels per minute, first minute shown)."""
        day_w = max(1.0, (self.width() - GUTTER - 1) / max(1, len(self._days)))
        first, last = self._hours
        span = max(60, (last - first) * 60)
        ppm = max(0.05, (self.height() - HEADER - FOOTER) / span)
        return day_w, ppm, first * 60.0

    def segment_rect(self, segment: TimedSegment) -> QRectF:
        day_w, ppm, first = self._timed_grid()
        width = day_w / segment.columns
        x = GUTTER + segment.day * day_w + segment.column * width
        y = HEADER + (segment.start_min - first) * ppm
        height = max(float(MIN_BLOCK), (segment.end_min - segment.start_min) * ppm)
        return QRectF(x + 1, y, max(1.0, width - 2), height - 1)

    def _month_grid(self) -> tuple[float, float]:
        rows = max(1, len(self._days) // 7)
        return self.width() / 7, (self.height() - WEEKDAY_HEADER) / rows

    def cell_rect(self, cell: int) -> QRectF:
        cell_w, cell_h = self._month_grid()
        return QRectF((cell % 7) * cell_w, WEEKDAY_HEADER + (cell // 7) * cell_h, cell_w, cell_h)

    def _cell_capacity(self, cell_h: float, count: int) -> int:
        """How many chips a cell shows (one line less when "+N more" is needed)."""
        fits = max(0, int((cell_h - DAY_LABEL - 2) // CHIP_STEP))
        return count if count <= fits else max(0, fits - 1)

    def _chip_rect(self, cell: int, row: int) -> QRectF:
        box = self.cell_rect(cell)
        return QRectF(
            box.left() + 3, box.top() + DAY_LABEL + row * CHIP_STEP, box.width() - 6, CHIP_HEIGHT
        )

    def event_rect(self, task_id: uuid.UUID) -> QRectF | None:
        """Where an event is drawn (its first segment or chip); None when not shown."""
        for n, event in enumerate(self._events):
            if event.id != task_id:
                continue
            if self._mode == "month":
                _, cell_h = self._month_grid()
                for cell, indices in enumerate(self._cells):
                    if n in indices:
                        row = indices.index(n)
                        if row < self._cell_capacity(cell_h, len(indices)):
                            return self._chip_rect(cell, row)
                return None
            for segment in self._segments:
                if segment.index == n:
                    return self.segment_rect(segment)
        return None

    def point_at(self, day: date, minutes: float = 0) -> QPointF:
        """The point of a local day and time (timed views), or the middle of a day's cell."""
        index = self._days.index(day)
        if self._mode == "month":
            box = self.cell_rect(index)
            return QPointF(box.center().x(), box.top() + DAY_LABEL / 2)
        day_w, ppm, first = self._timed_grid()
        return QPointF(GUTTER + (index + 0.5) * day_w, HEADER + (minutes - first) * ppm)

    def hit(self, pos: QPointF) -> Hit | None:
        if self._mode == "month":
            return self._month_hit(pos)
        return self._timed_hit(pos)

    def _timed_hit(self, pos: QPointF) -> Hit | None:
        if pos.x() < GUTTER or not self._days:
            return None
        day_w, _, _ = self._timed_grid()
        column = min(len(self._days) - 1, max(0, int((pos.x() - GUTTER) // day_w)))
        day = self._days[column]
        if pos.y() < HEADER:
            return Hit("day", day)
        for segment in reversed(self._segments):
            if segment.day != column:
                continue
            rect = self.segment_rect(segment)
            if rect.adjusted(0, 0, 0, 2).contains(pos):
                resize = segment.last and pos.y() >= rect.bottom() - RESIZE_MARGIN
                return Hit("event", day, segment.index, rect, resize)
        return Hit("day", day)

    def _cell_at(self, pos: QPointF) -> int | None:
        if not self._days or pos.y() < WEEKDAY_HEADER:
            return None
        cell_w, cell_h = self._month_grid()
        column = min(6, max(0, int(pos.x() // cell_w)))
        row = int((pos.y() - WEEKDAY_HEADER) // cell_h)
        cell = row * 7 + column
        return cell if 0 <= cell < len(self._days) else None

    def _month_hit(self, pos: QPointF) -> Hit | None:
        cell = self._cell_at(pos)
        if cell is None:
            return None
        day = self._days[cell]
        box = self.cell_rect(cell)
        indices = self._cells[cell]
        shown = self._cell_capacity(box.height(), len(indices))
        row = int((pos.y() - box.top() - DAY_LABEL) // CHIP_STEP)
        if pos.y() >= box.top() + DAY_LABEL and 0 <= row < shown:
            return Hit("event", day, indices[row], self._chip_rect(cell, row))
        if row == shown and shown < len(indices) and pos.y() >= box.top() + DAY_LABEL:
            return Hit("more", day)
        return Hit("day", day)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), Qt.GlobalColor.white)
            exposed = QRectF(event.rect())
            if self._mode == "month":
                self._paint_month(painter, exposed)
            else:
                self._paint_timed(painter, exposed)
        finally:
            painter.end()

    def _paint_month(self, painter: QPainter, exposed: QRectF) -> None:
        cell_w, _ = self._month_grid()
        locale = QLocale()
        painter.setFont(self._bold)
        painter.setPen(_SECONDARY)
        for n in range(7):
            box = QRectF(n * cell_w, 0, cell_w, WEEKDAY_HEADER)
            name = locale.dayName(n + 1, QLocale.FormatType.ShortFormat)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        month = self._anchor.month
        metrics = QFontMetrics(self._small)
        drag = self._drag if self._drag is not None and self._drag.active else None
        target = None
        if drag is not None and drag.preview is not None:
            target = _local_naive(drag.preview[0], self._tz).date()
        for cell, day in enumerate(self._days):
            box = self.cell_rect(cell)
            if not box.intersects(exposed):
                continue
            if day == self._today:
                painter.fillRect(box, _TODAY)
            elif day.month != month or day.weekday() >= 5:
                painter.fillRect(box, _OTHER_MONTH)
            painter.setPen(QPen(_GRID_STRONG, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
            label = QRectF(box.left() + 6, box.top() + 2, box.width() - 12, DAY_LABEL - 2)
            painter.setFont(self._bold if day == self._today else self._small)
            painter.setPen(
                _ACCENT if day == self._today else _TEXT if day.month == month else _SECONDARY
            )
            text = str(day.day) if day.day != 1 else locale.toString(_qdate(day), "d MMM")
            painter.drawText(
                label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
            indices = self._cells[cell]
            shown = self._cell_capacity(box.height(), len(indices))
            painter.setFont(self._small)
            for row in range(shown):
                index = indices[row]
                chip = self._chip_rect(cell, row)
                self._paint_chip(painter, chip, index, metrics)
            if shown < len(indices):
                more = QRectF(
                    box.left() + 6, box.top() + DAY_LABEL + shown * CHIP_STEP, box.width() - 12,
                    CHIP_HEIGHT,
                )  # fmt: skip
                painter.setPen(_ACCENT)
                painter.drawText(
                    more,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self.tr("+{count} more").format(count=len(indices) - shown),
                )
            if target == day:
                painter.setPen(QPen(_ACCENT, 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(box.adjusted(2, 2, -2, -2))
        if drag is not None and drag.preview is not None:
            self._paint_preview_label(painter, drag)

    def _paint_chip(
        self, painter: QPainter, chip: QRectF, index: int, metrics: QFontMetrics
    ) -> None:
        event = self._events[index]
        fill, border, ink = kind_colours(event.kind)
        faded = event.status in _FADED
        if faded:
            fill = fill.lighter(108)
            ink = QColor(ink)
            ink.setAlpha(150)
        painter.setPen(QPen(border, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, 3, 3)
        painter.fillRect(
            QRectF(chip.left(), chip.top(), 3, chip.height()), priority_colour(event.priority)
        )
        start = self._spans[index][0]
        warn = event.has_warnings
        right = 12 if warn else 2
        text = f"{start:%H:%M} {_label(event)}"
        room = int(chip.width() - 6 - right)
        painter.setPen(ink)
        painter.drawText(
            QRectF(chip.left() + 6, chip.top(), max(0, room), chip.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room)),
        )
        if event.status == "cancelled":
            middle = chip.center().y()
            painter.drawLine(QPointF(chip.left() + 6, middle), QPointF(chip.right() - 2, middle))
        if warn:
            _warning_marker(painter, QPointF(chip.right() - 7, chip.top() + 4))

    def _paint_timed(self, painter: QPainter, exposed: QRectF) -> None:
        day_w, ppm, first = self._timed_grid()
        first_hour, last_hour = self._hours
        bottom = HEADER + (last_hour - first_hour) * 60 * ppm
        locale = QLocale()
        # off hours and weekends
        work_top = HEADER + (self._working[0] * 60 - first) * ppm
        work_bottom = HEADER + (self._working[1] * 60 - first) * ppm
        for n, day in enumerate(self._days):
            x = GUTTER + n * day_w
            if day.weekday() >= 5:
                painter.fillRect(QRectF(x, HEADER, day_w, bottom - HEADER), _OFF_HOURS)
            else:
                painter.fillRect(QRectF(x, HEADER, day_w, max(0, work_top - HEADER)), _OFF_HOURS)
                painter.fillRect(
                    QRectF(x, work_bottom, day_w, max(0, bottom - work_bottom)), _OFF_HOURS
                )
            if day == self._today:
                painter.fillRect(QRectF(x, 0, day_w, HEADER), _TODAY)
        # hour lines and labels
        painter.setFont(self._small)
        for hour in range(first_hour, last_hour + 1):
            y = HEADER + (hour * 60 - first) * ppm
            painter.setPen(QPen(_GRID_STRONG if hour != first_hour else _GRID, 1))
            painter.drawLine(QPointF(GUTTER - 4, y), QPointF(self.width(), y))
            if hour < last_hour:
                half = y + 30 * ppm
                painter.setPen(QPen(_GRID, 1, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(GUTTER, half), QPointF(self.width(), half))
            painter.setPen(_SECONDARY)
            label = QRectF(0, y - 8, GUTTER - 8, 16)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{hour:02d}:00"
            )
        # day columns and names
        header_format = "dddd d MMMM yyyy" if self._mode == "day" else "ddd d MMM"
        for n, day in enumerate(self._days):
            x = GUTTER + n * day_w
            painter.setPen(QPen(_GRID_STRONG, 1))
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))
            painter.setFont(self._bold if day == self._today else self._small)
            painter.setPen(_ACCENT if day == self._today else _TEXT)
            painter.drawText(
                QRectF(x + 4, 0, day_w - 8, HEADER), Qt.AlignmentFlag.AlignCenter,
                locale.toString(_qdate(day), header_format),
            )  # fmt: skip
        painter.setPen(QPen(_GRID_STRONG, 1))
        painter.drawLine(QPointF(GUTTER, HEADER), QPointF(self.width(), HEADER))
        # events
        metrics = QFontMetrics(self._small)
        bold_metrics = QFontMetrics(self._bold)
        for segment in self._segments:
            rect = self.segment_rect(segment)
            if rect.intersects(exposed):
                self._paint_block(painter, rect, segment, metrics, bold_metrics)
        # now
        if self._today in self._days:
            local_now = _local_naive(self._now, self._tz)
            minutes = local_now.hour * 60 + local_now.minute
            y = HEADER + (minutes - first) * ppm
            if HEADER <= y <= bottom:
                x = GUTTER + self._days.index(self._today) * day_w
                painter.setPen(QPen(_NOW, 2))
                painter.drawLine(QPointF(x, y), QPointF(x + day_w, y))
        drag = self._drag
        if drag is not None and drag.active and drag.preview is not None:
            self._paint_timed_preview(painter, drag)

    def _paint_block(
        self,
        painter: QPainter,
        rect: QRectF,
        segment: TimedSegment,
        metrics: QFontMetrics,
        bold_metrics: QFontMetrics,
    ) -> None:
        event = self._events[segment.index]
        fill, border, ink = kind_colours(event.kind)
        if event.status in _FADED:
            fill = fill.lighter(108)
            ink = QColor(ink)
            ink.setAlpha(150)
        painter.setPen(QPen(border, 1))
        painter.setBrush(QBrush(fill))
        painter.drawRect(rect)
        stripe = min(4.0, rect.width() / 3)
        painter.fillRect(
            QRectF(rect.left(), rect.top(), stripe, rect.height()), priority_colour(event.priority)
        )
        warn = event.has_warnings
        if warn and rect.width() >= 14:
            _warning_marker(painter, QPointF(rect.right() - 7, rect.top() + 4))
        if rect.width() < 22 or rect.height() < 12:
            return
        start, end = self._spans[segment.index]
        room = int(rect.width() - stripe - 5 - (12 if warn else 0))
        line_h = metrics.height()
        when = f"{start:%H:%M}–{end:%H:%M}"
        lines: list[tuple[QFont, QFontMetrics, str]] = [
            (
                self._bold,
                bold_metrics,
                when if bold_metrics.horizontalAdvance(when) <= room else f"{start:%H:%M}",
            ),
            (self._small, metrics, _label(event)),
            (self._small, metrics, event.assignee_name or self.tr("Unassigned")),
        ]
        y = rect.top() + 1
        for number, (font, font_metrics, text) in enumerate(lines):
            if y + line_h > rect.bottom() + 1 and number > 0:
                break
            painter.setFont(font)
            painter.setPen(ink if number < 2 or event.assignee_name else WARNING_COLOUR)
            painter.drawText(
                QRectF(rect.left() + stripe + 3, y, max(0, room), line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                font_metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room)),
            )
            y += line_h
            room = int(rect.width() - stripe - 5)

    def _paint_timed_preview(self, painter: QPainter, drag: _Drag) -> None:
        assert drag.preview is not None
        start, end = drag.preview
        spans = [(_local_naive(start, self._tz), _local_naive(end, self._tz))]
        painter.setPen(QPen(_ACCENT, 2, Qt.PenStyle.DashLine))
        colour = QColor(_ACCENT)
        colour.setAlpha(40)
        painter.setBrush(colour)
        for segment in layout_timed(spans, self._days):
            painter.drawRect(self.segment_rect(segment))
        self._paint_preview_label(painter, drag)

    def _paint_preview_label(self, painter: QPainter, drag: _Drag) -> None:
        assert drag.preview is not None
        start = _local_naive(drag.preview[0], self._tz)
        end = _local_naive(drag.preview[1], self._tz)
        locale = QLocale()
        text = f"{locale.toString(_qdate(start.date()), 'ddd d MMM')} {start:%H:%M}–{end:%H:%M}"
        metrics = QFontMetrics(self._bold)
        box = QRectF(0, 0, metrics.horizontalAdvance(text) + 12, metrics.height() + 6)
        box.moveTopRight(QPointF(self.width() - 6, 4))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_ACCENT)
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(self._bold)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # ------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        hit = self.hit(pos)
        self._drag = None
        if hit is None:
            return
        if hit.kind == "more":
            self.day_requested.emit(hit.day)
            return
        if hit.kind != "event" or not self._editable(self._events[hit.index]):
            return
        grab = timedelta()
        if self._mode != "month":
            pointer = self._pointer_local(pos)
            grab = pointer - self._spans[hit.index][0]
        kind: Literal["move", "resize"] = "resize" if hit.resize else "move"
        self._drag = _Drag(hit.index, kind, pos, grab)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            self._update_cursor(pos)
            return
        if not drag.active:
            distance = (pos - drag.press).manhattanLength()
            if distance < QApplication.startDragDistance():
                return
            drag.active = True
        drag.preview = self._preview(drag, pos)
        self.setCursor(
            Qt.CursorShape.SizeVerCursor
            if drag.kind == "resize"
            else Qt.CursorShape.ClosedHandCursor
        )
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._update_cursor(event.position())
        self.update()
        if not drag.active:
            return
        preview = self._preview(drag, event.position())
        if preview is None:
            return
        task = self._events[drag.index]
        start, end = preview
        if drag.kind == "move" and start != task.start:
            self.reschedule_requested.emit(task.id, start, None)
        elif drag.kind == "resize" and end != task.end:
            self.reschedule_requested.emit(task.id, None, end)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._drag = None
        hit = self.hit(event.position())
        if hit is None:
            return
        if hit.kind == "event":
            self.open_requested.emit(self._events[hit.index].id)
        elif self._mode != "day":
            self.day_requested.emit(hit.day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.unsetCursor()
            self.update()
            return
        super().keyPressEvent(event)

    def _update_cursor(self, pos: QPointF) -> None:
        hit = self.hit(pos)
        if hit is not None and hit.kind == "event" and self._editable(self._events[hit.index]):
            self.setCursor(
                Qt.CursorShape.SizeVerCursor if hit.resize else Qt.CursorShape.OpenHandCursor
            )
        elif hit is not None and hit.kind == "more":
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def _pointer_local(self, pos: QPointF) -> datetime:
        """The local (naive) moment under a point of a timed view, clamped to the grid."""
        day_w, ppm, first = self._timed_grid()
        column = min(len(self._days) - 1, max(0, int((pos.x() - GUTTER) // day_w)))
        last = self._hours[1] * 60.0
        minutes = min(last, max(first, first + (pos.y() - HEADER) / ppm))
        return datetime.combine(self._days[column], time()) + timedelta(minutes=minutes)

    def _preview(self, drag: _Drag, pos: QPointF) -> tuple[datetime, datetime] | None:
        """The UTC (start, end) the event would have if dropped at ``pos``."""
        task = self._events[drag.index]
        duration = task.end - task.start
        local_start, _ = self._spans[drag.index]
        if self._mode == "month":
            cell = self._cell_at(pos)
            if cell is None:
                return None
            moved = datetime.combine(self._days[cell], local_start.time())
            start = _utc(moved, self._tz)
            return start, start + duration
        pointer = self._pointer_local(pos)
        if drag.kind == "move":
            wanted = pointer - drag.grab
            midnight = datetime.combine(wanted.date(), time())
            minutes = snap((wanted - midnight).total_seconds() / 60)
            minutes = min(DAY_MINUTES - SNAP_MINUTES, max(0, minutes))
            start = _utc(midnight + timedelta(minutes=minutes), self._tz)
            return start, start + duration
        midnight = datetime.combine(pointer.date(), time())
        minutes = snap((pointer - midnight).total_seconds() / 60)
        end_local = max(
            midnight + timedelta(minutes=minutes), local_start + timedelta(minutes=SNAP_MINUTES)
        )
        return task.start, _utc(end_local, self._tz)

    # ------------------------------------------------------------ tooltips

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit(QPointF(event.pos()))
            if hit is not None and hit.kind == "event":
                QToolTip.showText(event.globalPos(), self.tooltip_text(hit.index), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_text(self, index: int) -> str:
        """The tooltip of an event: what, where, when, who, and its schedule warnings."""
        task = self._events[index]
        start, end = self._spans[index]
        locale = QLocale()
        when = (
            f"{locale.toString(_qdate(start.date()), 'ddd d MMM yyyy')} {start:%H:%M}–{end:%H:%M}"
        )
        lines = [
            task.title,
            f"{task.equipment_code} · {when}",
            self.tr("Technician: {name}").format(name=task.assignee_name or self.tr("Unassigned")),
            self.tr("{kind} · priority {priority} · {status}").format(
                kind=kind_label(task.kind),
                priority=priority_label(task.priority).lower(),
                status=status_label(task.status).lower(),
            ),
        ]
        warnings = self._warnings.get(task.id, ())
        if task.has_warnings:
            lines.append(self.tr("⚠ Schedule warnings:"))
            lines += [f"  • {text}" for text in warnings] or [f"  • {self.tr('see the task')}"]
        return "\n".join(lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)


def _label(event: CalendarEvent) -> str:
    """The title, with the equipment's code when the title does not name it."""
    if event.equipment_code in event.title:
        return event.title
    return f"{event.equipment_code} · {event.title}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _warning_marker(painter: QPainter, centre: QPointF) -> None:
    """A small amber triangle with an exclamation mark."""
    size = 5.0
    triangle = QPolygonF(
        [
            QPointF(centre.x(), centre.y() - size + 1),
            QPointF(centre.x() + size, centre.y() + size - 1),
            QPointF(centre.x() - size, centre.y() + size - 1),
        ]
    )
    painter.setPen(QPen(WARNING_COLOUR.darker(120), 1))
    painter.setBrush(WARNING_COLOUR)
    painter.drawPolygon(triangle)
    painter.setPen(QPen(Qt.GlobalColor.white, 1.2))
    painter.drawLine(QPointF(centre.x(), centre.y() - 1.5), QPointF(centre.x(), centre.y() + 1.5))
    painter.drawPoint(QPointF(centre.x(), centre.y() + 3))
