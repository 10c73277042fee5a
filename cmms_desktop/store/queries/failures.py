"""Read queries of the corrective-maintenance screens: failure list, ticket detail, lookups.

Everything runs on the replica (SQLite) and stays instant at 100k tickets.
The list's order is urgency (most urgent first), then age (oldest first),
then site, status and rowid: exactly ``ix_failures_list`` (urgency DESC,
deleted_at, reported_at, site_id, status), so the unfiltered list, a site's
and a status's (the default "not closed") walk it and stop after the page,
and count without a table lookup (``count_at_most`` stops early). A text
filter goes through ``failures_search`` (an FTS5 trigram index over number and
description, ``cmms_desktop.store.search``; LIKE without it). A page is read
in two steps like the equipment list: the rowids first, then the joined
columns of just those rows. Downtime is computed with the caller's ``now``: a
stop that has not ended is live.

Every function takes an Engine or a Connection (``Database``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import aliased

from cmms_core.rules.corrective import (
    URGENCY_LEVELS,
    CostBreakdown,
    cost_breakdown,
    downtime_minutes,
    labour_lines,
)
from cmms_core.rules.escalation import (
    Escalation,
    EscalationRule,
    FailureClock,
    Trigger,
    evaluate,
)
from cmms_core.rules.roles import Role
from cmms_core.rules.workorder import OPEN_STATUSES
from cmms_core.schema.assets import attachments, equipments, sites
from cmms_core.schema.failures import (
    escalation_rules,
    failure_types,
    failures,
    repair_interventions,
)
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.people import user_permissions, users
from cmms_core.schema.sync import sync_conflicts
from cmms_desktop.store.queries.equipment import (
    AttachmentRow,
    Database,
    EquipmentRef,
    _connect,
    _escape_like,
    effective_sites,
    search_equipments,
)
from cmms_desktop.store.search import (
    FAILURE_SEARCH,
    fts_phrase,
    matching_rowids,
    search_installed,
)

__all__ = [
    "MANY_MATCHES",
    "OPEN_STATUS_VALUES",
    "AssignableUser",
    "EquipmentLookup",
    "FailureDetail",
    "FailureFilter",
    "FailureListing",
    "FailureRow",
    "FailureTypeOption",
    "LabourRow",
    "PartUsed",
    "SheetConflict",
    "SheetDetail",
    "TextPlan",
    "count_failures",
    "current_escalations",
    "fetch_failure_page",
    "get_failure_detail",
    "list_assignable_users",
    "list_failure_attachments",
    "list_failure_types",
    "lookup_equipment",
    "text_plan",
]

f = failures.c
OPEN_STATUS_VALUES: frozenset[str] = frozenset(s.value for s in OPEN_STATUSES)
_ROWID: ColumnElement[int] = literal_column("failures.rowid", Integer)

# ------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class FailureFilter:
    """What the failure list's filter bar asks for; every field narrows the list.

    ``statuses``/``urgencies`` None: any. ``technician_id``: assigned to them.
    ``reported_from`` (included) / ``reported_to`` (excluded): the period.
    ``text``: words each found in the ticket number or the description.
    """

    site_ids: frozenset[uuid.UUID] | None = None
    statuses: frozenset[str] | None = None
    urgencies: frozenset[int] | None = None
    equipment_id: uuid.UUID | None = None
    technician_id: uuid.UUID | None = None
    reported_from: datetime | None = None
    reported_to: datetime | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class FailureRow:
    """One line of the failure list."""

    id: uuid.UUID
    number: str
    status: str
    urgency: int
    description: str
    equipment_id: uuid.UUID
    equipment_code: str
    equipment_name: str
    equipment_state: str
    site_id: uuid.UUID
    site_code: str
    failure_type_name: str | None
    reported_at: datetime
    reported_by_name: str | None
    assigned_to: uuid.UUID | None
    assigned_to_name: str | None
    assigned_at: datetime | None
    equipment_stopped: bool
    downtime_start: datetime | None
    downtime_end: datetime | None
    closed_at: datetime | None
    # whole minutes stopped; live (up to ``now``) while the stop has not ended
    downtime_minutes: int | None

    @property
    def downtime_live(self) -> bool:
        return self.downtime_start is not None and self.downtime_end is None


def _criteria(
    filter: FailureFilter,
    scope_site_ids: frozenset[uuid.UUID] | None,
    *,
    site_indexed: bool = True,
    text_indexed: bool = False,
    text_joined: bool = False,
) -> list[ColumnElement[bool]]:
    """The filter as WHERE terms (``deleted_at IS NULL`` first, urgency apart).

    ``site_indexed`` False: ``+site_id``, so that SQLite walks the list index
    rather than sort a whole site's tickets. ``text_indexed``: the words of three
    characters or more are found by ``failures_search`` (see ``_uses_search_index``);
    ``text_joined``: they are matched by the caller (a join), left out here.
    """
    criteria: list[ColumnElement[bool]] = [f.deleted_at.is_(None)]
    site_ids = effective_sites(filter.site_ids, scope_site_ids)
    if site_ids is not None:
        site = f.site_id if site_indexed else _UNINDEXED_SITE
        criteria.append(site.in_(sorted(site_ids)) if site_ids else false())
    if filter.statuses is not None:
        criteria.append(f.status.in_(sorted(filter.statuses)) if filter.statuses else false())
    if filter.equipment_id is not None:
        criteria.append(f.equipment_id == filter.equipment_id)
    if filter.technician_id is not None:
        criteria.append(f.assigned_to == filter.technician_id)
    if filter.reported_from is not None:
        criteria.append(f.reported_at >= filter.reported_from)
    if filter.reported_to is not None:
        criteria.append(f.reported_at < filter.reported_to)
    words = filter.text.split()
    if text_indexed or text_joined:
        if text_indexed:
            criteria.append(_ROWID.in_(matching_rowids(FAILURE_SEARCH, _long_words(filter))))
        words = [word for word in words if len(word) < 3]  # checked on the matches
    for word in words:
        spellings = {word} if word.isascii() else {word.lower(), word.upper()}
        criteria.append(
            or_(
                *(
                    column.like(f"%{_escape_like(spelling)}%", escape="\\")
                    for spelling in sorted(spellings)
                    for column in (f.number, f.description)
                )
            )
        )
    return criteria


def _long_words(filter: FailureFilter) -> list[str]:
    return [word for word in filter.text.split() if len(word) >= 3]


def _uses_search_index(connection: Connection, text: str) -> bool:
    """Whether ``text`` has a word the trigram index can find and the replica has it."""
    return any(len(word) >= 3 for word in text.split()) and search_installed(
        connection, FAILURE_SEARCH
    )


# ``+failures.x``: the same value, but SQLite will not pick an index for it.
# ``+urgency``: with a selective filter (an equipment, a technician, a text) the
# filter's own index finds the few rows and they are sorted; walking the list
# index would look every ticket up to test the filter. ``+site_id``: a site's
# list walks the list index (site_id is in it) rather than sort the site's rows.
_UNINDEXED_URGENCY: ColumnElement[int] = literal_column("+failures.urgency", Integer)
_UNINDEXED_SITE: ColumnElement[Any] = literal_column("+failures.site_id", failures.c.site_id.type)


class TextPlan(StrEnum):
    """How a list reads its text filter."""

    NONE = "none"  # no text
    LIKE = "like"  # LIKE on each ticket (no search index, or only short words)
    FEW = "few"  # the search index's matches, then sorted
    MANY = "many"  # the list index walked, each ticket tested by LIKE: the page
    # fills in a few rows; counted by joining the search index's matches


# fewer matches than this: sort them; more: walk the list in order and test each ticket
MANY_MATCHES = 2_000


def text_plan(connection: Connection, filter: FailureFilter) -> TextPlan:
    """How to read ``filter``'s text: one look at the search index (at most MANY_MATCHES)."""
    if not filter.text.strip():
        return TextPlan.NONE
    if not _uses_search_index(connection, filter.text):
        return TextPlan.LIKE
    matches = matching_rowids(FAILURE_SEARCH, _long_words(filter)).limit(MANY_MATCHES).subquery()
    found = connection.execute(select(func.count()).select_from(matches)).scalar_one()
    return TextPlan.FEW if found < MANY_MATCHES else TextPlan.MANY


