"""Read queries of the stock screens: the storekeeper's landing page (replenishment
alerts, pending receipts, today's issues), the negative-stock review, locations,
open reservations and count sessions. On the replica (SQLite); ``site_ids`` None
means every site the replica holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from cmms_core.rules.stock import (
    OPEN_PO_STATUSES,
    RECEIVABLE,
    MovementKind,
    PartPosition,
    SupplierPrice,
    SupplierSuggestion,
    replenishment_suggestions,
    suggested_quantity,
)
from cmms_core.schema.failures import failures
from cmms_core.schema.inventory import (
    count_lines,
    count_sessions,
    parts,
    purchase_order_lines,
    purchase_orders,
    stock_movements,
    storage_locations,
    supplier_parts,
    suppliers,
)
from cmms_core.schema.people import users

__all__ = [
    "CountLineRow",
    "Database",
    "IssueRow",
    "LocationOption",
    "NegativeStockRow",
    "PendingReceipt",
    "ReplenishmentAlert",
    "ReservationRow",
    "WorkReference",
    "count_session_lines",
    "list_locations",
    "lookup_work_reference",
    "negative_stock",
    "open_count_sessions",
    "open_reservations",
    "pending_receipts",
    "replenishment_alerts",
    "replenishment_plan",
    "todays_issues",
]

Database = Engine | Connection
m = stock_movements.c
p = parts.c
sl = storage_locations.c
RESERVATION_KINDS = (MovementKind.RESERVATION.value, MovementKind.RELEASE.value)


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


def _sites(column: Any, site_ids: frozenset[uuid.UUID] | None) -> list[Any]:
    return [] if site_ids is None else [column.in_(site_ids)]


# ----------------------------------------------------------------- replenishment


@dataclass(frozen=True, slots=True)
class ReplenishmentAlert:
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    min_qty: Decimal
    max_qty: Decimal
    on_hand: Decimal
    reserved: Decimal
    on_order: Decimal
    suggested_qty: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


def _positions(
    connection: Connection, site_ids: frozenset[uuid.UUID] | None
) -> tuple[list[PartPosition], dict[uuid.UUID, Any]]:
    """Every stocked part (a minimum above zero) with its levels and what is on order."""
    reserved = func.sum(m.quantity).filter(m.kind.in_(RESERVATION_KINDS))
    on_hand = func.sum(m.quantity).filter(m.kind.not_in(RESERVATION_KINDS))
    levels = (
        select(
            m.part_id,
            func.coalesce(on_hand, 0).label("on_hand"),
            func.coalesce(reserved, 0).label("reserved"),
        )
        .where(m.deleted_at.is_(None), *_sites(m.site_id, site_ids))
        .group_by(m.part_id)
        .subquery()
    )
    po, pol = purchase_orders.c, purchase_order_lines.c
    outstanding = func.sum(
        func.max(pol.quantity - pol.received_qty, 0)
        if connection.dialect.name == "sqlite"
        else func.greatest(pol.quantity - pol.received_qty, 0)
    )
    ordered = (
        select(pol.part_id, outstanding.label("on_order"))
        .join(purchase_orders, po.id == pol.purchase_order_id)
        .where(
            po.status.in_([s.value for s in OPEN_PO_STATUSES]),
            po.deleted_at.is_(None),
            pol.deleted_at.is_(None),
            *_sites(po.site_id, site_ids),
        )
        .group_by(pol.part_id)
        .subquery()
    )
    query = (
        select(
            p.id,
            p.reference,
            p.description,
            p.unit,
            p.min_qty,
            p.max_qty,
            func.coalesce(levels.c.on_hand, 0).label("on_hand"),
            func.coalesce(levels.c.reserved, 0).label("reserved"),
            func.coalesce(ordered.c.on_order, 0).label("on_order"),
        )
        .outerjoin(levels, levels.c.part_id == p.id)
        .outerjoin(ordered, ordered.c.part_id == p.id)
        .where(p.deleted_at.is_(None), p.min_qty > 0)
        .order_by(p.reference)
    )
    rows = {r.id: r for r in connection.execute(query)}
    positions = [
        PartPosition(
            part_id=r.id,
            min_qty=Decimal(r.min_qty),
            max_qty=Decimal(r.max_qty),
            on_hand=Decimal(r.on_hand),
            reserved=Decimal(r.reserved),
            on_order=Decimal(r.on_order),
        )
        for r in rows.values()
    ]
    return positions, rows


def replenishment_alerts(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None
) -> list[ReplenishmentAlert]:
    """Parts whose available stock plus what is on order is under their minimum, with the
    quantity suggested to reach their maximum; by reference."""
    with _connect(db) as connection:
        positions, rows = _positions(connection, site_ids)
    alerts = []
    for position in positions:
        quantity = suggested_quantity(position)
        if quantity <= 0:
            continue
        r = rows[position.part_id]
        alerts.append(
            ReplenishmentAlert(
                part_id=r.id,
                reference=r.reference,
                description=r.description,
                unit=r.unit,
                min_qty=position.min_qty,
                max_qty=position.max_qty,
                on_hand=position.on_hand,
                reserved=position.reserved,
                on_order=position.on_order,
                suggested_qty=quantity,
            )
        )
    return alerts


def replenishment_plan(
    db: Database, day: date, site_ids: frozenset[uuid.UUID] | None = None
) -> list[SupplierSuggestion]:
    """The alerts grouped into future purchase orders, one per supplier of the parts' best
    price on ``day`` (preferred first); parts without a valid price last (supplier None).
    Each group's lines give ``po.create`` its lines."""
    with _connect(db) as connection:
        positions, _rows = _positions(connection, site_ids)
        wanted = [pos.part_id for pos in positions if pos.position < pos.min_qty]
        sp = supplier_parts.c
        prices = (
            [
                SupplierPrice(
                    r.supplier_id,
                    r.part_id,
                    Decimal(r.unit_price),
                    r.valid_from,
                    r.valid_to,
                    r.lead_time_days,
                    r.preferred,
                )
                for r in connection.execute(
                    select(supplier_parts)
                    .join(suppliers, suppliers.c.id == sp.supplier_id)
                    .where(
                        sp.deleted_at.is_(None),
                        suppliers.c.deleted_at.is_(None),
                        sp.part_id.in_(wanted),
                    )
                )
            ]
            if wanted
            else []
        )
    return replenishment_suggestions(positions, prices, day)


