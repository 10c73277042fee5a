"""The "Sync issues" page: changes the server refused, and conflicts to decide.

Nothing anyone typed is lost: a refused command stays on the replica with its
payload. Here its author sees what it was, why the server said no, every
field they entered (readable names for the rows it points at), and can copy
it all to redo it, or dismiss it (it stays in the table, marked as seen).

A conflict is two changes of one field that did not see each other: the
server kept the newer and recorded the other. Whoever may edit that row sees
both values here, with who made them and when, and decides: keep the current
value, or bring the other one back (the ``conflict.resolve`` command).
"""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.sync_issues import (
    OpenConflict,
    RejectedCommand,
    dismiss_rejection,
    list_open_conflicts,
    list_rejections,
    reference_names,
    visible_payload,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.sync_issues.labels import (
    command_label,
    entity_label,
    field_name,
    field_problem,
    field_value,
    rejection_reason,
)
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["PAGE_KEY", "ConflictCard", "RejectionCard", "SyncIssuesPage", "rejection_details"]

PAGE_KEY = "sync.issues"

# Payload fields not worth a line on the card (ids the user never typed);
# they stay in "Copy details".
_HIDDEN_ON_CARD = frozenset({"id"})


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    utc = QDateTime.fromMSecsSinceEpoch(
        int(moment.timestamp() * 1000), QTimeZone(QTimeZone.Initialization.UTC)
    )
    return QLocale().toString(utc.toLocalTime(), QLocale.FormatType.ShortFormat)


def rejection_details(
    rejection: RejectedCommand, names: dict[str, str], heading: dict[str, str]
) -> str:
    """The plain text "Copy details" puts on the clipboard: words first, then the raw data.

    ``heading`` holds the translated line titles (made by the page, in its context).
    """
    lines = [
        f"{command_label(rejection.name)} ({rejection.name})",
        f"{heading['made']}: {_when(rejection.created_at)}",
        f"{heading['refused']}: {_when(rejection.at)}",
        f"{heading['reason']}: {rejection_reason(rejection.code)}",
    ]
    if rejection.message:
        lines.append(f"{heading['server']}: {rejection.message} [{rejection.code}]")
    for key, code in rejection.field_errors.items():
        lines.append(f"  {field_name(key)}: {field_problem(code)}")
    lines.append("")
    payload = visible_payload(rejection.payload)
    for key, value in payload.items():
        lines.append(f"{field_name(key)}: {field_value(key, value, names)}")
    lines.append("")
    lines.append(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str))
    return "\n".join(lines)


