"""The words of purchasing and counts: order statuses and their pill colours, amounts,
quantities and days the current language's way, and the printed order's texts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from PySide6.QtCore import QCoreApplication, QLocale

from cmms_core.rules.stock import POStatus
from cmms_desktop.reports.purchase_order import PurchaseOrderTexts
from cmms_desktop.ui.widgets.state_badge import PillColours

__all__ = [
    "PO_STATUSES",
    "PO_STATUS_COLOURS",
    "format_day",
    "format_money",
    "format_qty",
    "parse_decimal",
    "po_status_label",
    "purchase_order_texts",
]

PO_STATUSES: tuple[str, ...] = tuple(s.value for s in POStatus)

PO_STATUS_COLOURS: Mapping[str, PillColours] = MappingProxyType(
    {
        POStatus.DRAFT: PillColours("#d5d9e0", "#1d2433"),
        POStatus.SENT: PillColours("#1f6feb", "#ffffff"),
        POStatus.PARTIALLY_RECEIVED: PillColours("#f2a900", "#3b2a00"),
        POStatus.RECEIVED: PillColours("#2e7d32", "#ffffff"),
        POStatus.CLOSED: PillColours("#4b5563", "#ffffff"),
        POStatus.CANCELLED: PillColours("#b42318", "#ffffff"),
    }
)


def po_status_label(status: str) -> str:
    """An order status in words ("partially_received" → "Partially received")."""
    match status:
        case "draft":
            return QCoreApplication.translate("PurchaseStatus", "Draft")
        case "sent":
            return QCoreApplication.translate("PurchaseStatus", "Sent")
        case "partially_received":
            return QCoreApplication.translate("PurchaseStatus", "Partially received")
        case "received":
            return QCoreApplication.translate("PurchaseStatus", "Received")
        case "closed":
            return QCoreApplication.translate("PurchaseStatus", "Closed")
        case "cancelled":
            return QCoreApplication.translate("PurchaseStatus", "Cancelled")
    return status


def format_money(amount: Decimal | None, currency: str = "EUR") -> str:
    """ "1 234,50 €" / "€1,234.50" (the current language's way); "" for None."""
    if amount is None:
        return ""
    number = QLocale().toString(float(amount), "f", 2)
    if currency != "EUR":
        return f"{number} {currency}"
    return QCoreApplication.translate("PurchaseFormats", "{amount} €").format(amount=number)


def format_qty(quantity: Decimal | None) -> str:
    """A quantity without useless decimals ("12", "2,5")."""
    if quantity is None:
        return ""
    value = quantity.normalize()
    if value == value.to_integral_value():
        return QLocale().toString(int(value))
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return QLocale().toString(float(value), "f", decimals)


def format_day(moment: datetime | date | None) -> str:
    """A day in this computer's time zone ("2026-11-26"); "" for None."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = moment.astimezone().date()
    return moment.isoformat()


def parse_decimal(text: str) -> Decimal | None:
    """A number typed with a comma or a point ("2,5", "2.5", "1 000"); None if it is none."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def purchase_order_texts() -> PurchaseOrderTexts:
    """A ``PurchaseOrderTexts`` for the language the UI shows now."""
    return PurchaseOrderTexts(
        title=QCoreApplication.translate("PurchaseOrderPdf", "Purchase order"),
        order_section=QCoreApplication.translate("PurchaseOrderPdf", "Order"),
        supplier_section=QCoreApplication.translate("PurchaseOrderPdf", "Supplier"),
        lines_section=QCoreApplication.translate("PurchaseOrderPdf", "Lines"),
        notes_section=QCoreApplication.translate("PurchaseOrderPdf", "Notes"),
        signatures_section=QCoreApplication.translate("PurchaseOrderPdf", "Signatures"),
        number=QCoreApplication.translate("PurchaseOrderPdf", "Order number"),
        status=QCoreApplication.translate("PurchaseOrderPdf", "Status"),
        created=QCoreApplication.translate("PurchaseOrderPdf", "Created"),
        ordered=QCoreApplication.translate("PurchaseOrderPdf", "Ordered"),
        expected=QCoreApplication.translate("PurchaseOrderPdf", "Expected delivery"),
        deliver_to=QCoreApplication.translate("PurchaseOrderPdf", "Deliver to"),
        buyer=QCoreApplication.translate("PurchaseOrderPdf", "Buyer"),
        supplier=QCoreApplication.translate("PurchaseOrderPdf", "Supplier"),
        contact=QCoreApplication.translate("PurchaseOrderPdf", "Contact"),
        email=QCoreApplication.translate("PurchaseOrderPdf", "E-mail"),
        phone=QCoreApplication.translate("PurchaseOrderPdf", "Phone"),
        address=QCoreApplication.translate("PurchaseOrderPdf", "Address"),
        reference=QCoreApplication.translate("PurchaseOrderPdf", "Reference"),
        supplier_reference=QCoreApplication.translate("PurchaseOrderPdf", "Supplier ref."),
        designation=QCoreApplication.translate("PurchaseOrderPdf", "Designation"),
        quantity=QCoreApplication.translate("PurchaseOrderPdf", "Qty"),
        unit_price=QCoreApplication.translate("PurchaseOrderPdf", "Unit price"),
        amount=QCoreApplication.translate("PurchaseOrderPdf", "Amount"),
        received=QCoreApplication.translate("PurchaseOrderPdf", "Received"),
        remaining=QCoreApplication.translate("PurchaseOrderPdf", "Remaining"),
        total=QCoreApplication.translate("PurchaseOrderPdf", "Total"),
        buyer_signature=QCoreApplication.translate("PurchaseOrderPdf", "Buyer"),
        supplier_signature=QCoreApplication.translate(
            "PurchaseOrderPdf", "Supplier's acknowledgement"
        ),
        format_moment=format_day,
        format_money=format_money,
        format_quantity=format_qty,
        status_label=po_status_label,
    )
