"""The four user roles of the plant."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role"]


class Role(StrEnum):
    """A user's role; the value is what is stored in the database and sent on the wire."""

    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"
    STOREKEEPER = "storekeeper"
