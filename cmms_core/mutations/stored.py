"""Values as the database will hand them back once written.

The server's read cache keeps a row a command updated instead of reading it
again (cmms_core.mutations.base.ReadCache): the row the database holds after
``UPDATE ... SET column = value`` is the cached one with those values, as
long as each value comes back exactly as it was given. This module tells
which do, and gives the ones a column rounds (a decimal's scale, a time's
zone) as they will be read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import orjson
from sqlalchemy import JSON, Numeric, Table
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["as_stored"]

_UNKNOWN = object()


def as_stored(table: Table, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """``values`` (column -> value) as a read of ``table`` would give them back, or
    None when one of them might come back different (the caller reads again)."""
    stored: dict[str, Any] = {}
    for name, value in values.items():
        column = table.columns.get(name)
        if column is None:
            return None
        if value is None:
            stored[name] = None
            continue
        kept = _stored_value(column.type, value)
        if kept is _UNKNOWN:
            return None
        stored[name] = kept
    return stored


def _python_type(column_type: TypeEngine[Any]) -> type | None:
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def _stored_value(column_type: TypeEngine[Any], value: Any) -> Any:
    if isinstance(column_type, JSON):
        try:  # tuples come back as lists, non-string keys are refused...
            same = orjson.loads(orjson.dumps(value)) == value
        except (TypeError, orjson.JSONEncodeError):
            same = False
        return value if same else _UNKNOWN
    # exact types only: a bool in an integer column, a datetime in a date column
    # or a string in a UUID column come back as something else
    if type(value) is not _python_type(column_type):
        return _UNKNOWN
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else _UNKNOWN
    if isinstance(value, Decimal) and isinstance(column_type, Numeric):
        if column_type.scale is None or not value.is_finite():
            return _UNKNOWN
        try:  # PostgreSQL rounds to the column's scale, half away from zero
            return value.quantize(Decimal(1).scaleb(-column_type.scale), ROUND_HALF_UP)
        except InvalidOperation:
            return _UNKNOWN
    return value
