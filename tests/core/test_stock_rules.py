"""The stock ledger's arithmetic, purchase-order statuses, replenishment and forecasts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cmms_core.rules.stock import (
    Consumption,
    Movement,
    MovementKind,
    PartPosition,
    POStatus,
    StockLevel,
    StockRuleError,
    SupplierPrice,
    best_price,
    count_adjustment,
    daily_consumption,
    exponential_smoothing,
    forecast_consumption,
    on_hand_at,
    open_reservations,
    part_totals,
    po_transition,
    replenishment_suggestions,
    reversal_quantity,
    signed_quantity,
    status_after_receipt,
    stock_levels,
    suggested_quantity,
    weekly_series,
)

D = Decimal
K = MovementKind
PART, OTHER = uuid.UUID(int=1), uuid.UUID(int=2)
BIN_A, BIN_B = uuid.UUID(int=10), uuid.UUID(int=11)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def mv(
    kind: MovementKind,
    qty: str | int | Decimal,
    *,
    part: uuid.UUID = PART,
    loc: uuid.UUID = BIN_A,
    at: int = 0,
    reverses: uuid.UUID | None = None,
    id: uuid.UUID | None = None,
) -> Movement:
    return Movement(
        id=id or uuid.uuid4(),
        part_id=part,
        location_id=loc,
        kind=kind,
        quantity=signed_quantity(kind, qty),
        occurred_at=T0 + timedelta(hours=at),
        reverses_id=reverses,
    )


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        (K.RECEIPT, "5", D(5)),
        (K.RECEIPT, "-5", D(5)),
        (K.ISSUE, "2", D(-2)),
        (K.ISSUE, "-2", D(-2)),
        (K.RETURN, "1.5", D("1.5")),
        (K.TRANSFER_OUT, 3, D(-3)),
        (K.TRANSFER_IN, 3, D(3)),
        (K.ADJUSTMENT, "-4", D(-4)),
        (K.ADJUSTMENT, "4", D(4)),
        (K.ADJUSTMENT, "0", D(0)),
        (K.REVERSAL, "-7", D(-7)),
        (K.RESERVATION, "-2", D(2)),
        (K.RELEASE, "2", D(-2)),
        ("issue", "1", D(-1)),
    ],
)
def test_each_kind_stores_its_sign(kind: MovementKind | str, given: str, stored: D) -> None:
    assert signed_quantity(kind, given) == stored


@pytest.mark.parametrize(
    ("kind", "given"),
    [(K.RECEIPT, "0"), (K.ISSUE, 0), (K.RESERVATION, "0"), ("theft", "1"), (K.RECEIPT, "NaN")],
)
def test_impossible_movements_are_refused(kind: MovementKind | str, given: str) -> None:
    with pytest.raises(StockRuleError):
        signed_quantity(kind, given)


LEDGER_CASES = [
    pytest.param([], {}, id="empty"),
    pytest.param([mv(K.RECEIPT, 10), mv(K.ISSUE, 3)], {(PART, BIN_A): (7, 0)}, id="receipt-issue"),
    pytest.param(
        [mv(K.RECEIPT, 10), mv(K.ISSUE, 4), mv(K.RETURN, 1)],
        {(PART, BIN_A): (7, 0)},
        id="return",
    ),
    pytest.param(
        [mv(K.RECEIPT, 10), mv(K.TRANSFER_OUT, 4), mv(K.TRANSFER_IN, 4, loc=BIN_B)],
        {(PART, BIN_A): (6, 0), (PART, BIN_B): (4, 0)},
        id="transfer-keeps-total",
    ),
    pytest.param(
        [mv(K.RECEIPT, 10), mv(K.ADJUSTMENT, -2)], {(PART, BIN_A): (8, 0)}, id="count-down"
    ),
    pytest.param(
        [mv(K.RECEIPT, 1), mv(K.ISSUE, 1), mv(K.ISSUE, 1)],
        {(PART, BIN_A): (-1, 0)},
        id="two-offline-issues-go-negative",
    ),
    pytest.param([mv(K.RECEIPT, 5), mv(K.RESERVATION, 2)], {(PART, BIN_A): (5, 2)}, id="reserved"),
    pytest.param(
        [mv(K.RECEIPT, 5, part=OTHER), mv(K.RECEIPT, 2)],
        {(PART, BIN_A): (2, 0), (OTHER, BIN_A): (5, 0)},
        id="parts-apart",
    ),
]


@pytest.mark.parametrize(("movements", "expected"), LEDGER_CASES)
def test_levels_from_the_ledger_in_any_order(
    movements: list[Movement], expected: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, int]]
) -> None:
    for ordering in (movements, list(reversed(movements))):
        levels = stock_levels(ordering)
        got = {key: (lvl.on_hand, lvl.reserved) for key, lvl in levels.items()}
        assert got == {key: (D(a), D(b)) for key, (a, b) in expected.items()}


def test_available_is_on_hand_less_reserved_and_negative_is_flagged() -> None:
    assert StockLevel(D(5), D(2)).available == D(3)
    assert not StockLevel(D(0), D(2)).negative
    assert StockLevel(D(0), D(2)).available == D(-2)
    assert StockLevel(D(-1)).negative


def test_releases_end_reservations_and_never_over_release() -> None:
    r1, r2 = uuid.uuid4(), uuid.uuid4()
    ledger = [
        mv(K.RECEIPT, 10),
        mv(K.RESERVATION, 4, id=r1),
        mv(K.RESERVATION, 3, id=r2),
        mv(K.RELEASE, 1, reverses=r1),
        # two clients released r2 offline, both fully: it is released once
        mv(K.RELEASE, 3, reverses=r2),
        mv(K.RELEASE, 3, reverses=r2),
    ]
    assert open_reservations(ledger) == {r1: D(3)}
    assert stock_levels(ledger)[(PART, BIN_A)] == StockLevel(D(10), D(3))


def test_part_totals_add_the_locations() -> None:
    levels = stock_levels([mv(K.RECEIPT, 3), mv(K.RECEIPT, 4, loc=BIN_B), mv(K.RESERVATION, 1)])
    assert part_totals(levels) == {PART: StockLevel(D(7), D(1))}


def test_on_hand_at_a_time_and_the_count_adjustment() -> None:
    ledger = [mv(K.RECEIPT, 10, at=0), mv(K.ISSUE, 2, at=2), mv(K.ISSUE, 5, at=5)]
    held = on_hand_at(ledger, (PART, BIN_A), T0 + timedelta(hours=3))
    assert held == D(8)
    # counted 6 at hour 3: the adjustment is -2; the issue at hour 5 is not counted twice
    adjustment = count_adjustment(D(6), held)
    assert adjustment == D(-2)
    after = stock_levels([*ledger, mv(K.ADJUSTMENT, adjustment, at=3)])
    assert after[(PART, BIN_A)].on_hand == D(1)
    with pytest.raises(StockRuleError):
        count_adjustment(D(-1), D(0))


def test_a_reversal_negates_and_is_not_reversed() -> None:
    issue = mv(K.ISSUE, 3)
    assert reversal_quantity(issue) == D(3)
    with pytest.raises(StockRuleError):
        reversal_quantity(mv(K.RESERVATION, 1))
    with pytest.raises(StockRuleError):
        reversal_quantity(mv(K.REVERSAL, 3))


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        ("draft", "send", POStatus.SENT),
        ("draft", "cancel", POStatus.CANCELLED),
        ("sent", "cancel", POStatus.CANCELLED),
        ("partially_received", "close", POStatus.CLOSED),
        ("received", "close", POStatus.CLOSED),
        ("sent", "send", None),
        ("draft", "close", None),
        ("partially_received", "cancel", None),
        ("closed", "cancel", None),
        ("cancelled", "send", None),
        ("received", "dance", None),
    ],
)
def test_purchase_order_transitions(status: str, action: str, target: POStatus | None) -> None:
    assert po_transition(status, action) == target


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        ([(D(5), D(5))], POStatus.RECEIVED),
        ([(D(5), D(6))], POStatus.RECEIVED),
        ([(D(5), D(2))], POStatus.PARTIALLY_RECEIVED),
        ([(D(5), D(5)), (D(2), D(0))], POStatus.PARTIALLY_RECEIVED),
    ],
)
def test_status_after_a_receipt(lines: list[tuple[D, D]], status: POStatus) -> None:
    assert status_after_receipt(lines) == status


SUP_A, SUP_B = uuid.UUID(int=100), uuid.UUID(int=101)
DAY = date(2026, 3, 2)


def price(
    supplier: uuid.UUID,
    amount: str,
    *,
    part: uuid.UUID = PART,
    preferred: bool = False,
    start: date | None = None,
    end: date | None = None,
    lead: int | None = None,
) -> SupplierPrice:
    return SupplierPrice(supplier, part, D(amount), start, end, lead, preferred)


@pytest.mark.parametrize(
    ("prices", "chosen"),
    [
        ([], None),
        ([price(SUP_A, "10"), price(SUP_B, "8")], SUP_B),
        ([price(SUP_A, "10", preferred=True), price(SUP_B, "8")], SUP_A),
        ([price(SUP_A, "10", preferred=True, end=date(2026, 3, 1)), price(SUP_B, "8")], SUP_B),
        ([price(SUP_A, "5", start=date(2026, 3, 3)), price(SUP_B, "8")], SUP_B),
        ([price(SUP_A, "8", lead=20), price(SUP_B, "8", lead=5)], SUP_B),
        ([price(SUP_A, "8", start=DAY, end=DAY)], SUP_A),
    ],
)
def test_best_price_prefers_the_preferred_valid_supplier(
    prices: list[SupplierPrice], chosen: uuid.UUID | None
) -> None:
    best = best_price(prices, DAY)
    assert (best.supplier_id if best else None) == chosen


@pytest.mark.parametrize(
    ("position", "suggested"),
    [
        (PartPosition(PART, D(5), D(20), on_hand=D(4)), D(16)),
        (PartPosition(PART, D(5), D(20), on_hand=D(5)), D(0)),
        (PartPosition(PART, D(5), D(20), on_hand=D(8), reserved=D(4)), D(16)),
        (PartPosition(PART, D(5), D(20), on_hand=D(2), on_order=D(10)), D(0)),
        (PartPosition(PART, D(5), D(0), on_hand=D(1)), D(4)),  # no maximum: up to the minimum
        (PartPosition(PART, D(0), D(0), on_hand=D(-3)), D(0)),  # not stocked
        (PartPosition(PART, D(2), D(6), on_hand=D(-3)), D(9)),
    ],
)
def test_suggested_quantities(position: PartPosition, suggested: D) -> None:
    assert suggested_quantity(position) == suggested


def test_suggestions_group_by_supplier_and_keep_unpriced_parts_last() -> None:
    third = uuid.UUID(int=3)
    positions = [
        PartPosition(PART, D(5), D(10), on_hand=D(1)),
        PartPosition(OTHER, D(2), D(4), on_hand=D(0)),
        PartPosition(third, D(1), D(1), on_hand=D(0)),
        PartPosition(uuid.UUID(int=4), D(1), D(1), on_hand=D(7)),  # fine as it is
    ]
    prices = [
        price(SUP_A, "3", part=PART, preferred=True),
        price(SUP_B, "2", part=PART),
        price(SUP_A, "9", part=OTHER, lead=4),
    ]
    groups = replenishment_suggestions(positions, prices, DAY)
    assert [g.supplier_id for g in groups] == [SUP_A, None]
    assert [(ln.part_id, ln.quantity, ln.unit_price) for ln in groups[0].lines] == [
        (PART, D(9), D(3)),
        (OTHER, D(4), D(9)),
    ]
    assert groups[0].total == D(9 * 3 + 4 * 9)
    assert [(ln.part_id, ln.unit_price) for ln in groups[1].lines] == [(third, None)]


def test_daily_consumption_counts_issues_less_returns_only() -> None:
    ledger = [
        mv(K.RECEIPT, 50, at=0),
        mv(K.ISSUE, 3, at=1),
        mv(K.RETURN, 1, at=2),
        mv(K.TRANSFER_OUT, 5, at=3),
        mv(K.ADJUSTMENT, -2, at=4),
        mv(K.ISSUE, 4, at=30),
    ]
    assert daily_consumption(ledger) == [
        Consumption(T0.date(), D(2)),
        Consumption(T0.date() + timedelta(days=1), D(4)),
    ]


def test_weekly_series_and_smoothing() -> None:
    today = date(2026, 3, 30)
    history = [
        Consumption(today - timedelta(days=1), D(2)),  # last week
        Consumption(today - timedelta(days=7), D(3)),  # last week too (days 1..7 back)
        Consumption(today - timedelta(days=8), D(5)),  # the week before
        Consumption(today, D(100)),  # today is not history yet
        Consumption(today - timedelta(days=30), D(100)),  # out of the window
    ]
    assert weekly_series(history, today, 3) == [0.0, 5.0, 5.0]
    assert exponential_smoothing([], 0.5) == 0
    assert exponential_smoothing([4.0, 8.0], 0.5) == 6.0
    assert exponential_smoothing([4.0, 8.0, 8.0], 1.0) == 8.0
    with pytest.raises(ValueError):
        exponential_smoothing([1.0], 0)


def test_forecast_steady_consumption_and_planned_work() -> None:
    today = date(2026, 3, 30)
    # 7 parts a week, every week, for 26 weeks: one a day
    history = [Consumption(today - timedelta(days=d), D(1)) for d in range(1, 7 * 26 + 1)]
    planned = [
        Consumption(today + timedelta(days=3), D(5)),
        Consumption(today + timedelta(days=40), D(2)),
    ]
    forecast = forecast_consumption(history, today, planned=planned, lead_time_days=14)
    assert forecast.weekly_rate == pytest.approx(7.0)
    assert forecast.daily_rate == pytest.approx(1.0)
    assert forecast.safety_stock == pytest.approx(0.0)  # no variation, no safety stock
    # 14 days at one a day, plus the 5 planned within the lead time
    assert forecast.lead_time_demand == pytest.approx(19.0)
    assert forecast.reorder_point == 19
    assert len(forecast.weeks) == 12
    assert forecast.weeks[0].planned == 5 and forecast.weeks[0].total == pytest.approx(12.0)
    assert forecast.weeks[5].planned == 2  # day 40 is in week 5
    assert forecast.planned_total == 7


def test_forecast_without_history_and_with_variation() -> None:
    today = date(2026, 3, 30)
    empty = forecast_consumption([], today)
    assert empty.reorder_point == 0 and empty.notes
    # alternately 0 and 14 a week: a safety stock appears
    history = [Consumption(today - timedelta(days=7 * w + 1), D(14)) for w in range(0, 26, 2)]
    varied = forecast_consumption(history, today, lead_time_days=7)
    assert varied.safety_stock > 0
    assert varied.reorder_point >= varied.lead_time_demand + varied.safety_stock
