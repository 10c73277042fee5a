"""The photo strip, the timeline, the KPI card and the chart, offscreen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.widgets.attachments import ImageViewerDialog
from cmms_desktop.ui.widgets.chart import ChartSeries, ChartThreshold, TimeChart, to_timestamp
from cmms_desktop.ui.widgets.kpi_card import TONE_COLOURS, KpiCard
from cmms_desktop.ui.widgets.photo_strip import PhotoStrip, StripItem
from cmms_desktop.ui.widgets.report_texts import report_texts
from cmms_desktop.ui.widgets.timeline import Timeline, format_local_time


def _png(path: Path, colour: str = "#3366aa") -> Path:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def _painted(widget: QWidget) -> bool:
    """The widget grabbed offscreen has a size and more than one colour."""
    image = widget.grab().toImage()
    if image.isNull() or image.width() == 0:
        return False
    first = image.pixel(0, 0)
    step = max(1, image.width() // 40)
    return any(
        image.pixel(x, y) != first
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


# ------------------------------------------------------------------ photo strip


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def test_add_stores_in_the_blob_store_and_tags_the_item(
    qtbot: QtBot, blobs: BlobStore, tmp_path: Path
) -> None:
    picked = [_png(tmp_path / "avant.png"), _png(tmp_path / "fuite.png", "#aa3333")]
    strip = PhotoStrip(blobs, tag="before", pick_files=lambda _parent: picked)
    qtbot.addWidget(strip)
    added: list[StripItem] = []
    strip.added.connect(added.append)
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    assert [item.filename for item in added] == ["avant.png", "fuite.png"]
    assert all(item.tag == "before" and not item.saved for item in added)
    assert all(blobs.has(item.sha256) and item.kind == "photo" for item in added)
    assert strip.list_widget.count() == 2
    assert strip.new_items() == added
    payload = added[0].add_payload("repair_interventions", uuid.UUID(int=1))
    assert payload["owner_table"] == "repair_interventions" and payload["kind"] == "photo"
    assert payload["mime_type"] == "image/png" and payload["id"] == added[0].id
    strip.mark_saved()
    assert strip.new_items() == []
    assert _painted(strip)


def test_documents_and_big_files_are_refused_with_a_reason(
    qtbot: QtBot, blobs: BlobStore, tmp_path: Path
) -> None:
    document = tmp_path / "notice.pdf"
    document.write_bytes(b"%PDF-1.4")
    big = tmp_path / "film.mp4"
    big.write_bytes(b"x" * 2000)
    strip = PhotoStrip(blobs, max_bytes=1000)
    qtbot.addWidget(strip)
    problems: list[str] = []
    strip.problem.connect(problems.append)
    assert strip.add_files([document]) == []
    assert "notice.pdf" in problems[-1]
    assert strip.add_files([big]) == []
    assert "film.mp4" in problems[-1] and not strip.message_label.isHidden()
    assert strip.add_files([tmp_path / "missing.jpg"]) == []
    assert strip.items() == []


def test_remove_asks_for_saved_items_only(qtbot: QtBot, blobs: BlobStore, tmp_path: Path) -> None:
    answers: list[bool] = [False, True]
    asked: list[StripItem] = []

    def confirm(item: StripItem) -> bool:
        asked.append(item)
        return answers.pop(0)

    strip = PhotoStrip(blobs, confirm_remove=confirm)
    qtbot.addWidget(strip)
    sha = blobs.add_bytes(b"saved photo")
    saved = StripItem(uuid.uuid4(), sha, "vieille.jpg", "image/jpeg", 11, "photo")
    strip.set_items([saved])
    (new,) = strip.add_files([_png(tmp_path / "neuve.png")])
    removed: list[StripItem] = []
    strip.removed.connect(removed.append)

    strip.list_widget.setCurrentRow(1)
    qtbot.keyClick(strip.list_widget, Qt.Key.Key_Delete)
    assert removed == [new] and asked == []  # a new item goes without asking
    strip.list_widget.setCurrentRow(0)
    assert strip.remove_selected() is None  # the user said no
    assert strip.remove_selected() == saved
    assert asked == [saved, saved] and removed == [new, saved]
    assert strip.items() == []


def test_read_only_strip_has_no_buttons(qtbot: QtBot, blobs: BlobStore) -> None:
    strip = PhotoStrip(blobs, editable=False)
    qtbot.addWidget(strip)
    strip.show()
    assert not strip.add_button.isVisible() and not strip.remove_button.isVisible()
    assert strip.choose_files() == []


def test_a_photo_opens_in_the_shared_viewer(qtbot: QtBot, blobs: BlobStore, tmp_path: Path) -> None:
    strip = PhotoStrip(blobs, tag="after")
    qtbot.addWidget(strip)
    first, second = strip.add_files([_png(tmp_path / "a.png"), _png(tmp_path / "b.png", "#000")])
    strip.list_widget.setCurrentRow(1)
    strip._on_activated(strip.list_widget.item(1))
    viewers = strip.findChildren(ImageViewerDialog)
    assert len(viewers) == 1 and viewers[0].current() == second
    viewers[0].show_previous()
    assert viewers[0].current() == first
    viewers[0].reject()


def test_a_file_not_downloaded_yet_says_so(qtbot: QtBot, blobs: BlobStore) -> None:
    strip = PhotoStrip(blobs)
    qtbot.addWidget(strip)
    missing = StripItem(uuid.uuid4(), "ab" * 32, "loin.jpg", "image/jpeg", 10, "photo")
    strip.set_items([missing])
    assert "loin.jpg" in strip.list_widget.item(0).toolTip()
    assert strip.open_item(missing) is None
    assert not strip.message_label.isHidden()


def test_the_strip_retranslates_live(
    qtbot: QtBot, blobs: BlobStore, translations: Translations
) -> None:
    strip = PhotoStrip(blobs)
    qtbot.addWidget(strip)
    assert strip.add_button.text() == "Add photo/video…"
    translations.set_language("fr")
    assert strip.add_button.text() == "Ajouter une photo/vidéo…"
    translations.set_language("en")
    assert strip.add_button.text() == "Add photo/video…"


# ------------------------------------------------------------------ timeline


@dataclass(frozen=True)
class Entry:
    """The shape of store.queries.timeline.TimelineEntry."""

    at: datetime
    action: str
    actor_name: str | None = None
    device_id: str | None = None
    offline: bool = False
    changes: dict[str, list[object]] = field(default_factory=dict)
    made_at: datetime | None = None


AT = datetime(2026, 3, 12, 7, 15, tzinfo=UTC)


def test_timeline_shows_who_when_what_and_the_badge(qtbot: QtBot) -> None:
    timeline = Timeline(
        describe=lambda entry: {"failure.report": "Failure reported"}.get(entry.action, "?"),
        field_label=lambda name: name.capitalize(),
    )
    qtbot.addWidget(timeline)
    timeline.resize(500, 400)
    entries = [
        Entry(
            AT,
            "failure.transition",
            "Paul Technicien",
            "PC-ATELIER",
            True,
            {"status": ["open", "assigned"]},
        ),
        Entry(
            AT - timedelta(hours=2),
            "failure.report",
            None,
            None,
            False,
            {"urgency": [None, "high"]},
        ),
    ]
    timeline.set_entries(entries)
    blocks = timeline.blocks()
    assert len(blocks) == 2 and timeline.empty_label.isHidden()

    def label(index: int, name: str) -> str:
        found = blocks[index].findChild(QLabel, name)
        assert found is not None
        return found.text()

    assert label(0, "headline") == "?"
    assert label(1, "headline") == "Failure reported"
    meta = label(0, "meta")
    assert "Paul Technicien" in meta and "PC-ATELIER" in meta
    assert format_local_time(AT) in meta
    assert label(0, "changes") == "Status: open → assigned"
    assert label(1, "changes") == "Urgency: high"
    assert label(0, "badge") == "Offline" and label(1, "badge") == "Online"
    assert "System" in label(1, "meta")
    timeline.show()
    assert _painted(timeline)


def test_timeline_shows_when_the_command_was_made(qtbot: QtBot) -> None:
    """A command synced late shows the time it was made on its device, not the sync's."""
    timeline = Timeline()
    qtbot.addWidget(timeline)
    made = AT - timedelta(days=1, hours=3)
    timeline.set_entries([Entry(AT, "x", offline=True, made_at=made)])
    meta = timeline.blocks()[0].findChild(QLabel, "meta")
    assert meta is not None
    assert format_local_time(made) in meta.text() and format_local_time(AT) not in meta.text()


