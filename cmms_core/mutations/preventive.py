"""Commands of preventive maintenance: plans, templates, task generation, scheduling,
assignment, absences and meter readings.

The interventions (start, checklist, complete, validate) are in
:mod:`cmms_core.mutations.interventions`.

- ``plan.create`` / ``plan.update``: a plan on an equipment, on an equipment type
  (one task per equipment of the type), or a template (global, no target).
- ``plan.apply_template``: one plan per equipment, id ``uuid5(template id,
  "equipment/<equipment id>")``: applying twice (or on two replicas) makes one.
- ``plan.generate_tasks``: the planning engine (:mod:`cmms_core.rules.planning`)
  over ``[from_date, until]`` (local dates, chosen by the author's device so the
  replica and the server compute the same thing); tasks whose id or
  generation key is taken are left alone, so the command is idempotent and a
  task generated offline and on the server is one row.
- ``task.schedule``: the calendar's drag-and-drop, resize and assignment;
  conflicts (:mod:`cmms_core.rules.assignment`) are kept in the task's
  ``schedule_warnings``, never refused.
- ``task.auto_assign``: proposals of :func:`cmms_core.rules.assignment.propose`
  applied to unassigned tasks.
- ``task.reserve_kit`` / ``task.release_kit``: the plan's parts kit reserved
  for the task at a store location of its site (available = on hand −
  reserved), one reservation per part, id :func:`kit_reservation_id`: a replay
  or a second click reserves nothing twice; releasing frees what is still held.
- ``absence.create`` / ``absence.delete``; ``meter.record``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Connection, and_, or_, select

from cmms_core.mutations.base import (
    LiveRow,
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    field_errors,
    insert_row,
    require_actor,
    require_permission,
    tombstone_row,
    update_row,
)
from cmms_core.mutations.stock import (
    release_reservation,
    reservation_remaining,
    write_reservation,
)
from cmms_core.rules.assignment import (
    Booking,
    Conflict,
    ConflictCode,
    TaskNeed,
    Technician,
    check_schedule,
    parse_working_hours,
    propose,
)
from cmms_core.rules.permissions import Permission
from cmms_core.rules.planning import (
    EquipmentView,
    ExistingTask,
    PlanView,
    plan_tasks,
)
from cmms_core.rules.recurrence import MeterState, Recurrence, parse_recurrence
from cmms_core.rules.roles import Role
from cmms_core.rules.stock import MovementKind
from cmms_core.rules.workorder import WorkOrderAction, WorkOrderStatus, decide
from cmms_core.schema.assets import equipment_types, equipments, meter_readings, sites
from cmms_core.schema.inventory import stock_movements, storage_locations
from cmms_core.schema.maintenance import maintenance_plans, maintenance_tasks
from cmms_core.schema.people import technician_absences, user_permissions, users

__all__ = [
    "MAX_GENERATION_DAYS",
    "SPECS",
    "ChecklistItem",
    "KitLine",
    "PlanFields",
    "kit_reservation_id",
    "load_technician",
    "site_timezone",
    "template_plan_id",
]

MAX_GENERATION_DAYS = 366
TEMPLATE_NAMESPACE = uuid.UUID("0d8f7a4e-2f57-4a5e-9a77-3c1a3bd0c5f1")

# ------------------------------------------------------------------ shared reads


def site_timezone(conn: Connection, site_id: uuid.UUID) -> ZoneInfo:
    site = fetch_live_row(conn, sites, site_id)
    try:
        return ZoneInfo(site["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Paris")


def _reject(decision_code: str | None, reason: str | None) -> MutationRejected:
    return MutationRejected(decision_code or "invalid_state", reason or "refused")


def load_technician(
    conn: Connection,
    user_id: uuid.UUID,
    low: datetime,
    high: datetime,
    *,
    user: LiveRow | None = None,
) -> Technician:
    """A user as the assignment rules see them, with their absences and bookings
    overlapping [low, high]."""
    row = user if user is not None else fetch_live_row(conn, users, user_id)
    a = technician_absences.c
    absences = conn.execute(
        select(a.starts_at, a.ends_at).where(
            a.user_id == user_id, a.deleted_at.is_(None), a.starts_at < high, a.ends_at > low
        )
    ).all()
    t = maintenance_tasks.c
    bookings = conn.execute(
        select(t.id, t.scheduled_start, t.scheduled_end).where(
            t.assigned_to == user_id,
            t.deleted_at.is_(None),
            t.status != WorkOrderStatus.CANCELLED.value,
            t.scheduled_start < high,
            t.scheduled_end > low,
        )
    ).all()
    return Technician(
        id=user_id,
        name=row["full_name"],
        skills=frozenset(row["skills"] or ()),
        working_hours=parse_working_hours(row["working_hours"]),
        absences=tuple((s, e) for s, e in absences),
        bookings=tuple(Booking(i, s, e) for i, s, e in bookings),
    )


# ------------------------------------------------------------------ plans


class ChecklistItem(Payload):
    """One line of a plan's checklist; results are saved per ``key``."""

    key: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=300)
    kind: Literal["check", "measure", "text", "photo"] = "check"
    required: bool = True
    unit: str | None = Field(default=None, max_length=20)
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _limits(self) -> ChecklistItem:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is above max")
        if self.kind != "measure" and (self.min is not None or self.max is not None):
            raise ValueError("only a measurement has limits")
        return self


