"""The role permission matrix, checked against a table written by hand here."""

from __future__ import annotations

import uuid
from types import MappingProxyType

import pytest

from cmms_core.rules import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    PermissionDenied,
    Role,
    can,
    has_permission,
    landing_page,
    permissions_for,
    require,
)

# Written out from the plant's expectations, not derived from the implementation:
# columns are admin, supervisor, technician, storekeeper.
_MATRIX: dict[str, tuple[int, int, int, int]] = {
    "equipment.view": (1, 1, 1, 1),
    "equipment.edit": (1, 1, 0, 0),
    "equipment.set_state": (1, 1, 1, 0),
    "failure.report": (1, 1, 1, 1),
    "workorder.view": (1, 1, 1, 1),
    "workorder.assign": (1, 1, 0, 0),
    "workorder.work": (1, 1, 1, 0),
    "workorder.validate": (1, 1, 0, 0),
    "workorder.cancel": (1, 1, 0, 0),
    "plan.manage": (1, 1, 0, 0),
    "stock.view": (1, 1, 1, 1),
    "stock.move": (1, 1, 0, 1),
    "stock.issue_to_workorder": (1, 1, 1, 1),
    "parts.manage": (1, 1, 0, 1),
    "purchase.manage": (1, 1, 0, 1),
    "analytics.view": (1, 1, 0, 1),
    "users.manage": (1, 0, 0, 0),
    "audit.view": (1, 1, 0, 0),
    "settings.manage": (1, 0, 0, 0),
    "backup.manage": (1, 0, 0, 0),
}
_ROLE_COLUMNS = ("admin", "supervisor", "technician", "storekeeper")

_CASES = [
    pytest.param(role, perm, bool(row[col]), id=f"{role}-{perm}")
    for perm, row in _MATRIX.items()
    for col, role in enumerate(_ROLE_COLUMNS)
]


def test_role_values() -> None:
    assert [r.value for r in Role] == list(_ROLE_COLUMNS)


def test_permission_values_are_exactly_the_table() -> None:
    # A new permission must be added to the table above, with a decision per role.
    assert {p.value for p in Permission} == set(_MATRIX)
    assert len(list(Permission)) == len(_MATRIX)


def test_every_role_has_a_row() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize(("role", "perm", "expected"), _CASES)
def test_has_permission_matrix(role: str, perm: str, expected: bool) -> None:
    assert has_permission(Role(role), Permission(perm)) is expected


@pytest.mark.parametrize(("role", "perm", "expected"), _CASES)
def test_role_permissions_constant_matches(role: str, perm: str, expected: bool) -> None:
    assert (Permission(perm) in ROLE_PERMISSIONS[Role(role)]) is expected
    assert (Permission(perm) in permissions_for(Role(role))) is expected


def test_role_permissions_is_read_only() -> None:
    assert isinstance(ROLE_PERMISSIONS, MappingProxyType)
    with pytest.raises(TypeError):
        ROLE_PERMISSIONS[Role.TECHNICIAN] = frozenset(Permission)  # type: ignore[index]
    for perms in ROLE_PERMISSIONS.values():
        assert isinstance(perms, frozenset)


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.ADMIN, "users"),
        (Role.SUPERVISOR, "planning.supervisor"),
        (Role.TECHNICIAN, "technician.home"),
        (Role.STOREKEEPER, "stock.home"),
    ],
)
def test_landing_page(role: Role, page: str) -> None:
    assert landing_page(role) == page


# --- site scope ------------------------------------------------------------------------

SITE_A = uuid.UUID("00000000-0000-0000-0000-00000000000a")
SITE_B = uuid.UUID("00000000-0000-0000-0000-00000000000b")
SITE_C = uuid.UUID("00000000-0000-0000-0000-00000000000c")
USER = uuid.UUID("00000000-0000-0000-0000-000000000001")


def _actor(role: Role, sites: frozenset[uuid.UUID] | None) -> Actor:
    return Actor(user_id=USER, role=role, site_ids=sites)


_AB = frozenset({SITE_A, SITE_B})
_NONE: frozenset[uuid.UUID] = frozenset()

