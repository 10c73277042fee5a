"""Suppliers: the list, a supplier's contacts, and its prices per part (validity, lead
time, preferred supplier of the part)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
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
from cmms_desktop.store.queries.parts import lookup_code
from cmms_desktop.store.queries.purchasing import (
    PartPrice,
    SupplierDetail,
    SupplierRow,
    get_supplier_detail,
    list_suppliers,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.stock.purchasing_labels import format_day, format_money
from cmms_desktop.ui.pages.stock.suppliers_dialogs import PriceDialog
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["SuppliersPage"]

Confirm = Callable[[str, str], bool]
_FIELDS = ("name", "contact_name", "email", "phone", "address", "notes")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PREFERRED = QColor("#b7791f")


class SuppliersPage(Page):
    """``show_argument(supplier_id)`` selects a supplier."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self.now = now
        self.confirm: Confirm = confirm or self._confirm
        self.rows: list[SupplierRow] = []
        self.detail: SupplierDetail | None = None
        self.price_dialog: PriceDialog | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.banner = MessageBanner(self)

        # ------------------------------------------------------------ list
        left = QWidget(self)
        self.search_edit = QLineEdit(left)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self.reload())
        self.new_button = QPushButton(left)
        self.new_button.clicked.connect(self.new_supplier)
        self.list = QTableWidget(0, 3, left)
        self.list.setObjectName("suppliers")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(False)
        list_header = self.list.horizontalHeader()
        list_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        list_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._on_selected)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list, 1)

        # ---------------------------------------------------------- editor
        right = QWidget(self)
        self.editor_title = QLabel(right)
        self.editor_title.setObjectName("sectionTitle")
        self.name_edit = QLineEdit(right)
        self.name_edit.setObjectName("supplierName")
        self.name_edit.setMaxLength(200)
        self.contact_edit = QLineEdit(right)
        self.contact_edit.setMaxLength(200)
        self.email_edit = QLineEdit(right)
        self.email_edit.setMaxLength(254)
        self.phone_edit = QLineEdit(right)
        self.phone_edit.setMaxLength(40)
        self.address_edit = QPlainTextEdit(right)
        self.address_edit.setFixedHeight(58)
        self.notes_edit = QPlainTextEdit(right)
        self.notes_edit.setFixedHeight(58)
        self.form_labels = [QLabel(right) for _ in _FIELDS]
        widgets = (
            self.name_edit,
            self.contact_edit,
            self.email_edit,
            self.phone_edit,
            self.address_edit,
            self.notes_edit,
        )
        for label, widget in zip(self.form_labels, widgets, strict=True):
            label.setBuddy(widget)
        # contacts on the left, address and notes on the right: the prices keep the room
        form = QHBoxLayout()
        contacts, texts = QFormLayout(), QFormLayout()
        for index, (label, widget) in enumerate(zip(self.form_labels, widgets, strict=True)):
            (contacts if index < 4 else texts).addRow(label, widget)
        form.addLayout(contacts, 1)
        form.addLayout(texts, 1)
        self.save_button = QPushButton(right)
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)

        self.prices_title = QLabel(right)
        self.prices_title.setObjectName("sectionTitle")
        self.prices = QTableWidget(0, 7, right)
        self.prices.setObjectName("supplierPrices")
        self.prices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.prices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.prices.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.prices.verticalHeader().setVisible(False)
        self.prices.setAlternatingRowColors(True)
        self.prices.setWordWrap(False)
        prices_header = self.prices.horizontalHeader()
        prices_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 28), (1, 140), (3, 105), (4, 90), (5, 150), (6, 90)):
            self.prices.setColumnWidth(column, width)
        self.prices.doubleClicked.connect(lambda _index: self.edit_price())
        self.prices.itemSelectionChanged.connect(self._update_buttons)
        self.add_price_button = QPushButton(right)
        self.add_price_button.clicked.connect(lambda: self.edit_price(new=True))
        self.edit_price_button = QPushButton(right)
        self.edit_price_button.clicked.connect(lambda: self.edit_price())
        self.preferred_button = QPushButton(right)
        self.preferred_button.clicked.connect(self.toggle_preferred)
        self.remove_price_button = QPushButton(right)
        self.remove_price_button.setObjectName("dangerButton")
        self.remove_price_button.clicked.connect(self.remove_price)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        price_buttons = QHBoxLayout()
        price_buttons.addWidget(self.add_price_button)
        price_buttons.addWidget(self.edit_price_button)
        price_buttons.addWidget(self.preferred_button)
        price_buttons.addStretch(1)
        price_buttons.addWidget(self.remove_price_button)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.editor_title)
        right_layout.addLayout(form)
        right_layout.addLayout(save_row)
        right_layout.addWidget(self.prices_title)
        right_layout.addWidget(self.prices, 1)
        right_layout.addLayout(price_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 850])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        self.retranslate_ui()
        self.reload()
        if self.rows:
            self.select_supplier(self.rows[0].id)
        else:
            self.new_supplier()

    # ================================================================ Page

    def title(self) -> str:
        return self.tr("Suppliers")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            self.select_supplier(argument)

    def refresh(self) -> None:
        self.reload()
        if self.detail is not None:
            self._show(get_supplier_detail(self._engine, self.detail.id), keep_form=True)

    # ================================================================ list

    def reload(self) -> None:
        selected = self.detail.id if self.detail is not None else None
        self.rows = list_suppliers(self._engine, self.search_edit.text())
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.rows))
        for row, supplier in enumerate(self.rows):
            values = [supplier.name, supplier.contact_name or "", str(supplier.prices)]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(_RIGHT)
                self.list.setItem(row, column, item)
            if supplier.id == selected:
                self.list.selectRow(row)
        self.list.blockSignals(False)

    def select_supplier(self, supplier_id: uuid.UUID) -> bool:
        for row, supplier in enumerate(self.rows):
            if supplier.id == supplier_id:
                self.list.selectRow(row)
                break
        detail = get_supplier_detail(self._engine, supplier_id)
        self._show(detail)
        return detail is not None

    def _on_selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() < len(self.rows):
            self._show(get_supplier_detail(self._engine, self.rows[rows[0].row()].id))

    # ============================================================== editor

    def new_supplier(self) -> None:
        self.list.clearSelection()
        self._show(None)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, detail: SupplierDetail | None, keep_form: bool = False) -> None:
        self.detail = detail
        if not keep_form:
            self.name_edit.setText(detail.name if detail else "")
            self.contact_edit.setText((detail.contact_name if detail else None) or "")
            self.email_edit.setText((detail.email if detail else None) or "")
            self.phone_edit.setText((detail.phone if detail else None) or "")
            self.address_edit.setPlainText((detail.address if detail else None) or "")
            self.notes_edit.setPlainText((detail.notes if detail else None) or "")
        prices = detail.prices if detail else ()
        today = self.now().astimezone().date()
        self.prices.setRowCount(len(prices))
        for row, price in enumerate(prices):
            values = [
                "★" if price.preferred else "",
                price.reference,
                price.description,
                price.supplier_reference or "",
                format_money(price.unit_price, price.currency),
                self._validity(price),
                self.tr("%n day(s)", "", price.lead_time_days)
                if price.lead_time_days is not None
                else "",
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (4, 6):
                    item.setTextAlignment(_RIGHT)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setForeground(PREFERRED)
                    if price.preferred:
                        item.setToolTip(self.tr("The preferred supplier of this part"))
                elif column == 2:
                    item.setToolTip(price.description)
                if not price.valid_on(today):
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(self.tr("Not valid today"))
                self.prices.setItem(row, column, item)
        self._retranslate_editor()
        self._update_buttons()

    def _validity(self, price: PartPrice) -> str:
        if price.valid_from is None and price.valid_to is None:
            return self.tr("always")
        if price.valid_to is None:
            return self.tr("from {day}").format(day=format_day(price.valid_from))
        if price.valid_from is None:
            return self.tr("until {day}").format(day=format_day(price.valid_to))
        return f"{format_day(price.valid_from)} → {format_day(price.valid_to)}"

    def _retranslate_editor(self) -> None:
        if self.detail is None:
            self.editor_title.setText(self.tr("New supplier"))
            self.prices_title.setText(self.tr("Prices (save the supplier first)"))
        else:
            self.editor_title.setText(self.detail.name)
            self.prices_title.setText(self.tr("Prices: %n part(s)", "", len(self.detail.prices)))

    def _update_buttons(self) -> None:
        has_supplier = self.detail is not None
        price = self.selected_price()
        self.add_price_button.setEnabled(has_supplier)
        self.edit_price_button.setEnabled(price is not None)
        self.remove_price_button.setEnabled(price is not None)
        self.preferred_button.setEnabled(price is not None)
        self.preferred_button.setText(
            self.tr("Not preferred")
            if price is not None and price.preferred
            else self.tr("Set as preferred")
        )

    def values(self) -> dict[str, str | None]:
        return {
            "name": self.name_edit.text().strip(),
            "contact_name": self.contact_edit.text().strip() or None,
            "email": self.email_edit.text().strip() or None,
            "phone": self.phone_edit.text().strip() or None,
            "address": self.address_edit.toPlainText().strip() or None,
            "notes": self.notes_edit.toPlainText().strip() or None,
        }

    def save(self) -> uuid.UUID | None:
        """Create the supplier, or send the fields changed; its id, or None."""
        values = self.values()
        if not values["name"]:
            self.banner.show_message("warning", lambda: self.tr("Give the supplier a name."))
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        detail = self.detail
        try:
            if detail is None:
                supplier_id = uuid.uuid4()
                self.services.writer.execute(
                    self.session.actor, "supplier.create", {"id": supplier_id, **values}
                )
            else:
                supplier_id = detail.id
                changed = {k: v for k, v in values.items() if getattr(detail, k) != v}
                if not changed:
                    self.banner.show_message("info", lambda: self.tr("Nothing to save."))
                    return supplier_id
                self.services.writer.execute(
                    self.session.actor, "supplier.update", {"id": supplier_id, "fields": changed}
                )
        except MutationRejected as error:
            self._show_rejection(error)
            return None
        name = values["name"]
        self.banner.show_message("success", lambda: self.tr("{name} is saved.").format(name=name))
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.detail = None
        self.reload()
        self.select_supplier(supplier_id)
        return supplier_id

    # ============================================================== prices

    def selected_price(self) -> PartPrice | None:
        if self.detail is None:
            return None
        rows = self.prices.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.detail.prices):
            return None
        return self.detail.prices[rows[0].row()]

    def select_price(self, part_reference: str) -> bool:
        if self.detail is None:
            return False
        for row, price in enumerate(self.detail.prices):
            if price.reference == part_reference:
                self.prices.selectRow(row)
                return True
        return False

    def edit_price(self, new: bool = False) -> PriceDialog | None:
        """The price dialog (opened, not blocking); saving it sends ``supplier_price.set``."""
        detail = self.detail
        if detail is None:
            return None
        price = None if new else self.selected_price()
        if not new and price is None:
            return None
        site_ids = self.session.site_ids

        def lookup(code: str) -> tuple[uuid.UUID, str] | None:
            found = lookup_code(self._engine, code, site_ids)
            if found is None or found.kind != "part":
                return None
            return found.id, f"{found.code} — {found.label}"

        dialog = PriceDialog(detail.name, lookup, self.now().astimezone().date(), price, self)
        dialog.accepted.connect(lambda: self._save_price(dialog))
        self.price_dialog = dialog
        dialog.open()
        return dialog

    def _save_price(self, dialog: PriceDialog) -> bool:
        detail = self.detail
        if detail is None:
            return False
        price_id = dialog.price.id if dialog.price is not None else uuid.uuid4()
        return self._set_price({"id": price_id, "supplier_id": detail.id, **dialog.values()})

    def toggle_preferred(self) -> bool:
        price = self.selected_price()
        detail = self.detail
        if price is None or detail is None:
            return False
        return self._set_price(
            {
                "id": price.id,
                "supplier_id": detail.id,
                "part_id": price.part_id,
                "unit_price": price.unit_price,
                "currency": price.currency,
                "supplier_reference": price.supplier_reference,
                "valid_from": price.valid_from,
                "valid_to": price.valid_to,
                "lead_time_days": price.lead_time_days,
                "preferred": not price.preferred,
            }
        )

    def _set_price(self, payload: dict[str, object]) -> bool:
        detail = self.detail
        assert detail is not None
        try:
            self.services.writer.execute(self.session.actor, "supplier_price.set", payload)
        except MutationRejected as error:
            self._show_rejection(error)
            return False
        self.banner.clear()
        self._reshow(detail.id, payload["part_id"])
        return True

    def remove_price(self) -> bool:
        price = self.selected_price()
        detail = self.detail
        if price is None or detail is None:
            return False
        if not self.confirm(
            self.tr("Remove the price"),
            self.tr("Remove {supplier}'s price for {part}?").format(
                supplier=detail.name, part=price.reference
            ),
        ):
            return False
        try:
            self.services.writer.execute(
                self.session.actor, "supplier_price.remove", {"id": price.id}
            )
        except MutationRejected as error:
            self._show_rejection(error)
            return False
        self._reshow(detail.id, None)
        return True

    def _reshow(self, supplier_id: uuid.UUID, part_id: object) -> None:
        self.reload()
        self._show(get_supplier_detail(self._engine, supplier_id), keep_form=True)
        if self.detail is not None and isinstance(part_id, uuid.UUID):
            for row, price in enumerate(self.detail.prices):
                if price.part_id == part_id:
                    self.prices.selectRow(row)

    def _show_rejection(self, error: MutationRejected) -> None:
        self.banner.show_message("error", lambda: mutation_error_message(error))

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ========================================================= translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Suppliers"))
        self.search_edit.setPlaceholderText(self.tr("Name, contact or e-mail…"))
        self.new_button.setText(self.tr("New supplier"))
        self.list.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Contact"), self.tr("Parts")])
        texts = [
            self.tr("&Name"),
            self.tr("&Contact"),
            self.tr("&E-mail"),
            self.tr("&Phone"),
            self.tr("&Address"),
            self.tr("N&otes"),
        ]
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.save_button.setText(self.tr("Save"))
        self.prices.setHorizontalHeaderLabels(
            [
                "★",
                self.tr("Reference"),
                self.tr("Designation"),
                self.tr("Supplier ref."),
                self.tr("Unit price"),
                self.tr("Validity"),
                self.tr("Lead time"),
            ]
        )
        self.add_price_button.setText(self.tr("Add a price…"))
        self.edit_price_button.setText(self.tr("Edit…"))
        self.remove_price_button.setText(self.tr("Remove"))
        self._retranslate_editor()
        self._update_buttons()
        if self.detail is not None:
            self._show(self.detail, keep_form=True)
