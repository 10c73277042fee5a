"""The sync protocol's wire messages, version numbers and row encoding.

Both sides import this module: the server to read requests and write answers,
the client to write requests and read answers. docs/sync-protocol.md is the
prose version; the two must agree.

Rows travel as arrays in the order of ``wire_columns(table)`` (the table's
columns): ``{"columns": [...], "rows": [[...], ...]}``. Values are JSON: UUIDs
as canonical strings, decimals as strings, timestamps as
``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC, always six fraction digits), dates as
``YYYY-MM-DD``, JSON columns as JSON. :func:`encode_row` and
:func:`decode_row` convert one row; the hot paths (the server's pull query,
the client's page apply) produce and consume the same format without them,
and the tests hold them to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
)

from cmms_core.hlc import parse_stamp

__all__ = [
    "GLOBAL_BUCKET",
    "MAX_PULL_LIMIT",
    "MAX_PUSH_MUTATIONS",
    "MIN_PROTOCOL",
    "MIN_SCHEMA",
    "PROTOCOL_VERSION",
    "SCHEMA_VERSION",
    "BucketPage",
    "ColumnKind",
    "MutationResult",
    "PullRequest",
    "PullResponse",
    "PushMutation",
    "PushRequest",
    "PushResponse",
    "Restore",
    "TableRows",
    "column_kind",
    "decode_row",
    "decode_value",
    "encode_row",
    "encode_value",
    "format_wire_datetime",
    "negotiation_problem",
    "parse_wire_datetime",
    "wire_columns",
]

# This document's version, the oldest one the server still answers, and the
# version of cmms_core.schema the client was built with.
PROTOCOL_VERSION = 1
MIN_PROTOCOL = 1
SCHEMA_VERSION = 1
MIN_SCHEMA = 1

GLOBAL_BUCKET = "global"
MAX_PUSH_MUTATIONS = 500
DEFAULT_PULL_LIMIT = 5000
MAX_PULL_LIMIT = 20_000
MAX_TOUCHED = 200


# ------------------------------------------------------------------------ messages


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Negotiation(WireModel):
    """What every sync request starts with."""

    protocol: int = Field(ge=0)
    # "schema" on the wire (a BaseModel attribute of that name would shadow pydantic's)
    schema_version: int = Field(alias="schema", ge=0)


TableName = Annotated[str, Field(min_length=1, max_length=60)]
Touched = tuple[TableName, uuid.UUID]
# [table, id, version]: the version of a row the command updated, as its author saw it
BaseVersion = tuple[TableName, uuid.UUID, Annotated[int, Field(ge=0)]]


class PushMutation(WireModel):
    id: uuid.UUID
    name: str = Field(min_length=1, max_length=60)
    payload: dict[str, Any]
    hlc: str | None = Field(default=None, max_length=100)
    created_at: datetime | None = None
    # [table, id] of every row the client's optimistic run wrote: a rejection
    # answers the server's version of those rows so the client can undo it
    touched: list[Touched] = Field(default_factory=list, max_length=MAX_TOUCHED)
    # the rows the command updated, at the version its author saw them: a field
    # written since by another device competes with this command's write
    # (docs/sync-protocol.md, "Conflicts"); a row not listed counts as seen
    base_versions: list[BaseVersion] = Field(default_factory=list, max_length=MAX_TOUCHED)

    @field_validator("hlc")
    @classmethod
    def _stamp(cls, value: str | None) -> str | None:
        if value is not None:
            parse_stamp(value)
        return value


class PushRequest(Negotiation):
    device_id: str = Field(min_length=1, max_length=64)
    mutations: list[PushMutation] = Field(max_length=MAX_PUSH_MUTATIONS)


class TableRows(WireModel):
    columns: list[str]
    rows: list[list[Any]]


class Restore(WireModel):
    """The server's current rows for what a rejected mutation touched."""

    rows: dict[str, TableRows] = Field(default_factory=dict)
    # [table, id] the server does not have (or the user may not see): drop them
    missing: list[tuple[str, uuid.UUID]] = Field(default_factory=list)


class MutationResult(WireModel):
    id: uuid.UUID
    status: Literal["applied", "rejected"]
    version: int | None = None
    code: str | None = None
    message: str | None = None
    field_errors: dict[str, str] = Field(default_factory=dict)
    restore: Restore | None = None


class PushResponse(WireModel):
    results: list[MutationResult]


