"""Where the calendar's events go: pure Python, computed once per load, painted many times.

Nothing here knows pixels: a timed view (day, week) places each event as
:class:`TimedSegment` s (a day column, minutes from local midnight, a column
among the events it overlaps), a month view as lists of event indices per day
cell. The painter turns them into rectangles for the visible area only.

Positions are local wall-clock times of the site's time zone: on a DST day the
grid still shows 24 hours and a task keeps the hour its technician reads.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from cmms_core.rules.recurrence import local_datetime

__all__ = [
    "DAY_MINUTES",
    "MIN_EVENT_MINUTES",
    "SNAP_MINUTES",
    "TimedSegment",
    "ViewMode",
    "hour_range",
    "layout_month",
    "layout_timed",
    "local_moment",
    "period_days",
    "shift_anchor",
    "snap",
]

ViewMode = Literal["day", "week", "month"]
DAY_MINUTES = 24 * 60
SNAP_MINUTES = 15
# a shorter (or empty) task is drawn and laid out as this long
MIN_EVENT_MINUTES = 15


def period_days(mode: ViewMode, anchor: date) -> list[date]:
    """The days a view shows: one, Monday to Sunday, or whole weeks around a month."""
    if mode == "day":
        return [anchor]
    if mode == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return [monday + timedelta(days=n) for n in range(7)]
    first = anchor.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def shift_anchor(mode: ViewMode, anchor: date, steps: int) -> date:
    """The anchor ``steps`` periods later (earlier when negative)."""
    if mode == "day":
        return anchor + timedelta(days=steps)
    if mode == "week":
        return anchor + timedelta(weeks=steps)
    month = anchor.year * 12 + anchor.month - 1 + steps
    year, month0 = divmod(month, 12)
    day = min(anchor.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def snap(minutes: float, step: int = SNAP_MINUTES) -> int:
    """``minutes`` to the nearest multiple of ``step``."""
    return round(minutes / step) * step


def local_moment(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """Local ``day`` + ``minutes`` from its midnight (may be the next day), as UTC."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return local_datetime(naive.date(), naive.time(), tz)


@dataclass(slots=True)
class TimedSegment:
    """One event's part on one day of a timed view."""

    index: int  # in the view's event list
    day: int  # column of the view
    start_min: float  # from local midnight
    end_min: float
    column: int = 0  # side by side with the events it overlaps
    columns: int = 1
    first: bool = True  # the event starts on this day
    last: bool = True  # the event ends on this day (its bottom edge can be dragged)


def _minutes(moment: datetime, day: date) -> float:
    return (moment - datetime.combine(day, time())).total_seconds() / 60


def layout_timed(
    spans: Sequence[tuple[datetime, datetime]], days: Sequence[date]
) -> list[TimedSegment]:
    """Segments of events given as local naive ``(start, end)``, in start order.

    An event crossing midnight has one segment per shown day. Within a day,
    overlapping events (transitively: a cluster) share the width in columns,
    each in the first column free at its start.
    """
    if not days:
        return []
    first_day, last_day = days[0], days[-1]
    column_of = {day: n for n, day in enumerate(days)}
    per_day: list[list[TimedSegment]] = [[] for _ in days]
    for index, (start, end) in enumerate(spans):
        if end - start < timedelta(minutes=MIN_EVENT_MINUTES):
            end = start + timedelta(minutes=MIN_EVENT_MINUTES)
        day = max(start.date(), first_day)
        final = end.date() if end.time() != time() else end.date() - timedelta(days=1)
        final = min(final, last_day)
        while day <= final:
            begin = max(0.0, _minutes(start, day))
            stop = min(float(DAY_MINUTES), _minutes(end, day))
            if stop > begin:
                n = column_of[day]
                per_day[n].append(
                    TimedSegment(
                        index,
                        n,
                        begin,
                        stop,
                        first=day == start.date(),
                        last=stop < DAY_MINUTES or end.time() == time(),
                    )
                )
            day += timedelta(days=1)
    segments: list[TimedSegment] = []
    for items in per_day:
        items.sort(key=lambda s: (s.start_min, -s.end_min, s.index))
        _assign_columns(items)
        segments += items
    return segments


def _assign_columns(items: Sequence[TimedSegment]) -> None:
    cluster: list[TimedSegment] = []
    column_ends: list[float] = []
    cluster_end = float("-inf")
    for segment in items:
        if cluster and segment.start_min >= cluster_end:
            for member in cluster:
                member.columns = len(column_ends)
            cluster, column_ends = [], []
            cluster_end = float("-inf")
        for column, busy_until in enumerate(column_ends):
            if busy_until <= segment.start_min:
                column_ends[column] = segment.end_min
                segment.column = column
                break
        else:
            segment.column = len(column_ends)
            column_ends.append(segment.end_min)
        cluster.append(segment)
        cluster_end = max(cluster_end, segment.end_min)
    for member in cluster:
        member.columns = len(column_ends)


def layout_month(starts: Sequence[date], days: Sequence[date]) -> list[list[int]]:
    """For each shown day, the indices of the events starting that (local) day, in order."""
    cell_of = {day: n for n, day in enumerate(days)}
    cells: list[list[int]] = [[] for _ in days]
    for index, day in enumerate(starts):
        cell = cell_of.get(day)
        if cell is not None:
            cells[cell].append(index)
    return cells


def hour_range(
    segments: Sequence[TimedSegment], working: tuple[int, int] = (7, 17)
) -> tuple[int, int]:
    """The hours a timed view shows: the working day, widened to every event shown."""
    low, high = working
    for segment in segments:
        low = min(low, int(segment.start_min // 60))
        high = max(high, -int(-segment.end_min // 60))
    return max(0, low), min(24, max(high, low + 1))
