"""The users table: named columns, the row behind each line under ROW_ROLE."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cmms_core.rules.roles import Role
from cmms_desktop.store.queries.users import UserRow
from cmms_desktop.ui.labels import account_status_label, role_label

__all__ = ["UsersTableModel"]

_STATUS_COLOURS = {
    "pending": QColor("#b54708"),
    "active": QColor("#067647"),
    "disabled": QColor("#667085"),
    "rejected": QColor("#912018"),
}

_Index = QModelIndex | QPersistentModelIndex


class UsersTableModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ("name", "email", "role", "status", "sites")
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ API

    def set_rows(self, rows: list[UserRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> UserRow:
        return self._rows[row]

    def row_of(self, user_id: object) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == user_id), None)

    def column(self, name: str) -> int:
        return self.COLUMNS.index(name)

    def retranslate(self) -> None:
        """Header and role/status words follow the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )

    # ---------------------------------------------------------- model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column == "sites":
            return self._display(row, column)
        if column == "status":
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_STATUS_COLOURS.get(row.status, QColor("#344054")))
            if role == Qt.ItemDataRole.FontRole and row.status == "pending":
                return self._bold
        return None

    def _display(self, row: UserRow, column: str) -> str:
        match column:
            case "name":
                return row.full_name
            case "email":
                return row.email
            case "role":
                return role_label(row.role)
            case "status":
                return account_status_label(row.status)
            case "sites":
                if row.role is Role.ADMIN:
                    return self.tr("All sites")
                return ", ".join(row.site_names) if row.site_names else "—"
        return ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        match self.COLUMNS[section]:
            case "name":
                return self.tr("Name")
            case "email":
                return self.tr("E-mail")
            case "role":
                return self.tr("Role")
            case "status":
                return self.tr("Status")
            case "sites":
                return self.tr("Sites")
        return None
