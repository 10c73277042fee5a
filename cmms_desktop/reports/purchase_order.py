"""A purchase order as the PDF sent to the supplier.

Qt-free: every word comes in a :class:`PurchaseOrderTexts` (English by
default; the purchasing page passes the translated ones, see
``cmms_desktop.ui.pages.stock.purchasing_labels``), every date, amount and
quantity is formatted by its callables.

    pdf = build_purchase_order_pdf(detail, texts=texts, company="ACME")

The document: the order (number, status, dates, site), the supplier and its
contacts, the delivery address (the site), the lines (reference, supplier
reference, designation, quantity, unit price, amount; received and remaining
once receipts came in) with the total, the notes and two signature boxes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from cmms_desktop.reports.pdf import (
    Alignment,
    PdfReport,
    ReportHeader,
    ReportTexts,
    SignatureBox,
    plain,
)
from cmms_desktop.store.queries.purchasing import PODetail

__all__ = ["PurchaseOrderTexts", "build_purchase_order_pdf"]


def _moment(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")


def _money(value: Decimal) -> str:
    return f"{value:,.2f} €"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class PurchaseOrderTexts:
    """The words and formats of the order, in the reader's language (English by default)."""

    title: str = "Purchase order"
    order_section: str = "Order"
    supplier_section: str = "Supplier"
    lines_section: str = "Lines"
    notes_section: str = "Notes"
    signatures_section: str = "Signatures"
    number: str = "Order number"
    status: str = "Status"
    created: str = "Created"
    ordered: str = "Ordered"
    expected: str = "Expected delivery"
    deliver_to: str = "Deliver to"
    buyer: str = "Buyer"
    supplier: str = "Supplier"
    contact: str = "Contact"
    email: str = "E-mail"
    phone: str = "Phone"
    address: str = "Address"
    reference: str = "Reference"
    supplier_reference: str = "Supplier ref."
    designation: str = "Designation"
    quantity: str = "Qty"
    unit_price: str = "Unit price"
    amount: str = "Amount"
    received: str = "Received"
    remaining: str = "Remaining"
    total: str = "Total"
    buyer_signature: str = "Buyer"
    supplier_signature: str = "Supplier's acknowledgement"
    format_moment: Callable[[datetime | None], str] = field(default=_moment)
    format_money: Callable[[Decimal], str] = field(default=_money)
    format_quantity: Callable[[Decimal], str] = field(default=_quantity)
    status_label: Callable[[str], str] = field(default=lambda status: status)


def build_purchase_order_pdf(
    detail: PODetail,
    *,
    texts: PurchaseOrderTexts | None = None,
    report_texts: ReportTexts | None = None,
    company: str = "",
    issued: str | None = None,
) -> bytes:
    """The order ``detail`` as PDF bytes (A4, portrait)."""
    t = texts or PurchaseOrderTexts()
    report = PdfReport(
        ReportHeader(
            company=company,
            title=t.title,
            site=detail.site_code,
            number=detail.number,
            issued=issued,
        ),
        texts=report_texts,
    )
    report.heading(t.order_section)
    report.key_values(
        [
            (t.number, detail.number),
            (t.status, t.status_label(detail.status)),
            (t.created, t.format_moment(detail.created_at)),
            (t.ordered, t.format_moment(detail.ordered_at)),
            (t.expected, t.format_moment(detail.expected_at)),
            (t.deliver_to, f"{detail.site_name} ({detail.site_code})"),
            (t.buyer, detail.created_by_name or ""),
        ]
    )
    report.heading(t.supplier_section)
    report.key_values(
        [
            (t.supplier, detail.supplier_name),
            (t.contact, detail.supplier_contact or ""),
            (t.email, detail.supplier_email or ""),
            (t.phone, detail.supplier_phone or ""),
            (t.address, detail.supplier_address or ""),
        ]
    )
    _lines(report, detail, t)
    if detail.notes and detail.notes.strip():
        report.heading(t.notes_section)
        report.paragraph(detail.notes)
    report.heading(t.signatures_section)
    report.signatures([SignatureBox(t.buyer_signature), SignatureBox(t.supplier_signature)])
    return report.build()


def _flowing_heading(report: PdfReport) -> ParagraphStyle:
    return ParagraphStyle("flowingHeading", parent=report.styles.heading, keepWithNext=0)


def _lines(report: PdfReport, detail: PODetail, t: PurchaseOrderTexts) -> None:
    receiving = any(line.received_qty > 0 for line in detail.lines)
    header = [t.reference, t.supplier_reference, t.designation, t.quantity]
    # relative widths: the designation gives room to the receipt columns when shown
    widths: list[float] = [1.5, 1.8, 2.6 if receiving else 3.2, 0.9]
    align: list[Alignment] = ["left", "left", "left", "right"]
    if receiving:
        header += [t.received, t.remaining]
        widths += [0.9, 0.9]
        align += ["right", "right"]
    header += [t.unit_price, t.amount]
    widths += [1.1, 1.2]
    align += ["right", "right"]
    rows: list[Sequence[object]] = []
    for line in detail.lines:
        quantity = f"{t.format_quantity(line.quantity)} {line.unit}"
        row: list[object] = [
            line.reference,
            line.supplier_reference or "",
            line.description,
            quantity,
        ]
        if receiving:
            row += [t.format_quantity(line.received_qty), t.format_quantity(line.remaining)]
        row += [t.format_money(line.unit_price), t.format_money(line.amount)]
        rows.append(row)
    footer: list[object] = [t.total, *([""] * (len(header) - 2)), t.format_money(detail.total)]
    # a long order starts on the first page (a heading keeps with its table, and a table
    # taller than a page would otherwise be moved whole to the next one)
    report.add(Paragraph(plain(t.lines_section), _flowing_heading(report)))
    report.table(
        header,
        rows,
        widths=widths,
        align=align,
        footer=footer,
    )
