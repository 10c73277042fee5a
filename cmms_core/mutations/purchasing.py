"""Commands on purchase orders: create (from replenishment suggestions too), send,
close, cancel, and receive (each received line is a receipt movement)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from sqlalchemy import func, select

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
    tombstone_row,
    update_row,
)
from cmms_core.mutations.stock import record_movement
from cmms_core.rules.permissions import Permission
from cmms_core.rules.stock import (
    RECEIVABLE,
    MovementKind,
    POStatus,
    SupplierPrice,
    best_price,
    po_transition,
    status_after_receipt,
)
from cmms_core.schema.assets import sites
from cmms_core.schema.inventory import (
    parts,
    purchase_order_lines,
    purchase_orders,
    stock_movements,
    storage_locations,
    supplier_parts,
    suppliers,
)

PO_LINE_REF = "purchase_order_lines"


class POLineIn(Payload):
    id: uuid.UUID | None = None  # default: derived from the command
    part_id: uuid.UUID
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=3)
    # default: the supplier's valid price for the part on the order's day, else its cost
    unit_price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)


class POCreate(Payload):
    id: uuid.UUID
    site_id: uuid.UUID
    supplier_id: uuid.UUID
    # default: PO-<yyyymmdd>-<first 8 hex digits of the id>, unique without a server
    number: str | None = Field(default=None, min_length=1, max_length=30)
    expected_at: datetime | None = None
    notes: str | None = None
    lines: list[POLineIn] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _check(self) -> POCreate:
        if self.expected_at is not None and self.expected_at.tzinfo is None:
            raise ValueError("expected_at needs a time zone")
        return self


def default_po_number(po_id: uuid.UUID, at: datetime) -> str:
    return f"PO-{at:%Y%m%d}-{po_id.hex[:8].upper()}"


def _supplier_price(ctx: MutationContext, supplier_id: uuid.UUID, part: LiveRow) -> Decimal:
    sp = supplier_parts.c
    rows = ctx.conn.execute(
        select(supplier_parts).where(
            sp.supplier_id == supplier_id, sp.part_id == part["id"], sp.deleted_at.is_(None)
        )
    ).mappings()
    prices = [
        SupplierPrice(
            r["supplier_id"],
            r["part_id"],
            Decimal(r["unit_price"]),
            r["valid_from"],
            r["valid_to"],
            r["lead_time_days"],
            r["preferred"],
        )
        for r in rows
    ]
    best = best_price(prices, ctx.now.date())
    return best.unit_price if best is not None else Decimal(part["unit_cost"])


def create_po(ctx: MutationContext, p: POCreate) -> None:
    actor = require_permission(ctx, Permission.PURCHASE_MANAGE, p.site_id)
    fetch_live_row(ctx.conn, sites, p.site_id)
    fetch_live_row(ctx.conn, suppliers, p.supplier_id)
    number = p.number or default_po_number(p.id, ctx.now)
    if key_taken(ctx.conn, purchase_orders, purchase_orders.c.number == number):
        raise MutationRejected(
            "duplicate", f"order number {number} is taken", {"number": "duplicate"}
        )
    insert_row(
        ctx,
        "po.create",
        purchase_orders,
        {
            "id": p.id,
            "site_id": p.site_id,
            "number": number,
            "supplier_id": p.supplier_id,
            "status": POStatus.DRAFT.value,
            "expected_at": p.expected_at,
            "created_by": actor.user_id,
            "notes": p.notes,
        },
    )
    for index, line in enumerate(p.lines):
        try:
            part = fetch_live_row(ctx.conn, parts, line.part_id)
        except MutationRejected as error:
            raise MutationRejected(
                "not_found", error.message, {f"lines.{index}.part_id": "not_found"}
            ) from error
        price = line.unit_price
        if price is None:
            price = _supplier_price(ctx, p.supplier_id, part)
        insert_row(
            ctx,
            "po.create",
            purchase_order_lines,
            {
                "id": line.id or uuid.uuid5(p.id, f"line/{index}"),
                "site_id": p.site_id,
                "purchase_order_id": p.id,
                "part_id": line.part_id,
                "quantity": line.quantity,
                "unit_price": price,
                "received_qty": Decimal(0),
            },
        )


class POTransition(Payload):
    id: uuid.UUID
    action: Literal["send", "close", "cancel"]
    reason: str | None = Field(default=None, max_length=500)


def transition_po(ctx: MutationContext, p: POTransition) -> None:
    current = fetch_live_row(ctx.conn, purchase_orders, p.id)
    require_permission(ctx, Permission.PURCHASE_MANAGE, current["site_id"])
    target = po_transition(current["status"], p.action)
    if target is None:
        raise MutationRejected(
            "invalid_state",
            f"a {current['status']} order cannot be {p.action}",
            {"action": "invalid_transition"},
        )
    changes: dict[str, object] = {"status": target.value}
    if target is POStatus.SENT:
        changes["ordered_at"] = ctx.now
    if p.reason:
        notes = current["notes"]
        changes["notes"] = (
            f"{notes}\n{p.action}: {p.reason}" if notes else f"{p.action}: {p.reason}"
        )
    update_row(ctx, f"po.{p.action}", purchase_orders, current, changes)


class POHeaderFields(Payload):
    """What a draft order's header lets the user edit."""

    supplier_id: uuid.UUID
    expected_at: datetime | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _check(self) -> POHeaderFields:
        if self.expected_at is not None and self.expected_at.tzinfo is None:
            raise ValueError("expected_at needs a time zone")
        return self


