"""Page "failures.sheet": the repair intervention sheet of one ticket.

``show_argument(failure_id)`` (from the failure list, the technician's page,
a report just sent) shows:

- the header: ticket number, status and urgency pills, an escalation badge,
  the equipment (a link to its page), site, failure type, reporter, assignee
  and the downtime, live while the equipment is down (it ticks every minute);
- banners: the supervisor's rejection comment when the sheet came back, and
  the undecided sync conflicts of the ticket with a link to the sync issues;
- the "Sheet" tab: diagnosis, root cause (the causes already used, or free
  text), actions taken, start and end of the work, the downtime (its end can
  be set by a supervisor), the time spent per technician, the parts taken
  from the store (scan or search), external services, the computed costs, the
  before/after photos; "Save" writes ``repair.save`` with only the fields that
  changed; then the lifecycle: Start, Assign, Sign off (``repair.sign_off``,
  "equipment back in service?"), Validate / Send back with a comment, Cancel,
  as :func:`cmms_core.rules.workorder.allowed_actions` allows;
- the "Timeline" tab: every action on the ticket (who, when, what changed,
  from which device, offline or online);
- "Print PDF…": the sheet as a PDF to fill in and sign on paper.

Everything written goes through the LocalWriter, so it works offline.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.corrective import downtime_minutes
from cmms_core.rules.permissions import Permission, can
from cmms_core.rules.workorder import WorkOrderAction, WorkOrderStatus, allowed_actions
from cmms_desktop.reports.repair_sheet import build_repair_sheet_pdf
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import AttachmentRow
from cmms_desktop.store.queries.failures import (
    FailureDetail,
    current_escalations,
    get_failure_detail,
    list_assignable_users,
)
from cmms_desktop.store.queries.repair_sheet import known_root_causes
from cmms_desktop.store.queries.timeline import failure_timeline
from cmms_desktop.store.queries.users import site_names
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.failures.list_labels import (
    STATUS_COLOURS,
    URGENCY_COLOURS,
    escalation_role_label,
    format_downtime,
    format_local,
    status_label,
    urgency_label,
)
from cmms_desktop.ui.pages.failures.pdf_texts import format_money, repair_sheet_texts
from cmms_desktop.ui.pages.failures.sheet_labour import LabourTable
from cmms_desktop.ui.pages.failures.sheet_parts import PartsPanel
from cmms_desktop.ui.widgets.documents import (
    FileOpener,
    SaveFileAsker,
    ask_pdf_path,
    not_written_text,
    open_document,
    write_document,
)
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.photo_strip import FilePicker, PhotoStrip, StripItem
from cmms_desktop.ui.widgets.report_texts import report_texts
from cmms_desktop.ui.widgets.state_badge import StateBadge
from cmms_desktop.ui.widgets.timeline import Timeline
from cmms_desktop.ui.widgets.timeline_texts import TimelineTexts
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["EQUIPMENT_PAGE", "LIST_PAGE", "SHEET_PAGE", "SYNC_ISSUES_PAGE", "RepairSheetPage"]

SHEET_PAGE = "failures.sheet"
LIST_PAGE = "failures"
EQUIPMENT_PAGE = "equipment"
SYNC_ISSUES_PAGE = "sync.issues"
SHEET_TABLE = "repair_interventions"
_TICK_MS = 60_000
_ROOT_CAUSE_MAX = 100
_TEXT_FIELDS = ("diagnosis", "root_cause", "actions_taken")
_FORM_FIELDS = (*_TEXT_FIELDS, "started_at", "ended_at", "labour", "external_cost")

# Asks a yes/no question (title, text); tests give their own.
Confirm = Callable[[str, str], bool]


def _as_id(argument: object | None) -> uuid.UUID | None:
    if isinstance(argument, Mapping):
        argument = argument.get("failure_id", argument.get("id"))
    if isinstance(argument, uuid.UUID):
        return argument
    if isinstance(argument, str) and argument:
        try:
            return uuid.UUID(argument)
        except ValueError:
            return None
    return None


def _minute(moment: datetime | None) -> datetime | None:
    """A moment to the minute (what a date-time field shows), in UTC."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(second=0, microsecond=0)


def _live(detail: FailureDetail) -> bool:
    """Whether the equipment is still stopped by this failure (the downtime runs)."""
    return detail.downtime_start is not None and detail.downtime_end is None


