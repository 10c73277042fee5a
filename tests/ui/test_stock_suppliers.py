"""Suppliers: create and edit contacts, prices per part with validity and lead time,
the preferred supplier of a part, removing a price. On a real replica."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.inventory import supplier_parts, suppliers
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.ui.pages.stock.suppliers_page import SuppliersPage
from tests.ui.failure_world import FakeNavigator
from tests.ui.purchasing_world import NOW, PurchasingWorld, make_purchasing_world


@pytest.fixture
def store(services: DesktopServices) -> PurchasingWorld:
    return make_purchasing_world(services)


@pytest.fixture
def page(qtbot: QtBot, store: PurchasingWorld) -> SuppliersPage:
    confirmations: list[bool] = []
    made = SuppliersPage(
        store.services,
        store.session(),
        FakeNavigator({"stock.suppliers"}),
        now=lambda: NOW,
        confirm=lambda _title, _text: confirmations.pop(0) if confirmations else False,
    )
    made.confirmations = confirmations  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def prices(store: PurchasingWorld, supplier: uuid.UUID) -> dict[uuid.UUID, dict[str, Any]]:
    with store.services.replica.engine.connect() as connection:
        rows = connection.execute(
            select(supplier_parts).where(
                supplier_parts.c.supplier_id == supplier, supplier_parts.c.deleted_at.is_(None)
            )
        ).mappings()
        return {r["part_id"]: dict(r) for r in rows}


def last_command(store: PurchasingWorld) -> tuple[str, dict[str, Any]]:
    with store.services.replica.engine.connect() as connection:
        row = connection.execute(select(outbox).order_by(outbox.c.seq.desc()).limit(1)).first()
    assert row is not None
    return row.name, row.payload


def test_the_list_opens_on_the_first_supplier_with_its_prices(
    page: SuppliersPage, store: PurchasingWorld
) -> None:
    assert [r.name for r in page.rows] == ["SKF France", "Würth France"]
    assert page.detail is not None and page.detail.name == "SKF France"
    assert page.contact_edit.text() == "Hélène Dupré"
    assert page.prices.rowCount() == 2
    assert page.prices.item(0, 1).text() == "COUR-A42"
    assert page.prices.item(0, 0).text() == "★"  # SKF is the belt's preferred supplier
    assert page.prices.item(0, 5).text() == "from 2026-01-01"
    assert page.prices.item(0, 6).text() == "7 day(s)"
    page.search_edit.setText("würth")
    assert [r.name for r in page.rows] == ["Würth France"]


def test_a_new_supplier_is_created_then_its_contact_changed(
    qtbot: QtBot, page: SuppliersPage, store: PurchasingWorld
) -> None:
    page.new_button.click()
    assert page.detail is None and not page.add_price_button.isEnabled()
    page.save()
    assert page.banner.text() == "Give the supplier a name."
    qtbot.keyClicks(page.name_edit, "Roulements Économiques")
    qtbot.keyClicks(page.email_edit, "ventes@roul-eco.example")
    supplier_id = page.save()
    assert supplier_id is not None
    assert last_command(store)[0] == "supplier.create"
    assert page.detail is not None and page.detail.id == supplier_id
    assert "Roulements Économiques" in [r.name for r in page.rows]
    page.phone_edit.setText("01 23 45 67 89")
    page.save()
    name, payload = last_command(store)
    assert (name, payload["fields"]) == ("supplier.update", {"phone": "01 23 45 67 89"})
    with store.services.replica.engine.connect() as connection:
        row = connection.execute(select(suppliers).where(suppliers.c.id == supplier_id)).first()
    assert row is not None and row.phone == "01 23 45 67 89"


def test_a_price_is_added_by_scanning_the_part_and_made_preferred(
    qtbot: QtBot, page: SuppliersPage, store: PurchasingWorld
) -> None:
    page.select_supplier(store.wurth)
    dialog = page.edit_price(new=True)
    assert dialog is not None
    qtbot.keyClicks(dialog.part_input, "3456789012352")  # the belt's barcode
    qtbot.keyClick(dialog.part_input, Qt.Key.Key_Return)
    assert dialog.part_id == store.belt
    assert "COUR-A42" in dialog.part_label.text()
    dialog.reference_edit.setText("WU-0815")
    dialog.price_box.setValue(9.8)
    dialog.from_check.setChecked(True)
    dialog.from_edit.setDate(QDate(2026, 3, 1))
    dialog.to_check.setChecked(True)
    dialog.to_edit.setDate(QDate(2026, 12, 31))
    dialog.lead_box.setValue(4)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    belt = prices(store, store.wurth)[store.belt]
    assert (belt["unit_price"], belt["supplier_reference"], belt["lead_time_days"]) == (
        Decimal("9.80"),
        "WU-0815",
        4,
    )
    assert (belt["valid_from"], belt["valid_to"], belt["preferred"]) == (
        date(2026, 3, 1),
        date(2026, 12, 31),
        False,
    )
    assert page.selected_price() is not None and page.selected_price().reference == "COUR-A42"  # type: ignore[union-attr]
    assert page.preferred_button.text() == "Set as preferred"
    page.preferred_button.click()
    assert prices(store, store.wurth)[store.belt]["preferred"] is True
    # the other supplier's price for the belt lost the mark
    assert prices(store, store.skf)[store.belt]["preferred"] is False
    assert page.preferred_button.text() == "Not preferred"


def test_a_price_is_edited_then_removed_after_confirmation(
    page: SuppliersPage, store: PurchasingWorld
) -> None:
    assert page.select_price("ROUL-6204")
    dialog = page.edit_price()
    assert dialog is not None and dialog.part_input.isHidden()
    assert dialog.lead_box.value() == 5
    dialog.price_box.setValue(7.15)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert prices(store, store.skf)[store.bearing]["unit_price"] == Decimal("7.15")

    assert page.select_price("ROUL-6204")
    assert not page.remove_price()  # not confirmed
    page.confirmations.append(True)  # type: ignore[attr-defined]
    assert page.select_price("ROUL-6204")
    assert page.remove_price()
    assert set(prices(store, store.skf)) == {store.belt}
    assert page.prices.rowCount() == 1
