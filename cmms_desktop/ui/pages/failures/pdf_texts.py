"""The words and formats of the printed intervention sheet, in the current language.

``cmms_desktop.reports.repair_sheet`` is Qt-free: the sheet page gives it
these (and ``widgets.report_texts.report_texts()`` for the page footer).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from cmms_desktop.reports.repair_sheet import RepairSheetTexts
from cmms_desktop.ui.pages.failures.list_labels import (
    format_downtime,
    format_local,
    status_label,
    urgency_label,
)

__all__ = ["format_money", "format_quantity", "repair_sheet_texts"]


def format_money(amount: Decimal) -> str:
    """An amount in euros the current language's way: "1 234,50 €" / "€1,234.50"."""
    return QCoreApplication.translate("RepairSheetPdf", "{amount} €").format(
        amount=QLocale().toString(float(amount), "f", 2)
    )


def format_quantity(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}"
    if "." in text:
        return QLocale().toString(float(quantity), "g", 12)
    return text


def _moment(moment: datetime | None) -> str:
    return format_local(moment)


def repair_sheet_texts() -> RepairSheetTexts:
    """A ``RepairSheetTexts`` for the language the UI shows now."""
    return RepairSheetTexts(
        title=QCoreApplication.translate("RepairSheetPdf", "Intervention sheet"),
        ticket_section=QCoreApplication.translate("RepairSheetPdf", "Ticket"),
        description=QCoreApplication.translate("RepairSheetPdf", "Description of the failure"),
        rejection_section=QCoreApplication.translate(
            "RepairSheetPdf", "Sent back by the supervisor"
        ),
        work_section=QCoreApplication.translate("RepairSheetPdf", "Intervention"),
        labour_section=QCoreApplication.translate("RepairSheetPdf", "Time spent"),
        parts_section=QCoreApplication.translate("RepairSheetPdf", "Parts replaced"),
        costs_section=QCoreApplication.translate("RepairSheetPdf", "Costs"),
        photos_section=QCoreApplication.translate("RepairSheetPdf", "Photos"),
        signatures_section=QCoreApplication.translate("RepairSheetPdf", "Signatures"),
        equipment=QCoreApplication.translate("RepairSheetPdf", "Equipment"),
        site=QCoreApplication.translate("RepairSheetPdf", "Site"),
        failure_type=QCoreApplication.translate("RepairSheetPdf", "Failure type"),
        urgency=QCoreApplication.translate("RepairSheetPdf", "Urgency"),
        status=QCoreApplication.translate("RepairSheetPdf", "Status"),
        reported=QCoreApplication.translate("RepairSheetPdf", "Reported"),
        assignee=QCoreApplication.translate("RepairSheetPdf", "Assigned to"),
        downtime_start=QCoreApplication.translate("RepairSheetPdf", "Downtime start"),
        downtime_end=QCoreApplication.translate("RepairSheetPdf", "Downtime end"),
        downtime=QCoreApplication.translate("RepairSheetPdf", "Downtime"),
        still_down=QCoreApplication.translate("RepairSheetPdf", "still down"),
        diagnosis=QCoreApplication.translate("RepairSheetPdf", "Diagnosis"),
        root_cause=QCoreApplication.translate("RepairSheetPdf", "Root cause"),
        actions_taken=QCoreApplication.translate("RepairSheetPdf", "Actions taken"),
        started=QCoreApplication.translate("RepairSheetPdf", "Start"),
        ended=QCoreApplication.translate("RepairSheetPdf", "End"),
        technician=QCoreApplication.translate("RepairSheetPdf", "Technician"),
        time=QCoreApplication.translate("RepairSheetPdf", "Time"),
        rate=QCoreApplication.translate("RepairSheetPdf", "Hourly rate"),
        cost=QCoreApplication.translate("RepairSheetPdf", "Cost"),
        reference=QCoreApplication.translate("RepairSheetPdf", "Reference"),
        designation=QCoreApplication.translate("RepairSheetPdf", "Designation"),
        location=QCoreApplication.translate("RepairSheetPdf", "Store"),
        quantity=QCoreApplication.translate("RepairSheetPdf", "Qty"),
        unit_cost=QCoreApplication.translate("RepairSheetPdf", "Unit cost"),
        returned=QCoreApplication.translate("RepairSheetPdf", "returned"),
        total=QCoreApplication.translate("RepairSheetPdf", "Total"),
        labour_cost=QCoreApplication.translate("RepairSheetPdf", "Labour"),
        parts_cost=QCoreApplication.translate("RepairSheetPdf", "Parts"),
        external_cost=QCoreApplication.translate("RepairSheetPdf", "External services"),
        total_cost=QCoreApplication.translate("RepairSheetPdf", "Total cost"),
        unrated=QCoreApplication.translate(
            "RepairSheetPdf", "{minutes} without a known hourly rate are not costed."
        ),
        before=QCoreApplication.translate("RepairSheetPdf", "Before"),
        after=QCoreApplication.translate("RepairSheetPdf", "After"),
        technician_signature=QCoreApplication.translate("RepairSheetPdf", "Technician's signature"),
        supervisor_signature=QCoreApplication.translate("RepairSheetPdf", "Supervisor's approval"),
        format_moment=_moment,
        format_minutes=format_downtime,
        format_money=format_money,
        format_quantity=format_quantity,
        status_label=status_label,
        urgency_label=urgency_label,
    )
