"""The technician's landing page: my tasks today and this week, my equipment, my interventions."""

from cmms_desktop.ui.pages.technician.home_page import TechnicianHomePage

__all__ = ["TechnicianHomePage"]