class KitLine(Payload):
    part_id: uuid.UUID
    quantity: float = Field(gt=0, le=1_000_000)


class PlanFields(Payload):
    """The fields a planner edits on the plan form."""

    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    maintenance_type: str = Field(default="preventive", min_length=1, max_length=20)
    recurrence: Recurrence = Field(default_factory=Recurrence)
    tolerance_days: int = Field(default=0, ge=0, le=365)
    estimated_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    required_skills: list[str] = Field(default_factory=list, max_length=20)
    checklist: list[ChecklistItem] = Field(default_factory=list, max_length=200)
    parts_kit: list[KitLine] = Field(default_factory=list, max_length=100)
    active: bool = True
    depends_on_plan_id: uuid.UUID | None = None

    @field_validator("checklist")
    @classmethod
    def _unique_keys(cls, value: list[ChecklistItem]) -> list[ChecklistItem]:
        keys = [item.key for item in value]
        if len(keys) != len(set(keys)):
            raise ValueError("two checklist items have the same key")
        return value

    @field_validator("required_skills")
    @classmethod
    def _skills(cls, value: list[str]) -> list[str]:
        cleaned = sorted({skill.strip() for skill in value if skill.strip()})
        if any(len(skill) > 60 for skill in cleaned):
            raise ValueError("a skill is longer than 60 characters")
        return cleaned


def _plan_values(fields: PlanFields, names: Iterable[str] | None = None) -> dict[str, Any]:
    """Column values of the plan form (JSON columns in their stored shape)."""
    dumped = fields.model_dump(mode="json")
    values = {name: dumped[name] for name in names or PlanFields.model_fields}
    if "depends_on_plan_id" in values:
        values["depends_on_plan_id"] = fields.depends_on_plan_id
    return values


class PlanCreate(PlanFields):
    id: uuid.UUID
    equipment_id: uuid.UUID | None = None
    equipment_type_id: uuid.UUID | None = None
    # a plan on an equipment type: its site (None: every site); ignored otherwise
    site_id: uuid.UUID | None = None
    is_template: bool = False


def _check_dependency(conn: Connection, plan_id: uuid.UUID, depends_on: uuid.UUID | None) -> None:
    seen = {plan_id}
    current = depends_on
    while current is not None:
        if current in seen:
            raise MutationRejected(
                "invalid", "plans cannot wait for each other", {"depends_on_plan_id": "cycle"}
            )
        seen.add(current)
        row = conn.execute(
            select(maintenance_plans.c.depends_on_plan_id).where(
                maintenance_plans.c.id == current, maintenance_plans.c.deleted_at.is_(None)
            )
        ).first()
        if row is None:
            raise MutationRejected(
                "invalid", "the plan waited for does not exist", {"depends_on_plan_id": "not_found"}
            )
        current = row[0]


def create_plan(ctx: MutationContext, p: PlanCreate) -> None:
    targets = [p.equipment_id is not None, p.equipment_type_id is not None]
    if p.is_template:
        if p.equipment_id is not None:
            raise MutationRejected(
                "invalid", "a template has no equipment", {"equipment_id": "template"}
            )
        site_id = None
    elif sum(targets) != 1:
        raise MutationRejected(
            "invalid", "a plan targets one equipment or one equipment type", {"equipment_id": "x"}
        )
    elif p.equipment_id is not None:
        equipment = fetch_live_row(ctx.conn, equipments, p.equipment_id)
        site_id = equipment["site_id"]
    else:
        site_id = p.site_id
    require_permission(ctx, Permission.PLAN_MANAGE, site_id)
    if site_id is not None:
        fetch_live_row(ctx.conn, sites, site_id)
    if p.equipment_type_id is not None:
        fetch_live_row(ctx.conn, equipment_types, p.equipment_type_id)
    _check_dependency(ctx.conn, p.id, p.depends_on_plan_id)
    values = _plan_values(p) | {
        "id": p.id,
        "site_id": site_id,
        "equipment_id": None if p.is_template else p.equipment_id,
        "equipment_type_id": p.equipment_type_id if p.equipment_id is None else None,
        "is_template": p.is_template,
    }
    insert_row(ctx, "plan.create", maintenance_plans, values)


