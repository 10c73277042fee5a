"""The parts catalogue: search as you type, filters, a lazy table, create and edit parts."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.permissions import Permission, can
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_equipment_types
from cmms_desktop.store.queries.parts import (
    PartFilter,
    get_part_detail,
    list_categories,
    list_supplier_options,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.equipment.parent_picker import ParentPicker
from cmms_desktop.ui.pages.stock.parts_form import PartDialog
from cmms_desktop.ui.pages.stock.parts_model import PartColumn, PartTableModel
from cmms_desktop.ui.widgets.filter_bar import FilterBar, FilterState

__all__ = ["PART_PAGE", "PartsPage"]

PART_PAGE = "stock.part"
ROW_HEIGHT = 28

_WIDTHS = {
    PartColumn.REFERENCE: 150,
    PartColumn.DESCRIPTION: 270,
    PartColumn.CATEGORY: 110,
    PartColumn.UNIT: 50,
    PartColumn.ON_HAND: 75,
    PartColumn.RESERVED: 75,
    PartColumn.AVAILABLE: 85,
    PartColumn.MIN_MAX: 85,
    PartColumn.LOCATION: 100,
}


class PartsPage(Page):
    """Page "stock.parts": every part, filtered and sorted by the database."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("partsPage")
        self._engine = services.replica.engine
        self._loaded = False
        self.model = PartTableModel(self._engine, session.site_ids, parent=self)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newPart")
        self.new_button.clicked.connect(self.create_part)
        self.new_button.setVisible(self.may_manage())
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editPart")
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.setVisible(self.may_manage())
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openPart")
        self.open_button.clicked.connect(self.open_selected)
        self.labels_button = QPushButton(self)
        self.labels_button.setObjectName("printLabels")
        self.labels_button.clicked.connect(self.print_labels)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addSpacing(12)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addStretch(1)
        for button in (self.open_button, self.edit_button, self.labels_button, self.new_button):
            title_row.addWidget(button)

        # --- filters: text, category, supplier, compatible equipment (type or one), below min
        self.filter_bar = FilterBar(self)
        self.filter_bar.set_search_placeholder(
            lambda: self.tr("Reference, description or barcode…")
        )
        self.filter_bar.add_choice(
            "category", lambda: self.tr("Category"), [(c, c) for c in list_categories(self._engine)]
        )
        self.filter_bar.add_choice(
            "supplier",
            lambda: self.tr("Supplier"),
            [(i, n) for i, n in list_supplier_options(self._engine)],
        )
        self.filter_bar.changed.connect(self._on_filter_changed)
        self.type_label = QLabel(self)
        self.type_label.setObjectName("secondaryText")
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("equipmentTypeFilter")
        self.type_combo.addItem("", None)
        for option in list_equipment_types(self._engine):
            self.type_combo.addItem(option.name, option.id)
        self.type_combo.currentIndexChanged.connect(self.apply_filter)
        self.type_label.setBuddy(self.type_combo)
        self.equipment_label = QLabel(self)
        self.equipment_label.setObjectName("secondaryText")
        self.equipment_picker = ParentPicker(self._engine, self)
        self.equipment_picker.setObjectName("equipmentFilter")
        self.equipment_picker.set_scope(None, None)
        self.equipment_picker.changed.connect(self.apply_filter)
        self.below_min_check = QCheckBox(self)
        self.below_min_check.setObjectName("belowMinFilter")
        self.below_min_check.toggled.connect(self.apply_filter)
        second_row = QHBoxLayout()
        second_row.addWidget(self.type_label)
        second_row.addWidget(self.type_combo, 1)
        second_row.addSpacing(16)
        second_row.addWidget(self.equipment_label)
        second_row.addWidget(self.equipment_picker, 1)
        second_row.addSpacing(16)
        second_row.addWidget(self.below_min_check)
        second_row.addStretch(1)

        # --- table
        self.table = QTableView(self)
        self.table.setObjectName("partsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.filter_bar.search_edit.setFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(title_row)
        layout.addWidget(self.filter_bar)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.retranslate_ui()
        self._update_buttons()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Parts")

    def show_argument(self, argument: object | None) -> None:
        self.ensure_loaded()
        if isinstance(argument, str):
            self.filter_bar.set_text(argument)

    def refresh(self) -> None:
        if self._loaded:
            scroll = self.table.verticalScrollBar().value()
            self.model.reload()
            self.table.verticalScrollBar().setValue(scroll)
            self._show_count()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Parts catalogue"))
        self.new_button.setText(self.tr("New part"))
        self.edit_button.setText(self.tr("Edit"))
        self.open_button.setText(self.tr("Open"))
        self.labels_button.setText(self.tr("Print labels…"))
        self.equipment_label.setText(self.tr("Compatible with"))
        self.type_label.setText(self.tr("Equipment type"))
        self.type_combo.setItemText(0, self.tr("All"))
        self.below_min_check.setText(self.tr("Below minimum only"))
        self.model.retranslate()
        if self._loaded:
            self._show_count()

    # ------------------------------------------------------------------ API

    def may_manage(self) -> bool:
        return can(self.session.actor, Permission.PARTS_MANAGE, None)

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.model.set_filter(self.current_filter())
            self._show_count()

    def current_filter(self) -> PartFilter:
        state = self.filter_bar.state()
        return self._filter_of(state)

    def apply_filter(self) -> None:
        self.filter_bar.flush()
        self._loaded = True
        self.model.set_filter(self.current_filter())
        self._show_count()

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [pid for pid in (self.model.part_id(r) for r in rows) if pid is not None]

    def open_part(self, part_id: uuid.UUID) -> None:
        if self.navigator.can_navigate(PART_PAGE):
            self.navigator.navigate(PART_PAGE, part_id)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_part(ids[0])

    def create_part(self) -> PartDialog:
        dialog = PartDialog(self.services, self.session, None, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def edit_selected(self) -> PartDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        detail = get_part_detail(self._engine, ids[0], self.session.site_ids)
        if detail is None:
            self.refresh()
            return None
        dialog = PartDialog(self.services, self.session, detail, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def print_labels(self) -> None:
        from cmms_desktop.ui.pages.stock.labels_dialog import LabelsDialog

        dialog = LabelsDialog(self.services, self.session, self.selected_ids(), self)
        dialog.open()

    # ------------------------------------------------------------- internals

    def _filter_of(self, state: FilterState) -> PartFilter:
        category = state.choice("category")
        supplier = state.choice("supplier")
        equipment_type = self.type_combo.currentData()
        return PartFilter(
            text=state.text,
            category=category if isinstance(category, str) else None,
            supplier_id=supplier if isinstance(supplier, uuid.UUID) else None,
            equipment_type_id=equipment_type if isinstance(equipment_type, uuid.UUID) else None,
            equipment_id=self.equipment_picker.value(),
            below_min=self.below_min_check.isChecked(),
        )

    def _on_filter_changed(self, state: FilterState) -> None:
        self._loaded = True
        self.model.set_filter(self._filter_of(state))
        self._show_count()

    def _on_activated(self, index: QModelIndex) -> None:
        part_id = self.model.part_id(index.row())
        if part_id is not None:
            self.open_part(part_id)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.count_label.setText(self.tr("No part"))
        elif count == 1:
            self.count_label.setText(self.tr("1 part"))
        else:
            self.count_label.setText(
                self.tr("{count} parts").format(count=QLocale().toString(count))
            )
        self.empty_label.setVisible(count == 0)
        self.empty_label.setText(self.tr("No part matches these filters."))

    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(selected)
        self.edit_button.setEnabled(selected)

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)
