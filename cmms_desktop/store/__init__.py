"""The local replica: engine, migrations, the outbox and queries shaped for the screens."""

from __future__ import annotations

from pathlib import Path

from cmms_desktop.store import migrations
from cmms_desktop.store.replica import REPLICA_FILENAME, Replica, open_engine


def open_replica(data_dir: Path) -> Replica:
    """Open (or create) the replica in ``data_dir`` at the latest schema.

    Raises ReplicaCorrupt or ReplicaTooNew, leaving the file untouched.
    """
    path = data_dir / REPLICA_FILENAME
    engine = open_engine(path, migrations.LATEST_VERSION)
    try:
        migrations.migrate(engine, path)
    except Exception:
        engine.dispose()
        raise
    return Replica(path=path, engine=engine)
