"""Read queries of the planning screens: the calendar, the supervisor's landing page,
the intervention sheet.

- :func:`calendar_events`: the tasks overlapping a time range (a day, a week, a
  month), filtered by site, technician, equipment; one SQL query through
  ``ix_maintenance_tasks_schedule`` (site, scheduled_start) or
  ``ix_maintenance_tasks_assignee_schedule``, returning plain tuples
  (:class:`CalendarEvent`) so that 5,000 events of a month load in one pass.
  A task overlaps the range when it starts before the range's end and ends
  after its start; tasks longer than :data:`MAX_TASK_SPAN` are not looked for
  before the range (the index range stays tight).
- :func:`supervisor_landing`: the team, interventions awaiting validation,
  workload per technician per week, overdue preventive tasks and PM compliance
  (:mod:`cmms_core.rules.recurrence`: done within the plan's tolerance window).
- :func:`intervention_detail`: a sheet with its checklist, item by item.

Every function takes an Engine or a Connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, func, select

from cmms_core.rules.assignment import parse_working_hours
from cmms_core.rules.recurrence import Compliance, compliance, compliance_rate, local_datetime
from cmms_core.schema.assets import equipments, sites
from cmms_core.schema.maintenance import interventions, maintenance_plans, maintenance_tasks
from cmms_core.schema.people import technician_absences, user_permissions, users

__all__ = [
    "MAX_TASK_SPAN",
    "OPEN_STATUSES",
    "CalendarEvent",
    "ChecklistLine",
    "ComplianceSummary",
    "Database",
    "InterventionDetail",
    "OverdueTask",
    "SupervisorLanding",
    "TeamMember",
    "ValidationItem",
    "WorkloadCell",
    "awaiting_validation",
    "calendar_events",
    "intervention_detail",
    "overdue_tasks",
    "pm_compliance",
    "site_timezone",
    "supervisor_landing",
    "team",
    "weekly_workload",
]

Database = Engine | Connection
MAX_TASK_SPAN = timedelta(days=31)
OPEN_STATUSES = ("reported", "assigned", "in_progress", "rejected")

t = maintenance_tasks.c


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


def site_timezone(db: Database, site_id: uuid.UUID) -> ZoneInfo:
    with _connect(db) as connection:
        name = connection.execute(select(sites.c.timezone).where(sites.c.id == site_id)).scalar()
    try:
        return ZoneInfo(name or "Europe/Paris")
    except (ValueError, KeyError):
        return ZoneInfo("Europe/Paris")


# ------------------------------------------------------------------ calendar


class CalendarEvent(NamedTuple):
    id: uuid.UUID
    start: datetime
    end: datetime
    title: str
    status: str
    kind: str  # preventive, corrective...: the colour
    priority: int  # the urgency
    equipment_id: uuid.UUID
    equipment_code: str
    assigned_to: uuid.UUID | None
    assignee_name: str | None
    site_id: uuid.UUID
    due_at: datetime | None
    plan_id: uuid.UUID | None
    has_warnings: bool


def calendar_events(
    db: Database,
    start: datetime,
    end: datetime,
    *,
    site_ids: Sequence[uuid.UUID] | None = None,
    technician_id: uuid.UUID | None = None,
    equipment_id: uuid.UUID | None = None,
    unassigned: bool = False,
    include_cancelled: bool = False,
) -> list[CalendarEvent]:
    """The scheduled tasks overlapping [start, end), in start order."""
    e, u = equipments.c, users.c
    query = (
        select(
            t.id,
            t.scheduled_start,
            t.scheduled_end,
            t.title,
            t.status,
            t.kind,
            t.priority,
            t.equipment_id,
            e.code,
            t.assigned_to,
            u.full_name,
            t.site_id,
            t.due_at,
            t.plan_id,
            t.schedule_warnings,
        )
        .join(equipments, e.id == t.equipment_id)
        .outerjoin(users, u.id == t.assigned_to)
        .where(
            t.deleted_at.is_(None),
            t.scheduled_start < end,
            t.scheduled_start >= start - MAX_TASK_SPAN,
            t.scheduled_end > start,
        )
        .order_by(t.scheduled_start, t.id)
    )
    if site_ids is not None:
        query = query.where(t.site_id.in_(list(site_ids)))
    if technician_id is not None:
        query = query.where(t.assigned_to == technician_id)
    if unassigned:
        query = query.where(t.assigned_to.is_(None))
    if equipment_id is not None:
        query = query.where(t.equipment_id == equipment_id)
    if not include_cancelled:
        query = query.where(t.status != "cancelled")
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    return [CalendarEvent._make((*row[:14], bool(row[14]))) for row in rows]


# ------------------------------------------------------------------ supervisor landing


class TeamMember(NamedTuple):
    id: uuid.UUID
    name: str
    role: str
    skills: tuple[str, ...]
    absent_now: bool


def team(db: Database, site_id: uuid.UUID, now: datetime) -> list[TeamMember]:
    """Active technicians and supervisors granted the site, by name."""
    u, g, a = users.c, user_permissions.c, technician_absences.c
    granted = select(g.user_id).where(g.deleted_at.is_(None), g.scope_site_id == site_id)
    absent = (
        select(func.count())
        .where(a.user_id == u.id, a.deleted_at.is_(None), a.starts_at <= now, a.ends_at > now)
        .scalar_subquery()
    )
    query = (
        select(u.id, u.full_name, u.role, u.skills, absent)
        .where(
            u.deleted_at.is_(None),
            u.status == "active",
            u.role.in_(("technician", "supervisor")),
            u.id.in_(granted),
        )
        .order_by(u.full_name, u.id)
    )
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    return [TeamMember(i, n, r, tuple(s or ()), bool(c)) for i, n, r, s, c in rows]


class ValidationItem(NamedTuple):
    intervention_id: uuid.UUID
    task_id: uuid.UUID
    title: str
    equipment_code: str
    technician_name: str | None
    ended_at: datetime | None
    out_of_limit: bool


def awaiting_validation(db: Database, site_ids: Sequence[uuid.UUID]) -> list[ValidationItem]:
    """Interventions done and not yet validated, oldest first."""
    i, e, u = interventions.c, equipments.c, users.c
    query = (
        select(i.id, i.task_id, t.title, e.code, u.full_name, i.ended_at, i.checklist_results)
        .join(maintenance_tasks, t.id == i.task_id)
        .join(equipments, e.id == i.equipment_id)
        .outerjoin(users, u.id == i.technician_id)
        .where(
            i.deleted_at.is_(None),
            i.status == "done",
            t.status == "done",
            i.site_id.in_(list(site_ids)),
        )
        .order_by(i.ended_at, i.id)
    )
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    return [
        ValidationItem(
            *row[:6], any(r.get("out_of_limit") for r in row[6] or [] if isinstance(r, dict))
        )
        for row in rows
    ]


class WorkloadCell(NamedTuple):
    user_id: uuid.UUID
    name: str
    week: date  # the Monday of the local week
    minutes: int
    capacity_minutes: int


def weekly_workload(
    db: Database, site_id: uuid.UUID, first_week: date, weeks: int, tz: ZoneInfo
) -> list[WorkloadCell]:
    """Scheduled minutes per technician per local week (Monday to Sunday), every
    technician of the site in every week, with their weekly working minutes."""
    monday = first_week - timedelta(days=first_week.weekday())
    low = local_datetime(monday, time(), tz)
    high = local_datetime(monday + timedelta(weeks=weeks), time(), tz)
    u, g = users.c, user_permissions.c
    granted = select(g.user_id).where(g.deleted_at.is_(None), g.scope_site_id == site_id)
    with _connect(db) as connection:
        people = connection.execute(
            select(u.id, u.full_name, u.working_hours)
            .where(
                u.deleted_at.is_(None),
                u.status == "active",
                u.role == "technician",
                u.id.in_(granted),
            )
            .order_by(u.full_name, u.id)
        ).all()
        booked = connection.execute(
            select(t.assigned_to, t.scheduled_start, t.scheduled_end).where(
                t.deleted_at.is_(None),
                t.status != "cancelled",
                t.site_id == site_id,
                t.assigned_to.isnot(None),
                t.scheduled_start >= low,
                t.scheduled_start < high,
            )
        ).all()
    minutes: dict[tuple[uuid.UUID, date], float] = {}
    for user_id, start, end in booked:
        local = start.astimezone(tz).date()
        week = local - timedelta(days=local.weekday())
        key = (user_id, week)
        minutes[key] = minutes.get(key, 0) + (end - start).total_seconds() / 60
    cells = []
    for user_id, name, hours in people:
        schedule = parse_working_hours(hours)
        capacity = sum(
            (datetime.combine(monday, b) - datetime.combine(monday, a)).total_seconds() // 60
            for intervals in schedule.values()
            for a, b in intervals
        )
        for n in range(weeks):
            week = monday + timedelta(weeks=n)
            cells.append(
                WorkloadCell(
                    user_id, name, week, int(minutes.get((user_id, week), 0)), int(capacity)
                )
            )
    return cells


class OverdueTask(NamedTuple):
    id: uuid.UUID
    title: str
    equipment_code: str
    due_at: datetime
    status: str
    assignee_name: str | None
    days_late: int


def overdue_tasks(db: Database, site_ids: Sequence[uuid.UUID], now: datetime) -> list[OverdueTask]:
    """Open preventive tasks whose tolerance window has closed, most late first."""
    e, u, p = equipments.c, users.c, maintenance_plans.c
    query = (
        select(t.id, t.title, e.code, t.due_at, t.status, u.full_name, p.tolerance_days)
        .join(equipments, e.id == t.equipment_id)
        .outerjoin(users, u.id == t.assigned_to)
        .outerjoin(maintenance_plans, p.id == t.plan_id)
        .where(
            t.deleted_at.is_(None),
            t.kind == "preventive",
            t.status.in_(OPEN_STATUSES),
            t.site_id.in_(list(site_ids)),
            t.due_at < now,
        )
        .order_by(t.due_at, t.id)
    )
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    found = []
    for task_id, title, code, due, status, name, tolerance in rows:
        limit = due + timedelta(days=tolerance or 0)
        if limit < now:
            found.append(OverdueTask(task_id, title, code, due, status, name, (now - limit).days))
    return found


@dataclass(frozen=True)
class ComplianceSummary:
    total: int
    on_time: int
    early: int
    late: int
    missed: int
    pending: int
    rate: float | None  # on time / (decided), None when nothing is decided yet


def pm_compliance(
    db: Database,
    site_ids: Sequence[uuid.UUID],
    start: datetime,
    end: datetime,
    now: datetime,
    tz: ZoneInfo,
) -> ComplianceSummary:
    """Preventive tasks due in [start, end): done within the plan's tolerance window?"""
    p = maintenance_plans.c
    query = (
        select(t.due_at, t.completed_at, t.status, p.tolerance_days)
        .outerjoin(maintenance_plans, p.id == t.plan_id)
        .where(
            t.deleted_at.is_(None),
            t.kind == "preventive",
            t.status != "cancelled",
            t.site_id.in_(list(site_ids)),
            t.due_at >= start,
            t.due_at < end,
        )
    )
    with _connect(db) as connection:
        rows = connection.execute(query).all()
    outcomes = [
        compliance(
            due,
            completed if status in ("done", "validated") else None,
            tolerance or 0,
            tz,
            now,
        )
        for due, completed, status, tolerance in rows
    ]
    return ComplianceSummary(
        total=len(outcomes),
        on_time=outcomes.count(Compliance.ON_TIME),
        early=outcomes.count(Compliance.EARLY),
        late=outcomes.count(Compliance.LATE),
        missed=outcomes.count(Compliance.MISSED),
        pending=outcomes.count(Compliance.PENDING),
        rate=compliance_rate(outcomes),
    )


