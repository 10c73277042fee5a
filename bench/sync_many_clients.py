"""200 clients pulling incrementally at the same moment. Prints figures, asserts nothing.

    .venv/bin/python bench/sync_many_clients.py [--clients 200] [--rounds 5]
        [--servers 1] [--workers 1] [--pool 5] [--keepalive 5] [--in-process] [--httpx]

A throw-away database (an admin, a site, 500 equipments), ``--servers``
``cmms-server serve`` processes on it (each with ``--workers`` uvicorn
workers and a pool of ``--pool`` + 5 database connections per worker, the
defaults being the service's), and ``--clients`` simulated clients, each with
its own login session and its own HTTP connection (httpx, asyncio), holding
the cursors of an up-to-date replica. Each round, one change is written on
the server (as a push would: one version), then every client pulls from its
cursors at once, as they would after the realtime news: one small page each.

The clients run in a process of their own (``--in-process``: in this one),
and send the measured pulls over bare HTTP/1.1 keep-alive connections
(``--httpx``: with httpx, a few milliseconds of CPU per request), so that
the figures tell about the service: on a small machine the clients, the
service and PostgreSQL share the same cores. The CPU time each used during
the bursts is read from /proc (Linux; PostgreSQL's is that of the backends
serving the bench's database, those that ended during a burst not counted).

Reported: the latency of each pull (p50, p95, max), the error count, the
pulls per second of the burst, the CPU seconds per burst of the clients, the
service and PostgreSQL, and the load average. Goal: p95 <= 250 ms with 200
clients. Then the floor: the same bursts of ``GET /health`` (a pool
connection on a worker thread and ``SELECT 1``, nothing of a pull), to tell
what the machine gives any database route of this service.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import create_engine, make_url, select
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


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int


@contextmanager
def serve(database_url: str, workers: int, pool: int) -> Iterator[Server]:
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
        yield Server(base, process.pid)
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


# ---------------------------------------------------------------- CPU from /proc

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds: user + system) of a process, None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def cpu_snapshot(server_pids: list[int], database: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the service's processes and of the database's backends."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    backends: set[int] = set()
    marker = f" {database} ".encode()
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        found = _stat(pid)
        if found is None:
            continue
        parents[pid], cpu[pid] = found
        try:
            if marker in (entry / "cmdline").read_bytes():  # "postgres: user db host(port) ..."
                backends.add(pid)
        except OSError:
            continue
    service: set[int] = set(server_pids)
    grew = True
    while grew:  # uvicorn workers are children of the server process
        grown = {pid for pid, parent in parents.items() if parent in service} - service
        grew = bool(grown)
        service |= grown
    return {
        "service": {pid: cpu[pid] for pid in service if pid in cpu},
        "postgres": {pid: cpu[pid] for pid in backends},
    }


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two snapshots (processes that ended meanwhile are lost)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# ---------------------------------------------------------------- the clients


class SimulatedClient:
    """One device: its session, its connection, its cursors."""

    def __init__(self, base_url: str, number: int, keepalive: float) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=60, limits=httpx.Limits(keepalive_expiry=keepalive)
        )
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
            content = await self.post_pull(orjson.dumps(body))
            buckets: dict[str, Any] = orjson.loads(content)["buckets"]
            for key, page in buckets.items():
                self.cursors[key] = page["cursor"]
                rows += sum(len(t["rows"]) for t in page["tables"].values())
            if not any(page["more"] for page in buckets.values()):
                return time.perf_counter() - began, rows

    async def post_pull(self, body: bytes) -> bytes:
        answer = await self.http.post("/sync/pull", content=body, headers=self.headers)
        answer.raise_for_status()
        return answer.content

    async def close(self) -> None:
        await self.http.aclose()


class LeanClient(SimulatedClient):
    """The same device, its pulls sent over a bare HTTP/1.1 keep-alive connection.

    httpx costs the bench's process a few milliseconds of CPU per request: with
    200 clients on the machine that serves them, the clients' own CPU becomes a
    large share of what is measured. This sends the same bytes with asyncio
    streams (the login and the initial pull still go through httpx), keeps an
    idle connection ``keepalive`` seconds as httpx does, and counts any answer
    but a 200 as an error.
    """

    def __init__(self, base_url: str, number: int, keepalive: float) -> None:
        super().__init__(base_url, number, keepalive)
        address = httpx.URL(base_url)
        self.host, self.port = address.host, address.port or 80
        self.keepalive = keepalive
        self.stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.idle_since = 0.0

    async def post_pull(self, body: bytes) -> bytes:
        head = (
            f"POST /sync/pull HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: {self.headers['Authorization']}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return await self._exchange(head.encode() + body)

    async def health(self) -> float:
        """One GET /health (the floor: a pool connection on a worker thread, SELECT 1)."""
        began = time.perf_counter()
        await self._exchange(
            f"GET /health HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
        )
        return time.perf_counter() - began

    async def _exchange(self, request: bytes) -> bytes:
        if self.stream is not None and time.monotonic() - self.idle_since > self.keepalive:
            await self._drop()
        if self.stream is None:
            self.stream = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.stream
        writer.write(request)
        try:
            status_and_headers = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            await self._drop()
            raise ConnectionError("the server closed the connection") from error
        lines = status_and_headers.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        content = await reader.readexactly(int(fields["content-length"]))
        if fields.get("connection", "").lower() == "close":
            await self._drop()
        self.idle_since = time.monotonic()
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {content[:200]!r}")
        return content

    async def _drop(self) -> None:
        if self.stream is not None:
            self.stream[1].close()
            self.stream = None

    async def close(self) -> None:
        await self._drop()
        await super().close()


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


@dataclass(frozen=True)
class Plan:
    """What the clients' process is asked to do (picklable)."""

    database_url: str
    servers: list[Server]
    clients: int
    rounds: int
    equipment_ids: list[uuid.UUID]
    keepalive: float
    lean: bool


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    bursts: list[float] = field(default_factory=list)
    client_cpu: list[float] = field(default_factory=list)  # seconds per burst
    service_cpu: list[float] = field(default_factory=list)
    postgres_cpu: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)  # GET /health latencies, same bursts


