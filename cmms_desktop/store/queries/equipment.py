"""Read queries of the equipment screens: list, filter combos, detail, history, attachments.

Everything here runs on the replica (SQLite) and must stay instant at 100k
equipments. The list is read a page at a time through an EquipmentListing, in
an order made total by the rowid tiebreak, so pages never overlap. How the
list uses the indexes of ``cmms_core.schema.assets`` (no index of its own):

- sort by code or name: walks ``uq_equipments_code`` / ``ix_equipments_name``
  and stops after the page (rowid is the last column of every index, so
  "ORDER BY name, rowid" needs no sort at all);
- sort by state, criticality, type, site or line: bucket by bucket, each
  bucket in rowid order (``ix_equipments_type``, ``ix_equipments_line``...);
- a site (and state) filter: ``ix_equipments_site_state``; a line:
  ``ix_equipments_line``; a type: ``ix_equipments_type``;
- free text goes through ``equipments_search``, an FTS5 trigram index over
  the six searched columns (``cmms_desktop.store.search``): the words of three
  characters or more find the matches, the shorter ones are checked by LIKE on
  those; the matches are sorted, counted in the same read as the first page.
  Only one- or two-character words (or a replica without the index) fall back
  to a LIKE over six columns, a scan of the rows the other filters leave.

A page is read in two steps (a "deferred join"): the rowids of the page first,
from ``equipments`` alone whenever the sort allows it, then the joined columns
of just those rows. A deep OFFSET then skips index entries, not joined rows.

Every function takes an Engine or a Connection (``Database``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Integer,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
)

from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import (
    attachments,
    equipment_types,
    equipments,
    production_lines,
    sites,
)
from cmms_core.schema.failures import failures
from cmms_core.schema.maintenance import maintenance_history
from cmms_core.schema.people import users
from cmms_desktop.store.search import EQUIPMENT_SEARCH, matching_rowids, search_installed

__all__ = [
    "CRITICALITY_ORDER",
    "SORT_KEYS",
    "STATE_ORDER",
    "AttachmentRow",
    "Database",
    "EquipmentDetail",
    "EquipmentFilter",
    "EquipmentListing",
    "EquipmentRef",
    "EquipmentRow",
    "HistoryEntry",
    "LineOption",
    "SiteOption",
    "TypeOption",
    "code_taken",
    "count_equipments",
    "effective_sites",
    "fetch_equipment_page",
    "find_equipment_by_code",
    "get_attachment",
    "get_equipment_detail",
    "list_attachments",
    "list_equipment_history",
    "list_equipment_types",
    "list_lines",
    "list_sites",
    "search_equipments",
]

Database = Engine | Connection

e = equipments.c

# ------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class EquipmentFilter:
    """What the list screen's filter bar asks for; every field narrows the list.

    ``site_ids``: the sites picked in the filter (None: every site the user
    may see). ``text``: words that must each appear in the code, name,
    manufacturer, model, serial number or location (case-insensitive).
    """

    site_ids: frozenset[uuid.UUID] | None = None
    line_id: uuid.UUID | None = None
    state: str | None = None
    type_id: uuid.UUID | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class EquipmentRow:
    """One line of the equipment list."""

    id: uuid.UUID
    code: str
    name: str
    state: str
    criticality: str
    type_name: str
    site_id: uuid.UUID
    site_code: str
    site_name: str
    line_name: str | None
    manufacturer: str | None
    location: str | None


_STATE_RANK = case(
    {"active": 0, "under_maintenance": 1, "down": 2, "out_of_service": 3},
    value=e.state,
    else_=9,
)
_CRITICALITY_RANK = case({"high": 0, "medium": 1, "low": 2}, value=e.criticality, else_=9)

# sort key -> (expression, the table to join to sort). States and criticalities
# sort by meaning (active first, high first), not alphabetically. Ties are
# broken by rowid (see _ROWID); the bucket sorts give exactly the same order
# except that lines of the same name (in two sites) are not interleaved.
_SORTS: Mapping[str, tuple[ColumnElement[Any], FromClause | None]] = {
    "code": (e.code, None),
    "name": (e.name, None),
    "type": (equipment_types.c.name, equipment_types),
    "site": (sites.c.name, sites),
    "line": (production_lines.c.name, production_lines),
    "state": (_STATE_RANK, None),
    "criticality": (_CRITICALITY_RANK, None),
    "manufacturer": (e.manufacturer, None),
    "location": (e.location, None),
}
SORT_KEYS: tuple[str, ...] = tuple(_SORTS)

_TEXT_COLUMNS = (e.code, e.name, e.manufacturer, e.model, e.serial_number, e.location)


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


def effective_sites(
    picked: frozenset[uuid.UUID] | None, scope: frozenset[uuid.UUID] | None
) -> frozenset[uuid.UUID] | None:
    """The sites to show: those picked, within the user's scope (None: no restriction)."""
    if picked is None:
        return scope
    if scope is None:
        return picked
    return picked & scope


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _uses_search_index(connection: Connection, text: str) -> bool:
    """Whether ``text`` has a word the trigram index can find and the replica has it."""
    return any(len(word) >= 3 for word in text.split()) and search_installed(
        connection, EQUIPMENT_SEARCH
    )