def test_local_time_reads_naive_as_utc() -> None:
    naive = datetime(2026, 3, 12, 7, 15)
    assert format_local_time(naive) == format_local_time(naive.replace(tzinfo=UTC))
    expected = AT.astimezone()  # the computer's zone
    text = format_local_time(AT, QLocale.FormatType.LongFormat)
    assert f"{expected.hour:02d}" in text or str(expected.hour) in text


def test_an_empty_timeline_says_so(qtbot: QtBot, translations: Translations) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.set_entries([])
    assert not timeline.empty_label.isHidden()
    assert timeline.empty_label.text() == "Nothing recorded yet."
    translations.set_language("fr")
    assert timeline.empty_label.text() == "Rien d’enregistré pour l’instant."
    timeline.set_entries([Entry(AT, "x", offline=True)])
    badge = timeline.blocks()[0].findChild(QLabel, "badge")
    assert badge is not None and badge.text() == "Hors ligne"


# ------------------------------------------------------------------ KPI card


def test_kpi_card_shows_value_trend_and_clicks(qtbot: QtBot, translations: Translations) -> None:
    card = KpiCard(lambda: "Overdue tasks")
    qtbot.addWidget(card)
    card.set_value("12", subtitle="3 urgent", trend="▲ 4", tone="bad", colour_value=True)
    card.show()
    assert card.value() == "12" and card.tone() == "bad"
    assert TONE_COLOURS["bad"] in card.trend_label.styleSheet()
    assert TONE_COLOURS["bad"] in card.value_label.styleSheet()
    assert not card.subtitle_label.isHidden()
    with qtbot.waitSignal(card.clicked):
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    card.set_clickable(True)
    card.setFocus()
    with qtbot.waitSignal(card.clicked):
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert _painted(card)
    card.set_value("0")
    assert card.subtitle_label.isHidden() and card.trend_label.isHidden()