def _walks_list_index(filter: FailureFilter, plan: TextPlan) -> bool:
    """No filter with an index of its own: read in order along ``ix_failures_list``."""
    return (
        filter.equipment_id is None
        and filter.technician_id is None
        and plan in (TextPlan.NONE, TextPlan.MANY)
    )


def _urgencies(filter: FailureFilter) -> list[int]:
    """The urgencies to read, most urgent first."""
    levels = sorted(URGENCY_LEVELS, reverse=True)
    if filter.urgencies is None:
        return levels
    return [u for u in levels if u in filter.urgencies]


_SEARCH_TABLE = table(FAILURE_SEARCH.name, column("rowid", Integer))


def _listed(
    filter: FailureFilter,
    scope_site_ids: frozenset[uuid.UUID] | None,
    plan: TextPlan,
    *,
    for_count: bool,
) -> Select[Any]:
    """``SELECT rowid`` of the list's tickets, in the list's order unless ``for_count``.

    The order is ``ix_failures_list``'s: urgency (most urgent first), age, then
    site, status and rowid as tiebreaks (a total order: pages never overlap).
    """
    walk = _walks_list_index(filter, plan)
    joined = for_count and plan is TextPlan.MANY
    criteria = _criteria(
        filter,
        scope_site_ids,
        site_indexed=for_count or not walk,
        text_indexed=plan is TextPlan.FEW,
        text_joined=joined,
    )
    urgency = f.urgency if walk else _UNINDEXED_URGENCY
    wanted = _urgencies(filter)
    query = select(_ROWID).where(*criteria, urgency.in_(wanted) if wanted else false())
    if joined:
        # driven by the search index's matches (read lazily: a capped count stops early)
        words = " AND ".join(fts_phrase(word) for word in _long_words(filter))
        query = query.select_from(
            _SEARCH_TABLE.join(failures, _SEARCH_TABLE.c.rowid == _ROWID)
        ).where(text(f"{FAILURE_SEARCH.name} MATCH :failure_words").bindparams(failure_words=words))
    if for_count:
        return query
    return query.order_by(urgency.desc(), f.reported_at, f.site_id, f.status, _ROWID)


