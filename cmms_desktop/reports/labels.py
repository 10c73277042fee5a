"""Barcode labels on standard A4 label sheets (parts, storage locations, equipment).

Each label carries the code three ways: a QR code, a Code128 barcode (what a
counter's hand scanner reads) and the code in plain text, plus a title and a
subtitle (e.g. the part's description and its location).

A :class:`LabelSheet` describes the paper: columns × rows of labels of a given
size, the top and left margins and the gaps, all in millimetres, as printed
on the sheet's box. ``skip`` starts on a partly used sheet.

    pdf = render_labels([Label("PRT-00042", "Roulement 6204", "Allée B · Étagère 3")])
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from cmms_desktop.reports.pdf import (
    BORDER,
    SECONDARY,
    TEXT,
    code128_drawing,
    qr_drawing,
    register_fonts,
)

__all__ = [
    "LABELS_2X7",
    "LABELS_3X7",
    "LABELS_3X8",
    "SHEETS",
    "Label",
    "LabelSheet",
    "render_labels",
    "write_labels",
]


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of ``columns`` × ``rows`` labels; every length in millimetres."""

    name: str
    columns: int
    rows: int
    label_width_mm: float
    label_height_mm: float
    top_mm: float = 0.0
    left_mm: float = 0.0
    column_gap_mm: float = 0.0
    row_gap_mm: float = 0.0
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError("a label sheet has at least one column and one row")
        used_width = (
            self.left_mm
            + self.columns * self.label_width_mm
            + (self.columns - 1) * self.column_gap_mm
        )
        used_height = (
            self.top_mm + self.rows * self.label_height_mm + (self.rows - 1) * self.row_gap_mm
        )
        if used_width > self.page_width_mm + 0.01 or used_height > self.page_height_mm + 0.01:
            raise ValueError(f"the labels of {self.name!r} do not fit on the page")

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def page_size(self) -> tuple[float, float]:
        """The page size in points."""
        return self.page_width_mm * mm, self.page_height_mm * mm

    def position(self, slot: int) -> tuple[float, float]:
        """Bottom-left corner, in points, of label ``slot`` (0-based) on its page.

        Slots run left to right, then top to bottom, like the labels on the sheet.
        """
        slot %= self.per_page
        row, column = divmod(slot, self.columns)
        x = self.left_mm + column * (self.label_width_mm + self.column_gap_mm)
        top = self.top_mm + row * (self.label_height_mm + self.row_gap_mm)
        y = self.page_height_mm - top - self.label_height_mm
        return x * mm, y * mm


# 24 labels 70 × 37 mm, no margins between them (Avery 3474, Herma 4453...)
LABELS_3X8 = LabelSheet("A4 3×8 (70 × 37 mm)", 3, 8, 70.0, 37.0, top_mm=0.5)
# 14 labels 99.1 × 38.1 mm (Avery L7163)
LABELS_2X7 = LabelSheet(
    "A4 2×7 (99.1 × 38.1 mm)", 2, 7, 99.1, 38.1, top_mm=15.15, left_mm=4.65, column_gap_mm=2.5
)
# 21 labels 63.5 × 38.1 mm (Avery L7160)
LABELS_3X7 = LabelSheet(
    "A4 3×7 (63.5 × 38.1 mm)", 3, 7, 63.5, 38.1, top_mm=15.15, left_mm=7.25, column_gap_mm=2.5
)

SHEETS: dict[str, LabelSheet] = {
    "3x8": LABELS_3X8,
    "2x7": LABELS_2X7,
    "3x7": LABELS_3X7,
}


@dataclass(frozen=True)
class Label:
    """What one label shows. ``qr_value`` defaults to the code."""

    code: str
    title: str = ""
    subtitle: str = ""
    qr_value: str | None = None


_PADDING = 2.5 * mm
_GAP = 2.0 * mm
_CODE_TEXT_SIZE = 7.5
_MAX_BAR_WIDTH_MM = 0.5


