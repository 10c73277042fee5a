"""Where a printed document goes: the save dialog and the computer's viewer.

Pages take these as injectable callables (tests give their own), so that
printing never opens a dialog or a program in a test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

__all__ = [
    "FileOpener",
    "SaveFileAsker",
    "ask_pdf_path",
    "not_written_text",
    "open_document",
    "write_document",
]

# (parent, suggested file name) -> where to write, or None when the user gave up
SaveFileAsker = Callable[[QWidget, str], Path | None]
FileOpener = Callable[[Path], None]


def ask_pdf_path(parent: QWidget, caption: str, suggested: str) -> Path | None:
    """Ask where to save a PDF (in the home folder by default); ``.pdf`` is added if missing."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        caption,
        str(Path.home() / suggested),
        QCoreApplication.translate("Documents", "PDF documents (*.pdf)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def open_document(path: Path) -> None:
    """Open a written document in the computer's own program."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def write_document(target: Path, data: bytes) -> str | None:
    """Write a printed document; why it could not be (None: written)."""
    try:
        target.write_bytes(data)
    except OSError as error:
        return str(error.strerror or error)
    return None


def not_written_text(reason: str) -> str:
    """What to tell the user when a document could not be written, in their language."""
    text = QCoreApplication.translate("Documents", "The PDF could not be written: {reason}")
    return text.format(reason=reason)
