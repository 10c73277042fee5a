"""Recurrence edge cases: month ends, leap years, Europe/Paris DST, floating,
counters, whichever comes first, seasonal windows, tolerance."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from cmms_core.rules.recurrence import (
    Compliance,
    MeterState,
    Recurrence,
    Season,
    compliance,
    compliance_rate,
    is_compliant,
    local_datetime,
    next_occurrences,
    parse_recurrence,
)

PARIS = ZoneInfo("Europe/Paris")


def days_of(spec: dict[str, Any], anchor: date, first: date, last: date) -> list[date]:
    occurrences = next_occurrences(
        parse_recurrence(spec), anchor=anchor, tz=PARIS, window_start=first, horizon_end=last
    )
    return [o.local_date for o in occurrences]


D = date


@pytest.mark.parametrize(
    ("spec", "anchor", "first", "last", "expected"),
    [
        # monthly on the 31st: the last day of shorter months, back to the 31st after
        (
            {"freq": "monthly", "month_day": 31},
            D(2025, 1, 31),
            D(2025, 1, 1),
            D(2025, 5, 31),
            [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31)],
        ),
        # ...and Feb 29 in a leap year
        (
            {"freq": "monthly"},
            D(2024, 1, 31),
            D(2024, 1, 1),
            D(2024, 3, 31),
            [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)],
        ),
        # monthly on the 30th
        (
            {"freq": "monthly", "month_day": 30},
            D(2025, 1, 1),
            D(2025, 1, 1),
            D(2025, 3, 31),
            [D(2025, 1, 30), D(2025, 2, 28), D(2025, 3, 30)],
        ),
        # every 2 months from the anchor's day
        (
            {"freq": "monthly", "interval": 2},
            D(2025, 1, 15),
            D(2025, 1, 1),
            D(2025, 7, 1),
            [D(2025, 1, 15), D(2025, 3, 15), D(2025, 5, 15)],
        ),
        # yearly on Feb 29: Feb 28 in common years
        (
            {"freq": "yearly"},
            D(2024, 2, 29),
            D(2024, 1, 1),
            D(2028, 12, 31),
            [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)],
        ),
        # every 10 days across a month end
        (
            {"freq": "daily", "interval": 10},
            D(2025, 1, 25),
            D(2025, 1, 1),
            D(2025, 2, 20),
            [D(2025, 1, 25), D(2025, 2, 4), D(2025, 2, 14)],
        ),
        # every 2 weeks on Monday and Thursday
        (
            {"freq": "weekly", "interval": 2, "weekdays": [0, 3]},
            D(2025, 3, 3),
            D(2025, 3, 1),
            D(2025, 3, 31),
            [D(2025, 3, 3), D(2025, 3, 6), D(2025, 3, 17), D(2025, 3, 20), D(2025, 3, 31)],
        ),
        # weekly without weekdays: the anchor's weekday
        (
            {"freq": "weekly"},
            D(2025, 3, 5),
            D(2025, 3, 1),
            D(2025, 3, 20),
            [D(2025, 3, 5), D(2025, 3, 12), D(2025, 3, 19)],
        ),
        # the window cuts the past off; the horizon the future
        (
            {"freq": "weekly"},
            D(2025, 1, 6),
            D(2025, 3, 1),
            D(2025, 3, 12),
            [D(2025, 3, 3), D(2025, 3, 10)],
        ),
        # an explicit start wins over the anchor
        (
            {"freq": "monthly", "start": "2025-02-10"},
            D(2025, 1, 1),
            D(2025, 1, 1),
            D(2025, 3, 31),
            [D(2025, 2, 10), D(2025, 3, 10)],
        ),
        # nothing before the anchor
        ({"freq": "daily"}, D(2025, 6, 1), D(2025, 1, 1), D(2025, 5, 31), []),
    ],
)
def test_calendar_dates(
    spec: dict[str, Any], anchor: date, first: date, last: date, expected: list[date]
) -> None:
    assert days_of(spec, anchor, first, last) == expected


def test_a_local_time_stays_local_across_dst_changes() -> None:
    spec = parse_recurrence({"freq": "weekly", "time_of_day": "08:00"})
    found = next_occurrences(
        spec,
        anchor=D(2026, 3, 22),
        tz=PARIS,
        window_start=D(2026, 3, 1),
        horizon_end=D(2026, 11, 1),
    )
    assert {o.due.astimezone(PARIS).time() for o in found} == {time(8, 0)}
    by_day = {o.local_date: o.due for o in found}
    # winter (UTC+1) then summer (UTC+2) then winter again
    assert by_day[D(2026, 3, 22)] == datetime(2026, 3, 22, 7, 0, tzinfo=UTC)
    assert by_day[D(2026, 3, 29)] == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert by_day[D(2026, 10, 25)] == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "at", "expected_utc", "expected_local"),
    [
        # spring forward: 02:30 does not exist, moved forward by the gap to 03:30 CEST
        (D(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC), time(3, 30)),
        # fall back: 02:30 happens twice, the first one (CEST, UTC+2)
        (D(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC), time(2, 30)),
        # the hours around the changes are untouched
        (D(2026, 3, 29), time(1, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC), time(1, 59)),
        (D(2026, 3, 29), time(3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC), time(3, 0)),
        (D(2026, 10, 25), time(3, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC), time(3, 0)),
    ],
)
def test_dst_gaps_and_repeats(
    day: date, at: time, expected_utc: datetime, expected_local: time
) -> None:
    moment = local_datetime(day, at, PARIS)
    assert moment == expected_utc
    assert moment.astimezone(PARIS).time() == expected_local


def test_a_daily_task_at_0230_through_both_changes() -> None:
    spec = parse_recurrence({"freq": "daily", "time_of_day": "02:30"})
    for first, expected in (
        (D(2026, 3, 28), ["02:30", "03:30", "02:30"]),
        (D(2026, 10, 24), ["02:30", "02:30", "02:30"]),
    ):
        found = next_occurrences(
            spec,
            anchor=first,
            tz=PARIS,
            window_start=first,
            horizon_end=first + timedelta(days=2),
        )
        assert [o.due.astimezone(PARIS).strftime("%H:%M") for o in found] == expected
        assert len({o.slot for o in found}) == 3  # one occurrence per local day


# ------------------------------------------------------------------ floating


@pytest.mark.parametrize(
    ("spec", "last_done", "expected"),
    [
        # every month after the last visit, done late: counts from the late visit
        ({"freq": "monthly", "mode": "floating"}, datetime(2025, 3, 20, 15), D(2025, 4, 20)),
        # done on Jan 31: Feb 28
        ({"freq": "monthly", "mode": "floating"}, datetime(2025, 1, 31, 10), D(2025, 2, 28)),
        # every 2 weeks, next Monday on or after
        (
            {"freq": "weekly", "interval": 2, "mode": "floating", "weekdays": [0]},
            datetime(2025, 3, 5, 10),
            D(2025, 3, 24),
        ),
        ({"freq": "daily", "interval": 3, "mode": "floating"}, datetime(2025, 3, 5), D(2025, 3, 8)),
        # a completion late in the evening UTC is the next local day in Paris
        ({"freq": "daily", "mode": "floating"}, datetime(2025, 6, 30, 22, 30), D(2025, 7, 2)),
    ],
)
def test_floating_counts_from_the_last_completion(
    spec: dict[str, Any], last_done: datetime, expected: date
) -> None:
    done = last_done.replace(tzinfo=UTC)
    found = next_occurrences(
        parse_recurrence(spec),
        anchor=D(2025, 1, 1),
        tz=PARIS,
        window_start=D(2025, 1, 1),
        horizon_end=D(2026, 1, 1),
        last_done=done,
    )
    assert [o.local_date for o in found] == [expected]
    assert found[0].slot == f"after-{done.astimezone(PARIS).date().isoformat()}"


def test_floating_after_a_late_completion_differs_from_fixed() -> None:
    """Fixed keeps the schedule whatever the completion; floating slides with it."""
    late = datetime(2025, 2, 12, 9, tzinfo=UTC)  # due Feb 1, done 11 days late
    common = {"anchor": D(2025, 1, 1), "tz": PARIS, "last_done": late}
    fixed = next_occurrences(
        parse_recurrence({"freq": "monthly"}),
        window_start=D(2025, 2, 13),
        horizon_end=D(2025, 3, 31),
        **common,  # type: ignore[arg-type]
    )
    floating = next_occurrences(
        parse_recurrence({"freq": "monthly", "mode": "floating"}),
        window_start=D(2025, 2, 13),
        horizon_end=D(2025, 3, 31),
        **common,  # type: ignore[arg-type]
    )
    assert [o.local_date for o in fixed] == [D(2025, 3, 1)]
    assert [o.local_date for o in floating] == [D(2025, 3, 12)]


def test_floating_never_done_starts_at_the_anchor_and_is_returned_when_overdue() -> None:
    found = next_occurrences(
        parse_recurrence({"freq": "monthly", "mode": "floating"}),
        anchor=D(2025, 1, 10),
        tz=PARIS,
        window_start=D(2025, 3, 1),
        horizon_end=D(2025, 3, 31),
    )
    assert [(o.local_date, o.slot) for o in found] == [(D(2025, 1, 10), "after-start")]


def test_floating_beyond_the_horizon_gives_nothing() -> None:
    found = next_occurrences(
        parse_recurrence({"freq": "yearly", "mode": "floating"}),
        anchor=D(2025, 1, 1),
        tz=PARIS,
        window_start=D(2025, 3, 1),
        horizon_end=D(2025, 6, 1),
        last_done=datetime(2025, 2, 1, tzinfo=UTC),
    )
    assert found == []


# ------------------------------------------------------------------ counters


def hours(*points: tuple[int, float]) -> MeterState:
    """Readings on day ``n`` of 2025 at noon UTC."""
    return MeterState.of(
        (datetime(2025, 1, 1, 12, tzinfo=UTC) + timedelta(days=n), value) for n, value in points
    )


def counter_due(spec: dict[str, Any], meters: dict[str, MeterState], done: datetime | None):  # type: ignore[no-untyped-def]
    return next_occurrences(
        parse_recurrence(spec),
        anchor=D(2025, 1, 1),
        tz=PARIS,
        window_start=D(2025, 1, 1),
        horizon_end=D(2026, 12, 31),
        last_done=done,
        meter_state=meters,
    )


def test_counter_projection_from_the_readings_rate() -> None:
    # 10 h a day; done on day 10 at 100 h; every 250 h -> 350 h on day 35
    meters = {"hours": hours((0, 0), (10, 100), (20, 200))}
    done = datetime(2025, 1, 11, 12, tzinfo=UTC)
    found = counter_due({"freq": None, "meters": [{"meter": "hours", "every": 250}]}, meters, done)
    assert [(o.local_date, o.trigger) for o in found] == [(D(2025, 2, 5), "hours")]
    assert found[0].slot == "after-2025-01-11"


def test_a_threshold_already_passed_is_due_when_it_was_crossed() -> None:
    meters = {"hours": hours((0, 0), (10, 100), (20, 400))}
    done = datetime(2025, 1, 1, 12, tzinfo=UTC)  # at 0 h; every 250 h: crossed on day 15
    found = counter_due({"freq": None, "meters": [{"meter": "hours", "every": 250}]}, meters, done)
    assert [o.local_date for o in found] == [D(2025, 1, 16)]


def test_no_rate_no_counter_date() -> None:
    meters = {"hours": hours((0, 50))}
    spec = {"freq": None, "meters": [{"meter": "hours", "every": 250}]}
    assert counter_due(spec, meters, None) == []
    assert counter_due(spec, {}, None) == []
    stopped = {"hours": hours((0, 50), (10, 50))}
    assert counter_due(spec, stopped, None) == []


@pytest.mark.parametrize(
    ("every_hours", "every_cycles", "months", "expected_trigger", "expected_day"),
    [
        (250, 100_000, 6, "hours", D(2025, 2, 5)),  # hours first
        (5000, 600, 6, "cycles", D(2025, 1, 17)),  # cycles first (100 a day)
        (5000, 100_000, 1, "calendar", D(2025, 2, 11)),  # the calendar first
    ],
)
def test_whichever_comes_first(
    every_hours: int, every_cycles: int, months: int, expected_trigger: str, expected_day: date
) -> None:
    meters = {
        "hours": hours((0, 0), (10, 100), (20, 200)),
        "cycles": MeterState.of(
            [
                (datetime(2025, 1, 1, 12, tzinfo=UTC), 0),
                (datetime(2025, 1, 21, 12, tzinfo=UTC), 2000),
            ]
        ),
    }
    spec = {
        "freq": "monthly",
        "interval": months,
        "meters": [
            {"meter": "hours", "every": every_hours},
            {"meter": "cycles", "every": every_cycles},
        ],
    }
    done = datetime(2025, 1, 11, 12, tzinfo=UTC)
    found = counter_due(spec, meters, done)
    assert [(o.trigger, o.local_date) for o in found] == [(expected_trigger, expected_day)]


def test_meter_state_interpolates() -> None:
    state = hours((0, 0), (10, 100))
    assert state.value_at(datetime(2025, 1, 6, 12, tzinfo=UTC)) == pytest.approx(50)
    assert state.value_at(datetime(2024, 1, 1, tzinfo=UTC)) == 0
    assert state.value_at(datetime(2026, 1, 1, tzinfo=UTC)) == 100
    assert state.rate_per_day() == pytest.approx(10)


# ------------------------------------------------------------------ seasons


@pytest.mark.parametrize(
    ("season", "expected"),
    [
        # April to October, skip: the winter months give nothing
        (
            {"start_month": 4, "end_month": 10},
            [D(2025, m, 15) for m in range(4, 11)],
        ),
        # shift: the winter occurrences move to April 1 (once), the rest stay
        (
            {"start_month": 4, "end_month": 10, "policy": "shift"},
            [D(2025, 4, 1)] + [D(2025, m, 15) for m in range(4, 11)],
        ),
        # a window over the new year (November to February)
        (
            {"start_month": 11, "end_month": 2},
            [D(2025, 1, 15), D(2025, 2, 15), D(2025, 11, 15), D(2025, 12, 15)],
        ),
    ],
)
def test_seasonal_windows(season: dict[str, Any], expected: list[date]) -> None:
    spec = {"freq": "monthly", "season": season}
    assert days_of(spec, D(2025, 1, 15), D(2025, 1, 1), D(2025, 12, 31)) == expected


def test_a_floating_due_outside_the_season_moves_to_its_start() -> None:
    found = next_occurrences(
        parse_recurrence(
            {"freq": "monthly", "mode": "floating", "season": {"start_month": 4, "end_month": 10}}
        ),
        anchor=D(2025, 1, 1),
        tz=PARIS,
        window_start=D(2025, 10, 1),
        horizon_end=D(2026, 12, 31),
        last_done=datetime(2025, 10, 20, 9, tzinfo=UTC),
    )
    assert [o.local_date for o in found] == [D(2026, 4, 1)]


def test_season_contains() -> None:
    assert Season(start_month=11, end_month=2).contains(D(2025, 1, 31))
    assert not Season(start_month=11, end_month=2).contains(D(2025, 3, 1))
    assert Season(start_month=4, end_month=4).next_start(D(2025, 5, 1)) == D(2026, 4, 1)


# ------------------------------------------------------------------ tolerance


@pytest.mark.parametrize(
    ("done", "tolerance", "expected"),
    [
        (datetime(2025, 3, 10, 8), 0, Compliance.ON_TIME),
        (datetime(2025, 3, 11, 8), 0, Compliance.LATE),
        (datetime(2025, 3, 13, 8), 3, Compliance.ON_TIME),
        (datetime(2025, 3, 14, 8), 3, Compliance.LATE),
        (datetime(2025, 3, 7, 8), 3, Compliance.ON_TIME),
        (datetime(2025, 3, 6, 8), 3, Compliance.EARLY),
        # 23:30 UTC on Mar 13 is Mar 14 in Paris: late with 3 days
        (datetime(2025, 3, 13, 23, 30), 3, Compliance.LATE),
    ],
)
def test_tolerance_window(done: datetime, tolerance: int, expected: Compliance) -> None:
    due = datetime(2025, 3, 10, 7, tzinfo=UTC)
    result = compliance(due, done.replace(tzinfo=UTC), tolerance, PARIS)
    assert result is expected
    assert is_compliant(due, done.replace(tzinfo=UTC), tolerance, PARIS) is (
        expected is Compliance.ON_TIME
    )


def test_missed_and_pending_and_the_rate() -> None:
    due = datetime(2025, 3, 10, 7, tzinfo=UTC)
    now = datetime(2025, 3, 14, 12, tzinfo=UTC)
    assert compliance(due, None, 3, PARIS, now) is Compliance.MISSED
    assert compliance(due, None, 5, PARIS, now) is Compliance.PENDING
    outcomes = [Compliance.ON_TIME, Compliance.LATE, Compliance.MISSED, Compliance.PENDING]
    assert compliance_rate(outcomes) == pytest.approx(1 / 3)
    assert compliance_rate([Compliance.PENDING]) is None


# ------------------------------------------------------------------ the spec


def test_the_demo_shape_and_the_default_parse() -> None:
    spec = parse_recurrence({"freq": "weekly", "interval": 2})
    assert (spec.freq, spec.interval, spec.mode) == ("weekly", 2, "fixed")
    assert parse_recurrence({}) == Recurrence()
    assert parse_recurrence(
        {"freq": None, "meters": [{"meter": "hours", "every": 500}]}
    ).is_floating


@pytest.mark.parametrize(
    "bad",
    [
        {"freq": None},
        {"freq": "hourly"},
        {"interval": 0},
        {"weekdays": [7]},
        {"month_day": 32},
        {"meters": [{"meter": "hours", "every": 0}]},
        {"season": {"start_month": 13, "end_month": 1}},
        {"unknown": 1},
    ],
)
def test_invalid_specs(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        parse_recurrence(bad)
