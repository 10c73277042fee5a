"""Page "failures.new": report a failure in under 30 seconds, offline.

The equipment comes from a scan (the scanner types the label's code, then
Enter), from a search as you type, or from the page that opened this one.
Then a description, an urgency (normal by default), "equipment stopped?",
an optional failure type and photos. "Send" writes ``failure.report`` (and
``attachment.add`` for each photo) on the replica: the ticket exists at once
and is pushed at the next synchronisation. Keyboard only: scan, Enter, type
the description, Tab to the urgency (arrows or 1..4), Tab, Space to say the
equipment stopped, Ctrl+Enter to send.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import EquipmentRef, get_equipment_detail
from cmms_desktop.store.queries.failures import (
    FailureTypeOption,
    get_failure_detail,
    list_failure_types,
    lookup_equipment,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.equipment.labels import state_label
from cmms_desktop.ui.pages.failures.page import LIST_PAGE, SHEET_PAGE, as_id, now_utc
from cmms_desktop.ui.pages.failures.report_urgency import DEFAULT_URGENCY, UrgencyPicker
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.photo_strip import FilePicker, PhotoStrip
from cmms_desktop.ui.widgets.scan_input import ScanInput
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["SEARCH_DELAY_MS", "ReportFailurePage"]

SEARCH_DELAY_MS = 200
_ID_ROLE = Qt.ItemDataRole.UserRole
_ERROR_STYLE = "color: #b42318;"


def _card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return frame


class _ErrorLabel(QLabel):
    """The red line under a field; its text is re-asked on a language change."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(_ERROR_STYLE)
        self.setWordWrap(True)
        self._source: TextSource | None = None
        self.hide()

    def show_text(self, source: TextSource | None) -> None:
        self._source = source
        self.setText(source() if source is not None else "")
        self.setVisible(source is not None)

    def shown(self) -> bool:
        return self._source is not None

    def retranslate(self) -> None:
        if self._source is not None:
            self.setText(self._source())


