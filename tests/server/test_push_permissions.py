"""Who may push which command, on which site: every role × every command × two sites.

Each case goes through ``POST /sync/push`` with a real access token, on a
server whose rows were made by the commands themselves (each with its version,
as the service stamps them). The expected outcome comes from ``EXPECTED``
below, written by hand from the product's rules (the matrix documented in
``cmms_core/rules/permissions.py`` and what each command acts on) and never
from the implementation's ``can()``: a change of the matrix or of the
permission a command asks for must change this table too, on purpose.

The scope rule: an administrator acts on every site; everyone else only on
the sites granted to them; a global row (the catalogue, accounts, sites
themselves) needs only the role's permission.

A refused command answers ``rejected`` with code ``forbidden`` and writes no
synced row (every synced table compared row for row before and after). An
applied one writes at least one row, every written row carries the version of
the answer, and its audit entries name the token's owner as the actor.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, insert, select

from cmms_core.mutations import MUTATIONS, MutationContext, run_mutation
from cmms_core.passwords import hash_password
from cmms_core.protocol import PROTOCOL_VERSION, SCHEMA_VERSION
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.inventory import parts, storage_locations
from cmms_core.schema.people import users
from cmms_core.schema.sync import sync_conflicts
from sync_server.sync.versions import next_version
from sync_server.tables import applied_mutations

pytestmark = pytest.mark.postgres

V = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}
PASSWORD = "Perm-test-2026"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

ADMIN, SUPERVISOR, TECHNICIAN, STOREKEEPER = "admin", "supervisor", "technician", "storekeeper"
ROLES = (ADMIN, SUPERVISOR, TECHNICIAN, STOREKEEPER)
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Rule:
    """Which roles may run a command, and whether the row it acts on belongs to a site."""

    roles: frozenset[str]
    site_row: bool


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


# Written from the product rules, independently of cmms_core.rules.permissions.can():
# - the equipment register (lines, equipments, attachments, types) is edited by
#   supervisors and administrators;
# - anyone standing next to a machine who works on it (technicians too) may
#   declare its state; storekeepers do not touch equipments;
# - sites and accounts are administration: administrators only;
# - anyone may ask for an account (it stays pending); the first-administrator
#   command is refused once any account exists.
EXPECTED: Mapping[str, Rule] = {
    "site.create": Rule(_roles(ADMIN), site_row=False),
    "production_line.create": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "equipment_type.create": Rule(_roles(ADMIN, SUPERVISOR), site_row=False),
    "equipment.create": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "equipment.update": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "equipment.set_state": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "equipment.delete": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "attachment.add": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "attachment.remove": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "user.register": Rule(EVERYONE, site_row=False),
    "user.create_first_admin": Rule(frozenset(), site_row=False),
    "user.create": Rule(_roles(ADMIN), site_row=False),
    "user.approve": Rule(_roles(ADMIN), site_row=False),
    "user.reject": Rule(_roles(ADMIN), site_row=False),
    "user.change": Rule(_roles(ADMIN), site_row=False),
    "user.grant_site": Rule(_roles(ADMIN), site_row=False),
    "user.revoke_site": Rule(_roles(ADMIN), site_row=False),
    # someone else's password (one's own: see test_everyone_may_set_their_own_password)
    "user.set_password": Rule(_roles(ADMIN), site_row=False),
    # a conflict on an equipment's field is decided by who may edit the equipment
    "conflict.resolve": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    # corrective maintenance: anyone may report a failure on their sites; the
    # supervisor assigns (the case below); the technician on the ticket (or a
    # supervisor for them) fills and signs the sheet; parts are issued to a
    # repair by anyone who touches stock or repairs; putting a stopped machine
    # back in service is an equipment state change
    "failure.report": Rule(EVERYONE, site_row=True),
    "failure.transition": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "failure.restore_service": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    # correcting the recorded stop (downtime KPIs) is the validator's call
    "failure.set_downtime": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "repair.save": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "repair.sign_off": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "repair.add_part": Rule(EVERYONE, site_row=True),
    "repair.remove_part": Rule(EVERYONE, site_row=True),
    # spare parts and stock: storekeepers (and supervisors) move stock, keep the
    # catalogue, the suppliers and the purchase orders; anyone who repairs may
    # reserve parts for a task and release them; technicians do not receive,
    # count, transfer or correct stock
    "stock.move": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "stock.reverse": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "stock.transfer": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "stock.reserve": Rule(EVERYONE, site_row=True),
    "stock.release": Rule(EVERYONE, site_row=True),
    "stock.count_start": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "stock.count_record": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "stock.count_close": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "part.create": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "part.update": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "part.delete": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    # a part declared compatible with an equipment: the link lives in its site
    "part.link": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "part.unlink": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "location.create": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "location.update": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "supplier.create": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "supplier.update": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "supplier_price.set": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "supplier_price.remove": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=False),
    "po.create": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "po.update": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "po.transition": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    "po.receive": Rule(_roles(ADMIN, SUPERVISOR, STOREKEEPER), site_row=True),
    # preventive maintenance: supervisors plan (plans, templates, generation,
    # schedule, assignment, the team's absences and skills); the technician on
    # the task (or a supervisor for them) fills the sheet; supervisors validate;
    # meter readings are entered by whoever works on the machine
    "plan.create": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "plan.update": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "plan.apply_template": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "plan.generate_tasks": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "task.schedule": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "task.auto_assign": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    # a task's parts kit is reserved (and released) by anyone who may reserve parts
    "task.reserve_kit": Rule(EVERYONE, site_row=True),
    "task.release_kit": Rule(EVERYONE, site_row=True),
    "absence.create": Rule(_roles(ADMIN, SUPERVISOR), site_row=False),
    "absence.delete": Rule(_roles(ADMIN, SUPERVISOR), site_row=False),
    "technician.set_profile": Rule(_roles(ADMIN, SUPERVISOR), site_row=False),
    "meter.record": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "intervention.start": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "intervention.save_checklist": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "intervention.complete": Rule(_roles(ADMIN, SUPERVISOR, TECHNICIAN), site_row=True),
    "intervention.validate": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
    "intervention.reject": Rule(_roles(ADMIN, SUPERVISOR), site_row=True),
}


def may(role: str, command: str, site: uuid.UUID, granted: frozenset[uuid.UUID]) -> bool:
    """The expected decision: the role's right to the command, then the site rule."""
    rule = EXPECTED[command]
    if role not in rule.roles:
        return False
    if not rule.site_row or role == ADMIN:
        return True
    return site in granted