class PlanUpdate(Payload):
    id: uuid.UUID
    # only the fields the user changed: concurrent edits of other fields merge
    fields: dict[str, object]


def _current_fields(current: LiveRow) -> dict[str, Any]:
    return {name: current[name] for name in PlanFields.model_fields} | {
        "recurrence": dict(parse_recurrence(current["recurrence"]).model_dump(mode="json"))
    }


def update_plan(ctx: MutationContext, p: PlanUpdate) -> None:
    current = fetch_live_row(ctx.conn, maintenance_plans, p.id)
    require_permission(ctx, Permission.PLAN_MANAGE, current["site_id"])
    unknown = set(p.fields) - set(PlanFields.model_fields)
    if unknown:
        raise MutationRejected(
            "invalid",
            f"fields that cannot be edited here: {', '.join(sorted(unknown))}",
            dict.fromkeys(unknown, "not_editable"),
        )
    try:
        merged = PlanFields.model_validate(_current_fields(current) | dict(p.fields))
    except ValidationError as error:
        raise MutationRejected(
            "invalid", "the plan has invalid fields", field_errors(error)
        ) from error
    if "depends_on_plan_id" in p.fields:
        _check_dependency(ctx.conn, p.id, merged.depends_on_plan_id)
    changes = _plan_values(merged, p.fields)
    update_row(ctx, "plan.update", maintenance_plans, current, changes, merge_fields=True)


class PlanApplyTemplate(Payload):
    template_id: uuid.UUID
    equipment_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)


def template_plan_id(template_id: uuid.UUID, equipment_id: uuid.UUID) -> uuid.UUID:
    """The id of the plan a template makes on an equipment (the same everywhere)."""
    return uuid.uuid5(template_id, f"equipment/{equipment_id}")


def apply_template(ctx: MutationContext, p: PlanApplyTemplate) -> None:
    template = fetch_live_row(ctx.conn, maintenance_plans, p.template_id)
    if not template["is_template"]:
        raise MutationRejected("invalid", "this plan is not a template", {"template_id": "x"})
    targets = [fetch_live_row(ctx.conn, equipments, eq) for eq in dict.fromkeys(p.equipment_ids)]
    for equipment in targets:  # every permission before any write
        require_permission(ctx, Permission.PLAN_MANAGE, equipment["site_id"])
    copied = {name: template[name] for name in PlanFields.model_fields}
    for equipment in targets:
        plan_id = template_plan_id(p.template_id, equipment["id"])
        values = copied | {
            "site_id": equipment["site_id"],
            "equipment_id": equipment["id"],
            "equipment_type_id": None,
            "is_template": False,
            "template_id": p.template_id,
            "depends_on_plan_id": None,
        }
        existing = (
            ctx.conn.execute(select(maintenance_plans).where(maintenance_plans.c.id == plan_id))
            .mappings()
            .first()
        )
        if existing is None:
            insert_row(ctx, "plan.apply_template", maintenance_plans, {"id": plan_id, **values})
        elif existing["deleted_at"] is not None:  # removed once, applied again
            revived = values | {"deleted_at": None, "last_done_at": None, "next_due_at": None}
            update_row(ctx, "plan.apply_template", maintenance_plans, existing, revived)


# ------------------------------------------------------------------ generation


class GenerateTasks(Payload):
    site_id: uuid.UUID
    from_date: date
    until: date
    plan_ids: list[uuid.UUID] | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def _range(self) -> GenerateTasks:
        if self.until < self.from_date:
            raise ValueError("the horizon ends before it starts")
        if (self.until - self.from_date).days > MAX_GENERATION_DAYS:
            raise ValueError(f"the horizon is longer than {MAX_GENERATION_DAYS} days")
        return self


