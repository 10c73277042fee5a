"""Commands on the parts catalogue, storage locations, suppliers and their prices."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator
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
    live_exists,
    require_permission,
    tombstone_row,
    update_row,
)
from cmms_core.rules.permissions import Permission
from cmms_core.schema.assets import equipment_types, equipments, sites
from cmms_core.schema.inventory import (
    part_compatibility,
    parts,
    storage_locations,
    supplier_parts,
    suppliers,
)

# ----------------------------------------------------------------- helpers


def _merged(model: type[BaseModel], current: LiveRow, fields: dict[str, Any], what: str) -> Any:
    """The descriptive fields of ``current`` with the user's changes, validated."""
    unknown = set(fields) - set(model.model_fields)
    if unknown:
        raise MutationRejected(
            "invalid",
            f"fields that cannot be edited here: {', '.join(sorted(unknown))}",
            dict.fromkeys(unknown, "not_editable"),
        )
    try:
        return model.model_validate({k: current[k] for k in model.model_fields} | fields)
    except ValidationError as error:
        raise MutationRejected(
            "invalid", f"the {what} has invalid fields", field_errors(error)
        ) from error


# ----------------------------------------------------------------- parts


class PartFields(Payload):
    reference: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1, max_length=255)
    category: str | None = Field(default=None, max_length=100)
    unit: str = Field(default="pc", min_length=1, max_length=20)
    barcode: str | None = Field(default=None, max_length=60)
    min_qty: Decimal = Field(default=Decimal(0), ge=0, max_digits=12, decimal_places=3)
    max_qty: Decimal = Field(default=Decimal(0), ge=0, max_digits=12, decimal_places=3)
    unit_cost: Decimal = Field(default=Decimal(0), ge=0, max_digits=12, decimal_places=2)

    @model_validator(mode="after")
    def _levels(self) -> PartFields:
        if self.max_qty and self.max_qty < self.min_qty:
            raise ValueError("the maximum level is below the minimum")
        return self


class PartCreate(PartFields):
    id: uuid.UUID
    # compatible equipments and equipment types (one compatibility row each)
    equipment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    equipment_type_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)


class PartUpdate(Payload):
    id: uuid.UUID
    fields: dict[str, object]  # only what the user changed: edits of other fields merge


def _check_part_keys(
    ctx: MutationContext, part_id: uuid.UUID, fields: PartFields, current: LiveRow | None
) -> None:
    errors: dict[str, str] = {}
    if (current is None or current["reference"] != fields.reference) and key_taken(
        ctx.conn, parts, parts.c.reference == fields.reference, parts.c.id != part_id
    ):
        errors["reference"] = "duplicate"
    if (
        fields.barcode
        and (current is None or current["barcode"] != fields.barcode)
        and live_exists(ctx.conn, parts, parts.c.barcode == fields.barcode, parts.c.id != part_id)
    ):
        errors["barcode"] = "duplicate"
    if errors:
        raise MutationRejected("duplicate", "another part has this code", errors)


def create_part(ctx: MutationContext, p: PartCreate) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    _check_part_keys(ctx, p.id, p, None)
    values = p.model_dump(include=set(PartFields.model_fields))
    insert_row(ctx, "part.create", parts, {**values, "id": p.id, "site_id": None})
    for equipment_id in dict.fromkeys(p.equipment_ids):
        _link(ctx, ctx.derive_id("part_compatibility"), p.id, equipment_id, None)
    for type_id in dict.fromkeys(p.equipment_type_ids):
        _link(ctx, ctx.derive_id("part_compatibility"), p.id, None, type_id)


def update_part(ctx: MutationContext, p: PartUpdate) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    current = fetch_live_row(ctx.conn, parts, p.id)
    merged = _merged(PartFields, current, dict(p.fields), "part")
    _check_part_keys(ctx, p.id, merged, current)
    changes = {k: getattr(merged, k) for k in p.fields}
    update_row(ctx, "part.update", parts, current, changes, merge_fields=True)


class PartDelete(Payload):
    id: uuid.UUID


def delete_part(ctx: MutationContext, p: PartDelete) -> None:
    """Retire a part from the catalogue (its ledger stays: nothing is hard-deleted)."""
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    current = fetch_live_row(ctx.conn, parts, p.id)
    tombstone_row(ctx, "part.delete", parts, current)