# ------------------------------------------------------------------ the server's world


def run_on(
    connection: Connection, actor: Actor | None, name: str, payload: Mapping[str, Any]
) -> int:
    """Run a command as the service does: a new version (writers' lock taken), the rules."""
    version = next_version(connection)
    ctx = MutationContext(
        conn=connection,
        actor=actor,
        now=NOW,
        device_id="test-setup",
        offline=False,
        version=version,
    )
    run_mutation(ctx, name, payload)
    return version


@contextmanager
def setup_transaction(db: Engine) -> Iterator[Connection]:
    """A transaction for set-up writes; it need not wait for the disk (test data)."""
    with db.begin() as connection:
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
        yield connection


def server_mutate(db: Engine, actor: Actor | None, name: str, payload: Mapping[str, Any]) -> int:
    """Run one command on the server's database in its own transaction."""
    with setup_transaction(db) as connection:
        return run_on(connection, actor, name, payload)


def account_payload(email: str, role: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "email": email,
        "full_name": email.split("@")[0].title(),
        "password_hash": hash_password(PASSWORD),
        "role": role,
    }


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    email: str
    role: str


@dataclass
class World:
    """Sites A and B, an equipment type, one account per role (all but the
    administrator granted site A only) and a spare technician, all made by the
    commands with versions."""

    db: Engine
    client: TestClient
    accounts: dict[str, Account]
    spare: Account
    site_a: uuid.UUID
    site_b: uuid.UUID
    type_id: uuid.UUID
    grants: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = field(default_factory=dict)
    _codes: int = 0

    @property
    def admin_actor(self) -> Actor:
        return Actor(self.accounts[ADMIN].id, Role.ADMIN, None)

    def granted(self, role: str) -> frozenset[uuid.UUID]:
        user_id = self.accounts[role].id
        return frozenset(site for (user, site) in self.grants if user == user_id)

    def mutate(self, name: str, payload: Mapping[str, Any]) -> int:
        return server_mutate(self.db, self.admin_actor, name, payload)

    def code(self, prefix: str) -> str:
        self._codes += 1
        return f"{prefix}-{self._codes}"

    def grant(self, user_id: uuid.UUID, site: uuid.UUID) -> uuid.UUID:
        grant_id = uuid.uuid4()
        self.mutate("user.grant_site", {"id": grant_id, "user_id": user_id, "scope_site_id": site})
        self.grants[(user_id, site)] = grant_id
        return grant_id

    def revoke(self, user_id: uuid.UUID, site: uuid.UUID) -> None:
        self.mutate("user.revoke_site", {"id": self.grants.pop((user_id, site))})

    def equipment(self, site: uuid.UUID, **fields: Any) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        code = self.code("EQ")
        payload = {
            "id": equipment_id,
            "site_id": site,
            "code": code,
            "name": f"Machine {code}",
            "type_id": self.type_id,
        }
        self.mutate("equipment.create", payload | fields)
        return equipment_id

    def attachment(self, site: uuid.UUID) -> uuid.UUID:
        attachment_id = uuid.uuid4()
        self.mutate("attachment.add", attachment_payload(attachment_id, self.equipment(site)))
        return attachment_id

    def conflict(self, site: uuid.UUID) -> uuid.UUID:
        """A same-field conflict on an equipment of ``site``, as the sync records one
        (no command makes them: the server's push does)."""
        equipment = self.equipment(site, location="Hall 1")
        conflict_id = uuid.uuid4()
        with setup_transaction(self.db) as connection:
            connection.execute(
                insert(sync_conflicts).values(
                    id=conflict_id,
                    site_id=site,
                    version=next_version(connection),
                    created_at=NOW,
                    updated_at=NOW,
                    entity="equipments",
                    entity_id=equipment,
                    field="location",
                    kept_value="Hall 1",
                    lost_value="Hall 2",
                    kept_by=self.accounts[ADMIN].id,
                    lost_by=self.spare.id,
                    detected_at=NOW,
                )
            )
        return conflict_id

    def failure(
        self, site: uuid.UUID, *, started: bool = False, stopped: bool = False
    ) -> uuid.UUID:
        """A ticket on a new equipment of ``site``; ``started``: assigned to the
        technician (site A) or the administrator (site B, where the technician
        has no grant) and in progress, on the administrator's behalf."""
        failure_id = uuid.uuid4()
        payload = {
            "id": failure_id,
            "equipment_id": self.equipment(site),
            "description": "Bruit anormal",
            "urgency": 3,
            "equipment_stopped": stopped,
            "reported_at": NOW.isoformat(),
        }
        self.mutate("failure.report", payload)
        if started:
            worker = self.accounts[TECHNICIAN if site == self.site_a else ADMIN].id
            assign = {"id": failure_id, "action": "assign", "assignee_id": worker}
            self.mutate("failure.transition", assign)
            self.mutate("failure.transition", {"id": failure_id, "action": "start"})
        return failure_id

    def store(self, site: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
        """A part of the catalogue and a store location of ``site``."""
        part_id, location_id = uuid.uuid4(), uuid.uuid4()
        with setup_transaction(self.db) as connection:
            version = next_version(connection)
            connection.execute(
                insert(parts).values(
                    id=part_id,
                    version=version,
                    reference=self.code("REF"),
                    description="Roulement",
                    unit_cost=Decimal("12.50"),
                )
            )
            connection.execute(
                insert(storage_locations).values(
                    id=location_id,
                    site_id=site,
                    version=version,
                    code=self.code("MAG"),
                    store="Magasin",
                )
            )
        return part_id, location_id

    def part_issue(self, site: uuid.UUID) -> dict[str, Any]:
        part_id, location_id = self.store(site)
        return {
            "id": uuid.uuid4(),
            "failure_id": self.failure(site, started=True),
            "part_id": part_id,
            "location_id": location_id,
            "quantity": "2",
        }

    def issued_part(self, site: uuid.UUID) -> uuid.UUID:
        payload = self.part_issue(site)
        self.mutate("repair.add_part", payload)
        return uuid.UUID(str(payload["id"]))

    def pending_account(self) -> uuid.UUID:
        payload = account_payload(f"{self.code('pending').lower()}@usine.fr", TECHNICIAN)
        server_mutate(self.db, None, "user.register", payload)
        return uuid.UUID(str(payload["id"]))

    def login(self, account: Account, client: TestClient | None = None) -> dict[str, Any]:
        answer = (client or self.client).post(
            "/auth/login",
            json={"email": account.email, "password": PASSWORD, "device_id": "pc-test"},
        )
        assert answer.status_code == 200, answer.text
        tokens: dict[str, Any] = answer.json()
        return tokens

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.login(self.accounts[role])['access_token']}"}


