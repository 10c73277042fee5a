"""Corrective maintenance: failure reports, their lifecycle, the repair sheet, its parts.

Commands (payloads below; docs in docs/corrective.md):

- ``failure.report``: a new ticket; "equipment stopped" puts the equipment
  down and starts the downtime clock.
- ``failure.transition``: assign / start / complete / validate / reject /
  cancel, decided by ``cmms_core.rules.workorder.decide`` from the ticket's
  *current* status and the actor's role (the server decides again on push:
  a stale command comes back to its author with the reason code).
- ``failure.restore_service``: the equipment runs again: the downtime ends,
  the equipment goes back to ``active`` (also ``restore_service`` on
  complete / sign-off / validate).
- ``failure.set_downtime``: a supervisor corrects the downtime's start and
  end (only the fields given; end after start; the equipment's state untouched).
- ``repair.save``: the descriptive fields of the repair sheet, only
  those the user changed; they merge field by field (two people editing the
  same field offline: the newer wins, the other value is kept in
  ``sync_conflicts``). Labour minutes and cost are recomputed.
- ``repair.add_part`` / ``repair.remove_part``: a part issued to
  the repair (an ``issue`` stock movement) or put back (a ``return``
  movement reversing it), written by ``cmms_core.mutations.stock.record_movement``
  (the one way to write a movement); the ledger is never rewritten, parts cost
  recomputed.
- ``repair.sign_off``: the technician's signature (= ``complete``).

One repair sheet per failure (``repair_interventions.failure_id``): the
first command that needs it creates it, with an id derived from the
failure's, so that two devices creating it offline make the same row.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, Field, ValidationError
from sqlalchemy import select

from cmms_core.mutations.base import (
    LiveRow,
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    field_errors,
    insert_row,
    key_taken,
    require_permission,
    update_row,
)
from cmms_core.mutations.stock import record_movement
from cmms_core.rules.corrective import (
    cost_breakdown,
    downtime_minutes,
    failure_number,
    labour_cost,
    labour_lines,
    parts_cost,
)
from cmms_core.rules.equipment_state import EquipmentState, can_transition
from cmms_core.rules.permissions import Actor, Permission, has_permission
from cmms_core.rules.roles import Role
from cmms_core.rules.stock import MovementKind
from cmms_core.rules.workorder import (
    TERMINAL_STATUSES,
    WorkOrderAction,
    WorkOrderStatus,
    decide,
)
from cmms_core.schema.assets import attachments, equipments
from cmms_core.schema.failures import failure_types, failures, repair_interventions
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.maintenance import maintenance_history
from cmms_core.schema.people import user_permissions, users

__all__ = ["SPECS", "sheet_id_for"]

SHEET_TABLE = repair_interventions.name
ISSUE, RETURN = "issue", "return"


def sheet_id_for(failure_id: uuid.UUID) -> uuid.UUID:
    """The id of the repair sheet a command creates for a failure (the same on every device)."""
    return uuid.uuid5(failure_id, "repair_intervention")


# ------------------------------------------------------------------------ helpers


def _history(
    ctx: MutationContext,
    action: str,
    failure: Mapping[Any, Any],
    event_type: str,
    summary: str,
    actor: Actor,
    *,
    downtime: int | None = None,
    cost: Decimal | None = None,
) -> None:
    insert_row(
        ctx,
        action,
        maintenance_history,
        {
            "id": ctx.derive_id("history"),
            "site_id": failure["site_id"],
            "equipment_id": failure["equipment_id"],
            "event_type": event_type,
            "occurred_at": ctx.now,
            "summary": summary,
            "ref_table": failures.name,
            "ref_id": failure["id"],
            "actor_id": actor.user_id,
            "downtime_minutes": downtime,
            "cost": cost,
        },
    )


def _set_equipment_state(
    ctx: MutationContext,
    action: str,
    failure: Mapping[Any, Any],
    new: EquipmentState,
    actor: Actor,
    note: str,
) -> None:
    """Move the failure's equipment to ``new`` when the rules allow it (else leave it)."""
    equipment = fetch_live_row(ctx.conn, equipments, failure["equipment_id"])
    old = EquipmentState(equipment["state"])
    if not can_transition(old, new):
        return
    update_row(
        ctx, action, equipments, equipment, {"state": new.value, "state_changed_at": ctx.now}
    )
    _history(ctx, action, failure, "state_change", f"{old.value} -> {new.value}: {note}", actor)


