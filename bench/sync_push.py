"""Pushing 1,000 offline mutations through the real service. Prints figures, asserts nothing.

    .venv/bin/python bench/sync_push.py [--mutations 1000] [--server-url postgresql+psycopg://...]

A throw-away database with an admin, a site and 500 equipments; ``cmms-server
serve`` in its own process; a replica that pulled them, then wrote
``--mutations`` commands offline (half equipment.create, half
equipment.update). Timed: the push of the whole outbox (pages of 500: each
mutation in its savepoint, its versions, its decision recorded), then the
pull that follows. Goal: the push of 1,000 mutations <= 1 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync_initial import DEFAULT_SERVER, cheap_hash, serve, throwaway_database  # noqa: E402
from cmms_core.mutations import MutationContext, run_mutation  # noqa: E402
from cmms_core.protocol import PushResponse  # noqa: E402
from cmms_core.rules.permissions import Actor  # noqa: E402
from cmms_core.rules.roles import Role  # noqa: E402
from cmms_desktop.store import open_replica  # noqa: E402
from cmms_desktop.store.auth import OfflineAuth  # noqa: E402
from cmms_desktop.store.meta import device_id  # noqa: E402
from cmms_desktop.store.writer import LocalWriter  # noqa: E402
from cmms_desktop.sync import Credentials, SyncClient, SyncEngine  # noqa: E402
from cmms_desktop.sync import engine as sync_engine  # noqa: E402
from sync_server.sync.versions import next_version  # noqa: E402

EMAIL, PASSWORD = "chef@usine.fr", "Bench-pass-2026"
EQUIPMENTS = 500


def seed(database_url: str) -> tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    engine = create_engine(database_url, poolclass=NullPool)
    admin_id, site_id, type_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    actor = Actor(admin_id, Role.ADMIN, None)
    equipment_ids = [uuid.uuid4() for _ in range(EQUIPMENTS)]
    commands: list[tuple[Actor | None, str, dict[str, Any]]] = [
        (
            None,
            "user.create_first_admin",
            {
                "id": admin_id,
                "email": EMAIL,
                "full_name": "Chef",
                "password_hash": cheap_hash(PASSWORD),
                "role": "admin",
            },
        ),
        (actor, "site.create", {"id": site_id, "code": "A", "name": "Lyon"}),
        (actor, "equipment_type.create", {"id": type_id, "code": "PMP", "name": "Pompe"}),
    ]
    commands += [
        (
            actor,
            "equipment.create",
            {
                "id": e,
                "site_id": site_id,
                "code": f"E-{n}",
                "name": f"Machine {n}",
                "type_id": type_id,
            },
        )
        for n, e in enumerate(equipment_ids)
    ]
    try:
        with engine.begin() as connection:
            for who, name, payload in commands:
                ctx = MutationContext(
                    conn=connection,
                    actor=who,
                    now=datetime.now(UTC),
                    device_id="seed",
                    offline=False,
                    version=next_version(connection),
                )
                run_mutation(ctx, name, payload)
    finally:
        engine.dispose()
    return site_id, type_id, equipment_ids


@contextmanager
def _split() -> Iterator[dict[str, float]]:
    """Seconds spent in the push's HTTP calls (of which the client's own JSON and
    model work) and in recording the answers, the rest being the outbox read."""
    spent = {"http": 0.0, "codec": 0.0, "ack": 0.0}
    push, record = SyncClient.push, getattr(sync_engine, "record_push_answer")  # noqa: B009

    def timed(key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - began

        return run

    def timed_push(client: SyncClient, request: Any) -> Any:
        began = time.perf_counter()
        body = orjson.dumps(request.model_dump(mode="json", by_alias=True))
        spent["codec"] += time.perf_counter() - began
        response = client._authorized("POST", "/sync/push", body)
        began = time.perf_counter()
        answer = PushResponse.model_validate(orjson.loads(response.content))
        spent["codec"] += time.perf_counter() - began
        return answer

    SyncClient.push = timed("http", timed_push)  # type: ignore[method-assign]
    setattr(sync_engine, "record_push_answer", timed("ack", record))  # noqa: B010
    try:
        yield spent
    finally:
        SyncClient.push = push  # type: ignore[method-assign]
        setattr(sync_engine, "record_push_answer", record)  # noqa: B010


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mutations", type=int, default=1000)
    parser.add_argument(
        "--server-url", default=os.environ.get("CMMS_TEST_DATABASE_URL", DEFAULT_SERVER)
    )
    args = parser.parse_args(argv)
    with throwaway_database(args.server_url, "cmms_bench_push") as url:
        site_id, type_id, equipment_ids = seed(url)
        with tempfile.TemporaryDirectory() as workdir, serve(url) as base:
            replica = open_replica(Path(workdir))
            device = device_id(replica.engine)
            credentials = Credentials(EMAIL, PASSWORD)
            try:
                with SyncClient(base, credentials, device) as client:
                    assert SyncEngine(replica.engine, client).sync_once().ok
                actor = OfflineAuth(replica.engine, device).login(EMAIL, PASSWORD).actor
                writer = LocalWriter(replica.engine, device)
                began = time.perf_counter()
                for n in range(args.mutations):
                    if n % 2:
                        writer.execute(
                            actor,
                            "equipment.update",
                            {
                                "id": str(equipment_ids[n % EQUIPMENTS]),
                                "fields": {"location": f"Hall {n}"},
                            },
                        )
                    else:
                        writer.execute(
                            actor,
                            "equipment.create",
                            {
                                "id": str(uuid.uuid4()),
                                "site_id": str(site_id),
                                "code": f"NEW-{n}",
                                "name": f"Nouvelle {n}",
                                "type_id": str(type_id),
                            },
                        )
                written = time.perf_counter() - began
                marks: dict[str, float] = {}

                def mark(step: str) -> None:
                    marks.setdefault(step, time.perf_counter())

                with SyncClient(base, credentials, device) as client, _split() as split:
                    client.login()
                    gc.freeze()  # as the desktop app does once started (cmms_desktop/app.py)
                    began = time.perf_counter()
                    report = SyncEngine(replica.engine, client, checkpoint=mark).sync_once()
                    total = time.perf_counter() - began
            finally:
                replica.dispose()
    push = marks["pushed"] - began
    print(f"{args.mutations:,} mutations written offline in {written:.2f} s")
    print(
        f"push   : {report.pushed:,} mutations ({report.applied:,} applied, "
        f"{report.rejected} rejected) in {push:.2f} s = {report.pushed / push:,.0f}/s   "
        f"(goal: 1,000 in <= 1 s)"
    )
    http, ack = split["http"], split["ack"]
    print(
        f"  split: outbox read and requests built {push - http - ack:.2f} s, "
        f"HTTP {http:.2f} s (client encoding and decoding {split['codec']:.2f} s), "
        f"acknowledgement {ack:.2f} s"
    )
    print(f"pull   : {report.pulled_rows:,} rows in {total - push:.2f} s")
    print(f"cycle  : {total:.2f} s")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
