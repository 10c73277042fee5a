"""Read queries of the "Sync issues" page: refused commands and open conflicts.

The rejections table is local to this replica (``store.local_schema``): the
sync engine records there every command the server refused, with its payload,
so that nothing a user typed is lost. A user sees their own refused commands
and the ones made without an account on this computer (an account request);
"dismissing" one stamps ``acknowledged_at``: the row stays.

``sync_conflicts`` is synced (the server records the losing side of two
same-field writes that did not see each other); a user sees the open ones on
rows they may edit (``cmms_core.mutations.conflicts.EDIT_PERMISSIONS``) and
decides them with the ``conflict.resolve`` command.

Small tables, read whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, func, or_, select, update

from cmms_core.hlc import parse_stamp
from cmms_core.mutations.conflicts import EDIT_PERMISSIONS
from cmms_core.rules.permissions import Actor, Permission, can
from cmms_core.schema.assets import equipment_types, equipments, production_lines, sites
from cmms_core.schema.people import users
from cmms_core.schema.sync import sync_conflicts
from cmms_core.schema.types import utcnow
from cmms_desktop.store.local_schema import rejections

__all__ = [
    "SECRET_FIELDS",
    "OpenConflict",
    "RejectedCommand",
    "attention_count",
    "dismiss_rejection",
    "list_open_conflicts",
    "list_rejections",
    "may_decide",
    "reference_names",
    "visible_payload",
]

r = rejections.c

# Payload fields never shown nor copied (an account request carries a password hash).
SECRET_FIELDS = frozenset({"password", "password_hash", "token", "refresh_token"})


@dataclass(frozen=True, slots=True)
class RejectedCommand:
    """A command the server refused, with everything the user typed."""

    mutation_id: uuid.UUID
    name: str
    payload: Mapping[str, Any]
    created_at: datetime | None  # when the user made it
    code: str
    message: str
    at: datetime  # when the server's answer arrived
    acknowledged_at: datetime | None
    field_errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def dismissed(self) -> bool:
        return self.acknowledged_at is not None


def _mine(user_id: uuid.UUID) -> ColumnElement[bool]:
    return or_(r.actor_id == user_id, r.actor_id.is_(None))


def list_rejections(
    engine: Engine, user_id: uuid.UUID, *, include_dismissed: bool = False
) -> list[RejectedCommand]:
    """``user_id``'s refused commands (and anonymous ones), newest first."""
    query = select(rejections).where(_mine(user_id))
    if not include_dismissed:
        query = query.where(r.acknowledged_at.is_(None))
    query = query.order_by(r.at.desc(), r.created_at.desc())
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        RejectedCommand(
            mutation_id=row["mutation_id"],
            name=row["name"],
            payload=dict(row["payload"] or {}),
            created_at=row["created_at"],
            code=row["code"],
            message=row["message"] or "",
            at=row["at"],
            acknowledged_at=row["acknowledged_at"],
            field_errors={str(k): str(v) for k, v in (row["field_errors"] or {}).items()},
        )
        for row in rows
    ]


def attention_count(engine: Engine, actor: Actor) -> int:
    """What waits for this user on the Sync issues page: their refused commands not
    dismissed, and the open conflicts on rows they may edit."""
    with engine.connect() as connection:
        refused = int(
            connection.execute(
                select(func.count())
                .select_from(rejections)
                .where(_mine(actor.user_id), r.acknowledged_at.is_(None))
            ).scalar_one()
        )
    return refused + len(list_open_conflicts(engine, actor))


def dismiss_rejection(engine: Engine, mutation_id: uuid.UUID, when: datetime | None = None) -> bool:
    """Mark a refused command as seen (it stays in the table); False if already done."""
    with engine.begin() as connection:
        result = connection.execute(
            update(rejections)
            .where(r.mutation_id == mutation_id, r.acknowledged_at.is_(None))
            .values(acknowledged_at=when or utcnow())
        )
    return bool(result.rowcount)