class RejectionCard(QFrame):
    """One refused command: what, when, why, the fields typed, and what to do."""

    copy_requested = Signal(object)  # RejectedCommand
    dismiss_requested = Signal(object)  # RejectedCommand

    def __init__(
        self, rejection: RejectedCommand, names: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.rejection = rejection
        self._names = names

        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        self.when_label = QLabel(self)
        self.when_label.setObjectName("secondaryText")
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("rejectionReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #b42318; font-weight: 600;")
        self.server_label = QLabel(self)
        self.server_label.setObjectName("secondaryText")
        self.server_label.setWordWrap(True)
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields_title = QLabel(self)
        self.fields_title.setObjectName("secondaryText")
        self.fields_grid = QGridLayout()
        self.fields_grid.setHorizontalSpacing(16)
        self.fields_grid.setVerticalSpacing(3)
        self.fields_grid.setColumnStretch(1, 1)

        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(lambda: self.copy_requested.emit(self.rejection))
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("dismiss")
        self.dismiss_button.clicked.connect(lambda: self.dismiss_requested.emit(self.rejection))
        self.dismissed_label = QLabel(self)
        self.dismissed_label.setObjectName("secondaryText")

        head = QHBoxLayout()
        head.addWidget(self.title_label)
        head.addSpacing(8)
        head.addWidget(self.when_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismissed_label)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.server_label)
        layout.addSpacing(4)
        layout.addWidget(self.fields_title)
        layout.addLayout(self.fields_grid)
        layout.addLayout(buttons)

        self._field_labels: list[tuple[QLabel, QLabel]] = []
        payload = visible_payload(rejection.payload)
        for row, key in enumerate(k for k in payload if k not in _HIDDEN_ON_CARD):
            name = QLabel(self)
            name.setObjectName("secondaryText")
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setProperty("field", key)
            self.fields_grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.fields_grid.addWidget(value, row, 1)
            self._field_labels.append((name, value))
        self.retranslate_ui()

    def field_texts(self) -> dict[str, str]:
        """What the card shows for each field: {field name: value}, in the current language."""
        return {name.text().rstrip(" :"): value.text() for name, value in self._field_labels}

    def retranslate_ui(self) -> None:
        rejection = self.rejection
        self.title_label.setText(command_label(rejection.name))
        self.when_label.setText(
            self.tr("made {made}, refused by the server {refused}").format(
                made=_when(rejection.created_at), refused=_when(rejection.at)
            )
        )
        problems = [
            self.tr("{field}: {problem}").format(field=field_name(key), problem=field_problem(code))
            for key, code in rejection.field_errors.items()
        ]
        if problems and rejection.code == "invalid":
            reason = self.tr("The server did not accept these values:")
        else:
            reason = rejection_reason(rejection.code)
        if problems:
            reason += "\n" + "\n".join(f"• {problem}" for problem in problems)
        self.reason_label.setText(reason)
        self.server_label.setText(
            self.tr("Server's message: {message}").format(message=rejection.message)
        )
        self.server_label.setVisible(bool(rejection.message))
        self.server_label.setToolTip(self.tr("Code: {code}").format(code=rejection.code))
        self.fields_title.setText(self.tr("What you entered:"))
        self.fields_title.setVisible(bool(self._field_labels))
        payload = visible_payload(rejection.payload)
        for name, value in self._field_labels:
            key = str(value.property("field"))
            name.setText(self.tr("{field}:").format(field=field_name(key)))
            value.setText(field_value(key, payload.get(key), self._names))
        self.copy_button.setText(self.tr("Copy details"))
        self.copy_button.setToolTip(
            self.tr("Copy this change, with everything you entered, to paste it elsewhere.")
        )
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(
            self.tr("Mark as seen: it leaves the count of items to review, and stays listed here.")
        )
        self.dismiss_button.setVisible(not rejection.dismissed)
        self.dismissed_label.setText(
            self.tr("Dismissed {when}").format(when=_when(rejection.acknowledged_at))
        )
        self.dismissed_label.setVisible(rejection.dismissed)


