"""Ask for an account: it stays pending until an administrator approves it."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.passwords import hash_password
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import current_language
from cmms_desktop.ui.labels import SELF_SERVICE_ROLES, mutation_error_message, role_label
from cmms_desktop.ui.pages.login.fields import (
    confirmation_problem,
    full_name_problem,
    new_email_problem,
    new_password_problem,
    password_rules,
)
from cmms_desktop.ui.widgets.busy import wait_cursor
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import ValidatedLineEdit

__all__ = ["RegisterDialog"]


class RegisterDialog(QDialog):
    """Full name, e-mail, role and password; sent as ``user.register`` on this device."""

    registered = Signal(str)  # the e-mail of the new (pending) account

    def __init__(self, services: DesktopServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setObjectName("registerDialog")
        self.setMinimumWidth(460)

        self.heading_label = QLabel(self)
        self.heading_label.setObjectName("sectionTitle")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.intro_label.setObjectName("secondaryText")

        self.name_field = ValidatedLineEdit(self)
        self.name_field.setObjectName("fullName")
        self.name_field.set_validator(full_name_problem)
        self.email_field = ValidatedLineEdit(self)
        self.email_field.setObjectName("email")
        self.email_field.set_validator(new_email_problem)
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("role")
        for role in SELF_SERVICE_ROLES:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_hint = QLabel(self)
        self.role_hint.setWordWrap(True)
        self.role_hint.setObjectName("secondaryText")
        self.password_field = ValidatedLineEdit(self, password=True)
        self.password_field.setObjectName("password")
        self.password_field.set_validator(new_password_problem)
        self.password_field.set_hint(password_rules)
        self.confirm_field = ValidatedLineEdit(self, password=True)
        self.confirm_field.setObjectName("confirmation")
        self.confirm_field.set_validator(
            lambda text: confirmation_problem(self.password_field.text(), text)
        )

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(10)
        self.name_label = QLabel(self)
        self.email_label = QLabel(self)
        self.role_label = QLabel(self)
        self.password_label = QLabel(self)
        self.confirm_label = QLabel(self)
        self.form.addRow(self.name_label, self.name_field)
        self.form.addRow(self.email_label, self.email_field)
        role_box = QVBoxLayout()
        role_box.setSpacing(3)
        role_box.addWidget(self.role_combo)
        role_box.addWidget(self.role_hint)
        self.form.addRow(self.role_label, role_box)
        self.form.addRow(self.password_label, self.password_field)
        self.form.addRow(self.confirm_label, self.confirm_field)
        for label, field in (
            (self.name_label, self.name_field),
            (self.email_label, self.email_field),
            (self.password_label, self.password_field),
            (self.confirm_label, self.confirm_field),
        ):
            label.setBuddy(field.line_edit)
            # level with the line edit, not with the message below it
            label.setFixedHeight(field.line_edit.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.role_label.setBuddy(self.role_combo)
        self.role_label.setFixedHeight(self.role_combo.sizeHint().height())

        self.banner = MessageBanner(self)
        self.buttons = QDialogButtonBox(self)
        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setProperty("primary", True)
        self.submit_button.setDefault(True)
        self.submit_button.setEnabled(False)
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self._fields = (self.name_field, self.email_field, self.password_field, self.confirm_field)
        for field in self._fields:
            field.validity_changed.connect(self._update_button)
            field.submitted.connect(self.submit)
        self.password_field.line_edit.textChanged.connect(self.confirm_field.revalidate)
        self.retranslate_ui()
        self._update_button()

    def selected_role(self) -> Role:
        return Role(self.role_combo.currentData())

    def set_role(self, role: Role) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))

    def submit(self) -> None:
        if not all(field.is_valid() for field in self._fields):
            for field in self._fields:
                field.touch()
            return
        self.banner.clear()
        email = self.email_field.text().strip()
        try:
            with wait_cursor():
                self._services.writer.execute(
                    None,
                    "user.register",
                    {
                        "id": uuid.uuid4(),
                        "email": email,
                        "full_name": self.name_field.text().strip(),
                        "password_hash": hash_password(self.password_field.text()),
                        "role": self.selected_role().value,
                        "language": current_language(),
                    },
                )
        except MutationRejected as error:
            self._show_refusal(error)
            return
        self.registered.emit(email)
        self.accept()

    def _show_refusal(self, error: MutationRejected) -> None:
        if error.code == "duplicate" or error.field_errors.get("email") == "duplicate":
            self.email_field.set_error(
                lambda: self.tr("An account already exists with this e-mail address.")
            )
            self.email_field.setFocus()
        elif "email" in error.field_errors:
            self.email_field.set_error(lambda: self.tr("This e-mail address is not valid."))
        else:
            self.banner.show_message("error", lambda: mutation_error_message(error))

    def _update_button(self) -> None:
        self.submit_button.setEnabled(all(field.is_valid() for field in self._fields))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Request an account"))
        self.heading_label.setText(self.windowTitle())
        self.intro_label.setText(
            self.tr(
                "An administrator will review your request. You can log in once it is "
                "approved; until then the account stays pending."
            )
        )
        self.name_label.setText(self.tr("&Full name"))
        self.email_label.setText(self.tr("&E-mail address"))
        self.role_label.setText(self.tr("&Role"))
        self.role_hint.setText(self.tr("The administrator may change it when approving."))
        self.password_label.setText(self.tr("&Password"))
        self.confirm_label.setText(self.tr("&Confirm"))
        self.name_field.set_placeholder(self.tr("First and last name"))
        self.email_field.set_placeholder(self.tr("name@company.com"))
        for index in range(self.role_combo.count()):
            self.role_combo.setItemText(index, role_label(Role(self.role_combo.itemData(index))))
        self.submit_button.setText(self.tr("Send the request"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
