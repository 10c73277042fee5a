"""A line edit with its inline message, checked as you type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

__all__ = ["TextSource", "ValidatedLineEdit", "Validator"]

# Returns why the text is not acceptable, already translated, or None when it is.
Validator = Callable[[str], str | None]
# Produces a translated text when called: re-called when the language changes.
TextSource = Callable[[], str]

_ERROR_STYLE = "color: #b42318;"
_HINT_STYLE = "color: #5b6573;"


class ValidatedLineEdit(QWidget):
    """A QLineEdit and a message line under it.

    The validity is recomputed on every keystroke (``validity_changed``), but
    an error message only appears once the field was edited and left (or after
    :meth:`touch`, e.g. on a submit attempt): nobody wants to read "not an
    e-mail address" after typing the first letter. Once shown, the message
    follows the text live. An optional hint (e.g. the password rules) shows
    while there is no error.
    """

    validity_changed = Signal(bool)
    submitted = Signal()  # Enter pressed in the field

    def __init__(self, parent: QWidget | None = None, *, password: bool = False) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        if password:
            self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("fieldMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.message_label)
        self.setFocusProxy(self.line_edit)

        self._validator: Validator | None = None
        self._hint: TextSource | None = None
        self._external_error: TextSource | None = None
        self._edited = False
        self._touched = False
        self._valid = True

        self.line_edit.textEdited.connect(self._on_edited)
        self.line_edit.textChanged.connect(self._on_text_changed)
        self.line_edit.editingFinished.connect(self._on_editing_finished)
        self.line_edit.returnPressed.connect(self.submitted)

    # ------------------------------------------------------------------ API

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:
        self.line_edit.setText(text)

    def set_placeholder(self, text: str) -> None:
        self.line_edit.setPlaceholderText(text)

    def set_validator(self, validator: Validator | None) -> None:
        self._validator = validator
        self.revalidate()

    def set_hint(self, hint: TextSource | None) -> None:
        self._hint = hint
        self._show_message()

    def set_error(self, error: TextSource | None) -> None:
        """An error found elsewhere (e.g. "e-mail already used"), shown until the text changes."""
        self._external_error = error
        self.revalidate()

    def is_valid(self) -> bool:
        return self._valid

    def problem(self) -> str | None:
        """The current error message, if any (shown or not yet)."""
        if self._external_error is not None:
            return self._external_error()
        return self._validator(self.text()) if self._validator is not None else None

    def touch(self) -> None:
        """Show the error message now, if there is one."""
        self._touched = True
        self._show_message()

    def reset(self) -> None:
        """Empty the field and forget that it was touched."""
        self._external_error = None
        self.line_edit.clear()
        self._edited = False
        self._touched = False
        self.revalidate()

    def revalidate(self) -> None:
        valid = self.problem() is None
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._show_message()

    # ------------------------------------------------------------- internals

    def _on_edited(self, _text: str) -> None:
        self._edited = True

    def _on_text_changed(self, _text: str) -> None:
        self._external_error = None
        self.revalidate()

    def _on_editing_finished(self) -> None:
        if self._edited:
            self.touch()

    def _show_message(self) -> None:
        problem = self.problem()
        shown_error = problem is not None and (self._touched or self._external_error is not None)
        if shown_error:
            self.message_label.setText(problem or "")
            self.message_label.setStyleSheet(_ERROR_STYLE)
            self.message_label.show()
        elif self._hint is not None:
            self.message_label.setText(self._hint())
            self.message_label.setStyleSheet(_HINT_STYLE)
            self.message_label.show()
        else:
            self.message_label.clear()
            self.message_label.hide()
        if self.line_edit.property("invalid") != shown_error:
            self.line_edit.setProperty("invalid", shown_error)
            self.line_edit.style().unpolish(self.line_edit)
            self.line_edit.style().polish(self.line_edit)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show_message()
        super().changeEvent(event)
