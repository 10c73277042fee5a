"""The fixed words of printed documents, in the current language.

``cmms_desktop.reports`` is Qt-free: it takes these words as a ``ReportTexts``.

    PdfReport(header, texts=report_texts())
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cmms_desktop.reports.pdf import ReportTexts

__all__ = ["report_texts"]


def report_texts() -> ReportTexts:
    """A ``ReportTexts`` for the language the UI shows now."""
    return ReportTexts(
        page=QCoreApplication.translate("ReportTexts", "Page {page} of {pages}"),
        number=QCoreApplication.translate("ReportTexts", "No. {number}"),
        name=QCoreApplication.translate("ReportTexts", "Name:"),
        date=QCoreApplication.translate("ReportTexts", "Date:"),
        signature=QCoreApplication.translate("ReportTexts", "Signature:"),
        missing_image=QCoreApplication.translate("ReportTexts", "Image not available"),
    )
