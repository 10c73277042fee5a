"""Read and write the replica's small local facts (device id, demo flag...)."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, select
from sqlalchemy.dialects.sqlite import insert

from cmms_desktop.store.local_schema import local_meta


def get_meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            select(local_meta.c.value).where(local_meta.c.key == key)
        ).scalar_one_or_none()


def set_meta(engine: Engine, key: str, value: str) -> None:
    statement = insert(local_meta).values(key=key, value=value)
    statement = statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
    with engine.begin() as connection:
        connection.execute(statement)


def device_id(engine: Engine) -> str:
    """This replica's stable device id, made on first use."""
    existing = get_meta(engine, "device_id")
    if existing is not None:
        return existing
    new = uuid.uuid4().hex
    set_meta(engine, "device_id", new)
    return new
