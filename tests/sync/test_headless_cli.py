"""``cmms-desktop --data-dir DIR sync --server URL``: one sync cycle without a window.

Run as a separate process like a scheduled task would, against the real
service on loopback; the credential-store path runs in this process (the
OS keyring is replaced by an in-memory one, the one allowed stand-in).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from sqlalchemy import func, select

from cmms_core.schema.assets import equipments
from cmms_core.schema.people import users
from cmms_desktop.__main__ import main
from cmms_desktop.store import open_replica
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.store.meta import device_id, set_meta
from cmms_desktop.sync.credentials import (
    SERVER_EMAIL_META_KEY,
    ServerAccount,
    TokenStore,
    keyring_service,
)
from tests.server.conftest import free_port
from tests.sync.conftest import PASSWORD, Device, Plant
from tests.ui.test_credentials import MemoryKeyring


def _run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CMMS_SYNC_")}
    return subprocess.run(
        [sys.executable, "-m", "cmms_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
        check=False,
    )


def _count(data_dir: Path, table: object) -> int:
    replica = open_replica(data_dir)
    try:
        with replica.engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]
            )
    finally:
        replica.dispose()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_sync_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CMMS_SYNC_EMAIL", "CMMS_SYNC_PASSWORD", "CMMS_SYNC_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_sync_command_pulls_and_pushes(live_server: str, plant: Plant, tmp_path: Path) -> None:
    plant.equipment(plant.site_a, "P-100")
    data = tmp_path / "data"
    env = {"CMMS_SYNC_EMAIL": plant.supervisor.email, "CMMS_SYNC_PASSWORD": PASSWORD}
    done = _run("--data-dir", data, "sync", "--server", live_server, env=env)
    assert done.returncode == 0, done.stderr
    assert "sync ok" in done.stdout
    assert _count(data, users) == 4
    assert _count(data, equipments) == 1

    # a local change goes up on the next run
    replica = open_replica(data)
    try:
        dev = Device("cli", replica, plant.supervisor, live_server)
        dev.write(
            "equipment.create",
            {
                "id": uuid.uuid4(),
                "site_id": plant.site_a,
                "code": "P-200",
                "name": "Pompe 200",
                "type_id": plant.equipment_type,
            },
        )
    finally:
        replica.dispose()
    assert _count(data, outbox) == 1
    done = _run("--data-dir", data, "sync", "--server", live_server, env=env)
    assert done.returncode == 0, done.stderr
    assert _count(data, outbox) == 0
    with plant.db.connect() as connection:
        codes = set(connection.execute(select(equipments.c.code)).scalars())
    assert codes == {"P-100", "P-200"}


def test_an_unreachable_server_fails_clearly_and_keeps_everything(
    plant: Plant, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = {"CMMS_SYNC_EMAIL": plant.supervisor.email, "CMMS_SYNC_PASSWORD": PASSWORD}
    done = _run("--data-dir", data, "sync", "--server", f"http://127.0.0.1:{free_port()}", env=env)
    assert done.returncode == 2  # offline: run it again later
    assert "cannot be reached" in done.stderr
    assert done.stdout == ""


def test_a_malformed_server_address_is_a_usage_error(tmp_path: Path) -> None:
    done = _run("--data-dir", tmp_path / "data", "sync", "--server", "sync.example.com", env={})
    assert done.returncode == 2
    assert "not a server address" in done.stderr


def test_no_credentials_anywhere_says_what_to_do(tmp_path: Path) -> None:
    done = _run(
        "--data-dir",
        tmp_path / "data",
        "sync",
        "--server",
        "http://127.0.0.1:9",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert done.returncode == 3
    assert "CMMS_SYNC_EMAIL" in done.stderr and "CMMS_SYNC_PASSWORD" in done.stderr


def test_the_session_kept_in_the_credential_store_is_used(
    live_server: str,
    plant: Plant,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    no_sync_env: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    replica = open_replica(data)
    try:
        # what the application's "Synchronisation server…" dialog leaves behind
        ServerAccount(
            live_server, plant.technician.email, device_id(replica.engine), TokenStore()
        ).login(PASSWORD)
        set_meta(replica.engine, SERVER_EMAIL_META_KEY, plant.technician.email)
    finally:
        replica.dispose()
    key = (keyring_service(live_server), plant.technician.email)
    before = memory_keyring.passwords[key]

    assert main(["--data-dir", str(data), "sync", "--server", live_server]) == 0
    assert "sync ok" in capsys.readouterr().out
    assert _count(data, users) == 4
    after = memory_keyring.passwords[key]
    assert after != before  # the refresh rotated it, and the new one was kept
    assert main(["--data-dir", str(data), "sync", "--server", live_server]) == 0
    assert memory_keyring.passwords[key] != after  # the successor was used: no retry grace

    # a stored session that the server ended: the password is needed, said clearly
    memory_keyring.passwords[key] = before
    assert main(["--data-dir", str(data), "sync", "--server", live_server]) == 3
    err = capsys.readouterr().err
    assert "no session for tom@usine.fr" in err
    assert key not in memory_keyring.passwords


def test_without_a_credential_store_the_command_says_so(
    live_server: str, tmp_path: Path, no_sync_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        code = main(
            [
                "--data-dir",
                str(tmp_path / "d"),
                "sync",
                "--server",
                live_server,
                "--email",
                "x@y.fr",
            ]
        )
    finally:
        keyring.set_keyring(previous)
    assert code == 3
    assert "no secure credential store" in capsys.readouterr().err
