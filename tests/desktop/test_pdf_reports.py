"""The PDF layer: documents and label sheets rendered, then read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PilImage
from pypdf import PdfReader
from reportlab.graphics.barcode.code128 import _patterns
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.lib.units import mm

from cmms_desktop.reports.labels import (
    LABELS_2X7,
    LABELS_3X7,
    LABELS_3X8,
    Label,
    LabelSheet,
    render_labels,
    write_labels,
)
from cmms_desktop.reports.pdf import (
    PdfReport,
    ReportHeader,
    ReportTexts,
    SignatureBox,
    code128_drawing,
    find_font_file,
    qr_drawing,
    register_fonts,
)

FRENCH = ReportTexts(
    page="Page {page} sur {pages}",
    number="N° {number}",
    name="Nom :",
    date="Date :",
    signature="Signature :",
    missing_image="Image indisponible",
)
HEADER = ReportHeader(
    company="ACME Industrie",
    title="Bon d'intervention",
    site="Usine de Lyon — Atelier B",
    number="BI-2026-0042",
    issued="12 mars 2026",
)


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _jpeg(width: int = 400, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    PilImage.new("RGB", (width, height), (90, 140, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


# ------------------------------------------------------------------ fonts


def test_dejavu_is_found_on_this_machine() -> None:
    # scripts/bootstrap.sh installs fonts-dejavu-core
    assert find_font_file("DejaVuSans.ttf") is not None
    assert register_fonts().source == "dejavu"


def test_a_missing_font_is_none() -> None:
    assert find_font_file("NoSuchFont-Regular.ttf") is None


def test_a_font_in_an_extra_folder_is_found(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "Mine.ttf").write_bytes(b"x")
    assert find_font_file("Mine.ttf", [tmp_path]) == tmp_path / "nested" / "Mine.ttf"


# ------------------------------------------------------------------ documents


def test_a_document_prints_its_header_footer_and_french_text() -> None:
    report = PdfReport(HEADER, texts=FRENCH)
    report.heading("Équipement et défaillance")
    report.key_values(
        [
            ("Équipement", "Compresseur à vis — ligne n°2"),
            ("Urgence", "Élevée"),
            ("Cause", "Filtre colmaté <sale> & usé"),
        ]
    )
    report.paragraph("Opérateur prévenu à 8 h 15.\nRedémarrage après contrôle.")
    report.signatures(
        [SignatureBox("Technicien", "Hélène Dupré", "12/03/2026"), SignatureBox("Superviseur")]
    )
    pdf = report.build()

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert (
        reader.metadata is not None and reader.metadata.title == "Bon d'intervention BI-2026-0042"
    )
    text = _text(pdf)[0]
    for expected in (
        "ACME Industrie",
        "Usine de Lyon — Atelier B",
        "Bon d'intervention",
        "N° BI-2026-0042",
        "12 mars 2026",
        "Équipement et défaillance",
        "Compresseur à vis — ligne n°2",
        "Élevée",
        "Filtre colmaté <sale> & usé",  # markup characters are text, not markup
        "Redémarrage après contrôle.",
        "Hélène Dupré",
        "Superviseur",
        "Nom :",
        "Signature :",
        "Page 1 sur 1",
    ):
        assert expected in text, expected


def test_the_fonts_are_embedded_not_a_base14_font() -> None:
    report = PdfReport(HEADER)
    report.paragraph("Contrôle d'étanchéité")
    reader = PdfReader(io.BytesIO(report.build()))
    fonts: set[str] = set()
    resources: Any = reader.pages[0]["/Resources"]
    for font in resources["/Font"].values():
        fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in name for name in fonts), fonts


def test_a_long_table_runs_over_pages_and_repeats_its_header() -> None:
    report = PdfReport(HEADER, texts=FRENCH)
    rows = [[f"PRT-{i:05d}", f"Roulement n°{i}", str(i), "12,50 €"] for i in range(150)]
    report.table(
        ["Référence", "Désignation", "Qté", "Prix unitaire"],
        rows,
        widths=[2, 5, 1, 2],
        align=["left", "left", "right", "right"],
        footer=["", "Total", "150", "1 875,00 €"],
    )
    pages = _text(report.build())
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "Désignation" in text  # the header row on every page
        assert f"Page {number} sur {len(pages)}" in text
        assert "ACME Industrie" in text
    everything = "\n".join(pages)
    assert all(f"PRT-{i:05d}" in everything for i in range(150))
    assert "1 875,00 €" in pages[-1]


def test_a_table_needs_columns() -> None:
    with pytest.raises(ValueError):
        PdfReport(HEADER).table([], [])


def test_photos_are_embedded_scaled_and_a_broken_one_is_named(tmp_path: Path) -> None:
    big = tmp_path / "avant.jpg"
    big.write_bytes(_jpeg(3000, 2000))
    report = PdfReport(HEADER, texts=FRENCH)
    report.photos([(big, "Avant"), (_jpeg(), "Après"), (b"not an image", "Cassée")])
    report.photo(_jpeg(200, 100), caption="Plaque signalétique")
    pdf = report.build()
    text = "\n".join(_text(pdf))
    assert "Avant" in text and "Après" in text and "Plaque signalétique" in text
    assert "Image indisponible" in text
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 3
    # the 3000 px photo was reduced before embedding
    assert max(image.image.width for image in images if image.image is not None) <= 1600


def test_write_and_landscape(tmp_path: Path) -> None:
    target = tmp_path / "po.pdf"
    report = PdfReport(HEADER, orientation="landscape")
    report.paragraph("Bon de commande")
    report.write(target)
    page = PdfReader(target).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_an_empty_document_still_has_its_page() -> None:
    pages = _text(PdfReport(HEADER).build())
    assert len(pages) == 1 and "Page 1 of 1" in pages[0]


# ------------------------------------------------------------------ barcodes


def _bars(drawing: Drawing) -> list[tuple[float, float]]:
    """(x, width) of every bar of a barcode drawing, left to right."""
    found: list[tuple[float, float]] = []

    def walk(node: Any) -> None:
        if isinstance(node, Rect):
            if node.width > 0 and node.fillColor is not None and node.height > 0:
                found.append((float(node.x), float(node.width)))
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)

    for widget in drawing.contents:
        walk(widget.draw() if hasattr(widget, "draw") else widget)
    return sorted(found)


_WIDTHS = {"A": 1, "B": 2, "C": 3, "D": 4, "a": 1, "b": 2, "c": 3, "d": 4}
_BY_WIDTHS = {tuple(_WIDTHS[c] for c in pattern): code for code, pattern in _patterns.items()}


def decode_code128(drawing: Drawing) -> str:
    """Read the bars back: module widths → symbols → checksum → text (sets B and C)."""
    bars = _bars(drawing)
    module = min(width for _x, width in bars)
    runs: list[int] = []
    for index, (x, width) in enumerate(bars):
        if index:
            previous_x, previous_width = bars[index - 1]
            runs.append(round((x - previous_x - previous_width) / module))
        runs.append(round(width / module))
    symbols = [_BY_WIDTHS[tuple(runs[i : i + 6])] for i in range(0, len(runs) - 7, 6)]
    assert tuple(runs[-7:]) == (2, 3, 3, 1, 1, 1, 2)  # stop
    start, *data, checksum = symbols
    assert checksum == (start + sum(i * v for i, v in enumerate(data, start=1))) % 103
    code_set = {104: "B", 105: "C"}[start]
    text = ""
    for value in data:
        if value == 99:
            code_set = "C"
        elif value == 100:
            code_set = "B"
        elif code_set == "C":
            text += f"{value:02d}"
        else:
            text += chr(value + 32)
    return text


@pytest.mark.parametrize("value", ["PRT-00042", "LOC-B-03-12", "12345678", "bin a/12"])
def test_code128_bars_decode_to_the_value(value: str) -> None:
    drawing = code128_drawing(value)
    assert drawing.contents[0].value == value
    assert decode_code128(drawing) == value


def test_code128_fits_a_width() -> None:
    drawing = code128_drawing("PRT-00042", width_mm=50)
    assert float(drawing.width) == pytest.approx(50 * mm)
    assert decode_code128(drawing) == "PRT-00042"


def test_qr_code_carries_its_value_and_size() -> None:
    drawing = qr_drawing("cmms://part/PRT-00042", size_mm=20)
    assert drawing.contents[0].value == "cmms://part/PRT-00042"
    assert float(drawing.width) == pytest.approx(20 * mm)


def test_empty_and_non_ascii_codes_are_refused() -> None:
    with pytest.raises(ValueError):
        code128_drawing("")
    with pytest.raises(ValueError):
        code128_drawing("Étagère")  # Code128 holds ASCII only: codes are references
    with pytest.raises(ValueError):
        qr_drawing("")


# ------------------------------------------------------------------ labels


def _labels(count: int) -> list[Label]:
    return [
        Label(f"PRT-{i:05d}", f"Roulement à billes n°{i}", "Allée B · Étagère 3")
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("sheet", "count", "pages"), [(LABELS_3X8, 30, 2), (LABELS_2X7, 14, 1), (LABELS_3X7, 22, 2)]
)
def test_label_sheets_hold_every_label(sheet: LabelSheet, count: int, pages: int) -> None:
    pdf = render_labels(_labels(count), sheet)
    texts = _text(pdf)
    assert len(texts) == pages
    everything = "\n".join(texts)
    assert sum(everything.count(f"PRT-{i:05d}") for i in range(count)) == count
    assert "Étagère 3" in everything
    first = texts[0]
    assert sum(1 for i in range(count) if f"PRT-{i:05d}" in first) == min(count, sheet.per_page)


def test_skip_starts_on_a_partly_used_sheet(tmp_path: Path) -> None:
    target = tmp_path / "labels.pdf"
    write_labels(target, _labels(22), LABELS_3X8, skip=3)
    texts = [page.extract_text() for page in PdfReader(target).pages]
    assert len(texts) == 2
    assert sum(1 for i in range(22) if f"PRT-{i:05d}" in texts[0]) == 21
    with pytest.raises(ValueError):
        render_labels(_labels(1), LABELS_3X8, skip=24)
    with pytest.raises(ValueError):
        render_labels([], LABELS_3X8)


def test_sheet_geometry() -> None:
    assert LABELS_3X8.per_page == 24
    x, y = LABELS_3X8.position(0)
    assert x == 0 and y == pytest.approx((297 - 0.5 - 37) * mm)
    x, y = LABELS_3X8.position(23)  # bottom right
    assert x == pytest.approx(140 * mm) and y == pytest.approx(0.5 * mm)
    custom = LabelSheet("4×10", 4, 10, 48.5, 25.4, top_mm=21.5, left_mm=8, column_gap_mm=0)
    assert custom.per_page == 40
    with pytest.raises(ValueError):
        LabelSheet("too wide", 3, 8, 80, 37)
