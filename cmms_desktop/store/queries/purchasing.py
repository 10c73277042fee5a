"""Read queries of the purchasing screens: suppliers and their prices, purchase orders
(the list, one order with what is received and what remains), the replenishment plan
with the names the review shows, and count sessions with expected vs counted.

On the replica (SQLite); ``site_ids`` None means every site the replica holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Select, case, func, or_, select

from cmms_core.rules.stock import ON_HAND_KINDS, count_adjustment, price_valid_on
from cmms_core.schema.assets import sites
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
from cmms_desktop.store.queries.stock import replenishment_plan

__all__ = [
    "PO_SORT_KEYS",
    "CountReviewLine",
    "CountSessionRow",
    "Database",
    "PODetail",
    "POFilter",
    "POLineRow",
    "POListing",
    "PORow",
    "PartPrice",
    "PlanGroup",
    "PlanLine",
    "SupplierDetail",
    "SupplierRow",
    "count_purchase_orders",
    "count_review",
    "fetch_po_page",
    "get_count_session",
    "get_po_detail",
    "get_supplier_detail",
    "list_count_sessions",
    "list_suppliers",
    "replenishment_review",
    "sample_po_id",
]

Database = Engine | Connection
ZERO = Decimal(0)
po = purchase_orders.c
pol = purchase_order_lines.c
sp = supplier_parts.c
su = suppliers.c
p = parts.c


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, word: str) -> Any:
    return func.lower(column).like(f"%{_escape_like(word.lower())}%", escape="\\")


# ----------------------------------------------------------------- suppliers


@dataclass(frozen=True, slots=True)
class SupplierRow:
    id: uuid.UUID
    name: str
    contact_name: str | None
    email: str | None
    phone: str | None
    prices: int  # parts priced
    preferred: int  # parts it is the preferred supplier of


def list_suppliers(db: Database, text: str = "") -> list[SupplierRow]:
    """The live suppliers whose name, contact or e-mail holds every word of ``text``."""
    priced = (
        select(
            sp.supplier_id,
            func.count(sp.id).label("prices"),
            func.sum(case((sp.preferred.is_(True), 1), else_=0)).label("preferred"),
        )
        .where(sp.deleted_at.is_(None))
        .group_by(sp.supplier_id)
        .subquery()
    )
    query = (
        select(
            su.id,
            su.name,
            su.contact_name,
            su.email,
            su.phone,
            func.coalesce(priced.c.prices, 0),
            func.coalesce(priced.c.preferred, 0),
        )
        .outerjoin(priced, priced.c.supplier_id == su.id)
        .where(su.deleted_at.is_(None))
        .order_by(func.lower(su.name), su.id)
    )
    for word in text.split():
        query = query.where(
            or_(
                _contains(su.name, word),
                _contains(su.contact_name, word),
                _contains(su.email, word),
            )
        )
    with _connect(db) as connection:
        return [
            SupplierRow(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]))
            for r in connection.execute(query)
        ]


@dataclass(frozen=True, slots=True)
class PartPrice:
    """A supplier's price for a part."""

    id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    supplier_reference: str | None
    unit_price: Decimal
    currency: str
    valid_from: date | None
    valid_to: date | None
    lead_time_days: int | None
    preferred: bool

    def valid_on(self, day: date) -> bool:
        return price_valid_on(self.valid_from, self.valid_to, day)


@dataclass(frozen=True, slots=True)
class SupplierDetail:
    id: uuid.UUID
    name: str
    contact_name: str | None
    email: str | None
    phone: str | None
    address: str | None
    notes: str | None
    prices: tuple[PartPrice, ...]


