"""Stock ledger arithmetic, replenishment and consumption forecasts: pure functions, no I/O.

The ledger (``stock_movements``) is insert-only. Every movement has a kind and
a signed quantity; what is in stock is derived from the movements, never
stored, so offline movements from several counters merge by union.

Kinds and their sign::

    kind          sign  counts in      what it records
    receipt        +    on hand        parts come in (a purchase-order receipt...)
    issue          -    on hand        parts go out (to an intervention, a work order)
    return         +    on hand        unused parts come back
    transfer_out   -    on hand        one half of a transfer (same ref_id as its pair)
    transfer_in    +    on hand        the other half
    adjustment     +/-  on hand        a count: the delta from the ledger to what was counted
    reversal       +/-  on hand        the correction of a movement (reverses_id), its negation
    reservation    +    reserved       parts set aside for a planned task (ref)
    release        -    reserved       the end of a reservation (reverses_id = the reservation)

available = on hand - reserved. A stock below zero is allowed (two counters
offline may both issue the last part): it is flagged for review, never refused.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    ISSUE = "issue"
    RETURN = "return"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    RESERVATION = "reservation"
    RELEASE = "release"


_K = MovementKind

# +1 / -1: the quantity always takes this sign; 0: the quantity is signed as given.
SIGN: Mapping[MovementKind, int] = {
    _K.RECEIPT: 1,
    _K.ISSUE: -1,
    _K.RETURN: 1,
    _K.TRANSFER_OUT: -1,
    _K.TRANSFER_IN: 1,
    _K.ADJUSTMENT: 0,
    _K.REVERSAL: 0,
    _K.RESERVATION: 1,
    _K.RELEASE: -1,
}
RESERVATION_KINDS = frozenset({_K.RESERVATION, _K.RELEASE})
ON_HAND_KINDS = frozenset(MovementKind) - RESERVATION_KINDS
# what parts leave the store for (a consumption), and what brings unused ones back
CONSUMPTION_KINDS = frozenset({_K.ISSUE, _K.RETURN})


class StockRuleError(ValueError):
    """A movement that cannot be: a zero quantity, a kind that does not exist."""


def signed_quantity(kind: MovementKind | str, quantity: Decimal | int | str) -> Decimal:
    """The quantity as the ledger stores it: the kind's sign applied to its size.

    An issue of 2 or of -2 is stored -2; an adjustment or a reversal keeps the
    sign it is given (a count may find more or fewer parts). Zero is refused
    except for an adjustment (a count that confirms the ledger).
    """
    try:
        kind = MovementKind(kind)
    except ValueError as error:
        raise StockRuleError(f"no movement kind is called {kind!r}") from error
    value = Decimal(quantity)
    if not value.is_finite():
        raise StockRuleError("a quantity must be a finite number")
    if value == 0 and kind is not _K.ADJUSTMENT:
        raise StockRuleError(f"a {kind.value} of zero parts records nothing")
    sign = SIGN[kind]
    return value if sign == 0 else sign * abs(value)


def affects_on_hand(kind: MovementKind | str) -> bool:
    return MovementKind(kind) in ON_HAND_KINDS


@dataclass(frozen=True)
class Movement:
    """One ledger line, as the arithmetic needs it (quantity already signed)."""

    id: uuid.UUID
    part_id: uuid.UUID
    location_id: uuid.UUID
    kind: MovementKind
    quantity: Decimal
    occurred_at: datetime
    reverses_id: uuid.UUID | None = None
    ref_table: str | None = None
    ref_id: uuid.UUID | None = None


@dataclass(frozen=True)
class StockLevel:
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def negative(self) -> bool:
        """Below zero: flagged for review (after a sync of offline issues, typically)."""
        return self.on_hand < 0


StockKey = tuple[uuid.UUID, uuid.UUID]  # (part_id, location_id)


def open_reservations(movements: Iterable[Movement]) -> dict[uuid.UUID, Decimal]:
    """{reservation id: what is still reserved} for the reservations not fully released.

    A reservation is released by ``release`` movements pointing back at it;
    releases beyond what was reserved (two offline clients releasing the same
    reservation) never make it negative.
    """
    reserved: dict[uuid.UUID, Decimal] = {}
    released: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for m in movements:
        if m.kind is _K.RESERVATION:
            reserved[m.id] = reserved.get(m.id, ZERO) + abs(m.quantity)
        elif m.kind is _K.RELEASE and m.reverses_id is not None:
            released[m.reverses_id] += abs(m.quantity)
    remaining = {rid: qty - released[rid] for rid, qty in reserved.items()}
    return {rid: qty for rid, qty in remaining.items() if qty > 0}


def stock_levels(movements: Iterable[Movement]) -> dict[StockKey, StockLevel]:
    """On hand and reserved per (part, location), from the ledger (any order)."""
    moves = list(movements)
    on_hand: dict[StockKey, Decimal] = defaultdict(lambda: ZERO)
    keys: set[StockKey] = set()
    by_id: dict[uuid.UUID, Movement] = {}
    for m in moves:
        key = (m.part_id, m.location_id)
        keys.add(key)
        if m.kind in ON_HAND_KINDS:
            on_hand[key] += m.quantity
        elif m.kind is _K.RESERVATION:
            by_id[m.id] = m
    reserved: dict[StockKey, Decimal] = defaultdict(lambda: ZERO)
    for rid, qty in open_reservations(moves).items():
        r = by_id[rid]
        reserved[(r.part_id, r.location_id)] += qty
    return {key: StockLevel(on_hand[key], reserved[key]) for key in keys}


def part_totals(levels: Mapping[StockKey, StockLevel]) -> dict[uuid.UUID, StockLevel]:
    """The levels of each part summed over its locations."""
    totals: dict[uuid.UUID, StockLevel] = {}
    for (part_id, _location), level in levels.items():
        old = totals.get(part_id, StockLevel())
        totals[part_id] = StockLevel(old.on_hand + level.on_hand, old.reserved + level.reserved)
    return totals


def on_hand_at(movements: Iterable[Movement], key: StockKey, at: datetime) -> Decimal:
    """What the ledger held for (part, location) at ``at`` (movements up to it, included)."""
    return sum(
        (
            m.quantity
            for m in movements
            if (m.part_id, m.location_id) == key and m.kind in ON_HAND_KINDS and m.occurred_at <= at
        ),
        ZERO,
    )


def count_adjustment(counted: Decimal, on_hand: Decimal) -> Decimal:
    """The adjustment a count records: what takes the ledger to what was counted."""
    if counted < 0:
        raise StockRuleError("a count cannot find fewer than zero parts")
    return counted - on_hand


def reversal_quantity(original: Movement) -> Decimal:
    """The quantity of the movement that cancels ``original`` (an on-hand movement)."""
    if original.kind not in ON_HAND_KINDS:
        raise StockRuleError("a reservation is ended by a release, not a reversal")
    if original.kind is _K.REVERSAL:
        raise StockRuleError("a reversal is not reversed: record a new movement")
    return -original.quantity


# ----------------------------------------------------------------- purchase orders


class POStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# what a user may ask (receipts move sent -> partially_received -> received by themselves)
PO_TRANSITIONS: Mapping[str, Mapping[POStatus, frozenset[POStatus]]] = {
    "send": {POStatus.DRAFT: frozenset({POStatus.SENT})},
    "close": {
        POStatus.PARTIALLY_RECEIVED: frozenset({POStatus.CLOSED}),
        POStatus.RECEIVED: frozenset({POStatus.CLOSED}),
    },
    "cancel": {
        POStatus.DRAFT: frozenset({POStatus.CANCELLED}),
        POStatus.SENT: frozenset({POStatus.CANCELLED}),
    },
}
PO_ACTION_TARGET: Mapping[str, POStatus] = {
    "send": POStatus.SENT,
    "close": POStatus.CLOSED,
    "cancel": POStatus.CANCELLED,
}
RECEIVABLE = frozenset({POStatus.SENT, POStatus.PARTIALLY_RECEIVED})
OPEN_PO_STATUSES = frozenset({POStatus.DRAFT, POStatus.SENT, POStatus.PARTIALLY_RECEIVED})


def po_transition(status: POStatus | str, action: str) -> POStatus | None:
    """The status ``action`` leads to from ``status``, or None when it is not allowed."""
    allowed = PO_TRANSITIONS.get(action, {}).get(POStatus(status))
    if not allowed:
        return None
    return PO_ACTION_TARGET[action]


def status_after_receipt(lines: Iterable[tuple[Decimal, Decimal]]) -> POStatus:
    """``(ordered, received)`` per line -> received when every line is, else partially."""
    pairs = list(lines)
    if pairs and all(received >= ordered for ordered, received in pairs):
        return POStatus.RECEIVED
    return POStatus.PARTIALLY_RECEIVED


# ----------------------------------------------------------------- suppliers, replenishment


def price_valid_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """Whether a price with these validity dates (both included, None: open) holds on ``day``."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


