"""What every named command shares: its context, its rejections, row writes with audit.

A mutation is one piece of domain logic that runs twice: optimistically on a
client's replica and authoritatively on the server. It only talks to the
database through the SQLAlchemy Core connection in its context, so the same
code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Connection, RowMapping, Table, func, insert, select, update

from cmms_core.rules.permissions import Actor, Permission, PermissionDenied, can
from cmms_core.schema.analytics import audit_log


@dataclass(frozen=True)
class MutationContext:
    conn: Connection
    actor: Actor | None  # None only for the self-service commands (register, first admin)
    now: datetime
    device_id: str
    offline: bool  # True when applied optimistically on a replica
    # The server stamps every row a mutation writes with one new version; a
    # replica leaves versions alone (0 means "the server has not seen it").
    version: int | None = None
    mutation_id: uuid.UUID = field(default_factory=uuid.uuid4)
    _derived: itertools.count[int] = field(default_factory=itertools.count, repr=False)

    def derive_id(self, kind: str) -> uuid.UUID:
        """A new row id that is the same wherever this mutation runs.

        Rows a command creates besides the ones the user named (audit entries,
        history lines) must get the same id on the replica and on the server,
        or the optimistic copy and the authoritative one would both show after
        a sync. Handlers run deterministically, so the n-th derived id matches.
        """
        return uuid.uuid5(self.mutation_id, f"{kind}/{next(self._derived)}")


class MutationRejected(Exception):
    """A command refused, with a machine-readable code and a human sentence.

    ``field_errors`` maps payload fields to codes the UI turns into messages.
    """

    def __init__(
        self, code: str, message: str, field_errors: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field_errors = dict(field_errors or {})


class Payload(BaseModel):
    """Base of every mutation payload: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class MutationSpec(Generic[P]):
    name: str
    payload_model: type[P]
    handler: Callable[[MutationContext, P], None]
    summary: str = field(default="")


def require_actor(ctx: MutationContext) -> Actor:
    if ctx.actor is None:
        raise MutationRejected("forbidden", "this command needs a logged-in user")
    return ctx.actor


def require_permission(
    ctx: MutationContext, permission: Permission, site_id: uuid.UUID | None
) -> Actor:
    actor = require_actor(ctx)
    if not can(actor, permission, site_id):
        denied = PermissionDenied(actor, permission, site_id)
        raise MutationRejected("forbidden", str(denied))
    return actor


def fetch_live_row(conn: Connection, table: Table, row_id: uuid.UUID) -> RowMapping:
    """The row, unless missing or tombstoned: both are 'not found' to a user."""
    row = (
        conn.execute(select(table).where(table.c.id == row_id, table.c.deleted_at.is_(None)))
        .mappings()
        .first()
    )
    if row is None:
        raise MutationRejected("not_found", f"{table.name} {row_id} does not exist")
    return row


def live_exists(conn: Connection, table: Table, *criteria: Any) -> bool:
    query = select(func.count()).select_from(table).where(table.c.deleted_at.is_(None), *criteria)
    return bool(conn.execute(query).scalar_one())


def key_taken(conn: Connection, table: Table, *criteria: Any) -> bool:
    """Whether a row, tombstones included, holds this key.

    For the columns the schema declares unique: a tombstone keeps its key, so a
    live-only check would let the insert fail on the constraint instead.
    """
    query = select(func.count()).select_from(table).where(*criteria)
    return bool(conn.execute(query).scalar_one())


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic's errors as {dotted.field: error type}, the shape of MutationRejected."""
    return {
        ".".join(str(part) for part in e["loc"]) or "payload": e["type"] for e in error.errors()
    }


def _json_value(value: Any) -> Any:
    """A value as it goes into the audit trail's JSON."""
    if isinstance(value, uuid.UUID | Decimal | datetime | date):
        return str(value)
    return value


def _audit(
    ctx: MutationContext,
    action: str,
    table: Table,
    row_id: uuid.UUID,
    site_id: uuid.UUID | None,
    changes: Mapping[str, tuple[Any, Any]],
) -> None:
    values: dict[str, Any] = {
        "id": ctx.derive_id("audit"),
        "site_id": site_id,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "at": ctx.now,
        "actor_id": ctx.actor.user_id if ctx.actor else None,
        "device_id": ctx.device_id,
        "offline": ctx.offline,
        "action": action,
        "entity": table.name,
        "entity_id": row_id,
        "changes": {k: [_json_value(old), _json_value(new)] for k, (old, new) in changes.items()},
    }
    if ctx.version is not None:
        values["version"] = ctx.version
    ctx.conn.execute(insert(audit_log).values(values))


def insert_row(ctx: MutationContext, action: str, table: Table, values: Mapping[str, Any]) -> None:
    """Insert one synced row and its audit entry."""
    row = dict(values)
    row.setdefault("created_at", ctx.now)
    row["updated_at"] = ctx.now
    if ctx.version is not None:
        row["version"] = ctx.version
    ctx.conn.execute(insert(table).values(row))
    audited = {
        k: (None, v)
        for k, v in values.items()
        if k not in ("id", "site_id", "version", "created_at", "updated_at") and v is not None
    }
    _audit(ctx, action, table, row["id"], row.get("site_id"), audited)


def update_row(
    ctx: MutationContext,
    action: str,
    table: Table,
    current: RowMapping,
    changes: Mapping[str, Any],
) -> dict[str, tuple[Any, Any]]:
    """Write the fields that really change, audit them, and return them as {field: (old, new)}."""
    diff = {k: (current[k], v) for k, v in changes.items() if current[k] != v}
    if not diff:
        return diff
    values: dict[str, Any] = {k: new for k, (_old, new) in diff.items()}
    values["updated_at"] = ctx.now
    if ctx.version is not None:
        values["version"] = ctx.version
    ctx.conn.execute(update(table).where(table.c.id == current["id"]).values(values))
    _audit(ctx, action, table, current["id"], current["site_id"], diff)
    return diff


def tombstone_row(ctx: MutationContext, action: str, table: Table, current: RowMapping) -> None:
    update_row(ctx, action, table, current, {"deleted_at": ctx.now})