def _text_criteria(text: str, *, indexed: bool) -> list[ColumnElement[bool]]:
    """Each word must appear in one of the searched columns.

    ``indexed`` (see ``_uses_search_index``): the words of three characters or
    more are found by the trigram index (case ignored), the shorter ones by LIKE
    on those matches. SQLite's LIKE ignores case for ASCII letters only; for a
    word with accents its lower- and upper-case spellings are both tried
    ("électrique" finds "ÉLECTRIQUE" and "Électrique").
    """
    criteria: list[ColumnElement[bool]] = []
    words = text.split()
    if indexed:
        long_words = [word for word in words if len(word) >= 3]
        criteria.append(_ROWID.in_(matching_rowids(EQUIPMENT_SEARCH, long_words)))
        words = [word for word in words if len(word) < 3]
    for word in words:
        spellings = {word} if word.isascii() else {word.lower(), word.upper()}
        matches = [
            column.like(f"%{_escape_like(spelling)}%", escape="\\")
            for spelling in sorted(spellings)
            for column in _TEXT_COLUMNS
        ]
        criteria.append(or_(*matches))
    return criteria


def _unindexed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """``+column``: the same value, but SQLite will not pick an index for it."""
    return literal_column(f"+equipments.{column.name}", column.type)


def _site_criterion(site_ids: frozenset[uuid.UUID], *, indexed: bool) -> ColumnElement[bool]:
    if not site_ids:
        return false()
    column = e.site_id if indexed else _unindexed(e.site_id)
    if len(site_ids) == 1:
        return column == next(iter(site_ids))
    return column.in_(sorted(site_ids))


def _criteria(
    filter: EquipmentFilter, scope_site_ids: frozenset[uuid.UUID] | None, *, indexed: bool = False
) -> list[ColumnElement[bool]]:
    criteria: list[ColumnElement[bool]] = [e.deleted_at.is_(None)]
    site_ids = effective_sites(filter.site_ids, scope_site_ids)
    if site_ids is not None:
        # A line is in one site: its index (a few hundred rows) beats the site's
        # (tens of thousands), but SQLite has no statistics to know it.
        criteria.append(_site_criterion(site_ids, indexed=filter.line_id is None))
    if filter.line_id is not None:
        criteria.append(e.line_id == filter.line_id)
    if filter.state is not None:
        criteria.append(e.state == filter.state)
    if filter.type_id is not None:
        criteria.append(e.type_id == filter.type_id)
    criteria.extend(_text_criteria(filter.text, indexed=indexed))
    return criteria


