"""The login page: e-mail and password checked offline against the replica."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import LoginRefused
from cmms_desktop.ui.labels import role_label
from cmms_desktop.ui.pages.login.demo import DemoAccount, demo_accounts, is_demo
from cmms_desktop.ui.pages.login.fields import login_email_problem, login_password_problem
from cmms_desktop.ui.pages.login.register_dialog import RegisterDialog
from cmms_desktop.ui.widgets.busy import wait_cursor
from cmms_desktop.ui.widgets.message_banner import BannerKind, MessageBanner
from cmms_desktop.ui.widgets.validated_line_edit import TextSource, ValidatedLineEdit

__all__ = ["DemoAccountsPanel", "LoginPage", "refusal_message"]


def refusal_message(code: str) -> str:
    """Why a login was refused, for the person at the keyboard."""
    match code:
        case "pending":
            return QCoreApplication.translate(
                "LoginRefusal",
                "Your account is waiting for an administrator's approval. "
                "You can log in once it is approved.",
            )
        case "disabled":
            return QCoreApplication.translate(
                "LoginRefusal", "This account has been disabled. Contact an administrator."
            )
        case "rejected":
            return QCoreApplication.translate(
                "LoginRefusal",
                "This account request was declined. Contact an administrator.",
            )
    return QCoreApplication.translate("LoginRefusal", "Wrong e-mail address or password.")


class DemoAccountsPanel(QFrame):
    """The demo plant's accounts; clicking one fills the login form."""

    account_chosen = Signal(str, str)  # e-mail, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.intro_label.setObjectName("secondaryText")
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("demoAccounts")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellClicked.connect(self._on_clicked)
        self._accounts: list[DemoAccount] = []
        self._role_items: list[QTableWidgetItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def set_accounts(self, accounts: list[DemoAccount]) -> None:
        self._accounts = accounts
        self.table.setRowCount(len(accounts))
        self._role_items = []
        for row, account in enumerate(accounts):
            role_item = QTableWidgetItem()
            self._role_items.append(role_item)
            self.table.setItem(row, 0, role_item)
            self.table.setItem(row, 1, QTableWidgetItem(account.email))
            self.table.setItem(row, 2, QTableWidgetItem(account.password))
        self._set_role_texts()
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(row) for row in range(len(accounts)))
        self.table.setFixedHeight(height)

    def account(self, row: int) -> DemoAccount:
        return self._accounts[row]

    def _set_role_texts(self) -> None:
        for row, account in enumerate(self._accounts):
            text = role_label(account.role)
            if account.pending:
                text = self.tr("{role} (pending)").format(role=text)
            item = self._role_items[row]
            item.setText(text)
            item.setToolTip(
                self.tr("{name}: account waiting for approval").format(name=account.full_name)
                if account.pending
                else account.full_name
            )

    def _on_clicked(self, row: int, _column: int) -> None:
        account = self._accounts[row]
        self.account_chosen.emit(account.email, account.password)

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Demo accounts"))
        self.intro_label.setText(
            self.tr(
                "This computer holds the demo plant. Click an account to fill in the form, "
                "then log in: each role sees the application differently."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Role"), self.tr("E-mail"), self.tr("Password")]
        )
        self._set_role_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class LoginPage(QWidget):
    """Log in with e-mail and password; link to ask for an account."""

    session_started = Signal(object)  # the UserSession

    def __init__(self, services: DesktopServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.register_dialog: RegisterDialog | None = None

        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.card.setFixedWidth(400)
        self.title_label = QLabel(self.card)
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel(self.card)
        self.subtitle_label.setObjectName("secondaryText")
        self.subtitle_label.setWordWrap(True)

        self.email_label = QLabel(self.card)
        self.email_field = ValidatedLineEdit(self.card)
        self.email_field.setObjectName("email")
        self.email_field.set_validator(login_email_problem)
        self.email_label.setBuddy(self.email_field.line_edit)
        self.password_label = QLabel(self.card)
        self.password_field = ValidatedLineEdit(self.card, password=True)
        self.password_field.setObjectName("password")
        self.password_field.set_validator(login_password_problem)
        self.password_label.setBuddy(self.password_field.line_edit)

        self.banner = MessageBanner(self.card)
        self.login_button = QPushButton(self.card)
        self.login_button.setObjectName("loginButton")
        self.login_button.setProperty("primary", True)
        self.login_button.setDefault(True)
        self.login_button.setEnabled(False)
        self.register_prompt = QLabel(self.card)
        self.register_prompt.setObjectName("secondaryText")
        self.register_button = QPushButton(self.card)
        self.register_button.setObjectName("linkButton")
        self.register_button.setFlat(True)
        self.register_button.setCursor(Qt.CursorShape.PointingHandCursor)

        form = QVBoxLayout(self.card)
        form.setContentsMargins(32, 28, 32, 28)
        form.setSpacing(6)
        form.addWidget(self.title_label)
        form.addWidget(self.subtitle_label)
        form.addSpacing(14)
        form.addWidget(self.email_label)
        form.addWidget(self.email_field)
        form.addSpacing(6)
        form.addWidget(self.password_label)
        form.addWidget(self.password_field)
        form.addSpacing(10)
        form.addWidget(self.banner)
        form.addWidget(self.login_button)
        form.addSpacing(10)
        register_row = QHBoxLayout()
        register_row.setSpacing(4)
        register_row.addWidget(self.register_prompt)
        register_row.addWidget(self.register_button)
        register_row.addStretch(1)
        form.addLayout(register_row)

        self.demo_panel = DemoAccountsPanel(self)
        self.demo_panel.setFixedWidth(620)
        self.demo_panel.account_chosen.connect(self.fill)
        self.demo_panel.hide()

        row = QHBoxLayout()
        row.setSpacing(24)
        row.addStretch(1)
        row.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.demo_panel, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.email_field.validity_changed.connect(self._update_button)
        self.password_field.validity_changed.connect(self._update_button)
        self.email_field.submitted.connect(self.submit)
        self.password_field.submitted.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.register_button.clicked.connect(self.open_register_dialog)
        self.retranslate_ui()
        self.refresh_demo()

    # ------------------------------------------------------------------ API

    def refresh_demo(self) -> None:
        """Show the demo accounts panel when this replica holds the demo plant."""
        try:
            demo = is_demo(self._services.replica.engine)
            accounts = demo_accounts() if demo else []
        except ImportError:  # the demo plant is not part of this build
            demo, accounts = False, []
        self.demo_panel.set_accounts(accounts)
        self.demo_panel.setVisible(demo and bool(accounts))

    def fill(self, email: str, password: str) -> None:
        self.banner.clear()
        self.email_field.setText(email)
        self.password_field.setText(password)
        self.login_button.setFocus()

    def set_email(self, email: str) -> None:
        self.email_field.setText(email)
        self.password_field.reset()
        self.password_field.setFocus()

    def show_notice(self, kind: BannerKind, text: TextSource) -> None:
        self.banner.show_message(kind, text)

    def reset(self) -> None:
        """Back to an empty form (after a logout: the next person may be someone else)."""
        self.banner.clear()
        self.email_field.reset()
        self.password_field.reset()
        self.email_field.setFocus()

    def submit(self) -> None:
        if not (self.email_field.is_valid() and self.password_field.is_valid()):
            self.email_field.touch()
            self.password_field.touch()
            return
        self.banner.clear()
        try:
            with wait_cursor():
                session = self._services.auth.login(
                    self.email_field.text(), self.password_field.text()
                )
        except LoginRefused as refused:
            code = refused.code
            self.banner.show_message("error", lambda: refusal_message(code))
            self.password_field.reset()
            self.password_field.setFocus()
            return
        self.password_field.reset()
        self.session_started.emit(session)

    def open_register_dialog(self) -> RegisterDialog:
        """Open (non-modally for the event loop, modal for the user) the account request form."""
        dialog = RegisterDialog(self._services, self)
        dialog.registered.connect(self._on_registered)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.register_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------- internals

    def _forget_dialog(self, dialog: RegisterDialog) -> None:
        if self.register_dialog is dialog:
            self.register_dialog = None
        dialog.deleteLater()

    def _on_registered(self, email: str) -> None:
        self.set_email(email)
        self.banner.show_message(
            "success",
            lambda: self.tr(
                "Your account request has been sent. You can log in as soon as an "
                "administrator approves it."
            ),
        )

    def _update_button(self) -> None:
        self.login_button.setEnabled(self.email_field.is_valid() and self.password_field.is_valid())

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Log in", "page title"))
        self.subtitle_label.setText(
            self.tr("Works without a network: your account is checked on this computer.")
        )
        self.email_label.setText(self.tr("&E-mail address"))
        self.email_field.set_placeholder(self.tr("name@company.com"))
        self.password_label.setText(self.tr("&Password"))
        self.login_button.setText(self.tr("Log in"))
        self.register_prompt.setText(self.tr("No account yet?"))
        self.register_button.setText(self.tr("Create an account"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
