"""The WebSockets of one server process, indexed by the buckets each may see.

Lives in the process's event loop (every method is called from it): the
listener publishes, each socket's handler waits on its :class:`Subscriber`.
News is coalesced per subscriber: buckets that moved while the socket was
busy sending are sent together in the next message, so a slow client never
makes a queue grow.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

__all__ = ["ALL_BUCKETS", "Hub", "Subscriber"]

# In a notification: "every bucket may have moved" (sent after the listener
# lost its connection and may have missed news).
ALL_BUCKETS = "*"


class Subscriber:
    """One socket's mailbox: the buckets it may see and the news not yet sent."""

    def __init__(self, user_id: uuid.UUID, buckets: frozenset[str] | None) -> None:
        self.user_id = user_id
        self.buckets = buckets  # None: every bucket (an administrator)
        self._pending: set[str] = set()
        self._wake = asyncio.Event()

    def sees(self, bucket: str) -> bool:
        return self.buckets is None or bucket in self.buckets

    def offer(self, buckets: Iterable[str]) -> None:
        self._pending.update(buckets)
        if self._pending:
            self._wake.set()

    async def next(self, timeout: float) -> list[str]:
        """The buckets that moved since the last call; [] when ``timeout`` passed first."""
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            return []
        self._wake.clear()
        news, self._pending = sorted(self._pending), set()
        return news


class Hub:
    """Which subscriber hears about which bucket."""

    def __init__(self) -> None:
        self._by_bucket: dict[str, set[Subscriber]] = {}
        self._everything: set[Subscriber] = set()  # administrators
        self._count = 0
        self._occupied = asyncio.Event()

    @property
    def count(self) -> int:
        return self._count

    def subscribe(self, subscriber: Subscriber) -> None:
        self._index(subscriber)
        self._count += 1
        self._occupied.set()

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._unindex(subscriber)
        self._count -= 1
        if self._count == 0:
            self._occupied.clear()

    def rescope(self, subscriber: Subscriber, buckets: frozenset[str] | None) -> None:
        """The user's sites changed: hear about these buckets from now on."""
        if buckets == subscriber.buckets:
            return
        self._unindex(subscriber)
        subscriber.buckets = buckets
        self._index(subscriber)

    async def wait_occupied(self) -> None:
        """Return once at least one socket is subscribed."""
        await self._occupied.wait()

    def publish(self, buckets: Iterable[str]) -> int:
        """Tell every subscriber that sees one of ``buckets``; returns how many were told."""
        moved = set(buckets)
        if ALL_BUCKETS in moved:
            return self.publish_everything()
        told: dict[Subscriber, set[str]] = {}
        for bucket in moved:
            for subscriber in self._by_bucket.get(bucket, ()):
                told.setdefault(subscriber, set()).add(bucket)
        for subscriber in self._everything:
            told[subscriber] = moved
        for subscriber, news in told.items():
            subscriber.offer(news)
        return len(told)

    def publish_everything(self) -> int:
        """Every subscriber hears that all its buckets may have moved."""
        subscribers = self._everything | {s for group in self._by_bucket.values() for s in group}
        for subscriber in subscribers:
            subscriber.offer([ALL_BUCKETS])
        return len(subscribers)

    def _index(self, subscriber: Subscriber) -> None:
        if subscriber.buckets is None:
            self._everything.add(subscriber)
            return
        for bucket in subscriber.buckets:
            self._by_bucket.setdefault(bucket, set()).add(subscriber)

    def _unindex(self, subscriber: Subscriber) -> None:
        self._everything.discard(subscriber)
        for bucket in subscriber.buckets or ():
            group = self._by_bucket.get(bucket)
            if group is not None:
                group.discard(subscriber)
                if not group:
                    del self._by_bucket[bucket]
