"""Commands on the stock ledger: movements, transfers, reservations, count sessions.

Every change of stock is a new ``stock_movements`` row (insert-only): two
storekeepers offline on the same part both add their movements and the on-hand
quantity, derived from all of them, converges. A movement that takes the stock
below zero is applied all the same; the negative stock is flagged for review
(``cmms_desktop.store.queries.stock.negative_stock``), never refused.

:func:`record_movement` is the one function that writes a movement: other
commands (an intervention's parts, a purchase-order receipt) call it after
their own permission checks.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator
from sqlalchemy import func, select

from cmms_core.mutations.base import (
    LiveRow,
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    insert_row,
    require_permission,
    update_row,
)
from cmms_core.rules.permissions import Permission
from cmms_core.rules.stock import (
    ON_HAND_KINDS,
    MovementKind,
    StockRuleError,
    count_adjustment,
    signed_quantity,
)
from cmms_core.schema.inventory import (
    count_lines,
    count_sessions,
    parts,
    stock_movements,
    storage_locations,
)

Quantity = Decimal  # payload quantities: pydantic parses "2.5", 2.5 and 2 alike

# ----------------------------------------------------------------- the one writer


def record_movement(
    ctx: MutationContext,
    *,
    part_id: uuid.UUID,
    location_id: uuid.UUID,
    kind: MovementKind | str,
    quantity: Decimal | int | str,
    unit_cost: Decimal | None = None,
    reason: str | None = None,
    ref_table: str | None = None,
    ref_id: uuid.UUID | None = None,
    reverses_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    movement_id: uuid.UUID | None = None,
    action: str | None = None,
) -> uuid.UUID:
    """Insert one ledger movement (audited) and return its id.

    ``quantity``: how many parts; the kind gives the sign (an issue of 2 or of
    -2 is stored -2, see :data:`cmms_core.rules.stock.SIGN`); an adjustment or
    a reversal is the signed delta. The movement lives in its location's site
    bucket. ``movement_id``: the id the user's command names; by default one
    derived from the command (``ctx.derive_id``), the same on the replica and
    on the server. ``occurred_at`` defaults to the command's time. ``action``:
    the command the audit entry names (default ``stock.<kind>``; a repair's
    part is audited as ``repair.add_part``).

    No permission is checked here: the calling command checks its own (an
    intervention's parts: ``stock.issue_to_workorder``; a receipt:
    ``purchase.manage``...). The part and the location must be live.
    Never refuses a movement for taking the stock below zero.
    """
    try:
        signed = signed_quantity(kind, quantity)
    except StockRuleError as error:
        raise MutationRejected("invalid", str(error), {"quantity": "invalid"}) from error
    kind = MovementKind(kind)
    fetch_live_row(ctx.conn, parts, part_id)
    location = fetch_live_row(ctx.conn, storage_locations, location_id)
    new_id = movement_id if movement_id is not None else ctx.derive_id("stock_movement")
    insert_row(
        ctx,
        action if action is not None else f"stock.{kind.value}",
        stock_movements,
        {
            "id": new_id,
            "site_id": location["site_id"],
            "part_id": part_id,
            "location_id": location_id,
            "kind": kind.value,
            "quantity": signed,
            "unit_cost": unit_cost,
            "occurred_at": occurred_at if occurred_at is not None else ctx.now,
            "user_id": ctx.actor.user_id if ctx.actor else None,
            "reason": reason,
            "ref_table": ref_table,
            "ref_id": ref_id,
            "reverses_id": reverses_id,
        },
    )
    return new_id


def _derived(ctx: MutationContext, key: str) -> uuid.UUID:
    """An id derived from the command and a stable key (not from a counter): the same
    on the replica and on the server even when they decide different numbers of rows."""
    return uuid.uuid5(ctx.mutation_id, f"stock/{key}")


def _location(ctx: MutationContext, location_id: uuid.UUID, field_name: str) -> LiveRow:
    location = (
        ctx.conn.execute(
            select(storage_locations).where(
                storage_locations.c.id == location_id, storage_locations.c.deleted_at.is_(None)
            )
        )
        .mappings()
        .first()
    )
    if location is None:
        raise MutationRejected(
            "not_found", f"storage location {location_id} does not exist", {field_name: "not_found"}
        )
    return location


def _require_part(ctx: MutationContext, part_id: uuid.UUID) -> LiveRow:
    part = (
        ctx.conn.execute(select(parts).where(parts.c.id == part_id, parts.c.deleted_at.is_(None)))
        .mappings()
        .first()
    )
    if part is None:
        raise MutationRejected(
            "not_found", f"part {part_id} does not exist", {"part_id": "not_found"}
        )
    return part


def on_hand(
    ctx: MutationContext,
    part_id: uuid.UUID,
    location_id: uuid.UUID,
    at: datetime | None = None,
) -> Decimal:
    """What the ledger holds of a part at a location (at ``at``, movements up to it)."""
    m = stock_movements.c
    query = select(func.coalesce(func.sum(m.quantity), 0)).where(
        m.part_id == part_id,
        m.location_id == location_id,
        m.kind.in_([k.value for k in ON_HAND_KINDS]),
        m.deleted_at.is_(None),
    )
    if at is not None:
        query = query.where(m.occurred_at <= at)
    return Decimal(ctx.conn.execute(query).scalar_one())


def reservation_remaining(ctx: MutationContext, reservation: LiveRow) -> Decimal:
    """What a reservation still holds: its quantity less its releases (never below zero)."""
    m = stock_movements.c
    released = ctx.conn.execute(
        select(func.coalesce(func.sum(m.quantity), 0)).where(
            m.reverses_id == reservation["id"],
            m.kind == MovementKind.RELEASE.value,
            m.deleted_at.is_(None),
        )
    ).scalar_one()
    return max(Decimal(reservation["quantity"]) + Decimal(released), Decimal(0))


# ----------------------------------------------------------------- stock.move

MoveKind = Literal["receipt", "issue", "return", "adjustment"]
# a movement tied to a work order or an intervention: technicians may record those
_WORK_REFS = frozenset({"work_orders", "interventions", "maintenance_tasks", "failures"})


class StockMove(Payload):
    id: uuid.UUID
    kind: MoveKind
    part_id: uuid.UUID
    location_id: uuid.UUID
    # how many (the kind gives the sign); an adjustment: the signed delta
    quantity: Quantity = Field(max_digits=12, decimal_places=3)
    unit_cost: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    reason: str | None = Field(default=None, max_length=500)
    ref_table: str | None = Field(default=None, max_length=50)
    ref_id: uuid.UUID | None = None
    # an issue that takes parts reserved for its task: the reservation is released
    reservation_id: uuid.UUID | None = None
    # when it happened (the client's time: an offline movement keeps it)
    occurred_at: datetime | None = None

    @model_validator(mode="after")
    def _check(self) -> StockMove:
        if (self.ref_table is None) != (self.ref_id is None):
            raise ValueError("ref_table and ref_id go together")
        if self.reservation_id is not None and self.kind != "issue":
            raise ValueError("only an issue consumes a reservation")
        if self.occurred_at is not None and self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at needs a time zone")
        return self


def _move_permission(kind: str, ref_table: str | None) -> Permission:
    if kind in ("issue", "return") and ref_table in _WORK_REFS:
        return Permission.STOCK_ISSUE_TO_WORKORDER
    return Permission.STOCK_MOVE


def move_stock(ctx: MutationContext, p: StockMove) -> None:
    location = _location(ctx, p.location_id, "location_id")
    require_permission(ctx, _move_permission(p.kind, p.ref_table), location["site_id"])
    part = _require_part(ctx, p.part_id)
    reservation = None
    if p.reservation_id is not None:
        reservation = _live_movement(ctx, p.reservation_id, "reservation_id")
        if (
            reservation["kind"] != MovementKind.RESERVATION.value
            or reservation["part_id"] != p.part_id
        ):
            raise MutationRejected(
                "invalid", "not a reservation of this part", {"reservation_id": "invalid"}
            )
    unit_cost = p.unit_cost
    if unit_cost is None and p.kind in ("receipt", "issue", "return"):
        unit_cost = part["unit_cost"]
    record_movement(
        ctx,
        movement_id=p.id,
        part_id=p.part_id,
        location_id=p.location_id,
        kind=p.kind,
        quantity=p.quantity,
        unit_cost=unit_cost,
        reason=p.reason,
        ref_table=p.ref_table,
        ref_id=p.ref_id,
        occurred_at=p.occurred_at,
    )
    if reservation is not None:
        remaining = reservation_remaining(ctx, reservation)
        taken = min(abs(p.quantity), remaining)
        if taken > 0:
            record_movement(
                ctx,
                movement_id=_derived(ctx, "release"),
                part_id=reservation["part_id"],
                location_id=reservation["location_id"],
                kind=MovementKind.RELEASE,
                quantity=taken,
                reverses_id=reservation["id"],
                ref_table=reservation["ref_table"],
                ref_id=reservation["ref_id"],
                reason="issued",
                occurred_at=p.occurred_at,
            )


def _live_movement(ctx: MutationContext, movement_id: uuid.UUID, field_name: str) -> LiveRow:
    row = (
        ctx.conn.execute(
            select(stock_movements).where(
                stock_movements.c.id == movement_id, stock_movements.c.deleted_at.is_(None)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise MutationRejected(
            "not_found", f"stock movement {movement_id} does not exist", {field_name: "not_found"}
        )
    return row


# ----------------------------------------------------------------- stock.reverse


class StockReverse(Payload):
    id: uuid.UUID
    movement_id: uuid.UUID
    reason: str | None = Field(default=None, max_length=500)


def reverse_movement(ctx: MutationContext, p: StockReverse) -> None:
    """Correct a wrong movement by its negation (the ledger keeps both)."""
    original = _live_movement(ctx, p.movement_id, "movement_id")
    require_permission(ctx, Permission.STOCK_MOVE, original["site_id"])
    kind = MovementKind(original["kind"])
    if kind not in ON_HAND_KINDS or kind is MovementKind.REVERSAL:
        raise MutationRejected(
            "invalid",
            "only a receipt, issue, return, transfer or adjustment is reversed",
            {"movement_id": "not_reversible"},
        )
    m = stock_movements.c
    already = ctx.conn.execute(
        select(func.count()).where(
            m.reverses_id == p.movement_id,
            m.kind == MovementKind.REVERSAL.value,
            m.deleted_at.is_(None),
        )
    ).scalar_one()
    if already:
        raise MutationRejected(
            "invalid_state", "this movement was already reversed", {"movement_id": "reversed"}
        )
    record_movement(
        ctx,
        movement_id=p.id,
        part_id=original["part_id"],
        location_id=original["location_id"],
        kind=MovementKind.REVERSAL,
        quantity=-Decimal(original["quantity"]),
        unit_cost=original["unit_cost"],
        reason=p.reason,
        ref_table=original["ref_table"],
        ref_id=original["ref_id"],
        reverses_id=original["id"],
    )


# ----------------------------------------------------------------- stock.transfer


class StockTransfer(Payload):
    id: uuid.UUID  # the transfer: both halves carry it as their ref_id
    part_id: uuid.UUID
    from_location_id: uuid.UUID
    to_location_id: uuid.UUID
    quantity: Quantity = Field(gt=0, max_digits=12, decimal_places=3)
    reason: str | None = Field(default=None, max_length=500)
    occurred_at: datetime | None = None

    @model_validator(mode="after")
    def _check(self) -> StockTransfer:
        if self.from_location_id == self.to_location_id:
            raise ValueError("a transfer goes between two locations")
        if self.occurred_at is not None and self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at needs a time zone")
        return self


TRANSFER_REF = "stock_transfers"


def transfer_stock(ctx: MutationContext, p: StockTransfer) -> None:
    source = _location(ctx, p.from_location_id, "from_location_id")
    target = _location(ctx, p.to_location_id, "to_location_id")
    require_permission(ctx, Permission.STOCK_MOVE, source["site_id"])
    require_permission(ctx, Permission.STOCK_MOVE, target["site_id"])
    part = _require_part(ctx, p.part_id)
    for kind, location_id, key in (
        (MovementKind.TRANSFER_OUT, p.from_location_id, "out"),
        (MovementKind.TRANSFER_IN, p.to_location_id, "in"),
    ):
        record_movement(
            ctx,
            movement_id=_derived(ctx, f"transfer/{key}"),
            part_id=p.part_id,
            location_id=location_id,
            kind=kind,
            quantity=p.quantity,
            unit_cost=part["unit_cost"],
            reason=p.reason,
            ref_table=TRANSFER_REF,
            ref_id=p.id,
            occurred_at=p.occurred_at,
        )


# ----------------------------------------------------------------- reservations


class StockReserve(Payload):
    id: uuid.UUID  # the reservation movement
    part_id: uuid.UUID
    location_id: uuid.UUID
    quantity: Quantity = Field(gt=0, max_digits=12, decimal_places=3)
    # the planned task or intervention the parts are for
    ref_table: str = Field(min_length=1, max_length=50)
    ref_id: uuid.UUID
    # when the parts are needed (the forecast counts them then); default: now
    needed_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _check(self) -> StockReserve:
        if self.needed_at is not None and self.needed_at.tzinfo is None:
            raise ValueError("needed_at needs a time zone")
        return self


def write_reservation(
    ctx: MutationContext,
    *,
    movement_id: uuid.UUID,
    part_id: uuid.UUID,
    location_id: uuid.UUID,
    quantity: Decimal,
    ref_table: str,
    ref_id: uuid.UUID,
    needed_at: datetime | None = None,
    reason: str | None = None,
    action: str | None = None,
) -> uuid.UUID:
    """Write one reservation movement (no permission check: the caller's).

    ``stock.reserve`` and ``task.reserve_kit`` both write their reservations
    here; the part must be live, the location is checked by the caller.
    """
    _require_part(ctx, part_id)
    return record_movement(
        ctx,
        movement_id=movement_id,
        part_id=part_id,
        location_id=location_id,
        kind=MovementKind.RESERVATION,
        quantity=quantity,
        reason=reason,
        ref_table=ref_table,
        ref_id=ref_id,
        occurred_at=needed_at,
        action=action,
    )


def reserve_stock(ctx: MutationContext, p: StockReserve) -> None:
    location = _location(ctx, p.location_id, "location_id")
    require_permission(ctx, Permission.STOCK_ISSUE_TO_WORKORDER, location["site_id"])
    write_reservation(
        ctx,
        movement_id=p.id,
        part_id=p.part_id,
        location_id=p.location_id,
        quantity=p.quantity,
        ref_table=p.ref_table,
        ref_id=p.ref_id,
        needed_at=p.needed_at,
        reason=p.reason,
    )


class StockRelease(Payload):
    id: uuid.UUID  # the release movement
    reservation_id: uuid.UUID
    # how many to release; default: all that is still reserved
    quantity: Quantity | None = Field(default=None, gt=0, max_digits=12, decimal_places=3)
    reason: str | None = Field(default=None, max_length=500)


def release_reservation(
    ctx: MutationContext,
    reservation: LiveRow,
    *,
    movement_id: uuid.UUID,
    quantity: Decimal | None = None,
    reason: str | None = None,
    action: str | None = None,
) -> uuid.UUID:
    """Release (part of) a live reservation row: the release movement's id.

    No permission check (the caller's). ``quantity``: default all that is still
    reserved, never more. Refused when nothing is left to release.
    """
    if reservation["kind"] != MovementKind.RESERVATION.value:
        raise MutationRejected(
            "invalid", "only a reservation is released", {"reservation_id": "not_a_reservation"}
        )
    remaining = reservation_remaining(ctx, reservation)
    if remaining <= 0:
        raise MutationRejected(
            "invalid_state", "this reservation was already released", {"reservation_id": "released"}
        )
    return record_movement(
        ctx,
        movement_id=movement_id,
        part_id=reservation["part_id"],
        location_id=reservation["location_id"],
        kind=MovementKind.RELEASE,
        quantity=remaining if quantity is None else min(quantity, remaining),
        reason=reason,
        ref_table=reservation["ref_table"],
        ref_id=reservation["ref_id"],
        reverses_id=reservation["id"],
        action=action,
    )


def release_stock(ctx: MutationContext, p: StockRelease) -> None:
    reservation = _live_movement(ctx, p.reservation_id, "reservation_id")
    require_permission(ctx, Permission.STOCK_ISSUE_TO_WORKORDER, reservation["site_id"])
    release_reservation(ctx, reservation, movement_id=p.id, quantity=p.quantity, reason=p.reason)


# ----------------------------------------------------------------- count sessions


class CountStart(Payload):
    id: uuid.UUID
    site_id: uuid.UUID
    name: str = Field(min_length=1, max_length=100)
    location_id: uuid.UUID | None = None
    notes: str | None = None


def start_count(ctx: MutationContext, p: CountStart) -> None:
    actor = require_permission(ctx, Permission.STOCK_MOVE, p.site_id)
    if p.location_id is not None:
        location = _location(ctx, p.location_id, "location_id")
        if location["site_id"] != p.site_id:
            raise MutationRejected(
                "invalid", "the location is on another site", {"location_id": "other_site"}
            )
    insert_row(
        ctx,
        "stock.count_start",
        count_sessions,
        {
            **p.model_dump(),
            "status": "open",
            "started_at": ctx.now,
            "started_by": actor.user_id,
        },
    )


class CountRecord(Payload):
    id: uuid.UUID  # the line (when this part and location were not counted yet)
    session_id: uuid.UUID
    part_id: uuid.UUID
    location_id: uuid.UUID
    counted_qty: Quantity = Field(ge=0, max_digits=12, decimal_places=3)
    counted_at: datetime | None = None

    @model_validator(mode="after")
    def _check(self) -> CountRecord:
        if self.counted_at is not None and self.counted_at.tzinfo is None:
            raise ValueError("counted_at needs a time zone")
        return self


def _open_session(ctx: MutationContext, session_id: uuid.UUID) -> LiveRow:
    session = fetch_live_row(ctx.conn, count_sessions, session_id)
    require_permission(ctx, Permission.STOCK_MOVE, session["site_id"])
    if session["status"] != "open":
        raise MutationRejected(
            "invalid_state", "this count session is closed", {"session_id": "closed"}
        )
    return session


def record_count(ctx: MutationContext, p: CountRecord) -> None:
    """Record what was counted of a part at a location (counted again: the latest counts)."""
    session = _open_session(ctx, p.session_id)
    actor = require_permission(ctx, Permission.STOCK_MOVE, session["site_id"])
    location = _location(ctx, p.location_id, "location_id")
    if location["site_id"] != session["site_id"] or (
        session["location_id"] is not None and session["location_id"] != p.location_id
    ):
        raise MutationRejected(
            "invalid", "this location is not counted in this session", {"location_id": "outside"}
        )
    _require_part(ctx, p.part_id)
    # every count is its own line (two storekeepers offline on one bin both keep
    # theirs): closing the session takes the latest count of each part and location
    insert_row(
        ctx,
        "stock.count_record",
        count_lines,
        {
            "id": p.id,
            "site_id": session["site_id"],
            "session_id": p.session_id,
            "part_id": p.part_id,
            "location_id": p.location_id,
            "counted_qty": p.counted_qty,
            "counted_at": p.counted_at or ctx.now,
            "counted_by": actor.user_id,
        },
    )


class CountClose(Payload):
    id: uuid.UUID  # the session
    # False: abandon the count (the session closes without any adjustment)
    apply: bool = True


def close_count(ctx: MutationContext, p: CountClose) -> None:
    """Close a session: each counted (part, location) gets an adjustment movement, the
    delta between what was counted and what the ledger held when it was counted (a
    movement made after the count is not counted twice). A count that confirms the
    ledger records an adjustment of zero: the part was counted then."""
    session = _open_session(ctx, p.id)
    actor = require_permission(ctx, Permission.STOCK_MOVE, session["site_id"])
    c = count_lines.c
    lines = (
        ctx.conn.execute(
            select(count_lines)
            .where(c.session_id == p.id, c.deleted_at.is_(None))
            .order_by(c.part_id, c.location_id, c.counted_at.desc(), c.id)
        )
        .mappings()
        .all()
    )
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for line in lines if p.apply else []:
        key = (line["part_id"], line["location_id"])
        if key in seen:  # two offline counts of one bin: the latest counts
            continue
        seen.add(key)
        held = on_hand(ctx, line["part_id"], line["location_id"], at=line["counted_at"])
        delta = count_adjustment(Decimal(line["counted_qty"]), held)
        movement_id = record_movement(
            ctx,
            movement_id=_derived(ctx, f"count/{line['id']}"),
            part_id=line["part_id"],
            location_id=line["location_id"],
            kind=MovementKind.ADJUSTMENT,
            quantity=delta,
            reason=f"count: {session['name']}",
            ref_table="count_sessions",
            ref_id=session["id"],
            occurred_at=line["counted_at"],
        )
        update_row(ctx, "stock.count_close", count_lines, line, {"movement_id": movement_id})
    update_row(
        ctx,
        "stock.count_close",
        count_sessions,
        session,
        {
            "status": "closed" if p.apply else "abandoned",
            "closed_at": ctx.now,
            "closed_by": actor.user_id,
        },
    )


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("stock.move", StockMove, move_stock),
    MutationSpec("stock.reverse", StockReverse, reverse_movement),
    MutationSpec("stock.transfer", StockTransfer, transfer_stock),
    MutationSpec("stock.reserve", StockReserve, reserve_stock),
    MutationSpec("stock.release", StockRelease, release_stock),
    MutationSpec("stock.count_start", CountStart, start_count),
    MutationSpec("stock.count_record", CountRecord, record_count),
    MutationSpec("stock.count_close", CountClose, close_count),
]