def _sheet(ctx: MutationContext, failure_id: uuid.UUID) -> LiveRow | None:
    r = repair_interventions.c
    query = (
        select(repair_interventions)
        .where(r.failure_id == failure_id, r.deleted_at.is_(None))
        .order_by(r.created_at.desc(), r.id)
        .limit(1)
    )
    return ctx.conn.execute(query).mappings().first()


def _ensure_sheet(
    ctx: MutationContext, action: str, failure: Mapping[Any, Any], actor: Actor
) -> LiveRow:
    """The failure's repair sheet, created (empty, started now) when it has none yet.

    Created empty so that every field a user fills is a merging write with its
    own clock. On a replica the new row counts as seen at version 0: if another
    device created it first, the server sees that this command did not know
    its fields, and a same-field edit is a conflict, not an overwrite.
    """
    sheet = _sheet(ctx, failure["id"])
    if sheet is not None:
        return sheet
    sheet_id = sheet_id_for(failure["id"])
    insert_row(
        ctx,
        action,
        repair_interventions,
        {
            "id": sheet_id,
            "site_id": failure["site_id"],
            "failure_id": failure["id"],
            "technician_id": failure["assigned_to"] or actor.user_id,
            "status": WorkOrderStatus.IN_PROGRESS.value,
            "started_at": ctx.now,
        },
    )
    if ctx.offline:
        ctx.base_versions.setdefault((SHEET_TABLE, sheet_id), 0)
    return fetch_live_row(ctx.conn, repair_interventions, sheet_id)


def _rates(ctx: MutationContext, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, Decimal | None]:
    if not user_ids:
        return {}
    query = select(users.c.id, users.c.hourly_rate).where(users.c.id.in_(sorted(user_ids)))
    return {row.id: row.hourly_rate for row in ctx.conn.execute(query)}


def _sheet_movements(ctx: MutationContext, sheet_id: uuid.UUID) -> list[tuple[Decimal, Any]]:
    m = stock_movements.c
    query = select(m.quantity, m.unit_cost).where(
        m.ref_table == SHEET_TABLE, m.ref_id == sheet_id, m.deleted_at.is_(None)
    )
    return [(row.quantity, row.unit_cost) for row in ctx.conn.execute(query)]


def _recompute_costs(ctx: MutationContext, action: str, sheet_id: uuid.UUID) -> None:
    """Labour minutes and cost, parts cost: derived from what the sheet holds now.

    Not a merging write: on the server they are computed from the server's
    rows, whatever each device computed offline.
    """
    sheet = fetch_live_row(ctx.conn, repair_interventions, sheet_id)
    lines = labour_lines(sheet["labour"])
    cost, _unrated = labour_cost(lines, _rates(ctx, {line.user_id for line in lines}))
    update_row(
        ctx,
        action,
        repair_interventions,
        sheet,
        {
            "labour_minutes": sum(line.minutes for line in lines),
            "labour_cost": cost,
            "parts_cost": parts_cost(_sheet_movements(ctx, sheet_id)),
        },
    )


def _has_site(ctx: MutationContext, user: Mapping[Any, Any], site_id: uuid.UUID) -> bool:
    if user["role"] == Role.ADMIN.value:
        return True
    g = user_permissions.c
    query = select(g.id).where(
        g.user_id == user["id"], g.scope_site_id == site_id, g.deleted_at.is_(None)
    )
    return ctx.conn.execute(query.limit(1)).first() is not None


