"""Downtime, costs, urgency order, ticket numbers and escalation: the pure rules, table-driven."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cmms_core.rules.corrective import (
    LabourLine,
    cost_breakdown,
    downtime_minutes,
    failure_number,
    labour_cost,
    labour_lines,
    parts_cost,
    urgency_sort_key,
)
from cmms_core.rules.escalation import (
    DEFAULT_RULES,
    EscalationRule,
    FailureClock,
    Trigger,
    evaluate,
)
from cmms_core.rules.roles import Role

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ANNE, BOB, CARL = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("start", "end", "now", "expected"),
    [
        (None, None, m(60), None),  # never stopped
        (T0, m(90), m(500), 90),  # ended: the end counts, not now
        (T0, None, m(125), 125),  # live: runs until now
        (T0, None, m(0.9), 0),  # under a minute
        (T0, m(59.99), m(500), 59),  # whole minutes, rounded down
        (m(10), None, T0, 0),  # a stop in the future of now (clock ahead): 0, never negative
        (T0, m(3 * 24 * 60), m(0), 3 * 24 * 60),
    ],
)
def test_downtime_minutes(
    start: datetime | None, end: datetime | None, now: datetime, expected: int | None
) -> None:
    assert downtime_minutes(start, end, now) == expected


@pytest.mark.parametrize(
    ("lines", "rates", "cost", "unrated"),
    [
        ([], {}, Decimal("0.00"), 0),
        ([(ANNE, 60)], {ANNE: Decimal("42.00")}, Decimal("42.00"), 0),
        ([(ANNE, 90), (BOB, 30)], {ANNE: Decimal("40"), BOB: Decimal("60")}, Decimal("90.00"), 0),
        ([(ANNE, 10)], {ANNE: Decimal("35.50")}, Decimal("5.92"), 0),  # 5.9166.. to the cent
        ([(ANNE, 60), (CARL, 45)], {ANNE: Decimal("40")}, Decimal("40.00"), 45),  # no rate
        ([(ANNE, 60)], {ANNE: None}, Decimal("0.00"), 60),
    ],
)
def test_labour_cost_is_minutes_times_the_hourly_rate(
    lines: list[tuple[uuid.UUID, int]],
    rates: dict[uuid.UUID, Decimal | None],
    cost: Decimal,
    unrated: int,
) -> None:
    assert labour_cost([LabourLine(u, n) for u, n in lines], rates) == (cost, unrated)


@pytest.mark.parametrize(
    ("movements", "expected"),
    [
        ([], Decimal("0.00")),
        ([(Decimal("-2"), Decimal("12.50"))], Decimal("25.00")),  # an issue costs
        ([(Decimal("-2"), Decimal("12.50")), (Decimal("2"), Decimal("12.50"))], Decimal("0.00")),
        ([(Decimal("-1.5"), Decimal("3.33")), (Decimal("-1"), None)], Decimal("5.00")),
    ],
)
def test_parts_cost_nets_issues_and_returns(
    movements: list[tuple[Decimal, Decimal | None]], expected: Decimal
) -> None:
    assert parts_cost(movements) == expected


def test_cost_breakdown_adds_labour_parts_and_external() -> None:
    breakdown = cost_breakdown(
        [LabourLine(ANNE, 120), LabourLine(BOB, 30)],
        {ANNE: Decimal("40"), BOB: None},
        [(Decimal("-3"), Decimal("10.00"))],
        Decimal("250"),
    )
    assert breakdown.labour_minutes == 150
    assert breakdown.labour == Decimal("80.00")
    assert breakdown.parts == Decimal("30.00")
    assert breakdown.external == Decimal("250.00")
    assert breakdown.unrated_minutes == 30
    assert breakdown.total == Decimal("360.00")


def test_labour_lines_read_the_stored_json() -> None:
    stored = [{"user_id": str(ANNE), "minutes": 30}, {"user_id": str(BOB)}, {"minutes": 4}]
    assert labour_lines(stored) == [LabourLine(ANNE, 30)]
    assert labour_lines(None) == []


def test_failure_numbers_come_from_the_id() -> None:
    failure_id = uuid.UUID("0123abcd-ef45-4678-9abc-def012345678")
    assert failure_number(failure_id) == "DI-0123ABCD"
    assert failure_number(failure_id, 12) == "DI-0123ABCDEF45"


def test_urgency_order_is_most_urgent_then_oldest() -> None:
    tickets = [(2, m(0)), (4, m(30)), (4, m(10)), (1, m(-100)), (3, m(5))]
    ordered = sorted(tickets, key=lambda t: urgency_sort_key(*t))
    assert ordered == [(4, m(10)), (4, m(30)), (3, m(5)), (2, m(0)), (1, m(-100))]


# ------------------------------------------------------------------ escalation


def rule(
    urgency: int, minutes: int, role: Role = Role.SUPERVISOR, **kwargs: object
) -> EscalationRule:
    trigger = kwargs.pop("trigger", Trigger.UNASSIGNED)
    active = kwargs.pop("active", True)
    assert isinstance(trigger, Trigger) and isinstance(active, bool)
    return EscalationRule(
        uuid.uuid4(), f"r{urgency}-{minutes}", urgency, trigger, minutes, role, active
    )


def failure(
    urgency: int, status: str = "reported", reported: float = 0, assigned: float | None = None
) -> FailureClock:
    return FailureClock(
        uuid.uuid4(), urgency, status, m(reported), None if assigned is None else m(assigned)
    )


URGENT_15 = rule(4, 15)


@pytest.mark.parametrize(
    ("case", "the_failure", "rules", "now", "fires"),
    [
        ("not yet", failure(4), [URGENT_15], m(14), False),
        ("exactly due", failure(4), [URGENT_15], m(15), True),
        ("overdue", failure(4), [URGENT_15], m(300), True),
        ("other urgency", failure(3), [URGENT_15], m(300), False),
        ("assigned meanwhile", failure(4, "assigned", 0, 5), [URGENT_15], m(300), False),
        ("closed", failure(4, "validated"), [URGENT_15], m(300), False),
        ("inactive rule", failure(4), [rule(4, 15, active=False)], m(300), False),
        (
            "not started: counted from the assignment",
            failure(4, "assigned", 0, 100),
            [rule(4, 30, trigger=Trigger.NOT_STARTED)],
            m(129),
            False,
        ),
        (
            "not started and due",
            failure(4, "assigned", 0, 100),
            [rule(4, 30, trigger=Trigger.NOT_STARTED)],
            m(130),
            True,
        ),
        (
            "started: nothing",
            failure(4, "in_progress", 0, 1),
            [rule(4, 30, trigger=Trigger.NOT_STARTED)],
            m(500),
            False,
        ),
    ],
)
def test_escalation_fires_when_due(
    case: str, the_failure: FailureClock, rules: list[EscalationRule], now: datetime, fires: bool
) -> None:
    found = evaluate([the_failure], rules, now)
    assert bool(found) == fires, case
    if fires:
        [escalation] = found
        assert escalation.failure_id == the_failure.id
        assert escalation.rule_id == rules[0].id
        assert escalation.due_at <= now


def test_one_escalation_per_failure_and_role_the_first_that_fired() -> None:
    early, late, admin = rule(4, 15), rule(4, 60), rule(4, 60, Role.ADMIN)
    ticket = failure(4)
    found = evaluate([ticket], [late, early, admin], m(120))
    assert [(e.escalate_to, e.rule_id, e.overdue_minutes) for e in found] == [
        (Role.SUPERVISOR, early.id, 105),  # the most overdue first
        (Role.ADMIN, admin.id, 60),
    ]


def test_escalations_are_ordered_by_urgency_then_how_long_overdue() -> None:
    rules = [rule(4, 15), rule(3, 60)]
    high_old, critical, high_new = failure(3, reported=-500), failure(4), failure(3, reported=0)
    found = evaluate([high_new, critical, high_old], rules, m(120))
    assert [e.failure_id for e in found] == [critical.id, high_old.id, high_new.id]


def test_the_default_rules_escalate_an_unassigned_critical_failure_to_the_supervisor() -> None:
    found = evaluate([failure(4)], DEFAULT_RULES, m(20))
    assert [(e.escalate_to, e.trigger) for e in found] == [(Role.SUPERVISOR, Trigger.UNASSIGNED)]
    assert len({r.id for r in DEFAULT_RULES}) == len(DEFAULT_RULES)
