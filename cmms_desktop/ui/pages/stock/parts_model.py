"""The parts catalogue as a lazy table model: sorted and filtered by SQL, read a page at a time."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy import Engine

from cmms_desktop.store.queries.parts import (
    PartFilter,
    PartRow,
    count_parts,
    fetch_part_page,
    main_locations,
)
from cmms_desktop.ui.models.lazy_table import (
    DEFAULT_PAGE_SIZE,
    LazyTableModel,
    PagedSource,
    TableColumn,
)
from cmms_desktop.ui.pages.stock.page import qty_text

__all__ = ["CatalogueRow", "PartColumn", "PartTableModel"]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALERT = QColor("#b42318")


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """A catalogue row: the part and where it is kept (the location holding the most)."""

    part: PartRow
    location: str
    other_locations: int

    @property
    def id(self) -> uuid.UUID:
        return self.part.id


class PartColumn(IntEnum):
    REFERENCE = 0
    DESCRIPTION = 1
    CATEGORY = 2
    UNIT = 3
    ON_HAND = 4
    RESERVED = 5
    AVAILABLE = 6
    MIN_MAX = 7
    LOCATION = 8


class _Listing:
    def __init__(
        self, engine: Engine, f: PartFilter, sort: str, descending: bool, count: int | None
    ) -> None:
        self._engine = engine
        self._filter = f
        self._sort = sort
        self._descending = descending
        self._count = count

    def count(self) -> int:
        if self._count is None:
            self._count = count_parts(self._engine, self._filter)
        return self._count

    def set_count(self, count: int) -> None:
        self._count = count

    def page(self, offset: int, limit: int) -> Sequence[CatalogueRow]:
        rows = fetch_part_page(
            self._engine,
            self._filter,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=limit,
        )
        places = main_locations(self._engine, [r.id for r in rows], self._filter.site_ids)
        return [CatalogueRow(r, *places.get(r.id, ("", 0))) for r in rows]


def _min_max(row: CatalogueRow) -> str:
    part = row.part
    if part.min_qty == 0 and part.max_qty == 0:
        return "—"
    text = f"{qty_text(part.min_qty)} / {qty_text(part.max_qty)}"
    return f"▼ {text}" if part.below_min else text


def _location(row: CatalogueRow) -> str:
    if row.other_locations > 1:
        return f"{row.location} (+{row.other_locations - 1})"
    return row.location


class PartTableModel(LazyTableModel[CatalogueRow]):
    """The parts a filter keeps, with their stock over the user's sites.

    Roles: ``PartIdRole`` (uuid), ``BelowMinRole`` (bool), ``RowRole``.
    """

    PartIdRole = Qt.ItemDataRole.UserRole + 1
    BelowMinRole = Qt.ItemDataRole.UserRole + 2
    extra_roles = frozenset(
        {
            PartIdRole,
            BelowMinRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        }
    )

    def __init__(
        self,
        engine: Engine,
        site_ids: frozenset[uuid.UUID] | None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        self._engine = engine
        self._sites = site_ids
        self._filter = PartFilter(site_ids=site_ids)
        columns: list[TableColumn[CatalogueRow]] = [
            TableColumn(
                "reference",
                lambda: QCoreApplication.translate("PartTableModel", "Reference"),
                lambda r: r.part.reference,
                "reference",
            ),
            TableColumn(
                "description",
                lambda: QCoreApplication.translate("PartTableModel", "Description"),
                lambda r: r.part.description,
                "description",
            ),
            TableColumn(
                "category",
                lambda: QCoreApplication.translate("PartTableModel", "Category"),
                lambda r: r.part.category,
                "category",
            ),
            TableColumn(
                "unit",
                lambda: QCoreApplication.translate("PartTableModel", "Unit"),
                lambda r: r.part.unit,
                "unit",
            ),
            TableColumn(
                "on_hand",
                lambda: QCoreApplication.translate("PartTableModel", "On hand"),
                lambda r: qty_text(r.part.on_hand),
                alignment=_RIGHT,
            ),
            TableColumn(
                "reserved",
                lambda: QCoreApplication.translate("PartTableModel", "Reserved"),
                lambda r: qty_text(r.part.reserved) if r.part.reserved else "",
                alignment=_RIGHT,
            ),
            TableColumn(
                "available",
                lambda: QCoreApplication.translate("PartTableModel", "Available"),
                lambda r: qty_text(r.part.available),
                alignment=_RIGHT,
            ),
            TableColumn(
                "min_max",
                lambda: QCoreApplication.translate("PartTableModel", "Min / max"),
                _min_max,
                alignment=_RIGHT,
            ),
            TableColumn(
                "location",
                lambda: QCoreApplication.translate("PartTableModel", "Location"),
                _location,
            ),
        ]
        super().__init__(columns, page_size=page_size, parent=parent)

    def filter(self) -> PartFilter:
        return self._filter

    def set_filter(self, f: PartFilter) -> None:
        """Show what ``f`` keeps (the stock always over the user's sites)."""
        self._filter = replace(f, site_ids=self._sites)
        self.reload()

    def part_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def make_source(self, sort_key: str, descending: bool) -> PagedSource[CatalogueRow]:
        return _Listing(self._engine, self._filter, sort_key, descending, None)

    def row_data(self, row: CatalogueRow, column: TableColumn[CatalogueRow], role: int) -> Any:
        if role == self.PartIdRole:
            return row.id
        if role == self.BelowMinRole:
            return row.part.below_min
        alert = row.part.below_min and column.key in ("available", "min_max")
        negative = row.part.on_hand < 0 and column.key == "on_hand"
        if role == Qt.ItemDataRole.ForegroundRole and (alert or negative):
            return QBrush(_ALERT)
        if role == Qt.ItemDataRole.FontRole and (alert or negative):
            font = QFont()
            font.setBold(True)
            return font
        return None