def build_world(db: Engine, client: TestClient) -> World:
    """The world, made by the commands (one version each) in one set-up transaction."""
    admin = account_payload("admin@usine.fr", ADMIN)
    admin_actor = Actor(admin["id"], Role.ADMIN, None)
    accounts = {ADMIN: Account(admin["id"], admin["email"], ADMIN)}
    site_a, site_b, type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    grants: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = {}
    with setup_transaction(db) as connection:
        run_on(connection, None, "user.create_first_admin", admin)
        for role in (SUPERVISOR, TECHNICIAN, STOREKEEPER, "spare"):
            values = account_payload(f"{role}@usine.fr", TECHNICIAN if role == "spare" else role)
            run_on(connection, admin_actor, "user.create", values)
            accounts[role] = Account(values["id"], values["email"], values["role"])
        for site, code, name in ((site_a, "A", "Lyon"), (site_b, "B", "Rouen")):
            run_on(connection, admin_actor, "site.create", {"id": site, "code": code, "name": name})
        run_on(
            connection,
            admin_actor,
            "equipment_type.create",
            {"id": type_id, "code": "PMP", "name": "Pompe"},
        )
        for role in (SUPERVISOR, TECHNICIAN, STOREKEEPER):
            grant_id = uuid.uuid4()
            payload = {"id": grant_id, "user_id": accounts[role].id, "scope_site_id": site_a}
            run_on(connection, admin_actor, "user.grant_site", payload)
            grants[(accounts[role].id, site_a)] = grant_id
    spare = accounts.pop("spare")
    return World(db, client, accounts, spare, site_a, site_b, type_id, grants)


