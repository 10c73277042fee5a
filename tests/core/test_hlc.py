"""The hybrid logical clock: monotonic, follows wall time, orders as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmms_core.hlc import MAX_COUNTER, HybridClock, Stamp, format_stamp, parse_stamp


class Wall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_stamps_follow_the_wall_clock() -> None:
    wall = Wall(1_764_171_234_567)
    clock = HybridClock("pc1", wall)
    assert clock.now() == "1764171234567-0000-pc1"
    assert clock.now() == "1764171234567-0001-pc1"  # same millisecond: the counter moves
    wall.ms += 5
    assert clock.now() == "1764171234572-0000-pc1"


def test_a_wall_clock_going_back_never_makes_an_older_stamp() -> None:
    wall = Wall(2_000)
    clock = HybridClock("pc1", wall)
    first = clock.now()
    wall.ms = 1_000  # NTP correction
    second = clock.now()
    assert second > first
    assert parse_stamp(second).wall_ms == 2_000


def test_observing_a_remote_stamp_puts_later_local_stamps_after_it() -> None:
    slow = HybridClock("slow", Wall(1_000))
    remote = "0000000005000-0007-fast"
    slow.observe(remote)
    assert slow.now() > remote
    assert parse_stamp(slow.now()).wall_ms == 5_000


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock = HybridClock("pc1", Wall(10), last=format_stamp(10, MAX_COUNTER, "pc1"))
    stamp = parse_stamp(clock.now())
    assert (stamp.wall_ms, stamp.counter) == (11, 0)


def test_the_clock_resumes_from_a_persisted_stamp() -> None:
    clock = HybridClock("pc1", Wall(0), last="0000000009000-0003-pc1")
    assert clock.now() == "0000000009000-0004-pc1"


@pytest.mark.parametrize(
    "text", ["", "123-0001-pc", "1764171234567-1-pc", "1764171234567-0001-", "x" * 20]
)
def test_malformed_stamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_stamp(text)


def test_bad_device_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        HybridClock("pc 1")


@given(
    events=st.lists(
        st.tuples(st.sampled_from(["tick", "observe"]), st.integers(0, 3_000)), max_size=50
    )
)
def test_stamps_strictly_increase_whatever_happens(events: list[tuple[str, int]]) -> None:
    wall = Wall(1_000)
    clock = HybridClock("a", wall)
    previous = clock.now()
    for kind, value in events:
        wall.ms = value
        if kind == "observe":
            clock.observe(format_stamp(value + 500, value % 50, "b"))
            assert clock.last > format_stamp(value + 500, value % 50, "b")
        stamp = clock.now()
        assert stamp > previous
        assert parse_stamp(stamp) > parse_stamp(previous)  # text order is stamp order
        previous = stamp


def test_stamp_round_trip() -> None:
    stamp = Stamp(1_764_171_234_567, 3, "3f0c")
    assert parse_stamp(str(stamp)) == stamp
