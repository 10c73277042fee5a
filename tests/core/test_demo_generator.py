"""The demo plant generator: deterministic, complete rows, and a plausible plant.

Generated once per module (with a fast fake password hasher: argon2 salts are
random and the real hashes are checked by the loader's login tests).
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
)

from cmms_core.demo import DEFAULT_SCALE, DEMO_ACCOUNTS, DemoScale, generate_demo_plant
from cmms_core.demo.generator import DEFAULT_REFERENCE_DATE, Batch, Row
from cmms_core.rules.roles import Role
from cmms_core.schema.types import UTCDateTime

REFERENCE = datetime.combine(DEFAULT_REFERENCE_DATE, time(0), tzinfo=UTC)
TINY = DemoScale(
    sites=1,
    lines_per_site=1,
    equipments=6,
    failures=4,
    maintenance_plans=2,
    parts=5,
    locations_per_site=2,
    suppliers=1,
    stock_movements=30,
    history_days=90,
    batch_size=100,
)
SMALL = DemoScale(equipments=40, failures=60, maintenance_plans=10, parts=40, stock_movements=400)


def fake_hash(password: str) -> str:
    return f"fake-hash-for-{password}"


def generate(seed: int = 42, scale: DemoScale = DEFAULT_SCALE) -> list[Batch]:
    return list(generate_demo_plant(seed, scale, password_hasher=fake_hash))


def by_table(batches: list[Batch]) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = defaultdict(list)
    for table, rows in batches:
        tables[table.name].extend(rows)
    return tables


@pytest.fixture(scope="module")
def batches() -> list[Batch]:
    return generate()


@pytest.fixture(scope="module")
def plant(batches: list[Batch]) -> dict[str, list[Row]]:
    return by_table(batches)


# ------------------------------------------------------------------------ determinism


def test_same_seed_same_rows(batches: list[Batch]) -> None:
    again = generate()
    assert [t.name for t, _ in again] == [t.name for t, _ in batches]
    assert again == batches


def test_other_seed_other_rows() -> None:
    first, second = by_table(generate(1, SMALL)), by_table(generate(2, SMALL))
    assert first["equipments"] != second["equipments"]
    assert {r["id"] for r in first["sites"]}.isdisjoint(r["id"] for r in second["sites"])


def test_reference_date_moves_the_history() -> None:
    later = by_table(
        list(
            generate_demo_plant(7, TINY, reference_date=date(2030, 1, 1), password_hasher=fake_hash)
        )
    )
    reported = [r["reported_at"] for r in later["failures"]]
    assert reported and min(reported).year >= 2029


def test_ids_are_version_4_uuids(plant: dict[str, list[Row]]) -> None:
    for row in plant["equipments"][:50]:
        ident = row["id"]
        assert ident.version == 4
        assert ident == uuid.UUID(str(ident))
        assert hash(ident) == hash(uuid.UUID(int=ident.int))


# ----------------------------------------------------------------- rows fit the schema


def _expected_type(column: Column[Any]) -> type | tuple[type, ...]:
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID
    if isinstance(kind, UTCDateTime):
        return datetime
    if isinstance(kind, Numeric):
        return Decimal
    if isinstance(kind, Date):
        return date
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Integer | BigInteger):
        return int
    if isinstance(kind, JSON):
        return (list, dict)
    assert isinstance(kind, String | Text), column
    return str


def test_every_row_has_every_column_with_the_right_type(batches: list[Batch]) -> None:
    for table, rows in batches:
        names = set(table.c.keys())
        checks = [
            (c.name, c.nullable, _expected_type(c), getattr(c.type, "length", None))
            for c in table.columns
        ]
        for row in rows:
            assert set(row) == names, table.name
            for name, nullable, expected, length in checks:
                value = row[name]
                # messages are only built on failure: this runs for every value
                if value is None:
                    assert nullable, f"{table.name}.{name} is NOT NULL"
                    continue
                # exact types: a bool is not an int here, nor a datetime a date
                assert type(value) in (expected if isinstance(expected, tuple) else (expected,)), (
                    f"{table.name}.{name} = {value!r}"
                )
                if expected is datetime:
                    assert value.utcoffset() == timedelta(0), f"{table.name}.{name} naive"
                elif length is not None:
                    assert len(value) <= length, f"{table.name}.{name} = {value!r}"
        for row in rows[:20]:
            json.dumps([row[c.name] for c in table.columns if isinstance(c.type, JSON)])


# Columns that look ahead: planning, not facts.
_FUTURE_COLUMNS = {
    ("maintenance_tasks", "due_at"),
    ("maintenance_tasks", "scheduled_start"),
    ("maintenance_tasks", "scheduled_end"),
    ("maintenance_plans", "next_due_at"),
    ("purchase_orders", "expected_at"),
}


def test_nothing_happened_after_the_reference_date(batches: list[Batch]) -> None:
    for table, rows in batches:
        moments = [
            c.name
            for c in table.columns
            if isinstance(c.type, UTCDateTime) and (table.name, c.name) not in _FUTURE_COLUMNS
        ]
        for row in rows:
            for name in moments:
                value = row[name]
                assert value is None or value <= REFERENCE, f"{table.name}.{name} = {value}"
            assert row["created_at"] <= row["updated_at"], table.name


def test_batches_are_bounded_and_parents_come_first(batches: list[Batch]) -> None:
    seen: dict[str, set[uuid.UUID]] = defaultdict(set)
    for table, rows in batches:
        assert 0 < len(rows) <= DemoScale.default().batch_size
        for row in rows:
            seen[table.name].add(row["id"])
            for fk in table.foreign_keys:
                value = row[fk.parent.name]
                if value is not None:
                    target = fk.column.table.name
                    assert value in seen[target], f"{table.name}.{fk.parent.name} before parent"


def test_unique_columns_are_unique(plant: dict[str, list[Row]]) -> None:
    for table_name, column in [
        ("sites", "code"),
        ("users", "email"),
        ("equipment_types", "code"),
        ("equipments", "code"),
        ("failure_types", "code"),
        ("failures", "number"),
        ("parts", "reference"),
        ("maintenance_tasks", "generation_key"),
        ("purchase_orders", "number"),
    ]:
        values = [row[column] for row in plant[table_name]]
        assert len(values) == len(set(values)), f"{table_name}.{column}"
    codes = Counter((r["site_id"], r["code"]) for r in plant["storage_locations"])
    assert max(codes.values()) == 1


# ------------------------------------------------------------------------ plausibility


def test_the_plant_has_the_expected_size(plant: dict[str, list[Row]]) -> None:
    assert [s["code"] for s in plant["sites"]] == ["LYO", "STE", "GRE"]
    assert len(plant["equipments"]) == 300
    assert 4 * 3 <= len(plant["production_lines"]) <= 6 * 3
    assert len(plant["equipment_types"]) >= 15
    assert len(plant["failure_types"]) >= 20
    assert len(plant["failures"]) == 900
    assert len(plant["parts"]) == 400
    assert len(plant["suppliers"]) == 12
    assert len(plant["stock_movements"]) > 3000
    assert plant["purchase_orders"] and plant["purchase_order_lines"]
    assert any(r["parent_id"] for r in plant["equipments"])
    for eq in plant["equipments"]:
        assert re.fullmatch(r"(LYO|STE|GRE)-[A-Z]{3}-\d{4,}", eq["code"]), eq["code"]


def test_every_role_has_an_account_and_one_is_pending(plant: dict[str, list[Row]]) -> None:
    active = {r["role"] for r in plant["users"] if r["status"] == "active"}
    assert active == {role.value for role in Role}
    assert [r["email"] for r in plant["users"]] == [a.email for a in DEMO_ACCOUNTS]
    assert Counter(r["status"] for r in plant["users"])["pending"] == 1
    granted = {r["user_id"] for r in plant["user_permissions"]}
    for user in plant["users"]:
        needs_grant = user["status"] == "active" and user["role"] != "admin"
        assert (user["id"] in granted) == needs_grant, user["email"]


def test_equipment_sites_agree_with_lines_and_parents(plant: dict[str, list[Row]]) -> None:
    line_site = {r["id"]: r["site_id"] for r in plant["production_lines"]}
    eq_site = {r["id"]: r["site_id"] for r in plant["equipments"]}
    for eq in plant["equipments"]:
        assert line_site[eq["line_id"]] == eq["site_id"]
        if eq["parent_id"] is not None:
            assert eq_site[eq["parent_id"]] == eq["site_id"]
        assert eq["commissioning_date"] <= DEFAULT_REFERENCE_DATE
    states = Counter(r["state"] for r in plant["equipments"])
    assert states["active"] > 0.8 * 300
    assert states["down"] and states["out_of_service"]


def test_failures_cover_two_years_and_their_timelines_hold(plant: dict[str, list[Row]]) -> None:
    reported = [r["reported_at"] for r in plant["failures"]]
    assert max(reported) <= REFERENCE
    assert min(reported) >= REFERENCE - timedelta(days=731)
    assert max(reported) - min(reported) > timedelta(days=700)
    statuses = Counter(r["status"] for r in plant["failures"])
    assert statuses["validated"] > 0.8 * len(reported)
    assert statuses["reported"] + statuses["assigned"] + statuses["in_progress"] >= 1
    for failure in plant["failures"]:
        if failure["equipment_stopped"] and failure["closed_at"] is not None:
            assert failure["downtime_start"] is not None
            assert failure["downtime_end"] >= failure["downtime_start"]
            minutes = (failure["downtime_end"] - failure["downtime_start"]).total_seconds() / 60
            assert 25 <= minutes <= 2 * 24 * 60 + 60
        if failure["status"] == "validated":
            assert failure["closed_at"] >= failure["reported_at"]


def test_stopped_equipments_have_their_open_ticket(plant: dict[str, list[Row]]) -> None:
    open_stops = {
        r["equipment_id"]
        for r in plant["failures"]
        if r["equipment_stopped"] and r["downtime_end"] is None
    }
    stopped = {r["id"] for r in plant["equipments"] if r["state"] in ("down", "under_maintenance")}
    assert stopped == open_stops


def test_labour_cost_is_minutes_times_rate(plant: dict[str, list[Row]]) -> None:
    rates = {str(r["id"]): r["hourly_rate"] for r in plant["users"]}
    rates_by_id = {r["id"]: r["hourly_rate"] for r in plant["users"]}
    for sheet in plant["repair_interventions"]:
        minutes_x_rate = (Decimal(e["minutes"]) * rates[e["user_id"]] for e in sheet["labour"])
        cost = sum(minutes_x_rate, Decimal(0)) / 60
        assert sheet["labour_cost"] == cost.quantize(Decimal("0.01"))
        assert sheet["labour_minutes"] == sum(e["minutes"] for e in sheet["labour"])
    for sheet in plant["interventions"]:
        rate = rates_by_id[sheet["technician_id"]]
        expected = (Decimal(sheet["labour_minutes"]) * rate / 60).quantize(Decimal("0.01"))
        assert sheet["labour_cost"] == expected


def test_repairs_and_history_match_the_failures(plant: dict[str, list[Row]]) -> None:
    failures = {r["id"]: r for r in plant["failures"]}
    validated = {k for k, r in failures.items() if r["status"] == "validated"}
    sheets = {r["failure_id"]: r for r in plant["repair_interventions"]}
    assert validated <= set(sheets)
    for failure_id in validated:
        sheet = sheets[failure_id]
        assert sheet["status"] == "validated" and sheet["validated_at"] is not None
        assert sheet["started_at"] <= sheet["ended_at"] <= failures[failure_id]["closed_at"]
    repairs = {r["ref_id"] for r in plant["maintenance_history"] if r["event_type"] == "repair"}
    assert repairs == validated
    kinds = Counter(r["event_type"] for r in plant["maintenance_history"])
    assert set(kinds) == {"repair", "preventive", "state_change"}


def test_preventive_plans_have_past_and_upcoming_tasks(plant: dict[str, list[Row]]) -> None:
    plans = plant["maintenance_plans"]
    assert any(p["is_template"] and p["site_id"] is None for p in plans)
    assert all(p["recurrence"]["freq"] in ("monthly", "weekly") for p in plans)
    assert all(p["checklist"] for p in plans)
    tasks = plant["maintenance_tasks"]
    statuses = Counter(t["status"] for t in tasks)
    assert statuses["validated"] > 0.7 * len(tasks)
    assert any(t["due_at"] > REFERENCE and t["status"] in ("reported", "assigned") for t in tasks)
    done = {t["id"] for t in tasks if t["status"] in ("done", "validated")}
    assert done == {i["task_id"] for i in plant["interventions"] if i["ended_at"] is not None}


def test_stock_on_hand_is_never_negative_and_some_parts_are_low(
    plant: dict[str, list[Row]],
) -> None:
    on_hand: Counter[tuple[uuid.UUID, uuid.UUID]] = Counter()
    for move in plant["stock_movements"]:
        on_hand[(move["part_id"], move["site_id"])] += move["quantity"]
        assert (move["quantity"] < 0) == (move["kind"] == "issue") or move["kind"] == "adjustment"
    minimum = {r["id"]: r["min_qty"] for r in plant["parts"]}
    assert all(quantity >= 0 for quantity in on_hand.values())
    low = [key for key, quantity in on_hand.items() if quantity < minimum[key[0]]]
    assert 1 <= len(low) < 0.2 * len(on_hand)
    refs = Counter(m["ref_table"] for m in plant["stock_movements"])
    assert refs["repair_interventions"] and refs["interventions"] and refs["purchase_orders"]
    kinds = Counter(m["kind"] for m in plant["stock_movements"])
    assert kinds["receipt"] and kinds["issue"] and kinds["adjustment"]


def test_parts_costs_match_the_issues(plant: dict[str, list[Row]]) -> None:
    issued: Counter[uuid.UUID] = Counter()
    for move in plant["stock_movements"]:
        if move["ref_id"] is not None and move["kind"] == "issue":
            issued[move["ref_id"]] += -move["quantity"] * move["unit_cost"]
    for sheet in plant["repair_interventions"] + plant["interventions"]:
        assert sheet["parts_cost"] == issued.get(sheet["id"], Decimal("0.00"))


# ------------------------------------------------------------------------------ scales


def test_a_tiny_plant_is_still_consistent() -> None:
    plant = by_table(generate(3, TINY))
    assert len(plant["sites"]) == 1 and len(plant["equipments"]) == 6
    assert all(len(rows) <= TINY.batch_size for _, rows in generate(3, TINY))


@pytest.mark.parametrize(
    "bad",
    [
        {"sites": 0},
        {"sites": 99},
        {"suppliers": 0},
        {"equipments": 0},
        {"locations_per_site": 1},
        {"failures": -1},
        {"history_days": 10},
    ],
)
def test_impossible_scales_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        DemoScale(**bad)


def test_benchmark_scale_is_the_big_one() -> None:
    scale = DemoScale.benchmark()
    assert scale.equipments == 100_000
    assert scale.stock_movements >= 1_000_000
    assert scale.failures + scale.maintenance_plans * 9 >= 90_000
    assert DemoScale.default().equipments == 300