@pytest.fixture
def world(db: Engine, client: TestClient) -> World:
    return build_world(db, client)


# ------------------------------------------------------------------ payloads


def attachment_payload(attachment_id: uuid.UUID, owner: uuid.UUID) -> dict[str, Any]:
    return {
        "id": attachment_id,
        "owner_table": "equipments",
        "owner_id": owner,
        "sha256": "ab" * 32,
        "filename": "notice.pdf",
        "mime_type": "application/pdf",
        "size_bytes": 1234,
        "kind": "document",
    }


def _new_account(world: World, site: uuid.UUID) -> dict[str, Any]:
    return account_payload(f"{world.code('new').lower()}@usine.fr", TECHNICIAN)


def _first_admin(world: World, site: uuid.UUID) -> dict[str, Any]:
    return account_payload(f"{world.code('boss').lower()}@usine.fr", ADMIN)


# Spare parts and stock: the rows their payloads act on, made by the commands.


def _stock_move(w: World, site: uuid.UUID, kind: str) -> dict[str, Any]:
    part_id, location_id = w.store(site)
    return {
        "id": uuid.uuid4(),
        "kind": kind,
        "part_id": part_id,
        "location_id": location_id,
        "quantity": "5",
    }


def _stock_moved(w: World, site: uuid.UUID) -> uuid.UUID:
    payload = _stock_move(w, site, "receipt")
    w.mutate("stock.move", payload)
    return uuid.UUID(str(payload["id"]))


def _reservation(w: World, site: uuid.UUID) -> dict[str, Any]:
    part_id, location_id = w.store(site)
    return {
        "id": uuid.uuid4(),
        "part_id": part_id,
        "location_id": location_id,
        "quantity": "2",
        "ref_table": "maintenance_tasks",
        "ref_id": uuid.uuid4(),
    }


def _reserved(w: World, site: uuid.UUID) -> uuid.UUID:
    payload = _reservation(w, site)
    w.mutate("stock.reserve", payload)
    return uuid.UUID(str(payload["id"]))


def _count_session(w: World, site: uuid.UUID) -> uuid.UUID:
    session_id = uuid.uuid4()
    w.mutate("stock.count_start", {"id": session_id, "site_id": site, "name": "Inventaire"})
    return session_id


def _count_line(w: World, site: uuid.UUID, session_id: uuid.UUID) -> dict[str, Any]:
    part_id, location_id = w.store(site)
    return {
        "id": uuid.uuid4(),
        "session_id": session_id,
        "part_id": part_id,
        "location_id": location_id,
        "counted_qty": "3",
    }


def _counted_session(w: World, site: uuid.UUID) -> uuid.UUID:
    session_id = _count_session(w, site)
    w.mutate("stock.count_record", _count_line(w, site, session_id))
    return session_id


def _new_part(w: World) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "reference": w.code("PART"), "description": "Joint torique"}


def _part_link(w: World, site: uuid.UUID) -> uuid.UUID:
    link_id = uuid.uuid4()
    payload = {"id": link_id, "part_id": w.store(site)[0], "equipment_id": w.equipment(site)}
    w.mutate("part.link", payload)
    return link_id


def _supplier(w: World) -> uuid.UUID:
    supplier_id = uuid.uuid4()
    w.mutate("supplier.create", {"id": supplier_id, "name": w.code("Fournisseur")})
    return supplier_id


def _price(w: World, site: uuid.UUID) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "supplier_id": _supplier(w),
        "part_id": w.store(site)[0],
        "unit_price": "9.90",
        "lead_time_days": 10,
        "preferred": True,
    }


def _priced(w: World, site: uuid.UUID) -> uuid.UUID:
    payload = _price(w, site)
    w.mutate("supplier_price.set", payload)
    return uuid.UUID(str(payload["id"]))


def _purchase_order(w: World, site: uuid.UUID) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "site_id": site,
        "supplier_id": _supplier(w),
        "lines": [{"id": uuid.uuid4(), "part_id": w.store(site)[0], "quantity": "4"}],
    }


def _ordered(w: World, site: uuid.UUID) -> uuid.UUID:
    payload = _purchase_order(w, site)
    w.mutate("po.create", payload)
    return uuid.UUID(str(payload["id"]))


def _receipt(w: World, site: uuid.UUID) -> dict[str, Any]:
    payload = _purchase_order(w, site)
    w.mutate("po.create", payload)
    w.mutate("po.transition", {"id": payload["id"], "action": "send"})
    line = payload["lines"][0]
    return {
        "id": payload["id"],
        "lines": [{"line_id": line["id"], "quantity": "4", "location_id": w.store(site)[1]}],
    }


