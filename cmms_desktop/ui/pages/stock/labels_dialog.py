"""Print part labels (the parts chosen) or location labels (a range of codes) on label
sheets: Code128 + QR + text, a PDF saved where the user says, then opened."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.reports.labels import SHEETS, Label, LabelSheet, render_labels
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.parts import get_part_detail
from cmms_desktop.store.queries.stock import LocationOption, list_locations
from cmms_desktop.ui.widgets.documents import (
    FileOpener,
    SaveFileAsker,
    ask_pdf_path,
    not_written_text,
    open_document,
    write_document,
)
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["LabelsDialog", "SaveFileAsker", "location_labels", "part_label"]

# (parent, suggested file name) -> where to write, None when cancelled


def _ascii(text: str) -> str:
    return "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in text)


def part_label(reference: str, description: str, barcode: str | None, place: str) -> Label:
    """A part's label: its barcode (else its reference) as Code128 and QR."""
    code = barcode if barcode and barcode.isascii() else reference
    subtitle = reference if code != reference else ""
    if place:
        subtitle = f"{subtitle} · {place}" if subtitle else place
    return Label(code=_ascii(code), title=description, subtitle=subtitle, qr_value=code)


def location_labels(locations: Sequence[LocationOption]) -> list[Label]:
    labels = []
    for location in locations:
        where = " · ".join(p for p in (location.aisle, location.shelf, location.bin) if p)
        labels.append(
            Label(
                code=_ascii(location.code),
                title=location.store,
                subtitle=where,
                qr_value=location.code,
            )
        )
    return labels


class LabelsDialog(QDialog):
    """Parts (the ids given) or a range of locations; sheet and labels already used."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        part_ids: Sequence[uuid.UUID] = (),
        parent: QWidget | None = None,
        *,
        ask_save_file: SaveFileAsker | None = None,
        open_file: FileOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelsDialog")
        self._services = services
        self._session = session
        self._engine = services.replica.engine
        self.part_ids = list(part_ids)
        self.ask_save_file: SaveFileAsker = ask_save_file or self._ask_save_file
        self.open_file: FileOpener = open_file or open_document
        self.last_pdf: Path | None = None
        self.last_count = 0
        self._locations = list_locations(self._engine, session.site_ids)

        self.banner = MessageBanner(self)
        self.parts_radio = QRadioButton(self)
        self.parts_radio.setObjectName("partsChoice")
        self.locations_radio = QRadioButton(self)
        self.locations_radio.setObjectName("locationsChoice")
        self.group = QButtonGroup(self)
        self.group.addButton(self.parts_radio)
        self.group.addButton(self.locations_radio)
        self.from_combo = QComboBox(self)
        self.from_combo.setObjectName("fromLocation")
        self.to_combo = QComboBox(self)
        self.to_combo.setObjectName("toLocation")
        for location in self._locations:
            self.from_combo.addItem(location.code, location.id)
            self.to_combo.addItem(location.code, location.id)
        if self._locations:
            self.to_combo.setCurrentIndex(len(self._locations) - 1)
        self.range_label = QLabel(self)
        range_row = QHBoxLayout()
        range_row.addWidget(self.from_combo, 1)
        range_row.addWidget(self.range_label)
        range_row.addWidget(self.to_combo, 1)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheet")
        for key, sheet in SHEETS.items():
            self.sheet_combo.addItem(sheet.name, key)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet_changed)
        self.skip_spin = QSpinBox(self)
        self.skip_spin.setObjectName("skip")
        self._on_sheet_changed()

        self.form = QFormLayout()
        self.form.addRow(self.parts_radio)
        self.form.addRow(self.locations_radio)
        self.form.addRow("", range_row)
        self.form.addRow("", self.sheet_combo)
        self.form.addRow("", self.skip_spin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.print_pdf)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

        self.parts_radio.setEnabled(bool(self.part_ids))
        (self.parts_radio if self.part_ids else self.locations_radio).setChecked(True)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def sheet(self) -> LabelSheet:
        return SHEETS[str(self.sheet_combo.currentData())]

    def labels(self) -> list[Label]:
        if self.parts_radio.isChecked():
            labels = []
            for part_id in self.part_ids:
                detail = get_part_detail(self._engine, part_id, self._session.site_ids)
                if detail is None:
                    continue
                held = sorted(detail.locations, key=lambda s: -s.on_hand)
                place = held[0].code if held else ""
                labels.append(
                    part_label(detail.reference, detail.description, detail.barcode, place)
                )
            return labels
        first, last = sorted((self.from_combo.currentIndex(), self.to_combo.currentIndex()))
        if first < 0:
            return []
        return location_labels(self._locations[first : last + 1])

    def print_pdf(self) -> Path | None:
        self.banner.clear()
        labels = self.labels()
        if not labels:
            self.banner.show_message("error", lambda: self.tr("There is nothing to print."))
            return None
        target = self.ask_save_file(self, "labels.pdf")
        if target is None:
            return None
        try:
            data = render_labels(
                labels, self.sheet(), skip=self.skip_spin.value(), title=self.tr("Labels")
            )
        except ValueError as error:  # a code Code128 cannot hold (not ASCII)
            problem = str(error)
            self.banner.show_message("error", lambda: not_written_text(problem))
            return None
        reason = write_document(target, data)
        if reason is not None:
            self.banner.show_message("error", lambda: not_written_text(reason))
            return None
        self.last_pdf = target
        self.last_count = len(labels)
        self.open_file(target)
        self.accept()
        return target

    # ------------------------------------------------------------- internals

    def _on_sheet_changed(self) -> None:
        self.skip_spin.setRange(0, self.sheet().per_page - 1)

    def _ask_save_file(self, parent: QWidget, suggested: str) -> Path | None:
        return ask_pdf_path(parent, self.tr("Save the labels"), suggested)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Print labels"))
        self.parts_radio.setText(
            self.tr("Labels of the selected parts ({count})").format(count=len(self.part_ids))
        )
        self.locations_radio.setText(self.tr("Labels of locations"))
        self.range_label.setText(self.tr("to"))
        texts = [self.tr("Locations from"), self.tr("Label sheet"), self.tr("Labels already used")]
        for row, text in zip(range(2, 5), texts, strict=True):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setProperty("text", text)
