"""The storekeeper's landing page: alerts, pending receipts, today's issues, negative stock."""

from __future__ import annotations

import uuid

import pytest
from pytestqt.qtbot import QtBot

from cmms_core.rules.permissions import landing_page
from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.stock import StockHomePage
from tests.ui.failure_world import FakeNavigator
from tests.ui.stock_world import NOW, StockWorld, make_stock_world


@pytest.fixture
def store(services: DesktopServices) -> StockWorld:
    world = make_stock_world(services)
    for part, location, quantity in ((world.bearing, world.a01, 3), (world.belt, world.b01, 2)):
        world.run(
            "stock.move",
            {
                "id": uuid.uuid4(),
                "kind": "issue",
                "part_id": part,
                "location_id": location,
                "quantity": quantity,
                "occurred_at": NOW,
            },
        )
    return world


def test_the_landing_page_of_a_storekeeper(
    qtbot: QtBot, store: StockWorld, translations: Translations
) -> None:
    assert landing_page(Role.STOREKEEPER) == "stock.home"
    navigator = FakeNavigator({"stock.part", "stock.counter", "stock.parts"})
    page = StockHomePage(store.services, store.session(), navigator, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.refresh()
    # FLT-100: 8 available, min 10 → up to 30
    assert [a.reference for a in page.alerts] == ["FLT-100"]
    assert page.alerts_table.item(0, 5).text() == "22 pc"
    assert page.alerts_card.value() == "1"
    # the belt went below zero (issued with none recorded): flagged, not hidden
    assert [(n.reference, n.location_code) for n in page.negatives] == [("BLT-A42", "B-01")]
    assert page.negative_table.item(0, 2).text() == "-2"
    assert page.negative_card.value() == "1"
    assert page.issues_card.value() == "2"
    assert {page.issues_table.item(r, 1).text() for r in range(2)} == {"BRG-6204", "BLT-A42"}
    assert page.receipts_card.value() == "0"
    assert not page.purchasing_button.isVisible()
    page.alerts_table.activated.emit(page.alerts_table.model().index(0, 0))
    assert navigator.calls == [("stock.part", store.filter)]
    page.counter_button.click()
    assert navigator.calls[-1] == ("stock.counter", None)
