"""Read queries of the preventive-maintenance screens: plans, templates, task sheets.

- :func:`list_plans`: the plans and templates list (filters in SQL), and
  :func:`get_plan`: one plan as its editor edits it.
- :func:`equipment_choices`: the equipments a plan may target, or a template
  be applied to (the multi-select picker).
- :func:`part_choices` / :func:`parts_by_id`: the parts a kit lists.
- :func:`task_sheet`: a preventive task with its plan and its latest sheet (the
  intervention page's header), :func:`timeline.task_timeline` its history from the audit
  trail, :func:`intervention_parts` the parts issued to its sheet and
  :func:`intervention_attachments` the photos attached to it.

Every function takes an Engine or a Connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, or_, select

from cmms_core.schema.assets import attachments, equipment_types, equipments, meter_readings, sites
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.maintenance import interventions, maintenance_plans, maintenance_tasks
from cmms_core.schema.people import users

__all__ = [
    "AttachmentLine",
    "Database",
    "EquipmentChoice",
    "IssuedPart",
    "PartChoice",
    "PlanFilter",
    "PlanRecord",
    "PlanRow",
    "SiteChoice",
    "TaskSheet",
    "equipment_choices",
    "get_plan",
    "intervention_attachments",
    "intervention_parts",
    "known_skills",
    "list_plans",
    "list_sites",
    "meter_readings_of",
    "part_choices",
    "parts_by_id",
    "sample_task_id",
    "task_sheet",
]

Database = Engine | Connection

p = maintenance_plans.c
e = equipments.c
t = maintenance_tasks.c


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column: Any, word: str) -> ColumnElement[bool]:
    return column.like(f"%{_escape_like(word)}%", escape="\\")  # type: ignore[no-any-return]


# ------------------------------------------------------------------ sites


@dataclass(frozen=True, slots=True)
class SiteChoice:
    id: uuid.UUID
    code: str
    name: str
    timezone: str


def list_sites(db: Database, scope_site_ids: Iterable[uuid.UUID] | None) -> list[SiteChoice]:
    """The live sites a user sees (``None``: every site), by code."""
    s = sites.c
    query = select(s.id, s.code, s.name, s.timezone).where(s.deleted_at.is_(None))
    if scope_site_ids is not None:
        query = query.where(s.id.in_(list(scope_site_ids)))
    with _connect(db) as connection:
        return [SiteChoice(*row) for row in connection.execute(query.order_by(s.code, s.id))]


# ------------------------------------------------------------------ plans


@dataclass(frozen=True)
class PlanFilter:
    text: str = ""
    site_id: uuid.UUID | None = None
    # "plan": plans only, "template": templates only, None: both
    kind: str | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: uuid.UUID
    name: str
    is_template: bool
    site_id: uuid.UUID | None
    site_code: str | None
    equipment_id: uuid.UUID | None
    equipment_code: str | None
    equipment_type_id: uuid.UUID | None
    type_name: str | None
    maintenance_type: str
    recurrence: dict[str, Any]
    tolerance_days: int
    estimated_minutes: int
    active: bool
    last_done_at: datetime | None
    next_due_at: datetime | None
    checklist_size: int


def list_plans(
    db: Database,
    f: PlanFilter,
    scope_site_ids: Iterable[uuid.UUID] | None,
    *,
    limit: int = 5000,
) -> list[PlanRow]:
    """Plans and templates matching ``f``, templates first then by name.

    Templates and plans on a type for every site (no ``site_id``) are seen by
    everyone; other plans only within ``scope_site_ids`` (None: every site).
    """
    s, ty = sites.c, equipment_types.c
    criteria: list[ColumnElement[bool]] = [p.deleted_at.is_(None)]
    if scope_site_ids is not None:
        criteria.append(or_(p.site_id.is_(None), p.site_id.in_(list(scope_site_ids))))
    if f.site_id is not None:
        criteria.append(or_(p.site_id == f.site_id, p.site_id.is_(None)))
    if f.kind == "template":
        criteria.append(p.is_template.is_(True))
    elif f.kind == "plan":
        criteria.append(p.is_template.is_(False))
    if f.active is not None:
        criteria.append(p.active.is_(f.active))
    for word in f.text.split():
        criteria.append(
            or_(
                _like(p.name, word),
                _like(e.code, word),
                _like(e.name, word),
                _like(ty.name, word),
            )
        )
    query = (
        select(
            p.id,
            p.name,
            p.is_template,
            p.site_id,
            s.code,
            p.equipment_id,
            e.code,
            p.equipment_type_id,
            ty.name,
            p.maintenance_type,
            p.recurrence,
            p.tolerance_days,
            p.estimated_minutes,
            p.active,
            p.last_done_at,
            p.next_due_at,
            p.checklist,
        )
        .outerjoin(sites, s.id == p.site_id)
        .outerjoin(equipments, e.id == p.equipment_id)
        .outerjoin(equipment_types, ty.id == func.coalesce(p.equipment_type_id, e.type_id))
        .where(*criteria)
        .order_by(p.is_template.desc(), p.name, p.id)
        .limit(limit)
    )
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    names = [f.name for f in fields(PlanRow)]
    found = []
    for row in rows:
        values = dict(zip(names, row, strict=True))
        values["recurrence"] = dict(values["recurrence"] or {})
        values["checklist_size"] = len(values["checklist_size"] or [])
        found.append(PlanRow(**values))
    return found


@dataclass(frozen=True)
class PlanRecord:
    """A plan as its editor shows it (JSON columns in their stored shape)."""

    id: uuid.UUID
    name: str
    description: str | None
    is_template: bool
    template_id: uuid.UUID | None
    site_id: uuid.UUID | None
    equipment_id: uuid.UUID | None
    equipment_code: str | None
    equipment_name: str | None
    equipment_type_id: uuid.UUID | None
    maintenance_type: str
    recurrence: dict[str, Any]
    tolerance_days: int
    estimated_minutes: int
    required_skills: list[str]
    checklist: list[dict[str, Any]]
    parts_kit: list[dict[str, Any]]
    active: bool
    depends_on_plan_id: uuid.UUID | None
    created_at: datetime | None
    last_done_at: datetime | None


def get_plan(db: Database, plan_id: uuid.UUID) -> PlanRecord | None:
    query = (
        select(
            p.id,
            p.name,
            p.description,
            p.is_template,
            p.template_id,
            p.site_id,
            p.equipment_id,
            e.code,
            e.name,
            p.equipment_type_id,
            p.maintenance_type,
            p.recurrence,
            p.tolerance_days,
            p.estimated_minutes,
            p.required_skills,
            p.checklist,
            p.parts_kit,
            p.active,
            p.depends_on_plan_id,
            p.created_at,
            p.last_done_at,
        )
        .outerjoin(equipments, e.id == p.equipment_id)
        .where(p.id == plan_id, p.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    values = dict(zip([f.name for f in fields(PlanRecord)], row, strict=True))
    values |= {
        "recurrence": dict(values["recurrence"] or {}),
        "required_skills": list(values["required_skills"] or []),
        "checklist": [dict(item) for item in values["checklist"] or [] if isinstance(item, dict)],
        "parts_kit": [dict(line) for line in values["parts_kit"] or [] if isinstance(line, dict)],
    }
    return PlanRecord(**values)


def known_skills(db: Database) -> list[str]:
    """Every skill named on a user or a plan, for the skills completer."""
    with _connect(db) as connection:
        found: set[str] = set()
        for (values,) in connection.execute(
            select(users.c.skills).where(users.c.deleted_at.is_(None))
        ):
            found.update(str(v) for v in values or [])
        for (values,) in connection.execute(
            select(p.required_skills).where(p.deleted_at.is_(None))
        ):
            found.update(str(v) for v in values or [])
    return sorted(found, key=str.casefold)


# ------------------------------------------------------------------ equipments, parts


@dataclass(frozen=True, slots=True)
class EquipmentChoice:
    id: uuid.UUID
    code: str
    name: str
    site_id: uuid.UUID
    site_code: str
    type_id: uuid.UUID
    type_name: str


def equipment_choices(
    db: Database,
    scope_site_ids: Iterable[uuid.UUID] | None,
    *,
    text: str = "",
    site_id: uuid.UUID | None = None,
    type_id: uuid.UUID | None = None,
    limit: int = 2000,
) -> list[EquipmentChoice]:
    """Live equipments a plan may target, by code."""
    s, ty = sites.c, equipment_types.c
    criteria: list[ColumnElement[bool]] = [e.deleted_at.is_(None)]
    if scope_site_ids is not None:
        criteria.append(e.site_id.in_(list(scope_site_ids)))
    if site_id is not None:
        criteria.append(e.site_id == site_id)
    if type_id is not None:
        criteria.append(e.type_id == type_id)
    for word in text.split():
        criteria.append(or_(_like(e.code, word), _like(e.name, word)))
    query = (
        select(e.id, e.code, e.name, e.site_id, s.code, e.type_id, ty.name)
        .join(sites, s.id == e.site_id)
        .join(equipment_types, ty.id == e.type_id)
        .where(*criteria)
        .order_by(e.code, e.id)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [EquipmentChoice(*row) for row in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class PartChoice:
    id: uuid.UUID
    reference: str
    description: str
    unit: str


def part_choices(db: Database, text: str = "", *, limit: int = 50) -> list[PartChoice]:
    """Live parts whose reference or description contains every word, by reference."""
    a = parts.c
    criteria: list[ColumnElement[bool]] = [a.deleted_at.is_(None)]
    for word in text.split():
        criteria.append(or_(_like(a.reference, word), _like(a.description, word)))
    query = (
        select(a.id, a.reference, a.description, a.unit)
        .where(*criteria)
        .order_by(a.reference, a.id)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [PartChoice(*row) for row in connection.execute(query)]


def parts_by_id(db: Database, part_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PartChoice]:
    ids = list(dict.fromkeys(part_ids))
    if not ids:
        return {}
    a = parts.c
    query = select(a.id, a.reference, a.description, a.unit).where(a.id.in_(ids))
    with _connect(db) as connection:
        return {row[0]: PartChoice(*row) for row in connection.execute(query)}


# ------------------------------------------------------------------ task sheet


@dataclass(frozen=True)
class TaskSheet:
    """A task as the intervention page's header shows it, with its latest sheet."""

    id: uuid.UUID
    title: str
    description: str | None
    kind: str
    status: str
    priority: int
    site_id: uuid.UUID
    equipment_id: uuid.UUID
    equipment_code: str
    equipment_name: str
    plan_id: uuid.UUID | None
    plan_name: str | None
    due_at: datetime | None
    scheduled_start: datetime | None
    scheduled_end: datetime | None
    estimated_minutes: int
    assigned_to: uuid.UUID | None
    assignee_name: str | None
    completed_at: datetime | None
    parts_kit: list[dict[str, Any]]
    intervention_id: uuid.UUID | None  # the latest sheet (a rejected task gets a new one)
    intervention_status: str | None