# Preventive maintenance: a weekly plan on a new equipment of the site, its task
# of Monday 2 March 2026 (assigned to the technician, who has no grant on site
# B), the task's sheet, all made by the commands.


def _pm_plan(w: World, site: uuid.UUID) -> uuid.UUID:
    plan_id = uuid.uuid4()
    payload = {
        "id": plan_id,
        "name": "Visite",
        "equipment_id": w.equipment(site),
        "recurrence": {"freq": "weekly", "start": "2026-03-02"},
    }
    w.mutate("plan.create", payload)
    return plan_id


def _pm_template(w: World) -> uuid.UUID:
    template_id = uuid.uuid4()
    payload = {
        "id": template_id,
        "name": "Modèle",
        "is_template": True,
        "equipment_type_id": w.type_id,
    }
    w.mutate("plan.create", payload)
    return template_id


def _pm_task(w: World, site: uuid.UUID, *, assigned: bool = False) -> uuid.UUID:
    from cmms_core.rules.planning import task_id_for

    plan_id = _pm_plan(w, site)
    generate = {"site_id": site, "from_date": "2026-03-02", "until": "2026-03-02"}
    w.mutate("plan.generate_tasks", generate | {"plan_ids": [plan_id]})
    task_id = task_id_for(f"{plan_id}:2026-03-02")
    if assigned:
        w.mutate("task.schedule", {"id": task_id, "assigned_to": w.accounts[TECHNICIAN].id})
    return task_id


def _pm_kit(w: World, site: uuid.UUID) -> dict[str, Any]:
    """A task whose plan has a parts kit, and a store location of its site."""
    from cmms_core.rules.planning import task_id_for

    part_id, location_id = w.store(site)
    plan_id = uuid.uuid4()
    w.mutate(
        "plan.create",
        {
            "id": plan_id,
            "name": "Visite",
            "equipment_id": w.equipment(site),
            "recurrence": {"freq": "weekly", "start": "2026-03-02"},
            "parts_kit": [{"part_id": part_id, "quantity": 2}],
        },
    )
    generate = {"site_id": site, "from_date": "2026-03-02", "until": "2026-03-02"}
    w.mutate("plan.generate_tasks", generate | {"plan_ids": [plan_id]})
    return {"task_id": task_id_for(f"{plan_id}:2026-03-02"), "location_id": location_id}


def _pm_kit_reserved(w: World, site: uuid.UUID) -> dict[str, Any]:
    payload = _pm_kit(w, site)
    w.mutate("task.reserve_kit", payload)
    return {"task_id": payload["task_id"]}


def _pm_sheet(w: World, site: uuid.UUID, *, completed: bool = False) -> uuid.UUID:
    sheet_id = uuid.uuid4()
    w.mutate("intervention.start", {"id": sheet_id, "task_id": _pm_task(w, site, assigned=True)})
    if completed:
        w.mutate("intervention.complete", {"id": sheet_id})
    return sheet_id


def _pm_absence(w: World) -> uuid.UUID:
    absence_id = uuid.uuid4()
    payload = {
        "id": absence_id,
        "user_id": w.spare.id,
        "starts_at": "2026-03-04T00:00:00+00:00",
        "ends_at": "2026-03-05T00:00:00+00:00",
    }
    w.mutate("absence.create", payload)
    return absence_id


