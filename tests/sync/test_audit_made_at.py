"""The timeline tells when a command was made and whether it was made offline.

After a sync the server's audit entries replace the replica's optimistic ones:
they carry the pushed command's ``created_at`` (``made_at``), so a ticket
reported offline an hour ago still shows then, and "Offline".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from cmms_core.schema.analytics import audit_log
from cmms_desktop.store.queries.timeline import TimelineEntry, failure_timeline
from cmms_desktop.store.writer import LocalWriter
from tests.sync.conftest import Account, Device, Plant

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]


def report_at(dev: Device, equipment_id: uuid.UUID, moment: datetime | None) -> uuid.UUID:
    """A ticket reported on ``dev`` at ``moment`` (None: now)."""
    failure_id = uuid.uuid4()
    made = moment or datetime.now(UTC)
    writer = LocalWriter(dev.engine, dev.device_id, clock=lambda: made)
    writer.execute(
        dev.actor(),
        "failure.report",
        {
            "id": failure_id,
            "equipment_id": equipment_id,
            "description": "Fuite d'huile",
            "urgency": 2,
            "reported_at": made.isoformat(),
        },
    )
    return failure_id


def the_report(dev: Device, failure_id: uuid.UUID) -> TimelineEntry:
    (entry,) = [
        e
        for e in failure_timeline(dev.engine, failure_id)
        if e.action == "failure.report" and e.entity == "failures"
    ]
    return entry


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def test_a_ticket_reported_offline_an_hour_ago_shows_then_and_offline(
    plant: Plant, device: MakeDevice
) -> None:
    equipment_id = plant.equipment(plant.site_a, "PUMP-1")
    tom = device("tom-pc", plant.technician)
    assert tom.sync().ok
    made = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    failure_id = report_at(tom, equipment_id, made)
    before = the_report(tom, failure_id)
    assert before.offline and as_utc(before.made_at) == made  # unacknowledged

    report = tom.sync()
    assert report.ok and report.applied == 1
    with plant.db.connect() as connection:
        row = (
            connection.execute(select(audit_log).where(audit_log.c.entity_id == failure_id))
            .mappings()
            .one()
        )
    assert not row["offline"] and row["made_at"] == made  # the server recorded it
    assert row["at"] - made > timedelta(minutes=59)

    after = the_report(tom, failure_id)
    assert as_utc(after.made_at) == made
    assert as_utc(after.at) > made + timedelta(minutes=59)  # the server's entry
    assert after.offline  # reached the server an hour after it was made


def test_a_ticket_synced_at_once_shows_online(plant: Plant, device: MakeDevice) -> None:
    equipment_id = plant.equipment(plant.site_a, "PUMP-1")
    tom = device("tom-pc", plant.technician)
    assert tom.sync().ok
    failure_id = report_at(tom, equipment_id, None)
    assert the_report(tom, failure_id).offline  # until the server has it

    assert tom.sync().ok
    after = the_report(tom, failure_id)
    assert not after.offline
    assert after.at - after.made_at < timedelta(minutes=2)


def test_a_device_clock_ahead_of_the_server_counts_as_made_now(
    plant: Plant, device: MakeDevice
) -> None:
    equipment_id = plant.equipment(plant.site_a, "PUMP-1")
    tom = device("tom-pc", plant.technician)
    assert tom.sync().ok
    failure_id = report_at(tom, equipment_id, datetime.now(UTC) + timedelta(hours=3))
    assert tom.sync().ok
    after = the_report(tom, failure_id)
    assert after.made_at == after.at and not after.offline