def count_equipments(
    db: Database, filter: EquipmentFilter, scope_site_ids: frozenset[uuid.UUID] | None
) -> int:
    """How many live equipments the filter keeps, within the user's site scope."""
    with _connect(db) as connection:
        indexed = _uses_search_index(connection, filter.text)
        criteria = _criteria(filter, scope_site_ids, indexed=indexed)
        query = select(func.count()).select_from(equipments).where(*criteria)
        return int(connection.execute(query).scalar_one())


# SQLite's rowid: unique, and the last column of every index on the table, so
# "ORDER BY name, rowid" is exactly the order of ix_equipments_name (a tiebreak
# on the uuid ``id`` would make SQLite sort every group of equal names again).
_ROWID: ColumnElement[int] = literal_column("equipments.rowid", Integer)
# Sorts that an index of the table can deliver; any other sort reads every row
# the filter keeps and sorts them.
_INDEXED_SORTS = frozenset({"code", "name"})
# Sorts on a column with few distinct values: read bucket by bucket (all the
# "active" rows in rowid order, then the "under_maintenance" ones...), each
# bucket through an index when there is one. Page 0 never sorts anything.
STATE_ORDER = ("active", "under_maintenance", "down", "out_of_service")
CRITICALITY_ORDER = ("high", "medium", "low")
_BUCKET_COLUMNS: Mapping[str, ColumnElement[Any]] = {
    "state": e.state,
    "criticality": e.criticality,
    "type": e.type_id,
    "site": e.site_id,
    "line": e.line_id,
}


def _sort_source(sort_column: str) -> tuple[ColumnElement[Any], FromClause]:
    try:
        sort_expression, join = _SORTS[sort_column]
    except KeyError:
        raise ValueError(f"cannot sort equipments by {sort_column!r}") from None
    source: FromClause = equipments
    if join is equipment_types:
        source = equipments.join(equipment_types, equipment_types.c.id == e.type_id)
    elif join is sites:
        source = equipments.join(sites, sites.c.id == e.site_id)
    elif join is production_lines:
        source = equipments.outerjoin(production_lines, production_lines.c.id == e.line_id)
    return sort_expression, source


def _ordered_rowids(
    filter: EquipmentFilter,
    scope_site_ids: frozenset[uuid.UUID] | None,
    sort_column: str,
    descending: bool,
    *extra_columns: ColumnElement[Any],
    indexed: bool = False,
) -> Select[Any]:
    sort_expression, source = _sort_source(sort_column)
    if filter.text.strip() and sort_column in _INDEXED_SORTS:
        # A text filter reads every row anyway: walking the name index and
        # fetching each row in name order would be several times slower than
        # one sequential scan and a sort of the matches ("|| ''" hides the index).
        sort_expression = sort_expression.concat("")
    order = (
        [sort_expression.desc(), _ROWID.desc()]
        if descending
        else [sort_expression.asc(), _ROWID.asc()]
    )
    return (
        select(_ROWID, *extra_columns)
        .select_from(source)
        .where(*_criteria(filter, scope_site_ids, indexed=indexed))
        .order_by(*order)
    )


def _rows_by_rowid(connection: Connection, rowids: Sequence[int]) -> list[EquipmentRow]:
    if not rowids:
        return []
    query = (
        select(
            _ROWID,
            e.id,
            e.code,
            e.name,
            e.state,
            e.criticality,
            equipment_types.c.name,
            e.site_id,
            sites.c.code,
            sites.c.name,
            production_lines.c.name,
            e.manufacturer,
            e.location,
        )
        .select_from(
            equipments.join(equipment_types, equipment_types.c.id == e.type_id)
            .join(sites, sites.c.id == e.site_id)
            .outerjoin(production_lines, production_lines.c.id == e.line_id)
        )
        .where(_ROWID.in_(rowids))
    )
    by_rowid = {row[0]: EquipmentRow(*row[1:]) for row in connection.execute(query)}
    return [by_rowid[rowid] for rowid in rowids if rowid in by_rowid]


