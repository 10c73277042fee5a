"""One equipment's page: specifications, its place in the tree, history, attachments."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.local_schema import outbox
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.main_window import MainWindow
from cmms_desktop.ui.pages.equipment import EquipmentPage
from cmms_desktop.ui.pages.equipment.attachments import ImageViewerDialog
from cmms_desktop.ui.pages.equipment.detail_view import EquipmentDetailView
from cmms_desktop.ui.pages.equipment.form import EquipmentFormDialog
from cmms_desktop.ui.pages.equipment.state_dialog import ChangeStateDialog
from cmms_desktop.ui.shell import Shell
from tests.desktop.test_equipment_queries import Plant, build_plant
from tests.ui.conftest import Accounts


@pytest.fixture
def plant(services: DesktopServices, accounts: Accounts) -> Plant:
    return build_plant(services.writer, accounts.admin_session().actor)


@pytest.fixture
def window(shell: Shell, accounts: Accounts, plant: Plant) -> MainWindow:
    return shell.open_session(accounts.admin_session())


@pytest.fixture
def page(window: MainWindow) -> EquipmentPage:
    window.navigate("equipment")
    found = window.page("equipment")
    assert isinstance(found, EquipmentPage)
    return found


def open_detail(page: EquipmentPage, plant: Plant, code: str) -> EquipmentDetailView:
    page.open_equipment(plant.equipments[code])
    assert page.showing_detail()
    return page.detail_view


def sent(services: DesktopServices) -> list[tuple[str, dict[str, Any]]]:
    with services.replica.engine.connect() as connection:
        rows = connection.execute(select(outbox.c.name, outbox.c.payload).order_by(outbox.c.seq))
        return [(name, payload) for name, payload in rows]


def history_rows(detail: EquipmentDetailView) -> list[list[str]]:
    table = detail.history_table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]  # type: ignore[union-attr]
        for row in range(table.rowCount())
    ]


def png(path: Path, colour: str, size: tuple[int, int] = (64, 48)) -> Path:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The file dialog (the outside world) answers with ``path``."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kw: (str(path), ""))
    )


# --------------------------------------------------------------------------- tests


def test_specifications_and_place_in_the_tree(
    qtbot: QtBot, page: EquipmentPage, plant: Plant
) -> None:
    detail = open_detail(page, plant, "PMP-001")
    assert detail.code_label.text() == "PMP-001"
    assert detail.name_label.text() == "Pompe de graissage"
    assert detail.state_badge.text() == "Active"
    assert detail.spec_text("type") == "Pompe centrifuge"
    assert detail.spec_text("manufacturer") == "Grundfos"
    assert detail.spec_text("site") == "Usine de Lyon (LYO)"
    assert detail.spec_text("line") == "Ligne d'emboutissage"
    assert detail.spec_text("serial_number") == "—"
    breadcrumb = detail.breadcrumb.text()
    assert "Usine de Lyon" in breadcrumb
    assert f'<a href="{plant.equipments["PRS-001"]}">PRS-001</a>' in breadcrumb
    # the parent's link opens it
    detail.breadcrumb.linkActivated.emit(str(plant.equipments["PRS-001"]))
    assert detail.code_label.text() == "PRS-001"
    assert detail.spec_text("commissioning_date") == "17 March 2014"
    assert detail.description_value.text() == "Presse principale de la ligne d'emboutissage."
    assert detail.tabs.tabText(1) == "Sub-equipment (2)"
    children = detail.children_list
    assert [children.item(i).text() for i in range(children.count())] == [
        "CNV-001 — Convoyeur de sortie presse   (Active)",
        "PMP-001 — Pompe de graissage   (Active)",
    ]
    detail.tabs.setCurrentIndex(1)
    rect = children.visualItemRect(children.item(0))
    qtbot.mouseClick(children.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert detail.code_label.text() == "CNV-001"
    assert detail.tabs.currentIndex() == 0  # another equipment opens on its specifications


def test_an_unknown_equipment_says_so(page: EquipmentPage) -> None:
    page.open_equipment(uuid.uuid4())
    detail = page.detail_view
    assert detail.banner.isVisible()
    assert detail.banner.label.text() == "This equipment does not exist or was deleted."
    assert detail.content.isHidden()
    assert not detail.edit_button.isEnabled()


def test_changing_the_state_writes_history(
    qtbot: QtBot, page: EquipmentPage, plant: Plant, services: DesktopServices
) -> None:
    detail = open_detail(page, plant, "CMP-001")
    assert history_rows(detail)[0][1:] == [
        "Created",
        "CMP-001 — Compresseur principal",
        "Alice Admin",
    ]
    qtbot.mouseClick(detail.state_button, Qt.MouseButton.LeftButton)
    dialog = page.equipment_actions.last_dialog
    assert isinstance(dialog, ChangeStateDialog) and dialog.isVisible()
    radio = dialog.radios["under_maintenance"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    qtbot.keyClicks(dialog.reason_edit, "vidange annuelle")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sent(services)[-1] == (
        "equipment.set_state",
        {
            "id": str(plant.equipments["CMP-001"]),
            "state": "under_maintenance",
            "reason": "vidange annuelle",
        },
    )
    assert detail.state_badge.text() == "Under maintenance"
    rows = history_rows(detail)
    assert rows[0][1:] == [
        "State change",
        "Active → Under maintenance — vidange annuelle",
        "Alice Admin",
    ]
    assert detail.tabs.tabText(2) == "History (2)"
    # the list shows the new state when we go back to it
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    model = page.list_view.model
    rows = [model.row_at(number) for number in range(model.rowCount())]
    states = {row.code: row.state for row in rows if row is not None}
    assert states["CMP-001"] == "under_maintenance"


def test_editing_from_the_detail(
    qtbot: QtBot, page: EquipmentPage, plant: Plant, services: DesktopServices
) -> None:
    detail = open_detail(page, plant, "CNV-002")
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.equipment_actions.last_dialog
    assert isinstance(dialog, EquipmentFormDialog)
    dialog.name_edit.line_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit.line_edit, "Convoyeur cabine n°2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert detail.name_label.text() == "Convoyeur cabine n°2"
    assert history_rows(detail)[0][1:3] == [
        "Edited",
        "Name: Convoyeur cabine peinture → Convoyeur cabine n°2",
    ]


def test_add_an_image_attachment_stored_under_its_hash(
    qtbot: QtBot,
    page: EquipmentPage,
    plant: Plant,
    services: DesktopServices,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detail = open_detail(page, plant, "PRS-001")
    photo = png(tmp_path / "plaque signalétique.png", "#2e7d32")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    choose_file(monkeypatch, photo)
    qtbot.mouseClick(detail.add_file_button, Qt.MouseButton.LeftButton)

    assert services.blobs.has(digest)
    assert services.blobs.path_for(digest).read_bytes() == photo.read_bytes()
    name, payload = sent(services)[-1]
    assert name == "attachment.add"
    assert payload["owner_id"] == str(plant.equipments["PRS-001"])
    assert (payload["sha256"], payload["filename"], payload["mime_type"], payload["kind"]) == (
        digest,
        "plaque signalétique.png",
        "image/png",
        "photo",
    )
    assert payload["size_bytes"] == photo.stat().st_size
    assert detail.tabs.currentWidget() is detail.attachments_tab
    assert detail.tabs.tabText(3) == "Attachments (1)"
    item = detail.attachment_list.item(0)
    assert item.text().startswith("plaque signalétique.png\nPhoto · ")
    assert not item.icon().isNull()  # a thumbnail
    assert history_rows(detail)[0][1:3] == ["Attachment added", "plaque signalétique.png"]


def test_photos_open_in_a_viewer_with_previous_and_next(
    qtbot: QtBot,
    page: EquipmentPage,
    plant: Plant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detail = open_detail(page, plant, "PRS-001")
    for name, colour in (("avant.png", "#c62828"), ("apres.png", "#2e7d32")):
        choose_file(monkeypatch, png(tmp_path / name, colour, (400, 300)))
        detail.add_attachment()
    assert detail.attachment_list.count() == 2
    detail.attachment_list.setCurrentRow(0)
    qtbot.mouseClick(detail.view_file_button, Qt.MouseButton.LeftButton)
    viewers = detail.findChildren(ImageViewerDialog)
    assert len(viewers) == 1
    viewer = viewers[0]
    qtbot.waitExposed(viewer)
    assert viewer.current().filename == "avant.png"
    assert not viewer.previous_button.isEnabled()
    pixmap = viewer.image_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= viewer.image_label.width()  # scaled to fit
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.current().filename == "apres.png"
    assert viewer.caption_label.text() == "apres.png  (2/2)"
    assert not viewer.next_button.isEnabled()
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    assert viewer.index() == 0
    viewer.accept()


def test_a_document_opens_in_its_program_under_its_own_name(
    qtbot: QtBot,
    page: EquipmentPage,
    plant: Plant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detail = open_detail(page, plant, "CMP-001")
    manual = tmp_path / "notice GA37.pdf"
    manual.write_bytes(b"%PDF-1.4 notice")
    choose_file(monkeypatch, manual)
    detail.add_attachment()
    assert detail.attachments[0].kind == "document"
    assert detail.attachments[0].mime_type == "application/pdf"
    opened: list[QUrl] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    detail.attachment_list.setCurrentRow(0)
    qtbot.keyClick(detail.attachment_list, Qt.Key.Key_Return)  # Enter opens it too
    assert len(opened) == 1
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "notice GA37.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 notice"


def test_remove_an_attachment(
    qtbot: QtBot,
    page: EquipmentPage,
    plant: Plant,
    services: DesktopServices,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detail = open_detail(page, plant, "PRS-101")
    choose_file(monkeypatch, png(tmp_path / "vue.png", "#757d87"))
    detail.add_attachment()
    attachment = detail.attachments[0]
    asked: list[str] = []

    def answer(_parent: QWidget, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    assert not detail.remove_file_button.isEnabled()
    detail.attachment_list.setCurrentRow(0)
    qtbot.mouseClick(detail.remove_file_button, Qt.MouseButton.LeftButton)
    assert asked == ["Remove “vue.png” from this equipment?"]
    assert detail.attachment_list.count() == 0
    assert sent(services)[-1] == ("attachment.remove", {"id": str(attachment.id)})
    assert history_rows(detail)[0][1:3] == ["Attachment removed", "vue.png"]


def test_a_file_not_downloaded_yet_is_announced(
    page: EquipmentPage, plant: Plant, services: DesktopServices
) -> None:
    services.writer.execute(
        plant.actor,
        "attachment.add",
        {
            "id": uuid.uuid4(),
            "owner_table": "equipments",
            "owner_id": plant.equipments["PMP-101"],
            "sha256": "cd" * 32,
            "filename": "schema.pdf",
            "mime_type": "application/pdf",
            "size_bytes": 2048,
            "kind": "document",
        },
    )
    detail = open_detail(page, plant, "PMP-101")
    assert detail.attachment_list.item(0).text().startswith("schema.pdf (not downloaded)")
    detail.view_attachment(detail.attachments[0])
    assert detail.banner.isVisible()
    assert "next synchronisation" in detail.banner.label.text()


def test_the_detail_switches_language_live(
    page: EquipmentPage, plant: Plant, translations: Translations
) -> None:
    detail = open_detail(page, plant, "PMP-002")
    translations.set_language("fr")
    try:
        assert detail.state_badge.text() == "En panne"
        assert detail.tabs.tabText(0) == "Caractéristiques"
        assert detail.back_button.text() == "← Retour à la liste"
        assert detail.history_table.horizontalHeaderItem(1).text() == "Événement"  # type: ignore[union-attr]
        assert history_rows(detail)[0][1:3] == ["Changement d'état", "En service → En panne"]
        assert detail.spec_text("criticality") == "Moyenne"
    finally:
        translations.set_language("en")
    assert detail.state_badge.text() == "Down"
