"""The work-order lifecycle: every status × action × role × assignee flag.

Expectations come from tables written by hand below, never from the module's own
rule table, so that a wrong edit there makes these tests fail.
"""

from __future__ import annotations

import itertools

import pytest

from cmms_core.rules import (
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    Decision,
    ReasonCode,
    Role,
    WorkOrderAction,
    WorkOrderStatus,
    allowed_actions,
    decide,
    is_terminal,
)

_STATUSES = (
    "reported",
    "assigned",
    "in_progress",
    "done",
    "validated",
    "rejected",
    "cancelled",
)
_ACTIONS = ("assign", "start", "complete", "validate", "reject", "cancel")
_ROLES = ("admin", "supervisor", "technician", "storekeeper")

# Who may be accepted, as (role, actor_is_assignee) pairs.
_MANAGERS = frozenset(
    {("admin", True), ("admin", False), ("supervisor", True), ("supervisor", False)}
)
_WORKERS = _MANAGERS | {("technician", True)}

# Every accepted transition: (status, action) -> (new status, who).
_ACCEPTED: dict[tuple[str, str], tuple[str, frozenset[tuple[str, bool]]]] = {
    ("reported", "assign"): ("assigned", _MANAGERS),
    ("assigned", "assign"): ("assigned", _MANAGERS),
    ("in_progress", "assign"): ("assigned", _MANAGERS),
    ("rejected", "assign"): ("assigned", _MANAGERS),
    ("assigned", "start"): ("in_progress", _WORKERS),
    ("rejected", "start"): ("in_progress", _WORKERS),
    ("in_progress", "complete"): ("done", _WORKERS),
    ("done", "validate"): ("validated", _MANAGERS),
    ("done", "reject"): ("rejected", _MANAGERS),
    ("reported", "cancel"): ("cancelled", _MANAGERS),
    ("assigned", "cancel"): ("cancelled", _MANAGERS),
    ("in_progress", "cancel"): ("cancelled", _MANAGERS),
    ("done", "cancel"): ("cancelled", _MANAGERS),
    ("rejected", "cancel"): ("cancelled", _MANAGERS),
}

# Which roles hold the permission each action needs at all.
_ACTION_ROLES = {
    "assign": {"admin", "supervisor"},
    "start": {"admin", "supervisor", "technician"},
    "complete": {"admin", "supervisor", "technician"},
    "validate": {"admin", "supervisor"},
    "reject": {"admin", "supervisor"},
    "cancel": {"admin", "supervisor"},
}


def _expected_refusal(status: str, action: str, role: str, assignee: bool) -> str:
    """Reason code, in the documented order: forbidden, invalid_state, not_assignee."""
    if role not in _ACTION_ROLES[action]:
        return "forbidden"
    if (status, action) not in _ACCEPTED:
        return "invalid_state"
    return "not_assignee"


_ALL = [
    pytest.param(s, a, r, flag, id=f"{s}-{a}-{r}-{'assignee' if flag else 'other'}")
    for s, a, r, flag in itertools.product(_STATUSES, _ACTIONS, _ROLES, (True, False))
]


def _decide(status: str, action: str, role: str, assignee: bool, comment: str | None) -> Decision:
    return decide(
        WorkOrderStatus(status),
        WorkOrderAction(action),
        Role(role),
        actor_is_assignee=assignee,
        comment=comment,
    )


def test_enum_values() -> None:
    assert [s.value for s in WorkOrderStatus] == list(_STATUSES)
    assert [a.value for a in WorkOrderAction] == list(_ACTIONS)
    assert {c.value for c in ReasonCode} == {
        "forbidden",
        "invalid_state",
        "not_assignee",
        "comment_required",
    }


def test_terminal_and_open_statuses() -> None:
    assert {s.value for s in TERMINAL_STATUSES} == {"validated", "cancelled"}
    assert {s.value for s in OPEN_STATUSES} == {
        "reported",
        "assigned",
        "in_progress",
        "done",
        "rejected",
    }
    for status in WorkOrderStatus:
        assert is_terminal(status) is (status.value in {"validated", "cancelled"})


def test_the_matrix_is_complete() -> None:
    assert len(_ALL) == 7 * 6 * 4 * 2
    accepted = sum(len(who) for _, who in _ACCEPTED.values())
    # 4 assign×4 + 2 start×5 + 1 complete×5 + validate 4 + reject 4 + 5 cancel×4
    assert accepted == 16 + 10 + 5 + 4 + 4 + 20