def task_sheet(db: Database, task_id: uuid.UUID) -> TaskSheet | None:
    u, i = users.c, interventions.c
    query = (
        select(
            t.id,
            t.title,
            t.description,
            t.kind,
            t.status,
            t.priority,
            t.site_id,
            t.equipment_id,
            e.code,
            e.name,
            t.plan_id,
            p.name,
            t.due_at,
            t.scheduled_start,
            t.scheduled_end,
            t.estimated_minutes,
            t.assigned_to,
            u.full_name,
            t.completed_at,
            p.parts_kit,
        )
        .join(equipments, e.id == t.equipment_id)
        .outerjoin(maintenance_plans, p.id == t.plan_id)
        .outerjoin(users, u.id == t.assigned_to)
        .where(t.id == task_id, t.deleted_at.is_(None))
    )
    latest = (
        select(i.id, i.status)
        .where(i.task_id == task_id, i.deleted_at.is_(None))
        .order_by(i.started_at.desc(), i.created_at.desc(), i.id)
        .limit(1)
    )
    with _connect(db) as connection:
        row = connection.execute(query).first()
        if row is None:
            return None
        sheet = connection.execute(latest).first()
    kit = [dict(line) for line in row[19] or [] if isinstance(line, dict)]
    names = [f.name for f in fields(TaskSheet)]
    values = dict(zip(names[:20], row, strict=True))
    values |= {
        "parts_kit": kit,
        "intervention_id": sheet[0] if sheet else None,
        "intervention_status": sheet[1] if sheet else None,
    }
    return TaskSheet(**values)


