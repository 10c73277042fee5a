"""A horizontal strip of photo and video thumbnails: add, remove, open.

Used wherever pictures are taken: a failure report, the before/after photos of
an intervention sheet, a checklist's required photo, a part's picture. The
strip does not write to the replica: it stores picked files in the
content-addressed :class:`~cmms_desktop.store.blobs.BlobStore` and tells the
page (``added``/``removed``), which writes the ``attachment.add`` /
``attachment.remove`` commands when it sees fit (at once, or when its form is
saved: :meth:`StripItem.add_payload` makes the payload). ``tag`` says what the
strip holds ("before", "after"...) and is copied onto each of its items.

Photos open in the shared :class:`ImageViewerDialog` (with the strip's other
photos); videos and other files in the computer's own program.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.assets import MAX_ATTACHMENT_BYTES
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.ui.widgets.attachments import (
    ImageViewerDialog,
    attachment_icon,
    attachment_kind,
    guess_mime_type,
    human_size,
    open_with_system,
    safe_filename,
)
from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = ["FilePicker", "PhotoStrip", "StripItem"]

THUMBNAIL_SIZE = QSize(72, 72)
_ITEM_ROLE = Qt.ItemDataRole.UserRole
# Picks files to add (the default opens a QFileDialog); tests inject their own.
FilePicker = Callable[[QWidget], Sequence[Path]]
# Asked before removing an item already saved; the default asks with a QMessageBox.
ConfirmRemove = Callable[["StripItem"], bool]


class _AttachmentRowLike(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def sha256(self) -> str: ...

    @property
    def filename(self) -> str: ...

    @property
    def mime_type(self) -> str: ...

    @property
    def size_bytes(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def caption(self) -> str | None: ...


@dataclass(frozen=True)
class StripItem:
    """One attachment in a strip. ``saved`` False: picked here, not yet written."""

    id: uuid.UUID
    sha256: str
    filename: str
    mime_type: str
    size_bytes: int
    kind: str  # "photo", "video" or "document"
    tag: str | None = None
    caption: str | None = None
    saved: bool = True

    @classmethod
    def from_row(cls, row: _AttachmentRowLike, tag: str | None = None) -> StripItem:
        """From a replica row (e.g. ``store.queries.equipment.AttachmentRow``)."""
        return cls(
            id=row.id,
            sha256=row.sha256,
            filename=row.filename,
            mime_type=row.mime_type,
            size_bytes=row.size_bytes,
            kind=row.kind,
            tag=tag,
            caption=row.caption,
        )

    def add_payload(self, owner_table: str, owner_id: uuid.UUID) -> dict[str, object]:
        """The ``attachment.add`` payload that attaches this item to a row."""
        payload: dict[str, object] = {
            "id": self.id,
            "owner_table": owner_table,
            "owner_id": owner_id,
            "sha256": self.sha256,
            "filename": safe_filename(self.filename)[-255:],
            "mime_type": self.mime_type[:100],
            "size_bytes": self.size_bytes,
            "kind": self.kind,
        }
        if self.caption:
            payload["caption"] = self.caption
        return payload


class PhotoStrip(QWidget):
    """Thumbnails left to right, with "Add photo/video…" and "Remove" when editable."""

    added = Signal(object)  # StripItem, stored in the blob store, saved=False
    removed = Signal(object)  # StripItem
    problem = Signal(str)  # why a file was refused, translated (also shown under the strip)

    def __init__(
        self,
        blobs: BlobStore,
        parent: QWidget | None = None,
        *,
        tag: str | None = None,
        title: TextSource | None = None,
        editable: bool = True,
        videos: bool = True,
        pick_files: FilePicker | None = None,
        confirm_remove: ConfirmRemove | None = None,
        max_bytes: int = MAX_ATTACHMENT_BYTES,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("photoStrip")
        self._blobs = blobs
        self._tag = tag
        self._title = title
        self._editable = editable
        self._videos = videos
        self._pick_files = pick_files or self._ask_files
        self._confirm_remove = confirm_remove or self._ask_remove
        self._max_bytes = max_bytes
        self._items: list[StripItem] = []
        self._opened_files: tempfile.TemporaryDirectory[str] | None = None
        self._problem: TextSource | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("stripTitle")
        self.title_label.setStyleSheet("font-weight: 600;")
        self.title_label.setVisible(title is not None)
        self.list_widget = QListWidget(self)
        self.list_widget.setObjectName("thumbnails")
        self.list_widget.setViewMode(QListView.ViewMode.IconMode)
        self.list_widget.setFlow(QListView.Flow.LeftToRight)
        self.list_widget.setWrapping(False)
        self.list_widget.setMovement(QListView.Movement.Static)
        self.list_widget.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_widget.setIconSize(THUMBNAIL_SIZE)
        self.list_widget.setGridSize(
            QSize(THUMBNAIL_SIZE.width() + 16, THUMBNAIL_SIZE.height() + 26)
        )
        self.list_widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list_widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_widget.setFixedHeight(THUMBNAIL_SIZE.height() + 26 + 22)
        self.list_widget.itemActivated.connect(self._on_activated)
        self.list_widget.itemDoubleClicked.connect(self._on_activated)
        self.list_widget.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list_widget.installEventFilter(self)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addPhotoButton")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removePhotoButton")
        self.remove_button.clicked.connect(self.remove_selected)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("fieldMessage")
        self.message_label.setStyleSheet("color: #b42318;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list_widget, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addLayout(row)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message_label)
        self.retranslate_ui()
        self._refill()

    # ------------------------------------------------------------------ API

    def tag(self) -> str | None:
        return self._tag

    def items(self) -> list[StripItem]:
        return list(self._items)

    def new_items(self) -> list[StripItem]:
        """Items picked here and not yet written (``saved`` False)."""
        return [item for item in self._items if not item.saved]

    def set_items(self, items: Sequence[StripItem]) -> None:
        """Show these items (the strip's tag is set on them)."""
        self._items = [
            item if item.tag == self._tag else replace(item, tag=self._tag) for item in items
        ]
        self._show_problem(None)
        self._refill()

    def mark_saved(self) -> None:
        """The page wrote the new items: they are ordinary saved items now."""
        self._items = [replace(item, saved=True) for item in self._items]

    def is_editable(self) -> bool:
        return self._editable

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    def choose_files(self) -> list[StripItem]:
        """Ask for files (the picker), then :meth:`add_files` them."""
        if not self._editable:
            return []
        return self.add_files(self._pick_files(self))

    def add_files(self, paths: Sequence[Path]) -> list[StripItem]:
        """Store each file in the blob store and add it; refused files are explained."""
        added: list[StripItem] = []
        self._show_problem(None)
        for path in paths:
            item = self._store(Path(path))
            if item is None:
                continue
            self._items.append(item)
            added.append(item)
        if added:
            self._refill()
            self.list_widget.setCurrentRow(len(self._items) - 1)
            for item in added:
                self.added.emit(item)
        return added

    def remove_selected(self) -> StripItem | None:
        current = self.list_widget.currentItem()
        if current is None or not self._editable:
            return None
        item = self._item_of(current)
        if item is None or not self.remove(item):
            return None
        return item

    def remove(self, item: StripItem) -> bool:
        """Take ``item`` out (a saved one after confirmation); ``removed`` tells the page."""
        if item not in self._items:
            return False
        if item.saved and not self._confirm_remove(item):
            return False
        row = self._items.index(item)
        self._items.remove(item)
        self._refill()
        if self._items:
            self.list_widget.setCurrentRow(min(row, len(self._items) - 1))
        self.removed.emit(item)
        return True

    def open_item(self, item: StripItem) -> QWidget | None:
        """A photo in the viewer (returned), another file in its program."""
        if not self._blobs.has(item.sha256):
            self._show_problem(
                lambda: self.tr(
                    "This file is not on this computer yet: it will be downloaded "
                    "at the next synchronisation."
                )
            )
            return None
        if item.kind == "photo":
            photos = [i for i in self._items if i.kind == "photo" and self._blobs.has(i.sha256)]
            viewer = ImageViewerDialog(self._blobs, photos, photos.index(item), self)
            viewer.finished.connect(viewer.deleteLater)
            viewer.open()
            return viewer
        if self._opened_files is None:
            self._opened_files = tempfile.TemporaryDirectory(prefix="cmms-open-")
        if not open_with_system(self._blobs, item, Path(self._opened_files.name)):
            self._show_problem(lambda: self.tr("No program on this computer opens this file."))
        return None

    # ------------------------------------------------------------- internals

    def _store(self, path: Path) -> StripItem | None:
        name = safe_filename(path.name)
        mime_type = guess_mime_type(name)
        kind = attachment_kind(mime_type)
        if kind == "document" or (kind == "video" and not self._videos):
            self._show_problem(
                (lambda: self.tr("“{name}” is not a photo or a video.").format(name=name))
                if self._videos
                else (lambda: self.tr("“{name}” is not a photo.").format(name=name))
            )
            return None
        try:
            size = path.stat().st_size
        except OSError:
            self._show_problem(lambda: self.tr("“{name}” cannot be read.").format(name=name))
            return None
        if size > self._max_bytes:
            limit = human_size(self._max_bytes)
            self._show_problem(
                lambda: self.tr("“{name}” is too big (at most {size}).").format(
                    name=name, size=limit
                )
            )
            return None
        try:
            sha256, size = self._blobs.add_file(path)
        except OSError:
            self._show_problem(lambda: self.tr("“{name}” cannot be read.").format(name=name))
            return None
        return StripItem(
            id=uuid.uuid4(),
            sha256=sha256,
            filename=name,
            mime_type=mime_type,
            size_bytes=size,
            kind=kind,
            tag=self._tag,
            saved=False,
        )

    def _ask_files(self, parent: QWidget) -> list[Path]:
        photos = "*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic *.tif *.tiff"
        videos = "*.mp4 *.mov *.avi *.mkv *.webm *.3gp"
        if self._videos:
            filters = self.tr("Photos and videos ({patterns})").format(
                patterns=f"{photos} {videos}"
            )
        else:
            filters = self.tr("Photos ({patterns})").format(patterns=photos)
        all_files = self.tr("All files (*)")
        chosen, _filter = QFileDialog.getOpenFileNames(
            parent,
            self.tr("Add photos or videos") if self._videos else self.tr("Add photos"),
            str(Path.home()),
            f"{filters};;{all_files}",
        )
        return [Path(name) for name in chosen]

    def _ask_remove(self, item: StripItem) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the photo"),
            self.tr("Remove “{name}”?").format(name=safe_filename(item.filename)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _item_of(self, list_item: QListWidgetItem) -> StripItem | None:
        index = list_item.data(_ITEM_ROLE)
        return self._items[index] if isinstance(index, int) and index < len(self._items) else None

    def _on_activated(self, list_item: QListWidgetItem) -> None:
        item = self._item_of(list_item)
        if item is not None:
            self.open_item(item)

    def _refill(self) -> None:
        self.list_widget.clear()
        for index, item in enumerate(self._items):
            list_item = QListWidgetItem(
                attachment_icon(self.list_widget, self._blobs, item, THUMBNAIL_SIZE), ""
            )
            if item.kind != "photo":
                list_item.setText(self._elided(safe_filename(item.filename)))
            list_item.setData(_ITEM_ROLE, index)
            list_item.setToolTip(self._tooltip(item))
            self.list_widget.addItem(list_item)
        self.empty_label.setVisible(not self._items)
        self.list_widget.setVisible(bool(self._items))
        self._update_buttons()

    def _elided(self, text: str) -> str:
        metrics = self.list_widget.fontMetrics()
        return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, THUMBNAIL_SIZE.width() + 10)

    def _tooltip(self, item: StripItem) -> str:
        lines = [safe_filename(item.filename), human_size(item.size_bytes)]
        if item.caption:
            lines.insert(1, item.caption)
        if not self._blobs.has(item.sha256):
            lines.append(self.tr("Not on this computer yet"))
        return "\n".join(lines)

    def _update_buttons(self) -> None:
        self.add_button.setVisible(self._editable)
        self.remove_button.setVisible(self._editable)
        self.remove_button.setEnabled(self._editable and self.list_widget.currentItem() is not None)

    def _show_problem(self, message: TextSource | None) -> None:
        self._problem = message
        if message is None:
            self.message_label.clear()
            self.message_label.hide()
            return
        text = message()
        self.message_label.setText(text)
        self.message_label.show()
        self.problem.emit(text)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if (
            watched is self.list_widget
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self._editable
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def retranslate_ui(self) -> None:
        if self._title is not None:
            self.title_label.setText(self._title())
        self.add_button.setText(
            self.tr("Add photo/video…") if self._videos else self.tr("Add photo…")
        )
        self.remove_button.setText(self.tr("Remove"))
        self.empty_label.setText(self.tr("No photo yet."))
        if self._problem is not None:
            self.message_label.setText(self._problem())
        for row in range(self.list_widget.count()):
            list_item = self.list_widget.item(row)
            item = self._item_of(list_item)
            if item is not None:
                list_item.setToolTip(self._tooltip(item))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