def _restore_service(
    ctx: MutationContext,
    action: str,
    failure: LiveRow,
    actor: Actor,
    at: Any = None,
) -> LiveRow:
    """End the failure's downtime at ``at`` (default now); the equipment is active again."""
    if not failure["equipment_stopped"] or failure["downtime_start"] is None:
        raise MutationRejected(
            "invalid_state", "this failure did not stop its equipment", {"id": "not_stopped"}
        )
    if failure["downtime_end"] is not None:
        raise MutationRejected(
            "invalid_state", "the equipment was already put back in service", {"id": "restored"}
        )
    end = at or ctx.now
    if end < failure["downtime_start"]:
        raise MutationRejected(
            "invalid", "service cannot restart before the stop", {"at": "before_stop"}
        )
    update_row(ctx, action, failures, failure, {"downtime_end": end})
    _set_equipment_state(
        ctx, action, failure, EquipmentState.ACTIVE, actor, f"{failure['number']} réparé"
    )
    return fetch_live_row(ctx.conn, failures, failure["id"])


# ------------------------------------------------------------------------ report


class FailureReport(Payload):
    id: uuid.UUID
    equipment_id: uuid.UUID
    failure_type_id: uuid.UUID | None = None
    description: str = Field(min_length=1, max_length=10_000)
    urgency: int = Field(default=2, ge=1, le=4)  # 1 low .. 4 critical
    equipment_stopped: bool = False
    reported_at: AwareDatetime
    # when the machine stopped, if not when the failure was reported
    stopped_at: AwareDatetime | None = None


def report(ctx: MutationContext, p: FailureReport) -> None:
    equipment = fetch_live_row(ctx.conn, equipments, p.equipment_id)
    site_id = equipment["site_id"]
    actor = require_permission(ctx, Permission.FAILURE_REPORT, site_id)
    if key_taken(ctx.conn, failures, failures.c.id == p.id):
        raise MutationRejected("duplicate", f"failure {p.id} already exists", {"id": "duplicate"})
    errors: dict[str, str] = {}
    if p.failure_type_id is not None:
        ftype = ctx.conn.execute(
            select(failure_types.c.id).where(
                failure_types.c.id == p.failure_type_id, failure_types.c.deleted_at.is_(None)
            )
        ).first()
        if ftype is None:
            errors["failure_type_id"] = "not_found"
    state = EquipmentState(equipment["state"])
    if p.equipment_stopped and state is EquipmentState.OUT_OF_SERVICE:
        errors["equipment_stopped"] = "out_of_service"
    if p.stopped_at is not None and not p.equipment_stopped:
        errors["stopped_at"] = "not_stopped"
    if errors:
        raise MutationRejected("invalid", "the failure report has invalid fields", errors)
    number = failure_number(p.id)
    for digits in (12, 32):
        if not key_taken(ctx.conn, failures, failures.c.number == number):
            break
        number = failure_number(p.id, digits)
    values = {
        "id": p.id,
        "site_id": site_id,
        "number": number,
        "equipment_id": p.equipment_id,
        "failure_type_id": p.failure_type_id,
        "description": p.description,
        "urgency": p.urgency,
        "status": WorkOrderStatus.REPORTED.value,
        "reported_by": actor.user_id,
        "reported_at": p.reported_at,
        "equipment_stopped": p.equipment_stopped,
        "downtime_start": (p.stopped_at or p.reported_at) if p.equipment_stopped else None,
    }
    insert_row(ctx, "failure.report", failures, values)
    if p.equipment_stopped:
        # reporting a stop is part of reporting the failure (storekeepers too)
        _set_equipment_state(ctx, "failure.report", values, EquipmentState.DOWN, actor, number)


# ------------------------------------------------------------------------ lifecycle


class FailureTransition(Payload):
    id: uuid.UUID  # the failure
    action: WorkOrderAction
    assignee_id: uuid.UUID | None = None  # assign: who
    comment: str | None = Field(default=None, max_length=5000)  # reject: why (required)
    # complete / validate: the equipment runs again (ends the downtime)
    restore_service: bool = False


