"""The recurrence editor of a plan, with the preview of its next occurrences.

Every N days/weeks/months/years on chosen weekdays or day of the month, fixed
(from the schedule) or floating (from the last visit), every N operating hours
or cycles (whichever comes first), a seasonal window and the tolerance. The
preview runs :func:`cmms_core.rules.recurrence.next_occurrences` in the site's
time zone, with the equipment's meter readings when it has some.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from PySide6.QtCore import QDate, QEvent, QLocale, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.recurrence import (
    MeterState,
    Occurrence,
    Recurrence,
    next_occurrences,
    parse_recurrence,
)
from cmms_desktop.ui.pages.planning.plans_labels import weekday_short

__all__ = ["PREVIEW_COUNT", "RecurrenceEditor", "preview_occurrences"]

PREVIEW_COUNT = 8
_FREQS = ("daily", "weekly", "monthly", "yearly")
_ERROR_STYLE = "color: #b42318;"


def preview_occurrences(
    spec: Recurrence,
    *,
    anchor: date,
    today: date,
    tz: ZoneInfo,
    last_done: datetime | None = None,
    meters: Mapping[str, MeterState] | None = None,
    count: int = PREVIEW_COUNT,
) -> list[Occurrence]:
    """The next ``count`` occurrences from ``today``.

    A floating plan has one pending occurrence at a time: the following ones
    are shown as if each visit were done on its due day.
    """
    horizon = today + timedelta(days=366 * 5)
    if not spec.is_floating:
        found = next_occurrences(
            spec, anchor=anchor, tz=tz, window_start=today, horizon_end=horizon
        )
        return found[:count]
    found = []
    done = last_done
    for _ in range(count):
        step = next_occurrences(
            spec,
            anchor=anchor,
            tz=tz,
            window_start=today,
            horizon_end=horizon,
            last_done=done,
            meter_state=meters,
        )
        if not step or (found and step[0].due <= found[-1].due):
            break
        found.append(step[0])
        done = step[0].due
    return found


class RecurrenceEditor(QWidget):
    """Edits a :class:`Recurrence` and the plan's tolerance; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recurrenceEditor")
        self._tz = ZoneInfo("Europe/Paris")
        self._today: Callable[[], date] = date.today
        self._anchor_default = date.today()
        self._last_done: datetime | None = None
        self._meters: dict[str, MeterState] = {}
        self._start_chosen = False  # a stored "start", or one the user picked

        # --- calendar rule
        self.calendar_box = QGroupBox(self)
        self.calendar_box.setObjectName("calendarRule")
        self.calendar_box.setCheckable(True)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setObjectName("intervalSpin")
        self.interval_spin.setRange(1, 1000)
        self.freq_combo = QComboBox(self)
        self.freq_combo.setObjectName("freqCombo")
        for freq in _FREQS:
            self.freq_combo.addItem("", freq)
        self.every_label = QLabel(self)
        every_row = QHBoxLayout()
        every_row.addWidget(self.every_label)
        every_row.addWidget(self.interval_spin)
        every_row.addWidget(self.freq_combo, 1)
        self.weekday_checks: list[QCheckBox] = []
        self.weekdays_row = QWidget(self)
        weekdays = QHBoxLayout(self.weekdays_row)
        weekdays.setContentsMargins(0, 0, 0, 0)
        for day in range(7):
            check = QCheckBox(self.weekdays_row)
            check.setObjectName(f"weekday{day}")
            weekdays.addWidget(check)
            self.weekday_checks.append(check)
        weekdays.addStretch(1)
        self.month_day_spin = QSpinBox(self)
        self.month_day_spin.setObjectName("monthDaySpin")
        self.month_day_spin.setRange(0, 31)
        self.time_edit = QTimeEdit(self)
        self.time_edit.setObjectName("timeOfDay")
        self.time_edit.setDisplayFormat("HH:mm")
        self.start_edit = QDateEdit(self)
        self.start_edit.setObjectName("startDate")
        self.start_edit.setCalendarPopup(True)
        self.calendar_form = QFormLayout(self.calendar_box)
        self.calendar_form.addRow(every_row)
        self.weekdays_label = QLabel(self)
        self.month_day_label = QLabel(self)
        self.time_label = QLabel(self)
        self.start_label = QLabel(self)
        self.calendar_form.addRow(self.weekdays_label, self.weekdays_row)
        self.calendar_form.addRow(self.month_day_label, self.month_day_spin)
        self.calendar_form.addRow(self.time_label, self.time_edit)
        self.calendar_form.addRow(self.start_label, self.start_edit)

        # --- mode
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("modeCombo")
        self.mode_combo.addItem("", "fixed")
        self.mode_combo.addItem("", "floating")
        self.mode_label = QLabel(self)

        # --- counters
        self.counters_box = QGroupBox(self)
        self.counters_box.setObjectName("counters")
        self.hours_check = QCheckBox(self)
        self.hours_check.setObjectName("hoursCheck")
        self.hours_spin = self._amount("hoursSpin")
        self.cycles_check = QCheckBox(self)
        self.cycles_check.setObjectName("cyclesCheck")
        self.cycles_spin = self._amount("cyclesSpin")
        self.first_label = QLabel(self)
        self.first_label.setObjectName("secondaryText")
        self.first_label.setWordWrap(True)
        counters = QFormLayout(self.counters_box)
        counters.addRow(self.hours_check, self.hours_spin)
        counters.addRow(self.cycles_check, self.cycles_spin)
        counters.addRow(self.first_label)

        # --- season and tolerance
        self.season_box = QGroupBox(self)
        self.season_box.setObjectName("season")
        self.season_box.setCheckable(True)
        self.season_start = QComboBox(self)
        self.season_start.setObjectName("seasonStart")
        self.season_end = QComboBox(self)
        self.season_end.setObjectName("seasonEnd")
        for month in range(1, 13):
            self.season_start.addItem("", month)
            self.season_end.addItem("", month)
        self.season_policy = QComboBox(self)
        self.season_policy.setObjectName("seasonPolicy")
        self.season_policy.addItem("", "skip")
        self.season_policy.addItem("", "shift")
        self.season_from_label = QLabel(self)
        self.season_to_label = QLabel(self)
        self.season_policy_label = QLabel(self)
        season = QFormLayout(self.season_box)
        season.addRow(self.season_from_label, self.season_start)
        season.addRow(self.season_to_label, self.season_end)
        season.addRow(self.season_policy_label, self.season_policy)
        self.tolerance_spin = QSpinBox(self)
        self.tolerance_spin.setObjectName("toleranceSpin")
        self.tolerance_spin.setRange(0, 365)
        self.tolerance_label = QLabel(self)

        mode_form = QFormLayout()
        mode_form.addRow(self.mode_label, self.mode_combo)
        mode_form.addRow(self.tolerance_label, self.tolerance_spin)

        # --- preview
        self.preview_title = QLabel(self)
        self.preview_title.setObjectName("sectionTitle")
        self.preview_zone = QLabel(self)
        self.preview_zone.setObjectName("secondaryText")
        self.preview_zone.setWordWrap(True)
        self.preview_list = QListWidget(self)
        self.preview_list.setObjectName("occurrencePreview")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("recurrenceError")
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        left = QVBoxLayout()
        left.addWidget(self.calendar_box)
        left.addLayout(mode_form)
        left.addWidget(self.counters_box)
        left.addWidget(self.season_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview_title)
        right.addWidget(self.preview_zone)
        right.addWidget(self.preview_list, 1)
        right.addWidget(self.error_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.set_value({})
        for signal in (
            self.calendar_box.toggled,
            self.interval_spin.valueChanged,
            self.freq_combo.currentIndexChanged,
            self.month_day_spin.valueChanged,
            self.time_edit.timeChanged,
            self.start_edit.dateChanged,
            self.mode_combo.currentIndexChanged,
            self.hours_check.toggled,
            self.hours_spin.valueChanged,
            self.cycles_check.toggled,
            self.cycles_spin.valueChanged,
            self.season_box.toggled,
            self.season_start.currentIndexChanged,
            self.season_end.currentIndexChanged,
            self.season_policy.currentIndexChanged,
            self.tolerance_spin.valueChanged,
        ):
            signal.connect(self._on_changed)
        for check in self.weekday_checks:
            check.toggled.connect(self._on_changed)
        self.start_edit.dateChanged.connect(self._on_start_chosen)
        self.retranslate_ui()

    def _amount(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(1, 10_000_000)
        spin.setDecimals(0)
        spin.setValue(500)
        return spin

    # ------------------------------------------------------------------ API

    def set_context(
        self,
        tz: ZoneInfo,
        *,
        anchor: date | None = None,
        last_done: datetime | None = None,
        meters: Mapping[str, list[tuple[datetime, float]]] | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        """The site's time zone, the plan's anchor, last visit and the equipment's readings."""
        self._tz = tz
        if today is not None:
            self._today = today
        self._anchor_default = anchor or self._today()
        self._last_done = last_done
        self._meters = {name: MeterState.of(values) for name, values in (meters or {}).items()}
        if not self._start_chosen:
            day = self._anchor_default
            self.start_edit.blockSignals(True)
            self.start_edit.setDate(QDate(day.year, day.month, day.day))
            self.start_edit.blockSignals(False)
        self.update_preview()

    def set_value(self, recurrence: Mapping[str, Any], tolerance_days: int = 0) -> None:
        spec = parse_recurrence(recurrence)
        widgets = [self, *self.findChildren(QWidget)]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.calendar_box.setChecked(spec.freq is not None)
            self.freq_combo.setCurrentIndex(
                _FREQS.index(spec.freq.value if spec.freq else "monthly")
            )
            self.interval_spin.setValue(spec.interval)
            for day, check in enumerate(self.weekday_checks):
                check.setChecked(day in spec.weekdays)
            self.month_day_spin.setValue(spec.month_day or 0)
            self.time_edit.setTime(QTime(spec.time_of_day.hour, spec.time_of_day.minute))
            self._start_chosen = spec.start is not None
            start = spec.start or self._anchor_default
            self.start_edit.setDate(QDate(start.year, start.month, start.day))
            self.mode_combo.setCurrentIndex(1 if spec.mode == "floating" else 0)
            meters = {rule.meter: rule.every for rule in spec.meters}
            self.hours_check.setChecked("hours" in meters)
            self.hours_spin.setValue(meters.get("hours", 500))
            self.cycles_check.setChecked("cycles" in meters)
            self.cycles_spin.setValue(meters.get("cycles", 10_000))
            self.season_box.setChecked(spec.season is not None)
            if spec.season is not None:
                self.season_start.setCurrentIndex(spec.season.start_month - 1)
                self.season_end.setCurrentIndex(spec.season.end_month - 1)
                self.season_policy.setCurrentIndex(0 if spec.season.policy == "skip" else 1)
            else:
                self.season_start.setCurrentIndex(3)
                self.season_end.setCurrentIndex(9)
            self.tolerance_spin.setValue(tolerance_days)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._update_visibility()
        self.update_preview()

    def raw_value(self) -> dict[str, Any]:
        """The recurrence as JSON, before validation."""
        value: dict[str, Any] = {"mode": self.mode_combo.currentData()}
        if self.calendar_box.isChecked():
            freq = str(self.freq_combo.currentData())
            value["freq"] = freq
            value["interval"] = self.interval_spin.value()
            if freq == "weekly":
                value["weekdays"] = [d for d, c in enumerate(self.weekday_checks) if c.isChecked()]
            if freq in ("monthly", "yearly") and self.month_day_spin.value():
                value["month_day"] = self.month_day_spin.value()
            moment = self.time_edit.time()
            value["time_of_day"] = time(moment.hour(), moment.minute()).isoformat()
            if self._start_chosen:
                day = self.start_edit.date()
                value["start"] = date(day.year(), day.month(), day.day()).isoformat()
        else:
            value["freq"] = None
        meters = []
        if self.hours_check.isChecked():
            meters.append({"meter": "hours", "every": self.hours_spin.value()})
        if self.cycles_check.isChecked():
            meters.append({"meter": "cycles", "every": self.cycles_spin.value()})
        if meters:
            value["meters"] = meters
        if self.season_box.isChecked():
            value["season"] = {
                "start_month": self.season_start.currentData(),
                "end_month": self.season_end.currentData(),
                "policy": self.season_policy.currentData(),
            }
        return value

    def value(self) -> Recurrence:
        """The recurrence; raises ValidationError when it counts nothing."""
        return Recurrence.model_validate(self.raw_value())

    def tolerance_days(self) -> int:
        return self.tolerance_spin.value()

    def error(self) -> str | None:
        return None if self.error_label.isHidden() else self.error_label.text()

    def preview_texts(self) -> list[str]:
        return [self.preview_list.item(row).text() for row in range(self.preview_list.count())]

    def update_preview(self) -> None:
        self.preview_list.clear()
        try:
            spec = self.value()
        except ValidationError:
            self._show_error(self.tr("Choose a calendar rule, a counter, or both."))
            return
        self._show_error(None)
        found = preview_occurrences(
            spec,
            anchor=self._anchor_default,
            today=self._today(),
            tz=self._tz,
            last_done=self._last_done,
            meters=self._meters,
        )
        locale = QLocale()
        for occurrence in found:
            local = occurrence.due.astimezone(self._tz)
            moment = QDate(local.year, local.month, local.day)
            text = "{day}  {time}".format(
                day=locale.toString(moment, "ddd d MMM yyyy"),
                time=locale.toString(QTime(local.hour, local.minute), "HH:mm"),
            )
            if occurrence.trigger != "calendar":
                text += "  · " + self._trigger_text(occurrence.trigger)
            self.preview_list.addItem(text)
        if not found:
            self.preview_list.addItem(self.tr("No occurrence in the next five years."))
        if spec.meters and not self._meters:
            self.preview_zone.setText(
                self._zone_text()
                + "\n"
                + self.tr("Counters: no meter readings yet, only the calendar rule is shown.")
            )
        else:
            self.preview_zone.setText(self._zone_text())

    # ------------------------------------------------------------- internals

    def _trigger_text(self, trigger: str) -> str:
        if trigger == "hours":
            return self.tr("operating hours")
        if trigger == "cycles":
            return self.tr("cycles")
        return trigger

    def _zone_text(self) -> str:
        return self.tr("Times in the site's time zone ({zone}).").format(zone=self._tz.key)

    def _show_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(text is not None)

    def _on_start_chosen(self) -> None:
        self._start_chosen = True
        self.update_preview()

    def _on_changed(self) -> None:
        self._update_visibility()
        self.update_preview()
        self.changed.emit()

    def _update_visibility(self) -> None:
        freq = self.freq_combo.currentData()
        self.weekdays_row.setVisible(freq == "weekly")
        self.weekdays_label.setVisible(freq == "weekly")
        self.month_day_spin.setVisible(freq in ("monthly", "yearly"))
        self.month_day_label.setVisible(freq in ("monthly", "yearly"))
        self.hours_spin.setEnabled(self.hours_check.isChecked())
        self.cycles_spin.setEnabled(self.cycles_check.isChecked())
        counters = self.hours_check.isChecked() or self.cycles_check.isChecked()
        self.mode_combo.setEnabled(not counters)
        several = (
            counters
            + self.calendar_box.isChecked()
            + (self.hours_check.isChecked() and self.cycles_check.isChecked())
        )
        self.first_label.setVisible(several > 1)

    def retranslate_ui(self) -> None:
        self.calendar_box.setTitle(self.tr("Calendar"))
        self.every_label.setText(self.tr("Every"))
        names = {
            "daily": self.tr("day(s)"),
            "weekly": self.tr("week(s)"),
            "monthly": self.tr("month(s)"),
            "yearly": self.tr("year(s)"),
        }
        for row, freq in enumerate(_FREQS):
            self.freq_combo.setItemText(row, names[freq])
        for day, check in enumerate(self.weekday_checks):
            check.setText(weekday_short(day))
        self.weekdays_label.setText(self.tr("On"))
        self.month_day_label.setText(self.tr("Day of the month"))
        self.month_day_spin.setSpecialValueText(self.tr("Same day as the start"))
        self.month_day_spin.setToolTip(
            self.tr("A day the month does not have (31st) falls on its last day.")
        )
        self.time_label.setText(self.tr("At"))
        self.start_label.setText(self.tr("Starting on"))
        self.mode_label.setText(self.tr("Count from"))
        self.mode_combo.setItemText(0, self.tr("The schedule (fixed dates)"))
        self.mode_combo.setItemText(1, self.tr("The last visit (floating)"))
        self.counters_box.setTitle(self.tr("Counters"))
        self.hours_check.setText(self.tr("Every N operating hours"))
        self.cycles_check.setText(self.tr("Every N cycles"))
        self.hours_spin.setSuffix(" " + self.tr("h"))
        self.first_label.setText(
            self.tr("Whichever comes first decides; counters always count from the last visit.")
        )
        self.season_box.setTitle(self.tr("Seasonal window"))
        locale = QLocale()
        for row in range(12):
            self.season_start.setItemText(row, locale.monthName(row + 1))
            self.season_end.setItemText(row, locale.monthName(row + 1))
        self.season_from_label.setText(self.tr("From"))
        self.season_to_label.setText(self.tr("To (included)"))
        self.season_policy_label.setText(self.tr("Outside the window"))
        self.season_policy.setItemText(0, self.tr("Skip the visit"))
        self.season_policy.setItemText(1, self.tr("Move it to the window's first day"))
        self.tolerance_label.setText(self.tr("Tolerance"))
        self.tolerance_spin.setSuffix(" " + self.tr("day(s)"))
        self.tolerance_spin.setToolTip(
            self.tr("A visit done within this many days of its due date is on time.")
        )
        self.preview_title.setText(self.tr("Next occurrences"))
        self.update_preview()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
