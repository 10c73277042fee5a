"""Part and location labels: a PDF on the chosen sheet, with the used labels skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.stock.labels_dialog import LabelsDialog
from tests.ui.stock_world import StockWorld, make_stock_world


@pytest.fixture
def store(services: DesktopServices) -> StockWorld:
    return make_stock_world(services)


def dialog_for(
    qtbot: QtBot, store: StockWorld, tmp_path: Path, part_ids: list[object], opened: list[Path]
) -> LabelsDialog:
    dialog = LabelsDialog(
        store.services,
        store.session(),
        part_ids,  # type: ignore[arg-type]
        ask_save_file=lambda _parent, name: tmp_path / name,
        open_file=opened.append,
    )
    qtbot.addWidget(dialog)
    return dialog


def test_part_labels_of_the_selection(
    qtbot: QtBot, store: StockWorld, tmp_path: Path, translations: Translations
) -> None:
    opened: list[Path] = []
    dialog = dialog_for(qtbot, store, tmp_path, [store.bearing, store.filter], opened)
    assert dialog.parts_radio.isChecked()
    labels = dialog.labels()
    assert [label.code for label in labels] == ["3400000062040", "FLT-100"]
    assert labels[0].subtitle == "BRG-6204 · A-01"
    path = dialog.print_pdf()
    assert path == tmp_path / "labels.pdf" and opened == [path]
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "FLT-100" in text and "Roulement 6204" in text


def test_location_labels_of_a_range_skip_used_ones(
    qtbot: QtBot, store: StockWorld, tmp_path: Path, translations: Translations
) -> None:
    opened: list[Path] = []
    dialog = dialog_for(qtbot, store, tmp_path, [], opened)
    assert dialog.locations_radio.isChecked() and not dialog.parts_radio.isEnabled()
    dialog.from_combo.setCurrentIndex(0)
    dialog.to_combo.setCurrentIndex(1)
    assert [label.code for label in dialog.labels()] == ["A-01", "A-02"]
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData("2x7"))
    assert dialog.skip_spin.maximum() == 13
    dialog.skip_spin.setValue(13)  # the last label of the first sheet: the second goes on
    path = dialog.print_pdf()
    assert path is not None
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 2
    assert dialog.last_count == 2
    assert "A-01" in reader.pages[0].extract_text()
    assert "A-02" in reader.pages[1].extract_text()
