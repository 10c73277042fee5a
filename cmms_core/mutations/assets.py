"""Commands on sites, production lines, equipment types, equipments and attachments."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field, ValidationError
from sqlalchemy import Connection, Table, select

from cmms_core.mutations.base import (
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    field_errors,
    insert_row,
    key_taken,
    live_exists,
    require_permission,
    tombstone_row,
    update_row,
)
from cmms_core.rules.equipment_state import EquipmentState, can_transition
from cmms_core.rules.permissions import Permission
from cmms_core.schema.assets import (
    attachments,
    equipment_types,
    equipments,
    production_lines,
    sites,
)
from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.inventory import parts
from cmms_core.schema.maintenance import interventions, maintenance_history

Criticality = Literal["high", "medium", "low"]
AttachmentKind = Literal["document", "photo", "video"]

# ----------------------------------------------------------------- sites, lines, types


class SiteCreate(Payload):
    id: uuid.UUID
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    address: str | None = None
    timezone: str = Field(default="Europe/Paris", min_length=1, max_length=64)


def create_site(ctx: MutationContext, p: SiteCreate) -> None:
    require_permission(ctx, Permission.SETTINGS_MANAGE, None)
    if key_taken(ctx.conn, sites, sites.c.code == p.code):
        raise MutationRejected("duplicate", f"site code {p.code} is taken", {"code": "duplicate"})
    insert_row(ctx, "site.create", sites, {**p.model_dump(), "site_id": None})


class ProductionLineCreate(Payload):
    id: uuid.UUID
    site_id: uuid.UUID
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None


def create_production_line(ctx: MutationContext, p: ProductionLineCreate) -> None:
    require_permission(ctx, Permission.EQUIPMENT_EDIT, p.site_id)
    fetch_live_row(ctx.conn, sites, p.site_id)
    taken = key_taken(
        ctx.conn,
        production_lines,
        production_lines.c.site_id == p.site_id,
        production_lines.c.code == p.code,
    )
    if taken:
        raise MutationRejected("duplicate", f"line code {p.code} is taken", {"code": "duplicate"})
    insert_row(ctx, "production_line.create", production_lines, p.model_dump())


class EquipmentTypeCreate(Payload):
    id: uuid.UUID
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)


def create_equipment_type(ctx: MutationContext, p: EquipmentTypeCreate) -> None:
    require_permission(ctx, Permission.EQUIPMENT_EDIT, None)
    if key_taken(ctx.conn, equipment_types, equipment_types.c.code == p.code):
        raise MutationRejected("duplicate", f"type code {p.code} is taken", {"code": "duplicate"})
    insert_row(ctx, "equipment_type.create", equipment_types, {**p.model_dump(), "site_id": None})


# ----------------------------------------------------------------------- equipments


class EquipmentFields(Payload):
    """The descriptive fields a user edits on the equipment form."""

    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    type_id: uuid.UUID
    line_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    criticality: Criticality = "medium"
    manufacturer: str | None = Field(default=None, max_length=100)
    model: str | None = Field(default=None, max_length=100)
    serial_number: str | None = Field(default=None, max_length=100)
    commissioning_date: date | None = None
    location: str | None = Field(default=None, max_length=200)
    description: str | None = None


class EquipmentCreate(EquipmentFields):
    id: uuid.UUID
    site_id: uuid.UUID
    state: EquipmentState = EquipmentState.ACTIVE


class EquipmentUpdate(Payload):
    id: uuid.UUID
    # only the fields the user changed: concurrent edits of other fields merge
    fields: dict[str, object]


def _check_equipment_links(
    conn: Connection,
    site_id: uuid.UUID,
    equipment_id: uuid.UUID,
    fields: EquipmentFields,
    current_code: str | None = None,
) -> None:
    errors: dict[str, str] = {}
    # ``current_code``: the code the equipment holds now (an update). Kept, it is
    # its own: the column is unique, no other row can hold it (one query saved).
    code_taken = fields.code != current_code and key_taken(
        conn, equipments, equipments.c.code == fields.code, equipments.c.id != equipment_id
    )
    if code_taken:
        errors["code"] = "duplicate"
    if not live_exists(conn, equipment_types, equipment_types.c.id == fields.type_id):
        errors["type_id"] = "not_found"
    if fields.line_id is not None and not live_exists(
        conn,
        production_lines,
        production_lines.c.id == fields.line_id,
        production_lines.c.site_id == site_id,
    ):
        errors["line_id"] = "other_site"
    if fields.parent_id is not None:
        problem = _parent_problem(conn, site_id, equipment_id, fields.parent_id)
        if problem:
            errors["parent_id"] = problem
    if errors:
        raise MutationRejected("invalid", "the equipment has invalid fields", errors)


def _parent_problem(
    conn: Connection, site_id: uuid.UUID, equipment_id: uuid.UUID, parent_id: uuid.UUID
) -> str | None:
    """Why parent_id cannot be this equipment's parent (other site, or a cycle)."""
    seen: set[uuid.UUID] = set()
    current: uuid.UUID | None = parent_id
    while current is not None:
        if current == equipment_id:
            return "cycle"
        if current in seen:  # a cycle already in the data: never loop forever
            return "cycle"
        seen.add(current)
        row = conn.execute(
            select(equipments.c.site_id, equipments.c.parent_id).where(
                equipments.c.id == current, equipments.c.deleted_at.is_(None)
            )
        ).first()
        if row is None:
            return "not_found"
        if row.site_id != site_id:
            return "other_site"
        current = row.parent_id
    return None


