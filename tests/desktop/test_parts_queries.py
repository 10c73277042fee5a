"""The parts and stock screens' queries on a real replica."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from cmms_core.mutations import MutationContext, run_mutation
from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_desktop.store.queries import parts as pq
from cmms_desktop.store.queries import stock as sq
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.search import drop_part_search

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


class World:
    fts = False

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        admin = uuid.uuid4()
        self.run(
            "user.create_first_admin",
            {
                "id": admin,
                "email": "a@u.fr",
                "full_name": "Ana",
                "password_hash": HASH,
                "role": "admin",
            },
            actor=None,
        )
        self.admin = Actor(admin, Role.ADMIN, None)
        self.site, self.other_site, self.type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        self.run("site.create", {"id": self.site, "code": "LYO", "name": "Lyon"})
        self.run("site.create", {"id": self.other_site, "code": "NAN", "name": "Nantes"})
        self.run("equipment_type.create", {"id": self.type_id, "code": "PMP", "name": "Pompe"})
        self.equipment = uuid.uuid4()
        self.run(
            "equipment.create",
            {
                "id": self.equipment,
                "site_id": self.site,
                "code": "P-1",
                "name": "Pompe 1",
                "type_id": self.type_id,
            },
        )
        self.bin, self.bin2, self.far = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        for loc, site, code in (
            (self.bin, self.site, "A-01"),
            (self.bin2, self.site, "A-02"),
            (self.far, self.other_site, "B-01"),
        ):
            self.run(
                "location.create", {"id": loc, "site_id": site, "code": code, "store": "Magasin"}
            )
        self.supplier = uuid.uuid4()
        self.run("supplier.create", {"id": self.supplier, "name": "SKF"})

    def run(
        self,
        name: str,
        payload: Mapping[str, Any],
        actor: Actor | str | None = "admin",
        now: datetime = NOW,
    ) -> None:
        who = self.admin if actor == "admin" else actor
        assert not isinstance(who, str)
        with self.engine.begin() as connection:
            ctx = MutationContext(connection, who, now, "pc", True, mutation_id=uuid.uuid4())
            run_mutation(ctx, name, payload)

    def part(self, reference: str, description: str, **fields: Any) -> uuid.UUID:
        part_id = uuid.uuid4()
        self.run(
            "part.create",
            {"id": part_id, "reference": reference, "description": description} | fields,
        )
        return part_id

    def move(
        self, part: uuid.UUID, kind: str, qty: str, location: uuid.UUID | None = None, **extra: Any
    ) -> uuid.UUID:
        movement = uuid.uuid4()
        payload = {
            "id": movement,
            "kind": kind,
            "part_id": part,
            "location_id": location or self.bin,
            "quantity": qty,
        }
        self.run("stock.move", payload | extra)
        return movement


@pytest.fixture(params=["fts", "like"])
def world(replica: Replica, request: pytest.FixtureRequest) -> World:
    if request.param == "like":  # a replica made before the index: the LIKE fallback
        with replica.engine.begin() as connection:
            drop_part_search(connection)
    made = World(replica.engine)
    made.fts = request.param == "fts"
    return made


def refs(rows: list[pq.PartRow]) -> list[str]:
    return [r.reference for r in rows]


def test_search_as_you_type_filters_and_sorts(world: World) -> None:
    bearing = world.part(
        "ROUL-6204",
        "Roulement à billes 6204",
        category="Roulements",
        barcode="3401",
        min_qty="5",
        max_qty="20",
        equipment_ids=[str(world.equipment)],
    )
    world.part("ROUL-6205", "Roulement à billes 6205", category="Roulements")
    belt = world.part(
        "COUR-A42",
        "Courroie trapézoïdale A42",
        category="Transmission",
        equipment_type_ids=[str(world.type_id)],
    )
    world.part("FILT-01", "Filtre à huile", category="Filtres")
    world.run(
        "supplier_price.set",
        {"id": uuid.uuid4(), "supplier_id": world.supplier, "part_id": belt, "unit_price": "12.00"},
    )
    world.move(bearing, "receipt", "8")
    world.move(bearing, "receipt", "3", location=world.far)

    def search(**f: Any) -> list[str]:
        flt = pq.PartFilter(**f)
        rows = pq.fetch_part_page(world.engine, flt)
        assert pq.count_parts(world.engine, flt) == len(rows)
        return refs(rows)

    assert search() == ["COUR-A42", "FILT-01", "ROUL-6204", "ROUL-6205"]
    assert search(text="rou") == ["ROUL-6204", "ROUL-6205"]
    assert search(text="roul 6205") == ["ROUL-6205"]
    assert search(text="billes 620") == ["ROUL-6204", "ROUL-6205"]
    # the first keystrokes: with the index, the start of a reference; without, anywhere
    short = ["ROUL-6204", "ROUL-6205"] if world.fts else ["COUR-A42", "ROUL-6204", "ROUL-6205"]
    assert search(text="ro") == short
    assert search(text="34") == ["ROUL-6204"]  # the start of a barcode
    assert search(text="billes 05") == ["ROUL-6205"]  # a short word among longer ones
    assert search(text="3401") == ["ROUL-6204"]  # the barcode
    assert search(text="HUILE") == ["FILT-01"]
    assert search(text='"x') == []
    assert search(category="Roulements") == ["ROUL-6204", "ROUL-6205"]
    assert search(supplier_id=world.supplier) == ["COUR-A42"]
    # compatible with the equipment itself or with its type
    assert search(equipment_id=world.equipment) == ["COUR-A42", "ROUL-6204"]
    assert search(equipment_type_id=world.type_id) == ["COUR-A42"]
    desc = pq.fetch_part_page(world.engine, pq.PartFilter(), sort="description", descending=True)
    assert refs(desc)[0] == "ROUL-6205"
    page = pq.fetch_part_page(world.engine, pq.PartFilter(), offset=1, limit=2)
    assert refs(page) == ["FILT-01", "ROUL-6204"]
    (row,) = pq.fetch_part_page(world.engine, pq.PartFilter(text="6204"))
    assert (row.on_hand, row.reserved, row.below_min) == (Decimal(11), Decimal(0), False)
    (lyon,) = pq.fetch_part_page(
        world.engine, pq.PartFilter(text="6204", site_ids=frozenset({world.site}))
    )
    assert lyon.on_hand == 8
    assert search(below_min=True, site_ids=frozenset({world.site})) == []
    world.move(bearing, "issue", "4")
    assert search(below_min=True, site_ids=frozenset({world.site})) == ["ROUL-6204"]
    assert pq.list_categories(world.engine) == ["Filtres", "Roulements", "Transmission"]
    # an edit and a retirement reach the index
    world.run("part.update", {"id": belt, "fields": {"description": "Courroie crantée"}})
    assert search(text="crant") == ["COUR-A42"] and search(text="trapéz") == []
    world.run("part.delete", {"id": belt})
    assert search(text="cour") == []


def test_part_detail_forecast_and_scans(world: World) -> None:
    part = world.part(
        "ROUL-6204",
        "Roulement",
        barcode="3401",
        min_qty="2",
        max_qty="10",
        equipment_ids=[str(world.equipment)],
        equipment_type_ids=[str(world.type_id)],
    )
    other = uuid.uuid4()
    world.run("supplier.create", {"id": other, "name": "Brammer"})
    world.run(
        "supplier_price.set",
        {
            "id": uuid.uuid4(),
            "supplier_id": world.supplier,
            "part_id": part,
            "unit_price": "9",
            "lead_time_days": 7,
        },
    )
    world.run(
        "supplier_price.set",
        {
            "id": uuid.uuid4(),
            "supplier_id": other,
            "part_id": part,
            "unit_price": "11",
            "preferred": True,
            "lead_time_days": 21,
        },
    )
    world.move(part, "receipt", "20", occurred_at=(NOW - timedelta(days=60)).isoformat())
    for days in range(1, 57, 7):  # one a week for eight weeks
        world.move(part, "issue", "1", occurred_at=(NOW - timedelta(days=days)).isoformat())
    world.run(
        "stock.reserve",
        {
            "id": uuid.uuid4(),
            "part_id": part,
            "location_id": world.bin2,
            "quantity": "3",
            "ref_table": "maintenance_tasks",
            "ref_id": uuid.uuid4(),
            "needed_at": (NOW + timedelta(days=2)).isoformat(),
        },
    )
    detail = pq.get_part_detail(world.engine, part)
    assert detail is not None
    assert [(loc.code, loc.on_hand, loc.reserved) for loc in detail.locations] == [
        ("A-01", Decimal(12), Decimal(0)),
        ("A-02", Decimal(0), Decimal(3)),
    ]
    assert (detail.on_hand, detail.available) == (Decimal(12), Decimal(9))
    assert [c.code for c in detail.compatible] == ["P-1", "PMP"]
    assert [pr.supplier_name for pr in detail.prices] == ["Brammer", "SKF"]  # preferred first
    assert detail.recent_movements[0].kind == "reservation" and len(detail.recent_movements) == 10
    assert detail.recent_movements[-1].kind == "receipt"
    assert pq.get_part_detail(world.engine, uuid.uuid4()) is None
    forecast = pq.part_forecast(world.engine, part, NOW.date(), history_weeks=8)
    assert forecast.lead_time_days == 21  # the preferred supplier's
    assert forecast.history == (1.0,) * 8
    assert forecast.weekly_rate == pytest.approx(1.0)
    assert forecast.weeks[0].planned == 3
    assert forecast.reorder_point == 6  # 3 weeks at one a week, plus the 3 planned
    assert pq.lookup_code(world.engine, "3401") == pq.ScanResult(
        "part", part, "ROUL-6204", "Roulement"
    )
    assert pq.lookup_code(world.engine, "roul-6204 ") is not None
    loc = pq.lookup_code(world.engine, "A-02")
    assert loc is not None and (loc.kind, loc.id) == ("location", world.bin2)
    assert pq.lookup_code(world.engine, "B-01", frozenset({world.site})) is None
    assert pq.lookup_code(world.engine, "nothing") is None


def test_storekeeper_landing_data(world: World) -> None:
    low = world.part("A-1", "Bas", min_qty="5", max_qty="20")
    ordered = world.part("B-1", "Commandé", min_qty="5", max_qty="10")
    fine = world.part("C-1", "Assez", min_qty="1", max_qty="3")
    world.move(fine, "receipt", "3")
    world.move(low, "receipt", "2")
    world.run(
        "supplier_price.set",
        {
            "id": uuid.uuid4(),
            "supplier_id": world.supplier,
            "part_id": low,
            "unit_price": "4",
            "preferred": True,
        },
    )
    order, line = uuid.uuid4(), uuid.uuid4()
    world.run(
        "po.create",
        {
            "id": order,
            "site_id": world.site,
            "supplier_id": world.supplier,
            "number": "PO-1",
            "expected_at": (NOW + timedelta(days=5)).isoformat(),
            "lines": [{"id": line, "part_id": ordered, "quantity": "10", "unit_price": "2"}],
        },
    )
    world.run("po.transition", {"id": order, "action": "send"})
    world.run(
        "po.receive",
        {"id": order, "lines": [{"line_id": line, "quantity": "4", "location_id": world.bin}]},
    )
    alerts = sq.replenishment_alerts(world.engine, frozenset({world.site}))
    # B-1: 4 on hand + 6 still on order is above its minimum
    assert [(a.reference, a.suggested_qty) for a in alerts] == [("A-1", Decimal(18))]
    plan = sq.replenishment_plan(world.engine, NOW.date())
    assert [(g.supplier_id, [ln.part_id for ln in g.lines]) for g in plan] == [
        (world.supplier, [low])
    ]
    (pending,) = sq.pending_receipts(world.engine)
    assert (
        pending.number,
        pending.status,
        pending.ordered_qty,
        pending.received_qty,
        pending.total,
    ) == ("PO-1", "partially_received", Decimal(10), Decimal(4), Decimal(20))
    assert not pending.late(NOW) and pending.late(NOW + timedelta(days=6))
    world.move(
        fine,
        "issue",
        "2",
        occurred_at=(NOW + timedelta(hours=1)).isoformat(),
        ref_table="work_orders",
        ref_id=str(uuid.uuid4()),
    )
    world.move(fine, "issue", "1", occurred_at=(NOW - timedelta(days=1)).isoformat())
    world.move(fine, "return", "1", occurred_at=(NOW + timedelta(hours=2)).isoformat())
    day = datetime.combine(NOW.date(), datetime.min.time(), UTC)
    issues = sq.todays_issues(world.engine, day, day + timedelta(days=1))
    assert [(i.kind, i.quantity, i.reference) for i in issues] == [
        ("return", Decimal(-1), "C-1"),
        ("issue", Decimal(2), "C-1"),
    ]
    # two offline issues of the last one: negative, flagged
    world.move(fine, "issue", "2")
    world.move(fine, "issue", "1", location=world.far)
    neg = sq.negative_stock(world.engine)
    assert [(n.reference, n.location_code, n.on_hand) for n in neg] == [
        ("C-1", "A-01", Decimal(-1)),
        ("C-1", "B-01", Decimal(-1)),
    ]
    lyon = sq.negative_stock(world.engine, frozenset({world.site}))
    assert [n.location_code for n in lyon] == ["A-01"]
    assert [loc.code for loc in sq.list_locations(world.engine, frozenset({world.site}))] == [
        "A-01",
        "A-02",
    ]


def test_reservations_and_count_sessions(world: World) -> None:
    part = world.part("A-1", "Joint")
    task, reservation = uuid.uuid4(), uuid.uuid4()
    world.run(
        "stock.reserve",
        {
            "id": reservation,
            "part_id": part,
            "location_id": world.bin,
            "quantity": "5",
            "ref_table": "maintenance_tasks",
            "ref_id": task,
        },
    )
    world.run("stock.release", {"id": uuid.uuid4(), "reservation_id": reservation, "quantity": "2"})
    (row,) = sq.open_reservations(world.engine, ref_id=task)
    assert (row.reserved, row.remaining) == (Decimal(5), Decimal(3))
    assert sq.open_reservations(world.engine, part_id=uuid.uuid4()) == []
    session = uuid.uuid4()
    world.run("stock.count_start", {"id": session, "site_id": world.site, "name": "Mars"})
    assert [s[1] for s in sq.open_count_sessions(world.engine)] == ["Mars"]
    world.run(
        "stock.count_record",
        {
            "id": uuid.uuid4(),
            "session_id": session,
            "part_id": part,
            "location_id": world.bin,
            "counted_qty": "4",
        },
    )
    (line,) = sq.count_session_lines(world.engine, session)
    assert (line.reference, line.location_code, line.counted_qty, line.counted_by) == (
        "A-1",
        "A-01",
        Decimal(4),
        "Ana",
    )
    world.run("stock.count_close", {"id": session}, now=NOW + timedelta(minutes=5))
    assert sq.open_count_sessions(world.engine) == []
    assert sq.count_session_lines(world.engine, session)[0].movement_id is not None
    assert pq.stock_by_part(world.engine, [part]) == {part: (Decimal(4), Decimal(3))}