def _bucket_keys(
    connection: Connection, sort_column: str, site_ids: frozenset[uuid.UUID] | None
) -> list[Any]:
    """The values of the sorted column in ascending order (same order as _SORTS)."""
    if sort_column == "state":
        return list(STATE_ORDER)
    if sort_column == "criticality":
        return list(CRITICALITY_ORDER)
    # Tombstoned types, sites and lines included: a live equipment may still
    # point at one until it is edited, and must not vanish from the list.
    if sort_column == "type":
        t = equipment_types.c
        return list(connection.execute(select(t.id).order_by(t.name, t.id)).scalars())
    if sort_column == "site":
        query = select(sites.c.id).order_by(sites.c.name, sites.c.id)
        if site_ids is not None:
            query = query.where(sites.c.id.in_(sorted(site_ids)))
        return list(connection.execute(query).scalars())
    p = production_lines.c
    query = select(p.id).order_by(p.name, p.id)
    if site_ids is not None:
        query = query.where(p.site_id.in_(sorted(site_ids)))
    # SQLite sorts NULL first: equipments on no line come first in ascending order
    return [None, *connection.execute(query).scalars()]


class EquipmentListing:
    """One filtered and sorted equipment list, read page by page.

    ``count()`` and ``page(offset, limit)`` give what a table model needs;
    the listing remembers what makes later reads cheap (the count, the size of
    each bucket of a bucket sort, the first page read along with the count).
    It holds no connection: each call reads the replica as it is now, so make
    a new listing when the data changes.

    Ties are broken by the row's rowid: the order is total and stable, so
    consecutive pages never overlap nor skip a row. How each sort reads:

    - code, name (no text filter): the column's index, LIMIT/OFFSET;
    - state, criticality, type, site, line (no text filter): bucket by bucket
      in the sort order, each bucket in rowid order through an index
      (ix_equipments_type, ix_equipments_line, ix_equipments_site_state);
      page 0 sorts nothing, a deeper page first counts the buckets (once);
    - a text filter, or manufacturer/location: ORDER BY ... LIMIT/OFFSET
      over a scan, of the search index's matches for a text (SQLite keeps
      only the best rows while sorting). With a text filter ``count()`` reads
      the first ``first_page`` rows in the same read (a window count) and
      keeps them for ``page(0, ...)``.
    """

    def __init__(
        self,
        db: Database,
        filter: EquipmentFilter,
        sort_column: str = "code",
        descending: bool = False,
        *,
        scope_site_ids: frozenset[uuid.UUID] | None,
        first_page: int = 200,
    ) -> None:
        if sort_column not in _SORTS:
            raise ValueError(f"cannot sort equipments by {sort_column!r}")
        self.db = db
        self.filter = filter
        self.sort_column = sort_column
        self.descending = descending
        self.scope_site_ids = scope_site_ids
        self._first_page_size = first_page
        self._count: int | None = None
        self._first_page: list[EquipmentRow] | None = None
        self._bucket_sizes: dict[Any, int] | None = None
        self._buckets = sort_column in _BUCKET_COLUMNS and not filter.text.strip()

    def count(self) -> int:
        """How many equipments the list holds (read once)."""
        if self._count is None:
            if self.filter.text.strip():
                self._count = self._count_with_first_page()
            else:
                self._count = count_equipments(self.db, self.filter, self.scope_site_ids)
        return self._count

    def set_count(self, count: int) -> None:
        """Take a count already known (same filter, another sort)."""
        self._count = count

    def page(self, offset: int, limit: int) -> list[EquipmentRow]:
        """Rows ``offset`` .. ``offset + limit`` in the list's order."""
        if offset < 0 or limit <= 0:
            return []
        first = self._first_page
        complete = first is not None and len(first) < self._first_page_size
        if first is not None and offset == 0 and (limit <= len(first) or complete):
            return first[:limit]
        with _connect(self.db) as connection:
            if self._buckets:
                rowids = self._bucket_rowids(connection, offset, limit)
            else:
                query = _ordered_rowids(
                    self.filter,
                    self.scope_site_ids,
                    self.sort_column,
                    self.descending,
                    indexed=_uses_search_index(connection, self.filter.text),
                )
                rowids = list(connection.execute(query.limit(limit).offset(offset)).scalars())
            return _rows_by_rowid(connection, rowids)

    def _count_with_first_page(self) -> int:
        """A text filter scans every row anyway: count them in that same scan."""
        with _connect(self.db) as connection:
            query = _ordered_rowids(
                self.filter,
                self.scope_site_ids,
                self.sort_column,
                self.descending,
                func.count().over(),
                indexed=_uses_search_index(connection, self.filter.text),
            )
            result = connection.execute(query.limit(self._first_page_size)).all()
            self._first_page = _rows_by_rowid(connection, [row[0] for row in result])
        return int(result[0][1]) if result else 0

    def _sizes(self, connection: Connection) -> dict[Any, int]:
        if self._bucket_sizes is None:
            # counting per state or type by walking an index costs a table lookup
            # per row (for deleted_at) in random order: a sequential scan is 3x faster
            column = _unindexed(_BUCKET_COLUMNS[self.sort_column])
            criteria = _criteria(self.filter, self.scope_site_ids, indexed=False)
            grouped = select(column, func.count()).where(*criteria).group_by(column)
            self._bucket_sizes = {key: int(size) for key, size in connection.execute(grouped)}
        return self._bucket_sizes

    def _bucket_rowids(self, connection: Connection, offset: int, limit: int) -> list[int]:
        column = _BUCKET_COLUMNS[self.sort_column]
        criteria = _criteria(self.filter, self.scope_site_ids, indexed=False)
        site_ids = effective_sites(self.filter.site_ids, self.scope_site_ids)
        keys = _bucket_keys(connection, self.sort_column, site_ids)
        if self.descending:
            keys.reverse()
        sizes = self._sizes(connection) if offset > 0 else None
        rowid_order = _ROWID.desc() if self.descending else _ROWID.asc()
        if self.sort_column == "site":
            # Walk the table in rowid order rather than sort a whole site's rows.
            column = _unindexed(column)
        rowids: list[int] = []
        skip = offset
        for key in keys:
            if sizes is not None:
                size = sizes.get(key, 0)
                if skip >= size:
                    skip -= size
                    continue
            in_bucket = column.is_(None) if key is None else column == key
            query = (
                select(_ROWID)
                .where(*criteria, in_bucket)
                .order_by(rowid_order)
                .limit(limit - len(rowids))
                .offset(skip)
            )
            rowids.extend(connection.execute(query).scalars())
            skip = 0
            if len(rowids) >= limit:
                break
        return rowids


