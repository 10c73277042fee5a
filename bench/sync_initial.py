"""Initial sync of an empty replica, against the raw copy limit. Prints figures, asserts nothing.

    .venv/bin/python bench/sync_initial.py [--rows 100000] [--server-url postgresql+psycopg://...]

1. A throw-away PostgreSQL database, migrated, filled with the demo plant
   generator scaled to about ``--rows`` rows in one site (stamped with versions
   as the service stamps them).
2. ``cmms-server serve`` in its own process on a loopback port.
3. An empty replica syncs through it over HTTP (login, push nothing, pull every
   page): rows/s.
4. The raw limit: the same rows copied straight from PostgreSQL into an empty
   replica (one query per table formatting SQLite's storage values, one
   executemany per table, one transaction), no HTTP, no JSON: rows/s.

Goals (docs/sync-protocol.md): >= 50,000 rows/s, and within 2.5x of the raw copy.
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import httpx
from argon2 import PasswordHasher
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cmms_core.demo import DEMO_ACCOUNTS, DemoScale  # noqa: E402
from cmms_core.protocol import column_kind  # noqa: E402
from cmms_core.schema import synced_tables  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine  # noqa: E402
from sync_server.demo import load_demo_plant  # noqa: E402
from sync_server.migrations import upgrade  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
JWT_SECRET = "bench-secret-" + "x" * 40
_BASE_ROWS = 113_506  # what the base counts below generate with three sites


def scale_for(rows: int) -> DemoScale:
    """A one-site demo plant of about ``rows`` rows."""
    factor = rows / _BASE_ROWS * 3  # one site instead of three: the history is per site
    return DemoScale(
        sites=1,
        lines_per_site=5,
        equipments=max(10, int(3000 * factor / 3)),
        failures=int(9000 * factor / 3),
        maintenance_plans=int(1500 * factor / 3),
        parts=max(10, int(1000 * factor / 3)),
        locations_per_site=max(2, int(100 * factor / 3)),
        stock_movements=int(30000 * factor / 3),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def throwaway_database(server_url: str, prefix: str) -> Iterator[str]:
    name = f"{prefix}_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """``cmms-server serve`` as a process; yields its base URL once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMMS_")}
    env |= {
        "CMMS_ENVIRONMENT": "test",
        "CMMS_DATABASE_URL": database_url,
        "CMMS_JWT_SECRET": JWT_SECRET,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sync_server",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the sync service did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def cheap_hash(password: str) -> str:
    """Demo accounts with light argon2 parameters: the bench measures the sync, not logins."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(password)


def load_plant(database_url: str, rows: int) -> int:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            summary = load_demo_plant(connection, 42, scale_for(rows), password_hasher=cheap_hash)
        return summary.total_rows
    finally:
        engine.dispose()


def admin_credentials() -> Credentials:
    admin = next(a for a in DEMO_ACCOUNTS if a.role.value == "admin" and a.status == "active")
    return Credentials(admin.email, admin.password)


def _storage_sql(table_name: str) -> tuple[list[str], str]:
    table = next(t for t in synced_tables() if t.name == table_name)
    names, parts = [], []
    for column in table.columns:
        quoted = f'"{column.name}"'
        kind = column_kind(column)
        if kind == "uuid":
            parts.append(f"replace({quoted}::text, '-', '')")
        elif kind == "datetime":
            parts.append(f"to_char({quoted} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
        elif kind == "decimal":
            parts.append(f"{quoted}::float8")
        elif kind in ("json", "date"):
            parts.append(f"{quoted}::text")
        else:
            parts.append(quoted)
        names.append(quoted)
    return names, f'SELECT {", ".join(parts)} FROM "{table_name}"'


def raw_copy(database_url: str, replica_dir: Path) -> int:
    """Every synced row straight from PostgreSQL into an empty replica: the limit."""
    replica = open_replica(replica_dir)
    source = create_engine(database_url, poolclass=NullPool)
    copied = 0
    try:
        with source.connect() as pg, replica.engine.connect() as local:
            driver = cast(sqlite3.Connection, local.connection.driver_connection)
            driver.execute("PRAGMA foreign_keys = OFF")
            with local.begin():
                for table in synced_tables():
                    names, query = _storage_sql(table.name)
                    found = pg.exec_driver_sql(query).fetchall()
                    marks = ", ".join("?" * len(names))
                    driver.executemany(
                        f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({marks})',
                        [tuple(row) for row in found],
                    )
                    copied += len(found)
            driver.execute("PRAGMA foreign_keys = ON")
    finally:
        source.dispose()
        replica.dispose()
    return copied


def replica_rows(replica_dir: Path) -> int:
    replica = open_replica(replica_dir)
    try:
        with replica.engine.connect() as connection:
            return sum(
                connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in synced_tables()
            )
    finally:
        replica.dispose()


def initial_sync(base_url: str, replica_dir: Path, limit: int) -> tuple[int, float, int]:
    replica = open_replica(replica_dir)
    try:
        with SyncClient(base_url, admin_credentials(), "bench") as client:
            client.login()  # not part of the sync's throughput
            began = time.perf_counter()
            report = SyncEngine(replica.engine, client, pull_limit=limit).sync_once()
            seconds = time.perf_counter() - began
        if not report.ok:
            raise SystemExit(f"sync failed: {report}")
        return report.pulled_rows, seconds, report.pull_pages
    finally:
        replica.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=5000, help="rows per bucket and page")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER),
        help="a PostgreSQL server where this user may create databases",
    )
    args = parser.parse_args(argv)
    with throwaway_database(args.server_url, "cmms_bench_initial") as url:
        began = time.perf_counter()
        loaded = load_plant(url, args.rows)
        print(f"loaded {loaded:,} rows into the server in {time.perf_counter() - began:.1f} s")
        with tempfile.TemporaryDirectory() as workdir:
            with serve(url) as base:
                rows, seconds, pages = initial_sync(base, Path(workdir) / "sync", args.limit)
            began = time.perf_counter()
            raw = raw_copy(url, Path(workdir) / "raw")
            raw_seconds = time.perf_counter() - began
            in_replica = replica_rows(Path(workdir) / "sync")
    sync_rate, raw_rate = rows / seconds, raw / raw_seconds
    print(
        f"initial sync over HTTP : {rows:,} rows in {seconds:.2f} s ({pages} pages) "
        f"= {sync_rate:,.0f} rows/s   (goal >= 50,000)"
    )
    print(f"raw PostgreSQL->SQLite : {raw:,} rows in {raw_seconds:.2f} s = {raw_rate:,.0f} rows/s")
    print(f"sync / raw time ratio  : {seconds / raw_seconds:.2f}x   (goal <= 2.5x)")
    print(f"replica holds {in_replica:,} synced rows (the server: {loaded:,} loaded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
