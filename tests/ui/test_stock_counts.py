"""Count sessions, scanner first: start a count, scan a part, type the quantity, Enter
(all by key events); close with the adjustments confirmed; the ledger gets them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.inventory import count_sessions, stock_movements
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.queries.purchasing import CountReviewLine
from cmms_desktop.ui.pages.stock.counts_dialogs import CloseCountDialog
from cmms_desktop.ui.pages.stock.counts_page import CountsPage
from tests.ui.failure_world import FakeNavigator
from tests.ui.purchasing_world import NOW, PurchasingWorld, make_purchasing_world

BEARING = "3456789012345"
GREASE = "3456789012376"


@pytest.fixture
def store(services: DesktopServices) -> PurchasingWorld:
    return make_purchasing_world(services)


@pytest.fixture
def page(qtbot: QtBot, store: PurchasingWorld) -> CountsPage:
    shown: list[list[CountReviewLine]] = []
    answers: list[bool] = []

    def confirm_close(_name: str, lines: Sequence[CountReviewLine]) -> bool:
        shown.append(list(lines))
        return answers.pop(0) if answers else True

    ticks = iter(range(1, 10_000))  # a clock that moves a minute each time it is read

    made = CountsPage(
        store.services,
        store.session(),
        FakeNavigator({"stock.counts"}),
        now=lambda: NOW + timedelta(hours=1, minutes=next(ticks)),
        confirm_close=confirm_close,
        confirm=lambda _title, _text: True,
    )
    made.shown = shown  # type: ignore[attr-defined]
    made.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def start(page: CountsPage, location: uuid.UUID | None) -> uuid.UUID:
    dialog = page.open_start()
    if location is not None:
        assert dialog.set_location(location)
    dialog.name_edit.setText("Inventaire annuel — allée A")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert page.current is not None
    return page.current.id


def key_scan(qtbot: QtBot, page: CountsPage, code: str) -> None:
    """What a scanner does: the code's keys, then Enter, in the focused field."""
    focused = page.focusWidget()
    assert focused is page.scan_input, focused
    qtbot.keyClicks(focused, code)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def key_count(qtbot: QtBot, page: CountsPage, quantity: str) -> None:
    focused = page.focusWidget()
    assert focused is page.qty_edit, focused
    qtbot.keyClicks(focused, quantity)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def adjustments(store: PurchasingWorld) -> list[tuple[Any, ...]]:
    m = stock_movements.c
    with store.services.replica.engine.connect() as connection:
        rows = connection.execute(
            select(m.part_id, m.location_id, m.quantity)
            .where(m.kind == "adjustment")
            .order_by(m.quantity)
        ).all()
    return [tuple(r) for r in rows]


def test_a_location_count_by_keyboard_then_closed_with_its_adjustments(
    qtbot: QtBot, page: CountsPage, store: PurchasingWorld
) -> None:
    session_id = start(page, store.bin_a)
    assert page.focusWidget() is page.scan_input
    key_scan(qtbot, page, BEARING)
    key_count(qtbot, page, "3")  # the ledger holds 1: +2
    key_scan(qtbot, page, GREASE)
    key_count(qtbot, page, "7")  # the ledger holds 8: -1
    key_scan(qtbot, page, "3456789012352")
    key_count(qtbot, page, "0")  # none expected, none found: confirmed
    key_scan(qtbot, page, BEARING)
    key_count(qtbot, page, "4")  # counted again: the latest counts (+3)
    assert page.focusWidget() is page.scan_input
    assert page.banner.text() == "ROUL-6204: 4 counted."

    table = page.lines_table
    assert table.rowCount() == 3
    rows = {
        table.item(r, 1).text(): [table.item(r, c).text() for c in (0, 3, 4, 5)]
        for r in range(table.rowCount())
    }
    assert rows == {
        "COUR-A42": ["MAG-A-01", "0", "0", "0"],
        "GRAISSE-EP2": ["MAG-A-01", "8", "7", "−1"],
        "ROUL-6204": ["MAG-A-01", "1", "4", "+3"],
    }
    # another location than the session's is refused
    key_scan(qtbot, page, "MAG-A-02")
    assert page.scan_input.result() == "error"
    assert page.banner.text() == "This count is of MAG-A-01 only."

    page.answers.append(False)  # type: ignore[attr-defined]
    assert not page.close_session()
    assert adjustments(store) == []
    assert page.close_session()
    confirmed = page.shown[-1]  # type: ignore[attr-defined]
    assert sorted((ln.reference, ln.delta) for ln in confirmed if ln.delta) == [
        ("GRAISSE-EP2", Decimal(-1)),
        ("ROUL-6204", Decimal(3)),
    ]
    assert adjustments(store) == [
        (store.grease, store.bin_a, Decimal(-1)),
        (store.belt, store.bin_a, Decimal(0)),
        (store.bearing, store.bin_a, Decimal(3)),
    ]
    with store.services.replica.engine.connect() as connection:
        status = connection.execute(
            select(count_sessions.c.status).where(count_sessions.c.id == session_id)
        ).scalar()
    assert status == "closed"
    assert page.banner.text() == "The count is closed: 2 adjustment(s) recorded."
    assert not page.scan_input.isVisible() and not page.close_button.isVisible()
    # once applied, the lines still show what was expected (the adjustment left out)
    assert page.lines_table.item(2, 3).text() == "1"


def test_a_site_count_asks_for_the_location_first(
    qtbot: QtBot, page: CountsPage, store: PurchasingWorld
) -> None:
    start(page, None)
    key_scan(qtbot, page, BEARING)
    assert page.banner.text() == "Scan the location first, then its parts."
    page.scan_input.clear()
    key_scan(qtbot, page, "MAG-A-02")
    assert page.counting_location() == store.bin_b
    page.scan_input.clear()
    key_scan(qtbot, page, BEARING)
    key_count(qtbot, page, "2")  # nothing expected in the second bin: +2
    line = page.lines[0]
    assert (line.location_code, line.expected_qty, line.delta) == ("MAG-A-02", 0, 2)
    page.qty_edit.setFocus()
    key_scan_wrong = page.record()  # no part scanned: nothing recorded
    assert not key_scan_wrong
    assert page.abandon_session()
    assert page.current is not None and page.current.status == "abandoned"
    assert adjustments(store) == []


def test_the_close_confirmation_lists_the_adjustments(
    qtbot: QtBot, page: CountsPage, store: PurchasingWorld
) -> None:
    start(page, store.bin_a)
    key_scan(qtbot, page, BEARING)
    key_count(qtbot, page, "5")
    key_scan(qtbot, page, GREASE)
    key_count(qtbot, page, "8")
    dialog = CloseCountDialog("Inventaire", page.lines, page)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (1, 3, 4, 5)] == ["ROUL-6204", "1", "5", "+4"]
    assert dialog.summary.text() == (
        "1 adjustment(s) will be recorded in the stock ledger. 1 count(s) confirm the stock."
    )
