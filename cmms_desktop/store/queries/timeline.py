"""The traceability timeline of a ticket or of an equipment, read from the audit trail.

Every command writes one audit entry per row it writes (``audit_log``): who
(``actor_id``), when (``at``), what changed (``changes``: {field: [old, new]}),
from which device (``device_id``) and whether it was applied optimistically
on a replica (``offline``). On the server a pushed command is applied with
the pushing device's id and ``offline`` false; the optimistic entries of a
replica (``offline`` true) are dropped once the server acknowledged them.
The server also records when the command was made on its device
(``made_at``: the pushed ``created_at``), which the timeline shows.

Offline or online is decided here only (:func:`made_offline`): an entry
counts as made offline while it waits, unacknowledged, on this replica, or
when it reached the server more than :data:`OFFLINE_AFTER` after it was made.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, RowMapping, and_, or_, select

from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import attachments
from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.inventory import stock_movements
from cmms_core.schema.maintenance import interventions
from cmms_core.schema.people import users
from cmms_desktop.store.queries.equipment import Database, _connect

__all__ = [
    "OFFLINE_AFTER",
    "TimelineEntry",
    "equipment_timeline",
    "failure_timeline",
    "made_offline",
    "task_timeline",
]

# A command that reached the server more than this after it was made was made offline.
OFFLINE_AFTER = timedelta(minutes=2)


def made_offline(at: datetime, made_at: datetime, pending: bool) -> bool:
    """Whether a command was made offline: still waiting on this replica for the
    server (``pending``), or written by the server more than OFFLINE_AFTER after
    it was made on its device."""
    return pending or at - made_at > OFFLINE_AFTER


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime  # when the entry was written (on the server: when the command reached it)
    action: str  # the command, e.g. "failure.transition"
    entity: str  # the table of the row written
    entity_id: uuid.UUID
    actor_id: uuid.UUID | None
    actor_name: str | None
    device_id: str | None
    offline: bool  # made offline (made_offline): unacknowledged here, or synced late
    changes: Mapping[str, Sequence[object]]  # {field: [old, new]}; a creation: [None, new]
    made_at: datetime  # when the command was made on its device (entries without one: at)


def _read(db: Database, where: ColumnElement[bool], limit: int) -> list[TimelineEntry]:
    a = audit_log.c
    query = (
        select(
            a.at,
            a.action,
            a.entity,
            a.entity_id,
            a.actor_id,
            users.c.full_name,
            a.device_id,
            a.offline,
            a.changes,
            a.made_at,
        )
        .select_from(audit_log.outerjoin(users, users.c.id == a.actor_id))
        .where(where, a.deleted_at.is_(None))
        .order_by(a.at.desc(), a.id)
        .limit(limit)
    )
    with _connect(db) as connection:
        return [_entry(row) for row in connection.execute(query).mappings()]


def _entry(row: RowMapping) -> TimelineEntry:
    made_at: datetime = row["made_at"] or row["at"]
    return TimelineEntry(
        at=row["at"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        actor_id=row["actor_id"],
        actor_name=row["full_name"],
        device_id=row["device_id"],
        offline=made_offline(row["at"], made_at, bool(row["offline"])),
        changes=row["changes"] or {},
        made_at=made_at,
    )


def _about(entity: str, ids: ColumnElement[bool] | object) -> ColumnElement[bool]:
    a = audit_log.c
    return and_(a.entity == entity, a.entity_id.in_(ids))  # type: ignore[arg-type]


def _ticket_rows(failure_ids: object) -> ColumnElement[bool]:
    """Audit entries of tickets, their sheets, their parts and their attachments."""
    r, m, t = repair_interventions.c, stock_movements.c, attachments.c
    sheet_ids = select(r.id).where(r.failure_id.in_(failure_ids))  # type: ignore[arg-type]
    return or_(
        _about("failures", failure_ids),
        _about("repair_interventions", sheet_ids),
        _about(
            "stock_movements",
            select(m.id).where(m.ref_table == "repair_interventions", m.ref_id.in_(sheet_ids)),
        ),
        _about(
            "attachments",
            select(t.id).where(
                or_(
                    and_(t.owner_table == "failures", t.owner_id.in_(failure_ids)),  # type: ignore[arg-type]
                    and_(t.owner_table == "repair_interventions", t.owner_id.in_(sheet_ids)),
                )
            ),
        ),
    )


def failure_timeline(db: Database, failure_id: uuid.UUID, limit: int = 500) -> list[TimelineEntry]:
    """Everything done to a ticket, its sheet, its parts and photos, newest first."""
    return _read(db, _ticket_rows([failure_id]), limit)


def equipment_timeline(
    db: Database, equipment_id: uuid.UUID, limit: int = 500
) -> list[TimelineEntry]:
    """Everything done to an equipment and to its tickets (with their sheets), newest first."""
    f, t = failures.c, attachments.c
    failure_ids = select(f.id).where(f.equipment_id == equipment_id)
    where = or_(
        _about("equipments", [equipment_id]),
        _about(
            "attachments",
            select(t.id).where(t.owner_table == "equipments", t.owner_id == equipment_id),
        ),
        _ticket_rows(failure_ids),
    )
    return _read(db, where, limit)


def task_timeline(db: Database, task_id: uuid.UUID, limit: int = 300) -> list[TimelineEntry]:
    """Everything done to a preventive task, its sheets, their parts and photos, newest first."""
    i, m, x = interventions.c, stock_movements.c, attachments.c
    sheet_ids = select(i.id).where(i.task_id == task_id)
    where = or_(
        _about("maintenance_tasks", [task_id]),
        _about("interventions", sheet_ids),
        _about(
            "stock_movements",
            select(m.id).where(m.ref_table == "interventions", m.ref_id.in_(sheet_ids)),
        ),
        _about(
            "attachments",
            select(x.id).where(x.owner_table == "interventions", x.owner_id.in_(sheet_ids)),
        ),
    )
    return _read(db, where, limit)
