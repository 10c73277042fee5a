"""Commands of the intervention sheet of a preventive task, and its validation.

The lifecycle is the work order's (:mod:`cmms_core.rules.workorder`), decided
on the task's status:

- ``intervention.start`` (start: assigned or rejected -> in_progress) opens a
  sheet (a new intervention row, its id made by the device);
- ``intervention.save_checklist`` fills results per checklist item while the
  task is in progress (whoever may complete it may fill it); a measurement
  outside its limits is flagged ``out_of_limit`` (the sheet offers to report a
  failure from it);
- ``intervention.complete`` (complete: in_progress -> done) refuses a sheet
  whose required items have no result (``incomplete_checklist``);
- ``intervention.validate`` (done -> validated, optional comment) writes the
  equipment's history line; ``intervention.reject`` (done -> rejected, comment
  required) sends the task back to its technician, who starts it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, Field
from sqlalchemy import select

from cmms_core.mutations.base import (
    LiveRow,
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    insert_row,
    require_actor,
    require_permission,
    update_row,
)
from cmms_core.rules.permissions import Actor, Permission
from cmms_core.rules.workorder import WorkOrderAction, WorkOrderStatus, decide
from cmms_core.schema.maintenance import (
    interventions,
    maintenance_history,
    maintenance_plans,
    maintenance_tasks,
)
from cmms_core.schema.people import users

__all__ = ["SPECS", "ItemResult", "checklist_of", "merge_results", "missing_required"]

_CENT = Decimal("0.01")


def _decide(
    actor: Actor, task: LiveRow, action: WorkOrderAction, comment: str | None = None
) -> WorkOrderStatus:
    decision = decide(
        WorkOrderStatus(task["status"]),
        action,
        actor.role,
        actor_is_assignee=task["assigned_to"] == actor.user_id,
        comment=comment,
    )
    if not decision.accepted:
        raise MutationRejected(decision.reason_code or "invalid_state", decision.reason or "")
    assert decision.new_status is not None
    return decision.new_status


def checklist_of(ctx: MutationContext, task: LiveRow) -> list[dict[str, Any]]:
    if task["plan_id"] is None:
        return []
    row = ctx.conn.execute(
        select(maintenance_plans.c.checklist).where(maintenance_plans.c.id == task["plan_id"])
    ).first()
    return list(row[0] or []) if row else []


class ItemResult(Payload):
    key: str = Field(min_length=1, max_length=40)
    ok: bool | None = None  # a check: done and fine (False: not fine)
    value: float | None = None  # a measurement
    text: str | None = Field(default=None, max_length=4000)
    photo_id: uuid.UUID | None = None  # the attachment of a required photo
    comment: str | None = Field(default=None, max_length=1000)


def _result(item: Mapping[str, Any], given: ItemResult) -> dict[str, Any]:
    """The stored result of one item: what was given, the item's label, and the flag."""
    out_of_limit = False
    ok = given.ok
    if item.get("kind") == "measure" and given.value is not None:
        low, high = item.get("min"), item.get("max")
        out_of_limit = (low is not None and given.value < low) or (
            high is not None and given.value > high
        )
        if ok is None:
            ok = not out_of_limit
    return {
        "key": given.key,
        "label": item.get("label"),
        "kind": item.get("kind", "check"),
        "ok": ok,
        "value": given.value,
        "unit": item.get("unit"),
        "text": given.text,
        "photo_id": str(given.photo_id) if given.photo_id else None,
        "comment": given.comment,
        "out_of_limit": out_of_limit,
    }


def merge_results(
    checklist: list[dict[str, Any]], saved: list[dict[str, Any]], given: list[ItemResult]
) -> list[dict[str, Any]]:
    """The sheet's results after a save: the given items replace theirs, in checklist order."""
    items = {item["key"]: item for item in checklist}
    unknown = sorted({r.key for r in given} - set(items))
    if unknown:
        raise MutationRejected(
            "invalid",
            f"items not on this checklist: {', '.join(unknown)}",
            {f"results.{key}": "unknown_item" for key in unknown},
        )
    by_key = {r["key"]: r for r in saved if r.get("key") in items}
    for result in given:
        by_key[result.key] = _result(items[result.key], result)
    return [by_key[key] for key in items if key in by_key]