def _plan_view(row: LiveRow) -> PlanView:
    return PlanView(
        id=row["id"],
        site_id=row["site_id"],
        name=row["name"],
        equipment_id=row["equipment_id"],
        equipment_type_id=row["equipment_type_id"],
        recurrence=row["recurrence"] or {},
        estimated_minutes=row["estimated_minutes"],
        created_at=row["created_at"],
        last_done_at=row["last_done_at"],
        depends_on_plan_id=row["depends_on_plan_id"],
        active=row["active"],
        is_template=row["is_template"],
        description=row["description"],
    )


def generate_tasks(ctx: MutationContext, p: GenerateTasks) -> None:
    require_permission(ctx, Permission.PLAN_MANAGE, p.site_id)
    tz = site_timezone(ctx.conn, p.site_id)
    mp = maintenance_plans.c
    query = select(maintenance_plans).where(
        mp.deleted_at.is_(None),
        mp.active.is_(True),
        mp.is_template.is_(False),
        or_(mp.site_id == p.site_id, and_(mp.site_id.is_(None), mp.equipment_type_id.isnot(None))),
    )
    if p.plan_ids is not None:
        query = query.where(mp.id.in_(p.plan_ids))
    plan_rows = ctx.conn.execute(query.order_by(mp.id)).mappings().all()
    if not plan_rows:
        return
    plans = [_plan_view(row) for row in plan_rows]
    e = equipments.c
    equipment_rows = ctx.conn.execute(
        select(e.id, e.site_id, e.type_id, e.code, e.criticality, e.state).where(
            e.site_id == p.site_id, e.deleted_at.is_(None)
        )
    ).all()
    views = [EquipmentView(*row) for row in equipment_rows]
    t = maintenance_tasks.c
    # tombstones too: their ids and keys are taken
    task_rows = ctx.conn.execute(
        select(
            t.id,
            t.plan_id,
            t.equipment_id,
            t.generation_key,
            t.status,
            t.due_at,
            t.scheduled_start,
            t.scheduled_end,
            t.completed_at,
            t.deleted_at,
        ).where(t.site_id == p.site_id, t.plan_id.in_([plan.id for plan in plans]))
    ).all()
    existing = [
        ExistingTask(
            id=row.id,
            plan_id=row.plan_id,
            equipment_id=row.equipment_id,
            generation_key=row.generation_key,
            status="cancelled" if row.deleted_at is not None else row.status,
            due_at=row.due_at,
            scheduled_start=row.scheduled_start,
            scheduled_end=row.scheduled_end,
            completed_at=row.completed_at,
        )
        for row in task_rows
    ]
    meters = _meter_states(ctx.conn, p.site_id, plans)
    new_tasks = plan_tasks(
        plans,
        views,
        existing,
        site_tz={p.site_id: tz},
        window_start=p.from_date,
        horizon_end=p.until,
        meters=meters,
    )
    for task in new_tasks:
        # read first: a row another run made (another replica's, pulled) stays as it is
        if ctx.conn.execute(select(t.id).where(t.id == task.id)).first() is not None:
            continue
        insert_row(
            ctx,
            "plan.generate_tasks",
            maintenance_tasks,
            {
                "id": task.id,
                "site_id": task.site_id,
                "plan_id": task.plan_id,
                "equipment_id": task.equipment_id,
                "title": task.title[:200],
                "description": task.description,
                "kind": "preventive",
                "status": WorkOrderStatus.REPORTED.value,
                "priority": task.priority,
                "due_at": task.due_at,
                "scheduled_start": task.scheduled_start,
                "scheduled_end": task.scheduled_end,
                "estimated_minutes": task.estimated_minutes,
                "assigned_to": None,
                "depends_on_id": task.depends_on_id,
                "generation_key": task.generation_key,
                "completed_at": None,
                "schedule_warnings": [],
            },
        )


def _meter_states(
    conn: Connection, site_id: uuid.UUID, plans: Sequence[PlanView]
) -> dict[tuple[uuid.UUID, str], MeterState]:
    names = {rule.meter for plan in plans for rule in parse_recurrence(plan.recurrence).meters}
    if not names:
        return {}
    m = meter_readings.c
    rows = conn.execute(
        select(m.equipment_id, m.meter, m.read_at, m.value)
        .where(m.site_id == site_id, m.deleted_at.is_(None), m.meter.in_(sorted(names)))
        .order_by(m.equipment_id, m.meter, m.read_at)
    ).all()
    grouped: dict[tuple[uuid.UUID, str], list[tuple[datetime, float]]] = {}
    for equipment_id, meter, read_at, value in rows:
        grouped.setdefault((equipment_id, meter), []).append((read_at, float(value)))
    return {key: MeterState.of(readings) for key, readings in grouped.items()}