# ------------------------------------------------------------------ chart


def test_chart_draws_lines_bars_and_thresholds(qtbot: QtBot) -> None:
    chart = TimeChart(title=lambda: "Stock forecast", y_label=lambda: "Units")
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(14)]
    chart.set_series(
        [
            ChartSeries("On hand", [(d, 40 - i * 2) for i, d in enumerate(days)]),
            ChartSeries("Issues", [(d, i % 3) for i, d in enumerate(days)], kind="bar"),
            ChartSeries(
                "Forecast", [(days[-1], 14), (days[-1] + timedelta(days=7), 2)], dashed=True
            ),
        ],
        thresholds=[ChartThreshold(50, "Maximum"), ChartThreshold(10, "Minimum")],
    )
    chart.show()
    assert not chart.is_empty()
    assert chart.stack.currentWidget() is chart.plot_widget
    assert len(chart.plotted_items()) == 5
    low, high = chart.plot_item.getViewBox().viewRange()[1]
    assert low <= 0 and high >= 50  # the maximum line is in view
    assert _painted(chart.plot_widget)
    chart.clear()
    assert chart.is_empty() and chart.stack.currentWidget() is chart.empty_label
    assert chart.plotted_items() == []


def test_chart_empty_text_is_translated(qtbot: QtBot, translations: Translations) -> None:
    chart = TimeChart()
    qtbot.addWidget(chart)
    assert chart.empty_label.text() == "No data to show."
    translations.set_language("fr")
    assert chart.empty_label.text() == "Aucune donnée à afficher."


def test_timestamps_of_days_and_moments() -> None:
    assert to_timestamp(datetime(2026, 3, 12, tzinfo=UTC)) == to_timestamp(datetime(2026, 3, 12))
    local_midnight = datetime(2026, 3, 12).astimezone()
    assert to_timestamp(date(2026, 3, 12)) == local_midnight.timestamp()


# ------------------------------------------------------------------ report texts


def test_report_texts_follow_the_language(translations: Translations) -> None:
    assert report_texts().page == "Page {page} of {pages}"
    translations.set_language("fr")
    texts = report_texts()
    assert texts.page == "Page {page} sur {pages}"
    assert texts.name == "Nom :"
