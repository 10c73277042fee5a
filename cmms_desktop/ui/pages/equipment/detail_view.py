"""One equipment: header, specifications, place in the tree, history and attachments."""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.assets import MAX_ATTACHMENT_BYTES
from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import (
    AttachmentRow,
    EquipmentDetail,
    EquipmentRef,
    HistoryEntry,
    get_equipment_detail,
    list_attachments,
    list_equipment_history,
)
from cmms_desktop.store.queries.timeline import equipment_timeline
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.equipment.actions import EquipmentActions
from cmms_desktop.ui.pages.equipment.labels import (
    attachment_kind_label,
    criticality_label,
    field_label,
    history_event_label,
    state_label,
)
from cmms_desktop.ui.widgets.attachments import (
    ImageViewerDialog,
    attachment_icon,
    attachment_kind,
    guess_mime_type,
    human_size,
    open_with_system,
    safe_filename,
)
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.state_badge import EQUIPMENT_STATE_COLOURS, StateBadge
from cmms_desktop.ui.widgets.timeline import Timeline
from cmms_desktop.ui.widgets.timeline_texts import TimelineTexts

__all__ = ["EquipmentDetailView", "history_summary"]

_ID_ROLE = Qt.ItemDataRole.UserRole
_STATE_CHANGE = re.compile(r"^(\w+) -> (\w+)(?:: (.*))?$", re.DOTALL)
# Fields whose audit values are ids: the line says which field changed, not the uuids.
_ID_FIELDS = frozenset({"type_id", "line_id", "parent_id", "site_id"})
_LIST_STYLE = (
    "QListWidget { background: white; border: 1px solid #d5d9e0; }"
    " QListWidget::item { padding: 7px 6px; border-bottom: 1px solid #eceef2; }"
    " QListWidget::item:selected { background: #d4e3f7; color: #1d2433; }"
)
_HIDDEN_FIELDS = frozenset({"deleted_at", "state_changed_at", "updated_at", "created_at"})


def format_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


def format_date(day: date | None) -> str:
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def _value_text(field: str, value: object) -> str:
    if value is None or value == "":
        return "∅"
    if field == "state":
        return state_label(str(value))
    if field == "criticality":
        return criticality_label(str(value))
    return str(value)


def history_summary(entry: HistoryEntry) -> str:
    """The "details" column of a history line, in the current language."""
    if entry.kind == "maintenance" and entry.event == "state_change":
        found = _STATE_CHANGE.match(entry.summary)
        if found is not None:
            old, new, reason = found.groups()
            text = f"{state_label(old)} → {state_label(new)}"
            return f"{text} — {reason}" if reason else text
    if entry.kind != "audit":
        return entry.summary
    if entry.summary:  # an attachment: its file name
        return entry.summary
    changes = entry.changes or {}
    if entry.event == "equipment.create":
        code = changes.get("code", [None, ""])
        name = changes.get("name", [None, ""])
        return f"{code[-1]} — {name[-1]}"
    parts = []
    for field, values in changes.items():
        if field in _HIDDEN_FIELDS:
            continue
        if field in _ID_FIELDS or len(values) != 2:
            parts.append(field_label(field))
        else:
            old, new = values
            parts.append(
                f"{field_label(field)}: {_value_text(field, old)} → {_value_text(field, new)}"
            )
    return "; ".join(parts)


