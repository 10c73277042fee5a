"""The banner over the failure list: tickets an escalation rule says are late.

One line per escalation ("DI-… · critical failure not assigned for 45 min →
Supervisor"), each a link to its ticket; the most urgent first, at most
``MAX_LINES`` lines and "and N more". Hidden when nothing is late.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cmms_core.rules.escalation import Trigger
from cmms_desktop.ui.pages.failures.list_labels import (
    escalation_role_label,
    format_downtime,
    urgency_label,
)

__all__ = ["MAX_LINES", "EscalationBanner", "EscalationLine"]

MAX_LINES = 5


@dataclass(frozen=True)
class EscalationLine:
    failure_id: uuid.UUID
    number: str
    urgency: int
    trigger: Trigger
    escalate_to: tuple[str, ...]  # role values, who is told
    waiting_minutes: int  # since reported (unassigned) or assigned (not started)


class EscalationBanner(QFrame):
    """``open_requested(failure_id)`` when a line is clicked."""

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationBanner")
        self.setStyleSheet(
            "QFrame#escalationBanner { background: #fef3f2; border: 1px solid #fda29b;"
            " border-left: 5px solid #c62828; border-radius: 4px; }"
            " QFrame#escalationBanner QLabel { background: transparent; border: none; }"
            " QPushButton#escalationLink { border: none; background: transparent;"
            " color: #912018; text-align: left; padding: 1px 0; text-decoration: underline; }"
            " QPushButton#escalationLink:focus { outline: 1px dotted #912018; }"
        )
        self.title_label = QLabel(self)
        self.title_label.setObjectName("escalationTitle")
        self.title_label.setStyleSheet("color: #912018; font-weight: 700;")
        self.more_label = QLabel(self)
        self.more_label.setStyleSheet("color: #912018;")
        self.lines_layout = QVBoxLayout()
        self.lines_layout.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        layout.addLayout(header)
        layout.addLayout(self.lines_layout)
        layout.addWidget(self.more_label)
        self._lines: list[EscalationLine] = []
        self._total = 0
        self.buttons: list[QPushButton] = []
        self.hide()

    def lines(self) -> list[EscalationLine]:
        return list(self._lines)

    def set_lines(self, lines: Sequence[EscalationLine], total: int | None = None) -> None:
        """Show these escalations (``total``: how many there are, if more than the lines)."""
        self._lines = list(lines[:MAX_LINES])
        self._total = max(total if total is not None else len(lines), len(self._lines))
        for button in self.buttons:
            self.lines_layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for line in self._lines:
            button = QPushButton(self)
            button.setObjectName("escalationLink")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(
                lambda _checked=False, failure_id=line.failure_id: self.open_requested.emit(
                    failure_id
                )
            )
            self.lines_layout.addWidget(button)
            self.buttons.append(button)
        self.retranslate_ui()
        self.setVisible(bool(self._lines))

    def line_text(self, line: EscalationLine) -> str:
        waited = format_downtime(line.waiting_minutes)
        what = urgency_label(line.urgency).lower()
        role = ", ".join(escalation_role_label(r) for r in line.escalate_to)
        if line.trigger is Trigger.NOT_STARTED:
            return self.tr(
                "{number} · {urgency} failure assigned but not started for {waited} → {role}"
            ).format(number=line.number, urgency=what, waited=waited, role=role)
        return self.tr("{number} · {urgency} failure not assigned for {waited} → {role}").format(
            number=line.number, urgency=what, waited=waited, role=role
        )

    def retranslate_ui(self) -> None:
        count = self._total
        self.title_label.setText(
            self.tr("1 late ticket escalated")
            if count == 1
            else self.tr("{count} late tickets escalated").format(count=count)
        )
        for button, line in zip(self.buttons, self._lines, strict=True):
            button.setText(self.line_text(line))
            button.setToolTip(self.tr("Open the ticket"))
        hidden = self._total - len(self._lines)
        self.more_label.setText(self.tr("… and {count} more").format(count=hidden))
        self.more_label.setVisible(hidden > 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
