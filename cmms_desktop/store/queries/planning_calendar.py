"""Small reads of the planning calendar page, next to :func:`..planning.calendar_events`:
the technicians to filter by, the working day to show, the warnings of tasks,
how many tasks a period holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select

from cmms_core.rules.assignment import parse_working_hours
from cmms_core.schema.maintenance import maintenance_tasks
from cmms_core.schema.people import user_permissions, users
from cmms_desktop.store.queries.planning import Database

__all__ = ["TechnicianOption", "count_tasks", "schedule_warnings", "technicians", "working_day"]

_CHUNK = 500
t = maintenance_tasks.c


@contextmanager
def _connect(db: Database) -> Iterator[Connection]:
    if isinstance(db, Connection):
        yield db
    else:
        with db.connect() as connection:
            yield connection


class TechnicianOption(NamedTuple):
    id: uuid.UUID
    name: str
    working_hours: dict[str, Any] | None


def technicians(db: Database, site_ids: Iterable[uuid.UUID] | None) -> list[TechnicianOption]:
    """Active technicians granted one of ``site_ids`` (None: every technician), by name."""
    u, g = users.c, user_permissions.c
    query = select(u.id, u.full_name, u.working_hours).where(
        u.deleted_at.is_(None), u.status == "active", u.role == "technician"
    )
    if site_ids is not None:
        granted = select(g.user_id).where(
            g.deleted_at.is_(None), g.scope_site_id.in_(sorted(site_ids))
        )
        query = query.where(u.id.in_(granted))
    with _connect(db) as connection:
        rows = connection.execute(query.order_by(u.full_name, u.id)).all()
    return [TechnicianOption(*row) for row in rows]


def working_day(people: Sequence[TechnicianOption]) -> tuple[int, int]:
    """The hours (first, last) covering the working hours of ``people`` (8-16 by default)."""
    first, last = 24, 0
    for person in people:
        for intervals in parse_working_hours(person.working_hours).values():
            for start, end in intervals:
                first = min(first, start.hour)
                last = max(last, end.hour + (1 if end.minute else 0))
    return (first, last) if first < last else (8, 16)


def schedule_warnings(
    db: Database, task_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The stored ``schedule_warnings`` of tasks that have some."""
    ids = list(task_ids)
    found: dict[uuid.UUID, list[dict[str, Any]]] = {}
    with _connect(db) as connection:
        for n in range(0, len(ids), _CHUNK):
            rows = connection.execute(
                select(t.id, t.schedule_warnings).where(t.id.in_(ids[n : n + _CHUNK]))
            ).all()
            for task_id, warnings in rows:
                listed = [w for w in warnings or [] if isinstance(w, dict)]
                if listed:
                    found[task_id] = listed
    return found


def count_tasks(
    db: Database, site_ids: Iterable[uuid.UUID] | None, start: datetime, end: datetime
) -> int:
    """Live tasks scheduled to start in [start, end) on these sites (None: all)."""
    query = select(func.count()).where(
        t.deleted_at.is_(None), t.scheduled_start >= start, t.scheduled_start < end
    )
    if site_ids is not None:
        query = query.where(t.site_id.in_(sorted(site_ids)))
    with _connect(db) as connection:
        return int(connection.execute(query).scalar_one())
