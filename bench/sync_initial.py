"""Initial sync of an empty replica, against the raw copy limit. Prints figures, asserts nothing.

    .venv/bin/python bench/sync_initial.py [--rows 100000] [--repeat 3] [--limit N]
                                          [--server-url postgresql+psycopg://...]

1. A throw-away PostgreSQL database, migrated, filled with the demo plant
   generator scaled to about ``--rows`` rows in one site (stamped with versions
   as the service stamps them).
2. ``cmms-server serve`` in its own process on a loopback port.
3. An empty replica syncs through it over HTTP (login, push nothing, pull every
   page): rows/s. ``--limit`` sets the rows per page the client asks for (by
   default the engine's own choice).
4. The raw limit: the same rows copied straight from PostgreSQL into an empty
   replica, no HTTP, no JSON: PostgreSQL formats SQLite's storage values (the
   ones the engine writes: UUIDs as 32 hex digits, timestamps as
   ``YYYY-MM-DD HH:MM:SS.ffffff``, decimals as REAL, JSON and dates as text),
   a reader thread streams them table by table through a server-side cursor
   while the main thread writes them with one ``executemany`` of tuples per
   chunk, in one transaction, on the replica's own connection with the
   engine's pull PRAGMAs. The replica file is created before the clock starts,
   as for the sync.

Steps 3 and 4 run ``--repeat`` times, alternating, on fresh replicas; the
figures are the medians (the machine may be shared: the load average is
printed with them). Goals (docs/sync-protocol.md): >= 50,000 rows/s, and
within 2.5x of the raw copy.
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
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
from cmms_desktop.sync.apply import replica_transaction  # noqa: E402
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
    """The replica's column names and the query giving their SQLite storage values."""
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


_CHUNK = 5000  # rows per FETCH of the reader's server-side cursor
_DONE = object()


def _read_tables(conninfo: str, out: queue.Queue[Any]) -> None:
    """The reader thread: (table, names, rows) chunks of every synced table, then _DONE."""
    try:
        with psycopg.connect(conninfo) as pg:
            for table in synced_tables():
                names, query = _storage_sql(table.name)
                with pg.cursor(name=f"raw_{table.name}") as cursor:
                    cursor.execute(query)
                    while rows := cursor.fetchmany(_CHUNK):
                        out.put((table.name, names, rows))
        out.put(_DONE)
    except BaseException as error:  # handed to the writer, which raises it
        out.put(error)


def raw_copy(database_url: str, replica_dir: Path) -> tuple[int, float]:
    """Every synced row straight from PostgreSQL into an empty replica: the limit.

    Returns (rows, seconds); the replica is created before the clock starts.
    """
    replica = open_replica(replica_dir)
    conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    copied = 0
    try:
        began = time.perf_counter()
        chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
        reader = threading.Thread(target=_read_tables, args=(conninfo, chunks), daemon=True)
        reader.start()
        statements: dict[str, str] = {}
        with replica_transaction(replica.engine) as (_connection, driver):
            while (chunk := chunks.get()) is not _DONE:
                if isinstance(chunk, BaseException):
                    raise chunk
                name, names, rows = chunk
                sql = statements.get(name)
                if sql is None:
                    marks = ", ".join("?" * len(names))
                    sql = f'INSERT INTO "{name}" ({", ".join(names)}) VALUES ({marks})'
                    statements[name] = sql
                driver.executemany(sql, rows)
                copied += len(rows)
        seconds = time.perf_counter() - began
        reader.join()
    finally:
        replica.dispose()
    return copied, seconds


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


def initial_sync(
    base_url: str, replica_dir: Path, limit: int | None
) -> tuple[int, float, int, float]:
    """Returns (rows, seconds, pages, this process's CPU seconds)."""
    replica = open_replica(replica_dir)
    try:
        with SyncClient(base_url, admin_credentials(), "bench") as client:
            client.login()  # not part of the sync's throughput
            engine = (
                SyncEngine(replica.engine, client)
                if limit is None
                else SyncEngine(replica.engine, client, pull_limit=limit)
            )
            began, cpu = time.perf_counter(), time.process_time()
            report = engine.sync_once()
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        if not report.ok:
            raise SystemExit(f"sync failed: {report}")
        return report.pulled_rows, seconds, report.pull_pages, cpu
    finally:
        replica.dispose()


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--limit", type=int, default=None, help="rows per bucket and page (default: the engine's)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="syncs and raw copies, alternating")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER),
        help="a PostgreSQL server where this user may create databases",
    )
    args = parser.parse_args(argv)
    syncs: list[float] = []
    raws: list[float] = []
    rows = raw = pages = in_replica = 0
    with throwaway_database(args.server_url, "cmms_bench_initial") as url:
        began = time.perf_counter()
        loaded = load_plant(url, args.rows)
        print(f"loaded {loaded:,} rows into the server in {time.perf_counter() - began:.1f} s")
        with tempfile.TemporaryDirectory() as workdir, serve(url) as base:
            for run in range(args.repeat):
                sync_dir, raw_dir = Path(workdir) / f"sync{run}", Path(workdir) / f"raw{run}"
                rows, seconds, pages, cpu = initial_sync(base, sync_dir, args.limit)
                raw, raw_seconds = raw_copy(url, raw_dir)
                syncs.append(seconds)
                raws.append(raw_seconds)
                print(
                    f"  run {run + 1}: sync {rows / seconds:,.0f} rows/s ({seconds:.2f} s, "
                    f"client CPU {cpu:.2f} s), raw {raw / raw_seconds:,.0f} rows/s "
                    f"({raw_seconds:.2f} s), ratio {seconds / raw_seconds:.2f}x   {_load()}",
                    flush=True,
                )
            in_replica = replica_rows(Path(workdir) / "sync0")
    seconds, raw_seconds = _median(syncs), _median(raws)
    sync_rate, raw_rate = rows / seconds, raw / raw_seconds
    print(
        f"initial sync over HTTP : {rows:,} rows in {seconds:.2f} s ({pages} pages, median of "
        f"{len(syncs)}) = {sync_rate:,.0f} rows/s   (goal >= 50,000)"
    )
    print(f"raw PostgreSQL->SQLite : {raw:,} rows in {raw_seconds:.2f} s = {raw_rate:,.0f} rows/s")
    print(f"sync / raw time ratio  : {seconds / raw_seconds:.2f}x   (goal <= 2.5x)   {_load()}")
    print(f"replica holds {in_replica:,} synced rows (the server: {loaded:,} loaded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
