"""Escalation rules as data, and their evaluation.

A rule (a row of ``escalation_rules``) says: a failure of ``urgency`` that is
still unassigned ``minutes`` after it was reported (trigger ``unassigned``),
or still not started ``minutes`` after it was assigned (``not_started``), is
escalated to the users of role ``escalate_to``. :func:`evaluate` is pure:
given the open failures, the rules and the time, it says which escalations
show now. Delivery (e-mail, real time) comes with notifications; the app
shows them from this evaluation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cmms_core.rules.roles import Role

__all__ = [
    "DEFAULT_RULES",
    "Escalation",
    "EscalationRule",
    "FailureClock",
    "Trigger",
    "evaluate",
]


class Trigger(StrEnum):
    UNASSIGNED = "unassigned"  # status "reported", counted from reported_at
    NOT_STARTED = "not_started"  # status "assigned", counted from assigned_at


@dataclass(frozen=True, slots=True)
class EscalationRule:
    id: uuid.UUID
    name: str
    urgency: int
    trigger: Trigger
    minutes: int
    escalate_to: Role
    active: bool = True


@dataclass(frozen=True, slots=True)
class FailureClock:
    """What the evaluation needs of a failure."""

    id: uuid.UUID
    urgency: int
    status: str
    reported_at: datetime
    assigned_at: datetime | None


@dataclass(frozen=True, slots=True)
class Escalation:
    failure_id: uuid.UUID
    rule_id: uuid.UUID
    rule_name: str
    urgency: int
    trigger: Trigger
    escalate_to: Role
    due_at: datetime  # when the rule fired
    overdue_minutes: int  # how long ago


def _since(failure: FailureClock, trigger: Trigger) -> datetime | None:
    """When the rule's clock started for this failure, or None if the trigger does not hold."""
    if trigger is Trigger.UNASSIGNED and failure.status == "reported":
        return failure.reported_at
    if trigger is Trigger.NOT_STARTED and failure.status == "assigned":
        return failure.assigned_at or failure.reported_at
    return None


def evaluate(
    failures: Iterable[FailureClock], rules: Iterable[EscalationRule], now: datetime
) -> list[Escalation]:
    """The escalations that show at ``now``.

    At most one per failure and role: of several rules firing for the same
    role, the one that fired first. Most urgent first, then most overdue.
    """
    active = [rule for rule in rules if rule.active]
    found: dict[tuple[uuid.UUID, Role], Escalation] = {}
    for failure in failures:
        for rule in active:
            if rule.urgency != failure.urgency:
                continue
            since = _since(failure, rule.trigger)
            if since is None:
                continue
            due = since + timedelta(minutes=rule.minutes)
            if now < due:
                continue
            key = (failure.id, rule.escalate_to)
            kept = found.get(key)
            if kept is not None and kept.due_at <= due:
                continue
            found[key] = Escalation(
                failure_id=failure.id,
                rule_id=rule.id,
                rule_name=rule.name,
                urgency=failure.urgency,
                trigger=rule.trigger,
                escalate_to=rule.escalate_to,
                due_at=due,
                overdue_minutes=int((now - due).total_seconds() // 60),
            )
    return sorted(
        found.values(),
        key=lambda e: (-e.urgency, e.due_at, e.escalate_to.value, str(e.failure_id)),
    )


def _rule(name: str, urgency: int, trigger: Trigger, minutes: int, role: Role) -> EscalationRule:
    # fixed ids: the demo's rules are the same rows on every replica and the server
    rule_id = uuid.uuid5(uuid.NAMESPACE_URL, f"cmms:escalation:{urgency}:{trigger}:{role}")
    return EscalationRule(rule_id, name, urgency, trigger, minutes, role)


# The defaults a new plant (and the demo) starts with.
DEFAULT_RULES: tuple[EscalationRule, ...] = (
    _rule("Critique non affectée 15 min", 4, Trigger.UNASSIGNED, 15, Role.SUPERVISOR),
    _rule("Critique non affectée 1 h", 4, Trigger.UNASSIGNED, 60, Role.ADMIN),
    _rule("Critique non démarrée 30 min", 4, Trigger.NOT_STARTED, 30, Role.SUPERVISOR),
    _rule("Haute non affectée 1 h", 3, Trigger.UNASSIGNED, 60, Role.SUPERVISOR),
    _rule("Normale non affectée 8 h", 2, Trigger.UNASSIGNED, 480, Role.SUPERVISOR),
)