class ConflictCard(QFrame):
    """One open conflict: the row and field, both values with who and when, two choices."""

    resolve_requested = Signal(object, str)  # OpenConflict, "kept" or "lost"

    def __init__(
        self,
        conflict: OpenConflict,
        names: dict[str, dict[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.conflict = conflict
        self._names = names  # {"kept": {field: name}, "lost": {field: name}}

        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        self.field_label = QLabel(self)
        self.field_label.setObjectName("secondaryText")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.kept_title = QLabel(self)
        self.kept_title.setObjectName("secondaryText")
        self.lost_title = QLabel(self)
        self.lost_title.setObjectName("secondaryText")
        self.kept_value = QLabel(self)
        self.lost_value = QLabel(self)
        for value in (self.kept_value, self.lost_value):
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.kept_who = QLabel(self)
        self.kept_who.setObjectName("secondaryText")
        self.lost_who = QLabel(self)
        self.lost_who.setObjectName("secondaryText")
        grid.addWidget(self.kept_title, 0, 0)
        grid.addWidget(self.lost_title, 0, 1)
        grid.addWidget(self.kept_value, 1, 0)
        grid.addWidget(self.lost_value, 1, 1)
        grid.addWidget(self.kept_who, 2, 0)
        grid.addWidget(self.lost_who, 2, 1)

        self.keep_button = QPushButton(self)
        self.keep_button.setObjectName("keepCurrent")
        self.keep_button.clicked.connect(lambda: self.resolve_requested.emit(self.conflict, "kept"))
        self.use_other_button = QPushButton(self)
        self.use_other_button.setObjectName("useOther")
        self.use_other_button.clicked.connect(
            lambda: self.resolve_requested.emit(self.conflict, "lost")
        )
        self.use_other_button.setVisible(not conflict.secret)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.use_other_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.field_label)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def _value(self, side: str, value: object) -> str:
        if self.conflict.secret:
            return self.tr("(a password: not shown)")
        return field_value(self.conflict.field, value, self._names.get(side, {}))

    def _who(self, name: str | None, when: datetime | None) -> str:
        who = name or self.tr("someone")
        if when is None:
            return self.tr("by {name}").format(name=who)
        return self.tr("by {name}, {when}").format(name=who, when=_when(when))

    def retranslate_ui(self) -> None:
        conflict = self.conflict
        what = entity_label(conflict.entity)
        row = conflict.row_name or str(conflict.entity_id)[:8]
        self.title_label.setText(f"{what} {row}")
        self.field_label.setText(
            self.tr("Field: {field} — two changes made without seeing each other").format(
                field=field_name(conflict.field)
            )
        )
        self.kept_title.setText(self.tr("Current value (kept)"))
        self.lost_title.setText(self.tr("Other value (not applied)"))
        self.kept_value.setText(self._value("kept", conflict.kept_value))
        self.lost_value.setText(self._value("lost", conflict.lost_value))
        self.kept_who.setText(self._who(conflict.kept_by, conflict.kept_at))
        self.lost_who.setText(self._who(conflict.lost_by, conflict.lost_at))
        self.keep_button.setText(self.tr("Keep current"))
        self.use_other_button.setText(self.tr("Use the other value"))


class SyncIssuesPage(Page):
    """Page "sync.issues": the user's refused changes and the conflicts they may decide.

    Visible to everyone.
    """

    issues_changed = Signal()  # dismissed or decided: the counts changed

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.cards: list[RejectionCard] = []
        self.rejections: list[RejectedCommand] = []
        self.conflict_cards: list[ConflictCard] = []
        self.conflicts: list[OpenConflict] = []

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.intro_label = QLabel(self)
        self.intro_label.setObjectName("secondaryText")
        self.intro_label.setWordWrap(True)
        self.banner = MessageBanner(self)
        self.banner.setObjectName("syncIssuesBanner")

        self.rejections_title = QLabel(self)
        self.rejections_title.setObjectName("sectionTitle")
        self.show_dismissed = QCheckBox(self)
        self.show_dismissed.setObjectName("showDismissed")
        self.show_dismissed.toggled.connect(lambda _checked: self.refresh())
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyRejections")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #067647; padding: 12px 0;")

        self.cards_box = QWidget(self)
        self.cards_box.setObjectName("rejectionCards")
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(10)

        self.conflicts_title = QLabel(self)
        self.conflicts_title.setObjectName("sectionTitle")
        self.conflicts_intro = QLabel(self)
        self.conflicts_intro.setObjectName("secondaryText")
        self.conflicts_intro.setWordWrap(True)
        self.no_conflict_label = QLabel(self)
        self.no_conflict_label.setObjectName("emptyConflicts")
        self.no_conflict_label.setStyleSheet("color: #067647; padding: 12px 0;")
        self.conflicts_box = QWidget(self)
        self.conflicts_box.setObjectName("conflictCards")
        self.conflicts_layout = QVBoxLayout(self.conflicts_box)
        self.conflicts_layout.setContentsMargins(0, 0, 0, 0)
        self.conflicts_layout.setSpacing(10)

        content = QWidget(self)
        content.setObjectName("syncIssuesContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 22, 28, 22)
        column.setSpacing(8)
        column.addWidget(self.title_label)
        column.addWidget(self.intro_label)
        column.addWidget(self.banner)
        column.addSpacing(8)
        section = QHBoxLayout()
        section.addWidget(self.rejections_title)
        section.addStretch(1)
        section.addWidget(self.show_dismissed)
        column.addLayout(section)
        column.addWidget(self.empty_label)
        column.addWidget(self.cards_box)
        column.addSpacing(18)
        column.addWidget(self.conflicts_title)
        column.addWidget(self.conflicts_intro)
        column.addWidget(self.no_conflict_label)
        column.addWidget(self.conflicts_box)
        column.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Sync issues")

    def show_argument(self, argument: object | None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the refused changes and the conflicts again and rebuild the cards."""
        self._refresh_rejections()
        self._refresh_conflicts()

    def _refresh_rejections(self) -> None:
        engine = self.services.replica.engine
        self.rejections = list_rejections(
            engine, self.session.user_id, include_dismissed=self.show_dismissed.isChecked()
        )
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for rejection in self.rejections:
            card = RejectionCard(rejection, reference_names(engine, rejection.payload), self)
            card.copy_requested.connect(self.copy_details)
            card.dismiss_requested.connect(self.dismiss)
            self.cards_layout.addWidget(card)
            self.cards.append(card)
        self.empty_label.setVisible(not self.rejections)
        self.cards_box.setVisible(bool(self.rejections))

    def _refresh_conflicts(self) -> None:
        engine = self.services.replica.engine
        self.conflicts = list_open_conflicts(engine, self.session.actor)
        for old in self.conflict_cards:
            self.conflicts_layout.removeWidget(old)
            old.deleteLater()
        self.conflict_cards = []
        for conflict in self.conflicts:
            names = {
                "kept": reference_names(engine, {conflict.field: conflict.kept_value}),
                "lost": reference_names(engine, {conflict.field: conflict.lost_value}),
            }
            card = ConflictCard(conflict, names, self)
            card.resolve_requested.connect(self.resolve)
            self.conflicts_layout.addWidget(card)
            self.conflict_cards.append(card)
        self.no_conflict_label.setVisible(not self.conflicts)
        self.conflicts_box.setVisible(bool(self.conflicts))

    # ------------------------------------------------------------------ actions

    def copy_details(self, rejection: object) -> str:
        assert isinstance(rejection, RejectedCommand)
        names = reference_names(self.services.replica.engine, rejection.payload)
        text = rejection_details(rejection, names, self._headings())
        QGuiApplication.clipboard().setText(text)
        self.banner.show_message("info", lambda: self.tr("Copied to the clipboard."))
        return text

    def dismiss(self, rejection: object) -> None:
        assert isinstance(rejection, RejectedCommand)
        dismiss_rejection(self.services.replica.engine, rejection.mutation_id)
        self.banner.clear()
        self.refresh()
        self.issues_changed.emit()

    def resolve(self, conflict: object, choice: str) -> bool:
        """Decide a conflict ("kept" or "lost"); the decision syncs like any change."""
        assert isinstance(conflict, OpenConflict)
        try:
            self.services.writer.execute(
                self.session.actor, "conflict.resolve", {"id": conflict.id, "choice": choice}
            )
        except MutationRejected as error:
            code = error.code
            self.banner.show_message("error", lambda: rejection_reason(code))
            self._refresh_conflicts()
            return False
        self.banner.show_message(
            "success",
            lambda: self.tr("Decision recorded. It is sent to the server with your other changes."),
        )
        self._refresh_conflicts()
        self.issues_changed.emit()
        return True

    def card_for(self, name: str) -> RejectionCard | None:
        """The first card of a command called ``name`` (tests, screenshots)."""
        return next((card for card in self.cards if card.rejection.name == name), None)

    # ------------------------------------------------------------------ translation

    def _headings(self) -> dict[str, str]:
        return {
            "made": self.tr("Made"),
            "refused": self.tr("Refused by the server"),
            "reason": self.tr("Reason"),
            "server": self.tr("Server's message"),
        }

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Sync issues"))
        self.intro_label.setText(
            self.tr(
                "Changes you made on this computer that the server refused. Nothing you "
                "entered is lost: each one is kept here with its details, so that you can "
                "redo it correctly or pass it on."
            )
        )
        self.rejections_title.setText(self.tr("Changes refused by the server"))
        self.show_dismissed.setText(self.tr("Show dismissed"))
        self.empty_label.setText(
            self.tr("Nothing to review: the server accepted every change sent from here.")
        )
        self.conflicts_title.setText(self.tr("Conflicts to decide"))
        self.conflicts_intro.setText(
            self.tr(
                "Two people changed the same field without seeing each other's change. "
                "The most recent one was applied; the other value is kept here so that "
                "someone who may edit the item can choose."
            )
        )
        self.no_conflict_label.setText(self.tr("No conflict to decide."))
        for card in self.cards:
            card.retranslate_ui()
        for conflict_card in self.conflict_cards:
            conflict_card.retranslate_ui()