@dataclass(frozen=True, slots=True)
class IssuedPart:
    movement_id: uuid.UUID
    part_id: uuid.UUID
    reference: str
    description: str
    unit: str
    quantity: Decimal  # positive: taken out of the store
    location_code: str
    occurred_at: datetime


def intervention_parts(db: Database, intervention_id: uuid.UUID) -> list[IssuedPart]:
    """Parts issued to (or returned from) a sheet, oldest first."""
    m, a, sl = stock_movements.c, parts.c, storage_locations.c
    query = (
        select(
            m.id, m.part_id, a.reference, a.description, a.unit, m.quantity, sl.code, m.occurred_at
        )
        .join(parts, a.id == m.part_id)
        .join(storage_locations, sl.id == m.location_id)
        .where(
            m.deleted_at.is_(None),
            m.ref_table == "interventions",
            m.ref_id == intervention_id,
            m.kind.in_(("issue", "return")),
        )
        .order_by(m.occurred_at, m.id)
    )
    with _connect(db) as connection:
        return [
            IssuedPart(*row[:5], -Decimal(row[5]), *row[6:]) for row in connection.execute(query)
        ]


@dataclass(frozen=True, slots=True)
class AttachmentLine:
    id: uuid.UUID
    sha256: str
    filename: str
    mime_type: str
    size_bytes: int
    kind: str
    caption: str | None


