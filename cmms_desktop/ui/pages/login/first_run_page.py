"""First start on an empty replica: create the administrator, or load the demo plant."""

from __future__ import annotations

import importlib.util
import threading
import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.passwords import hash_password
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import LoginRefused
from cmms_desktop.ui.i18n import current_language
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.login.demo import load_demo
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

__all__ = ["FirstRunPage", "demo_plant_available"]


def demo_plant_available() -> bool:
    """Whether this build has the demo plant (looked up without importing it)."""
    return importlib.util.find_spec("cmms_desktop.store.demo") is not None


def _vertical_line(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: #d5d9e0;")
    return line


class FirstRunPage(QWidget):
    """Shown while the replica has no account at all."""

    session_started = Signal(object)  # the new administrator's UserSession
    demo_loaded = Signal()
    _demo_finished = Signal(object)  # from the loading thread: None, or why it failed
    admin_exists = Signal()  # someone else made the first account meanwhile

    def __init__(self, services: DesktopServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services

        # --- the administrator card
        self.admin_card = QFrame(self)
        self.admin_card.setObjectName("card")
        self.admin_card.setFixedWidth(440)
        self.title_label = QLabel(self.admin_card)
        self.title_label.setObjectName("pageTitle")
        self.intro_label = QLabel(self.admin_card)
        self.intro_label.setObjectName("secondaryText")
        self.intro_label.setWordWrap(True)
        self.name_label = QLabel(self.admin_card)
        self.name_field = ValidatedLineEdit(self.admin_card)
        self.name_field.setObjectName("fullName")
        self.name_field.set_validator(full_name_problem)
        self.email_label = QLabel(self.admin_card)
        self.email_field = ValidatedLineEdit(self.admin_card)
        self.email_field.setObjectName("email")
        self.email_field.set_validator(new_email_problem)
        self.password_label = QLabel(self.admin_card)
        self.password_field = ValidatedLineEdit(self.admin_card, password=True)
        self.password_field.setObjectName("password")
        self.password_field.set_validator(new_password_problem)
        self.password_field.set_hint(password_rules)
        self.confirm_label = QLabel(self.admin_card)
        self.confirm_field = ValidatedLineEdit(self.admin_card, password=True)
        self.confirm_field.setObjectName("confirmation")
        self.confirm_field.set_validator(
            lambda text: confirmation_problem(self.password_field.text(), text)
        )
        self.banner = MessageBanner(self.admin_card)
        self.create_button = QPushButton(self.admin_card)
        self.create_button.setObjectName("createAdminButton")
        self.create_button.setProperty("primary", True)
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)

        admin = QVBoxLayout(self.admin_card)
        admin.setContentsMargins(32, 28, 32, 28)
        admin.setSpacing(6)
        admin.addWidget(self.title_label)
        admin.addWidget(self.intro_label)
        admin.addSpacing(10)
        for label, field in (
            (self.name_label, self.name_field),
            (self.email_label, self.email_field),
            (self.password_label, self.password_field),
            (self.confirm_label, self.confirm_field),
        ):
            label.setBuddy(field.line_edit)
            admin.addWidget(label)
            admin.addWidget(field)
            admin.addSpacing(4)
        admin.addSpacing(6)
        admin.addWidget(self.banner)
        admin.addWidget(self.create_button)

        # --- the demo card
        self.demo_card = QFrame(self)
        self.demo_card.setObjectName("card")
        self.demo_card.setFixedWidth(340)
        self.demo_title = QLabel(self.demo_card)
        self.demo_title.setObjectName("sectionTitle")
        self.demo_title.setWordWrap(True)
        self.demo_text = QLabel(self.demo_card)
        self.demo_text.setObjectName("secondaryText")
        self.demo_text.setWordWrap(True)
        self.demo_button = QPushButton(self.demo_card)
        self.demo_button.setObjectName("loadDemoButton")
        self.demo_banner = MessageBanner(self.demo_card)
        self.demo_progress = QProgressBar(self.demo_card)
        self.demo_progress.setRange(0, 0)  # busy, without a known end
        self.demo_progress.setTextVisible(False)
        self.demo_progress.setFixedHeight(6)
        self.demo_progress.hide()
        self._demo_thread: threading.Thread | None = None
        self._demo_finished.connect(self._on_demo_finished)
        demo = QVBoxLayout(self.demo_card)
        demo.setContentsMargins(28, 28, 28, 28)
        demo.setSpacing(10)
        demo.addWidget(self.demo_title)
        demo.addWidget(self.demo_text)
        demo.addSpacing(6)
        demo.addWidget(self.demo_banner)
        demo.addWidget(self.demo_progress)
        demo.addWidget(self.demo_button)
        self.demo_card.setVisible(demo_plant_available())

        # A vertical divider with "or" in its middle, as tall as the taller card.
        self.divider = QWidget(self)
        self.or_label = QLabel(self.divider)
        self.or_label.setObjectName("secondaryText")
        self.or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        divider = QVBoxLayout(self.divider)
        divider.setContentsMargins(0, 12, 0, 12)
        divider.setSpacing(6)
        for part in (_vertical_line(self.divider), self.or_label, _vertical_line(self.divider)):
            divider.addWidget(part, 1 if isinstance(part, QFrame) else 0)
        self.divider.setVisible(self.demo_card.isVisibleTo(self))

        row = QHBoxLayout()
        row.setSpacing(20)
        row.addStretch(1)
        row.addWidget(self.admin_card, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.divider)
        row.addWidget(self.demo_card, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self._fields = (self.name_field, self.email_field, self.password_field, self.confirm_field)
        for field in self._fields:
            field.validity_changed.connect(self._update_button)
            field.submitted.connect(self.create_admin)
        self.password_field.line_edit.textChanged.connect(self.confirm_field.revalidate)
        self.create_button.clicked.connect(self.create_admin)
        self.demo_button.clicked.connect(self.load_demo_plant)
        self.retranslate_ui()
        self._update_button()

    def create_admin(self) -> None:
        if not all(field.is_valid() for field in self._fields):
            for field in self._fields:
                field.touch()
            return
        self.banner.clear()
        email = self.email_field.text().strip()
        password = self.password_field.text()
        try:
            with wait_cursor():
                self._services.writer.execute(
                    None,
                    "user.create_first_admin",
                    {
                        "id": uuid.uuid4(),
                        "email": email,
                        "full_name": self.name_field.text().strip(),
                        "password_hash": hash_password(password),
                        "role": Role.ADMIN.value,
                        "language": current_language(),
                    },
                )
                session = self._services.auth.login(email, password)
        except MutationRejected as error:
            if error.code == "forbidden":  # an account appeared meanwhile (another window)
                self.admin_exists.emit()
                return
            if "email" in error.field_errors:
                self.email_field.set_error(lambda: self.tr("This e-mail address is not valid."))
                return
            rejected = error
            self.banner.show_message("error", lambda: mutation_error_message(rejected))
            return
        except LoginRefused:  # cannot happen for an account just made active; say so plainly
            self.admin_exists.emit()
            return
        for field in self._fields:
            field.reset()
        self.session_started.emit(session)

    def load_demo_plant(self) -> None:
        """Load the demo plant off the UI thread (several seconds); ``demo_loaded`` at the end."""
        if self._demo_thread is not None:
            return
        self._set_busy(True)
        self.demo_banner.show_message(
            "info", lambda: self.tr("Loading the demo plant… This takes a few seconds.")
        )
        engine = self._services.replica.engine

        def work() -> None:
            try:
                load_demo(engine)
            except Exception as error:  # reported on the page; the loader wrote nothing
                self._demo_finished.emit(str(error) or type(error).__name__)
            else:
                self._demo_finished.emit(None)

        self._demo_thread = threading.Thread(target=work, name="demo-plant", daemon=True)
        self._demo_thread.start()

    def is_loading_demo(self) -> bool:
        return self._demo_thread is not None

    def _on_demo_finished(self, error: str | None) -> None:
        if self._demo_thread is not None:
            self._demo_thread.join()
            self._demo_thread = None
        self._set_busy(False)
        if error is not None:
            self.demo_banner.show_message(
                "error",
                lambda: self.tr("The demo plant could not be loaded: {detail}").format(
                    detail=error
                ),
            )
            return
        self.demo_banner.clear()
        self.demo_loaded.emit()

    def _set_busy(self, busy: bool) -> None:
        self.demo_progress.setVisible(busy)
        self.demo_button.setEnabled(not busy)
        self.admin_card.setEnabled(not busy)
        if not busy:
            self._update_button()

    def _update_button(self) -> None:
        self.create_button.setEnabled(all(field.is_valid() for field in self._fields))

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Set up this computer"))
        self.intro_label.setText(
            self.tr(
                "No account exists yet. Create the administrator account: it approves "
                "the other accounts and manages their access."
            )
        )
        self.name_label.setText(self.tr("&Full name"))
        self.email_label.setText(self.tr("&E-mail address"))
        self.password_label.setText(self.tr("&Password"))
        self.confirm_label.setText(self.tr("&Confirm the password"))
        self.name_field.set_placeholder(self.tr("First and last name"))
        self.email_field.set_placeholder(self.tr("name@company.com"))
        self.create_button.setText(self.tr("Create the administrator account"))
        self.or_label.setText(self.tr("or"))
        self.demo_title.setText(self.tr("Discover with a demo plant"))
        self.demo_text.setText(
            self.tr(
                "Fills this computer with a fictitious plant (sites, lines, equipment, "
                "history) and ready-made accounts for each role. For training and "
                "evaluation only: do not enter real data in it."
            )
        )
        self.demo_button.setText(self.tr("Load the demo plant"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
