"""The equipment list: filter bar, a lazy table of up to 100k rows, quick actions."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import (
    EquipmentFilter,
    EquipmentRow,
    list_equipment_types,
    list_lines,
    list_sites,
)
from cmms_desktop.ui.models.equipment_table import EquipmentColumn, EquipmentTableModel
from cmms_desktop.ui.pages.equipment.actions import EquipmentActions
from cmms_desktop.ui.pages.equipment.combos import add_id_item, current_id
from cmms_desktop.ui.pages.equipment.labels import STATES, criticality_label, state_label
from cmms_desktop.ui.widgets.state_badge import StateBadgeDelegate

__all__ = ["SEARCH_DELAY_MS", "EquipmentListView"]

SEARCH_DELAY_MS = 150
ROW_HEIGHT = 30

# Default widths, in the model's column order.
_WIDTHS = {
    EquipmentColumn.CODE: 125,
    EquipmentColumn.NAME: 230,
    EquipmentColumn.TYPE: 160,
    EquipmentColumn.SITE: 115,
    EquipmentColumn.LINE: 150,
    EquipmentColumn.STATE: 175,  # fits "Under maintenance" / "En maintenance" pills
    EquipmentColumn.CRITICALITY: 90,
    EquipmentColumn.MANUFACTURER: 130,
    EquipmentColumn.LOCATION: 160,
}


class EquipmentListView(QWidget):
    """Emits ``open_requested(equipment_id)`` on double-click, Enter or "Open"."""

    open_requested = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        actions: EquipmentActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentList")
        self._services = services
        self._session = session
        self._engine = services.replica.engine
        self.equipment_actions = actions
        self._loaded = False

        self.model = EquipmentTableModel(
            self._engine,
            session.site_ids,
            state_label=state_label,
            criticality_label=criticality_label,
            parent=self,
        )

        # --- title
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addSpacing(12)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addStretch(1)

        # --- filter bar
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(280)
        self.site_combo = self._combo("siteFilter")
        self.line_combo = self._combo("lineFilter")
        self.state_combo = self._combo("stateFilter")
        self.type_combo = self._combo("typeFilter")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("linkButton")
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search_edit, 2)
        for combo in (self.site_combo, self.line_combo, self.state_combo, self.type_combo):
            filters.addWidget(combo, 1)
        filters.addWidget(self.clear_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_filter)

        # --- actions
        self.open_action = self._action("openAction", self._open_selected)
        self.new_action = self._action("newAction", self._create)
        self.edit_action = self._action("editAction", self._edit_selected)
        self.state_action = self._action("stateAction", self._change_state_selected)
        self.failure_action = self._action("failureAction", self._report_failure_selected)
        self.plan_action = self._action("planAction", self._plan_selected)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("equipmentToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self._row_actions():
            self.toolbar.addAction(action)
        self.new_action.setVisible(actions.may_create())
        self.edit_action.setVisible(actions.may_edit_some())
        self.state_action.setVisible(actions.may_set_state_some())
        self.failure_action.setVisible(actions.may_report_failure())
        self.plan_action.setVisible(actions.may_plan_maintenance())

        # --- table
        self.table = QTableView(self)
        self.table.setObjectName("equipmentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        # fixed heights: the view never measures 100k rows
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.state_delegate = StateBadgeDelegate(EquipmentTableModel.StateRole, self.table)
        self.table.setItemDelegateForColumn(EquipmentColumn.STATE, self.state_delegate)
        header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)  # header clicks call model.sort: SQL ORDER BY
        self.table.activated.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.search_edit.setFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(title_row)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self._fill_filter_choices()
        self.site_combo.currentIndexChanged.connect(self._on_site_changed)
        for combo in (self.line_combo, self.state_combo, self.type_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.retranslate_ui()
        self._update_actions()

    # ------------------------------------------------------------------ API

    def ensure_loaded(self) -> None:
        """Read the list the first time it is shown (not when the window is built)."""
        if not self._loaded:
            self._loaded = True
            self.model.reload()
            self._after_reload()

    def current_filter(self) -> EquipmentFilter:
        site = current_id(self.site_combo)
        state = self.state_combo.currentData()
        return EquipmentFilter(
            site_ids=frozenset({site}) if site is not None else None,
            line_id=current_id(self.line_combo),
            state=state if isinstance(state, str) and state else None,
            type_id=current_id(self.type_combo),
            text=self.search_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        """Show what the filter bar asks for now (the search's pause is skipped)."""
        self._search_timer.stop()
        self._loaded = True
        self.model.set_filter(self.current_filter())
        self._after_reload()

    def clear_filters(self) -> None:
        for combo in (self.site_combo, self.line_combo, self.state_combo, self.type_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._fill_lines()
        self.apply_filter()

    def refresh(self, select_id: uuid.UUID | None = None) -> None:
        """Read the rows again (after a change), keeping the scroll position and selection."""
        if not self._loaded:
            return
        selected = self.table.selectionModel().selectedRows()
        hint = selected[0].row() if selected else None
        keep = select_id or self.selected_id()
        scroll = self.table.verticalScrollBar().value()
        self.model.reload()
        self.table.verticalScrollBar().setValue(scroll)
        if keep is not None:
            self.select(keep, hint)
        self._after_reload()

    def select(self, equipment_id: uuid.UUID, hint: int | None = None) -> bool:
        """Select the equipment if it is at row ``hint`` or among the rows on screen."""
        row: int | None = None
        if hint is not None and self.model.equipment_id(hint) == equipment_id:
            row = hint
        else:
            # read the rows on screen (that the view is about to paint anyway), then look
            top = max(self.table.rowAt(0), 0)
            bottom = self.table.rowAt(self.table.viewport().height())
            for number in (top, bottom if bottom >= 0 else self.model.rowCount() - 1):
                self.model.row_at(number)
            row = self.model.row_of(equipment_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def selected_row(self) -> EquipmentRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.model.row_at(selected[0].row()) if selected else None

    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return None if row is None else row.id

    def row_actions(self) -> list[QAction]:
        return self._row_actions()

    # ------------------------------------------------------------- building

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setMinimumContentsLength(10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _action(self, name: str, slot: Callable[[], None]) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _row_actions(self) -> list[QAction]:
        return [
            self.open_action,
            self.new_action,
            self.edit_action,
            self.state_action,
            self.failure_action,
            self.plan_action,
        ]

    def _fill_filter_choices(self) -> None:
        self.site_combo.addItem("", None)
        for site in list_sites(self._engine, self._session.site_ids):
            add_id_item(self.site_combo, site.name, site.id)
        self.state_combo.addItem("", None)
        for state in STATES:
            self.state_combo.addItem(state_label(state), state)
        self.type_combo.addItem("", None)
        for option in list_equipment_types(self._engine):
            add_id_item(self.type_combo, option.name, option.id)
        self._fill_lines()

    def _fill_lines(self) -> None:
        site = current_id(self.site_combo)
        self.line_combo.blockSignals(True)
        self.line_combo.clear()
        self.line_combo.addItem(self.tr("All lines"), None)
        if site is not None:
            for line in list_lines(self._engine, [site]):
                add_id_item(self.line_combo, line.name, line.id)
        self.line_combo.setEnabled(site is not None)
        self.line_combo.blockSignals(False)

    # ------------------------------------------------------------- reacting

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)

    def _on_site_changed(self) -> None:
        self._fill_lines()
        self.apply_filter()

    def _after_reload(self) -> None:
        self._show_count()
        self._update_actions()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.count_label.setText(self.tr("No equipment"))
        elif count == 1:
            self.count_label.setText(self.tr("1 equipment"))
        else:
            self.count_label.setText(
                self.tr("{count} equipments").format(count=QLocale().toString(count))
            )
        filtered = self.current_filter() != EquipmentFilter()
        self.empty_label.setVisible(self._loaded and count == 0)
        self.empty_label.setText(
            self.tr("No equipment matches these filters.")
            if filtered
            else self.tr("No equipment yet.")
        )
        self.clear_button.setVisible(filtered)

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.open_action.setEnabled(row is not None)
        may = self.equipment_actions
        self.edit_action.setEnabled(row is not None and may.may_edit(row.site_id))
        self.state_action.setEnabled(row is not None and may.may_set_state(row.site_id))
        self.failure_action.setEnabled(row is not None)
        self.plan_action.setEnabled(row is not None)

    def _on_activated(self, index: QModelIndex) -> None:
        equipment_id = self.model.equipment_id(index.row())
        if equipment_id is not None:
            self.open_requested.emit(equipment_id)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setObjectName("equipmentContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self._row_actions():
            if action.isVisible():
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _open_selected(self) -> None:
        equipment_id = self.selected_id()
        if equipment_id is not None:
            self.open_requested.emit(equipment_id)

    def _create(self) -> None:
        self.equipment_actions.create(self, current_id(self.site_combo), self._saved_and_select)

    def _edit_selected(self) -> None:
        equipment_id = self.selected_id()
        if equipment_id is not None:
            self.equipment_actions.edit(self, equipment_id, self._saved_and_select)

    def _change_state_selected(self) -> None:
        equipment_id = self.selected_id()
        if equipment_id is not None:
            self.equipment_actions.change_state(self, equipment_id, self._saved_and_select)

    def _report_failure_selected(self) -> None:
        equipment_id = self.selected_id()
        if equipment_id is not None:
            self.equipment_actions.report_failure(equipment_id)

    def _plan_selected(self) -> None:
        equipment_id = self.selected_id()
        if equipment_id is not None:
            self.equipment_actions.plan_maintenance(equipment_id)

    def _saved_and_select(self, equipment_id: uuid.UUID) -> None:
        self.refresh(select_id=equipment_id)

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Equipment"))
        self.search_edit.setPlaceholderText(self.tr("Search code, name, serial number…"))
        self.search_edit.setToolTip(
            self.tr(
                "Finds the equipments whose code, name, manufacturer, model, serial number "
                "or location contain every word typed."
            )
        )
        self.site_combo.setItemText(0, self.tr("All sites"))
        self.line_combo.setItemText(0, self.tr("All lines"))
        self.state_combo.setItemText(0, self.tr("All states"))
        for index in range(1, self.state_combo.count()):
            self.state_combo.setItemText(index, state_label(str(self.state_combo.itemData(index))))
        self.type_combo.setItemText(0, self.tr("All types"))
        self.site_combo.setToolTip(self.tr("Site"))
        self.line_combo.setToolTip(self.tr("Production line (choose a site first)"))
        self.state_combo.setToolTip(self.tr("State"))
        self.type_combo.setToolTip(self.tr("Equipment type"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.open_action.setText(self.tr("Open"))
        self.new_action.setText(self.tr("New equipment"))
        self.edit_action.setText(self.tr("Edit"))
        self.state_action.setText(self.tr("Change state"))
        self.failure_action.setText(self.tr("Report a failure"))
        self.plan_action.setText(self.tr("Plan maintenance"))
        self.model.retranslate()
        self._show_count()
