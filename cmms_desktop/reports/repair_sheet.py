"""The repair intervention sheet as a PDF a technician can fill in and sign on paper.

Qt-free: every word comes in a :class:`RepairSheetTexts` (English by
default; the sheet page passes the translated ones, see
``cmms_desktop.ui.pages.failures.pdf_texts``), every date, duration and
amount is formatted by its callables, and photos are read through a loader
the caller gives (the blob store on the desktop).

    pdf = build_repair_sheet_pdf(detail, texts=texts, company="ACME", photo=load)

The document: the ticket (equipment, site, type, urgency, status, reporter,
assignee, downtime), the description, the rejection comment if it came back,
the work (diagnosis, root cause, actions, start/end), the labour and parts
tables with their totals, the costs, the before/after photos and two
signature boxes (technician, supervisor). Empty fields and tables are left
with room to write by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from cmms_desktop.reports.pdf import PdfReport, ReportHeader, ReportTexts, SignatureBox
from cmms_desktop.store.queries.equipment import AttachmentRow
from cmms_desktop.store.queries.failures import FailureDetail

__all__ = ["PhotoLoader", "RepairSheetTexts", "build_repair_sheet_pdf"]

# The bytes of an attachment (None: not on this computer).
PhotoLoader = Callable[[AttachmentRow], bytes | None]

_BLANK_ROWS = 3
_HANDWRITING = "\n\n\n"  # an empty field keeps room to write in


def _moment(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _minutes(value: int | None) -> str:
    if value is None:
        return ""
    hours, minutes = divmod(value, 60)
    return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"


def _money(value: Decimal) -> str:
    return f"{value:,.2f} €"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class RepairSheetTexts:
    """The words and formats of the sheet, in the reader's language (English by default)."""

    title: str = "Intervention sheet"
    # sections
    ticket_section: str = "Ticket"
    description: str = "Description of the failure"
    rejection_section: str = "Sent back by the supervisor"
    work_section: str = "Intervention"
    labour_section: str = "Time spent"
    parts_section: str = "Parts replaced"
    costs_section: str = "Costs"
    photos_section: str = "Photos"
    signatures_section: str = "Signatures"
    # the ticket
    equipment: str = "Equipment"
    site: str = "Site"
    failure_type: str = "Failure type"
    urgency: str = "Urgency"
    status: str = "Status"
    reported: str = "Reported"
    assignee: str = "Assigned to"
    downtime_start: str = "Downtime start"
    downtime_end: str = "Downtime end"
    downtime: str = "Downtime"
    still_down: str = "still down"
    # the work
    diagnosis: str = "Diagnosis"
    root_cause: str = "Root cause"
    actions_taken: str = "Actions taken"
    started: str = "Start"
    ended: str = "End"
    # tables
    technician: str = "Technician"
    time: str = "Time"
    rate: str = "Hourly rate"
    cost: str = "Cost"
    reference: str = "Reference"
    designation: str = "Designation"
    location: str = "Store"
    quantity: str = "Qty"
    unit_cost: str = "Unit cost"
    returned: str = "returned"
    total: str = "Total"
    # costs
    labour_cost: str = "Labour"
    parts_cost: str = "Parts"
    external_cost: str = "External services"
    total_cost: str = "Total cost"
    unrated: str = "{minutes} without a known hourly rate are not costed."
    # photos, signatures
    before: str = "Before"
    after: str = "After"
    technician_signature: str = "Technician's signature"
    supervisor_signature: str = "Supervisor's approval"
    # formats
    format_moment: Callable[[datetime | None], str] = field(default=_moment)
    format_minutes: Callable[[int | None], str] = field(default=_minutes)
    format_money: Callable[[Decimal], str] = field(default=_money)
    format_quantity: Callable[[Decimal], str] = field(default=_quantity)
    status_label: Callable[[str], str] = field(default=lambda status: status)
    urgency_label: Callable[[int], str] = field(default=str)


def _or_room(value: str | None) -> str:
    return value if value and value.strip() else _HANDWRITING


def build_repair_sheet_pdf(
    detail: FailureDetail,
    *,
    texts: RepairSheetTexts | None = None,
    report_texts: ReportTexts | None = None,
    company: str = "",
    issued: str | None = None,
    photo: PhotoLoader | None = None,
) -> bytes:
    """The sheet of ``detail`` as PDF bytes (A4, portrait)."""
    t = texts or RepairSheetTexts()
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
    _ticket(report, detail, t)
    _work(report, detail, t)
    _labour(report, detail, t)
    _parts(report, detail, t)
    _costs(report, detail, t)
    _photos(report, detail, t, photo)
    _signatures(report, detail, t)
    return report.build()


