"""Read queries of the parts screens: the catalogue list, a part's page, scanned codes.

Everything here runs on the replica (SQLite) and stays instant at 100k parts.
The list is read a page at a time (``count_parts`` + ``fetch_part_page``), in
an order made total by the rowid tiebreak, so pages never overlap:

- sort by reference walks ``uq_parts_reference``, by description
  ``ix_parts_description``, by category ``ix_parts_category``, and stops after
  the page;
- typed text (search as you type) goes through ``parts_search``, an FTS5
  trigram index over reference, description and barcode kept by triggers
  (``cmms_desktop.store.search``), for words of three characters or more: the
  matches are fetched from it, then sorted; one or two characters alone (the
  first keystrokes) match the start of the reference or barcode (index ranges); a
  replica without the index falls back to LIKE everywhere (a scan);
- the stock columns of a page are read for its rows only (``ix_stock_movements_part``).

``bench/parts_search.py`` measures a keystroke at 100k parts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)

from cmms_core.rules.stock import (
    ZERO,
    Consumption,
    Forecast,
    MovementKind,
    forecast_consumption,
    price_valid_on,
)
from cmms_core.schema.assets import attachments, equipment_types, equipments, sites
from cmms_core.schema.inventory import (
    part_compatibility,
    parts,
    stock_movements,
    storage_locations,
    supplier_parts,
    suppliers,
)
from cmms_core.schema.people import users
from cmms_desktop.store.queries.equipment import AttachmentRow, _attachment_query
from cmms_desktop.store.search import install_part_search, part_search_installed

__all__ = [
    "PART_SORT_KEYS",
    "CompatibleEquipment",
    "Database",
    "LocationStock",
    "MovementRow",
    "PartDetail",
    "PartFilter",
    "PartRow",
    "ScanResult",
    "SupplierPriceRow",
    "count_parts",
    "fetch_part_page",
    "get_part_detail",
    "install_part_search",
    "list_categories",
    "list_part_attachments",
    "list_part_movements",
    "list_supplier_options",
    "lookup_code",
    "main_locations",
    "part_forecast",
    "part_search_installed",
    "stock_by_part",
]

Database = Engine | Connection
p = parts.c
m = stock_movements.c
RESERVATION_KINDS = (MovementKind.RESERVATION.value, MovementKind.RELEASE.value)


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


# ----------------------------------------------------------------- the list


@dataclass(frozen=True)
class PartFilter:
    """What the catalogue's filter bar asks; every field narrows the list.

    ``text``: words that must each appear in the reference, description or
    barcode (case-insensitive). ``equipment_id``: parts declared compatible
    with this equipment or with its type. ``below_min``: only parts whose
    on-hand quantity (in ``site_ids``) is under their minimum.
    """

    text: str = ""
    category: str | None = None
    supplier_id: uuid.UUID | None = None
    equipment_id: uuid.UUID | None = None
    equipment_type_id: uuid.UUID | None = None
    below_min: bool = False
    site_ids: frozenset[uuid.UUID] | None = None  # the stock columns' sites (None: all)


@dataclass(frozen=True, slots=True)
class PartRow:
    id: uuid.UUID
    reference: str
    description: str
    category: str | None
    unit: str
    barcode: str | None
    min_qty: Decimal
    max_qty: Decimal
    unit_cost: Decimal
    on_hand: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def below_min(self) -> bool:
        return self.min_qty > 0 and self.on_hand - self.reserved < self.min_qty


_SORTS: dict[str, Any] = {
    "reference": p.reference,
    "description": p.description,
    "category": p.category,
    "unit": p.unit,
}
PART_SORT_KEYS: tuple[str, ...] = tuple(_SORTS)
_ROWID: ColumnElement[int] = literal_column("parts.rowid", Integer)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _prefix(column: Any, word: str) -> ColumnElement[bool]:
    """``column`` starts with ``word`` (an index range: case as typed, or upper-cased)."""
    spellings = sorted({word, word.upper()})
    return or_(*(and_(column >= w, column < w + "\U0010ffff") for w in spellings))


def _text_criteria(connection: Connection, words: Sequence[str]) -> list[ColumnElement[bool]]:
    """Each word must appear in the reference, description or barcode. With the search
    index, the words of three characters or more find their matches (trigrams) and the
    shorter ones are checked on those by LIKE; when every word is shorter (the first
    keystrokes), they match the start of the reference or barcode (index ranges).
    Without the index: LIKE (a scan)."""
    criteria: list[ColumnElement[bool]] = []
    if not words:
        return criteria
    if part_search_installed(connection):
        long_words = [w for w in words if len(w) >= 3]
        if long_words:
            query = " AND ".join(_fts_phrase(w) for w in long_words)
            criteria.append(
                _ROWID.in_(
                    select(literal_column("rowid"))
                    .select_from(text("parts_search"))
                    .where(text("parts_search MATCH :fts_query").bindparams(fts_query=query))
                )
            )
            words = [w for w in words if len(w) < 3]  # checked by LIKE on the matches only
        else:
            return [or_(_prefix(p.reference, w), _prefix(p.barcode, w)) for w in words]
    for word in words:
        spellings = {word} if word.isascii() else {word.lower(), word.upper()}
        criteria.append(
            or_(
                *(
                    column.like(f"%{_escape_like(s)}%", escape="\\")
                    for s in sorted(spellings)
                    for column in (p.reference, p.description, p.barcode)
                )
            )
        )
    return criteria


def _uses_search_index(connection: Connection, f: PartFilter) -> bool:
    return any(len(w) >= 3 for w in f.text.split()) and part_search_installed(connection)


def _stock_sums(site_ids: frozenset[uuid.UUID] | None) -> Select[Any]:
    """(part_id, on_hand, reserved) per part over ``site_ids``."""
    reserved = func.sum(m.quantity).filter(m.kind.in_(RESERVATION_KINDS))
    on_hand = func.sum(m.quantity).filter(m.kind.not_in(RESERVATION_KINDS))
    query = select(
        m.part_id,
        func.coalesce(on_hand, 0).label("on_hand"),
        func.coalesce(reserved, 0).label("reserved"),
    ).where(m.deleted_at.is_(None))
    if site_ids is not None:
        query = query.where(m.site_id.in_(site_ids))
    return query.group_by(m.part_id)


def _conditions(connection: Connection, f: PartFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [p.deleted_at.is_(None)]
    conditions += _text_criteria(connection, f.text.split())
    if f.category is not None:
        conditions.append(p.category == f.category)
    if f.supplier_id is not None:
        sp = supplier_parts.c
        conditions.append(
            p.id.in_(
                select(sp.part_id).where(sp.supplier_id == f.supplier_id, sp.deleted_at.is_(None))
            )
        )
    pc = part_compatibility.c
    if f.equipment_id is not None:
        type_of = select(equipments.c.type_id).where(equipments.c.id == f.equipment_id)
        conditions.append(
            p.id.in_(
                select(pc.part_id).where(
                    pc.deleted_at.is_(None),
                    or_(pc.equipment_id == f.equipment_id, pc.equipment_type_id.in_(type_of)),
                )
            )
        )
    if f.equipment_type_id is not None:
        conditions.append(
            p.id.in_(
                select(pc.part_id).where(
                    pc.deleted_at.is_(None), pc.equipment_type_id == f.equipment_type_id
                )
            )
        )
    if f.below_min:
        sums = _stock_sums(f.site_ids).subquery()
        available = func.coalesce(
            select(sums.c.on_hand - sums.c.reserved)
            .where(sums.c.part_id == p.id)
            .scalar_subquery(),
            0,
        )
        conditions += [p.min_qty > 0, available < p.min_qty]
    return conditions


def count_parts(db: Database, f: PartFilter) -> int:
    with _connect(db) as connection:
        query = select(func.count()).select_from(parts).where(*_conditions(connection, f))
        return int(connection.execute(query).scalar_one())


def fetch_part_page(
    db: Database,
    f: PartFilter,
    *,
    sort: str = "reference",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[PartRow]:
    """One page of the catalogue, with the stock of its parts (in ``f.site_ids``)."""
    key = _SORTS[sort]
    with _connect(db) as connection:
        if _uses_search_index(connection, f):
            # the matches drive (their rowids from the index), then are sorted: walking
            # the sort's index and probing each row would visit most of the catalogue
            # (``key || ''`` sorts the same and keeps SQLite off the sort's index)
            key = key.concat("")
        order = [key.desc(), _ROWID.desc()] if descending else [key, _ROWID]
        query = (
            select(parts)
            .where(*_conditions(connection, f))
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        rows = connection.execute(query).mappings().all()
        levels = stock_by_part(connection, [r["id"] for r in rows], f.site_ids)
    return [
        PartRow(
            id=r["id"],
            reference=r["reference"],
            description=r["description"],
            category=r["category"],
            unit=r["unit"],
            barcode=r["barcode"],
            min_qty=r["min_qty"],
            max_qty=r["max_qty"],
            unit_cost=r["unit_cost"],
            on_hand=levels.get(r["id"], (ZERO, ZERO))[0],
            reserved=levels.get(r["id"], (ZERO, ZERO))[1],
        )
        for r in rows
    ]


def stock_by_part(
    db: Database, part_ids: Sequence[uuid.UUID], site_ids: frozenset[uuid.UUID] | None = None
) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
    """{part id: (on hand, reserved)} for these parts, over ``site_ids`` (None: all)."""
    if not part_ids:
        return {}
    with _connect(db) as connection:
        query = _stock_sums(site_ids).where(m.part_id.in_(list(part_ids)))
        return {
            row.part_id: (Decimal(row.on_hand), Decimal(row.reserved))
            for row in connection.execute(query)
        }


def main_locations(
    db: Database, part_ids: Sequence[uuid.UUID], site_ids: frozenset[uuid.UUID] | None = None
) -> dict[uuid.UUID, tuple[str, int]]:
    """{part id: (code of the location holding the most, number of locations holding some)}
    for these parts (the catalogue's location column; ``ix_stock_movements_part``)."""
    if not part_ids:
        return {}
    sl = storage_locations.c
    held = func.sum(m.quantity)
    query = (
        select(m.part_id, sl.code, held.label("held"))
        .join(storage_locations, sl.id == m.location_id)
        .where(
            m.part_id.in_(list(part_ids)),
            m.deleted_at.is_(None),
            m.kind.not_in(RESERVATION_KINDS),
            *_site_filter(m.site_id, site_ids),
        )
        .group_by(m.part_id, sl.code)
        .having(held != 0)
        .order_by(m.part_id, held.desc(), sl.code)
    )
    found: dict[uuid.UUID, tuple[str, int]] = {}
    with _connect(db) as connection:
        for row in connection.execute(query):
            code, count = found.get(row.part_id, (row.code, 0))
            found[row.part_id] = (code, count + 1)
    return found


def list_supplier_options(db: Database) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the live suppliers, by name (a filter's choices)."""
    s = suppliers.c
    with _connect(db) as connection:
        query = select(s.id, s.name).where(s.deleted_at.is_(None)).order_by(s.name, s.id)
        return [(row.id, row.name) for row in connection.execute(query)]


def list_categories(db: Database) -> list[str]:
    with _connect(db) as connection:
        query = (
            select(p.category)
            .where(p.deleted_at.is_(None), p.category.is_not(None))
            .distinct()
            .order_by(p.category)
        )
        return [row[0] for row in connection.execute(query)]


# ----------------------------------------------------------------- a part's page


@dataclass(frozen=True, slots=True)
class LocationStock:
    location_id: uuid.UUID
    site_id: uuid.UUID
    code: str
    store: str
    on_hand: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def negative(self) -> bool:
        return self.on_hand < 0


@dataclass(frozen=True, slots=True)
class CompatibleEquipment:
    link_id: uuid.UUID
    equipment_id: uuid.UUID | None
    equipment_type_id: uuid.UUID | None
    code: str
    name: str  # the equipment's name, or the type's


@dataclass(frozen=True, slots=True)
class SupplierPriceRow:
    id: uuid.UUID
    supplier_id: uuid.UUID
    supplier_name: str
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
class MovementRow:
    id: uuid.UUID
    occurred_at: datetime
    kind: str
    quantity: Decimal
    location_id: uuid.UUID
    location_code: str
    unit_cost: Decimal | None
    user_name: str | None
    reason: str | None
    ref_table: str | None
    ref_id: uuid.UUID | None
    reverses_id: uuid.UUID | None


@dataclass(frozen=True)
class PartDetail:
    id: uuid.UUID
    reference: str
    description: str
    category: str | None
    unit: str
    barcode: str | None
    min_qty: Decimal
    max_qty: Decimal
    unit_cost: Decimal
    version: int
    locations: tuple[LocationStock, ...]
    compatible: tuple[CompatibleEquipment, ...]
    prices: tuple[SupplierPriceRow, ...]
    recent_movements: tuple[MovementRow, ...]

    @property
    def on_hand(self) -> Decimal:
        return sum((loc.on_hand for loc in self.locations), ZERO)

    @property
    def reserved(self) -> Decimal:
        return sum((loc.reserved for loc in self.locations), ZERO)

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


def _site_filter(column: Any, site_ids: frozenset[uuid.UUID] | None) -> list[Any]:
    return [] if site_ids is None else [column.in_(site_ids)]


def _location_stock(
    connection: Connection, part_id: uuid.UUID, site_ids: frozenset[uuid.UUID] | None
) -> tuple[LocationStock, ...]:
    sl = storage_locations.c
    reserved = func.sum(m.quantity).filter(m.kind.in_(RESERVATION_KINDS))
    on_hand = func.sum(m.quantity).filter(m.kind.not_in(RESERVATION_KINDS))
    query = (
        select(
            sl.id,
            sl.site_id,
            sl.code,
            sl.store,
            func.coalesce(on_hand, 0).label("on_hand"),
            func.coalesce(reserved, 0).label("reserved"),
        )
        .join(stock_movements, m.location_id == sl.id)
        .where(m.part_id == part_id, m.deleted_at.is_(None), *_site_filter(m.site_id, site_ids))
        .group_by(sl.id, sl.site_id, sl.code, sl.store)
        .order_by(sl.code)
    )
    return tuple(
        LocationStock(r.id, r.site_id, r.code, r.store, Decimal(r.on_hand), Decimal(r.reserved))
        for r in connection.execute(query)
    )


def list_part_movements(
    db: Database,
    part_id: uuid.UUID,
    site_ids: frozenset[uuid.UUID] | None = None,
    *,
    offset: int = 0,
    limit: int = 100,
) -> list[MovementRow]:
    """A part's ledger, newest first."""
    sl = storage_locations.c
    with _connect(db) as connection:
        query = (
            select(
                stock_movements,
                sl.code.label("location_code"),
                users.c.full_name.label("user_name"),
            )
            .join(storage_locations, sl.id == m.location_id)
            .outerjoin(users, users.c.id == m.user_id)
            .where(m.part_id == part_id, m.deleted_at.is_(None), *_site_filter(m.site_id, site_ids))
            .order_by(m.occurred_at.desc(), m.id)
            .offset(offset)
            .limit(limit)
        )
        return [
            MovementRow(
                id=r["id"],
                occurred_at=r["occurred_at"],
                kind=r["kind"],
                quantity=r["quantity"],
                location_id=r["location_id"],
                location_code=r["location_code"],
                unit_cost=r["unit_cost"],
                user_name=r["user_name"],
                reason=r["reason"],
                ref_table=r["ref_table"],
                ref_id=r["ref_id"],
                reverses_id=r["reverses_id"],
            )
            for r in connection.execute(query).mappings()
        ]


def get_part_detail(
    db: Database, part_id: uuid.UUID, site_ids: frozenset[uuid.UUID] | None = None
) -> PartDetail | None:
    """A part's page: its fields, stock per location, compatible equipment, suppliers and
    prices (preferred first), and its last 50 movements; None when missing or retired."""
    with _connect(db) as connection:
        row = (
            connection.execute(select(parts).where(p.id == part_id, p.deleted_at.is_(None)))
            .mappings()
            .first()
        )
        if row is None:
            return None
        pc, eq, et = part_compatibility.c, equipments.c, equipment_types.c
        compat_query = (
            select(
                pc.id,
                pc.equipment_id,
                pc.equipment_type_id,
                func.coalesce(eq.code, et.code).label("code"),
                func.coalesce(eq.name, et.name).label("name"),
            )
            .outerjoin(equipments, eq.id == pc.equipment_id)
            .outerjoin(equipment_types, et.id == pc.equipment_type_id)
            .where(pc.part_id == part_id, pc.deleted_at.is_(None))
            .order_by(pc.equipment_id.is_(None), literal_column("code"))
        )
        compatible = tuple(
            CompatibleEquipment(
                r.id, r.equipment_id, r.equipment_type_id, r.code or "", r.name or ""
            )
            for r in connection.execute(compat_query)
        )
        sp = supplier_parts.c
        price_query = (
            select(supplier_parts, suppliers.c.name.label("supplier_name"))
            .join(suppliers, suppliers.c.id == sp.supplier_id)
            .where(sp.part_id == part_id, sp.deleted_at.is_(None))
            .order_by(sp.preferred.desc(), sp.unit_price, suppliers.c.name)
        )
        prices = tuple(
            SupplierPriceRow(
                id=r["id"],
                supplier_id=r["supplier_id"],
                supplier_name=r["supplier_name"],
                supplier_reference=r["supplier_reference"],
                unit_price=r["unit_price"],
                currency=r["currency"],
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
                lead_time_days=r["lead_time_days"],
                preferred=r["preferred"],
            )
            for r in connection.execute(price_query).mappings()
        )
        return PartDetail(
            id=row["id"],
            reference=row["reference"],
            description=row["description"],
            category=row["category"],
            unit=row["unit"],
            barcode=row["barcode"],
            min_qty=row["min_qty"],
            max_qty=row["max_qty"],
            unit_cost=row["unit_cost"],
            version=row["version"],
            locations=_location_stock(connection, part_id, site_ids),
            compatible=compatible,
            prices=prices,
            recent_movements=tuple(list_part_movements(connection, part_id, site_ids, limit=50)),
        )


def part_forecast(
    db: Database,
    part_id: uuid.UUID,
    today: date,
    site_ids: frozenset[uuid.UUID] | None = None,
    *,
    history_weeks: int = 26,
    horizon_weeks: int = 12,
    lead_time_days: int | None = None,
) -> Forecast:
    """The part's consumption forecast (the chart's series) and reorder point.

    History: net issues less returns per day over ``history_weeks``; planned:
    the open reservations, on the day they are needed. The lead time is the
    preferred (else shortest) supplier lead time, 14 days when none is known.
    """
    start = datetime.combine(today - timedelta(weeks=history_weeks), datetime.min.time())
    with _connect(db) as connection:
        day = func.date(m.occurred_at)
        consumed = connection.execute(
            select(day.label("day"), func.sum(m.quantity).label("qty"))
            .where(
                m.part_id == part_id,
                m.deleted_at.is_(None),
                m.kind.in_([MovementKind.ISSUE.value, MovementKind.RETURN.value]),
                m.occurred_at >= start.replace(tzinfo=UTC),
                *_site_filter(m.site_id, site_ids),
            )
            .group_by(day)
        )
        history = [Consumption(_as_date(r.day), -Decimal(r.qty)) for r in consumed]
        planned = _planned(connection, part_id, site_ids)
        if lead_time_days is None:
            sp = supplier_parts.c
            lead = connection.execute(
                select(sp.lead_time_days)
                .where(
                    sp.part_id == part_id, sp.deleted_at.is_(None), sp.lead_time_days.is_not(None)
                )
                .order_by(sp.preferred.desc(), sp.lead_time_days)
                .limit(1)
            ).scalar_one_or_none()
            lead_time_days = 14 if lead is None else int(lead)
    return forecast_consumption(
        history,
        today,
        history_weeks=history_weeks,
        horizon_weeks=horizon_weeks,
        planned=planned,
        lead_time_days=lead_time_days,
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _planned(
    connection: Connection, part_id: uuid.UUID, site_ids: frozenset[uuid.UUID] | None
) -> list[Consumption]:
    """Open reservations of the part (what is left of each), on the day they are needed."""
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
    query = select(m.occurred_at, (m.quantity + released).label("left")).where(
        m.part_id == part_id,
        m.kind == MovementKind.RESERVATION.value,
        m.deleted_at.is_(None),
        *_site_filter(m.site_id, site_ids),
    )
    return [
        Consumption(r.occurred_at.date(), Decimal(r.left))
        for r in connection.execute(query)
        if Decimal(r.left) > 0
    ]


# ----------------------------------------------------------------- scanned codes


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scanned code names: a part (barcode or reference) or a storage location."""

    kind: str  # "part" | "location"
    id: uuid.UUID
    code: str
    label: str
    site_id: uuid.UUID | None = None


def lookup_code(
    db: Database, code: str, site_ids: frozenset[uuid.UUID] | None = None
) -> ScanResult | None:
    """The part or location a scanner typed: a part's barcode, then its reference (exact,
    then ignoring case), then a location code of the user's sites. Each an index lookup."""
    code = code.strip()
    if not code:
        return None
    with _connect(db) as connection:
        live = p.deleted_at.is_(None)
        for condition in (p.barcode == code, p.reference == code):
            row = connection.execute(
                select(p.id, p.reference, p.description).where(condition, live).limit(1)
            ).first()
            if row is not None:
                return ScanResult("part", row.id, row.reference, row.description)
        sl = storage_locations.c
        location_query = (
            select(sl.id, sl.code, sl.store, sl.site_id, sites.c.name)
            .join(sites, sites.c.id == sl.site_id)
            .where(sl.code == code, sl.deleted_at.is_(None), *_site_filter(sl.site_id, site_ids))
            .order_by(sites.c.name)
            .limit(1)
        )
        loc = connection.execute(location_query).first()
        if loc is not None:
            return ScanResult(
                "location", loc.id, loc.code, f"{loc.store} ({loc.name})", loc.site_id
            )
        # a reference typed by hand in another case (never a scan: scanners keep the case)
        row = connection.execute(
            select(p.id, p.reference, p.description)
            .where(func.upper(p.reference) == code.upper(), live)
            .limit(1)
        ).first()
        if row is not None:
            return ScanResult("part", row.id, row.reference, row.description)
    return None


def list_part_attachments(db: Database, part_id: uuid.UUID) -> list[AttachmentRow]:
    """The part's live photos and documents, oldest first."""
    t = attachments.c
    query = _attachment_query().where(
        t.owner_table == "parts", t.owner_id == part_id, t.deleted_at.is_(None)
    )
    with _connect(db) as connection:
        rows = connection.execute(query.order_by(t.created_at, t.filename, t.id))
        return [AttachmentRow(*row) for row in rows]
