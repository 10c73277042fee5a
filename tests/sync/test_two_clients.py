"""Several replicas editing the same things offline, then syncing in turn."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cmms_core.schema.assets import equipments
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_cursors_never_went_back,
    assert_same_as_server,
)

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]


def _server_equipment(plant: Plant, equipment_id: uuid.UUID) -> dict[str, object]:
    with plant.db.connect() as connection:
        row = (
            connection.execute(select(equipments).where(equipments.c.id == equipment_id))
            .mappings()
            .one()
        )
    return dict(row)


def test_edits_of_different_fields_merge(plant: Plant, device: MakeDevice) -> None:
    equipment_id = plant.equipment(plant.site_a, "P-1", manufacturer="KSB", location="Hall 1")
    admin = device("admin-pc", plant.admin)
    sam = device("sam-laptop", plant.supervisor)
    assert admin.sync().ok and sam.sync().ok

    admin.write(
        "equipment.update", {"id": str(equipment_id), "fields": {"manufacturer": "Grundfos"}}
    )
    sam.write("equipment.update", {"id": str(equipment_id), "fields": {"location": "Hall 2"}})
    assert admin.sync().ok
    assert sam.sync().ok
    assert admin.sync().ok

    server = _server_equipment(plant, equipment_id)
    assert (server["manufacturer"], server["location"]) == ("Grundfos", "Hall 2")
    for dev in (admin, sam):
        row = dev.row("equipments", equipment_id)
        assert row is not None
        assert (row["manufacturer"], row["location"]) == ("Grundfos", "Hall 2")
    assert_same_as_server(plant, admin, sam)
    assert_cursors_never_went_back(admin, sam)


def test_edits_of_the_same_field_converge(plant: Plant, device: MakeDevice) -> None:
    """Both replicas end with the server's value and nothing is left pending.

    Which value wins, and the loser kept in sync_conflicts, is the subject of
    tests/sync/test_conflicts.py; here only convergence is checked.
    """
    equipment_id = plant.equipment(plant.site_a, "P-1", location="Hall 1")
    admin = device("admin-pc", plant.admin)
    sam = device("sam-laptop", plant.supervisor)
    assert admin.sync().ok and sam.sync().ok

    admin.write("equipment.update", {"id": str(equipment_id), "fields": {"location": "Quai"}})
    sam.write("equipment.update", {"id": str(equipment_id), "fields": {"location": "Atelier"}})
    assert admin.sync().ok
    assert sam.sync().ok
    assert admin.sync().ok

    server = _server_equipment(plant, equipment_id)
    assert server["location"] == "Atelier"
    for dev in (admin, sam):
        row = dev.row("equipments", equipment_id)
        assert row is not None and row["location"] == server["location"]
        assert dev.outbox() == []
    assert_same_as_server(plant, admin, sam)


# A few random interleavings of offline edits and syncs by three replicas.
_FIELDS = ("name", "location", "manufacturer", "model", "serial_number")
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(_FIELDS), st.integers(0, 9)),
        st.tuples(st.just("create"), st.integers(0, 2), st.just(""), st.integers(0, 999)),
        st.tuples(st.just("sync"), st.integers(0, 2), st.just(""), st.just(0)),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(steps=_steps)
def test_random_offline_work_converges(
    plant: Plant, device: MakeDevice, steps: list[tuple[str, int, str, int]]
) -> None:
    run = uuid.uuid4().hex[:6]  # hypothesis reuses the fixtures: fresh names per example
    devices = [
        device(f"{run}-admin", plant.admin),
        device(f"{run}-sam", plant.supervisor),
        device(f"{run}-admin2", plant.admin),
    ]
    for dev in devices:
        assert dev.sync().ok
    with plant.db.connect() as connection:
        existing = list(connection.execute(select(equipments.c.id)).scalars())
    shared = plant.equipment(plant.site_a, f"S-{run}")
    for dev in devices:
        assert dev.sync().ok
    created: list[uuid.UUID] = [shared, *existing]
    for action, who, field_name, value in steps:
        dev = devices[who]
        if action == "edit":
            target = created[value % len(created)]
            if dev.row("equipments", target) is not None:
                dev.write(
                    "equipment.update",
                    {"id": str(target), "fields": {field_name: f"{field_name}-{who}-{value}"}},
                )
        elif action == "create":
            new_id = uuid.uuid4()
            dev.write(
                "equipment.create",
                {
                    "id": str(new_id),
                    "site_id": str(plant.site_a),
                    "code": f"{run}-{who}-{value}-{new_id.hex[:4]}",
                    "name": "Nouvelle machine",
                    "type_id": str(plant.equipment_type),
                },
            )
            created.append(new_id)
        else:
            assert dev.sync().ok
    for _ in range(2):  # everyone pushes, then everyone pulls what the others pushed
        for dev in devices:
            assert dev.sync().ok
    for dev in devices:
        assert dev.outbox() == []
        assert dev.rejections() == []
    assert_same_as_server(plant, *devices)
    assert_cursors_never_went_back(*devices)
