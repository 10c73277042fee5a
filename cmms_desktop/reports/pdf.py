"""Printable documents for the plant: a small layer over reportlab.

One builder, :class:`PdfReport`, makes every A4 document the modules print
(intervention sheet, purchase order, ...): each page carries the plant's
header (company and site on the left, document title, number and date on the
right) and a footer "Page x of y". The content is added block by block:
headings, paragraphs, key/value blocks, tables whose header row repeats on
every page, photos scaled to fit, signature boxes.

Barcodes: :func:`code128_drawing` and :func:`qr_drawing` give reportlab
drawings that can be placed in a document or drawn on a canvas; label sheets
are in :mod:`cmms_desktop.reports.labels`.

No Qt here: the fixed texts of a document ("Page x of y", "Name", ...) come in
a :class:`ReportTexts` that the UI fills in the current language
(``cmms_desktop.ui.widgets.report_texts.report_texts()``); every other text is
given already translated and formatted by the caller. User texts are plain
text: markup characters (``<``, ``&``) are escaped here.

Fonts: DejaVu Sans from the system (``fonts-dejavu-core``), else the Bitstream
Vera fonts shipped inside reportlab (the same glyphs for Latin text), else
Helvetica. All three print French accents.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "Alignment",
    "FontSet",
    "PdfReport",
    "ReportHeader",
    "ReportTexts",
    "SignatureBox",
    "code128_drawing",
    "find_font_file",
    "plain",
    "qr_drawing",
    "register_fonts",
]

Alignment = Literal["left", "right", "center"]

TEXT = colors.HexColor("#1d2433")
SECONDARY = colors.HexColor("#5b6573")
BORDER = colors.HexColor("#b9c0cb")
HEADER_FILL = colors.HexColor("#eceef2")
ZEBRA = colors.HexColor("#f7f8fa")
ACCENT = colors.HexColor("#1f5fa8")

_MARGIN: float = 15 * mm
_HEADER_HEIGHT: float = 22 * mm
_FOOTER_HEIGHT: float = 12 * mm


# ------------------------------------------------------------------ fonts


@dataclass(frozen=True)
class FontSet:
    """Registered font names: ``regular`` and ``bold`` (a family, so <b> works)."""

    regular: str
    bold: str
    source: str  # "dejavu", "vera" or "helvetica": which fallback was taken


_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
    "/usr/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/opt/homebrew/share/fonts",
)


def _windows_font_dirs() -> list[str]:
    windir = os.environ.get("WINDIR", r"C:\Windows")
    local = os.environ.get("LOCALAPPDATA", "")
    dirs = [os.path.join(windir, "Fonts")]
    if local:
        dirs.append(os.path.join(local, "Microsoft", "Windows", "Fonts"))
    return dirs


def find_font_file(filename: str, extra_dirs: Sequence[Path] = ()) -> Path | None:
    """Where ``filename`` (e.g. "DejaVuSans.ttf") is on this computer, or None.

    Looks in ``extra_dirs``, then the usual font folders (one level of
    sub-folders too), then asks fontconfig (``fc-match``) when it is there.
    """
    folders = [*extra_dirs, *(Path(d).expanduser() for d in _FONT_DIRS)]
    if sys.platform == "win32":
        folders.extend(Path(d) for d in _windows_font_dirs())
    for folder in folders:
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    for folder in folders:
        if folder.is_dir():
            try:
                for candidate in folder.glob(f"*/{filename}"):
                    if candidate.is_file():
                        return candidate
            except OSError:
                continue
    fc_match = shutil.which("fc-match")
    if fc_match is not None:
        family = Path(filename).stem  # "DejaVuSans-Bold" -> ask for that exact face
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", family],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).name.lower() == filename.lower() and Path(found).is_file():
            return Path(found)
    return None


def _reportlab_font(filename: str) -> Path | None:
    import reportlab

    candidate = Path(reportlab.__file__).resolve().parent / "fonts" / filename
    return candidate if candidate.is_file() else None


def _register(regular_name: str, regular: Path, bold_name: str, bold: Path) -> None:
    if regular_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(regular_name, str(regular)))
        pdfmetrics.registerFont(TTFont(bold_name, str(bold)))
        pdfmetrics.registerFontFamily(
            regular_name,
            normal=regular_name,
            bold=bold_name,
            italic=regular_name,
            boldItalic=bold_name,
        )


@functools.cache
def register_fonts() -> FontSet:
    """Register the document fonts with reportlab once; return their names."""
    dejavu = find_font_file("DejaVuSans.ttf")
    dejavu_bold = find_font_file("DejaVuSans-Bold.ttf")
    if dejavu is not None and dejavu_bold is not None:
        try:
            _register("CmmsSans", dejavu, "CmmsSans-Bold", dejavu_bold)
            return FontSet("CmmsSans", "CmmsSans-Bold", "dejavu")
        except Exception:
            pass
    vera, vera_bold = _reportlab_font("Vera.ttf"), _reportlab_font("VeraBd.ttf")
    if vera is not None and vera_bold is not None:
        try:
            _register("CmmsVera", vera, "CmmsVera-Bold", vera_bold)
            return FontSet("CmmsVera", "CmmsVera-Bold", "vera")
        except Exception:
            pass
    return FontSet("Helvetica", "Helvetica-Bold", "helvetica")


def plain(text: object) -> str:
    """User text made safe for a reportlab Paragraph (escaped, line breaks kept)."""
    return escape(str(text)).replace("\n", "<br/>")


# ------------------------------------------------------------------ barcodes

_QUIET_MODULES = 10


def code128_drawing(
    value: str,
    *,
    bar_height_mm: float = 12.0,
    width_mm: float | None = None,
    bar_width_mm: float = 0.33,
    quiet: bool = True,
) -> Drawing:
    """A Code128 barcode of ``value`` (no human-readable line: print the text yourself).

    ``width_mm`` makes the whole symbol (quiet zones included) exactly that
    wide by choosing the bar width; otherwise each narrow bar is
    ``bar_width_mm`` (0.33 mm reads well with any hand scanner). Code128 holds
    ASCII only: a value outside it raises ValueError. The widget
    holding the value is ``drawing.contents[0]`` (its ``value``).
    """
    if not value:
        raise ValueError("a barcode needs a value")
    quiet_modules = _QUIET_MODULES if quiet else 0
    bar_width = bar_width_mm * mm
    if width_mm is not None:
        bare = createBarcodeDrawing(
            "Code128", value=value, barWidth=1, barHeight=1, humanReadable=False, quiet=False
        )
        bar_width = width_mm * mm / (float(bare.width) + 2 * quiet_modules)
    options: dict[str, Any] = {}
    if quiet:  # the standard 10 modules each side (reportlab's default is at least 1/4 inch)
        options = {"lquiet": quiet_modules * bar_width, "rquiet": quiet_modules * bar_width}
    drawing: Drawing = createBarcodeDrawing(
        "Code128",
        value=value,
        barWidth=bar_width,
        barHeight=bar_height_mm * mm,
        humanReadable=False,
        quiet=quiet,
        **options,
    )
    return drawing


def qr_drawing(value: str, *, size_mm: float = 20.0, error_level: str = "M") -> Drawing:
    """A square QR code of ``value``, ``size_mm`` wide (its quiet border included).

    The widget holding the value is ``drawing.contents[0]`` (its ``value``).
    """
    if not value:
        raise ValueError("a QR code needs a value")
    widget = QrCodeWidget(value, barLevel=error_level)
    x0, y0, x1, y1 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


# ------------------------------------------------------------------ documents


@dataclass(frozen=True)
class ReportTexts:
    """The fixed words of every document, in the reader's language.

    English by default; the UI passes the translated ones.
    """

    page: str = "Page {page} of {pages}"
    number: str = "No. {number}"
    name: str = "Name:"
    date: str = "Date:"
    signature: str = "Signature:"
    missing_image: str = "Image not available"


@dataclass(frozen=True)
class ReportHeader:
    """What every page of a document says at its top.

    ``issued`` is a date already formatted for the reader (local time).
    """

    company: str
    title: str
    site: str | None = None
    number: str | None = None
    issued: str | None = None


@dataclass(frozen=True)
class SignatureBox:
    """A box to sign: who signs (role), and the name/date when already known."""

    role: str
    name: str = ""
    date: str = ""


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    key: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    header_cell: ParagraphStyle
    caption: ParagraphStyle


def _styles(fonts: FontSet) -> _Styles:
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=9.5, leading=12.5, textColor=TEXT
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=SECONDARY),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        key=ParagraphStyle("key", parent=cell, textColor=SECONDARY),
        cell=cell,
        cell_right=ParagraphStyle("cellRight", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cellCenter", parent=cell, alignment=TA_CENTER),
        header_cell=ParagraphStyle("headerCell", parent=cell, fontName=fonts.bold),
        caption=ParagraphStyle(
            "caption", parent=body, fontSize=8, leading=10, textColor=SECONDARY, alignment=TA_CENTER
        ),
    )


def _numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that knows the page count when it draws each page's footer."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class PdfReport:
    """An A4 document built block by block, then rendered with :meth:`build`.

    >>> report = PdfReport(ReportHeader("ACME Industrie", "Bon d'intervention", number="BI-42"))
    >>> report.key_values([("Équipement", "Compresseur"), ("Urgence", "Haute")])
    >>> pdf_bytes = report.build()
    """

    def __init__(
        self,
        header: ReportHeader,
        *,
        texts: ReportTexts | None = None,
        orientation: Literal["portrait", "landscape"] = "portrait",
        author: str | None = None,
    ) -> None:
        self.header = header
        self.texts = texts or ReportTexts()
        self.fonts = register_fonts()
        self.styles = _styles(self.fonts)
        self.page_size: tuple[float, float] = landscape(A4) if orientation == "landscape" else A4
        self.author = author or header.company
        self._story: list[Flowable] = []

    # ---------------------------------------------------------- geometry

    @property
    def frame_width(self) -> float:
        """The usable width in points (between the margins)."""
        return float(self.page_size[0]) - 2 * _MARGIN

    # ------------------------------------------------------------ blocks

    def add(self, flowable: Flowable) -> None:
        """Any reportlab flowable (a barcode drawing, a custom table...)."""
        self._story.append(flowable)

    def heading(self, text: str) -> None:
        self._story.append(Paragraph(plain(text), self.styles.heading))

    def paragraph(self, text: str, *, small: bool = False) -> None:
        """Plain text (line breaks kept), wrapped to the page width."""
        style = self.styles.small if small else self.styles.body
        self._story.append(Paragraph(plain(text), style))

    def spacer(self, height_mm: float = 4.0) -> None:
        self._story.append(Spacer(1, height_mm * mm))

    def page_break(self) -> None:
        self._story.append(PageBreak())

    def key_values(self, pairs: Sequence[tuple[str, str]], *, columns: int = 2) -> None:
        """Labelled values laid out in ``columns`` pairs per row (values wrap)."""
        if not pairs:
            return
        columns = max(1, columns)
        s = self.styles
        rows: list[list[Flowable | str]] = []
        for start in range(0, len(pairs), columns):
            row: list[Flowable | str] = []
            for key, value in pairs[start : start + columns]:
                row += [Paragraph(plain(key), s.key), Paragraph(plain(value), s.cell)]
            row += [""] * (2 * columns - len(row))
            rows.append(row)
        pair_width = self.frame_width / columns
        widths = [pair_width * 0.36, pair_width * 0.64] * columns
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, HEADER_FILL),
                ]
            )
        )
        self._story.append(table)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        align: Sequence[Alignment] | None = None,
        footer: Sequence[object] | None = None,
    ) -> None:
        """A table whose header row repeats on every page it runs over.

        ``widths`` are relative (e.g. ``[3, 1, 1]``), spread over the page
        width; ``align`` per column ("right" for numbers); ``footer`` is a
        bold last row (totals). Cells are plain text and wrap.
        """
        count = len(header)
        if count == 0:
            raise ValueError("a table needs at least one column")
        aligns: Sequence[Alignment] = align if align is not None else ["left"] * count
        s = self.styles
        by_alignment = {"left": s.cell, "right": s.cell_right, "center": s.cell_center}

        def cells(values: Sequence[object], bold: bool = False) -> list[Flowable]:
            out: list[Flowable] = []
            for column in range(count):
                value = values[column] if column < len(values) else ""
                style = by_alignment[aligns[column] if column < len(aligns) else "left"]
                if bold:
                    style = ParagraphStyle(
                        f"{style.name}Bold", parent=style, fontName=self.fonts.bold
                    )
                out.append(Paragraph(plain("" if value is None else value), style))
            return out

        header_cells = []
        for column, title in enumerate(header):
            alignment = aligns[column] if column < len(aligns) else "left"
            style = ParagraphStyle(
                f"head{column}",
                parent=s.header_cell,
                alignment={"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[alignment],
            )
            header_cells.append(Paragraph(plain(title), style))
        data: list[list[Flowable]] = [header_cells, *(cells(row) for row in rows)]
        if footer is not None:
            data.append(cells(footer, bold=True))
        relative = list(widths) if widths is not None else [1.0] * count
        total = sum(relative) or 1.0
        col_widths = [self.frame_width * w / total for w in relative]
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, BORDER),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, BORDER),
            ("BOX", (0, 0), (-1, -1), 0.5, BORDER),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        last_body = len(data) - (2 if footer is not None else 1)
        for index in range(2, last_body + 1, 2):
            commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
        if footer is not None:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT))
        table.setStyle(TableStyle(commands))
        self._story.append(table)

    def signatures(self, boxes: Sequence[SignatureBox], *, height_mm: float = 32.0) -> None:
        """Boxes side by side, each with its role, a name line, a date line, room to sign."""
        if not boxes:
            return
        s, t = self.styles, self.texts
        role_style = ParagraphStyle("role", parent=s.cell, fontName=self.fonts.bold)
        cells: list[list[Flowable]] = []
        for box in boxes:
            cells.append(
                [
                    Paragraph(plain(box.role), role_style),
                    Paragraph(f"{plain(t.name)} {plain(box.name)}", s.cell),
                    Paragraph(f"{plain(t.date)} {plain(box.date)}", s.cell),
                    Paragraph(plain(t.signature), s.cell),
                ]
            )
        gap = 6 * mm
        width = (self.frame_width - gap * (len(boxes) - 1)) / len(boxes)
        row: list[Any] = []
        col_widths: list[float] = []
        for index, content in enumerate(cells):
            if index:
                row.append("")
                col_widths.append(gap)
            row.append(content)
            col_widths.append(width)
        table = Table([row], colWidths=col_widths, rowHeights=[height_mm * mm], hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        for index in range(0, len(row), 2):
            commands.append(("BOX", (index, 0), (index, 0), 0.6, BORDER))
        table.setStyle(TableStyle(commands))
        self._story.append(KeepTogether([Spacer(1, 3 * mm), table]))

    def photo(
        self,
        source: Path | bytes,
        *,
        caption: str | None = None,
        max_width_mm: float = 80.0,
        max_height_mm: float = 60.0,
    ) -> None:
        """One photo scaled to fit (never enlarged), with an optional caption below."""
        self._story.append(
            KeepTogether(self._photo_cell(source, caption, max_width_mm * mm, max_height_mm * mm))
        )

    def photos(
        self,
        sources: Sequence[tuple[Path | bytes, str | None]],
        *,
        per_row: int = 3,
        max_height_mm: float = 55.0,
    ) -> None:
        """Photos in a grid, ``per_row`` to a row, each ``(source, caption)``."""
        if not sources:
            return
        per_row = max(1, per_row)
        gap = 4 * mm
        cell_width = (self.frame_width - gap * (per_row - 1)) / per_row
        rows: list[list[Any]] = []
        for start in range(0, len(sources), per_row):
            chunk = sources[start : start + per_row]
            row: list[Any] = [
                self._photo_cell(src, caption, cell_width, max_height_mm * mm)
                for src, caption in chunk
            ]
            row += [""] * (per_row - len(row))
            rows.append(row)
        table = Table(rows, colWidths=[cell_width + gap] * per_row, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ]
            )
        )
        self._story.append(table)

    def _photo_cell(
        self, source: Path | bytes, caption: str | None, max_width: float, max_height: float
    ) -> list[Flowable]:
        flowables: list[Flowable] = []
        loaded = _load_photo(source)
        if loaded is None:
            flowables.append(Paragraph(plain(self.texts.missing_image), self.styles.caption))
        else:
            data, width_px, height_px = loaded
            # 1 px = 1 pt at most: a small image is never blown up into a blur
            scale = min(max_width / width_px, max_height / height_px, 1.0)
            flowables.append(Image(io.BytesIO(data), width_px * scale, height_px * scale))
        if caption:
            flowables.append(Paragraph(plain(caption), self.styles.caption))
        return flowables

    # ------------------------------------------------------------ output

    def _draw_header(self, canvas: Canvas, _doc: object) -> None:
        h, f = self.header, self.fonts
        width, height = self.page_size
        top = height - _MARGIN
        canvas.saveState()
        canvas.setFillColor(TEXT)
        canvas.setFont(f.bold, 12)
        canvas.drawString(_MARGIN, top - 4 * mm, h.company)
        if h.site:
            canvas.setFont(f.regular, 9)
            canvas.setFillColor(SECONDARY)
            canvas.drawString(_MARGIN, top - 9 * mm, h.site)
        right = width - _MARGIN
        canvas.setFillColor(ACCENT)
        canvas.setFont(f.bold, 14)
        canvas.drawRightString(right, top - 4 * mm, h.title)
        canvas.setFillColor(SECONDARY)
        canvas.setFont(f.regular, 9)
        line = top - 9 * mm
        if h.number:
            canvas.drawRightString(right, line, self.texts.number.format(number=h.number))
            line -= 4 * mm
        if h.issued:
            canvas.drawRightString(right, line, h.issued)
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.8)
        rule = height - _MARGIN - _HEADER_HEIGHT + 4 * mm
        canvas.line(_MARGIN, rule, width - _MARGIN, rule)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width, _height = self.page_size
        canvas.saveState()
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.5)
        base = _MARGIN - 2 * mm
        canvas.line(_MARGIN, base + 4.5 * mm, width - _MARGIN, base + 4.5 * mm)
        canvas.setFont(self.fonts.regular, 8)
        canvas.setFillColor(SECONDARY)
        left = " · ".join(part for part in (self.header.title, self.header.number) if part)
        canvas.drawString(_MARGIN, base, left)
        canvas.drawRightString(
            width - _MARGIN, base, self.texts.page.format(page=page, pages=pages)
        )
        canvas.restoreState()

    def build(self) -> bytes:
        """The document as PDF bytes."""
        buffer = io.BytesIO()
        self._build_into(buffer)
        return buffer.getvalue()

    def write(self, path: Path) -> None:
        """Write the document to ``path`` (replaced if it exists)."""
        path.write_bytes(self.build())

    def _build_into(self, target: io.BytesIO) -> None:
        title = " ".join(part for part in (self.header.title, self.header.number) if part)
        document = SimpleDocTemplate(
            target,
            pagesize=self.page_size,
            leftMargin=_MARGIN,
            rightMargin=_MARGIN,
            topMargin=_MARGIN + _HEADER_HEIGHT,
            bottomMargin=_MARGIN + _FOOTER_HEIGHT,
            title=title,
            author=self.author,
            creator="CMMS",
            invariant=1,
        )
        story = list(self._story) or [Spacer(1, 1)]
        document.build(
            story,
            onFirstPage=self._draw_header,
            onLaterPages=self._draw_header,
            canvasmaker=_numbered_canvas(self._draw_footer),
        )


_MAX_PHOTO_PIXELS = 1600


def _load_photo(source: Path | bytes) -> tuple[bytes, int, int] | None:
    """The photo upright (EXIF orientation applied), at most 1600 px, as JPEG or PNG bytes."""
    from PIL import Image as PilImage
    from PIL import ImageOps, UnidentifiedImageError

    try:
        raw = source if isinstance(source, bytes) else source.read_bytes()
        with PilImage.open(io.BytesIO(raw)) as opened:
            image = ImageOps.exif_transpose(opened) or opened
            image.load()
            image.thumbnail((_MAX_PHOTO_PIXELS, _MAX_PHOTO_PIXELS))
            out = io.BytesIO()
            if image.mode in ("RGBA", "LA", "P"):
                image.save(out, format="PNG")
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85)
            return out.getvalue(), image.width, image.height
    except (OSError, UnidentifiedImageError, ValueError, PilImage.DecompressionBombError):
        return None
