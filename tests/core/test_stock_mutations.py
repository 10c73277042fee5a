"""Stock, catalogue and purchasing commands on SQLite (a replica) and PostgreSQL alike."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, RowMapping, func, select

from cmms_core.mutations import MutationContext, MutationRejected, run_mutation
from cmms_core.mutations.stock import record_movement
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.analytics import audit_log
from cmms_core.schema.inventory import (
    count_lines,
    count_sessions,
    part_compatibility,
    parts,
    purchase_order_lines,
    purchase_orders,
    stock_movements,
    supplier_parts,
)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Engine:
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
    mutation_id: uuid.UUID | None = None,
) -> uuid.UUID:
    mutation_id = mutation_id or uuid.uuid4()
    with engine.begin() as connection:
        ctx = MutationContext(
            conn=connection,
            actor=actor,
            now=now,
            device_id="counter-1",
            offline=True,
            mutation_id=mutation_id,
        )
        run_mutation(ctx, name, payload)
    return mutation_id


def refused(
    engine: Engine, actor: Actor | None, name: str, payload: Mapping[str, Any], code: str
) -> MutationRejected:
    before = _counts(engine)
    with pytest.raises(MutationRejected) as raised:
        run(engine, actor, name, payload)
    assert raised.value.code == code, raised.value.message
    assert _counts(engine) == before
    return raised.value


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {
            t.name: c.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (stock_movements, audit_log, parts, purchase_orders, count_lines)
        }


def fetch(engine: Engine, table: Any, row_id: uuid.UUID) -> RowMapping:
    with engine.connect() as c:
        return c.execute(select(table).where(table.c.id == row_id)).mappings().one()


def movements(engine: Engine, **where: Any) -> list[RowMapping]:
    m = stock_movements.c
    with engine.connect() as c:
        query = select(stock_movements).order_by(m.occurred_at, m.kind)
        for name, value in where.items():
            query = query.where(m[name] == value)
        return list(c.execute(query).mappings())


def on_hand(engine: Engine, part: uuid.UUID, location: uuid.UUID | None = None) -> Decimal:
    m = stock_movements.c
    query = select(func.coalesce(func.sum(m.quantity), 0)).where(
        m.part_id == part, m.kind.not_in(["reservation", "release"])
    )
    if location is not None:
        query = query.where(m.location_id == location)
    with engine.connect() as c:
        return Decimal(c.execute(query).scalar_one())


def reserved(engine: Engine, part: uuid.UUID) -> Decimal:
    m = stock_movements.c
    query = select(func.coalesce(func.sum(m.quantity), 0)).where(
        m.part_id == part, m.kind.in_(["reservation", "release"])
    )
    with engine.connect() as c:
        return Decimal(c.execute(query).scalar_one())


@dataclass
class Store:
    engine: Engine
    admin: Actor
    site_a: uuid.UUID
    site_b: uuid.UUID
    bin_a: uuid.UUID
    bin_a2: uuid.UUID
    bin_b: uuid.UUID
    part: uuid.UUID
    supplier: uuid.UUID
    type_id: uuid.UUID
    _n: int = 0

    def actor(self, role: Role, *sites: uuid.UUID) -> Actor:
        user_id = uuid.uuid4()
        run(
            self.engine,
            self.admin,
            "user.create",
            {
                "id": str(user_id),
                "email": f"{user_id.hex[:8]}@usine.example",
                "full_name": "Jeanne Martin",
                "password_hash": FAKE_HASH,
                "role": role.value,
            },
        )
        return Actor(user_id, role, frozenset(sites))

    def new_part(self, **fields: Any) -> uuid.UUID:
        self._n += 1
        part_id = uuid.uuid4()
        payload = {"id": part_id, "reference": f"REF-{self._n}", "description": "Joint"}
        run(self.engine, self.admin, "part.create", payload | fields)
        return part_id

    def move(self, kind: str, qty: str, *, actor: Actor | None = None, **extra: Any) -> uuid.UUID:
        movement_id = uuid.uuid4()
        payload = {
            "id": movement_id,
            "kind": kind,
            "part_id": self.part,
            "location_id": self.bin_a,
            "quantity": qty,
        }
        run(self.engine, actor or self.admin, "stock.move", payload | extra)
        return movement_id


@pytest.fixture
def store(db: Engine) -> Store:
    admin_id = uuid.uuid4()
    run(
        db,
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
    for site, code in ((site_a, "LYON"), (site_b, "NANTES")):
        run(db, admin, "site.create", {"id": site, "code": code, "name": code})
    run(db, admin, "equipment_type.create", {"id": type_id, "code": "PMP", "name": "Pompe"})
    bins = []
    for site, code in ((site_a, "A-01"), (site_a, "A-02"), (site_b, "B-01")):
        bins.append(uuid.uuid4())
        run(
            db,
            admin,
            "location.create",
            {"id": bins[-1], "site_id": site, "code": code, "store": "Magasin", "aisle": "1"},
        )
    part = uuid.uuid4()
    run(
        db,
        admin,
        "part.create",
        {
            "id": part,
            "reference": "ROUL-6204",
            "description": "Roulement 6204 2RS",
            "barcode": "3456789012345",
            "min_qty": "4",
            "max_qty": "20",
            "unit_cost": "7.50",
        },
    )
    supplier = uuid.uuid4()
    run(db, admin, "supplier.create", {"id": supplier, "name": "SKF France"})
    return Store(db, admin, site_a, site_b, bins[0], bins[1], bins[2], part, supplier, type_id)


# ----------------------------------------------------------------- movements


def test_movements_sign_their_quantity_and_on_hand_is_their_sum(store: Store) -> None:
    store.move("receipt", "10")
    store.move("issue", "3", ref_table="work_orders", ref_id=str(uuid.uuid4()))
    store.move("return", "1")
    store.move("adjustment", "-2", reason="casse")
    kinds = {m["kind"]: m["quantity"] for m in movements(store.engine)}
    assert kinds == {
        "receipt": Decimal(10),
        "issue": Decimal(-3),
        "return": Decimal(1),
        "adjustment": Decimal(-2),
    }
    assert on_hand(store.engine, store.part) == Decimal(6)
    receipt = movements(store.engine, kind="receipt")[0]
    assert receipt["site_id"] == store.site_a
    assert receipt["unit_cost"] == Decimal("7.50")  # the part's cost by default
    assert receipt["user_id"] == store.admin.user_id


def test_stock_may_go_negative_it_is_never_refused(store: Store) -> None:
    store.move("receipt", "1")
    store.move("issue", "1")
    store.move("issue", "1")
    assert on_hand(store.engine, store.part) == Decimal(-1)


def test_offline_time_is_kept(store: Store) -> None:
    earlier = NOW - timedelta(hours=5)
    store.move("receipt", "2", occurred_at=earlier.isoformat())
    assert movements(store.engine)[0]["occurred_at"] == earlier


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"kind": "transfer_in"}, "kind"),
        ({"ref_table": "work_orders"}, "payload"),
        ({"reservation_id": str(uuid.uuid4()), "kind": "receipt"}, "payload"),
        ({"occurred_at": "2026-03-02T08:00:00"}, "payload"),
    ],
)
def test_malformed_moves_are_refused(store: Store, payload: dict[str, Any], field: str) -> None:
    base = {
        "id": uuid.uuid4(),
        "kind": "receipt",
        "part_id": store.part,
        "location_id": store.bin_a,
        "quantity": "1",
    }
    error = refused(store.engine, store.admin, "stock.move", base | payload, "invalid")
    assert any(key == field or key.startswith(field) for key in error.field_errors) or field in (
        "payload",
    )


def test_unknown_part_or_location_is_not_found(store: Store) -> None:
    base = {"id": uuid.uuid4(), "kind": "receipt", "quantity": "1"}
    refused(
        store.engine,
        store.admin,
        "stock.move",
        base | {"part_id": uuid.uuid4(), "location_id": store.bin_a},
        "not_found",
    )
    refused(
        store.engine,
        store.admin,
        "stock.move",
        base | {"part_id": store.part, "location_id": uuid.uuid4()},
        "not_found",
    )


def test_who_may_move_stock(store: Store) -> None:
    keeper = store.actor(Role.STOREKEEPER, store.site_a)
    tech = store.actor(Role.TECHNICIAN, store.site_a)
    store.move("receipt", "5", actor=keeper)
    # a technician takes parts for a work order, but does not receive or count
    store.move("issue", "1", actor=tech, ref_table="work_orders", ref_id=str(uuid.uuid4()))
    base = {"id": uuid.uuid4(), "part_id": store.part, "location_id": store.bin_a, "quantity": "1"}
    refused(store.engine, tech, "stock.move", base | {"kind": "receipt"}, "forbidden")
    refused(store.engine, tech, "stock.move", base | {"kind": "issue"}, "forbidden")
    # the storekeeper of Lyon does not move Nantes' stock
    other = base | {"kind": "receipt", "location_id": store.bin_b}
    refused(store.engine, keeper, "stock.move", other, "forbidden")


def test_record_movement_is_the_shared_writer(store: Store) -> None:
    with store.engine.begin() as connection:
        ctx = MutationContext(connection, store.admin, NOW, "d", True, mutation_id=uuid.uuid4())
        first = record_movement(
            ctx,
            part_id=store.part,
            location_id=store.bin_a,
            kind="issue",
            quantity=Decimal(2),
            ref_table="interventions",
            ref_id=uuid.UUID(int=7),
        )
        second = record_movement(
            ctx, part_id=store.part, location_id=store.bin_a, kind="return", quantity=1
        )
    assert first == uuid.uuid5(ctx.mutation_id, "stock_movement/0")  # derived, as on the server
    assert first != second
    issue = fetch(store.engine, stock_movements, first)
    assert (issue["quantity"], issue["ref_table"]) == (Decimal(-2), "interventions")
    with store.engine.begin() as connection:
        ctx = MutationContext(connection, store.admin, NOW, "d", True)
        with pytest.raises(MutationRejected):
            record_movement(ctx, part_id=store.part, location_id=store.bin_a, kind="x", quantity=1)


def test_a_reversal_cancels_a_movement_once(store: Store) -> None:
    wrong = store.move("receipt", "12")
    run(store.engine, store.admin, "stock.reverse", {"id": uuid.uuid4(), "movement_id": wrong})
    assert on_hand(store.engine, store.part) == 0
    assert len(movements(store.engine)) == 2  # both kept
    again = {"id": uuid.uuid4(), "movement_id": wrong}
    refused(store.engine, store.admin, "stock.reverse", again, "invalid_state")


# ----------------------------------------------------------------- transfers


def test_a_transfer_is_a_pair_with_one_reference(store: Store) -> None:
    store.move("receipt", "10")
    transfer = uuid.uuid4()
    payload = {
        "id": transfer,
        "part_id": store.part,
        "from_location_id": store.bin_a,
        "to_location_id": store.bin_b,
        "quantity": "4",
    }
    run(store.engine, store.admin, "stock.transfer", payload)
    pair = movements(store.engine, ref_id=transfer)
    assert sorted((m["kind"], m["quantity"], m["site_id"]) for m in pair) == [
        ("transfer_in", Decimal(4), store.site_b),
        ("transfer_out", Decimal(-4), store.site_a),
    ]
    assert on_hand(store.engine, store.part) == 10
    assert on_hand(store.engine, store.part, store.bin_b) == 4
    keeper = store.actor(Role.STOREKEEPER, store.site_a)  # not granted Nantes
    refused(store.engine, keeper, "stock.transfer", payload | {"id": uuid.uuid4()}, "forbidden")
    same = payload | {"id": uuid.uuid4(), "to_location_id": store.bin_a}
    refused(store.engine, store.admin, "stock.transfer", same, "invalid")


# ----------------------------------------------------------------- reservations


def test_reserve_issue_against_it_and_release(store: Store) -> None:
    store.move("receipt", "10")
    task = uuid.uuid4()
    reservation = uuid.uuid4()
    run(
        store.engine,
        store.admin,
        "stock.reserve",
        {
            "id": reservation,
            "part_id": store.part,
            "location_id": store.bin_a,
            "quantity": "4",
            "ref_table": "maintenance_tasks",
            "ref_id": task,
            "needed_at": (NOW + timedelta(days=3)).isoformat(),
        },
    )
    assert (on_hand(store.engine, store.part), reserved(store.engine, store.part)) == (
        Decimal(10),
        Decimal(4),
    )
    # the task takes 3 of its 4: 3 are released with the issue
    store.move(
        "issue", "3", ref_table="maintenance_tasks", ref_id=str(task), reservation_id=reservation
    )
    assert (on_hand(store.engine, store.part), reserved(store.engine, store.part)) == (
        Decimal(7),
        Decimal(1),
    )
    run(
        store.engine,
        store.admin,
        "stock.release",
        {"id": uuid.uuid4(), "reservation_id": reservation},
    )
    assert reserved(store.engine, store.part) == 0
    releases = movements(store.engine, kind="release")
    assert all(r["reverses_id"] == reservation and r["ref_id"] == task for r in releases)
    again = {"id": uuid.uuid4(), "reservation_id": reservation}
    refused(store.engine, store.admin, "stock.release", again, "invalid_state")
    not_one = {"id": uuid.uuid4(), "reservation_id": releases[0]["id"]}
    refused(store.engine, store.admin, "stock.release", not_one, "invalid")


# ----------------------------------------------------------------- counts


def test_a_count_session_records_adjustments_from_what_was_counted(store: Store) -> None:
    store.move("receipt", "10", occurred_at=(NOW - timedelta(days=1)).isoformat())
    other_part = store.new_part()
    session = uuid.uuid4()
    run(
        store.engine,
        store.admin,
        "stock.count_start",
        {"id": session, "site_id": store.site_a, "name": "Inventaire mars"},
    )
    counted_at = NOW + timedelta(minutes=10)

    def count(part: uuid.UUID, qty: str, at: datetime) -> None:
        payload = {
            "id": uuid.uuid4(),
            "session_id": session,
            "part_id": part,
            "location_id": store.bin_a,
            "counted_qty": qty,
            "counted_at": at.isoformat(),
        }
        run(store.engine, store.admin, "stock.count_record", payload)

    count(store.part, "9", counted_at - timedelta(minutes=5))
    count(store.part, "8", counted_at)  # counted again: the latest counts
    count(other_part, "2", counted_at)
    # an issue after the count: not counted twice by the adjustment
    store.move("issue", "1", occurred_at=(counted_at + timedelta(minutes=30)).isoformat())
    run(
        store.engine,
        store.admin,
        "stock.count_close",
        {"id": session},
        now=NOW + timedelta(hours=1),
    )
    adjustments = {m["part_id"]: m for m in movements(store.engine, kind="adjustment")}
    assert adjustments[store.part]["quantity"] == Decimal(-2)
    assert adjustments[store.part]["occurred_at"] == counted_at
    assert adjustments[other_part]["quantity"] == Decimal(2)
    assert on_hand(store.engine, store.part) == 7  # 8 counted, 1 issued since
    closed = fetch(store.engine, count_sessions, session)
    assert closed["status"] == "closed" and closed["closed_by"] == store.admin.user_id
    with store.engine.connect() as c:
        linked = c.execute(
            select(func.count()).where(count_lines.c.movement_id.is_not(None))
        ).scalar_one()
    assert linked == 2
    late = {
        "id": uuid.uuid4(),
        "session_id": session,
        "part_id": store.part,
        "location_id": store.bin_a,
        "counted_qty": "1",
    }
    refused(store.engine, store.admin, "stock.count_record", late, "invalid_state")


def test_a_count_of_one_location_refuses_another(store: Store) -> None:
    session = uuid.uuid4()
    run(
        store.engine,
        store.admin,
        "stock.count_start",
        {"id": session, "site_id": store.site_a, "name": "A-01", "location_id": store.bin_a},
    )
    payload = {
        "id": uuid.uuid4(),
        "session_id": session,
        "part_id": store.part,
        "location_id": store.bin_a2,
        "counted_qty": "1",
    }
    refused(store.engine, store.admin, "stock.count_record", payload, "invalid")
    run(store.engine, store.admin, "stock.count_close", {"id": session, "apply": False})
    assert fetch(store.engine, count_sessions, session)["status"] == "abandoned"
    tech = store.actor(Role.TECHNICIAN, store.site_a)
    start = {"id": uuid.uuid4(), "site_id": store.site_a, "name": "x"}
    refused(store.engine, tech, "stock.count_start", start, "forbidden")


# ----------------------------------------------------------------- catalogue


def test_part_catalogue_keys_links_and_merging_updates(store: Store) -> None:
    equipment = uuid.uuid4()
    run(
        store.engine,
        store.admin,
        "equipment.create",
        {
            "id": equipment,
            "site_id": store.site_a,
            "code": "P-1",
            "name": "P",
            "type_id": store.type_id,
        },
    )
    part = store.new_part(
        barcode="111", equipment_ids=[str(equipment)], equipment_type_ids=[str(store.type_id)]
    )
    with store.engine.connect() as c:
        links = (
            c.execute(select(part_compatibility).where(part_compatibility.c.part_id == part))
            .mappings()
            .all()
        )
    assert sorted((str(r["site_id"]), r["equipment_id"] is None) for r in links) == sorted(
        [(str(store.site_a), False), ("None", True)]
    )
    dup = {"id": uuid.uuid4(), "reference": "ROUL-6204", "description": "x"}
    assert refused(store.engine, store.admin, "part.create", dup, "duplicate").field_errors == {
        "reference": "duplicate"
    }
    dup_code = {"id": uuid.uuid4(), "reference": "NEW", "description": "x", "barcode": "111"}
    refused(store.engine, store.admin, "part.create", dup_code, "duplicate")
    run(
        store.engine,
        store.admin,
        "part.update",
        {"id": part, "fields": {"min_qty": "2", "max_qty": "9"}},
    )
    row = fetch(store.engine, parts, part)
    assert (row["min_qty"], row["max_qty"], row["barcode"]) == (Decimal(2), Decimal(9), "111")
    bad = {"id": part, "fields": {"min_qty": "10"}}  # above the maximum
    refused(store.engine, store.admin, "part.update", bad, "invalid")
    refused(
        store.engine, store.admin, "part.update", {"id": part, "fields": {"version": 3}}, "invalid"
    )
    tech = store.actor(Role.TECHNICIAN, store.site_a)
    refused(store.engine, tech, "part.update", {"id": part, "fields": {"unit": "m"}}, "forbidden")
    link_id = links[0]["id"]
    run(store.engine, store.admin, "part.unlink", {"id": link_id})
    assert fetch(store.engine, part_compatibility, link_id)["deleted_at"] is not None


def test_locations_have_a_code_unique_per_site(store: Store) -> None:
    taken = {"id": uuid.uuid4(), "site_id": store.site_a, "code": "A-01", "store": "M"}
    refused(store.engine, store.admin, "location.create", taken, "duplicate")
    run(store.engine, store.admin, "location.create", taken | {"site_id": store.site_b})
    rename = {"id": store.bin_a2, "fields": {"code": "A-01"}}
    refused(store.engine, store.admin, "location.update", rename, "duplicate")
    run(
        store.engine, store.admin, "location.update", {"id": store.bin_a2, "fields": {"shelf": "3"}}
    )


def test_one_preferred_price_per_part(store: Store) -> None:
    other = uuid.uuid4()
    run(store.engine, store.admin, "supplier.create", {"id": other, "name": "Brammer"})
    run(store.engine, store.admin, "supplier.update", {"id": other, "fields": {"phone": "0102"}})
    first, second = uuid.uuid4(), uuid.uuid4()
    price = {"part_id": store.part, "unit_price": "6.90", "lead_time_days": 5, "preferred": True}
    run(
        store.engine,
        store.admin,
        "supplier_price.set",
        price | {"id": first, "supplier_id": store.supplier},
    )
    run(
        store.engine,
        store.admin,
        "supplier_price.set",
        price | {"id": second, "supplier_id": other},
    )
    assert not fetch(store.engine, supplier_parts, first)["preferred"]
    assert fetch(store.engine, supplier_parts, second)["preferred"]
    # setting an existing price replaces it
    run(
        store.engine,
        store.admin,
        "supplier_price.set",
        price
        | {"id": second, "supplier_id": other, "unit_price": "5.10", "valid_to": "2026-12-31"},
    )
    row = fetch(store.engine, supplier_parts, second)
    assert (row["unit_price"], row["valid_to"]) == (Decimal("5.10"), date(2026, 12, 31))
    moved = price | {"id": second, "supplier_id": store.supplier}
    refused(store.engine, store.admin, "supplier_price.set", moved, "invalid")


# ----------------------------------------------------------------- purchase orders


def _order(store: Store, quantity: str = "10", **extra: Any) -> tuple[uuid.UUID, uuid.UUID]:
    order, line = uuid.uuid4(), uuid.uuid4()
    payload = {
        "id": order,
        "site_id": store.site_a,
        "supplier_id": store.supplier,
        "lines": [{"id": line, "part_id": store.part, "quantity": quantity}],
    }
    run(store.engine, store.admin, "po.create", payload | extra)
    return order, line


def test_purchase_order_lifecycle_with_partial_receipts(store: Store) -> None:
    run(
        store.engine,
        store.admin,
        "supplier_price.set",
        {
            "id": uuid.uuid4(),
            "supplier_id": store.supplier,
            "part_id": store.part,
            "unit_price": "6.20",
            "valid_from": "2026-01-01",
        },
    )
    order, line = _order(store)
    row = fetch(store.engine, purchase_orders, order)
    assert row["status"] == "draft" and row["number"] == f"PO-20260302-{order.hex[:8].upper()}"
    assert fetch(store.engine, purchase_order_lines, line)["unit_price"] == Decimal("6.20")
    receipt = {
        "id": order,
        "lines": [{"line_id": line, "quantity": "4", "location_id": store.bin_a}],
    }
    refused(store.engine, store.admin, "po.receive", receipt, "invalid_state")  # a draft
    run(store.engine, store.admin, "po.transition", {"id": order, "action": "send"})
    assert fetch(store.engine, purchase_orders, order)["ordered_at"] == NOW
    first = run(store.engine, store.admin, "po.receive", receipt)
    assert fetch(store.engine, purchase_orders, order)["status"] == "partially_received"
    assert fetch(store.engine, purchase_order_lines, line)["received_qty"] == Decimal(4)
    # the receipt movement's id is derived from the command: the same on every database
    (movement,) = movements(store.engine, kind="receipt")
    assert movement["id"] == uuid.uuid5(first, "po_receipt/0")
    assert (movement["ref_table"], movement["ref_id"]) == ("purchase_order_lines", line)
    assert movement["unit_cost"] == Decimal("6.20")
    refused(
        store.engine,
        store.admin,
        "po.transition",
        {"id": order, "action": "cancel"},
        "invalid_state",
    )
    rest = {"id": order, "lines": [{"line_id": line, "quantity": "6", "location_id": store.bin_a2}]}
    run(store.engine, store.admin, "po.receive", rest)
    assert fetch(store.engine, purchase_orders, order)["status"] == "received"
    assert fetch(store.engine, purchase_order_lines, line)["received_qty"] == Decimal(10)
    assert on_hand(store.engine, store.part) == 10
    run(store.engine, store.admin, "po.transition", {"id": order, "action": "close"})
    assert fetch(store.engine, purchase_orders, order)["status"] == "closed"
    refused(store.engine, store.admin, "po.receive", rest, "invalid_state")


def test_purchase_order_checks(store: Store) -> None:
    order, line = _order(store, number="CMD-1")
    again = {
        "id": uuid.uuid4(),
        "site_id": store.site_a,
        "supplier_id": store.supplier,
        "number": "CMD-1",
        "lines": [{"part_id": store.part, "quantity": "1"}],
    }
    refused(store.engine, store.admin, "po.create", again, "duplicate")
    assert fetch(store.engine, purchase_order_lines, line)["unit_price"] == Decimal("7.50")  # cost
    run(store.engine, store.admin, "po.transition", {"id": order, "action": "send"})
    elsewhere = {
        "id": order,
        "lines": [{"line_id": line, "quantity": "1", "location_id": store.bin_b}],
    }
    refused(store.engine, store.admin, "po.receive", elsewhere, "invalid")
    stranger = {
        "id": order,
        "lines": [{"line_id": uuid.uuid4(), "quantity": "1", "location_id": store.bin_a}],
    }
    refused(store.engine, store.admin, "po.receive", stranger, "not_found")
    tech = store.actor(Role.TECHNICIAN, store.site_a)
    refused(store.engine, tech, "po.transition", {"id": order, "action": "cancel"}, "forbidden")
    run(store.engine, store.admin, "po.transition", {"id": order, "action": "cancel"})
    assert fetch(store.engine, purchase_orders, order)["status"] == "cancelled"


def test_a_draft_order_is_edited_header_and_lines(store: Store) -> None:
    order, line = _order(store)
    other_part = store.new_part(unit_cost="3.10")
    removed_part = store.new_part()
    removed = uuid.uuid4()
    other_supplier = uuid.uuid4()
    run(store.engine, store.admin, "supplier.create", {"id": other_supplier, "name": "Bearing"})
    # a line added with its own id, then removed in a later edit
    run(
        store.engine,
        store.admin,
        "po.update",
        {"id": order, "add_lines": [{"id": removed, "part_id": removed_part, "quantity": "1"}]},
    )
    expected = NOW + timedelta(days=10)
    edit = run(
        store.engine,
        store.admin,
        "po.update",
        {
            "id": order,
            "fields": {
                "expected_at": expected.isoformat(),
                "notes": "Livraison quai 2",
                "supplier_id": other_supplier,
            },
            "add_lines": [{"part_id": other_part, "quantity": "5"}],
            "change_lines": [{"id": line, "quantity": "12", "unit_price": "6.90"}],
            "remove_lines": [removed],
        },
    )
    row = fetch(store.engine, purchase_orders, order)
    assert (row["expected_at"], row["notes"], row["supplier_id"]) == (
        expected,
        "Livraison quai 2",
        other_supplier,
    )
    changed = fetch(store.engine, purchase_order_lines, line)
    assert (changed["quantity"], changed["unit_price"]) == (Decimal(12), Decimal("6.90"))
    assert fetch(store.engine, purchase_order_lines, removed)["deleted_at"] == NOW
    # the added line's id is derived from the command: the same on every database
    added = fetch(store.engine, purchase_order_lines, uuid.uuid5(edit, "po_line/0"))
    assert (added["part_id"], added["quantity"], added["unit_price"]) == (
        other_part,
        Decimal(5),
        Decimal("3.10"),
    )
    assert added["site_id"] == store.site_a


def test_only_a_draft_order_is_edited(store: Store) -> None:
    order, line = _order(store)
    refused(
        store.engine,
        store.admin,
        "po.update",
        {"id": order, "remove_lines": [line]},
        "invalid",  # an order keeps a line
    )
    refused(
        store.engine,
        store.admin,
        "po.update",
        {"id": order, "fields": {"status": "sent"}},
        "invalid",
    )
    stranger = {"id": order, "change_lines": [{"id": uuid.uuid4(), "quantity": "2"}]}
    refused(store.engine, store.admin, "po.update", stranger, "not_found")
    tech = store.actor(Role.TECHNICIAN, store.site_a)
    edit = {"id": order, "change_lines": [{"id": line, "quantity": "2"}]}
    refused(store.engine, tech, "po.update", edit, "forbidden")
    run(store.engine, store.admin, "po.transition", {"id": order, "action": "send"})
    error = refused(store.engine, store.admin, "po.update", edit, "invalid_state")
    assert error.field_errors == {"id": "not_draft"}
    assert fetch(store.engine, purchase_order_lines, line)["quantity"] == Decimal(10)
