"""Attachments (of an equipment, a failure, a repair sheet...): kinds, icons, the
photo viewer, opening a document.

Files live in the content-addressed BlobStore under their SHA-256; a document
is opened from a copy carrying its original name (the viewer application
shows that name, and picks the program by its extension). Everything here
takes any row with ``sha256``, ``filename`` and ``kind`` (:class:`AttachmentLike`):
the replica's ``AttachmentRow``, a photo strip's item...
"""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.store.blobs import BlobStore

__all__ = [
    "AttachmentLike",
    "ImageViewerDialog",
    "attachment_icon",
    "attachment_kind",
    "guess_mime_type",
    "human_size",
    "open_with_system",
    "safe_filename",
]

THUMBNAIL = QSize(48, 48)


class AttachmentLike(Protocol):
    """What the viewer and the icons need to know of an attachment."""

    @property
    def sha256(self) -> str: ...

    @property
    def filename(self) -> str: ...

    @property
    def kind(self) -> str: ...


def guess_mime_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def attachment_kind(mime_type: str) -> str:
    """ "photo" for image/*, "video" for video/*, else "document"."""
    if mime_type.startswith("image/"):
        return "photo"
    if mime_type.startswith("video/"):
        return "video"
    return "document"


def human_size(size: int) -> str:
    """1536 → "1.5 KB" / "1,5 Ko", in the current language."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def safe_filename(filename: str) -> str:
    """The original name without any folder part (a synced name is not trusted)."""
    name = Path(filename.replace("\\", "/")).name.strip()
    return name or "attachment"


def attachment_icon(
    widget: QWidget, blobs: BlobStore, row: AttachmentLike, size: QSize = THUMBNAIL
) -> QIcon:
    """A thumbnail for a photo already downloaded, otherwise the style's file icon."""
    if row.kind == "photo" and blobs.has(row.sha256):
        reader = QImageReader(str(blobs.path_for(row.sha256)))
        reader.setAutoTransform(True)
        original = reader.size()
        if original.isValid():
            reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            return QIcon(QPixmap.fromImage(image))
    style = widget.style()
    if row.kind == "video":
        return style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
    return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)


def open_with_system(blobs: BlobStore, row: AttachmentLike, folder: Path) -> bool:
    """Copy the blob to ``folder`` under its original name and open it; False if not here."""
    if not blobs.has(row.sha256):
        return False
    target_dir = Path(tempfile.mkdtemp(prefix=f"{row.sha256[:8]}-", dir=folder))
    target = target_dir / safe_filename(row.filename)
    blobs.export(row.sha256, target)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


class ImageViewerDialog(QDialog):
    """Photos scaled to fit the window, with previous/next."""

    def __init__(
        self,
        blobs: BlobStore,
        photos: Sequence[AttachmentLike],
        index: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.resize(900, 680)
        self._blobs = blobs
        self._photos = list(photos)
        self._index = max(0, min(index, len(photos) - 1))
        self._pixmap = QPixmap()

        self.image_label = QLabel(self)
        self.image_label.setObjectName("image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setMinimumSize(200, 150)
        self.caption_label = QLabel(self)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button = QPushButton(self)
        self.previous_button.setObjectName("previousButton")
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.show_next)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addStretch(1)
        buttons.addWidget(self.caption_label)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image_label, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._load()

    def index(self) -> int:
        return self._index

    def current(self) -> AttachmentLike:
        return self._photos[self._index]

    def show_previous(self) -> None:
        if self._index > 0:
            self._index -= 1
            self._load()

    def show_next(self) -> None:
        if self._index < len(self._photos) - 1:
            self._index += 1
            self._load()

    def _load(self) -> None:
        row = self.current()
        path = self._blobs.path_for(row.sha256)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        self._pixmap = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        self.setWindowTitle(safe_filename(row.filename))
        self.caption_label.setText(
            f"{safe_filename(row.filename)}  ({self._index + 1}/{len(self._photos)})"
        )
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(self._photos) - 1)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText(self.tr("This image cannot be shown."))
            return
        self.image_label.setText("")
        self.image_label.setPixmap(
            self._pixmap.scaled(
                self.image_label.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def retranslate_ui(self) -> None:
        self.previous_button.setText(self.tr("◀ Previous"))
        self.next_button.setText(self.tr("Next ▶"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            if not self._photos or self._pixmap.isNull():
                self._rescale()
        super().changeEvent(event)
