"""Small dialogs of the users page: pick a role (approval, change), pick sites."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.roles import Role
from cmms_desktop.store.queries.users import SiteOption, UserRow
from cmms_desktop.ui.labels import role_label

__all__ = ["ApproveDialog", "ChangeRoleDialog", "SiteAccessDialog"]

_SITE_ROLE = Qt.ItemDataRole.UserRole


def _role_combo(parent: QWidget, selected: Role) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName("role")
    for role in Role:
        combo.addItem(role_label(role), role.value)
    combo.setCurrentIndex(combo.findData(selected.value))
    return combo


def _relabel_roles(combo: QComboBox) -> None:
    for index in range(combo.count()):
        combo.setItemText(index, role_label(Role(combo.itemData(index))))


def _accept_button(dialog: QDialog, buttons: QDialogButtonBox) -> QPushButton:
    button = QPushButton(dialog)
    button.setObjectName("acceptButton")
    button.setProperty("primary", True)
    button.setDefault(True)
    buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return button


class ApproveDialog(QDialog):
    """Approve a pending account, possibly with another role than the one asked for."""

    def __init__(self, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approveDialog")
        self.setMinimumWidth(440)
        self.user = user
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.role_label = QLabel(self)
        self.role_combo = _role_combo(self, user.role)
        self.role_label.setBuddy(self.role_combo)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = _accept_button(self, self.buttons)
        form = QFormLayout()
        form.addRow(self.role_label, self.role_combo)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.text_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def set_role(self, role: Role) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Approve an account"))
        self.text_label.setText(
            self.tr(
                "Approve the account of {name} ({email})? They can log in on this computer "
                "at once, and on the others after synchronisation."
            ).format(name=self.user.full_name, email=self.user.email)
        )
        self.role_label.setText(self.tr("&Role"))
        _relabel_roles(self.role_combo)
        self.accept_button.setText(self.tr("Approve"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ChangeRoleDialog(QDialog):
    def __init__(self, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeRoleDialog")
        self.setMinimumWidth(400)
        self.user = user
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.role_label = QLabel(self)
        self.role_combo = _role_combo(self, user.role)
        self.role_label.setBuddy(self.role_combo)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = _accept_button(self, self.buttons)
        form = QFormLayout()
        form.addRow(self.role_label, self.role_combo)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.text_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.role_combo.currentIndexChanged.connect(self._update_button)
        self.retranslate_ui()
        self._update_button()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def set_role(self, role: Role) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))

    def _update_button(self) -> None:
        self.accept_button.setEnabled(self.role() is not self.user.role)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Change the role"))
        self.text_label.setText(
            self.tr("The role decides what {name} may see and do.").format(name=self.user.full_name)
        )
        self.role_label.setText(self.tr("&Role"))
        _relabel_roles(self.role_combo)
        self.accept_button.setText(self.tr("Change the role"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class SiteAccessDialog(QDialog):
    """Tick the sites the user works on."""

    def __init__(
        self,
        user: UserRow,
        sites: list[SiteOption],
        granted: Iterable[uuid.UUID],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("siteAccessDialog")
        self.setMinimumWidth(420)
        self.user = user
        granted_ids = set(granted)
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.sites_list = QListWidget(self)
        self.sites_list.setObjectName("sites")
        for site in sites:
            item = QListWidgetItem(f"{site.code} — {site.name}")
            item.setData(_SITE_ROLE, site.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if site.id in granted_ids else Qt.CheckState.Unchecked
            )
            self.sites_list.addItem(item)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not sites)
        self.sites_list.setVisible(bool(sites))
        self.buttons = QDialogButtonBox(self)
        self.accept_button = _accept_button(self, self.buttons)
        self.accept_button.setEnabled(bool(sites))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.text_label)
        layout.addWidget(self.sites_list)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def checked_site_ids(self) -> set[uuid.UUID]:
        return {
            item.data(_SITE_ROLE)
            for item in (self.sites_list.item(row) for row in range(self.sites_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        }

    def set_checked(self, site_id: uuid.UUID, checked: bool) -> None:
        for row in range(self.sites_list.count()):
            item = self.sites_list.item(row)
            if item.data(_SITE_ROLE) == site_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Site access"))
        self.text_label.setText(
            self.tr(
                "{name} sees and works on the equipment, work orders and stock of the "
                "ticked sites only."
            ).format(name=self.user.full_name)
        )
        self.empty_label.setText(self.tr("No site exists yet."))
        self.accept_button.setText(self.tr("Save"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