class PartLink(Payload):
    id: uuid.UUID
    part_id: uuid.UUID
    equipment_id: uuid.UUID | None = None
    equipment_type_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one(self) -> PartLink:
        if (self.equipment_id is None) == (self.equipment_type_id is None):
            raise ValueError("name an equipment or an equipment type")
        return self


def _link(
    ctx: MutationContext,
    link_id: uuid.UUID,
    part_id: uuid.UUID,
    equipment_id: uuid.UUID | None,
    type_id: uuid.UUID | None,
) -> None:
    site_id = None
    if equipment_id is not None:
        equipment = ctx.conn.execute(
            select(equipments.c.site_id).where(
                equipments.c.id == equipment_id, equipments.c.deleted_at.is_(None)
            )
        ).first()
        if equipment is None:
            raise MutationRejected(
                "not_found",
                f"equipment {equipment_id} does not exist",
                {"equipment_id": "not_found"},
            )
        site_id = equipment.site_id
        require_permission(ctx, Permission.PARTS_MANAGE, site_id)
        c = part_compatibility.c
        if live_exists(
            ctx.conn, part_compatibility, c.part_id == part_id, c.equipment_id == equipment_id
        ):
            return  # already linked: nothing to add
    else:
        if not live_exists(ctx.conn, equipment_types, equipment_types.c.id == type_id):
            raise MutationRejected(
                "not_found",
                f"equipment type {type_id} does not exist",
                {"equipment_type_id": "not_found"},
            )
        c = part_compatibility.c
        if live_exists(
            ctx.conn, part_compatibility, c.part_id == part_id, c.equipment_type_id == type_id
        ):
            return
    insert_row(
        ctx,
        "part.link",
        part_compatibility,
        {
            "id": link_id,
            "site_id": site_id,
            "part_id": part_id,
            "equipment_id": equipment_id,
            "equipment_type_id": type_id,
        },
    )


def link_part(ctx: MutationContext, p: PartLink) -> None:
    """Declare a part compatible with an equipment (in its site) or an equipment type."""
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    fetch_live_row(ctx.conn, parts, p.part_id)
    _link(ctx, p.id, p.part_id, p.equipment_id, p.equipment_type_id)


class PartUnlink(Payload):
    id: uuid.UUID


def unlink_part(ctx: MutationContext, p: PartUnlink) -> None:
    current = fetch_live_row(ctx.conn, part_compatibility, p.id)
    require_permission(ctx, Permission.PARTS_MANAGE, current["site_id"])
    tombstone_row(ctx, "part.unlink", part_compatibility, current)


# ----------------------------------------------------------------- storage locations


class LocationFields(Payload):
    code: str = Field(min_length=1, max_length=40)
    store: str = Field(min_length=1, max_length=100)
    aisle: str | None = Field(default=None, max_length=20)
    shelf: str | None = Field(default=None, max_length=20)
    bin: str | None = Field(default=None, max_length=20)
    description: str | None = None


class LocationCreate(LocationFields):
    id: uuid.UUID
    site_id: uuid.UUID


class LocationUpdate(Payload):
    id: uuid.UUID
    fields: dict[str, object]


def _check_location_code(
    ctx: MutationContext, site_id: uuid.UUID, location_id: uuid.UUID, code: str
) -> None:
    sl = storage_locations.c
    if key_taken(
        ctx.conn, storage_locations, sl.site_id == site_id, sl.code == code, sl.id != location_id
    ):
        raise MutationRejected("duplicate", f"location code {code} is taken", {"code": "duplicate"})


def create_location(ctx: MutationContext, p: LocationCreate) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, p.site_id)
    fetch_live_row(ctx.conn, sites, p.site_id)
    _check_location_code(ctx, p.site_id, p.id, p.code)
    insert_row(ctx, "location.create", storage_locations, p.model_dump())


def update_location(ctx: MutationContext, p: LocationUpdate) -> None:
    current = fetch_live_row(ctx.conn, storage_locations, p.id)
    require_permission(ctx, Permission.PARTS_MANAGE, current["site_id"])
    merged = _merged(LocationFields, current, dict(p.fields), "location")
    if merged.code != current["code"]:
        _check_location_code(ctx, current["site_id"], p.id, merged.code)
    changes = {k: getattr(merged, k) for k in p.fields}
    update_row(ctx, "location.update", storage_locations, current, changes, merge_fields=True)


