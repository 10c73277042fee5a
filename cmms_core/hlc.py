"""Hybrid logical clocks: stamps that follow real time and never go backwards.

A stamp is ``<13-digit wall ms>-<4-digit counter>-<device id>`` (see
docs/sync-protocol.md). Stamps sort as text in the order of the events they
stamp: the wall part is the largest physical time the clock has seen (its own
or a stamp it received), the counter orders events within one millisecond, and
the device id breaks the remaining ties so that two devices never make equal
stamps.

Pure: the wall clock is injected, nothing here reads the time by itself.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAX_COUNTER", "HybridClock", "Stamp", "format_stamp", "parse_stamp"]

MAX_COUNTER = 9999
_WALL_DIGITS = 13
_DEVICE = r"[0-9A-Za-z_.:\-]{1,64}"
_STAMP = re.compile(rf"^(\d{{13}})-(\d{{4}})-({_DEVICE})$")
_DEVICE_ONLY = re.compile(rf"^{_DEVICE}$")


@dataclass(frozen=True, order=True)
class Stamp:
    """One parsed stamp; orders like its text."""

    wall_ms: int
    counter: int
    device_id: str

    def __str__(self) -> str:
        return format_stamp(self.wall_ms, self.counter, self.device_id)


def format_stamp(wall_ms: int, counter: int, device_id: str) -> str:
    if not 0 <= wall_ms < 10**_WALL_DIGITS:
        raise ValueError(f"wall time out of range: {wall_ms}")
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"counter out of range: {counter}")
    if not _DEVICE_ONLY.match(device_id):
        raise ValueError(f"not a device id: {device_id!r}")
    return f"{wall_ms:013d}-{counter:04d}-{device_id}"


def parse_stamp(text: str) -> Stamp:
    """The parts of a stamp; ValueError when ``text`` is not one."""
    match = _STAMP.match(text)
    if match is None:
        raise ValueError(f"not an HLC stamp: {text!r}")
    return Stamp(int(match[1]), int(match[2]), match[3])


def _system_wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """The clock of one device.

    ``now()`` stamps a local event; ``observe(stamp)`` takes in a stamp seen
    from elsewhere so that the next local stamp sorts after it, even when this
    device's wall clock is behind.
    """

    def __init__(
        self,
        device_id: str,
        wall_ms: Callable[[], int] = _system_wall_ms,
        last: str | None = None,
    ) -> None:
        format_stamp(0, 0, device_id)  # validates the device id
        self._device_id = device_id
        self._wall_ms = wall_ms
        self._last_wall = 0
        self._last_counter = 0
        if last is not None:
            stamp = parse_stamp(last)
            self._last_wall, self._last_counter = stamp.wall_ms, stamp.counter

    @property
    def device_id(self) -> str:
        return self._device_id

    @property
    def last(self) -> str:
        """The latest stamp this clock made or observed (to persist across restarts)."""
        return format_stamp(self._last_wall, self._last_counter, self._device_id)

    def _advance(self, wall: int, counter: int) -> None:
        if counter > MAX_COUNTER:  # a thousand events in one millisecond: borrow the next one
            wall, counter = wall + 1, 0
        self._last_wall, self._last_counter = wall, counter

    def now(self) -> str:
        """A new stamp, later than every stamp made or observed so far."""
        physical = self._wall_ms()
        if physical > self._last_wall:
            self._advance(physical, 0)
        else:
            self._advance(self._last_wall, self._last_counter + 1)
        return self.last

    def observe(self, stamp: str) -> None:
        """Take in a remote stamp: later local stamps sort after it."""
        remote = parse_stamp(stamp)
        physical = self._wall_ms()
        wall = max(physical, self._last_wall, remote.wall_ms)
        if wall == self._last_wall == remote.wall_ms:
            counter = max(self._last_counter, remote.counter) + 1
        elif wall == self._last_wall:
            counter = self._last_counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._advance(wall, counter)
