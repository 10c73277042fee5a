"""Combo boxes whose items carry uuids.

A uuid.UUID stored as item data comes back as the same Python object, but
QComboBox.findData() cannot compare such objects: items hold the uuid's text.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox

__all__ = ["add_id_item", "current_id", "select_id"]


def add_id_item(combo: QComboBox, text: str, item_id: uuid.UUID | None) -> None:
    combo.addItem(text, None if item_id is None else str(item_id))


def current_id(combo: QComboBox) -> uuid.UUID | None:
    value = combo.currentData()
    if not isinstance(value, str) or not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def select_id(combo: QComboBox, item_id: uuid.UUID | None) -> bool:
    """Select the item of ``item_id`` (None: the first item); False if there is none."""
    if item_id is None:
        combo.setCurrentIndex(0)
        return True
    found = combo.findData(str(item_id))
    if found < 0:
        return False
    combo.setCurrentIndex(found)
    return True
