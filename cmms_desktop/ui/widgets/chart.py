"""A thin pyqtgraph chart over time: lines and bars on a date axis, in the app's colours.

    chart = TimeChart(self, title=lambda: self.tr("Stock forecast"))
    chart.set_series(
        [
            ChartSeries(self.tr("On hand"), history),
            ChartSeries(self.tr("Forecast"), forecast, dashed=True),
        ],
        thresholds=[ChartThreshold(part.min_level, self.tr("Minimum"))],
    )

Points are ``(date | datetime, value)``: a date is the local day (a bar
covers ``period_days`` from its local midnight: 1 for days, 7 for weeks); a
datetime is a moment (naive: UTC, like the replica). Several bar series
stand side by side. Series names are given translated: a page re-sets its
series in its ``retranslate_ui``. pyqtgraph is imported only here, in the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from cmms_desktop.ui.theme import ACCENT
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["PALETTE", "ChartSeries", "ChartThreshold", "TimeChart", "to_timestamp"]

SeriesKind = Literal["line", "bar"]

PALETTE = (ACCENT, "#f2a900", "#2e7d32", "#c62828", "#6941c6", "#0e9384", "#757d87")
_TEXT = "#1d2433"
_AXIS = "#9aa2ae"
_DAY = 86400.0


@dataclass(frozen=True)
class ChartSeries:
    name: str
    points: Sequence[tuple[date | datetime, float]]
    kind: SeriesKind = "line"
    colour: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class ChartThreshold:
    """A horizontal line: a minimum stock level, a capacity..."""

    value: float
    name: str
    colour: str = "#b42318"


def to_timestamp(moment: date | datetime) -> float:
    """Seconds since the epoch: a date at its local midnight, a naive datetime as UTC."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.timestamp()
    return datetime(moment.year, moment.month, moment.day).timestamp()  # local midnight


class TimeChart(QWidget):
    """A titled plot with a date axis; an explanation instead when there is nothing to show."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: TextSource | None = None,
        y_label: TextSource | None = None,
        period_days: float = 1.0,
        empty_text: TextSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timeChart")
        self._title = title
        self._y_label = y_label
        self._empty_text = empty_text
        self._period = period_days * _DAY
        self._series: list[ChartSeries] = []
        self._thresholds: list[ChartThreshold] = []
        self._items: list[pg.GraphicsObject] = []

        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        self.title_label.setVisible(title is not None)
        self.date_axis = pg.DateAxisItem(orientation="bottom")
        self.plot_widget = pg.PlotWidget(self, background="w", axisItems={"bottom": self.date_axis})
        self.plot_widget.setObjectName("plot")
        self.plot_widget.setMinimumHeight(180)
        self.plot_item = self.plot_widget.getPlotItem()
        self.plot_item.showGrid(x=False, y=True, alpha=0.15)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.getViewBox().setMouseEnabled(x=True, y=False)
        for name in ("bottom", "left"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(_AXIS))
            axis.setTextPen(pg.mkPen(_TEXT))
        self.legend = self.plot_item.addLegend(
            offset=(-10, 5),  # top right: thresholds label themselves on the left
            labelTextColor=_TEXT,
            brush=pg.mkBrush(255, 255, 255, 225),
            pen=pg.mkPen("#d5d9e0"),
        )
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.plot_widget)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.stack, 1)
        self.retranslate_ui()
        self._redraw()

    # ------------------------------------------------------------------ API

    def set_series(
        self, series: Sequence[ChartSeries], thresholds: Sequence[ChartThreshold] = ()
    ) -> None:
        self._series = list(series)
        self._thresholds = list(thresholds)
        self._redraw()

    def series(self) -> list[ChartSeries]:
        return list(self._series)

    def clear(self) -> None:
        self.set_series([])

    def is_empty(self) -> bool:
        return not any(s.points for s in self._series)

    def plotted_items(self) -> list[pg.GraphicsObject]:
        """The curves, bar groups and threshold lines drawn now."""
        return list(self._items)

    # ------------------------------------------------------------- internals

    def _colour(self, index: int, series: ChartSeries) -> str:
        return series.colour or PALETTE[index % len(PALETTE)]

    def _redraw(self) -> None:
        for drawn in self._items:
            self.plot_item.removeItem(drawn)
        self._items.clear()
        self.legend.clear()
        if self.is_empty():
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.plot_widget)
        bars = [s for s in self._series if s.kind == "bar" and s.points]
        slot = self._period * 0.8 / max(1, len(bars))
        for index, series in enumerate(self._series):
            if not series.points:
                continue
            colour = self._colour(index, series)
            xs = [to_timestamp(moment) for moment, _value in series.points]
            ys = [float(value) for _moment, value in series.points]
            if series.kind == "bar":
                position = bars.index(series)
                offset = self._period * 0.1 + slot * (position + 0.5)
                centres = [
                    x + offset if not isinstance(m, datetime) else x
                    for x, (m, _v) in zip(xs, series.points, strict=True)
                ]
                item: pg.GraphicsObject = pg.BarGraphItem(
                    x=centres, height=ys, width=slot * 0.95, brush=colour, pen=pg.mkPen(colour)
                )
            else:
                style = Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine
                centred = [
                    x + self._period / 2 if not isinstance(m, datetime) and bars else x
                    for x, (m, _v) in zip(xs, series.points, strict=True)
                ]
                item = pg.PlotDataItem(
                    centred,
                    ys,
                    pen=pg.mkPen(colour, width=2, style=style),
                    symbol="o" if len(xs) < 40 else None,
                    symbolSize=5,
                    symbolBrush=colour,
                    symbolPen=pg.mkPen(colour),
                    antialias=True,
                )
            self.plot_item.addItem(item)
            self.legend.addItem(item, series.name)
            self._items.append(item)
        for threshold in self._thresholds:
            line = pg.InfiniteLine(
                pos=threshold.value,
                angle=0,
                pen=pg.mkPen(threshold.colour, width=1.5, style=Qt.PenStyle.DotLine),
                label=threshold.name,
                labelOpts={
                    "color": threshold.colour,
                    "position": 0.02,
                    "anchors": [(0, 1), (0, 1)],
                },
            )
            self.plot_item.addItem(line)
            self._items.append(line)
        # the y range holds the bars from 0 and every threshold, visible or not in the data
        values = [float(v) for s in self._series for _m, v in s.points]
        values += [t.value for t in self._thresholds]
        low, high = min(0.0, *values), max(0.0, *values)
        span = (high - low) or 1.0
        self.plot_item.setYRange(low, high + span * 0.1, padding=0)
        self.plot_item.enableAutoRange(axis="x")

    def retranslate_ui(self) -> None:
        if self._title is not None:
            self.title_label.setText(self._title())
        self.plot_item.setLabel("left", self._y_label() if self._y_label is not None else "")
        self.plot_item.getAxis("left").setTextPen(pg.mkPen(_TEXT))
        self.empty_label.setText(
            self._empty_text() if self._empty_text is not None else self.tr("No data to show.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
