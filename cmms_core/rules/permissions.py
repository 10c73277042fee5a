"""The role → permission matrix and the site-scoped access check.

Matrix (``x`` = granted)::

    permission                 admin  supervisor  technician  storekeeper
    equipment.view               x        x           x            x
    equipment.edit               x        x
    equipment.set_state          x        x           x
    failure.report               x        x           x            x
    workorder.view               x        x           x            x
    workorder.assign             x        x
    workorder.work               x        x           x
    workorder.validate           x        x
    workorder.cancel             x        x
    plan.manage                  x        x
    stock.view                   x        x           x            x
    stock.move                   x        x                        x
    stock.issue_to_workorder     x        x           x            x
    parts.manage                 x        x                        x
    purchase.manage              x        x                        x
    analytics.view               x        x                        x
    users.manage                 x
    audit.view                   x        x
    settings.manage              x
    backup.manage                x

Why these choices:

- Technicians may set an equipment's state because they are the ones standing
  next to a machine that just stopped; declaring it down must not wait for a
  supervisor. They may not edit the equipment register itself.
- ``workorder.work`` only says the role may work on work orders at all; *which*
  work orders (one's own, unless one may also assign) is decided in
  :mod:`cmms_core.rules.workorder`.
- Storekeepers see work orders because parts are issued against them, and see
  analytics because stock KPIs (consumption, rotation, stock-outs) live there;
  the dashboards are read-only and hold nothing confidential inside the plant.
- Supervisors hold every operational permission, plus the audit trail, but not
  the administration of users, settings or backups.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from cmms_core.rules.roles import Role

__all__ = [
    "ROLE_PERMISSIONS",
    "Actor",
    "Permission",
    "PermissionDenied",
    "can",
    "has_permission",
    "landing_page",
    "permissions_for",
    "require",
]


class Permission(StrEnum):
    """One thing a user may do; values are stable strings stored in audit rows."""

    EQUIPMENT_VIEW = "equipment.view"
    EQUIPMENT_EDIT = "equipment.edit"  # equipment, lines, attachments
    EQUIPMENT_SET_STATE = "equipment.set_state"
    FAILURE_REPORT = "failure.report"
    WORKORDER_VIEW = "workorder.view"
    WORKORDER_ASSIGN = "workorder.assign"
    WORKORDER_WORK = "workorder.work"  # start, fill the sheet, mark done
    WORKORDER_VALIDATE = "workorder.validate"  # validate/close or reject back
    WORKORDER_CANCEL = "workorder.cancel"
    PLAN_MANAGE = "plan.manage"  # maintenance plans, templates, scheduling
    STOCK_VIEW = "stock.view"
    STOCK_MOVE = "stock.move"  # receipts, issues, transfers, counts
    STOCK_ISSUE_TO_WORKORDER = "stock.issue_to_workorder"
    PARTS_MANAGE = "parts.manage"  # catalogue, suppliers, prices
    PURCHASE_MANAGE = "purchase.manage"
    ANALYTICS_VIEW = "analytics.view"
    USERS_MANAGE = "users.manage"  # approve accounts, roles, site access
    AUDIT_VIEW = "audit.view"
    SETTINGS_MANAGE = "settings.manage"
    BACKUP_MANAGE = "backup.manage"


_P = Permission  # short alias for the table below

_ADMINISTRATION = frozenset({_P.USERS_MANAGE, _P.SETTINGS_MANAGE, _P.BACKUP_MANAGE})

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType(
    {
        Role.ADMIN: frozenset(Permission),
        Role.SUPERVISOR: frozenset(Permission) - _ADMINISTRATION,
        Role.TECHNICIAN: frozenset(
            {
                _P.EQUIPMENT_VIEW,
                _P.EQUIPMENT_SET_STATE,
                _P.FAILURE_REPORT,
                _P.WORKORDER_VIEW,
                _P.WORKORDER_WORK,
                _P.STOCK_VIEW,
                _P.STOCK_ISSUE_TO_WORKORDER,
            }
        ),
        Role.STOREKEEPER: frozenset(
            {
                _P.EQUIPMENT_VIEW,
                _P.FAILURE_REPORT,
                _P.WORKORDER_VIEW,
                _P.STOCK_VIEW,
                _P.STOCK_MOVE,
                _P.STOCK_ISSUE_TO_WORKORDER,
                _P.PARTS_MANAGE,
                _P.PURCHASE_MANAGE,
                _P.ANALYTICS_VIEW,
            }
        ),
    }
)


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, their role and the sites they may touch.

    ``site_ids`` is ``None`` for an unrestricted user (all sites, present and
    future); an empty frozenset means no site at all.
    """

    user_id: uuid.UUID
    role: Role
    site_ids: frozenset[uuid.UUID] | None


class PermissionDenied(Exception):
    """Raised by :func:`require` when an actor may not do something."""

    def __init__(self, actor: Actor, permission: Permission, site_id: uuid.UUID | None) -> None:
        self.actor = actor
        self.permission = permission
        self.site_id = site_id
        if not has_permission(actor.role, permission):
            message = (
                f"Permission denied: the {actor.role.value} role does not have "
                f"the '{permission.value}' permission."
            )
        else:
            message = (
                f"Permission denied: user {actor.user_id} has no access to site {site_id} "
                f"for '{permission.value}'."
            )
        super().__init__(message)


def permissions_for(role: Role) -> frozenset[Permission]:
    """Every permission granted to ``role``."""
    return ROLE_PERMISSIONS[role]


def has_permission(role: Role, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission``, regardless of site."""
    return permission in ROLE_PERMISSIONS[role]


def can(actor: Actor, permission: Permission, site_id: uuid.UUID | None) -> bool:
    """Whether ``actor`` may use ``permission`` on a row of ``site_id``.

    ``site_id`` ``None`` marks a global row (e.g. the parts catalogue): the
    role alone decides. Otherwise the site must also be one of the actor's,
    unless the actor is unrestricted.
    """
    if not has_permission(actor.role, permission):
        return False
    if site_id is None or actor.site_ids is None:
        return True
    return site_id in actor.site_ids


def require(actor: Actor, permission: Permission, site_id: uuid.UUID | None) -> None:
    """Raise :class:`PermissionDenied` unless :func:`can` allows the action."""
    if not can(actor, permission, site_id):
        raise PermissionDenied(actor, permission, site_id)


_LANDING_PAGES: Mapping[Role, str] = MappingProxyType(
    {
        Role.ADMIN: "users",
        Role.SUPERVISOR: "planning.supervisor",
        Role.TECHNICIAN: "technician.home",
        Role.STOREKEEPER: "stock.home",
    }
)


def landing_page(role: Role) -> str:
    """The page key the main window opens on after login.

    Technicians land on their own work ("technician.home": today's tasks,
    new assignments); storekeepers on the store ("stock.home": replenishment
    alerts, pending receipts, today's issues); supervisors on their team's
    work ("planning.supervisor": awaiting validation, workload, compliance).
    """
    return _LANDING_PAGES[role]
