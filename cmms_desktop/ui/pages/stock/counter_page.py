"""The counter: a barcode scanner and a keyboard, no mouse.

One field takes everything the scanner types (then Enter); the prompt above it
says what it expects next:

1. a part (its barcode or reference): its stock per location is shown;
2. the location (a scan, or Enter for the one proposed: where the part is);
3. the quantity, then Enter: the movement is written on the replica (the
   outbox sends it when the network is there);
4. a transfer asks for the target location last.

The kind of movement stays chosen until another is: F1 issue, F2 receipt,
F3 return, F4 transfer, F5 count (the quantity typed is what was counted).
F6 links the next issues to a ticket (scan or type its number, Enter; F6 then
Enter on an empty field unlinks). F8 (or Ctrl+Z) undoes the last movement
(its reversal is written, the ledger keeps both). Esc cancels the entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.stock import count_adjustment
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.parts import LocationStock, PartDetail, get_part_detail, lookup_code
from cmms_desktop.store.queries.stock import (
    LocationOption,
    WorkReference,
    list_locations,
    lookup_work_reference,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.stock.page import (
    kind_label,
    local_time,
    make_table,
    qty_text,
    section_title,
    set_row,
    show_empty,
    signed_qty_text,
)
from cmms_desktop.ui.pages.stock.parts_form import parse_quantity
from cmms_desktop.ui.widgets.scan_input import ScanInput

__all__ = ["MODE_KEYS", "CounterEntry", "CounterPage"]

# The kinds chosen at the counter and their keys.
MODE_KEYS: dict[Qt.Key, str] = {
    Qt.Key.Key_F1: "issue",
    Qt.Key.Key_F2: "receipt",
    Qt.Key.Key_F3: "return",
    Qt.Key.Key_F4: "transfer",
    Qt.Key.Key_F5: "adjustment",
}
_STEP_PART, _STEP_LOCATION, _STEP_QUANTITY, _STEP_TARGET, _STEP_REFERENCE = (
    "part",
    "location",
    "quantity",
    "target",
    "reference",
)
_MODE_COLOURS = {
    "issue": "#b54708",
    "receipt": "#027a48",
    "return": "#175cd3",
    "transfer": "#6941c6",
    "adjustment": "#344054",
}


@dataclass
class CounterEntry:
    """One movement made at the counter this session (a line of the log)."""

    at: datetime
    mode: str
    part_id: uuid.UUID
    reference: str
    quantity: Decimal  # signed as the ledger sees it at ``location``
    location: str
    target: str | None
    movement_ids: list[uuid.UUID]
    ref_number: str | None = None
    undone: bool = False


@dataclass
class _Entry:
    part: PartDetail | None = None
    location: LocationOption | None = None
    quantity: Decimal | None = None
    default_location: LocationOption | None = None
    candidates: list[LocationOption] = field(default_factory=list)


class _CounterInput(ScanInput):
    """The scan field: also reports an Enter on an empty field and the counter's keys."""

    empty_enter = Signal()
    command_key = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.text().strip():
            self.empty_enter.emit()
            event.accept()
            return
        control_z = key == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key in MODE_KEYS or key in (Qt.Key.Key_F6, Qt.Key.Key_F8, Qt.Key.Key_Escape):
            self.command_key.emit(int(key))
            event.accept()
            return
        if control_z:
            self.command_key.emit(int(Qt.Key.Key_F8))
            event.accept()
            return
        super().keyPressEvent(event)


