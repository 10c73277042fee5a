"""The purchase-order list as a lazy table model (sorted and filtered by the database)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from sqlalchemy import Engine

from cmms_desktop.store.queries.purchasing import POFilter, POListing, PORow
from cmms_desktop.ui.models.lazy_table import LazyTableModel, PagedSource, TableColumn
from cmms_desktop.ui.pages.stock.purchasing_labels import (
    format_day,
    format_money,
    po_status_label,
)

__all__ = ["PurchaseOrderTableModel"]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PurchaseOrderTableModel(LazyTableModel[PORow]):
    """Orders of the user's sites. ``StatusRole``: the stored status (the pill's colour)."""

    StatusRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    extra_roles = frozenset({StatusRole, IdRole})

    def __init__(
        self,
        engine: Engine,
        site_ids: frozenset[uuid.UUID] | None,
        parent: QObject | None = None,
    ) -> None:
        self._engine = engine
        self._site_ids = site_ids
        self._filter = POFilter()
        columns: list[TableColumn[PORow]] = [
            TableColumn(
                "number",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Number"),
                lambda r: r.number,
                "number",
            ),
            TableColumn(
                "supplier",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Supplier"),
                lambda r: r.supplier_name,
                "supplier",
            ),
            TableColumn(
                "status",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Status"),
                lambda r: po_status_label(r.status),
                "status",
            ),
            TableColumn(
                "site",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Site"),
                lambda r: r.site_code,
                "site",
            ),
            TableColumn(
                "ordered",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Ordered"),
                lambda r: format_day(r.ordered_at),
                "ordered",
            ),
            TableColumn(
                "expected",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Expected"),
                lambda r: format_day(r.expected_at),
                "expected",
            ),
            TableColumn(
                "lines",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Lines"),
                lambda r: r.lines,
                None,
                _RIGHT,
            ),
            TableColumn(
                "total",
                lambda: QCoreApplication.translate("PurchaseOrderTableModel", "Total"),
                lambda r: format_money(r.total),
                None,
                _RIGHT,
            ),
        ]
        super().__init__(
            columns, sort_column=4, sort_order=Qt.SortOrder.DescendingOrder, parent=parent
        )

    def filter(self) -> POFilter:
        return self._filter

    def set_filter(self, f: POFilter) -> None:
        self._filter = f
        self.reload()

    def po_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def make_source(self, sort_key: str, descending: bool) -> PagedSource[PORow]:
        return POListing(self._engine, self._filter, self._site_ids, sort_key, descending)

    def row_data(self, row: PORow, column: TableColumn[PORow], role: int) -> Any:
        if role == self.StatusRole:
            return row.status
        if role == self.IdRole:
            return row.id
        return None