def count_failures(
    db: Database, filter: FailureFilter, scope_site_ids: frozenset[uuid.UUID] | None
) -> int:
    """How many live tickets the filter keeps, within the user's site scope."""
    with _connect(db) as connection:
        plan = text_plan(connection, filter)
        listed = _listed(filter, scope_site_ids, plan, for_count=True).subquery()
        return int(connection.execute(select(func.count()).select_from(listed)).scalar_one())


_REPORTER = aliased(users, name="reporter")
_ASSIGNEE = aliased(users, name="assignee")


def _rows_by_rowid(
    connection: Connection, rowids: Sequence[int], now: datetime
) -> list[FailureRow]:
    if not rowids:
        return []
    e = equipments.c
    query = (
        select(
            _ROWID,
            f.id,
            f.number,
            f.status,
            f.urgency,
            f.description,
            f.equipment_id,
            e.code,
            e.name,
            e.state,
            f.site_id,
            sites.c.code,
            failure_types.c.name,
            f.reported_at,
            _REPORTER.c.full_name,
            f.assigned_to,
            _ASSIGNEE.c.full_name,
            f.assigned_at,
            f.equipment_stopped,
            f.downtime_start,
            f.downtime_end,
            f.closed_at,
        )
        .select_from(
            failures.join(equipments, e.id == f.equipment_id)
            .join(sites, sites.c.id == f.site_id)
            .outerjoin(failure_types, failure_types.c.id == f.failure_type_id)
            .outerjoin(_REPORTER, _REPORTER.c.id == f.reported_by)
            .outerjoin(_ASSIGNEE, _ASSIGNEE.c.id == f.assigned_to)
        )
        .where(_ROWID.in_(rowids))
    )
    by_rowid = {}
    for row in connection.execute(query):
        minutes = downtime_minutes(row.downtime_start, row.downtime_end, now)
        values: tuple[Any, ...] = (*row[1:], minutes)
        by_rowid[row[0]] = FailureRow(*values)
    return [by_rowid[rowid] for rowid in rowids if rowid in by_rowid]