def create_equipment(ctx: MutationContext, p: EquipmentCreate) -> None:
    require_permission(ctx, Permission.EQUIPMENT_EDIT, p.site_id)
    fetch_live_row(ctx.conn, sites, p.site_id)
    _check_equipment_links(ctx.conn, p.site_id, p.id, p)
    values = p.model_dump()
    values["state"] = p.state.value
    values["state_changed_at"] = ctx.now
    insert_row(ctx, "equipment.create", equipments, values)


def update_equipment(ctx: MutationContext, p: EquipmentUpdate) -> None:
    current = fetch_live_row(ctx.conn, equipments, p.id)
    require_permission(ctx, Permission.EQUIPMENT_EDIT, current["site_id"])
    unknown = set(p.fields) - set(EquipmentFields.model_fields)
    if unknown:
        raise MutationRejected(
            "invalid",
            f"fields that cannot be edited here: {', '.join(sorted(unknown))}",
            dict.fromkeys(unknown, "not_editable"),
        )
    merged_input = {k: current[k] for k in EquipmentFields.model_fields} | dict(p.fields)
    try:
        merged = EquipmentFields.model_validate(merged_input)
    except ValidationError as error:
        raise MutationRejected(
            "invalid", "the equipment has invalid fields", field_errors(error)
        ) from error
    _check_equipment_links(ctx.conn, current["site_id"], p.id, merged, current["code"])
    changes = {k: getattr(merged, k) for k in p.fields}
    update_row(ctx, "equipment.update", equipments, current, changes, merge_fields=True)


class EquipmentSetState(Payload):
    id: uuid.UUID
    state: EquipmentState
    reason: str | None = Field(default=None, max_length=500)


def set_equipment_state(ctx: MutationContext, p: EquipmentSetState) -> None:
    current = fetch_live_row(ctx.conn, equipments, p.id)
    actor = require_permission(ctx, Permission.EQUIPMENT_SET_STATE, current["site_id"])
    old = EquipmentState(current["state"])
    if not can_transition(old, p.state):
        raise MutationRejected(
            "invalid_state",
            f"an equipment cannot go from {old.value} to {p.state.value}",
            {"state": "invalid_transition"},
        )
    update_row(
        ctx,
        "equipment.set_state",
        equipments,
        current,
        {"state": p.state.value, "state_changed_at": ctx.now},
    )
    insert_row(
        ctx,
        "equipment.set_state",
        maintenance_history,
        {
            "id": ctx.derive_id("history"),
            "site_id": current["site_id"],
            "equipment_id": p.id,
            "event_type": "state_change",
            "occurred_at": ctx.now,
            "summary": f"{old.value} -> {p.state.value}" + (f": {p.reason}" if p.reason else ""),
            "actor_id": actor.user_id,
        },
    )