def fetch_equipment_page(
    db: Database,
    filter: EquipmentFilter,
    sort_column: str = "code",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    *,
    scope_site_ids: frozenset[uuid.UUID] | None,
) -> list[EquipmentRow]:
    """Rows ``offset`` .. ``offset + limit`` of the filtered list in the asked order.

    ``sort_column`` is one of SORT_KEYS; ``scope_site_ids`` is the user's site
    scope (``UserSession.site_ids``, None for every site). Tombstoned rows
    never show. To read many pages of one list, an EquipmentListing is faster.
    """
    listing = EquipmentListing(db, filter, sort_column, descending, scope_site_ids=scope_site_ids)
    return listing.page(offset, limit)


# ------------------------------------------------------------------ filter combos


@dataclass(frozen=True, slots=True)
class SiteOption:
    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class LineOption:
    id: uuid.UUID
    site_id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class TypeOption:
    id: uuid.UUID
    code: str
    name: str


def list_sites(db: Database, scope_site_ids: frozenset[uuid.UUID] | None) -> list[SiteOption]:
    """The live sites the user may see, by name."""
    query = select(sites.c.id, sites.c.code, sites.c.name).where(sites.c.deleted_at.is_(None))
    if scope_site_ids is not None:
        query = query.where(sites.c.id.in_(sorted(scope_site_ids)) if scope_site_ids else false())
    with _connect(db) as connection:
        rows = connection.execute(query.order_by(sites.c.name, sites.c.code))
        return [SiteOption(*row) for row in rows]


