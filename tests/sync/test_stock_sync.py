"""Stock through the real sync service: offline counters converge, nothing counts twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from cmms_core.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, PushMutation, PushRequest
from cmms_core.schema.inventory import purchase_order_lines, purchase_orders, stock_movements
from cmms_desktop.store.queries import parts as part_queries
from cmms_desktop.store.queries import stock as stock_queries
from tests.sync.conftest import Account, Device, Plant, assert_same_as_server

pytestmark = pytest.mark.postgres

MakeDevice = Callable[[str, Account], Device]


def _store(plant: Plant) -> tuple[uuid.UUID, uuid.UUID]:
    part, location = uuid.uuid4(), uuid.uuid4()
    plant.mutate(
        "part.create",
        {"id": part, "reference": "ROUL-6204", "description": "Roulement", "min_qty": "2"},
    )
    plant.mutate(
        "location.create",
        {"id": location, "site_id": plant.site_a, "code": "A-01", "store": "Magasin"},
    )
    return part, location


def _move(dev: Device, kind: str, qty: str, part: uuid.UUID, location: uuid.UUID) -> uuid.UUID:
    movement = uuid.uuid4()
    dev.write(
        "stock.move",
        {
            "id": str(movement),
            "kind": kind,
            "part_id": str(part),
            "location_id": str(location),
            "quantity": qty,
        },
    )
    return movement


def _on_hand(engine: Engine, part: uuid.UUID) -> Decimal:
    return part_queries.stock_by_part(engine, [part]).get(part, (Decimal(0), Decimal(0)))[0]


def _movement_ids(engine: Engine) -> set[uuid.UUID]:
    with engine.connect() as connection:
        return set(connection.execute(select(stock_movements.c.id)).scalars())


def test_two_storekeepers_offline_on_one_part_converge(plant: Plant, device: MakeDevice) -> None:
    part, location = _store(plant)
    plant.mutate(
        "stock.move",
        {
            "id": uuid.uuid4(),
            "kind": "receipt",
            "part_id": part,
            "location_id": location,
            "quantity": "5",
        },
    )
    sue = device("counter-1", plant.storekeeper)
    sam = device("counter-2", plant.supervisor)
    assert sue.sync().ok and sam.sync().ok
    assert _on_hand(sue.engine, part) == _on_hand(sam.engine, part) == 5

    # offline, both take parts from the same bin; each replica sees only its own
    made = {
        _move(sue, "issue", "3", part, location),
        _move(sam, "issue", "4", part, location),
        _move(sam, "receipt", "2", part, location),
    }
    assert _on_hand(sue.engine, part) == 2 and _on_hand(sam.engine, part) == 3
    assert sue.sync().ok and sam.sync().ok and sue.sync().ok

    for dev in (sue, sam):
        assert _on_hand(dev.engine, part) == 0  # 5 - 3 - 4 + 2
        assert made <= _movement_ids(dev.engine)
        assert not dev.outbox() and not dev.rejections()
    assert _on_hand(plant.db, part) == 0
    assert made <= _movement_ids(plant.db) and len(_movement_ids(plant.db)) == 4

    # both issue the last one again offline: below zero, applied and flagged everywhere
    _move(sue, "issue", "1", part, location)
    _move(sam, "issue", "1", part, location)
    assert sue.sync().ok and sam.sync().ok and sue.sync().ok
    for dev in (sue, sam):
        (flagged,) = stock_queries.negative_stock(dev.engine)
        assert (flagged.part_id, flagged.on_hand) == (part, Decimal(-2))
    assert len(_movement_ids(plant.db)) == 6
    assert_same_as_server(plant, sue, sam)

    # syncing again changes nothing: no movement is applied twice
    assert sue.sync().ok and sam.sync().ok
    assert len(_movement_ids(plant.db)) == 6 and _on_hand(plant.db, part) == -2


def test_a_purchase_order_receipt_pushed_twice_counts_once(
    plant: Plant, device: MakeDevice
) -> None:
    part, location = _store(plant)
    supplier, order, line = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    plant.mutate("supplier.create", {"id": supplier, "name": "SKF"})
    plant.mutate(
        "po.create",
        {
            "id": order,
            "site_id": plant.site_a,
            "supplier_id": supplier,
            "lines": [{"id": line, "part_id": part, "quantity": "10", "unit_price": "7"}],
        },
    )
    plant.mutate("po.transition", {"id": order, "action": "send"})
    sue = device("counter-1", plant.storekeeper)
    assert sue.sync().ok
    sue.write(
        "po.receive",
        {
            "id": str(order),
            "lines": [{"line_id": str(line), "quantity": "6", "location_id": str(location)}],
        },
    )
    (queued,) = sue.outbox()
    local_receipts = _movement_ids(sue.engine)
    assert len(local_receipts) == 1
    assert sue.sync().ok
    # the server made the same movement (its id derives from the command's id)
    assert _movement_ids(plant.db) == local_receipts == _movement_ids(sue.engine)

    # the same command again (a lost answer, a retry): remembered, nothing applied twice
    again = PushRequest(
        protocol=PROTOCOL_VERSION,
        schema=SCHEMA_VERSION,
        device_id=sue.device_id,
        mutations=[
            PushMutation(
                id=queued["mutation_id"],
                name=queued["name"],
                payload=queued["payload"],
                hlc=queued["hlc"],
            )
        ],
    )
    with sue.client() as client:
        client.login()
        answer = client.push(again)
    assert [r.status for r in answer.results] == ["applied"]
    assert sue.sync().ok
    with plant.db.connect() as connection:
        count = connection.execute(select(func.count()).select_from(stock_movements)).scalar_one()
        received = connection.execute(
            select(purchase_order_lines.c.received_qty).where(purchase_order_lines.c.id == line)
        ).scalar_one()
        status = connection.execute(
            select(purchase_orders.c.status).where(purchase_orders.c.id == order)
        ).scalar_one()
    assert (count, received, status) == (1, Decimal(6), "partially_received")
    assert _on_hand(sue.engine, part) == _on_hand(plant.db, part) == 6
    (pending,) = stock_queries.pending_receipts(sue.engine)
    assert pending.received_qty == 6
    assert_same_as_server(plant, sue)


def test_two_offline_receipts_of_one_order_add_up(plant: Plant, device: MakeDevice) -> None:
    part, location = _store(plant)
    supplier, order, line = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    plant.mutate("supplier.create", {"id": supplier, "name": "SKF"})
    plant.mutate(
        "po.create",
        {
            "id": order,
            "site_id": plant.site_a,
            "supplier_id": supplier,
            "lines": [{"id": line, "part_id": part, "quantity": "10", "unit_price": "7"}],
        },
    )
    plant.mutate("po.transition", {"id": order, "action": "send"})
    sue = device("counter-1", plant.storekeeper)
    sam = device("counter-2", plant.supervisor)
    assert sue.sync().ok and sam.sync().ok
    for dev, qty in ((sue, "4"), (sam, "6")):
        dev.write(
            "po.receive",
            {
                "id": str(order),
                "lines": [{"line_id": str(line), "quantity": qty, "location_id": str(location)}],
            },
        )
    assert sue.sync().ok and sam.sync().ok and sue.sync().ok
    for dev in (sue, sam):
        row = dev.row("purchase_order_lines", line)
        assert row is not None and row["received_qty"] == Decimal(10)
        po = dev.row("purchase_orders", order)
        assert po is not None and po["status"] == "received"
        assert _on_hand(dev.engine, part) == 10
    assert_same_as_server(plant, sue, sam)
