"""The scanner line edit and the filter bar, driven by key events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.widgets.filter_bar import (
    FilterBar,
    FilterState,
    local_day_range,
    period_range,
)
from cmms_desktop.ui.widgets.scan_input import ScanInput, clean_scan

PARIS = ZoneInfo("Europe/Paris")

# ------------------------------------------------------------------ scan input


def test_enter_emits_the_trimmed_code_and_selects_it(qtbot: QtBot) -> None:
    field = ScanInput()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    codes: list[str] = []
    field.scanned.connect(codes.append)

    qtbot.keyClicks(field, "  PRT-00042 ")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert codes == ["PRT-00042"]
    assert field.last_code() == "PRT-00042"
    assert field.selectedText() == field.text()  # the next scan replaces it

    qtbot.keyClicks(field, "LOC-B-03")  # typed over the selection
    qtbot.keyClick(field, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert codes == ["PRT-00042", "LOC-B-03"]
    assert field.text() == "LOC-B-03"


def test_an_empty_scan_emits_nothing(qtbot: QtBot) -> None:
    field = ScanInput()
    qtbot.addWidget(field)
    with qtbot.assertNotEmitted(field.scanned):
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, "   ")
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_control_characters_of_a_scanner_are_dropped() -> None:
    assert clean_scan("\x1dPRT-00042\r\n") == "PRT-00042"


def test_prefixes_are_split_off(qtbot: QtBot) -> None:
    field = ScanInput(prefixes=["LOC:", "PRT:"])
    qtbot.addWidget(field)
    seen: list[tuple[str, str]] = []
    field.scanned_with_prefix.connect(lambda prefix, code: seen.append((prefix, code)))
    for text in ("loc:B-03-12", "PRT:00042", "12345"):
        field.clear()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert seen == [("LOC:", "B-03-12"), ("PRT:", "00042"), ("", "12345")]
    assert field.split_prefix("LOC:") == ("", "LOC:")  # a prefix alone is a code


def test_enter_never_presses_the_dialogs_default_button(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = ScanInput(dialog)
    button = QPushButton("OK", dialog)
    button.setDefault(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(button)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    with qtbot.assertNotEmitted(button.clicked), qtbot.waitSignal(field.scanned):
        qtbot.keyClicks(field, "PRT-1")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.focusWidget() is field  # the focus stays in the field


def test_result_colour_is_cleared_by_typing(qtbot: QtBot) -> None:
    field = ScanInput()
    qtbot.addWidget(field)
    field.show_result("error")
    assert field.result() == "error" and "b42318" in field.styleSheet()
    qtbot.keyClicks(field, "X")
    assert field.result() is None and field.styleSheet() == ""


def test_scan_placeholder_is_translated_live(qtbot: QtBot, translations: Translations) -> None:
    field = ScanInput()
    qtbot.addWidget(field)
    english = field.placeholderText()
    translations.set_language("fr")
    assert field.placeholderText() not in ("", english)
    translations.set_language("en")
    assert field.placeholderText() == english


# ------------------------------------------------------------------ periods


def test_local_days_become_utc_bounds() -> None:
    start, end = local_day_range(date(2026, 3, 12), date(2026, 3, 12), PARIS)
    assert start == datetime(2026, 3, 11, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 12, 23, 0, tzinfo=UTC)


def test_a_dst_day_is_23_hours() -> None:
    start, end = local_day_range(date(2026, 3, 29), date(2026, 3, 29), PARIS)
    assert (end - start).total_seconds() == 23 * 3600


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        ("today", date(2026, 3, 12), date(2026, 3, 12)),
        ("week", date(2026, 3, 9), date(2026, 3, 15)),  # Monday to Sunday
        ("month", date(2026, 3, 1), date(2026, 3, 31)),
        ("last_30_days", date(2026, 2, 11), date(2026, 3, 12)),
    ],
)
def test_periods_from_today(kind: str, first: date, last: date) -> None:
    got = period_range(kind, date(2026, 3, 12), PARIS)  # type: ignore[arg-type]
    assert got == local_day_range(first, last, PARIS)


def test_period_any_and_custom() -> None:
    assert period_range("any", date(2026, 3, 12)) is None
    custom = (date(2026, 1, 5), date(2026, 1, 2))  # given backwards
    assert period_range("custom", date(2026, 3, 12), PARIS, custom) == local_day_range(
        date(2026, 1, 2), date(2026, 1, 5), PARIS
    )
    with pytest.raises(ValueError):
        period_range("custom", date(2026, 3, 12))


# ------------------------------------------------------------------ filter bar


def _bar(qtbot: QtBot) -> tuple[FilterBar, list[FilterState]]:
    bar = FilterBar(today=lambda: date(2026, 3, 12), tz=PARIS)
    qtbot.addWidget(bar)
    bar.add_choice(
        "status",
        lambda: "Status",
        [("open", lambda: "Open"), ("closed", lambda: "Closed")],
    )
    bar.add_choice("technician", lambda: "Technician", [(7, "Paul"), (9, "Léa")])
    bar.add_period("reported", lambda: "Reported")
    states: list[FilterState] = []
    bar.changed.connect(states.append)
    return bar, states


def test_typing_waits_for_the_pause_then_flush_emits_once(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    qtbot.keyClicks(bar.search_edit, "pompe")
    assert states == []  # the pause is not over
    bar.flush()
    assert len(states) == 1 and states[0].text == "pompe"
    bar.flush()
    assert len(states) == 1  # nothing was pending


def test_enter_in_the_search_emits_at_once(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    qtbot.keyClicks(bar.search_edit, "  vanne ")
    qtbot.keyClick(bar.search_edit, Qt.Key.Key_Return)
    assert [s.text for s in states] == ["vanne"]


def test_choices_emit_their_values(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    combo = bar.choice_combo("technician")
    assert [combo.itemText(i) for i in range(combo.count())] == ["All", "Paul", "Léa"]
    combo.setCurrentIndex(2)
    assert states[-1].choice("technician") == 9
    assert states[-1].choice("status") is None
    assert bar.set_choice("status", "closed")
    assert states[-1].choices == {"status": "closed", "technician": 9}
    assert not bar.set_choice("status", "unknown")
    assert states[-1].as_dict()["status"] == "closed"


def test_refilling_a_choice_keeps_the_selection(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    bar.set_choice("technician", 9)
    count = len(states)
    bar.set_choice_items("technician", [(9, "Léa M."), (11, "Hugo")])
    assert len(states) == count  # nothing changed for the list
    assert bar.state().choice("technician") == 9
    bar.set_choice_items("technician", [(11, "Hugo")])
    assert states[-1].choice("technician") is None  # Léa is gone: back to All


def test_a_period_gives_a_utc_range_and_custom_shows_dates(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    bar.show()
    start_edit, end_edit = bar.custom_date_edits("reported")
    assert not start_edit.isVisible()
    bar.set_period("week", "reported")
    assert states[-1].period("reported") == local_day_range(
        date(2026, 3, 9), date(2026, 3, 15), PARIS
    )
    assert states[-1].period_kinds["reported"] == "week"
    bar.set_period("custom", "reported", (date(2026, 2, 1), date(2026, 2, 3)))
    assert start_edit.isVisible() and end_edit.isVisible()
    assert states[-1].period("reported") == local_day_range(
        date(2026, 2, 1), date(2026, 2, 3), PARIS
    )
    end_edit.setDate(QDate(2026, 2, 10))
    assert states[-1].period("reported") == local_day_range(
        date(2026, 2, 1), date(2026, 2, 10), PARIS
    )


def test_clear_resets_everything_with_one_signal(qtbot: QtBot) -> None:
    bar, states = _bar(qtbot)
    bar.set_text("pompe")
    bar.set_choice("status", "open")
    bar.set_period("today", "reported")
    count = len(states)
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(states) == count + 1
    assert states[-1].is_empty()
    assert bar.search_edit.text() == ""


def test_duplicate_keys_are_refused(qtbot: QtBot) -> None:
    bar, _states = _bar(qtbot)
    with pytest.raises(ValueError):
        bar.add_choice("status", lambda: "x", [])
    with pytest.raises(ValueError):
        bar.add_period("reported")


def test_the_filter_bar_retranslates_live(qtbot: QtBot, translations: Translations) -> None:
    bar, _states = _bar(qtbot)
    period = bar.period_combo("reported")
    english = [period.itemText(i) for i in range(period.count())]
    assert english[0] == "Any date"
    translations.set_language("fr")
    assert bar.choice_combo("status").itemText(0) == "Tous"
    assert period.itemText(1) == "Aujourd’hui"
    assert bar.clear_button.text() != "Clear filters"
    translations.set_language("en")
    assert [period.itemText(i) for i in range(period.count())] == english