# A valid payload for each command acting on (or in) ``site``; the rows it
# refers to are made first, on the server, with versions.
PAYLOADS: Mapping[str, Callable[[World, uuid.UUID], dict[str, Any]]] = {
    "site.create": lambda w, site: {"id": uuid.uuid4(), "code": w.code("S"), "name": "Nantes"},
    "production_line.create": lambda w, site: {
        "id": uuid.uuid4(),
        "site_id": site,
        "code": w.code("L"),
        "name": "Ligne",
    },
    "equipment_type.create": lambda w, site: {
        "id": uuid.uuid4(),
        "code": w.code("T"),
        "name": "Compresseur",
    },
    "equipment.create": lambda w, site: {
        "id": uuid.uuid4(),
        "site_id": site,
        "code": w.code("NEW"),
        "name": "Presse",
        "type_id": w.type_id,
    },
    "equipment.update": lambda w, site: {
        "id": w.equipment(site),
        "fields": {"location": "Hall 9", "criticality": "high"},
    },
    "equipment.set_state": lambda w, site: {
        "id": w.equipment(site),
        "state": "down",
        "reason": "bruit anormal",
    },
    "equipment.delete": lambda w, site: {"id": w.equipment(site)},
    "attachment.add": lambda w, site: attachment_payload(uuid.uuid4(), w.equipment(site)),
    "attachment.remove": lambda w, site: {"id": w.attachment(site)},
    "user.register": _new_account,
    "user.create_first_admin": _first_admin,
    "user.create": _new_account,
    "user.approve": lambda w, site: {"id": w.pending_account(), "role": SUPERVISOR},
    "user.reject": lambda w, site: {"id": w.pending_account()},
    "user.change": lambda w, site: {"id": w.spare.id, "full_name": w.code("Jean")},
    "user.grant_site": lambda w, site: {
        "id": uuid.uuid4(),
        "user_id": w.spare.id,
        "scope_site_id": site,
    },
    "user.revoke_site": lambda w, site: {"id": w.grant(w.spare.id, site)},
    "user.set_password": lambda w, site: {
        "id": w.spare.id,
        "password_hash": hash_password("Nouveau-mot-2026"),
    },
    "conflict.resolve": lambda w, site: {"id": w.conflict(site), "choice": "lost"},
    "failure.report": lambda w, site: {
        "id": uuid.uuid4(),
        "equipment_id": w.equipment(site),
        "description": "Fuite d'huile",
        "urgency": 4,
        "equipment_stopped": True,
        "reported_at": NOW.isoformat(),
    },
    "failure.transition": lambda w, site: {
        "id": w.failure(site),
        "action": "assign",
        "assignee_id": w.accounts[ADMIN].id,
    },
    "failure.restore_service": lambda w, site: {"id": w.failure(site, stopped=True)},
    "failure.set_downtime": lambda w, site: {
        "id": w.failure(site, stopped=True),
        "downtime_start": datetime(2026, 3, 2, 7, 0, tzinfo=UTC).isoformat(),
        "downtime_end": datetime(2026, 3, 2, 9, 30, tzinfo=UTC).isoformat(),
    },
    "repair.save": lambda w, site: {
        "failure_id": w.failure(site, started=True),
        "fields": {"diagnosis": "Roulement grippé", "root_cause": "usure"},
    },
    "repair.sign_off": lambda w, site: {"failure_id": w.failure(site, started=True)},
    "repair.add_part": lambda w, site: w.part_issue(site),
    "repair.remove_part": lambda w, site: {
        "id": uuid.uuid4(),
        "movement_id": w.issued_part(site),
    },
    "stock.move": lambda w, site: _stock_move(w, site, "receipt"),
    "stock.reverse": lambda w, site: {
        "id": uuid.uuid4(),
        "movement_id": _stock_moved(w, site),
    },
    "stock.transfer": lambda w, site: {
        "id": uuid.uuid4(),
        "part_id": w.store(site)[0],
        "from_location_id": w.store(site)[1],
        "to_location_id": w.store(site)[1],
        "quantity": "1",
    },
    "stock.reserve": lambda w, site: _reservation(w, site),
    "stock.release": lambda w, site: {
        "id": uuid.uuid4(),
        "reservation_id": _reserved(w, site),
    },
    "stock.count_start": lambda w, site: {"id": uuid.uuid4(), "site_id": site, "name": "Mars"},
    "stock.count_record": lambda w, site: _count_line(w, site, _count_session(w, site)),
    "stock.count_close": lambda w, site: {"id": _counted_session(w, site)},
    "part.create": lambda w, site: _new_part(w),
    "part.update": lambda w, site: {"id": w.store(site)[0], "fields": {"min_qty": "3"}},
    "part.delete": lambda w, site: {"id": w.store(site)[0]},
    "part.link": lambda w, site: {
        "id": uuid.uuid4(),
        "part_id": w.store(site)[0],
        "equipment_id": w.equipment(site),
    },
    "part.unlink": lambda w, site: {"id": _part_link(w, site)},
    "location.create": lambda w, site: {
        "id": uuid.uuid4(),
        "site_id": site,
        "code": w.code("LOC"),
        "store": "Magasin",
    },
    "location.update": lambda w, site: {"id": w.store(site)[1], "fields": {"shelf": "4"}},
    "supplier.create": lambda w, site: {"id": uuid.uuid4(), "name": w.code("Fournisseur")},
    "supplier.update": lambda w, site: {"id": _supplier(w), "fields": {"phone": "0102030405"}},
    "supplier_price.set": lambda w, site: _price(w, site),
    "supplier_price.remove": lambda w, site: {"id": _priced(w, site)},
    "po.create": lambda w, site: _purchase_order(w, site),
    "po.update": lambda w, site: {"id": _ordered(w, site), "fields": {"notes": "Urgent"}},
    "po.transition": lambda w, site: {"id": _ordered(w, site), "action": "send"},
    "po.receive": lambda w, site: _receipt(w, site),
    "plan.create": lambda w, site: {
        "id": uuid.uuid4(),
        "name": "Visite",
        "equipment_id": w.equipment(site),
        "recurrence": {"freq": "weekly"},
    },
    "plan.update": lambda w, site: {"id": _pm_plan(w, site), "fields": {"estimated_minutes": 45}},
    "plan.apply_template": lambda w, site: {
        "template_id": _pm_template(w),
        "equipment_ids": [w.equipment(site)],
    },
    "plan.generate_tasks": lambda w, site: {
        "site_id": site,
        "from_date": "2026-03-02",
        "until": "2026-03-08",
        "plan_ids": [_pm_plan(w, site)],
    },
    "task.schedule": lambda w, site: {
        "id": _pm_task(w, site),
        "scheduled_start": "2026-03-03T09:00:00+00:00",
    },
    "task.auto_assign": lambda w, site: {"site_id": site, "task_ids": [_pm_task(w, site)]},
    "task.reserve_kit": _pm_kit,
    "task.release_kit": _pm_kit_reserved,
    "absence.create": lambda w, site: {
        "id": uuid.uuid4(),
        "user_id": w.spare.id,
        "starts_at": "2026-03-04T00:00:00+00:00",
        "ends_at": "2026-03-05T00:00:00+00:00",
        "reason": "congés",
    },
    "absence.delete": lambda w, site: {"id": _pm_absence(w)},
    "technician.set_profile": lambda w, site: {"id": w.spare.id, "skills": [w.code("skill")]},
    "meter.record": lambda w, site: {
        "id": uuid.uuid4(),
        "equipment_id": w.equipment(site),
        "meter": "hours",
        "value": "1200.5",
        "read_at": "2026-03-02T07:00:00+00:00",
    },
    "intervention.start": lambda w, site: {
        "id": uuid.uuid4(),
        "task_id": _pm_task(w, site, assigned=True),
    },
    "intervention.save_checklist": lambda w, site: {
        "id": _pm_sheet(w, site),
        "report": "Filtre changé",
    },
    "intervention.complete": lambda w, site: {"id": _pm_sheet(w, site)},
    "intervention.validate": lambda w, site: {"id": _pm_sheet(w, site, completed=True)},
    "intervention.reject": lambda w, site: {
        "id": _pm_sheet(w, site, completed=True),
        "comment": "Photo manquante",
    },
}


