"""The real thing: `cmms-server serve` as a process (uvicorn, the app factory,
settings from the environment, production mode), then a login round trip over
HTTP on loopback. (`create-admin` and `migrate` are run in test_migrations_and_cli.)"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import Engine

from tests.server.conftest import TEST_JWT_SECRET, MadeUser, free_port

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_env(db: Engine, server_db_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMMS_")}
    env.update(
        CMMS_ENVIRONMENT="production",
        CMMS_JWT_SECRET=TEST_JWT_SECRET,
        CMMS_DATABASE_URL=server_db_url,
        CMMS_BLOB_DIR=str(tmp_path / "blobs"),
    )
    return env


@pytest.fixture
def live_server(server_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
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
        env=server_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"cmms-server serve exited with {process.returncode}:\n{output}")
            try:
                if httpx2.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("cmms-server serve did not answer within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def test_login_round_trip_over_real_http(
    live_server: str, make_user: Callable[..., MadeUser]
) -> None:
    make_user("chef@usine.fr", role="admin", password="admin-pass-2026")
    with httpx2.Client(base_url=live_server, timeout=10) as http:
        answer = http.post(
            "/auth/login",
            json={"email": "chef@usine.fr", "password": "admin-pass-2026", "device_id": "pc-1"},
        )
        assert answer.status_code == 200, answer.text
        tokens = answer.json()
        assert tokens["user"]["role"] == "admin"
        me = http.get("/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert me.status_code == 200
        assert me.json()["email"] == "chef@usine.fr"
        refreshed = http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert refreshed.status_code == 200
        bad = http.post(
            "/auth/login",
            json={"email": "chef@usine.fr", "password": "wrong-pass-1", "device_id": "pc-1"},
        )
        assert bad.status_code == 401
        assert bad.headers["content-type"] == "application/json"
        assert (
            http.post(
                "/auth/logout", json={"refresh_token": refreshed.json()["refresh_token"]}
            ).status_code
            == 204
        )
