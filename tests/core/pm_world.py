"""A small plant for the preventive-maintenance tests, made by the commands themselves.

Site A (Europe/Paris) and site B, one equipment type, an administrator, a
supervisor of site A and helpers to add technicians, equipments and plans.
``NOW`` is Monday 2 March 2026, 08:00 UTC (09:00 in Paris).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, RowMapping, select

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.maintenance import interventions, maintenance_plans, maintenance_tasks

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def run(
    engine: Engine,
    actor: Actor | None,
    name: str,
    payload: Mapping[str, Any],
    *,
    now: datetime = NOW,
    offline: bool = True,
    version: int | None = None,
    mutation_id: uuid.UUID | None = None,
) -> None:
    with engine.begin() as connection:
        ctx = MutationContext(
            conn=connection,
            actor=actor,
            now=now,
            device_id="pm-test",
            offline=offline,
            version=version,
            mutation_id=mutation_id or uuid.uuid4(),
        )
        run_mutation(ctx, name, payload)


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass
class PMWorld:
    engine: Engine
    admin: Actor
    site_a: uuid.UUID
    site_b: uuid.UUID
    type_id: uuid.UUID
    supervisor: Actor
    _codes: int = 0
    people: dict[uuid.UUID, str] = field(default_factory=dict)

    def run(
        self, name: str, payload: Mapping[str, Any], actor: Actor | None = None, **kw: Any
    ) -> None:
        run(self.engine, actor or self.admin, name, jsonable(dict(payload)), **kw)

    def user(
        self,
        role: Role,
        name: str,
        *,
        skills: list[str] | None = None,
        working_hours: dict[str, Any] | None = None,
        sites: tuple[uuid.UUID, ...] | None = None,
    ) -> Actor:
        user_id = uuid.uuid4()
        self.run(
            "user.create",
            {
                "id": user_id,
                "email": f"{name.lower().replace(' ', '.')}.{user_id.hex[:4]}@usine.example",
                "full_name": name,
                "password_hash": FAKE_HASH,
                "role": role.value,
            },
        )
        granted = (self.site_a,) if sites is None else sites
        for site in granted:
            self.run(
                "user.grant_site",
                {"id": uuid.uuid4(), "user_id": user_id, "scope_site_id": site},
            )
        profile: dict[str, Any] = {"id": user_id}
        if skills is not None:
            profile["skills"] = skills
        if working_hours is not None:
            profile["working_hours"] = working_hours
        if len(profile) > 1:
            self.run("technician.set_profile", profile)
        self.people[user_id] = name
        return Actor(user_id, role, frozenset(granted))

    def technician(self, name: str, skills: list[str] | None = None, **kw: Any) -> Actor:
        return self.user(Role.TECHNICIAN, name, skills=skills or [], **kw)

    def equipment(self, site: uuid.UUID | None = None, **fields: Any) -> uuid.UUID:
        self._codes += 1
        equipment_id = uuid.uuid4()
        code = fields.pop("code", f"EQ-{self._codes:03d}")
        self.run(
            "equipment.create",
            {
                "id": equipment_id,
                "site_id": site or self.site_a,
                "code": code,
                "name": f"Machine {code}",
                "type_id": self.type_id,
                **fields,
            },
        )
        return equipment_id

    def plan(self, *, now: datetime = NOW, **fields: Any) -> uuid.UUID:
        plan_id = uuid.uuid4()
        payload = {"id": plan_id, "name": "Visite", "recurrence": {"freq": "weekly"}} | fields
        self.run("plan.create", payload, now=now)
        return plan_id

    def generate(
        self,
        first: date,
        last: date,
        *,
        site: uuid.UUID | None = None,
        actor: Actor | None = None,
        **kw: Any,
    ) -> None:
        payload = {"site_id": site or self.site_a, "from_date": first, "until": last}
        self.run("plan.generate_tasks", payload, actor, **kw)

    def tasks(self, plan_id: uuid.UUID | None = None) -> list[RowMapping]:
        t = maintenance_tasks.c
        query = select(maintenance_tasks).where(t.deleted_at.is_(None))
        if plan_id is not None:
            query = query.where(t.plan_id == plan_id)
        with self.engine.connect() as connection:
            return list(connection.execute(query.order_by(t.due_at, t.generation_key)).mappings())

    def task(self, task_id: uuid.UUID) -> RowMapping:
        with self.engine.connect() as connection:
            query = select(maintenance_tasks).where(maintenance_tasks.c.id == task_id)
            return connection.execute(query).mappings().one()

    def plan_row(self, plan_id: uuid.UUID) -> RowMapping:
        with self.engine.connect() as connection:
            query = select(maintenance_plans).where(maintenance_plans.c.id == plan_id)
            return connection.execute(query).mappings().one()

    def intervention(self, intervention_id: uuid.UUID) -> RowMapping:
        with self.engine.connect() as connection:
            query = select(interventions).where(interventions.c.id == intervention_id)
            return connection.execute(query).mappings().one()


def build_world(engine: Engine) -> PMWorld:
    admin_id = uuid.uuid4()
    run(
        engine,
        None,
        "user.create_first_admin",
        {
            "id": str(admin_id),
            "email": "admin@usine.example",
            "full_name": "Admin",
            "password_hash": FAKE_HASH,
            "role": "admin",
        },
    )
    admin = Actor(admin_id, Role.ADMIN, None)
    site_a, site_b, type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for site_id, code in ((site_a, "LYON"), (site_b, "NANTES")):
        payload = {"id": str(site_id), "code": code, "name": code, "timezone": "Europe/Paris"}
        run(engine, admin, "site.create", payload)
    run(engine, admin, "equipment_type.create", {"id": str(type_id), "code": "CMP", "name": "Cmp"})
    world = PMWorld(engine, admin, site_a, site_b, type_id, admin)
    world.supervisor = world.user(Role.SUPERVISOR, "Sam Superviseur")
    return world