# ------------------------------------------------------------------ scheduling

_NOT_RESCHEDULABLE = frozenset(
    {WorkOrderStatus.DONE, WorkOrderStatus.VALIDATED, WorkOrderStatus.CANCELLED}
)


class TaskSchedule(Payload):
    """Only the fields given change: a drag moves ``scheduled_start`` (the duration
    is kept), a resize moves ``scheduled_end``, ``assigned_to`` assigns (null:
    unassigns)."""

    id: uuid.UUID
    scheduled_start: AwareDatetime | None = None
    scheduled_end: AwareDatetime | None = None
    assigned_to: uuid.UUID | None = None


def schedule_conflicts(
    conn: Connection, task: Mapping[str, Any], tz: ZoneInfo
) -> list[dict[str, Any]]:
    """The warnings of a task's schedule and assignee as they are in ``task``."""
    start, end = task["scheduled_start"], task["scheduled_end"]
    if start is None or end is None:
        return []
    found: list[Conflict] = []
    if task["assigned_to"] is not None:
        tech = load_technician(
            conn, task["assigned_to"], start - timedelta(days=1), end + timedelta(days=1)
        )
        required: list[str] = []
        if task["plan_id"] is not None:
            plan = conn.execute(
                select(maintenance_plans.c.required_skills).where(
                    maintenance_plans.c.id == task["plan_id"]
                )
            ).first()
            required = list(plan[0] or []) if plan else []
        found += check_schedule(tech, start, end, tz, task_id=task["id"], required_skills=required)
    if task["depends_on_id"] is not None:
        parent = conn.execute(
            select(maintenance_tasks.c.scheduled_end, maintenance_tasks.c.status).where(
                maintenance_tasks.c.id == task["depends_on_id"]
            )
        ).first()
        if parent is not None and parent.status != "cancelled":
            parent_end = parent.scheduled_end
            if parent_end is not None and start < parent_end:
                found.append(
                    Conflict(
                        ConflictCode.DEPENDENCY,
                        "starts before the task it waits for ends",
                        other_task_id=task["depends_on_id"],
                    )
                )
    return [conflict.as_json() for conflict in found]


def schedule_task(ctx: MutationContext, p: TaskSchedule) -> None:
    current = fetch_live_row(ctx.conn, maintenance_tasks, p.id)
    site_id = current["site_id"]
    actor = require_actor(ctx)
    given = p.model_fields_set - {"id"}
    if not given:
        raise MutationRejected("invalid", "nothing to change", {"payload": "empty"})
    status = WorkOrderStatus(current["status"])
    changes: dict[str, Any] = {}
    if given & {"scheduled_start", "scheduled_end"}:
        require_permission(ctx, Permission.PLAN_MANAGE, site_id)
        if status in _NOT_RESCHEDULABLE:
            raise MutationRejected(
                "invalid_state", f"a task that is {status.value} cannot be rescheduled"
            )
        old_start = current["scheduled_start"] or current["due_at"] or ctx.now
        old_end = current["scheduled_end"] or old_start + timedelta(
            minutes=current["estimated_minutes"]
        )
        start = p.scheduled_start if p.scheduled_start is not None else old_start
        if p.scheduled_end is not None:
            end = p.scheduled_end
        elif "scheduled_start" in given:
            end = start + (old_end - old_start)
        else:
            end = old_end
        if end <= start:
            raise MutationRejected(
                "invalid", "a task must end after it starts", {"scheduled_end": "before_start"}
            )
        changes |= {"scheduled_start": start, "scheduled_end": end}
    if "assigned_to" in given and p.assigned_to != current["assigned_to"]:
        require_permission(ctx, Permission.WORKORDER_ASSIGN, site_id)
        if p.assigned_to is None:
            if status not in (WorkOrderStatus.REPORTED, WorkOrderStatus.ASSIGNED):
                raise MutationRejected(
                    "invalid_state", f"a task that is {status.value} cannot be unassigned"
                )
            changes |= {"assigned_to": None, "status": WorkOrderStatus.REPORTED.value}
        else:
            assignee = fetch_live_row(ctx.conn, users, p.assigned_to)
            if assignee["status"] != "active":
                raise MutationRejected(
                    "invalid", "this account cannot be assigned work", {"assigned_to": "inactive"}
                )
            decision = decide(status, WorkOrderAction.ASSIGN, actor.role, actor_is_assignee=False)
            if not decision.accepted:
                raise _reject(decision.reason_code, decision.reason)
            assert decision.new_status is not None
            changes |= {"assigned_to": p.assigned_to, "status": decision.new_status.value}
    merged = dict(current) | changes
    changes["schedule_warnings"] = schedule_conflicts(
        ctx.conn, merged, site_timezone(ctx.conn, site_id)
    )
    update_row(ctx, "task.schedule", maintenance_tasks, current, changes)


