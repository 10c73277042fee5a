"""The wire messages and row encoding shared by the server and the client."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from cmms_core.protocol import (
    MIN_PROTOCOL,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    PullRequest,
    PushMutation,
    PushRequest,
    column_kind,
    decode_row,
    encode_row,
    format_wire_datetime,
    negotiation_problem,
    parse_wire_datetime,
    wire_columns,
)
from cmms_core.schema import synced_tables
from cmms_core.schema.assets import equipments
from cmms_core.schema.people import users


def test_every_synced_column_has_a_wire_encoding() -> None:
    for table in synced_tables():
        for column in table.columns:
            column_kind(column)  # raises for a type nobody thought about


def test_kinds_of_the_columns() -> None:
    kinds = {c.name: column_kind(c) for c in equipments.columns}
    assert kinds["id"] == "uuid" and kinds["site_id"] == "uuid"
    assert kinds["created_at"] == "datetime" and kinds["commissioning_date"] == "date"
    assert kinds["operating_hours"] == "decimal" and kinds["cycle_count"] == "int"
    assert kinds["version"] == "int" and kinds["name"] == "str"
    assert column_kind(users.c.skills) == "json"


def _equipment() -> dict[str, Any]:
    now = datetime(2026, 3, 2, 8, 0, 0, 120, tzinfo=UTC)
    return {
        "id": uuid.uuid4(),
        "site_id": uuid.uuid4(),
        "version": 12,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "field_clocks": {"*": "1764171234567-0000-pc", "name": "1764171299999-0002-pc"},
        "code": "P-1",
        "name": "Pompe",
        "type_id": uuid.uuid4(),
        "line_id": None,
        "parent_id": None,
        "criticality": "high",
        "state": "active",
        "state_changed_at": now,
        "manufacturer": "KSB",
        "model": None,
        "serial_number": None,
        "commissioning_date": date(2019, 5, 17),
        "location": None,
        "description": 'é\n"',
        "operating_hours": Decimal("1234.5"),
        "cycle_count": 2**40,
    }


def test_rows_round_trip_through_json_values() -> None:
    row = _equipment()
    wire = encode_row(equipments, row)
    assert wire[wire_columns(equipments).index("id")] == str(row["id"])
    assert "2026-03-02T08:00:00.000120Z" in wire
    assert "1234.5" in wire and "2019-05-17" in wire
    assert decode_row(equipments, wire_columns(equipments), wire) == row


def test_decode_ignores_unknown_columns_and_accepts_numbers_for_decimals() -> None:
    row = decode_row(users, ["id", "hourly_rate", "from_the_future"], [str(uuid.uuid4()), 12.5, 1])
    assert row["hourly_rate"] == Decimal("12.5") and "from_the_future" not in row


def test_wire_timestamps_are_utc_with_six_digits() -> None:
    paris = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=paris)
    assert format_wire_datetime(moment) == "2026-03-02T08:00:00.000000Z"
    assert parse_wire_datetime("2026-03-02T08:00:00.000000Z") == moment
    with pytest.raises(ValueError):
        format_wire_datetime(datetime(2026, 3, 2))
    with pytest.raises(ValueError):
        parse_wire_datetime("2026-03-02T08:00:00")


def test_the_schema_field_is_called_schema_on_the_wire() -> None:
    request = PullRequest(protocol=PROTOCOL_VERSION, schema=SCHEMA_VERSION)
    dumped = request.model_dump(mode="json", by_alias=True)
    assert dumped["schema"] == SCHEMA_VERSION and "schema_version" not in dumped
    assert PullRequest.model_validate(dumped) == request


def test_messages_refuse_what_they_do_not_know() -> None:
    with pytest.raises(ValidationError):
        PushRequest.model_validate(
            {"protocol": 1, "schema": 1, "device_id": "x", "mutations": [], "more": 1}
        )
    with pytest.raises(ValidationError):
        PushMutation.model_validate(
            {"id": str(uuid.uuid4()), "name": "x", "payload": {}, "hlc": "yesterday"}
        )
    with pytest.raises(ValidationError):
        PullRequest.model_validate({"protocol": 1, "schema": 1, "cursors": {"site": 1}})
    with pytest.raises(ValidationError):
        PushRequest.model_validate(
            {
                "protocol": 1,
                "schema": 1,
                "device_id": "x",
                "mutations": [
                    {"id": str(uuid.uuid4()), "name": "x", "payload": {}} for _ in range(501)
                ],
            }
        )


def test_negotiation() -> None:
    assert negotiation_problem(PROTOCOL_VERSION, SCHEMA_VERSION) is None
    too_old = negotiation_problem(MIN_PROTOCOL - 1, SCHEMA_VERSION)
    assert too_old is not None and too_old[:2] == (426, "upgrade_required")
    too_new = negotiation_problem(PROTOCOL_VERSION + 1, SCHEMA_VERSION)
    assert too_new is not None and too_new[:2] == (400, "server_too_old")
    assert negotiation_problem("1", None) is None  # left to the model's validation
