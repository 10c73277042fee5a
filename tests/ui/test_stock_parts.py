"""The parts catalogue: search as you type, filters, a new part; a part's page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.schema.inventory import parts
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.stock import PartDetailPage, PartsPage
from cmms_desktop.ui.pages.stock.parts_form import PartDialog
from cmms_desktop.ui.pages.stock.parts_model import PartColumn
from tests.ui.failure_world import FakeNavigator
from tests.ui.stock_world import NOW, StockWorld, make_stock_world


@pytest.fixture
def store(services: DesktopServices) -> StockWorld:
    return make_stock_world(services)


@pytest.fixture
def navigator() -> FakeNavigator:
    return FakeNavigator({"stock.part", "stock.parts", "equipment"})


@pytest.fixture
def catalogue(
    qtbot: QtBot, store: StockWorld, navigator: FakeNavigator, translations: Translations
) -> PartsPage:
    page = PartsPage(store.services, store.session(), navigator)
    qtbot.addWidget(page)
    page.show()
    return page


def references(page: PartsPage) -> list[str]:
    model = page.model
    return [model.index(r, PartColumn.REFERENCE).data() for r in range(model.rowCount())]


def test_the_list_shows_stock_and_flags_below_minimum(catalogue: PartsPage) -> None:
    assert references(catalogue) == ["BLT-A42", "BRG-6204", "FLT-100", "SEAL-22"]
    model = catalogue.model
    row = references(catalogue).index("FLT-100")
    assert model.index(row, PartColumn.ON_HAND).data() == "8"
    assert model.index(row, PartColumn.MIN_MAX).data() == "▼ 10 / 30"
    assert model.index(row, PartColumn.LOCATION).data() == "A-01 (+1)"
    assert model.index(row, 0).data(model.BelowMinRole) is True
    assert catalogue.count_label.text() == "4 parts"


def test_search_as_you_type_is_debounced_then_filters(qtbot: QtBot, catalogue: PartsPage) -> None:
    qtbot.keyClicks(catalogue.filter_bar.search_edit, "roulement")
    assert len(references(catalogue)) == 4  # the pause: not yet
    catalogue.filter_bar.flush()
    assert references(catalogue) == ["BRG-6204"]
    catalogue.filter_bar.set_text("FL")  # the first keystrokes: the reference's start
    assert references(catalogue) == ["FLT-100"]


def test_filters_category_supplier_equipment_below_min(
    catalogue: PartsPage, store: StockWorld
) -> None:
    assert catalogue.filter_bar.set_choice("category", "Filtres")
    assert references(catalogue) == ["FLT-100"]
    catalogue.filter_bar.clear()
    assert catalogue.filter_bar.set_choice("supplier", store.supplier)
    assert references(catalogue) == ["BRG-6204"]
    catalogue.filter_bar.clear()
    catalogue.below_min_check.setChecked(True)
    assert references(catalogue) == ["FLT-100"]
    catalogue.below_min_check.setChecked(False)
    catalogue.equipment_picker.line_edit.setText("PRS-001")
    catalogue.equipment_picker.resolve()
    assert references(catalogue) == ["SEAL-22"]


def test_create_a_part_with_inline_checks(
    qtbot: QtBot, catalogue: PartsPage, store: StockWorld
) -> None:
    dialog = catalogue.create_part()
    assert isinstance(dialog, PartDialog)
    dialog.edits["min_qty"].setText("5")
    dialog.edits["max_qty"].setText("2")
    dialog.save()
    errors = dialog.field_errors()
    assert set(errors) >= {"reference", "description", "max_qty"}
    dialog.edits["reference"].setText("BRG-6204")  # taken: the command says so
    dialog.edits["description"].setText("Roulement 6205")
    dialog.edits["max_qty"].setText("12,5")
    dialog.category_combo.setCurrentText("Roulements")
    dialog.save()
    assert "reference" in dialog.field_errors()
    dialog.edits["reference"].setText("BRG-6205")
    dialog.save()
    assert not dialog.isVisible()
    with store.services.replica.engine.connect() as c:
        row = c.execute(select(parts).where(parts.c.reference == "BRG-6205")).mappings().one()
    assert row["max_qty"] == Decimal("12.5") and row["category"] == "Roulements"
    assert store.outbox_names()[-1] == "part.create"
    assert "BRG-6205" in references(catalogue)


def test_edit_sends_only_what_changed(catalogue: PartsPage, store: StockWorld) -> None:
    catalogue.table.selectRow(references(catalogue).index("BLT-A42"))
    dialog = catalogue.edit_selected()
    assert dialog is not None
    dialog.edits["min_qty"].setText("4")
    assert dialog.changed_fields() == {"min_qty": Decimal(4)}
    dialog.save()
    assert store.outbox_names()[-1] == "part.update"


def test_open_goes_to_the_part_page(
    qtbot: QtBot, catalogue: PartsPage, navigator: FakeNavigator, store: StockWorld
) -> None:
    catalogue.table.selectRow(references(catalogue).index("BRG-6204"))
    catalogue.open_selected()
    assert navigator.calls == [("stock.part", store.bearing)]


def test_the_part_page(
    qtbot: QtBot, store: StockWorld, navigator: FakeNavigator, translations: Translations
) -> None:
    page = PartDetailPage(store.services, store.session(), navigator, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.show_argument(store.seal)
    assert page.compatible_table.rowCount() == 1
    page.compatible_table.setCurrentCell(0, 0)
    page.compatible_table.activated.emit(page.compatible_table.currentIndex())
    assert navigator.calls[-1] == ("equipment", store.press)
    page.show_argument(store.bearing)
    assert page.title_label.text() == "BRG-6204 — Roulement 6204"
    assert page.locations_table.item(0, 0).text() == "A-01"
    assert page.movements_table.item(0, 1).text() == "Receipt"
    assert page.prices_table.item(0, 0).text() == "Roulements SA"
    assert page.prices_table.item(0, 4).text() == "★"
    assert "reorder at" in page.reorder_label.text()
    assert page.title() == "Part"


def test_a_part_photo_is_added_and_removed_by_who_manages_parts(
    qtbot: QtBot,
    store: StockWorld,
    navigator: FakeNavigator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QMessageBox

    from cmms_core.schema.assets import attachments

    photo = tmp_path / "roulement.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    assert image.save(str(photo))
    page = PartDetailPage(store.services, store.session(store.world.admin), navigator)
    qtbot.addWidget(page)
    page.show_argument(store.bearing)
    assert page.photos.isEnabled()

    [item] = page.photos.add_files([photo])
    with store.services.replica.engine.connect() as c:
        row = c.execute(select(attachments).where(attachments.c.id == item.id)).mappings().one()
    assert (row["owner_table"], row["owner_id"], row["deleted_at"]) == (
        "parts",
        store.bearing,
        None,
    )
    assert store.outbox_names()[-1] == "attachment.add"

    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: yes)
    [saved] = page.photos.items()
    assert saved.saved and saved.id == item.id
    assert page.photos.remove(saved)
    with store.services.replica.engine.connect() as c:
        gone = c.execute(select(attachments.c.deleted_at).where(attachments.c.id == item.id))
        assert gone.scalar_one() is not None


def test_an_existing_parts_compatible_equipment_is_changed_in_the_dialog(
    store: StockWorld, navigator: FakeNavigator, qtbot: QtBot
) -> None:
    from cmms_core.schema.inventory import part_compatibility
    from cmms_desktop.store.queries.parts import get_part_detail

    def links() -> set[object]:
        c = part_compatibility.c
        with store.services.replica.engine.connect() as connection:
            query = select(c.equipment_id).where(c.part_id == store.seal, c.deleted_at.is_(None))
            return set(connection.execute(query).scalars())

    assert links() == {store.press}
    detail = get_part_detail(store.services.replica.engine, store.seal)
    assert detail is not None
    dialog = PartDialog(store.services, store.session(store.world.admin), detail)
    qtbot.addWidget(dialog)
    assert dialog.compatible_ids() == [store.press]

    dialog.equipment_list.setCurrentRow(0)
    dialog.equipment_list.item(0).setSelected(True)
    dialog.remove_equipment()
    assert dialog.compatible_ids() == []
    dialog.save()
    assert links() == set()
    assert store.outbox_names()[-1] == "part.unlink"