# ----------------------------------------------------------------- pending receipts


@dataclass(frozen=True, slots=True)
class PendingReceipt:
    id: uuid.UUID
    number: str
    site_id: uuid.UUID
    supplier_id: uuid.UUID
    supplier_name: str
    status: str
    ordered_at: datetime | None
    expected_at: datetime | None
    lines: int
    ordered_qty: Decimal
    received_qty: Decimal
    total: Decimal

    def late(self, now: datetime) -> bool:
        return self.expected_at is not None and self.expected_at < now


def pending_receipts(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None
) -> list[PendingReceipt]:
    """Orders sent and not fully received, the earliest expected first."""
    po, pol = purchase_orders.c, purchase_order_lines.c
    query = (
        select(
            po.id,
            po.number,
            po.site_id,
            po.supplier_id,
            suppliers.c.name.label("supplier_name"),
            po.status,
            po.ordered_at,
            po.expected_at,
            func.count(pol.id).label("lines"),
            func.coalesce(func.sum(pol.quantity), 0).label("ordered_qty"),
            func.coalesce(func.sum(pol.received_qty), 0).label("received_qty"),
            func.coalesce(func.sum(pol.quantity * pol.unit_price), 0).label("total"),
        )
        .join(suppliers, suppliers.c.id == po.supplier_id)
        .outerjoin(
            purchase_order_lines, (pol.purchase_order_id == po.id) & pol.deleted_at.is_(None)
        )
        .where(
            po.status.in_([s.value for s in RECEIVABLE]),
            po.deleted_at.is_(None),
            *_sites(po.site_id, site_ids),
        )
        .group_by(
            po.id,
            po.number,
            po.site_id,
            po.supplier_id,
            suppliers.c.name,
            po.status,
            po.ordered_at,
            po.expected_at,
        )
        .order_by(po.expected_at.is_(None), po.expected_at, po.number)
    )
    with _connect(db) as connection:
        return [
            PendingReceipt(
                id=r.id,
                number=r.number,
                site_id=r.site_id,
                supplier_id=r.supplier_id,
                supplier_name=r.supplier_name,
                status=r.status,
                ordered_at=r.ordered_at,
                expected_at=r.expected_at,
                lines=int(r.lines),
                ordered_qty=Decimal(r.ordered_qty),
                received_qty=Decimal(r.received_qty),
                total=Decimal(r.total),
            )
            for r in connection.execute(query)
        ]


