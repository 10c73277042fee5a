"""A change on client A visible on online client B, through the real services. Prints figures.

    .venv/bin/python bench/sync_realtime.py [--changes 50] [--servers 2] [--server-url ...]

A throw-away database (an admin, a site, 500 equipments); ``--servers``
``cmms-server serve`` processes on it (A talks to the first, B to the last:
with two, the news crosses processes through PostgreSQL LISTEN/NOTIFY); two
replicas of the admin account, both synced. B keeps the realtime WebSocket
open (``RealtimeListener``) and, like the desktop, syncs when news arrives.

For each change: A writes an ``equipment.update`` locally and syncs; the
latency runs from the start of A's sync to the moment B's replica holds the
new value (A's push, the NOTIFY on commit, the socket message, B's pull).
Also shown: when the news reached B. Goal: p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from sqlalchemy import Engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync_initial import DEFAULT_SERVER, serve, throwaway_database  # noqa: E402
from bench.sync_push import EMAIL, PASSWORD, seed  # noqa: E402
from cmms_core.schema.assets import equipments  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.store.auth import OfflineAuth  # noqa: E402
from cmms_desktop.store.meta import device_id  # noqa: E402
from cmms_desktop.store.writer import LocalWriter  # noqa: E402
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine  # noqa: E402
from cmms_desktop.sync.realtime import RealtimeListener  # noqa: E402

GOAL_SECONDS = 1.0
WAIT_SECONDS = 10.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def name_of(engine: Engine, equipment_id: uuid.UUID) -> str | None:
    with engine.connect() as connection:
        query = select(equipments.c.name).where(equipments.c.id == equipment_id)
        value: str | None = connection.execute(query).scalar_one_or_none()
        return value


class OnlineClient:
    """Replica B: syncs whenever the realtime socket brings news (as the desktop does)."""

    def __init__(self, engine: Engine, base_url: str, device: str) -> None:
        self.engine = engine
        self.client = SyncClient(base_url, Credentials(EMAIL, PASSWORD), device)
        self.news_at: queue.Queue[float] = queue.Queue()
        self.synced: queue.Queue[float] = queue.Queue()
        self._nudge = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="client-b", daemon=True)

    def on_news(self, _buckets: list[str]) -> None:
        self.news_at.put(time.perf_counter())
        self._nudge.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._nudge.set()
        self._thread.join(10)
        self.client.close()

    def _run(self) -> None:
        while True:
            self._nudge.wait()
            self._nudge.clear()
            if self._stop.is_set():
                return
            report = SyncEngine(self.engine, self.client).sync_once()
            if not report.ok:
                print(f"  B's sync: {report.status} {report.message}", file=sys.stderr)
            self.synced.put(time.perf_counter())


def token_for(base_url: str) -> str:
    answer = httpx.post(
        f"{base_url}/auth/login",
        json={"email": EMAIL, "password": PASSWORD, "device_id": "bench-realtime"},
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--servers", type=int, choices=(1, 2), default=2)
    parser.add_argument(
        "--server-url", default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER)
    )
    args = parser.parse_args(argv)
    latencies: list[float] = []
    news_delays: list[float] = []
    missed = 0
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_database(args.server_url, "cmms_bench_realtime"))
        _site, _type, equipment_ids = seed(url)
        servers = [stack.enter_context(serve(url)) for _ in range(args.servers)]
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        replica_a = open_replica(workdir / "a")
        stack.callback(replica_a.dispose)
        replica_b = open_replica(workdir / "b")
        stack.callback(replica_b.dispose)
        device_a, device_b = device_id(replica_a.engine), device_id(replica_b.engine)
        client_a = stack.enter_context(
            SyncClient(servers[0], Credentials(EMAIL, PASSWORD), device_a)
        )
        engine_a = SyncEngine(replica_a.engine, client_a)
        assert engine_a.sync_once().ok
        b = OnlineClient(replica_b.engine, servers[-1], device_b)
        assert SyncEngine(replica_b.engine, b.client).sync_once().ok
        b.start()
        stack.callback(b.stop)
        listener = RealtimeListener(
            servers[-1], lambda: token_for(servers[-1]), b.on_news, notify_on_connect=False
        )
        listener.start()
        stack.callback(listener.stop)
        if not listener.wait_connected(WAIT_SECONDS):
            raise SystemExit(f"the realtime socket did not connect ({listener.state})")

        actor = OfflineAuth(replica_a.engine, device_a).login(EMAIL, PASSWORD).actor
        writer = LocalWriter(replica_a.engine, device_a)
        for n in range(args.changes):
            target = equipment_ids[n % len(equipment_ids)]
            value = f"Machine modifiée {n}"
            writer.execute(
                actor, "equipment.update", {"id": str(target), "fields": {"name": value}}
            )
            began = time.perf_counter()
            assert engine_a.sync_once().ok
            try:
                news_delays.append(b.news_at.get(timeout=WAIT_SECONDS) - began)
                while True:
                    synced = b.synced.get(timeout=WAIT_SECONDS)
                    if name_of(replica_b.engine, target) == value:
                        latencies.append(synced - began)
                        break
            except queue.Empty:
                missed += 1
            while not b.news_at.empty():  # a late duplicate must not count for the next one
                b.news_at.get_nowait()
            time.sleep(0.05)  # changes a moment apart, not a burst

    if not latencies:
        print("no change reached B")
        return 1
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(
        f"{len(latencies)} changes through {args.servers} server process(es), "
        f"{missed} not seen within {WAIT_SECONDS:.0f} s"
    )
    print(
        f"news reached B   : p50 {percentile(news_delays, 0.5) * 1000:6.1f} ms   "
        f"p95 {percentile(news_delays, 0.95) * 1000:6.1f} ms   (from the start of A's sync)"
    )
    print(
        f"row visible on B : p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
        f"max {max(latencies) * 1000:6.1f} ms   mean {statistics.fmean(latencies) * 1000:.1f} ms"
    )
    ratio = p95 / GOAL_SECONDS
    print(f"goal             : p95 <= {GOAL_SECONDS * 1000:.0f} ms -> {ratio:.2f}x the goal")
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
