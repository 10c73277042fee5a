"""The equipment module: the list of equipments (100k rows), one equipment's detail, its form."""

from cmms_desktop.ui.pages.equipment.page import EquipmentPage

__all__ = ["EquipmentPage"]