def missing_required(checklist: list[dict[str, Any]], results: list[dict[str, Any]]) -> list[str]:
    """The keys of required items without a result."""
    by_key = {r["key"]: r for r in results}
    missing = []
    for item in checklist:
        if not item.get("required", True):
            continue
        result = by_key.get(item["key"])
        kind = item.get("kind", "check")
        filled = result is not None and {
            "check": result.get("ok") is not None,
            "measure": result.get("value") is not None,
            "text": bool((result.get("text") or "").strip()),
            "photo": result.get("photo_id") is not None,
        }.get(kind, True)
        if not filled:
            missing.append(item["key"])
    return missing


# ------------------------------------------------------------------ commands


class InterventionStart(Payload):
    id: uuid.UUID
    task_id: uuid.UUID
    started_at: AwareDatetime | None = None


def start_intervention(ctx: MutationContext, p: InterventionStart) -> None:
    task = fetch_live_row(ctx.conn, maintenance_tasks, p.task_id)
    actor = require_permission(ctx, Permission.WORKORDER_WORK, task["site_id"])
    new_status = _decide(actor, task, WorkOrderAction.START)
    started = p.started_at or ctx.now
    insert_row(
        ctx,
        "intervention.start",
        interventions,
        {
            "id": p.id,
            "site_id": task["site_id"],
            "task_id": task["id"],
            "equipment_id": task["equipment_id"],
            "technician_id": task["assigned_to"] or actor.user_id,
            "status": WorkOrderStatus.IN_PROGRESS.value,
            "started_at": started,
            "labour_minutes": 0,
            "checklist_results": [],
            "parts_cost": Decimal(0),
            "labour_cost": Decimal(0),
        },
    )
    update_row(ctx, "intervention.start", maintenance_tasks, task, {"status": new_status.value})


def _sheet(ctx: MutationContext, intervention_id: uuid.UUID) -> tuple[LiveRow, LiveRow]:
    sheet = fetch_live_row(ctx.conn, interventions, intervention_id)
    if sheet["task_id"] is None:
        raise MutationRejected("invalid", "this intervention has no task", {"id": "no_task"})
    task = fetch_live_row(ctx.conn, maintenance_tasks, sheet["task_id"])
    return sheet, task


def _open_sheet(ctx: MutationContext, intervention_id: uuid.UUID) -> tuple[Actor, LiveRow, LiveRow]:
    """The sheet and task of a command of the technician (who may complete may fill)."""
    sheet, task = _sheet(ctx, intervention_id)
    actor = require_permission(ctx, Permission.WORKORDER_WORK, task["site_id"])
    _decide(actor, task, WorkOrderAction.COMPLETE)
    if sheet["status"] != WorkOrderStatus.IN_PROGRESS.value:
        raise MutationRejected("invalid_state", f"this sheet is {sheet['status']}")
    return actor, sheet, task


class InterventionSaveChecklist(Payload):
    id: uuid.UUID
    results: list[ItemResult] = Field(default_factory=list, max_length=200)
    report: str | None = Field(default=None, max_length=20000)
    labour_minutes: int | None = Field(default=None, ge=0, le=100_000)


def save_checklist(ctx: MutationContext, p: InterventionSaveChecklist) -> None:
    _actor, sheet, task = _open_sheet(ctx, p.id)
    checklist = checklist_of(ctx, task)
    results = merge_results(checklist, list(sheet["checklist_results"] or []), p.results)
    changes: dict[str, Any] = {"checklist_results": results}
    if p.report is not None:
        changes["report"] = p.report
    if p.labour_minutes is not None:
        changes["labour_minutes"] = p.labour_minutes
    update_row(ctx, "intervention.save_checklist", interventions, sheet, changes)


class InterventionComplete(Payload):
    id: uuid.UUID
    ended_at: AwareDatetime | None = None
    labour_minutes: int | None = Field(default=None, ge=0, le=100_000)
    report: str | None = Field(default=None, max_length=20000)
    results: list[ItemResult] = Field(default_factory=list, max_length=200)


def _labour_cost(ctx: MutationContext, user_id: uuid.UUID | None, minutes: int) -> Decimal:
    if user_id is None:
        return Decimal(0)
    rate = ctx.conn.execute(select(users.c.hourly_rate).where(users.c.id == user_id)).scalar()
    if rate is None:
        return Decimal(0)
    return (Decimal(minutes) * Decimal(rate) / 60).quantize(_CENT)