class PullRequest(Negotiation):
    # bucket ("global" or a site id) -> the last version the client holds
    cursors: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)

    @field_validator("cursors")
    @classmethod
    def _buckets(cls, value: dict[str, int]) -> dict[str, int]:
        for bucket in value:
            if bucket != GLOBAL_BUCKET:
                try:
                    uuid.UUID(bucket)
                except ValueError:
                    raise ValueError(
                        f"a bucket is {GLOBAL_BUCKET!r} or a site id, not {bucket!r}"
                    ) from None
        return value


class BucketPage(WireModel):
    cursor: int
    more: bool
    tables: dict[str, TableRows]


class PullResponse(WireModel):
    buckets: dict[str, BucketPage]
    revoked: list[str] = Field(default_factory=list)
    reset: list[str] = Field(default_factory=list)


def negotiation_problem(protocol: object, schema: object) -> tuple[int, str, str] | None:
    """``(status, code, message)`` when a request's versions cannot be served, else None.

    Too old: 426 ``upgrade_required`` (the client must be updated). Newer than
    this server: 400 ``server_too_old``.
    """
    if not isinstance(protocol, int) or not isinstance(schema, int):
        return None  # the model's validation reports it
    if protocol < MIN_PROTOCOL or schema < MIN_SCHEMA:
        return (
            426,
            "upgrade_required",
            f"This version of the application is too old for the server (protocol {protocol}, "
            f"schema {schema}; the server needs protocol {MIN_PROTOCOL}+ and schema "
            f"{MIN_SCHEMA}+). Install the newer version; your local data is kept.",
        )
    if protocol > PROTOCOL_VERSION or schema > SCHEMA_VERSION:
        return (
            400,
            "server_too_old",
            f"The server speaks protocol {PROTOCOL_VERSION} and schema {SCHEMA_VERSION} at "
            f"most; this client sent protocol {protocol}, schema {schema}.",
        )
    return None


# --------------------------------------------------------------------- row values

ColumnKind = Literal["uuid", "datetime", "date", "decimal", "json", "bool", "int", "str"]


def column_kind(column: Column[Any]) -> ColumnKind:
    """How a column's values travel."""
    column_type = column.type
    impl = getattr(column_type, "impl", None)  # TypeDecorator (UTCDateTime)
    checks: tuple[tuple[type[Any], ColumnKind], ...] = (
        (Uuid, "uuid"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Numeric, "decimal"),
        (JSON, "json"),
        (Boolean, "bool"),
        (BigInteger, "int"),
        (Integer, "int"),
        (String, "str"),
        (Text, "str"),
    )
    for candidate in (impl, column_type):
        if candidate is None:
            continue
        for kind_type, kind in checks:
            if isinstance(candidate, kind_type):
                return kind
    raise TypeError(f"{column.table.name}.{column.name}: no wire encoding for {column_type!r}")


def format_wire_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime on the wire")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_wire_datetime(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without time zone: {text!r}")
    return moment.astimezone(UTC)


def _encode_decimal(value: Any) -> str:
    return str(value)


_ENCODERS: Mapping[ColumnKind, Callable[[Any], Any]] = {
    "uuid": str,
    "datetime": format_wire_datetime,
    "date": lambda value: value.isoformat(),
    "decimal": _encode_decimal,
}

_DECODERS: Mapping[ColumnKind, Callable[[Any], Any]] = {
    "uuid": uuid.UUID,
    "datetime": parse_wire_datetime,
    "date": date.fromisoformat,
    "decimal": Decimal,
}


def encode_value(kind: ColumnKind, value: Any) -> Any:
    if value is None:
        return None
    encoder = _ENCODERS.get(kind)
    return value if encoder is None else encoder(value)


def decode_value(kind: ColumnKind, value: Any) -> Any:
    if value is None:
        return None
    if kind == "decimal" and isinstance(value, int | float):
        return Decimal(str(value))
    decoder = _DECODERS.get(kind)
    return value if decoder is None else decoder(value)


def wire_columns(table: Table) -> list[str]:
    """The column order of a table's rows on the wire: the table's own order."""
    return [column.name for column in table.columns]


def encode_row(table: Table, row: Mapping[Any, Any]) -> list[Any]:
    """A row (column name -> Python value) as its JSON-able array."""
    return [encode_value(column_kind(column), row[column.name]) for column in table.columns]


def decode_row(table: Table, columns: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """An array received under ``columns`` as a row of Python values.

    Columns the table does not have are ignored (a newer server may send more);
    columns it has and the array lacks are left out of the dict.
    """
    row: dict[str, Any] = {}
    for name, value in zip(columns, values, strict=True):
        column = table.columns.get(name)
        if column is not None:
            row[name] = decode_value(column_kind(column), value)
    return row
