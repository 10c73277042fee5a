"""The failure list as a lazy table model: 100k tickets, only the pages on screen read.

The order is the query's (urgency, then age): the columns do not sort. The
live downtime of a stopped equipment is computed from the row's stop and the
model's ``now``: :meth:`FailureTableModel.set_now` (each minute) repaints that
column without reading the database again.

The model counts at most ``count_step`` tickets (a count of 100k is what a
keystroke in the filter would wait for): past that, :meth:`has_more` is True
(the page shows "10,000+ tickets") and scrolling to the end counts another step
(Qt's ``canFetchMore``/``fetchMore``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont
from sqlalchemy import Engine

from cmms_core.rules.corrective import downtime_minutes
from cmms_desktop.store.queries.failures import FailureFilter, FailureListing, FailureRow
from cmms_desktop.ui.models.lazy_table import (
    DEFAULT_PAGE_SIZE,
    AnyIndex,
    LazyTableModel,
    PagedSource,
    TableColumn,
)
from cmms_desktop.ui.pages.failures.list_labels import (
    format_downtime,
    format_local,
    status_label,
    urgency_label,
)

__all__ = ["COUNT_STEP", "FailureColumn", "FailureTableModel"]

# tickets counted at once: the list shows that many rows, and more on scrolling
COUNT_STEP = 10_000


def _bold() -> QFont:
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    return font


class FailureColumn(IntEnum):
    NUMBER = 0
    EQUIPMENT = 1
    SITE = 2
    TYPE = 3
    URGENCY = 4
    STATUS = 5
    REPORTED_AT = 6
    ASSIGNEE = 7
    DOWNTIME = 8
    DESCRIPTION = 9


class _Source:
    """A FailureListing as the lazy model's PagedSource."""

    def __init__(self, listing: FailureListing, step: int) -> None:
        self.listing = listing
        self.step = step
        self.limit = step
        self.more = False
        self._count: int | None = None

    def count(self) -> int:
        """The tickets counted so far (at most ``limit``; ``more``: there are others)."""
        if self._count is None:
            found = self.listing.count_at_most(self.limit + 1)
            self.more = found > self.limit
            self._count = min(found, self.limit)
        return self._count

    def count_more(self) -> int:
        """Count another step of tickets."""
        self.limit += self.step
        self._count = None
        return self.count()

    def set_count(self, count: int) -> None:
        self._count = count

    def page(self, offset: int, limit: int) -> Sequence[FailureRow]:
        return self.listing.page(offset, limit)


