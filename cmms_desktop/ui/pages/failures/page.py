"""The corrective-maintenance module's page keys and how its pages reach each other.

Pages of this module (registered in ``cmms_desktop.ui.main_window.PAGES``):

- ``failures``: the failure list (argument: a failure id or ticket number to find);
- ``failures.new``: report a failure (argument: an equipment id, or
  ``{"equipment_id": ..., "description": ...}`` to prefill);
- ``failures.sheet``: one ticket's intervention sheet (argument: the failure id),
  written in ``sheet_*.py``; until it exists, tickets open in the list.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from cmms_core.schema.types import utcnow
from cmms_desktop.ui.pages.base import Navigator

__all__ = [
    "LIST_PAGE",
    "PLANNING_INTERVENTION_PAGE",
    "REPORT_PAGE",
    "SHEET_PAGE",
    "as_id",
    "now_utc",
    "open_ticket",
]

LIST_PAGE = "failures"
REPORT_PAGE = "failures.new"
SHEET_PAGE = "failures.sheet"
# The preventive module's sheet of one maintenance task (argument: the task id).
PLANNING_INTERVENTION_PAGE = "planning.intervention"


def now_utc() -> datetime:
    """The pages' default clock (tests give their own)."""
    return utcnow()


def as_id(value: object | None, key: str | None = None) -> uuid.UUID | None:
    """A uuid from a uuid, its text, or ``value[key]`` of a mapping; None otherwise."""
    if key is not None and isinstance(value, Mapping):
        value = value.get(key)
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str) and value:
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    return None


def open_ticket(navigator: Navigator, failure_id: uuid.UUID) -> bool:
    """Show a ticket: its intervention sheet, else the list finding it. False: neither exists."""
    for key in (SHEET_PAGE, LIST_PAGE):
        if navigator.can_navigate(key):
            navigator.navigate(key, failure_id)
            return True
    return False