def _decide(
    ctx: MutationContext,
    failure: LiveRow,
    action: WorkOrderAction,
    comment: str | None = None,
) -> tuple[Actor, WorkOrderStatus]:
    """The actor, and the status ``action`` leads to, decided from the current state."""
    actor = require_permission(ctx, Permission.WORKORDER_VIEW, failure["site_id"])
    status = WorkOrderStatus(failure["status"])
    decision = decide(
        status,
        action,
        actor.role,
        actor_is_assignee=failure["assigned_to"] == actor.user_id,
        comment=comment,
    )
    if not decision.accepted:
        assert decision.reason_code is not None and decision.reason is not None
        errors = {"comment": "required"} if decision.reason_code == "comment_required" else {}
        raise MutationRejected(decision.reason_code, decision.reason, errors)
    assert decision.new_status is not None
    return actor, decision.new_status


def transition(ctx: MutationContext, p: FailureTransition) -> None:
    failure = fetch_live_row(ctx.conn, failures, p.id)
    if p.action is WorkOrderAction.COMPLETE:
        _sign_off(ctx, "failure.transition", failure, None, p.restore_service)
        return
    actor, new_status = _decide(ctx, failure, p.action, p.comment)
    action = "failure.transition"
    if p.action is WorkOrderAction.ASSIGN:
        _assign(ctx, failure, p.assignee_id)
    elif p.action is WorkOrderAction.START:
        started = _ensure_sheet(ctx, action, failure, actor)
        update_row(ctx, action, failures, failure, {"status": new_status.value})
        update_row(
            ctx,
            action,
            repair_interventions,
            started,
            {"status": WorkOrderStatus.IN_PROGRESS.value},
        )
        if failure["equipment_stopped"] and failure["downtime_end"] is None:
            equipment = fetch_live_row(ctx.conn, equipments, failure["equipment_id"])
            if equipment["state"] == EquipmentState.DOWN.value:
                _set_equipment_state(
                    ctx,
                    action,
                    failure,
                    EquipmentState.UNDER_MAINTENANCE,
                    actor,
                    failure["number"],
                )
    elif p.action is WorkOrderAction.VALIDATE:
        _validate(ctx, failure, actor, p.restore_service)
    elif p.action is WorkOrderAction.REJECT:
        assert p.comment is not None
        update_row(ctx, action, failures, failure, {"status": new_status.value})
        sheet = _sheet(ctx, failure["id"])
        if sheet is not None:
            update_row(
                ctx,
                action,
                repair_interventions,
                sheet,
                {
                    "status": new_status.value,
                    "rejection_comment": p.comment.strip(),
                    "signed_off_by": None,
                    "signed_off_at": None,
                },
            )
    elif p.action is WorkOrderAction.CANCEL:
        update_row(
            ctx, action, failures, failure, {"status": new_status.value, "closed_at": ctx.now}
        )
        sheet = _sheet(ctx, failure["id"])
        if sheet is not None:
            update_row(ctx, action, repair_interventions, sheet, {"status": new_status.value})


def _assign(ctx: MutationContext, failure: LiveRow, assignee_id: uuid.UUID | None) -> None:
    if assignee_id is None:
        raise MutationRejected("invalid", "say who to assign", {"assignee_id": "required"})
    assignee = (
        ctx.conn.execute(
            select(users).where(users.c.id == assignee_id, users.c.deleted_at.is_(None))
        )
        .mappings()
        .first()
    )
    problem = None
    if assignee is None:
        problem = "not_found"
    elif assignee["status"] != "active":
        problem = "inactive"
    elif not has_permission(Role(assignee["role"]), Permission.WORKORDER_WORK):
        problem = "cannot_work"
    elif not _has_site(ctx, assignee, failure["site_id"]):
        problem = "other_site"
    if problem is not None:
        raise MutationRejected(
            "invalid", f"this user cannot take the failure ({problem})", {"assignee_id": problem}
        )
    update_row(
        ctx,
        "failure.transition",
        failures,
        failure,
        {
            "status": WorkOrderStatus.ASSIGNED.value,
            "assigned_to": assignee_id,
            "assigned_at": ctx.now,
        },
    )


