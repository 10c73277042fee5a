"""Opening the replica: its settings, and never touching a file it cannot use.

A replica may hold days of offline work, so every refusal here also checks
that the file's bytes are exactly what they were and that no -wal/-shm file
appeared beside it.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, Table, insert, select, text

import cmms_desktop.store.migrations as migrations
from cmms_core.schema.types import utcnow
from cmms_desktop.store import open_replica
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.store.meta import device_id, get_meta, set_meta
from cmms_desktop.store.migrations import LATEST_VERSION
from cmms_desktop.store.replica import REPLICA_FILENAME, ReplicaCorrupt, ReplicaTooNew


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> list[str]:
    """Every file next to the replica other than the replica itself."""
    return sorted(p.name for p in path.parent.iterdir() if p != path)


def _read_only(path: Path) -> sqlite3.Connection:
    """The sqlite3 module directly on a closed database file, creating no -wal/-shm."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def _raw_pragma(path: Path, pragma: str) -> object:
    connection = _read_only(path)
    try:
        row = connection.execute(f"PRAGMA {pragma}").fetchone()
        return None if row is None else row[0]
    finally:
        connection.close()


def _outbox_ids(path: Path) -> list[str]:
    connection = _read_only(path)
    try:
        return [row[0] for row in connection.execute("SELECT mutation_id FROM outbox ORDER BY seq")]
    finally:
        connection.close()


def _replica_with_outbox_row(data_dir: Path) -> tuple[Path, uuid.UUID]:
    """A closed replica at the current version holding one pending command."""
    replica = open_replica(data_dir)
    mutation_id = uuid.uuid4()
    with replica.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=mutation_id,
                name="equipment.update",
                payload={"id": str(uuid.uuid4()), "fields": {"name": "hors ligne"}},
                created_at=utcnow(),
            )
        )
    replica.dispose()
    return replica.path, mutation_id


def test_new_replica_is_wal_with_foreign_keys_at_the_latest_version(tmp_path: Path) -> None:
    replica = open_replica(tmp_path)
    try:
        assert replica.path == tmp_path / REPLICA_FILENAME
        with replica.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA user_version")).scalar_one() == LATEST_VERSION
            tables = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                ).scalars()
            )
        assert {"outbox", "local_meta", "equipments", "users", "sessions"} <= tables
    finally:
        replica.dispose()


def test_foreign_keys_are_enforced_on_every_pooled_connection(tmp_path: Path) -> None:
    replica = open_replica(tmp_path)
    try:
        # hold one connection so that the next one is a different DBAPI connection
        with replica.engine.connect() as first, replica.engine.connect() as second:
            for connection in (first, second):
                assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        replica.dispose()


def test_reopening_is_idempotent_and_keeps_the_data(tmp_path: Path) -> None:
    path, mutation_id = _replica_with_outbox_row(tmp_path)
    first = open_replica(tmp_path)
    set_meta(first.engine, "demo", "yes")
    the_device = device_id(first.engine)
    first.dispose()

    again = open_replica(tmp_path)
    try:
        with again.engine.connect() as connection:
            assert connection.execute(text("PRAGMA user_version")).scalar_one() == LATEST_VERSION
            assert connection.execute(select(outbox.c.mutation_id)).scalars().all() == [mutation_id]
        assert get_meta(again.engine, "demo") == "yes"
        assert device_id(again.engine) == the_device
    finally:
        again.dispose()
    assert not [name for name in _siblings(path) if ".before-" in name]  # no migration ran


def test_garbage_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / REPLICA_FILENAME
    path.write_bytes(b"these are not the pages you are looking for\n" * 500)
    before = _digest(path)
    with pytest.raises(ReplicaCorrupt) as raised:
        open_replica(tmp_path)
    assert raised.value.path == path
    assert "not been modified" in str(raised.value)
    assert _digest(path) == before
    assert _siblings(path) == []