def intervention_attachments(db: Database, intervention_id: uuid.UUID) -> list[AttachmentLine]:
    x = attachments.c
    query = (
        select(x.id, x.sha256, x.filename, x.mime_type, x.size_bytes, x.kind, x.caption)
        .where(
            x.deleted_at.is_(None),
            x.owner_table == "interventions",
            x.owner_id == intervention_id,
        )
        .order_by(x.created_at, x.id)
    )
    with _connect(db) as connection:
        return [AttachmentLine(*row) for row in connection.execute(query)]


def sample_task_id(
    db: Database, scope_site_ids: Sequence[uuid.UUID] | frozenset[uuid.UUID] | None
) -> uuid.UUID | None:
    """A preventive task worth showing (a sheet awaiting validation, else one in progress,
    else any with a checklist): the screenshot tool's pick."""
    i = interventions.c
    base = (
        select(t.id)
        .join(maintenance_plans, p.id == t.plan_id)
        .where(t.deleted_at.is_(None), t.kind == "preventive")
    )
    if scope_site_ids is not None:
        base = base.where(t.site_id.in_(list(scope_site_ids)))
    with_sheet = base.join(interventions, i.task_id == t.id)
    with _connect(db) as connection:
        for query in (
            with_sheet.where(t.status == "done").order_by(i.ended_at.desc(), t.id),
            with_sheet.where(t.status == "in_progress").order_by(i.started_at.desc(), t.id),
            base.order_by(t.due_at.desc(), t.id),
        ):
            found = connection.execute(query.limit(1)).scalar()
            if found is not None:
                return found  # type: ignore[no-any-return]
    return None


def meter_readings_of(
    db: Database, equipment_id: uuid.UUID
) -> dict[str, list[tuple[datetime, float]]]:
    """The meter readings of an equipment by meter (``hours``, ``cycles``...), oldest first."""
    r = meter_readings.c
    query = (
        select(r.meter, r.read_at, r.value)
        .where(r.equipment_id == equipment_id, r.deleted_at.is_(None))
        .order_by(r.read_at, r.id)
    )
    found: dict[str, list[tuple[datetime, float]]] = {}
    with _connect(db) as connection:
        for meter, read_at, value in connection.execute(query):
            found.setdefault(meter, []).append((read_at, float(value)))
    return found
