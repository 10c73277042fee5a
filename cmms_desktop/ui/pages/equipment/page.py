"""The equipment module's page: the list, and one equipment's detail, in one stack."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.equipment.actions import EquipmentActions
from cmms_desktop.ui.pages.equipment.detail_view import EquipmentDetailView
from cmms_desktop.ui.pages.equipment.list_view import EquipmentListView

__all__ = ["PAGE_KEY", "EquipmentPage"]

PAGE_KEY = "equipment"


class EquipmentPage(Page):
    """Page "equipment": ``show_argument(None)`` shows the list, an equipment id its detail.

    Opening an equipment goes through the navigator (so the main window knows
    where the user is); the list keeps its filters, sort and scroll position
    while a detail is shown.
    """

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.equipment_actions = EquipmentActions(services, session, navigator)
        self.list_view = EquipmentListView(services, session, self.equipment_actions, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._list_stale = False
        self._detail_view: EquipmentDetailView | None = None
        self.list_view.open_requested.connect(self.open_equipment)

    @property
    def detail_view(self) -> EquipmentDetailView:
        """The detail view, built the first time an equipment is opened (a faster start)."""
        if self._detail_view is None:
            view = EquipmentDetailView(self.services, self.session, self.equipment_actions, self)
            view.open_requested.connect(self.open_equipment)
            view.back_requested.connect(self.show_list)
            view.changed.connect(self._mark_list_stale)
            self.stack.addWidget(view)
            self._detail_view = view
        return self._detail_view

    def title(self) -> str:
        return self.tr("Equipment")

    def show_argument(self, argument: object | None) -> None:
        equipment_id = _as_id(argument)
        if equipment_id is None:
            self.stack.setCurrentWidget(self.list_view)
            self.list_view.ensure_loaded()
            if self._list_stale:
                self._list_stale = False
                self.list_view.refresh()
            self.list_view.table.setFocus()
        else:
            self.detail_view.show_equipment(equipment_id)
            self.stack.setCurrentWidget(self.detail_view)

    def refresh(self) -> None:
        """Re-read what is shown (a sync changed rows), keeping filters, sort and selection."""
        if self.showing_detail():
            self.detail_view.reload()
            self._list_stale = True
        else:
            self.list_view.refresh()

    def open_equipment(self, equipment_id: uuid.UUID) -> None:
        self._go(equipment_id)

    def show_list(self) -> None:
        self._go(None)

    def showing_detail(self) -> bool:
        return self._detail_view is not None and self.stack.currentWidget() is self._detail_view

    def retranslate_ui(self) -> None:
        self.list_view.retranslate_ui()
        if self._detail_view is not None:
            self._detail_view.retranslate_ui()

    def _go(self, argument: uuid.UUID | None) -> None:
        if self.navigator.can_navigate(PAGE_KEY):
            self.navigator.navigate(PAGE_KEY, argument)
        else:
            self.show_argument(argument)

    def _mark_list_stale(self) -> None:
        self._list_stale = True


def _as_id(argument: object | None) -> uuid.UUID | None:
    if isinstance(argument, uuid.UUID):
        return argument
    if isinstance(argument, str) and argument:
        try:
            return uuid.UUID(argument)
        except ValueError:
            return None
    return None