class POLineEdit(Payload):
    id: uuid.UUID  # a live line of the order
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=12, decimal_places=3)
    unit_price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)


class POUpdate(Payload):
    """Edit a draft order: its header fields (only what the user changed), lines added,
    lines whose quantity or price changed, and lines removed (tombstoned)."""

    id: uuid.UUID
    fields: dict[str, object] = Field(default_factory=dict)
    add_lines: list[POLineIn] = Field(default_factory=list, max_length=500)
    change_lines: list[POLineEdit] = Field(default_factory=list, max_length=500)
    remove_lines: list[uuid.UUID] = Field(default_factory=list, max_length=500)


def _po_lines(ctx: MutationContext, po_id: uuid.UUID) -> dict[uuid.UUID, LiveRow]:
    pol = purchase_order_lines.c
    return {
        row["id"]: row
        for row in ctx.conn.execute(
            select(purchase_order_lines)
            .where(pol.purchase_order_id == po_id, pol.deleted_at.is_(None))
            .order_by(pol.id)
        ).mappings()
    }


def update_po(ctx: MutationContext, p: POUpdate) -> None:
    order = fetch_live_row(ctx.conn, purchase_orders, p.id)
    require_permission(ctx, Permission.PURCHASE_MANAGE, order["site_id"])
    if order["status"] != POStatus.DRAFT.value:
        raise MutationRejected(
            "invalid_state",
            f"a {order['status']} order cannot be edited: only a draft can",
            {"id": "not_draft"},
        )
    unknown = set(p.fields) - set(POHeaderFields.model_fields)
    if unknown:
        raise MutationRejected(
            "invalid",
            f"fields that cannot be edited here: {', '.join(sorted(unknown))}",
            dict.fromkeys(unknown, "not_editable"),
        )
    try:
        header = POHeaderFields.model_validate(
            {k: order[k] for k in POHeaderFields.model_fields} | p.fields
        )
    except ValidationError as error:
        raise MutationRejected(
            "invalid", "the order has invalid fields", field_errors(error)
        ) from error
    if "supplier_id" in p.fields:
        fetch_live_row(ctx.conn, suppliers, header.supplier_id)
    lines = _po_lines(ctx, p.id)
    for index, line_id in enumerate(p.remove_lines):
        line = lines.pop(line_id, None)
        if line is None:
            raise MutationRejected(
                "not_found", "no such line on this order", {f"remove_lines.{index}": "not_found"}
            )
        tombstone_row(ctx, "po.update", purchase_order_lines, line)
    for index, edit in enumerate(p.change_lines):
        line = lines.get(edit.id)
        if line is None:
            raise MutationRejected(
                "not_found",
                "no such line on this order",
                {f"change_lines.{index}.id": "not_found"},
            )
        changes: dict[str, object] = {}
        if edit.quantity is not None:
            changes["quantity"] = edit.quantity
        if edit.unit_price is not None:
            changes["unit_price"] = edit.unit_price
        update_row(ctx, "po.update", purchase_order_lines, line, changes, merge_fields=True)
    supplier_id = header.supplier_id
    for index, added in enumerate(p.add_lines):
        try:
            part = fetch_live_row(ctx.conn, parts, added.part_id)
        except MutationRejected as error:
            raise MutationRejected(
                "not_found", error.message, {f"add_lines.{index}.part_id": "not_found"}
            ) from error
        price = added.unit_price
        if price is None:
            price = _supplier_price(ctx, supplier_id, part)
        line_id = added.id or uuid.uuid5(ctx.mutation_id, f"po_line/{index}")
        insert_row(
            ctx,
            "po.update",
            purchase_order_lines,
            {
                "id": line_id,
                "site_id": order["site_id"],
                "purchase_order_id": p.id,
                "part_id": added.part_id,
                "quantity": added.quantity,
                "unit_price": price,
                "received_qty": Decimal(0),
            },
        )
    if not lines and not p.add_lines:
        raise MutationRejected(
            "invalid", "an order keeps at least one line", {"remove_lines": "no_line_left"}
        )
    changes = {k: getattr(header, k) for k in p.fields}
    update_row(ctx, "po.update", purchase_orders, order, changes, merge_fields=True)


