"""Pick a parent equipment among 100k: type a code or name, choose from a short SQL search.

Never loads the equipments into a combo: each pause in typing runs one
``search_equipments`` (20 rows, same site, never the edited equipment) and
offers the results in a QCompleter popup.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy import Engine

from cmms_desktop.store.queries.equipment import (
    EquipmentRef,
    find_equipment_by_code,
    search_equipments,
)

__all__ = ["ParentPicker"]

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 20


def ref_text(ref: EquipmentRef) -> str:
    return f"{ref.code} — {ref.name}"


class ParentPicker(QWidget):
    """A line edit with completion; ``value()`` is the chosen equipment's id (or None).

    Text that names no equipment (typed but not chosen) makes ``problem()``
    return "not_found"; an empty field means "no parent".
    """

    changed = Signal()

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._site_id: uuid.UUID | None = None
        self._exclude_id: uuid.UUID | None = None
        self._chosen: EquipmentRef | None = None
        self._offered: list[EquipmentRef] = []

        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("parentEdit")
        self.line_edit.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.line_edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self._on_activated)  # type: ignore[index]

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.line_edit.textEdited.connect(self._on_edited)
        self.line_edit.editingFinished.connect(self._resolve_typed_code)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line_edit)
        self.setFocusProxy(self.line_edit)

    # ------------------------------------------------------------------ API

    def set_scope(self, site_id: uuid.UUID | None, exclude_id: uuid.UUID | None) -> None:
        """Offer equipments of ``site_id`` only; a chosen one of another site is dropped."""
        if site_id != self._site_id and self._site_id is not None:
            self.set_value(None)
        self._site_id = site_id
        self._exclude_id = exclude_id

    def set_value(self, ref: EquipmentRef | None) -> None:
        self._chosen = ref
        self.line_edit.setText("" if ref is None else ref_text(ref))
        self.changed.emit()

    def value(self) -> uuid.UUID | None:
        """The chosen equipment's id; a code typed in full counts as chosen."""
        self.resolve()
        return None if self._chosen is None else self._chosen.id

    def chosen(self) -> EquipmentRef | None:
        return self._chosen

    def problem(self) -> str | None:
        self.resolve()
        if self._chosen is None and self.line_edit.text().strip():
            return "not_found"
        return None

    def resolve(self) -> None:
        """Take a code typed in full (not picked from the popup) as the choice."""
        text = self.line_edit.text().strip()
        if self._chosen is not None or not text:
            return
        found = find_equipment_by_code(self._engine, text, self._site_id)
        if found is not None and found.id != self._exclude_id:
            self.set_value(found)

    def offered(self) -> list[EquipmentRef]:
        """What the last search offered (for tests and for the popup)."""
        return list(self._offered)

    def search_now(self) -> None:
        self._timer.stop()
        text = self.line_edit.text().strip()
        self._offered = search_equipments(
            self._engine,
            text,
            site_id=self._site_id,
            exclude_id=self._exclude_id,
            limit=SEARCH_LIMIT,
        )
        self._model.setStringList([ref_text(ref) for ref in self._offered])
        if self._offered and self.line_edit.hasFocus():
            self.completer.complete()

    def choose(self, ref: EquipmentRef) -> None:
        """As if the user picked ``ref`` in the popup."""
        self._on_activated(ref_text(ref), ref)

    # ------------------------------------------------------------- internals

    def _on_edited(self, _text: str) -> None:
        if self._chosen is not None:
            self._chosen = None
            self.changed.emit()
        self._timer.start()

    def _on_activated(self, text: str, ref: EquipmentRef | None = None) -> None:
        if ref is None:
            ref = next((r for r in self._offered if ref_text(r) == text), None)
        if ref is None:
            return
        self._timer.stop()
        self.set_value(ref)

    def _resolve_typed_code(self) -> None:
        self._timer.stop()  # the field is left: no suggestions popping up after that
        before = self._chosen
        self.resolve()
        if self._chosen is before:
            self.changed.emit()
