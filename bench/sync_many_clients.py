"""200 clients pulling incrementally at the same moment. Prints figures, asserts nothing.

    .venv/bin/python bench/sync_many_clients.py [--clients 200] [--rounds 5]
        [--servers 1] [--workers 1] [--pool 5]

A throw-away database (an admin, a site, 500 equipments), ``--servers``
``cmms-server serve`` processes on it (each with ``--workers`` uvicorn
workers and a pool of ``--pool`` + 5 database connections per worker, the
defaults being the service's), and ``--clients`` simulated clients, each with
its own login session and its own HTTP connection (httpx, asyncio), holding
the cursors of an up-to-date replica. Each round, one change is written on
the server (as a push would: one version), then every client pulls from its
cursors at once, as they would after the realtime news: one small page each.

Reported: the latency of each pull (p50, p95, max), the error count, the
pulls per second of the burst. Goal: p95 <= 250 ms with 200 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync_initial import (  # noqa: E402
    DEFAULT_SERVER,
    JWT_SECRET,
    free_port,
    throwaway_database,
)
from bench.sync_push import EMAIL, PASSWORD, seed  # noqa: E402
from cmms_core.mutations import MutationContext, run_mutation  # noqa: E402
from cmms_core.protocol import PROTOCOL_VERSION, SCHEMA_VERSION  # noqa: E402
from cmms_core.rules.permissions import Actor  # noqa: E402
from cmms_core.rules.roles import Role  # noqa: E402
from cmms_core.schema.people import users  # noqa: E402
from sync_server.sync.versions import next_version  # noqa: E402

GOAL_SECONDS = 0.250


@contextmanager
def serve(database_url: str, workers: int, pool: int) -> Iterator[str]:
    """``cmms-server serve`` as a process; killed at the end, whatever it is doing."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMMS_")}
    env |= {
        "CMMS_ENVIRONMENT": "test",
        "CMMS_DATABASE_URL": database_url,
        "CMMS_JWT_SECRET": JWT_SECRET,
        "CMMS_DB_POOL_SIZE": str(pool),
    }
    command = [sys.executable, "-m", "sync_server", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--log-level", "critical"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,  # an overloaded server logs every timeout: the figures tell
        stderr=subprocess.DEVNULL,
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
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still busy with the requests of a timed-out burst
            process.kill()
            process.wait()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class SimulatedClient:
    """One device: its session, its connection, its cursors."""

    def __init__(self, base_url: str, number: int) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=60)
        self.device = f"bench-{number}"
        self.headers: dict[str, str] = {}
        self.cursors: dict[str, int] = {}

    async def login(self) -> None:
        answer = await self.http.post(
            "/auth/login", json={"email": EMAIL, "password": PASSWORD, "device_id": self.device}
        )
        answer.raise_for_status()
        self.headers = {
            "Authorization": f"Bearer {answer.json()['access_token']}",
            "Content-Type": "application/json",
        }

    async def pull(self, limit: int = 5000) -> tuple[float, int]:
        """One pull from the cursors (every page); (seconds, rows)."""
        began = time.perf_counter()
        rows = 0
        while True:
            body = {
                "protocol": PROTOCOL_VERSION,
                "schema": SCHEMA_VERSION,
                "cursors": self.cursors,
                "limit": limit,
            }
            answer = await self.http.post(
                "/sync/pull", content=orjson.dumps(body), headers=self.headers
            )
            answer.raise_for_status()
            buckets: dict[str, Any] = orjson.loads(answer.content)["buckets"]
            for key, page in buckets.items():
                self.cursors[key] = page["cursor"]
                rows += sum(len(t["rows"]) for t in page["tables"].values())
            if not any(page["more"] for page in buckets.values()):
                return time.perf_counter() - began, rows

    async def close(self) -> None:
        await self.http.aclose()


def change_on_server(
    database_url: str, admin_id: uuid.UUID, equipment_id: uuid.UUID, n: int
) -> None:
    """One equipment.update with one version, as the push would write it."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            ctx = MutationContext(
                conn=connection,
                actor=Actor(admin_id, Role.ADMIN, None),
                now=datetime.now(UTC),
                device_id="bench",
                offline=False,
                version=next_version(connection),
            )
            run_mutation(
                ctx, "equipment.update", {"id": equipment_id, "fields": {"location": f"Hall {n}"}}
            )
    finally:
        engine.dispose()


def admin_of(database_url: str) -> uuid.UUID:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return uuid.UUID(
                str(
                    connection.execute(
                        select(users.c.id).where(users.c.email == EMAIL)
                    ).scalar_one()
                )
            )
    finally:
        engine.dispose()


async def run(
    database_url: str,
    servers: list[str],
    clients_count: int,
    rounds: int,
    equipment_ids: list[uuid.UUID],
) -> tuple[list[float], int, list[float]]:
    clients = [SimulatedClient(servers[n % len(servers)], n) for n in range(clients_count)]
    latencies: list[float] = []
    bursts: list[float] = []
    errors = 0
    try:
        for start in range(0, clients_count, 20):  # log in a few at a time
            await asyncio.gather(*(c.login() for c in clients[start : start + 20]))
        # every client up to date (the initial pull is not what is measured)
        await clients[0].pull()
        for client in clients[1:]:
            client.cursors = dict(clients[0].cursors)
        admin_id = admin_of(database_url)
        for n in range(rounds):
            await asyncio.to_thread(change_on_server, database_url, admin_id, equipment_ids[n], n)
            began = time.perf_counter()
            answers = await asyncio.gather(*(c.pull() for c in clients), return_exceptions=True)
            bursts.append(time.perf_counter() - began)
            kinds: Counter[str] = Counter()
            for answer in answers:
                if isinstance(answer, BaseException):
                    errors += 1
                    kinds[type(answer).__name__] += 1
                else:
                    seconds, rows = answer
                    latencies.append(seconds)
                    if rows < 1:
                        errors += 1  # the change did not arrive
                        kinds["change missing"] += 1
            if kinds:
                print(f"  round {n}: errors {dict(kinds)}", file=sys.stderr)
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    return latencies, errors, bursts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--servers", type=int, default=1, help="server processes (round robin)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per server")
    parser.add_argument("--pool", type=int, default=5, help="CMMS_DB_POOL_SIZE")
    parser.add_argument(
        "--server-url", default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER)
    )
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_database(args.server_url, "cmms_bench_clients"))
        _site, _type, equipment_ids = seed(url)
        servers = [
            stack.enter_context(serve(url, args.workers, args.pool)) for _ in range(args.servers)
        ]
        latencies, errors, bursts = asyncio.run(
            run(url, servers, args.clients, args.rounds, equipment_ids)
        )
        return report(args, latencies, errors, bursts)


def report(
    args: argparse.Namespace, latencies: list[float], errors: int, bursts: list[float]
) -> int:
    if not latencies:
        print(f"no pull succeeded ({errors} errors)")
        return 1
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    burst = sum(bursts) / len(bursts)
    print(
        f"{args.clients} clients x {args.rounds} rounds on {args.servers} server(s) x "
        f"{args.workers} worker(s), pool {args.pool}+5: "
        f"{len(latencies)} pulls, {errors} errors"
    )
    print(
        f"pull latency : p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
        f"max {max(latencies) * 1000:6.1f} ms"
    )
    rate = args.clients / burst
    print(f"burst        : {args.clients} pulls in {burst * 1000:.0f} ms = {rate:,.0f} pulls/s")
    ratio = p95 / GOAL_SECONDS
    print(f"goal         : p95 <= {GOAL_SECONDS * 1000:.0f} ms -> {ratio:.2f}x the goal")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
