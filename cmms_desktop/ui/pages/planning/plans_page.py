"""Page "planning.plans": the maintenance plans and the template library.

The list reads the replica with its filters in SQL (text, kind, site, active);
the editor (:class:`PlanFormDialog`) creates and edits plans and templates;
a template is applied to many equipments at once (:class:`ApplyTemplateDialog`);
a plan's tasks are generated over a horizon (:class:`GenerateTasksDialog`).
Dialogs are opened with ``open()`` and kept in ``last_dialog`` (tests, screenshots).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.permissions import Permission, can
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.preventive import (
    PlanFilter,
    PlanRow,
    get_plan,
    list_plans,
    list_sites,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.planning.plans_form import PlanFormDialog, TargetKind
from cmms_desktop.ui.pages.planning.plans_labels import (
    format_day,
    format_minutes,
    maintenance_type_label,
    recurrence_summary,
)
from cmms_desktop.ui.pages.planning.plans_template import ApplyTemplateDialog, GenerateTasksDialog
from cmms_desktop.ui.widgets.filter_bar import FilterBar, FilterState

__all__ = ["PLANS_PAGE", "PlansPage"]

PLANS_PAGE = "planning.plans"
_ID_ROLE = Qt.ItemDataRole.UserRole
_COLUMNS = 9
_WIDTHS = (250, 80, 170, 50, 170, 70, 65, 70, 100)
_D = TypeVar("_D", bound=QDialog)


class PlansPage(Page):
    """Plans and templates; ``show_argument(plan_id)`` opens that plan's editor."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self._today = today
        self._rows: list[PlanRow] = []
        self.last_dialog: QDialog | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addSpacing(12)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addStretch(1)

        self.filters = FilterBar(self)
        self.filters.set_search_placeholder(lambda: self.tr("Plan, equipment or type…"))
        self.filters.add_choice(
            "kind",
            lambda: self.tr("Show"),
            [("plan", lambda: self.tr("Plans")), ("template", lambda: self.tr("Templates"))],
        )
        self.filters.add_choice(
            "site",
            lambda: self.tr("Site"),
            [(site.id, site.code) for site in list_sites(self._engine, session.site_ids)],
        )
        self.filters.add_choice(
            "active",
            lambda: self.tr("State"),
            [(True, lambda: self.tr("Active")), (False, lambda: self.tr("Paused"))],
        )
        self.filters.changed.connect(self._on_filter)

        self.new_button = self._button("newPlan", lambda: self.new_plan("equipment"))
        self.new_template_button = self._button("newTemplate", lambda: self.new_plan("template"))
        self.edit_button = self._button("editPlan", self.edit_selected)
        self.apply_button = self._button("applyTemplate", self.apply_selected)
        self.generate_button = self._button("generateTasks", self.generate_selected)
        self.new_button.setProperty("primary", True)
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.new_template_button,
            self.edit_button,
            self.apply_button,
            self.generate_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)

        self.table = QTableWidget(0, _COLUMNS, self)
        self.table.setObjectName("plansTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.table.itemActivated.connect(lambda _item: self.edit_selected())
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(title_row)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.retranslate_ui()
        self.refresh()

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ data

    def plan_filter(self, state: FilterState | None = None) -> PlanFilter:
        state = state or self.filters.state()
        site = state.choice("site")
        active = state.choice("active")
        kind = state.choice("kind")
        return PlanFilter(
            text=state.text,
            site_id=site if isinstance(site, uuid.UUID) else None,
            kind=str(kind) if kind else None,
            active=bool(active) if isinstance(active, bool) else None,
        )

    def _on_filter(self, state: object) -> None:
        assert isinstance(state, FilterState)
        self._load(self.plan_filter(state))

    def refresh(self) -> None:
        self._load(self.plan_filter())

    def _load(self, plan_filter: PlanFilter) -> None:
        selected = self.selected_id()
        self._rows = list_plans(self._engine, plan_filter, self.session.site_ids)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self._rows))
        for row, plan in enumerate(self._rows):
            self._fill_row(row, plan)
            if plan.id == selected:
                self.table.selectRow(row)
        self.count_label.setText(self.tr("{n} plan(s)").format(n=len(self._rows)))
        self.empty_label.setVisible(not self._rows)
        self._update_actions()

    def _fill_row(self, row: int, plan: PlanRow) -> None:
        if plan.is_template:
            target = plan.type_name or self.tr("Any equipment")
        elif plan.equipment_code:
            target = plan.equipment_code
        else:
            target = self.tr("Type: {type}").format(type=plan.type_name or "?")
        values = [
            plan.name,
            self.tr("Template")
            if plan.is_template
            else maintenance_type_label(plan.maintenance_type),
            target,
            plan.site_code or ("—" if plan.is_template else self.tr("All")),
            recurrence_summary(plan.recurrence),
            self.tr("± {n} d").format(n=plan.tolerance_days),
            format_minutes(plan.estimated_minutes),
            str(plan.checklist_size),
            format_day(plan.last_done_at),
        ]
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setData(_ID_ROLE, str(plan.id))
            if column == 0 and not plan.active:
                item.setText(self.tr("{name} (paused)").format(name=plan.name))
                item.setForeground(Qt.GlobalColor.gray)
            if column == 0:
                item.setToolTip(plan.name)
            if column == 4:
                item.setToolTip(text)
            self.table.setItem(row, column, item)

    def selected_row(self) -> PlanRow | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows()
        if not selected or not 0 <= row < len(self._rows):
            return None
        return self._rows[row]

    def selected_id(self) -> uuid.UUID | None:
        found = self.selected_row()
        return found.id if found else None

    def select_plan(self, plan_id: uuid.UUID) -> bool:
        for row, plan in enumerate(self._rows):
            if plan.id == plan_id:
                self.table.selectRow(row)
                return True
        return False

    def rows(self) -> list[PlanRow]:
        return list(self._rows)

    # --------------------------------------------------------------- actions

    def may_manage(self, site_id: uuid.UUID | None) -> bool:
        return can(self.session.actor, Permission.PLAN_MANAGE, site_id)

    def _update_actions(self) -> None:
        plan = self.selected_row()
        manage = plan is not None and self.may_manage(plan.site_id)
        self.edit_button.setEnabled(manage)
        self.apply_button.setEnabled(manage and plan is not None and plan.is_template)
        self.generate_button.setEnabled(
            manage and plan is not None and not plan.is_template and plan.active
        )
        self.new_template_button.setVisible(self.may_manage(None))

    def new_plan(
        self, target: TargetKind = "equipment", equipment_id: uuid.UUID | None = None
    ) -> PlanFormDialog:
        dialog = PlanFormDialog(
            self.services,
            self.session,
            None,
            target=target,
            equipment_id=equipment_id,
            today=self._today,
            parent=self,
        )
        return self._open(dialog)

    def edit_plan(self, plan_id: uuid.UUID) -> PlanFormDialog | None:
        record = get_plan(self._engine, plan_id)
        if record is None:
            return None
        dialog = PlanFormDialog(self.services, self.session, record, today=self._today, parent=self)
        return self._open(dialog)

    def edit_selected(self) -> PlanFormDialog | None:
        plan_id = self.selected_id()
        return self.edit_plan(plan_id) if plan_id else None

    def apply_selected(self) -> ApplyTemplateDialog | None:
        plan_id = self.selected_id()
        record = get_plan(self._engine, plan_id) if plan_id else None
        if record is None or not record.is_template:
            return None
        dialog = ApplyTemplateDialog(self.services, self.session, record, parent=self)
        dialog.applied.connect(lambda _ids: self.refresh())
        return self._open(dialog)

    def generate_selected(self) -> GenerateTasksDialog | None:
        plan_id = self.selected_id()
        record = get_plan(self._engine, plan_id) if plan_id else None
        if record is None or record.is_template:
            return None
        dialog = GenerateTasksDialog(
            self.services, self.session, record, today=self._today, parent=self
        )
        dialog.generated.connect(self.refresh)
        return self._open(dialog)

    def _open(self, dialog: _D) -> _D:
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _on_saved(self, plan_id: object) -> None:
        self.refresh()
        if isinstance(plan_id, uuid.UUID):
            self.select_plan(plan_id)

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Plans & templates")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            self.refresh()
            if self.select_plan(argument):
                self.edit_plan(argument)
        else:
            self.refresh()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Maintenance plans"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Type"),
                self.tr("Applies to"),
                self.tr("Site"),
                self.tr("Recurrence"),
                self.tr("Tolerance"),
                self.tr("Duration"),
                self.tr("Checklist"),
                self.tr("Last done"),
            ]
        )
        self.new_button.setText(self.tr("New plan…"))
        self.new_template_button.setText(self.tr("New template…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.apply_button.setText(self.tr("Apply the template…"))
        self.generate_button.setText(self.tr("Generate the tasks…"))
        self.empty_label.setText(self.tr("No plan matches these filters."))
        if self._rows:
            self.refresh()
