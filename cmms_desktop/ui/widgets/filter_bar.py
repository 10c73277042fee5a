"""A filter bar for the SQL-backed lists: search as you type, choice filters, a period.

    bar = FilterBar(self)
    bar.set_search_placeholder(lambda: self.tr("Reference, description…"))
    bar.add_choice("status", lambda: self.tr("Status"), [("open", lambda: self.tr("Open")), ...])
    bar.add_choice("technician", lambda: self.tr("Technician"), [(user.id, user.name), ...])
    bar.add_period("reported")
    bar.changed.connect(lambda state: model.set_filter(to_query_filter(state)))

``changed`` carries a :class:`FilterState`: the search text, the value of each
choice (None for "All") and each period as a half-open UTC range
``[start, end)`` computed from local calendar days (None for "Any date").
Typing waits for a short pause (``debounce_ms``) before ``changed``;
:meth:`FilterBar.flush` (or Enter) emits at once. Every other change emits
at once. Texts are functions, re-asked when the language changes.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Literal

from PySide6.QtCore import QDate, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cmms_desktop.ui.widgets.validated_line_edit import TextSource

__all__ = [
    "PERIOD_KINDS",
    "ChoiceItem",
    "FilterBar",
    "FilterState",
    "PeriodKind",
    "local_day_range",
    "period_range",
]

PeriodKind = Literal["any", "today", "week", "month", "last_30_days", "custom"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("any", "today", "week", "month", "last_30_days", "custom")
# An item of a choice filter: (value, text); a text given as a function is translated
ChoiceItem = tuple[object, TextSource | str]
UtcRange = tuple[datetime, datetime]

DEFAULT_DEBOUNCE_MS = 150


def local_day_range(first: date, last: date, tz: tzinfo | None = None) -> UtcRange:
    """Local days ``first``..``last`` (inclusive) as a UTC ``[start, end)``.

    Each bound is local midnight, so a day of a DST change is 23 or 25 hours
    long. ``tz`` None: the computer's time zone.
    """
    if last < first:
        first, last = last, first

    def midnight(day: date) -> datetime:
        naive = datetime(day.year, day.month, day.day)
        local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
        return local.astimezone(UTC)

    return midnight(first), midnight(last + timedelta(days=1))


def period_range(
    kind: PeriodKind,
    today: date,
    tz: tzinfo | None = None,
    custom: tuple[date, date] | None = None,
) -> UtcRange | None:
    """The UTC range of a period relative to ``today`` (a local date); None for "any".

    Weeks start on Monday. "last_30_days" ends with today. "custom" needs ``custom``.
    """
    if kind == "any":
        return None
    if kind == "today":
        return local_day_range(today, today, tz)
    if kind == "week":
        monday = today - timedelta(days=today.weekday())
        return local_day_range(monday, monday + timedelta(days=6), tz)
    if kind == "month":
        days = calendar.monthrange(today.year, today.month)[1]
        return local_day_range(today.replace(day=1), today.replace(day=days), tz)
    if kind == "last_30_days":
        return local_day_range(today - timedelta(days=29), today, tz)
    if kind == "custom":
        if custom is None:
            raise ValueError("a custom period needs its dates")
        return local_day_range(custom[0], custom[1], tz)
    raise ValueError(f"unknown period {kind!r}")


@dataclass(frozen=True)
class FilterState:
    """What the filter bar asks for now."""

    text: str = ""
    choices: Mapping[str, object | None] = field(default_factory=dict)
    periods: Mapping[str, UtcRange | None] = field(default_factory=dict)
    period_kinds: Mapping[str, PeriodKind] = field(default_factory=dict)

    def choice(self, key: str) -> object | None:
        return self.choices.get(key)

    def period(self, key: str = "period") -> UtcRange | None:
        return self.periods.get(key)

    def is_empty(self) -> bool:
        return (
            not self.text
            and all(v is None for v in self.choices.values())
            and all(v is None for v in self.periods.values())
        )

    def as_dict(self) -> dict[str, object]:
        """Flat: {"text": ..., <choice key>: value, <period key>: (start, end) | None}."""
        return {"text": self.text, **self.choices, **self.periods}


def _to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _text(source: TextSource | str) -> str:
    return source if isinstance(source, str) else source()


class _Choice:
    def __init__(
        self,
        label: QLabel,
        combo: QComboBox,
        title: TextSource,
        all_text: TextSource,
    ) -> None:
        self.label = label
        self.combo = combo
        self.title = title
        self.all_text = all_text
        self.values: list[object | None] = []
        self.texts: list[TextSource | str] = []

    def fill(self, items: Sequence[ChoiceItem], selected: object | None) -> None:
        all_text = self.all_text
        self.values = [None, *(value for value, _ in items)]
        self.texts = [all_text, *(text for _, text in items)]
        self.combo.blockSignals(True)
        self.combo.clear()
        for text in self.texts:
            self.combo.addItem(_text(text))
        index = self.values.index(selected) if selected in self.values else 0
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def value(self) -> object | None:
        index = self.combo.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None

    def retranslate(self) -> None:
        self.label.setText(self.title())
        for index, text in enumerate(self.texts):
            self.combo.setItemText(index, _text(text))


class _Period:
    def __init__(
        self,
        label: QLabel,
        combo: QComboBox,
        start: QDateEdit,
        end: QDateEdit,
        title: TextSource,
        kinds: Sequence[PeriodKind],
    ) -> None:
        self.label = label
        self.combo = combo
        self.start = start
        self.end = end
        self.title = title
        self.kinds = list(kinds)

    def kind(self) -> PeriodKind:
        index = self.combo.currentIndex()
        return self.kinds[index] if 0 <= index < len(self.kinds) else "any"


class FilterBar(QWidget):
    """Search field, choice filters and periods in one row; ``changed(FilterState)``."""

    changed = Signal(object)  # FilterState

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        search: bool = True,
        debounce_ms: int = DEFAULT_DEBOUNCE_MS,
        today: Callable[[], date] = date.today,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._today = today
        self._tz = tz
        self._choices: dict[str, _Choice] = {}
        self._periods: dict[str, _Period] = {}
        self._placeholder: TextSource | None = None
        self._last_emitted: FilterState | None = None

        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.setVisible(search)
        self._layout.addWidget(self.search_edit, 3)
        self._filters_end = self._layout.count()
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)
        self._layout.addWidget(self.clear_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, debounce_ms))
        self._timer.timeout.connect(self._emit)
        self.search_edit.textChanged.connect(self._on_text_changed)
        self.search_edit.returnPressed.connect(self.flush)
        self.retranslate_ui()

    # ------------------------------------------------------------- building

    def set_search_placeholder(self, source: TextSource | None) -> None:
        self._placeholder = source
        self.retranslate_ui()

    def add_choice(
        self,
        key: str,
        title: TextSource,
        items: Sequence[ChoiceItem],
        *,
        all_text: TextSource | None = None,
    ) -> QComboBox:
        """A combo "title: All | item | item..."; its value is the item's value, None for All."""
        if key in self._choices or key in self._periods or key == "text":
            raise ValueError(f"filter {key!r} already exists")
        label = QLabel(self)
        label.setObjectName("secondaryText")
        combo = QComboBox(self)
        combo.setObjectName(f"{key}Filter")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(combo)
        choice = _Choice(label, combo, title, all_text or (lambda: self.tr("All")))
        choice.fill(items, None)
        self._choices[key] = choice
        self._insert(label, combo)
        combo.currentIndexChanged.connect(self._emit)
        choice.retranslate()
        return combo

    def set_choice_items(self, key: str, items: Sequence[ChoiceItem]) -> None:
        """Replace the items (e.g. after a sync), keeping the selection if still offered.

        Emits ``changed`` only when the selection had to go back to "All".
        """
        choice = self._choices[key]
        before = choice.value()
        choice.fill(items, before)
        if choice.value() != before:
            self._emit()

    def add_period(
        self,
        key: str = "period",
        title: TextSource | None = None,
        *,
        kinds: Sequence[PeriodKind] = PERIOD_KINDS,
    ) -> QComboBox:
        """A period combo (any date, today, this week, this month, last 30 days, custom)."""
        if key in self._choices or key in self._periods or key == "text":
            raise ValueError(f"filter {key!r} already exists")
        if not kinds:
            raise ValueError("a period filter needs at least one kind")
        label = QLabel(self)
        label.setObjectName("secondaryText")
        combo = QComboBox(self)
        combo.setObjectName(f"{key}Filter")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(combo)
        for _kind in kinds:
            combo.addItem("")
        today = self._qdate(self._today())
        start = QDateEdit(today.addDays(-6), self)
        end = QDateEdit(today, self)
        for edit, name in ((start, "Start"), (end, "End")):
            edit.setObjectName(f"{key}{name}")
            edit.setCalendarPopup(True)
            edit.hide()
            edit.dateChanged.connect(self._on_custom_dates)
        period = _Period(
            label,
            combo,
            start,
            end,
            title or (lambda: self.tr("Period")),
            kinds,
        )
        self._periods[key] = period
        self._insert(label, combo, start, end)
        combo.currentIndexChanged.connect(lambda _index: self._on_period_kind(period))
        self._retranslate_period(period)
        return combo

    def _insert(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self._layout.insertWidget(self._filters_end, widget)
            self._filters_end += 1

    # ------------------------------------------------------------------ state

    def state(self) -> FilterState:
        periods: dict[str, UtcRange | None] = {}
        kinds: dict[str, PeriodKind] = {}
        for key, period in self._periods.items():
            kind = period.kind()
            kinds[key] = kind
            custom = (_to_date(period.start.date()), _to_date(period.end.date()))
            periods[key] = period_range(kind, self._today(), self._tz, custom)
        return FilterState(
            text=self.search_edit.text().strip(),
            choices=MappingProxyType({k: c.value() for k, c in self._choices.items()}),
            periods=MappingProxyType(periods),
            period_kinds=MappingProxyType(kinds),
        )

    def flush(self) -> None:
        """Emit now what a pending search pause would emit later."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def set_text(self, text: str) -> None:
        """Set the search text and emit at once (no pause)."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)
        self._timer.stop()
        self._emit()

    def set_choice(self, key: str, value: object | None) -> bool:
        """Select ``value`` (None: All); False if it is not offered."""
        choice = self._choices[key]
        if value not in choice.values:
            return False
        choice.combo.setCurrentIndex(choice.values.index(value))
        return True

    def set_period(
        self, kind: PeriodKind, key: str = "period", custom: tuple[date, date] | None = None
    ) -> None:
        period = self._periods[key]
        if kind not in period.kinds:
            raise ValueError(f"{kind!r} is not offered by {key!r}")
        if custom is not None:
            for edit, day in ((period.start, custom[0]), (period.end, custom[1])):
                edit.blockSignals(True)
                edit.setDate(self._qdate(day))
                edit.blockSignals(False)
        if period.kind() == kind:
            self._on_period_kind(period)
        else:
            period.combo.setCurrentIndex(period.kinds.index(kind))

    def clear(self) -> None:
        """Back to no filter at all, with one ``changed``."""
        self._timer.stop()
        widgets: list[QWidget] = [self.search_edit]
        widgets += [c.combo for c in self._choices.values()]
        widgets += [p.combo for p in self._periods.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for choice in self._choices.values():
            choice.combo.setCurrentIndex(0)
        for period in self._periods.values():
            period.combo.setCurrentIndex(period.kinds.index("any") if "any" in period.kinds else 0)
            self._show_custom(period)
        for widget in widgets:
            widget.blockSignals(False)
        self._emit()

    def choice_combo(self, key: str) -> QComboBox:
        return self._choices[key].combo

    def period_combo(self, key: str = "period") -> QComboBox:
        return self._periods[key].combo

    def custom_date_edits(self, key: str = "period") -> tuple[QDateEdit, QDateEdit]:
        period = self._periods[key]
        return period.start, period.end

    # ------------------------------------------------------------- internals

    @staticmethod
    def _qdate(day: date) -> QDate:
        return QDate(day.year, day.month, day.day)

    def _on_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_period_kind(self, period: _Period) -> None:
        self._show_custom(period)
        self._emit()

    def _show_custom(self, period: _Period) -> None:
        custom = period.kind() == "custom"
        period.start.setVisible(custom)
        period.end.setVisible(custom)

    def _on_custom_dates(self, _date: QDate) -> None:
        if any(p.kind() == "custom" for p in self._periods.values()):
            self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.changed.emit(self.state())

    def _retranslate_period(self, period: _Period) -> None:
        names: dict[PeriodKind, str] = {
            "any": self.tr("Any date"),
            "today": self.tr("Today"),
            "week": self.tr("This week"),
            "month": self.tr("This month"),
            "last_30_days": self.tr("Last 30 days"),
            "custom": self.tr("Custom range…"),
        }
        period.label.setText(period.title())
        for index, kind in enumerate(period.kinds):
            period.combo.setItemText(index, names[kind])
        period.start.setToolTip(self.tr("From (included)"))
        period.end.setToolTip(self.tr("To (included)"))

    def retranslate_ui(self) -> None:
        if self._placeholder is not None:
            self.search_edit.setPlaceholderText(self._placeholder())
        else:
            self.search_edit.setPlaceholderText(self.tr("Search…"))
        self.clear_button.setText(self.tr("Clear filters"))
        for choice in self._choices.values():
            choice.retranslate()
        for period in self._periods.values():
            self._retranslate_period(period)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