@dataclass(frozen=True)
class SupervisorLanding:
    team: list[TeamMember]
    awaiting_validation: list[ValidationItem]
    workload: list[WorkloadCell]
    overdue: list[OverdueTask]
    compliance: ComplianceSummary


def supervisor_landing(
    db: Database,
    site_id: uuid.UUID,
    now: datetime,
    *,
    weeks: int = 4,
    compliance_days: int = 90,
) -> SupervisorLanding:
    """Everything the supervisor's landing page shows for one site, in one connection."""
    with _connect(db) as connection:
        tz = site_timezone(connection, site_id)
        today = now.astimezone(tz).date()
        return SupervisorLanding(
            team=team(connection, site_id, now),
            awaiting_validation=awaiting_validation(connection, [site_id]),
            workload=weekly_workload(connection, site_id, today, weeks, tz),
            overdue=overdue_tasks(connection, [site_id], now),
            compliance=pm_compliance(
                connection, [site_id], now - timedelta(days=compliance_days), now, now, tz
            ),
        )


# ------------------------------------------------------------------ intervention sheet


class ChecklistLine(NamedTuple):
    key: str
    label: str
    kind: str
    required: bool
    unit: str | None
    min: float | None
    max: float | None
    result: dict[str, Any] | None  # as saved: ok, value, text, photo_id, out_of_limit...

    @property
    def out_of_limit(self) -> bool:
        return bool(self.result and self.result.get("out_of_limit"))