class EquipmentDelete(Payload):
    id: uuid.UUID


def delete_equipment(ctx: MutationContext, p: EquipmentDelete) -> None:
    current = fetch_live_row(ctx.conn, equipments, p.id)
    require_permission(ctx, Permission.EQUIPMENT_EDIT, current["site_id"])
    if live_exists(ctx.conn, equipments, equipments.c.parent_id == p.id):
        raise MutationRejected("has_children", "move or delete its sub-equipments first")
    tombstone_row(ctx, "equipment.delete", equipments, current)


# ----------------------------------------------------------------------- attachments

# Rows an attachment may hang on, with the permission needed to attach to them
# (and to remove what hangs there): photos of a failure are taken by whoever
# reports it, those of a repair sheet by whoever works on it.
ATTACHABLE: dict[str, tuple[Table, Permission]] = {
    "equipments": (equipments, Permission.EQUIPMENT_EDIT),
    "failures": (failures, Permission.FAILURE_REPORT),
    "repair_interventions": (repair_interventions, Permission.WORKORDER_WORK),
    # the photos of a preventive intervention sheet (a checklist's required photo)
    "interventions": (interventions, Permission.WORKORDER_WORK),
    # a part's photo in the catalogue (global, like the part)
    "parts": (parts, Permission.PARTS_MANAGE),
}
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


class AttachmentAdd(Payload):
    id: uuid.UUID
    owner_table: str
    owner_id: uuid.UUID
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    filename: str = Field(min_length=1, max_length=255)
    mime_type: str = Field(min_length=1, max_length=100)
    size_bytes: int = Field(ge=0, le=MAX_ATTACHMENT_BYTES)
    kind: AttachmentKind
    caption: str | None = Field(default=None, max_length=255)


def add_attachment(ctx: MutationContext, p: AttachmentAdd) -> None:
    attachable = ATTACHABLE.get(p.owner_table)
    if attachable is None:
        raise MutationRejected("invalid", "attachments cannot be added there", {"owner_table": "x"})
    owner_table, permission = attachable
    owner = fetch_live_row(ctx.conn, owner_table, p.owner_id)
    actor = require_permission(ctx, permission, owner["site_id"])
    values = {**p.model_dump(), "site_id": owner["site_id"], "uploaded_by": actor.user_id}
    insert_row(ctx, "attachment.add", attachments, values)


class AttachmentRemove(Payload):
    id: uuid.UUID


def remove_attachment(ctx: MutationContext, p: AttachmentRemove) -> None:
    current = fetch_live_row(ctx.conn, attachments, p.id)
    _table, permission = ATTACHABLE.get(
        current["owner_table"], (equipments, Permission.EQUIPMENT_EDIT)
    )
    require_permission(ctx, permission, current["site_id"])
    tombstone_row(ctx, "attachment.remove", attachments, current)


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("site.create", SiteCreate, create_site),
    MutationSpec("production_line.create", ProductionLineCreate, create_production_line),
    MutationSpec("equipment_type.create", EquipmentTypeCreate, create_equipment_type),
    MutationSpec("equipment.create", EquipmentCreate, create_equipment),
    MutationSpec("equipment.update", EquipmentUpdate, update_equipment),
    MutationSpec("equipment.set_state", EquipmentSetState, set_equipment_state),
    MutationSpec("equipment.delete", EquipmentDelete, delete_equipment),
    MutationSpec("attachment.add", AttachmentAdd, add_attachment),
    MutationSpec("attachment.remove", AttachmentRemove, remove_attachment),
]