def visible_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload without its secrets, nested field maps flattened (``equipment.update``)."""
    shown: dict[str, Any] = {}
    for key, value in payload.items():
        if key in SECRET_FIELDS:
            continue
        if key in ("fields", "changes") and isinstance(value, Mapping):
            shown.update({k: v for k, v in value.items() if k not in SECRET_FIELDS})
        else:
            shown[key] = value
    return shown


# payload field -> (table, columns that name a row of it for people)
_REFERENCES: dict[str, tuple[Table, Sequence[str]]] = {
    "site_id": (sites, ("code", "name")),
    "scope_site_id": (sites, ("code", "name")),
    "type_id": (equipment_types, ("code", "name")),
    "line_id": (production_lines, ("code", "name")),
    "parent_id": (equipments, ("code", "name")),
    "equipment_id": (equipments, ("code", "name")),
    "scope_equipment_id": (equipments, ("code", "name")),
    "owner_id": (equipments, ("code", "name")),
    "user_id": (users, ("full_name",)),
}


def _as_uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    return None


def reference_names(engine: Engine, payload: Mapping[str, Any]) -> dict[str, str]:
    """Readable names of the rows a payload points at: ``{"site_id": "A — Lyon"}``.

    Ids the replica does not know are left out (the caller shows the id).
    """
    names: dict[str, str] = {}
    with engine.connect() as connection:
        for key, value in visible_payload(payload).items():
            reference = _REFERENCES.get(key)
            row_id = _as_uuid(value)
            if reference is None or row_id is None:
                continue
            table, columns = reference
            row = connection.execute(
                select(*(table.c[name] for name in columns)).where(table.c.id == row_id)
            ).first()
            if row is not None:
                names[key] = " — ".join(str(part) for part in row if part)
    return names


# ------------------------------------------------------------------ conflicts

c = sync_conflicts.c

# table -> (the table, the columns that name one of its rows for people)
_ROW_NAMES: dict[str, tuple[Table, Sequence[str]]] = {
    "equipments": (equipments, ("code", "name")),
    "production_lines": (production_lines, ("code", "name")),
    "equipment_types": (equipment_types, ("code", "name")),
    "sites": (sites, ("code", "name")),
    "users": (users, ("full_name",)),
}


@dataclass(frozen=True, slots=True)
class OpenConflict:
    """Two writes of one field that did not see each other: the value kept, the value lost."""

    id: uuid.UUID
    entity: str  # the table of the row
    entity_id: uuid.UUID
    site_id: uuid.UUID | None
    field: str
    kept_value: Any  # wire encoding (JSON)
    lost_value: Any
    kept_by: str | None  # full names (None: unknown to this replica)
    lost_by: str | None
    kept_at: datetime | None  # when each write was made (from its clock stamp)
    lost_at: datetime | None
    detected_at: datetime
    row_name: str | None  # "P-101 — Pompe" (None: the row is not on this replica)

    @property
    def secret(self) -> bool:
        """A password: never shown, and it cannot be brought back."""
        return self.field in SECRET_FIELDS


def _stamp_time(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        wall_ms = parse_stamp(stamp).wall_ms
    except ValueError:
        return None
    return datetime.fromtimestamp(wall_ms / 1000, tz=UTC)


def _row_name(connection: Connection, entity: str, row_id: uuid.UUID) -> str | None:
    known = _ROW_NAMES.get(entity)
    if known is None:
        return None
    table, columns = known
    row = connection.execute(
        select(*(table.c[name] for name in columns)).where(table.c.id == row_id)
    ).first()
    if row is None:
        return None
    return " — ".join(str(part) for part in row if part)


def may_decide(actor: Actor, entity: str, site_id: uuid.UUID | None) -> bool:
    """Whether ``actor`` may decide a conflict on a row of ``entity``: who may edit it."""
    return can(actor, EDIT_PERMISSIONS.get(entity, Permission.SETTINGS_MANAGE), site_id)


def list_open_conflicts(engine: Engine, actor: Actor) -> list[OpenConflict]:
    """Undecided conflicts on rows ``actor`` may edit, newest first."""
    with engine.connect() as connection:
        rows = (
            connection.execute(
                select(sync_conflicts)
                .where(c.resolved_at.is_(None), c.deleted_at.is_(None))
                .order_by(c.detected_at.desc())
            )
            .mappings()
            .all()
        )
        mine = [row for row in rows if may_decide(actor, row["entity"], row["site_id"])]
        people = {
            row.id: row.full_name
            for row in connection.execute(
                select(users.c.id, users.c.full_name).where(
                    users.c.id.in_(
                        {row[key] for row in mine for key in ("kept_by", "lost_by") if row[key]}
                    )
                )
            )
        }
        return [
            OpenConflict(
                id=row["id"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                site_id=row["site_id"],
                field=row["field"],
                kept_value=row["kept_value"],
                lost_value=row["lost_value"],
                kept_by=people.get(row["kept_by"]),
                lost_by=people.get(row["lost_by"]),
                kept_at=_stamp_time(row["kept_hlc"]),
                lost_at=_stamp_time(row["lost_hlc"]),
                detected_at=row["detected_at"],
                row_name=_row_name(connection, row["entity"], row["entity_id"]),
            )
            for row in mine
        ]
