"""Moved to :mod:`cmms_desktop.ui.widgets.attachments` (shared with the other modules).

Kept so that existing imports keep working.
"""

from __future__ import annotations

from cmms_desktop.ui.widgets.attachments import (
    THUMBNAIL,
    AttachmentLike,
    ImageViewerDialog,
    attachment_icon,
    attachment_kind,
    guess_mime_type,
    human_size,
    open_with_system,
    safe_filename,
)

__all__ = [
    "THUMBNAIL",
    "AttachmentLike",
    "ImageViewerDialog",
    "attachment_icon",
    "attachment_kind",
    "guess_mime_type",
    "human_size",
    "open_with_system",
    "safe_filename",
]
