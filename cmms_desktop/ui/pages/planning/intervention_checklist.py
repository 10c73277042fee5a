"""The checklist of an intervention sheet: tick, measure, write, photograph.

One line per checklist item. A measurement shows its limits and is flagged red
as soon as the value typed is outside them (the same rule the command applies:
``cmms_core.mutations.interventions``); the line then offers "Report a
failure". A required item left empty is marked when completion is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.queries.planning import ChecklistLine
from cmms_desktop.ui.widgets.photo_strip import FilePicker, PhotoStrip, StripItem

__all__ = ["ChecklistSheet", "LineWidget", "is_out_of_limit"]

_RED = "#b42318"
_OUT_STYLE = f"QLineEdit {{ border: 2px solid {_RED}; background: #fef3f2; color: {_RED}; }}"


def is_out_of_limit(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None:
        return False
    return (low is not None and value < low) or (high is not None and value > high)


def _parse(text: str) -> float | None:
    stripped = text.strip().replace("\u202f", "").replace(" ", "")
    if not stripped:
        return None
    value, ok = QLocale().toDouble(stripped)
    if ok:
        return float(value)
    try:
        return float(stripped.replace(",", "."))
    except ValueError:
        return None


def _number(value: float) -> str:
    return QLocale().toString(float(value), "g", 6)


class LineWidget(QFrame):
    """One checklist item; ``edited`` on every change, ``report_failure(key)`` on its button."""

    edited = Signal()
    report_failure = Signal(str)
    photo_added = Signal(str, object)  # key, StripItem

    def __init__(
        self,
        line: ChecklistLine,
        blobs: BlobStore,
        parent: QWidget | None = None,
        *,
        pick_files: FilePicker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklistLine")
        self.line = line
        self._photo_id: uuid.UUID | None = None
        result = line.result or {}
        self.label = QLabel(self)
        self.label.setObjectName("lineLabel")
        self.label.setWordWrap(True)
        self.limits_label = QLabel(self)
        self.limits_label.setObjectName("limits")
        self.flag_label = QLabel(self)
        self.flag_label.setObjectName("lineFlag")
        self.flag_label.setStyleSheet(f"color: {_RED}; font-weight: 600;")
        self.flag_label.hide()
        self.check: QCheckBox | None = None
        self.value_edit: QLineEdit | None = None
        self.text_edit: QLineEdit | None = None
        self.photos: PhotoStrip | None = None
        self.failure_button = QPushButton(self)
        self.failure_button.setObjectName("reportFailure")
        self.failure_button.setStyleSheet(f"color: {_RED}; font-weight: 600;")
        self.failure_button.clicked.connect(lambda: self.report_failure.emit(line.key))
        self.failure_button.hide()
        input_row = QHBoxLayout()
        input_row.setSpacing(8)
        if line.kind == "check":
            self.check = QCheckBox(self)
            self.check.setObjectName("okCheck")
            self.check.setChecked(result.get("ok") is True)
            self.check.toggled.connect(lambda _on: self.edited.emit())
            input_row.addWidget(self.check)
        elif line.kind == "measure":
            self.value_edit = QLineEdit(self)
            self.value_edit.setObjectName("measureValue")
            self.value_edit.setMaximumWidth(120)
            if result.get("value") is not None:
                self.value_edit.setText(_number(float(result["value"])))
            self.value_edit.textChanged.connect(self._on_value)
            unit = QLabel(line.unit or "", self)
            unit.setObjectName("unit")
            input_row.addWidget(self.value_edit)
            input_row.addWidget(unit)
            input_row.addWidget(self.limits_label)
        elif line.kind == "text":
            self.text_edit = QLineEdit(self)
            self.text_edit.setObjectName("textValue")
            self.text_edit.setText(str(result.get("text") or ""))
            self.text_edit.textChanged.connect(lambda _t: self.edited.emit())
            input_row.addWidget(self.text_edit, 1)
        else:
            self.photos = PhotoStrip(blobs, self, tag=line.key, videos=False, pick_files=pick_files)
            self.photos.setObjectName("linePhotos")
            self.photos.added.connect(lambda item: self.photo_added.emit(line.key, item))
            if result.get("photo_id"):
                self._photo_id = uuid.UUID(str(result["photo_id"]))
            input_row.addWidget(self.photos, 1)
        input_row.addWidget(self.flag_label)
        input_row.addStretch(1)
        input_row.addWidget(self.failure_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addLayout(input_row)
        self._missing = False
        self.retranslate_ui()
        self._paint()

    # ------------------------------------------------------------------ API

    def value(self) -> float | None:
        return _parse(self.value_edit.text()) if self.value_edit is not None else None

    def out_of_limit(self) -> bool:
        return self.line.kind == "measure" and is_out_of_limit(
            self.value(), self.line.min, self.line.max
        )

    def set_photo(self, photo_id: uuid.UUID | None) -> None:
        self._photo_id = photo_id
        self.edited.emit()

    def set_photo_items(self, items: Sequence[StripItem]) -> None:
        if self.photos is not None:
            self.photos.set_items(items)

    def result(self) -> dict[str, Any] | None:
        """The result to save (``intervention.save_checklist``), None when left empty."""
        key = self.line.key
        if self.check is not None:
            return {"key": key, "ok": True} if self.check.isChecked() else None
        if self.value_edit is not None:
            value = self.value()
            return {"key": key, "value": value} if value is not None else None
        if self.text_edit is not None:
            text = self.text_edit.text().strip()
            return {"key": key, "text": text} if text else None
        if self._photo_id is not None:
            return {"key": key, "photo_id": str(self._photo_id)}
        return None

    def set_editable(self, editable: bool) -> None:
        for widget in (self.check, self.value_edit, self.text_edit):
            if widget is not None:
                widget.setEnabled(editable)
        if self.photos is not None:
            self.photos.set_editable(editable)
        self.failure_button.setEnabled(True)

    def set_missing(self, missing: bool) -> None:
        self._missing = missing
        self._paint()

    # ------------------------------------------------------------- internals

    def _on_value(self, _text: str) -> None:
        self._missing = False
        self._paint()
        self.edited.emit()

    def _paint(self) -> None:
        out = self.out_of_limit()
        if self.value_edit is not None:
            self.value_edit.setStyleSheet(_OUT_STYLE if out else "")
            self.value_edit.setProperty("outOfLimit", out)
        self.failure_button.setVisible(out)
        if out:
            self.flag_label.setText(self.tr("Out of limits"))
        elif self._missing:
            self.flag_label.setText(self.tr("Required"))
        self.flag_label.setVisible(out or self._missing)

    def retranslate_ui(self) -> None:
        text = self.line.label + (" *" if self.line.required else "")
        self.label.setText(text)
        if self.check is not None:
            self.check.setText(self.tr("Done, in order"))
        if self.text_edit is not None:
            self.text_edit.setPlaceholderText(self.tr("Note…"))
        low, high, unit = self.line.min, self.line.max, self.line.unit or ""
        if low is not None and high is not None:
            limits = self.tr("limits {low} – {high} {unit}").format(
                low=_number(low), high=_number(high), unit=unit
            )
        elif low is not None:
            limits = self.tr("at least {low} {unit}").format(low=_number(low), unit=unit)
        elif high is not None:
            limits = self.tr("at most {high} {unit}").format(high=_number(high), unit=unit)
        else:
            limits = ""
        self.limits_label.setText(limits.strip())
        self.limits_label.setStyleSheet("color: #5b6573;")
        self.failure_button.setText(self.tr("Report a failure"))
        self._paint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ChecklistSheet(QWidget):
    """Every line of the sheet's checklist, in the plan's order."""

    edited = Signal()
    report_failure = Signal(str)
    photo_added = Signal(str, object)

    def __init__(
        self,
        blobs: BlobStore,
        parent: QWidget | None = None,
        *,
        pick_files: FilePicker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklistSheet")
        self._blobs = blobs
        self._pick_files = pick_files
        self.lines: list[LineWidget] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setVerticalSpacing(0)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self._grid.addWidget(self.empty_label, 0, 0)
        self.retranslate_ui()

    def set_lines(self, lines: Sequence[ChecklistLine], editable: bool) -> None:
        for widget in self.lines:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.lines = []
        for row, line in enumerate(lines):
            widget = LineWidget(line, self._blobs, self, pick_files=self._pick_files)
            widget.edited.connect(self.edited)
            widget.report_failure.connect(self.report_failure)
            widget.photo_added.connect(self.photo_added)
            widget.set_editable(editable)
            if row:
                widget.setStyleSheet("QFrame#checklistLine { border-top: 1px solid #e4e7ec; }")
            self._grid.addWidget(widget, row + 1, 0)
            self.lines.append(widget)
        self.empty_label.setVisible(not lines)

    def line(self, key: str) -> LineWidget:
        for widget in self.lines:
            if widget.line.key == key:
                return widget
        raise KeyError(key)

    def results(self) -> list[dict[str, Any]]:
        return [r for r in (w.result() for w in self.lines) if r is not None]

    def mark_missing(self, keys: Sequence[str]) -> None:
        for widget in self.lines:
            widget.set_missing(widget.line.key in keys)

    def for_each(self, action: Callable[[LineWidget], None]) -> None:
        for widget in self.lines:
            action(widget)

    def retranslate_ui(self) -> None:
        self.empty_label.setText(self.tr("This task has no checklist."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