# ------------------------------------------------------------------ helpers


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class RowState:
    """What a snapshot keeps of a row: its version, its bucket and a digest of all its values."""

    version: int
    site_id: uuid.UUID | None
    digest: str


Snapshot = dict[tuple[str, uuid.UUID], RowState]


@functools.cache
def _snapshot_sql() -> str:
    return " UNION ALL ".join(
        f"SELECT '{table.name}', r.id, r.site_id, r.version, md5(r::text) FROM \"{table.name}\" r"
        for table in synced_tables()
    )


def snapshot(db: Engine) -> Snapshot:
    """Every synced row, by (table, id), in one query: any change of any value shows."""
    with db.connect() as connection:
        rows = connection.exec_driver_sql(_snapshot_sql())
        return {(name, row_id): RowState(v, site, digest) for name, row_id, site, v, digest in rows}


def changed_rows(before: Snapshot, after: Snapshot) -> dict[tuple[str, uuid.UUID], RowState]:
    """The rows that are new or differ; none may have disappeared (no hard delete)."""
    gone = before.keys() - after.keys()
    assert not gone, f"rows were hard-deleted: {gone}"
    return {key: state for key, state in after.items() if before.get(key) != state}


def actors_of(db: Engine, changed: Mapping[tuple[str, uuid.UUID], RowState]) -> set[Any]:
    """The actor_id of the changed rows that name one (audit entries, history lines)."""
    by_name = {table.name: table for table in synced_tables()}
    actors: set[Any] = set()
    with db.connect() as connection:
        for name, row_id in changed:
            table = by_name[name]
            if "actor_id" in table.c:
                query = select(table.c.actor_id).where(table.c.id == row_id)
                actors.add(connection.execute(query).scalar_one())
    return actors


def push(
    client: TestClient,
    headers: Mapping[str, str],
    *mutations: Mapping[str, Any],
    **envelope: Any,
) -> Any:
    body = {**V, "device_id": "pc-test", "mutations": [jsonable(m) for m in mutations], **envelope}
    return client.post("/sync/push", json=body, headers=dict(headers))


def push_one(
    client: TestClient, headers: Mapping[str, str], name: str, payload: Mapping[str, Any]
) -> tuple[uuid.UUID, dict[str, Any]]:
    mutation_id = uuid.uuid4()
    answer = push(client, headers, {"id": mutation_id, "name": name, "payload": payload})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert len(results) == 1 and results[0]["id"] == str(mutation_id), results
    result: dict[str, Any] = results[0]
    return mutation_id, result


def decided(db: Engine, mutation_id: uuid.UUID) -> dict[str, Any]:
    with db.connect() as connection:
        row = (
            connection.execute(
                select(applied_mutations).where(applied_mutations.c.id == mutation_id)
            )
            .mappings()
            .one()
        )
    return dict(row)


# ------------------------------------------------------------------ the matrix

