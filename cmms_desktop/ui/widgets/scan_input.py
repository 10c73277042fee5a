"""A line edit made for a barcode scanner: it types the code, then Enter.

Enter is the contract: whatever is in the field when Enter comes is one scan
(a person typing a reference and pressing Enter is treated the same way).
After a scan the field keeps the focus and its text stays selected, so that
the next scan replaces it: a storekeeper scans, scans, scans without
touching the mouse. Enter never reaches the dialog around the field (it
would press the dialog's default button).

Optional prefixes: labels may encode what a code is ("LOC:B-03-12" for a
location, "PRT-" parts...). With ``prefixes`` set, a code starting with one
of them (case-insensitive) is reported with the prefix found and the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["ScanInput", "clean_scan"]

_RESULT_STYLE = {
    "ok": "QLineEdit#scanInput { border: 2px solid #2e7d32; }",
    "error": "QLineEdit#scanInput { border: 2px solid #b42318; background: #fef3f2; }",
}


def clean_scan(raw: str) -> str:
    """The scanned text without surrounding blanks nor control characters (GS1's GS, CR...)."""
    return "".join(ch for ch in raw if ch.isprintable()).strip()


class ScanInput(QLineEdit):
    """Emits ``scanned(code)`` on Enter (trimmed, never empty), then selects all.

    ``scanned_with_prefix(prefix, code)`` is emitted too: ``prefix`` is the
    matching entry of ``prefixes`` as given ("" when none matched) and
    ``code`` the text after it; ``scanned`` carries that same code.
    """

    scanned = Signal(str)
    scanned_with_prefix = Signal(str, str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        prefixes: Sequence[str] = (),
        placeholder: TextSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scanInput")
        self.setClearButtonEnabled(True)
        self._prefixes = tuple(p for p in prefixes if p)
        self._placeholder = placeholder
        self._last = ""
        self._result: str | None = None
        self.textEdited.connect(self._on_edited)
        self.retranslate_ui()

    # ------------------------------------------------------------------ API

    def prefixes(self) -> tuple[str, ...]:
        return self._prefixes

    def set_prefixes(self, prefixes: Sequence[str]) -> None:
        self._prefixes = tuple(p for p in prefixes if p)

    def set_placeholder(self, placeholder: TextSource | None) -> None:
        """A placeholder re-asked on a language change (None: the default one)."""
        self._placeholder = placeholder
        self.retranslate_ui()

    def last_code(self) -> str:
        """The code of the last scan (prefix removed), "" before the first one."""
        return self._last

    def split_prefix(self, code: str) -> tuple[str, str]:
        """``(prefix, rest)`` for the first prefix ``code`` starts with, else ``("", code)``."""
        folded = code.casefold()
        for prefix in self._prefixes:
            if folded.startswith(prefix.casefold()) and len(code) > len(prefix):
                return prefix, code[len(prefix) :].strip()
        return "", code

    def submit(self) -> bool:
        """Take the field's text as a scan (what Enter does); False if it was empty."""
        code = clean_scan(self.text())
        self.selectAll()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if not code:
            return False
        prefix, rest = self.split_prefix(code)
        self._last = rest
        self.scanned_with_prefix.emit(prefix, rest)
        self.scanned.emit(rest)
        # a slot may have changed the text (or the focus): leave it ready for the next scan
        self.selectAll()
        return True

    def show_result(self, result: str | None) -> None:
        """Colour the field after a scan: "ok" (green), "error" (red) or None.

        Cleared as soon as the user types again. A page calls it after looking
        the code up, so that the storekeeper sees the outcome from afar.
        """
        self._result = result if result in _RESULT_STYLE else None
        self.setProperty("scanResult", self._result or "")
        self.setStyleSheet(_RESULT_STYLE.get(self._result or "", ""))

    def result(self) -> str | None:
        return self._result

    # ------------------------------------------------------------- internals

    def _on_edited(self, _text: str) -> None:
        if self._result is not None:
            self.show_result(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            event.accept()  # never let it press a dialog's default button
            return
        super().keyPressEvent(event)

    def retranslate_ui(self) -> None:
        if self._placeholder is not None:
            self.setPlaceholderText(self._placeholder())
        else:
            self.setPlaceholderText(self.tr("Scan a barcode or type a code, then Enter"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
