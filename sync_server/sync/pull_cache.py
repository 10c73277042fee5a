"""What pulls read, kept per process while nothing moves.

After a realtime notice every online client pulls at once, most of them from
the same cursors: the same bucket heads to read, the same pages to answer.
An entry holds while the last issued version is the one it was read at: a
writer takes a new version before it writes and keeps the writers' lock
until it commits, so while the readers' lock is held an unchanged last
version means that nothing was committed since (versions.py). Entries also
expire after ``max_age_seconds``, so that a database restored underneath a
running server (its sequence set back, then moved on to the same number)
cannot keep a stale entry alive.

A key is read once however many requests want it at the same moment: the
first one reads it while the others wait for its answer (:meth:`filling`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sync_server.sync.pull import BucketAnswer

__all__ = ["PullCache", "WhileUnchanged"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class WhileUnchanged(Generic[K, V]):
    """Values by key, each valid while the last issued version stays the one given.

    ``weigh`` tells what a value costs (1 by default: ``max_weight`` is then a
    number of entries); the values kept weigh at most ``max_weight``.
    """

    def __init__(
        self, max_age_seconds: float, max_weight: int, weigh: Callable[[V], int] | None = None
    ) -> None:
        self.max_age_seconds = max_age_seconds
        self.max_weight = max_weight
        self._weigh = weigh
        self._entries: dict[K, tuple[int, float, V, int]] = {}
        self._weight = 0
        self._lock = threading.Lock()
        self._readers: dict[K, threading.Lock] = {}

    def get(self, key: K, issued: int) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != issued:
            return None
        if time.monotonic() - entry[1] >= self.max_age_seconds:
            return None
        return entry[2]

    def put(self, key: K, issued: int, value: V) -> None:
        weight = 1 if self._weigh is None else self._weigh(value)
        if weight > self.max_weight:
            return
        with self._lock:
            known = self._entries.pop(key, None)
            if known is not None:
                self._weight -= known[3]
                if known[0] > issued:  # a newer answer is there already
                    self._entries[key] = known
                    self._weight += known[3]
                    return
            if self._weight + weight > self.max_weight:
                self._evict(issued, weight)
            self._entries[key] = (issued, time.monotonic(), value, weight)
            self._weight += weight

    def _evict(self, issued: int, room: int) -> None:
        """Make ``room``: the entries of older versions go, all of them if that is not enough."""
        for key in [k for k, entry in self._entries.items() if entry[0] < issued]:
            self._weight -= self._entries.pop(key)[3]
        if self._weight + room > self.max_weight:
            self._entries.clear()
            self._weight = 0

    @contextmanager
    def filling(self, keys: Iterable[K]) -> Iterator[None]:
        """Hold ``keys`` while reading them: another request wanting one of them waits
        here, then finds it with :meth:`get`. Keys are taken in one order, so two
        requests filling overlapping keys cannot wait for each other."""
        with self._lock:
            locks = {
                k: self._readers.setdefault(k, threading.Lock())
                for k in sorted(set(keys), key=repr)
            }
        try:
            with ExitStack() as held:
                for lock in locks.values():
                    held.enter_context(lock)
                yield
        finally:
            with self._lock:  # a request still waiting on one holds it, and then finds its key
                for key, lock in locks.items():
                    if self._readers.get(key) is lock:
                        del self._readers[key]


class PullCache:
    """The heads of each bucket's tables, and the small pages answered (see the module doc).

    A page is kept when it holds at most ``page_rows`` rows: the pages every
    online client asks for after a change are small, an initial sync's are not
    and are rarely asked twice.
    """

    def __init__(
        self,
        max_age_seconds: float = 10.0,
        page_rows: int = 1000,
        max_page_bytes: int = 32 * 1024 * 1024,
    ) -> None:
        self.page_rows = page_rows
        # bucket -> last version of each table
        self.heads: WhileUnchanged[str, tuple[int, ...]] = WhileUnchanged(max_age_seconds, 4096)
        # (bucket, cursor, limit) -> the page (pull.BucketAnswer), at most max_page_bytes of rows
        self.pages: WhileUnchanged[tuple[str, int, int], BucketAnswer] = WhileUnchanged(
            max_age_seconds, max_page_bytes, weigh=_page_bytes
        )

    @staticmethod
    def page_key(bucket: str, cursor: int, limit: int) -> tuple[str, int, int]:
        """The key of a bucket's page from ``cursor`` of at most ``limit`` rows."""
        return bucket, cursor, limit


def _page_bytes(page: BucketAnswer) -> int:
    return 64 + sum(len(row) for _columns, rows in page.tables.values() for row in rows)
