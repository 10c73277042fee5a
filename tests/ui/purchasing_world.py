"""A store for the purchasing, supplier and count screens, made on the page's replica.

:mod:`tests.core.pm_world`'s plant (site LYON) with a storekeeper, two store
locations, two suppliers, three parts under their minimum (two preferred at
one supplier, one at the other) and one part well stocked. Every row is made
through the commands the screens use.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from tests.core.pm_world import NOW, PMWorld, build_world, jsonable, run

__all__ = ["NOW", "TODAY", "PurchasingWorld", "make_purchasing_world"]

TODAY = NOW.date()


@dataclass
class PurchasingWorld:
    services: DesktopServices
    world: PMWorld
    storekeeper: Actor
    bin_a: uuid.UUID
    bin_b: uuid.UUID
    skf: uuid.UUID  # "SKF France": preferred for the bearing and the belt
    wurth: uuid.UUID  # "Würth": preferred for the filter
    bearing: uuid.UUID  # ROUL-6204, barcode 3456789012345
    belt: uuid.UUID  # COUR-A42
    filter: uuid.UUID  # FILT-HUILE
    grease: uuid.UUID  # GRAISSE-EP2, well stocked

    @property
    def site(self) -> uuid.UUID:
        return self.world.site_a

    def session(self, actor: Actor | None = None) -> UserSession:
        who = actor or self.storekeeper
        return self.services.auth.session_for(uuid.uuid4(), who.user_id)

    def run(self, name: str, payload: dict[str, Any], actor: Actor | None = None) -> None:
        run(self.services.replica.engine, actor or self.world.admin, name, jsonable(payload))

    def receive_stock(self, part: uuid.UUID, quantity: str, location: uuid.UUID) -> None:
        self.run(
            "stock.move",
            {
                "id": uuid.uuid4(),
                "kind": "receipt",
                "part_id": part,
                "location_id": location,
                "quantity": quantity,
                "occurred_at": NOW.replace(day=1).isoformat(),
            },
        )


def make_purchasing_world(services: DesktopServices) -> PurchasingWorld:
    world = build_world(services.replica.engine)
    storekeeper = world.user(Role.STOREKEEPER, "Sophie Magasinière")
    engine = services.replica.engine

    def do(name: str, payload: dict[str, Any]) -> None:
        run(engine, world.admin, name, jsonable(payload))

    bins = []
    for code in ("MAG-A-01", "MAG-A-02"):
        bins.append(uuid.uuid4())
        do(
            "location.create",
            {"id": bins[-1], "site_id": world.site_a, "code": code, "store": "Magasin général"},
        )
    parts = {}
    for reference, description, barcode, low, high, cost in (
        ("ROUL-6204", "Roulement à billes 6204 2RS", "3456789012345", "4", "20", "7.50"),
        ("COUR-A42", "Courroie trapézoïdale A42", "3456789012352", "2", "6", "11.20"),
        ("FILT-HUILE", "Filtre à huile hydraulique", "3456789012369", "3", "8", "23.00"),
        ("GRAISSE-EP2", "Graisse lithium EP2 (cartouche)", "3456789012376", "2", "10", "4.10"),
    ):
        part_id = uuid.uuid4()
        parts[reference] = part_id
        do(
            "part.create",
            {
                "id": part_id,
                "reference": reference,
                "description": description,
                "barcode": barcode,
                "min_qty": low,
                "max_qty": high,
                "unit_cost": cost,
            },
        )
    skf, wurth = uuid.uuid4(), uuid.uuid4()
    do(
        "supplier.create",
        {
            "id": skf,
            "name": "SKF France",
            "contact_name": "Hélène Dupré",
            "email": "commandes@skf.example",
            "phone": "04 72 00 00 00",
            "address": "12 rue de l'Industrie, 69007 Lyon",
        },
    )
    do("supplier.create", {"id": wurth, "name": "Würth France", "contact_name": "Équipe pièces"})
    for supplier, part, price, lead, preferred in (
        (skf, parts["ROUL-6204"], "6.90", 5, True),
        (skf, parts["COUR-A42"], "10.50", 7, True),
        (wurth, parts["ROUL-6204"], "6.50", 3, False),
        (wurth, parts["FILT-HUILE"], "21.00", 10, True),
    ):
        do(
            "supplier_price.set",
            {
                "id": uuid.uuid4(),
                "supplier_id": supplier,
                "part_id": part,
                "unit_price": price,
                "lead_time_days": lead,
                "preferred": preferred,
                "valid_from": date(2026, 1, 1),
            },
        )
    made = PurchasingWorld(
        services,
        world,
        storekeeper,
        bins[0],
        bins[1],
        skf,
        wurth,
        parts["ROUL-6204"],
        parts["COUR-A42"],
        parts["FILT-HUILE"],
        parts["GRAISSE-EP2"],
    )
    made.receive_stock(made.bearing, "1", made.bin_a)  # 1 < 4: order 19
    made.receive_stock(made.grease, "8", made.bin_a)  # fine
    return made
