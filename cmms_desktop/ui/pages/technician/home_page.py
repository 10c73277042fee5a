"""Page "technician.home": the technician's landing page.

My tasks today and this week (tickets assigned to me and preventive tasks
scheduled for me), the new assignments (highlighted), my equipment, my
recent interventions, and a big "Report a failure". Every line opens its
page: a ticket its intervention sheet, a preventive task its sheet
("planning.intervention"), an equipment its detail. "Today" and "this week"
are this computer's local days (the week ends on Sunday night).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QLocale, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import EquipmentRef
from cmms_desktop.store.queries.technician import (
    MyIntervention,
    MyTask,
    TechnicianLanding,
    technician_landing,
)
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.equipment.labels import state_label
from cmms_desktop.ui.pages.failures.list_labels import (
    URGENCY_COLOURS,
    format_downtime,
    format_local,
    status_label,
    urgency_label,
)
from cmms_desktop.ui.pages.failures.page import (
    LIST_PAGE,
    PLANNING_INTERVENTION_PAGE,
    REPORT_PAGE,
    SHEET_PAGE,
    now_utc,
)
from cmms_desktop.ui.widgets.kpi_card import KpiCard
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["EQUIPMENT_PAGE", "PLANNING_PAGE", "TechnicianHomePage", "local_bounds"]

EQUIPMENT_PAGE = "equipment"
PLANNING_PAGE = "planning"
_TARGET_ROLE = Qt.ItemDataRole.UserRole  # (kind, id) of what the line opens
_NEW_BACKGROUND = "#fff4d6"
_DOT_SIZE = 12


def local_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The end of today and of this week (next Monday 00:00), in this computer's zone."""
    local = now.astimezone()
    today: date = local.date()
    tz = local.tzinfo
    day_end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz)
    week_end = datetime.combine(today + timedelta(days=7 - today.weekday()), time(0), tzinfo=tz)
    return day_end, week_end


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(_DOT_SIZE, _DOT_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, _DOT_SIZE, _DOT_SIZE)
    painter.end()
    return QIcon(pixmap)