# ----------------------------------------------------------------- today's issues


@dataclass(frozen=True, slots=True)
class IssueRow:
    id: uuid.UUID
    occurred_at: datetime
    part_id: uuid.UUID
    reference: str
    description: str
    quantity: Decimal  # positive: how many left the store (a return: negative)
    location_code: str
    user_name: str | None
    ref_table: str | None
    ref_id: uuid.UUID | None
    kind: str


def todays_issues(
    db: Database,
    start: datetime,
    end: datetime,
    site_ids: frozenset[uuid.UUID] | None = None,
) -> list[IssueRow]:
    """Issues and returns between ``start`` and ``end`` (the local day's bounds, aware),
    newest first (``ix_stock_movements_occurred_at``)."""
    query = (
        select(
            m.id,
            m.occurred_at,
            m.part_id,
            p.reference,
            p.description,
            m.quantity,
            sl.code,
            users.c.full_name,
            m.ref_table,
            m.ref_id,
            m.kind,
        )
        .join(parts, p.id == m.part_id)
        .join(storage_locations, sl.id == m.location_id)
        .outerjoin(users, users.c.id == m.user_id)
        .where(
            m.occurred_at >= start,
            m.occurred_at < end,
            m.kind.in_([MovementKind.ISSUE.value, MovementKind.RETURN.value]),
            m.deleted_at.is_(None),
            *_sites(m.site_id, site_ids),
        )
        .order_by(m.occurred_at.desc(), m.id)
    )
    with _connect(db) as connection:
        return [
            IssueRow(
                r.id,
                r.occurred_at,
                r.part_id,
                r.reference,
                r.description,
                -Decimal(r.quantity),
                r.code,
                r.full_name,
                r.ref_table,
                r.ref_id,
                r.kind,
            )
            for r in connection.execute(query)
        ]


# ----------------------------------------------------------------- negative stock


@dataclass(frozen=True, slots=True)
class NegativeStockRow:
    """A part below zero at a location: more went out than the ledger knew of (two
    counters offline, a receipt not recorded yet). Flagged for review, never hidden."""

    part_id: uuid.UUID
    reference: str
    description: str
    location_id: uuid.UUID
    location_code: str
    site_id: uuid.UUID
    on_hand: Decimal
    last_movement_at: datetime


def negative_stock(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None
) -> list[NegativeStockRow]:
    """Every (part, location) whose on-hand quantity is below zero, the most negative first."""
    total = func.sum(m.quantity)
    query = (
        select(
            m.part_id,
            p.reference,
            p.description,
            m.location_id,
            sl.code,
            sl.site_id,
            total.label("on_hand"),
            func.max(m.occurred_at).label("last_at"),
        )
        .join(parts, p.id == m.part_id)
        .join(storage_locations, sl.id == m.location_id)
        .where(
            m.deleted_at.is_(None),
            m.kind.not_in(RESERVATION_KINDS),
            *_sites(m.site_id, site_ids),
        )
        .group_by(m.part_id, p.reference, p.description, m.location_id, sl.code, sl.site_id)
        .having(total < 0)
        .order_by(total, p.reference, sl.code)
    )
    with _connect(db) as connection:
        return [
            NegativeStockRow(
                r.part_id,
                r.reference,
                r.description,
                r.location_id,
                r.code,
                r.site_id,
                Decimal(r.on_hand),
                r.last_at,
            )
            for r in connection.execute(query)
        ]


# ----------------------------------------------------------------- locations, reservations, counts


@dataclass(frozen=True, slots=True)
class LocationOption:
    id: uuid.UUID
    site_id: uuid.UUID
    code: str
    store: str
    aisle: str | None
    shelf: str | None
    bin: str | None


