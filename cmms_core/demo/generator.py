"""A deterministic, seedable demo plant: "Usine Demo", three French sites, two years of history.

``generate_demo_plant`` yields ``(table, rows)`` batches in foreign-key order
(parents first), as plain dicts holding every column of the table with the
Python types the schema expects. It does no I/O and never looks at the clock:
the same seed and reference date give the same rows, down to the ids.

The history is simulated rather than sprinkled: a failure that stopped a
machine has a downtime, a repair sheet whose hands-on time fits in it, the
parts it used leave the stock ledger at that moment, and the equipment's state
and history agree with its open tickets. Stock is a replay of the ledger per
part and site with a min/max reorder policy, so on-hand is never negative and
a few parts end below their minimum, waiting for an open purchase order.

Memory stays flat at the benchmark scale: rows are built and handed over in
batches; only compact per-equipment and per-ticket plans are kept.
"""

from __future__ import annotations

import math
import random
import uuid
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Table

from cmms_core.demo import catalogue as cat
from cmms_core.demo.accounts import DEMO_ACCOUNTS
from cmms_core.passwords import hash_password
from cmms_core.rules.escalation import DEFAULT_RULES
from cmms_core.rules.roles import Role
from cmms_core.schema.assets import equipment_types, equipments, production_lines, sites
from cmms_core.schema.failures import (
    escalation_rules,
    failure_types,
    failures,
    repair_interventions,
)
from cmms_core.schema.inventory import (
    part_compatibility,
    parts,
    purchase_order_lines,
    purchase_orders,
    stock_movements,
    storage_locations,
    supplier_parts,
    suppliers,
)
from cmms_core.schema.maintenance import (
    interventions,
    maintenance_history,
    maintenance_plans,
    maintenance_tasks,
)
from cmms_core.schema.people import user_permissions, users

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "DEFAULT_SCALE",
    "Batch",
    "DemoScale",
    "Row",
    "generate_demo_plant",
]

Row = dict[str, Any]
Batch = tuple[Table, list[Row]]
_T = TypeVar("_T")

# The demo's "today": fixed so that the data (and its tests) never depend on the clock.
DEFAULT_REFERENCE_DATE = date(2026, 11, 1)


@dataclass(frozen=True)
class DemoScale:
    """How big the demo plant is. Counts are targets; the history makes the rest."""

    sites: int = 3
    lines_per_site: int = 5
    equipments: int = 300
    failures: int = 900  # corrective work orders over the history
    maintenance_plans: int = 150  # each generates its preventive tasks over the history
    parts: int = 400
    locations_per_site: int = 40
    suppliers: int = 12
    stock_movements: int = 6_000  # approximate: the ledger replay decides receipts
    history_days: int = 730
    batch_size: int = 5_000

    def __post_init__(self) -> None:
        if not 1 <= self.sites <= len(cat.SITES):
            raise ValueError(f"sites must be between 1 and {len(cat.SITES)}")
        if not 1 <= self.suppliers <= len(cat.SUPPLIERS):
            raise ValueError(f"suppliers must be between 1 and {len(cat.SUPPLIERS)}")
        if self.lines_per_site < 1 or self.equipments < 1 or self.parts < 1:
            raise ValueError("lines_per_site, equipments and parts must be at least 1")
        if self.locations_per_site < 2:
            raise ValueError("locations_per_site must be at least 2")
        if self.history_days < 60:
            raise ValueError("history_days must be at least 60")
        if self.batch_size < 100:
            raise ValueError("batch_size must be at least 100")
        if min(self.failures, self.maintenance_plans, self.stock_movements) < 0:
            raise ValueError("counts cannot be negative")

    @classmethod
    def default(cls) -> DemoScale:
        """The plant a visitor explores: about 300 equipments."""
        return cls()

    @classmethod
    def benchmark(cls) -> DemoScale:
        """100,000 equipments, ~100,000 work orders, ~1,000,000 stock movements."""
        return cls(
            lines_per_site=30,
            equipments=100_000,
            failures=60_000,
            maintenance_plans=4_000,
            parts=4_000,
            locations_per_site=600,
            stock_movements=1_000_000,
        )


DEFAULT_SCALE = DemoScale.default()


def generate_demo_plant(
    seed: int = 42,
    scale: DemoScale = DEFAULT_SCALE,
    *,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    password_hasher: Callable[[str], str] = hash_password,
) -> Iterator[Batch]:
    """Yield the demo plant as ``(table, rows)`` batches, parents before children.

    ``reference_date`` is the demo's today: the history ends there and upcoming
    preventive tasks follow it. ``password_hasher`` makes the demo accounts'
    hashes (argon2 salts are random: pass a deterministic one to compare runs).
    """
    return _Plant(seed, scale, reference_date, password_hasher).batches()


# ------------------------------------------------------------------------------ helpers

_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_CRITICALITIES = ("high", "medium", "low")
_PRIORITY = {"high": 3, "medium": 2, "low": 1}
# cumulative weights of urgency 1 (low) .. 4 (critical), by equipment criticality
_URGENCY_WEIGHTS = {
    "high": (1.0, 4.0, 8.0, 10.0),
    "medium": (2.0, 7.0, 9.0, 10.0),
    "low": (4.0, 8.0, 9.0, 9.3),
}


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, min(day.day, 28))