def _fit_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width``, at most ``max_lines`` lines, the last one elided."""
    if not text or max_lines < 1:
        return []
    lines = simpleSplit(text, font, size, width)
    if len(lines) <= max_lines:
        return list(lines)
    kept = list(lines[:max_lines])
    last = kept[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _draw_label(canvas: Canvas, label: Label, x: float, y: float, sheet: LabelSheet) -> None:
    fonts = register_fonts()
    width = sheet.label_width_mm * mm
    height = sheet.label_height_mm * mm
    inner_width = width - 2 * _PADDING
    inner_height = height - 2 * _PADDING

    # bottom band: the Code128 across the label, the code in text under it
    bar_height = max(6 * mm, min(10 * mm, inner_height * 0.3))
    text_height = _CODE_TEXT_SIZE * 1.25
    natural = code128_drawing(label.code, bar_height_mm=bar_height / mm, bar_width_mm=1.0)
    bar_width_mm = min(_MAX_BAR_WIDTH_MM, inner_width / float(natural.width))
    barcode = code128_drawing(label.code, bar_height_mm=bar_height / mm, bar_width_mm=bar_width_mm)
    barcode_x = x + (width - float(barcode.width)) / 2
    renderPDF.draw(barcode, canvas, barcode_x, y + _PADDING + text_height)
    canvas.setFillColor(TEXT)
    code_font = fonts.regular
    code_size = _CODE_TEXT_SIZE
    while code_size > 5 and stringWidth(label.code, code_font, code_size) > inner_width:
        code_size -= 0.5
    canvas.setFont(code_font, code_size)
    canvas.drawCentredString(x + width / 2, y + _PADDING + 1, label.code)

    # top band: the QR code on the left, the texts on its right
    band_bottom = y + _PADDING + text_height + bar_height + 1 * mm
    band_top = y + height - _PADDING
    qr_size = min(band_top - band_bottom, inner_width * 0.42)
    if qr_size > 8 * mm:
        qr = qr_drawing(label.qr_value or label.code, size_mm=qr_size / mm)
        renderPDF.draw(qr, canvas, x + _PADDING, band_top - qr_size)
        text_left = x + _PADDING + qr_size + _GAP
    else:
        text_left = x + _PADDING
    text_width = x + width - _PADDING - text_left
    line_y = band_top - 9
    title_lines = _fit_lines(label.title, fonts.bold, 9, text_width, 2)
    canvas.setFont(fonts.bold, 9)
    canvas.setFillColor(TEXT)
    for line in title_lines:
        canvas.drawString(text_left, line_y, line)
        line_y -= 10.5
    room = int((line_y - band_bottom) // 9) + 1
    canvas.setFont(fonts.regular, 7.5)
    canvas.setFillColor(SECONDARY)
    for line in _fit_lines(label.subtitle, fonts.regular, 7.5, text_width, min(room, 3)):
        canvas.drawString(text_left, line_y - 1, line)
        line_y -= 9


def render_labels(
    labels: Sequence[Label],
    sheet: LabelSheet = LABELS_3X8,
    *,
    skip: int = 0,
    outline: bool = False,
    title: str = "Labels",
) -> bytes:
    """The labels as a PDF of as many sheets as needed.

    ``skip`` leaves that many labels of the first sheet empty (a sheet already
    partly used); ``outline`` draws each label's edge (printing on plain
    paper, checking the alignment).
    """
    if not labels:
        raise ValueError("no labels to print")
    if not 0 <= skip < sheet.per_page:
        raise ValueError(f"skip must be between 0 and {sheet.per_page - 1}")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet.page_size, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("CMMS")
    slots = skip + len(labels)
    pages = math.ceil(slots / sheet.per_page)
    slot = skip
    for page in range(pages):
        end = min((page + 1) * sheet.per_page, slots)
        while slot < end:
            x, y = sheet.position(slot)
            if outline:
                canvas.saveState()
                canvas.setStrokeColor(BORDER)
                canvas.setLineWidth(0.3)
                canvas.setDash(2, 2)
                canvas.rect(x, y, sheet.label_width_mm * mm, sheet.label_height_mm * mm)
                canvas.restoreState()
            _draw_label(canvas, labels[slot - skip], x, y, sheet)
            slot += 1
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_labels(
    path: Path,
    labels: Sequence[Label],
    sheet: LabelSheet = LABELS_3X8,
    *,
    skip: int = 0,
    outline: bool = False,
    title: str = "Labels",
) -> None:
    """:func:`render_labels` written to ``path``."""
    path.write_bytes(render_labels(labels, sheet, skip=skip, outline=outline, title=title))
