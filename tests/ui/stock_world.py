"""A store for the stock screens, made on the page's replica through the commands.

pm_world's plant (site LYON) with a storekeeper, three locations (A-01, A-02,
B-01), a supplier and four parts: BRG-6204 (barcode 3400000062040, 10 in A-01),
FLT-100 (5 in A-01, 3 in A-02, min 10: below its minimum), BLT-A42 (none) and
SEAL-22 (compatible with the press). Movements are dated NOW (2 March 2026).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.inventory import stock_movements
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.local_schema import outbox
from tests.core.pm_world import NOW, PMWorld, build_world

__all__ = ["NOW", "StockWorld", "make_stock_world"]


@dataclass
class StockWorld:
    services: DesktopServices
    world: PMWorld
    keeper: Actor
    a01: uuid.UUID
    a02: uuid.UUID
    b01: uuid.UUID
    bearing: uuid.UUID
    filter: uuid.UUID
    belt: uuid.UUID
    seal: uuid.UUID
    press: uuid.UUID
    supplier: uuid.UUID

    def session(self, actor: Actor | None = None) -> UserSession:
        who = actor or self.keeper
        return self.services.auth.session_for(uuid.uuid4(), who.user_id)

    def run(self, name: str, payload: dict[str, Any], actor: Actor | None = None) -> None:
        self.world.run(name, payload, actor or self.world.admin)

    def on_hand(self, part: uuid.UUID, location: uuid.UUID | None = None) -> Decimal:
        m = stock_movements.c
        query = select(func.coalesce(func.sum(m.quantity), 0)).where(
            m.part_id == part, m.kind.not_in(["reservation", "release"])
        )
        if location is not None:
            query = query.where(m.location_id == location)
        with self.services.replica.engine.connect() as c:
            return Decimal(c.execute(query).scalar_one())

    def movements(self, part: uuid.UUID) -> list[Any]:
        m = stock_movements.c
        with self.services.replica.engine.connect() as c:
            return list(
                c.execute(
                    select(stock_movements).where(m.part_id == part).order_by(m.occurred_at, m.kind)
                ).mappings()
            )

    def outbox_names(self) -> list[str]:
        with self.services.replica.engine.connect() as c:
            return [r.name for r in c.execute(select(outbox.c.name).order_by(outbox.c.seq))]


def _part(world: PMWorld, reference: str, description: str, **fields: Any) -> uuid.UUID:
    part_id = uuid.uuid4()
    world.run(
        "part.create",
        {"id": part_id, "reference": reference, "description": description, **fields},
    )
    return part_id


def make_stock_world(services: DesktopServices) -> StockWorld:
    world = build_world(services.replica.engine)
    keeper = world.user(Role.STOREKEEPER, "Ines Magasin")
    locations = {}
    for code, store in (
        ("A-01", "Magasin central"),
        ("A-02", "Magasin central"),
        ("B-01", "Atelier"),
    ):
        location_id = uuid.uuid4()
        world.run(
            "location.create",
            {
                "id": location_id,
                "site_id": world.site_a,
                "code": code,
                "store": store,
                "aisle": code[0],
            },
        )
        locations[code] = location_id
    press = world.equipment(code="PRS-001")
    supplier = uuid.uuid4()
    world.run("supplier.create", {"id": supplier, "name": "Roulements SA"})
    bearing = _part(
        world,
        "BRG-6204",
        "Roulement 6204",
        category="Roulements",
        barcode="3400000062040",
        min_qty="2",
        max_qty="20",
    )
    filt = _part(world, "FLT-100", "Filtre à huile", category="Filtres", min_qty="10", max_qty="30")
    belt = _part(world, "BLT-A42", "Courroie A42", category="Transmission")
    seal = _part(
        world, "SEAL-22", "Joint torique 22 mm", category="Joints", equipment_ids=[str(press)]
    )
    world.run(
        "supplier_price.set",
        {
            "id": uuid.uuid4(),
            "supplier_id": supplier,
            "part_id": bearing,
            "unit_price": "4.20",
            "lead_time_days": 7,
            "preferred": True,
        },
    )
    for part, location, qty in ((bearing, "A-01", 10), (filt, "A-01", 5), (filt, "A-02", 3)):
        world.run(
            "stock.move",
            {
                "id": uuid.uuid4(),
                "kind": "receipt",
                "part_id": part,
                "location_id": locations[location],
                "quantity": qty,
                "occurred_at": NOW,
            },
        )
    return StockWorld(
        services,
        world,
        keeper,
        locations["A-01"],
        locations["A-02"],
        locations["B-01"],
        bearing,
        filt,
        belt,
        seal,
        press,
        supplier,
    )
