"""The service's notion of "now": injectable so that tests can move time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cmms_core.schema.types import utcnow

__all__ = ["Clock", "utcnow"]

# Returns an aware UTC datetime. The app factory takes one (default: utcnow);
# every timestamp the service writes or compares comes from it, never from the
# database's now(), so one clock rules tokens, throttling and expiries.
Clock = Callable[[], datetime]