class FailureListing:
    """One filtered failure list in the screen's order, read page by page.

    ``count()`` (or ``count_at_most(n)``, which stops counting at ``n``) and
    ``page(offset, limit)`` give what a table model needs. The order is
    ``ix_failures_list``'s (urgency, most urgent first, then age; site, status,
    rowid as tiebreaks): total, pages never overlap. Without an equipment,
    technician or text filter a page walks that index and stops after the page
    (no sort); otherwise the filter's index (or ``failures_search``) finds the
    tickets and just those are sorted. ``now`` is the moment live downtimes run to.
    """

    def __init__(
        self,
        db: Database,
        filter: FailureFilter,
        *,
        scope_site_ids: frozenset[uuid.UUID] | None,
        now: datetime,
    ) -> None:
        self.db = db
        self.filter = filter
        self.scope_site_ids = scope_site_ids
        self.now = now
        self._count: int | None = None
        self._plan: TextPlan | None = None

    def _text_plan(self, connection: Connection) -> TextPlan:
        if self._plan is None:
            self._plan = text_plan(connection, self.filter)
        return self._plan

    def count(self) -> int:
        """How many tickets the list holds (read once)."""
        if self._count is None:
            self._count = count_failures(self.db, self.filter, self.scope_site_ids)
        return self._count

    def count_at_most(self, limit: int) -> int:
        """``min(count(), limit)``: reads no more than ``limit`` index entries."""
        if self._count is not None:
            return min(self._count, limit)
        with _connect(self.db) as connection:
            plan = self._text_plan(connection)
            listed = _listed(self.filter, self.scope_site_ids, plan, for_count=True)
            capped = listed.limit(limit).subquery()
            found = int(connection.execute(select(func.count()).select_from(capped)).scalar_one())
        if found < limit:
            self._count = found
        return found

    def page(self, offset: int, limit: int) -> list[FailureRow]:
        """Rows ``offset`` .. ``offset + limit`` in the list's order."""
        if offset < 0 or limit <= 0:
            return []
        with _connect(self.db) as connection:
            plan = self._text_plan(connection)
            query = _listed(self.filter, self.scope_site_ids, plan, for_count=False)
            rowids = list(connection.execute(query.limit(limit).offset(offset)).scalars())
            return _rows_by_rowid(connection, rowids, self.now)


def fetch_failure_page(
    db: Database,
    filter: FailureFilter,
    offset: int = 0,
    limit: int = 200,
    *,
    scope_site_ids: frozenset[uuid.UUID] | None,
    now: datetime,
) -> list[FailureRow]:
    """Rows ``offset`` .. ``offset + limit`` of the list (a FailureListing reads many faster)."""
    listing = FailureListing(db, filter, scope_site_ids=scope_site_ids, now=now)
    return listing.page(offset, limit)


# ------------------------------------------------------------------------- detail


@dataclass(frozen=True, slots=True)
class LabourRow:
    user_id: uuid.UUID
    full_name: str | None
    minutes: int
    hourly_rate: Decimal | None  # None: no rate known, costs nothing
    cost: Decimal | None


@dataclass(frozen=True, slots=True)
class PartUsed:
    """A part issued to the repair (``quantity`` > 0), or its return (``quantity`` < 0)."""

    movement_id: uuid.UUID
    kind: str  # "issue" or "return"
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    location_code: str | None
    quantity: Decimal  # taken from the store (a return is negative)
    unit_cost: Decimal | None
    cost: Decimal
    occurred_at: datetime
    user_name: str | None
    reverses_id: uuid.UUID | None
    returned: bool  # an issue that was put back since


@dataclass(frozen=True, slots=True)
class SheetConflict:
    """A same-field conflict on the ticket or its sheet, not decided yet."""

    id: uuid.UUID
    entity: str
    field: str
    kept_value: Any
    lost_value: Any
    kept_by_name: str | None
    lost_by_name: str | None
    detected_at: datetime


