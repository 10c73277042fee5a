"""Printable and exportable documents: PDF (reportlab), XLSX, CSV, iCalendar.

Qt-free. Import the submodule you need (``cmms_desktop.reports.pdf``,
``cmms_desktop.reports.labels``, ...): this package imports nothing itself, so
that exporting a calendar does not load reportlab.
"""