def _validate(ctx: MutationContext, failure: LiveRow, actor: Actor, restore_service: bool) -> None:
    action = "failure.transition"
    if restore_service and failure["downtime_end"] is None and failure["equipment_stopped"]:
        failure = _restore_service(ctx, action, failure, actor)
    changes: dict[str, Any] = {"status": WorkOrderStatus.VALIDATED.value, "closed_at": ctx.now}
    if failure["equipment_stopped"] and failure["downtime_end"] is None:
        # put back in service meanwhile (equipment.set_state): the downtime ended then
        equipment = fetch_live_row(ctx.conn, equipments, failure["equipment_id"])
        if equipment["state"] == EquipmentState.ACTIVE.value:
            changes["downtime_end"] = max(
                equipment["state_changed_at"] or ctx.now, failure["downtime_start"]
            )
    update_row(ctx, action, failures, failure, changes)
    failure = fetch_live_row(ctx.conn, failures, failure["id"])
    sheet = _sheet(ctx, failure["id"])
    cost = None
    summary = failure["number"]
    if sheet is not None:
        update_row(
            ctx,
            action,
            repair_interventions,
            sheet,
            {
                "status": WorkOrderStatus.VALIDATED.value,
                "validated_by": actor.user_id,
                "validated_at": ctx.now,
            },
        )
        lines = labour_lines(sheet["labour"])
        breakdown = cost_breakdown(
            lines,
            _rates(ctx, {line.user_id for line in lines}),
            _sheet_movements(ctx, sheet["id"]),
            sheet["external_cost"],
        )
        cost = breakdown.total
        if sheet["actions_taken"]:
            summary += f" — {sheet['actions_taken']}"
    downtime = (
        downtime_minutes(failure["downtime_start"], failure["downtime_end"], ctx.now)
        if failure["equipment_stopped"]
        else None
    )
    _history(ctx, action, failure, "repair", summary, actor, downtime=downtime, cost=cost)


class FailureRestoreService(Payload):
    id: uuid.UUID  # the failure
    at: AwareDatetime | None = None  # when the equipment ran again (default: now)


def restore_service(ctx: MutationContext, p: FailureRestoreService) -> None:
    failure = fetch_live_row(ctx.conn, failures, p.id)
    actor = require_permission(ctx, Permission.EQUIPMENT_SET_STATE, failure["site_id"])
    if failure["status"] == WorkOrderStatus.CANCELLED.value:
        raise MutationRejected("invalid_state", "this failure was cancelled")
    _restore_service(ctx, "failure.restore_service", failure, actor, p.at)


class FailureSetDowntime(Payload):
    """A supervisor's correction of the recorded stop: only the fields given change."""

    id: uuid.UUID  # the failure
    downtime_start: AwareDatetime | None = None
    downtime_end: AwareDatetime | None = None


# statuses whose downtime a supervisor may correct: any but a cancelled ticket
_DOWNTIME_EDITABLE = frozenset(WorkOrderStatus) - {WorkOrderStatus.CANCELLED}


