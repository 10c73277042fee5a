"""as_stored: which written values the read cache may keep, and as what."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from cmms_core.mutations.stored import as_stored
from cmms_core.schema.assets import equipments

PARIS_SUMMER = timezone(timedelta(hours=2))


def test_values_that_come_back_as_given_are_kept() -> None:
    values = {
        "name": "Presse",
        "cycle_count": 12,
        "commissioning_date": date(2020, 1, 2),
        "line_id": uuid.UUID(int=7),
        "field_clocks": {"name": "stamp"},
        "description": None,
    }
    assert as_stored(equipments, values) == values


def test_decimals_are_rounded_to_the_column_scale_half_away_from_zero() -> None:
    stored = as_stored(equipments, {"operating_hours": Decimal("12.25")})  # Numeric(12, 1)
    assert stored == {"operating_hours": Decimal("12.3")}
    assert str(stored["operating_hours"]) == "12.3"
    assert as_stored(equipments, {"operating_hours": Decimal("-0.05")}) == {
        "operating_hours": Decimal("-0.1")
    }


def test_times_come_back_in_utc() -> None:
    stored = as_stored(
        equipments, {"state_changed_at": datetime(2026, 6, 1, 10, tzinfo=PARIS_SUMMER)}
    )
    assert stored is not None
    assert stored["state_changed_at"] == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert stored["state_changed_at"].utcoffset() == timedelta(0)


def test_values_that_might_come_back_different_are_not_kept() -> None:
    for values in (
        {"cycle_count": True},  # a bool in an integer column
        {"operating_hours": 12.5},  # a float in a decimal column
        {"operating_hours": Decimal("NaN")},
        {"commissioning_date": datetime(2020, 1, 2, tzinfo=UTC)},  # a datetime in a date column
        {"state_changed_at": datetime(2026, 6, 1, 10)},  # naive
        {"line_id": str(uuid.UUID(int=7))},  # a string in a UUID column
        {"field_clocks": {"name": ("a", "b")}},  # a tuple comes back as a list
        {"field_clocks": {1: "stamp"}},  # a key that is no string
        {"no_such_column": 1},
    ):
        assert as_stored(equipments, values) is None, values
