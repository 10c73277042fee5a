"""The counter with key events only: scan, Enter, function keys, Esc; movements in the replica."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.stock import CounterPage
from tests.ui.failure_world import FakeNavigator
from tests.ui.stock_world import NOW, StockWorld, make_stock_world


@pytest.fixture
def store(services: DesktopServices) -> StockWorld:
    return make_stock_world(services)


@pytest.fixture
def counter(qtbot: QtBot, store: StockWorld, translations: Translations) -> CounterPage:
    page = CounterPage(store.services, store.session(), FakeNavigator(), clock=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    page.input.setFocus()
    return page


def scan(qtbot: QtBot, page: CounterPage, text: str) -> None:
    qtbot.keyClicks(page.input, text)
    qtbot.keyClick(page.input, Qt.Key.Key_Return)


def key(qtbot: QtBot, page: CounterPage, which: Qt.Key) -> None:
    qtbot.keyClick(page.input, which)


def test_an_issue_scan_part_enter_for_the_location_quantity(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    assert counter.mode == "issue"
    scan(qtbot, counter, "3400000062040")  # the bearing's barcode
    assert counter.entry.part is not None and counter.entry.part.reference == "BRG-6204"
    assert counter.input.result() == "ok"
    assert counter.stock_table.rowCount() == 1
    assert counter.stock_table.item(0, 0).text() == "A-01"
    assert "A-01" in counter.prompt_label.text()
    key(qtbot, counter, Qt.Key.Key_Return)  # the default location: where it is
    assert counter.entry.location is not None and counter.entry.location.code == "A-01"
    scan(qtbot, counter, "3")
    assert store.on_hand(store.bearing, store.a01) == Decimal(7)
    issue = [m for m in store.movements(store.bearing) if m["kind"] == "issue"]
    assert len(issue) == 1 and issue[0]["quantity"] == Decimal(-3)
    assert issue[0]["user_id"] == store.keeper.user_id
    assert store.outbox_names()[-1] == "stock.move"
    # the log, the part's new stock on screen, ready for the next scan
    assert counter.log_table.rowCount() == 1
    assert counter.log_table.item(0, 2).text() == "BRG-6204"
    assert counter.log_table.item(0, 3).text() == "−3"
    assert "7" in counter.part_summary.text()
    assert counter.step == "part"


def test_a_receipt_by_f2_and_a_scanned_location(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    key(qtbot, counter, Qt.Key.Key_F2)
    assert counter.mode == "receipt"
    scan(qtbot, counter, "BLT-A42")  # no stock anywhere: no default location
    key(qtbot, counter, Qt.Key.Key_Return)
    assert counter.input.result() == "error"
    scan(qtbot, counter, "B-01")
    scan(qtbot, counter, "12")
    assert store.on_hand(store.belt, store.b01) == Decimal(12)
    assert counter.mode == "receipt"  # the kind stays chosen
    assert store.outbox_names()[-1] == "stock.move"


def test_a_transfer_asks_for_the_target(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    key(qtbot, counter, Qt.Key.Key_F4)
    scan(qtbot, counter, "FLT-100")
    scan(qtbot, counter, "A-02")
    scan(qtbot, counter, "2")
    assert counter.step == "target"
    scan(qtbot, counter, "A-02")  # the same location: refused
    assert counter.input.result() == "error"
    scan(qtbot, counter, "B-01")
    assert store.on_hand(store.filter, store.a02) == Decimal(1)
    assert store.on_hand(store.filter, store.b01) == Decimal(2)
    assert store.on_hand(store.filter) == Decimal(8)
    assert store.outbox_names()[-1] == "stock.transfer"
    assert "B-01" in counter.log_table.item(0, 4).text()


def test_a_count_writes_the_difference(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    key(qtbot, counter, Qt.Key.Key_F5)
    scan(qtbot, counter, "BRG-6204")
    key(qtbot, counter, Qt.Key.Key_Return)
    scan(qtbot, counter, "8")  # counted 8 where the ledger says 10
    adjustment = [m for m in store.movements(store.bearing) if m["kind"] == "adjustment"]
    assert [m["quantity"] for m in adjustment] == [Decimal(-2)]
    assert store.on_hand(store.bearing) == Decimal(8)


def test_unknown_codes_are_said_and_esc_cancels(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    before = len(store.outbox_names())
    scan(qtbot, counter, "NOPE-999")
    assert counter.input.result() == "error"
    assert "Unknown code: NOPE-999" in counter.message()
    scan(qtbot, counter, "A-01")  # a location where a part is expected
    assert "scan a part first" in counter.message()
    scan(qtbot, counter, "BRG-6204")
    key(qtbot, counter, Qt.Key.Key_Return)
    scan(qtbot, counter, "abc")
    assert "Not a quantity" in counter.message()
    key(qtbot, counter, Qt.Key.Key_Escape)
    assert counter.step == "part" and counter.entry.part is None
    assert len(store.outbox_names()) == before


def test_undo_reverses_the_last_movement(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    scan(qtbot, counter, "BRG-6204")
    key(qtbot, counter, Qt.Key.Key_Return)
    scan(qtbot, counter, "4")
    assert store.on_hand(store.bearing) == Decimal(6)
    key(qtbot, counter, Qt.Key.Key_F8)
    assert store.on_hand(store.bearing) == Decimal(10)
    kinds = [m["kind"] for m in store.movements(store.bearing)]
    assert kinds.count("reversal") == 1 and kinds.count("issue") == 1  # the ledger keeps both
    assert store.outbox_names()[-1] == "stock.reverse"
    assert "undone" in counter.log_table.item(0, 1).text()
    key(qtbot, counter, Qt.Key.Key_F8)  # nothing left to undo
    assert counter.input.result() == "error"
    assert store.on_hand(store.bearing) == Decimal(10)


def test_undo_of_a_transfer_reverses_both_halves(
    qtbot: QtBot, counter: CounterPage, store: StockWorld
) -> None:
    key(qtbot, counter, Qt.Key.Key_F4)
    scan(qtbot, counter, "BRG-6204")
    key(qtbot, counter, Qt.Key.Key_Return)
    scan(qtbot, counter, "5")
    scan(qtbot, counter, "B-01")
    assert store.on_hand(store.bearing, store.b01) == Decimal(5)
    key(qtbot, counter, Qt.Key.Key_F8)
    assert store.on_hand(store.bearing, store.b01) == Decimal(0)
    assert store.on_hand(store.bearing, store.a01) == Decimal(10)


def test_an_issue_linked_to_a_ticket(qtbot: QtBot, counter: CounterPage, store: StockWorld) -> None:
    key(qtbot, counter, Qt.Key.Key_F6)
    scan(qtbot, counter, "T-404")
    assert "Unknown ticket" in counter.message()
    key(qtbot, counter, Qt.Key.Key_Escape)
    assert counter.work_ref is None