def set_downtime(ctx: MutationContext, p: FailureSetDowntime) -> None:
    """Correct when the equipment stopped and ran again (the downtime's two ends).

    Supervisors only (``workorder.validate``), on a ticket of any status but
    cancelled. A field left out keeps its value; ``null`` clears it. The stop
    must start before it ends, and an end needs a start. A start marks the
    ticket "equipment stopped"; clearing both ends unmarks it. The equipment's
    own state is not touched (``failure.restore_service`` puts it back in
    service). The two fields merge on their own, like the sheet's.
    """
    failure = fetch_live_row(ctx.conn, failures, p.id)
    require_permission(ctx, Permission.WORKORDER_VALIDATE, failure["site_id"])
    if WorkOrderStatus(failure["status"]) not in _DOWNTIME_EDITABLE:
        raise MutationRejected("invalid_state", "this failure was cancelled")
    given = p.model_fields_set & {"downtime_start", "downtime_end"}
    if not given:
        raise MutationRejected(
            "invalid",
            "give downtime_start, downtime_end or both",
            {"downtime_start": "missing", "downtime_end": "missing"},
        )
    changes: dict[str, Any] = {name: getattr(p, name) for name in sorted(given)}
    start = changes.get("downtime_start", failure["downtime_start"])
    end = changes.get("downtime_end", failure["downtime_end"])
    if end is not None and start is None:
        raise MutationRejected(
            "invalid", "a stop must start before it ends", {"downtime_start": "missing"}
        )
    if start is not None and end is not None and end < start:
        raise MutationRejected(
            "invalid", "the equipment runs again before it stops", {"downtime_end": "before_start"}
        )
    if start is not None and not failure["equipment_stopped"]:
        changes["equipment_stopped"] = True
    elif start is None and end is None and failure["equipment_stopped"]:
        changes["equipment_stopped"] = False
    update_row(ctx, "failure.set_downtime", failures, failure, changes, merge_fields=True)


# ------------------------------------------------------------------------ the sheet


class LabourEntry(Payload):
    user_id: uuid.UUID
    minutes: int = Field(ge=0, le=100_000)


class SheetFields(Payload):
    """The fields of the repair sheet a user edits (each merges on its own)."""

    diagnosis: str | None = Field(default=None, max_length=20_000)
    root_cause: str | None = Field(default=None, max_length=100)
    actions_taken: str | None = Field(default=None, max_length=20_000)
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    labour: list[LabourEntry] = Field(default_factory=list, max_length=50)
    external_cost: Decimal = Field(default=Decimal(0), ge=0, max_digits=12, decimal_places=2)
    before_photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    after_photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)


_SHEET_FIELDS = frozenset(SheetFields.model_fields)


class InterventionSave(Payload):
    failure_id: uuid.UUID
    # only the fields the user changed: concurrent edits of other fields merge
    fields: dict[str, object]


def _stored(name: str, value: Any) -> Any:
    """A validated sheet value as the JSON/columns store it."""
    if name == "labour":
        return [{"user_id": str(e.user_id), "minutes": e.minutes} for e in value]
    if name in ("before_photo_ids", "after_photo_ids"):
        return [str(v) for v in value]
    return value


def _may_work_on(actor: Actor, failure: Mapping[Any, Any], sheet: Mapping[Any, Any] | None) -> bool:
    """The assignee, a technician named on the sheet, or whoever may assign work."""
    if has_permission(actor.role, Permission.WORKORDER_ASSIGN):
        return True
    if failure["assigned_to"] == actor.user_id:
        return True
    lines = labour_lines(sheet["labour"]) if sheet is not None else []
    return any(line.user_id == actor.user_id for line in lines)


def save_intervention(ctx: MutationContext, p: InterventionSave) -> None:
    failure = fetch_live_row(ctx.conn, failures, p.failure_id)
    actor = require_permission(ctx, Permission.WORKORDER_WORK, failure["site_id"])
    status = WorkOrderStatus(failure["status"])
    editable = {WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.REJECTED}
    if has_permission(actor.role, Permission.WORKORDER_VALIDATE):
        editable.add(WorkOrderStatus.DONE)  # corrected before validating
    if status not in editable:
        raise MutationRejected(
            "invalid_state", f"the sheet of a {status.value} failure cannot be edited"
        )
    if not _may_work_on(actor, failure, _sheet(ctx, failure["id"])):
        raise MutationRejected(
            "not_assignee", "only the assigned technician or a supervisor may fill this sheet"
        )
    unknown = set(p.fields) - _SHEET_FIELDS
    if unknown:
        raise MutationRejected(
            "invalid",
            f"fields that cannot be edited here: {', '.join(sorted(unknown))}",
            dict.fromkeys(unknown, "not_editable"),
        )
    action = "repair.save"
    sheet = _ensure_sheet(ctx, action, failure, actor)
    try:
        edited = SheetFields.model_validate(dict(p.fields))
    except ValidationError as error:
        raise MutationRejected(
            "invalid", "the sheet has invalid fields", field_errors(error)
        ) from error
    changes = {name: _stored(name, getattr(edited, name)) for name in p.fields}
    _check_sheet(ctx, failure, sheet, {**dict(sheet), **changes})
    update_row(ctx, action, repair_interventions, sheet, changes, merge_fields=True)
    _recompute_costs(ctx, action, sheet["id"])


