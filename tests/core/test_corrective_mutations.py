"""Corrective maintenance commands on SQLite (a replica) and PostgreSQL alike.

Report a failure, assign, start, fill the repair sheet, take parts, sign off,
validate or reject: the lifecycle decided from the current state and role,
the equipment's state and downtime, the stock ledger and the costs.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from cmms_core.mutations.corrective import sheet_id_for
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.assets import equipments
from cmms_core.schema.failures import failures, repair_interventions
from cmms_core.schema.inventory import parts, stock_movements, storage_locations
from cmms_core.schema.maintenance import maintenance_history
from cmms_core.schema.people import users
from tests.core.test_mutations import (
    LATER,
    NOW,
    Plant,
    audits,
    db,  # noqa: F401  (fixture)
    fetch,
    plant,  # noqa: F401  (fixture)
    refused,
    run,
)


class Crew:
    """A plant with a supervisor and two technicians of site A (rated), a part and a store."""

    def __init__(self, the_plant: Plant) -> None:
        self.plant = the_plant
        self.engine = the_plant.engine
        self.supervisor = self._member(Role.SUPERVISOR, Decimal("50.00"))
        self.tech = self._member(Role.TECHNICIAN, Decimal("40.00"))
        self.helper = self._member(Role.TECHNICIAN, None)
        self.storekeeper = self._member(Role.STOREKEEPER, None)
        self.equipment = the_plant.equipment("PR-1")
        self.part = uuid.uuid4()
        self.store = uuid.uuid4()
        with self.engine.begin() as connection:
            connection.execute(
                insert(parts).values(
                    id=self.part,
                    reference="ROUL-6204",
                    description="Roulement 6204",
                    unit_cost=Decimal("12.50"),
                )
            )
            connection.execute(
                insert(storage_locations).values(
                    id=self.store, site_id=the_plant.site_a, code="MAG-A", store="Magasin A"
                )
            )

    def _member(self, role: Role, rate: Decimal | None) -> Actor:
        actor = self.plant.actor(role, self.plant.site_a)
        run(
            self.engine,
            self.plant.admin,
            "user.grant_site",
            {
                "id": str(uuid.uuid4()),
                "user_id": str(actor.user_id),
                "scope_site_id": str(self.plant.site_a),
            },
        )
        if rate is not None:
            with self.engine.begin() as connection:
                connection.execute(
                    users.update().where(users.c.id == actor.user_id).values(hourly_rate=rate)
                )
        return actor

    def report(self, actor: Actor | None = None, **fields: Any) -> uuid.UUID:
        failure_id = uuid.uuid4()
        payload = {
            "id": str(failure_id),
            "equipment_id": str(self.equipment),
            "description": "Bruit anormal sur le roulement",
            "urgency": 3,
            "reported_at": NOW.isoformat(),
        }
        run(self.engine, actor or self.tech, "failure.report", payload | fields)
        return failure_id

    def transition(
        self, actor: Actor, failure_id: uuid.UUID, action: str, now: datetime = LATER, **fields: Any
    ) -> None:
        payload = {"id": str(failure_id), "action": action, **fields}
        run(self.engine, actor, "failure.transition", payload, now=now)

    def started(self, **report: Any) -> uuid.UUID:
        failure_id = self.report(**report)
        self.transition(self.supervisor, failure_id, "assign", assignee_id=str(self.tech.user_id))
        self.transition(self.tech, failure_id, "start")
        return failure_id

    def failure(self, failure_id: uuid.UUID) -> dict[str, Any]:
        return dict(fetch(self.engine, failures, failure_id))

    def sheet(self, failure_id: uuid.UUID) -> dict[str, Any]:
        return dict(fetch(self.engine, repair_interventions, sheet_id_for(failure_id)))

    def state(self) -> str:
        return str(fetch(self.engine, equipments, self.equipment)["state"])

    def history(self) -> list[tuple[str, str]]:
        h = maintenance_history.c
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(h.event_type, h.summary)
                .where(h.equipment_id == self.equipment)
                .order_by(h.occurred_at, h.created_at)
            )
            return [(row.event_type, row.summary) for row in rows]


@pytest.fixture
def crew(plant: Plant) -> Crew:  # noqa: F811
    return Crew(plant)


# ------------------------------------------------------------------ report


def test_report_creates_a_numbered_ticket_and_its_audit(crew: Crew) -> None:
    failure_id = crew.report(urgency=4)
    row = crew.failure(failure_id)
    assert row["number"] == f"DI-{failure_id.hex[:8].upper()}"
    assert (row["status"], row["urgency"], row["site_id"]) == ("reported", 4, crew.plant.site_a)
    assert row["reported_by"] == crew.tech.user_id and row["reported_at"] == NOW
    assert (row["equipment_stopped"], row["downtime_start"]) == (False, None)
    assert crew.state() == "active" and crew.history() == []
    with crew.engine.connect() as connection:
        actions = connection.execute(
            select(audit_log.c.action, audit_log.c.device_id, audit_log.c.offline).where(
                audit_log.c.entity_id == failure_id
            )
        ).all()
    assert actions == [("failure.report", "test-device", True)]


def test_a_stopped_equipment_goes_down_and_its_downtime_starts(crew: Crew) -> None:
    stopped_at = NOW - timedelta(minutes=10)
    failure_id = crew.report(equipment_stopped=True, stopped_at=stopped_at.isoformat())
    row = crew.failure(failure_id)
    assert row["equipment_stopped"] and row["downtime_start"] == stopped_at
    assert row["downtime_end"] is None
    assert crew.state() == "down"
    [(event, summary)] = crew.history()
    assert event == "state_change" and summary == f"active -> down: {row['number']}"


def test_anyone_may_report_but_only_on_their_sites(crew: Crew) -> None:
    crew.report(actor=crew.storekeeper)  # storekeepers report too
    other = crew.plant.equipment("B-1", site=crew.plant.site_b)
    payload = {
        "id": str(uuid.uuid4()),
        "equipment_id": str(other),
        "description": "x",
        "reported_at": NOW.isoformat(),
    }
    refused(crew.engine, crew.tech, "failure.report", payload, "forbidden")


def test_report_refuses_bad_fields(crew: Crew) -> None:
    base = {
        "id": str(uuid.uuid4()),
        "equipment_id": str(crew.equipment),
        "description": "x",
        "reported_at": NOW.isoformat(),
    }
    for bad in ({"urgency": 5}, {"description": ""}, {"failure_type_id": str(uuid.uuid4())}):
        refused(crew.engine, crew.tech, "failure.report", base | bad, "invalid")
    run(
        crew.engine,
        crew.plant.admin,
        "equipment.set_state",
        {"id": str(crew.equipment), "state": "out_of_service"},
    )
    error = refused(
        crew.engine, crew.tech, "failure.report", base | {"equipment_stopped": True}, "invalid"
    )
    assert error.field_errors == {"equipment_stopped": "out_of_service"}


# ------------------------------------------------------------------ lifecycle


def test_the_whole_repair_from_report_to_validation(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    assert crew.failure(failure_id)["status"] == "in_progress"
    assert crew.failure(failure_id)["assigned_at"] == LATER
    assert crew.state() == "under_maintenance"  # started on a stopped machine
    sheet = crew.sheet(failure_id)
    assert (sheet["status"], sheet["technician_id"]) == ("in_progress", crew.tech.user_id)

    fields = {
        "diagnosis": "Roulement grippé",
        "root_cause": "usure",
        "actions_taken": "Remplacement du roulement",
        "labour": [
            {"user_id": str(crew.tech.user_id), "minutes": 90},
            {"user_id": str(crew.helper.user_id), "minutes": 30},
        ],
        "external_cost": "150.00",
    }
    run(
        crew.engine,
        crew.tech,
        "repair.save",
        {"failure_id": str(failure_id), "fields": fields},
    )
    issued = uuid.uuid4()
    for movement, quantity in ((issued, "2"), (uuid.uuid4(), "1")):
        run(
            crew.engine,
            crew.tech,
            "repair.add_part",
            {
                "id": str(movement),
                "failure_id": str(failure_id),
                "part_id": str(crew.part),
                "location_id": str(crew.store),
                "quantity": quantity,
            },
        )
    run(
        crew.engine,
        crew.tech,
        "repair.remove_part",
        {"id": str(uuid.uuid4()), "movement_id": str(issued)},
    )
    sheet = crew.sheet(failure_id)
    assert sheet["diagnosis"] == "Roulement grippé"
    assert sheet["labour_minutes"] == 120
    assert sheet["labour_cost"] == Decimal("60.00")  # 90 min × 40 €/h; the helper has no rate
    assert sheet["parts_cost"] == Decimal("12.50")  # 2 issued and put back, 1 kept
    with crew.engine.connect() as connection:
        ledger = connection.execute(
            select(
                stock_movements.c.kind, stock_movements.c.quantity, stock_movements.c.reverses_id
            )
            .where(stock_movements.c.ref_id == sheet["id"])
            .order_by(stock_movements.c.kind, stock_movements.c.quantity)
        ).all()
    assert [(k, int(q), r) for k, q, r in ledger] == [
        ("issue", -2, None),
        ("issue", -1, None),
        ("return", 2, issued),
    ]

    run(
        crew.engine,
        crew.tech,
        "repair.sign_off",
        {"failure_id": str(failure_id), "restore_service": True},
        now=LATER + timedelta(hours=1),
    )
    row, sheet = crew.failure(failure_id), crew.sheet(failure_id)
    assert row["status"] == "done" and sheet["status"] == "done"
    assert sheet["signed_off_by"] == crew.tech.user_id
    assert row["downtime_end"] == LATER + timedelta(hours=1)
    assert crew.state() == "active"

    validated_at = LATER + timedelta(hours=2)
    crew.transition(crew.supervisor, failure_id, "validate", now=validated_at)
    row, sheet = crew.failure(failure_id), crew.sheet(failure_id)
    assert (row["status"], row["closed_at"]) == ("validated", validated_at)
    assert (sheet["status"], sheet["validated_by"]) == ("validated", crew.supervisor.user_id)
    h = maintenance_history.c
    with crew.engine.connect() as connection:
        repair = connection.execute(
            select(h.summary, h.downtime_minutes, h.cost).where(h.event_type == "repair")
        ).one()
    assert repair.summary == f"{row['number']} — Remplacement du roulement"
    assert repair.downtime_minutes == 180  # from the report (NOW) to the restart (LATER + 1 h)
    assert repair.cost == Decimal("222.50")  # 60 labour + 12.50 parts + 150 external
    assert [event for event, _ in crew.history()] == [
        "state_change",  # active -> down
        "state_change",  # down -> under_maintenance
        "state_change",  # under_maintenance -> active
        "repair",
    ]


def test_only_the_assignee_or_a_supervisor_works_on_a_ticket(crew: Crew) -> None:
    failure_id = crew.report()
    refused(
        crew.engine,
        crew.tech,
        "failure.transition",
        {"id": str(failure_id), "action": "assign", "assignee_id": str(crew.tech.user_id)},
        "forbidden",
    )
    crew.transition(crew.supervisor, failure_id, "assign", assignee_id=str(crew.tech.user_id))
    start = {"id": str(failure_id), "action": "start"}
    refused(crew.engine, crew.helper, "failure.transition", start, "not_assignee")
    refused(crew.engine, crew.storekeeper, "failure.transition", start, "forbidden")
    crew.transition(crew.tech, failure_id, "start")
    save = {"failure_id": str(failure_id), "fields": {"diagnosis": "x"}}
    refused(crew.engine, crew.helper, "repair.save", save, "not_assignee")
    run(crew.engine, crew.supervisor, "repair.save", save)


def test_assigning_someone_who_cannot_take_the_ticket_is_refused(crew: Crew) -> None:
    failure_id = crew.report()
    outsider = crew.plant.actor(Role.TECHNICIAN)  # no grant on site A
    for who, problem in (
        (outsider.user_id, "other_site"),
        (crew.storekeeper.user_id, "cannot_work"),
        (uuid.uuid4(), "not_found"),
    ):
        error = refused(
            crew.engine,
            crew.supervisor,
            "failure.transition",
            {"id": str(failure_id), "action": "assign", "assignee_id": str(who)},
            "invalid",
        )
        assert error.field_errors == {"assignee_id": problem}


def test_reject_needs_a_comment_and_sends_the_sheet_back(crew: Crew) -> None:
    failure_id = crew.started()
    run(
        crew.engine,
        crew.tech,
        "repair.sign_off",
        {"failure_id": str(failure_id)},
        now=LATER + timedelta(hours=1),
    )
    reject = {"id": str(failure_id), "action": "reject"}
    error = refused(
        crew.engine,
        crew.supervisor,
        "failure.transition",
        reject | {"comment": "  "},
        "comment_required",
    )
    assert error.field_errors == {"comment": "required"}
    crew.transition(crew.supervisor, failure_id, "reject", comment="Photos après manquantes")
    row, sheet = crew.failure(failure_id), crew.sheet(failure_id)
    assert row["status"] == "rejected" and sheet["status"] == "rejected"
    assert sheet["rejection_comment"] == "Photos après manquantes"
    assert sheet["signed_off_by"] is None
    # back to work: the sheet is editable, signed again, validated
    run(
        crew.engine,
        crew.tech,
        "repair.save",
        {"failure_id": str(failure_id), "fields": {"actions_taken": "ok"}},
    )
    crew.transition(crew.tech, failure_id, "start")
    crew.transition(crew.tech, failure_id, "complete")
    crew.transition(crew.supervisor, failure_id, "validate")
    assert crew.failure(failure_id)["status"] == "validated"


def test_a_stale_validate_is_refused_from_the_current_state(crew: Crew) -> None:
    failure_id = crew.started()
    crew.transition(crew.tech, failure_id, "complete")
    crew.transition(crew.supervisor, failure_id, "reject", comment="à refaire")
    refused(
        crew.engine,
        crew.supervisor,
        "failure.transition",
        {"id": str(failure_id), "action": "validate"},
        "invalid_state",
    )
    # a closed ticket takes no more parts nor edits
    crew.transition(crew.supervisor, failure_id, "cancel")
    part = {
        "id": str(uuid.uuid4()),
        "failure_id": str(failure_id),
        "part_id": str(crew.part),
        "location_id": str(crew.store),
        "quantity": "1",
    }
    refused(crew.engine, crew.tech, "repair.add_part", part, "invalid_state")
    refused(
        crew.engine,
        crew.supervisor,
        "repair.save",
        {"failure_id": str(failure_id), "fields": {"diagnosis": "x"}},
        "invalid_state",
    )


def test_validate_ends_the_downtime_when_the_equipment_runs_again(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    crew.transition(crew.tech, failure_id, "complete")
    assert crew.failure(failure_id)["downtime_end"] is None
    run(
        crew.engine,
        crew.tech,
        "equipment.set_state",
        {"id": str(crew.equipment), "state": "active"},
        now=LATER + timedelta(minutes=5),
    )
    crew.transition(crew.supervisor, failure_id, "validate")
    assert crew.failure(failure_id)["downtime_end"] == LATER + timedelta(minutes=5)


def test_validate_leaves_a_machine_that_is_still_down_stopped(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    crew.transition(crew.tech, failure_id, "complete")
    crew.transition(crew.supervisor, failure_id, "validate")
    assert crew.failure(failure_id)["downtime_end"] is None
    assert crew.state() == "under_maintenance"
    run(crew.engine, crew.tech, "failure.restore_service", {"id": str(failure_id)}, now=LATER)
    assert crew.failure(failure_id)["downtime_end"] == LATER and crew.state() == "active"
    refused(
        crew.engine, crew.tech, "failure.restore_service", {"id": str(failure_id)}, "invalid_state"
    )


def test_a_supervisor_corrects_the_downtime(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    start = NOW - timedelta(minutes=30)

    def set_downtime(actor: Any = None, **fields: Any) -> None:
        payload = {"id": str(failure_id), **fields}
        run(crew.engine, actor or crew.supervisor, "failure.set_downtime", payload, now=LATER)

    set_downtime(downtime_start=start.isoformat())  # the end left as it is (running)
    row = crew.failure(failure_id)
    assert (row["downtime_start"], row["downtime_end"]) == (start, None)
    assert crew.state() == "under_maintenance"  # the equipment's state is not touched
    set_downtime(downtime_end=LATER.isoformat())
    row = crew.failure(failure_id)
    assert (row["downtime_start"], row["downtime_end"]) == (start, LATER)
    assert "failure.set_downtime" in {a["action"] for a in audits(crew.engine, failure_id)}
    set_downtime(downtime_start=None, downtime_end=None)  # no stop after all
    row = crew.failure(failure_id)
    assert (row["downtime_start"], row["downtime_end"], row["equipment_stopped"]) == (
        None,
        None,
        False,
    )
    set_downtime(downtime_start=start.isoformat())
    assert crew.failure(failure_id)["equipment_stopped"] is True


def test_a_downtime_correction_is_checked(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    ident = {"id": str(failure_id)}

    def rejected(actor: Any, code: str, **fields: Any) -> dict[str, str]:
        error = refused(crew.engine, actor, "failure.set_downtime", ident | fields, code, now=LATER)
        return dict(error.field_errors)

    before = (NOW - timedelta(hours=1)).isoformat()
    assert rejected(crew.tech, "forbidden", downtime_end=LATER.isoformat()) == {}
    assert rejected(crew.supervisor, "invalid", downtime_end=before) == {
        "downtime_end": "before_start"
    }
    no_start = rejected(
        crew.supervisor, "invalid", downtime_start=None, downtime_end=LATER.isoformat()
    )
    assert no_start == {"downtime_start": "missing"}  # an end needs a start
    assert set(rejected(crew.supervisor, "invalid")) == {"downtime_start", "downtime_end"}
    assert "downtime_end" in rejected(crew.supervisor, "invalid", downtime_end="hier")
    other = crew.report()
    crew.transition(crew.supervisor, other, "cancel")
    refused(
        crew.engine,
        crew.supervisor,
        "failure.set_downtime",
        {"id": str(other), "downtime_start": before},
        "invalid_state",
        now=LATER,
    )


def test_parts_can_take_the_stock_below_zero_and_are_put_back_once(crew: Crew) -> None:
    failure_id = crew.started()
    issued = uuid.uuid4()
    run(
        crew.engine,
        crew.storekeeper,
        "repair.add_part",
        {
            "id": str(issued),
            "failure_id": str(failure_id),
            "part_id": str(crew.part),
            "location_id": str(crew.store),
            "quantity": "5",
        },
    )
    with crew.engine.connect() as connection:
        on_hand = connection.execute(
            select(func.sum(stock_movements.c.quantity)).where(
                stock_movements.c.part_id == crew.part
            )
        ).scalar_one()
    assert on_hand == -5  # applied: flagged later by the stock screens
    back = {"id": str(uuid.uuid4()), "movement_id": str(issued)}
    run(crew.engine, crew.tech, "repair.remove_part", back)
    refused(
        crew.engine,
        crew.tech,
        "repair.remove_part",
        back | {"id": str(uuid.uuid4())},
        "invalid_state",
    )
    assert crew.sheet(failure_id)["parts_cost"] == Decimal("0.00")


def test_sheet_fields_are_checked(crew: Crew) -> None:
    failure_id = crew.started()
    for fields, error in (
        ({"diagnosis": "x", "status": "validated"}, {"status": "not_editable"}),
        ({"labour": [{"user_id": str(uuid.uuid4()), "minutes": 5}]}, {"labour": "not_found"}),
        ({"before_photo_ids": [str(uuid.uuid4())]}, {"photos": "not_attached"}),
        (
            {"started_at": LATER.isoformat(), "ended_at": NOW.isoformat()},
            {"ended_at": "before_start"},
        ),
    ):
        raised = refused(
            crew.engine,
            crew.tech,
            "repair.save",
            {"failure_id": str(failure_id), "fields": fields},
            "invalid",
        )
        assert raised.field_errors == error


def test_photos_hang_on_the_failure_or_its_sheet(crew: Crew) -> None:
    failure_id = crew.started()
    photo = uuid.uuid4()
    for owner_table, owner_id in (
        ("failures", failure_id),
        ("repair_interventions", sheet_id_for(failure_id)),
    ):
        photo = uuid.uuid4()
        run(
            crew.engine,
            crew.tech,
            "attachment.add",
            {
                "id": str(photo),
                "owner_table": owner_table,
                "owner_id": str(owner_id),
                "sha256": "ab" * 32,
                "filename": "avant.jpg",
                "mime_type": "image/jpeg",
                "size_bytes": 2048,
                "kind": "photo",
            },
        )
    run(
        crew.engine,
        crew.tech,
        "repair.save",
        {"failure_id": str(failure_id), "fields": {"after_photo_ids": [str(photo)]}},
    )
    assert crew.sheet(failure_id)["after_photo_ids"] == [str(photo)]


def test_the_server_decides_from_its_own_state(crew: Crew, db: Engine) -> None:  # noqa: F811
    """Online run (offline=False, a version): the same rules, rows stamped with the version."""
    failure_id = crew.report()
    run(
        crew.engine,
        crew.supervisor,
        "failure.transition",
        {"id": str(failure_id), "action": "assign", "assignee_id": str(crew.tech.user_id)},
        offline=False,
        version=7,
    )
    row = crew.failure(failure_id)
    assert (row["status"], row["version"]) == ("assigned", 7)
