"""When preventive work falls due: the recurrence of a maintenance plan.

A plan's ``recurrence`` JSON is a :class:`Recurrence`. Pure functions only: the
planning engine (:mod:`cmms_core.rules.planning`) feeds them the plan, its last
completion, the equipment's meter readings and the site's time zone.

Calendar rules (``freq`` + ``interval``, python-dateutil's rrule):

- ``daily`` every N days; ``weekly`` every N weeks, on the chosen ``weekdays``
  (0 = Monday; none chosen: the anchor's weekday); ``monthly`` every N months
  on ``month_day`` (default: the anchor's day); ``yearly`` every N years on
  the anchor's month and ``month_day``.
- **Month ends**: a day the month does not have falls on its last day:
  "monthly on the 31st" is Jan 31, Feb 28 (29 in a leap year), Mar 31, Apr 30...
  and "yearly on Feb 29" is Feb 28 in common years. The next month goes back
  to the chosen day (never drifts to the 28th).
- **Local time**: occurrences are computed as local dates and a local time of
  day (``time_of_day``, default 08:00) in the **site's time zone**, then turned
  into UTC. A task at 08:00 stays at 08:00 local across DST changes. A local
  time that does not exist (Europe/Paris, last Sunday of March, 02:00-03:00)
  moves forward by the gap (02:30 becomes 03:30 CEST); a local time that
  happens twice (last Sunday of October, 02:00-03:00) is the first of the two
  (02:30 CEST, UTC+2) — Python's ``fold=0``.

Modes:

- ``fixed``: occurrences follow the schedule from its anchor (``start``, or
  the plan's creation), whenever the work was done. Every occurrence in the
  horizon is a task.
- ``floating``: the next occurrence counts from the last completion ("every 3
  months after the last visit"); one occurrence at a time. Never done yet: the
  first occurrence of the schedule from the anchor.

Counters (``meters``: every N operating ``hours``, ``cycles``...): the next
threshold is the meter's value at the last completion (never done: at the
anchor) plus N; its date is projected from the readings' recent rate (a straight
line through the readings of the last :data:`RATE_WINDOW_DAYS` days). A
threshold already passed is due on the day the readings crossed it (overdue).
No usable rate (one reading, a stopped machine): no counter date. With both a
calendar rule and counters, or several counters, **whichever comes first**
decides; a plan with counters always behaves as ``floating`` (each completion
restarts every count).

Seasonal windows (``season``: from ``start_month`` to ``end_month``, both
included, may wrap over the new year, e.g. November-February): a ``fixed``
occurrence outside the window is **skipped** (policy ``skip``, the default:
weekly mowing is simply not done in January) or **moved to the first day of
the next window** (policy ``shift``; several moved to the same day count once).
A ``floating`` or counter due outside the window is always moved to the next
window's first day (it is the only pending occurrence: skipping would lose it).

Each occurrence carries a ``slot``, the stable name the planning engine makes
task ids and generation keys from: the local date for ``fixed`` occurrences,
``after-<local date of the last completion>`` (``after-start`` when never done)
for floating and counter ones. A floating slot does not depend on the projected
date, which moves with every meter reading: two replicas that project
differently still generate one task for the same cycle.

Compliance: a task done within ``tolerance_days`` (the plan's column) of its
due date, either way, counted in local days, is compliant.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dateutil import rrule
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "RATE_WINDOW_DAYS",
    "Compliance",
    "Frequency",
    "MeterRule",
    "MeterState",
    "Occurrence",
    "Recurrence",
    "Season",
    "compliance",
    "compliance_rate",
    "is_compliant",
    "local_datetime",
    "next_occurrences",
    "parse_recurrence",
]

RATE_WINDOW_DAYS = 90
DEFAULT_TIME = time(8, 0)


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


_RRULE_FREQ = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeterRule(_Model):
    """Every ``every`` units of the equipment's ``meter`` (``hours``, ``cycles``...)."""

    meter: str = Field(min_length=1, max_length=20)
    every: float = Field(gt=0)