def _check_sheet(
    ctx: MutationContext,
    failure: Mapping[Any, Any],
    sheet: Mapping[Any, Any],
    merged: Mapping[Any, Any],
) -> None:
    errors: dict[str, str] = {}
    started, ended = merged["started_at"], merged["ended_at"]
    if started is not None and ended is not None and ended < started:
        errors["ended_at"] = "before_start"
    people = [entry["user_id"] for entry in merged["labour"] or []]
    if len(set(people)) != len(people):
        errors["labour"] = "duplicate_user"
    elif people:
        found = ctx.conn.execute(
            select(users.c.id).where(users.c.id.in_(sorted({uuid.UUID(u) for u in people})))
        ).scalars()
        if len(set(found)) != len(set(people)):
            errors["labour"] = "not_found"
    photos = {uuid.UUID(str(v)) for v in [*merged["before_photo_ids"], *merged["after_photo_ids"]]}
    if photos:
        a = attachments.c
        owned = ctx.conn.execute(
            select(a.id).where(
                a.id.in_(sorted(photos)),
                a.owner_id.in_([failure["id"], sheet["id"]]),
                a.deleted_at.is_(None),
            )
        ).scalars()
        if set(owned) != photos:
            errors["photos"] = "not_attached"
    if errors:
        raise MutationRejected("invalid", "the sheet has invalid fields", errors)


# ------------------------------------------------------------------------ parts


class InterventionAddPart(Payload):
    id: uuid.UUID  # the stock movement
    failure_id: uuid.UUID
    part_id: uuid.UUID
    location_id: uuid.UUID
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=3)
    reason: str | None = Field(default=None, max_length=500)


def _open_failure_for_parts(ctx: MutationContext, failure_id: uuid.UUID) -> tuple[LiveRow, Actor]:
    failure = fetch_live_row(ctx.conn, failures, failure_id)
    actor = require_permission(ctx, Permission.STOCK_ISSUE_TO_WORKORDER, failure["site_id"])
    if WorkOrderStatus(failure["status"]) in TERMINAL_STATUSES:
        raise MutationRejected(
            "invalid_state", f"the failure is {failure['status']}: its parts are final"
        )
    return failure, actor


def add_part(ctx: MutationContext, p: InterventionAddPart) -> None:
    failure, actor = _open_failure_for_parts(ctx, p.failure_id)
    if key_taken(ctx.conn, stock_movements, stock_movements.c.id == p.id):
        raise MutationRejected("duplicate", f"movement {p.id} already exists", {"id": "duplicate"})
    part = fetch_live_row(ctx.conn, parts, p.part_id)
    location = ctx.conn.execute(
        select(storage_locations.c.site_id).where(
            storage_locations.c.id == p.location_id, storage_locations.c.deleted_at.is_(None)
        )
    ).first()
    if location is None or location.site_id != failure["site_id"]:
        problem = "not_found" if location is None else "other_site"
        raise MutationRejected(
            "invalid", "the parts must come from a store of the site", {"location_id": problem}
        )
    action = "repair.add_part"
    sheet = _ensure_sheet(ctx, action, failure, actor)
    # stock may go below zero: the movement is kept, the stock screens flag it
    record_movement(
        ctx,
        part_id=p.part_id,
        location_id=p.location_id,
        kind=MovementKind.ISSUE,
        quantity=p.quantity,
        unit_cost=part["unit_cost"],
        reason=p.reason or failure["number"],
        ref_table=SHEET_TABLE,
        ref_id=sheet["id"],
        movement_id=p.id,
        action=action,
    )
    _recompute_costs(ctx, action, sheet["id"])