async def run(plan: Plan) -> Outcome:
    servers = plan.servers
    kind = LeanClient if plan.lean else SimulatedClient
    clients = [
        kind(servers[n % len(servers)].base_url, n, plan.keepalive) for n in range(plan.clients)
    ]
    outcome = Outcome()
    database = make_url(plan.database_url).database or ""
    pids = [server.pid for server in servers]
    try:
        for start in range(0, plan.clients, 20):  # log in a few at a time
            await asyncio.gather(*(c.login() for c in clients[start : start + 20]))
        # every client up to date (the initial pull is not what is measured)
        await clients[0].pull()
        for client in clients[1:]:
            client.cursors = dict(clients[0].cursors)
        admin_id = admin_of(plan.database_url)
        for n in range(plan.rounds):
            await asyncio.to_thread(
                change_on_server, plan.database_url, admin_id, plan.equipment_ids[n], n
            )
            cpu_before = cpu_snapshot(pids, database)
            own_before = time.process_time()
            began = time.perf_counter()
            answers = await asyncio.gather(*(c.pull() for c in clients), return_exceptions=True)
            outcome.bursts.append(time.perf_counter() - began)
            outcome.client_cpu.append(time.process_time() - own_before)
            cpu_after = cpu_snapshot(pids, database)
            outcome.service_cpu.append(cpu_used(cpu_before["service"], cpu_after["service"]))
            outcome.postgres_cpu.append(cpu_used(cpu_before["postgres"], cpu_after["postgres"]))
            kinds: Counter[str] = Counter()
            for answer in answers:
                if isinstance(answer, BaseException):
                    kinds[type(answer).__name__] += 1
                else:
                    seconds, rows = answer
                    outcome.latencies.append(seconds)
                    if rows < 1:
                        kinds["change missing"] += 1  # the change did not arrive
            if kinds:
                print(f"  round {n}: errors {dict(kinds)}", file=sys.stderr)
            outcome.errors.update(kinds)
        lean = [c for c in clients if isinstance(c, LeanClient)]
        for _ in range(plan.rounds if lean else 0):
            outcome.floor += await asyncio.gather(*(c.health() for c in lean))
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    return outcome


