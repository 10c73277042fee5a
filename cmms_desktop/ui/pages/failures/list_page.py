"""Page "failures": every ticket of the user's sites, most urgent first, then oldest.

A lazy table over :class:`FailureListing` (100k tickets: only the pages on
screen are read), a filter bar (text, status, urgency, site, technician,
period) and an equipment field (scan or type a code, Enter), the actions the
lifecycle allows on the selected ticket (open, assign, validate, cancel) and,
above, the escalations (late tickets). Each minute the live downtimes and
the escalations move on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.escalation import Escalation, Trigger
from cmms_core.rules.permissions import Permission, has_permission
from cmms_core.rules.roles import Role
from cmms_core.rules.workorder import WorkOrderAction, WorkOrderStatus, allowed_actions
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import EquipmentRef, SiteOption, list_sites
from cmms_desktop.store.queries.failures import (
    OPEN_STATUS_VALUES,
    FailureFilter,
    FailureRow,
    current_escalations,
    get_failure_detail,
    list_assignable_users,
    lookup_equipment,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.failures.escalation_banner import (
    MAX_LINES,
    EscalationBanner,
    EscalationLine,
)
from cmms_desktop.ui.pages.failures.list_dialogs import AssignDialog, TransitionDialog
from cmms_desktop.ui.pages.failures.list_labels import (
    STATUS_COLOURS,
    STATUSES,
    URGENCY_COLOURS,
    URGENCY_LEVELS,
    status_label,
    urgency_label,
)
from cmms_desktop.ui.pages.failures.list_model import FailureColumn, FailureTableModel
from cmms_desktop.ui.pages.failures.page import REPORT_PAGE, SHEET_PAGE, as_id, now_utc
from cmms_desktop.ui.widgets.filter_bar import ChoiceItem, FilterBar, FilterState
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.scan_input import ScanInput
from cmms_desktop.ui.widgets.state_badge import StateBadgeDelegate

__all__ = ["OPEN", "TICK_MS", "FailureListPage"]

ROW_HEIGHT = 30
TICK_MS = 60_000  # live downtimes and escalations move on each minute
# the status filter's "every open ticket" choice
OPEN = "open"

# fits a 1280-pixel window with the navigation: the downtime stays in sight
_WIDTHS = {
    FailureColumn.NUMBER: 105,
    FailureColumn.EQUIPMENT: 158,
    FailureColumn.SITE: 50,
    FailureColumn.TYPE: 115,
    FailureColumn.URGENCY: 94,
    FailureColumn.STATUS: 125,
    FailureColumn.REPORTED_AT: 122,
    FailureColumn.ASSIGNEE: 110,
    FailureColumn.DOWNTIME: 115,
}


def _status_text(status: str) -> Callable[[], str]:
    return lambda: status_label(status)


def _urgency_text(level: int) -> Callable[[], str]:
    return lambda: urgency_label(level)


class FailureListPage(Page):
    """``show_argument(failure id)`` selects that ticket (searching its number)."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("failureList")
        self._engine = services.replica.engine
        self.clock: Callable[[], datetime] = now_utc
        self._loaded = False
        self._equipment_id: uuid.UUID | None = None
        self.last_dialog: QDialog | None = None
        self.last_menu: QMenu | None = None
        self.model = FailureTableModel(self._engine, session.site_ids, self.clock(), parent=self)

        # --- title
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.report_button = QPushButton(self)
        self.report_button.setObjectName("reportButton")
        self.report_button.setProperty("primary", True)
        self.report_button.clicked.connect(self._report)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addSpacing(12)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addStretch(1)
        title_row.addWidget(self.report_button)

        self.escalations = EscalationBanner(self)
        self.escalations.open_requested.connect(self.open_failure)
        self.banner = MessageBanner(self)

        # --- filters
        self.filter_bar = FilterBar(self)
        self.filter_bar.set_search_placeholder(lambda: self.tr("Ticket number, description…"))
        status_items: list[ChoiceItem] = [(OPEN, lambda: self.tr("Not closed"))]
        status_items += [(status, _status_text(status)) for status in STATUSES]
        self.filter_bar.add_choice("status", lambda: self.tr("Status"), status_items)
        self.filter_bar.add_choice(
            "urgency",
            lambda: self.tr("Urgency"),
            [(level, _urgency_text(level)) for level in reversed(URGENCY_LEVELS)],
            all_text=lambda: self.tr("All levels"),
        )
        sites = list_sites(self._engine, session.site_ids)
        self.filter_bar.add_choice(
            "site", lambda: self.tr("Site"), [(site.id, site.code) for site in sites]
        )
        technicians = self.filter_bar.add_choice(
            "technician", lambda: self.tr("Technician"), self._technician_items(sites)
        )
        technicians.setMaximumWidth(135)
        # never clipped: the search field gives way first
        self.filter_bar.clear_button.setSizePolicy(
            QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed
        )
        self.filter_bar.search_edit.setMinimumWidth(100)
        self.filter_bar.add_period("period", lambda: self.tr("Reported"))
        self.filter_bar.set_choice("status", OPEN)
        self.filter_bar.changed.connect(lambda _state: self.apply_filter())
        self.equipment_input = ScanInput(self, placeholder=lambda: self.tr("Equipment code…"))
        self.equipment_input.setObjectName("equipmentFilter")
        self.equipment_input.setFixedWidth(220)
        self.equipment_input.scanned.connect(self.filter_equipment)
        self.equipment_input.textChanged.connect(self._on_equipment_text)

        # --- actions
        self.open_action = self._action("openAction", self.open_selected)
        self.assign_action = self._action("assignAction", self.assign_selected)
        self.validate_action = self._action(
            "validateAction", lambda: self.transition_selected("validate")
        )
        self.cancel_action = self._action(
            "cancelAction", lambda: self.transition_selected("cancel")
        )
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("failureToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.row_actions():
            self.toolbar.addAction(action)
        self.equipment_label = QLabel(self)
        self.equipment_label.setObjectName("secondaryText")
        self.equipment_label.setBuddy(self.equipment_input)
        actions_row = QHBoxLayout()
        actions_row.setSpacing(8)
        actions_row.addWidget(self.toolbar, 1)
        actions_row.addWidget(self.equipment_label)
        actions_row.addWidget(self.equipment_input)

        # --- table
        self.table = QTableView(self)
        self.table.setObjectName("failureTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.urgency_delegate = StateBadgeDelegate(
            FailureTableModel.UrgencyRole, self.table, URGENCY_COLOURS
        )
        self.status_delegate = StateBadgeDelegate(
            FailureTableModel.StatusRole, self.table, STATUS_COLOURS
        )
        self.table.setItemDelegateForColumn(FailureColumn.URGENCY, self.urgency_delegate)
        self.table.setItemDelegateForColumn(FailureColumn.STATUS, self.status_delegate)
        self.table.setSortingEnabled(False)  # the order is the query's: urgency, then age
        self.table.activated.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsInserted.connect(lambda *_: self._show_count())

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(title_row)
        layout.addWidget(self.escalations)
        layout.addWidget(self.banner)
        layout.addWidget(self.filter_bar)
        layout.addLayout(actions_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.retranslate_ui()
        self._update_actions()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Failures")

    def show_argument(self, argument: object | None) -> None:
        self.ensure_loaded()
        failure_id = as_id(argument)
        if failure_id is not None:
            self.find_failure(failure_id)
        else:
            self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read the tickets again, keeping the filters, the scroll position and the selection."""
        if not self._loaded:
            return
        selected = self.selected_row()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_now(self.clock())
        self.model.reload()
        self.table.verticalScrollBar().setValue(scroll)
        if selected is not None:
            self.select(selected.id)
        self._after_reload()

    # ------------------------------------------------------------------ API

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.model.set_now(self.clock())
            self.model.set_filter(self.current_filter())
            self._after_reload()

    def current_filter(self) -> FailureFilter:
        return self._to_filter(self.filter_bar.state())

    def apply_filter(self) -> None:
        self._loaded = True
        self.model.set_now(self.clock())
        self.model.set_filter(self.current_filter())
        self._after_reload()

    def filter_equipment(self, code: str) -> bool:
        """A scanned or typed equipment code: the list keeps its tickets (False: none found)."""
        found = lookup_equipment(self._engine, code, scope_site_ids=self.session.site_ids)
        ref = found.exact or (found.matches[0] if len(found.matches) == 1 else None)
        if ref is None and found.matches:
            self._pick_equipment(found.matches)
            return False
        if ref is None:
            self.equipment_input.show_result("error")
            self.banner.show_message(
                "warning",
                lambda: self.tr("No equipment of your sites has the code “{code}”.").format(
                    code=code
                ),
            )
            return False
        self.banner.clear()
        self._set_equipment(ref.id, ref.code)
        return True

    def tick(self) -> None:
        """Each minute: live downtimes and escalations run to now."""
        now = self.clock()
        self.model.set_now(now)
        if self._loaded:
            self.refresh_escalations(now)

    def refresh_escalations(self, now: datetime | None = None) -> list[Escalation]:
        now = now or self.clock()
        found = current_escalations(self._engine, now, scope_site_ids=self.session.site_ids)
        # one line per late ticket, naming everyone told (most urgent first, as found)
        grouped: dict[tuple[uuid.UUID, str], list[Escalation]] = {}
        for escalation in found:
            grouped.setdefault((escalation.failure_id, escalation.trigger.value), []).append(
                escalation
            )
        lines: list[EscalationLine] = []
        for (failure_id, _trigger), same in list(grouped.items())[:MAX_LINES]:
            detail = get_failure_detail(self._engine, failure_id, now)
            if detail is None:
                continue
            first = same[0]
            since = detail.reported_at
            if first.trigger is Trigger.NOT_STARTED and detail.assigned_at is not None:
                since = detail.assigned_at
            lines.append(
                EscalationLine(
                    failure_id,
                    detail.number,
                    first.urgency,
                    first.trigger,
                    tuple(dict.fromkeys(e.escalate_to.value for e in same)),
                    max(0, int((now - since).total_seconds() // 60)),
                )
            )
        self.escalations.set_lines(lines, len(grouped))
        return found

    def selected_row(self) -> FailureRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.model.row_at(selected[0].row()) if selected else None

    def select(self, failure_id: uuid.UUID) -> bool:
        """Select the ticket if it is among the rows read."""
        top = max(self.table.rowAt(0), 0)
        self.model.row_at(top)
        row = self.model.row_of(failure_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def find_failure(self, failure_id: uuid.UUID) -> bool:
        """Show and select a ticket: in the list as filtered, else searched by its number."""
        if self.select(failure_id):
            return True
        detail = get_failure_detail(self._engine, failure_id, self.clock())
        if detail is None:
            return False
        self.filter_bar.clear()
        self.filter_bar.set_text(detail.number)
        return self.select(failure_id)

    def allowed(self, row: FailureRow) -> frozenset[WorkOrderAction]:
        return allowed_actions(
            WorkOrderStatus(row.status),
            self.session.role,
            row.assigned_to == self.session.user_id,
        )

    def row_actions(self) -> list[QAction]:
        return [self.open_action, self.assign_action, self.validate_action, self.cancel_action]

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_failure(row.id)

    def open_failure(self, failure_id: uuid.UUID) -> None:
        """The ticket's intervention sheet; without it (not built yet), the ticket in the list."""
        if self.navigator.can_navigate(SHEET_PAGE):
            self.navigator.navigate(SHEET_PAGE, failure_id)
            return
        self.find_failure(failure_id)
        self.banner.show_message(
            "info", lambda: self.tr("The intervention sheet is not available in this version.")
        )

    def assign_selected(self) -> AssignDialog | None:
        row = self.selected_row()
        if row is None or WorkOrderAction.ASSIGN not in self.allowed(row):
            return None
        dialog = AssignDialog(self.services, self.session, row, self)
        self._open(dialog)
        return dialog

    def transition_selected(self, action: str) -> TransitionDialog | None:
        row = self.selected_row()
        if row is None or WorkOrderAction(action) not in self.allowed(row):
            return None
        dialog = TransitionDialog(self.services, self.session, row, action, self)
        self._open(dialog)
        return dialog

    # ------------------------------------------------------------- internals

    def _to_filter(self, state: FilterState) -> FailureFilter:
        status = state.choice("status")
        statuses: frozenset[str] | None = None
        if status == OPEN:
            statuses = OPEN_STATUS_VALUES
        elif isinstance(status, str):
            statuses = frozenset({status})
        urgency = state.choice("urgency")
        site = state.choice("site")
        technician = state.choice("technician")
        period = state.period("period")
        return FailureFilter(
            site_ids=frozenset({site}) if isinstance(site, uuid.UUID) else None,
            statuses=statuses,
            urgencies=frozenset({urgency}) if isinstance(urgency, int) else None,
            equipment_id=self._equipment_id,
            technician_id=technician if isinstance(technician, uuid.UUID) else None,
            reported_from=period[0] if period is not None else None,
            reported_to=period[1] if period is not None else None,
            text=state.text,
        )

    def _technician_items(self, sites: Sequence[SiteOption]) -> list[ChoiceItem]:
        """Who works on the tickets of these sites (administrators left out), by name."""
        people: dict[uuid.UUID, str] = {}
        for site in sites:
            for user in list_assignable_users(self._engine, site.id):
                if user.role != Role.ADMIN.value:
                    people[user.id] = user.full_name
        return [(uid, name) for uid, name in sorted(people.items(), key=lambda p: p[1])]

    def _set_equipment(self, equipment_id: uuid.UUID | None, code: str = "") -> None:
        self._equipment_id = equipment_id
        self.equipment_input.blockSignals(True)
        self.equipment_input.setText(code)
        self.equipment_input.blockSignals(False)
        self.equipment_input.show_result("ok" if equipment_id is not None else None)
        self.apply_filter()

    def _pick_equipment(self, matches: Sequence[EquipmentRef]) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("equipmentPicker")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for ref in matches:
            action = menu.addAction(f"{ref.code} — {ref.name}")
            action.triggered.connect(
                lambda _checked=False, r=ref: self._set_equipment(r.id, r.code)
            )
        self.last_menu = menu
        menu.popup(self.equipment_input.mapToGlobal(QPoint(0, self.equipment_input.height())))
        return menu

    def _on_equipment_text(self, text: str) -> None:
        if not text.strip() and self._equipment_id is not None:
            self._set_equipment(None)

    def _action(self, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _open(self, dialog: AssignDialog | TransitionDialog) -> None:
        dialog.done_ok.connect(self._after_write)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()

    def _after_write(self, failure_id: object) -> None:
        self.refresh()
        if isinstance(failure_id, uuid.UUID):
            self.select(failure_id)
        self.refresh_escalations()

    def _report(self) -> None:
        if self.navigator.can_navigate(REPORT_PAGE):
            self.navigator.navigate(REPORT_PAGE, None)

    def _after_reload(self) -> None:
        self._show_count()
        self._update_actions()
        self.refresh_escalations()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.count_label.setText(self.tr("No ticket"))
        elif count == 1:
            self.count_label.setText(self.tr("1 ticket"))
        elif self.model.has_more():
            self.count_label.setText(
                self.tr("{count}+ tickets").format(count=QLocale().toString(count))
            )
        else:
            self.count_label.setText(
                self.tr("{count} tickets").format(count=QLocale().toString(count))
            )
        self.empty_label.setVisible(self._loaded and count == 0)
        self.empty_label.setText(self.tr("No ticket matches these filters."))

    def _update_actions(self) -> None:
        row = self.selected_row()
        allowed = self.allowed(row) if row is not None else frozenset()
        self.open_action.setEnabled(row is not None)
        for action, kind in (
            (self.assign_action, WorkOrderAction.ASSIGN),
            (self.validate_action, WorkOrderAction.VALIDATE),
            (self.cancel_action, WorkOrderAction.CANCEL),
        ):
            action.setVisible(row is None or kind in allowed)
            action.setEnabled(kind in allowed)
        role = self.session.role
        if not has_permission(role, Permission.WORKORDER_ASSIGN):
            self.assign_action.setVisible(False)
        if not has_permission(role, Permission.WORKORDER_VALIDATE):
            self.validate_action.setVisible(False)
        if not has_permission(role, Permission.WORKORDER_CANCEL):
            self.cancel_action.setVisible(False)
        self.report_button.setVisible(self.navigator.can_navigate(REPORT_PAGE))

    def _on_activated(self, index: QModelIndex) -> None:
        failure_id = self.model.failure_id(index.row())
        if failure_id is not None:
            self.open_failure(failure_id)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self.row_actions():
            if action.isVisible() and action.isEnabled():
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Failures"))
        self.report_button.setText(self.tr("Report a failure"))
        self.open_action.setText(self.tr("Open"))
        self.assign_action.setText(self.tr("Assign…"))
        self.validate_action.setText(self.tr("Validate and close…"))
        self.cancel_action.setText(self.tr("Cancel the ticket…"))
        self.equipment_label.setText(self.tr("&Equipment:"))
        self.equipment_input.setToolTip(
            self.tr("Scan or type an equipment code, then Enter: only its tickets are listed.")
        )
        self.model.retranslate()
        self._show_count()