@dataclass(frozen=True)
class SupplierPrice:
    supplier_id: uuid.UUID
    part_id: uuid.UUID
    unit_price: Decimal
    valid_from: date | None = None
    valid_to: date | None = None
    lead_time_days: int | None = None
    preferred: bool = False

    def valid_on(self, day: date) -> bool:
        return price_valid_on(self.valid_from, self.valid_to, day)


def best_price(prices: Iterable[SupplierPrice], day: date) -> SupplierPrice | None:
    """The price to order at on ``day``: a preferred supplier's valid price first, then the
    cheapest valid one (ties: the shortest lead time, then the supplier id, for a stable pick)."""
    valid = [p for p in prices if p.valid_on(day)]
    if not valid:
        return None
    return min(
        valid,
        key=lambda p: (
            not p.preferred,
            p.unit_price,
            p.lead_time_days if p.lead_time_days is not None else 10**6,
            str(p.supplier_id),
        ),
    )


@dataclass(frozen=True)
class PartPosition:
    """What replenishment needs of one part: its levels and what is already ordered."""

    part_id: uuid.UUID
    min_qty: Decimal
    max_qty: Decimal
    on_hand: Decimal
    reserved: Decimal = ZERO
    on_order: Decimal = ZERO  # ordered on open purchase orders, not yet received

    @property
    def position(self) -> Decimal:
        """Available plus what is on order: what replenishment compares with the minimum."""
        return self.on_hand - self.reserved + self.on_order