def _state_icon(state: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colours = EQUIPMENT_STATE_COLOURS.get(state)
    painter.setBrush(QColor(colours.background if colours else "#d5d9e0"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class EquipmentDetailView(QWidget):
    """Shows one equipment; ``open_requested(id)`` for a parent or child, ``back_requested``.

    ``changed`` is emitted after this view wrote something (the list re-reads).
    """

    open_requested = Signal(object)
    back_requested = Signal()
    changed = Signal()

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        actions: EquipmentActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentDetail")
        self._services = services
        self._session = session
        self._engine = services.replica.engine
        self.equipment_actions = actions
        self.detail: EquipmentDetail | None = None
        self.history: list[HistoryEntry] = []
        self.attachments: list[AttachmentRow] = []
        self._missing_id: uuid.UUID | None = None
        self._opened_files = tempfile.TemporaryDirectory(prefix="cmms-attachments-")
        self._spec_labels: dict[str, QLabel] = {}
        self._spec_values: dict[str, QLabel] = {}

        # --- top bar
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button = self._button("editButton", self._edit)
        self.state_button = self._button("stateButton", self._change_state)
        self.failure_button = self._button("failureButton", self._report_failure)
        self.plan_button = self._button("planButton", self._plan)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        for button in (self.failure_button, self.plan_button, self.state_button, self.edit_button):
            top.addWidget(button)
        self.failure_button.setVisible(actions.may_report_failure())
        self.plan_button.setVisible(actions.may_plan_maintenance())

        # --- header
        self.code_label = QLabel(self)
        self.code_label.setObjectName("pageTitle")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("equipmentName")
        self.name_label.setStyleSheet("font-size: 17px;")
        self.state_badge = StateBadge(self)
        self.state_badge.setObjectName("stateBadge")
        self.state_since_label = QLabel(self)
        self.state_since_label.setObjectName("secondaryText")
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(self.code_label)
        header.addWidget(self.name_label, 1)
        header.addWidget(self.state_since_label)
        header.addWidget(self.state_badge)
        self.breadcrumb = QLabel(self)
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.breadcrumb.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.breadcrumb.linkActivated.connect(self._on_link)
        self.breadcrumb.setWordWrap(True)
        self.banner = MessageBanner(self)

        # --- tabs
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)

        specs = QFrame(self)
        specs.setObjectName("card")
        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setHorizontalSpacing(16)
            form.setVerticalSpacing(10)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key in ("type", "criticality", "manufacturer", "model", "serial_number"):
            self._add_spec(left, key)
        for key in ("commissioning_date", "operating_hours", "location", "site", "line"):
            self._add_spec(right, key)
        columns = QHBoxLayout()
        columns.setSpacing(40)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.description_caption = QLabel(specs)
        self.description_caption.setStyleSheet("font-weight: 600;")
        self.description_value = QLabel(specs)
        self.description_value.setObjectName("description")
        self.description_value.setWordWrap(True)
        self.description_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description_value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        specs_layout = QVBoxLayout(specs)
        specs_layout.setContentsMargins(20, 18, 20, 18)
        specs_layout.setSpacing(12)
        specs_layout.addLayout(columns)
        specs_layout.addWidget(self.description_caption)
        specs_layout.addWidget(self.description_value)
        specs_layout.addStretch(1)
        specs_tab = QWidget(self)
        specs_tab_layout = QVBoxLayout(specs_tab)
        specs_tab_layout.setContentsMargins(0, 10, 0, 0)
        specs_tab_layout.addWidget(specs)

        self.children_list = QListWidget(self)
        self.children_list.setObjectName("children")
        self.children_list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.children_list.setStyleSheet(_LIST_STYLE)
        self.children_list.itemClicked.connect(self._open_item)
        self.children_list.itemActivated.connect(self._open_item)
        self.children_empty = QLabel(self)
        self.children_empty.setObjectName("secondaryText")
        children_tab = QWidget(self)
        children_layout = QVBoxLayout(children_tab)
        children_layout.setContentsMargins(0, 10, 0, 0)
        children_layout.addWidget(self.children_empty)
        children_layout.addWidget(self.children_list, 1)

        self.history_table = QTableWidget(0, 4, self)
        self.history_table.setObjectName("history")
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setAlternatingRowColors(True)
        self.history_table.setShowGrid(False)
        self.history_table.setWordWrap(False)
        self.history_table.verticalHeader().setVisible(False)
        history_header = self.history_table.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        history_header.setStretchLastSection(False)
        history_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        history_header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        for column, width in enumerate((150, 170, 400, 170)):
            self.history_table.setColumnWidth(column, width)
        history_tab = QWidget(self)
        history_layout = QVBoxLayout(history_tab)
        history_layout.setContentsMargins(0, 10, 0, 0)
        history_layout.addWidget(self.history_table)

        self.attachment_list = QListWidget(self)
        self.attachment_list.setObjectName("attachments")
        self.attachment_list.setIconSize(QSize(48, 48))
        self.attachment_list.setStyleSheet(_LIST_STYLE)
        self.attachment_list.itemActivated.connect(self._view_item)
        self.attachment_list.currentRowChanged.connect(self._update_attachment_buttons)
        self.add_file_button = self._button("addFileButton", self.add_attachment)
        self.view_file_button = self._button("viewFileButton", self.view_selected_attachment)
        self.remove_file_button = self._button("removeFileButton", self.remove_selected_attachment)
        attachment_buttons = QHBoxLayout()
        attachment_buttons.addWidget(self.add_file_button)
        attachment_buttons.addWidget(self.view_file_button)
        attachment_buttons.addWidget(self.remove_file_button)
        attachment_buttons.addStretch(1)
        attachments_tab = QWidget(self)
        attachments_layout = QVBoxLayout(attachments_tab)
        attachments_layout.setContentsMargins(0, 10, 0, 0)
        self.attachments_empty = QLabel(self)
        self.attachments_empty.setObjectName("secondaryText")
        self.attachments_empty.setWordWrap(True)
        attachments_layout.addLayout(attachment_buttons)
        attachments_layout.addWidget(self.attachments_empty)
        attachments_layout.addWidget(self.attachment_list, 1)

        # every action on the equipment and its tickets: who, when, what, device, offline
        self.trace_texts = TimelineTexts()
        self.timeline = Timeline(
            self,
            describe=self.trace_texts.describe,
            field_label=self.trace_texts.field_label,
            value_text=self.trace_texts.value_text,
        )
        self.timeline.setObjectName("equipmentTimeline")
        timeline_tab = QWidget(self)
        timeline_layout = QVBoxLayout(timeline_tab)
        timeline_layout.setContentsMargins(0, 10, 0, 0)
        timeline_layout.addWidget(self.timeline)

        self.specs_tab = specs_tab
        self.children_tab = children_tab
        self.history_tab = history_tab
        self.attachments_tab = attachments_tab
        self.timeline_tab = timeline_tab
        for tab in (specs_tab, children_tab, history_tab, attachments_tab, timeline_tab):
            self.tabs.addTab(tab, "")

        self.content = QWidget(self)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addLayout(header)
        content_layout.addWidget(self.breadcrumb)
        content_layout.addWidget(self.tabs, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.content, 1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def show_equipment(self, equipment_id: uuid.UUID) -> bool:
        """Read and show the equipment; False (and a message) if it does not exist."""
        self.banner.clear()
        detail = get_equipment_detail(self._engine, equipment_id)
        if detail is None:
            self.detail = None
            self._missing_id = equipment_id
            self.content.hide()
            self._update_buttons()
            self.banner.show_message(
                "warning", lambda: self.tr("This equipment does not exist or was deleted.")
            )
            return False
        self._missing_id = None
        if self.detail is None or self.detail.id != equipment_id:
            self.tabs.setCurrentIndex(0)
        self.detail = detail
        self.history = list_equipment_history(self._engine, equipment_id)
        self.attachments = list_attachments(self._engine, equipment_id)
        self.timeline.set_entries(
            self.trace_texts.entries(equipment_timeline(self._engine, equipment_id))
        )
        self.content.show()
        self._fill()
        return True

    def reload(self) -> None:
        if self.detail is not None:
            self.show_equipment(self.detail.id)

    def add_attachment(self) -> None:
        """Pick a file, store it under its hash, and attach it ("attachment.add")."""
        detail = self.detail
        if detail is None:
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Attach a file"),
            str(Path.home()),
            self.tr(
                "All files (*);;Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;"
                "Documents (*.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt *.csv)"
            ),
        )
        if not chosen:
            return
        source = Path(chosen)
        try:
            size = source.stat().st_size
        except OSError:
            self._error(lambda: self.tr("This file cannot be read."))
            return
        if size > MAX_ATTACHMENT_BYTES:
            limit = human_size(MAX_ATTACHMENT_BYTES)
            self._error(
                lambda: self.tr("This file is too big (at most {size}).").format(size=limit)
            )
            return
        try:
            sha256, size = self._services.blobs.add_file(source)
        except OSError:
            self._error(lambda: self.tr("This file cannot be read."))
            return
        mime_type = guess_mime_type(source.name)
        payload = {
            "id": uuid.uuid4(),
            "owner_table": "equipments",
            "owner_id": detail.id,
            "sha256": sha256,
            "filename": safe_filename(source.name)[-255:],
            "mime_type": mime_type[:100],
            "size_bytes": size,
            "kind": attachment_kind(mime_type),
        }
        if self._write("attachment.add", payload):
            self.tabs.setCurrentWidget(self.attachments_tab)

    def view_selected_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is not None:
            self._view_item(item)

    def remove_selected_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is None:
            return
        row = self._attachment(item)
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove the attachment"),
            self.tr("Remove “{name}” from this equipment?").format(
                name=safe_filename(row.filename)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write("attachment.remove", {"id": row.id})

    def view_attachment(self, row: AttachmentRow) -> QWidget | None:
        """Photos open in the viewer (with the other photos); other files in their program."""
        blobs = self._services.blobs
        if not blobs.has(row.sha256):
            self.banner.show_message(
                "info",
                lambda: self.tr(
                    "This file is not on this computer yet: it will be downloaded "
                    "at the next synchronisation."
                ),
            )
            return None
        if row.kind == "photo":
            photos = [a for a in self.attachments if a.kind == "photo" and blobs.has(a.sha256)]
            viewer = ImageViewerDialog(blobs, photos, photos.index(row), self)
            viewer.finished.connect(viewer.deleteLater)
            viewer.open()
            return viewer
        if not open_with_system(blobs, row, Path(self._opened_files.name)):
            self._error(lambda: self.tr("No program on this computer opens this file."))
        return None

    # ------------------------------------------------------------- building

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _add_spec(self, form: QFormLayout, key: str) -> None:
        label = QLabel(self)
        label.setObjectName("secondaryText")
        value = QLabel(self)
        value.setObjectName(f"spec_{key}")
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setWordWrap(True)
        self._spec_labels[key] = label
        self._spec_values[key] = value
        form.addRow(label, value)

    # -------------------------------------------------------------- filling

    def spec_text(self, key: str) -> str:
        return self._spec_values[key].text()

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.code_label.setText(detail.code)
        self.name_label.setText(detail.name)
        self.state_badge.set_state(detail.state, state_label(detail.state))
        self.state_since_label.setText(
            self.tr("since {moment}").format(moment=format_datetime(detail.state_changed_at))
            if detail.state_changed_at
            else ""
        )
        dash = "—"
        hours = detail.operating_hours
        values = {
            "type": detail.type_name,
            "criticality": criticality_label(detail.criticality),
            "manufacturer": detail.manufacturer or dash,
            "model": detail.model or dash,
            "serial_number": detail.serial_number or dash,
            "commissioning_date": format_date(detail.commissioning_date) or dash,
            "operating_hours": self._hours(hours) if hours is not None else dash,
            "location": detail.location or dash,
            "site": f"{detail.site_name} ({detail.site_code})",
            "line": detail.line_name or dash,
        }
        for key, text in values.items():
            self._spec_values[key].setText(text)
        self.description_value.setText(detail.description or dash)
        self._fill_breadcrumb(detail)
        self._fill_children(detail.children)
        self._fill_history()
        self._fill_attachments()
        self._retitle_tabs()
        self._update_buttons()

    def _hours(self, hours: Decimal) -> str:
        return self.tr("{hours} h").format(hours=QLocale().toString(float(hours), "f", 1))

    def _fill_breadcrumb(self, detail: EquipmentDetail) -> None:
        parts = [_escape(detail.site_name)]
        if detail.line_name:
            parts.append(_escape(detail.line_name))
        for ref in detail.parents:
            parts.append(f'<a href="{ref.id}">{_escape(ref.code)}</a> {_escape(ref.name)}')
        parts.append(f"<b>{_escape(detail.code)}</b>")
        self.breadcrumb.setText(" &nbsp;›&nbsp; ".join(parts))

    def _fill_children(self, children: tuple[EquipmentRef, ...]) -> None:
        self.children_list.clear()
        for child in children:
            item = QListWidgetItem(_state_icon(child.state), "")
            item.setData(_ID_ROLE, child.id)
            item.setData(_ID_ROLE + 1, child)
            self.children_list.addItem(item)
        self._retext_children()

    def _retext_children(self) -> None:
        for row in range(self.children_list.count()):
            item = self.children_list.item(row)
            child: EquipmentRef = item.data(_ID_ROLE + 1)
            item.setText(f"{child.code} — {child.name}   ({state_label(child.state)})")
        self.children_list.setVisible(self.children_list.count() > 0)
        self.children_empty.setVisible(self.children_list.count() == 0)

    def _fill_history(self) -> None:
        table = self.history_table
        table.setRowCount(len(self.history))
        for row in range(len(self.history)):
            for column in range(4):
                table.setItem(row, column, QTableWidgetItem())
        self._retext_history()

    def _retext_history(self) -> None:
        table = self.history_table
        for row, entry in enumerate(self.history):
            texts = (
                format_datetime(entry.at),
                history_event_label(entry.kind, entry.event),
                history_summary(entry),
                entry.actor_name or "",
            )
            for column, text in enumerate(texts):
                item = table.item(row, column)
                if item is not None:
                    item.setText(text)
                    item.setToolTip(text)

    def _fill_attachments(self) -> None:
        self.attachment_list.clear()
        blobs = self._services.blobs
        for row in self.attachments:
            item = QListWidgetItem(attachment_icon(self.attachment_list, blobs, row), "")
            item.setData(_ID_ROLE, row.id)
            self.attachment_list.addItem(item)
        self._retext_attachments()
        self._update_attachment_buttons()
        self.attachments_empty.setVisible(not self.attachments)

    def _retext_attachments(self) -> None:
        for index, row in enumerate(self.attachments):
            item = self.attachment_list.item(index)
            if item is None:
                continue
            details = " · ".join(
                part
                for part in (
                    attachment_kind_label(row.kind),
                    human_size(row.size_bytes),
                    format_datetime(row.created_at),
                    row.uploaded_by_name or "",
                )
                if part
            )
            missing = "" if self._services.blobs.has(row.sha256) else self.tr(" (not downloaded)")
            item.setText(f"{safe_filename(row.filename)}{missing}\n{details}")

    def _retitle_tabs(self) -> None:
        children = len(self.detail.children) if self.detail else 0
        self.tabs.setTabText(0, self.tr("Specifications"))
        self.tabs.setTabText(1, self.tr("Sub-equipment ({count})").format(count=children))
        self.tabs.setTabText(2, self.tr("History ({count})").format(count=len(self.history)))
        self.tabs.setTabText(
            3, self.tr("Attachments ({count})").format(count=len(self.attachments))
        )
        self.tabs.setTabText(
            4, self.tr("Timeline ({count})").format(count=len(self.timeline.entries()))
        )

    def _update_buttons(self) -> None:
        detail = self.detail
        may = self.equipment_actions
        self.edit_button.setVisible(may.may_edit_some())
        self.edit_button.setEnabled(detail is not None and may.may_edit(detail.site_id))
        self.state_button.setVisible(may.may_set_state_some())
        self.state_button.setEnabled(detail is not None and may.may_set_state(detail.site_id))
        self.failure_button.setEnabled(detail is not None)
        self.plan_button.setEnabled(detail is not None)
        editable = detail is not None and may.may_edit(detail.site_id)
        self.add_file_button.setVisible(may.may_edit_some())
        self.remove_file_button.setVisible(may.may_edit_some())
        self.add_file_button.setEnabled(editable)
        self._update_attachment_buttons()

    def _update_attachment_buttons(self) -> None:
        detail = self.detail
        selected = self.attachment_list.currentItem() is not None
        editable = detail is not None and self.equipment_actions.may_edit(detail.site_id)
        self.view_file_button.setEnabled(selected)
        self.remove_file_button.setEnabled(selected and editable)

    # ------------------------------------------------------------- reacting

    def _attachment(self, item: QListWidgetItem) -> AttachmentRow | None:
        wanted = item.data(_ID_ROLE)
        return next((row for row in self.attachments if row.id == wanted), None)

    def _view_item(self, item: QListWidgetItem) -> None:
        row = self._attachment(item)
        if row is not None:
            self.view_attachment(row)

    def _open_item(self, item: QListWidgetItem) -> None:
        equipment_id = item.data(_ID_ROLE)
        if isinstance(equipment_id, uuid.UUID):
            self.open_requested.emit(equipment_id)

    def _on_link(self, link: str) -> None:
        try:
            self.open_requested.emit(uuid.UUID(link))
        except ValueError:
            return

    def _edit(self) -> None:
        if self.detail is not None:
            self.equipment_actions.edit(self, self.detail.id, self._saved)

    def _change_state(self) -> None:
        if self.detail is not None:
            self.equipment_actions.change_state(self, self.detail.id, self._saved)

    def _report_failure(self) -> None:
        if self.detail is not None:
            self.equipment_actions.report_failure(self.detail.id)

    def _plan(self) -> None:
        if self.detail is not None:
            self.equipment_actions.plan_maintenance(self.detail.id)

    def _saved(self, _equipment_id: uuid.UUID) -> None:
        self.reload()
        self.changed.emit()

    def _write(self, name: str, payload: dict[str, object]) -> bool:
        try:
            self._services.writer.execute(self._session.actor, name, payload)
        except MutationRejected as error:
            rejected = error
            self._error(lambda: mutation_error_message(rejected))
            return False
        self.reload()
        self.changed.emit()
        return True

    def _error(self, text: Callable[[], str]) -> None:
        self.banner.show_message("error", text)

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← Back to the list"))
        self.edit_button.setText(self.tr("Edit"))
        self.state_button.setText(self.tr("Change state"))
        self.failure_button.setText(self.tr("Report a failure"))
        self.plan_button.setText(self.tr("Plan maintenance"))
        spec_fields = {
            "type": "type_id",
            "site": "site_id",
            "line": "line_id",
        }
        for key, label in self._spec_labels.items():
            label.setText(field_label(spec_fields.get(key, key)))
        self.description_caption.setText(field_label("description"))
        self.children_empty.setText(self.tr("No sub-equipment."))
        self.attachments_empty.setText(
            self.tr("No attachment yet: add photos, manuals, drawings or certificates.")
        )
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Event"), self.tr("Details"), self.tr("By")]
        )
        self.add_file_button.setText(self.tr("Add a file…"))
        self.view_file_button.setText(self.tr("Open"))
        self.remove_file_button.setText(self.tr("Remove"))
        self._retitle_tabs()
        if self.detail is not None:
            self._fill()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