class _Section(QFrame):
    """A card with a title, a count and a list whose lines open something."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        self.list = QListWidget(self)
        self.list.setObjectName(name)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setIconSize(QSize(_DOT_SIZE, _DOT_SIZE))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setStyleSheet(
            "QListWidget { background: white; border: none; }"
            " QListWidget::item { padding: 5px 2px; border-bottom: 1px solid #eceef2; }"
            " QListWidget::item:selected { background: #d4e3f7; color: #1d2433; }"
        )
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("secondaryText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)

    def set_title(self, text: str, count: int) -> None:
        self.title_label.setText(f"{text} ({count})" if count else text)

    def set_empty_text(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)


class TechnicianHomePage(Page):
    """What a technician works on, read from the replica each time the page is shown."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self.setObjectName("technicianHome")
        self._engine = services.replica.engine
        self.clock: Callable[[], datetime] = now_utc
        self.landing: TechnicianLanding | None = None
        self._new_ids: set[uuid.UUID] = set()

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("secondaryText")
        self.report_button = QPushButton(self)
        self.report_button.setObjectName("reportButton")
        self.report_button.setProperty("primary", True)
        self.report_button.setMinimumSize(QSize(240, 52))
        self.report_button.setStyleSheet("font-size: 16px;")
        self.report_button.clicked.connect(self.report_failure)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.date_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner = MessageBanner(self)

        self.today_card = KpiCard(lambda: self.tr("To do today"), self)
        self.week_card = KpiCard(lambda: self.tr("Later this week"), self)
        self.new_card = KpiCard(lambda: self.tr("New assignments"), self)
        self.stopped_card = KpiCard(lambda: self.tr("Machines stopped"), self)
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in (self.today_card, self.new_card, self.stopped_card, self.week_card):
            card.set_clickable(True)
            cards.addWidget(card)

        self.new_section = _Section("newAssignments")
        self.new_section.setStyleSheet(
            "QFrame#card { border: 2px solid #f2a900; background: #fffbf0; }"
        )
        self.today_section = _Section("todayList")
        self.week_section = _Section("weekList")
        self.equipment_section = _Section("equipmentList")
        self.recent_section = _Section("recentList")
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.new_section, 2)
        left.addWidget(self.today_section, 3)
        left.addWidget(self.week_section, 2)
        self._left = left
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.equipment_section, 1)
        right.addWidget(self.recent_section, 1)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(cards)
        layout.addLayout(columns, 1)

        for section in self.sections():
            section.list.itemActivated.connect(self._on_activated)
            section.list.itemDoubleClicked.connect(self._on_activated)
        self.today_card.clicked.connect(lambda: self.today_section.list.setFocus())
        self.new_card.clicked.connect(lambda: self.new_section.list.setFocus())
        self.week_card.clicked.connect(lambda: self.week_section.list.setFocus())
        self.stopped_card.clicked.connect(lambda: self.today_section.list.setFocus())
        self.retranslate_ui()

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("My work")

    def show_argument(self, argument: object | None) -> None:
        self.refresh()
        first = next((s.list for s in self.sections() if s.list.count()), None)
        if first is not None:
            first.setCurrentRow(0)
            first.setFocus()
        else:
            self.report_button.setFocus()

    def refresh(self) -> None:
        now = self.clock()
        day_end, week_end = local_bounds(now)
        self.landing = technician_landing(
            self._engine, self.session.user_id, now=now, day_end=day_end, week_end=week_end
        )
        self._fill()

    # ------------------------------------------------------------------ API

    def sections(self) -> list[_Section]:
        return [
            self.new_section,
            self.today_section,
            self.week_section,
            self.equipment_section,
            self.recent_section,
        ]

    def report_failure(self) -> None:
        if self.navigator.can_navigate(REPORT_PAGE):
            self.navigator.navigate(REPORT_PAGE, None)

    def open_target(self, kind: str, target_id: uuid.UUID) -> bool:
        """Open what a line shows; False (and a message) when its page is not there."""
        if kind == "maintenance":
            keys = [(PLANNING_INTERVENTION_PAGE, target_id), (PLANNING_PAGE, None)]
        elif kind == "equipment":
            keys = [(EQUIPMENT_PAGE, target_id)]
        else:  # a ticket, or the sheet of one
            keys = [(SHEET_PAGE, target_id), (LIST_PAGE, target_id)]
        for key, argument in keys:
            if self.navigator.can_navigate(key):
                self.navigator.navigate(key, argument)
                return True
        self.banner.show_message("info", lambda: self.tr("This page is not available to you."))
        return False

    # ------------------------------------------------------------- internals

    def _fill(self) -> None:
        landing = self.landing
        if landing is None:
            return
        self._new_ids = {task.id for task in landing.new_assignments}
        self._fill_tasks(self.new_section.list, landing.new_assignments)
        self._fill_tasks(self.today_section.list, landing.today)
        self._fill_tasks(self.week_section.list, landing.this_week)
        self._fill_equipment(landing.equipment)
        self._fill_recent(landing.recent_interventions)
        self.new_section.setVisible(bool(landing.new_assignments))
        # an empty section only needs its title and one line
        for section, weight in ((self.today_section, 3), (self.week_section, 2)):
            self._left.setStretchFactor(section, weight if section.list.count() else 0)
        self._retranslate_counts()

    def _task_text(self, task: MyTask) -> str:
        parts = [f"{task.equipment.code} {task.equipment.name}"]
        if task.kind == "failure":
            parts.append(urgency_label(task.priority))
        else:
            parts.append(self.tr("Preventive"))
            if task.at is not None:
                parts.append(self.tr("planned {when}").format(when=format_local(task.at)))
        parts.append(status_label(task.status))
        if task.downtime_minutes is not None:
            parts.append(
                self.tr("stopped for {duration}").format(
                    duration=format_downtime(task.downtime_minutes)
                )
            )
        return f"{task.title}\n" + " · ".join(parts)

    def _fill_tasks(self, widget: QListWidget, tasks: Sequence[MyTask]) -> None:
        widget.clear()
        for task in tasks:
            item = QListWidgetItem(self._task_text(task))
            item.setData(_TARGET_ROLE, (task.kind, task.id))
            if task.kind == "failure":
                item.setIcon(_dot(URGENCY_COLOURS[str(task.priority)].background))
            else:
                item.setIcon(_dot("#2e7d32"))
            if task.id in self._new_ids:
                item.setBackground(QBrush(QColor(_NEW_BACKGROUND)))
            if task.downtime_minutes is not None:
                item.setForeground(QBrush(QColor("#912018")))
            widget.addItem(item)

    def _fill_equipment(self, refs: Sequence[EquipmentRef]) -> None:
        widget = self.equipment_section.list
        widget.clear()
        for ref in refs:
            item = QListWidgetItem(f"{ref.code} — {ref.name}\n{state_label(ref.state)}")
            item.setData(_TARGET_ROLE, ("equipment", ref.id))
            colour = {"down": "#c62828", "under_maintenance": "#f2a900"}.get(ref.state, "#2e7d32")
            item.setIcon(_dot(colour))
            widget.addItem(item)

    def _fill_recent(self, interventions: Sequence[MyIntervention]) -> None:
        widget = self.recent_section.list
        widget.clear()
        for done in interventions:
            when = format_local(done.ended_at or done.started_at)
            details = [f"{done.equipment.code} {done.equipment.name}", status_label(done.status)]
            if when:
                details.append(when)
            first = done.number + (f" — {done.diagnosis}" if done.diagnosis else "")
            item = QListWidgetItem(f"{first}\n" + " · ".join(details))
            item.setData(_TARGET_ROLE, ("failure", done.failure_id))
            widget.addItem(item)

    def _on_activated(self, item: QListWidgetItem) -> None:
        target = item.data(_TARGET_ROLE)
        if isinstance(target, tuple) and len(target) == 2 and isinstance(target[1], uuid.UUID):
            self.open_target(str(target[0]), target[1])

    def _retranslate_counts(self) -> None:
        landing = self.landing
        today = len(landing.today) if landing else 0
        week = len(landing.this_week) if landing else 0
        new = len(landing.new_assignments) if landing else 0
        stopped = sum(1 for t in landing.today if t.downtime_minutes is not None) if landing else 0
        locale = QLocale()
        self.today_card.set_value(locale.toString(today), tone="warning" if today else "neutral")
        self.new_card.set_value(locale.toString(new), tone="warning" if new else "neutral")
        self.stopped_card.set_value(
            locale.toString(stopped), tone="bad" if stopped else "good", colour_value=bool(stopped)
        )
        self.week_card.set_value(locale.toString(week), tone="neutral")
        self.new_section.set_title(self.tr("New assignments"), new)
        self.today_section.set_title(self.tr("Today"), today)
        self.week_section.set_title(self.tr("Later this week"), week)
        self.equipment_section.set_title(
            self.tr("My equipment"), len(landing.equipment) if landing else 0
        )
        self.recent_section.set_title(self.tr("My recent interventions"), 0)
        self.new_section.set_empty_text(self.tr("No new assignment."))
        self.today_section.set_empty_text(self.tr("Nothing planned today."))
        self.week_section.set_empty_text(self.tr("Nothing else planned this week."))
        self.equipment_section.set_empty_text(self.tr("No equipment in your work yet."))
        self.recent_section.set_empty_text(self.tr("No intervention yet."))

    def showEvent(self, event: QShowEvent) -> None:
        if self.landing is None:
            self.refresh()
        super().showEvent(event)

    # ---------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(
            self.tr("Hello {name}").format(name=self.session.full_name.split(" ")[0])
        )
        today = self.clock().astimezone().date()
        self.date_label.setText(
            QLocale().toString(
                QDate(today.year, today.month, today.day), QLocale.FormatType.LongFormat
            )
        )
        self.report_button.setText(self.tr("Report a failure"))
        self._fill()
        self._retranslate_counts()
