"""The ``cmms-desktop`` command, run as a separate process like a user (or a script) would."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from cmms_core.passwords import hash_password
from cmms_desktop.app import build_services
from cmms_desktop.store.meta import set_meta
from cmms_desktop.store.replica import REPLICA_FILENAME

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "cmms_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


def _with_admin(data_dir: Path) -> None:
    services = build_services(data_dir)
    try:
        services.writer.execute(
            None,
            "user.create_first_admin",
            {
                "id": "0b5e5a8e-7c1f-4a53-9a49-3f4ed1d1a001",
                "email": "alice.admin@acme-industrie.fr",
                "full_name": "Alice Admin",
                "password_hash": hash_password("Admin-2026!"),
                "role": "admin",
            },
        )
    finally:
        services.replica.dispose()


@pytest.mark.parametrize("page", ["login", "first-run", "register"])
def test_screenshot_of_a_welcome_page(tmp_path: Path, page: str) -> None:
    out = tmp_path / "shots" / f"{page}.png"
    result = _run("--data-dir", tmp_path / "data", "--screenshot", out, "--page", page)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 5_000
    if page == "register":
        assert _png_size(out)[0] >= 400  # the dialog itself
    else:
        assert _png_size(out) == (1280, 800)


def test_screenshot_of_the_users_page_logs_in_as_the_first_admin(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _with_admin(data_dir)
    out = tmp_path / "users.png"
    result = _run("--data-dir", data_dir, "--lang", "en", "--screenshot", out, "--page", "users")
    assert result.returncode == 0, result.stderr
    assert _png_size(out) == (1280, 800)
    assert out.stat().st_size > 10_000


def test_screenshot_errors_are_explained(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    out = tmp_path / "x.png"
    nobody = _run("--data-dir", data_dir, "--screenshot", out, "--page", "users")
    assert nobody.returncode == 2
    assert "no active administrator" in nobody.stderr

    _with_admin(data_dir)
    unknown = _run("--data-dir", data_dir, "--screenshot", out, "--page", "nowhere")
    assert unknown.returncode == 2
    assert "valid pages: login, first-run, register" in unknown.stderr
    stranger = _run(
        "--data-dir", data_dir, "--screenshot", out, "--page", "users", "--user", "x@y.fr"
    )
    assert stranger.returncode == 2
    assert "no account with the e-mail 'x@y.fr'" in stranger.stderr
    assert not out.exists()


def test_page_without_screenshot_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("--data-dir", tmp_path, "--page", "login")
    assert result.returncode == 2
    assert "--page and --user only go with --screenshot" in result.stderr


def test_a_corrupt_replica_is_reported_and_left_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    replica = data_dir / REPLICA_FILENAME
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 40  # a header, then noise
    replica.write_bytes(garbage)

    result = _run(
        "--data-dir",
        data_dir,
        "--lang",
        "en",
        "--screenshot",
        tmp_path / "x.png",
        "--page",
        "login",
    )

    assert result.returncode == 2
    assert "The file has not been modified" in result.stderr
    assert str(replica) in result.stderr
    assert replica.read_bytes() == garbage
    assert sorted(p.name for p in data_dir.iterdir()) == [REPLICA_FILENAME]  # no -wal, no -shm


def test_a_replica_from_a_newer_version_is_reported_in_french(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    replica = data_dir / REPLICA_FILENAME
    connection = sqlite3.connect(replica)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()

    result = _run("--data-dir", data_dir, "--screenshot", tmp_path / "x.png", "--page", "login")

    assert result.returncode == 2
    assert "version plus récente" in result.stderr  # French by default
    assert "Le fichier n’a pas été modifié" in result.stderr
    connection = sqlite3.connect(replica)
    assert connection.execute("PRAGMA user_version").fetchone() == (99,)
    assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    connection.close()


def test_a_replica_from_a_newer_version_is_byte_identical_afterwards(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    replica = data_dir / REPLICA_FILENAME
    connection = sqlite3.connect(replica)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    before = replica.read_bytes()

    result = _run("--data-dir", data_dir, "--screenshot", tmp_path / "x.png", "--page", "login")

    assert result.returncode == 2
    assert replica.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == [REPLICA_FILENAME]


_NORMAL_START = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cmms_desktop.app import LaunchOptions, run

app = QApplication(sys.argv[:1])
seen = {}

def look_then_quit():
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    seen["titles"] = " | ".join(w.windowTitle() for w in shown)
    app.quit()

QTimer.singleShot(0, look_then_quit)
code = run(LaunchOptions(data_dir=Path(sys.argv[1])))
print(seen["titles"])
sys.exit(code)
"""


def test_the_application_starts_in_the_remembered_language(tmp_path: Path) -> None:
    """The normal start (no --screenshot) shows the welcome window, then quits.

    In a child process: app.exec() and quit() on the test session's shared
    QApplication would leave its event loop unusable for the tests after it.
    """
    data_dir = tmp_path / "data"
    services = build_services(data_dir)
    set_meta(services.replica.engine, "language", "en")
    services.replica.dispose()

    result = subprocess.run(
        [sys.executable, "-c", _NORMAL_START, str(data_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Setting up — CMMS"
