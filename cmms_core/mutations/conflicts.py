"""Deciding a same-field conflict the sync recorded (``sync_conflicts``).

The server settles two writes of one field that did not see each other by
their clocks and keeps the losing value (``update_row``, docs/sync-protocol.md
"Conflicts"). Someone who may edit the row then decides: keep what won, or
bring the lost value back. Bringing it back is a new write of the field with
this command's own, newer clock, on the server and then every replica.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from typing import Literal

from sqlalchemy import Table

from cmms_core.mutations.base import (
    SECRET_FIELDS,
    MutationContext,
    MutationRejected,
    MutationSpec,
    Payload,
    fetch_live_row,
    require_permission,
    update_row,
)
from cmms_core.protocol import column_kind, decode_value
from cmms_core.rules.permissions import Permission
from cmms_core.schema import synced_tables
from cmms_core.schema.sync import sync_conflicts

# Who may decide a conflict on a row of a table: who may edit that row. A
# table not listed here is decided by the administrators (settings.manage).
EDIT_PERMISSIONS: Mapping[str, Permission] = {
    "equipments": Permission.EQUIPMENT_EDIT,
    "production_lines": Permission.EQUIPMENT_EDIT,
    "equipment_types": Permission.EQUIPMENT_EDIT,
    "attachments": Permission.EQUIPMENT_EDIT,
    "users": Permission.USERS_MANAGE,
    "user_permissions": Permission.USERS_MANAGE,
    "sites": Permission.SETTINGS_MANAGE,
    # two people's versions of a repair sheet: the supervisor who validates decides
    "repair_interventions": Permission.WORKORDER_VALIDATE,
    "failures": Permission.WORKORDER_VALIDATE,
}


@functools.cache
def _tables() -> Mapping[str, Table]:
    return {table.name: table for table in synced_tables()}


class ConflictResolve(Payload):
    id: uuid.UUID  # the sync_conflicts row
    # "kept": the field keeps the value that won; "lost": the lost value comes back
    choice: Literal["kept", "lost"]


def resolve(ctx: MutationContext, p: ConflictResolve) -> None:
    conflict = fetch_live_row(ctx.conn, sync_conflicts, p.id)
    table = _tables().get(conflict["entity"])
    name = conflict["field"]
    if table is None or name not in table.c:
        raise MutationRejected("invalid", f"no field {conflict['entity']}.{name} to decide")
    permission = EDIT_PERMISSIONS.get(table.name, Permission.SETTINGS_MANAGE)
    actor = require_permission(ctx, permission, conflict["site_id"])
    if conflict["resolved_at"] is not None:
        raise MutationRejected(
            "invalid_state", f"this conflict was already decided ({conflict['resolution']})"
        )
    if p.choice == "lost":
        if name in SECRET_FIELDS:
            raise MutationRejected(
                "invalid",
                "a lost password cannot be brought back: set a new one",
                {"choice": "secret_field"},
            )
        row = fetch_live_row(ctx.conn, table, conflict["entity_id"])
        value = decode_value(column_kind(table.c[name]), conflict["lost_value"])
        update_row(ctx, "conflict.resolve", table, row, {name: value}, merge_fields=True)
    update_row(
        ctx,
        "conflict.resolve",
        sync_conflicts,
        conflict,
        {"resolved_at": ctx.now, "resolved_by": actor.user_id, "resolution": p.choice},
    )


SPECS: list[MutationSpec] = [  # type: ignore[type-arg]
    MutationSpec("conflict.resolve", ConflictResolve, resolve),
]
