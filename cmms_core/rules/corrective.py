"""Corrective maintenance computations: ticket numbers, downtime, costs, urgency order.

Pure functions, no I/O: the mutations (``cmms_core.mutations.corrective``) and
the screens' queries (``cmms_desktop.store.queries.failures``) both use them,
so a cost or a downtime is computed one way everywhere.

Costs of a repair sheet::

    labour   = sum over its labour lines of minutes / 60 × the technician's hourly rate
               (``users.hourly_rate``; a technician without a rate costs nothing and
               their minutes are reported as ``unrated_minutes``)
    parts    = sum over its stock movements of -quantity × unit cost
               (an issue is negative, its reversal positive: a part put back costs nothing)
    external = the sheet's ``external_cost`` (contractors, external services)
    total    = labour + parts + external, every amount rounded to the cent
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

__all__ = [
    "URGENCY_LABELS",
    "URGENCY_LEVELS",
    "CostBreakdown",
    "LabourLine",
    "cost_breakdown",
    "downtime_minutes",
    "failure_number",
    "labour_cost",
    "labour_lines",
    "parts_cost",
    "urgency_sort_key",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# 1 low .. 4 critical (failures.urgency)
URGENCY_LEVELS: tuple[int, ...] = (1, 2, 3, 4)
URGENCY_LABELS: Mapping[int, str] = MappingProxyType(
    {1: "low", 2: "normal", 3: "high", 4: "critical"}
)

NUMBER_PREFIX = "DI-"  # "demande d'intervention"


def failure_number(failure_id: uuid.UUID, digits: int = 8) -> str:
    """The human ticket number of a failure, made from its id.

    Ids are made on the device that reports the failure, so numbers made this
    way never collide between offline replicas; ``digits`` grows (12, then 32)
    only when the short form is already taken.
    """
    return f"{NUMBER_PREFIX}{failure_id.hex[:digits].upper()}"


def downtime_minutes(start: datetime | None, end: datetime | None, now: datetime) -> int | None:
    """Whole minutes an equipment was (or still is) stopped; None when it never stopped.

    A downtime that has not ended is live: it runs until ``now``. A stop
    recorded in the future of ``now`` (a clock ahead) counts as 0.
    """
    if start is None:
        return None
    stop = end if end is not None else now
    seconds = (stop - start).total_seconds()
    return max(0, int(seconds // 60))


@dataclass(frozen=True, slots=True)
class LabourLine:
    """Time one technician spent on a repair."""

    user_id: uuid.UUID
    minutes: int


def labour_lines(raw: Iterable[Mapping[str, object]] | None) -> list[LabourLine]:
    """The labour lines as stored in ``repair_interventions.labour`` (JSON)."""
    lines = []
    for entry in raw or ():
        user_id = entry.get("user_id")
        minutes = entry.get("minutes")
        if user_id is None or not isinstance(minutes, int):
            continue
        lines.append(LabourLine(uuid.UUID(str(user_id)), minutes))
    return lines


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def labour_cost(
    lines: Sequence[LabourLine], rates: Mapping[uuid.UUID, Decimal | None]
) -> tuple[Decimal, int]:
    """(cost, minutes without a known rate) of the labour lines."""
    minutes_x_rate = Decimal(0)
    unrated = 0
    for line in lines:
        rate = rates.get(line.user_id)
        if rate is None:
            unrated += line.minutes
            continue
        minutes_x_rate += Decimal(line.minutes) * Decimal(rate)
    return _cents(minutes_x_rate / 60), unrated


def parts_cost(movements: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal:
    """What the parts of a sheet cost: ``(signed quantity, unit cost)`` of its movements."""
    total = Decimal(0)
    for quantity, unit_cost in movements:
        total += -Decimal(quantity) * Decimal(unit_cost or 0)
    return _cents(total)


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    labour_minutes: int
    labour: Decimal
    parts: Decimal
    external: Decimal
    unrated_minutes: int  # labour minutes of technicians without an hourly rate

    @property
    def total(self) -> Decimal:
        return _cents(self.labour + self.parts + self.external)


def cost_breakdown(
    lines: Sequence[LabourLine],
    rates: Mapping[uuid.UUID, Decimal | None],
    movements: Iterable[tuple[Decimal, Decimal | None]],
    external: Decimal | None,
) -> CostBreakdown:
    """The cost of a repair sheet, part by part (see the module's docstring)."""
    labour, unrated = labour_cost(lines, rates)
    return CostBreakdown(
        labour_minutes=sum(line.minutes for line in lines),
        labour=labour,
        parts=parts_cost(movements),
        external=_cents(Decimal(external or 0)),
        unrated_minutes=unrated,
    )


def urgency_sort_key(urgency: int, reported_at: datetime) -> tuple[int, datetime]:
    """The failure list's order: most urgent first, then the oldest first (waiting longest)."""
    return (-urgency, reported_at)
