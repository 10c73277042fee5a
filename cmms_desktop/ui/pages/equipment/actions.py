"""What a user may do with equipments, and the dialogs that do it (list and detail share them).

Dialogs are opened with ``open()`` (window-modal, no nested event loop) and
returned, so a caller or a test can reach them; ``on_saved`` runs after a
successful write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from cmms_core.rules.permissions import Permission, can, has_permission
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import get_equipment_detail
from cmms_desktop.ui.pages.base import Navigator
from cmms_desktop.ui.pages.equipment.form import EquipmentFormDialog
from cmms_desktop.ui.pages.equipment.state_dialog import ChangeStateDialog

__all__ = ["FAILURE_REPORT_PAGE", "MAINTENANCE_PLAN_PAGE", "EquipmentActions"]

# Pages of other modules this one links to (offered only once they exist).
FAILURE_REPORT_PAGE = "failures.new"
MAINTENANCE_PLAN_PAGE = "maintenance.plan"

Saved = Callable[[uuid.UUID], None]
_D = TypeVar("_D", EquipmentFormDialog, ChangeStateDialog)


class EquipmentActions:
    def __init__(
        self, services: DesktopServices, session: UserSession, navigator: Navigator
    ) -> None:
        self.services = services
        self.session = session
        self.navigator = navigator
        self.last_dialog: QDialog | None = None

    # ------------------------------------------------------------ who may

    def may_create(self) -> bool:
        """The role edits the register and the user has at least one site to put it in."""
        actor = self.session.actor
        return has_permission(actor.role, Permission.EQUIPMENT_EDIT) and (
            actor.site_ids is None or bool(actor.site_ids)
        )

    def may_edit_some(self) -> bool:
        return has_permission(self.session.role, Permission.EQUIPMENT_EDIT)

    def may_edit(self, site_id: uuid.UUID) -> bool:
        return can(self.session.actor, Permission.EQUIPMENT_EDIT, site_id)

    def may_set_state_some(self) -> bool:
        return has_permission(self.session.role, Permission.EQUIPMENT_SET_STATE)

    def may_set_state(self, site_id: uuid.UUID) -> bool:
        return can(self.session.actor, Permission.EQUIPMENT_SET_STATE, site_id)

    def may_report_failure(self) -> bool:
        return self.navigator.can_navigate(FAILURE_REPORT_PAGE) and has_permission(
            self.session.role, Permission.FAILURE_REPORT
        )

    def may_plan_maintenance(self) -> bool:
        return self.navigator.can_navigate(MAINTENANCE_PLAN_PAGE) and has_permission(
            self.session.role, Permission.PLAN_MANAGE
        )

    # ------------------------------------------------------------- doing

    def create(
        self, parent: QWidget, default_site_id: uuid.UUID | None, on_saved: Saved
    ) -> EquipmentFormDialog:
        dialog = EquipmentFormDialog(
            self.services, self.session, None, default_site_id=default_site_id, parent=parent
        )
        return self._open(dialog, on_saved)

    def edit(
        self, parent: QWidget, equipment_id: uuid.UUID, on_saved: Saved
    ) -> EquipmentFormDialog | None:
        detail = get_equipment_detail(self.services.replica.engine, equipment_id)
        if detail is None:
            return None
        dialog = EquipmentFormDialog(self.services, self.session, detail, parent=parent)
        return self._open(dialog, on_saved)

    def change_state(
        self, parent: QWidget, equipment_id: uuid.UUID, on_saved: Saved
    ) -> ChangeStateDialog | None:
        detail = get_equipment_detail(self.services.replica.engine, equipment_id)
        if detail is None:
            return None
        dialog = ChangeStateDialog(
            self.services,
            self.session,
            detail.id,
            detail.code,
            detail.name,
            detail.state,
            parent=parent,
        )
        return self._open(dialog, on_saved)

    def report_failure(self, equipment_id: uuid.UUID) -> None:
        self.navigator.navigate(FAILURE_REPORT_PAGE, equipment_id)

    def plan_maintenance(self, equipment_id: uuid.UUID) -> None:
        self.navigator.navigate(MAINTENANCE_PLAN_PAGE, equipment_id)

    def _open(self, dialog: _D, on_saved: Saved) -> _D:
        dialog.saved.connect(on_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog
