"""Purchasing: replenishment → draft orders per supplier, send, receive by scan (partly,
then fully), close, cancel, and the printed order.

On a real replica (the page's writer): every action is a command in the outbox; orders,
lines and receipt movements are read back from the replica.
"""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.inventory import purchase_order_lines, purchase_orders, stock_movements
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.pages.stock.purchasing_page import PurchasingPage
from tests.ui.failure_world import FakeNavigator
from tests.ui.purchasing_world import NOW, PurchasingWorld, make_purchasing_world


@pytest.fixture
def store(services: DesktopServices) -> PurchasingWorld:
    return make_purchasing_world(services)


@pytest.fixture
def page(qtbot: QtBot, store: PurchasingWorld, tmp_path: Path) -> PurchasingPage:
    opened: list[Path] = []
    reasons: list[str] = []
    made = PurchasingPage(
        store.services,
        store.session(),
        FakeNavigator({"stock.purchasing"}),
        now=lambda: NOW + timedelta(hours=2),
        ask_save_file=lambda _parent, name: tmp_path / name,
        open_file=opened.append,
        ask_reason=lambda _title, _text: reasons.pop(0) if reasons else None,
    )
    made.opened = opened  # type: ignore[attr-defined]
    made.reasons = reasons  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def orders(store: PurchasingWorld) -> dict[uuid.UUID, dict[str, Any]]:
    with store.services.replica.engine.connect() as connection:
        rows = connection.execute(select(purchase_orders)).mappings().all()
        lines = connection.execute(select(purchase_order_lines)).mappings().all()
    found = {r["id"]: dict(r) | {"lines": {}} for r in rows}
    for line in lines:
        found[line["purchase_order_id"]]["lines"][line["part_id"]] = dict(line)
    return found


def receipts(store: PurchasingWorld) -> list[dict[str, Any]]:
    with store.services.replica.engine.connect() as connection:
        return [
            dict(r)
            for r in connection.execute(
                select(stock_movements)
                .where(stock_movements.c.ref_table == "purchase_order_lines")
                .order_by(stock_movements.c.occurred_at, stock_movements.c.quantity)
            ).mappings()
        ]


def scan(qtbot: QtBot, widget: Any, code: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def type_quantity(qtbot: QtBot, dialog: QWidget, text: str) -> None:
    """Type into what has the keyboard in the dialog, then Enter."""
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def make_drafts(page: PurchasingPage, store: PurchasingWorld) -> dict[uuid.UUID, uuid.UUID]:
    """Replenishment with the bearing cut to 10: {supplier: its draft order}."""
    dialog = page.open_replenishment()
    assert dialog is not None
    dialog.set_quantity(store.skf, store.bearing, Decimal(10))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    made = orders(store)
    return {row["supplier_id"]: po_id for po_id, row in made.items()}


def test_replenishment_makes_one_draft_per_preferred_supplier(
    page: PurchasingPage, store: PurchasingWorld
) -> None:
    dialog = page.open_replenishment()
    assert dialog is not None
    names = [g.supplier_name for g in dialog.groups]
    assert names == ["SKF France", "Würth France"]
    skf, wurth = dialog.groups
    assert [(ln.reference, ln.quantity) for ln in skf.lines] == [
        ("COUR-A42", Decimal(6)),
        ("ROUL-6204", Decimal(19)),
    ]
    assert [(ln.reference, ln.quantity) for ln in wurth.lines] == [("FILT-HUILE", Decimal(8))]
    assert dialog.create_button.text() == "Create 2 draft order(s)"
    dialog.set_quantity(store.skf, store.bearing, Decimal(10))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    made = {row["supplier_id"]: row for row in orders(store).values()}
    assert set(made) == {store.skf, store.wurth}
    assert {row["status"] for row in made.values()} == {"draft"}
    skf_lines = made[store.skf]["lines"]
    assert {p: (ln["quantity"], ln["unit_price"]) for p, ln in skf_lines.items()} == {
        store.bearing: (Decimal(10), Decimal("6.90")),
        store.belt: (Decimal(6), Decimal("10.50")),
    }
    assert made[store.wurth]["lines"][store.filter]["quantity"] == Decimal(8)
    # the longest lead time of the order's parts gives its expected day
    assert made[store.skf]["expected_at"].date() == NOW.date() + timedelta(days=7)
    assert page.model.rowCount() == 2  # the list now shows the drafts
    assert page.banner.text() == "2 draft order(s) created."
    # what is on order counts: 1 + 10 ordered is above the minimum, nothing to suggest
    again = page.open_replenishment()
    assert again is not None
    assert again.groups == [] and not again.create_button.isEnabled()
    assert again.empty.isVisibleTo(again)


def test_send_receive_by_scan_partly_then_fully_and_close(
    qtbot: QtBot, page: PurchasingPage, store: PurchasingWorld
) -> None:
    drafts = make_drafts(page, store)
    assert page.open_order(drafts[store.skf])
    assert page.send_button.isVisible() and not page.receive_button.isVisible()
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    row = orders(store)[drafts[store.skf]]
    assert row["status"] == "sent" and row["ordered_at"] is not None
    assert page.receive_button.isVisible() and not page.send_button.isVisible()

    # a partial delivery: 4 bearings, into the second bin (scanned after the part)
    dialog = page.open_receive()
    assert dialog is not None
    assert dialog.focusWidget() is dialog.scan_input
    scan(qtbot, dialog.scan_input, "3456789012345")
    row_of_bearing = dialog.row_of_part(store.bearing)
    assert row_of_bearing is not None
    box = dialog.qty_boxes[row_of_bearing]
    assert dialog.focusWidget() is box and box.value() == 10  # the remaining quantity, selected
    type_quantity(qtbot, dialog, "4")
    assert dialog.focusWidget() is dialog.scan_input
    scan(qtbot, dialog.scan_input, "MAG-A-02")
    assert dialog.location_combos[row_of_bearing].currentData() == store.bin_b
    scan(qtbot, dialog.scan_input, "NOPE-000")
    assert dialog.scan_input.result() == "error"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    row = orders(store)[drafts[store.skf]]
    assert row["status"] == "partially_received"
    assert row["lines"][store.bearing]["received_qty"] == Decimal(4)
    moved = receipts(store)
    assert [(m["part_id"], m["quantity"], m["location_id"], m["kind"]) for m in moved] == [
        (store.bearing, Decimal(4), store.bin_b, "receipt")
    ]
    assert page.status_badge.text() == "Partially received"

    # the rest: each scanned part proposes what remains
    dialog = page.open_receive()
    assert dialog is not None
    scan(qtbot, dialog.scan_input, "3456789012345")
    assert dialog.qty_boxes[dialog.row_of_part(store.bearing) or 0].value() == 6
    type_quantity(qtbot, dialog, "")  # Enter keeps the proposal
    scan(qtbot, dialog.scan_input, "3456789012352")
    type_quantity(qtbot, dialog, "")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    row = orders(store)[drafts[store.skf]]
    assert row["status"] == "received"
    assert {p: ln["received_qty"] for p, ln in row["lines"].items()} == {
        store.bearing: Decimal(10),
        store.belt: Decimal(6),
    }
    moved = receipts(store)
    assert sorted((m["quantity"], m["location_id"] == store.bin_a) for m in moved) == [
        (Decimal(4), False),
        (Decimal(6), True),
        (Decimal(6), True),
    ]
    assert not page.receive_button.isVisible() and page.close_button.isVisible()
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert orders(store)[drafts[store.skf]]["status"] == "closed"
    assert not page.close_button.isVisible() and not page.cancel_button.isVisible()


def test_a_draft_is_cancelled_with_a_reason(page: PurchasingPage, store: PurchasingWorld) -> None:
    drafts = make_drafts(page, store)
    page.open_order(drafts[store.wurth])
    page.cancel_button.click()  # no reason given: nothing happens
    assert orders(store)[drafts[store.wurth]]["status"] == "draft"
    page.reasons.append("Fournisseur en rupture")  # type: ignore[attr-defined]
    page.cancel_button.click()
    row = orders(store)[drafts[store.wurth]]
    assert row["status"] == "cancelled" and "Fournisseur en rupture" in row["notes"]
    assert page.status_badge.text() == "Cancelled"
    assert not page.send_button.isVisible()


def test_the_list_filters_by_status_and_supplier(
    page: PurchasingPage, store: PurchasingWorld
) -> None:
    drafts = make_drafts(page, store)
    page.open_order(drafts[store.skf])
    page.transition("send")
    page.show_list()
    page.filters.clear()
    assert page.model.rowCount() == 2
    page.filters.set_choice("status", "sent")
    assert [page.model.row_at(0).number] == [orders(store)[drafts[store.skf]]["number"]]  # type: ignore[union-attr]
    page.filters.set_choice("status", None)
    page.filters.set_choice("supplier", store.wurth)
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).supplier_name == "Würth France"  # type: ignore[union-attr]


def test_print_writes_the_order_and_opens_it(page: PurchasingPage, store: PurchasingWorld) -> None:
    drafts = make_drafts(page, store)
    page.open_order(drafts[store.skf])
    path = page.print_pdf()
    assert path is not None and path.exists()
    assert page.opened == [path]  # type: ignore[attr-defined]
    number = orders(store)[drafts[store.skf]]["number"]
    assert path.name == f"{number}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    for expected in (
        number,
        "SKF France",
        "Hélène Dupré",
        "ROUL-6204",
        "Roulement à billes 6204 2RS",
        "COUR-A42",
        "132.00",
        "Purchase order",
    ):
        assert expected in text, expected


def live_lines(
    store: PurchasingWorld, po_id: uuid.UUID
) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
    with store.services.replica.engine.connect() as connection:
        rows = connection.execute(
            select(purchase_order_lines).where(
                purchase_order_lines.c.purchase_order_id == po_id,
                purchase_order_lines.c.deleted_at.is_(None),
            )
        ).mappings()
        return {r["part_id"]: (r["quantity"], r["unit_price"]) for r in rows}


def test_a_draft_s_lines_are_edited_added_by_scan_and_removed(
    qtbot: QtBot, page: PurchasingPage, store: PurchasingWorld
) -> None:
    drafts = make_drafts(page, store)
    po_id = drafts[store.skf]
    assert page.open_order(po_id)
    assert page.draft_row.isVisible()

    def row_of(part: uuid.UUID) -> int:
        assert page.detail is not None
        return next(i for i, ln in enumerate(page.detail.lines) if ln.part_id == part)

    def cell(row: int, column: int) -> QTableWidgetItem:
        item = page.lines_table.item(row, column)
        assert item is not None
        return item

    # quantity and price typed in the table
    cell(row_of(store.bearing), 3).setText("12")
    cell(row_of(store.bearing), 6).setText("7,10 €")
    assert live_lines(store, po_id)[store.bearing] == (Decimal(12), Decimal("7.10"))
    cell(row_of(store.belt), 3).setText("zéro")
    assert page.banner.text() == "Type a quantity above zero or a price of zero or more."
    assert live_lines(store, po_id)[store.belt] == (Decimal(6), Decimal("10.50"))

    # a part scanned is added (its cost: SKF has no price for it); scanned again, one more
    scan(qtbot, page.add_part_input, "3456789012376")
    assert live_lines(store, po_id)[store.grease] == (Decimal(1), Decimal("4.10"))
    assert page.banner.text() == "GRAISSE-EP2 is added to the order."
    scan(qtbot, page.add_part_input, "GRAISSE-EP2")
    assert live_lines(store, po_id)[store.grease][0] == Decimal(2)
    scan(qtbot, page.add_part_input, "NOPE-000")
    assert page.banner.text() == "No part has the barcode or reference NOPE-000."

    # the selected line is removed
    page.lines_table.selectRow(row_of(store.belt))
    qtbot.mouseClick(page.remove_line_button, Qt.MouseButton.LeftButton)
    assert set(live_lines(store, po_id)) == {store.bearing, store.grease}
    assert page.lines_table.rowCount() == 2

    # once sent, the lines are read-only
    page.transition("send")
    assert not page.draft_row.isVisible()
    assert not cell(0, 3).flags() & Qt.ItemFlag.ItemIsEditable
    assert not page.edit_line(page.detail.lines[0].id, quantity=Decimal(3))  # type: ignore[union-attr]
    assert live_lines(store, po_id)[store.bearing][0] == Decimal(12)
