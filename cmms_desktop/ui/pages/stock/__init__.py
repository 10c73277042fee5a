"""The stock module: the storekeeper's landing page, the counter (scanner first), the parts
catalogue and a part's page, label printing; purchasing, suppliers and counts."""

from cmms_desktop.ui.pages.stock.counter_page import CounterPage
from cmms_desktop.ui.pages.stock.home_page import StockHomePage
from cmms_desktop.ui.pages.stock.parts_detail import PartDetailPage
from cmms_desktop.ui.pages.stock.parts_page import PartsPage
from cmms_desktop.ui.pages.stock.purchasing_page import PurchasingPage

__all__ = ["CounterPage", "PartDetailPage", "PartsPage", "PurchasingPage", "StockHomePage"]
