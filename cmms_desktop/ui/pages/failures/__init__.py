"""Corrective maintenance: report a failure, the failure list (and the intervention sheet)."""

from cmms_desktop.ui.pages.failures.list_page import FailureListPage
from cmms_desktop.ui.pages.failures.report_page import ReportFailurePage

__all__ = ["FailureListPage", "ReportFailurePage"]