def test_truncated_replica_is_refused_untouched(tmp_path: Path) -> None:
    path, _ = _replica_with_outbox_row(tmp_path)
    whole = path.read_bytes()
    assert len(whole) > 8 * 4096  # enough pages to cut in the middle of the schema
    path.write_bytes(whole[: len(whole) // 2])
    before = _digest(path)
    with pytest.raises(ReplicaCorrupt):
        open_replica(tmp_path)
    assert _digest(path) == before
    assert _siblings(path) == []


def test_replica_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path, mutation_id = _replica_with_outbox_row(tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 3}")
    connection.close()
    before = _digest(path)
    with pytest.raises(ReplicaTooNew) as raised:
        open_replica(tmp_path)
    assert (raised.value.found, raised.value.supported) == (LATEST_VERSION + 3, LATEST_VERSION)
    assert _digest(path) == before
    assert _siblings(path) == []
    assert _outbox_ids(path) == [mutation_id.hex]


def test_a_sqlite_file_that_is_no_replica_is_refused_untouched(tmp_path: Path) -> None:
    # someone else's database, in the default rollback-journal mode: switching
    # it to WAL would already rewrite its header
    path = tmp_path / REPLICA_FILENAME
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.close()
    before = _digest(path)
    with pytest.raises(ReplicaCorrupt):
        open_replica(tmp_path)
    assert _digest(path) == before
    assert _siblings(path) == []


# ------------------------------------------------------------------------ migrations

extra_metadata = MetaData()
extra_table = Table("migration_probe", extra_metadata, Column("n", Integer, primary_key=True))


def _add_probe_table(connection: Connection) -> None:
    extra_metadata.create_all(connection)


def _add_probe_table_then_fail(connection: Connection) -> None:
    extra_metadata.create_all(connection)
    connection.execute(text("DELETE FROM outbox"))  # a step gone wrong...
    raise RuntimeError("step 2 failed half-way")  # ... and then dying


@pytest.fixture
def next_version(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[..., None]], int]]:
    """Install a migration step to the version after today's LATEST_VERSION."""

    def install(step: Callable[[Connection], None]) -> int:
        new_version = LATEST_VERSION + 1
        steps = {**migrations.MIGRATIONS, new_version: step}
        monkeypatch.setattr(migrations, "MIGRATIONS", MappingProxyType(steps))
        monkeypatch.setattr(migrations, "LATEST_VERSION", new_version)
        return new_version

    yield install


def test_migration_runs_the_step_keeps_the_outbox_and_leaves_a_backup(
    tmp_path: Path, next_version: Callable[[Callable[[Connection], None]], int]
) -> None:
    path, mutation_id = _replica_with_outbox_row(tmp_path)
    old_version = LATEST_VERSION
    new_version = next_version(_add_probe_table)

    replica = open_replica(tmp_path)
    try:
        with replica.engine.connect() as connection:
            assert connection.execute(text("PRAGMA user_version")).scalar_one() == new_version
            assert connection.execute(select(outbox.c.mutation_id)).scalars().all() == [mutation_id]
            assert connection.execute(select(extra_table)).all() == []  # the step ran
    finally:
        replica.dispose()

    backups = [tmp_path / name for name in _siblings(path) if ".before-" in name]
    assert [b.name for b in backups] == [
        f"{REPLICA_FILENAME}.before-v{new_version}-from-v{old_version}"
    ]
    # the copy is the replica as it was: old version, same pending work
    assert _raw_pragma(backups[0], "user_version") == old_version
    assert _outbox_ids(backups[0]) == [mutation_id.hex]

    # once migrated, opening again runs nothing more
    open_replica(tmp_path).dispose()
    assert len([n for n in _siblings(path) if ".before-" in n]) == 1