@pytest.mark.parametrize(("status", "action", "role", "assignee"), _ALL)
def test_decide_with_comment(status: str, action: str, role: str, assignee: bool) -> None:
    decision = _decide(status, action, role, assignee, "Seal replaced twice, still leaking.")
    entry = _ACCEPTED.get((status, action))
    if entry is not None and (role, assignee) in entry[1]:
        assert decision == Decision(
            accepted=True, new_status=WorkOrderStatus(entry[0]), reason_code=None, reason=None
        )
    else:
        assert decision.accepted is False
        assert decision.new_status is None
        assert decision.reason_code == _expected_refusal(status, action, role, assignee)
        assert decision.reason and decision.reason.endswith(".")


@pytest.mark.parametrize(("status", "action", "role", "assignee"), _ALL)
@pytest.mark.parametrize("comment", [None, "", "   \n"])
def test_decide_without_comment(
    status: str, action: str, role: str, assignee: bool, comment: str | None
) -> None:
    decision = _decide(status, action, role, assignee, comment)
    entry = _ACCEPTED.get((status, action))
    if entry is not None and (role, assignee) in entry[1]:
        if action == "reject":
            # Everything else allows it: only the reason is missing.
            assert decision.accepted is False
            assert decision.new_status is None
            assert decision.reason_code == "comment_required"
            assert decision.reason and "comment" in decision.reason
        else:
            assert decision.accepted is True
            assert decision.new_status == WorkOrderStatus(entry[0])
    else:
        assert decision.accepted is False
        assert decision.reason_code == _expected_refusal(status, action, role, assignee)


_STATUS_ROLE_FLAG = [
    pytest.param(s, r, flag, id=f"{s}-{r}-{'assignee' if flag else 'other'}")
    for s, r, flag in itertools.product(_STATUSES, _ROLES, (True, False))
]


@pytest.mark.parametrize(("status", "role", "assignee"), _STATUS_ROLE_FLAG)
def test_allowed_actions(status: str, role: str, assignee: bool) -> None:
    expected = {
        WorkOrderAction(action)
        for (s, action), (_, who) in _ACCEPTED.items()
        if s == status and (role, assignee) in who
    }
    got = allowed_actions(WorkOrderStatus(status), Role(role), assignee)
    assert isinstance(got, frozenset)
    assert got == expected


@pytest.mark.parametrize(("status", "role", "assignee"), _STATUS_ROLE_FLAG)
def test_allowed_actions_agrees_with_decide(status: str, role: str, assignee: bool) -> None:
    got = allowed_actions(WorkOrderStatus(status), Role(role), assignee)
    for action in WorkOrderAction:
        accepted = _decide(status, action.value, role, assignee, "because").accepted
        assert (action in got) is accepted


# --- a few readable stories on top of the exhaustive tables -----------------------------


def test_technician_story() -> None:
    tech = Role.TECHNICIAN
    assert allowed_actions(WorkOrderStatus.ASSIGNED, tech, True) == {WorkOrderAction.START}
    assert allowed_actions(WorkOrderStatus.ASSIGNED, tech, False) == frozenset()
    assert allowed_actions(WorkOrderStatus.IN_PROGRESS, tech, True) == {WorkOrderAction.COMPLETE}
    assert allowed_actions(WorkOrderStatus.REJECTED, tech, True) == {WorkOrderAction.START}
    assert allowed_actions(WorkOrderStatus.DONE, tech, True) == frozenset()


def test_supervisor_on_done() -> None:
    got = allowed_actions(WorkOrderStatus.DONE, Role.SUPERVISOR, False)
    assert got == {WorkOrderAction.VALIDATE, WorkOrderAction.REJECT, WorkOrderAction.CANCEL}


@pytest.mark.parametrize("status", ["validated", "cancelled"])
@pytest.mark.parametrize("role", _ROLES)
def test_terminal_statuses_allow_nothing(status: str, role: str) -> None:
    for flag in (True, False):
        assert allowed_actions(WorkOrderStatus(status), Role(role), flag) == frozenset()


def test_technician_cannot_start_someone_elses_work() -> None:
    d = _decide("assigned", "start", "technician", False, None)
    assert d.reason_code == "not_assignee"
    assert d.reason == "Only the assigned technician or a supervisor may start this work order."


def test_storekeeper_is_forbidden_even_on_terminal_status() -> None:
    d = _decide("validated", "validate", "storekeeper", True, None)
    assert d.reason_code == "forbidden"
    assert d.reason == "The storekeeper role may not validate work orders."


def test_invalid_state_message() -> None:
    d = _decide("validated", "start", "supervisor", False, None)
    assert d.reason_code == "invalid_state"
    assert d.reason == "A work order that is validated cannot be started."


def test_reject_comment_required_message() -> None:
    d = _decide("done", "reject", "supervisor", False, "  ")
    assert d.reason_code == "comment_required"
    assert d.reason == "A comment explaining why is required to reject a work order."


def test_decision_is_frozen() -> None:
    d = _decide("done", "validate", "admin", False, None)
    with pytest.raises(AttributeError):
        d.accepted = False  # type: ignore[misc]
