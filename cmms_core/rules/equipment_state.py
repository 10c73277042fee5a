"""Equipment operating states and which changes between them are allowed."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "EQUIPMENT_TRANSITIONS",
    "EquipmentState",
    "InvalidTransition",
    "allowed_transitions",
    "can_transition",
    "check_transition",
    "counts_as_downtime",
    "is_available",
]


class EquipmentState(StrEnum):
    ACTIVE = "active"
    DOWN = "down"
    UNDER_MAINTENANCE = "under_maintenance"
    OUT_OF_SERVICE = "out_of_service"


_S = EquipmentState

EQUIPMENT_TRANSITIONS: Mapping[EquipmentState, frozenset[EquipmentState]] = MappingProxyType(
    {
        _S.ACTIVE: frozenset({_S.DOWN, _S.UNDER_MAINTENANCE, _S.OUT_OF_SERVICE}),
        _S.DOWN: frozenset({_S.UNDER_MAINTENANCE, _S.ACTIVE, _S.OUT_OF_SERVICE}),
        _S.UNDER_MAINTENANCE: frozenset({_S.ACTIVE, _S.DOWN, _S.OUT_OF_SERVICE}),
        # A decommissioned machine comes back only through recommissioning, which
        # puts it back in service; it cannot "break down" while out of service.
        _S.OUT_OF_SERVICE: frozenset({_S.ACTIVE}),
    }
)


class InvalidTransition(Exception):
    """Raised by :func:`check_transition` for a change the rules forbid."""

    def __init__(self, from_state: EquipmentState, to_state: EquipmentState) -> None:
        self.from_state = from_state
        self.to_state = to_state
        if from_state == to_state:
            message = f"Equipment is already {from_state.value}."
        else:
            message = f"Equipment cannot go from {from_state.value} to {to_state.value}."
        super().__init__(message)


def allowed_transitions(state: EquipmentState) -> frozenset[EquipmentState]:
    """The states an equipment in ``state`` may move to."""
    return EQUIPMENT_TRANSITIONS[state]


def can_transition(from_state: EquipmentState, to_state: EquipmentState) -> bool:
    """Whether the change is allowed; staying in the same state is not a transition."""
    return to_state in EQUIPMENT_TRANSITIONS[from_state]


def check_transition(from_state: EquipmentState, to_state: EquipmentState) -> None:
    """Raise :class:`InvalidTransition` unless :func:`can_transition` allows the change."""
    if not can_transition(from_state, to_state):
        raise InvalidTransition(from_state, to_state)


def is_available(state: EquipmentState) -> bool:
    """Whether the time spent in ``state`` counts as available for availability KPIs."""
    return state == EquipmentState.ACTIVE


def counts_as_downtime(state: EquipmentState) -> bool:
    """Whether time in ``state`` is downtime.

    Out-of-service time is neither available nor downtime: a decommissioned
    machine must not drag the plant's availability down forever.
    """
    return state in (EquipmentState.DOWN, EquipmentState.UNDER_MAINTENANCE)
