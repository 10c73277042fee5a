"""Change an equipment's state: the transitions the rules allow, and a reason."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.equipment_state import EquipmentState, allowed_transitions
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.equipment.labels import STATES, state_label
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.state_badge import StateBadge

__all__ = ["ChangeStateDialog"]

MAX_REASON = 500


class ChangeStateDialog(QDialog):
    """Offers the states reachable from the current one; saving runs "equipment.set_state".

    ``saved`` is emitted (with the equipment id) once the change is written.
    """

    saved = Signal(object)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        equipment_id: uuid.UUID,
        code: str,
        name: str,
        state: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changeStateDialog")
        self.setMinimumWidth(460)
        self._services = services
        self._session = session
        self.equipment_id = equipment_id
        self._code = code
        self._name = name
        self._current = EquipmentState(state)

        self.equipment_label = QLabel(self)
        self.equipment_label.setObjectName("sectionTitle")
        self.current_caption = QLabel(self)
        self.current_badge = StateBadge(self)
        current_row = QHBoxLayout()
        current_row.addWidget(self.current_caption)
        current_row.addWidget(self.current_badge)
        current_row.addStretch(1)

        self.target_caption = QLabel(self)
        self.choices = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        targets = allowed_transitions(self._current)
        choice_box = QVBoxLayout()
        for value in STATES:  # in the usual order, not the frozenset's
            if EquipmentState(value) not in targets:
                continue
            radio = QRadioButton(self)
            radio.setObjectName(f"state_{value}")
            self.choices.addButton(radio)
            self.radios[value] = radio
            choice_box.addWidget(radio)

        self.reason_label = QLabel(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_label.setBuddy(self.reason_edit)

        self.banner = MessageBanner(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.choices.buttonToggled.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.equipment_label)
        layout.addLayout(current_row)
        layout.addSpacing(4)
        layout.addWidget(self.target_caption)
        layout.addLayout(choice_box)
        layout.addSpacing(4)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._update_buttons()

    def chosen_state(self) -> str | None:
        for value, radio in self.radios.items():
            if radio.isChecked():
                return value
        return None

    def choose(self, state: str) -> None:
        self.radios[state].setChecked(True)

    def save(self) -> None:
        chosen = self.chosen_state()
        if chosen is None:
            return
        reason = self.reason_edit.text().strip() or None
        try:
            self._services.writer.execute(
                self._session.actor,
                "equipment.set_state",
                {"id": self.equipment_id, "state": chosen, "reason": reason},
            )
        except MutationRejected as error:
            rejected = error
            self.banner.show_message("error", lambda: mutation_error_message(rejected))
            return
        self.saved.emit(self.equipment_id)
        self.accept()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Change state"))
        self.equipment_label.setText(f"{self._code} — {self._name}")
        self.current_caption.setText(self.tr("Current state:"))
        self.current_badge.set_state(self._current.value, state_label(self._current.value))
        self.target_caption.setText(self.tr("New state:"))
        for value, radio in self.radios.items():
            radio.setText(state_label(value))
        self.reason_label.setText(self.tr("&Reason (optional):"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. bearing noise, waiting for a part"))
        self.save_button.setText(self.tr("Change state"))

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.chosen_state() is not None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