def get_supplier_detail(db: Database, supplier_id: uuid.UUID) -> SupplierDetail | None:
    """A live supplier with its live prices (by part reference, then validity)."""
    with _connect(db) as connection:
        row = (
            connection.execute(
                select(suppliers).where(su.id == supplier_id, su.deleted_at.is_(None))
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        prices = connection.execute(
            select(
                sp.id,
                sp.part_id,
                p.reference,
                p.description,
                p.unit,
                sp.supplier_reference,
                sp.unit_price,
                sp.currency,
                sp.valid_from,
                sp.valid_to,
                sp.lead_time_days,
                sp.preferred,
            )
            .join(parts, p.id == sp.part_id)
            .where(sp.supplier_id == supplier_id, sp.deleted_at.is_(None))
            .order_by(p.reference, sp.valid_from, sp.id)
        ).all()
    return SupplierDetail(
        id=row["id"],
        name=row["name"],
        contact_name=row["contact_name"],
        email=row["email"],
        phone=row["phone"],
        address=row["address"],
        notes=row["notes"],
        prices=tuple(
            PartPrice(
                id=r.id,
                part_id=r.part_id,
                reference=r.reference,
                description=r.description,
                unit=r.unit,
                supplier_reference=r.supplier_reference,
                unit_price=Decimal(r.unit_price),
                currency=r.currency,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                lead_time_days=r.lead_time_days,
                preferred=bool(r.preferred),
            )
            for r in prices
        ),
    )


# ----------------------------------------------------------------- purchase orders


@dataclass(frozen=True)
class POFilter:
    text: str = ""  # words of the number or the supplier's name
    status: str | None = None
    supplier_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class PORow:
    id: uuid.UUID
    number: str
    site_id: uuid.UUID
    site_code: str
    supplier_id: uuid.UUID
    supplier_name: str
    status: str
    created_at: datetime
    ordered_at: datetime | None
    expected_at: datetime | None
    lines: int
    total: Decimal


_PO_SORTS: dict[str, Any] = {
    "number": po.number,
    "supplier": su.name,
    "status": po.status,
    "created": po.created_at,
    "ordered": func.coalesce(po.ordered_at, po.created_at),  # drafts: when made
    "expected": po.expected_at,
    "site": sites.c.code,
}
PO_SORT_KEYS: tuple[str, ...] = tuple(_PO_SORTS)


def _po_conditions(f: POFilter, site_ids: frozenset[uuid.UUID] | None) -> list[Any]:
    conditions: list[Any] = [po.deleted_at.is_(None)]
    if site_ids is not None:
        conditions.append(po.site_id.in_(sorted(site_ids)))
    if f.status is not None:
        conditions.append(po.status == f.status)
    if f.supplier_id is not None:
        conditions.append(po.supplier_id == f.supplier_id)
    if f.site_id is not None:
        conditions.append(po.site_id == f.site_id)
    for word in f.text.split():
        conditions.append(or_(_contains(po.number, word), _contains(su.name, word)))
    return conditions


def count_purchase_orders(
    db: Database, f: POFilter, site_ids: frozenset[uuid.UUID] | None = None
) -> int:
    query = (
        select(func.count())
        .select_from(purchase_orders)
        .join(suppliers, su.id == po.supplier_id)
        .where(*_po_conditions(f, site_ids))
    )
    with _connect(db) as connection:
        return int(connection.execute(query).scalar_one())


def fetch_po_page(
    db: Database,
    f: POFilter,
    site_ids: frozenset[uuid.UUID] | None = None,
    *,
    sort: str = "created",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[PORow]:
    """One page of orders with their line count and total (quantity x unit price)."""
    key = _PO_SORTS[sort]
    order = [key.desc(), po.number.desc()] if descending else [key, po.number]
    lines = (
        select(
            pol.purchase_order_id,
            func.count(pol.id).label("lines"),
            func.sum(pol.quantity * pol.unit_price).label("total"),
        )
        .where(pol.deleted_at.is_(None))
        .group_by(pol.purchase_order_id)
        .subquery()
    )
    query = (
        select(
            po.id,
            po.number,
            po.site_id,
            sites.c.code,
            po.supplier_id,
            su.name,
            po.status,
            po.created_at,
            po.ordered_at,
            po.expected_at,
            func.coalesce(lines.c.lines, 0),
            func.coalesce(lines.c.total, 0),
        )
        .join(suppliers, su.id == po.supplier_id)
        .join(sites, sites.c.id == po.site_id)
        .outerjoin(lines, lines.c.purchase_order_id == po.id)
        .where(*_po_conditions(f, site_ids))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [
            PORow(*r[:10], int(r[10]), Decimal(r[11]).quantize(Decimal("0.01")))
            for r in connection.execute(query)
        ]


class POListing:
    """The orders a filter keeps in one order, counted once, read page by page."""

    def __init__(
        self,
        db: Database,
        f: POFilter,
        site_ids: frozenset[uuid.UUID] | None,
        sort: str = "created",
        descending: bool = True,
    ) -> None:
        if sort not in _PO_SORTS:
            raise ValueError(f"cannot sort purchase orders by {sort!r}")
        self.db, self.filter, self.site_ids = db, f, site_ids
        self.sort, self.descending = sort, descending
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = count_purchase_orders(self.db, self.filter, self.site_ids)
        return self._count

    def set_count(self, count: int) -> None:
        self._count = count

    def page(self, offset: int, limit: int) -> list[PORow]:
        if offset < 0 or limit <= 0:
            return []
        return fetch_po_page(
            self.db,
            self.filter,
            self.site_ids,
            sort=self.sort,
            descending=self.descending,
            offset=offset,
            limit=limit,
        )


@dataclass(frozen=True, slots=True)
class POLineRow:
    id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    barcode: str | None
    quantity: Decimal
    unit_price: Decimal
    received_qty: Decimal
    supplier_reference: str | None = None

    @property
    def remaining(self) -> Decimal:
        return max(self.quantity - self.received_qty, ZERO)

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class PODetail:
    id: uuid.UUID
    number: str
    site_id: uuid.UUID
    site_code: str
    site_name: str
    supplier_id: uuid.UUID
    supplier_name: str
    supplier_contact: str | None
    supplier_email: str | None
    supplier_phone: str | None
    supplier_address: str | None
    status: str
    created_at: datetime
    created_by_name: str | None
    ordered_at: datetime | None
    expected_at: datetime | None
    notes: str | None
    lines: tuple[POLineRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return sum((line.remaining for line in self.lines), ZERO)


def get_po_detail(db: Database, po_id: uuid.UUID) -> PODetail | None:
    """A live order with its supplier's contacts and its lines (by part reference)."""
    query = (
        select(
            po.id,
            po.number,
            po.site_id,
            sites.c.code,
            sites.c.name,
            po.supplier_id,
            su.name.label("supplier_name"),
            su.contact_name,
            su.email,
            su.phone,
            su.address,
            po.status,
            po.created_at,
            users.c.full_name,
            po.ordered_at,
            po.expected_at,
            po.notes,
        )
        .join(suppliers, su.id == po.supplier_id)
        .join(sites, sites.c.id == po.site_id)
        .outerjoin(users, users.c.id == po.created_by)
        .where(po.id == po_id, po.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        row = connection.execute(query).first()
        if row is None:
            return None
        their_reference = (
            select(func.max(sp.supplier_reference))
            .where(
                sp.part_id == pol.part_id,
                sp.supplier_id == row.supplier_id,
                sp.deleted_at.is_(None),
            )
            .scalar_subquery()
        )
        lines = connection.execute(
            select(
                their_reference.label("supplier_reference"),
                pol.id,
                pol.part_id,
                p.reference,
                p.description,
                p.unit,
                p.barcode,
                pol.quantity,
                pol.unit_price,
                pol.received_qty,
            )
            .join(parts, p.id == pol.part_id)
            .where(pol.purchase_order_id == po_id, pol.deleted_at.is_(None))
            .order_by(p.reference, pol.id)
        ).all()
    return PODetail(
        id=row.id,
        number=row.number,
        site_id=row.site_id,
        site_code=row[3],
        site_name=row[4],
        supplier_id=row.supplier_id,
        supplier_name=row.supplier_name,
        supplier_contact=row.contact_name,
        supplier_email=row.email,
        supplier_phone=row.phone,
        supplier_address=row.address,
        status=row.status,
        created_at=row.created_at,
        created_by_name=row.full_name,
        ordered_at=row.ordered_at,
        expected_at=row.expected_at,
        notes=row.notes,
        lines=tuple(
            POLineRow(
                id=r.id,
                part_id=r.part_id,
                reference=r.reference,
                description=r.description,
                unit=r.unit,
                barcode=r.barcode,
                quantity=Decimal(r.quantity),
                unit_price=Decimal(r.unit_price),
                received_qty=Decimal(r.received_qty),
                supplier_reference=r.supplier_reference,
            )
            for r in lines
        ),
    )


def sample_po_id(db: Database, site_ids: frozenset[uuid.UUID] | None = None) -> uuid.UUID | None:
    """An order worth showing (the screenshots): one partially received, else sent, else any."""
    rank = case(
        (po.status == "partially_received", 0),
        (po.status == "sent", 1),
        (po.status == "received", 2),
        (po.status == "draft", 3),
        else_=4,
    )
    query = (
        select(po.id)
        .join(suppliers, su.id == po.supplier_id)
        .where(*_po_conditions(POFilter(), site_ids))
        .order_by(rank, po.number)
        .limit(1)
    )
    with _connect(db) as connection:
        return connection.execute(query).scalar()


# ----------------------------------------------------------------- replenishment review


@dataclass(frozen=True, slots=True)
class PlanLine:
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    quantity: Decimal  # suggested: up to the maximum
    unit_price: Decimal | None
    lead_time_days: int | None
    position: Decimal  # available + on order
    min_qty: Decimal
    max_qty: Decimal


@dataclass(frozen=True, slots=True)
class PlanGroup:
    """One future order: the preferred (or best) supplier's parts. ``supplier_id`` None:
    parts no supplier has a valid price for."""

    supplier_id: uuid.UUID | None
    supplier_name: str | None
    lines: tuple[PlanLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((ln.quantity * (ln.unit_price or ZERO) for ln in self.lines), ZERO)


def replenishment_review(
    db: Database, day: date, site_ids: frozenset[uuid.UUID] | None = None
) -> list[PlanGroup]:
    """:func:`replenishment_plan` with the names to show: suppliers by name (the parts
    without a supplier last), lines by part reference."""
    with _connect(db) as connection:
        plan = replenishment_plan(connection, day, site_ids)
        part_ids = sorted({ln.part_id for group in plan for ln in group.lines})
        supplier_ids = sorted({g.supplier_id for g in plan if g.supplier_id is not None})
        names = (
            {
                r.id: r
                for r in connection.execute(
                    select(p.id, p.reference, p.description, p.unit).where(p.id.in_(part_ids))
                )
            }
            if part_ids
            else {}
        )
        supplier_names = (
            dict(connection.execute(select(su.id, su.name).where(su.id.in_(supplier_ids))).all())
            if supplier_ids
            else {}
        )
    groups = [
        PlanGroup(
            group.supplier_id,
            supplier_names.get(group.supplier_id) if group.supplier_id else None,
            tuple(
                sorted(
                    (
                        PlanLine(
                            ln.part_id,
                            names[ln.part_id].reference,
                            names[ln.part_id].description,
                            names[ln.part_id].unit,
                            ln.quantity,
                            ln.unit_price,
                            ln.lead_time_days,
                            ln.position,
                            ln.min_qty,
                            ln.max_qty,
                        )
                        for ln in group.lines
                    ),
                    key=lambda ln: ln.reference,
                )
            ),
        )
        for group in plan
    ]
    return sorted(groups, key=lambda g: (g.supplier_id is None, (g.supplier_name or "").lower()))


# ----------------------------------------------------------------- count sessions


@dataclass(frozen=True, slots=True)
class CountSessionRow:
    id: uuid.UUID
    site_id: uuid.UUID
    site_code: str
    name: str
    location_id: uuid.UUID | None
    location_code: str | None
    status: str  # open, closed, abandoned
    started_at: datetime
    started_by_name: str | None
    closed_at: datetime | None
    lines: int  # counts recorded
    notes: str | None


def _sessions_query(site_ids: frozenset[uuid.UUID] | None) -> Select[Any]:
    cs, cl, sl = count_sessions.c, count_lines.c, storage_locations.c
    counted = (
        select(cl.session_id, func.count(cl.id).label("lines"))
        .where(cl.deleted_at.is_(None))
        .group_by(cl.session_id)
        .subquery()
    )
    query = (
        select(
            cs.id,
            cs.site_id,
            sites.c.code,
            cs.name,
            cs.location_id,
            sl.code,
            cs.status,
            cs.started_at,
            users.c.full_name,
            cs.closed_at,
            func.coalesce(counted.c.lines, 0),
            cs.notes,
        )
        .join(sites, sites.c.id == cs.site_id)
        .outerjoin(storage_locations, sl.id == cs.location_id)
        .outerjoin(users, users.c.id == cs.started_by)
        .outerjoin(counted, counted.c.session_id == cs.id)
        .where(cs.deleted_at.is_(None))
    )
    if site_ids is not None:
        query = query.where(cs.site_id.in_(sorted(site_ids)))
    return query


def _session_row(r: Any) -> CountSessionRow:
    return CountSessionRow(
        id=r[0],
        site_id=r[1],
        site_code=r[2],
        name=r[3],
        location_id=r[4],
        location_code=r[5],
        status=r[6],
        started_at=r[7],
        started_by_name=r[8],
        closed_at=r[9],
        lines=int(r[10]),
        notes=r[11],
    )


def list_count_sessions(
    db: Database, site_ids: frozenset[uuid.UUID] | None = None, *, limit: int = 200
) -> list[CountSessionRow]:
    """The open sessions first (oldest first), then the latest closed ones."""
    cs = count_sessions.c
    query = (
        _sessions_query(site_ids)
        .order_by((cs.status != "open"), cs.started_at.desc(), cs.id)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [_session_row(r) for r in connection.execute(query)]


def get_count_session(db: Database, session_id: uuid.UUID) -> CountSessionRow | None:
    query = _sessions_query(None).where(count_sessions.c.id == session_id)
    with _connect(db) as connection:
        row = connection.execute(query).first()
    return None if row is None else _session_row(row)


@dataclass(frozen=True, slots=True)
class CountReviewLine:
    """The latest count of a part at a location, against what the ledger held then."""

    line_id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    location_id: uuid.UUID
    location_code: str
    counted_qty: Decimal
    counted_at: datetime
    counted_by: str | None
    expected_qty: Decimal  # on hand at the location when it was counted
    counts: int  # how many counts were recorded (the latest counts)
    movement_id: uuid.UUID | None  # the adjustment, once the session is closed

    @property
    def delta(self) -> Decimal:
        return count_adjustment(self.counted_qty, self.expected_qty)


def count_review(db: Database, session_id: uuid.UUID) -> list[CountReviewLine]:
    """One line per counted (part, location): the latest count and the on-hand the ledger
    held at that moment (what closing the session will adjust from), by location then
    reference. The same arithmetic as ``stock.count_close``."""
    cl, sl, m = count_lines.c, storage_locations.c, stock_movements.c
    rows = (
        select(
            cl.id,
            cl.part_id,
            p.reference,
            p.description,
            p.unit,
            cl.location_id,
            sl.code,
            cl.counted_qty,
            cl.counted_at,
            users.c.full_name,
            cl.movement_id,
        )
        .join(parts, p.id == cl.part_id)
        .join(storage_locations, sl.id == cl.location_id)
        .outerjoin(users, users.c.id == cl.counted_by)
        .where(cl.session_id == session_id, cl.deleted_at.is_(None))
        .order_by(cl.part_id, cl.location_id, cl.counted_at.desc(), cl.id)
    )
    kinds = [k.value for k in ON_HAND_KINDS]
    result: list[CountReviewLine] = []
    with _connect(db) as connection:
        latest: dict[tuple[uuid.UUID, uuid.UUID], Any] = {}
        counts: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for r in connection.execute(rows):
            key = (r.part_id, r.location_id)
            counts[key] = counts.get(key, 0) + 1
            latest.setdefault(key, r)
        for key, r in latest.items():
            conditions = [
                m.part_id == r.part_id,
                m.location_id == r.location_id,
                m.kind.in_(kinds),
                m.deleted_at.is_(None),
                m.occurred_at <= r.counted_at,
            ]
            if r.movement_id is not None:  # closed: not the adjustment the close recorded
                conditions.append(m.id != r.movement_id)
            held = connection.execute(
                select(func.coalesce(func.sum(m.quantity), 0)).where(*conditions)
            ).scalar_one()
            result.append(
                CountReviewLine(
                    r.id,
                    r.part_id,
                    r.reference,
                    r.description,
                    r.unit,
                    r.location_id,
                    r.code,
                    Decimal(r.counted_qty),
                    r.counted_at,
                    r.full_name,
                    Decimal(held),
                    counts[key],
                    r.movement_id,
                )
            )
    return sorted(result, key=lambda ln: (ln.location_code, ln.reference))