class Season(_Model):
    start_month: int = Field(ge=1, le=12)
    end_month: int = Field(ge=1, le=12)
    policy: Literal["skip", "shift"] = "skip"

    def contains(self, day: date) -> bool:
        if self.start_month <= self.end_month:
            return self.start_month <= day.month <= self.end_month
        return day.month >= self.start_month or day.month <= self.end_month

    def next_start(self, day: date) -> date:
        """The first day of the window on or after ``day`` (``day`` itself when inside)."""
        if self.contains(day):
            return day
        year = day.year if day.month < self.start_month else day.year + 1
        return date(year, self.start_month, 1)


class Recurrence(_Model):
    """A plan's recurrence (stored as JSON in ``maintenance_plans.recurrence``)."""

    mode: Literal["fixed", "floating"] = "fixed"
    # None: counters only
    freq: Frequency | None = Frequency.MONTHLY
    interval: int = Field(default=1, ge=1, le=1000)
    weekdays: tuple[int, ...] = ()
    month_day: int | None = Field(default=None, ge=1, le=31)
    time_of_day: time = DEFAULT_TIME
    # the schedule's anchor (local date); None: the plan's creation
    start: date | None = None
    meters: tuple[MeterRule, ...] = ()
    season: Season | None = None

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 0 <= day <= 6 for day in value):
            raise ValueError("weekdays go from 0 (Monday) to 6 (Sunday)")
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _something_to_count(self) -> Recurrence:
        if self.freq is None and not self.meters:
            raise ValueError("a recurrence needs a calendar rule, a counter, or both")
        return self

    @property
    def is_floating(self) -> bool:
        """Counts from the last completion (floating mode, or any counter)."""
        return self.mode == "floating" or bool(self.meters)


def parse_recurrence(value: Mapping[str, Any] | None) -> Recurrence:
    """The spec of a stored ``recurrence`` JSON (``{}``: monthly, fixed)."""
    return Recurrence.model_validate(dict(value or {}))


@dataclass(frozen=True)
class Occurrence:
    due: datetime  # UTC
    local_date: date  # the due date in the site's time zone
    slot: str  # stable name of the occurrence (task id, generation key)
    trigger: str  # "calendar" or the meter that decided it ("hours", "cycles"...)


# ------------------------------------------------------------------ time zones


