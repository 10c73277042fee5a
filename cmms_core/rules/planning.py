"""The planning engine: which preventive tasks to create over a horizon.

Pure: the caller (``plan.generate_tasks`` in :mod:`cmms_core.mutations.preventive`)
reads the plans, equipments, existing tasks and meter readings and inserts what
this returns.

**Idempotent by construction.** Each occurrence of a plan on an equipment has a
``generation_key``: ``"<plan id>:<slot>"`` for a plan on one equipment,
``"<plan id>:<equipment id>:<slot>"`` for a plan on an equipment type (the slot
is the occurrence's local date, or ``after-<date of the last completion>`` for a
floating one: :mod:`cmms_core.rules.recurrence`). The task's id is
``uuid5(TASK_NAMESPACE, generation_key)``. Running the engine twice, or on a
laptop offline and on the server, gives the same ids and keys: the second run
finds them and creates nothing, and two replicas' copies are one row after sync.

Rules:

- templates and inactive plans generate nothing; a plan on an equipment type
  generates one task per live equipment of that type (of the plan's site, or of
  every site for a global plan); out-of-service equipments get no task;
- a fixed plan gets every occurrence from ``window_start`` to ``horizon_end``
  whose key is not taken (a cancelled task keeps its key: it is not made again);
- a floating plan (or one with counters) gets its next occurrence only while
  no task of it is open on that equipment;
- the last completion of a plan on an equipment is the latest ``completed_at``
  of its done or validated tasks there, else the plan's ``last_done_at``;
- dependencies: a plan with ``depends_on_plan_id`` A waits, on each equipment
  and local day, for A's task of that day (existing or generated in the same
  run): ``depends_on_id`` points at it and the task never starts before it ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cmms_core.rules.recurrence import MeterState, next_occurrences, parse_recurrence

__all__ = [
    "CLOSED_TASK_STATUSES",
    "DONE_TASK_STATUSES",
    "PRIORITY_OF_CRITICALITY",
    "TASK_NAMESPACE",
    "EquipmentView",
    "ExistingTask",
    "NewTask",
    "PlanView",
    "generation_key",
    "plan_tasks",
    "task_id_for",
]

TASK_NAMESPACE = uuid.UUID("6f1c2a53-5b7e-4c55-9d35-0d2c6a1e7a10")
DONE_TASK_STATUSES = frozenset({"done", "validated"})
CLOSED_TASK_STATUSES = frozenset({"done", "validated", "cancelled"})
PRIORITY_OF_CRITICALITY: Mapping[str, int] = {"high": 3, "medium": 2, "low": 1}
_NO_PM_STATES = frozenset({"out_of_service"})


@dataclass(frozen=True)
class PlanView:
    id: uuid.UUID
    site_id: uuid.UUID | None
    name: str
    equipment_id: uuid.UUID | None
    equipment_type_id: uuid.UUID | None
    recurrence: Mapping[str, Any]
    estimated_minutes: int
    created_at: datetime
    last_done_at: datetime | None = None
    depends_on_plan_id: uuid.UUID | None = None
    active: bool = True
    is_template: bool = False
    description: str | None = None


@dataclass(frozen=True)
class EquipmentView:
    id: uuid.UUID
    site_id: uuid.UUID
    type_id: uuid.UUID
    code: str
    criticality: str = "medium"
    state: str = "active"


@dataclass(frozen=True)
class ExistingTask:
    id: uuid.UUID
    plan_id: uuid.UUID | None
    equipment_id: uuid.UUID
    generation_key: str | None
    status: str
    due_at: datetime | None = None
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class NewTask:
    id: uuid.UUID
    generation_key: str
    plan_id: uuid.UUID
    equipment_id: uuid.UUID
    site_id: uuid.UUID
    title: str
    description: str | None
    due_at: datetime
    scheduled_start: datetime
    scheduled_end: datetime
    estimated_minutes: int
    priority: int
    depends_on_id: uuid.UUID | None
    trigger: str


def generation_key(plan: PlanView, equipment_id: uuid.UUID, slot: str) -> str:
    if plan.equipment_id is not None:
        return f"{plan.id}:{slot}"
    return f"{plan.id}:{equipment_id}:{slot}"


def task_id_for(key: str) -> uuid.UUID:
    return uuid.uuid5(TASK_NAMESPACE, key)


def _targets(plan: PlanView, equipments: Sequence[EquipmentView]) -> list[EquipmentView]:
    if plan.equipment_id is not None:
        found = [e for e in equipments if e.id == plan.equipment_id]
    elif plan.equipment_type_id is not None:
        found = [
            e
            for e in equipments
            if e.type_id == plan.equipment_type_id
            and (plan.site_id is None or e.site_id == plan.site_id)
        ]
    else:
        found = []
    return [e for e in found if e.state not in _NO_PM_STATES]


def plan_tasks(
    plans: Iterable[PlanView],
    equipments: Sequence[EquipmentView],
    existing: Iterable[ExistingTask],
    *,
    site_tz: Mapping[uuid.UUID, ZoneInfo],
    window_start: date,
    horizon_end: date,
    meters: Mapping[tuple[uuid.UUID, str], MeterState] | None = None,
) -> list[NewTask]:
    """The tasks to create (none whose key or id is taken), in due order."""
    existing = list(existing)
    keys = {t.generation_key for t in existing if t.generation_key}
    ids = {t.id for t in existing}
    last_done: dict[tuple[uuid.UUID, uuid.UUID], datetime] = {}
    open_pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for task in existing:
        if task.plan_id is None:
            continue
        pair = (task.plan_id, task.equipment_id)
        if task.status in DONE_TASK_STATUSES and task.completed_at is not None:
            if pair not in last_done or task.completed_at > last_done[pair]:
                last_done[pair] = task.completed_at
        elif task.status not in CLOSED_TASK_STATUSES:
            open_pairs.add(pair)
    meters = meters or {}
    plans = [p for p in plans if p.active and not p.is_template]
    made: list[NewTask] = []
    for plan in plans:
        spec = parse_recurrence(plan.recurrence)
        for equipment in _targets(plan, equipments):
            pair = (plan.id, equipment.id)
            if spec.is_floating and pair in open_pairs:
                continue
            tz = site_tz[equipment.site_id]
            done = last_done.get(pair)
            if done is None and plan.equipment_id is not None:
                done = plan.last_done_at
            states = {name: state for (eq, name), state in meters.items() if eq == equipment.id}
            occurrences = next_occurrences(
                spec,
                anchor=plan.created_at.astimezone(tz).date(),
                tz=tz,
                window_start=window_start,
                horizon_end=horizon_end,
                last_done=done,
                meter_state=states,
            )
            for occurrence in occurrences:
                key = generation_key(plan, equipment.id, occurrence.slot)
                task_id = task_id_for(key)
                if key in keys or task_id in ids:
                    continue
                keys.add(key)
                ids.add(task_id)
                start = occurrence.due
                made.append(
                    NewTask(
                        id=task_id,
                        generation_key=key,
                        plan_id=plan.id,
                        equipment_id=equipment.id,
                        site_id=equipment.site_id,
                        title=f"{plan.name} ({equipment.code})",
                        description=plan.description,
                        due_at=occurrence.due,
                        scheduled_start=start,
                        scheduled_end=start + timedelta(minutes=plan.estimated_minutes),
                        estimated_minutes=plan.estimated_minutes,
                        priority=PRIORITY_OF_CRITICALITY.get(equipment.criticality, 2),
                        depends_on_id=None,
                        trigger=occurrence.trigger,
                    )
                )
    made = _link_dependencies(plans, made, existing, site_tz, equipments)
    return sorted(made, key=lambda t: (t.scheduled_start, t.generation_key))


def _link_dependencies(
    plans: Sequence[PlanView],
    made: list[NewTask],
    existing: Sequence[ExistingTask],
    site_tz: Mapping[uuid.UUID, ZoneInfo],
    equipments: Sequence[EquipmentView],
) -> list[NewTask]:
    after = {p.id: p.depends_on_plan_id for p in plans if p.depends_on_plan_id is not None}
    if not after:
        return made
    site_of = {e.id: e.site_id for e in equipments}
    # (plan, equipment, local day) -> (task id, end)
    slots: dict[tuple[uuid.UUID, uuid.UUID, date], tuple[uuid.UUID, datetime | None]] = {}
    for old in existing:
        moment = old.due_at or old.scheduled_start
        site = site_of.get(old.equipment_id)
        if old.plan_id is None or moment is None or site is None or old.status == "cancelled":
            continue
        day = moment.astimezone(site_tz[site]).date()
        slots[(old.plan_id, old.equipment_id, day)] = (old.id, old.scheduled_end)
    for task in made:
        day = task.due_at.astimezone(site_tz[task.site_id]).date()
        slots[(task.plan_id, task.equipment_id, day)] = (task.id, task.scheduled_end)
    linked: list[NewTask] = []
    for task in made:
        first = after.get(task.plan_id)
        if first is None:
            linked.append(task)
            continue
        day = task.due_at.astimezone(site_tz[task.site_id]).date()
        found = slots.get((first, task.equipment_id, day))
        if found is None:
            linked.append(task)
            continue
        parent_id, parent_end = found
        start = task.scheduled_start
        if parent_end is not None and parent_end > start:
            start = parent_end
        linked.append(
            replace(
                task,
                depends_on_id=parent_id,
                scheduled_start=start,
                scheduled_end=start + timedelta(minutes=task.estimated_minutes),
            )
        )
    return linked
