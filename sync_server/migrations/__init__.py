"""Alembic migrations of the server's PostgreSQL database.

The target is every table of ``cmms_core.schema.metadata`` (what replicas also
hold) plus the server-only ``sync_server.tables.server_metadata``. Run them
with ``cmms-server migrate``, or from code with :func:`upgrade`. The alembic
command line works too: ``alembic -c sync_server/alembic.ini upgrade head``
(the database comes from ``CMMS_DIRECT_DATABASE_URL``/``CMMS_DATABASE_URL``).

A new revision: change the tables, then
``alembic -c sync_server/alembic.ini revision --autogenerate -m "what changed"``
against a database at head, read the generated file, and check it in.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData

import cmms_core.schema as core_schema
from sync_server.tables import server_metadata

__all__ = ["MIGRATIONS_DIR", "alembic_config", "combined_metadata", "target_metadata", "upgrade"]

MIGRATIONS_DIR = Path(__file__).resolve().parent

# Alembic accepts a sequence of MetaData as its target.
target_metadata: list[MetaData] = [core_schema.metadata, server_metadata]

# Every migration runs under this transaction-scoped advisory lock, so two
# servers starting at once do not both try to create the tables.
MIGRATION_LOCK_ID = 0x434D4D53  # "CMMS"


def combined_metadata() -> MetaData:
    """Both metadata in one (for comparisons: alembic's compare_metadata takes one)."""
    combined = MetaData(naming_convention=core_schema.metadata.naming_convention)
    for source in target_metadata:
        for table in source.sorted_tables:
            table.to_metadata(combined)
    return combined


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """A programmatic alembic configuration (no .ini file needed).

    ``connection``: run on that connection (in its transaction); else ``url``;
    else env.py falls back to the settings' direct database URL.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if url is not None:
        # ConfigParser interpolation: a literal % must be doubled
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (``alembic upgrade head``)."""
    command.upgrade(alembic_config(url), revision)