def local_datetime(day: date, at: time, tz: ZoneInfo) -> datetime:
    """``day`` at local ``at`` in ``tz``, as UTC; a non-existent time moves forward by
    the gap, an ambiguous one is the first (see the module's docstring)."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    # a time in a spring-forward gap does not round-trip: fold=0 read it with the
    # offset before the change, which lands after the gap, i.e. moved forward.
    return utc


def _local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


# ------------------------------------------------------------------ calendar


def _rule(spec: Recurrence, anchor: date) -> rrule.rrule:
    assert spec.freq is not None
    kwargs: dict[str, Any] = {
        "freq": _RRULE_FREQ[spec.freq],
        "interval": spec.interval,
        "dtstart": datetime.combine(anchor, time()),
    }
    if spec.freq is Frequency.WEEKLY:
        kwargs["byweekday"] = spec.weekdays or (anchor.weekday(),)
    elif spec.freq in (Frequency.MONTHLY, Frequency.YEARLY):
        day = spec.month_day or anchor.day
        if spec.freq is Frequency.YEARLY:
            kwargs["bymonth"] = anchor.month
        if day <= 28:
            kwargs["bymonthday"] = day
        else:  # the chosen day, or the month's last day when it has fewer
            kwargs["bymonthday"] = tuple(range(28, day + 1))
            kwargs["bysetpos"] = -1
    return rrule.rrule(**kwargs)


def _calendar_dates(spec: Recurrence, anchor: date, first: date, last: date) -> list[date]:
    """The calendar rule's local dates in [first, last] (anchor: the rule's start)."""
    if spec.freq is None or last < first or last < anchor:
        return []
    rule = _rule(spec, anchor)
    low = datetime.combine(max(first, anchor), time())
    high = datetime.combine(last, time())
    return [moment.date() for moment in rule.between(low, high, inc=True)]


def _add_period(spec: Recurrence, day: date, anchor: date) -> date:
    """The floating due after a completion on ``day``: one period later, on the rule's
    day (month ends clamped), then the next chosen weekday."""
    assert spec.freq is not None
    n = spec.interval
    if spec.freq is Frequency.DAILY:
        return day + timedelta(days=n)
    if spec.freq is Frequency.WEEKLY:
        later = day + timedelta(weeks=n)
        if spec.weekdays:
            while later.weekday() not in spec.weekdays:
                later += timedelta(days=1)
        return later
    later = day + (
        relativedelta(months=n) if spec.freq is Frequency.MONTHLY else relativedelta(years=n)
    )
    if spec.month_day is not None:
        last_day = calendar.monthrange(later.year, later.month)[1]
        later = later.replace(day=min(spec.month_day, last_day))
    return later


# ------------------------------------------------------------------ counters


@dataclass(frozen=True)
class MeterState:
    """The readings of one meter of one equipment, in time order."""

    readings: tuple[tuple[datetime, float], ...]

    @classmethod
    def of(cls, readings: Iterable[tuple[datetime, float]]) -> MeterState:
        return cls(tuple(sorted((at, float(value)) for at, value in readings)))

    @property
    def last(self) -> tuple[datetime, float] | None:
        return self.readings[-1] if self.readings else None

    def value_at(self, moment: datetime) -> float | None:
        """The meter at ``moment``: interpolated between readings; before the first,
        the first; after the last, the last (a reading is never extrapolated back)."""
        if not self.readings:
            return None
        if moment <= self.readings[0][0]:
            return self.readings[0][1]
        for (t0, v0), (t1, v1) in zip(self.readings, self.readings[1:], strict=False):
            if t0 <= moment <= t1:
                span = (t1 - t0).total_seconds()
                return v1 if span == 0 else v0 + (v1 - v0) * (moment - t0).total_seconds() / span
        return self.readings[-1][1]

    def rate_per_day(self) -> float | None:
        """Units per day over the last RATE_WINDOW_DAYS of readings (None: unknown or 0)."""
        if len(self.readings) < 2:
            return None
        end_at, end_value = self.readings[-1]
        window = [r for r in self.readings if r[0] >= end_at - timedelta(days=RATE_WINDOW_DAYS)]
        if len(window) < 2:
            window = list(self.readings[-2:])
        start_at, start_value = window[0]
        days = (end_at - start_at).total_seconds() / 86400
        if days <= 0 or end_value <= start_value:
            return None
        return (end_value - start_value) / days

    def crossing(self, threshold: float) -> datetime | None:
        """When the readings first reached ``threshold`` (interpolated), if they did."""
        previous: tuple[datetime, float] | None = None
        for at, value in self.readings:
            if value >= threshold:
                if previous is None or value == previous[1]:
                    return at
                t0, v0 = previous
                fraction = (threshold - v0) / (value - v0)
                return t0 + (at - t0) * fraction
            previous = (at, value)
        return None


def _counter_due(rule: MeterRule, state: MeterState | None, since: datetime) -> datetime | None:
    """When the meter reaches its next threshold after ``since`` (a completion or the anchor)."""
    if state is None or state.last is None:
        return None
    base = state.value_at(since)
    assert base is not None
    threshold = base + rule.every
    crossed = state.crossing(threshold)
    if crossed is not None:
        return max(crossed, since)
    rate = state.rate_per_day()
    if rate is None:
        return None
    last_at, last_value = state.last
    return last_at + timedelta(days=(threshold - last_value) / rate)


# ------------------------------------------------------------------ occurrences


def next_occurrences(
    spec: Recurrence,
    *,
    anchor: date,
    tz: ZoneInfo,
    window_start: date,
    horizon_end: date,
    last_done: datetime | None = None,
    meter_state: Mapping[str, MeterState] | None = None,
) -> list[Occurrence]:
    """The occurrences to plan, due on local dates up to ``horizon_end``.

    ``anchor``: the schedule's start (``spec.start`` wins when set).
    ``window_start``: fixed occurrences before it are not returned (the planner's
    "from today"). A floating occurrence is returned even when overdue (before
    ``window_start``): it is the one pending occurrence. ``last_done``: the
    last completion (UTC). ``meter_state``: readings by meter name.
    """
    anchor = spec.start or anchor
    if spec.is_floating:
        found = _floating(spec, anchor, tz, horizon_end, last_done, meter_state or {})
        return [found] if found is not None else []
    days = _calendar_dates(spec, anchor, window_start, horizon_end)
    if spec.season is not None:
        days = _apply_season(spec.season, days, window_start, horizon_end)
    at = spec.time_of_day
    return [
        Occurrence(local_datetime(day, at, tz), day, day.isoformat(), "calendar") for day in days
    ]


def _apply_season(season: Season, days: Sequence[date], first: date, last: date) -> list[date]:
    if season.policy == "skip":
        return [day for day in days if season.contains(day)]
    moved: list[date] = []
    for day in days:
        target = season.next_start(day)
        if first <= target <= last and target not in moved:
            moved.append(target)
    return sorted(moved)


def _floating(
    spec: Recurrence,
    anchor: date,
    tz: ZoneInfo,
    horizon_end: date,
    last_done: datetime | None,
    meters: Mapping[str, MeterState],
) -> Occurrence | None:
    candidates: list[tuple[date, str]] = []
    if spec.freq is not None:
        if last_done is None:
            first = _calendar_dates(spec, anchor, anchor, anchor + timedelta(days=3660))
            if first:
                candidates.append((first[0], "calendar"))
        else:
            candidates.append((_add_period(spec, _local_date(last_done, tz), anchor), "calendar"))
    since = last_done or local_datetime(anchor, time(), tz)
    for rule in spec.meters:
        due = _counter_due(rule, meters.get(rule.meter), since)
        if due is not None:
            candidates.append((_local_date(due, tz), rule.meter))
    if not candidates:
        return None
    day, trigger = min(candidates, key=lambda c: c[0])  # whichever comes first
    if spec.season is not None:
        day = spec.season.next_start(day)
    if day > horizon_end:
        return None
    slot = "after-" + (_local_date(last_done, tz).isoformat() if last_done else "start")
    return Occurrence(local_datetime(day, spec.time_of_day, tz), day, slot, trigger)


# ------------------------------------------------------------------ compliance


class Compliance(StrEnum):
    EARLY = "early"  # done before the tolerance window
    ON_TIME = "on_time"  # within ±tolerance days of the due date
    LATE = "late"  # done after the window
    MISSED = "missed"  # not done and the window has closed
    PENDING = "pending"  # not done, the window is still open


def compliance(
    due: datetime,
    done: datetime | None,
    tolerance_days: int,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> Compliance:
    """How a task's completion compares with its due date, in local days."""
    due_day = _local_date(due, tz)
    if done is None:
        if now is not None and _local_date(now, tz) > due_day + timedelta(days=tolerance_days):
            return Compliance.MISSED
        return Compliance.PENDING
    gap = (_local_date(done, tz) - due_day).days
    if gap < -tolerance_days:
        return Compliance.EARLY
    if gap > tolerance_days:
        return Compliance.LATE
    return Compliance.ON_TIME


def is_compliant(due: datetime, done: datetime | None, tolerance_days: int, tz: ZoneInfo) -> bool:
    return compliance(due, done, tolerance_days, tz) is Compliance.ON_TIME


def compliance_rate(outcomes: Iterable[Compliance]) -> float | None:
    """The share of compliant tasks among those decided (pending ones left out)."""
    decided = [o for o in outcomes if o is not Compliance.PENDING]
    if not decided:
        return None
    return sum(o is Compliance.ON_TIME for o in decided) / len(decided)
