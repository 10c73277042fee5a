"""Pure domain rules: roles and permissions, equipment states, the work-order lifecycle.

No I/O here: the same functions run on the desktop replica and on the server.
"""

from cmms_core.rules.equipment_state import (
    EQUIPMENT_TRANSITIONS,
    EquipmentState,
    InvalidTransition,
    allowed_transitions,
    can_transition,
    check_transition,
    counts_as_downtime,
    is_available,
)
from cmms_core.rules.permissions import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    PermissionDenied,
    can,
    has_permission,
    landing_page,
    permissions_for,
    require,
)
from cmms_core.rules.roles import Role
from cmms_core.rules.workorder import (
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    Decision,
    ReasonCode,
    WorkOrderAction,
    WorkOrderStatus,
    allowed_actions,
    decide,
    is_terminal,
)

__all__ = [
    "EQUIPMENT_TRANSITIONS",
    "OPEN_STATUSES",
    "ROLE_PERMISSIONS",
    "TERMINAL_STATUSES",
    "Actor",
    "Decision",
    "EquipmentState",
    "InvalidTransition",
    "Permission",
    "PermissionDenied",
    "ReasonCode",
    "Role",
    "WorkOrderAction",
    "WorkOrderStatus",
    "allowed_actions",
    "allowed_transitions",
    "can",
    "can_transition",
    "check_transition",
    "counts_as_downtime",
    "decide",
    "has_permission",
    "is_available",
    "is_terminal",
    "landing_page",
    "permissions_for",
    "require",
]
