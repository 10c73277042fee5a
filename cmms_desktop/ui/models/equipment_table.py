"""The equipment list as a lazy table model: 100k rows, only the visible pages read."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from sqlalchemy import Engine

from cmms_desktop.store.queries.equipment import (
    EquipmentFilter,
    EquipmentListing,
    EquipmentRow,
)
from cmms_desktop.ui.models.lazy_table import (
    DEFAULT_PAGE_SIZE,
    LazyTableModel,
    PagedSource,
    TableColumn,
)

__all__ = ["EquipmentColumn", "EquipmentTableModel", "Labeler"]

# Turns a stored value ("down", "high") into the words shown, in the current language.
Labeler = Callable[[str], str]


def _same(value: str) -> str:
    return value


class EquipmentColumn(IntEnum):
    CODE = 0
    NAME = 1
    TYPE = 2
    SITE = 3
    LINE = 4
    STATE = 5
    CRITICALITY = 6
    MANUFACTURER = 7
    LOCATION = 8


class EquipmentTableModel(LazyTableModel[EquipmentRow]):
    """The equipments a filter keeps, within the user's sites, sorted by the database.

    Custom roles: ``EquipmentIdRole`` (uuid), ``StateRole`` and
    ``CriticalityRole`` (stored values, e.g. "down", "high"),
    ``SiteIdRole`` (uuid) and ``RowRole`` (the whole EquipmentRow).
    """

    EquipmentIdRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2
    CriticalityRole = Qt.ItemDataRole.UserRole + 3
    SiteIdRole = Qt.ItemDataRole.UserRole + 4
    extra_roles = frozenset({EquipmentIdRole, StateRole, CriticalityRole, SiteIdRole})

    def __init__(
        self,
        engine: Engine,
        scope_site_ids: frozenset[uuid.UUID] | None,
        *,
        state_label: Labeler = _same,
        criticality_label: Labeler = _same,
        page_size: int = DEFAULT_PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        self._engine = engine
        self._scope = scope_site_ids
        self._filter = EquipmentFilter()
        self._state_label = state_label
        self._criticality_label = criticality_label
        columns: list[TableColumn[EquipmentRow]] = [
            TableColumn(
                "code",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Code"),
                lambda r: r.code,
                "code",
            ),
            TableColumn(
                "name",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Name"),
                lambda r: r.name,
                "name",
            ),
            TableColumn(
                "type",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Type"),
                lambda r: r.type_name,
                "type",
            ),
            TableColumn(
                "site",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Site"),
                lambda r: r.site_name,
                "site",
            ),
            TableColumn(
                "line",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Line"),
                lambda r: r.line_name,
                "line",
            ),
            TableColumn(
                "state",
                lambda: QCoreApplication.translate("EquipmentTableModel", "State"),
                lambda r: self._state_label(r.state),
                "state",
            ),
            TableColumn(
                "criticality",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Criticality"),
                lambda r: self._criticality_label(r.criticality),
                "criticality",
            ),
            TableColumn(
                "manufacturer",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Manufacturer"),
                lambda r: r.manufacturer,
                "manufacturer",
            ),
            TableColumn(
                "location",
                lambda: QCoreApplication.translate("EquipmentTableModel", "Location"),
                lambda r: r.location,
                "location",
            ),
        ]
        super().__init__(columns, page_size=page_size, parent=parent)

    # ------------------------------------------------------------------ API

    def filter(self) -> EquipmentFilter:
        return self._filter

    def set_filter(self, filter: EquipmentFilter) -> None:
        """Show what ``filter`` keeps (a model reset, even if it did not change)."""
        self._filter = filter
        self.reload()

    def equipment_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def row_of(self, equipment_id: uuid.UUID) -> int | None:
        """The row showing this equipment, if it is in a page already read."""
        return self.find_cached_row(lambda row: row.id == equipment_id)

    # ------------------------------------------------------------- subclass

    def make_source(self, sort_key: str, descending: bool) -> PagedSource[EquipmentRow]:
        return EquipmentListing(
            self._engine,
            self._filter,
            sort_key,
            descending,
            scope_site_ids=self._scope,
            first_page=self.page_size,
        )

    def row_data(self, row: EquipmentRow, column: TableColumn[EquipmentRow], role: int) -> Any:
        if role == self.EquipmentIdRole:
            return row.id
        if role == self.StateRole:
            return row.state
        if role == self.CriticalityRole:
            return row.criticality
        if role == self.SiteIdRole:
            return row.site_id
        return None
