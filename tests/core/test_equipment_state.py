"""Equipment state transitions, every pair checked against a hand-written table."""

from __future__ import annotations

import itertools

import pytest

from cmms_core.rules import (
    EquipmentState,
    InvalidTransition,
    allowed_transitions,
    can_transition,
    check_transition,
    counts_as_downtime,
    is_available,
)

_STATES = ("active", "down", "under_maintenance", "out_of_service")

# Every allowed (from, to) pair, written out by hand.
_ALLOWED = {
    ("active", "down"),
    ("active", "under_maintenance"),
    ("active", "out_of_service"),
    ("down", "under_maintenance"),
    ("down", "active"),
    ("down", "out_of_service"),
    ("under_maintenance", "active"),
    ("under_maintenance", "down"),
    ("under_maintenance", "out_of_service"),
    ("out_of_service", "active"),
}

_PAIRS = [
    pytest.param(a, b, (a, b) in _ALLOWED, id=f"{a}->{b}")
    for a, b in itertools.product(_STATES, _STATES)
]


def test_state_values() -> None:
    assert [s.value for s in EquipmentState] == list(_STATES)


def test_table_covers_sixteen_pairs() -> None:
    assert len(_PAIRS) == 16
    assert len(_ALLOWED) == 10


@pytest.mark.parametrize(("a", "b", "expected"), _PAIRS)
def test_can_transition(a: str, b: str, expected: bool) -> None:
    assert can_transition(EquipmentState(a), EquipmentState(b)) is expected


@pytest.mark.parametrize(("a", "b", "expected"), _PAIRS)
def test_allowed_transitions(a: str, b: str, expected: bool) -> None:
    assert (EquipmentState(b) in allowed_transitions(EquipmentState(a))) is expected


@pytest.mark.parametrize(("a", "b", "expected"), _PAIRS)
def test_check_transition(a: str, b: str, expected: bool) -> None:
    frm, to = EquipmentState(a), EquipmentState(b)
    if expected:
        check_transition(frm, to)
        return
    with pytest.raises(InvalidTransition) as info:
        check_transition(frm, to)
    assert info.value.from_state is frm
    assert info.value.to_state is to
    assert a in str(info.value)


@pytest.mark.parametrize("state", _STATES)
def test_same_state_is_not_a_transition(state: str) -> None:
    s = EquipmentState(state)
    assert not can_transition(s, s)
    with pytest.raises(InvalidTransition, match="already"):
        check_transition(s, s)


def test_out_of_service_only_recommissions() -> None:
    assert allowed_transitions(EquipmentState.OUT_OF_SERVICE) == frozenset({EquipmentState.ACTIVE})


def test_invalid_transition_message_names_both_states() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(EquipmentState.OUT_OF_SERVICE, EquipmentState.DOWN)
    assert "out_of_service" in str(info.value)
    assert "down" in str(info.value)


@pytest.mark.parametrize(
    ("state", "available", "downtime"),
    [
        ("active", True, False),
        ("down", False, True),
        ("under_maintenance", False, True),
        ("out_of_service", False, False),
    ],
)
def test_kpi_classification(state: str, available: bool, downtime: bool) -> None:
    assert is_available(EquipmentState(state)) is available
    assert counts_as_downtime(EquipmentState(state)) is downtime