def _ean13(body: str) -> str:
    """``body`` (12 digits) with its EAN-13 check digit: scanners reject wrong ones."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


class _Random(random.Random):
    """random.Random with lean draws for the hot loops.

    ``randrange``/``choice``/``choices`` validate their arguments on every call;
    at a million rows that is most of the generation time. These use one
    ``random()`` each (still fully determined by the seed).
    """

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return low + int(self.random() * (high - low + 1))

    def one(self, items: Sequence[_T]) -> _T:
        return items[int(self.random() * len(items))]

    def pick(self, items: Sequence[_T], cumulative: Sequence[float]) -> _T:
        """A weighted draw; ``cumulative`` holds the running totals of the weights."""
        return items[bisect(cumulative, self.random() * cumulative[-1], 0, len(items) - 1)]

    def lognormal(self, median: float, sigma: float, low: float, high: float) -> float:
        """A log-normal value (durations, costs), clamped to [low, high]."""
        value = math.exp(self.gauss(math.log(median), sigma))
        return low if value < low else high if value > high else value


# uuid4's version and variant bits, set on random 128-bit integers
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)
_UUID_UNKNOWN = uuid.SafeUUID.unknown  # an enum lookup per id costs as much as the id
_new_object = object.__new__
_set_slot = object.__setattr__


class _Ids:
    """Ids from their own seeded stream, so that they look like (and sort like) uuid4."""

    def __init__(self, seed: int) -> None:
        self._bits = random.Random(f"cmms-demo-ids:{seed}").getrandbits
        self.namespace = self.new()

    def new(self) -> uuid.UUID:
        # uuid.UUID(int=..., version=4) re-validates and costs twice as much as
        # filling the (immutable, slotted) object directly; this is a million calls.
        made = _new_object(uuid.UUID)
        _set_slot(made, "int", (self._bits(128) & _V4_CLEAR) | _V4_SET)
        _set_slot(made, "is_safe", _UUID_UNKNOWN)
        return made

    def keyed(self, key: str) -> uuid.UUID:
        """The same id for the same key: lets a row be referenced before it is made."""
        return uuid.uuid5(self.namespace, key)


class _Buffer:
    """Rows of related tables gathered together, handed over parents first."""

    def __init__(self, tables: Sequence[Table], batch_size: int) -> None:
        self._tables = tuple(tables)
        self._rows: list[list[Row]] = [[] for _ in tables]
        self._index = {table.name: i for i, table in enumerate(tables)}
        self._size = batch_size

    def add(self, table: Table, row: Row) -> None:
        self._rows[self._index[table.name]].append(row)

    def rows_of(self, table: Table) -> list[Row]:
        """The pending list itself, for hot loops that append directly (drain keeps it)."""
        return self._rows[self._index[table.name]]

    @property
    def full(self) -> bool:
        return any(len(rows) >= self._size for rows in self._rows)

    def drain(self) -> Iterator[Batch]:
        for i, table in enumerate(self._tables):
            rows = self._rows[i]
            for start in range(0, len(rows), self._size):
                yield table, rows[start : start + self._size]
            rows.clear()


def _sync(
    row_id: uuid.UUID, site_id: uuid.UUID | None, created: datetime, updated: datetime
) -> Row:
    # version 0: rows the server has never seen; a demo replica never syncs them.
    return {
        "id": row_id,
        "site_id": site_id,
        "version": 0,
        "created_at": created,
        "updated_at": updated,
        "deleted_at": None,
        "field_clocks": None,
    }


@dataclass(frozen=True)
class _Person:
    id: uuid.UUID
    name: str
    role: Role
    skills: tuple[str, ...]
    rate: Decimal


@dataclass(frozen=True)
class _Line:
    id: uuid.UUID
    site: int
    kind: cat.LineKind
    code: str
    building: str


class _Eq:
    """The compact plan of one equipment, kept while its tickets are simulated."""

    __slots__ = (
        "changed",
        "code",
        "commissioned",
        "criticality",
        "id",
        "last_up",
        "line",
        "location",
        "name",
        "out_at",
        "parent",
        "site",
        "state",
        "type",
        "weight",
    )

    def __init__(
        self,
        eq_id: uuid.UUID,
        site: int,
        line: int,
        eq_type: int,
        parent: int,
        code: str,
        name: str,
        criticality: str,
        commissioned: date,
    ) -> None:
        self.id = eq_id
        self.site = site
        self.line = line
        self.type = eq_type
        self.parent = parent
        self.code = code
        self.name = name
        self.criticality = criticality
        self.commissioned = commissioned
        self.state = "active"
        self.changed: datetime | None = None
        self.out_at: datetime | None = None
        self.last_up: datetime | None = None
        self.location = ""
        self.weight = 0.0


class _Ticket:
    """The compact plan of one failure: its timeline, decided before any row is written."""

    __slots__ = (
        "assigned",
        "down_end",
        "down_start",
        "ended",
        "eq",
        "forced",
        "ftype",
        "labour",
        "reported",
        "started",
        "status",
        "stopped",
        "urgency",
        "validated",
    )

    def __init__(self, eq: int, ftype: int, reported: datetime, urgency: int) -> None:
        self.eq = eq
        self.ftype = ftype
        self.reported = reported
        self.urgency = urgency
        self.forced = False
        self.stopped = False
        self.down_start: datetime | None = None
        self.down_end: datetime | None = None
        self.assigned: datetime | None = None
        self.started: datetime | None = None
        self.ended: datetime | None = None
        self.validated: datetime | None = None
        self.labour = 0
        self.status = "reported"


@dataclass(frozen=True)
class _Part:
    id: uuid.UUID
    family: cat.PartFamily
    unit_cost: Decimal
    min_qty: int
    max_qty: int
    supplier: int  # preferred supplier
    price: Decimal  # the preferred supplier's price
    lead_days: int
    popularity: float


# A stock ledger event waiting for the replay: (moment, quantity, ref table, ref id, user).
# Quantity 0 marks an inventory count, whose difference the replay decides.
_StockEvent = tuple[datetime, int, str | None, uuid.UUID | None, uuid.UUID]
# A purchase order line: (part index, quantity, ordered at, expected / received at).
_OrderLine = tuple[int, int, datetime, datetime]


# --------------------------------------------------------------------------------- plant


class _Plant:
    def __init__(
        self,
        seed: int,
        scale: DemoScale,
        reference_date: date,
        password_hasher: Callable[[str], str],
    ) -> None:
        self.rng = _Random(seed)
        self.ids = _Ids(seed)
        self.scale = scale
        self.hasher = password_hasher
        self.ref = datetime.combine(reference_date, time(0, 0), tzinfo=UTC)
        self.start = self.ref - timedelta(days=scale.history_days)
        # when the plant's data was entered into the CMMS
        self.setup = self.start - timedelta(days=30)
        self.site_ids: list[uuid.UUID] = []
        self.site_codes: list[str] = []
        self.supervisor: _Person | None = None
        self.storekeeper: _Person | None = None
        self.techs_by_site: list[list[_Person]] = []
        self.reporters_by_site: list[list[_Person]] = []
        self.type_ids: list[uuid.UUID] = []
        self.template_ids: dict[tuple[int, int], uuid.UUID] = {}
        self.type_index = {t.code: i for i, t in enumerate(cat.EQUIPMENT_TYPES)}
        self.ftype_ids: list[uuid.UUID] = []
        self.ftype_index = {f.code: i for i, f in enumerate(cat.FAILURE_TYPES)}
        self.criticality_weights = [list(accumulate(t.criticality)) for t in cat.EQUIPMENT_TYPES]
        # each type's failure modes; the first ones listed are the common ones
        self.failure_modes = [
            (
                [self.ftype_index[code] for code in t.failure_codes],
                list(accumulate(range(len(t.failure_codes), 0, -1))),
            )
            for t in cat.EQUIPMENT_TYPES
        ]
        self.lines: list[_Line] = []
        self.supplier_ids: list[uuid.UUID] = []
        self.parts: list[_Part] = []
        self.family_parts: dict[str, list[int]] = {}
        self.compatible: dict[tuple[int, str], list[int]] = {}
        self.location_ids: list[list[uuid.UUID]] = []
        self.part_location: list[list[int]] = []  # [site][part] -> location index
        self.eqs: list[_Eq] = []
        self.tickets: list[_Ticket] = []
        self.stock_events: dict[tuple[int, int], list[_StockEvent]] = {}
        self.forced_budget = 0
        self._part_by_id: dict[str, int] = {}
        self.open_orders: dict[tuple[int, int], list[_OrderLine]] = {}
        self.received_orders: dict[tuple[int, int, date], tuple[uuid.UUID, list[_OrderLine]]] = {}

    # ------------------------------------------------------------------ orchestration

    def batches(self) -> Iterator[Batch]:
        yield from self._sites()
        yield from self._people()
        yield from self._types()
        yield from self._lines()
        yield from self._catalogue()
        yield from self._storage()
        self._plan_equipments()
        self._plan_tickets()
        yield from self._equipments()
        yield from self._failures()
        yield from self._preventive()
        yield from self._stock()
        yield from self._purchase_orders()

    # ------------------------------------------------------------------ small helpers

    def _tech(self, site: int, skill: str | None = None) -> _Person:
        pool = self.techs_by_site[site]
        if skill is not None:
            skilled = [p for p in pool if skill in p.skills]
            if skilled and self.rng.random() < 0.85:
                pool = skilled
        return self.rng.one(pool)

    def _labour(
        self, site: int, lead: _Person, minutes: int
    ) -> tuple[list[dict[str, Any]], int, Decimal]:
        """The labour lines of a sheet, their total minutes and cost (minutes × hourly rate)."""
        crew = [(lead, minutes)]
        others = [p for p in self.techs_by_site[site] if p.id != lead.id]
        if others and self.rng.random() < 0.2:
            helper = self.rng.one(others)
            crew.append((helper, max(15, int(minutes * self.rng.uniform(0.3, 1.0)))))
        cost = sum((Decimal(m) * p.rate for p, m in crew), Decimal(0)) / 60
        entries = [{"user_id": str(p.id), "minutes": m} for p, m in crew]
        return entries, sum(m for _, m in crew), cost.quantize(_CENT)

    def _issue_parts(
        self,
        site: int,
        picks: Sequence[tuple[int, int]],
        moment: datetime,
        ref_table: str,
        ref_id: uuid.UUID,
        user: uuid.UUID,
    ) -> Decimal:
        """Record the issues for the stock replay; return their cost."""
        cost = _ZERO
        for part_index, qty in picks:
            part = self.parts[part_index]
            cost += part.unit_cost * qty
            event = (moment, qty, ref_table, ref_id, user)
            self.stock_events.setdefault((part_index, site), []).append(event)
        return cost

    def _parts_for(self, eq_type: int, family: str) -> list[int]:
        return self.compatible.get((eq_type, family)) or self.family_parts.get(family, [])

    # ------------------------------------------------------------------ reference data

    def _sites(self) -> Iterator[Batch]:
        rows = []
        for recipe in cat.SITES[: self.scale.sites]:
            site_id = self.ids.new()
            self.site_ids.append(site_id)
            self.site_codes.append(recipe.code)
            rows.append(
                _sync(site_id, None, self.setup, self.setup)
                | {
                    "code": recipe.code,
                    "name": recipe.name,
                    "address": recipe.address,
                    "city": recipe.city,
                    "timezone": "Europe/Paris",
                }
            )
        yield sites, rows

    def _people(self) -> Iterator[Batch]:
        user_rows: list[Row] = []
        grant_rows: list[Row] = []
        admin_id: uuid.UUID | None = None
        technicians: list[tuple[_Person, tuple[str, ...]]] = []
        # Several accounts share a password: argon2 is slow on purpose, hash each once.
        hashes: dict[str, str] = {}
        for account in DEMO_ACCOUNTS:
            if account.password not in hashes:
                hashes[account.password] = self.hasher(account.password)
        for account in DEMO_ACCOUNTS:
            user_id = self.ids.new()
            active = account.status == "active"
            if account.role is Role.ADMIN and admin_id is None:
                admin_id = user_id
            created = self.setup if active else self.ref - timedelta(days=2, hours=5)
            approver = admin_id if active and account.role is not Role.ADMIN else None
            user_rows.append(
                _sync(user_id, None, created, created)
                | {
                    "email": account.email,
                    "full_name": account.full_name,
                    "password_hash": hashes[account.password],
                    "role": account.role.value,
                    "status": account.status,
                    "language": account.language,
                    "phone": account.phone,
                    "skills": list(account.skills),
                    "hourly_rate": account.hourly_rate,
                    "working_hours": None,  # the default week: Mon-Fri 08:00-16:00
                    "approved_by": approver,
                    "approved_at": created if approver else None,
                    "last_login_at": None,
                }
            )
            if not active:
                continue
            person = _Person(
                user_id,
                account.full_name,
                account.role,
                account.skills,
                account.hourly_rate or _ZERO,
            )
            if account.role is Role.TECHNICIAN:
                technicians.append((person, account.site_codes))
            elif account.role is Role.SUPERVISOR:
                self.supervisor = self.supervisor or person
            elif account.role is Role.STOREKEEPER:
                self.storekeeper = self.storekeeper or person
            elif account.role is Role.ADMIN:
                continue  # administrators see every site without grants
            for code in account.site_codes:
                if code in self.site_codes:
                    grant_rows.append(
                        _sync(self.ids.new(), None, created, created)
                        | {
                            "user_id": user_id,
                            "scope_site_id": self.site_ids[self.site_codes.index(code)],
                            "scope_equipment_id": None,
                            "role": None,
                        }
                    )
        if self.supervisor is None or self.storekeeper is None:
            raise ValueError("the demo accounts need a supervisor and a storekeeper")
        for code in self.site_codes:
            here = [person for person, codes in technicians if code in codes]
            # a site no technician was granted borrows them all (or the supervisor)
            here = here or [person for person, _ in technicians] or [self.supervisor]
            self.techs_by_site.append(here)
            self.reporters_by_site.append(here * 3 + [self.supervisor, self.storekeeper])
        yield users, user_rows
        yield user_permissions, grant_rows

    def _types(self) -> Iterator[Batch]:
        type_rows = []
        for recipe in cat.EQUIPMENT_TYPES:
            type_id = self.ids.new()
            self.type_ids.append(type_id)
            type_rows.append(
                _sync(type_id, None, self.setup, self.setup)
                | {"code": recipe.code, "name": recipe.name, "category": recipe.category}
            )
        ftype_rows = []
        for failure in cat.FAILURE_TYPES:
            ftype_id = self.ids.new()
            self.ftype_ids.append(ftype_id)
            ftype_rows.append(
                _sync(ftype_id, None, self.setup, self.setup)
                | {"code": failure.code, "name": failure.name, "category": failure.category}
            )
        yield equipment_types, type_rows
        yield failure_types, ftype_rows
        yield (
            escalation_rules,
            [
                _sync(rule.id, None, self.setup, self.setup)
                | {
                    "name": rule.name,
                    "urgency": rule.urgency,
                    "trigger": rule.trigger.value,
                    "minutes": rule.minutes,
                    "escalate_to": rule.escalate_to.value,
                    "active": rule.active,
                }
                for rule in DEFAULT_RULES
            ],
        )

    def _lines(self) -> Iterator[Batch]:
        rows = []
        for site, site_id in enumerate(self.site_ids):
            # Utilities first, then the production kinds in a site-specific order.
            others = list(cat.LINE_KINDS[1:])
            self.rng.shuffle(others)
            kinds = [cat.LINE_KINDS[0], *others]
            for n in range(self.scale.lines_per_site):
                kind = kinds[n % len(kinds)]
                repeat = n // len(kinds)
                code = kind.code + (str(repeat + 1) if repeat else "")
                name = kind.name + (f" {repeat + 1}" if repeat else "")
                line = _Line(self.ids.new(), site, kind, code, chr(ord("A") + n % 8))
                self.lines.append(line)
                rows.append(
                    _sync(line.id, site_id, self.setup, self.setup)
                    | {"code": code, "name": name, "description": kind.description}
                )
        yield production_lines, rows

    def _catalogue(self) -> Iterator[Batch]:
        rng = self.rng
        chosen_suppliers = cat.SUPPLIERS[: self.scale.suppliers]
        supplier_rows = []
        for recipe in chosen_suppliers:
            supplier_id = self.ids.new()
            self.supplier_ids.append(supplier_id)
            supplier_rows.append(
                _sync(supplier_id, None, self.setup, self.setup)
                | {
                    "name": recipe.name,
                    "contact_name": recipe.contact_name,
                    "email": recipe.email,
                    "phone": recipe.phone,
                    "address": recipe.address,
                    "notes": None if recipe.families else "Distributeur généraliste.",
                }
            )
        yield suppliers, supplier_rows

        # Which machines use which family: compatibility is recorded for specific ones.
        users_of: dict[str, list[int]] = {}
        for t_index, type_recipe in enumerate(cat.EQUIPMENT_TYPES):
            used = [
                fam
                for code in type_recipe.failure_codes
                for fam in cat.FAILURE_TYPES[self.ftype_index[code]].part_families
            ]
            used += [fam for plan in type_recipe.plans for fam, _ in plan.kit]
            for fam in dict.fromkeys(used):
                users_of.setdefault(fam, []).append(t_index)

        pools = {f.key: list(f.variants) for f in cat.PART_FAMILIES}
        for pool in pools.values():
            rng.shuffle(pool)
        all_families = list(cat.PART_FAMILIES)
        weights = [cat.FAMILY_WEIGHTS[f.key] for f in all_families]
        barcode_base = rng.below(10**8)
        part_rows: list[Row] = []
        offer_rows: list[Row] = []
        compat_rows: list[Row] = []
        taken: set[str] = set()
        overflow = 0
        for index in range(self.scale.parts):
            family = rng.choices(all_families, weights)[0]
            pool = pools[family.key]
            if pool:
                reference, description = pool.pop()
            else:
                # Past the catalogue (huge custom scales): numbered variants of a family.
                overflow += 1
                base_ref, base_desc = family.variants[overflow % len(family.variants)]
                reference, description = f"{base_ref}/V{overflow}", f"{base_desc} (variante)"
            if reference in taken:
                continue
            taken.add(reference)
            part_id = self.ids.new()
            low, high = family.cost
            unit_cost = _money(low * (high / low) ** rng.random())
            min_qty = rng.between(*family.min_qty)
            max_qty = min_qty * rng.between(2, 4) + family.issue_qty[1]
            sellers = [
                i
                for i, s in enumerate(chosen_suppliers)
                if family.key in s.families or not s.families
            ]
            specialists = [i for i in sellers if chosen_suppliers[i].families]
            offers = rng.sample(sellers, min(len(sellers), rng.one((1, 1, 2, 2, 3))))
            if specialists and offers[0] not in specialists:
                # the preferred supplier is a specialist when there is one
                offers = [rng.one(specialists), *(o for o in offers if o not in specialists)]
            offer_prices = []
            for rank, supplier in enumerate(offers):
                price = _money(float(unit_cost) * rng.uniform(0.9, 1.15))
                lead = rng.between(7, 30) if family.specific else rng.between(2, 14)
                offer_prices.append((price, lead))
                seller = chosen_suppliers[supplier]
                offer_rows.append(
                    _sync(self.ids.new(), None, self.setup, self.setup)
                    | {
                        "supplier_id": self.supplier_ids[supplier],
                        "part_id": part_id,
                        "supplier_reference": f"{seller.prefix}-{rng.between(10**5, 10**6 - 1)}",
                        "unit_price": price,
                        "currency": "EUR",
                        "valid_from": self.start.date(),
                        "valid_to": None,
                        "lead_time_days": lead,
                        "preferred": rank == 0,
                    }
                )
            part_index = len(self.parts)
            self.parts.append(
                _Part(
                    part_id,
                    family,
                    unit_cost,
                    min_qty,
                    max_qty,
                    offers[0],
                    offer_prices[0][0],
                    offer_prices[0][1],
                    rng.lognormvariate(0, 0.8),
                )
            )
            self.family_parts.setdefault(family.key, []).append(part_index)
            self._part_by_id[str(part_id)] = part_index
            part_rows.append(
                _sync(part_id, None, self.setup, self.setup)
                | {
                    "reference": reference,
                    "description": description,
                    "category": family.category,
                    "unit": family.unit,
                    "barcode": _ean13(f"376{(barcode_base + index) % 10**9:09d}"),
                    "min_qty": Decimal(min_qty),
                    "max_qty": Decimal(max_qty),
                    "unit_cost": unit_cost,
                }
            )
            fitting = users_of.get(family.key, [])
            if family.specific and fitting:
                for t_index in rng.sample(fitting, min(len(fitting), rng.one((1, 1, 2)))):
                    self.compatible.setdefault((t_index, family.key), []).append(part_index)
                    compat_rows.append(
                        _sync(self.ids.new(), None, self.setup, self.setup)
                        | {
                            "part_id": part_id,
                            "equipment_type_id": self.type_ids[t_index],
                            "equipment_id": None,
                        }
                    )
        yield from _sliced(parts, part_rows, self.scale.batch_size)
        yield from _sliced(supplier_parts, offer_rows, self.scale.batch_size)
        yield from _sliced(part_compatibility, compat_rows, self.scale.batch_size)

    def _storage(self) -> Iterator[Batch]:
        rows = []
        per_site = self.scale.locations_per_site
        lubricant_count = max(1, per_site // 20)
        for site, site_id in enumerate(self.site_ids):
            code = self.site_codes[site]
            central: list[int] = []
            lubricants: list[int] = []
            ids: list[uuid.UUID] = []
            for n in range(per_site):
                location_id = self.ids.new()
                if n < per_site - lubricant_count:
                    rack, slot = divmod(n, 20)
                    shelf, bin_index = divmod(slot, 4)
                    aisle = f"{chr(ord('A') + rack // 10)}{rack % 10 + 1:02d}"
                    values = {
                        "code": f"{code}-{aisle}-{shelf + 1:02d}-{'ABCD'[bin_index]}",
                        "store": cat.CENTRAL_STORE,
                        "aisle": aisle,
                        "shelf": f"{shelf + 1:02d}",
                        "bin": "ABCD"[bin_index],
                        "description": None,
                    }
                    central.append(len(ids))
                else:
                    k = len(lubricants) + 1
                    values = {
                        "code": f"{code}-LUB-{k:02d}",
                        "store": cat.LUBRICANT_STORE,
                        "aisle": "LUB",
                        "shelf": f"{k:02d}",
                        "bin": None,
                        "description": "Bac de rétention, stockage des huiles et graisses.",
                    }
                    lubricants.append(len(ids))
                ids.append(location_id)
                rows.append(_sync(location_id, site_id, self.setup, self.setup) | values)
            self.location_ids.append(ids)
            self.part_location.append(
                [
                    self.rng.one(lubricants if p.family.key in cat.LUBRICANT_FAMILIES else central)
                    for p in self.parts
                ]
            )
        yield from _sliced(storage_locations, rows, self.scale.batch_size)

    # ------------------------------------------------------------------ equipments

    def _plan_equipments(self) -> None:
        rng = self.rng
        line_weights = list(accumulate(rng.lognormvariate(0, 0.3) for _ in self.lines))
        kind_mix = {
            kind.code: (
                [self.type_index[c] for c, _ in kind.mix],
                list(accumulate(w for _, w in kind.mix)),
            )
            for kind in cat.LINE_KINDS
        }
        counters: dict[tuple[int, str], int] = {}
        # Machines stopped right now each carry an open ticket, taken from the failure budget.
        self.forced_budget = self.scale.failures // 6
        while len(self.eqs) < self.scale.equipments:
            line_index = rng.pick(range(len(self.lines)), line_weights)
            line = self.lines[line_index]
            types, weights = kind_mix[line.kind.code]
            eq_type = rng.pick(types, weights)
            self._add_equipment(eq_type, line_index, -1, counters, 0)

    def _add_equipment(
        self,
        eq_type: int,
        line_index: int,
        parent: int,
        counters: dict[tuple[int, str], int],
        depth: int,
    ) -> None:
        rng = self.rng
        recipe = cat.EQUIPMENT_TYPES[eq_type]
        line = self.lines[line_index]
        key = (line.site, recipe.code)
        counters[key] = counters.get(key, 0) + 1
        code = f"{self.site_codes[line.site]}-{recipe.code}-{counters[key]:04d}"
        ref_day = self.ref.date()
        if parent < 0:
            name = recipe.name  # the model is added when the row is written
            commissioned = ref_day - timedelta(days=rng.between(90, int(25 * 365.25)))
            weights = self.criticality_weights[eq_type]
        else:
            up = self.eqs[parent]
            name = f"{recipe.name} — {up.code}"
            commissioned = up.commissioned
            if rng.random() < 0.3:  # replaced since: a newer motor on an old machine
                last = up.out_at.date() if up.out_at else ref_day - timedelta(days=60)
                span = (last - commissioned).days
                commissioned += timedelta(days=rng.between(0, max(0, span)))
            weights = self.criticality_weights[eq_type]
        criticality = rng.pick(_CRITICALITIES, weights)
        if parent >= 0 and criticality != "low" and rng.random() < 0.5:
            criticality = _CRITICALITIES[_CRITICALITIES.index(criticality) + 1]
        eq = _Eq(
            self.ids.new(),
            line.site,
            line_index,
            eq_type,
            parent,
            code,
            name,
            criticality,
            commissioned,
        )
        self._decide_state(eq, parent)
        age_years = (ref_day - commissioned).days / 365.25
        factor = {"high": 1.2, "medium": 1.0, "low": 0.8}[criticality]
        # a few "bad actors" break far more often than their siblings
        eq.weight = (
            recipe.failures_per_year
            * factor
            * (0.7 + min(age_years, 25) / 25 * 0.8)
            * math.exp(rng.gauss(0, 0.5))
        )
        if parent < 0:
            template = recipe.location or "Bâtiment {b}, travée {t}"
            eq.location = template.format(b=line.building, t=rng.between(1, 12))
        else:
            eq.location = self.eqs[parent].location
        index = len(self.eqs)
        self.eqs.append(eq)
        if depth >= 2:
            return
        for child_code, probability in recipe.children:
            if len(self.eqs) < self.scale.equipments and rng.random() < probability:
                self._add_equipment(
                    self.type_index[child_code], line_index, index, counters, depth + 1
                )

    def _decide_state(self, eq: _Eq, parent: int) -> None:
        rng = self.rng
        if parent >= 0 and self.eqs[parent].state == "out_of_service":
            eq.state = "out_of_service"
            eq.out_at = eq.changed = self.eqs[parent].out_at
            return
        draw = rng.random()
        commissioned = datetime.combine(eq.commissioned, time(8, 0), tzinfo=UTC)
        if draw < 0.025:
            out_at = self.ref - timedelta(days=rng.between(30, self.scale.history_days - 30))
            if out_at > commissioned + timedelta(days=60):
                eq.state = "out_of_service"
                eq.out_at = eq.changed = out_at.replace(hour=rng.between(6, 16))
        elif draw < 0.06 and self.forced_budget > 0 and commissioned < self.start:
            self.forced_budget -= 1
            if draw < 0.045:
                eq.state = "down"
                eq.changed = self.ref - timedelta(minutes=rng.between(30, 60 * 60))
            else:
                eq.state = "under_maintenance"
                eq.changed = self.ref - timedelta(minutes=rng.between(90, 30 * 60))

    def _describe(self, eq: _Eq) -> Row:
        """The descriptive columns, drawn as the row is written (nothing kept meanwhile)."""
        rng = self.rng
        recipe = cat.EQUIPMENT_TYPES[eq.type]
        maker, models = rng.one(recipe.makers)
        model = rng.one(models)
        until = eq.out_at or self.ref
        years = max(0.0, (until.date() - eq.commissioned).days / 365.25)
        hours = years * recipe.hours_per_year * rng.uniform(0.6, 1.05)
        cycles = (
            int(hours * recipe.cycles_per_hour * rng.uniform(0.7, 1.0))
            if recipe.cycles_per_hour
            else None
        )
        prefix = "".join(ch for ch in maker.upper() if ch.isalpha())[:3]
        return {
            "name": eq.name if eq.parent >= 0 else f"{eq.name} {model}",
            "manufacturer": maker,
            "model": model,
            "serial_number": f"{prefix}{eq.commissioned.year}-{rng.between(10**5, 10**6 - 1)}",
            "commissioning_date": eq.commissioned,
            "location": eq.location,
            "description": recipe.description if eq.parent < 0 and rng.random() < 0.7 else None,
            "operating_hours": Decimal(f"{hours:.1f}"),
            "cycle_count": cycles,
        }

    def _equipments(self) -> Iterator[Batch]:
        rows: list[Row] = []
        for eq in self.eqs:
            if eq.state == "active":
                eq.changed = eq.last_up or max(
                    datetime.combine(eq.commissioned, time(8, 0), tzinfo=UTC), self.setup
                )
            assert eq.changed is not None
            created = max(self.setup, datetime.combine(eq.commissioned, time(8), tzinfo=UTC))
            rows.append(
                _sync(eq.id, self.site_ids[eq.site], created, max(created, eq.changed))
                | {
                    "code": eq.code,
                    "type_id": self.type_ids[eq.type],
                    "line_id": self.lines[eq.line].id,
                    "parent_id": self.eqs[eq.parent].id if eq.parent >= 0 else None,
                    "criticality": eq.criticality,
                    "state": eq.state,
                    "state_changed_at": eq.changed,
                }
                | self._describe(eq)
            )
            if len(rows) >= self.scale.batch_size:
                yield equipments, rows
                rows = []
        if rows:
            yield equipments, rows

    # ------------------------------------------------------------------ failures

    def _plan_tickets(self) -> None:
        rng = self.rng
        forced = [i for i, eq in enumerate(self.eqs) if eq.state in ("down", "under_maintenance")]
        for index in forced:
            self.tickets.append(self._forced_ticket(index))
        cumulative = list(accumulate(eq.weight for eq in self.eqs))
        population = range(len(self.eqs))
        misses = 0
        while len(self.tickets) < self.scale.failures and misses < 1000:
            index = rng.pick(population, cumulative)
            eq = self.eqs[index]
            low = max(self.start, datetime.combine(eq.commissioned, time(8), tzinfo=UTC))
            high = eq.out_at or self.ref
            if eq.state in ("down", "under_maintenance"):
                assert eq.changed is not None
                high = eq.changed - timedelta(hours=6)
            if high - low < timedelta(days=2):
                misses += 1
                continue
            self.tickets.append(self._random_ticket(index, low, high))
        self.tickets.sort(key=lambda t: t.reported)
        for ticket in self.tickets:
            if ticket.stopped and ticket.down_end is not None:
                eq = self.eqs[ticket.eq]
                if eq.last_up is None or ticket.down_end > eq.last_up:
                    eq.last_up = ticket.down_end

    def _failure_type_for(self, eq: _Eq) -> int:
        modes, weights = self.failure_modes[eq.type]
        return self.rng.pick(modes, weights)

    def _urgency(self, criticality: str, stopped: bool) -> int:
        urgency = self.rng.pick((1, 2, 3, 4), _URGENCY_WEIGHTS[criticality])
        if stopped and urgency < 3 and self.rng.random() < 0.6:
            urgency += 1
        return int(urgency)

    def _response_minutes(self, urgency: int) -> float:
        median = {4: 20, 3: 60, 2: 240, 1: 1200}[urgency]
        return self.rng.lognormal(median, 0.5, 5, 5 * 24 * 60)

    def _forced_ticket(self, index: int) -> _Ticket:
        rng = self.rng
        eq = self.eqs[index]
        assert eq.changed is not None
        reported = eq.changed + timedelta(minutes=rng.between(2, 15))
        ticket = _Ticket(index, self._failure_type_for(eq), reported, rng.one((3, 4, 4)))
        ticket.forced = True
        ticket.stopped = True
        ticket.down_start = eq.changed
        if eq.state == "under_maintenance":
            ticket.status = "in_progress"
            response = min(self._response_minutes(ticket.urgency), _minutes(self.ref - reported))
            ticket.started = reported + timedelta(minutes=max(1, int(response * 0.8)))
            ticket.assigned = reported + (ticket.started - reported) / 2
        else:
            ticket.status = rng.one(("reported", "assigned"))
            if ticket.status == "assigned":
                ticket.assigned = reported + (self.ref - reported) / 4
        return ticket

    def _random_ticket(self, index: int, low: datetime, high: datetime) -> _Ticket:
        rng = self.rng
        eq = self.eqs[index]
        span = _minutes(high - low)
        reported = low + timedelta(minutes=rng.below(span))
        # most failures are noticed during the two day shifts
        if rng.random() < 0.6 and not 4 <= reported.hour < 20:
            shifted = reported.replace(hour=rng.between(5, 19))
            if low <= shifted <= high:
                reported = shifted
        ftype_index = self._failure_type_for(eq)
        ftype = cat.FAILURE_TYPES[ftype_index]
        low_factor = 0.6 if eq.criticality == "low" else 1.0
        # a third of tickets stop nothing: the machine runs degraded until the repair
        stopped = rng.random() < ftype.stop_share * low_factor * 0.75
        ticket = _Ticket(index, ftype_index, reported, self._urgency(eq.criticality, stopped))
        response = self._response_minutes(ticket.urgency)
        work = self.rng.lognormal(ftype.repair_minutes, 0.5, 15, 720)
        if stopped:
            downtime = self.rng.lognormal(180, 0.9, 30, 2880)
            down_start = reported - timedelta(minutes=rng.between(0, 15))
            started = down_start + timedelta(minutes=int(min(response, downtime * 0.3)))
            ended = max(
                down_start + timedelta(minutes=int(downtime)), started + timedelta(minutes=15)
            )
            elapsed = _minutes(ended - started)
            labour = min(max(15, int(elapsed * rng.uniform(0.6, 1.0))), 600)
        else:
            down_start = None
            started = reported + timedelta(minutes=int(response))
            ended = started + timedelta(minutes=int(work))
            labour = int(work)
        validated = ended + timedelta(hours=self.rng.lognormal(20, 0.8, 1, 240))
        assigned = reported + timedelta(minutes=int(response * 0.3))
        if validated <= self.ref:
            status = "validated"
            if rng.random() < 0.04:
                status = "cancelled"
        elif ended <= self.ref:
            status = "rejected" if rng.random() < 0.12 else "done"
        elif started <= self.ref:
            status = "in_progress"
        elif assigned <= self.ref:
            status = "assigned"
        else:
            status = "reported"
        ticket.status = status
        if status == "cancelled" or (stopped and ended > self.ref):
            # cancelled tickets stopped nothing; open ones run in degraded mode
            stopped = False
        ticket.stopped = stopped
        if stopped:
            ticket.down_start = down_start
            ticket.down_end = ended
        if status not in ("reported", "cancelled"):
            ticket.assigned = assigned
        if status == "cancelled":
            cancelled = reported + timedelta(minutes=rng.between(30, 360))
            ticket.validated = min(cancelled, self.ref - timedelta(minutes=1))
            return ticket
        if status in ("in_progress", "done", "rejected", "validated"):
            ticket.started = started
        if status in ("done", "rejected", "validated"):
            ticket.ended = ended
            ticket.labour = labour
        if status == "validated":
            ticket.validated = validated
        return ticket

    def _failures(self) -> Iterator[Batch]:
        rng = self.rng
        buffer = _Buffer(
            (failures, repair_interventions, maintenance_history), self.scale.batch_size
        )
        for eq in self.eqs:
            if eq.state == "out_of_service":
                assert eq.changed is not None and self.supervisor is not None
                if eq.parent >= 0 and self.eqs[eq.parent].state == "out_of_service":
                    continue  # the machine as a whole was taken out of service
                buffer.add(
                    maintenance_history,
                    self._history(
                        eq,
                        "state_change",
                        eq.changed,
                        "active -> out_of_service: " + rng.one(cat.OUT_OF_SERVICE_REASONS),
                        None,
                        None,
                        self.supervisor.id,
                    ),
                )
        numbers: set[str] = set()
        for ticket in self.tickets:
            failure_id = self.ids.new()
            number = f"DI-{failure_id.hex[:8].upper()}"
            while number in numbers:  # ticket numbers are unique; ids practically are
                failure_id = self.ids.new()
                number = f"DI-{failure_id.hex[:8].upper()}"
            numbers.add(number)
            self._failure_rows(buffer, ticket, failure_id, number)
            if buffer.full:
                yield from buffer.drain()
        yield from buffer.drain()

    def _history(
        self,
        eq: _Eq,
        event_type: str,
        moment: datetime,
        summary: str,
        ref_table: str | None,
        ref_id: uuid.UUID | None,
        actor: uuid.UUID | None,
        downtime: int | None = None,
        cost: Decimal | None = None,
    ) -> Row:
        return _sync(self.ids.new(), self.site_ids[eq.site], moment, moment) | {
            "equipment_id": eq.id,
            "event_type": event_type,
            "occurred_at": moment,
            "summary": summary,
            "ref_table": ref_table,
            "ref_id": ref_id,
            "actor_id": actor,
            "downtime_minutes": downtime,
            "cost": cost,
        }

    def _failure_rows(
        self, buffer: _Buffer, ticket: _Ticket, failure_id: uuid.UUID, number: str
    ) -> None:
        rng = self.rng
        eq = self.eqs[ticket.eq]
        ftype = cat.FAILURE_TYPES[ticket.ftype]
        site_id = self.site_ids[eq.site]
        reporter = rng.one(self.reporters_by_site[eq.site])
        skill = cat.CATEGORY_SKILLS.get(ftype.category)
        staffed = ticket.status not in ("reported", "cancelled")
        tech = self._tech(eq.site, skill) if staffed else None
        context = rng.one(cat.REPORT_CONTEXTS)
        description = f"{rng.one(ftype.symptoms)} {context}".strip()
        if ticket.stopped:
            description += " " + rng.one(cat.STOP_CONTEXTS)
        closed_at = ticket.validated if ticket.status in ("validated", "cancelled") else None
        moments = [ticket.reported, ticket.started, ticket.ended, ticket.validated]
        updated = max(m for m in moments if m is not None)
        buffer.add(
            failures,
            _sync(failure_id, site_id, ticket.reported, updated)
            | {
                "number": number,
                "equipment_id": eq.id,
                "failure_type_id": self.ftype_ids[ticket.ftype],
                "description": description,
                "urgency": ticket.urgency,
                "status": ticket.status,
                "reported_by": reporter.id,
                "reported_at": ticket.reported,
                "assigned_to": tech.id if tech else None,
                "assigned_at": ticket.assigned if tech else None,
                "equipment_stopped": ticket.stopped,
                "downtime_start": ticket.down_start,
                "downtime_end": ticket.down_end,
                "closed_at": closed_at,
            },
        )
        if ticket.stopped:
            assert ticket.down_start is not None
            # the ticket behind today's state says what that state is; older ones went down
            new_state = eq.state if ticket.forced else "down"
            buffer.add(
                maintenance_history,
                self._history(
                    eq,
                    "state_change",
                    ticket.down_start,
                    f"active -> {new_state}: {number} {ftype.name}",
                    "failures",
                    failure_id,
                    reporter.id,
                ),
            )
        if ticket.started is None or tech is None:
            return
        self._repair_rows(buffer, ticket, failure_id, number, tech)

    def _repair_rows(
        self,
        buffer: _Buffer,
        ticket: _Ticket,
        failure_id: uuid.UUID,
        number: str,
        tech: _Person,
    ) -> None:
        rng = self.rng
        eq = self.eqs[ticket.eq]
        ftype = cat.FAILURE_TYPES[ticket.ftype]
        assert self.supervisor is not None and ticket.started is not None
        repair_id = self.ids.new()
        finished = ticket.ended is not None
        labour: list[dict[str, Any]] = []
        minutes, labour_cost, parts_cost, external = 0, _ZERO, _ZERO, _ZERO
        actions: str | None = None
        choice = rng.below(len(ftype.diagnoses))
        if finished:
            assert ticket.ended is not None
            labour, minutes, labour_cost = self._labour(eq.site, tech, ticket.labour)
            actions = ftype.actions[choice]
            if ftype.part_families and rng.random() < 0.75:
                picks = []
                for family in rng.sample(ftype.part_families, min(2, len(ftype.part_families))):
                    candidates = self._parts_for(eq.type, family)
                    if candidates:
                        part_index = rng.one(candidates)
                        part = self.parts[part_index]
                        picks.append((part_index, rng.between(*part.family.issue_qty)))
                # taken from the store once the diagnosis is made
                issued_at = ticket.started + timedelta(
                    minutes=_minutes(ticket.ended - ticket.started) // 3
                )
                parts_cost = self._issue_parts(
                    eq.site, picks, issued_at, "repair_interventions", repair_id, tech.id
                )
            if rng.random() < ftype.external_share:
                external = _money(self.rng.lognormal(600, 0.7, 150, 6000))
                actions += " " + rng.one(cat.EXTERNAL_CONTRACTORS)
        status = {"in_progress": "in_progress", "done": "done", "rejected": "rejected"}.get(
            ticket.status, "validated"
        )
        rejected = status == "rejected"
        validated = status == "validated"
        updated = ticket.validated or ticket.ended or ticket.started
        buffer.add(
            repair_interventions,
            _sync(repair_id, self.site_ids[eq.site], ticket.started, updated)
            | {
                "failure_id": failure_id,
                "technician_id": tech.id,
                "status": status,
                "diagnosis": ftype.diagnoses[choice],
                "root_cause": ftype.root_causes[choice] if finished else None,
                "actions_taken": actions,
                "started_at": ticket.started,
                "ended_at": ticket.ended,
                "labour": labour,
                "labour_minutes": minutes,
                "labour_cost": labour_cost,
                "parts_cost": parts_cost,
                "external_cost": external,
                "signed_off_by": tech.id if finished else None,
                "signed_off_at": ticket.ended,
                "validated_by": self.supervisor.id if validated else None,
                "validated_at": ticket.validated if validated else None,
                "rejection_comment": rng.one(cat.REJECTION_COMMENTS) if rejected else None,
                "before_photo_ids": [],
                "after_photo_ids": [],
            },
        )
        if ticket.stopped and ticket.down_end is not None:
            buffer.add(
                maintenance_history,
                self._history(
                    eq,
                    "state_change",
                    ticket.down_end,
                    f"down -> active: {number} réparé",
                    "failures",
                    failure_id,
                    tech.id,
                ),
            )
        if validated:
            downtime = (
                _minutes(ticket.down_end - ticket.down_start)
                if ticket.down_end is not None and ticket.down_start is not None
                else None
            )
            buffer.add(
                maintenance_history,
                self._history(
                    eq,
                    "repair",
                    ticket.ended or ticket.started,
                    f"{number} — {ftype.name} : {actions}",
                    "failures",
                    failure_id,
                    tech.id,
                    downtime,
                    labour_cost + parts_cost + external,
                ),
            )

    # ------------------------------------------------------------------ preventive

    def _preventive(self) -> Iterator[Batch]:
        rng = self.rng
        templates: list[Row] = []
        kits: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for t_index, recipe in enumerate(cat.EQUIPMENT_TYPES):
            for p_index, plan in enumerate(recipe.plans):
                kit = self._kit(t_index, plan)
                kits[(t_index, p_index)] = kit
                template_id = self.ids.new()
                self.template_ids[(t_index, p_index)] = template_id
                templates.append(
                    _sync(template_id, None, self.setup, self.setup)
                    | self._plan_values(recipe, plan, kit)
                    | {
                        "description": f"Modèle de gamme : {recipe.name.lower()}, {plan.label}.",
                        "equipment_id": None,
                        "equipment_type_id": self.type_ids[t_index],
                        "is_template": True,
                        "last_done_at": None,
                        "next_due_at": None,
                    }
                )
        yield maintenance_plans, templates

        candidates = [
            (e_index, p_index)
            for e_index, eq in enumerate(self.eqs)
            if eq.state != "out_of_service"
            for p_index in range(len(cat.EQUIPMENT_TYPES[eq.type].plans))
        ]
        chosen = sorted(rng.sample(candidates, min(len(candidates), self.scale.maintenance_plans)))
        buffer = _Buffer(
            (maintenance_plans, maintenance_tasks, interventions, maintenance_history),
            self.scale.batch_size,
        )
        for e_index, p_index in chosen:
            self._plan_rows(buffer, self.eqs[e_index], p_index, kits)
            if buffer.full:
                yield from buffer.drain()
        yield from buffer.drain()

    def _kit(self, t_index: int, plan: cat.PlanRecipe) -> list[dict[str, Any]]:
        kit = []
        for family, qty in plan.kit:
            candidates = self._parts_for(t_index, family)
            if candidates:
                part_index = self.rng.one(candidates)
                kit.append({"part_id": str(self.parts[part_index].id), "quantity": qty})
        return kit

    def _plan_values(
        self, recipe: cat.EquipmentTypeRecipe, plan: cat.PlanRecipe, kit: list[dict[str, Any]]
    ) -> Row:
        checklist = []
        for n, item in enumerate(plan.checklist, start=1):
            entry: dict[str, Any] = {"key": f"c{n}", "label": item.label, "kind": item.kind}
            if item.kind == "measure":
                entry |= {"unit": item.unit, "min": item.low, "max": item.high}
            checklist.append(entry)
        return {
            "name": f"{recipe.short} — {plan.label}",
            "maintenance_type": "preventive",
            "recurrence": {"freq": plan.freq, "interval": plan.interval},
            "tolerance_days": plan.tolerance_days,
            "estimated_minutes": plan.minutes,
            "required_skills": list(plan.skills),
            "checklist": checklist,
            "parts_kit": kit,
            "active": True,
            "depends_on_plan_id": None,
            "template_id": None,
        }

    def _occurrences(self, eq: _Eq, plan: cat.PlanRecipe) -> list[date]:
        commissioned = eq.commissioned + timedelta(days=30)
        first = max(self.start.date(), commissioned)
        step_days = 30 * plan.interval if plan.freq == "monthly" else 7 * plan.interval
        due = first + timedelta(days=self.rng.below(max(1, step_days)))
        due = due.replace(day=min(due.day, 28))
        horizon = self.ref.date() + timedelta(days=60)
        dates = []
        while due <= horizon:
            dates.append(due)
            if plan.freq == "monthly":
                due = _add_months(due, plan.interval)
            else:
                due += timedelta(days=7 * plan.interval)
        return dates

    def _plan_rows(
        self,
        buffer: _Buffer,
        eq: _Eq,
        p_index: int,
        kits: dict[tuple[int, int], list[dict[str, Any]]],
    ) -> None:
        rng = self.rng
        recipe = cat.EQUIPMENT_TYPES[eq.type]
        plan = recipe.plans[p_index]
        kit = kits[(eq.type, p_index)]
        site_id = self.site_ids[eq.site]
        plan_id = self.ids.new()
        assert self.supervisor is not None
        tasks: list[Row] = []
        records: list[tuple[Row, Row | None]] = []
        last_done: datetime | None = None
        next_due: datetime | None = None
        for due_day in self._occurrences(eq, plan):
            due = datetime.combine(due_day, time(6, 0), tzinfo=UTC)
            while due.weekday() >= 5:  # planned on working days
                due += timedelta(days=1)
            start = due + timedelta(hours=rng.between(0, 7))
            late = 0 if rng.random() < 0.8 else rng.between(1, plan.tolerance_days + 7)
            started = start + timedelta(days=late)
            work = max(15, int(plan.minutes * rng.uniform(0.7, 1.4)))
            ended = started + timedelta(minutes=work)
            validated = ended + timedelta(hours=self.rng.lognormal(20, 0.8, 1, 240))
            if due < self.ref - timedelta(days=14) and rng.random() < 0.03:
                status = "cancelled"
            elif self.ref - timedelta(days=45) < due < self.ref and rng.random() < 0.05:
                status = "assigned"  # overdue: the backlog the planning page shows
            elif validated <= self.ref:
                status = "validated"
            elif ended <= self.ref:
                status = "done"
            elif started <= self.ref:
                status = "in_progress"
            elif due <= self.ref + timedelta(days=14):
                status = "assigned"
            else:
                status = "reported"
            tech = self._tech(eq.site, plan.skills[0]) if status != "reported" else None
            task_id = self.ids.new()
            finished = status in ("done", "validated")
            if finished:
                last_done = ended
            elif status != "cancelled" and next_due is None:
                next_due = due
            # generated a few weeks ahead; last touched by its latest step so far
            created = min(start - timedelta(days=20), self.ref)
            updated = {"validated": validated, "done": ended, "in_progress": started}.get(
                status, created
            )
            tasks.append(
                _sync(task_id, site_id, created, updated)
                | {
                    "plan_id": plan_id,
                    "equipment_id": eq.id,
                    "title": f"{recipe.short} — {plan.label} ({eq.code})",
                    "description": rng.one(cat.CANCELLED_TASK_REASONS)
                    if status == "cancelled"
                    else None,
                    "kind": "preventive",
                    "status": status,
                    "priority": _PRIORITY[eq.criticality],
                    "due_at": due,
                    "scheduled_start": start,
                    "scheduled_end": start + timedelta(minutes=plan.minutes),
                    "estimated_minutes": plan.minutes,
                    "assigned_to": tech.id if tech else None,
                    "depends_on_id": None,
                    "generation_key": f"{plan_id}:{due_day.isoformat()}",
                    "schedule_warnings": [],
                    "completed_at": ended if finished else None,
                }
            )
            if tech is None or status not in ("in_progress", "done", "validated"):
                continue
            records.append(
                self._intervention_rows(
                    eq, plan, kit, task_id, tech, status, started, ended, validated
                )
            )
        buffer.add(
            maintenance_plans,
            _sync(plan_id, site_id, self.setup, last_done or self.setup)
            | self._plan_values(recipe, plan, kit)
            | {
                "description": f"Gamme {plan.label} de {eq.code}, issue du modèle du type.",
                "equipment_id": eq.id,
                "equipment_type_id": None,
                "template_id": self.template_ids.get((eq.type, p_index)),
                "is_template": False,
                "last_done_at": last_done,
                "next_due_at": next_due,
            },
        )
        for row in tasks:
            buffer.add(maintenance_tasks, row)
        for intervention, history in records:
            buffer.add(interventions, intervention)
            if history is not None:
                buffer.add(maintenance_history, history)

    def _intervention_rows(
        self,
        eq: _Eq,
        plan: cat.PlanRecipe,
        kit: list[dict[str, Any]],
        task_id: uuid.UUID,
        tech: _Person,
        status: str,
        started: datetime,
        ended: datetime,
        validated: datetime,
    ) -> tuple[Row, Row | None]:
        """The intervention sheet of a task, and its history line once validated."""
        rng = self.rng
        assert self.supervisor is not None
        intervention_id = self.ids.new()
        finished = status != "in_progress"
        labour_minutes = _minutes(ended - started) if finished else 0
        labour_cost = (Decimal(labour_minutes) * tech.rate / 60).quantize(_CENT)
        parts_cost = _ZERO
        results: list[dict[str, Any]] = []
        report = None
        if finished:
            report = rng.one(cat.PREVENTIVE_REPORTS)
            for n, item in enumerate(plan.checklist, start=1):
                ok = rng.random() < 0.97
                value = None
                if item.kind == "measure" and item.low is not None and item.high is not None:
                    value = round(rng.uniform(item.low, item.high), 2)
                results.append({"key": f"c{n}", "label": item.label, "ok": ok, "value": value})
            picks = [(self._part_by_id[entry["part_id"]], int(entry["quantity"])) for entry in kit]
            parts_cost = self._issue_parts(
                eq.site, picks, started, "interventions", intervention_id, tech.id
            )
        is_validated = status == "validated"
        updated = validated if is_validated else ended if finished else started
        comment = (rng.one(cat.VALIDATION_COMMENTS) or None) if is_validated else None
        intervention = _sync(intervention_id, self.site_ids[eq.site], started, updated) | {
            "task_id": task_id,
            "equipment_id": eq.id,
            "technician_id": tech.id,
            "status": status,
            "started_at": started,
            "ended_at": ended if finished else None,
            "labour_minutes": labour_minutes,
            "report": report,
            "checklist_results": results,
            "parts_cost": parts_cost,
            "labour_cost": labour_cost,
            "validated_by": self.supervisor.id if is_validated else None,
            "validated_at": validated if is_validated else None,
            "validation_comment": comment,
        }
        if not is_validated:
            return intervention, None
        history = self._history(
            eq,
            "preventive",
            ended,
            f"{cat.EQUIPMENT_TYPES[eq.type].short} — {plan.label} : {report}",
            "interventions",
            intervention_id,
            tech.id,
            None,
            labour_cost + parts_cost,
        )
        return intervention, history

    # ------------------------------------------------------------------ stock

    def _stock(self) -> Iterator[Batch]:
        """Replay the ledger of every (part, site): issues, reorders, receipts, counts."""
        rng = self.rng
        site_count = len(self.site_ids)
        linked = sum(len(events) for events in self.stock_events.values())
        stock_lines = len(self.parts) * site_count
        # Under a min/max policy about one movement in five is a receipt.
        free_budget = max(0, int((self.scale.stock_movements - stock_lines) * 0.8) - linked)
        total_popularity = sum(p.popularity for p in self.parts) * site_count
        span = _minutes(self.ref - self.start)
        # One line always ends below its minimum, so the reorder screens have something.
        forced_low = (rng.below(len(self.parts)), rng.below(site_count))
        buffer = _Buffer((stock_movements,), self.scale.batch_size)
        people_by_site = [[p.id for p in techs] for techs in self.techs_by_site]
        draw, start = rng.random, self.start
        for p_index, part in enumerate(self.parts):
            for site in range(site_count):
                events = self.stock_events.pop((p_index, site), [])
                expected = free_budget * part.popularity / total_popularity
                free = int(expected) + (1 if rng.random() < expected % 1 else 0)
                people = people_by_site[site]
                low, high = part.family.issue_qty
                for _ in range(free):
                    moment = start + timedelta(minutes=int(draw() * span))
                    qty = low + int(draw() * (high - low + 1))
                    events.append((moment, qty, None, None, people[int(draw() * len(people))]))
                if rng.random() < 0.05:
                    # the yearly count, mid-December
                    year = rng.one((self.ref.year - 1, self.ref.year - 2))
                    moment = datetime(year, 12, 15, 9, 30, tzinfo=UTC)
                    if self.start < moment < self.ref:
                        assert self.storekeeper is not None
                        events.append((moment, 0, None, None, self.storekeeper.id))
                events.sort(key=itemgetter(0))
                self._replay(buffer, p_index, site, events, (p_index, site) == forced_low)
                if buffer.full:
                    yield from buffer.drain()
        yield from buffer.drain()

    def _replay(
        self,
        buffer: _Buffer,
        p_index: int,
        site: int,
        events: list[_StockEvent],
        force_low: bool,
    ) -> None:
        rng = self.rng
        part = self.parts[p_index]
        assert self.storekeeper is not None
        keeper = self.storekeeper.id
        site_id = self.site_ids[site]
        location_id = self.location_ids[site][self.part_location[site][p_index]]
        supplier_name = cat.SUPPLIERS[part.supplier].name
        append = buffer.rows_of(stock_movements).append
        draw, free_reasons = rng.random, cat.FREE_ISSUE_REASONS
        new_id = self.ids.new
        part_id = part.id

        def move(
            kind: str,
            qty: int,
            moment: datetime,
            user: uuid.UUID,
            reason: str,
            cost: Decimal,
            ref_table: str | None = None,
            ref_id: uuid.UUID | None = None,
        ) -> None:
            # written out rather than merged with _sync(): this runs a million times
            append(
                {
                    "id": new_id(),
                    "site_id": site_id,
                    "version": 0,
                    "created_at": moment,
                    "updated_at": moment,
                    "deleted_at": None,
                    "field_clocks": None,
                    "part_id": part_id,
                    "location_id": location_id,
                    "kind": kind,
                    "quantity": Decimal(qty),
                    "unit_cost": cost,
                    "occurred_at": moment,
                    "user_id": user,
                    "reason": reason,
                    "ref_table": ref_table,
                    "ref_id": ref_id,
                    "reverses_id": None,
                }
            )

        def receive(order: tuple[datetime, datetime, int]) -> int:
            ordered, arrival, qty = order
            ref_table, ref_id = None, None
            if arrival >= self.ref - timedelta(days=45):
                # recent receipts came through purchase orders the buyer can still see
                key = (site, part.supplier, ordered.date())
                po_id = self.ids.keyed(f"po:{site}:{part.supplier}:{ordered.date()}")
                entry = self.received_orders.setdefault(key, (po_id, []))
                entry[1].append((p_index, qty, ordered, arrival))
                ref_table, ref_id = "purchase_orders", po_id
            move(
                "receipt",
                qty,
                arrival,
                keeper,
                f"Réception {supplier_name}",
                part.price,
                ref_table,
                ref_id,
            )
            return qty

        def reorder(moment: datetime, balance: int) -> tuple[datetime, datetime, int]:
            # ordered the next morning, or right away when "today" comes first
            ordered = datetime.combine(moment.date(), time(7), tzinfo=UTC) + timedelta(
                days=1, minutes=rng.below(180)
            )
            if ordered >= self.ref:
                ordered = moment + (self.ref - moment) / 2
            arrival = ordered + timedelta(days=part.lead_days, hours=rng.between(0, 6))
            return ordered, arrival, part.max_qty - balance

        balance = rng.between(part.min_qty + 1, part.max_qty)
        move(
            "receipt",
            balance,
            self.start - timedelta(days=1),
            keeper,
            "Stock initial (inventaire de démarrage)",
            part.unit_cost,
        )
        pending: tuple[datetime, datetime, int] | None = None
        last = self.start
        for moment, qty, ref_table, ref_id, user in events:
            last = moment
            if pending is not None and pending[1] <= moment:
                balance += receive(pending)
                pending = None
            if qty == 0:
                delta = rng.one((-2, -1, 1))
                delta = delta if balance + delta >= 0 else 1
                move(
                    "adjustment",
                    delta,
                    moment,
                    user,
                    "Inventaire : écart de comptage corrigé",
                    part.unit_cost,
                )
                balance += delta
                continue
            if balance < qty:
                # the part was needed now: bought at the counter of a local distributor
                top_up = qty - balance + part.min_qty
                move(
                    "receipt",
                    top_up,
                    moment - timedelta(minutes=45),
                    keeper,
                    "Réception urgente (dépannage)",
                    part.price,
                )
                balance += top_up
            reason = (
                "Sortie sur intervention"
                if ref_id
                else free_reasons[int(draw() * len(free_reasons))]
            )
            move("issue", -qty, moment, user, reason, part.unit_cost, ref_table, ref_id)
            balance -= qty
            if balance < part.min_qty and pending is None:
                pending = reorder(moment, balance)
        if pending is not None and pending[1] <= self.ref:
            balance += receive(pending)
            pending = None
        if force_low and balance >= part.min_qty:
            moment = max(last + timedelta(minutes=1), self.ref - timedelta(days=2))
            take = balance - part.min_qty + 1
            user = self.techs_by_site[site][0].id
            move("issue", -take, moment, user, cat.FREE_ISSUE_REASONS[0], part.unit_cost)
            balance -= take
            if pending is None:
                pending = reorder(moment, balance)
        if pending is not None:
            ordered, arrival, qty = pending
            order = (p_index, qty, ordered, arrival)
            self.open_orders.setdefault((site, part.supplier), []).append(order)

    def _purchase_orders(self) -> Iterator[Batch]:
        rng = self.rng
        assert self.storekeeper is not None
        # (ordered at, site, supplier, id, status, lines as (part, qty, received qty), expected)
        orders: list[tuple[datetime | None, int, int, uuid.UUID, str, list[_OrderLine]]] = []
        for (site, supplier), lines in self.open_orders.items():
            first = min(line[2] for line in lines)
            orders.append((first, site, supplier, self.ids.new(), "sent", lines))
        for (site, supplier, _day), (po_id, lines) in self.received_orders.items():
            orders.append((lines[0][2], site, supplier, po_id, "received", lines))
        # A draft the storekeeper was preparing: a few parts for the first site.
        picks = rng.sample(range(len(self.parts)), min(3, len(self.parts)))
        draft_lines = [(p, self.parts[p].max_qty, self.ref, self.ref) for p in picks]
        orders.append(
            (None, 0, self.parts[picks[0]].supplier, self.ids.new(), "draft", draft_lines)
        )
        orders.sort(key=lambda o: (o[0] or self.ref + timedelta(days=1), o[1], o[2]))
        order_rows: list[Row] = []
        line_rows: list[Row] = []
        counters: dict[int, int] = {}
        for ordered, site, supplier, po_id, status, lines in orders:
            year = (ordered or self.ref).year
            counters[year] = counters.get(year, 0) + 1
            created = ordered or self.ref - timedelta(hours=20)
            expected = max(line[3] for line in lines) if ordered else None
            updated = expected if status == "received" and expected else created
            site_id = self.site_ids[site]
            order_rows.append(
                _sync(po_id, site_id, created, updated)
                | {
                    "number": f"CA-{year}-{counters[year]:04d}",
                    "supplier_id": self.supplier_ids[supplier],
                    "status": status,
                    "ordered_at": ordered,
                    "expected_at": expected,
                    "created_by": self.storekeeper.id,
                    "notes": "Réapprovisionnement : seuil minimum atteint."
                    if status != "draft"
                    else "Proposition à compléter avant envoi.",
                }
            )
            for p_index, qty, _ordered, _arrival in lines:
                part = self.parts[p_index]
                line_rows.append(
                    _sync(self.ids.new(), site_id, created, updated)
                    | {
                        "purchase_order_id": po_id,
                        "part_id": part.id,
                        "quantity": Decimal(qty),
                        "unit_price": part.price,
                        "received_qty": Decimal(qty if status == "received" else 0),
                    }
                )
        yield from _sliced(purchase_orders, order_rows, self.scale.batch_size)
        yield from _sliced(purchase_order_lines, line_rows, self.scale.batch_size)


def _sliced(table: Table, rows: list[Row], size: int) -> Iterator[Batch]:
    for start in range(0, len(rows), size):
        yield table, rows[start : start + size]