def _ticket(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    report.heading(t.ticket_section)
    reported = " · ".join(
        part for part in (t.format_moment(detail.reported_at), detail.reported_by_name) if part
    )
    pairs = [
        (t.equipment, f"{detail.equipment.code} — {detail.equipment.name}"),
        (t.site, detail.site_code),
        (t.failure_type, detail.failure_type_name or ""),
        (t.urgency, t.urgency_label(detail.urgency)),
        (t.status, t.status_label(detail.status)),
        (t.reported, reported),
        (t.assignee, detail.assigned_to_name or ""),
    ]
    if detail.downtime_start is not None:
        duration = t.format_minutes(detail.downtime_minutes)
        if detail.downtime_end is None:
            duration = f"{duration} ({t.still_down})"
        pairs += [
            (t.downtime_start, t.format_moment(detail.downtime_start)),
            (t.downtime_end, t.format_moment(detail.downtime_end)),
            (t.downtime, duration),
        ]
    report.key_values(pairs)
    report.heading(t.description)
    report.paragraph(detail.description)
    sheet = detail.sheet
    if sheet is not None and sheet.rejection_comment and detail.status == "rejected":
        report.heading(t.rejection_section)
        report.paragraph(sheet.rejection_comment)


def _work(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    sheet = detail.sheet
    report.heading(t.work_section)
    report.key_values(
        [
            (t.diagnosis, _or_room(sheet.diagnosis if sheet else None)),
            (t.root_cause, _or_room(sheet.root_cause if sheet else None)),
            (t.actions_taken, _or_room(sheet.actions_taken if sheet else None)),
            (t.started, t.format_moment(sheet.started_at) if sheet else ""),
            (t.ended, t.format_moment(sheet.ended_at) if sheet else ""),
        ],
        columns=1,
    )


def _blank(columns: int) -> list[list[object]]:
    return [[""] * columns for _ in range(_BLANK_ROWS)]


def _labour(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    sheet = detail.sheet
    lines = sheet.labour if sheet is not None else ()
    rows: list[Sequence[object]] = [
        [
            line.full_name or "",
            t.format_minutes(line.minutes),
            "" if line.hourly_rate is None else t.format_money(line.hourly_rate),
            "" if line.cost is None else t.format_money(line.cost),
        ]
        for line in lines
    ]
    report.heading(t.labour_section)
    footer: list[object] | None = None
    if rows:
        minutes = sum(line.minutes for line in lines)
        labour = detail.costs.labour if detail.costs is not None else Decimal(0)
        footer = [t.total, t.format_minutes(minutes), "", t.format_money(labour)]
    report.table(
        [t.technician, t.time, t.rate, t.cost],
        rows or _blank(4),
        widths=[4, 1.5, 1.5, 1.5],
        align=["left", "right", "right", "right"],
        footer=footer,
    )


def _parts(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    rows: list[Sequence[object]] = []
    for part in detail.parts:
        designation = part.description
        if part.kind == "return":
            designation = f"{designation} ({t.returned})"
        rows.append(
            [
                part.reference,
                designation,
                part.location_code or "",
                f"{t.format_quantity(part.quantity)} {part.unit}",
                "" if part.unit_cost is None else t.format_money(part.unit_cost),
                t.format_money(part.cost),
            ]
        )
    report.heading(t.parts_section)
    footer: list[object] | None = None
    if rows:
        total = (
            detail.costs.parts
            if detail.costs is not None
            else sum((p.cost for p in detail.parts), Decimal(0))
        )
        footer = [t.total, "", "", "", "", t.format_money(total)]
    report.table(
        [t.reference, t.designation, t.location, t.quantity, t.unit_cost, t.cost],
        rows or _blank(6),
        widths=[2, 4, 1.8, 1.2, 1.3, 1.3],
        align=["left", "left", "left", "right", "right", "right"],
        footer=footer,
    )


def _costs(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    costs = detail.costs
    report.heading(t.costs_section)
    if costs is None:
        report.key_values(
            [
                (t.labour_cost, ""),
                (t.parts_cost, ""),
                (t.external_cost, ""),
                (t.total_cost, ""),
            ]
        )
        return
    report.key_values(
        [
            (t.labour_cost, t.format_money(costs.labour)),
            (t.parts_cost, t.format_money(costs.parts)),
            (t.external_cost, t.format_money(costs.external)),
            (t.total_cost, t.format_money(costs.total)),
        ]
    )
    if costs.unrated_minutes:
        report.paragraph(
            t.unrated.format(minutes=t.format_minutes(costs.unrated_minutes)), small=True
        )


def _photos(
    report: PdfReport, detail: FailureDetail, t: RepairSheetTexts, photo: PhotoLoader | None
) -> None:
    sheet = detail.sheet
    if sheet is None or photo is None:
        return
    by_id = {row.id: row for row in detail.attachments if row.kind == "photo"}
    sources: list[tuple[bytes, str | None]] = []
    for label, ids in ((t.before, sheet.before_photo_ids), (t.after, sheet.after_photo_ids)):
        for photo_id in ids:
            row = by_id.get(photo_id)
            if row is None:
                continue
            data = photo(row)
            sources.append((data or b"", f"{label} — {row.filename}"))
    if sources:
        report.heading(t.photos_section)
        report.photos(sources, per_row=3, max_height_mm=50)


def _signatures(report: PdfReport, detail: FailureDetail, t: RepairSheetTexts) -> None:
    sheet = detail.sheet
    technician = SignatureBox(t.technician_signature)
    supervisor = SignatureBox(t.supervisor_signature)
    if sheet is not None:
        technician = SignatureBox(
            t.technician_signature,
            name=sheet.signed_off_by_name or sheet.technician_name or "",
            date=t.format_moment(sheet.signed_off_at),
        )
        supervisor = SignatureBox(
            t.supervisor_signature,
            name=sheet.validated_by_name or "",
            date=t.format_moment(sheet.validated_at),
        )
    report.heading(t.signatures_section)
    report.signatures([technician, supervisor])