class ReportFailurePage(Page):
    """The report form, then the ticket made ("Open the ticket" / "Report another")."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        pick_files: FilePicker | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("reportFailurePage")
        self._engine = services.replica.engine
        self.clock: Callable[[], datetime] = now_utc
        self.equipment: EquipmentRef | None = None
        self._equipment_site: uuid.UUID | None = None
        self.last_failure_id: uuid.UUID | None = None
        self.last_number: str | None = None
        self._lookup_problem: TextSource | None = None
        self._unsaved_photos = 0

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setObjectName("secondaryText")
        self.subtitle_label.setWordWrap(True)
        self.banner = MessageBanner(self)

        # --- equipment
        self.equipment_title = QLabel()
        self.equipment_title.setObjectName("sectionTitle")
        self.scan_input = ScanInput(placeholder=self._scan_placeholder)
        self.scan_input.setObjectName("scanInput")
        self.scan_input.setMinimumHeight(36)
        self.matches = QListWidget()
        self.matches.setObjectName("equipmentMatches")
        self.matches.setMaximumHeight(170)
        self.matches.hide()
        self.selected_label = QLabel()
        self.selected_label.setObjectName("selectedEquipment")
        self.selected_label.setWordWrap(True)
        self.selected_label.setTextFormat(Qt.TextFormat.RichText)
        self.selected_label.setStyleSheet(
            "QLabel#selectedEquipment { background: #ecfdf3; border: 1px solid #a6f4c5;"
            " border-radius: 4px; padding: 8px; color: #05603a; font-size: 14px; }"
        )
        self.selected_label.hide()
        self.lookup_label = _ErrorLabel("lookupMessage")
        self.equipment_error = _ErrorLabel("equipmentError")
        equipment_card = _card(
            self.equipment_title,
            self.scan_input,
            self.matches,
            self.selected_label,
            self.lookup_label,
            self.equipment_error,
        )

        # --- description
        self.description_title = QLabel()
        self.description_title.setObjectName("sectionTitle")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(110)
        self.description_error = _ErrorLabel("descriptionError")
        self.type_label = QLabel()
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("failureTypeCombo")
        self.type_label.setBuddy(self.type_combo)
        type_row = QHBoxLayout()
        type_row.addWidget(self.type_label)
        type_row.addWidget(self.type_combo, 1)
        type_holder = QWidget()
        type_holder.setLayout(type_row)
        type_row.setContentsMargins(0, 4, 0, 0)
        description_card = _card(
            self.description_title, self.description_edit, self.description_error, type_holder
        )

        # --- urgency, stop
        self.urgency_title = QLabel()
        self.urgency_title.setObjectName("sectionTitle")
        self.urgency = UrgencyPicker()
        self.stopped_check = QCheckBox()
        self.stopped_check.setObjectName("stoppedCheck")
        self.stopped_check.setStyleSheet("QCheckBox { font-size: 14px; font-weight: 600; }")
        self.stopped_hint = QLabel()
        self.stopped_hint.setObjectName("secondaryText")
        self.stopped_hint.setWordWrap(True)
        self.stopped_error = _ErrorLabel("stoppedError")
        urgency_card = _card(
            self.urgency_title,
            self.urgency,
            self.stopped_check,
            self.stopped_hint,
            self.stopped_error,
        )

        # --- photos
        self.photos = PhotoStrip(
            services.blobs,
            title=lambda: self.tr("4. Photos and videos (optional)"),
            pick_files=pick_files,
        )
        photos_card = _card(self.photos)

        # --- send
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setProperty("primary", True)
        self.submit_button.setAutoDefault(True)
        self.submit_button.setMinimumHeight(40)
        self.submit_button.clicked.connect(self.submit)
        self.offline_hint = QLabel()
        self.offline_hint.setObjectName("secondaryText")
        self.offline_hint.setWordWrap(True)
        send_row = QHBoxLayout()
        send_row.addWidget(self.offline_hint, 1)
        send_row.addWidget(self.submit_button)

        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        grid.addWidget(equipment_card, 0, 0)
        grid.addWidget(description_card, 1, 0)
        grid.addWidget(urgency_card, 0, 1)
        grid.addWidget(photos_card, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addLayout(send_row, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)

        # --- the ticket made
        self.done_title = QLabel()
        self.done_title.setObjectName("pageTitle")
        self.done_title.setStyleSheet("color: #05603a;")
        self.number_label = QLabel()
        self.number_label.setObjectName("ticketNumber")
        self.number_label.setStyleSheet("font-size: 30px; font-weight: 700; color: #1d2433;")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_text = QLabel()
        self.done_text.setObjectName("secondaryText")
        self.done_text.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openTicketButton")
        self.open_button.setProperty("primary", True)
        self.open_button.setAutoDefault(True)
        self.open_button.clicked.connect(self.open_ticket)
        self.another_button = QPushButton()
        self.another_button.setObjectName("reportAnotherButton")
        self.another_button.setAutoDefault(True)
        self.another_button.clicked.connect(self.report_another)
        done_buttons = QHBoxLayout()
        done_buttons.addWidget(self.open_button)
        done_buttons.addWidget(self.another_button)
        done_buttons.addStretch(1)
        done_card = _card(self.done_title, self.number_label, self.done_text)
        done_card.layout().addItem(done_buttons)  # type: ignore[union-attr]
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(done_card)
        done_layout.addStretch(1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(form)
        self.stack.addWidget(done)
        self.form_widget = form
        self.done_widget = done

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        # keyboard: scan → description → urgency → stopped → type → photos → send
        for first, second in (
            (self.scan_input, self.matches),
            (self.matches, self.description_edit),
            (self.description_edit, self.urgency.buttons[1]),
            (self.urgency.buttons[4], self.stopped_check),
            (self.stopped_check, self.type_combo),
            (self.type_combo, self.photos.add_button),
            (self.photos.add_button, self.submit_button),
        ):
            QWidget.setTabOrder(first, second)
        levels = list(self.urgency.buttons.values())
        for a, b in itertools.pairwise(levels):
            QWidget.setTabOrder(a, b)

        send = QShortcut(QKeySequence("Ctrl+Return"), self)
        send.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        send.activated.connect(self._send_shortcut)
        send_enter = QShortcut(QKeySequence("Ctrl+Enter"), self)
        send_enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        send_enter.activated.connect(self._send_shortcut)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)
        self.scan_input.textEdited.connect(self._on_text_edited)
        self.scan_input.scanned.connect(self.scan)
        self.scan_input.installEventFilter(self)
        self.matches.itemActivated.connect(self._on_match_activated)
        self.matches.itemClicked.connect(self._on_match_activated)
        self.description_edit.textChanged.connect(self._on_description_changed)
        self.stopped_check.toggled.connect(lambda _on: self.stopped_error.show_text(None))

        self._failure_types: list[FailureTypeOption] = []
        self._fill_types()
        self.retranslate_ui()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Report a failure")

    def show_argument(self, argument: object | None) -> None:
        """An equipment id (or ``{"equipment_id", "description"}``) prefills a new report."""
        equipment_id = as_id(argument, "equipment_id")
        description = argument.get("description") if isinstance(argument, Mapping) else None
        if equipment_id is not None or description or self.showing_done():
            self.reset()
            if equipment_id is not None:
                self.select_equipment_id(equipment_id)
            if isinstance(description, str) and description:
                self.description_edit.setPlainText(description)
        self.focus_first_field()

    def refresh(self) -> None:
        """A sync brought rows: new failure types (the choice is kept)."""
        self._fill_types()

    # ------------------------------------------------------------------ API

    def showing_done(self) -> bool:
        return self.stack.currentWidget() is self.done_widget

    def reset(self) -> None:
        """An empty form (urgency normal, not stopped, no photo), ready for a scan."""
        self._search_timer.stop()
        self.stack.setCurrentWidget(self.form_widget)
        self.banner.clear()
        self.equipment = None
        self._equipment_site = None
        self.scan_input.clear()
        self.scan_input.show_result(None)
        self.matches.clear()
        self.matches.hide()
        self.selected_label.hide()
        self.lookup_label.show_text(None)
        self.equipment_error.show_text(None)
        self.description_edit.clear()
        self.description_error.show_text(None)
        self.type_combo.setCurrentIndex(0)
        self.urgency.set_value(DEFAULT_URGENCY)
        self.stopped_check.setChecked(False)
        self.stopped_check.setEnabled(True)
        self.stopped_error.show_text(None)
        self.photos.set_items([])
        self._show_stop_hint()

    def focus_first_field(self) -> None:
        """The scan field, or the description when the equipment is known."""
        if self.showing_done():
            self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.equipment is None:
            self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def scan(self, code: str) -> None:
        """A scan (or Enter): the exact code selects; several matches are offered; none: said."""
        self._search_timer.stop()
        found = lookup_equipment(self._engine, code, scope_site_ids=self.session.site_ids)
        if found.exact is not None:
            self.select_equipment(found.exact)
            return
        if len(found.matches) == 1:
            self.select_equipment(found.matches[0])
            return
        self._show_matches(list(found.matches), code)
        if found.matches:
            self.scan_input.show_result(None)
            self.matches.setCurrentRow(0)
            self.matches.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.scan_input.show_result("error")

    def search_now(self) -> None:
        """Search as you type: show what the text finds (nothing is chosen yet)."""
        self._search_timer.stop()
        text = self.scan_input.text().strip()
        if not text:
            self._show_matches([], "")
            return
        found = lookup_equipment(self._engine, text, scope_site_ids=self.session.site_ids)
        refs = ([found.exact] if found.exact is not None else []) + list(found.matches)
        self._show_matches(refs, text)

    def select_equipment_id(self, equipment_id: uuid.UUID) -> bool:
        detail = get_equipment_detail(self._engine, equipment_id)
        if detail is None or (
            self.session.site_ids is not None and detail.site_id not in self.session.site_ids
        ):
            return False
        self.select_equipment(EquipmentRef(detail.id, detail.code, detail.name, detail.state))
        return True

    def select_equipment(self, ref: EquipmentRef) -> None:
        self._search_timer.stop()
        self.equipment = ref
        self.scan_input.setText(ref.code)
        self.scan_input.selectAll()
        self.scan_input.show_result("ok")
        self.matches.clear()
        self.matches.hide()
        self.lookup_label.show_text(None)
        self.equipment_error.show_text(None)
        self._show_selected()
        out_of_service = ref.state == "out_of_service"
        if out_of_service:
            self.stopped_check.setChecked(False)
        self.stopped_check.setEnabled(not out_of_service)
        self._show_stop_hint()
        self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, object]:
        """The ``failure.report`` payload of the form now (without id and time)."""
        type_id = self.type_combo.currentData()
        return {
            "equipment_id": self.equipment.id if self.equipment is not None else None,
            "failure_type_id": uuid.UUID(type_id) if isinstance(type_id, str) else None,
            "description": self.description_edit.toPlainText().strip(),
            "urgency": self.urgency.value(),
            "equipment_stopped": self.stopped_check.isChecked(),
        }

    def field_errors(self) -> dict[str, str]:
        """The messages shown under the fields now, by field (tests, accessibility)."""
        shown = {
            "equipment": self.equipment_error,
            "description": self.description_error,
            "equipment_stopped": self.stopped_error,
        }
        return {key: label.text() for key, label in shown.items() if label.shown()}

    def submit(self) -> uuid.UUID | None:
        """Check the form, write the ticket and its photos; the new failure's id, or None."""
        if self.showing_done():
            return None
        values = self.values()
        problems = False
        if self.equipment is None:
            self.equipment_error.show_text(
                lambda: self.tr("Choose the equipment: scan its label or search for it.")
            )
            problems = True
        if not values["description"]:
            self.description_error.show_text(lambda: self.tr("Describe the failure."))
            problems = True
        if problems:
            if self.equipment is None:
                self.scan_input.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        failure_id = uuid.uuid4()
        payload = {"id": failure_id, **values, "reported_at": self.clock()}
        if payload["failure_type_id"] is None:
            del payload["failure_type_id"]
        writer = self.services.writer
        try:
            writer.execute(self.session.actor, "failure.report", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            return None
        unsaved = 0
        for item in self.photos.new_items():
            try:
                writer.execute(
                    self.session.actor, "attachment.add", item.add_payload("failures", failure_id)
                )
            except MutationRejected:
                unsaved += 1
        self.photos.mark_saved()
        self.last_failure_id = failure_id
        detail = get_failure_detail(self._engine, failure_id, self.clock())
        self.last_number = detail.number if detail is not None else None
        self._show_done(unsaved)
        return failure_id

    def open_ticket(self) -> None:
        failure_id = self.last_failure_id
        if failure_id is None:
            return
        for key in (SHEET_PAGE, LIST_PAGE):
            if self.navigator.can_navigate(key):
                self.navigator.navigate(key, failure_id)
                return

    def report_another(self) -> None:
        self.reset()
        self.focus_first_field()
        # the stack moves the focus when it switches pages: take it back once settled
        QTimer.singleShot(0, self, self.focus_first_field)

    # ------------------------------------------------------------- internals

    def _fill_types(self) -> None:
        chosen = self.type_combo.currentData()
        self._failure_types = list_failure_types(self._engine)
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItem("", None)
        for option in self._failure_types:
            text = f"{option.category} · {option.name}" if option.category else option.name
            self.type_combo.addItem(text, str(option.id))
        index = self.type_combo.findData(chosen) if chosen is not None else 0
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.setItemText(0, self.tr("Not specified"))
        self.type_combo.blockSignals(False)

    def _show_matches(self, refs: list[EquipmentRef], text: str) -> None:
        self.matches.clear()
        for ref in refs:
            item = QListWidgetItem(f"{ref.code} — {ref.name}  ·  {state_label(ref.state)}")
            item.setData(_ID_ROLE, ref)
            self.matches.addItem(item)
        self.matches.setVisible(bool(refs))
        if text and not refs:
            self._lookup_problem = lambda: self.tr(
                "No equipment of your sites has the code or name “{text}”."
            ).format(text=text)
            self.lookup_label.show_text(self._lookup_problem)
        elif len(refs) > 1:
            self.lookup_label.show_text(
                lambda: self.tr("Several equipments match: choose one (arrows, then Enter).")
            )
            self.lookup_label.setStyleSheet("color: #5b6573;")
        else:
            self.lookup_label.show_text(None)
        if text and not refs:
            self.lookup_label.setStyleSheet(_ERROR_STYLE)

    def _show_selected(self) -> None:
        ref = self.equipment
        if ref is None:
            self.selected_label.hide()
            return
        self.selected_label.setText(
            self.tr("✔ <b>{code}</b> — {name} <span style='color:#5b6573'>({state})</span>").format(
                code=_html(ref.code), name=_html(ref.name), state=_html(state_label(ref.state))
            )
        )
        self.selected_label.show()

    def _show_stop_hint(self) -> None:
        if self.equipment is not None and self.equipment.state == "out_of_service":
            self.stopped_hint.setText(
                self.tr("This equipment is out of service: it cannot be declared stopped.")
            )
        else:
            self.stopped_hint.setText(
                self.tr(
                    "Tick it if the machine no longer runs: it is set to “Down” and its "
                    "downtime is counted from now until it runs again."
                )
            )

    def _show_done(self, unsaved_photos: int) -> None:
        self.number_label.setText(self.last_number or "")
        self._retranslate_done(unsaved_photos)
        self._unsaved_photos = unsaved_photos
        self.open_button.setVisible(
            self.navigator.can_navigate(SHEET_PAGE) or self.navigator.can_navigate(LIST_PAGE)
        )
        first = self.open_button if self.open_button.isVisibleTo(self) else self.another_button
        self.stack.setCurrentWidget(self.done_widget)
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        # the key event that sent the form is still being delivered: focus once it is
        QTimer.singleShot(0, self, self.focus_first_field)

    def _retranslate_done(self, unsaved_photos: int) -> None:
        self.done_title.setText(self.tr("Failure reported"))
        text = self.tr(
            "The ticket is saved on this computer and is sent to the server at the next "
            "synchronisation; the supervisors then see it."
        )
        if unsaved_photos:
            text += " " + self.tr("{count} photo(s) could not be attached.").format(
                count=unsaved_photos
            )
        self.done_text.setText(text)

    def _show_rejection(self, error: MutationRejected) -> None:
        placed = False
        for field, code in error.field_errors.items():
            if field == "equipment_stopped" and code == "out_of_service":
                self.stopped_error.show_text(
                    lambda: self.tr("An equipment out of service cannot be declared stopped.")
                )
                placed = True
            elif field == "description":
                self.description_error.show_text(lambda: self.tr("Describe the failure."))
                placed = True
            elif field == "equipment_id":
                self.equipment_error.show_text(
                    lambda: self.tr("This equipment no longer exists or is not in your sites.")
                )
                placed = True
        if not placed:
            self.banner.show_message("error", lambda: mutation_error_message(error))

    def _send_shortcut(self) -> None:
        if self.showing_done():
            self.open_ticket()
        else:
            self.submit()

    def _on_text_edited(self, text: str) -> None:
        if self.equipment is not None and text.strip() != self.equipment.code:
            self.equipment = None
            self._show_selected()
            self.stopped_check.setEnabled(True)
            self._show_stop_hint()
        self._search_timer.start()

    def _on_match_activated(self, item: QListWidgetItem) -> None:
        ref = item.data(_ID_ROLE)
        if isinstance(ref, EquipmentRef):
            self.select_equipment(ref)

    def _on_description_changed(self) -> None:
        if self.description_error.shown() and self.description_edit.toPlainText().strip():
            self.description_error.show_text(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the scan field goes into the matches
        if (
            watched is self.scan_input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.matches.isVisibleTo(self)
            and self.matches.count()
        ):
            self.matches.setCurrentRow(0)
            self.matches.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------- translation

    def _scan_placeholder(self) -> str:
        return self.tr("Scan the equipment's label, or type its code or name")

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Report a failure"))
        self.subtitle_label.setText(
            self.tr(
                "Scan or search the equipment, describe what happens, choose the urgency, "
                "send. It works without network."
            )
        )
        self.equipment_title.setText(self.tr("1. Equipment"))
        self.description_title.setText(self.tr("2. What happens?"))
        self.description_edit.setPlaceholderText(
            self.tr("E.g. abnormal noise on the main bearing, oil leak under the cylinder…")
        )
        self.type_label.setText(self.tr("Failure &type:"))
        self.type_combo.setItemText(0, self.tr("Not specified"))
        self.urgency_title.setText(self.tr("3. Urgency"))
        self.stopped_check.setText(self.tr("The equipment is &stopped"))
        self._show_stop_hint()
        self.offline_hint.setText(
            self.tr(
                "Ctrl+Enter sends. Saved on this computer first, sent when the network is back."
            )
        )
        self.submit_button.setText(self.tr("Send the report"))
        self.open_button.setText(self.tr("Open the ticket"))
        self.another_button.setText(self.tr("Report another failure"))
        for label in (
            self.lookup_label,
            self.equipment_error,
            self.description_error,
            self.stopped_error,
        ):
            label.retranslate()
        self._show_selected()
        if self.showing_done():
            self._retranslate_done(self._unsaved_photos)
        self.urgency.retranslate_ui()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
