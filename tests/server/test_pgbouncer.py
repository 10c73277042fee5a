"""The service behind a PgBouncer in transaction mode, as on Neon's pooled endpoint.

PgBouncer gets ONE server connection (default_pool_size = 1) for many client
connections, so every transaction of every client runs on the same backend,
one after another. A server-side prepared statement (psycopg prepares a query
seen five times unless told not to) would collide across clients ("prepared
statement _pg3_0 already exists") or vanish between transactions; session
state set outside a transaction would leak into other clients.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, make_url

from cmms_core.protocol import GLOBAL_BUCKET, PROTOCOL_VERSION, SCHEMA_VERSION
from sync_server.config import Settings
from sync_server.db import engine_from_settings
from sync_server.main import create_app
from tests.server.conftest import PASSWORD, FakeClock, MadeUser, bearer, free_port

pytestmark = pytest.mark.postgres

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def _pgbouncer_command(ini: Path) -> list[str]:
    if not Path(PGBOUNCER).exists():
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer; scripts/bootstrap.sh)")
    command = [PGBOUNCER, str(ini)]
    if os.geteuid() == 0:
        # PgBouncer refuses to run as root: it reads its files, then becomes postgres
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user for pgbouncer -u")
        command[1:1] = ["-u", "postgres"]
    return command


def _pgbouncer_version() -> tuple[int, int]:
    output = subprocess.run(
        [PGBOUNCER, "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"PgBouncer (\d+)\.(\d+)", output)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


@pytest.fixture
def pgbouncer_url(server_db_url: str, tmp_path: Path) -> Iterator[str]:
    target = make_url(server_db_url)
    port = free_port()
    ini = tmp_path / "pgbouncer.ini"
    command = _pgbouncer_command(ini)  # skips when pgbouncer is missing
    (tmp_path / "userlist.txt").write_text(f'"{target.username}" ""\n')
    ini.write_text(
        "[databases]\n"
        f"cmms = host={target.host or '127.0.0.1'} port={target.port or 5432} "
        f"dbname={target.database} user={target.username}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {tmp_path / 'userlist.txt'}\n"
        "pool_mode = transaction\n"
        "default_pool_size = 1\n"
        "max_client_conn = 50\n"
        "server_reset_query =\n"
        # 1.21+ can track prepared statements itself; keep it off like Neon's
        # defaults used to be, so that the control test below stays meaningful
        + ("max_prepared_statements = 0\n" if _pgbouncer_version() >= (1, 21) else "")
    )
    log = (tmp_path / "pgbouncer.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"pgbouncer exited with {process.returncode}:\n"
                    + (tmp_path / "pgbouncer.log").read_text()
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("pgbouncer did not listen within 10 s")
                time.sleep(0.05)
        yield target.set(port=port, host="127.0.0.1", database="cmms").render_as_string(
            hide_password=False
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


PULL = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION, "cursors": {}, "limit": 100}


def test_auth_flows_through_pgbouncer_transaction_mode(
    pgbouncer_url: str,
    settings: Settings,
    clock: FakeClock,
    make_user: Callable[..., MadeUser],
    db: Engine,
) -> None:
    through_bouncer = settings.model_copy(
        update={"database_url": pgbouncer_url, "db_pool_size": 4, "db_max_overflow": 0}
    )
    engine = engine_from_settings(through_bouncer)
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.strip().upper())

    admin = make_user("admin@usine.fr", role="admin")
    users = [make_user(f"tech{i}@usine.fr") for i in range(4)]
    app = create_app(through_bouncer, clock=clock, engine=engine)
    try:
        with TestClient(app) as client:
            registered = client.post(
                "/auth/register",
                json={
                    "email": "new@usine.fr",
                    "full_name": "Nouveau",
                    "password": PASSWORD,
                    "role": "technician",
                },
            )
            assert registered.status_code == 202, registered.text
            admin_tokens = client.post(
                "/auth/login",
                json={"email": admin.email, "password": PASSWORD, "device_id": "office"},
            ).json()
            approved = client.post(
                f"/admin/users/{registered.json()['user_id']}/approve",
                headers=bearer(admin_tokens),
            )
            assert approved.status_code == 200, approved.text

            def session_of(user: MadeUser) -> None:
                # the same queries many times over (>5: psycopg's prepare threshold)
                for _ in range(3):
                    login = client.post(
                        "/auth/login",
                        json={"email": user.email, "password": PASSWORD, "device_id": "pc"},
                    )
                    assert login.status_code == 200, login.text
                    tokens = login.json()
                    for _ in range(2):
                        me = client.get("/auth/me", headers=bearer(tokens))
                        assert me.status_code == 200, me.text
                    for _ in range(3):  # read in a transaction, then from the cache in autocommit
                        pulled = client.post("/sync/pull", json=PULL, headers=bearer(tokens))
                        assert pulled.status_code == 200, pulled.text
                        assert list(pulled.json()["buckets"]) == [GLOBAL_BUCKET]
                    refreshed = client.post(
                        "/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
                    )
                    assert refreshed.status_code == 200, refreshed.text
                    wrong = client.post(
                        "/auth/login",
                        json={"email": user.email, "password": "wrong-pass-1", "device_id": "pc"},
                    )
                    assert wrong.status_code == 401

            # several client connections interleave on PgBouncer's single backend
            with ThreadPoolExecutor(max_workers=4) as pool:
                for future in [pool.submit(session_of, user) for user in users]:
                    future.result()
            health = client.get("/health")
            assert health.status_code == 200
    finally:
        engine.dispose()

    session_state = ("SET ", "PREPARE", "LISTEN", "DISCARD", "RESET", "DECLARE")
    assert [s for s in statements if s.startswith(session_state)] == []


def test_this_bouncer_does_catch_prepared_statements(pgbouncer_url: str) -> None:
    """The control experiment: psycopg's prepared statements do break on this
    PgBouncer, so the test above proves something."""
    dsn = make_url(pgbouncer_url).set(drivername="postgresql").render_as_string(False)
    for threshold, should_fail in ((0, True), (None, False)):
        first = psycopg.connect(dsn, prepare_threshold=threshold)
        second = psycopg.connect(dsn, prepare_threshold=threshold)
        try:
            if should_fail:
                with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
                    for value in range(3):
                        for connection in (first, second):
                            connection.execute("SELECT %s::int", (value,)).fetchone()
                            connection.commit()
            else:
                for value in range(10):
                    for connection in (first, second):
                        connection.execute("SELECT %s::int", (value,)).fetchone()
                        connection.commit()
        finally:
            first.close()
            second.close()
