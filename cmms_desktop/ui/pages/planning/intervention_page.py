"""Page "planning.intervention": the sheet of one preventive task.

``show_argument(task_id)`` (from the calendar or the supervisor page) shows the
task's header (equipment, plan, schedule, assignee, status), then, once the
technician pressed Start, the sheet: the checklist (out-of-limit measurements
flagged at once, with "Report a failure"), the report, the time spent, the
parts used (the plan's kit proposed, issued from the stock with ``stock.move``)
and photos; Complete (a refusal for an incomplete checklist is shown on the
lines); the supervisor's Validate / Send back with a comment; the history.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.mutations.registry import MUTATIONS
from cmms_core.rules.permissions import Permission, can
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.planning import InterventionDetail, intervention_detail
from cmms_desktop.store.queries.preventive import (
    TaskSheet,
    intervention_attachments,
    intervention_parts,
    parts_by_id,
    task_sheet,
)
from cmms_desktop.store.queries.stock import list_locations, open_reservations
from cmms_desktop.store.queries.timeline import TimelineEntry, task_timeline
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.planning.intervention_checklist import ChecklistSheet
from cmms_desktop.ui.pages.planning.plans_labels import (
    TASK_STATUS_COLOURS,
    format_local,
    format_minutes,
    task_status_label,
)
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.photo_strip import FilePicker, PhotoStrip, StripItem
from cmms_desktop.ui.widgets.state_badge import StateBadge
from cmms_desktop.ui.widgets.timeline import Timeline

__all__ = ["FAILURE_FORM_PAGE", "INTERVENTION_PAGE", "InterventionPage"]

INTERVENTION_PAGE = "planning.intervention"
# The corrective module's "new failure" form (opened prefilled when it exists).
FAILURE_FORM_PAGE = "failures.new"
_ID_ROLE = Qt.ItemDataRole.UserRole
# a task in these states needs no parts reserved any more
_NO_KIT_STATUSES = frozenset({"done", "validated", "cancelled"})
_SHOWN_FIELDS = (
    "status",
    "scheduled_start",
    "assigned_to",
    "labour_minutes",
    "report",
    "validation_comment",
    "quantity",
    "filename",
)


@dataclass(frozen=True)
class _HistoryEntry:
    """An audit entry with only the changes worth reading on the sheet."""

    at: datetime
    action: str
    actor_name: str | None
    device_id: str | None
    offline: bool
    changes: Mapping[str, Sequence[object]] = field(default_factory=dict)
    made_at: datetime | None = None  # when the command was made on its device


def _as_task_id(argument: object | None) -> uuid.UUID | None:
    if isinstance(argument, Mapping):
        argument = argument.get("task_id")
    if isinstance(argument, uuid.UUID):
        return argument
    if isinstance(argument, str) and argument:
        try:
            return uuid.UUID(argument)
        except ValueError:
            return None
    return None


def _section(title: QLabel, body: QWidget | None = None) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    if body is not None:
        layout.addWidget(body)
    return frame


class InterventionPage(Page):
    """The sheet of a task; everything written goes through the LocalWriter."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        pick_files: FilePicker | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self._now = now
        self.task: TaskSheet | None = None
        self.detail: InterventionDetail | None = None
        self.last_failure_id: uuid.UUID | None = None
        # the task's open kit reservations: (part, location) -> reservation id
        self._kit_reservations: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = {}

        # --- header
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("linkButton")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self._back)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setWordWrap(True)
        self.status_badge = StateBadge(self, TASK_STATUS_COLOURS)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.info_labels: dict[str, tuple[QLabel, QLabel]] = {}
        info = QGridLayout()
        info.setHorizontalSpacing(18)
        for index, key in enumerate(
            ("equipment", "plan", "due", "scheduled", "assignee", "estimated")
        ):
            name, value = QLabel(self), QLabel(self)
            name.setObjectName("secondaryText")
            value.setObjectName(f"info_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            info.addWidget(name, index // 3 * 2, index % 3)
            info.addWidget(value, index // 3 * 2 + 1, index % 3)
            self.info_labels[key] = (name, value)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("startIntervention")
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.start)
        self.banner = MessageBanner(self)
        self.banner.setObjectName("interventionBanner")

        # --- checklist
        self.checklist_title = QLabel(self)
        self.checklist = ChecklistSheet(services.blobs, self, pick_files=pick_files)
        self.checklist.report_failure.connect(self.report_failure)
        self.checklist.photo_added.connect(self._on_line_photo)
        self.checklist_card = _section(self.checklist_title, self.checklist)

        # --- report, time
        self.report_title = QLabel(self)
        self.report_edit = QPlainTextEdit(self)
        self.report_edit.setObjectName("reportEdit")
        self.report_edit.setFixedHeight(90)
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setObjectName("labourMinutes")
        self.minutes_spin.setRange(0, 100_000)
        self.minutes_spin.setSingleStep(15)
        self.minutes_label = QLabel(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveSheet")
        self.save_button.clicked.connect(self.save)
        self.complete_button = QPushButton(self)
        self.complete_button.setObjectName("completeIntervention")
        self.complete_button.setProperty("primary", True)
        self.complete_button.clicked.connect(self.complete)
        report_body = QWidget(self)
        report_layout = QVBoxLayout(report_body)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.report_edit)
        time_row = QHBoxLayout()
        time_row.addWidget(self.minutes_label)
        time_row.addWidget(self.minutes_spin)
        time_row.addStretch(1)
        time_row.addWidget(self.save_button)
        time_row.addWidget(self.complete_button)
        report_layout.addLayout(time_row)
        self.report_card = _section(self.report_title, report_body)

        # --- parts
        self.parts_title = QLabel(self)
        self.kit_table = QTableWidget(0, 4, self)
        self.kit_table.setObjectName("kitTable")
        self.kit_table.verticalHeader().setVisible(False)
        self.kit_table.horizontalHeader().setStretchLastSection(True)
        self.kit_table.setColumnWidth(0, 330)
        self.kit_table.setColumnWidth(1, 90)
        self.kit_table.setColumnWidth(2, 90)
        self.kit_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.kit_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.kit_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.kit_table.setMaximumHeight(150)
        self.location_combo = QComboBox(self)
        self.location_combo.setObjectName("locationCombo")
        self.issue_spin = QDoubleSpinBox(self)
        self.issue_spin.setObjectName("issueQuantity")
        self.issue_spin.setRange(0.001, 100_000)
        self.issue_spin.setDecimals(3)
        self.issue_spin.setValue(1)
        self.issue_button = QPushButton(self)
        self.issue_button.setObjectName("issuePart")
        self.issue_button.clicked.connect(self.issue_selected)
        self.reserve_button = QPushButton(self)
        self.reserve_button.setObjectName("reserveKit")
        self.reserve_button.clicked.connect(self.reserve_kit)
        self.parts_note = QLabel(self)
        self.parts_note.setObjectName("secondaryText")
        self.parts_note.setWordWrap(True)
        self.location_label = QLabel(self)
        issue_row = QHBoxLayout()
        issue_row.addWidget(self.location_label)
        issue_row.addWidget(self.location_combo, 1)
        issue_row.addWidget(self.issue_spin)
        issue_row.addWidget(self.issue_button)
        issue_row.addWidget(self.reserve_button)
        self.issued_label = QLabel(self)
        self.issued_label.setObjectName("issuedParts")
        self.issued_label.setWordWrap(True)
        parts_body = QWidget(self)
        parts_layout = QVBoxLayout(parts_body)
        parts_layout.setContentsMargins(0, 0, 0, 0)
        parts_layout.addWidget(self.kit_table)
        parts_layout.addLayout(issue_row)
        parts_layout.addWidget(self.issued_label)
        parts_layout.addWidget(self.parts_note)
        self.parts_card = _section(self.parts_title, parts_body)

        # --- photos
        self.photos_title = QLabel(self)
        self.photos = PhotoStrip(services.blobs, self, tag="sheet", pick_files=pick_files)
        self.photos.setObjectName("sheetPhotos")
        self.photos.added.connect(self._on_photo)
        self.photos_card = _section(self.photos_title, self.photos)

        # --- validation
        self.validation_title = QLabel(self)
        self.validation_state = QLabel(self)
        self.validation_state.setObjectName("validationState")
        self.validation_state.setWordWrap(True)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setObjectName("validationComment")
        self.comment_edit.setFixedHeight(60)
        self.comment_error = QLabel(self)
        self.comment_error.setObjectName("commentError")
        self.comment_error.setStyleSheet("color: #b42318;")
        self.comment_error.hide()
        self.validate_button = QPushButton(self)
        self.validate_button.setObjectName("validateIntervention")
        self.validate_button.setProperty("primary", True)
        self.validate_button.clicked.connect(self.validate)
        self.reject_button = QPushButton(self)
        self.reject_button.setObjectName("rejectIntervention")
        self.reject_button.clicked.connect(self.reject)
        validation_body = QWidget(self)
        validation_layout = QVBoxLayout(validation_body)
        validation_layout.setContentsMargins(0, 0, 0, 0)
        validation_layout.addWidget(self.validation_state)
        validation_layout.addWidget(self.comment_edit)
        validation_layout.addWidget(self.comment_error)
        decision_row = QHBoxLayout()
        decision_row.addStretch(1)
        decision_row.addWidget(self.reject_button)
        decision_row.addWidget(self.validate_button)
        validation_layout.addLayout(decision_row)
        self.validation_card = _section(self.validation_title, validation_body)

        # --- history
        self.history_title = QLabel(self)
        self.history_title.setObjectName("sectionTitle")
        self.timeline = Timeline(
            self,
            describe=lambda entry: self.describe(entry.action),
            field_label=self.field_label,
            value_text=self.value_text,
        )
        self.timeline.setObjectName("taskHistory")

        # --- layout: the sheet scrolls on the left, the history on the right
        sheet = QWidget(self)
        sheet.setObjectName("interventionSheet")
        column = QVBoxLayout(sheet)
        column.setContentsMargins(24, 16, 12, 16)
        column.setSpacing(12)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(title_row)
        column.addLayout(info)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)
        column.addLayout(start_row)
        column.addWidget(self.banner)
        for card in (
            self.validation_card,
            self.checklist_card,
            self.report_card,
            self.parts_card,
            self.photos_card,
        ):
            column.addWidget(card)
        column.addStretch(1)
        self.sheet_scroll = QScrollArea(self)
        self.sheet_scroll.setWidgetResizable(True)
        self.sheet_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.sheet_scroll.setWidget(sheet)
        side = QWidget(self)
        side.setFixedWidth(330)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 16, 16, 16)
        side_layout.addWidget(self.history_title)
        side_layout.addWidget(self.timeline, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sheet_scroll, 1)
        row.addWidget(side)
        self.retranslate_ui()
        self._show_nothing()

    # ------------------------------------------------------------- loading

    def show_argument(self, argument: object | None) -> None:
        task_id = _as_task_id(argument)
        self.banner.clear()
        if task_id is None:
            self._show_nothing()
        else:
            self.show_task(task_id)

    def show_task(self, task_id: uuid.UUID) -> None:
        self.task = task_sheet(self._engine, task_id)
        self.comment_edit.clear()
        self.comment_error.hide()
        self.reload()

    def refresh(self) -> None:
        if self.task is not None:
            self.task = task_sheet(self._engine, self.task.id)
            self.reload()

    def reload(self) -> None:
        task = self.task
        if task is None:
            self._show_nothing()
            return
        self.detail = (
            intervention_detail(self._engine, task.intervention_id)
            if task.intervention_id
            else None
        )
        self._fill_header(task)
        detail = self.detail
        sheet_open = (
            detail is not None
            and detail.status == "in_progress"
            and task.status == "in_progress"
            and self.may_work()
        )
        self.checklist_card.setVisible(detail is not None)
        self.report_card.setVisible(detail is not None)
        self.photos_card.setVisible(detail is not None)
        if detail is not None:
            self.checklist.set_lines(detail.checklist, sheet_open)
            self.report_edit.setPlainText(detail.report or "")
            self.minutes_spin.setValue(detail.labour_minutes or 0)
            self._fill_photos(detail.id)
        for widget in (self.report_edit, self.minutes_spin, self.save_button, self.complete_button):
            widget.setEnabled(sheet_open)
        self.report_edit.setReadOnly(not sheet_open)
        self.save_button.setVisible(sheet_open)
        self.complete_button.setVisible(sheet_open)
        self.photos.set_editable(sheet_open)
        self._fill_parts(task, sheet_open)
        self._fill_validation(task, detail)
        self.timeline.set_entries(self._history(task_timeline(self._engine, task.id)))

    def _show_nothing(self) -> None:
        self.task = None
        self.detail = None
        self.title_label.setText(self.tr("No task chosen"))
        self.status_badge.set_state(None, "")
        for _name, value in self.info_labels.values():
            value.setText("—")
        self.start_button.hide()
        for card in (
            self.checklist_card,
            self.report_card,
            self.parts_card,
            self.photos_card,
            self.validation_card,
        ):
            card.hide()
        self.timeline.set_entries([])

    def _fill_header(self, task: TaskSheet) -> None:
        self.title_label.setText(task.title)
        self.status_badge.set_state(task.status, task_status_label(task.status))
        scheduled = "—"
        if task.scheduled_start is not None:
            scheduled = format_local(task.scheduled_start)
            if task.scheduled_end is not None:
                scheduled += " → " + format_local(task.scheduled_end)[-5:]
        values = {
            "equipment": f"{task.equipment_code} — {task.equipment_name}",
            "plan": task.plan_name or "—",
            "due": format_local(task.due_at),
            "scheduled": scheduled,
            "assignee": task.assignee_name or self.tr("Not assigned"),
            "estimated": format_minutes(task.estimated_minutes),
        }
        for key, text in values.items():
            self.info_labels[key][1].setText(text)
        may_start = task.status in ("assigned", "rejected") and self.may_work()
        self.start_button.setVisible(may_start)
        self.start_button.setText(
            self.tr("Start again") if task.status == "rejected" else self.tr("Start")
        )

    def _fill_photos(self, intervention_id: uuid.UUID) -> None:
        rows = intervention_attachments(self._engine, intervention_id)
        by_id = {row.id: row for row in rows}
        used: set[uuid.UUID] = set()
        for line in self.checklist.lines:
            photo = (line.line.result or {}).get("photo_id")
            if photo and uuid.UUID(str(photo)) in by_id:
                found = by_id[uuid.UUID(str(photo))]
                used.add(found.id)
                line.set_photo_items([StripItem.from_row(found, tag=line.line.key)])
        self.photos.set_items(
            [StripItem.from_row(row, tag="sheet") for row in rows if row.id not in used]
        )

    def _fill_parts(self, task: TaskSheet, sheet_open: bool) -> None:
        detail = self.detail
        issued = intervention_parts(self._engine, detail.id) if detail else []
        kit_ids = [uuid.UUID(str(line["part_id"])) for line in task.parts_kit]
        known = parts_by_id(self._engine, kit_ids)
        taken: dict[uuid.UUID, Decimal] = {}
        for part in issued:
            taken[part.part_id] = taken.get(part.part_id, Decimal(0)) + part.quantity
        held: dict[uuid.UUID, Decimal] = {}
        self._kit_reservations = {}
        for reservation in open_reservations(self._engine, ref_id=task.id):
            if reservation.ref_table != "maintenance_tasks":
                continue
            part_id = reservation.part_id
            held[part_id] = held.get(part_id, Decimal(0)) + reservation.remaining
            self._kit_reservations[(part_id, reservation.location_id)] = reservation.id
        self.kit_table.setRowCount(len(task.parts_kit))
        for row, line in enumerate(task.parts_kit):
            part_id = uuid.UUID(str(line["part_id"]))
            choice = known.get(part_id)
            name = f"{choice.reference} — {choice.description}" if choice else str(part_id)
            unit = choice.unit if choice else ""
            reserved = held.get(part_id)
            cells = [
                name,
                f"{float(line['quantity']):g} {unit}",
                f"{taken.get(part_id, 0):g}",
                self.tr("{n} reserved").format(n=f"{reserved:g}") if reserved else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ID_ROLE, str(part_id))
                self.kit_table.setItem(row, column, item)
        if task.parts_kit and self.kit_table.currentRow() < 0:
            self.kit_table.selectRow(0)
        self.location_combo.clear()
        for location in list_locations(self._engine, frozenset({task.site_id})):
            self.location_combo.addItem(f"{location.code} ({location.store})", str(location.id))
        can_issue = (
            sheet_open
            and "stock.move" in MUTATIONS
            and bool(task.parts_kit)
            and self.location_combo.count() > 0
            and can(self.session.actor, Permission.STOCK_ISSUE_TO_WORKORDER, task.site_id)
        )
        can_reserve = (
            "task.reserve_kit" in MUTATIONS
            and task.status not in _NO_KIT_STATUSES
            and bool(task.parts_kit)
            and self.location_combo.count() > 0
            and can(self.session.actor, Permission.STOCK_ISSUE_TO_WORKORDER, task.site_id)
            and any(uuid.UUID(str(line["part_id"])) not in held for line in task.parts_kit)
        )
        self.issue_spin.setVisible(can_issue)
        self.issue_button.setVisible(can_issue)
        self.location_combo.setVisible(can_issue or can_reserve)
        self.location_label.setVisible(can_issue or can_reserve)
        self.reserve_button.setVisible(can_reserve)
        if issued:
            self.issued_label.setText(
                self.tr("Issued: {parts}").format(
                    parts="; ".join(
                        f"{p.reference} × {p.quantity:g} {p.unit} ({p.location_code})"
                        for p in issued
                    )
                )
            )
        else:
            self.issued_label.setText(self.tr("No part issued to this sheet yet."))
        self.kit_table.setVisible(bool(task.parts_kit))
        if not task.parts_kit:
            self.parts_note.setText(self.tr("The plan has no parts kit."))
        elif "stock.move" not in MUTATIONS:
            self.parts_note.setText(
                self.tr("The parts kit is shown for reference: parts cannot be issued here yet.")
            )
        else:
            self.parts_note.setText(
                self.tr("The plan's kit is proposed: issue what you really used from the store.")
            )
        self.parts_card.setVisible(detail is not None or bool(task.parts_kit))

    def _fill_validation(self, task: TaskSheet, detail: InterventionDetail | None) -> None:
        may_validate = self.may_validate()
        awaiting = detail is not None and task.status == "done" and detail.status == "done"
        shown = detail is not None and (
            awaiting or detail.status in ("validated", "rejected") or task.status == "rejected"
        )
        self.validation_card.setVisible(shown)
        deciding = awaiting and may_validate
        for widget in (self.comment_edit, self.validate_button, self.reject_button):
            widget.setVisible(deciding)
        if detail is None:
            return
        if detail.status == "validated":
            text = self.tr("Validated on {when}.").format(when=format_local(detail.validated_at))
        elif detail.status == "rejected" or task.status == "rejected":
            text = self.tr("Sent back to the technician.")
        elif awaiting and not may_validate:
            text = self.tr("Done: waiting for a supervisor's validation.")
        else:
            text = self.tr("Check the sheet, then validate it or send it back with a comment.")
        if detail.validation_comment:
            text += "\n" + self.tr("Comment: {text}").format(text=detail.validation_comment)
        self.validation_state.setText(text)

    # --------------------------------------------------------------- rights

    def may_work(self) -> bool:
        return self.task is not None and can(
            self.session.actor, Permission.WORKORDER_WORK, self.task.site_id
        )

    def may_validate(self) -> bool:
        return self.task is not None and can(
            self.session.actor, Permission.WORKORDER_VALIDATE, self.task.site_id
        )

    # -------------------------------------------------------------- actions

    def _write(self, name: str, payload: Mapping[str, Any]) -> bool:
        try:
            self.services.writer.execute(self.session.actor, name, payload)
        except MutationRejected as error:
            self._show_refusal(error)
            return False
        return True

    def _show_refusal(self, error: MutationRejected) -> None:
        if error.code == "incomplete_checklist":
            missing = [
                key.split(".", 1)[1]
                for key in (error.field_errors or {})
                if key.startswith("results.")
            ]
            self.checklist.mark_missing(missing)
            count = len(missing)
            self.banner.show_message(
                "error",
                lambda: self.tr(
                    "The visit cannot be completed: {n} required item(s) have no result."
                ).format(n=count),
            )
        else:
            self.banner.show_message("error", lambda: mutation_error_message(error))

    def start(self) -> bool:
        task = self.task
        if task is None:
            return False
        self.banner.clear()
        if not self._write(
            "intervention.start",
            {"id": uuid.uuid4(), "task_id": task.id, "started_at": self._now()},
        ):
            return False
        self.refresh()
        return True

    def _sheet_payload(self) -> dict[str, Any]:
        assert self.detail is not None
        return {
            "id": self.detail.id,
            "results": self.checklist.results(),
            "report": self.report_edit.toPlainText(),
            "labour_minutes": self.minutes_spin.value(),
        }

    def save(self) -> bool:
        if self.detail is None:
            return False
        self.banner.clear()
        if not self._write("intervention.save_checklist", self._sheet_payload()):
            return False
        self.refresh()
        self.banner.show_message("success", lambda: self.tr("Sheet saved."))
        return True

    def complete(self) -> bool:
        if self.detail is None:
            return False
        self.banner.clear()
        payload = self._sheet_payload() | {"ended_at": self._now()}
        if not self._write("intervention.complete", payload):
            return False
        self.refresh()
        self.banner.show_message(
            "success", lambda: self.tr("Visit completed: it now waits for validation.")
        )
        return True

    def validate(self) -> bool:
        if self.detail is None:
            return False
        self.banner.clear()
        comment = self.comment_edit.toPlainText().strip()
        payload: dict[str, Any] = {"id": self.detail.id}
        if comment:
            payload["comment"] = comment
        if not self._write("intervention.validate", payload):
            return False
        self.comment_edit.clear()
        self.refresh()
        self.banner.show_message("success", lambda: self.tr("Intervention validated."))
        return True

    def reject(self) -> bool:
        if self.detail is None:
            return False
        self.banner.clear()
        comment = self.comment_edit.toPlainText().strip()
        if not comment:
            self.comment_error.setText(
                self.tr("Say what must be done again: a comment is required to send it back.")
            )
            self.comment_error.show()
            self.comment_edit.setFocus()
            return False
        self.comment_error.hide()
        if not self._write("intervention.reject", {"id": self.detail.id, "comment": comment}):
            return False
        self.comment_edit.clear()
        self.refresh()
        self.banner.show_message("info", lambda: self.tr("Sent back to the technician."))
        return True

    def issue_selected(self) -> bool:
        task, detail = self.task, self.detail
        row = self.kit_table.currentRow()
        location = self.location_combo.currentData()
        if task is None or detail is None or row < 0 or not location:
            return False
        cell = self.kit_table.item(row, 0)
        if cell is None:
            return False
        part_id = cell.data(_ID_ROLE)
        self.banner.clear()
        payload: dict[str, Any] = {
            "id": uuid.uuid4(),
            "kind": "issue",
            "part_id": str(part_id),
            "location_id": str(location),
            "quantity": str(self.issue_spin.value()),
            "ref_table": "interventions",
            "ref_id": detail.id,
            "occurred_at": self._now(),
        }
        # parts taken from the task's kit reservation: the issue releases it
        reservation = self._kit_reservations.get(
            (uuid.UUID(str(part_id)), uuid.UUID(str(location)))
        )
        if reservation is not None:
            payload["reservation_id"] = str(reservation)
        ok = self._write("stock.move", payload)
        if ok:
            self._fill_parts(task, True)
            self.timeline.set_entries(self._history(task_timeline(self._engine, task.id)))
        return ok

    def reserve_kit(self) -> bool:
        """Reserve the plan's kit for the task in the chosen store (``task.reserve_kit``)."""
        task = self.task
        location = self.location_combo.currentData()
        if task is None or not location:
            return False
        self.banner.clear()
        ok = self._write("task.reserve_kit", {"task_id": task.id, "location_id": str(location)})
        if ok:
            self.reload()
            self.banner.show_message("info", lambda: self.tr("The kit is reserved."))
        return ok

    def report_failure(self, key: str) -> object:
        """Open (or write) a corrective failure from an out-of-limit measurement."""
        task = self.task
        if task is None:
            return None
        line = self.checklist.line(key)
        value = line.value()
        limits = line.limits_label.text()
        description = self.tr(
            "Out-of-limit measurement during “{task}”: {item} = {value} {unit} ({limits})."
        ).format(
            task=task.title,
            item=line.line.label,
            value="?" if value is None else f"{value:g}",
            unit=line.line.unit or "",
            limits=limits,
        )
        if self.navigator.can_navigate(FAILURE_FORM_PAGE):
            argument = {"equipment_id": task.equipment_id, "description": description}
            self.navigator.navigate(FAILURE_FORM_PAGE, argument)
            return argument
        if "failure.report" in MUTATIONS:
            failure_id = uuid.uuid4()
            payload = {
                "id": failure_id,
                "equipment_id": task.equipment_id,
                "description": description,
                "urgency": 3,
                "reported_at": self._now(),
            }
            if self._write("failure.report", payload):
                self.last_failure_id = failure_id
                self.banner.show_message(
                    "warning",
                    lambda: self.tr("A failure was reported on {code}.").format(
                        code=task.equipment_code
                    ),
                )
                return failure_id
        return None

    def _on_photo(self, item: object) -> None:
        assert isinstance(item, StripItem)
        if self.detail is not None and self._write(
            "attachment.add", item.add_payload("interventions", self.detail.id)
        ):
            self.photos.mark_saved()

    def _on_line_photo(self, key: str, item: object) -> None:
        assert isinstance(item, StripItem)
        if self.detail is None:
            return
        if self._write("attachment.add", item.add_payload("interventions", self.detail.id)):
            self.checklist.line(key).set_photo(item.id)
            self._write(
                "intervention.save_checklist",
                {"id": self.detail.id, "results": [{"key": key, "photo_id": str(item.id)}]},
            )

    def _back(self) -> None:
        for key in ("planning.calendar", "planning.supervisor"):
            if self.navigator.can_navigate(key):
                self.navigator.navigate(key)
                return

    # -------------------------------------------------------------- history

    def _history(self, entries: Sequence[TimelineEntry]) -> list[_HistoryEntry]:
        """One entry per command (a command writes the task and its sheet: merged)."""
        merged: list[_HistoryEntry] = []
        for entry in entries:
            changes = {k: v for k, v in entry.changes.items() if k in _SHOWN_FIELDS}
            last = merged[-1] if merged else None
            if last is not None and (last.at, last.action, last.actor_name) == (
                entry.at,
                entry.action,
                entry.actor_name,
            ):
                merged[-1] = replace(last, changes={**changes, **last.changes})
                continue
            merged.append(
                _HistoryEntry(
                    at=entry.at,
                    action=entry.action,
                    actor_name=entry.actor_name,
                    device_id=entry.device_id,
                    offline=entry.offline,
                    changes=changes,
                    made_at=entry.made_at,
                )
            )
        return merged

    def describe(self, action: str) -> str:
        texts = {
            "plan.generate_tasks": self.tr("Task planned"),
            "task.schedule": self.tr("Schedule changed"),
            "task.auto_assign": self.tr("Assigned automatically"),
            "intervention.start": self.tr("Intervention started"),
            "intervention.save_checklist": self.tr("Sheet saved"),
            "intervention.complete": self.tr("Visit completed"),
            "intervention.validate": self.tr("Validated"),
            "intervention.reject": self.tr("Sent back"),
            "stock.move": self.tr("Part issued"),
            "task.reserve_kit": self.tr("Kit reserved"),
            "task.release_kit": self.tr("Kit released"),
            "attachment.add": self.tr("Photo added"),
        }
        return texts.get(action, action)

    def field_label(self, name: str) -> str:
        labels = {
            "status": self.tr("Status"),
            "scheduled_start": self.tr("Scheduled"),
            "assigned_to": self.tr("Assignee"),
            "labour_minutes": self.tr("Time spent"),
            "report": self.tr("Report"),
            "validation_comment": self.tr("Comment"),
            "quantity": self.tr("Quantity"),
            "filename": self.tr("File"),
        }
        return labels.get(name, name)

    def value_text(self, name: str, value: object) -> str:
        if value is None or value == "":
            return "—"
        if name == "status":
            return task_status_label(str(value))
        if name == "labour_minutes":
            try:
                return format_minutes(int(str(value)))
            except ValueError:
                return str(value)
        if name == "scheduled_start":
            try:
                return format_local(datetime.fromisoformat(str(value)))
            except ValueError:
                return str(value)
        if name == "quantity":
            try:
                return f"{abs(float(str(value))):g}"
            except ValueError:
                return str(value)
        if name == "assigned_to":
            return self.task.assignee_name or str(value) if self.task else str(value)
        text = str(value)
        return text if len(text) <= 120 else text[:117] + "…"

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Intervention")

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← Back"))
        names = {
            "equipment": self.tr("Equipment"),
            "plan": self.tr("Plan"),
            "due": self.tr("Due"),
            "scheduled": self.tr("Scheduled"),
            "assignee": self.tr("Technician"),
            "estimated": self.tr("Estimated duration"),
        }
        for key, (name, _value) in self.info_labels.items():
            name.setText(names[key])
        self.checklist_title.setText(self.tr("Checklist"))
        self.report_title.setText(self.tr("Report and time spent"))
        self.report_edit.setPlaceholderText(self.tr("What was done, what was noticed…"))
        self.minutes_label.setText(self.tr("Time spent"))
        self.minutes_spin.setSuffix(" " + self.tr("min"))
        self.save_button.setText(self.tr("Save the sheet"))
        self.complete_button.setText(self.tr("Complete"))
        self.parts_title.setText(self.tr("Parts used"))
        self.kit_table.setHorizontalHeaderLabels(
            [
                self.tr("Part (plan's kit)"),
                self.tr("Planned"),
                self.tr("Issued"),
                self.tr("Reserved"),
            ]
        )
        self.location_label.setText(self.tr("From"))
        self.issue_button.setText(self.tr("Issue"))
        self.reserve_button.setText(self.tr("Reserve the kit"))
        self.photos_title.setText(self.tr("Photos"))
        self.validation_title.setText(self.tr("Validation"))
        self.comment_edit.setPlaceholderText(self.tr("Comment (required to send it back)"))
        self.validate_button.setText(self.tr("Validate"))
        self.reject_button.setText(self.tr("Send back"))
        self.history_title.setText(self.tr("History"))
        if self.task is not None:
            self.reload()
