"""File → "Synchronisation server…": the server's address, the account, the password.

The password is sent once to ``POST /auth/login`` (by the sync worker, off the
UI thread) and forgotten; the refresh token that comes back goes to the
operating system's credential store, or stays in memory for this session
when there is none (the dialog says so). Then the first sync starts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.sync.credentials import normalize_server_url
from cmms_desktop.ui.pages.login.fields import login_email_problem, login_password_problem
from cmms_desktop.ui.sync_controller import SyncController, SyncOutcome
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import ValidatedLineEdit

__all__ = ["ServerDialog"]


class ServerDialog(QDialog):
    """Connect this computer to a sync server as one account; closes once synced."""

    def __init__(
        self,
        controller: SyncController,
        email: str,
        parent: QWidget | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setMinimumWidth(500)
        self._controller = controller
        self._reason = reason
        self._waiting = False

        self.heading_label = QLabel(self)
        self.heading_label.setObjectName("sectionTitle")
        self.intro_label = QLabel(self)
        self.intro_label.setObjectName("secondaryText")
        self.intro_label.setWordWrap(True)
        self.store_banner = MessageBanner(self)
        self.store_banner.setObjectName("storeBanner")

        self.url_field = ValidatedLineEdit(self)
        self.url_field.setObjectName("serverUrl")
        self.url_field.set_validator(self._url_problem)
        self.email_field = ValidatedLineEdit(self)
        self.email_field.setObjectName("email")
        self.email_field.set_validator(login_email_problem)
        self.password_field = ValidatedLineEdit(self, password=True)
        self.password_field.setObjectName("password")
        self.password_field.set_validator(login_password_problem)
        self.url_label = QLabel(self)
        self.email_label = QLabel(self)
        self.password_label = QLabel(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        for label, field in (
            (self.url_label, self.url_field),
            (self.email_label, self.email_field),
            (self.password_label, self.password_field),
        ):
            form.addRow(label, field)
            label.setBuddy(field.line_edit)
            label.setFixedHeight(field.line_edit.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.banner = MessageBanner(self)
        self.connect_button = QPushButton(self)
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setProperty("primary", True)
        self.connect_button.setDefault(True)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.store_banner)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self._fields = (self.url_field, self.email_field, self.password_field)
        for field in self._fields:
            field.validity_changed.connect(self._update_button)
            field.submitted.connect(self.submit)
        controller.finished.connect(self._on_finished)

        self.url_field.setText(controller.server_url() or "")
        self.email_field.setText(email)
        (self.password_field if controller.server_url() else self.url_field).setFocus()
        if reason is not None:
            self.banner.show_message("warning", lambda: self._reason or "")
        self.retranslate_ui()
        self._update_button()

    # ------------------------------------------------------------------ API

    def submit(self) -> None:
        if self._waiting:
            return
        if not all(field.is_valid() for field in self._fields):
            for field in self._fields:
                field.touch()
            return
        url = normalize_server_url(self.url_field.text())
        self.url_field.setText(url)
        self.banner.show_message("info", lambda: self.tr("Connecting to the server…"))
        self._set_waiting(True)
        password = self.password_field.text()
        self.password_field.reset()  # the password is not kept in the dialog
        self._controller.connect_to(url, self.email_field.text().strip(), password)

    def waiting(self) -> bool:
        return self._waiting

    # ------------------------------------------------------------------ internals

    def _url_problem(self, text: str) -> str | None:
        if not text.strip():
            return self.tr("Enter the server's address (given by your administrator).")
        try:
            normalize_server_url(text)
        except ValueError:
            return self.tr("This is not a server address (https://sync.example.com).")
        return None

    def _set_waiting(self, waiting: bool) -> None:
        self._waiting = waiting
        for field in self._fields:
            field.setEnabled(not waiting)
        self._update_button()

    def _update_button(self) -> None:
        self.connect_button.setEnabled(
            not self._waiting and all(field.is_valid() for field in self._fields)
        )

    def _on_finished(self, outcome: object) -> None:
        if not (self._waiting and isinstance(outcome, SyncOutcome) and outcome.kind == "connect"):
            return
        self._set_waiting(False)
        if outcome.report is not None:
            self.accept()  # logged in: the sync itself is reported by the status bar
            return
        code = outcome.code or ""
        self.banner.show_message("error", lambda: self._failure_text(outcome.status, code))
        self.password_field.setFocus()

    def _failure_text(self, status: str, code: str) -> str:
        match status:
            case "offline":
                return self.tr(
                    "The server cannot be reached at this address. Check the address and the "
                    "network, then try again."
                )
            case "upgrade_required":
                return self.tr("The server needs a newer version of this application.")
        match code:
            case "invalid_credentials":
                return self.tr("Wrong e-mail address or password.")
            case "account_pending":
                return self.tr("This account is waiting for an administrator's approval.")
            case "account_disabled":
                return self.tr("This account has been disabled. Contact an administrator.")
            case "account_rejected":
                return self.tr("This account request was declined. Contact an administrator.")
            case "throttled":
                return self.tr("Too many attempts. Wait a few minutes, then try again.")
        return self.tr("The server refused the connection ({code}).").format(code=code or status)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Synchronisation server"))
        self.heading_label.setText(self.tr("Connect to the synchronisation server"))
        self.intro_label.setText(
            self.tr(
                "Your changes are sent to the server and your colleagues' changes come back. "
                "Your password is sent to the server once; this computer then keeps a "
                "session, never the password."
            )
        )
        if self._controller.store.is_secure():
            self.store_banner.clear()
        else:
            self.store_banner.show_message(
                "warning",
                lambda: self.tr(
                    "No secure credential store on this computer: the session is kept in "
                    "memory only, and you will be asked for your password at each sync "
                    "session."
                ),
            )
        self.url_label.setText(self.tr("Server &address"))
        self.url_field.set_placeholder("https://sync.example.com")
        self.email_label.setText(self.tr("&E-mail address"))
        self.password_label.setText(self.tr("&Password"))
        self.connect_button.setText(self.tr("Connect"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