@dataclass(frozen=True)
class SheetDetail:
    id: uuid.UUID
    version: int
    status: str
    technician_id: uuid.UUID | None
    technician_name: str | None
    diagnosis: str | None
    root_cause: str | None
    actions_taken: str | None
    started_at: datetime | None
    ended_at: datetime | None
    labour: tuple[LabourRow, ...]
    labour_minutes: int
    labour_cost: Decimal
    parts_cost: Decimal
    external_cost: Decimal
    signed_off_by: uuid.UUID | None
    signed_off_by_name: str | None
    signed_off_at: datetime | None
    validated_by: uuid.UUID | None
    validated_by_name: str | None
    validated_at: datetime | None
    rejection_comment: str | None
    before_photo_ids: tuple[uuid.UUID, ...]
    after_photo_ids: tuple[uuid.UUID, ...]

    def fields(self) -> dict[str, object]:
        """The values the sheet form starts from (the keys ``intervention.save`` takes)."""
        return {
            "diagnosis": self.diagnosis,
            "root_cause": self.root_cause,
            "actions_taken": self.actions_taken,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "labour": [{"user_id": r.user_id, "minutes": r.minutes} for r in self.labour],
            "external_cost": self.external_cost,
            "before_photo_ids": list(self.before_photo_ids),
            "after_photo_ids": list(self.after_photo_ids),
        }


@dataclass(frozen=True)
class FailureDetail:
    id: uuid.UUID
    version: int
    number: str
    status: str
    urgency: int
    description: str
    site_id: uuid.UUID
    site_code: str
    equipment: EquipmentRef
    failure_type_id: uuid.UUID | None
    failure_type_name: str | None
    reported_by: uuid.UUID
    reported_by_name: str | None
    reported_at: datetime
    assigned_to: uuid.UUID | None
    assigned_to_name: str | None
    assigned_at: datetime | None
    equipment_stopped: bool
    downtime_start: datetime | None
    downtime_end: datetime | None
    downtime_minutes: int | None  # live while the stop has not ended
    closed_at: datetime | None
    sheet: SheetDetail | None
    parts: tuple[PartUsed, ...]
    costs: CostBreakdown | None  # None until there is a sheet
    attachments: tuple[AttachmentRow, ...]  # of the ticket and of its sheet
    conflicts: tuple[SheetConflict, ...]  # undecided, on the ticket or the sheet


def _name_of(connection: Connection, user_ids: Iterable[uuid.UUID | None]) -> dict[Any, Any]:
    wanted = sorted({u for u in user_ids if u is not None})
    if not wanted:
        return {}
    query = select(users.c.id, users.c.full_name, users.c.hourly_rate).where(users.c.id.in_(wanted))
    return {row.id: (row.full_name, row.hourly_rate) for row in connection.execute(query)}


def _sheet_row(connection: Connection, failure_id: uuid.UUID) -> Any:
    r = repair_interventions.c
    return (
        connection.execute(
            select(repair_interventions)
            .where(r.failure_id == failure_id, r.deleted_at.is_(None))
            .order_by(r.created_at.desc(), r.id)
            .limit(1)
        )
        .mappings()
        .first()
    )


def _parts_used(connection: Connection, sheet_id: uuid.UUID) -> list[PartUsed]:
    m = stock_movements.c
    reversal = aliased(stock_movements, name="reversal")
    query = (
        select(
            m.id,
            m.kind,
            m.part_id,
            parts.c.reference,
            parts.c.description,
            parts.c.unit,
            storage_locations.c.code,
            m.quantity,
            m.unit_cost,
            m.occurred_at,
            users.c.full_name,
            m.reverses_id,
            reversal.c.id.label("returned_by"),
        )
        .select_from(
            stock_movements.join(parts, parts.c.id == m.part_id)
            .outerjoin(storage_locations, storage_locations.c.id == m.location_id)
            .outerjoin(users, users.c.id == m.user_id)
            .outerjoin(
                reversal, and_(reversal.c.reverses_id == m.id, reversal.c.deleted_at.is_(None))
            )
        )
        .where(m.ref_table == "repair_interventions", m.ref_id == sheet_id, m.deleted_at.is_(None))
        .order_by(m.occurred_at, m.id)
    )
    used = []
    for row in connection.execute(query):
        taken = -Decimal(row.quantity)
        cost = (taken * Decimal(row.unit_cost or 0)).quantize(Decimal("0.01"))
        used.append(
            PartUsed(
                row.id,
                row.kind,
                row.part_id,
                row.reference,
                row.description,
                row.unit,
                row.code,
                taken,
                row.unit_cost,
                cost,
                row.occurred_at,
                row.full_name,
                row.reverses_id,
                row.returned_by is not None,
            )
        )
    return used