def list_locations(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None
) -> list[LocationOption]:
    query = (
        select(sl.id, sl.site_id, sl.code, sl.store, sl.aisle, sl.shelf, sl.bin)
        .where(sl.deleted_at.is_(None), *_sites(sl.site_id, site_ids))
        .order_by(sl.code, sl.id)
    )
    with _connect(db) as connection:
        return [LocationOption(*r) for r in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class ReservationRow:
    id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    location_id: uuid.UUID
    needed_at: datetime
    reserved: Decimal
    remaining: Decimal
    ref_table: str | None
    ref_id: uuid.UUID | None


def open_reservations(
    db: Database,
    *,
    part_id: uuid.UUID | None = None,
    ref_id: uuid.UUID | None = None,
    site_ids: frozenset[uuid.UUID] | None = None,
) -> list[ReservationRow]:
    """Reservations not fully released (of a part, or of a task), soonest needed first."""
    release = stock_movements.alias("release")
    released = (
        select(func.coalesce(func.sum(release.c.quantity), 0))
        .where(
            release.c.reverses_id == m.id,
            release.c.kind == MovementKind.RELEASE.value,
            release.c.deleted_at.is_(None),
        )
        .scalar_subquery()
    )
    conditions = [m.kind == MovementKind.RESERVATION.value, m.deleted_at.is_(None)]
    if part_id is not None:
        conditions.append(m.part_id == part_id)
    if ref_id is not None:
        conditions.append(m.ref_id == ref_id)
    query = (
        select(
            m.id,
            m.part_id,
            p.reference,
            m.location_id,
            m.occurred_at,
            m.quantity,
            (m.quantity + released).label("remaining"),
            m.ref_table,
            m.ref_id,
        )
        .join(parts, p.id == m.part_id)
        .where(*conditions, *_sites(m.site_id, site_ids))
        .order_by(m.occurred_at, m.id)
    )
    with _connect(db) as connection:
        return [
            ReservationRow(*r[:5], Decimal(r.quantity), Decimal(r.remaining), r.ref_table, r.ref_id)
            for r in connection.execute(query)
            if Decimal(r.remaining) > 0
        ]


@dataclass(frozen=True, slots=True)
class CountLineRow:
    id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    location_id: uuid.UUID
    location_code: str
    counted_qty: Decimal
    counted_at: datetime
    counted_by: str | None
    movement_id: uuid.UUID | None


def count_session_lines(db: Database, session_id: uuid.UUID) -> list[CountLineRow]:
    """The lines of a count session, by location then reference, the latest count first."""
    c = count_lines.c
    query = (
        select(
            c.id,
            c.part_id,
            p.reference,
            c.location_id,
            sl.code,
            c.counted_qty,
            c.counted_at,
            users.c.full_name,
            c.movement_id,
        )
        .join(parts, p.id == c.part_id)
        .join(storage_locations, sl.id == c.location_id)
        .outerjoin(users, users.c.id == c.counted_by)
        .where(c.session_id == session_id, c.deleted_at.is_(None))
        .order_by(sl.code, p.reference, c.counted_at.desc())
    )
    with _connect(db) as connection:
        return [CountLineRow(*r) for r in connection.execute(query)]


def open_count_sessions(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None
) -> list[tuple[uuid.UUID, str, datetime]]:
    """(id, name, started_at) of the open count sessions."""
    cs = count_sessions.c
    query = (
        select(cs.id, cs.name, cs.started_at)
        .where(cs.status == "open", cs.deleted_at.is_(None), *_sites(cs.site_id, site_ids))
        .order_by(cs.started_at)
    )
    with _connect(db) as connection:
        return [(r.id, r.name, r.started_at) for r in connection.execute(query)]


# ----------------------------------------------------------------- a work reference at the counter


@dataclass(frozen=True, slots=True)
class WorkReference:
    """What an issue at the counter is for: a ticket (failure) found by its number."""

    ref_table: str
    ref_id: uuid.UUID
    number: str
    label: str


def lookup_work_reference(db: Database, code: str) -> WorkReference | None:
    """The live ticket whose number is ``code`` (exact, then ignoring case), else None."""
    f = failures.c
    code = code.strip()
    if not code:
        return None
    with _connect(db) as connection:
        for condition in (f.number == code, func.upper(f.number) == code.upper()):
            row = connection.execute(
                select(f.id, f.number, f.description)
                .where(condition, f.deleted_at.is_(None))
                .limit(1)
            ).first()
            if row is not None:
                return WorkReference("failures", row.id, row.number, row.description or "")
    return None