class POReceiptLine(Payload):
    line_id: uuid.UUID
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=3)
    location_id: uuid.UUID


class POReceive(Payload):
    id: uuid.UUID  # the purchase order
    lines: list[POReceiptLine] = Field(min_length=1, max_length=500)
    occurred_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _check(self) -> POReceive:
        if self.occurred_at is not None and self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at needs a time zone")
        return self


def _received(ctx: MutationContext, line_id: uuid.UUID) -> Decimal:
    """What the ledger received for a line: its receipts, less their reversals."""
    m = stock_movements.c
    total = ctx.conn.execute(
        select(func.coalesce(func.sum(m.quantity), 0)).where(
            m.ref_table == PO_LINE_REF,
            m.ref_id == line_id,
            m.kind.in_([MovementKind.RECEIPT.value, MovementKind.REVERSAL.value]),
            m.deleted_at.is_(None),
        )
    ).scalar_one()
    return Decimal(total)


def receive_po(ctx: MutationContext, p: POReceive) -> None:
    """Receive lines of a sent order: one receipt movement per line received (its id is
    derived from the command, so a replayed receipt never counts twice), the lines'
    received quantities recomputed from the ledger (two receipts made offline add up),
    and the order partially received or received."""
    order = fetch_live_row(ctx.conn, purchase_orders, p.id)
    require_permission(ctx, Permission.PURCHASE_MANAGE, order["site_id"])
    if POStatus(order["status"]) not in RECEIVABLE:
        raise MutationRejected(
            "invalid_state", f"a {order['status']} order cannot be received", {"id": "not_sent"}
        )
    pol = purchase_order_lines.c
    lines = {
        row["id"]: row
        for row in ctx.conn.execute(
            select(purchase_order_lines)
            .where(pol.purchase_order_id == p.id, pol.deleted_at.is_(None))
            .order_by(pol.id)
        ).mappings()
    }
    for index, received in enumerate(p.lines):
        line = lines.get(received.line_id)
        if line is None:
            raise MutationRejected(
                "not_found", "no such line on this order", {f"lines.{index}.line_id": "not_found"}
            )
        location = ctx.conn.execute(
            select(storage_locations.c.site_id).where(
                storage_locations.c.id == received.location_id,
                storage_locations.c.deleted_at.is_(None),
            )
        ).first()
        if location is None or location.site_id != order["site_id"]:
            raise MutationRejected(
                "invalid",
                "parts are received in a location of the order's site",
                {f"lines.{index}.location_id": "not_found" if location is None else "other_site"},
            )
        record_movement(
            ctx,
            movement_id=uuid.uuid5(ctx.mutation_id, f"po_receipt/{index}"),
            part_id=line["part_id"],
            location_id=received.location_id,
            kind=MovementKind.RECEIPT,
            quantity=received.quantity,
            unit_cost=line["unit_price"],
            reason=p.reason or f"PO {order['number']}",
            ref_table=PO_LINE_REF,
            ref_id=line["id"],
            occurred_at=p.occurred_at,
        )
    pairs = []
    for line in lines.values():
        total = _received(ctx, line["id"])
        update_row(ctx, "po.receive", purchase_order_lines, line, {"received_qty": total})
        pairs.append((Decimal(line["quantity"]), total))
    update_row(
        ctx, "po.receive", purchase_orders, order, {"status": status_after_receipt(pairs).value}
    )


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("po.create", POCreate, create_po),
    MutationSpec("po.update", POUpdate, update_po),
    MutationSpec("po.transition", POTransition, transition_po),
    MutationSpec("po.receive", POReceive, receive_po),
]