def list_lines(db: Database, site_ids: Iterable[uuid.UUID] | None = None) -> list[LineOption]:
    """The live production lines of those sites (all sites: None), by name."""
    p = production_lines.c
    query = select(p.id, p.site_id, p.code, p.name).where(p.deleted_at.is_(None))
    if site_ids is not None:
        wanted = sorted(set(site_ids))
        query = query.where(p.site_id.in_(wanted) if wanted else false())
    with _connect(db) as connection:
        return [LineOption(*row) for row in connection.execute(query.order_by(p.name, p.code))]


def list_equipment_types(db: Database) -> list[TypeOption]:
    """The live equipment types, by name."""
    t = equipment_types.c
    query = select(t.id, t.code, t.name).where(t.deleted_at.is_(None)).order_by(t.name, t.code)
    with _connect(db) as connection:
        return [TypeOption(*row) for row in connection.execute(query)]


# ------------------------------------------------------------------------ the form


@dataclass(frozen=True, slots=True)
class EquipmentRef:
    """Just enough of an equipment to name it and link to it."""

    id: uuid.UUID
    code: str
    name: str
    state: str


def _ref_query() -> Select[Any]:
    return select(e.id, e.code, e.name, e.state)


def code_taken(db: Database, code: str, exclude_id: uuid.UUID | None = None) -> bool:
    """Whether an equipment other than ``exclude_id`` already has this code.

    Deleted equipments included: a tombstone keeps its code (the column is
    unique), as ``equipment.create`` checks it.
    """
    query = select(e.id).where(e.code == code.strip())
    if exclude_id is not None:
        query = query.where(e.id != exclude_id)
    with _connect(db) as connection:
        return connection.execute(query.limit(1)).first() is not None


def find_equipment_by_code(
    db: Database, code: str, site_id: uuid.UUID | None = None
) -> EquipmentRef | None:
    """The live equipment with exactly this code (in that site, if given)."""
    query = _ref_query().where(e.code == code.strip(), e.deleted_at.is_(None))
    if site_id is not None:
        query = query.where(e.site_id == site_id)
    with _connect(db) as connection:
        row = connection.execute(query).first()
    return None if row is None else EquipmentRef(*row)


def search_equipments(
    db: Database,
    text: str,
    *,
    site_id: uuid.UUID | None,
    exclude_id: uuid.UUID | None = None,
    limit: int = 20,
) -> list[EquipmentRef]:
    """A few equipments matching ``text`` (codes starting with it first), for a completer.

    Restricted to one site when ``site_id`` is given (a parent must be in
    the same site), never returning ``exclude_id`` itself.
    """
    criteria: list[ColumnElement[bool]] = [e.deleted_at.is_(None)]
    if site_id is not None:
        criteria.append(e.site_id == site_id)
    if exclude_id is not None:
        criteria.append(e.id != exclude_id)
    stripped = text.strip()
    prefix_first: ColumnElement[Any] = literal(0)
    with _connect(db) as connection:
        if stripped:
            indexed = _uses_search_index(connection, stripped)
            criteria.extend(_text_criteria(stripped, indexed=indexed))
            prefix_first = case(
                (e.code.like(f"{_escape_like(stripped)}%", escape="\\"), 0),
                else_=1,
            )
        query = _ref_query().where(*criteria).order_by(prefix_first, e.code).limit(limit)
        return [EquipmentRef(*row) for row in connection.execute(query)]


# ------------------------------------------------------------------------- detail


