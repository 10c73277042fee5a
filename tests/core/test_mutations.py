"""Named commands run through ``run_mutation`` on SQLite (a replica) and PostgreSQL alike.

Every test runs on both databases: the same domain code is applied
optimistically on the client and authoritatively on the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, RowMapping, Table, func, select

from cmms_core.mutations import MUTATIONS, MutationContext, MutationRejected, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema import synced_tables
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipments, production_lines, sites
from cmms_core.schema.maintenance import maintenance_history
from cmms_core.schema.people import user_permissions, users
from cmms_desktop.store.replica import Replica

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)
DEVICE = "test-device"
# Payloads carry a hash made on the device; its content does not matter here.
FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Engine:
    """An empty database with the schema: a fresh replica, then the test PostgreSQL."""
    if request.param == "sqlite":
        engine: Engine = request.getfixturevalue("replica").engine
        return engine
    engine = request.getfixturevalue("pg_engine")
    return engine


def run(
    engine: Engine,
    actor: Actor | None,
    name: str,
    payload: Mapping[str, Any],
    *,
    now: datetime = NOW,
    offline: bool = True,
    version: int | None = None,
) -> None:
    """Run one command in its own transaction, as the writer and the server do."""
    with engine.begin() as connection:
        ctx = MutationContext(
            conn=connection,
            actor=actor,
            now=now,
            device_id=DEVICE,
            offline=offline,
            version=version,
        )
        run_mutation(ctx, name, payload)


def refused(
    engine: Engine,
    actor: Actor | None,
    name: str,
    payload: Mapping[str, Any],
    code: str,
    **kwargs: Any,
) -> MutationRejected:
    """Run a command that must be refused with ``code`` and must write nothing."""
    before = _row_counts(engine)
    with pytest.raises(MutationRejected) as raised:
        run(engine, actor, name, payload, **kwargs)
    assert raised.value.code == code, raised.value.message
    assert _row_counts(engine) == before
    return raised.value


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (equipments, audit_log, users, user_permissions, maintenance_history)
        }


def fetch(engine: Engine, table: Table, row_id: uuid.UUID) -> RowMapping:
    with engine.connect() as connection:
        return connection.execute(select(table).where(table.c.id == row_id)).mappings().one()


def audits(engine: Engine, entity_id: uuid.UUID) -> list[RowMapping]:
    with engine.connect() as connection:
        query = select(audit_log).where(audit_log.c.entity_id == entity_id)
        rows = connection.execute(query).mappings().all()
    # `at` is the same for a command's rows: order by action and time for stable lists
    return sorted(rows, key=lambda row: (row["at"], row["action"]))


def account(role: Role = Role.TECHNICIAN, email: str | None = None) -> dict[str, Any]:
    user_id = uuid.uuid4()
    return {
        "id": str(user_id),
        "email": email or f"{user_id.hex[:8]}@usine.example",
        "full_name": "Jeanne Martin",
        "password_hash": FAKE_HASH,
        "role": role.value,
    }


@dataclass(frozen=True)
class Plant:
    """Two sites, one equipment type and a line in each site, run by ``admin``."""

    engine: Engine
    admin: Actor
    site_a: uuid.UUID
    site_b: uuid.UUID
    type_id: uuid.UUID
    line_a: uuid.UUID
    line_b: uuid.UUID

    def actor(self, role: Role, *site_ids: uuid.UUID) -> Actor:
        """A new active user of ``role`` (audit rows point at real users) acting on ``site_ids``."""
        new_account = account(role)
        run(self.engine, self.admin, "user.create", new_account)
        user_id = uuid.UUID(new_account["id"])
        return Actor(user_id=user_id, role=role, site_ids=frozenset(site_ids))

    def equipment(
        self,
        code: str,
        *,
        site: uuid.UUID | None = None,
        actor: Actor | None = None,
        **fields: Any,
    ) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        run(
            self.engine,
            actor or self.admin,
            "equipment.create",
            {
                "id": str(equipment_id),
                "site_id": str(site or self.site_a),
                "code": code,
                "name": f"Machine {code}",
                "type_id": str(self.type_id),
                **fields,
            },
        )
        return equipment_id


@pytest.fixture
def plant(db: Engine) -> Plant:
    admin_account = account(Role.ADMIN, "admin@usine.example")
    run(db, None, "user.create_first_admin", admin_account)
    admin = Actor(user_id=uuid.UUID(admin_account["id"]), role=Role.ADMIN, site_ids=None)
    site_a, site_b, type_id, line_a, line_b = (uuid.uuid4() for _ in range(5))
    for site_id, code in ((site_a, "LYON"), (site_b, "NANTES")):
        run(db, admin, "site.create", {"id": str(site_id), "code": code, "name": f"Usine {code}"})
    run(db, admin, "equipment_type.create", {"id": str(type_id), "code": "PRESS", "name": "Presse"})
    for line_id, site_id in ((line_a, site_a), (line_b, site_b)):
        run(
            db,
            admin,
            "production_line.create",
            {"id": str(line_id), "site_id": str(site_id), "code": "L1", "name": "Ligne 1"},
        )
    return Plant(db, admin, site_a, site_b, type_id, line_a, line_b)


# --------------------------------------------------------------------------- registry


def test_registry_names_match_specs() -> None:
    assert {"equipment.create", "equipment.update", "equipment.set_state"} <= set(MUTATIONS)
    assert all(name == spec.name for name, spec in MUTATIONS.items())


def test_unknown_command_is_refused(plant: Plant) -> None:
    refused(plant.engine, plant.admin, "equipment.explode", {}, "unknown_mutation")


# ----------------------------------------------------------------- equipment lifecycle


def test_create_equipment_writes_the_row_and_its_audit(plant: Plant) -> None:
    equipment_id = plant.equipment(
        "P-101",
        line_id=str(plant.line_a),
        criticality="high",
        commissioning_date="2019-05-01",
    )
    row = fetch(plant.engine, equipments, equipment_id)
    assert row["code"] == "P-101"
    assert row["site_id"] == plant.site_a
    assert row["line_id"] == plant.line_a
    assert row["state"] == "active"
    assert row["criticality"] == "high"
    assert row["commissioning_date"] == date(2019, 5, 1)
    assert row["state_changed_at"] == NOW
    assert (row["created_at"], row["updated_at"], row["deleted_at"]) == (NOW, NOW, None)
    assert row["version"] == 0  # offline: the server has not seen it

    [audit] = audits(plant.engine, equipment_id)
    assert audit["action"] == "equipment.create"
    assert audit["entity"] == "equipments"
    assert audit["actor_id"] == plant.admin.user_id
    assert audit["site_id"] == plant.site_a
    assert (audit["device_id"], audit["offline"], audit["at"]) == (DEVICE, True, NOW)
    changes = audit["changes"]
    assert changes["code"] == [None, "P-101"]
    assert changes["type_id"] == [None, str(plant.type_id)]
    assert changes["commissioning_date"] == [None, "2019-05-01"]
    assert changes["state"] == [None, "active"]
    assert "id" not in changes
    assert "manufacturer" not in changes  # empty fields are not news


def test_server_run_stamps_its_version_on_row_and_audit(plant: Plant) -> None:
    equipment_id = uuid.uuid4()
    payload = {
        "id": str(equipment_id),
        "site_id": str(plant.site_a),
        "code": "P-7",
        "name": "Presse 7",
        "type_id": str(plant.type_id),
    }
    run(plant.engine, plant.admin, "equipment.create", payload, offline=False, version=42)
    assert fetch(plant.engine, equipments, equipment_id)["version"] == 42
    [audit] = audits(plant.engine, equipment_id)
    assert (audit["version"], audit["offline"]) == (42, False)


def test_update_writes_only_the_given_fields_and_audits_old_and_new(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1", manufacturer="Schuler")
    fields = {"name": "Presse à injecter", "criticality": "high", "manufacturer": "Schuler"}
    run(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(equipment_id), "fields": fields},
        now=LATER,
    )
    row = fetch(plant.engine, equipments, equipment_id)
    assert (row["name"], row["criticality"], row["code"]) == ("Presse à injecter", "high", "P-1")
    assert row["updated_at"] == LATER
    assert row["created_at"] == NOW
    update_audit = audits(plant.engine, equipment_id)[-1]
    assert update_audit["action"] == "equipment.update"
    # manufacturer did not change: it is not in the audit
    assert update_audit["changes"] == {
        "name": ["Machine P-1", "Presse à injecter"],
        "criticality": ["medium", "high"],
    }


def test_update_that_changes_nothing_writes_no_audit(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    run(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(equipment_id), "fields": {"name": "Machine P-1"}},
        now=LATER,
    )
    assert len(audits(plant.engine, equipment_id)) == 1
    assert fetch(plant.engine, equipments, equipment_id)["updated_at"] == NOW


def test_set_state_records_history_and_audit(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    payload = {"id": str(equipment_id), "state": "down", "reason": "fuite hydraulique"}
    run(plant.engine, plant.admin, "equipment.set_state", payload, now=LATER)

    row = fetch(plant.engine, equipments, equipment_id)
    assert (row["state"], row["state_changed_at"]) == ("down", LATER)
    with plant.engine.connect() as connection:
        [history] = connection.execute(select(maintenance_history)).mappings().all()
    assert history["equipment_id"] == equipment_id
    assert history["site_id"] == plant.site_a
    assert history["event_type"] == "state_change"
    assert history["summary"] == "active -> down: fuite hydraulique"
    assert (history["occurred_at"], history["actor_id"]) == (LATER, plant.admin.user_id)
    state_audit = [a for a in audits(plant.engine, equipment_id) if a["at"] == LATER]
    assert [a["action"] for a in state_audit] == ["equipment.set_state"]
    assert state_audit[0]["changes"]["state"] == ["active", "down"]


def test_set_state_refuses_a_forbidden_transition(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    run(
        plant.engine,
        plant.admin,
        "equipment.set_state",
        {"id": str(equipment_id), "state": "out_of_service"},
    )
    error = refused(
        plant.engine,
        plant.admin,
        "equipment.set_state",
        {"id": str(equipment_id), "state": "down"},
        "invalid_state",
    )
    assert error.field_errors == {"state": "invalid_transition"}
    # staying in the same state is not a transition either
    refused(
        plant.engine,
        plant.admin,
        "equipment.set_state",
        {"id": str(equipment_id), "state": "out_of_service"},
        "invalid_state",
    )


def test_delete_leaves_a_tombstone(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    run(plant.engine, plant.admin, "equipment.delete", {"id": str(equipment_id)}, now=LATER)

    row = fetch(plant.engine, equipments, equipment_id)  # still there
    assert row["deleted_at"] == LATER
    assert row["updated_at"] == LATER
    delete_audit = audits(plant.engine, equipment_id)[-1]
    assert delete_audit["action"] == "equipment.delete"
    assert delete_audit["changes"] == {"deleted_at": [None, LATER.isoformat(sep=" ")]}

    # a deleted equipment is gone for every command
    refused(plant.engine, plant.admin, "equipment.delete", {"id": str(equipment_id)}, "not_found")
    refused(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(equipment_id), "fields": {"name": "x"}},
        "not_found",
    )


def test_delete_refuses_an_equipment_with_live_children(plant: Plant) -> None:
    parent = plant.equipment("P-1")
    child = plant.equipment("P-1-A", parent_id=str(parent))
    refused(plant.engine, plant.admin, "equipment.delete", {"id": str(parent)}, "has_children")
    run(plant.engine, plant.admin, "equipment.delete", {"id": str(child)})
    run(plant.engine, plant.admin, "equipment.delete", {"id": str(parent)})
    assert fetch(plant.engine, equipments, parent)["deleted_at"] == NOW


# ------------------------------------------------------------------------- validation


def test_duplicate_code_is_refused_on_create_and_update(plant: Plant) -> None:
    plant.equipment("P-1")
    other = plant.equipment("P-2")
    payload = {
        "id": str(uuid.uuid4()),
        "site_id": str(plant.site_b),
        "code": "P-1",
        "name": "Doublon",
        "type_id": str(plant.type_id),
    }
    error = refused(plant.engine, plant.admin, "equipment.create", payload, "invalid")
    assert error.field_errors == {"code": "duplicate"}
    error = refused(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(other), "fields": {"code": "P-1"}},
        "invalid",
    )
    assert error.field_errors == {"code": "duplicate"}


def test_code_of_a_deleted_equipment_is_refused_cleanly(plant: Plant) -> None:
    # The database keeps the tombstone's code unique: the command must say so
    # itself, not fail on the constraint.
    deleted = plant.equipment("P-1")
    run(plant.engine, plant.admin, "equipment.delete", {"id": str(deleted)})
    payload = {
        "id": str(uuid.uuid4()),
        "site_id": str(plant.site_a),
        "code": "P-1",
        "name": "Remplaçante",
        "type_id": str(plant.type_id),
    }
    error = refused(plant.engine, plant.admin, "equipment.create", payload, "invalid")
    assert error.field_errors == {"code": "duplicate"}


def test_links_to_another_site_or_nowhere_are_refused_together(plant: Plant) -> None:
    plant.equipment("P-1")
    payload = {
        "id": str(uuid.uuid4()),
        "site_id": str(plant.site_a),
        "code": "P-1",
        "name": "Mauvais liens",
        "type_id": str(uuid.uuid4()),
        "line_id": str(plant.line_b),
    }
    error = refused(plant.engine, plant.admin, "equipment.create", payload, "invalid")
    assert error.field_errors == {
        "code": "duplicate",
        "type_id": "not_found",
        "line_id": "other_site",
    }


def test_parent_must_be_in_the_same_site_and_make_no_cycle(plant: Plant) -> None:
    top = plant.equipment("TOP")
    middle = plant.equipment("MID", parent_id=str(top))
    bottom = plant.equipment("BOT", parent_id=str(middle))
    elsewhere = plant.equipment("NANTES-1", site=plant.site_b)

    def parent_error(child: uuid.UUID, parent: uuid.UUID) -> dict[str, str]:
        payload = {"id": str(child), "fields": {"parent_id": str(parent)}}
        error = refused(plant.engine, plant.admin, "equipment.update", payload, "invalid")
        return error.field_errors

    assert parent_error(top, bottom) == {"parent_id": "cycle"}
    assert parent_error(top, top) == {"parent_id": "cycle"}
    assert parent_error(bottom, elsewhere) == {"parent_id": "other_site"}
    assert parent_error(bottom, uuid.uuid4()) == {"parent_id": "not_found"}
    # moving a branch under a sibling is fine
    other_top = plant.equipment("TOP-2")
    run(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(middle), "fields": {"parent_id": str(other_top)}},
    )
    assert fetch(plant.engine, equipments, middle)["parent_id"] == other_top


def test_update_refuses_fields_that_are_not_editable_there(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    error = refused(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(equipment_id), "fields": {"state": "down", "site_id": str(plant.site_b)}},
        "invalid",
    )
    assert error.field_errors == {"state": "not_editable", "site_id": "not_editable"}


def test_update_refuses_a_malformed_field_value(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    error = refused(
        plant.engine,
        plant.admin,
        "equipment.update",
        {"id": str(equipment_id), "fields": {"criticality": "extreme", "name": ""}},
        "invalid",
    )
    assert set(error.field_errors) == {"criticality", "name"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": "not-a-uuid"}, {"id": "uuid_parsing"}),
        ({"name": None}, {"name": "string_type"}),
        ({"code": ""}, {"code": "string_too_short"}),
        ({"criticality": "extreme"}, {"criticality": "literal_error"}),
        ({"colour": "rouge"}, {"colour": "extra_forbidden"}),
        ({"commissioning_date": "hier"}, {"commissioning_date": "date_from_datetime_parsing"}),
    ],
)
def test_malformed_payload_is_refused_with_field_errors(
    plant: Plant, change: dict[str, Any], expected: dict[str, str]
) -> None:
    payload = {
        "id": str(uuid.uuid4()),
        "site_id": str(plant.site_a),
        "code": "P-1",
        "name": "Presse",
        "type_id": str(plant.type_id),
        **change,
    }
    error = refused(plant.engine, plant.admin, "equipment.create", payload, "invalid")
    assert error.field_errors == expected


def test_missing_fields_are_named(plant: Plant) -> None:
    error = refused(plant.engine, plant.admin, "equipment.create", {}, "invalid")
    assert error.field_errors == {
        "id": "missing",
        "site_id": "missing",
        "code": "missing",
        "name": "missing",
        "type_id": "missing",
    }


# ------------------------------------------------------------------------ permissions


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN, {"create", "update", "set_state", "delete"}),
        (Role.SUPERVISOR, {"create", "update", "set_state", "delete"}),
        (Role.TECHNICIAN, {"set_state"}),
        (Role.STOREKEEPER, set()),
    ],
)
def test_equipment_commands_follow_the_role_matrix(
    plant: Plant, role: Role, allowed: set[str]
) -> None:
    actor = plant.actor(role, plant.site_a)
    existing = plant.equipment("P-1")
    attempts: dict[str, tuple[str, dict[str, Any]]] = {
        "create": (
            "equipment.create",
            {
                "id": str(uuid.uuid4()),
                "site_id": str(plant.site_a),
                "code": "P-2",
                "name": "Presse 2",
                "type_id": str(plant.type_id),
            },
        ),
        "update": ("equipment.update", {"id": str(existing), "fields": {"name": "Renommée"}}),
        "set_state": ("equipment.set_state", {"id": str(existing), "state": "down"}),
        "delete": ("equipment.delete", {"id": str(existing)}),
    }
    for short, (name, payload) in attempts.items():  # delete last: it ends the row
        if short in allowed:
            run(plant.engine, actor, name, payload)
        else:
            error = refused(plant.engine, actor, name, payload, "forbidden")
            assert role.value in error.message


def test_a_site_outside_the_actor_scope_is_refused(plant: Plant) -> None:
    in_b = plant.equipment("NANTES-1", site=plant.site_b)
    supervisor = plant.actor(Role.SUPERVISOR, plant.site_a)
    technician = plant.actor(Role.TECHNICIAN, plant.site_a)
    payload = {
        "id": str(uuid.uuid4()),
        "site_id": str(plant.site_b),
        "code": "P-9",
        "name": "Hors site",
        "type_id": str(plant.type_id),
    }
    error = refused(plant.engine, supervisor, "equipment.create", payload, "forbidden")
    assert str(plant.site_b) in error.message
    refused(
        plant.engine,
        supervisor,
        "equipment.update",
        {"id": str(in_b), "fields": {"name": "x"}},
        "forbidden",
    )
    refused(
        plant.engine,
        technician,
        "equipment.set_state",
        {"id": str(in_b), "state": "down"},
        "forbidden",
    )
    nowhere = plant.actor(Role.SUPERVISOR)  # no site at all, not "every site"
    refused(plant.engine, nowhere, "equipment.create", payload, "forbidden")
    # the global catalogue belongs to no site: the role alone decides
    run(
        plant.engine,
        supervisor,
        "equipment_type.create",
        {"id": str(uuid.uuid4()), "code": "PUMP", "name": "Pompe"},
    )


def test_commands_need_a_logged_in_user(plant: Plant) -> None:
    equipment_id = plant.equipment("P-1")
    refused(
        plant.engine,
        None,
        "equipment.set_state",
        {"id": str(equipment_id), "state": "down"},
        "forbidden",
    )


def test_only_settings_managers_create_sites(plant: Plant) -> None:
    supervisor = plant.actor(Role.SUPERVISOR, plant.site_a)
    payload = {"id": str(uuid.uuid4()), "code": "PARIS", "name": "Usine de Paris"}
    refused(plant.engine, supervisor, "site.create", payload, "forbidden")
    error = refused(
        plant.engine, plant.admin, "site.create", {**payload, "code": "LYON"}, "duplicate"
    )
    assert error.field_errors == {"code": "duplicate"}
    run(plant.engine, plant.admin, "site.create", payload)
    assert fetch(plant.engine, sites, uuid.UUID(payload["id"]))["site_id"] is None


def test_production_line_codes_are_unique_per_site(plant: Plant) -> None:
    payload = {"id": str(uuid.uuid4()), "site_id": str(plant.site_a), "code": "L1", "name": "x"}
    refused(plant.engine, plant.admin, "production_line.create", payload, "duplicate")
    run(plant.engine, plant.admin, "production_line.create", {**payload, "code": "L2"})
    row = fetch(plant.engine, production_lines, uuid.UUID(payload["id"]))
    assert row["site_id"] == plant.site_a


# ------------------------------------------------------------------------- accounts


def test_first_admin_only_on_an_empty_database(db: Engine) -> None:
    technician = account(Role.TECHNICIAN)
    error = refused(db, None, "user.create_first_admin", technician, "invalid")
    assert error.field_errors == {"role": "admin"}

    first = account(Role.ADMIN, "Chef@Usine.example")
    run(db, None, "user.create_first_admin", first)
    row = fetch(db, users, uuid.UUID(first["id"]))
    assert (row["status"], row["role"], row["email"]) == ("active", "admin", "chef@usine.example")
    assert row["site_id"] is None

    refused(db, None, "user.create_first_admin", account(Role.ADMIN), "forbidden")


def test_registration_waits_for_approval(plant: Plant) -> None:
    request = account(Role.SUPERVISOR, "Nouveau@Usine.example")
    run(plant.engine, None, "user.register", request)
    user_id = uuid.UUID(request["id"])
    row = fetch(plant.engine, users, user_id)
    assert (row["status"], row["email"]) == ("pending", "nouveau@usine.example")

    # the e-mail is taken whatever its case
    again = account(Role.TECHNICIAN, "NOUVEAU@usine.example")
    error = refused(plant.engine, None, "user.register", again, "duplicate")
    assert error.field_errors == {"email": "duplicate"}

    # only users.manage decides; the admin may correct the requested role
    supervisor = plant.actor(Role.SUPERVISOR, plant.site_a)
    refused(plant.engine, supervisor, "user.approve", {"id": str(user_id)}, "forbidden")
    run(
        plant.engine,
        plant.admin,
        "user.approve",
        {"id": str(user_id), "role": "technician"},
        now=LATER,
    )
    row = fetch(plant.engine, users, user_id)
    assert (row["status"], row["role"]) == ("active", "technician")
    assert (row["approved_by"], row["approved_at"]) == (plant.admin.user_id, LATER)
    approval = audits(plant.engine, user_id)[-1]
    assert approval["action"] == "user.approve"
    assert approval["changes"]["status"] == ["pending", "active"]
    assert approval["changes"]["role"] == ["supervisor", "technician"]

    refused(plant.engine, plant.admin, "user.approve", {"id": str(user_id)}, "invalid_state")
    refused(plant.engine, plant.admin, "user.reject", {"id": str(user_id)}, "invalid_state")


def test_rejected_registration_cannot_be_approved_later(plant: Plant) -> None:
    request = account(Role.TECHNICIAN)
    run(plant.engine, None, "user.register", request)
    run(plant.engine, plant.admin, "user.reject", {"id": request["id"]})
    assert fetch(plant.engine, users, uuid.UUID(request["id"]))["status"] == "rejected"
    refused(plant.engine, plant.admin, "user.approve", {"id": request["id"]}, "invalid_state")


def test_an_admin_cannot_lock_themselves_out(plant: Plant) -> None:
    me = str(plant.admin.user_id)
    refused(plant.engine, plant.admin, "user.change", {"id": me, "role": "supervisor"}, "invalid")
    refused(plant.engine, plant.admin, "user.change", {"id": me, "status": "disabled"}, "invalid")
    run(plant.engine, plant.admin, "user.change", {"id": me, "full_name": "Chef d'atelier"})
    assert fetch(plant.engine, users, plant.admin.user_id)["full_name"] == "Chef d'atelier"

    # ... but may disable another administrator
    other = account(Role.ADMIN)
    run(plant.engine, plant.admin, "user.create", other)
    run(plant.engine, plant.admin, "user.change", {"id": other["id"], "status": "disabled"})
    assert fetch(plant.engine, users, uuid.UUID(other["id"]))["status"] == "disabled"


def test_site_grants_are_global_rows_and_revoked_by_tombstone(plant: Plant) -> None:
    technician = account(Role.TECHNICIAN)
    run(plant.engine, plant.admin, "user.create", technician)
    grant_id = uuid.uuid4()
    grant = {"id": str(grant_id), "user_id": technician["id"], "scope_site_id": str(plant.site_a)}

    refused(
        plant.engine,
        plant.actor(Role.SUPERVISOR, plant.site_a),
        "user.grant_site",
        grant,
        "forbidden",
    )
    refused(
        plant.engine,
        plant.admin,
        "user.grant_site",
        {**grant, "scope_site_id": str(uuid.uuid4())},
        "not_found",
    )
    run(plant.engine, plant.admin, "user.grant_site", grant)
    row = fetch(plant.engine, user_permissions, grant_id)
    assert row["site_id"] is None  # every device learns who may see what
    assert (row["user_id"], row["scope_site_id"]) == (uuid.UUID(technician["id"]), plant.site_a)
    assert audits(plant.engine, grant_id)[0]["action"] == "user.grant_site"

    run(plant.engine, plant.admin, "user.revoke_site", {"id": str(grant_id)}, now=LATER)
    assert fetch(plant.engine, user_permissions, grant_id)["deleted_at"] == LATER
    refused(plant.engine, plant.admin, "user.revoke_site", {"id": str(grant_id)}, "not_found")


# ------------------------------------------------------------------ both databases


def test_the_same_commands_write_the_same_rows_on_both_databases(
    replica: Replica, pg_engine: Engine
) -> None:
    """Replica and server run a command under the same mutation id: identical rows result."""
    admin_id, site, kind, equipment = (uuid.uuid4() for _ in range(4))
    admin = Actor(user_id=admin_id, role=Role.ADMIN, site_ids=None)
    commands: list[tuple[Actor | None, str, dict[str, Any]]] = [
        (None, "user.create_first_admin", {**account(Role.ADMIN), "id": str(admin_id)}),
        (admin, "site.create", {"id": str(site), "code": "LYON", "name": "Lyon"}),
        (admin, "equipment_type.create", {"id": str(kind), "code": "P", "name": "Presse"}),
        (
            admin,
            "equipment.create",
            {
                "id": str(equipment),
                "site_id": str(site),
                "code": "P-1",
                "name": "Presse",
                "type_id": str(kind),
                "commissioning_date": "2021-04-01",
            },
        ),
        (admin, "equipment.set_state", {"id": str(equipment), "state": "down", "reason": "bruit"}),
        (admin, "equipment.update", {"id": str(equipment), "fields": {"criticality": "high"}}),
        (admin, "equipment.delete", {"id": str(equipment)}),
    ]
    mutation_ids = [uuid.uuid4() for _ in commands]
    for engine in (replica.engine, pg_engine):
        for (actor, name, payload), mutation_id in zip(commands, mutation_ids, strict=True):
            with engine.begin() as connection:
                ctx = MutationContext(
                    conn=connection,
                    actor=actor,
                    now=NOW,
                    device_id=DEVICE,
                    offline=True,
                    mutation_id=mutation_id,
                )
                run_mutation(ctx, name, payload)

    for table in synced_tables():
        on_sqlite = _all_rows(replica.engine, table)
        assert on_sqlite == _all_rows(pg_engine, table), table.name
    assert len(_all_rows(replica.engine, audit_log)) >= len(commands)


def _all_rows(engine: Engine, table: Table) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(table)).mappings().all()
    return sorted((dict(row) for row in rows), key=lambda row: str(row["id"]))
