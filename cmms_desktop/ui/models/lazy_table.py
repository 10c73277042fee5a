"""A table model over a SQL list too big to load: count once, read pages as the view asks.

The model knows only a *source*: an object that counts its rows and reads a
page of them (``cmms_desktop.store.queries`` provides them). Sorting asks for
a new source in the new order (the database sorts, never a proxy model: a
QSortFilterProxyModel over 100k rows takes tens of seconds); a filter change
is a new source too, and a model reset. Pages read are cached (a bounded LRU),
so scrolling back and forth does not re-read them.

Columns are declared once, each title a function returning it in the current
language (``QCoreApplication.translate`` with the subclass's context: never
``self.tr`` in a base class), so ``retranslate()`` only has to tell the views.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

__all__ = ["DEFAULT_PAGE_SIZE", "LazyTableModel", "PagedSource", "TableColumn"]

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

DEFAULT_PAGE_SIZE = 200
DEFAULT_CACHED_PAGES = 50

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole

_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

AnyIndex = QModelIndex | QPersistentModelIndex


class PagedSource(Protocol[R_co]):
    """A list of rows in one order, read page by page."""

    def count(self) -> int: ...

    def set_count(self, count: int) -> None:
        """Take a count already known (the same rows in another order)."""

    def page(self, offset: int, limit: int) -> Sequence[R_co]: ...


@dataclass(frozen=True)
class TableColumn(Generic[R]):
    """One column: its key, its title, how to show a row in it and how to sort on it.

    ``title`` gives the title in the current language (called each time the
    header is painted: a language switch only needs ``retranslate()``).
    ``sort_key`` is what the source sorts by (None: the column cannot be sorted).
    """

    key: str
    title: Callable[[], str]
    value: Callable[[R], object]
    sort_key: str | None = None
    alignment: Qt.AlignmentFlag | None = None


class LazyTableModel(QAbstractTableModel, Generic[R]):
    """Rows read lazily, a page at a time, from a PagedSource the subclass makes.

    Subclasses give ``columns``, ``translation_context`` and ``make_source``;
    they add their roles in ``row_data``. ``RowRole`` gives the whole row.
    """

    RowRole = Qt.ItemDataRole.UserRole + 100
    # The roles row_data() answers; any other role is answered None at once.
    # A view asks ~7 roles per cell per paint: most must cost nothing.
    extra_roles: frozenset[int] = frozenset()

    def __init__(
        self,
        columns: Sequence[TableColumn[R]],
        *,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        page_size: int = DEFAULT_PAGE_SIZE,
        cached_pages: int = DEFAULT_CACHED_PAGES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._page_size = page_size
        self._cached_pages = cached_pages
        self._sort_column = sort_column
        self._sort_order = sort_order
        self._source: PagedSource[R] | None = None
        self._count = 0
        self._pages: OrderedDict[int, Sequence[R]] = OrderedDict()
        self._roles = frozenset(
            {_DISPLAY, _TOOLTIP, _ALIGN, self.RowRole, *(int(r) for r in self.extra_roles)}
        )

    # ------------------------------------------------------------- subclass

    def make_source(self, sort_key: str, descending: bool) -> PagedSource[R]:
        """The rows of the current filter in this order."""
        raise NotImplementedError

    def row_data(self, row: R, column: TableColumn[R], role: int) -> Any:
        """Data for the roles the base does not handle (custom roles, colours...)."""
        return None

    # ------------------------------------------------------------------ API

    @property
    def columns(self) -> Sequence[TableColumn[R]]:
        return self._columns

    def column_index(self, key: str) -> int:
        for number, column in enumerate(self._columns):
            if column.key == key:
                return number
        raise KeyError(key)

    @property
    def page_size(self) -> int:
        return self._page_size

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def reload(self) -> None:
        """Read the list again from the database (new filter, or the data changed)."""
        self.beginResetModel()
        try:
            self._pages.clear()
            self._source = self._new_source()
            self._count = self._source.count()
        finally:
            self.endResetModel()

    def row_at(self, row: int) -> R | None:
        """The row at ``row``, read from the database if its page is not cached."""
        if not 0 <= row < self._count or self._source is None:
            return None
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            page = self._source.page(number * self._page_size, self._page_size)
            self._pages[number] = page
            while len(self._pages) > self._cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self._page_size
        return page[offset] if offset < len(page) else None

    def cached_page_count(self) -> int:
        return len(self._pages)

    def find_cached_row(self, predicate: Callable[[R], bool]) -> int | None:
        """The number of the first row read so far that ``predicate`` accepts (no new read)."""
        for number, page in sorted(self._pages.items()):
            for offset, row in enumerate(page):
                if predicate(row):
                    return number * self._page_size + offset
        return None

    def retranslate(self) -> None:
        """Tell the views that headers and translated cells changed language."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self._columns) - 1), [_DISPLAY]
            )

    # ------------------------------------------------------- Qt model API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == _DISPLAY:
            return self._columns[section].title()
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if role not in self._roles or not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == _ALIGN:
            return column.alignment
        row = self.row_at(index.row())
        if row is None:
            return None
        if role in (_DISPLAY, _TOOLTIP):
            value = column.value(row)
            return None if value is None else str(value)
        if role == self.RowRole:
            return row
        return self.row_data(row, column, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column].sort_key is None:
            return
        if column == self._sort_column and order == self._sort_order and self._source is not None:
            return
        self._sort_column = column
        self._sort_order = order
        if self._source is None:
            return  # not loaded yet: reload() will use this order
        count = self._count
        self.beginResetModel()
        try:
            self._pages.clear()
            self._source = self._new_source()
            # the same rows in another order: no need to count them again
            self._count = count
            self._source.set_count(count)
        finally:
            self.endResetModel()

    # ------------------------------------------------------------- internals

    def _new_source(self) -> PagedSource[R]:
        column = self._columns[self._sort_column]
        sort_key = column.sort_key or column.key
        return self.make_source(sort_key, self._sort_order == Qt.SortOrder.DescendingOrder)
