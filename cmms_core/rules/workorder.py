"""The work-order (and failure) lifecycle, decided from status, action and role.

============  ==========================================  =============  ===================
action        from                                        to             who
============  ==========================================  =============  ===================
assign        reported, assigned, in_progress, rejected   assigned       workorder.assign
start         assigned, rejected                          in_progress    assignee (*)
complete      in_progress                                 done           assignee (*)
validate      done                                        validated      workorder.validate
reject        done (comment required)                     rejected       workorder.validate
cancel        any open status                             cancelled      workorder.cancel
============  ==========================================  =============  ===================

(*) The actor needs ``workorder.work`` and must be the assignee, unless their
role may also assign work (supervisor, admin): they may start or complete on
the assignee's behalf, e.g. to record a sheet that was filled on paper.

There is no separate "reopen": a rejected work order goes back to work when
its assignee starts it again, or to someone else through ``assign``.
Reassigning puts the work order back to ``assigned`` so that the new assignee
explicitly starts it. VALIDATED and CANCELLED are terminal.

When several rules fail, the first one in this order is reported: the role
lacks the permission (``forbidden``), the status does not allow the action
(``invalid_state``), the actor is not the assignee (``not_assignee``), the
reject comment is missing (``comment_required``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from cmms_core.rules.permissions import Permission, has_permission
from cmms_core.rules.roles import Role

__all__ = [
    "OPEN_STATUSES",
    "TERMINAL_STATUSES",
    "Decision",
    "ReasonCode",
    "WorkOrderAction",
    "WorkOrderStatus",
    "allowed_actions",
    "decide",
    "is_terminal",
]


class WorkOrderStatus(StrEnum):
    REPORTED = "reported"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE = "done"  # signed off by the technician, awaiting validation
    VALIDATED = "validated"  # closed
    REJECTED = "rejected"  # sent back by the validator, to be reworked
    CANCELLED = "cancelled"


class WorkOrderAction(StrEnum):
    ASSIGN = "assign"
    START = "start"
    COMPLETE = "complete"
    VALIDATE = "validate"
    REJECT = "reject"
    CANCEL = "cancel"


class ReasonCode(StrEnum):
    """Machine-readable reasons a command is refused (sent back to its author)."""

    FORBIDDEN = "forbidden"
    INVALID_STATE = "invalid_state"
    NOT_ASSIGNEE = "not_assignee"
    COMMENT_REQUIRED = "comment_required"


_St = WorkOrderStatus

TERMINAL_STATUSES: frozenset[WorkOrderStatus] = frozenset({_St.VALIDATED, _St.CANCELLED})
OPEN_STATUSES: frozenset[WorkOrderStatus] = frozenset(WorkOrderStatus) - TERMINAL_STATUSES


@dataclass(frozen=True)
class Decision:
    """The outcome of :func:`decide`.

    Accepted: ``new_status`` is set, the reason fields are ``None``.
    Refused: ``new_status`` is ``None``, ``reason_code`` is a :class:`ReasonCode`
    value and ``reason`` an English sentence for the author.
    """

    accepted: bool
    new_status: WorkOrderStatus | None
    reason_code: str | None
    reason: str | None

    @classmethod
    def accept(cls, new_status: WorkOrderStatus) -> Decision:
        return cls(accepted=True, new_status=new_status, reason_code=None, reason=None)

    @classmethod
    def refuse(cls, reason_code: ReasonCode, reason: str) -> Decision:
        return cls(accepted=False, new_status=None, reason_code=reason_code, reason=reason)


@dataclass(frozen=True)
class _Rule:
    permission: Permission
    from_statuses: frozenset[WorkOrderStatus]
    to_status: WorkOrderStatus
    assignee_only: bool = False
    needs_comment: bool = False


_RULES: Mapping[WorkOrderAction, _Rule] = MappingProxyType(
    {
        WorkOrderAction.ASSIGN: _Rule(
            Permission.WORKORDER_ASSIGN,
            frozenset({_St.REPORTED, _St.ASSIGNED, _St.IN_PROGRESS, _St.REJECTED}),
            _St.ASSIGNED,
        ),
        WorkOrderAction.START: _Rule(
            Permission.WORKORDER_WORK,
            frozenset({_St.ASSIGNED, _St.REJECTED}),
            _St.IN_PROGRESS,
            assignee_only=True,
        ),
        WorkOrderAction.COMPLETE: _Rule(
            Permission.WORKORDER_WORK,
            frozenset({_St.IN_PROGRESS}),
            _St.DONE,
            assignee_only=True,
        ),
        WorkOrderAction.VALIDATE: _Rule(
            Permission.WORKORDER_VALIDATE, frozenset({_St.DONE}), _St.VALIDATED
        ),
        WorkOrderAction.REJECT: _Rule(
            Permission.WORKORDER_VALIDATE,
            frozenset({_St.DONE}),
            _St.REJECTED,
            needs_comment=True,
        ),
        WorkOrderAction.CANCEL: _Rule(Permission.WORKORDER_CANCEL, OPEN_STATUSES, _St.CANCELLED),
    }
)


def is_terminal(status: WorkOrderStatus) -> bool:
    """Whether nothing can happen to a work order in ``status`` any more."""
    return status in TERMINAL_STATUSES


_PAST: Mapping[WorkOrderAction, str] = MappingProxyType(
    {
        WorkOrderAction.ASSIGN: "assigned",
        WorkOrderAction.START: "started",
        WorkOrderAction.COMPLETE: "completed",
        WorkOrderAction.VALIDATE: "validated",
        WorkOrderAction.REJECT: "rejected",
        WorkOrderAction.CANCEL: "cancelled",
    }
)


def _describe(status: WorkOrderStatus) -> str:
    return status.value.replace("_", " ")


def _check(
    status: WorkOrderStatus, action: WorkOrderAction, role: Role, actor_is_assignee: bool
) -> Decision:
    """Every rule except the comment, which only the full command carries."""
    rule = _RULES[action]
    if not has_permission(role, rule.permission):
        return Decision.refuse(
            ReasonCode.FORBIDDEN,
            f"The {role.value} role may not {action.value} work orders.",
        )
    if status not in rule.from_statuses:
        return Decision.refuse(
            ReasonCode.INVALID_STATE,
            f"A work order that is {_describe(status)} cannot be {_PAST[action]}.",
        )
    # Whoever may assign work may also carry it out on the assignee's behalf.
    if (
        rule.assignee_only
        and not actor_is_assignee
        and not has_permission(role, Permission.WORKORDER_ASSIGN)
    ):
        return Decision.refuse(
            ReasonCode.NOT_ASSIGNEE,
            f"Only the assigned technician or a supervisor may {action.value} this work order.",
        )
    return Decision.accept(rule.to_status)


def decide(
    status: WorkOrderStatus,
    action: WorkOrderAction,
    actor_role: Role,
    *,
    actor_is_assignee: bool,
    comment: str | None = None,
) -> Decision:
    """Decide whether ``action`` on a work order in ``status`` is allowed, and where it leads.

    ``comment`` is required (non-blank) to reject; other actions ignore it.
    Pure: the caller loads the current status and applies the decision.
    """
    decision = _check(status, action, actor_role, actor_is_assignee)
    if decision.accepted and _RULES[action].needs_comment and not (comment and comment.strip()):
        return Decision.refuse(
            ReasonCode.COMMENT_REQUIRED,
            f"A comment explaining why is required to {action.value} a work order.",
        )
    return decision


def allowed_actions(
    status: WorkOrderStatus, role: Role, actor_is_assignee: bool
) -> frozenset[WorkOrderAction]:
    """The actions :func:`decide` would accept, for enabling UI buttons.

    REJECT is included when only the comment is missing: the button opens the
    comment prompt.
    """
    return frozenset(
        action
        for action in WorkOrderAction
        if _check(status, action, role, actor_is_assignee).accepted
    )