@dataclass(frozen=True)
class InterventionDetail:
    id: uuid.UUID
    task_id: uuid.UUID | None
    task_title: str | None
    task_status: str | None
    equipment_id: uuid.UUID
    equipment_code: str
    equipment_name: str
    technician_id: uuid.UUID | None
    technician_name: str | None
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    labour_minutes: int
    report: str | None
    parts_cost: Decimal
    labour_cost: Decimal
    validated_by: uuid.UUID | None
    validated_at: datetime | None
    validation_comment: str | None
    checklist: list[ChecklistLine]


def intervention_detail(db: Database, intervention_id: uuid.UUID) -> InterventionDetail | None:
    i, e, u, p = interventions.c, equipments.c, users.c, maintenance_plans.c
    query = (
        select(
            i.id,
            i.task_id,
            t.title,
            t.status,
            i.equipment_id,
            e.code,
            e.name,
            i.technician_id,
            u.full_name,
            i.status,
            i.started_at,
            i.ended_at,
            i.labour_minutes,
            i.report,
            i.parts_cost,
            i.labour_cost,
            i.validated_by,
            i.validated_at,
            i.validation_comment,
            i.checklist_results,
            p.checklist,
        )
        .join(equipments, e.id == i.equipment_id)
        .outerjoin(maintenance_tasks, t.id == i.task_id)
        .outerjoin(maintenance_plans, p.id == t.plan_id)
        .outerjoin(users, u.id == i.technician_id)
        .where(i.id == intervention_id, i.deleted_at.is_(None))
    )
    with _connect(db) as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    results = {r.get("key"): r for r in row[19] or [] if isinstance(r, dict)}
    lines = [
        ChecklistLine(
            key=item["key"],
            label=item.get("label", ""),
            kind=item.get("kind", "check"),
            required=item.get("required", True),
            unit=item.get("unit"),
            min=item.get("min"),
            max=item.get("max"),
            result=results.get(item["key"]),
        )
        for item in row[20] or []
        if isinstance(item, dict) and "key" in item
    ]
    names = [f.name for f in fields(InterventionDetail)][:19]
    return InterventionDetail(**dict(zip(names, row[:19], strict=True)), checklist=lines)
