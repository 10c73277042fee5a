"""The planning module: the maintenance calendar (day, week, month) with drag-and-drop,
maintenance plans, the intervention sheet and the supervisor's landing page."""

from cmms_desktop.ui.pages.planning.intervention_page import InterventionPage
from cmms_desktop.ui.pages.planning.page import PlanningPage
from cmms_desktop.ui.pages.planning.plans_page import PlansPage
from cmms_desktop.ui.pages.planning.supervisor_page import SupervisorPage

__all__ = ["InterventionPage", "PlanningPage", "PlansPage", "SupervisorPage"]
