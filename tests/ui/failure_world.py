"""A plant for the corrective-maintenance screens, made on the page's replica.

:mod:`tests.core.pm_world`'s plant (site LYON in Paris, a supervisor) with a
technician, three equipments (PRS-001, PMP-001, PMP-002), failure types,
and helpers to report failures through the commands (or in bulk, straight
into the table, for the paging test). "Now" is pm_world's NOW (Monday
2 March 2026, 08:00 UTC).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from cmms_core.rules.corrective import failure_number
from cmms_core.rules.escalation import DEFAULT_RULES
from cmms_core.rules.permissions import Actor
from cmms_core.schema.assets import equipments
from cmms_core.schema.failures import escalation_rules, failure_types, failures
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.local_schema import outbox
from tests.core.pm_world import NOW, PMWorld, build_world

__all__ = ["NOW", "FailureWorld", "FakeNavigator", "make_world"]


@dataclass
class FakeNavigator:
    """A main window where the pages in ``pages`` exist; records where it was asked to go."""

    pages: set[str] = field(default_factory=set)
    calls: list[tuple[str, object]] = field(default_factory=list)

    def navigate(self, key: str, argument: object | None = None) -> None:
        self.calls.append((key, argument))

    def can_navigate(self, key: str) -> bool:
        return key in self.pages


@dataclass
class FailureWorld:
    services: DesktopServices
    world: PMWorld
    tech: Actor
    other_tech: Actor
    press: uuid.UUID
    pump_1: uuid.UUID
    pump_2: uuid.UUID
    leak_type: uuid.UUID

    @property
    def supervisor(self) -> Actor:
        return self.world.supervisor

    def session(self, actor: Actor) -> UserSession:
        return self.services.auth.session_for(uuid.uuid4(), actor.user_id)

    def report(
        self,
        actor: Actor | None = None,
        *,
        equipment: uuid.UUID | None = None,
        urgency: int = 2,
        minutes_ago: int = 0,
        **fields: Any,
    ) -> uuid.UUID:
        failure_id = uuid.uuid4()
        payload = {
            "id": failure_id,
            "equipment_id": equipment or self.press,
            "description": "Bruit anormal sur le roulement",
            "urgency": urgency,
            "reported_at": (NOW - timedelta(minutes=minutes_ago)).isoformat(),
            **fields,
        }
        self.world.run("failure.report", payload, actor or self.tech)
        return failure_id

    def transition(self, actor: Actor, failure_id: uuid.UUID, action: str, **fields: Any) -> None:
        payload = {"id": failure_id, "action": action, **fields}
        self.world.run("failure.transition", payload, actor)

    def assign(self, failure_id: uuid.UUID, to: Actor | None = None) -> None:
        assignee = (to or self.tech).user_id
        self.transition(self.supervisor, failure_id, "assign", assignee_id=assignee)

    def escalation_rules(self) -> None:
        with self.services.replica.engine.begin() as connection:
            for rule in DEFAULT_RULES:
                connection.execute(
                    insert(escalation_rules).values(
                        id=rule.id,
                        name=rule.name,
                        urgency=rule.urgency,
                        trigger=rule.trigger.value,
                        minutes=rule.minutes,
                        escalate_to=rule.escalate_to.value,
                        active=True,
                    )
                )

    def bulk(self, count: int) -> None:
        """``count`` tickets straight into the table (seeded, not user edits)."""
        rows = []
        for n in range(count):
            failure_id = uuid.uuid4()
            rows.append(
                {
                    "id": failure_id,
                    "site_id": self.world.site_a,
                    "number": failure_number(failure_id, 32),
                    "equipment_id": (self.press, self.pump_1, self.pump_2)[n % 3],
                    "description": f"Panne en série {n}",
                    "urgency": 1 + n % 4,
                    "status": "reported",
                    "reported_by": self.tech.user_id,
                    "reported_at": NOW - timedelta(minutes=n),
                    "equipment_stopped": False,
                }
            )
        with self.services.replica.engine.begin() as connection:
            connection.execute(insert(failures), rows)

    def failure(self, failure_id: uuid.UUID) -> dict[str, Any]:
        with self.services.replica.engine.connect() as connection:
            row = connection.execute(select(failures).where(failures.c.id == failure_id))
            return dict(row.mappings().one())

    def equipment_state(self, equipment_id: uuid.UUID) -> str:
        with self.services.replica.engine.connect() as connection:
            query = select(equipments.c.state).where(equipments.c.id == equipment_id)
            return str(connection.execute(query).scalar_one())

    def outbox(self) -> list[tuple[str, dict[str, Any]]]:
        with self.services.replica.engine.connect() as connection:
            query = select(outbox.c.name, outbox.c.payload).order_by(outbox.c.seq)
            return [(row.name, row.payload) for row in connection.execute(query)]

    def failure_count(self) -> int:
        with self.services.replica.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(failures)).scalar_one())


def make_world(services: DesktopServices) -> FailureWorld:
    world = build_world(services.replica.engine)
    tech = world.technician("Tom Technicien")
    other = world.technician("Léa Technicienne")
    press = world.equipment(code="PRS-001", name="Presse hydraulique")
    pump_1 = world.equipment(code="PMP-001", name="Pompe de relevage")
    pump_2 = world.equipment(code="PMP-002", name="Pompe doseuse")
    leak = uuid.uuid4()
    with services.replica.engine.begin() as connection:
        connection.execute(
            insert(failure_types),
            [
                {"id": leak, "code": "FUITE", "name": "Fuite d'huile", "category": "Hydraulique"},
                {"id": uuid.uuid4(), "code": "BRUIT", "name": "Bruit anormal", "category": None},
            ],
        )
    return FailureWorld(services, world, tech, other, press, pump_1, pump_2, leak)


def at(minutes: int) -> datetime:
    """NOW plus ``minutes``."""
    return NOW + timedelta(minutes=minutes)