class TaskAutoAssign(Payload):
    site_id: uuid.UUID
    task_ids: list[uuid.UUID] = Field(min_length=1, max_length=2000)
    search_days: int = Field(default=7, ge=1, le=60)


def _site_technicians(conn: Connection, site_id: uuid.UUID) -> list[LiveRow]:
    """Active technicians granted the site (a whole-site grant)."""
    u, g = users.c, user_permissions.c
    granted = select(g.user_id).where(
        g.deleted_at.is_(None), g.scope_site_id == site_id, g.scope_equipment_id.is_(None)
    )
    query = (
        select(users)
        .where(
            u.deleted_at.is_(None),
            u.status == "active",
            u.role == Role.TECHNICIAN.value,
            u.id.in_(granted),
        )
        .order_by(u.full_name, u.id)
    )
    return list(conn.execute(query).mappings())


def auto_assign(ctx: MutationContext, p: TaskAutoAssign) -> None:
    actor = require_permission(ctx, Permission.WORKORDER_ASSIGN, p.site_id)
    require_permission(ctx, Permission.PLAN_MANAGE, p.site_id)
    tz = site_timezone(ctx.conn, p.site_id)
    t = maintenance_tasks.c
    rows = (
        ctx.conn.execute(
            select(maintenance_tasks)
            .where(
                t.id.in_(p.task_ids),
                t.site_id == p.site_id,
                t.deleted_at.is_(None),
                t.assigned_to.is_(None),
                t.status == WorkOrderStatus.REPORTED.value,
            )
            .order_by(t.id)
        )
        .mappings()
        .all()
    )
    if not rows:
        return
    plan_ids = {row["plan_id"] for row in rows if row["plan_id"] is not None}
    skills = {
        plan_id: frozenset(required or ())
        for plan_id, required in ctx.conn.execute(
            select(maintenance_plans.c.id, maintenance_plans.c.required_skills).where(
                maintenance_plans.c.id.in_(plan_ids)
            )
        )
    }
    needs = []
    for row in rows:
        start = row["scheduled_start"] or row["due_at"] or ctx.now
        end = row["scheduled_end"] or start + timedelta(minutes=row["estimated_minutes"])
        minutes = max(1, int((end - start).total_seconds() // 60))
        required = skills.get(row["plan_id"], frozenset())
        needs.append(TaskNeed(row["id"], start, minutes, required, row["priority"]))
    low = min(n.start for n in needs) - timedelta(days=1)
    high = max(n.start for n in needs) + timedelta(days=p.search_days + 1)
    techs = [
        load_technician(ctx.conn, row["id"], low, high, user=row)
        for row in _site_technicians(ctx.conn, p.site_id)
    ]
    by_id = {row["id"]: row for row in rows}
    for proposal in propose(needs, techs, tz, search_days=p.search_days):
        current = by_id[proposal.task_id]
        warnings = [conflict.as_json() for conflict in proposal.conflicts]
        changes: dict[str, Any] = {"schedule_warnings": warnings}
        if proposal.user_id is not None:
            decision = decide(
                WorkOrderStatus(current["status"]),
                WorkOrderAction.ASSIGN,
                actor.role,
                actor_is_assignee=False,
            )
            if not decision.accepted:
                raise _reject(decision.reason_code, decision.reason)
            assert decision.new_status is not None
            changes |= {
                "assigned_to": proposal.user_id,
                "status": decision.new_status.value,
                "scheduled_start": proposal.start,
                "scheduled_end": proposal.end,
            }
        update_row(ctx, "task.auto_assign", maintenance_tasks, current, changes)


# ------------------------------------------------------------------ absences, meters


class AbsenceCreate(Payload):
    id: uuid.UUID
    user_id: uuid.UUID
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _order(self) -> AbsenceCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("an absence ends after it starts")
        return self


def create_absence(ctx: MutationContext, p: AbsenceCreate) -> None:
    require_permission(ctx, Permission.PLAN_MANAGE, None)
    fetch_live_row(ctx.conn, users, p.user_id)
    insert_row(ctx, "absence.create", technician_absences, {**p.model_dump(), "site_id": None})


class AbsenceDelete(Payload):
    id: uuid.UUID


def delete_absence(ctx: MutationContext, p: AbsenceDelete) -> None:
    current = fetch_live_row(ctx.conn, technician_absences, p.id)
    require_permission(ctx, Permission.PLAN_MANAGE, None)
    tombstone_row(ctx, "absence.delete", technician_absences, current)


class TechnicianProfile(Payload):
    """A person's skills and weekly working hours (what automatic assignment reads)."""

    id: uuid.UUID
    skills: list[str] | None = Field(default=None, max_length=50)
    # {"0": [["08:00", "16:00"]], ...} weekday (0 = Monday) -> local intervals;
    # null: the plant's default (Monday-Friday 08:00-16:00)
    working_hours: dict[str, list[tuple[str, str]]] | None = None

    @field_validator("skills")
    @classmethod
    def _skills(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        cleaned = sorted({skill.strip() for skill in value if skill.strip()})
        if any(len(skill) > 60 for skill in cleaned):
            raise ValueError("a skill is longer than 60 characters")
        return cleaned

    @field_validator("working_hours")
    @classmethod
    def _hours(
        cls, value: dict[str, list[tuple[str, str]]] | None
    ) -> dict[str, list[tuple[str, str]]] | None:
        if value is None:
            return None
        for key, intervals in value.items():
            if key not in {str(day) for day in range(7)}:
                raise ValueError("working days are 0 (Monday) to 6 (Sunday)")
            for start, end in intervals:
                if time.fromisoformat(start) >= time.fromisoformat(end):
                    raise ValueError("a working interval ends after it starts")
        return value


def set_technician_profile(ctx: MutationContext, p: TechnicianProfile) -> None:
    require_permission(ctx, Permission.PLAN_MANAGE, None)
    current = fetch_live_row(ctx.conn, users, p.id)
    changes: dict[str, Any] = {}
    if "skills" in p.model_fields_set:
        changes["skills"] = p.skills or []
    if "working_hours" in p.model_fields_set:
        hours = p.working_hours
        changes["working_hours"] = (
            None if hours is None else {k: [list(i) for i in v] for k, v in hours.items()}
        )
    update_row(ctx, "technician.set_profile", users, current, changes, merge_fields=True)


# The equipment columns that keep the latest value of a meter.
_METER_COLUMNS = {"hours": "operating_hours", "cycles": "cycle_count"}


class MeterRecord(Payload):
    id: uuid.UUID
    equipment_id: uuid.UUID
    meter: str = Field(min_length=1, max_length=20, pattern=r"^[a-z][a-z0-9_]*$")
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=1)
    read_at: AwareDatetime


def record_meter(ctx: MutationContext, p: MeterRecord) -> None:
    equipment = fetch_live_row(ctx.conn, equipments, p.equipment_id)
    actor = require_permission(ctx, Permission.WORKORDER_WORK, equipment["site_id"])
    m = meter_readings.c
    latest = ctx.conn.execute(
        select(m.read_at)
        .where(m.equipment_id == p.equipment_id, m.meter == p.meter, m.deleted_at.is_(None))
        .order_by(m.read_at.desc())
        .limit(1)
    ).scalar()
    insert_row(
        ctx,
        "meter.record",
        meter_readings,
        {**p.model_dump(), "site_id": equipment["site_id"], "read_by": actor.user_id},
    )
    column = _METER_COLUMNS.get(p.meter)
    if column is not None and (latest is None or p.read_at >= latest):
        value: Decimal | int = int(p.value) if column == "cycle_count" else p.value
        update_row(ctx, "meter.record", equipments, equipment, {column: value})


# ------------------------------------------------------------------ parts kit

KIT_REF_TABLE = "maintenance_tasks"


def kit_reservation_id(task_id: uuid.UUID, part_id: uuid.UUID, attempt: int = 0) -> uuid.UUID:
    """The id of a task's reservation of a kit part: the same on every replica.

    ``attempt``: how many reservations of this part the task already had (all
    released): reserving again after a release makes a new row.
    """
    key = f"kit/{part_id}" if attempt == 0 else f"kit/{part_id}/{attempt}"
    return uuid.uuid5(task_id, key)


def _task_reservations(ctx: MutationContext, task_id: uuid.UUID) -> list[LiveRow]:
    m = stock_movements.c
    return list(
        ctx.conn.execute(
            select(stock_movements)
            .where(
                m.kind == MovementKind.RESERVATION.value,
                m.ref_table == KIT_REF_TABLE,
                m.ref_id == task_id,
            )
            .order_by(m.occurred_at, m.id)
        )
        .mappings()
        .all()
    )


class TaskReserveKit(Payload):
    task_id: uuid.UUID
    location_id: uuid.UUID


def _kit_quantities(plan: LiveRow) -> dict[uuid.UUID, Decimal]:
    """The plan's kit, one quantity per part (a part listed twice is summed)."""
    quantities: dict[uuid.UUID, Decimal] = {}
    for raw in plan["parts_kit"] or []:
        line = KitLine.model_validate(raw)
        quantities[line.part_id] = quantities.get(line.part_id, Decimal(0)) + Decimal(
            str(line.quantity)
        )
    return quantities


def reserve_kit(ctx: MutationContext, p: TaskReserveKit) -> None:
    task = fetch_live_row(ctx.conn, maintenance_tasks, p.task_id)
    site_id = task["site_id"]
    require_permission(ctx, Permission.STOCK_ISSUE_TO_WORKORDER, site_id)
    if WorkOrderStatus(task["status"]) in _NOT_RESCHEDULABLE:
        raise MutationRejected(
            "invalid_state", f"a task that is {task['status']} needs no parts reserved"
        )
    location = fetch_live_row(ctx.conn, storage_locations, p.location_id)
    if location["site_id"] != site_id:
        raise MutationRejected(
            "invalid",
            "the parts are reserved in a store of the task's site",
            {"location_id": "other_site"},
        )
    if task["plan_id"] is None:
        raise MutationRejected(
            "invalid", "this task has no plan, hence no kit", {"task_id": "no_kit"}
        )
    kit = _kit_quantities(fetch_live_row(ctx.conn, maintenance_plans, task["plan_id"]))
    if not kit:
        raise MutationRejected("invalid", "this plan has no parts kit", {"task_id": "no_kit"})
    existing = _task_reservations(ctx, task["id"])
    needed_at = task["scheduled_start"] or task["due_at"]
    for part_id, quantity in kit.items():
        rows = [row for row in existing if row["part_id"] == part_id]
        live = [row for row in rows if row["deleted_at"] is None]
        if any(reservation_remaining(ctx, row) > 0 for row in live):
            continue  # already reserved for this task
        write_reservation(
            ctx,
            movement_id=kit_reservation_id(task["id"], part_id, len(rows)),
            part_id=part_id,
            location_id=p.location_id,
            quantity=quantity,
            ref_table=KIT_REF_TABLE,
            ref_id=task["id"],
            needed_at=needed_at,
            action="task.reserve_kit",
        )


class TaskReleaseKit(Payload):
    task_id: uuid.UUID


def release_kit(ctx: MutationContext, p: TaskReleaseKit) -> None:
    task = fetch_live_row(ctx.conn, maintenance_tasks, p.task_id)
    require_permission(ctx, Permission.STOCK_ISSUE_TO_WORKORDER, task["site_id"])
    held = [
        row
        for row in _task_reservations(ctx, task["id"])
        if row["deleted_at"] is None and reservation_remaining(ctx, row) > 0
    ]
    if not held:
        raise MutationRejected(
            "invalid_state", "nothing is reserved for this task", {"task_id": "nothing_reserved"}
        )
    for row in held:
        release_reservation(
            ctx,
            row,
            movement_id=uuid.uuid5(ctx.mutation_id, f"kit_release/{row['id']}"),
            action="task.release_kit",
        )


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("plan.create", PlanCreate, create_plan),
    MutationSpec("plan.update", PlanUpdate, update_plan),
    MutationSpec("plan.apply_template", PlanApplyTemplate, apply_template),
    MutationSpec("plan.generate_tasks", GenerateTasks, generate_tasks),
    MutationSpec("task.schedule", TaskSchedule, schedule_task),
    MutationSpec("task.auto_assign", TaskAutoAssign, auto_assign),
    MutationSpec("task.reserve_kit", TaskReserveKit, reserve_kit),
    MutationSpec("task.release_kit", TaskReleaseKit, release_kit),
    MutationSpec("absence.create", AbsenceCreate, create_absence),
    MutationSpec("absence.delete", AbsenceDelete, delete_absence),
    MutationSpec("meter.record", MeterRecord, record_meter),
    MutationSpec("technician.set_profile", TechnicianProfile, set_technician_profile),
]