CASES = [
    pytest.param(role, command, id=f"{role}-{command}")
    for role in ROLES
    for command in sorted(MUTATIONS)
]


def test_the_expectation_table_covers_every_registered_command() -> None:
    assert set(EXPECTED) == set(MUTATIONS), "add the new command to EXPECTED and PAYLOADS"
    assert set(PAYLOADS) == set(MUTATIONS)


def test_the_table_gives_each_role_something_and_refuses_each_something() -> None:
    """A sanity check of the table itself (a table allowing everything proves nothing)."""
    for role in ROLES:
        allowed = {command for command, rule in EXPECTED.items() if role in rule.roles}
        assert allowed and allowed != set(EXPECTED), role


def check_case(world: World, role: str, command: str, site: uuid.UUID) -> None:
    """Push ``command`` as ``role`` on a row of ``site``; compare with the table."""
    where = "granted site A" if site == world.site_a else "other site B"
    case = f"{role} pushing {command} on {where}"
    payload = PAYLOADS[command](world, site)
    headers = world.headers(role)
    actor = world.accounts[role]
    expected = may(role, command, site, world.granted(role))

    before = snapshot(world.db)
    mutation_id, result = push_one(world.client, headers, command, payload)
    after = snapshot(world.db)
    record = decided(world.db, mutation_id)
    assert record["user_id"] == actor.id, case  # the token's owner, nobody else

    if expected:
        assert result["status"] == "applied", (case, result)
        version = result["version"]
        changed = changed_rows(before, after)
        assert changed, f"{case}: applied, but wrote nothing"
        wrong = {key: row.version for key, row in changed.items() if row.version != version}
        assert not wrong, f"{case}: rows not stamped with the answer's version {version}: {wrong}"
        assert any(name == audit_log.name for name, _ in changed), f"{case}: no audit entry"
        assert actors_of(world.db, changed) == {actor.id}, case
        assert record["status"] == "applied" and record["version"] == version, case
    else:
        assert result["status"] == "rejected", (case, result)
        assert result["code"] == "forbidden", (case, result)
        assert result["message"], case
        assert after == before, f"{case}: refused, but wrote {changed_rows(before, after)}"
        assert (record["status"], record["code"]) == ("rejected", "forbidden"), case


@pytest.mark.parametrize(("role", "command"), CASES)
def test_push_applies_exactly_what_the_role_and_site_allow(
    world: World, role: str, command: str
) -> None:
    """On a row of the site granted to the account (A), then of another one (B)."""
    if role != ADMIN:
        assert world.granted(role) == {world.site_a}  # the world the cases assume
    for site in (world.site_a, world.site_b):
        check_case(world, role, command, site)


def test_a_refusal_in_the_middle_of_a_push_keeps_the_rest(world: World) -> None:
    """Allowed, refused, allowed in one push: the refused one alone is left out."""
    headers = world.headers(SUPERVISOR)
    in_a = PAYLOADS["equipment.create"](world, world.site_a)
    in_b = PAYLOADS["equipment.create"](world, world.site_b)
    also_a = PAYLOADS["equipment.update"](world, world.site_a)
    before = snapshot(world.db)
    answer = push(
        world.client,
        headers,
        {"id": uuid.uuid4(), "name": "equipment.create", "payload": in_a},
        {"id": uuid.uuid4(), "name": "equipment.create", "payload": in_b},
        {"id": uuid.uuid4(), "name": "equipment.update", "payload": also_a},
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["code"] == "forbidden"
    changed = changed_rows(before, snapshot(world.db))
    assert {row.site_id for row in changed.values()} == {world.site_a}
    assert ("equipments", in_b["id"]) not in changed


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_set_their_own_password(world: World, role: str) -> None:
    """Not a right of the role: one's own account. The hash never enters the audit trail."""
    account = world.accounts[role]
    new_hash = hash_password("Mon-nouveau-2026")
    headers = world.headers(role)
    before = snapshot(world.db)
    _, result = push_one(
        world.client, headers, "user.set_password", {"id": account.id, "password_hash": new_hash}
    )
    assert result["status"] == "applied", result
    changed = changed_rows(before, snapshot(world.db))
    assert {name for name, _ in changed} == {"users", "audit_log"}
    with world.db.connect() as connection:
        stored = connection.execute(
            select(users.c.password_hash).where(users.c.id == account.id)
        ).scalar_one()
        trail = connection.execute(
            select(audit_log.c.changes).where(
                audit_log.c.id.in_([row_id for name, row_id in changed if name == "audit_log"])
            )
        ).scalars()
        assert stored == new_hash
        assert all(new_hash not in str(changes) for changes in trail)
    # and the new password is the one that logs in
    answer = world.client.post(
        "/auth/login",
        json={"email": account.email, "password": "Mon-nouveau-2026", "device_id": "pc-test"},
    )
    assert answer.status_code == 200, answer.text