def run_clients(plan: Plan) -> Outcome:
    """The clients' process: its own event loop."""
    return asyncio.run(run(plan))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--servers", type=int, default=1, help="server processes (round robin)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per server")
    parser.add_argument("--pool", type=int, default=5, help="CMMS_DB_POOL_SIZE")
    parser.add_argument(
        "--keepalive",
        type=float,
        default=5.0,
        help="seconds the clients keep an idle connection (httpx's default, as the desktop's)",
    )
    parser.add_argument("--in-process", action="store_true", help="run the clients in this process")
    parser.add_argument(
        "--httpx",
        action="store_true",
        help="send the measured pulls with httpx too (default: bare HTTP/1.1, see LeanClient)",
    )
    parser.add_argument(
        "--server-url", default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER)
    )
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_database(args.server_url, "cmms_bench_clients"))
        _site, _type, equipment_ids = seed(url)
        servers = [
            stack.enter_context(serve(url, args.workers, args.pool)) for _ in range(args.servers)
        ]
        plan = Plan(
            url, servers, args.clients, args.rounds, equipment_ids, args.keepalive, not args.httpx
        )
        if args.in_process:
            outcome = run_clients(plan)
        else:
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
                outcome = pool.submit(run_clients, plan).result()
        return report(args, outcome, load_before, os.getloadavg())


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def report(
    args: argparse.Namespace,
    outcome: Outcome,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> int:
    latencies, errors = outcome.latencies, sum(outcome.errors.values())
    if not latencies:
        print(f"no pull succeeded ({errors} errors)")
        return 1
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    burst = _median(outcome.bursts)
    where = "in the bench's process" if args.in_process else "in a process of their own"
    where += ", httpx" if args.httpx else ", bare HTTP/1.1"
    print(
        f"{args.clients} clients ({where}) x {args.rounds} rounds on {args.servers} server(s) x "
        f"{args.workers} worker(s), pool {args.pool}+5: "
        f"{len(latencies)} pulls, {errors} errors {dict(outcome.errors) if errors else ''}"
    )
    print(
        f"pull latency : p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
        f"max {max(latencies) * 1000:6.1f} ms"
    )
    rate = args.clients / burst
    print(
        f"burst        : {args.clients} pulls in {burst * 1000:.0f} ms (median) = "
        f"{rate:,.0f} pulls/s"
    )
    cpus = {
        "clients": _median(outcome.client_cpu),
        "service": _median(outcome.service_cpu),
        "postgres": _median(outcome.postgres_cpu),
    }
    spent = "   ".join(f"{name} {seconds * 1000:5.0f} ms" for name, seconds in cpus.items())
    cores = os.cpu_count() or 1
    print(
        f"CPU per burst: {spent}   (median; {cores} cores x {burst * 1000:.0f} ms = "
        f"{cores * burst * 1000:.0f} ms available)"
    )
    print(
        f"load average : {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        "(1 min; other work on the machine shares the cores)"
    )
    if outcome.floor:
        floor_p50, floor_p95 = percentile(outcome.floor, 0.5), percentile(outcome.floor, 0.95)
        print(
            f"floor        : the same bursts of GET /health (a pool connection on a worker "
            f"thread, SELECT 1): p50 {floor_p50 * 1000:.1f} ms   p95 {floor_p95 * 1000:.1f} ms"
        )
    ratio = p95 / GOAL_SECONDS
    print(f"goal         : p95 <= {GOAL_SECONDS * 1000:.0f} ms -> {ratio:.2f}x the goal")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