def _card(title: QLabel, *bodies: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    layout.setSpacing(8)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    for body in bodies:
        layout.addWidget(body)
    return frame


class MomentEdit(QWidget):
    """A date and time that may be unset: a check box and a date-time field (local time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.set_value(None)

    def set_value(self, moment: datetime | None, fallback: datetime | None = None) -> None:
        shown = moment or fallback or datetime.now(UTC)
        self.edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(shown.timestamp())))
        self.check.setChecked(moment is not None)
        self.edit.setEnabled(moment is not None)

    def value(self) -> datetime | None:
        if not self.check.isChecked():
            return None
        return datetime.fromtimestamp(self.edit.dateTime().toSecsSinceEpoch(), UTC)


class RepairSheetPage(Page):
    """The intervention sheet of one failure."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        pick_files: FilePicker | None = None,
        ask_save_file: SaveFileAsker | None = None,
        open_file: FileOpener | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self.now = now
        self.ask_save_file: SaveFileAsker = ask_save_file or self._ask_save_file
        self.open_file: FileOpener = open_file or open_document
        self.confirm: Confirm = confirm or self._confirm
        self.failure_id: uuid.UUID | None = None
        self.detail: FailureDetail | None = None
        self.baseline: dict[str, object] = {}
        self.last_pdf: Path | None = None
        self._names: dict[uuid.UUID, str] = {}
        self._loading = False
        self.trace_texts = TimelineTexts(names=self._names.get)

        # ---------------------------------------------------------- header
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("linkButton")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self.back)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printSheet")
        self.print_button.clicked.connect(lambda: self.print_pdf())
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = StateBadge(self, STATUS_COLOURS)
        self.status_badge.setObjectName("statusBadge")
        self.urgency_badge = StateBadge(self, URGENCY_COLOURS)
        self.urgency_badge.setObjectName("urgencyBadge")
        self.escalation_label = QLabel(self)
        self.escalation_label.setObjectName("escalationBadge")
        self.escalation_label.setStyleSheet(
            "QLabel#escalationBadge { background: #fef3f2; color: #912018;"
            " border: 1px solid #fda29b; border-radius: 9px; padding: 1px 8px;"
            " font-weight: 600; }"
        )
        self.escalation_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.print_button)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title_label)
        title_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addWidget(self.urgency_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addWidget(self.escalation_label, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)

        self.info: dict[str, tuple[QLabel, QLabel]] = {}
        info = QGridLayout()
        info.setHorizontalSpacing(22)
        info.setVerticalSpacing(2)
        keys = ("equipment", "site", "type", "reported", "assignee", "downtime")
        for index, key in enumerate(keys):
            name, value = QLabel(self), QLabel(self)
            name.setObjectName("secondaryText")
            value.setObjectName(f"info_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            info.addWidget(name, (index // 3) * 2, index % 3)
            info.addWidget(value, (index // 3) * 2 + 1, index % 3)
            self.info[key] = (name, value)
        for column in range(3):
            info.setColumnStretch(column, 1)
        equipment_value = self.info["equipment"][1]
        equipment_value.setTextFormat(Qt.TextFormat.RichText)
        equipment_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        equipment_value.linkActivated.connect(lambda _link: self.open_equipment())
        self.downtime_value = self.info["downtime"][1]
        self.downtime_value.setStyleSheet("font-weight: 600;")
        self.description_label = QLabel(self)
        self.description_label.setObjectName("failureDescription")
        self.description_label.setWordWrap(True)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --------------------------------------------------------- banners
        self.banner = MessageBanner(self)
        self.banner.setObjectName("sheetBanner")
        self.rejection_banner = QFrame(self)
        self.rejection_banner.setObjectName("rejectionBanner")
        self.rejection_banner.setStyleSheet(
            "QFrame#rejectionBanner { background: #fef3f2; border: 1px solid #fda29b;"
            " border-left: 5px solid #b42318; border-radius: 4px; }"
            " QFrame#rejectionBanner QLabel { background: transparent; color: #912018; }"
        )
        self.rejection_title = QLabel(self.rejection_banner)
        self.rejection_title.setStyleSheet("font-weight: 700;")
        self.rejection_text = QLabel(self.rejection_banner)
        self.rejection_text.setObjectName("rejectionComment")
        self.rejection_text.setWordWrap(True)
        self.rejection_text.setTextFormat(Qt.TextFormat.PlainText)
        self.rejection_text.setStyleSheet("font-size: 14px;")
        rejection_layout = QVBoxLayout(self.rejection_banner)
        rejection_layout.setContentsMargins(12, 8, 12, 8)
        rejection_layout.addWidget(self.rejection_title)
        rejection_layout.addWidget(self.rejection_text)
        self.rejection_banner.hide()
        self.conflict_banner = QFrame(self)
        self.conflict_banner.setObjectName("conflictBanner")
        self.conflict_banner.setStyleSheet(
            "QFrame#conflictBanner { background: #fffaeb; border: 1px solid #fedf89;"
            " border-left: 5px solid #f2a900; border-radius: 4px; }"
            " QFrame#conflictBanner QLabel { background: transparent; color: #93370d; }"
        )
        self.conflict_text = QLabel(self.conflict_banner)
        self.conflict_text.setObjectName("conflictText")
        self.conflict_text.setWordWrap(True)
        self.conflict_button = QPushButton(self.conflict_banner)
        self.conflict_button.setObjectName("openSyncIssues")
        self.conflict_button.clicked.connect(self.open_sync_issues)
        conflict_layout = QHBoxLayout(self.conflict_banner)
        conflict_layout.setContentsMargins(12, 8, 12, 8)
        conflict_layout.addWidget(self.conflict_text, 1)
        conflict_layout.addWidget(self.conflict_button)
        self.conflict_banner.hide()

        # ----------------------------------------------------- work card
        self.work_title = QLabel(self)
        self.diagnosis_edit = QPlainTextEdit(self)
        self.diagnosis_edit.setObjectName("diagnosis")
        self.diagnosis_edit.setFixedHeight(70)
        self.root_cause_combo = QComboBox(self)
        self.root_cause_combo.setObjectName("rootCause")
        self.root_cause_combo.setEditable(True)
        self.root_cause_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.root_cause_combo.setMinimumWidth(320)
        line_edit = self.root_cause_combo.lineEdit()
        if line_edit is not None:
            line_edit.setMaxLength(_ROOT_CAUSE_MAX)
        self.actions_edit = QPlainTextEdit(self)
        self.actions_edit.setObjectName("actionsTaken")
        self.actions_edit.setFixedHeight(70)
        self.started_edit = MomentEdit(self)
        self.started_edit.setObjectName("startedAt")
        self.ended_edit = MomentEdit(self)
        self.ended_edit.setObjectName("endedAt")
        self.work_form = QFormLayout()
        self.work_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.work_labels: dict[str, QLabel] = {}
        moments = QWidget(self)
        moments_row = QHBoxLayout(moments)
        moments_row.setContentsMargins(0, 0, 0, 0)
        self.started_label, self.ended_label = QLabel(self), QLabel(self)
        moments_row.addWidget(self.started_label)
        moments_row.addWidget(self.started_edit, 1)
        moments_row.addSpacing(16)
        moments_row.addWidget(self.ended_label)
        moments_row.addWidget(self.ended_edit, 1)
        for key, widget in (
            ("diagnosis", self.diagnosis_edit),
            ("root_cause", self.root_cause_combo),
            ("actions_taken", self.actions_edit),
            ("work_time", moments),
        ):
            label = QLabel(self)
            self.work_labels[key] = label
            self.work_form.addRow(label, widget)
        work_body = QWidget(self)
        work_body.setLayout(self.work_form)
        self.work_hint = QLabel(self)
        self.work_hint.setObjectName("secondaryText")
        self.work_hint.setWordWrap(True)
        self.work_card = _card(self.work_title, self.work_hint, work_body)

        # ------------------------------------------------- downtime card
        self.downtime_title = QLabel(self)
        self.downtime_text = QLabel(self)
        self.downtime_text.setObjectName("downtimeText")
        self.downtime_text.setWordWrap(True)
        self.restore_at_label = QLabel(self)
        self.restore_at_edit = QDateTimeEdit(self)
        self.restore_at_edit.setObjectName("restoreAt")
        self.restore_at_edit.setCalendarPopup(True)
        self.restore_at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restoreService")
        self.restore_button.clicked.connect(lambda: self.restore_service())
        self.restore_row = QWidget(self)
        restore_layout = QHBoxLayout(self.restore_row)
        restore_layout.setContentsMargins(0, 0, 0, 0)
        restore_layout.addWidget(self.restore_at_label)
        restore_layout.addWidget(self.restore_at_edit)
        restore_layout.addWidget(self.restore_button)
        restore_layout.addStretch(1)
        # the supervisor's correction of the recorded stop (failure.set_downtime)
        self.downtime_start_label = QLabel(self)
        self.downtime_end_label = QLabel(self)
        self.downtime_start_edit = QDateTimeEdit(self)
        self.downtime_end_edit = QDateTimeEdit(self)
        for object_name, editor in (
            ("downtimeStart", self.downtime_start_edit),
            ("downtimeEnd", self.downtime_end_edit),
        ):
            editor.setObjectName(object_name)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.correct_downtime_button = QPushButton(self)
        self.correct_downtime_button.setObjectName("correctDowntime")
        self.correct_downtime_button.clicked.connect(lambda: self.correct_downtime())
        self.correct_row = QWidget(self)
        correct_layout = QHBoxLayout(self.correct_row)
        correct_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.downtime_start_label,
            self.downtime_start_edit,
            self.downtime_end_label,
            self.downtime_end_edit,
            self.correct_downtime_button,
        ):
            correct_layout.addWidget(widget)
        correct_layout.addStretch(1)
        self.downtime_card = _card(
            self.downtime_title, self.downtime_text, self.restore_row, self.correct_row
        )

        # ---------------------------------------------------- labour card
        self.labour_title = QLabel(self)
        self.labour = LabourTable(self)
        self.labour_card = _card(self.labour_title, self.labour)

        # ----------------------------------------------------- parts card
        self.parts_title = QLabel(self)
        self.parts = PartsPanel(self._engine, self)
        self.parts.add_requested.connect(self._on_add_part)
        self.parts.remove_requested.connect(self._on_remove_part)
        self.parts_card = _card(self.parts_title, self.parts)

        # ----------------------------------------------------- costs card
        self.costs_title = QLabel(self)
        self.external_label = QLabel(self)
        self.external_spin = QDoubleSpinBox(self)
        self.external_spin.setObjectName("externalCost")
        self.external_spin.setRange(0, 9_999_999_999)
        self.external_spin.setDecimals(2)
        self.external_spin.setSingleStep(10)
        self.external_spin.setSuffix(" €")
        self.cost_labels: dict[str, tuple[QLabel, QLabel]] = {}
        costs_body = QWidget(self)
        costs_grid = QGridLayout(costs_body)
        costs_grid.setContentsMargins(0, 0, 0, 0)
        costs_grid.setHorizontalSpacing(24)
        costs_grid.addWidget(self.external_label, 0, 0)
        costs_grid.addWidget(self.external_spin, 0, 1)
        for index, key in enumerate(("labour", "parts", "external", "total")):
            name, value = QLabel(self), QLabel(self)
            value.setObjectName(f"cost_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key == "total":
                name.setStyleSheet("font-weight: 700;")
                value.setStyleSheet("font-weight: 700; font-size: 15px;")
            costs_grid.addWidget(name, 1 + index, 0)
            costs_grid.addWidget(value, 1 + index, 1)
            self.cost_labels[key] = (name, value)
        costs_grid.setColumnStretch(2, 1)
        self.costs_note = QLabel(self)
        self.costs_note.setObjectName("secondaryText")
        self.costs_note.setWordWrap(True)
        self.costs_card = _card(self.costs_title, costs_body, self.costs_note)

        # ---------------------------------------------------- photos card
        self.photos_title = QLabel(self)
        self.before_photos = PhotoStrip(
            services.blobs,
            self,
            tag="before",
            title=lambda: self.tr("Before the repair"),
            videos=False,
            pick_files=pick_files,
        )
        self.before_photos.setObjectName("beforePhotos")
        self.after_photos = PhotoStrip(
            services.blobs,
            self,
            tag="after",
            title=lambda: self.tr("After the repair"),
            videos=False,
            pick_files=pick_files,
        )
        self.after_photos.setObjectName("afterPhotos")
        for strip in (self.before_photos, self.after_photos):
            strip.added.connect(lambda item, s=strip: self._on_photo_added(s, item))
            strip.removed.connect(lambda item, s=strip: self._on_photo_removed(s, item))
        photos_body = QWidget(self)
        photos_row = QHBoxLayout(photos_body)
        photos_row.setContentsMargins(0, 0, 0, 0)
        photos_row.addWidget(self.before_photos, 1)
        photos_row.addWidget(self.after_photos, 1)
        self.photos_card = _card(self.photos_title, photos_body)

        # --------------------------------------------------- actions card
        self.actions_title = QLabel(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveSheet")
        self.save_button.clicked.connect(lambda: self.save())
        self.unsaved_label = QLabel(self)
        self.unsaved_label.setObjectName("secondaryText")
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("startWork")
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(lambda: self.start())
        self.assign_combo = QComboBox(self)
        self.assign_combo.setObjectName("assignCombo")
        self.assign_combo.setMinimumWidth(200)
        self.assign_button = QPushButton(self)
        self.assign_button.setObjectName("assignButton")
        self.assign_button.clicked.connect(lambda: self.assign())
        self.sign_restore_check = QCheckBox(self)
        self.sign_restore_check.setObjectName("signOffRestore")
        self.sign_off_button = QPushButton(self)
        self.sign_off_button.setObjectName("signOff")
        self.sign_off_button.setProperty("primary", True)
        self.sign_off_button.clicked.connect(lambda: self.sign_off())
        self.decision_label = QLabel(self)
        self.decision_label.setObjectName("decisionState")
        self.decision_label.setWordWrap(True)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setObjectName("decisionComment")
        self.comment_edit.setFixedHeight(56)
        self.comment_error = QLabel(self)
        self.comment_error.setObjectName("commentError")
        self.comment_error.setStyleSheet("color: #b42318;")
        self.comment_error.setWordWrap(True)
        self.comment_error.hide()
        self.validate_restore_check = QCheckBox(self)
        self.validate_restore_check.setObjectName("validateRestore")
        self.validate_button = QPushButton(self)
        self.validate_button.setObjectName("validateSheet")
        self.validate_button.setProperty("primary", True)
        self.validate_button.clicked.connect(lambda: self.validate())
        self.reject_button = QPushButton(self)
        self.reject_button.setObjectName("rejectSheet")
        self.reject_button.clicked.connect(lambda: self.reject())
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelTicket")
        self.cancel_button.clicked.connect(lambda: self.cancel())

        self.save_row = QWidget(self)
        save_layout = QHBoxLayout(self.save_row)
        save_layout.setContentsMargins(0, 0, 0, 0)
        save_layout.addWidget(self.unsaved_label, 1)
        save_layout.addWidget(self.save_button)
        self.work_row = QWidget(self)
        work_layout = QHBoxLayout(self.work_row)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.addWidget(self.assign_combo)
        work_layout.addWidget(self.assign_button)
        work_layout.addStretch(1)
        work_layout.addWidget(self.start_button)
        work_layout.addWidget(self.sign_restore_check)
        work_layout.addWidget(self.sign_off_button)
        self.decision_box = QWidget(self)
        decision_layout = QVBoxLayout(self.decision_box)
        decision_layout.setContentsMargins(0, 0, 0, 0)
        decision_layout.addWidget(self.comment_edit)
        decision_layout.addWidget(self.comment_error)
        decision_buttons = QHBoxLayout()
        decision_buttons.addWidget(self.validate_restore_check)
        decision_buttons.addStretch(1)
        decision_buttons.addWidget(self.reject_button)
        decision_buttons.addWidget(self.validate_button)
        decision_layout.addLayout(decision_buttons)
        cancel_row = QWidget(self)
        cancel_layout = QHBoxLayout(cancel_row)
        cancel_layout.setContentsMargins(0, 0, 0, 0)
        cancel_layout.addStretch(1)
        cancel_layout.addWidget(self.cancel_button)
        self.actions_card = _card(
            self.actions_title,
            self.save_row,
            self.work_row,
            self.decision_label,
            self.decision_box,
            cancel_row,
        )

        # ------------------------------------------------------ the tabs
        sheet_content = QWidget(self)
        sheet_content.setObjectName("sheetContent")
        sheet_layout = QVBoxLayout(sheet_content)
        sheet_layout.setContentsMargins(0, 6, 8, 6)
        sheet_layout.setSpacing(10)
        for card in (
            self.work_card,
            self.downtime_card,
            self.labour_card,
            self.parts_card,
            self.costs_card,
            self.photos_card,
            self.actions_card,
        ):
            sheet_layout.addWidget(card)
        sheet_layout.addStretch(1)
        self.sheet_scroll = QScrollArea(self)
        self.sheet_scroll.setObjectName("sheetScroll")
        self.sheet_scroll.setWidgetResizable(True)
        self.sheet_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.sheet_scroll.setWidget(sheet_content)
        self.timeline = Timeline(
            self,
            describe=self.trace_texts.describe,
            field_label=self.trace_texts.field_label,
            value_text=self.trace_texts.value_text,
        )
        self.timeline.setObjectName("failureTimeline")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sheetTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.sheet_scroll, "")
        self.tabs.addTab(self.timeline, "")

        self.content = QWidget(self)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addLayout(title_row)
        content_layout.addLayout(info)
        content_layout.addWidget(self.description_label)
        content_layout.addWidget(self.rejection_banner)
        content_layout.addWidget(self.conflict_banner)
        content_layout.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.content, 1)

        # ------------------------------------------------- change tracking
        for text_edit in (self.diagnosis_edit, self.actions_edit):
            text_edit.textChanged.connect(self._on_edited)
        self.root_cause_combo.editTextChanged.connect(lambda _text: self._on_edited())
        for moment in (self.started_edit, self.ended_edit):
            moment.check.toggled.connect(lambda _on: self._on_edited())
            moment.edit.dateTimeChanged.connect(lambda _value: self._on_edited())
        self.labour.changed.connect(self._on_edited)
        self.external_spin.valueChanged.connect(lambda _value: self._on_edited())

        self.ticker = QTimer(self)
        self.ticker.setInterval(_TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.retranslate_ui()
        self._show_nothing()

    # ================================================================ Page

    def title(self) -> str:
        return self.tr("Intervention sheet")

    def show_argument(self, argument: object | None) -> None:
        failure_id = _as_id(argument)
        if failure_id is None:
            if self.failure_id is None:
                self._show_nothing()
            return
        self.banner.clear()
        self.comment_edit.clear()
        self.comment_error.hide()
        if failure_id != self.failure_id:
            self.tabs.setCurrentIndex(0)
            self.parts.clear_choice()
        self.failure_id = failure_id
        self.reload()

    def refresh(self) -> None:
        """After a sync: re-read, keeping what the user typed and did not save."""
        if self.failure_id is not None:
            self.reload(keep_form=self.is_dirty())

    # ============================================================ reading

    def reload(self, *, keep_form: bool = False) -> None:
        if self.failure_id is None:
            self._show_nothing()
            return
        detail = get_failure_detail(self._engine, self.failure_id, self.now())
        self.detail = detail
        if detail is None:
            self._show_nothing()
            self.banner.show_message(
                "warning", lambda: self.tr("This ticket does not exist or was deleted.")
            )
            return
        self.content.show()
        self.print_button.setEnabled(True)
        people = list_assignable_users(self._engine, detail.site_id)
        self._names.clear()
        self._names.update({person.id: person.full_name for person in people})
        if detail.assigned_to is not None and detail.assigned_to_name:
            self._names[detail.assigned_to] = detail.assigned_to_name
        self._fill_header(detail)
        self._fill_banners(detail)
        self.labour.set_people([p for p in people if p.role != "admin"] or people)
        if not keep_form:
            self._fill_form(detail)
        self._fill_downtime(detail)
        self.parts.set_site(detail.site_id)
        self.parts.set_used(detail.parts)
        self._fill_costs(detail)
        self._fill_photos(detail)
        self._fill_actions(detail, people)
        self._fill_timeline()
        self._update_editable()
        self._on_edited()
        if _live(detail):
            self.ticker.start()
        else:
            self.ticker.stop()

    def _show_nothing(self) -> None:
        self.detail = None
        self.ticker.stop()
        self.content.hide()
        self.print_button.setEnabled(False)
        self.title_label.setText(self.tr("No ticket chosen"))

    def _fill_header(self, detail: FailureDetail) -> None:
        self.title_label.setText(self.tr("Ticket {number}").format(number=detail.number))
        self.status_badge.set_state(detail.status, status_label(detail.status))
        self.urgency_badge.set_state(str(detail.urgency), urgency_label(detail.urgency))
        equipment = f"{detail.equipment.code} — {detail.equipment.name}"
        if self.navigator.can_navigate(EQUIPMENT_PAGE):
            equipment = f'<a href="equipment">{_escape(equipment)}</a>'
        else:
            equipment = _escape(equipment)
        reported = format_local(detail.reported_at)
        if detail.reported_by_name:
            reported = self.tr("{when} by {who}").format(when=reported, who=detail.reported_by_name)
        values = {
            "equipment": equipment,
            "site": detail.site_code,
            "type": detail.failure_type_name or "—",
            "reported": reported,
            "assignee": detail.assigned_to_name or self.tr("Not assigned"),
        }
        for key, text in values.items():
            self.info[key][1].setText(text)
        self.description_label.setText(detail.description)
        self.tick()
        escalations = [
            e
            for e in current_escalations(
                self._engine, self.now(), scope_site_ids=self.session.site_ids
            )
            if e.failure_id == detail.id
        ]
        if escalations:
            worst = max(escalations, key=lambda e: e.overdue_minutes)
            self.escalation_label.setText(
                self.tr("Escalated to {role} · {late} late").format(
                    role=escalation_role_label(worst.escalate_to),
                    late=format_downtime(worst.overdue_minutes),
                )
            )
            self.escalation_label.setToolTip(worst.rule_name)
        self.escalation_label.setVisible(bool(escalations))

    def tick(self) -> None:
        """The live downtime, again (every minute while the equipment is down)."""
        detail = self.detail
        if detail is None:
            return
        text = self.downtime_text_for(detail)
        self.downtime_value.setText(text)
        self.downtime_value.setStyleSheet(
            "font-weight: 600; color: #b42318;" if _live(detail) else "font-weight: 600;"
        )

    def downtime_text_for(self, detail: FailureDetail) -> str:
        if detail.downtime_start is None:
            return self.tr("Not stopped")
        minutes = downtime_minutes(detail.downtime_start, detail.downtime_end, self.now())
        if detail.downtime_end is None:
            return self.tr("{time} — still down").format(time=format_downtime(minutes))
        return format_downtime(minutes)

    def _fill_banners(self, detail: FailureDetail) -> None:
        sheet = detail.sheet
        comment = sheet.rejection_comment if sheet is not None else None
        rejected = bool(comment) and detail.status in ("rejected", "in_progress")
        self.rejection_banner.setVisible(rejected)
        if rejected and comment:
            self.rejection_text.setText(f"« {comment} »")
        self._retext_banners()
        self.conflict_banner.setVisible(bool(detail.conflicts))

    def _retext_banners(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.rejection_title.setText(
            self.tr("Sent back by the supervisor: rework the sheet, then sign it off again.")
            if detail.status == "rejected"
            else self.tr("Sent back by the supervisor, being reworked:")
        )
        if detail.conflicts:
            fields = ", ".join(
                sorted({self.trace_texts.field_label(c.field) for c in detail.conflicts})
            )
            self.conflict_text.setText(
                self.tr(
                    "{count} change(s) of this ticket were made on two computers at once "
                    "({fields}): someone must decide which value to keep."
                ).format(count=len(detail.conflicts), fields=fields)
            )
        self.conflict_button.setVisible(self.navigator.can_navigate(SYNC_ISSUES_PAGE))

    def _fill_form(self, detail: FailureDetail) -> None:
        self._loading = True
        try:
            sheet = detail.sheet
            fields = sheet.fields() if sheet is not None else {}
            self.diagnosis_edit.setPlainText(str(fields.get("diagnosis") or ""))
            self.actions_edit.setPlainText(str(fields.get("actions_taken") or ""))
            self.root_cause_combo.clear()
            self.root_cause_combo.addItem("")
            for cause in known_root_causes(self._engine, detail.failure_type_id):
                self.root_cause_combo.addItem(cause)
            self.root_cause_combo.setEditText(str(fields.get("root_cause") or ""))
            started = sheet.started_at if sheet is not None else None
            ended = sheet.ended_at if sheet is not None else None
            self.started_edit.set_value(started, self.now())
            self.ended_edit.set_value(ended, self.now())
            self.labour.set_lines(sheet.labour if sheet is not None else ())
            self.external_spin.setValue(float(sheet.external_cost) if sheet is not None else 0.0)
        finally:
            self._loading = False
        self.baseline = self.form_values()

    def _fill_downtime(self, detail: FailureDetail) -> None:
        if detail.downtime_start is None:
            self.downtime_text.setText(
                self.tr("The equipment was not stopped by this failure.")
                if not detail.equipment_stopped
                else self.tr("No stop recorded.")
            )
        else:
            end = (
                format_local(detail.downtime_end)
                if detail.downtime_end is not None
                else self.tr("still down")
            )
            self.downtime_text.setText(
                self.tr("Stopped from {start} to {end}: {time}.").format(
                    start=format_local(detail.downtime_start),
                    end=end,
                    time=format_downtime(
                        downtime_minutes(detail.downtime_start, detail.downtime_end, self.now())
                    ),
                )
            )
        may_restore = (
            _live(detail)
            and detail.status != WorkOrderStatus.CANCELLED.value
            and can(self.session.actor, Permission.EQUIPMENT_SET_STATE, detail.site_id)
            and can(self.session.actor, Permission.WORKORDER_VALIDATE, detail.site_id)
        )
        self.restore_row.setVisible(may_restore)
        if may_restore:
            self.restore_at_edit.setDateTime(
                QDateTime.fromSecsSinceEpoch(int(self.now().timestamp()))
            )
        may_correct = (
            detail.downtime_start is not None
            and detail.status != WorkOrderStatus.CANCELLED.value
            and can(self.session.actor, Permission.WORKORDER_VALIDATE, detail.site_id)
        )
        self.correct_row.setVisible(may_correct)
        if may_correct and detail.downtime_start is not None:
            self.downtime_start_edit.setDateTime(
                QDateTime.fromSecsSinceEpoch(int(detail.downtime_start.timestamp()))
            )
            # a running stop is ended by "End the downtime": only its start is corrected
            ended = detail.downtime_end is not None
            self.downtime_end_label.setVisible(ended)
            self.downtime_end_edit.setVisible(ended)
            if detail.downtime_end is not None:
                self.downtime_end_edit.setDateTime(
                    QDateTime.fromSecsSinceEpoch(int(detail.downtime_end.timestamp()))
                )

    def _fill_costs(self, detail: FailureDetail) -> None:
        costs = detail.costs
        values = {
            "labour": costs.labour if costs else Decimal(0),
            "parts": costs.parts if costs else Decimal(0),
            "external": costs.external if costs else Decimal(0),
            "total": costs.total if costs else Decimal(0),
        }
        for key, amount in values.items():
            self.cost_labels[key][1].setText(format_money(amount))
        if costs is not None and costs.unrated_minutes:
            minutes = costs.unrated_minutes
            self.costs_note.setText(
                self.tr(
                    "{time} of work by technicians without an hourly rate are not costed."
                ).format(time=format_downtime(minutes))
            )
        else:
            self.costs_note.setText(
                self.tr("Labour rate × time + parts + external services, as saved.")
            )

    def _fill_photos(self, detail: FailureDetail) -> None:
        by_id = {row.id: row for row in detail.attachments}
        sheet = detail.sheet
        for strip, ids in (
            (self.before_photos, sheet.before_photo_ids if sheet else ()),
            (self.after_photos, sheet.after_photo_ids if sheet else ()),
        ):
            strip.set_items(
                [StripItem.from_row(by_id[i], tag=strip.tag()) for i in ids if i in by_id]
            )

    def _fill_actions(self, detail: FailureDetail, people: list[Any]) -> None:
        actions = self.allowed()
        self.start_button.setVisible(WorkOrderAction.START in actions)
        self.start_button.setText(
            self.tr("Start again") if detail.status == "rejected" else self.tr("Start the work")
        )
        may_assign = WorkOrderAction.ASSIGN in actions
        self.assign_combo.setVisible(may_assign)
        self.assign_button.setVisible(may_assign)
        if may_assign:
            self.assign_combo.clear()
            for person in people:
                self.assign_combo.addItem(person.full_name, str(person.id))
            if detail.assigned_to is not None:
                index = self.assign_combo.findData(str(detail.assigned_to))
                self.assign_combo.setCurrentIndex(max(0, index))
            self.assign_button.setText(
                self.tr("Reassign") if detail.assigned_to else self.tr("Assign")
            )
        stopped_now = _live(detail)
        may_sign = WorkOrderAction.COMPLETE in actions
        self.sign_off_button.setVisible(may_sign)
        self.sign_restore_check.setVisible(may_sign and stopped_now)
        self.sign_restore_check.setChecked(False)
        deciding = WorkOrderAction.VALIDATE in actions or WorkOrderAction.REJECT in actions
        self.decision_box.setVisible(deciding)
        self.validate_button.setVisible(WorkOrderAction.VALIDATE in actions)
        self.reject_button.setVisible(WorkOrderAction.REJECT in actions)
        self.validate_restore_check.setVisible(deciding and stopped_now)
        self.validate_restore_check.setChecked(stopped_now)
        self.cancel_button.setVisible(WorkOrderAction.CANCEL in actions)
        self._retext_decision()

    def _retext_decision(self) -> None:
        detail = self.detail
        if detail is None:
            return
        sheet = detail.sheet
        texts: dict[str, TextSource] = {
            "reported": lambda: self.tr("Waiting to be assigned to a technician."),
            "assigned": lambda: self.tr(
                "Assigned: the technician starts the work to open the sheet."
            ),
            "in_progress": lambda: self.tr(
                "In progress: fill the sheet, save it, then sign it off."
            ),
            "rejected": lambda: self.tr("Sent back: start again to rework the sheet."),
            "cancelled": lambda: self.tr("This ticket was cancelled."),
        }
        if detail.status == "done":
            signed = (
                self.tr("Signed off by {who} on {when}.").format(
                    who=sheet.signed_off_by_name or "?", when=format_local(sheet.signed_off_at)
                )
                if sheet is not None and sheet.signed_off_at is not None
                else self.tr("Signed off.")
            )
            if self.decision_box.isVisibleTo(self):
                signed += " " + self.tr(
                    "Check the sheet, then validate it or send it back with a comment."
                )
            else:
                signed += " " + self.tr("Waiting for a supervisor's validation.")
            text = signed
        elif detail.status == "validated":
            text = (
                self.tr("Validated by {who} on {when}: the ticket is closed.").format(
                    who=sheet.validated_by_name or "?", when=format_local(sheet.validated_at)
                )
                if sheet is not None and sheet.validated_at is not None
                else self.tr("Validated: the ticket is closed.")
            )
        else:
            source = texts.get(detail.status)
            text = source() if source is not None else ""
        self.decision_label.setText(text)

    def _fill_timeline(self) -> None:
        if self.failure_id is None:
            return
        entries = self.trace_texts.entries(failure_timeline(self._engine, self.failure_id))
        self.timeline.set_entries(entries)
        self.tabs.setTabText(1, self.tr("Timeline ({count})").format(count=len(entries)))

    # ============================================================ rights

    def allowed(self) -> frozenset[WorkOrderAction]:
        detail = self.detail
        if detail is None or not can(self.session.actor, Permission.WORKORDER_VIEW, detail.site_id):
            return frozenset()
        return allowed_actions(
            WorkOrderStatus(detail.status),
            self.session.role,
            detail.assigned_to == self.session.user_id,
        )

    def may_edit_sheet(self) -> bool:
        """What ``repair.save`` accepts (the server decides again)."""
        detail = self.detail
        if detail is None:
            return False
        actor = self.session.actor
        if not can(actor, Permission.WORKORDER_WORK, detail.site_id):
            return False
        editable = {WorkOrderStatus.IN_PROGRESS.value, WorkOrderStatus.REJECTED.value}
        if can(actor, Permission.WORKORDER_VALIDATE, detail.site_id):
            editable.add(WorkOrderStatus.DONE.value)
        if detail.status not in editable:
            return False
        on_sheet = detail.sheet is not None and any(
            line.user_id == actor.user_id for line in detail.sheet.labour
        )
        return (
            can(actor, Permission.WORKORDER_ASSIGN, detail.site_id)
            or detail.assigned_to == actor.user_id
            or on_sheet
        )

    def may_take_parts(self) -> bool:
        detail = self.detail
        return (
            detail is not None
            and self.may_edit_sheet()
            and can(self.session.actor, Permission.STOCK_ISSUE_TO_WORKORDER, detail.site_id)
        )

    def _update_editable(self) -> None:
        editable = self.may_edit_sheet()
        for text_edit in (self.diagnosis_edit, self.actions_edit):
            text_edit.setReadOnly(not editable)
        for widget in (
            self.root_cause_combo,
            self.started_edit,
            self.ended_edit,
            self.external_spin,
        ):
            widget.setEnabled(editable)
        self.labour.set_editable(editable)
        self.parts.set_editable(self.may_take_parts())
        has_sheet = self.detail is not None and self.detail.sheet is not None
        for strip in (self.before_photos, self.after_photos):
            strip.set_editable(editable and has_sheet)
        self.save_row.setVisible(editable)
        detail = self.detail
        if detail is None or editable:
            self.work_hint.hide()
        else:
            self.work_hint.setText(
                self.tr("The sheet opens when the assigned technician starts the work.")
                if detail.status in ("reported", "assigned")
                else self.tr("Read only: this sheet cannot be changed by you now.")
            )
            self.work_hint.show()

    # ======================================================= form values

    def form_values(self) -> dict[str, object]:
        """The form's fields, as ``repair.save`` takes them."""

        def text(value: str) -> str | None:
            return value if value.strip() else None

        external = Decimal(str(round(self.external_spin.value(), 2))).quantize(Decimal("0.01"))
        return {
            "diagnosis": text(self.diagnosis_edit.toPlainText()),
            "root_cause": text(self.root_cause_combo.currentText().strip()[:_ROOT_CAUSE_MAX]),
            "actions_taken": text(self.actions_edit.toPlainText()),
            "started_at": self.started_edit.value(),
            "ended_at": self.ended_edit.value(),
            "labour": self.labour.lines(),
            "external_cost": external,
        }

    def changed_fields(self) -> dict[str, object]:
        """Only the fields the user changed since the sheet was read (they merge one by one)."""
        current = self.form_values()
        changed: dict[str, object] = {}
        for name in _FORM_FIELDS:
            old, new = self.baseline.get(name), current.get(name)
            if name in ("started_at", "ended_at"):
                assert old is None or isinstance(old, datetime)
                assert new is None or isinstance(new, datetime)
                if _minute(old) == _minute(new):
                    continue
            elif name == "external_cost":
                if Decimal(str(old or 0)) == Decimal(str(new or 0)):
                    continue
            elif (old or None) == (new or None):
                continue
            changed[name] = new
        return changed

    def is_dirty(self) -> bool:
        return self.may_edit_sheet() and bool(self.changed_fields())

    def _on_edited(self) -> None:
        if self._loading:
            return
        dirty = self.detail is not None and bool(self.changed_fields())
        self.save_button.setEnabled(dirty)
        self.unsaved_label.setText(
            self.tr("Unsaved changes.") if dirty else self.tr("All changes saved.")
        )

    # =========================================================== writing

    def _write(self, name: str, payload: Mapping[str, Any]) -> bool:
        try:
            self.services.writer.execute(self.session.actor, name, payload)
        except MutationRejected as error:
            rejected = error
            if error.field_errors and "comment" in error.field_errors:
                self._comment_required()
            self.banner.show_message("error", lambda: self._refusal(rejected))
            return False
        return True

    def _refusal(self, error: MutationRejected) -> str:
        fields = error.field_errors or {}
        if fields.get("ended_at") in ("before_start", "x"):
            return self.tr("The end of the work is before its start.")
        if fields.get("downtime_end") == "before_start":
            return self.tr("The equipment cannot run again before it stopped.")
        if fields.get("labour") == "duplicate_user":
            return self.tr("A technician is on two lines of the time spent: merge them.")
        if error.code == "not_assignee":
            return self.tr("Only the assigned technician or a supervisor may fill this sheet.")
        return mutation_error_message(error)

    def save(self) -> bool:
        """``repair.save`` with the changed fields only; True when written (or nothing to do)."""
        detail = self.detail
        if detail is None or not self.may_edit_sheet():
            return False
        changed = self.changed_fields()
        if not changed:
            return True
        self.banner.clear()
        if not self._write("repair.save", {"failure_id": detail.id, "fields": changed}):
            return False
        self.reload()
        self.banner.show_message("success", lambda: self.tr("Sheet saved."))
        return True

    def _transition(self, action: WorkOrderAction, **fields: Any) -> bool:
        detail = self.detail
        if detail is None:
            return False
        self.banner.clear()
        payload = {"id": detail.id, "action": action.value, **fields}
        if not self._write("failure.transition", payload):
            return False
        self.reload()
        return True

    def start(self) -> bool:
        if not self._transition(WorkOrderAction.START):
            return False
        self.banner.show_message("success", lambda: self.tr("Work started: fill the sheet."))
        return True

    def assign(self, user_id: uuid.UUID | None = None) -> bool:
        data = self.assign_combo.currentData()
        chosen = user_id or (uuid.UUID(data) if isinstance(data, str) and data else None)
        if chosen is None:
            return False
        name = self._names.get(chosen, "")
        if not self._transition(WorkOrderAction.ASSIGN, assignee_id=chosen):
            return False
        self.banner.show_message("success", lambda: self.tr("Assigned to {who}.").format(who=name))
        return True

    def sign_off(self, restore_service: bool | None = None) -> bool:
        """Save what changed, then the technician's signature (``repair.sign_off``)."""
        detail = self.detail
        if detail is None:
            return False
        restore = (
            self.sign_restore_check.isChecked() if restore_service is None else restore_service
        )
        if self.is_dirty() and not self.save():  # a save re-reads the page: asked before
            return False
        self.banner.clear()
        payload = {"failure_id": detail.id, "restore_service": restore}
        if not self._write("repair.sign_off", payload):
            return False
        self.reload()
        self.banner.show_message(
            "success", lambda: self.tr("Signed off: the sheet now waits for validation.")
        )
        return True

    def validate(self, restore_service: bool | None = None) -> bool:
        restore = (
            self.validate_restore_check.isChecked() if restore_service is None else restore_service
        )
        if self.is_dirty() and not self.save():
            return False
        if not self._transition(WorkOrderAction.VALIDATE, restore_service=restore):
            return False
        self.comment_edit.clear()
        self.banner.show_message("success", lambda: self.tr("Validated: the ticket is closed."))
        return True

    def reject(self) -> bool:
        comment = self.comment_edit.toPlainText().strip()
        if not comment:
            self._comment_required()
            return False
        self.comment_error.hide()
        if not self._transition(WorkOrderAction.REJECT, comment=comment):
            return False
        self.comment_edit.clear()
        self.banner.show_message("info", lambda: self.tr("Sent back to the technician."))
        return True

    def _comment_required(self) -> None:
        self.comment_error.setText(
            self.tr("Say what must be done again: a comment is required to send it back.")
        )
        self.comment_error.show()
        self.comment_edit.setFocus()

    def cancel(self) -> bool:
        detail = self.detail
        if detail is None:
            return False
        if not self.confirm(
            self.tr("Cancel the ticket"),
            self.tr("Cancel ticket {number}? It will be closed without a repair.").format(
                number=detail.number
            ),
        ):
            return False
        if not self._transition(WorkOrderAction.CANCEL):
            return False
        self.banner.show_message("info", lambda: self.tr("Ticket cancelled."))
        return True

    def restore_service(self, at: datetime | None = None) -> bool:
        """The supervisor says when the equipment ran again (``failure.restore_service``)."""
        detail = self.detail
        if detail is None:
            return False
        moment = at or datetime.fromtimestamp(
            self.restore_at_edit.dateTime().toSecsSinceEpoch(), UTC
        )
        self.banner.clear()
        if not self._write("failure.restore_service", {"id": detail.id, "at": moment}):
            return False
        self.reload(keep_form=self.is_dirty())
        self.banner.show_message(
            "success", lambda: self.tr("The equipment is back in service: downtime ended.")
        )
        return True

    def correct_downtime(self, start: datetime | None = None, end: datetime | None = None) -> bool:
        """The supervisor corrects the recorded stop (``failure.set_downtime``).

        The editors' values by default; the end only when the stop has ended.
        """
        detail = self.detail
        if detail is None:
            return False

        def edited(edit: QDateTimeEdit) -> datetime:
            return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)

        payload: dict[str, Any] = {
            "id": detail.id,
            "downtime_start": start or edited(self.downtime_start_edit),
        }
        if detail.downtime_end is not None:
            payload["downtime_end"] = end or edited(self.downtime_end_edit)
        self.banner.clear()
        if not self._write("failure.set_downtime", payload):
            return False
        self.reload(keep_form=self.is_dirty())
        self.banner.show_message("success", lambda: self.tr("Downtime corrected."))
        return True

    def _on_add_part(self, part_id: object, location_id: object, quantity: object) -> None:
        detail = self.detail
        assert isinstance(part_id, uuid.UUID) and isinstance(location_id, uuid.UUID)
        assert isinstance(quantity, Decimal)
        if detail is None:
            return
        self.banner.clear()
        payload = {
            "id": uuid.uuid4(),
            "failure_id": detail.id,
            "part_id": part_id,
            "location_id": location_id,
            "quantity": quantity,
        }
        if self._write("repair.add_part", payload):
            self.reload(keep_form=True)
            self.parts.show_taken(quantity, location_id)

    def _on_remove_part(self, movement_id: object) -> None:
        assert isinstance(movement_id, uuid.UUID)
        self.banner.clear()
        if self._write("repair.remove_part", {"id": uuid.uuid4(), "movement_id": movement_id}):
            self.reload(keep_form=True)
            self.banner.show_message("info", lambda: self.tr("Part put back in the store."))

    def _photo_field(self, strip: PhotoStrip) -> str:
        return "before_photo_ids" if strip is self.before_photos else "after_photo_ids"

    def _on_photo_added(self, strip: PhotoStrip, item: object) -> None:
        assert isinstance(item, StripItem)
        detail = self.detail
        if detail is None or detail.sheet is None:
            return
        if not self._write("attachment.add", item.add_payload(SHEET_TABLE, detail.sheet.id)):
            return
        ids = [i.id for i in strip.items()]
        if self._write(
            "repair.save", {"failure_id": detail.id, "fields": {self._photo_field(strip): ids}}
        ):
            strip.mark_saved()
            self.reload(keep_form=True)

    def _on_photo_removed(self, strip: PhotoStrip, item: object) -> None:
        assert isinstance(item, StripItem)
        detail = self.detail
        if detail is None or detail.sheet is None:
            return
        ids = [i.id for i in strip.items()]
        if (
            self._write(
                "repair.save", {"failure_id": detail.id, "fields": {self._photo_field(strip): ids}}
            )
            and item.saved
        ):
            self._write("attachment.remove", {"id": item.id})
        self.reload(keep_form=True)

    # ========================================================= navigation

    def back(self) -> None:
        if self.navigator.can_navigate(LIST_PAGE):
            self.navigator.navigate(LIST_PAGE, self.failure_id)

    def open_equipment(self) -> bool:
        if self.detail is None or not self.navigator.can_navigate(EQUIPMENT_PAGE):
            return False
        self.navigator.navigate(EQUIPMENT_PAGE, self.detail.equipment.id)
        return True

    def open_sync_issues(self) -> bool:
        if not self.navigator.can_navigate(SYNC_ISSUES_PAGE):
            return False
        self.navigator.navigate(SYNC_ISSUES_PAGE)
        return True

    # ============================================================== print

    def pdf_bytes(self) -> bytes | None:
        """The sheet as shown (as saved), as a PDF."""
        detail = self.detail
        if detail is None:
            return None
        names = site_names(self._engine, [detail.site_id])
        blobs = self.services.blobs

        def photo(row: AttachmentRow) -> bytes | None:
            if not blobs.has(row.sha256):
                return None
            return blobs.path_for(row.sha256).read_bytes()

        return build_repair_sheet_pdf(
            detail,
            texts=repair_sheet_texts(),
            report_texts=report_texts(),
            company=names[0] if names else detail.site_code,
            issued=format_local(self.now()),
            photo=photo,
        )

    def print_pdf(self) -> Path | None:
        """ "Print PDF…": ask where, write the sheet there and open it."""
        detail = self.detail
        if detail is None:
            return None
        if self.is_dirty():
            self.banner.show_message(
                "warning",
                lambda: self.tr("The PDF shows the sheet as saved: save your changes first."),
            )
        target = self.ask_save_file(self, f"{detail.number}.pdf")
        if target is None:
            return None
        data = self.pdf_bytes()
        if data is None:
            return None
        reason = write_document(target, data)
        if reason is not None:
            self.banner.show_message("error", lambda: not_written_text(reason))
            return None
        self.last_pdf = target
        self.open_file(target)
        return target

    def _ask_save_file(self, parent: QWidget, suggested: str) -> Path | None:
        return ask_pdf_path(parent, self.tr("Save the intervention sheet"), suggested)

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ======================================================== translation

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← Failure list"))
        self.back_button.setVisible(self.navigator.can_navigate(LIST_PAGE))
        self.print_button.setText(self.tr("Print PDF…"))
        names = {
            "equipment": self.tr("Equipment"),
            "site": self.tr("Site"),
            "type": self.tr("Failure type"),
            "reported": self.tr("Reported"),
            "assignee": self.tr("Assigned to"),
            "downtime": self.tr("Downtime"),
        }
        for key, (name, _value) in self.info.items():
            name.setText(names[key])
        self.conflict_button.setText(self.tr("Open the sync issues"))
        self.work_title.setText(self.tr("Intervention"))
        self.work_labels["diagnosis"].setText(self.tr("Diagnosis"))
        self.work_labels["root_cause"].setText(self.tr("Root cause"))
        self.work_labels["actions_taken"].setText(self.tr("Actions taken"))
        self.work_labels["work_time"].setText(self.tr("Work"))
        self.started_label.setText(self.tr("Start"))
        self.ended_label.setText(self.tr("End"))
        self.diagnosis_edit.setPlaceholderText(self.tr("What was found: symptoms, measurements…"))
        self.actions_edit.setPlaceholderText(self.tr("What was done to repair it…"))
        line_edit = self.root_cause_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("Choose a known cause or type a new one"))
        self.downtime_title.setText(self.tr("Equipment downtime"))
        self.restore_at_label.setText(self.tr("Back in service at"))
        self.restore_button.setText(self.tr("End the downtime"))
        self.downtime_start_label.setText(self.tr("Stopped at"))
        self.downtime_end_label.setText(self.tr("ran again at"))
        self.correct_downtime_button.setText(self.tr("Correct the downtime"))
        self.labour_title.setText(self.tr("Time spent"))
        self.parts_title.setText(self.tr("Parts replaced"))
        self.costs_title.setText(self.tr("Costs"))
        self.external_label.setText(self.tr("External services"))
        cost_names = {
            "labour": self.tr("Labour"),
            "parts": self.tr("Parts"),
            "external": self.tr("External services"),
            "total": self.tr("Total"),
        }
        for key, (name, _value) in self.cost_labels.items():
            name.setText(cost_names[key])
        self.photos_title.setText(self.tr("Photos"))
        self.actions_title.setText(self.tr("Sign-off and validation"))
        self.save_button.setText(self.tr("Save the sheet"))
        self.sign_restore_check.setText(self.tr("Equipment back in service?"))
        self.sign_off_button.setText(self.tr("Sign off"))
        self.comment_edit.setPlaceholderText(self.tr("Comment (required to send it back)"))
        self.validate_restore_check.setText(self.tr("Put the equipment back in service"))
        self.validate_button.setText(self.tr("Validate"))
        self.reject_button.setText(self.tr("Send back"))
        self.cancel_button.setText(self.tr("Cancel the ticket"))
        self.tabs.setTabText(0, self.tr("Sheet"))
        self.tabs.setTabText(1, self.tr("Timeline"))
        if self.detail is not None:
            self.reload(keep_form=True)
        else:
            self._show_nothing()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
