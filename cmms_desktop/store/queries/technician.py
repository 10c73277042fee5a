"""The technician's landing page: my tasks today and this week, new assignments, my
equipment, my recent interventions.

"Today" and "this week" are the caller's: it passes the bounds in the site's
time zone (``day_end``, ``week_end``), so this module never guesses a zone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, or_, select

from cmms_core.rules.corrective import downtime_minutes
from cmms_core.schema.assets import equipments
from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.maintenance import maintenance_tasks
from cmms_desktop.store.queries.equipment import Database, EquipmentRef, _connect
from cmms_desktop.store.queries.failures import OPEN_STATUS_VALUES

__all__ = ["MyIntervention", "MyTask", "TechnicianLanding", "technician_landing"]


@dataclass(frozen=True, slots=True)
class MyTask:
    """An open ticket or maintenance task assigned to the user."""

    kind: str  # "failure" or "maintenance"
    id: uuid.UUID
    title: str  # the ticket number + description, or the task's title
    status: str
    priority: int  # the ticket's urgency or the task's priority (higher: sooner)
    equipment: EquipmentRef
    # a ticket: when it was reported; a task: when it is scheduled (or due)
    at: datetime | None
    assigned_at: datetime | None
    downtime_minutes: int | None  # a ticket whose machine is stopped: live


@dataclass(frozen=True, slots=True)
class MyIntervention:
    sheet_id: uuid.UUID
    failure_id: uuid.UUID
    number: str
    status: str
    equipment: EquipmentRef
    started_at: datetime | None
    ended_at: datetime | None
    diagnosis: str | None


@dataclass(frozen=True)
class TechnicianLanding:
    today: tuple[MyTask, ...]  # every open ticket of mine, and tasks scheduled until day_end
    this_week: tuple[MyTask, ...]  # tasks scheduled after today, until week_end
    new_assignments: tuple[MyTask, ...]  # tickets assigned since ``since``, not started
    equipment: tuple[EquipmentRef, ...]  # the equipments of my open work and latest repairs
    recent_interventions: tuple[MyIntervention, ...]


def _my_failures(connection: Connection, user_id: uuid.UUID, now: datetime) -> list[MyTask]:
    f, e = failures.c, equipments.c
    query = (
        select(
            f.id,
            f.number,
            f.description,
            f.status,
            f.urgency,
            e.id.label("eq_id"),
            e.code,
            e.name,
            e.state,
            f.reported_at,
            f.assigned_at,
            f.downtime_start,
            f.downtime_end,
        )
        .select_from(failures.join(equipments, e.id == f.equipment_id))
        .where(
            f.assigned_to == user_id,
            f.status.in_(sorted(OPEN_STATUS_VALUES)),
            f.deleted_at.is_(None),
        )
        .order_by(f.urgency.desc(), f.reported_at)
    )
    return [
        MyTask(
            "failure",
            row.id,
            f"{row.number} — {row.description}",
            row.status,
            row.urgency,
            EquipmentRef(row.eq_id, row.code, row.name, row.state),
            row.reported_at,
            row.assigned_at,
            downtime_minutes(row.downtime_start, row.downtime_end, now),
        )
        for row in connection.execute(query)
    ]


def _my_maintenance(connection: Connection, user_id: uuid.UUID, until: datetime) -> list[MyTask]:
    t, e = maintenance_tasks.c, equipments.c
    when = func.coalesce(t.scheduled_start, t.due_at)
    query = (
        select(
            t.id,
            t.title,
            t.status,
            t.priority,
            e.id.label("eq_id"),
            e.code,
            e.name,
            e.state,
            when.label("at"),
        )
        .select_from(maintenance_tasks.join(equipments, e.id == t.equipment_id))
        .where(
            t.assigned_to == user_id,
            t.status.in_(sorted(OPEN_STATUS_VALUES)),
            t.deleted_at.is_(None),
            or_(when.is_(None), when < until),
        )
        .order_by(when, t.priority.desc())
    )
    return [
        MyTask(
            "maintenance",
            row.id,
            row.title,
            row.status,
            row.priority,
            EquipmentRef(row.eq_id, row.code, row.name, row.state),
            row.at,
            None,
            None,
        )
        for row in connection.execute(query)
    ]


def _recent(connection: Connection, user_id: uuid.UUID, limit: int) -> list[MyIntervention]:
    r, f, e = repair_interventions.c, failures.c, equipments.c
    query = (
        select(
            r.id,
            f.id.label("failure_id"),
            f.number,
            r.status,
            e.id.label("eq_id"),
            e.code,
            e.name,
            e.state,
            r.started_at,
            r.ended_at,
            r.diagnosis,
        )
        .select_from(
            repair_interventions.join(failures, f.id == r.failure_id).join(
                equipments, e.id == f.equipment_id
            )
        )
        .where(r.technician_id == user_id, r.deleted_at.is_(None))
        .order_by(r.started_at.desc())
        .limit(limit)
    )
    return [
        MyIntervention(
            row.id,
            row.failure_id,
            row.number,
            row.status,
            EquipmentRef(row.eq_id, row.code, row.name, row.state),
            row.started_at,
            row.ended_at,
            row.diagnosis,
        )
        for row in connection.execute(query)
    ]


def technician_landing(
    db: Database,
    user_id: uuid.UUID,
    *,
    now: datetime,
    day_end: datetime,
    week_end: datetime,
    since: datetime | None = None,
    recent: int = 10,
) -> TechnicianLanding:
    """The landing page of ``user_id`` at ``now``.

    ``day_end``/``week_end``: the end of today and of this week in the site's
    zone. ``since``: the user's previous visit (new assignments are those made
    after it; None: every ticket assigned and not started yet).
    """
    with _connect(db) as connection:
        tickets = _my_failures(connection, user_id, now)
        tasks = _my_maintenance(connection, user_id, week_end)
        interventions = _recent(connection, user_id, recent)
    today = [*tickets, *(t for t in tasks if t.at is None or t.at < day_end)]
    week = [t for t in tasks if t.at is not None and t.at >= day_end]
    new = [
        t
        for t in tickets
        if t.status == "assigned"
        and (since is None or (t.assigned_at is not None and t.assigned_at > since))
    ]
    seen: dict[uuid.UUID, EquipmentRef] = {}
    for ref in [*(t.equipment for t in today), *(i.equipment for i in interventions)]:
        seen.setdefault(ref.id, ref)
    return TechnicianLanding(
        today=tuple(today),
        this_week=tuple(week),
        new_assignments=tuple(new),
        equipment=tuple(seen.values()),
        recent_interventions=tuple(interventions),
    )