@dataclass(frozen=True)
class EquipmentDetail:
    """Everything the detail page shows about one equipment, with its place in the tree."""

    id: uuid.UUID
    code: str
    name: str
    state: str
    state_changed_at: datetime | None
    criticality: str
    type_id: uuid.UUID
    type_name: str
    site_id: uuid.UUID
    site_code: str
    site_name: str
    line_id: uuid.UUID | None
    line_name: str | None
    parent_id: uuid.UUID | None
    manufacturer: str | None
    model: str | None
    serial_number: str | None
    commissioning_date: date | None
    location: str | None
    description: str | None
    operating_hours: Decimal | None
    cycle_count: int | None
    updated_at: datetime
    # root first, ending with the direct parent; empty for a top-level equipment
    parents: tuple[EquipmentRef, ...]
    children: tuple[EquipmentRef, ...]

    def fields(self) -> dict[str, object]:
        """The values the edit form starts from (the keys of EquipmentFields)."""
        return {
            "code": self.code,
            "name": self.name,
            "type_id": self.type_id,
            "line_id": self.line_id,
            "parent_id": self.parent_id,
            "criticality": self.criticality,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "serial_number": self.serial_number,
            "commissioning_date": self.commissioning_date,
            "location": self.location,
            "description": self.description,
        }


MAX_DEPTH = 50  # a deeper tree is a data error (or a cycle): stop walking up


def _parent_chain(connection: Connection, parent_id: uuid.UUID | None) -> list[EquipmentRef]:
    chain: list[EquipmentRef] = []
    seen: set[uuid.UUID] = set()
    current = parent_id
    while current is not None and current not in seen and len(chain) < MAX_DEPTH:
        seen.add(current)
        row = connection.execute(
            select(e.id, e.code, e.name, e.state, e.parent_id).where(
                e.id == current, e.deleted_at.is_(None)
            )
        ).first()
        if row is None:
            break
        chain.append(EquipmentRef(row.id, row.code, row.name, row.state))
        current = row.parent_id
    chain.reverse()
    return chain


