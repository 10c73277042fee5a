"""Lookups of the repair intervention sheet: known root causes, a part's stock per store.

The sheet itself is read with ``queries.failures.get_failure_detail``; these
are the helpers of its form (the root-cause combo, the parts picker).
Every function takes an Engine or a Connection (``Database``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select

from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.inventory import stock_movements, storage_locations
from cmms_desktop.store.queries.equipment import Database, _connect
from cmms_desktop.store.queries.parts import RESERVATION_KINDS

__all__ = ["StoreStock", "known_root_causes", "part_stock_by_location", "sample_failure_id"]


def known_root_causes(
    db: Database, failure_type_id: uuid.UUID | None = None, limit: int = 40
) -> list[str]:
    """Root causes already written on sheets, most used first.

    Those of failures of ``failure_type_id`` come first (what usually causes
    this kind of failure), then the others. Values differing only by
    surrounding blanks are one.
    """
    r, f = repair_interventions.c, failures.c
    cause = func.trim(r.root_cause)
    same_type = (
        func.max(case((f.failure_type_id == failure_type_id, 1), else_=0))
        if failure_type_id is not None
        else func.max(0)
    )
    query = (
        select(cause.label("cause"), same_type.label("same"), func.count().label("uses"))
        .select_from(repair_interventions.join(failures, f.id == r.failure_id))
        .where(r.deleted_at.is_(None), r.root_cause.is_not(None), cause != "")
        .group_by(cause)
        .order_by(same_type.desc(), func.count().desc(), cause)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [str(row.cause) for row in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class StoreStock:
    """A store location of a site and what it holds of one part."""

    location_id: uuid.UUID
    code: str
    store: str
    on_hand: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


def part_stock_by_location(
    db: Database, part_id: uuid.UUID, site_id: uuid.UUID
) -> list[StoreStock]:
    """Every live location of ``site_id`` with its stock of the part; stocked ones first."""
    sl, m = storage_locations.c, stock_movements.c
    reserved = func.sum(m.quantity).filter(m.kind.in_(RESERVATION_KINDS))
    on_hand = func.sum(m.quantity).filter(m.kind.not_in(RESERVATION_KINDS))
    sums = (
        select(
            m.location_id.label("location_id"),
            func.coalesce(on_hand, 0).label("on_hand"),
            func.coalesce(reserved, 0).label("reserved"),
        )
        .where(m.part_id == part_id, m.deleted_at.is_(None), m.site_id == site_id)
        .group_by(m.location_id)
        .subquery()
    )
    query = (
        select(
            sl.id,
            sl.code,
            sl.store,
            func.coalesce(sums.c.on_hand, 0).label("on_hand"),
            func.coalesce(sums.c.reserved, 0).label("reserved"),
        )
        .select_from(storage_locations.outerjoin(sums, sums.c.location_id == sl.id))
        .where(sl.site_id == site_id, sl.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        found = [
            StoreStock(row.id, row.code, row.store, Decimal(row.on_hand), Decimal(row.reserved))
            for row in connection.execute(query)
        ]
    found.sort(key=lambda s: (s.on_hand <= 0, s.code))
    return found


def sample_failure_id(
    db: Database, scope_site_ids: frozenset[uuid.UUID] | None = None
) -> uuid.UUID | None:
    """A ticket whose sheet is filled (time and parts), for screenshots and demos.

    One waiting for validation first, then one in progress, then a closed one;
    the most recent of them.
    """
    r, f = repair_interventions.c, failures.c
    preference = case((f.status == "done", 0), (f.status == "in_progress", 1), else_=2)
    query = (
        select(f.id)
        .select_from(failures.join(repair_interventions, r.failure_id == f.id))
        .where(
            f.deleted_at.is_(None),
            r.deleted_at.is_(None),
            r.labour_minutes > 0,
            r.parts_cost > 0,
            r.diagnosis.is_not(None),
        )
        .order_by(preference, f.reported_at.desc())
        .limit(1)
    )
    if scope_site_ids is not None:
        query = query.where(f.site_id.in_(sorted(scope_site_ids)))
    with _connect(db) as connection:
        found = connection.execute(query).scalar_one_or_none()
    return found if isinstance(found, uuid.UUID) else None
