"""Realtime news for online clients (docs/sync-protocol.md, "Realtime").

- ``publish.py``: a push that applied mutations sends ``NOTIFY cmms_buckets``
  with the buckets it moved, inside its own transaction (delivered on commit).
- ``postgres.py``: one ``LISTEN cmms_buckets`` connection per server process,
  on the direct (unpooled) database URL, reconnecting with backoff.
- ``hub.py``: the WebSockets of this process, indexed by the buckets each may
  see; a notification reaches only the sockets whose user sees those buckets.
"""

from sync_server.notify.hub import ALL_BUCKETS, Hub, Subscriber
from sync_server.notify.postgres import CHANNEL, BucketListener
from sync_server.notify.publish import notify_buckets, notify_pushed

__all__ = [
    "ALL_BUCKETS",
    "CHANNEL",
    "BucketListener",
    "Hub",
    "Subscriber",
    "notify_buckets",
    "notify_pushed",
]