def complete_intervention(ctx: MutationContext, p: InterventionComplete) -> None:
    actor, sheet, task = _open_sheet(ctx, p.id)
    new_status = _decide(actor, task, WorkOrderAction.COMPLETE)
    checklist = checklist_of(ctx, task)
    results = merge_results(checklist, list(sheet["checklist_results"] or []), p.results)
    missing = missing_required(checklist, results)
    if missing:
        raise MutationRejected(
            "incomplete_checklist",
            f"required items have no result: {', '.join(missing)}",
            {f"results.{key}": "required" for key in missing},
        )
    ended: datetime = p.ended_at or ctx.now
    started: datetime = sheet["started_at"] or ended
    if ended < started:
        raise MutationRejected("invalid", "the work ends before it started", {"ended_at": "x"})
    minutes = (
        p.labour_minutes
        if p.labour_minutes is not None
        else sheet["labour_minutes"] or int((ended - started).total_seconds() // 60)
    )
    changes: dict[str, Any] = {
        "status": WorkOrderStatus.DONE.value,
        "ended_at": ended,
        "labour_minutes": minutes,
        "labour_cost": _labour_cost(ctx, sheet["technician_id"], minutes),
        "checklist_results": results,
    }
    if p.report is not None:
        changes["report"] = p.report
    update_row(ctx, "intervention.complete", interventions, sheet, changes)
    update_row(
        ctx,
        "intervention.complete",
        maintenance_tasks,
        task,
        {"status": new_status.value, "completed_at": ended},
    )
    if task["plan_id"] is not None:
        plan = fetch_live_row(ctx.conn, maintenance_plans, task["plan_id"])
        if plan["equipment_id"] is not None and (
            plan["last_done_at"] is None or plan["last_done_at"] < ended
        ):
            update_row(
                ctx, "intervention.complete", maintenance_plans, plan, {"last_done_at": ended}
            )


class InterventionValidate(Payload):
    id: uuid.UUID
    comment: str | None = Field(default=None, max_length=2000)


def validate_intervention(ctx: MutationContext, p: InterventionValidate) -> None:
    sheet, task = _sheet(ctx, p.id)
    actor = require_permission(ctx, Permission.WORKORDER_VALIDATE, task["site_id"])
    new_status = _decide(actor, task, WorkOrderAction.VALIDATE, p.comment)
    if sheet["status"] != WorkOrderStatus.DONE.value:
        raise MutationRejected("invalid_state", f"this sheet is {sheet['status']}")
    update_row(
        ctx,
        "intervention.validate",
        interventions,
        sheet,
        {
            "status": WorkOrderStatus.VALIDATED.value,
            "validated_by": actor.user_id,
            "validated_at": ctx.now,
            "validation_comment": p.comment,
        },
    )
    update_row(ctx, "intervention.validate", maintenance_tasks, task, {"status": new_status.value})
    summary = task["title"] + (f" : {sheet['report']}" if sheet["report"] else "")
    insert_row(
        ctx,
        "intervention.validate",
        maintenance_history,
        {
            "id": ctx.derive_id("history"),
            "site_id": task["site_id"],
            "equipment_id": task["equipment_id"],
            "event_type": "preventive",
            "occurred_at": sheet["ended_at"] or ctx.now,
            "summary": summary,
            "ref_table": "interventions",
            "ref_id": sheet["id"],
            "actor_id": actor.user_id,
            "cost": (sheet["labour_cost"] or Decimal(0)) + (sheet["parts_cost"] or Decimal(0)),
        },
    )


class InterventionReject(Payload):
    id: uuid.UUID
    comment: str = Field(max_length=2000)


def reject_intervention(ctx: MutationContext, p: InterventionReject) -> None:
    sheet, task = _sheet(ctx, p.id)
    actor = require_actor(ctx)
    require_permission(ctx, Permission.WORKORDER_VALIDATE, task["site_id"])
    new_status = _decide(actor, task, WorkOrderAction.REJECT, p.comment)
    if sheet["status"] != WorkOrderStatus.DONE.value:
        raise MutationRejected("invalid_state", f"this sheet is {sheet['status']}")
    update_row(
        ctx,
        "intervention.reject",
        interventions,
        sheet,
        {"status": WorkOrderStatus.REJECTED.value, "validation_comment": p.comment},
    )
    update_row(ctx, "intervention.reject", maintenance_tasks, task, {"status": new_status.value})


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("intervention.start", InterventionStart, start_intervention),
    MutationSpec("intervention.save_checklist", InterventionSaveChecklist, save_checklist),
    MutationSpec("intervention.complete", InterventionComplete, complete_intervention),
    MutationSpec("intervention.validate", InterventionValidate, validate_intervention),
    MutationSpec("intervention.reject", InterventionReject, reject_intervention),
]