# ----------------------------------------------------------------- suppliers and prices


class SupplierFields(Payload):
    name: str = Field(min_length=1, max_length=200)
    contact_name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = None
    notes: str | None = None


class SupplierCreate(SupplierFields):
    id: uuid.UUID


class SupplierUpdate(Payload):
    id: uuid.UUID
    fields: dict[str, object]


def create_supplier(ctx: MutationContext, p: SupplierCreate) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    insert_row(ctx, "supplier.create", suppliers, {**p.model_dump(), "site_id": None})


def update_supplier(ctx: MutationContext, p: SupplierUpdate) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    current = fetch_live_row(ctx.conn, suppliers, p.id)
    merged = _merged(SupplierFields, current, dict(p.fields), "supplier")
    changes = {k: getattr(merged, k) for k in p.fields}
    update_row(ctx, "supplier.update", suppliers, current, changes, merge_fields=True)


class SupplierPriceSet(Payload):
    """A supplier's price for a part (created, or replaced when ``id`` exists)."""

    id: uuid.UUID
    supplier_id: uuid.UUID
    part_id: uuid.UUID
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(default="EUR", min_length=3, max_length=3)
    supplier_reference: str | None = Field(default=None, max_length=60)
    valid_from: date | None = None
    valid_to: date | None = None
    lead_time_days: int | None = Field(default=None, ge=0, le=3650)
    # the part's preferred supplier: the others' prices for this part lose the mark
    preferred: bool = False

    @model_validator(mode="after")
    def _validity(self) -> SupplierPriceSet:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("the price ends before it starts")
        return self


class SupplierPriceRemove(Payload):
    id: uuid.UUID


def set_supplier_price(ctx: MutationContext, p: SupplierPriceSet) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    fetch_live_row(ctx.conn, suppliers, p.supplier_id)
    fetch_live_row(ctx.conn, parts, p.part_id)
    values = p.model_dump(exclude={"id"})
    current = (
        ctx.conn.execute(select(supplier_parts).where(supplier_parts.c.id == p.id))
        .mappings()
        .first()
    )
    if current is None:
        insert_row(
            ctx, "supplier_price.set", supplier_parts, {**values, "id": p.id, "site_id": None}
        )
    else:
        if current["part_id"] != p.part_id or current["supplier_id"] != p.supplier_id:
            raise MutationRejected(
                "invalid", "a price stays with its supplier and part", {"id": "other_price"}
            )
        update_row(
            ctx, "supplier_price.set", supplier_parts, current, {**values, "deleted_at": None}
        )
    if p.preferred:
        sp = supplier_parts.c
        others = (
            ctx.conn.execute(
                select(supplier_parts)
                .where(
                    sp.part_id == p.part_id,
                    sp.supplier_id != p.supplier_id,
                    sp.preferred.is_(True),
                    sp.deleted_at.is_(None),
                )
                .order_by(sp.id)
            )
            .mappings()
            .all()
        )
        for other in others:
            update_row(ctx, "supplier_price.set", supplier_parts, other, {"preferred": False})


def remove_supplier_price(ctx: MutationContext, p: SupplierPriceRemove) -> None:
    require_permission(ctx, Permission.PARTS_MANAGE, None)
    current = fetch_live_row(ctx.conn, supplier_parts, p.id)
    tombstone_row(ctx, "supplier_price.remove", supplier_parts, current)


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("part.create", PartCreate, create_part),
    MutationSpec("part.update", PartUpdate, update_part),
    MutationSpec("part.delete", PartDelete, delete_part),
    MutationSpec("part.link", PartLink, link_part),
    MutationSpec("part.unlink", PartUnlink, unlink_part),
    MutationSpec("location.create", LocationCreate, create_location),
    MutationSpec("location.update", LocationUpdate, update_location),
    MutationSpec("supplier.create", SupplierCreate, create_supplier),
    MutationSpec("supplier.update", SupplierUpdate, update_supplier),
    MutationSpec("supplier_price.set", SupplierPriceSet, set_supplier_price),
    MutationSpec("supplier_price.remove", SupplierPriceRemove, remove_supplier_price),
]