def needs_replenishment(part: PartPosition) -> bool:
    return part.min_qty > 0 and part.position < part.min_qty


def suggested_quantity(part: PartPosition) -> Decimal:
    """Up to the maximum (or the minimum when the maximum is below it); 0 when not needed."""
    if not needs_replenishment(part):
        return ZERO
    target = max(part.max_qty, part.min_qty)
    return target - part.position


@dataclass(frozen=True)
class SuggestedLine:
    part_id: uuid.UUID
    quantity: Decimal
    unit_price: Decimal | None
    lead_time_days: int | None
    position: Decimal
    min_qty: Decimal
    max_qty: Decimal


@dataclass(frozen=True)
class SupplierSuggestion:
    """The lines of one future purchase order; ``supplier_id`` None: no valid price known."""

    supplier_id: uuid.UUID | None
    lines: tuple[SuggestedLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((ln.quantity * (ln.unit_price or ZERO) for ln in self.lines), ZERO)


def replenishment_suggestions(
    parts: Iterable[PartPosition], prices: Iterable[SupplierPrice], day: date
) -> list[SupplierSuggestion]:
    """Parts under their minimum, suggested up to their maximum, grouped by the supplier
    of their best price on ``day`` (the parts without a valid price come last, grouped
    under ``None``). Suppliers in id order, lines in part id order: stable output."""
    by_part: dict[uuid.UUID, list[SupplierPrice]] = defaultdict(list)
    for offer in prices:
        by_part[offer.part_id].append(offer)
    groups: dict[uuid.UUID | None, list[SuggestedLine]] = defaultdict(list)
    for part in parts:
        quantity = suggested_quantity(part)
        if quantity <= 0:
            continue
        price = best_price(by_part.get(part.part_id, ()), day)
        groups[price.supplier_id if price else None].append(
            SuggestedLine(
                part_id=part.part_id,
                quantity=quantity,
                unit_price=price.unit_price if price else None,
                lead_time_days=price.lead_time_days if price else None,
                position=part.position,
                min_qty=part.min_qty,
                max_qty=part.max_qty,
            )
        )
    ordered = sorted(groups, key=lambda s: (s is None, str(s)))
    return [
        SupplierSuggestion(s, tuple(sorted(groups[s], key=lambda ln: str(ln.part_id))))
        for s in ordered
    ]


# ----------------------------------------------------------------- consumption forecast


@dataclass(frozen=True)
class Consumption:
    """Net parts consumed on a day (issues minus returns), for the forecast."""

    day: date
    quantity: Decimal


def daily_consumption(movements: Iterable[Movement]) -> list[Consumption]:
    """Net consumption per day from issues and returns (transfers, counts and receipts
    are not consumption). Days in order; days without consumption left out."""
    per_day: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for m in movements:
        if m.kind in CONSUMPTION_KINDS:
            per_day[m.occurred_at.date()] -= m.quantity
    return [Consumption(d, q) for d, q in sorted(per_day.items())]


def weekly_series(history: Iterable[Consumption], today: date, weeks: int) -> list[float]:
    """Consumption of each of the last ``weeks`` whole weeks before ``today``, oldest first
    (week i covers the 7 days ending 7*(weeks-i) days before today, exclusive of today)."""
    start = today - timedelta(days=7 * weeks)
    series = [0.0] * weeks
    for c in history:
        if start <= c.day < today:
            series[(c.day - start).days // 7] += float(c.quantity)
    return series


def exponential_smoothing(series: Sequence[float], alpha: float) -> float:
    """Simple exponential smoothing (no trend, no season): the level after the series."""
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    if not series:
        return 0.0
    level = series[0]
    for value in series[1:]:
        level = alpha * value + (1 - alpha) * level
    return level


@dataclass(frozen=True)
class ForecastWeek:
    start: date
    baseline: float  # the smoothed weekly consumption
    planned: float  # what reservations for that week ask for
    total: float


@dataclass(frozen=True)
class Forecast:
    """A part's consumption forecast and the reorder point it suggests, with its reasons.

    ``weekly_rate``: smoothed weekly consumption over the ``history`` weeks;
    ``daily_rate`` = weekly_rate / 7; lead-time demand = daily_rate x lead time;
    safety stock = z x (std dev of weekly consumption / sqrt 7) x sqrt(lead time);
    reorder point = lead-time demand + safety stock, rounded up.
    """

    history: tuple[float, ...]
    weekly_rate: float
    daily_rate: float
    weeks: tuple[ForecastWeek, ...]
    lead_time_days: int
    lead_time_demand: float
    safety_stock: float
    reorder_point: int
    planned_total: float = 0.0
    notes: tuple[str, ...] = field(default=())


def _stdev(series: Sequence[float]) -> float:
    if len(series) < 2:
        return 0.0
    mean = sum(series) / len(series)
    return math.sqrt(sum((v - mean) ** 2 for v in series) / (len(series) - 1))


def forecast_consumption(
    history: Iterable[Consumption],
    today: date,
    *,
    history_weeks: int = 26,
    horizon_weeks: int = 12,
    alpha: float = 0.3,
    planned: Iterable[Consumption] = (),
    lead_time_days: int = 14,
    service_z: float = 1.65,
) -> Forecast:
    """Weekly forecast from the last ``history_weeks`` of consumption and the planned
    reservations (``planned``: their quantity on the day they are needed), plus the
    reorder point for ``lead_time_days`` at a service level given by ``service_z``
    (1.65: about 95 % of lead times without a stock-out, demand being roughly normal)."""
    series = weekly_series(history, today, history_weeks)
    planned = list(planned)
    rate = max(exponential_smoothing(series, alpha), 0.0)
    planned_by_week: dict[int, float] = defaultdict(float)
    for c in planned:
        offset = (c.day - today).days
        if 0 <= offset < 7 * horizon_weeks:
            planned_by_week[offset // 7] += float(c.quantity)
    weeks = tuple(
        ForecastWeek(
            start=today + timedelta(days=7 * i),
            baseline=rate,
            planned=planned_by_week[i],
            total=rate + planned_by_week[i],
        )
        for i in range(horizon_weeks)
    )
    daily = rate / 7
    lead = max(lead_time_days, 0)
    lead_planned = sum(float(c.quantity) for c in planned if 0 <= (c.day - today).days < lead)
    lead_demand = daily * lead + lead_planned
    safety = service_z * (_stdev(series) / math.sqrt(7)) * math.sqrt(lead)
    notes: list[str] = []
    if not any(series):
        notes.append("no consumption in the history window")
    return Forecast(
        history=tuple(series),
        weekly_rate=rate,
        daily_rate=daily,
        weeks=weeks,
        lead_time_days=lead,
        lead_time_demand=lead_demand,
        safety_stock=safety,
        reorder_point=math.ceil(round(lead_demand + safety, 9)),
        planned_total=sum(w.planned for w in weeks),
        notes=tuple(notes),
    )