_SCOPE_CASES = [
    # role, actor's sites, permission, row's site, expected
    (Role.TECHNICIAN, _AB, Permission.FAILURE_REPORT, SITE_A, True),
    (Role.TECHNICIAN, _AB, Permission.FAILURE_REPORT, SITE_B, True),
    (Role.TECHNICIAN, _AB, Permission.FAILURE_REPORT, SITE_C, False),
    (Role.TECHNICIAN, _AB, Permission.FAILURE_REPORT, None, True),
    (Role.TECHNICIAN, None, Permission.FAILURE_REPORT, SITE_C, True),
    (Role.TECHNICIAN, None, Permission.FAILURE_REPORT, None, True),
    (Role.TECHNICIAN, _NONE, Permission.FAILURE_REPORT, SITE_A, False),
    (Role.TECHNICIAN, _NONE, Permission.STOCK_VIEW, None, True),
    # The role lacks the permission: no site access makes up for it.
    (Role.TECHNICIAN, _AB, Permission.WORKORDER_VALIDATE, SITE_A, False),
    (Role.TECHNICIAN, None, Permission.WORKORDER_VALIDATE, SITE_A, False),
    (Role.TECHNICIAN, None, Permission.PARTS_MANAGE, None, False),
    (Role.STOREKEEPER, frozenset({SITE_A}), Permission.STOCK_MOVE, SITE_A, True),
    (Role.STOREKEEPER, frozenset({SITE_A}), Permission.STOCK_MOVE, SITE_B, False),
    (Role.STOREKEEPER, frozenset({SITE_A}), Permission.PARTS_MANAGE, None, True),
    (Role.STOREKEEPER, None, Permission.EQUIPMENT_EDIT, SITE_A, False),
    (Role.SUPERVISOR, frozenset({SITE_B}), Permission.WORKORDER_VALIDATE, SITE_B, True),
    (Role.SUPERVISOR, frozenset({SITE_B}), Permission.WORKORDER_VALIDATE, SITE_A, False),
    (Role.SUPERVISOR, None, Permission.USERS_MANAGE, None, False),
    (Role.ADMIN, None, Permission.BACKUP_MANAGE, None, True),
    (Role.ADMIN, None, Permission.EQUIPMENT_EDIT, SITE_C, True),
    # An admin restricted to some sites is restricted like anyone else.
    (Role.ADMIN, frozenset({SITE_A}), Permission.EQUIPMENT_EDIT, SITE_C, False),
    (Role.ADMIN, frozenset({SITE_A}), Permission.USERS_MANAGE, None, True),
]


@pytest.mark.parametrize(("role", "sites", "perm", "site", "expected"), _SCOPE_CASES)
def test_can_site_scope(
    role: Role,
    sites: frozenset[uuid.UUID] | None,
    perm: Permission,
    site: uuid.UUID | None,
    expected: bool,
) -> None:
    assert can(_actor(role, sites), perm, site) is expected


@pytest.mark.parametrize(("role", "sites", "perm", "site", "expected"), _SCOPE_CASES)
def test_require_agrees_with_can(
    role: Role,
    sites: frozenset[uuid.UUID] | None,
    perm: Permission,
    site: uuid.UUID | None,
    expected: bool,
) -> None:
    actor = _actor(role, sites)
    if expected:
        assert require(actor, perm, site) is None  # type: ignore[func-returns-value]
    else:
        with pytest.raises(PermissionDenied) as info:
            require(actor, perm, site)
        assert info.value.permission is perm
        assert info.value.site_id == site


@pytest.mark.parametrize(("role", "perm", "expected"), _CASES)
def test_can_unrestricted_actor_follows_matrix(role: str, perm: str, expected: bool) -> None:
    actor = _actor(Role(role), None)
    assert can(actor, Permission(perm), SITE_A) is expected
    assert can(actor, Permission(perm), None) is expected


@pytest.mark.parametrize(("role", "perm", "expected"), _CASES)
def test_can_outside_own_sites_is_always_false(role: str, perm: str, expected: bool) -> None:
    actor = _actor(Role(role), frozenset({SITE_A}))
    assert can(actor, Permission(perm), SITE_B) is False
    assert can(actor, Permission(perm), SITE_A) is expected


def test_denied_message_names_missing_role_permission() -> None:
    with pytest.raises(PermissionDenied) as info:
        require(_actor(Role.TECHNICIAN, None), Permission.WORKORDER_VALIDATE, SITE_A)
    message = str(info.value)
    assert "technician" in message
    assert "workorder.validate" in message
    assert info.value.actor.role is Role.TECHNICIAN


def test_denied_message_names_missing_site() -> None:
    with pytest.raises(PermissionDenied) as info:
        require(_actor(Role.SUPERVISOR, frozenset({SITE_A})), Permission.PLAN_MANAGE, SITE_B)
    message = str(info.value)
    assert str(SITE_B) in message
    assert str(USER) in message
    assert "plan.manage" in message


def test_actor_is_frozen_and_hashable() -> None:
    actor = _actor(Role.TECHNICIAN, _AB)
    with pytest.raises(AttributeError):
        actor.role = Role.ADMIN  # type: ignore[misc]
    assert actor == _actor(Role.TECHNICIAN, _AB)
    assert len({actor, _actor(Role.TECHNICIAN, _AB)}) == 1