def get_equipment_detail(db: Database, equipment_id: uuid.UUID) -> EquipmentDetail | None:
    """The live equipment with its parents and children, or None if missing or deleted."""
    query = (
        select(
            e.id,
            e.code,
            e.name,
            e.state,
            e.state_changed_at,
            e.criticality,
            e.type_id,
            equipment_types.c.name.label("type_name"),
            e.site_id,
            sites.c.code.label("site_code"),
            sites.c.name.label("site_name"),
            e.line_id,
            production_lines.c.name.label("line_name"),
            e.parent_id,
            e.manufacturer,
            e.model,
            e.serial_number,
            e.commissioning_date,
            e.location,
            e.description,
            e.operating_hours,
            e.cycle_count,
            e.updated_at,
        )
        .select_from(
            equipments.join(equipment_types, equipment_types.c.id == e.type_id)
            .join(sites, sites.c.id == e.site_id)
            .outerjoin(production_lines, production_lines.c.id == e.line_id)
        )
        .where(e.id == equipment_id, e.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        row = connection.execute(query).first()
        if row is None:
            return None
        parents = _parent_chain(connection, row.parent_id)
        children = [
            EquipmentRef(*child)
            for child in connection.execute(
                _ref_query()
                .where(e.parent_id == equipment_id, e.deleted_at.is_(None))
                .order_by(e.code)
            )
        ]
    return EquipmentDetail(**row._mapping, parents=tuple(parents), children=tuple(children))


# ------------------------------------------------------------------------ history


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One thing that happened to an equipment.

    ``kind`` says where it comes from: "maintenance" (a maintenance_history
    line; ``event`` is its event_type, e.g. "state_change"), "failure" (a
    failure report; ``event`` is its status) or "audit" (an edit; ``event``
    is the command, e.g. "equipment.update", and ``changes`` the fields as
    {field: [old, new]}; for an attachment's line ``summary`` is its file
    name). ``summary`` is the stored text, untranslated.
    """

    at: datetime
    kind: str
    event: str
    summary: str
    actor_name: str | None
    ref_id: uuid.UUID | None
    changes: Mapping[str, Sequence[object]] | None = None


# Commands whose audit line would repeat a maintenance_history line.
_AUDIT_SHOWN_ELSEWHERE = frozenset({"equipment.set_state"})


def list_equipment_history(
    db: Database, equipment_id: uuid.UUID, limit: int = 500
) -> list[HistoryEntry]:
    """Maintenance history, failures and edits of the equipment, newest first."""
    h = maintenance_history.c
    f = failures.c
    a = audit_log.c
    history_query = (
        select(h.occurred_at, h.event_type, h.summary, users.c.full_name, h.ref_id)
        .select_from(maintenance_history.outerjoin(users, users.c.id == h.actor_id))
        .where(h.equipment_id == equipment_id, h.deleted_at.is_(None))
        .order_by(h.occurred_at.desc())
        .limit(limit)
    )
    failure_query = (
        select(f.reported_at, f.status, f.number, f.description, users.c.full_name, f.id)
        .select_from(failures.outerjoin(users, users.c.id == f.reported_by))
        .where(f.equipment_id == equipment_id, f.deleted_at.is_(None))
        .order_by(f.reported_at.desc())
        .limit(limit)
    )
    attachment_ids = select(attachments.c.id).where(
        attachments.c.owner_table == "equipments", attachments.c.owner_id == equipment_id
    )
    audit_query = (
        select(a.at, a.action, a.changes, users.c.full_name, a.entity_id, attachments.c.filename)
        .select_from(
            audit_log.outerjoin(users, users.c.id == a.actor_id).outerjoin(
                attachments, and_(a.entity == "attachments", attachments.c.id == a.entity_id)
            )
        )
        .where(
            or_(
                and_(a.entity == "equipments", a.entity_id == equipment_id),
                and_(a.entity == "attachments", a.entity_id.in_(attachment_ids)),
            ),
            a.action.not_in(sorted(_AUDIT_SHOWN_ELSEWHERE)),
        )
        .order_by(a.at.desc())
        .limit(limit)
    )
    entries: list[HistoryEntry] = []
    with _connect(db) as connection:
        for at, event, summary, who, ref in connection.execute(history_query):
            entries.append(HistoryEntry(at, "maintenance", event, summary, who, ref))
        for at, status, number, description, who, ref in connection.execute(failure_query):
            summary = f"{number} — {description}"
            entries.append(HistoryEntry(at, "failure", status, summary, who, ref))
        for at, action, changes, who, ref, filename in connection.execute(audit_query):
            # an attachment's line is summed up by its file name
            summary = filename or ""
            entries.append(HistoryEntry(at, "audit", action, summary, who, ref, changes or {}))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


# -------------------------------------------------------------------- attachments


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: uuid.UUID
    sha256: str
    filename: str
    mime_type: str
    size_bytes: int
    kind: str
    caption: str | None
    created_at: datetime
    uploaded_by_name: str | None


def _attachment_query() -> Select[Any]:
    t = attachments.c
    return select(
        t.id,
        t.sha256,
        t.filename,
        t.mime_type,
        t.size_bytes,
        t.kind,
        t.caption,
        t.created_at,
        users.c.full_name,
    ).select_from(attachments.outerjoin(users, users.c.id == t.uploaded_by))


def list_attachments(db: Database, equipment_id: uuid.UUID) -> list[AttachmentRow]:
    """The equipment's live attachments, oldest first (the order they were added)."""
    t = attachments.c
    query = _attachment_query().where(
        t.owner_table == "equipments",
        t.owner_id == equipment_id,
        t.deleted_at.is_(None),
    )
    with _connect(db) as connection:
        rows = connection.execute(query.order_by(t.created_at, t.filename, t.id))
        return [AttachmentRow(*row) for row in rows]


def get_attachment(db: Database, attachment_id: uuid.UUID) -> AttachmentRow | None:
    t = attachments.c
    query = _attachment_query().where(t.id == attachment_id, t.deleted_at.is_(None))
    with _connect(db) as connection:
        row = connection.execute(query).first()
    return None if row is None else AttachmentRow(*row)
