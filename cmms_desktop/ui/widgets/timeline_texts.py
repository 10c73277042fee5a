"""Words for the traceability timeline of a ticket or an equipment, in the current language.

The :class:`~cmms_desktop.ui.widgets.timeline.Timeline` widget is
module-agnostic; this gives it the words of the audit entries a ticket and an
equipment collect (failure commands, the repair sheet, its parts and photos,
equipment changes). ``TimelineTexts.entries`` keeps only the changes worth
reading (no ids, versions, derived totals of a creation); ``describe``,
``field_label`` and ``value_text`` are the widget's callbacks.

    texts = TimelineTexts(names={user_id: "Tom"}.get)
    Timeline(parent, describe=texts.describe, field_label=texts.field_label,
             value_text=texts.value_text).set_entries(texts.entries(failure_timeline(db, id)))
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from cmms_desktop.store.queries.timeline import TimelineEntry
from cmms_desktop.ui.widgets.timeline import TimelineItem, format_local_time

__all__ = ["ShownEntry", "TimelineTexts"]

# The fields a reader cares about, in the order they are listed.
_SHOWN = (
    "status",
    "state",
    "assigned_to",
    "urgency",
    "description",
    "equipment_stopped",
    "downtime_start",
    "downtime_end",
    "diagnosis",
    "root_cause",
    "actions_taken",
    "started_at",
    "ended_at",
    "labour",
    "external_cost",
    "before_photo_ids",
    "after_photo_ids",
    "rejection_comment",
    "quantity",
    "filename",
    "code",
    "name",
)
_DATES = frozenset({"downtime_start", "downtime_end", "started_at", "ended_at"})


@dataclass(frozen=True)
class ShownEntry:
    """An audit entry with only the changes worth reading (see :meth:`TimelineTexts.entries`)."""

    at: datetime
    action: str
    entity: str
    actor_name: str | None
    device_id: str | None
    offline: bool
    changes: Mapping[str, Sequence[object]] = field(default_factory=dict)
    made_at: datetime | None = None  # when the command was made on its device


class TimelineTexts:
    """``names(user_id)`` says who a user id is (for "assigned to"); None: unknown."""

    def __init__(self, names: Callable[[uuid.UUID], str | None] | None = None) -> None:
        self._names = names

    # ------------------------------------------------------------- entries

    def entries(self, found: Sequence[TimelineEntry]) -> list[ShownEntry]:
        """One entry per command: the rows one command wrote (ticket, sheet...) merged."""
        merged: list[ShownEntry] = []
        for entry in found:
            changes = {
                name: values
                for name in _SHOWN
                if (values := entry.changes.get(name)) is not None
                and not (len(values) > 1 and values[0] is None and values[1] in (None, "", []))
                and not (len(values) > 1 and values[0] == values[1])
            }
            last = merged[-1] if merged else None
            if last is not None and (last.at, last.action, last.actor_name, last.device_id) == (
                entry.at,
                entry.action,
                entry.actor_name,
                entry.device_id,
            ):
                merged[-1] = ShownEntry(
                    last.at,
                    last.action,
                    last.entity,
                    last.actor_name,
                    last.device_id,
                    last.offline or entry.offline,
                    {**changes, **last.changes},
                    last.made_at,
                )
                continue
            merged.append(
                ShownEntry(
                    entry.at,
                    entry.action,
                    entry.entity,
                    entry.actor_name,
                    entry.device_id,
                    entry.offline,
                    changes,
                    entry.made_at,
                )
            )
        return merged

    # ------------------------------------------------------------ headline

    def describe(self, entry: TimelineItem) -> str:
        action = entry.action
        if action == "failure.transition":
            status = entry.changes.get("status")
            new = status[1] if status is not None and len(status) > 1 else None
            return {
                "assigned": QCoreApplication.translate("TimelineTexts", "Assigned"),
                "in_progress": QCoreApplication.translate("TimelineTexts", "Work started"),
                "done": QCoreApplication.translate("TimelineTexts", "Signed off by the technician"),
                "validated": QCoreApplication.translate("TimelineTexts", "Validated (closed)"),
                "rejected": QCoreApplication.translate(
                    "TimelineTexts", "Sent back to the technician"
                ),
                "cancelled": QCoreApplication.translate("TimelineTexts", "Cancelled"),
            }.get(str(new), QCoreApplication.translate("TimelineTexts", "Status changed"))
        texts = {
            "failure.report": QCoreApplication.translate("TimelineTexts", "Failure reported"),
            "failure.restore_service": QCoreApplication.translate(
                "TimelineTexts", "Equipment back in service"
            ),
            "repair.save": QCoreApplication.translate("TimelineTexts", "Intervention sheet saved"),
            "repair.add_part": QCoreApplication.translate(
                "TimelineTexts", "Part taken from the store"
            ),
            "repair.remove_part": QCoreApplication.translate(
                "TimelineTexts", "Part put back in the store"
            ),
            "repair.sign_off": QCoreApplication.translate(
                "TimelineTexts", "Signed off by the technician"
            ),
            "attachment.add": QCoreApplication.translate("TimelineTexts", "Photo or file added"),
            "attachment.remove": QCoreApplication.translate(
                "TimelineTexts", "Photo or file removed"
            ),
            "equipment.create": QCoreApplication.translate("TimelineTexts", "Equipment created"),
            "equipment.update": QCoreApplication.translate("TimelineTexts", "Equipment edited"),
            "equipment.set_state": QCoreApplication.translate(
                "TimelineTexts", "Equipment state changed"
            ),
            "equipment.delete": QCoreApplication.translate("TimelineTexts", "Equipment deleted"),
            "conflict.resolve": QCoreApplication.translate("TimelineTexts", "Conflict decided"),
            "intervention.start": QCoreApplication.translate(
                "TimelineTexts", "Preventive visit started"
            ),
            "intervention.complete": QCoreApplication.translate(
                "TimelineTexts", "Preventive visit completed"
            ),
            "intervention.validate": QCoreApplication.translate(
                "TimelineTexts", "Preventive visit validated"
            ),
            "intervention.reject": QCoreApplication.translate(
                "TimelineTexts", "Preventive visit sent back"
            ),
        }
        return texts.get(action, action)

    # -------------------------------------------------------------- fields

    def field_label(self, name: str) -> str:
        labels = {
            "status": QCoreApplication.translate("TimelineTexts", "Status"),
            "state": QCoreApplication.translate("TimelineTexts", "Equipment state"),
            "assigned_to": QCoreApplication.translate("TimelineTexts", "Assigned to"),
            "urgency": QCoreApplication.translate("TimelineTexts", "Urgency"),
            "description": QCoreApplication.translate("TimelineTexts", "Description"),
            "equipment_stopped": QCoreApplication.translate("TimelineTexts", "Equipment stopped"),
            "downtime_start": QCoreApplication.translate("TimelineTexts", "Downtime start"),
            "downtime_end": QCoreApplication.translate("TimelineTexts", "Downtime end"),
            "diagnosis": QCoreApplication.translate("TimelineTexts", "Diagnosis"),
            "root_cause": QCoreApplication.translate("TimelineTexts", "Root cause"),
            "actions_taken": QCoreApplication.translate("TimelineTexts", "Actions taken"),
            "started_at": QCoreApplication.translate("TimelineTexts", "Work start"),
            "ended_at": QCoreApplication.translate("TimelineTexts", "Work end"),
            "labour": QCoreApplication.translate("TimelineTexts", "Time spent"),
            "external_cost": QCoreApplication.translate("TimelineTexts", "External services"),
            "before_photo_ids": QCoreApplication.translate("TimelineTexts", "Photos before"),
            "after_photo_ids": QCoreApplication.translate("TimelineTexts", "Photos after"),
            "rejection_comment": QCoreApplication.translate("TimelineTexts", "Rejection comment"),
            "quantity": QCoreApplication.translate("TimelineTexts", "Quantity"),
            "filename": QCoreApplication.translate("TimelineTexts", "File"),
            "code": QCoreApplication.translate("TimelineTexts", "Code"),
            "name": QCoreApplication.translate("TimelineTexts", "Name"),
        }
        return labels.get(name, name)

    def value_text(self, name: str, value: object) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if name == "status":
            return self.status_text(str(value))
        if name == "state":
            return self.state_text(str(value))
        if name == "equipment_stopped":
            return (
                QCoreApplication.translate("TimelineTexts", "yes")
                if value
                else QCoreApplication.translate("TimelineTexts", "no")
            )
        if name in _DATES:
            try:
                return format_local_time(datetime.fromisoformat(str(value)))
            except ValueError:
                return str(value)
        if name == "assigned_to":
            try:
                known = self._names(uuid.UUID(str(value))) if self._names else None
            except ValueError:
                known = None
            return known or QCoreApplication.translate("TimelineTexts", "someone else")
        if name == "labour" and isinstance(value, list):
            minutes = sum(int(line.get("minutes", 0)) for line in value if isinstance(line, dict))
            return QCoreApplication.translate(
                "TimelineTexts", "{people} technician(s), {minutes} min"
            ).format(people=len(value), minutes=minutes)
        if name in ("before_photo_ids", "after_photo_ids") and isinstance(value, list):
            return QCoreApplication.translate("TimelineTexts", "{count} photo(s)").format(
                count=len(value)
            )
        if name == "quantity":
            try:
                return f"{abs(Decimal(str(value))).normalize():f}"
            except InvalidOperation:
                return str(value)
        text = str(value)
        return text if len(text) <= 140 else text[:137] + "…"

    @staticmethod
    def status_text(status: str) -> str:
        return {
            "reported": QCoreApplication.translate("TimelineTexts", "Reported"),
            "assigned": QCoreApplication.translate("TimelineTexts", "Assigned"),
            "in_progress": QCoreApplication.translate("TimelineTexts", "In progress"),
            "done": QCoreApplication.translate("TimelineTexts", "To validate"),
            "validated": QCoreApplication.translate("TimelineTexts", "Closed"),
            "rejected": QCoreApplication.translate("TimelineTexts", "Sent back"),
            "cancelled": QCoreApplication.translate("TimelineTexts", "Cancelled"),
        }.get(status, status)

    @staticmethod
    def state_text(state: str) -> str:
        return {
            "active": QCoreApplication.translate("TimelineTexts", "Active"),
            "down": QCoreApplication.translate("TimelineTexts", "Down"),
            "under_maintenance": QCoreApplication.translate("TimelineTexts", "Under maintenance"),
            "out_of_service": QCoreApplication.translate("TimelineTexts", "Out of service"),
        }.get(state, state)
