"""The administrator's users page: approve requests, roles, disable, site access."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.users import (
    UserRow,
    count_by_status,
    list_sites,
    list_users,
    site_grants,
)
from cmms_desktop.ui.labels import account_status_label, mutation_error_message, role_label
from cmms_desktop.ui.pages.admin.dialogs import ApproveDialog, ChangeRoleDialog, SiteAccessDialog
from cmms_desktop.ui.pages.admin.users_model import UsersTableModel
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["UsersPage"]

# The status filter, in combo order: None shows every account (pending first).
_FILTERS: tuple[str | None, ...] = (None, "pending", "active", "disabled", "rejected")


class UsersPage(Page):
    """Accounts of the plant. Every change goes through ``writer.execute``."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.active_dialog: QDialog | None = None
        self._pending_count = 0

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setObjectName("secondaryText")
        self.subtitle_label.setWordWrap(True)
        self.pending_banner = MessageBanner(self)
        self.pending_banner.setObjectName("pendingBanner")

        self.filter_label = QLabel(self)
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("statusFilter")
        for status in _FILTERS:
            self.filter_combo.addItem("", status)
        self.filter_label.setBuddy(self.filter_combo)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("search")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(240)
        self.search_field.setMaximumWidth(360)

        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setProperty("primary", True)
        self.reject_button = QPushButton(self)
        self.reject_button.setObjectName("rejectButton")
        self.role_button = QPushButton(self)
        self.role_button.setObjectName("roleButton")
        self.status_button = QPushButton(self)
        self.status_button.setObjectName("statusButton")
        self.sites_button = QPushButton(self)
        self.sites_button.setObjectName("sitesButton")

        self.model = UsersTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (("name", 190), ("email", 260), ("role", 200), ("status", 190)):
            self.table.setColumnWidth(self.model.column(column), width)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_banner = MessageBanner(self)
        self.result_banner.setObjectName("resultBanner")

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.filter_label)
        filters.addWidget(self.filter_combo)
        filters.addSpacing(8)
        filters.addWidget(self.search_field, 1)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.reject_button)
        actions.addSpacing(16)
        actions.addWidget(self.role_button)
        actions.addWidget(self.status_button)
        actions.addWidget(self.sites_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addWidget(self.pending_banner)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.result_banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self.filter_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.search_field.textChanged.connect(lambda _text: self.refresh())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.approve_button.clicked.connect(self.ask_approve)
        self.reject_button.clicked.connect(self.ask_reject)
        self.role_button.clicked.connect(self.ask_change_role)
        self.status_button.clicked.connect(self.ask_toggle_status)
        self.sites_button.clicked.connect(self.ask_site_access)

        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Users")

    def show_argument(self, argument: object | None) -> None:
        """Refresh (a sync may have brought requests); an argument selects that user."""
        self.refresh()
        if isinstance(argument, uuid.UUID):
            self.select_user(argument)

    # ------------------------------------------------------------------ list

    def status_filter(self) -> str | None:
        data = self.filter_combo.currentData()
        return None if data is None else str(data)

    def set_status_filter(self, status: str | None) -> None:
        self.filter_combo.setCurrentIndex(_FILTERS.index(status))

    def refresh(self) -> None:
        selected = self.selected_user()
        engine = self.services.replica.engine
        rows = list_users(engine, self.status_filter(), self.search_field.text())
        self.model.set_rows(rows)
        self._pending_count = count_by_status(engine).get("pending", 0)
        self._show_pending_banner()
        self._show_empty_label()
        if selected is not None:
            self.select_user(selected.id)
        self._update_buttons()

    def rows(self) -> list[UserRow]:
        return [self.model.row_at(row) for row in range(self.model.rowCount())]

    def select_user(self, user_id: uuid.UUID) -> bool:
        row = self.model.row_of(user_id)
        if row is None:
            self.table.clearSelection()
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_user(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        user = self.model.row_at(index.row())
        if user.status == "pending":
            self.ask_approve()
        elif self.role_button.isEnabled():
            self.ask_change_role()

    def _update_buttons(self) -> None:
        user = self.selected_user()
        is_self = user is not None and user.id == self.session.user_id
        pending = user is not None and user.status == "pending"
        self.approve_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)
        self.role_button.setEnabled(user is not None and not pending and not is_self)
        self.status_button.setEnabled(user is not None and not pending and not is_self)
        self.sites_button.setEnabled(user is not None and user.role is not Role.ADMIN)
        self._label_status_button(user)
        self.sites_button.setToolTip(
            self.tr("Administrators work on every site.")
            if user is not None and user.role is Role.ADMIN
            else ""
        )
        self.status_button.setToolTip(
            self.tr("You cannot disable your own account.") if is_self else ""
        )

    def _label_status_button(self, user: UserRow | None) -> None:
        if user is not None and user.status in ("disabled", "rejected"):
            self.status_button.setText(self.tr("Enable"))
        else:
            self.status_button.setText(self.tr("Disable…"))

    # --------------------------------------------------------------- actions

    def ask_approve(self) -> None:
        user = self.selected_user()
        if user is None or user.status != "pending":
            return
        dialog = ApproveDialog(user, self)
        dialog.accepted.connect(lambda: self.approve(user, dialog.role()))
        self._open(dialog)

    def ask_reject(self) -> None:
        user = self.selected_user()
        if user is None or user.status != "pending":
            return
        self._confirm(
            self.tr("Reject the request"),
            self.tr(
                "Reject the account request of {name} ({email})? They will not be able to log in."
            ).format(name=user.full_name, email=user.email),
            self.tr("Reject"),
            lambda: self.reject(user),
        )

    def ask_change_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ChangeRoleDialog(user, self)
        dialog.accepted.connect(lambda: self.change_role(user, dialog.role()))
        self._open(dialog)

    def ask_toggle_status(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.status in ("disabled", "rejected"):
            self.set_enabled(user, True)
            return
        self._confirm(
            self.tr("Disable the account"),
            self.tr(
                "Disable the account of {name}? They will no longer be able to log in. "
                "Their work stays in the history, and you can enable the account again."
            ).format(name=user.full_name),
            self.tr("Disable"),
            lambda: self.set_enabled(user, False),
        )

    def ask_site_access(self) -> None:
        user = self.selected_user()
        if user is None or user.role is Role.ADMIN:
            return
        engine = self.services.replica.engine
        grants = site_grants(engine, user.id)
        dialog = SiteAccessDialog(user, list_sites(engine), grants, self)
        dialog.accepted.connect(lambda: self.set_sites(user, dialog.checked_site_ids()))
        self._open(dialog)

    # What the dialogs do once accepted; callable directly (tests, future shortcuts).

    def approve(self, user: UserRow, role: Role) -> bool:
        payload: dict[str, Any] = {"id": user.id}
        if role is not user.role:
            payload["role"] = role.value
        name = user.full_name
        return self._execute(
            "user.approve",
            payload,
            user.id,
            lambda: self.tr("{name} can now log in as {role}.").format(
                name=name, role=role_label(role)
            ),
        )

    def reject(self, user: UserRow) -> bool:
        name = user.full_name
        return self._execute(
            "user.reject",
            {"id": user.id},
            user.id,
            lambda: self.tr("The request of {name} was rejected.").format(name=name),
        )

    def change_role(self, user: UserRow, role: Role) -> bool:
        name = user.full_name
        return self._execute(
            "user.change",
            {"id": user.id, "role": role.value},
            user.id,
            lambda: self.tr("{name} is now {role}.").format(name=name, role=role_label(role)),
        )

    def set_enabled(self, user: UserRow, enabled: bool) -> bool:
        name = user.full_name
        if enabled:
            message: TextSource = lambda: self.tr("{name} can log in again.").format(name=name)  # noqa: E731
        else:
            message = lambda: self.tr("{name} can no longer log in.").format(name=name)  # noqa: E731
        return self._execute(
            "user.change",
            {"id": user.id, "status": "active" if enabled else "disabled"},
            user.id,
            message,
        )

    def set_sites(self, user: UserRow, site_ids: set[uuid.UUID]) -> bool:
        grants = site_grants(self.services.replica.engine, user.id)
        actor = self.session.actor
        try:
            for site_id in sorted(site_ids - grants.keys()):
                self.services.writer.execute(
                    actor,
                    "user.grant_site",
                    {"id": uuid.uuid4(), "user_id": user.id, "scope_site_id": site_id},
                )
            for site_id in sorted(grants.keys() - site_ids):
                self.services.writer.execute(actor, "user.revoke_site", {"id": grants[site_id]})
        except MutationRejected as error:
            self._refused(error, user.id)
            return False
        name = user.full_name
        self._done(user.id, lambda: self.tr("Site access of {name} saved.").format(name=name))
        return True

    # ------------------------------------------------------------- internals

    def _execute(
        self,
        command: str,
        payload: Mapping[str, Any],
        user_id: uuid.UUID,
        success: TextSource,
    ) -> bool:
        try:
            self.services.writer.execute(self.session.actor, command, payload)
        except MutationRejected as error:
            self._refused(error, user_id)
            return False
        self._done(user_id, success)
        return True

    def _done(self, user_id: uuid.UUID, success: TextSource) -> None:
        self.refresh()
        self.select_user(user_id)
        self.result_banner.show_message("success", success)

    def _refused(self, error: MutationRejected, user_id: uuid.UUID) -> None:
        self.refresh()
        self.select_user(user_id)
        if error.code == "invalid" and user_id == self.session.user_id:
            message: TextSource = lambda: self.tr(  # noqa: E731
                "You cannot remove your own administrator rights or disable your own account."
            )
        else:
            message = lambda: mutation_error_message(error)  # noqa: E731
        self.result_banner.show_message("error", message)

    def _open(self, dialog: QDialog) -> None:
        """Window-modal without blocking the event loop (tests drive ``active_dialog``)."""
        self.result_banner.clear()
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def _confirm(self, title: str, text: str, action: str, on_yes: Callable[[], object]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setObjectName("confirmDialog")
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("acceptButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes.clicked.connect(on_yes)
        self._open(box)

    def _show_pending_banner(self) -> None:
        count = self._pending_count
        if count and self.status_filter() != "pending":
            self.pending_banner.show_message(
                "warning",
                lambda: self.tr("Account requests waiting for your decision: {count}.").format(
                    count=count
                ),
            )
        else:
            self.pending_banner.clear()

    def _show_empty_label(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(self.tr("No account matches this filter."))

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Users"))
        self.subtitle_label.setText(
            self.tr("Approve account requests, set each person's role and the sites they work on.")
        )
        self.filter_label.setText(self.tr("&Show:"))
        for index, status in enumerate(_FILTERS):
            self.filter_combo.setItemText(
                index, self.tr("All accounts") if status is None else account_status_label(status)
            )
        self.search_field.setPlaceholderText(self.tr("Search by name or e-mail"))
        self.approve_button.setText(self.tr("Approve…"))
        self.reject_button.setText(self.tr("Reject…"))
        self.role_button.setText(self.tr("Change role…"))
        self.sites_button.setText(self.tr("Site access…"))
        self.model.retranslate()
        self._update_buttons()
        self._show_empty_label()
