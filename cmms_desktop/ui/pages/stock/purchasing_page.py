"""Purchasing: the order list (filters, status pills), the replenishment review that
makes draft orders, and an order's detail: send, receive (scanner first), close,
cancel, print.

A draft's lines are edited in place (quantity, unit price), added by scanning or typing a
part's barcode or reference, and removed: each edit is a ``po.update`` command.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.stock import RECEIVABLE, POStatus, po_transition
from cmms_desktop.reports.purchase_order import build_purchase_order_pdf
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_sites
from cmms_desktop.store.queries.parts import lookup_code
from cmms_desktop.store.queries.purchasing import (
    PODetail,
    POFilter,
    get_po_detail,
    list_suppliers,
    replenishment_review,
)
from cmms_desktop.store.queries.stock import list_locations
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.stock.purchasing_dialogs import (
    ReceiveDialog,
    ReplenishmentDialog,
    lookup_for,
)
from cmms_desktop.ui.pages.stock.purchasing_labels import (
    PO_STATUS_COLOURS,
    PO_STATUSES,
    format_day,
    format_money,
    format_qty,
    parse_decimal,
    po_status_label,
    purchase_order_texts,
)
from cmms_desktop.ui.pages.stock.purchasing_model import PurchaseOrderTableModel
from cmms_desktop.ui.widgets.documents import (
    FileOpener,
    SaveFileAsker,
    ask_pdf_path,
    not_written_text,
    open_document,
    write_document,
)
from cmms_desktop.ui.widgets.filter_bar import FilterBar, FilterState
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.report_texts import report_texts
from cmms_desktop.ui.widgets.state_badge import StateBadge, StateBadgeDelegate

__all__ = ["PurchasingPage"]

# (title, text) -> the reason typed, or None when the user gave up
AskReason = Callable[[str, str], str | None]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_QTY_COLUMN = 3
_PRICE_COLUMN = 6


class PurchasingPage(Page):
    """The order list and, in place of it, one order. ``show_argument(po_id)`` opens one."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        ask_save_file: SaveFileAsker | None = None,
        open_file: FileOpener | None = None,
        ask_reason: AskReason | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self.now = now
        self.ask_save_file: SaveFileAsker = ask_save_file or self._ask_save_file
        self.open_file: FileOpener = open_file or open_document
        self.ask_reason: AskReason = ask_reason or self._ask_reason
        self.detail: PODetail | None = None
        self.last_pdf: Path | None = None
        self.replenishment: ReplenishmentDialog | None = None
        self.receiving: ReceiveDialog | None = None
        self.created_orders: list[uuid.UUID] = []
        self._filling_lines = False

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.banner = MessageBanner(self)
        self.stack = QStackedWidget(self)

        # ------------------------------------------------------------ list
        self.list_view = QWidget(self.stack)
        self.filters = FilterBar(self.list_view)
        self.filters.add_choice(
            "status",
            lambda: self.tr("Status"),
            [(s, _status_text(s)) for s in PO_STATUSES],
        )
        self.filters.add_choice("supplier", lambda: self.tr("Supplier"), [])
        self.filters.add_choice("site", lambda: self.tr("Site"), [])
        self.filters.set_search_placeholder(lambda: self.tr("Order number or supplier…"))
        self.filters.changed.connect(self._on_filter)
        self.replenish_button = QPushButton(self.list_view)
        self.replenish_button.setObjectName("primaryButton")
        self.replenish_button.clicked.connect(self.open_replenishment)
        self.open_button = QPushButton(self.list_view)
        self.open_button.clicked.connect(self._open_selected)
        self.model = PurchaseOrderTableModel(self._engine, session.site_ids, self)
        self.table = QTableView(self.list_view)
        self.table.setObjectName("purchaseOrders")
        self.table.setModel(self.model)
        # the indicator first: enabling sorting sorts by it
        self.table.horizontalHeader().setSortIndicator(
            self.model.sort_column(), self.model.sort_order()
        )
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.status_delegate = StateBadgeDelegate(
            PurchaseOrderTableModel.StatusRole, self.table, PO_STATUS_COLOURS
        )
        self.table.setItemDelegateForColumn(self.model.column_index("status"), self.status_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (2, 170), (3, 70), (4, 110), (5, 110), (6, 70), (7, 120)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.count_label = QLabel(self.list_view)
        self.count_label.setObjectName("secondaryText")
        list_layout = QVBoxLayout(self.list_view)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count_label)
        self.stack.addWidget(self.list_view)

        # ---------------------------------------------------------- detail
        self.detail_view = QWidget(self.stack)
        self.back_button = QPushButton(self.detail_view)
        self.back_button.setObjectName("linkButton")
        self.back_button.clicked.connect(self.show_list)
        self.number_label = QLabel(self.detail_view)
        self.number_label.setObjectName("sectionTitle")
        self.status_badge = StateBadge(self.detail_view, PO_STATUS_COLOURS)
        self.facts = QLabel(self.detail_view)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.lines_table = QTableWidget(0, 8, self.detail_view)
        self.lines_table.setObjectName("orderLines")
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.setAlternatingRowColors(True)
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lines_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines_table.itemChanged.connect(self._on_line_item_changed)
        # a draft's lines: add a part by scan or reference, remove the selected line
        self.add_part_input = QLineEdit(self.detail_view)
        self.add_part_input.setObjectName("addPartInput")
        self.add_part_input.returnPressed.connect(lambda: self.add_part(self.add_part_input.text()))
        self.remove_line_button = QPushButton(self.detail_view)
        self.remove_line_button.setObjectName("dangerButton")
        self.remove_line_button.clicked.connect(self.remove_selected_line)
        self.draft_row = QWidget(self.detail_view)
        draft_layout = QHBoxLayout(self.draft_row)
        draft_layout.setContentsMargins(0, 0, 0, 0)
        draft_layout.addWidget(self.add_part_input, 1)
        draft_layout.addWidget(self.remove_line_button)
        self.total_label = QLabel(self.detail_view)
        self.total_label.setObjectName("sectionTitle")
        self.total_label.setAlignment(_RIGHT)
        self.send_button = QPushButton(self.detail_view)
        self.send_button.setObjectName("primaryButton")
        self.send_button.clicked.connect(lambda: self.transition("send"))
        self.receive_button = QPushButton(self.detail_view)
        self.receive_button.setObjectName("primaryButton")
        self.receive_button.clicked.connect(self.open_receive)
        self.close_button = QPushButton(self.detail_view)
        self.close_button.clicked.connect(lambda: self.transition("close"))
        self.cancel_button = QPushButton(self.detail_view)
        self.cancel_button.setObjectName("dangerButton")
        self.cancel_button.clicked.connect(lambda: self.transition("cancel"))
        self.print_button = QPushButton(self.detail_view)
        self.print_button.clicked.connect(self.print_pdf)
        head = QHBoxLayout()
        head.addWidget(self.number_label)
        head.addWidget(self.status_badge)
        head.addStretch(1)
        head.addWidget(self.print_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total_label)
        detail_layout = QVBoxLayout(self.detail_view)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        detail_layout.addLayout(back_row)
        detail_layout.addLayout(head)
        detail_layout.addWidget(self.facts)
        detail_layout.addWidget(self.lines_table, 1)
        detail_layout.addWidget(self.draft_row)
        detail_layout.addLayout(buttons)
        self.stack.addWidget(self.detail_view)

        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addStretch(1)
        title_row.addWidget(self.open_button)
        title_row.addWidget(self.replenish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(title_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self._fill_choices()
        self.model.reload()
        self.retranslate_ui()

    # ================================================================ Page

    def title(self) -> str:
        return self.tr("Purchasing")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            self.open_order(argument)

    def refresh(self) -> None:
        self._fill_choices()
        self.model.reload()
        self._update_count()
        if self.detail is not None and self.stack.currentWidget() is self.detail_view:
            self.open_order(self.detail.id)

    # ================================================================ list

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.open_button.setVisible(True)
        self.replenish_button.setVisible(True)
        self.model.reload()
        self._update_count()

    def set_filter(self, f: POFilter) -> None:
        self.model.set_filter(f)
        self._update_count()

    def _on_filter(self, state: FilterState) -> None:
        status = state.choice("status")
        supplier = state.choice("supplier")
        site = state.choice("site")
        self.set_filter(
            POFilter(
                text=state.text,
                status=status if isinstance(status, str) else None,
                supplier_id=supplier if isinstance(supplier, uuid.UUID) else None,
                site_id=site if isinstance(site, uuid.UUID) else None,
            )
        )

    def _fill_choices(self) -> None:
        self.sites = list_sites(self._engine, self.session.site_ids)
        self.filters.set_choice_items("site", [(s.id, s.code) for s in self.sites])
        self.filters.set_choice_items(
            "supplier", [(s.id, s.name) for s in list_suppliers(self._engine)]
        )

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%n order(s)", "", self.model.rowCount()))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        po_id = self.model.po_id(index.row())
        if po_id is not None:
            self.open_order(po_id)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_double_clicked(rows[0])

    # ======================================================== replenishment

    def open_replenishment(self) -> ReplenishmentDialog | None:
        """The review of one site's replenishment (the site filtered, else the first)."""
        site = self.filters.state().choice("site")
        site_id = site if isinstance(site, uuid.UUID) else None
        if site_id is None and self.sites:
            site_id = self.sites[0].id
        if site_id is None:
            self.banner.show_message("warning", lambda: self.tr("You have no site to order for."))
            return None
        today = self.now().astimezone().date()
        groups = replenishment_review(self._engine, today, frozenset({site_id}))
        dialog = ReplenishmentDialog(groups, today, self)
        dialog.site_id = site_id  # type: ignore[attr-defined]
        code = next((s.code for s in self.sites if s.id == site_id), "")
        dialog.setWindowTitle(self.tr("Replenishment — {site}").format(site=code))
        dialog.accepted.connect(lambda: self.create_drafts(dialog, site_id))
        self.replenishment = dialog
        dialog.open()
        return dialog

    def create_drafts(self, dialog: ReplenishmentDialog, site_id: uuid.UUID) -> list[uuid.UUID]:
        """One ``po.create`` per checked supplier of the review."""
        created: list[uuid.UUID] = []
        for order in dialog.orders():
            po_id = uuid.uuid4()
            payload = {
                "id": po_id,
                "site_id": site_id,
                "supplier_id": order.supplier_id,
                "expected_at": order.expected_at,
                "notes": self.tr("Replenishment: parts under their minimum."),
                "lines": [
                    {"part_id": part_id, "quantity": quantity}
                    | ({} if price is None else {"unit_price": price})
                    for part_id, quantity, price in order.lines
                ],
            }
            try:
                self.services.writer.execute(self.session.actor, "po.create", payload)
            except MutationRejected as error:
                self._show_rejection(error)
                break
            created.append(po_id)
        self.created_orders = created
        if created:
            count = len(created)
            self.banner.show_message(
                "success", lambda: self.tr("%n draft order(s) created.", "", count)
            )
            self.filters.set_choice("status", POStatus.DRAFT.value)
            self.set_filter(
                POFilter(
                    text=self.model.filter().text,
                    status=POStatus.DRAFT.value,
                    supplier_id=self.model.filter().supplier_id,
                    site_id=self.model.filter().site_id,
                )
            )
        return created

    # ============================================================== detail

    def open_order(self, po_id: uuid.UUID) -> bool:
        detail = get_po_detail(self._engine, po_id)
        if detail is None or (
            self.session.site_ids is not None and detail.site_id not in self.session.site_ids
        ):
            self.banner.show_message("warning", lambda: self.tr("This order no longer exists."))
            self.show_list()
            return False
        self.detail = detail
        self._show_detail(detail)
        self.stack.setCurrentWidget(self.detail_view)
        self.open_button.setVisible(False)
        self.replenish_button.setVisible(False)
        return True

    def _show_detail(self, detail: PODetail) -> None:
        self.number_label.setText(self.tr("Purchase order {number}").format(number=detail.number))
        self.status_badge.set_state(detail.status, po_status_label(detail.status))
        contacts = " · ".join(
            x for x in (detail.supplier_contact, detail.supplier_email, detail.supplier_phone) if x
        )
        facts = [
            (self.tr("Supplier"), f"<b>{_html(detail.supplier_name)}</b> {_html(contacts)}"),
            (self.tr("Site"), _html(f"{detail.site_name} ({detail.site_code})")),
            (
                self.tr("Created"),
                _html(f"{format_day(detail.created_at)} {detail.created_by_name or ''}"),
            ),
            (self.tr("Ordered on"), _html(format_day(detail.ordered_at) or "—")),
            (self.tr("Expected"), _html(format_day(detail.expected_at) or "—")),
        ]
        if detail.notes:
            facts.append((self.tr("Notes"), _html(detail.notes).replace("\n", "<br>")))
        self.facts.setText(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:#5b6472;padding-right:12px'>{_html(k)}</td><td>{v}</td></tr>"
                for k, v in facts
            )
            + "</table>"
        )
        draft = detail.status == POStatus.DRAFT.value
        self._filling_lines = True
        self.lines_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            if draft
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.lines_table.setRowCount(len(detail.lines))
        for row, line in enumerate(detail.lines):
            values = [
                line.reference,
                line.supplier_reference or "",
                line.description,
                f"{format_qty(line.quantity)} {line.unit}",
                format_qty(line.received_qty),
                format_qty(line.remaining),
                format_money(line.unit_price),
                format_money(line.amount),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(_RIGHT)
                if not (draft and column in (_QTY_COLUMN, _PRICE_COLUMN)):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.lines_table.setItem(row, column, item)
        self._filling_lines = False
        self.draft_row.setVisible(draft)
        self.total_label.setText(
            self.tr("Total: {amount}").format(amount=format_money(detail.total))
        )
        status = detail.status
        self.send_button.setVisible(po_transition(status, "send") is not None)
        self.close_button.setVisible(po_transition(status, "close") is not None)
        self.cancel_button.setVisible(po_transition(status, "cancel") is not None)
        self.receive_button.setVisible(_receivable(status))

    def transition(self, action: str) -> bool:
        """Send, close or cancel the order shown (a reason is asked to cancel)."""
        detail = self.detail
        if detail is None:
            return False
        payload: dict[str, object] = {"id": detail.id, "action": action}
        if action == "cancel":
            reason = self.ask_reason(
                self.tr("Cancel the order"),
                self.tr("Why is order {number} cancelled?").format(number=detail.number),
            )
            if reason is None:
                return False
            if reason.strip():
                payload["reason"] = reason.strip()
        try:
            self.services.writer.execute(self.session.actor, "po.transition", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            self.open_order(detail.id)
            return False
        messages = {
            "send": lambda: self.tr("Order {number} is sent.").format(number=detail.number),
            "close": lambda: self.tr("Order {number} is closed.").format(number=detail.number),
            "cancel": lambda: self.tr("Order {number} is cancelled.").format(number=detail.number),
        }
        self.banner.show_message("success", messages[action])
        self.open_order(detail.id)
        return True

    # ========================================================== draft lines

    def _on_line_item_changed(self, item: QTableWidgetItem) -> None:
        detail = self.detail
        if self._filling_lines or detail is None or not 0 <= item.row() < len(detail.lines):
            return
        line = detail.lines[item.row()]
        text = item.text().replace("€", "").strip().removesuffix(line.unit)
        value = parse_decimal(text)
        if item.column() == _QTY_COLUMN:
            self.edit_line(line.id, quantity=value if value is not None else Decimal(-1))
        elif item.column() == _PRICE_COLUMN:
            self.edit_line(line.id, unit_price=value if value is not None else Decimal(-1))

    def edit_line(
        self,
        line_id: uuid.UUID,
        *,
        quantity: Decimal | None = None,
        unit_price: Decimal | None = None,
    ) -> bool:
        """Change a draft line's quantity or unit price."""
        if (quantity is not None and quantity <= 0) or (unit_price is not None and unit_price < 0):
            self.banner.show_message(
                "warning", lambda: self.tr("Type a quantity above zero or a price of zero or more.")
            )
            self._reshow()
            return False
        change: dict[str, object] = {"id": line_id}
        if quantity is not None:
            change["quantity"] = quantity
        if unit_price is not None:
            change["unit_price"] = unit_price
        return self._update_draft(
            {"change_lines": [change]}, lambda: self.tr("The line is changed.")
        )

    def add_part(self, code: str) -> bool:
        """Add the part scanned or typed (barcode or reference) to the draft: one more of it
        when the order already has it."""
        detail = self.detail
        if detail is None or not code.strip():
            return False
        found = lookup_code(self._engine, code, self.session.site_ids)
        if found is None or found.kind != "part":
            self.banner.show_message(
                "warning",
                lambda: self.tr("No part has the barcode or reference {code}.").format(
                    code=code.strip()
                ),
            )
            return False
        self.add_part_input.clear()
        present = next((ln for ln in detail.lines if ln.part_id == found.id), None)
        if present is not None:
            return self.edit_line(present.id, quantity=present.quantity + 1)
        reference = found.code
        line = {"id": uuid.uuid4(), "part_id": found.id, "quantity": Decimal(1)}
        return self._update_draft(
            {"add_lines": [line]},
            lambda: self.tr("{part} is added to the order.").format(part=reference),
        )

    def remove_selected_line(self) -> bool:
        detail = self.detail
        rows = self.lines_table.selectionModel().selectedRows()
        if detail is None or not rows or not 0 <= rows[0].row() < len(detail.lines):
            self.banner.show_message("warning", lambda: self.tr("Select the line to remove."))
            return False
        return self.remove_line(detail.lines[rows[0].row()].id)

    def remove_line(self, line_id: uuid.UUID) -> bool:
        detail = self.detail
        if detail is not None and [ln.id for ln in detail.lines] == [line_id]:
            self.banner.show_message(
                "warning",
                lambda: self.tr("An order keeps at least one line: cancel it instead."),
            )
            return False
        return self._update_draft(
            {"remove_lines": [line_id]}, lambda: self.tr("The line is removed.")
        )

    def _update_draft(self, changes: dict[str, object], done: Callable[[], str]) -> bool:
        detail = self.detail
        if detail is None or detail.status != POStatus.DRAFT.value:
            return False
        try:
            self.services.writer.execute(
                self.session.actor, "po.update", {"id": detail.id} | changes
            )
        except MutationRejected as error:
            self._show_rejection(error)
            self.open_order(detail.id)
            return False
        self.banner.show_message("success", done)
        self.open_order(detail.id)
        return True

    def _reshow(self) -> None:
        if self.detail is not None:
            self._show_detail(self.detail)

    def open_receive(self) -> ReceiveDialog | None:
        detail = self.detail
        if detail is None or not _receivable(detail.status):
            return None
        locations = list_locations(self._engine, frozenset({detail.site_id}))
        if not locations:
            self.banner.show_message(
                "warning", lambda: self.tr("The order's site has no store location to receive in.")
            )
            return None
        dialog = ReceiveDialog(
            detail, locations, lookup_for(self._engine, self.session.site_ids), self
        )
        dialog.accepted.connect(lambda: self.receive(dialog))
        self.receiving = dialog
        dialog.open()
        return dialog

    def receive(self, dialog: ReceiveDialog) -> bool:
        detail = dialog.detail
        lines = dialog.receipt()
        if not lines:
            return False
        payload = {
            "id": detail.id,
            "occurred_at": self.now(),
            "lines": [
                {"line_id": ln.line_id, "quantity": ln.quantity, "location_id": ln.location_id}
                for ln in lines
            ],
        }
        try:
            self.services.writer.execute(self.session.actor, "po.receive", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            self.open_order(detail.id)
            return False
        count = len(lines)
        self.banner.show_message(
            "success", lambda: self.tr("%n line(s) received into stock.", "", count)
        )
        self.open_order(detail.id)
        return True

    def _show_rejection(self, error: MutationRejected) -> None:
        self.banner.show_message("error", lambda: mutation_error_message(error))

    # =============================================================== print

    def pdf_bytes(self) -> bytes | None:
        detail = self.detail
        if detail is None:
            return None
        return build_purchase_order_pdf(
            detail,
            texts=purchase_order_texts(),
            report_texts=report_texts(),
            company=detail.site_name,
            issued=format_day(self.now()),
        )

    def print_pdf(self) -> Path | None:
        """ "Print PDF…": ask where, write the order there and open it."""
        detail = self.detail
        if detail is None:
            return None
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
        return ask_pdf_path(parent, self.tr("Save the purchase order"), suggested)

    def _ask_reason(self, title: str, text: str) -> str | None:
        reason, ok = QInputDialog.getText(self, title, text, QLineEdit.EchoMode.Normal)
        return reason if ok else None

    # ========================================================= translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Purchasing"))
        self.replenish_button.setText(self.tr("Replenishment…"))
        self.open_button.setText(self.tr("Open"))
        self.back_button.setText(self.tr("← All orders"))
        self.send_button.setText(self.tr("Send to the supplier"))
        self.receive_button.setText(self.tr("Receive…"))
        self.close_button.setText(self.tr("Close the order"))
        self.cancel_button.setText(self.tr("Cancel the order"))
        self.print_button.setText(self.tr("Print PDF…"))
        self.add_part_input.setPlaceholderText(
            self.tr("Add a part: scan or type its barcode or reference, then Enter")
        )
        self.remove_line_button.setText(self.tr("Remove the line"))
        self.lines_table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Supplier ref."),
                self.tr("Designation"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Remaining"),
                self.tr("Unit price"),
                self.tr("Amount"),
            ]
        )
        self.model.retranslate()
        self._update_count()
        if self.detail is not None:
            self._show_detail(self.detail)


def _status_text(status: str) -> Callable[[], str]:
    return lambda: po_status_label(status)


def _receivable(status: str) -> bool:
    try:
        return POStatus(status) in RECEIVABLE
    except ValueError:
        return False


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
