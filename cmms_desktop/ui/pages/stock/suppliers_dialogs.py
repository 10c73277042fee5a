"""A supplier's price for a part: the part (scanned or typed), the price and its
validity, the lead time, and whether this supplier is the part's preferred one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.queries.purchasing import PartPrice
from cmms_desktop.ui.widgets.message_banner import MessageBanner
from cmms_desktop.ui.widgets.scan_input import ScanInput

__all__ = ["PartLookup", "PriceDialog"]

# A scanned or typed code -> (part id, "REF — description"), or None.
PartLookup = Callable[[str], tuple[uuid.UUID, str] | None]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PriceDialog(QDialog):
    """New price (``price`` None: the part is chosen here) or a price edited."""

    def __init__(
        self,
        supplier_name: str,
        lookup: PartLookup,
        today: date,
        price: PartPrice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceDialog")
        self.setMinimumWidth(520)
        self._lookup = lookup
        self._supplier_name = supplier_name
        self.price = price
        self.part_id: uuid.UUID | None = price.part_id if price else None

        self.banner = MessageBanner(self)
        self.part_input = ScanInput(self)
        self.part_input.setObjectName("pricePart")
        self.part_input.scanned.connect(self.choose_part)
        self.part_label = QLabel(self)
        self.part_label.setWordWrap(True)
        self.reference_edit = QLineEdit(self)
        self.reference_edit.setObjectName("supplierReference")
        self.reference_edit.setMaxLength(60)
        self.price_box = QDoubleSpinBox(self)
        self.price_box.setObjectName("unitPrice")
        self.price_box.setDecimals(2)
        self.price_box.setRange(0.0, 9_999_999.99)
        self.currency_edit = QLineEdit("EUR", self)
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setFixedWidth(60)
        self.from_check = QCheckBox(self)
        self.from_edit = QDateEdit(_qdate(today), self)
        self.from_edit.setCalendarPopup(True)
        self.to_check = QCheckBox(self)
        self.to_edit = QDateEdit(_qdate(today + timedelta(days=365)), self)
        self.to_edit.setCalendarPopup(True)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.lead_box = QSpinBox(self)
        self.lead_box.setObjectName("leadTime")
        self.lead_box.setRange(-1, 3650)
        self.lead_box.setValue(-1)
        self.preferred_check = QCheckBox(self)
        self.preferred_check.setObjectName("preferred")

        if price is not None:
            self.part_input.setVisible(False)
            self.part_label.setText(f"{price.reference} — {price.description}")
            self.reference_edit.setText(price.supplier_reference or "")
            self.price_box.setValue(float(price.unit_price))
            self.currency_edit.setText(price.currency)
            if price.valid_from is not None:
                self.from_edit.setDate(_qdate(price.valid_from))
            if price.valid_to is not None:
                self.to_edit.setDate(_qdate(price.valid_to))
            self.from_check.setChecked(price.valid_from is not None)
            self.to_check.setChecked(price.valid_to is not None)
            self.lead_box.setValue(-1 if price.lead_time_days is None else price.lead_time_days)
            self.preferred_check.setChecked(price.preferred)
        self.from_edit.setEnabled(self.from_check.isChecked())
        self.to_edit.setEnabled(self.to_check.isChecked())

        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(6)]
        part_column = QVBoxLayout()
        part_column.addWidget(self.part_input)
        part_column.addWidget(self.part_label)
        price_row = QHBoxLayout()
        price_row.addWidget(self.price_box, 1)
        price_row.addWidget(self.currency_edit)
        from_row = QHBoxLayout()
        from_row.addWidget(self.from_check)
        from_row.addWidget(self.from_edit, 1)
        from_row.addWidget(self.to_check)
        from_row.addWidget(self.to_edit, 1)
        self.form.addRow(self.labels[0], part_column)
        self.form.addRow(self.labels[1], self.reference_edit)
        self.form.addRow(self.labels[2], price_row)
        self.form.addRow(self.labels[3], from_row)
        self.form.addRow(self.labels[4], self.lead_box)
        self.form.addRow(self.labels[5], self.preferred_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def choose_part(self, code: str) -> bool:
        found = self._lookup(code)
        if found is None:
            self.part_id = None
            self.part_input.show_result("error")
            self.part_label.setText(self.tr("No part is known by {code}.").format(code=code))
            return False
        self.part_id, label = found
        self.part_input.show_result("ok")
        self.part_label.setText(label)
        self.reference_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def values(self) -> dict[str, object]:
        """The ``supplier_price.set`` payload, without ``id`` and ``supplier_id``."""
        lead = self.lead_box.value()
        return {
            "part_id": self.part_id,
            "unit_price": Decimal(str(round(self.price_box.value(), 2))),
            "currency": (self.currency_edit.text().strip() or "EUR").upper(),
            "supplier_reference": self.reference_edit.text().strip() or None,
            "valid_from": _date(self.from_edit.date()) if self.from_check.isChecked() else None,
            "valid_to": _date(self.to_edit.date()) if self.to_check.isChecked() else None,
            "lead_time_days": None if lead < 0 else lead,
            "preferred": self.preferred_check.isChecked(),
        }

    def _try_accept(self) -> None:
        if self.part_id is None:
            self.banner.show_message(
                "warning", lambda: self.tr("Scan or type the part's reference, then Enter.")
            )
            self.part_input.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if (
            self.from_check.isChecked()
            and self.to_check.isChecked()
            and self.to_edit.date() < self.from_edit.date()
        ):
            self.banner.show_message("warning", lambda: self.tr("The price ends before it starts."))
            return
        self.accept()

    def retranslate_ui(self) -> None:
        if self.price is None:
            self.setWindowTitle(
                self.tr("New price — {supplier}").format(supplier=self._supplier_name)
            )
        else:
            self.setWindowTitle(self.tr("Price — {supplier}").format(supplier=self._supplier_name))
        self.part_input.set_placeholder(
            lambda: self.tr("Scan or type a part reference, then Enter")
        )
        texts = [
            self.tr("Part"),
            self.tr("Supplier reference"),
            self.tr("Unit price"),
            self.tr("Validity"),
            self.tr("Lead time"),
            self.tr("Preferred"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.from_check.setText(self.tr("from"))
        self.to_check.setText(self.tr("to"))
        self.lead_box.setSpecialValueText(self.tr("not known"))
        self.lead_box.setSuffix(self.tr(" days"))
        self.preferred_check.setText(self.tr("Order this part from this supplier first"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
