"""A small plant for the preventive-maintenance UI tests, made by the commands the screens use.

Two sites (LYO, GRE) with ten equipments (``build_plant``), a supervisor and a
technician of LYO, a plan with a checklist on PRS-001 and, on demand, its task
of the week assigned to the technician. Pages are built directly, with a
navigator that records where they asked to go.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from cmms_core.passwords import hash_password
from cmms_core.rules.roles import Role
from cmms_core.schema.maintenance import maintenance_tasks
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.local_schema import outbox
from tests.desktop.test_equipment_queries import Plant, build_plant
from tests.ui.conftest import Accounts

CHECKLIST: list[dict[str, Any]] = [
    {"key": "oil", "label": "Contrôler le niveau d'huile", "kind": "check"},
    {
        "key": "pressure",
        "label": "Relever la pression",
        "kind": "measure",
        "unit": "bar",
        "min": 180,
        "max": 210,
    },
    {"key": "note", "label": "Observations", "kind": "text", "required": False},
]


class RecordingNavigator:
    def __init__(self, pages: tuple[str, ...] = ()) -> None:
        self.pages = set(pages)
        self.visits: list[tuple[str, object]] = []

    def navigate(self, key: str, argument: object | None = None) -> None:
        self.visits.append((key, argument))

    def can_navigate(self, key: str) -> bool:
        return key in self.pages


@dataclass
class PMPlant:
    services: DesktopServices
    plant: Plant
    admin: UserSession
    supervisor: UserSession
    technician: UserSession
    plans: dict[str, uuid.UUID] = field(default_factory=dict)

    def session(self, role: Role, name: str, sites: tuple[str, ...]) -> UserSession:
        user_id = uuid.uuid4()
        writer, actor = self.services.writer, self.admin.actor
        writer.execute(
            actor,
            "user.create",
            {
                "id": user_id,
                "email": f"{name.lower().replace(' ', '.')}@acme-industrie.fr",
                "full_name": name,
                "password_hash": hash_password("Secret-2026!"),
                "role": role.value,
            },
        )
        for code in sites:
            writer.execute(
                actor,
                "user.grant_site",
                {"id": uuid.uuid4(), "user_id": user_id, "scope_site_id": self.plant.sites[code]},
            )
        return self.services.auth.session_for(uuid.uuid4(), user_id)

    def plan(self, equipment: str = "PRS-001", **fields: Any) -> uuid.UUID:
        plan_id = uuid.uuid4()
        payload = {
            "id": plan_id,
            "name": "Presse — visite hebdomadaire",
            "recurrence": {"freq": "weekly", "weekdays": [0]},
            "tolerance_days": 2,
            "estimated_minutes": 90,
            "checklist": CHECKLIST,
            "equipment_id": self.plant.equipments[equipment],
        } | fields
        self.services.writer.execute(self.admin.actor, "plan.create", payload)
        self.plans[equipment] = plan_id
        return plan_id

    def assigned_task(self, plan_id: uuid.UUID) -> uuid.UUID:
        """The plan's first task from today, assigned to the technician."""
        today = date.today()
        writer = self.services.writer
        writer.execute(
            self.admin.actor,
            "plan.generate_tasks",
            {
                "site_id": self.plant.sites["LYO"],
                "from_date": today.isoformat(),
                "until": (today + timedelta(days=14)).isoformat(),
                "plan_ids": [plan_id],
            },
        )
        t = maintenance_tasks.c
        with self.services.replica.engine.connect() as connection:
            task_id = connection.execute(
                select(t.id).where(t.plan_id == plan_id).order_by(t.due_at).limit(1)
            ).scalar_one()
        writer.execute(
            self.admin.actor,
            "task.schedule",
            {"id": task_id, "assigned_to": self.technician.user_id},
        )
        return task_id  # type: ignore[no-any-return]

    def sent(self) -> list[tuple[str, dict[str, Any]]]:
        with self.services.replica.engine.connect() as connection:
            rows = connection.execute(
                select(outbox.c.name, outbox.c.payload).order_by(outbox.c.seq)
            )
            return [(name, payload) for name, payload in rows]


def build_pm_plant(services: DesktopServices, accounts: Accounts) -> PMPlant:
    admin = accounts.admin_session()
    plant = build_plant(services.writer, admin.actor)
    world = PMPlant(services, plant, admin, admin, admin)
    world.supervisor = world.session(Role.SUPERVISOR, "Claire Superviseur", ("LYO",))
    world.technician = world.session(Role.TECHNICIAN, "Paul Technicien", ("LYO",))
    return world
