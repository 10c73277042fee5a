"""The failure list's dialogs: assign a ticket, validate (close) it, cancel it.

Each writes one ``failure.transition`` through the local writer when
accepted; a refusal is shown in the dialog, which stays open. Opened with
``open()`` by the list (window-modal, no nested event loop).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.failures import FailureRow, list_assignable_users
from cmms_desktop.ui.labels import mutation_error_message, role_label
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["AssignDialog", "TransitionDialog"]

_ID_ROLE = Qt.ItemDataRole.UserRole


class _Base(QDialog):
    """A small dialog that runs one command on OK; ``done_ok(failure_id)`` after it."""

    done_ok = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        row: FailureRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.row = row
        self.setMinimumWidth(440)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setStyleSheet("font-weight: 600;")
        self.banner = MessageBanner(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.header)

    def _finish_layout(self) -> None:
        self.body.addWidget(self.banner)
        self.body.addWidget(self.buttons)

    def payload(self) -> dict[str, object] | None:
        """The ``failure.transition`` payload of this dialog (None: not ready); each
        dialog (assign, validate, cancel) says its own."""
        raise NotImplementedError

    def run(self) -> bool:
        payload = self.payload()
        if payload is None:
            return False
        try:
            self.services.writer.execute(self.session.actor, "failure.transition", payload)
        except MutationRejected as error:
            refused = error
            self.banner.show_message("error", lambda: _refusal(refused))
            return False
        self.done_ok.emit(self.row.id)
        self.accept()
        return True


def _refusal(error: MutationRejected) -> str:
    problem = error.field_errors.get("assignee_id")
    if problem == "other_site":
        return QCoreApplication.translate(
            "FailureDialogs", "This person has no access to the ticket's site."
        )
    if problem in ("inactive", "cannot_work", "not_found"):
        return QCoreApplication.translate("FailureDialogs", "This person cannot take the ticket.")
    return mutation_error_message(error)


class AssignDialog(_Base):
    """Choose who takes the ticket among the people of its site."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        row: FailureRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, row, parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle(self.tr("Assign the ticket"))
        self.header.setText(f"{row.number} — {row.equipment_code} {row.equipment_name}")
        label = QLabel(self.tr("&Technician:"), self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("assigneeCombo")
        label.setBuddy(self.combo)
        for user in list_assignable_users(services.replica.engine, row.site_id):
            details = role_label(user.role)
            if user.skills:
                details += " · " + ", ".join(user.skills)
            self.combo.addItem(f"{user.full_name} ({details})", str(user.id))
        if row.assigned_to is not None:
            found = self.combo.findData(str(row.assigned_to))
            if found >= 0:
                self.combo.setCurrentIndex(found)
        self.body.addWidget(label)
        self.body.addWidget(self.combo)
        if self.combo.count() == 0:
            self.banner.show_message(
                "warning", lambda: self.tr("Nobody may work on this site's tickets yet.")
            )
        self._finish_layout()
        self.combo.setFocus()

    def assignee_id(self) -> uuid.UUID | None:
        data = self.combo.currentData()
        return uuid.UUID(data) if isinstance(data, str) else None

    def select(self, user_id: uuid.UUID) -> bool:
        found = self.combo.findData(str(user_id))
        if found >= 0:
            self.combo.setCurrentIndex(found)
        return found >= 0

    def payload(self) -> dict[str, object] | None:
        assignee = self.assignee_id()
        if assignee is None:
            self.banner.show_message("error", lambda: self.tr("Choose a technician."))
            return None
        return {"id": self.row.id, "action": "assign", "assignee_id": assignee}


class TransitionDialog(_Base):
    """Validate (close) or cancel a ticket, after saying so; an optional comment."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        row: FailureRow,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, row, parent)
        if action not in ("validate", "cancel"):
            raise ValueError(f"no dialog for {action!r}")
        self.action = action
        self.setObjectName(f"{action}Dialog")
        what = f"{row.number} — {row.equipment_code} {row.equipment_name}"
        self.restore_check: QCheckBox | None = None
        if action == "validate":
            self.setWindowTitle(self.tr("Validate and close the ticket"))
            self.header.setText(
                self.tr("Validate the intervention and close {ticket}?").format(ticket=what)
            )
            if row.downtime_live:
                self.restore_check = QCheckBox(
                    self.tr("The equipment runs again (ends the downtime now)"), self
                )
                self.restore_check.setObjectName("restoreCheck")
                self.restore_check.setChecked(True)
                self.body.addWidget(self.restore_check)
        else:
            self.setWindowTitle(self.tr("Cancel the ticket"))
            self.header.setText(
                self.tr("Cancel {ticket}? It stays in the history as cancelled.").format(
                    ticket=what
                )
            )
        self.comment_label = QLabel(self.tr("&Comment (optional):"), self)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(70)
        self.comment_label.setBuddy(self.comment_edit)
        self.body.addWidget(self.comment_label)
        self.body.addWidget(self.comment_edit)
        self._finish_layout()

    def payload(self) -> dict[str, object] | None:
        payload: dict[str, object] = {"id": self.row.id, "action": self.action}
        comment = self.comment_edit.toPlainText().strip()
        if comment:
            payload["comment"] = comment
        if self.restore_check is not None:
            payload["restore_service"] = self.restore_check.isChecked()
        return payload
