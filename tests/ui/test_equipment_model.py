"""The equipment table model without any widget: counts, lazy pages, SQL sorting, roles."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.queries.equipment import EquipmentFilter, EquipmentListing, EquipmentRow
from cmms_desktop.ui.models.equipment_table import EquipmentColumn, EquipmentTableModel
from tests.desktop.test_equipment_queries import Plant, build_plant, statements
from tests.ui.conftest import Accounts

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def plant(services: DesktopServices, accounts: Accounts) -> Plant:
    return build_plant(services.writer, accounts.admin_session().actor)


class PageReads:
    """Counts EquipmentListing.page calls: each is one SQL page read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[int, int]] = []
        original = EquipmentListing.page

        def page(listing: EquipmentListing, offset: int, limit: int) -> list[EquipmentRow]:
            self.calls.append((offset, limit))
            return original(listing, offset, limit)

        monkeypatch.setattr(EquipmentListing, "page", page)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> PageReads:
    return PageReads(monkeypatch)


def make_model(
    services: DesktopServices, page_size: int = 3, scope: frozenset[uuid.UUID] | None = None
) -> EquipmentTableModel:
    model = EquipmentTableModel(
        services.replica.engine,
        scope,
        state_label=lambda state: f"<{state}>",
        criticality_label=str.upper,
        page_size=page_size,
    )
    model.reload()
    return model


def column(model: EquipmentTableModel, number: int) -> list[str]:
    return [model.data(model.index(row, number), DISPLAY) for row in range(model.rowCount())]


def test_row_count_is_the_sql_count_and_nothing_is_read_before_asked(
    qapp: QApplication, services: DesktopServices, plant: Plant, reads: PageReads
) -> None:
    model = make_model(services)
    assert model.rowCount() == 10
    assert model.columnCount() == len(EquipmentColumn)
    assert reads.calls == []  # counting reads no row
    assert model.rowCount(model.index(0, 0)) == 0  # a table: rows have no children


def test_pages_are_read_lazily_once_and_cached(
    qapp: QApplication, services: DesktopServices, plant: Plant, reads: PageReads
) -> None:
    model = make_model(services, page_size=3)
    assert model.data(model.index(0, EquipmentColumn.CODE), DISPLAY) == "CMP-001"
    assert reads.calls == [(0, 3)]
    for row in range(3):  # the rest of page 0: no new read
        for col in range(model.columnCount()):
            model.data(model.index(row, col), DISPLAY)
    assert reads.calls == [(0, 3)]
    assert model.data(model.index(7, EquipmentColumn.CODE), DISPLAY) == "PMP-101"
    assert reads.calls == [(0, 3), (6, 3)]  # page 2 only; page 1 never asked for
    model.data(model.index(1, 0), DISPLAY)
    assert len(reads.calls) == 2


def test_the_page_cache_is_bounded(
    qapp: QApplication, services: DesktopServices, plant: Plant, reads: PageReads
) -> None:
    model = EquipmentTableModel(services.replica.engine, None, page_size=2)
    model._cached_pages = 2  # as if the user scrolled through a long list
    model.reload()
    for row in (0, 2, 4, 6):
        model.data(model.index(row, 0), DISPLAY)
    assert model.cached_page_count() == 2
    model.data(model.index(0, 0), DISPLAY)  # evicted: read again
    assert reads.calls[-1] == (0, 2)


def test_sort_asks_sql_for_the_new_order_without_counting_again(
    qapp: QApplication, services: DesktopServices, plant: Plant
) -> None:
    model = make_model(services)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with statements(services.replica.engine) as seen:
        model.sort(EquipmentColumn.NAME, Qt.SortOrder.DescendingOrder)
    assert not any("count(" in sql.lower() for sql in seen)
    assert resets == [True]
    names = column(model, EquipmentColumn.NAME)
    assert names == sorted(names, reverse=True)
    assert model.sort_column() == EquipmentColumn.NAME
    assert model.sort_order() == Qt.SortOrder.DescendingOrder
    model.sort(EquipmentColumn.STATE, Qt.SortOrder.AscendingOrder)
    states = column(model, EquipmentColumn.STATE)
    assert states[0] == "<active>" and states[-1] == "<out_of_service>"
    # sorting again the same way changes nothing
    model.sort(EquipmentColumn.STATE, Qt.SortOrder.AscendingOrder)
    assert len(resets) == 2


def test_a_filter_change_resets_the_model(
    qapp: QApplication, services: DesktopServices, plant: Plant
) -> None:
    model = make_model(services)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_filter(EquipmentFilter(text="convoyeur"))
    assert resets == [True]
    assert model.rowCount() == 3
    assert column(model, EquipmentColumn.CODE) == ["CNV-001", "CNV-002", "CNV-101"]
    assert model.filter() == EquipmentFilter(text="convoyeur")
    model.set_filter(EquipmentFilter(state="nothing-like-this"))
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0), DISPLAY) is None


def test_the_user_scope_limits_the_rows(
    qapp: QApplication, services: DesktopServices, plant: Plant
) -> None:
    model = make_model(services, scope=frozenset({plant.sites["GRE"]}))
    assert model.rowCount() == 4
    assert set(column(model, EquipmentColumn.SITE)) == {"Usine de Grenoble"}


def test_roles(qapp: QApplication, services: DesktopServices, plant: Plant) -> None:
    model = make_model(services)
    model.set_filter(EquipmentFilter(text="PMP-002"))
    index = model.index(0, EquipmentColumn.STATE)
    assert model.data(index, DISPLAY) == "<down>"
    assert model.data(index, EquipmentTableModel.StateRole) == "down"
    assert model.data(index, EquipmentTableModel.EquipmentIdRole) == plant.equipments["PMP-002"]
    assert model.data(index, EquipmentTableModel.SiteIdRole) == plant.sites["LYO"]
    assert model.data(index, EquipmentTableModel.CriticalityRole) == "medium"
    row = model.data(index, EquipmentTableModel.RowRole)
    assert isinstance(row, EquipmentRow) and row.code == "PMP-002"
    criticality = model.index(0, EquipmentColumn.CRITICALITY)
    assert model.data(criticality, DISPLAY) == "MEDIUM"
    assert model.data(model.index(0, EquipmentColumn.LINE), DISPLAY) == "Ligne de peinture"
    assert model.data(model.index(0, EquipmentColumn.LOCATION), DISPLAY) is None
    assert model.data(model.index(0, EquipmentColumn.CODE), Qt.ItemDataRole.ToolTipRole) == (
        "PMP-002"
    )
    assert model.data(QModelIndex(), DISPLAY) is None
    assert model.equipment_id(0) == plant.equipments["PMP-002"]
    assert model.row_of(plant.equipments["PMP-002"]) == 0
    assert model.row_of(uuid.uuid4()) is None
    flags = model.flags(index)
    assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable


def test_headers_follow_the_language(
    qapp: QApplication, services: DesktopServices, plant: Plant
) -> None:
    model = make_model(services)
    titles = [
        model.headerData(number, Qt.Orientation.Horizontal)
        for number in range(len(EquipmentColumn))
    ]
    assert titles == [
        "Code",
        "Name",
        "Type",
        "Site",
        "Line",
        "State",
        "Criticality",
        "Manufacturer",
        "Location",
    ]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    changed: list[Sequence[object]] = []
    model.headerDataChanged.connect(lambda *args: changed.append(args))
    model.retranslate()
    assert changed == [(Qt.Orientation.Horizontal, 0, len(EquipmentColumn) - 1)]