class CounterPage(Page):
    """Page "stock.counter"."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("counterPage")
        self._engine = services.replica.engine
        self._clock = clock
        self.mode = "issue"
        self.step = _STEP_PART
        self.entry = _Entry()
        self.work_ref: WorkReference | None = None
        self.log: list[CounterEntry] = []
        self._message: Callable[[], str] = lambda: ""
        self._message_kind = "info"
        self._locations = list_locations(self._engine, session.site_ids)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("counterMode")
        self.reference_label = QLabel(self)
        self.reference_label.setObjectName("counterReference")
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.reference_label)
        top.addSpacing(12)
        top.addWidget(self.mode_label)

        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("counterPrompt")
        self.prompt_label.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.input = _CounterInput(self)
        self.input.setMinimumHeight(44)
        self.input.setStyleSheet("font-size: 20px;")
        self.input.scanned.connect(self.handle_code)
        self.input.empty_enter.connect(self._on_empty_enter)
        self.input.command_key.connect(self._on_command_key)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("counterMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)

        # the part being handled
        self.part_frame = QFrame(self)
        self.part_frame.setObjectName("card")
        self.part_title = QLabel(self.part_frame)
        self.part_title.setObjectName("sectionTitle")
        self.part_title.setWordWrap(True)
        self.part_summary = QLabel(self.part_frame)
        self.part_summary.setObjectName("secondaryText")
        self.stock_table = make_table(self.part_frame, "counterStock", 4)
        self.stock_table.setMaximumHeight(170)
        self.stock_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        part_layout = QVBoxLayout(self.part_frame)
        part_layout.addWidget(self.part_title)
        part_layout.addWidget(self.part_summary)
        part_layout.addWidget(self.stock_table)

        # the keys
        self.keys_label = QLabel(self)
        self.keys_label.setObjectName("counterKeys")
        self.keys_label.setWordWrap(True)

        # today's movements at the counter
        self.log_title = section_title(self)
        self.log_table = make_table(self, "counterLog", 6)
        self.log_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.log_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoLast")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo_last)
        log_head = QHBoxLayout()
        log_head.addWidget(self.log_title)
        log_head.addStretch(1)
        log_head.addWidget(self.undo_button)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self.prompt_label)
        left.addWidget(self.input)
        left.addWidget(self.message_label)
        left.addWidget(self.part_frame)
        left.addWidget(self.keys_label)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(log_head)
        right.addWidget(self.log_table, 1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        self.setFocusProxy(self.input)
        self.retranslate_ui()
        self._show_part()
        self._show_log()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Counter")

    def show_argument(self, argument: object | None) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._locations = list_locations(self._engine, self.session.site_ids)
        if self.entry.part is not None:
            self.entry.part = get_part_detail(
                self._engine, self.entry.part.id, self.session.site_ids
            )
            self._show_part()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Counter"))
        self.log_title.setText(self.tr("Movements at this counter"))
        self.undo_button.setText(self.tr("Undo last (F8)"))
        self.stock_table.setHorizontalHeaderLabels(
            [self.tr("Location"), self.tr("On hand"), self.tr("Reserved"), self.tr("Available")]
        )
        self.log_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Movement"),
                self.tr("Part"),
                self.tr("Quantity"),
                self.tr("Location"),
                self.tr("Reference"),
            ]
        )
        self.keys_label.setText(
            self.tr(
                "F1 Issue · F2 Receipt · F3 Return · F4 Transfer · F5 Count · "
                "F6 Ticket · F8 Undo last · Esc Cancel"
            )
        )
        self._show_mode()
        self._show_prompt()
        self.message_label.setText(self._message())
        self._show_part()
        self._show_log()

    # ------------------------------------------------------------------ API

    def set_mode(self, mode: str) -> None:
        """Choose the kind of the next movements (keeps the part and location chosen)."""
        self.mode = mode
        if self.step == _STEP_TARGET and mode != "transfer":
            self.step = _STEP_QUANTITY if self.entry.location is not None else _STEP_PART
        if self.step == _STEP_REFERENCE:
            self.step = _STEP_PART if self.entry.part is None else _STEP_LOCATION
        self._show_mode()
        self._show_prompt()

    def cancel(self) -> None:
        """Esc: forget the entry under way (the chosen kind and ticket stay)."""
        self.entry = _Entry()
        self.step = _STEP_PART
        self.input.clear()
        self.input.show_result(None)
        self._say("info", lambda: self.tr("Cancelled. Scan a part."))
        self._show_part()
        self._show_prompt()

    def handle_code(self, code: str) -> None:
        """What the scanner (or the keyboard) typed, then Enter."""
        if self.step == _STEP_REFERENCE:
            self._take_reference(code)
        elif self.step == _STEP_QUANTITY:
            self._take_quantity(code)
        elif self.step in (_STEP_LOCATION, _STEP_TARGET):
            self._take_location_code(code)
        else:
            self._take_part_code(code)

    def undo_last(self) -> None:
        """Reverse the last movement made here (not already undone)."""
        entry = next((e for e in reversed(self.log) if not e.undone), None)
        if entry is None:
            self._error(lambda: self.tr("Nothing to undo."))
            return
        try:
            for movement_id in entry.movement_ids:
                self.services.writer.execute(
                    self.session.actor,
                    "stock.reverse",
                    {"id": uuid.uuid4(), "movement_id": movement_id, "reason": "counter undo"},
                )
        except MutationRejected as error:
            refused = error
            self._error(lambda: mutation_error_message(refused))
            return
        entry.undone = True
        reference = entry.reference
        self._ok(lambda: self.tr("Undone: {reference}").format(reference=reference))
        self._after_write(entry.part_id)

    # ------------------------------------------------------------- steps

    def _take_part_code(self, code: str) -> None:
        found = lookup_code(self._engine, code, self.session.site_ids)
        if found is None:
            self._error(lambda: self.tr("Unknown code: {code}").format(code=code))
            return
        if found.kind != "part":
            self._error(
                lambda: self.tr("{code} is a location: scan a part first.").format(code=code)
            )
            return
        self._choose_part(found.id)

    def _choose_part(self, part_id: uuid.UUID) -> None:
        detail = get_part_detail(self._engine, part_id, self.session.site_ids)
        if detail is None:
            self._error(lambda: self.tr("This part no longer exists."))
            return
        self.entry = _Entry(part=detail)
        self.entry.default_location = self._default_location(detail)
        self.step = _STEP_LOCATION
        self.input.clear()
        self.input.show_result("ok")
        reference = detail.reference
        self._say("ok", lambda: self.tr("Part {reference}.").format(reference=reference))
        self._show_part()
        self._show_prompt()

    def _take_location_code(self, code: str) -> None:
        found = lookup_code(self._engine, code, self.session.site_ids)
        if found is None:
            self._error(lambda: self.tr("Unknown code: {code}").format(code=code))
            return
        if found.kind == "part":
            if self.step == _STEP_TARGET:
                self._error(lambda: self.tr("Scan the target location, not a part."))
                return
            self._choose_part(found.id)  # another part: start again with it
            return
        location = next((loc for loc in self._locations if loc.id == found.id), None)
        if location is None:
            self._error(lambda: self.tr("This location is not in your sites."))
            return
        self._choose_location(location)

    def _choose_location(self, location: LocationOption) -> None:
        if self.step == _STEP_TARGET:
            source = self.entry.location
            if source is not None and source.id == location.id:
                self._error(lambda: self.tr("The target is the same location."))
                return
            self._write_transfer(location)
            return
        self.entry.location = location
        self.step = _STEP_QUANTITY
        self.input.clear()
        self.input.show_result("ok")
        code = location.code
        self._say("ok", lambda: self.tr("Location {code}.").format(code=code))
        self._show_prompt()

    def _on_empty_enter(self) -> None:
        if self.step == _STEP_LOCATION:
            if self.entry.default_location is None:
                self._error(lambda: self.tr("Scan the location: there is no default one."))
                return
            self._choose_location(self.entry.default_location)
        elif self.step == _STEP_REFERENCE:
            self.work_ref = None
            self.step = _STEP_PART if self.entry.part is None else _STEP_LOCATION
            self._ok(lambda: self.tr("No ticket linked."))
            self._show_mode()
            self._show_prompt()
        elif self.step == _STEP_QUANTITY:
            self._error(lambda: self.tr("Type the quantity, then Enter."))
        else:
            self._error(lambda: self.tr("Scan a part."))

    def _take_quantity(self, text: str) -> None:
        quantity = parse_quantity(text)
        if quantity is None or quantity < 0 or (quantity == 0 and self.mode != "adjustment"):
            self._error(lambda: self.tr("Not a quantity: {text}").format(text=text))
            return
        self.entry.quantity = quantity
        if self.mode == "transfer":
            self.step = _STEP_TARGET
            self.input.clear()
            self.input.show_result("ok")
            self._say("info", lambda: self.tr("Scan the target location."))
            self._show_prompt()
            return
        self._write_move()

    def _take_reference(self, code: str) -> None:
        found = lookup_work_reference(self._engine, code)
        if found is None:
            self._error(lambda: self.tr("Unknown ticket: {code}").format(code=code))
            return
        self.work_ref = found
        self.step = _STEP_PART if self.entry.part is None else _STEP_LOCATION
        self.input.clear()
        number = found.number
        self._ok(lambda: self.tr("Issues now go to ticket {number}.").format(number=number))
        self._show_mode()
        self._show_prompt()

    # ------------------------------------------------------------- writing

    def _write_move(self) -> None:
        part, location, quantity = self.entry.part, self.entry.location, self.entry.quantity
        assert part is not None and location is not None and quantity is not None
        kind = self.mode
        if kind == "adjustment":
            held = next((s.on_hand for s in part.locations if s.location_id == location.id), None)
            signed = count_adjustment(quantity, held if held is not None else Decimal(0))
        else:
            signed = quantity
        movement_id = uuid.uuid4()
        payload: dict[str, object] = {
            "id": movement_id,
            "kind": kind,
            "part_id": part.id,
            "location_id": location.id,
            "quantity": signed,
            "occurred_at": self._clock(),
        }
        linked = self.work_ref if kind in ("issue", "return") else None
        if linked is not None:
            payload["ref_table"] = linked.ref_table
            payload["ref_id"] = linked.ref_id
        if kind == "adjustment":
            payload["reason"] = "counter count"
        try:
            self.services.writer.execute(self.session.actor, "stock.move", payload)
        except MutationRejected as error:
            refused = error
            self._error(lambda: mutation_error_message(refused))
            return
        sign = -1 if kind == "issue" else 1
        self._logged(
            CounterEntry(
                at=self._clock(),
                mode=kind,
                part_id=part.id,
                reference=part.reference,
                quantity=signed * sign if kind != "adjustment" else signed,
                location=location.code,
                target=None,
                movement_ids=[movement_id],
                ref_number=linked.number if linked is not None else None,
            )
        )

    def _write_transfer(self, target: LocationOption) -> None:
        part, source, quantity = self.entry.part, self.entry.location, self.entry.quantity
        assert part is not None and source is not None and quantity is not None
        transfer_id = uuid.uuid4()
        try:
            mutation_id = self.services.writer.execute(
                self.session.actor,
                "stock.transfer",
                {
                    "id": transfer_id,
                    "part_id": part.id,
                    "from_location_id": source.id,
                    "to_location_id": target.id,
                    "quantity": quantity,
                    "occurred_at": self._clock(),
                },
            )
        except MutationRejected as error:
            refused = error
            self._error(lambda: mutation_error_message(refused))
            return
        halves = [uuid.uuid5(mutation_id, f"stock/transfer/{key}") for key in ("out", "in")]
        self._logged(
            CounterEntry(
                at=self._clock(),
                mode="transfer",
                part_id=part.id,
                reference=part.reference,
                quantity=quantity,
                location=source.code,
                target=target.code,
                movement_ids=halves,
            )
        )

    def _logged(self, entry: CounterEntry) -> None:
        self.log.append(entry)
        part_id = entry.part_id
        text = self._entry_text(entry)
        self._ok(lambda: self.tr("Recorded: {movement}").format(movement=text))
        self.entry = _Entry()
        self.step = _STEP_PART
        self._after_write(part_id)

    def _after_write(self, part_id: uuid.UUID) -> None:
        """Show the part's new stock (kept on screen until the next scan), the log."""
        self.entry.part = get_part_detail(self._engine, part_id, self.session.site_ids)
        self.input.clear()
        self._show_part()
        self._show_prompt()
        self._show_log()

    # ------------------------------------------------------------- showing

    def _default_location(self, part: PartDetail) -> LocationOption | None:
        held = [s for s in part.locations if s.on_hand > 0] or list(part.locations)
        if held:
            best: LocationStock = max(held, key=lambda s: s.on_hand)
            return next((loc for loc in self._locations if loc.id == best.location_id), None)
        if len(self._locations) == 1:
            return self._locations[0]
        return None

    def _entry_text(self, entry: CounterEntry) -> str:
        where = entry.location if entry.target is None else f"{entry.location} → {entry.target}"
        quantity = signed_qty_text(entry.quantity)
        return f"{self._mode_name(entry.mode)} {entry.reference} {quantity} ({where})"

    def _mode_name(self, mode: str) -> str:
        return self.tr("Transfer") if mode == "transfer" else kind_label(mode)

    def _say(self, kind: str, message: Callable[[], str]) -> None:
        self._message = message
        self._message_kind = kind
        colour = {"ok": "#027a48", "error": "#b42318"}.get(kind, "#344054")
        self.message_label.setStyleSheet(f"font-size: 16px; color: {colour};")
        self.message_label.setText(message())

    def _ok(self, message: Callable[[], str]) -> None:
        self.input.show_result("ok")
        self._say("ok", message)

    def _error(self, message: Callable[[], str]) -> None:
        self.input.show_result("error")
        self.input.selectAll()
        QApplication.beep()
        self._say("error", message)

    def message(self) -> str:
        return self.message_label.text()

    def _show_mode(self) -> None:
        names = {
            "issue": self.tr("F1 · Issue"),
            "receipt": self.tr("F2 · Receipt"),
            "return": self.tr("F3 · Return"),
            "transfer": self.tr("F4 · Transfer"),
            "adjustment": self.tr("F5 · Count"),
        }
        colour = _MODE_COLOURS.get(self.mode, "#344054")
        self.mode_label.setText(names.get(self.mode, self.mode))
        self.mode_label.setStyleSheet(
            f"background: {colour}; color: white; font-size: 18px; font-weight: 600;"
            " padding: 6px 14px; border-radius: 6px;"
        )
        if self.work_ref is not None:
            self.reference_label.setText(
                self.tr("Ticket {number}").format(number=self.work_ref.number)
            )
        else:
            self.reference_label.setText("")

    def _show_prompt(self) -> None:
        default = self.entry.default_location
        part = self.entry.part
        unit = part.unit if part is not None else ""
        prompts = {
            _STEP_PART: self.tr("Scan a part"),
            _STEP_LOCATION: (
                self.tr("Scan the location (Enter: {code})").format(code=default.code)
                if default is not None
                else self.tr("Scan the location")
            ),
            _STEP_QUANTITY: (
                self.tr("Quantity counted ({unit}), then Enter").format(unit=unit)
                if self.mode == "adjustment"
                else self.tr("Quantity ({unit}), then Enter").format(unit=unit)
            ),
            _STEP_TARGET: self.tr("Scan the target location"),
            _STEP_REFERENCE: self.tr("Scan the ticket number (Enter alone: none)"),
        }
        self.prompt_label.setText(prompts[self.step])

    def _show_part(self) -> None:
        part = self.entry.part
        self.part_frame.setVisible(part is not None)
        if part is None:
            self.stock_table.setRowCount(0)
            return
        self.part_title.setText(f"{part.reference} — {part.description}")
        self.part_summary.setText(
            self.tr(
                "On hand {on_hand} {unit} · reserved {reserved} · available {available}"
            ).format(
                on_hand=qty_text(part.on_hand),
                unit=part.unit,
                reserved=qty_text(part.reserved),
                available=qty_text(part.available),
            )
        )
        self.stock_table.setRowCount(len(part.locations))
        for row, stock in enumerate(part.locations):
            set_row(
                self.stock_table,
                row,
                [
                    stock.code,
                    qty_text(stock.on_hand),
                    qty_text(stock.reserved),
                    qty_text(stock.available),
                ],
                stock.location_id,
            )

    def _show_log(self) -> None:
        rows = list(reversed(self.log))
        self.log_table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            where = entry.location if entry.target is None else f"{entry.location} → {entry.target}"
            label = self._mode_name(entry.mode)
            if entry.undone:
                label = self.tr("{movement} (undone)").format(movement=label)
            set_row(
                self.log_table,
                row,
                [
                    local_time(entry.at, with_date=False),
                    label,
                    entry.reference,
                    signed_qty_text(entry.quantity),
                    where,
                    entry.ref_number or "",
                ],
            )
        if not rows:
            show_empty(self.log_table, self.tr("No movement yet: scan a part to begin."))
        self.undo_button.setEnabled(any(not e.undone for e in self.log))

    # ------------------------------------------------------------- keys

    def _on_command_key(self, key: int) -> None:
        mode = MODE_KEYS.get(Qt.Key(key))
        if mode is not None:
            self.set_mode(mode)
            self._say(
                "info", lambda: self.tr("Movement: {kind}").format(kind=self.mode_label.text())
            )
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        elif key == Qt.Key.Key_F8:
            self.undo_last()
        elif key == Qt.Key.Key_F6:
            self.step = _STEP_REFERENCE
            self.input.clear()
            self._show_prompt()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that reach the page (the field lost the focus): the same commands."""
        key = event.key()
        if key in MODE_KEYS or key in (Qt.Key.Key_F6, Qt.Key.Key_F8, Qt.Key.Key_Escape):
            self._on_command_key(int(key))
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)
            event.accept()
            return
        super().keyPressEvent(event)
