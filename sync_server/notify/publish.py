"""Publishing realtime news: ``NOTIFY cmms_buckets`` inside the writer's transaction.

PostgreSQL delivers a notification when (and only if) the transaction that
sent it commits, to every session listening on the channel, in every server
process. Sending it from the push's own transaction therefore says exactly
"these buckets moved, and the rows are readable now"; a rolled-back push says
nothing. ``pg_notify`` is a plain function call: it works through PgBouncer in
transaction mode (only LISTEN needs a real session, see postgres.py).

The payload is a JSON list of bucket keys (``"global"`` or a site id). A
payload is limited to 8000 bytes: long lists go out in several notifications.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

import orjson
from sqlalchemy import Connection, text

from cmms_core.protocol import MutationResult
from cmms_core.schema.analytics import audit_log
from sync_server.sync.scope import bucket_key

__all__ = ["AUDIT_PROBE", "CHANNEL", "buckets_written_by", "notify_buckets", "notify_pushed"]

CHANNEL = "cmms_buckets"

# A command's audit entries have the ids uuid5(mutation id, "audit/<n>") (see
# MutationContext.derive_id); the first AUDIT_PROBE of them are looked for.
AUDIT_PROBE = 24
# Buckets per notification: 150 keys of at most 38 characters stay well under
# PostgreSQL's 8000-byte payload limit.
_PER_NOTIFICATION = 150
# one array parameter, whatever the number of ids (an IN list would bind one each)
_AUDIT_BUCKETS = f"SELECT DISTINCT site_id FROM {audit_log.name} WHERE id = ANY(%(ids)s)"


def notify_buckets(conn: Connection, buckets: Iterable[str]) -> None:
    """Queue the news that ``buckets`` moved; sent when ``conn``'s transaction commits."""
    keys = sorted(set(buckets))
    for start in range(0, len(keys), _PER_NOTIFICATION):
        payload = orjson.dumps(keys[start : start + _PER_NOTIFICATION]).decode()
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )


def buckets_written_by(conn: Connection, mutation_ids: Sequence[uuid.UUID]) -> set[str]:
    """The buckets the mutations wrote to, read from their audit entries.

    Every write of a command goes through ``insert_row``/``update_row``, which
    audit it with the row's own ``site_id``: the audit entries' buckets are
    the buckets the command moved (found by primary key, whatever the size of
    the audit trail).
    """
    if not mutation_ids:
        return set()
    ids = [uuid.uuid5(m, f"audit/{n}") for m in mutation_ids for n in range(AUDIT_PROBE)]
    found = conn.exec_driver_sql(_AUDIT_BUCKETS, {"ids": ids})
    return {bucket_key(site_id) for (site_id,) in found}


def notify_pushed(
    conn: Connection, results: Sequence[MutationResult], already_decided: Mapping[uuid.UUID, object]
) -> None:
    """After a push: tell the listeners which buckets its newly applied mutations moved.

    A replayed answer (``already_decided``) moved nothing new and says nothing.
    """
    fresh = [r.id for r in results if r.status == "applied" and r.id not in already_decided]
    if fresh:
        notify_buckets(conn, buckets_written_by(conn, list(dict.fromkeys(fresh))))