def test_failed_migration_leaves_the_replica_at_its_old_version(
    tmp_path: Path, next_version: Callable[[Callable[[Connection], None]], int]
) -> None:
    path, mutation_id = _replica_with_outbox_row(tmp_path)
    old_version = LATEST_VERSION
    next_version(_add_probe_table_then_fail)

    with pytest.raises(RuntimeError, match="half-way"):
        open_replica(tmp_path)

    assert _raw_pragma(path, "user_version") == old_version
    assert _outbox_ids(path) == [mutation_id.hex]
    # the whole migration is one transaction: the half-done step left nothing
    connection = _read_only(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    finally:
        connection.close()
    assert "migration_probe" not in names


def test_backup_holds_the_work_a_crash_left_in_the_wal(
    tmp_path: Path, next_version: Callable[[Callable[[Connection], None]], int]
) -> None:
    live = open_replica(tmp_path / "live")
    mutation_id = uuid.uuid4()
    with live.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=mutation_id, name="x.y", payload={}, created_at=utcnow()
            )
        )
    # What a crash leaves: the file and its WAL, the last commit only in the WAL.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{live.path}{suffix}", crashed / f"{REPLICA_FILENAME}{suffix}")
    live.dispose()
    assert (crashed / f"{REPLICA_FILENAME}-wal").stat().st_size > 0
    new_version = next_version(_add_probe_table)

    replica = open_replica(crashed)
    with replica.engine.connect() as connection:
        assert connection.execute(select(outbox.c.mutation_id)).scalars().all() == [mutation_id]
    replica.dispose()
    backup = crashed / f"{REPLICA_FILENAME}.before-v{new_version}-from-v{LATEST_VERSION}"
    assert not Path(f"{backup}-wal").exists()  # the copy stands on its own
    assert _outbox_ids(backup) == [mutation_id.hex]


def _older_replica(
    tmp_path: Path,
    version: int,
    *,
    columns: tuple[tuple[str, str], ...] = (),
    tables: tuple[str, ...] = (),
    indexes: tuple[str, ...] = (),
) -> tuple[Path, str]:
    """A replica as ``version`` made it (today's without what came later), holding one
    pending command: its path and the command's id (hex)."""
    open_replica(tmp_path).dispose()
    path = tmp_path / REPLICA_FILENAME
    task = uuid.uuid4().hex
    with sqlite3.connect(path) as old:
        for table, column in columns:
            old.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for table in tables:
            old.execute(f"DROP TABLE {table}")
        for index in indexes:
            old.execute(f"DROP INDEX {index}")
        old.execute(
            "INSERT INTO outbox (mutation_id, name, payload, created_at, attempts) "
            "VALUES (?, 'equipment.update', '{}', '2026-11-01 08:00:00.000000', 0)",
            (task,),
        )
        old.execute(f"PRAGMA user_version = {version}")
    return path, task


def test_a_first_release_replica_gets_the_maintenance_modules_schema(tmp_path: Path) -> None:
    """Version 1 as the first release made it: without what the corrective,
    preventive and stock modules added. Version 2 adds it, keeping the rows."""
    path, task = _older_replica(
        tmp_path,
        1,
        columns=(
            ("audit_log", "made_at"),
            ("failures", "assigned_at"),
            ("maintenance_tasks", "schedule_warnings"),
            ("repair_interventions", "before_photo_ids"),
            ("outbox", "touched"),
        ),
        tables=("escalation_rules", "unconfirmed_rows", "parts_search"),
        indexes=("ix_failures_list",),
    )

    replica = open_replica(tmp_path)
    try:
        with replica.engine.connect() as connection:
            assert migrations.schema_version(connection) == LATEST_VERSION
            columns = {
                row[1] for row in connection.exec_driver_sql("PRAGMA table_info(maintenance_tasks)")
            }
            assert "schedule_warnings" in columns
            names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert {"escalation_rules", "unconfirmed_rows", "parts_search"} <= names
            assert "ix_failures_list" in names
            assert connection.execute(select(outbox.c.mutation_id)).scalar_one().hex == task
    finally:
        replica.dispose()
    assert path.with_name(f"{path.name}.before-v{LATEST_VERSION}-from-v1").is_file()


def test_a_version_2_replica_keeps_its_pending_commands_and_gets_outbox_touched(
    tmp_path: Path,
) -> None:
    """Version 3 adds ``outbox.touched``; a command queued before has none (the
    sync engine probes what it wrote, tests/sync/test_push_pull.py)."""
    path, task = _older_replica(tmp_path, 2, columns=(("outbox", "touched"),))

    replica = open_replica(tmp_path)
    try:
        with replica.engine.connect() as connection:
            assert migrations.schema_version(connection) == LATEST_VERSION == 3
            pending = connection.execute(select(outbox.c.mutation_id, outbox.c.touched)).one()
            assert (pending.mutation_id.hex, pending.touched) == (task, None)
    finally:
        replica.dispose()
    assert path.with_name(f"{path.name}.before-v3-from-v2").is_file()
