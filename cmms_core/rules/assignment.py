"""Who does a task, and when: automatic assignment and the conflicts of a schedule.

Pure. The caller reads the technicians (skills, working hours, absences) and the
tasks already booked, and applies the proposals (``task.auto_assign``) or
records the conflicts of a manual choice as warnings (``task.schedule``: a
planner may overrule every one of them).

- **Working hours**: ``users.working_hours`` JSON, ``{"0": [["08:00", "16:00"]],
  ...}``, weekday (0 = Monday) to local intervals in the site's time zone;
  missing: Monday-Friday 08:00-16:00 (:data:`DEFAULT_WORKING_HOURS`).
- **Skills**: a technician qualifies when their ``skills`` hold every skill the
  plan requires.
- **Load**: the minutes already booked on a local day; more than the day's
  working minutes is an overload.

:func:`propose` takes the tasks in order (priority, then start) and, for each,
the first local day from its wished start (searching ``search_days`` days)
where a qualified technician has a free slot long enough inside their working
hours, clear of absences and bookings; among the technicians free that day, the
least loaded (then by name). Each proposal books its slot for the next tasks.
No slot found: the least loaded qualified technician at the wished time, with
the conflicts that choice has; no qualified technician: no assignee and the
``no_skilled_technician`` conflict.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from cmms_core.rules.recurrence import local_datetime

__all__ = [
    "DEFAULT_WORKING_HOURS",
    "Booking",
    "Conflict",
    "ConflictCode",
    "Proposal",
    "TaskNeed",
    "Technician",
    "WeekSchedule",
    "check_schedule",
    "parse_working_hours",
    "propose",
]

WeekSchedule = Mapping[int, tuple[tuple[time, time], ...]]

_DAY = ((time(8, 0), time(16, 0)),)
DEFAULT_WORKING_HOURS: WeekSchedule = {day: _DAY for day in range(5)}


def parse_working_hours(value: Mapping[str, Any] | None) -> WeekSchedule:
    """The schedule of a ``working_hours`` JSON (None or empty: the default).

    A malformed entry is ignored rather than refused: this is read on every
    replica from synced data, and a planner must still see a calendar.
    """
    if not value:
        return DEFAULT_WORKING_HOURS
    schedule: dict[int, tuple[tuple[time, time], ...]] = {}
    for key, intervals in value.items():
        try:
            day = int(key)
            parsed = tuple(
                (time.fromisoformat(start), time.fromisoformat(end)) for start, end in intervals
            )
        except (TypeError, ValueError):
            continue
        if 0 <= day <= 6:
            schedule[day] = tuple(sorted((s, e) for s, e in parsed if s < e))
    return schedule


class ConflictCode(StrEnum):
    NO_SKILLED_TECHNICIAN = "no_skilled_technician"
    MISSING_SKILLS = "missing_skills"
    OUTSIDE_WORKING_HOURS = "outside_working_hours"
    ABSENT = "absent"
    DOUBLE_BOOKING = "double_booking"
    OVERLOAD = "overload"
    DEPENDENCY = "dependency"  # starts before the task it waits for ends


@dataclass(frozen=True)
class Conflict:
    code: ConflictCode
    message: str
    user_id: uuid.UUID | None = None
    other_task_id: uuid.UUID | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code.value, "message": self.message}
        if self.user_id is not None:
            data["user_id"] = str(self.user_id)
        if self.other_task_id is not None:
            data["other_task_id"] = str(self.other_task_id)
        return data


@dataclass(frozen=True)
class Booking:
    task_id: uuid.UUID
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Technician:
    id: uuid.UUID
    name: str
    skills: frozenset[str]
    working_hours: WeekSchedule = field(default_factory=lambda: DEFAULT_WORKING_HOURS)
    absences: tuple[tuple[datetime, datetime], ...] = ()
    bookings: tuple[Booking, ...] = ()

    def qualifies(self, required: Iterable[str]) -> bool:
        return set(required) <= self.skills


@dataclass(frozen=True)
class TaskNeed:
    id: uuid.UUID
    start: datetime  # the wished start (the due time, or the current schedule)
    minutes: int
    required_skills: frozenset[str] = frozenset()
    priority: int = 2


@dataclass(frozen=True)
class Proposal:
    task_id: uuid.UUID
    user_id: uuid.UUID | None
    start: datetime
    end: datetime
    conflicts: tuple[Conflict, ...] = ()


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _work_intervals(tech: Technician, day: date, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    return [
        (local_datetime(day, start, tz), local_datetime(day, end, tz))
        for start, end in tech.working_hours.get(day.weekday(), ())
    ]


def _day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return local_datetime(day, time(), tz), local_datetime(day + timedelta(days=1), time(), tz)


def _booked_minutes(tech: Technician, day: date, tz: ZoneInfo, skip: uuid.UUID | None) -> int:
    low, high = _day_bounds(day, tz)
    total = 0.0
    for booking in tech.bookings:
        if booking.task_id == skip:
            continue
        start, end = max(booking.start, low), min(booking.end, high)
        if start < end:
            total += (end - start).total_seconds() / 60
    return int(total)


def _capacity_minutes(tech: Technician, day: date, tz: ZoneInfo) -> int:
    return int(sum((e - s).total_seconds() for s, e in _work_intervals(tech, day, tz)) // 60)


def check_schedule(
    tech: Technician,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    task_id: uuid.UUID | None = None,
    required_skills: Iterable[str] = (),
) -> list[Conflict]:
    """What is wrong with ``tech`` doing a task from ``start`` to ``end`` (nothing: [])."""
    conflicts: list[Conflict] = []
    missing = sorted(set(required_skills) - tech.skills)
    if missing:
        conflicts.append(
            Conflict(
                ConflictCode.MISSING_SKILLS,
                f"{tech.name} lacks the skills: {', '.join(missing)}",
                tech.id,
            )
        )
    day = start.astimezone(tz).date()
    inside = any(s <= start and end <= e for s, e in _work_intervals(tech, day, tz))
    if not inside:
        conflicts.append(
            Conflict(
                ConflictCode.OUTSIDE_WORKING_HOURS,
                f"outside {tech.name}'s working hours",
                tech.id,
            )
        )
    if any(_overlaps(start, end, a, b) for a, b in tech.absences):
        conflicts.append(Conflict(ConflictCode.ABSENT, f"{tech.name} is absent then", tech.id))
    for booking in tech.bookings:
        if booking.task_id != task_id and _overlaps(start, end, booking.start, booking.end):
            conflicts.append(
                Conflict(
                    ConflictCode.DOUBLE_BOOKING,
                    f"{tech.name} already has a task then",
                    tech.id,
                    booking.task_id,
                )
            )
    minutes = int((end - start).total_seconds() // 60)
    load = _booked_minutes(tech, day, tz, task_id) + minutes
    capacity = _capacity_minutes(tech, day, tz)
    if load > capacity:
        conflicts.append(
            Conflict(
                ConflictCode.OVERLOAD,
                f"{tech.name} would have {load} min of work for {capacity} min of hours",
                tech.id,
            )
        )
    return conflicts


def _free_slot(
    tech: Technician, day: date, not_before: datetime, minutes: int, tz: ZoneInfo
) -> datetime | None:
    """The earliest start on ``day`` in working hours, clear of absences and bookings."""
    length = timedelta(minutes=minutes)
    busy = sorted([*tech.absences, *((b.start, b.end) for b in tech.bookings)])
    for work_start, work_end in _work_intervals(tech, day, tz):
        candidate = max(work_start, not_before)
        moved = True
        while moved:
            moved = False
            for busy_start, busy_end in busy:
                if _overlaps(candidate, candidate + length, busy_start, busy_end):
                    candidate = busy_end
                    moved = True
        if candidate + length <= work_end:
            return candidate
    return None


def propose(
    tasks: Sequence[TaskNeed],
    technicians: Sequence[Technician],
    tz: ZoneInfo,
    *,
    search_days: int = 7,
) -> list[Proposal]:
    """A technician and a slot for each task (see the module's docstring)."""
    techs = {t.id: t for t in technicians}
    proposals: list[Proposal] = []
    for task in sorted(tasks, key=lambda t: (-t.priority, t.start, str(t.id))):
        length = timedelta(minutes=task.minutes)
        qualified = sorted(
            (t for t in techs.values() if t.qualifies(task.required_skills)),
            key=lambda t: (t.name, str(t.id)),
        )
        if not qualified:
            message = "no technician has the skills: " + ", ".join(sorted(task.required_skills))
            conflict = Conflict(ConflictCode.NO_SKILLED_TECHNICIAN, message)
            proposals.append(Proposal(task.id, None, task.start, task.start + length, (conflict,)))
            continue
        first_day = task.start.astimezone(tz).date()
        chosen: tuple[Technician, datetime] | None = None
        for offset in range(search_days):
            day = first_day + timedelta(days=offset)
            not_before = task.start if offset == 0 else local_datetime(day, time(), tz)
            free = []
            for tech in qualified:
                slot = _free_slot(tech, day, not_before, task.minutes, tz)
                load = _booked_minutes(tech, day, tz, None) + task.minutes
                if slot is not None and load <= _capacity_minutes(tech, day, tz):
                    free.append((_booked_minutes(tech, day, tz, None), slot, tech))
            if free:
                _load, slot, tech = min(free, key=lambda f: (f[0], f[1], f[2].name, str(f[2].id)))
                chosen = (tech, slot)
                break
        if chosen is None:
            tech = min(
                qualified,
                key=lambda t: (_booked_minutes(t, first_day, tz, None), t.name, str(t.id)),
            )
            start = task.start
            conflicts = tuple(check_schedule(tech, start, start + length, tz, task_id=task.id))
        else:
            tech, start = chosen
            conflicts = ()
        end = start + length
        proposals.append(Proposal(task.id, tech.id, start, end, conflicts))
        techs[tech.id] = replace(tech, bookings=(*tech.bookings, Booking(task.id, start, end)))
    return proposals
