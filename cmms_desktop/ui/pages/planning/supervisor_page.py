"""Page "planning.supervisor": the supervisor's landing page, for one of their sites.

KPI cards (PM compliance over 90 days, interventions awaiting validation,
overdue preventive tasks, technicians present), the interventions awaiting
validation (opened on the intervention page), overdue preventive tasks, the
team (today's load, absences) and the workload per technician per week (bars).
Everything comes from :func:`cmms_desktop.store.queries.planning.supervisor_landing`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.recurrence import local_datetime
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.planning import (
    SupervisorLanding,
    calendar_events,
    site_timezone,
    supervisor_landing,
)
from cmms_desktop.store.queries.preventive import list_sites
from cmms_desktop.ui.labels import role_label
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.planning.intervention_page import INTERVENTION_PAGE
from cmms_desktop.ui.pages.planning.plans_labels import (
    format_day,
    format_local,
    format_minutes,
    task_status_label,
)
from cmms_desktop.ui.widgets.chart import ChartSeries, TimeChart
from cmms_desktop.ui.widgets.kpi_card import KpiCard, Tone

__all__ = ["SUPERVISOR_PAGE", "SupervisorPage"]

SUPERVISOR_PAGE = "planning.supervisor"
WEEKS = 4
COMPLIANCE_DAYS = 90
_ID_ROLE = Qt.ItemDataRole.UserRole
_RED = QColor("#b42318")


def _table(parent: QWidget, name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _card(title: QLabel, *widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class SupervisorPage(Page):
    """The landing page of a supervisor; ``show_argument(site_id)`` picks the site."""

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        self._now = now
        self.landing: SupervisorLanding | None = None
        self._today_load: dict[uuid.UUID, int] = {}

        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.site_combo = QComboBox(self)
        self.site_combo.setObjectName("siteCombo")
        for site in list_sites(self._engine, session.site_ids):
            self.site_combo.addItem(f"{site.code} — {site.name}", str(site.id))
        self.site_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("refreshLanding")
        self.refresh_button.clicked.connect(self.refresh)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addStretch(1)
        title_row.addWidget(self.site_combo)
        title_row.addWidget(self.refresh_button)

        # --- KPI cards
        self.compliance_card = KpiCard(lambda: self.tr("PM compliance (90 days)"), self)
        self.compliance_card.setObjectName("complianceCard")
        self.awaiting_card = KpiCard(lambda: self.tr("Awaiting validation"), self)
        self.awaiting_card.setObjectName("awaitingCard")
        self.overdue_card = KpiCard(lambda: self.tr("Overdue preventive tasks"), self)
        self.overdue_card.setObjectName("overdueCard")
        self.team_card = KpiCard(lambda: self.tr("Technicians present"), self)
        self.team_card.setObjectName("teamCard")
        cards = QHBoxLayout()
        cards.setSpacing(12)
        for card in (self.compliance_card, self.awaiting_card, self.overdue_card, self.team_card):
            cards.addWidget(card, 1)

        # --- awaiting validation
        self.awaiting_title = QLabel(self)
        self.awaiting_table = _table(self, "awaitingTable", 5)
        self.awaiting_table.itemActivated.connect(self._open_item)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openIntervention")
        self.open_button.clicked.connect(self.open_selected)
        self.awaiting_empty = QLabel(self)
        self.awaiting_empty.setObjectName("secondaryText")
        awaiting_card = _card(
            self.awaiting_title, self.awaiting_empty, self.awaiting_table, self.open_button
        )

        # --- overdue
        self.overdue_title = QLabel(self)
        self.overdue_table = _table(self, "overdueTable", 5)
        self.overdue_table.itemActivated.connect(self._open_item)
        self.overdue_empty = QLabel(self)
        self.overdue_empty.setObjectName("secondaryText")
        overdue_card = _card(self.overdue_title, self.overdue_empty, self.overdue_table)

        # --- team
        self.team_title = QLabel(self)
        self.team_table = _table(self, "teamTable", 4)
        team_card = _card(self.team_title, self.team_table)

        # --- workload
        self.workload_chart = TimeChart(
            self,
            title=lambda: self.tr("Workload per technician per week (hours scheduled)"),
            y_label=lambda: self.tr("hours"),
            period_days=7,
            empty_text=lambda: self.tr("No task scheduled for the team in the next weeks."),
        )
        self.workload_chart.setMinimumHeight(240)
        workload_frame = QFrame(self)
        workload_frame.setObjectName("card")
        workload_layout = QVBoxLayout(workload_frame)
        workload_layout.setContentsMargins(14, 12, 14, 12)
        workload_layout.addWidget(self.workload_chart)

        content = QWidget(self)
        content.setObjectName("supervisorContent")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        grid.addWidget(awaiting_card, 0, 0)
        grid.addWidget(team_card, 0, 1)
        grid.addWidget(overdue_card, 1, 0)
        grid.addWidget(workload_frame, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 20, 24, 16)
        column.setSpacing(12)
        column.addLayout(title_row)
        column.addLayout(cards)
        column.addLayout(grid, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ data

    def site_id(self) -> uuid.UUID | None:
        data = self.site_combo.currentData()
        return uuid.UUID(str(data)) if data else None

    def refresh(self) -> None:
        site_id = self.site_id()
        if site_id is None:
            self.landing = None
            self._fill()
            return
        now = self._now()
        self.landing = supervisor_landing(
            self._engine, site_id, now, weeks=WEEKS, compliance_days=COMPLIANCE_DAYS
        )
        self._today_load = self._load_today(site_id, now)
        self._fill()

    def _load_today(self, site_id: uuid.UUID, now: datetime) -> dict[uuid.UUID, int]:
        tz = site_timezone(self._engine, site_id)
        today: date = now.astimezone(tz).date()
        start = local_datetime(today, time(), tz)
        end = local_datetime(today + timedelta(days=1), time(), tz)
        load: dict[uuid.UUID, int] = {}
        for event in calendar_events(self._engine, start, end, site_ids=[site_id]):
            if event.assigned_to is None:
                continue
            overlap = min(event.end, end) - max(event.start, start)
            minutes = int(overlap.total_seconds() // 60)
            load[event.assigned_to] = load.get(event.assigned_to, 0) + max(0, minutes)
        return load

    def _fill(self) -> None:
        landing = self.landing
        if landing is None:
            for table in (self.awaiting_table, self.overdue_table, self.team_table):
                table.setRowCount(0)
            self.workload_chart.clear()
            return
        rate = landing.compliance.rate
        decided = landing.compliance.total - landing.compliance.pending
        if rate is None:
            self.compliance_card.set_value(
                "—", subtitle=self.tr("No preventive task due in the period")
            )
        else:
            tone: Tone = "good" if rate >= 0.9 else "warning" if rate >= 0.75 else "bad"
            self.compliance_card.set_value(
                f"{rate * 100:.0f} %",
                subtitle=self.tr("{ok} on time of {n} due").format(
                    ok=landing.compliance.on_time, n=decided
                ),
                tone=tone,
                colour_value=True,
            )
        awaiting = len(landing.awaiting_validation)
        flagged = sum(item.out_of_limit for item in landing.awaiting_validation)
        self.awaiting_card.set_value(
            str(awaiting),
            subtitle=self.tr("{n} with an out-of-limit measurement").format(n=flagged)
            if flagged
            else "",
            tone="warning" if awaiting else None,
        )
        overdue = len(landing.overdue)
        self.overdue_card.set_value(
            str(overdue), tone="bad" if overdue else "good", colour_value=bool(overdue)
        )
        technicians = [m for m in landing.team if m.role == "technician"]
        present = sum(not m.absent_now for m in technicians)
        self.team_card.set_value(
            f"{present} / {len(technicians)}",
            subtitle=self.tr("{n} absent").format(n=len(technicians) - present)
            if present < len(technicians)
            else "",
        )
        self._fill_awaiting()
        self._fill_overdue()
        self._fill_team()
        self._fill_workload()

    def _set_row(
        self, table: QTableWidget, row: int, values: Sequence[str], task_id: uuid.UUID | None
    ) -> list[QTableWidgetItem]:
        items = []
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if task_id is not None:
                item.setData(_ID_ROLE, str(task_id))
            item.setToolTip(text)
            table.setItem(row, column, item)
            items.append(item)
        return items

    def _fill_awaiting(self) -> None:
        assert self.landing is not None
        rows = self.landing.awaiting_validation
        self.awaiting_table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            items = self._set_row(
                self.awaiting_table,
                row,
                [
                    entry.title,
                    entry.equipment_code,
                    entry.technician_name or "—",
                    format_local(entry.ended_at),
                    self.tr("Out of limits") if entry.out_of_limit else "",
                ],
                entry.task_id,
            )
            if entry.out_of_limit:
                items[4].setForeground(_RED)
        self.awaiting_empty.setVisible(not rows)
        self.open_button.setEnabled(bool(rows))

    def _fill_overdue(self) -> None:
        assert self.landing is not None
        rows = self.landing.overdue
        self.overdue_table.setRowCount(len(rows))
        for row, task in enumerate(rows):
            items = self._set_row(
                self.overdue_table,
                row,
                [
                    task.title,
                    task.equipment_code,
                    format_day(task.due_at),
                    self.tr("{n} d").format(n=task.days_late),
                    task.assignee_name or task_status_label(task.status),
                ],
                task.id,
            )
            items[3].setForeground(_RED)
        self.overdue_empty.setVisible(not rows)

    def _fill_team(self) -> None:
        assert self.landing is not None
        rows = self.landing.team
        self.team_table.setRowCount(len(rows))
        for row, member in enumerate(rows):
            load = self._today_load.get(member.id, 0)
            items = self._set_row(
                self.team_table,
                row,
                [
                    member.name,
                    role_label(member.role),
                    self.tr("Absent") if member.absent_now else format_minutes(load),
                    ", ".join(member.skills),
                ],
                None,
            )
            if member.absent_now:
                items[2].setForeground(_RED)

    def _fill_workload(self) -> None:
        assert self.landing is not None
        by_person: dict[str, list[tuple[date, float]]] = {}
        for cell in self.landing.workload:
            by_person.setdefault(cell.name, []).append((cell.week, cell.minutes / 60))
        series = [
            ChartSeries(name, points, kind="bar")
            for name, points in by_person.items()
            if any(value for _week, value in points)
        ]
        self.workload_chart.set_series(series)

    # --------------------------------------------------------------- actions

    def _open_item(self, item: QTableWidgetItem) -> None:
        data = item.data(_ID_ROLE)
        if data:
            self.open_task(uuid.UUID(str(data)))

    def open_selected(self) -> None:
        row = self.awaiting_table.currentRow()
        if row < 0 and self.awaiting_table.rowCount():
            row = 0
        item = self.awaiting_table.item(row, 0) if row >= 0 else None
        if item is not None:
            self._open_item(item)

    def open_task(self, task_id: uuid.UUID) -> None:
        if self.navigator.can_navigate(INTERVENTION_PAGE):
            self.navigator.navigate(INTERVENTION_PAGE, task_id)

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Supervision")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, uuid.UUID):
            index = self.site_combo.findData(str(argument))
            if index >= 0 and index != self.site_combo.currentIndex():
                self.site_combo.setCurrentIndex(index)
                return
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Supervision"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.awaiting_title.setText(self.tr("Interventions awaiting validation"))
        self.awaiting_table.setHorizontalHeaderLabels(
            [
                self.tr("Task"),
                self.tr("Equipment"),
                self.tr("Technician"),
                self.tr("Done on"),
                self.tr("Flag"),
            ]
        )
        self.awaiting_empty.setText(self.tr("Nothing to validate."))
        self.open_button.setText(self.tr("Open the sheet"))
        self.overdue_title.setText(self.tr("Overdue preventive tasks"))
        self.overdue_table.setHorizontalHeaderLabels(
            [
                self.tr("Task"),
                self.tr("Equipment"),
                self.tr("Due"),
                self.tr("Late"),
                self.tr("Technician"),
            ]
        )
        self.overdue_empty.setText(self.tr("No preventive task is overdue."))
        self.team_title.setText(self.tr("Team"))
        self.team_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Today"), self.tr("Skills")]
        )
        for table, widths in (
            (self.awaiting_table, (150, 100, 105, 100)),
            (self.overdue_table, (160, 100, 80, 50)),
            (self.team_table, (135, 110, 95)),
        ):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)
        if self.landing is not None:
            self._fill()
