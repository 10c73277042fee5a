"""Count sessions (inventories), scanner first: scan a part (a location first when the
session counts a whole site), type what is counted, Enter. Lines show what the ledger
expected, what was counted and the difference; closing the session records the
adjustments after a confirmation that lists them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_sites
from cmms_desktop.store.queries.parts import ScanResult, lookup_code
from cmms_desktop.store.queries.purchasing import (
    CountReviewLine,
    CountSessionRow,
    count_review,
    get_count_session,
    list_count_sessions,
)
from cmms_desktop.store.queries.stock import list_locations
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.stock.counts_dialogs import (
    GAIN,
    LOSS,
    CloseCountDialog,
    StartCountDialog,
    delta_text,
)
from cmms_desktop.ui.pages.stock.purchasing_labels import format_day, format_qty, parse_decimal
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.scan_input import ScanInput

__all__ = ["CountsPage"]

# The lines a close will adjust -> True to close and apply.
ConfirmClose = Callable[[str, Sequence[CountReviewLine]], bool]
Confirm = Callable[[str, str], bool]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CountsPage(Page):
    """``show_argument(session_id)`` opens a session."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        confirm_close: ConfirmClose | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self.now = now
        self.confirm_close: ConfirmClose = confirm_close or self._confirm_close
        self.confirm: Confirm = confirm or self._confirm
        self.sessions: list[CountSessionRow] = []
        self.current: CountSessionRow | None = None
        self.lines: list[CountReviewLine] = []
        self.location: ScanResult | None = None  # where parts are being counted
        self.part: ScanResult | None = None  # the part whose quantity is typed
        self.start_dialog: StartCountDialog | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.banner = MessageBanner(self)

        # -------------------------------------------------------- sessions
        left = QWidget(self)
        self.start_button = QPushButton(left)
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.open_start)
        self.sessions_table = QTableWidget(0, 3, left)
        self.sessions_table.setObjectName("countSessions")
        self.sessions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions_table.verticalHeader().setVisible(False)
        self.sessions_table.setAlternatingRowColors(True)
        self.sessions_table.setWordWrap(False)
        sessions_header = self.sessions_table.horizontalHeader()
        sessions_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sessions_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sessions_table.itemSelectionChanged.connect(self._on_session_selected)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.start_button)
        left_layout.addWidget(self.sessions_table, 1)

        # --------------------------------------------------------- session
        right = QWidget(self)
        self.session_title = QLabel(right)
        self.session_title.setObjectName("sectionTitle")
        self.session_facts = QLabel(right)
        self.session_facts.setObjectName("secondaryText")
        self.scan_label = QLabel(right)
        self.scan_input = ScanInput(right)
        self.scan_input.setObjectName("countScan")
        self.scan_input.scanned.connect(self.scan)
        self.scan_label.setBuddy(self.scan_input)
        self.where_label = QLabel(right)
        self.where_label.setObjectName("secondaryText")
        self.part_label = QLabel(right)
        self.part_label.setWordWrap(True)
        self.qty_label = QLabel(right)
        self.qty_edit = QLineEdit(right)
        self.qty_edit.setObjectName("countedQty")
        self.qty_edit.setMaximumWidth(140)
        self.qty_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.qty_edit.installEventFilter(self)
        self.qty_label.setBuddy(self.qty_edit)
        self.lines_table = QTableWidget(0, 7, right)
        self.lines_table.setObjectName("countLines")
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.setAlternatingRowColors(True)
        self.lines_table.setWordWrap(False)
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lines_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.close_button = QPushButton(right)
        self.close_button.setObjectName("primaryButton")
        self.close_button.clicked.connect(self.close_session)
        self.abandon_button = QPushButton(right)
        self.abandon_button.setObjectName("dangerButton")
        self.abandon_button.clicked.connect(self.abandon_session)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan_input, 2)
        scan_row.addWidget(self.qty_label)
        scan_row.addWidget(self.qty_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.abandon_button)
        buttons.addWidget(self.close_button)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.session_title)
        right_layout.addWidget(self.session_facts)
        right_layout.addLayout(scan_row)
        right_layout.addWidget(self.where_label)
        right_layout.addWidget(self.part_label)
        right_layout.addWidget(self.lines_table, 1)
        right_layout.addLayout(buttons)
        self.session_view = right

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([360, 820])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        self.retranslate_ui()
        self.reload()
        open_sessions = [s for s in self.sessions if s.status == "open"]
        self.open_session(open_sessions[0].id if open_sessions else None)

    # ================================================================ Page

    def title(self) -> str:
        return self.tr("Stock counts")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            self.open_session(argument)
        if self.current is not None and self.current.status == "open":
            self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self.reload()
        self.open_session(self.current.id if self.current else None, keep_entry=True)

    # ============================================================ sessions

    def reload(self) -> None:
        self.sessions = list_count_sessions(self._engine, self.session.site_ids)
        table = self.sessions_table
        table.blockSignals(True)
        table.setRowCount(len(self.sessions))
        for row, counted in enumerate(self.sessions):
            where = counted.location_code or counted.site_code
            values = [counted.name, self._status_text(counted.status), str(counted.lines)]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{counted.name} · {where} · {format_day(counted.started_at)}")
                if column == 2:
                    item.setTextAlignment(_RIGHT)
                table.setItem(row, column, item)
            if self.current is not None and counted.id == self.current.id:
                table.selectRow(row)
        table.blockSignals(False)

    def _on_session_selected(self) -> None:
        rows = self.sessions_table.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() < len(self.sessions):
            self.open_session(self.sessions[rows[0].row()].id)

    def open_start(self) -> StartCountDialog:
        sites = list_sites(self._engine, self.session.site_ids)
        locations = list_locations(self._engine, self.session.site_ids)
        name = self.tr("Count of {day}").format(day=format_day(self.now()))
        dialog = StartCountDialog(sites, locations, name, self)
        dialog.accepted.connect(lambda: self.start(dialog))
        self.start_dialog = dialog
        dialog.open()
        return dialog

    def start(self, dialog: StartCountDialog) -> uuid.UUID | None:
        site_id = dialog.site_id()
        if site_id is None:
            return None
        session_id = uuid.uuid4()
        payload: dict[str, object] = {
            "id": session_id,
            "site_id": site_id,
            "name": dialog.name_edit.text().strip(),
            "location_id": dialog.location_id(),
            "notes": dialog.notes_edit.toPlainText().strip() or None,
        }
        try:
            self.services.writer.execute(self.session.actor, "stock.count_start", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            return None
        self.banner.clear()
        self.open_session(session_id)
        self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
        return session_id

    def open_session(self, session_id: uuid.UUID | None, *, keep_entry: bool = False) -> None:
        found = get_count_session(self._engine, session_id) if session_id else None
        changed = found is None or self.current is None or found.id != self.current.id
        self.current = found
        if changed or not keep_entry:
            self.location = None
            self.part = None
            self.qty_edit.clear()
        self.lines = count_review(self._engine, found.id) if found is not None else []
        self.reload()
        self._show_session()

    def _show_session(self) -> None:
        counted = self.current
        is_open = counted is not None and counted.status == "open"
        self.session_view.setEnabled(counted is not None)
        for widget in (
            self.scan_input,
            self.qty_edit,
            self.close_button,
            self.abandon_button,
            self.scan_label,
            self.qty_label,
        ):
            widget.setVisible(is_open)
        self.lines_table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = [
                line.location_code,
                line.reference,
                line.description,
                format_qty(line.expected_qty),
                format_qty(line.counted_qty),
                delta_text(line.delta),
                line.counted_by or "",
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (3, 4, 5):
                    item.setTextAlignment(_RIGHT)
                if column == 5 and line.delta != 0:
                    item.setForeground(GAIN if line.delta > 0 else LOSS)
                self.lines_table.setItem(row, column, item)
        self._retranslate_session()

    def row_of(self, part_id: uuid.UUID, location_id: uuid.UUID) -> int | None:
        for row, line in enumerate(self.lines):
            if line.part_id == part_id and line.location_id == location_id:
                return row
        return None

    # ============================================================ scanning

    def counting_location(self) -> uuid.UUID | None:
        if self.current is not None and self.current.location_id is not None:
            return self.current.location_id
        return self.location.id if self.location is not None else None

    def scan(self, code: str) -> bool:
        """A location sets where parts are counted; a part asks for its quantity."""
        counted = self.current
        if counted is None or counted.status != "open":
            return False
        found = lookup_code(self._engine, code, frozenset({counted.site_id}))
        if found is None:
            return self._scan_error(
                lambda: self.tr("Nothing is known by the code {code}.").format(code=code)
            )
        if found.kind == "location":
            if counted.location_id is not None and found.id != counted.location_id:
                return self._scan_error(
                    lambda: self.tr("This count is of {location} only.").format(
                        location=counted.location_code
                    )
                )
            self.location = found
            self.part = None
            self.scan_input.show_result("ok")
            self.banner.clear()
            self._retranslate_session()
            return True
        if self.counting_location() is None:
            return self._scan_error(lambda: self.tr("Scan the location first, then its parts."))
        self.part = found
        self.scan_input.show_result("ok")
        self.banner.clear()
        self._retranslate_session()
        location = self.counting_location()
        row = self.row_of(found.id, location) if location is not None else None
        if row is not None:
            self.lines_table.selectRow(row)
        self.qty_edit.clear()
        self.qty_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def record(self) -> bool:
        """Record the quantity typed for the part scanned; back to the scanner."""
        counted, part, location = self.current, self.part, self.counting_location()
        if counted is None or part is None or location is None:
            self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        quantity = parse_decimal(self.qty_edit.text())
        if quantity is None or quantity < 0:
            self.banner.show_message(
                "warning", lambda: self.tr("Type the quantity counted (0 or more), then Enter.")
            )
            self.qty_edit.selectAll()
            return False
        payload = {
            "id": uuid.uuid4(),
            "session_id": counted.id,
            "part_id": part.id,
            "location_id": location,
            "counted_qty": quantity,
            "counted_at": self.now(),
        }
        try:
            self.services.writer.execute(self.session.actor, "stock.count_record", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            return False
        reference = part.code
        self.banner.show_message(
            "success",
            lambda: self.tr("{reference}: {quantity} counted.").format(
                reference=reference, quantity=format_qty(quantity)
            ),
        )
        self.part = None
        self.qty_edit.clear()
        self.open_session(counted.id, keep_entry=True)
        row = self.row_of(part.id, location)
        if row is not None:
            self.lines_table.selectRow(row)
        self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scan_input.selectAll()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.qty_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.record()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.part = None
                self.qty_edit.clear()
                self._retranslate_session()
                self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _scan_error(self, text: Callable[[], str]) -> bool:
        self.scan_input.show_result("error")
        self.banner.show_message("error", text)
        return False

    # ============================================================== close

    def close_session(self) -> bool:
        """Confirm the adjustments, then ``stock.count_close`` (apply)."""
        counted = self.current
        if counted is None or counted.status != "open":
            return False
        if not self.lines:
            self.banner.show_message(
                "warning", lambda: self.tr("Nothing was counted: abandon the count instead.")
            )
            return False
        if not self.confirm_close(counted.name, self.lines):
            return False
        return self._close(counted, apply=True)

    def abandon_session(self) -> bool:
        counted = self.current
        if counted is None or counted.status != "open":
            return False
        if not self.confirm(
            self.tr("Abandon the count"),
            self.tr("Abandon {name}? No adjustment will be recorded.").format(name=counted.name),
        ):
            return False
        return self._close(counted, apply=False)

    def _close(self, counted: CountSessionRow, *, apply: bool) -> bool:
        try:
            self.services.writer.execute(
                self.session.actor, "stock.count_close", {"id": counted.id, "apply": apply}
            )
        except MutationRejected as error:
            self._show_rejection(error)
            return False
        adjusted = sum(1 for line in self.lines if line.delta != 0)
        if apply:
            self.banner.show_message(
                "success",
                lambda: self.tr("The count is closed: %n adjustment(s) recorded.", "", adjusted),
            )
        else:
            self.banner.show_message("info", lambda: self.tr("The count is abandoned."))
        self.open_session(counted.id)
        return True

    def _confirm_close(self, name: str, lines: Sequence[CountReviewLine]) -> bool:
        dialog = CloseCountDialog(name, lines, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _show_rejection(self, error: MutationRejected) -> None:
        self.banner.show_message("error", lambda: mutation_error_message(error))

    # ========================================================= translation

    def _status_text(self, status: str) -> str:
        match status:
            case "open":
                return self.tr("Open")
            case "closed":
                return self.tr("Applied")
            case "abandoned":
                return self.tr("Abandoned")
        return status

    def _retranslate_session(self) -> None:
        counted = self.current
        if counted is None:
            self.session_title.setText(self.tr("No count open"))
            self.session_facts.setText(self.tr("Start a count to record what is on the shelves."))
            self.where_label.clear()
            self.part_label.clear()
            return
        self.session_title.setText(counted.name)
        where = counted.location_code or self.tr("the whole site {site}").format(
            site=counted.site_code
        )
        facts = self.tr("{status} · {where} · started {day} by {who}").format(
            status=self._status_text(counted.status),
            where=where,
            day=format_day(counted.started_at),
            who=counted.started_by_name or "—",
        )
        self.session_facts.setText(facts)
        if counted.status != "open":
            self.where_label.clear()
            self.part_label.clear()
            return
        if counted.location_id is not None:
            self.where_label.setText(
                self.tr("Counting in {location}.").format(location=counted.location_code)
            )
        elif self.location is not None:
            self.where_label.setText(
                self.tr("Counting in {location}. Scan another location to move on.").format(
                    location=self.location.code
                )
            )
        else:
            self.where_label.setText(self.tr("Scan the location you are counting."))
        if self.part is not None:
            self.part_label.setText(
                self.tr(
                    "<b>{reference}</b> {description}: type the quantity counted, Enter."
                ).format(reference=_html(self.part.code), description=_html(self.part.label))
            )
        else:
            self.part_label.setText(self.tr("Scan a part."))

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Stock counts"))
        self.start_button.setText(self.tr("Start a count…"))
        self.sessions_table.setHorizontalHeaderLabels(
            [self.tr("Count"), self.tr("Status"), self.tr("Lines")]
        )
        self.scan_label.setText(self.tr("&Scan"))
        self.scan_input.set_placeholder(lambda: self.tr("Scan a part or a location, then Enter"))
        self.qty_label.setText(self.tr("&Counted"))
        self.lines_table.setHorizontalHeaderLabels(
            [
                self.tr("Location"),
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Difference"),
                self.tr("Counted by"),
            ]
        )
        self.close_button.setText(self.tr("Close and apply…"))
        self.abandon_button.setText(self.tr("Abandon…"))
        self._retranslate_session()
        if self.sessions:
            self.reload()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
