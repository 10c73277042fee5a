"""Automatic assignment: skills, working hours, absences, load, and the conflicts shown."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cmms_core.rules.assignment import (
    DEFAULT_WORKING_HOURS,
    Booking,
    ConflictCode,
    TaskNeed,
    Technician,
    check_schedule,
    parse_working_hours,
    propose,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)  # 08:00 local


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return (MONDAY + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


def tech(name: str, *skills: str, **kw: object) -> Technician:
    return Technician(uuid.uuid4(), name, frozenset(skills), **kw)  # type: ignore[arg-type]


def need(start: datetime, minutes: int = 60, *skills: str, priority: int = 2) -> TaskNeed:
    return TaskNeed(uuid.uuid4(), start, minutes, frozenset(skills), priority)


def codes(conflicts: object) -> set[str]:
    return {c.code.value for c in conflicts}  # type: ignore[attr-defined]


def test_working_hours_default_and_parse() -> None:
    assert parse_working_hours(None) == DEFAULT_WORKING_HOURS
    assert parse_working_hours({}) == DEFAULT_WORKING_HOURS
    parsed = parse_working_hours({"0": [["13:00", "17:00"], ["07:00", "11:00"]], "9": [], "x": 1})
    assert parsed == {0: ((time(7), time(11)), (time(13), time(17)))}


def test_a_clean_schedule_has_no_conflict() -> None:
    alice = tech("Alice", "elec")
    assert check_schedule(alice, at(0, 9), at(0, 10), PARIS, required_skills=["elec"]) == []


def test_every_kind_of_conflict() -> None:
    other = uuid.uuid4()
    bob = tech(
        "Bob",
        "meca",
        absences=((at(1, 0), at(2, 0)),),
        bookings=(Booking(other, at(0, 9), at(0, 16)),),
    )
    found = check_schedule(bob, at(0, 10), at(0, 12), PARIS, required_skills=["elec"])
    assert codes(found) == {"missing_skills", "double_booking", "overload"}
    double = next(c for c in found if c.code is ConflictCode.DOUBLE_BOOKING)
    assert double.other_task_id == other and double.user_id == bob.id
    assert codes(check_schedule(bob, at(1, 9), at(1, 10), PARIS)) == {"absent"}
    assert codes(check_schedule(bob, at(2, 17), at(2, 18), PARIS)) == {"outside_working_hours"}
    # Saturday: no working hours at all, so also an overload
    assert codes(check_schedule(bob, at(5, 9), at(5, 10), PARIS)) == {
        "outside_working_hours",
        "overload",
    }
    # the task's own booking is not a conflict with itself
    assert check_schedule(bob, at(0, 9), at(0, 10), PARIS, task_id=other) == []


def test_working_hours_are_local_across_dst() -> None:
    """Mon-Fri 08:00-16:00 Paris is 07:00 UTC in winter and 06:00 UTC in summer."""
    alice = tech("Alice")
    winter = datetime(2026, 3, 27, 7, 0, tzinfo=UTC)  # Friday 08:00 CET
    summer = datetime(2026, 3, 30, 6, 0, tzinfo=UTC)  # Monday 08:00 CEST
    for start in (winter, summer):
        assert check_schedule(alice, start, start + timedelta(hours=1), PARIS) == []
    early = datetime(2026, 3, 30, 5, 30, tzinfo=UTC)  # 07:30 CEST
    assert codes(check_schedule(alice, early, early + timedelta(hours=1), PARIS)) == {
        "outside_working_hours"
    }


def test_propose_honours_skills_and_load() -> None:
    alice, bob = tech("Alice", "elec", "meca"), tech("Bob", "meca")
    tasks = [
        need(at(0, 8), 120, "elec", priority=3),
        need(at(0, 8), 120, "meca", priority=2),
        need(at(0, 8), 60, priority=1),
    ]
    proposals = {p.task_id: p for p in propose(tasks, [alice, bob], PARIS)}
    elec, meca, plain = (proposals[t.id] for t in tasks)
    assert elec.user_id == alice.id and elec.start == at(0, 8) and elec.conflicts == ()
    assert meca.user_id == bob.id and meca.start == at(0, 8)  # Alice is loaded now
    # Both have 120 min booked: Alice first by name, after her 08:00-10:00 task
    assert plain.user_id == alice.id and plain.start == at(0, 10)


def test_propose_skips_absences_and_moves_to_the_next_day() -> None:
    alice = tech("Alice", "elec", absences=((at(0, 0), at(1, 0)),))
    [proposal] = propose([need(at(0, 9), 60, "elec")], [alice], PARIS)
    assert (proposal.user_id, proposal.start, proposal.conflicts) == (alice.id, at(1, 8), ())


def test_a_full_day_pushes_work_to_the_next_working_day() -> None:
    alice = tech("Alice", bookings=(Booking(uuid.uuid4(), at(4, 8), at(4, 15)),))  # Friday
    [proposal] = propose([need(at(4, 8), 120)], [alice], PARIS)
    assert proposal.start == at(7, 8)  # Monday: the weekend has no working hours


def test_no_skilled_technician() -> None:
    task = need(at(0, 9), 60, "hydraulique")
    [proposal] = propose([task], [tech("Alice", "elec")], PARIS)
    assert proposal.user_id is None
    assert codes(proposal.conflicts) == {"no_skilled_technician"}


def test_nobody_free_in_the_search_window_gives_conflicts() -> None:
    alice = tech("Alice", absences=((at(0, 0), at(30, 0)),))
    [proposal] = propose([need(at(0, 9))], [alice], PARIS, search_days=3)
    assert proposal.user_id == alice.id and proposal.start == at(0, 9)
    assert codes(proposal.conflicts) == {"absent"}


def test_higher_priority_tasks_are_placed_first() -> None:
    alice = tech("Alice")
    low = need(at(0, 8), 420, priority=1)
    high = need(at(0, 8), 420, priority=3)
    proposals = {p.task_id: p for p in propose([low, high], [alice], PARIS)}
    assert proposals[high.id].start == at(0, 8)
    assert proposals[low.id].start == at(1, 8)