class InterventionRemovePart(Payload):
    id: uuid.UUID  # the reversing movement
    movement_id: uuid.UUID  # the issue it reverses


def remove_part(ctx: MutationContext, p: InterventionRemovePart) -> None:
    movement = fetch_live_row(ctx.conn, stock_movements, p.movement_id)
    if movement["ref_table"] != SHEET_TABLE or movement["kind"] != ISSUE:
        raise MutationRejected(
            "invalid", "this movement is not a part issued to a repair", {"movement_id": "x"}
        )
    sheet = fetch_live_row(ctx.conn, repair_interventions, movement["ref_id"])
    failure, _actor = _open_failure_for_parts(ctx, sheet["failure_id"])
    if key_taken(ctx.conn, stock_movements, stock_movements.c.id == p.id):
        raise MutationRejected("duplicate", f"movement {p.id} already exists", {"id": "duplicate"})
    if key_taken(ctx.conn, stock_movements, stock_movements.c.reverses_id == p.movement_id):
        raise MutationRejected(
            "invalid_state", "this part was already put back", {"movement_id": "reversed"}
        )
    action = "repair.remove_part"
    record_movement(
        ctx,
        part_id=movement["part_id"],
        location_id=movement["location_id"],
        kind=MovementKind.RETURN,
        quantity=-movement["quantity"],
        unit_cost=movement["unit_cost"],
        reason=f"{failure['number']}: retour",
        ref_table=SHEET_TABLE,
        ref_id=sheet["id"],
        reverses_id=movement["id"],
        movement_id=p.id,
        action=action,
    )
    _recompute_costs(ctx, action, sheet["id"])


# ------------------------------------------------------------------------ sign-off


class InterventionSignOff(Payload):
    failure_id: uuid.UUID
    ended_at: AwareDatetime | None = None  # end of the work (default: as on the sheet, or now)
    restore_service: bool = False  # the equipment runs again (ends the downtime)


def _sign_off(
    ctx: MutationContext,
    action: str,
    failure: LiveRow,
    ended_at: Any,
    restore: bool,
) -> None:
    actor, new_status = _decide(ctx, failure, WorkOrderAction.COMPLETE)
    sheet = _ensure_sheet(ctx, action, failure, actor)
    end = ended_at or sheet["ended_at"] or ctx.now
    if sheet["started_at"] is not None and end < sheet["started_at"]:
        raise MutationRejected("invalid", "the work ends before it starts", {"ended_at": "x"})
    update_row(
        ctx,
        action,
        repair_interventions,
        sheet,
        {
            "status": new_status.value,
            "ended_at": end,
            "signed_off_by": actor.user_id,
            "signed_off_at": ctx.now,
        },
    )
    update_row(ctx, action, failures, failure, {"status": new_status.value})
    if restore and failure["equipment_stopped"] and failure["downtime_end"] is None:
        _restore_service(ctx, action, fetch_live_row(ctx.conn, failures, failure["id"]), actor)


def sign_off(ctx: MutationContext, p: InterventionSignOff) -> None:
    failure = fetch_live_row(ctx.conn, failures, p.failure_id)
    _sign_off(ctx, "repair.sign_off", failure, p.ended_at, p.restore_service)


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("failure.report", FailureReport, report),
    MutationSpec("failure.transition", FailureTransition, transition),
    MutationSpec("failure.restore_service", FailureRestoreService, restore_service),
    MutationSpec("failure.set_downtime", FailureSetDowntime, set_downtime),
    MutationSpec("repair.save", InterventionSave, save_intervention),
    MutationSpec("repair.add_part", InterventionAddPart, add_part),
    MutationSpec("repair.remove_part", InterventionRemovePart, remove_part),
    MutationSpec("repair.sign_off", InterventionSignOff, sign_off),
]