class FailureTableModel(LazyTableModel[FailureRow]):
    """The tickets a filter keeps, within the user's sites, most urgent first.

    Roles: ``FailureIdRole`` (uuid), ``UrgencyRole`` ("1".."4", the pill's
    colour key), ``StatusRole`` (stored status), ``RowRole`` (the FailureRow).
    """

    FailureIdRole = Qt.ItemDataRole.UserRole + 1
    UrgencyRole = Qt.ItemDataRole.UserRole + 2
    StatusRole = Qt.ItemDataRole.UserRole + 3
    extra_roles = frozenset(
        {
            FailureIdRole,
            UrgencyRole,
            StatusRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        }
    )

    def __init__(
        self,
        engine: Engine,
        scope_site_ids: frozenset[uuid.UUID] | None,
        now: datetime,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        count_step: int = COUNT_STEP,
        parent: QObject | None = None,
    ) -> None:
        self._engine = engine
        self._count_step = count_step
        self._scope = scope_site_ids
        self._filter = FailureFilter()
        self._now = now
        self._bold = _bold()
        columns: list[TableColumn[FailureRow]] = [
            TableColumn(
                "number",
                lambda: QCoreApplication.translate("FailureTableModel", "Ticket"),
                lambda r: r.number,
            ),
            TableColumn(
                "equipment",
                lambda: QCoreApplication.translate("FailureTableModel", "Equipment"),
                lambda r: f"{r.equipment_code} — {r.equipment_name}",
            ),
            TableColumn(
                "site",
                lambda: QCoreApplication.translate("FailureTableModel", "Site"),
                lambda r: r.site_code,
            ),
            TableColumn(
                "type",
                lambda: QCoreApplication.translate("FailureTableModel", "Type"),
                lambda r: r.failure_type_name or "",
            ),
            TableColumn(
                "urgency",
                lambda: QCoreApplication.translate("FailureTableModel", "Urgency"),
                lambda r: urgency_label(r.urgency),
            ),
            TableColumn(
                "status",
                lambda: QCoreApplication.translate("FailureTableModel", "Status"),
                lambda r: status_label(r.status),
            ),
            TableColumn(
                "reported_at",
                lambda: QCoreApplication.translate("FailureTableModel", "Reported"),
                lambda r: format_local(r.reported_at),
            ),
            TableColumn(
                "assignee",
                lambda: QCoreApplication.translate("FailureTableModel", "Assigned to"),
                lambda r: r.assigned_to_name or "",
            ),
            TableColumn(
                "downtime",
                lambda: QCoreApplication.translate("FailureTableModel", "Downtime"),
                self._downtime_text,
            ),
            TableColumn(
                "description",
                lambda: QCoreApplication.translate("FailureTableModel", "Description"),
                lambda r: r.description,
            ),
        ]
        super().__init__(columns, page_size=page_size, parent=parent)

    # ------------------------------------------------------------------ API

    def filter(self) -> FailureFilter:
        return self._filter

    def set_filter(self, filter: FailureFilter) -> None:
        """Show what ``filter`` keeps (a model reset, even if it did not change)."""
        self._filter = filter
        self.reload()

    def now(self) -> datetime:
        return self._now

    def set_now(self, now: datetime) -> None:
        """Live downtimes run to ``now``: repaint that column (no database read)."""
        self._now = now
        if self.rowCount():
            column = FailureColumn.DOWNTIME
            self.dataChanged.emit(
                self.index(0, column),
                self.index(self.rowCount() - 1, column),
                [Qt.ItemDataRole.DisplayRole],
            )

    def has_more(self) -> bool:
        """Whether the list holds more tickets than the rows counted so far."""
        return isinstance(self._source, _Source) and self._source.more

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.has_more()

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """Count the next step of tickets and add their rows (the view scrolled to the end)."""
        source = self._source
        if parent.isValid() or not isinstance(source, _Source) or not source.more:
            return
        before = self._count
        after = source.count_more()
        if after > before:
            self.beginInsertRows(QModelIndex(), before, after - 1)
            self._count = after
            self.endInsertRows()

    def failure_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def row_of(self, failure_id: uuid.UUID) -> int | None:
        """The row of this ticket, if it is in a page already read."""
        return self.find_cached_row(lambda row: row.id == failure_id)

    def downtime(self, row: FailureRow) -> int | None:
        """Minutes stopped, live up to the model's ``now`` while the stop lasts."""
        return downtime_minutes(row.downtime_start, row.downtime_end, self._now)

    # ------------------------------------------------------------- subclass

    def make_source(self, sort_key: str, descending: bool) -> PagedSource[FailureRow]:
        listing = FailureListing(
            self._engine, self._filter, scope_site_ids=self._scope, now=self._now
        )
        return _Source(listing, self._count_step)

    def row_data(self, row: FailureRow, column: TableColumn[FailureRow], role: int) -> Any:
        if role == self.FailureIdRole:
            return row.id
        if role == self.UrgencyRole:
            return str(row.urgency)
        if role == self.StatusRole:
            return row.status
        if column.key == "downtime" and row.downtime_live:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#b42318")
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FailureColumn.DOWNTIME:
            row = self.row_at(index.row())
            if row is not None and row.downtime_live and row.downtime_start is not None:
                return QCoreApplication.translate(
                    "FailureTableModel", "Stopped since {time}: the downtime is still running."
                ).format(time=format_local(row.downtime_start))
        return super().data(index, role)

    def _downtime_text(self, row: FailureRow) -> str:
        """The downtime (in red while it runs: see ``row_data``)."""
        return format_downtime(self.downtime(row))