def get_failure_detail(db: Database, failure_id: uuid.UUID, now: datetime) -> FailureDetail | None:
    """The live ticket with its sheet, parts, costs, attachments and open conflicts."""
    e = equipments.c
    query = (
        select(
            failures,
            e.code.label("equipment_code"),
            e.name.label("equipment_name"),
            e.state.label("equipment_state"),
            sites.c.code.label("site_code"),
            failure_types.c.name.label("failure_type_name"),
        )
        .select_from(
            failures.join(equipments, e.id == f.equipment_id)
            .join(sites, sites.c.id == f.site_id)
            .outerjoin(failure_types, failure_types.c.id == f.failure_type_id)
        )
        .where(f.id == failure_id, f.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        row = connection.execute(query).mappings().first()
        if row is None:
            return None
        sheet_row = _sheet_row(connection, failure_id)
        lines = labour_lines(sheet_row["labour"]) if sheet_row is not None else []
        people = _name_of(
            connection,
            [
                row["reported_by"],
                row["assigned_to"],
                *(line.user_id for line in lines),
                *(
                    (
                        sheet_row["technician_id"],
                        sheet_row["signed_off_by"],
                        sheet_row["validated_by"],
                    )
                    if sheet_row is not None
                    else ()
                ),
            ],
        )

        def name(user_id: uuid.UUID | None) -> str | None:
            known = people.get(user_id)
            return None if known is None else str(known[0])

        sheet = None
        used: list[PartUsed] = []
        costs = None
        if sheet_row is not None:
            used = _parts_used(connection, sheet_row["id"])
            rates = {u: people.get(u, (None, None))[1] for u in (line.user_id for line in lines)}
            labour = tuple(
                LabourRow(
                    line.user_id,
                    name(line.user_id),
                    line.minutes,
                    rates[line.user_id],
                    None
                    if rates[line.user_id] is None
                    else (Decimal(line.minutes) * rates[line.user_id] / 60).quantize(
                        Decimal("0.01")
                    ),
                )
                for line in lines
            )
            costs = cost_breakdown(
                lines,
                rates,
                [(-p.quantity, p.unit_cost) for p in used],
                sheet_row["external_cost"],
            )
            sheet = SheetDetail(
                id=sheet_row["id"],
                version=sheet_row["version"],
                status=sheet_row["status"],
                technician_id=sheet_row["technician_id"],
                technician_name=name(sheet_row["technician_id"]),
                diagnosis=sheet_row["diagnosis"],
                root_cause=sheet_row["root_cause"],
                actions_taken=sheet_row["actions_taken"],
                started_at=sheet_row["started_at"],
                ended_at=sheet_row["ended_at"],
                labour=labour,
                labour_minutes=sheet_row["labour_minutes"],
                labour_cost=sheet_row["labour_cost"],
                parts_cost=sheet_row["parts_cost"],
                external_cost=sheet_row["external_cost"],
                signed_off_by=sheet_row["signed_off_by"],
                signed_off_by_name=name(sheet_row["signed_off_by"]),
                signed_off_at=sheet_row["signed_off_at"],
                validated_by=sheet_row["validated_by"],
                validated_by_name=name(sheet_row["validated_by"]),
                validated_at=sheet_row["validated_at"],
                rejection_comment=sheet_row["rejection_comment"],
                before_photo_ids=tuple(uuid.UUID(str(v)) for v in sheet_row["before_photo_ids"]),
                after_photo_ids=tuple(uuid.UUID(str(v)) for v in sheet_row["after_photo_ids"]),
            )
        owners = [failure_id] + ([sheet_row["id"]] if sheet_row is not None else [])
        found_attachments = _attachments(connection, owners)
        conflicts = _conflicts(connection, owners)
    return FailureDetail(
        id=row["id"],
        version=row["version"],
        number=row["number"],
        status=row["status"],
        urgency=row["urgency"],
        description=row["description"],
        site_id=row["site_id"],
        site_code=row["site_code"],
        equipment=EquipmentRef(
            row["equipment_id"],
            row["equipment_code"],
            row["equipment_name"],
            row["equipment_state"],
        ),
        failure_type_id=row["failure_type_id"],
        failure_type_name=row["failure_type_name"],
        reported_by=row["reported_by"],
        reported_by_name=name(row["reported_by"]),
        reported_at=row["reported_at"],
        assigned_to=row["assigned_to"],
        assigned_to_name=name(row["assigned_to"]),
        assigned_at=row["assigned_at"],
        equipment_stopped=row["equipment_stopped"],
        downtime_start=row["downtime_start"],
        downtime_end=row["downtime_end"],
        downtime_minutes=downtime_minutes(row["downtime_start"], row["downtime_end"], now),
        closed_at=row["closed_at"],
        sheet=sheet,
        parts=tuple(used),
        costs=costs,
        attachments=tuple(found_attachments),
        conflicts=tuple(conflicts),
    )


def _attachments(connection: Connection, owner_ids: Sequence[uuid.UUID]) -> list[AttachmentRow]:
    t = attachments.c
    query = (
        select(
            t.id,
            t.sha256,
            t.filename,
            t.mime_type,
            t.size_bytes,
            t.kind,
            t.caption,
            t.created_at,
            users.c.full_name,
        )
        .select_from(attachments.outerjoin(users, users.c.id == t.uploaded_by))
        .where(
            t.owner_table.in_(["failures", "repair_interventions"]),
            t.owner_id.in_(list(owner_ids)),
            t.deleted_at.is_(None),
        )
        .order_by(t.created_at, t.filename, t.id)
    )
    return [AttachmentRow(*row) for row in connection.execute(query)]


def list_failure_attachments(db: Database, failure_id: uuid.UUID) -> list[AttachmentRow]:
    """The photos and files of the ticket and of its sheet, oldest first."""
    with _connect(db) as connection:
        sheet = _sheet_row(connection, failure_id)
        owners = [failure_id] + ([sheet["id"]] if sheet is not None else [])
        return _attachments(connection, owners)


def _conflicts(connection: Connection, entity_ids: Sequence[uuid.UUID]) -> list[SheetConflict]:
    c = sync_conflicts.c
    kept, lost = aliased(users, name="kept"), aliased(users, name="lost")
    query = (
        select(
            c.id,
            c.entity,
            c.field,
            c.kept_value,
            c.lost_value,
            kept.c.full_name,
            lost.c.full_name,
            c.detected_at,
        )
        .select_from(
            sync_conflicts.outerjoin(kept, kept.c.id == c.kept_by).outerjoin(
                lost, lost.c.id == c.lost_by
            )
        )
        .where(
            c.entity.in_(["failures", "repair_interventions"]),
            c.entity_id.in_(list(entity_ids)),
            c.resolved_at.is_(None),
            c.deleted_at.is_(None),
        )
        .order_by(c.detected_at, c.field)
    )
    return [SheetConflict(*row) for row in connection.execute(query)]


# ------------------------------------------------------------------ form helpers


@dataclass(frozen=True, slots=True)
class FailureTypeOption:
    id: uuid.UUID
    code: str
    name: str
    category: str | None


def list_failure_types(db: Database) -> list[FailureTypeOption]:
    """The live failure types, by category then name (the report form's combo)."""
    t = failure_types.c
    query = (
        select(t.id, t.code, t.name, t.category)
        .where(t.deleted_at.is_(None))
        .order_by(t.category, t.name)
    )
    with _connect(db) as connection:
        return [FailureTypeOption(*row) for row in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class AssignableUser:
    id: uuid.UUID
    full_name: str
    role: str
    skills: tuple[str, ...]


def list_assignable_users(db: Database, site_id: uuid.UUID) -> list[AssignableUser]:
    """Active users who may work on a ticket of ``site_id`` (the assign combo), by name.

    Those ``failure.transition`` "assign" accepts: a role that works on work
    orders, and the site granted (administrators have every site).
    """
    u, g = users.c, user_permissions.c
    granted = select(g.user_id).where(g.scope_site_id == site_id, g.deleted_at.is_(None))
    query = (
        select(u.id, u.full_name, u.role, u.skills)
        .where(
            u.deleted_at.is_(None),
            u.status == "active",
            u.role.in_([Role.TECHNICIAN.value, Role.SUPERVISOR.value, Role.ADMIN.value]),
            or_(u.role == Role.ADMIN.value, u.id.in_(granted)),
        )
        .order_by(u.full_name, u.id)
    )
    with _connect(db) as connection:
        return [
            AssignableUser(row.id, row.full_name, row.role, tuple(row.skills or ()))
            for row in connection.execute(query)
        ]


@dataclass(frozen=True)
class EquipmentLookup:
    """What a scanned or typed code finds: the exact code, else equipments matching the text."""

    exact: EquipmentRef | None
    matches: tuple[EquipmentRef, ...]


def lookup_equipment(
    db: Database,
    text: str,
    *,
    scope_site_ids: frozenset[uuid.UUID] | None,
    limit: int = 20,
) -> EquipmentLookup:
    """A barcode/QR scan (the scanner types the asset tag then Enter) or a search.

    An exact code (case and surrounding spaces ignored) in the user's sites is
    ``exact``; otherwise ``matches`` holds equipments whose code, name,
    location... contain every word, codes starting with the text first.
    """
    code = text.strip()
    e = equipments.c
    if not code:
        return EquipmentLookup(None, ())
    criteria: list[ColumnElement[bool]] = [e.deleted_at.is_(None)]
    if scope_site_ids is not None:
        criteria.append(e.site_id.in_(sorted(scope_site_ids)) if scope_site_ids else false())
    with _connect(db) as connection:
        for candidate in (e.code == code, func.upper(e.code) == code.upper()):
            row = connection.execute(
                select(e.id, e.code, e.name, e.state).where(candidate, *criteria).limit(1)
            ).first()
            if row is not None:
                return EquipmentLookup(EquipmentRef(*row), ())
        if scope_site_ids is not None and len(scope_site_ids) == 1:
            found = search_equipments(
                connection, code, site_id=next(iter(scope_site_ids)), limit=limit
            )
        else:
            found = search_equipments(connection, code, site_id=None, limit=limit * 4)
            if scope_site_ids is not None:
                allowed = _sites_of(connection, [ref.id for ref in found])
                found = [ref for ref in found if allowed.get(ref.id) in scope_site_ids]
        return EquipmentLookup(None, tuple(found[:limit]))


def _sites_of(connection: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    if not ids:
        return {}
    e = equipments.c
    return dict(connection.execute(select(e.id, e.site_id).where(e.id.in_(list(ids)))).all())


# ------------------------------------------------------------------ escalation


def current_escalations(
    db: Database, now: datetime, *, scope_site_ids: frozenset[uuid.UUID] | None
) -> list[Escalation]:
    """The escalations showing at ``now`` for the open tickets of the user's sites."""
    r = escalation_rules.c
    with _connect(db) as connection:
        rules = [
            EscalationRule(
                row.id,
                row.name,
                row.urgency,
                Trigger(row.trigger),
                row.minutes,
                Role(row.escalate_to),
                row.active,
            )
            for row in connection.execute(
                select(escalation_rules).where(r.deleted_at.is_(None), r.active.is_(True))
            )
            if row.trigger in Trigger.__members__.values() and row.escalate_to in set(Role)
        ]
        if not rules:
            return []
        urgencies = sorted({rule.urgency for rule in rules})
        criteria = _criteria(
            FailureFilter(statuses=frozenset({"reported", "assigned"})), scope_site_ids
        )
        query = select(f.id, f.urgency, f.status, f.reported_at, f.assigned_at).where(
            *criteria, f.urgency.in_(urgencies)
        )
        clocks = [FailureClock(*row) for row in connection.execute(query)]
    return evaluate(clocks, rules, now)
