"""The navigation lists modules; a page showing one thing is opened from another page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cmms_desktop.ui.main_window import PAGES, MainWindow


def _listed_keys(window: MainWindow) -> list[str]:
    return [
        str(window.nav.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(window.nav.count())
    ]


def test_single_item_pages_are_not_listed_but_keep_their_module_highlighted(
    qtbot: QtBot, admin_window: MainWindow
) -> None:
    unlisted = {entry.key: entry.shown_under for entry in PAGES if not entry.listed}
    assert unlisted  # the ticket sheet and the preventive intervention at least
    listed = _listed_keys(admin_window)
    for key, parent in unlisted.items():
        if key not in admin_window.page_keys():
            continue
        assert key not in listed
        admin_window.navigate(key)
        assert admin_window.current_key() == key
        current = admin_window.nav.currentItem()
        assert current is not None and current.data(Qt.ItemDataRole.UserRole) == parent

        # a click on the highlighted module goes back to it
        admin_window.nav.itemClicked.emit(current)
        assert admin_window.current_key() == parent
