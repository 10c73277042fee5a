"""Page "planning": the maintenance calendar (day, week, month), dragged to reschedule.

- Navigation: previous / today / next, and the Day, Week and Month views. The
  period is shown in the site's time zone (the chosen site's, else the first
  site of the user's); the day and week views show the technicians' working
  day, widened to every task shown.
- Filters (:class:`FilterBar`): site, technician (or "Unassigned"), equipment
  (those with tasks in the period). A technician sees their own calendar,
  read-only.
- Planners (``plan.manage``) drag a task to another time or day and resize it:
  each drop writes ``task.schedule`` through the LocalWriter (replica + outbox,
  offline-first). Conflicts never refuse a drop: the task's schedule warnings
  are shown in a banner and as a marker on the event.
- Double-click: the intervention sheet (page "planning.intervention").
- Actions: "Generate tasks" (``plan.generate_tasks`` from today over
  :data:`GENERATION_WEEKS` weeks, or to the end of the period shown),
  "Auto-assign" (``task.auto_assign`` for the unassigned tasks shown),
  "Export .ics" (the technician's or the site's calendar of the period).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_core.rules.permissions import Permission, can, has_permission
from cmms_core.rules.recurrence import local_datetime
from cmms_core.rules.roles import Role
from cmms_desktop.reports.ical import site_calendar, technician_calendar
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_sites
from cmms_desktop.store.queries.planning import CalendarEvent, calendar_events, site_timezone
from cmms_desktop.store.queries.planning_calendar import (
    count_tasks,
    schedule_warnings,
    technicians,
    working_day,
)
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.pages.base import Navigator, Page
from cmms_desktop.ui.pages.planning.calendar_layout import ViewMode, period_days, shift_anchor
from cmms_desktop.ui.pages.planning.calendar_legend import CalendarLegend
from cmms_desktop.ui.pages.planning.calendar_style import warning_message
from cmms_desktop.ui.pages.planning.calendar_view import CalendarView
from cmms_desktop.ui.widgets.filter_bar import FilterBar
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = [
    "GENERATION_WEEKS",
    "INTERVENTION_PAGE",
    "PAGE_KEY",
    "PlanningPage",
    "SaveFileName",
]

PAGE_KEY = "planning"
INTERVENTION_PAGE = "planning.intervention"
GENERATION_WEEKS = 8
MAX_GENERATION_DAYS = 366
AUTO_ASSIGN_SEARCH_DAYS = 7
AUTO_ASSIGN_CHUNK = 2000
UNASSIGNED = "unassigned"
DEFAULT_TZ = ZoneInfo("Europe/Paris")
_LOCKED = frozenset({"done", "validated", "cancelled"})

# (parent, caption, suggested path, filter) -> the chosen path, "" when cancelled
SaveFileName = Callable[[QWidget, str, str, str], str]


def _ask_save_file_name(parent: QWidget, caption: str, path: str, filters: str) -> str:
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, path, filters)
    return chosen


class PlanningPage(Page):
    """The planning calendar. ``show_argument``: a date to show, or None (keep the period)."""

    rescheduled = Signal(object)  # task id, after task.schedule was written
    open_requested = Signal(object)  # task id (double-click)

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, session, navigator, parent)
        self._engine = services.replica.engine
        # injectable for tests (and the screenshot tool)
        self.save_file_name: SaveFileName = _ask_save_file_name
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._may_plan = has_permission(session.role, Permission.PLAN_MANAGE)
        self._may_assign = self._may_plan and has_permission(
            session.role, Permission.WORKORDER_ASSIGN
        )
        self._own_only = session.role is Role.TECHNICIAN
        self._mode: ViewMode = "week"
        self._anchor: date | None = None
        self._loaded = False
        self._reloading = False
        self._timezones: dict[uuid.UUID, ZoneInfo] = {}
        self._equipment_codes: dict[uuid.UUID, str] = {}
        self._sites = list_sites(self._engine, session.site_ids)
        self._technicians = technicians(self._engine, session.site_ids)
        self._working = working_day(self._technicians)

        # --- title and navigation
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.period_label = QLabel(self)
        self.period_label.setObjectName("sectionTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("secondaryText")
        self.previous_button = self._button("previousPeriod", self.show_previous)
        self.today_button = self._button("today", self.show_today)
        self.next_button = self._button("nextPeriod", self.show_next)
        self.view_buttons: dict[ViewMode, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        for mode in ("day", "week", "month"):
            button = QPushButton(self)
            button.setObjectName(f"{mode}View")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, m=mode: self.set_mode(m))
            self.view_group.addButton(button)
            self.view_buttons[mode] = button
        self.view_buttons[self._mode].setChecked(True)
        self.generate_button = self._button("generateTasks", self.generate_tasks)
        self.assign_button = self._button("autoAssign", self.auto_assign)
        self.export_button = self._button("exportIcs", self.export_ics)
        self.generate_button.setVisible(self._may_plan)
        self.assign_button.setVisible(self._may_assign)

        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addSpacing(16)
        title_row.addWidget(self.period_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addSpacing(12)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        title_row.addStretch(1)
        nav_row = QHBoxLayout()
        nav_row.setSpacing(6)
        for button in (self.previous_button, self.today_button, self.next_button):
            nav_row.addWidget(button)
        nav_row.addSpacing(16)
        for button in self.view_buttons.values():
            nav_row.addWidget(button)
        nav_row.addStretch(1)
        for button in (self.generate_button, self.assign_button, self.export_button):
            nav_row.addWidget(button)

        # --- filters
        self.filter_bar = FilterBar(self, search=False)
        self.filter_bar.add_choice(
            "site", lambda: self.tr("Site"), [(site.id, site.name) for site in self._sites]
        )
        self.filter_bar.add_choice("technician", lambda: self.tr("Technician"), [])
        self.filter_bar.add_choice("equipment", lambda: self.tr("Equipment"), [])
        self._fill_technicians()
        if self._own_only:
            combo = self.filter_bar.choice_combo("technician")
            combo.setVisible(False)
            for label in self.filter_bar.findChildren(QLabel):
                if label.buddy() is combo:
                    label.setVisible(False)
        self.filter_bar.changed.connect(lambda _state: self.reload())

        # --- messages, empty state, calendar, legend
        self.banner = MessageBanner(self)
        self.banner.setObjectName("planningBanner")
        self.empty_box = QFrame(self)
        self.empty_box.setObjectName("card")
        self.empty_label = QLabel(self.empty_box)
        self.empty_label.setObjectName("secondaryText")
        self.empty_label.setWordWrap(True)
        self.empty_generate_button = QPushButton(self.empty_box)
        self.empty_generate_button.setObjectName("emptyGenerateTasks")
        self.empty_generate_button.setProperty("primary", True)
        self.empty_generate_button.clicked.connect(self.generate_tasks)
        self.empty_generate_button.setVisible(self._may_plan)
        empty_row = QHBoxLayout(self.empty_box)
        empty_row.setContentsMargins(12, 8, 12, 8)
        empty_row.addWidget(self.empty_label, 1)
        empty_row.addWidget(self.empty_generate_button)
        self.empty_box.hide()

        self.view = CalendarView(self)
        self.view.set_editable(self.may_reschedule)
        self.view.reschedule_requested.connect(self.reschedule)
        self.view.open_requested.connect(self.open_task)
        self.view.day_requested.connect(self.show_day)
        self.legend = CalendarLegend(self)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("secondaryText")
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.legend)
        bottom_row.addStretch(1)
        bottom_row.addWidget(self.hint_label)

        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.show_previous)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.show_next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(title_row)
        layout.addLayout(nav_row)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty_box)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom_row)
        self.retranslate_ui()

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ Page

    def title(self) -> str:
        return self.tr("Planning")

    def show_argument(self, argument: object | None) -> None:
        if isinstance(argument, date):
            self._anchor = argument if not isinstance(argument, datetime) else argument.date()
        self.ensure_loaded()
        if isinstance(argument, date):
            self.reload()
        self.view.setFocus()

    def refresh(self) -> None:
        if self._loaded:
            self._technicians = technicians(self._engine, self.session.site_ids)
            self._working = working_day(self._technicians)
            self._fill_technicians()
            self.reload()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.reload()

    # ------------------------------------------------------------- state

    def mode(self) -> ViewMode:
        return self._mode

    def anchor(self) -> date:
        if self._anchor is None:
            self._anchor = self.today()
        return self._anchor

    def today(self) -> date:
        return self.clock().astimezone(self.timezone()).date()

    def timezone(self) -> ZoneInfo:
        """The time zone of the chosen site, else of the user's first site."""
        site = self.filter_bar.state().choice("site")
        site_id = site if isinstance(site, uuid.UUID) else None
        if site_id is None and self._sites:
            site_id = self._sites[0].id
        if site_id is None:
            return DEFAULT_TZ
        if site_id not in self._timezones:
            self._timezones[site_id] = site_timezone(self._engine, site_id)
        return self._timezones[site_id]

    def visible_range(self) -> tuple[datetime, datetime]:
        """The UTC [start, end) of the period shown."""
        days = period_days(self._mode, self.anchor())
        tz = self.timezone()
        return (
            local_datetime(days[0], time(), tz),
            local_datetime(days[-1] + timedelta(days=1), time(), tz),
        )

    def events(self) -> list[CalendarEvent]:
        return self.view.events()

    def may_reschedule(self, event: CalendarEvent) -> bool:
        return (
            self._may_plan
            and event.status not in _LOCKED
            and can(self.session.actor, Permission.PLAN_MANAGE, event.site_id)
        )

    def _site_ids(self) -> list[uuid.UUID] | None:
        site = self.filter_bar.state().choice("site")
        if isinstance(site, uuid.UUID):
            return [site]
        return None if self.session.site_ids is None else sorted(self.session.site_ids)

    def _technician_filter(self) -> tuple[uuid.UUID | None, bool]:
        """(technician id, unassigned only)."""
        if self._own_only:
            return self.session.user_id, False
        chosen = self.filter_bar.state().choice("technician")
        if chosen == UNASSIGNED:
            return None, True
        return (chosen if isinstance(chosen, uuid.UUID) else None), False

    def _fill_technicians(self) -> None:
        items: list[tuple[object, Callable[[], str] | str]] = [
            (UNASSIGNED, lambda: self.tr("Unassigned"))
        ]
        items += [(person.id, person.name) for person in self._technicians]
        self._reloading = True
        try:
            self.filter_bar.set_choice_items("technician", items)
        finally:
            self._reloading = False

    # ------------------------------------------------------------ navigation

    def set_mode(self, mode: ViewMode) -> None:
        self._mode = mode
        self.view_buttons[mode].setChecked(True)
        self.reload()

    def show_previous(self) -> None:
        self._anchor = shift_anchor(self._mode, self.anchor(), -1)
        self.reload()

    def show_next(self) -> None:
        self._anchor = shift_anchor(self._mode, self.anchor(), 1)
        self.reload()

    def show_today(self) -> None:
        self._anchor = self.today()
        self.reload()

    def show_day(self, day: object) -> None:
        if isinstance(day, date):
            self._anchor = day
            self.set_mode("day")

    # ------------------------------------------------------------------ load

    def reload(self) -> None:
        """Read the period's tasks from the replica (one query) and lay them out."""
        if self._reloading:
            return
        self._reloading = True
        try:
            self._reload()
        finally:
            self._reloading = False

    def _reload(self) -> None:
        self._loaded = True
        start, end = self.visible_range()
        technician_id, unassigned = self._technician_filter()
        events = calendar_events(
            self._engine,
            start,
            end,
            site_ids=self._site_ids(),
            technician_id=technician_id,
            unassigned=unassigned,
        )
        equipment = {event.equipment_id: event.equipment_code for event in events}
        kept = self.filter_bar.state().choice("equipment")
        if isinstance(kept, uuid.UUID) and kept not in equipment and kept in self._equipment_codes:
            equipment[kept] = self._equipment_codes[kept]  # a filter stays until cleared
        self._equipment_codes = equipment
        self.filter_bar.set_choice_items(
            "equipment",
            sorted(equipment.items(), key=lambda item: item[1])[:1000],
        )
        chosen = self.filter_bar.state().choice("equipment")
        if isinstance(chosen, uuid.UUID):
            events = [event for event in events if event.equipment_id == chosen]
        stored = schedule_warnings(self._engine, [e.id for e in events if e.has_warnings])
        warnings = {
            task_id: [warning_message(warning) for warning in listed]
            for task_id, listed in stored.items()
        }
        self.view.show_period(
            self._mode,
            self.anchor(),
            events,
            self.timezone(),
            now=self.clock(),
            warnings=warnings,
            working_hours=self._working,
        )
        self.legend.set_kinds(event.kind for event in events)
        self._show_labels()

    def _show_labels(self) -> None:
        events = self.view.events()
        self.period_label.setText(self._period_text())
        self.count_label.setText(self.tr("{count} tasks").format(count=len(events)))
        if events:
            self.empty_box.hide()
        else:
            self.empty_label.setText(
                self.tr("No task is scheduled in this period.")
                + (
                    " " + self.tr("Generate the tasks of the maintenance plans to fill it.")
                    if self._may_plan
                    else ""
                )
            )
            self.empty_box.show()
        if self._own_only:
            self.hint_label.setText(self.tr("Your tasks (read-only)."))
        elif self._may_plan:
            self.hint_label.setText(
                self.tr("Drag a task to move it, drag its bottom edge to change its duration.")
            )
        else:
            self.hint_label.setText("")

    def _period_text(self) -> str:
        locale = QLocale()
        days = period_days(self._mode, self.anchor())
        if self._mode == "day":
            return locale.toString(_qdate(days[0]), "dddd d MMMM yyyy")
        if self._mode == "week":
            first, last = days[0], days[-1]
            week = first.isocalendar().week
            return self.tr("Week {week} · {first} – {last}").format(
                week=week,
                first=locale.toString(_qdate(first), "d MMM"),
                last=locale.toString(_qdate(last), "d MMM yyyy"),
            )
        return locale.toString(_qdate(self.anchor()), "MMMM yyyy").capitalize()

    # -------------------------------------------------------------- writes

    def reschedule(self, task_id: object, start: object, end: object) -> None:
        """A drop: ``task.schedule`` with the new start (duration kept) or the new end."""
        assert isinstance(task_id, uuid.UUID)
        payload: dict[str, object] = {"id": task_id}
        if isinstance(start, datetime):
            payload["scheduled_start"] = start
        if isinstance(end, datetime):
            payload["scheduled_end"] = end
        title = next((e.title for e in self.view.events() if e.id == task_id), "")
        try:
            self.services.writer.execute(self.session.actor, "task.schedule", payload)
        except MutationRejected as error:
            self._show_refusal(error)
            self.reload()
            return
        self.reload()
        listed = schedule_warnings(self._engine, [task_id]).get(task_id, [])
        moved = next((e for e in self.view.events() if e.id == task_id), None)
        when = self._when(moved) if moved is not None else ""
        if listed:
            self.banner.show_message(
                "warning",
                lambda: self.tr("“{title}” rescheduled ({when}), with warnings: {warnings}").format(
                    title=title,
                    when=when,
                    warnings="; ".join(warning_message(w) for w in listed),
                ),
            )
        else:
            self.banner.show_message(
                "success",
                lambda: self.tr("“{title}” rescheduled: {when}.").format(title=title, when=when),
            )
        self.rescheduled.emit(task_id)

    def _show_refusal(self, error: MutationRejected) -> None:
        self.banner.show_message("error", lambda: mutation_error_message(error))

    def _when(self, event: CalendarEvent) -> str:
        tz = self.timezone()
        start, end = event.start.astimezone(tz), event.end.astimezone(tz)
        day = QLocale().toString(_qdate(start.date()), "ddd d MMM")
        return f"{day} {start:%H:%M}–{end:%H:%M}"

    def open_task(self, task_id: object) -> None:
        """Double-click: the task's intervention sheet, when that page exists."""
        self.open_requested.emit(task_id)
        if self.navigator.can_navigate(INTERVENTION_PAGE):
            self.navigator.navigate(INTERVENTION_PAGE, task_id)
        else:
            self.banner.show_message(
                "info", lambda: self.tr("The intervention sheet is not available in this version.")
            )

    def _plannable_sites(self) -> list[uuid.UUID]:
        chosen = self._site_ids()
        candidates = [site.id for site in self._sites] if chosen is None else chosen
        return [
            site_id
            for site_id in candidates
            if can(self.session.actor, Permission.PLAN_MANAGE, site_id)
        ]

    def generate_tasks(self) -> None:
        """``plan.generate_tasks`` on each site shown, from today over the horizon."""
        sites = self._plannable_sites()
        if not sites:
            self.banner.show_message(
                "info", lambda: self.tr("You may not plan maintenance on these sites.")
            )
            return
        today = self.today()
        last_shown = period_days(self._mode, self.anchor())[-1]
        until = max(today + timedelta(weeks=GENERATION_WEEKS), last_shown)
        until = min(until, today + timedelta(days=MAX_GENERATION_DAYS))
        tz = self.timezone()
        low = local_datetime(today, time(), tz) - timedelta(days=1)
        high = local_datetime(until, time(), tz) + timedelta(days=2)
        before = count_tasks(self._engine, sites, low, high)
        try:
            for site_id in sites:
                payload = {"site_id": site_id, "from_date": today, "until": until}
                self.services.writer.execute(self.session.actor, "plan.generate_tasks", payload)
        except MutationRejected as error:
            self._show_refusal(error)
            return
        finally:
            self.reload()
        made = count_tasks(self._engine, sites, low, high) - before
        day = QLocale().toString(_qdate(until), "d MMMM yyyy")
        self.banner.show_message(
            "success" if made else "info",
            lambda: self.tr("Tasks generated up to {date}: {count} new.").format(
                date=day, count=made
            ),
        )

    def auto_assign(self) -> None:
        """``task.auto_assign`` for the unassigned tasks shown, site by site."""
        waiting: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for event in self.view.events():
            if (
                event.assigned_to is None
                and event.status == "reported"
                and can(self.session.actor, Permission.WORKORDER_ASSIGN, event.site_id)
            ):
                waiting[event.site_id].append(event.id)
        total = sum(len(ids) for ids in waiting.values())
        if not total:
            self.banner.show_message(
                "info", lambda: self.tr("No unassigned task to assign in this period.")
            )
            return
        try:
            for site_id, ids in waiting.items():
                for n in range(0, len(ids), AUTO_ASSIGN_CHUNK):
                    payload = {
                        "site_id": site_id,
                        "task_ids": ids[n : n + AUTO_ASSIGN_CHUNK],
                        "search_days": AUTO_ASSIGN_SEARCH_DAYS,
                    }
                    self.services.writer.execute(self.session.actor, "task.auto_assign", payload)
        except MutationRejected as error:
            self._show_refusal(error)
            return
        finally:
            self.reload()
        ids = [task_id for listed in waiting.values() for task_id in listed]
        assigned = _assigned_count(self._current_events(ids))
        warned = len(schedule_warnings(self._engine, ids))
        self.banner.show_message(
            "warning" if warned else "success",
            lambda: self.tr(
                "Automatic assignment: {assigned} of {total} tasks assigned, "
                "{warned} with warnings (see the markers)."
            ).format(assigned=assigned, total=total, warned=warned),
        )

    def _current_events(self, ids: Sequence[uuid.UUID]) -> list[CalendarEvent]:
        """The tasks ``ids`` as they are now, wherever auto-assignment put them."""
        wanted = set(ids)
        start, end = self.visible_range()
        found = calendar_events(
            self._engine,
            start - timedelta(days=1),
            end + timedelta(days=AUTO_ASSIGN_SEARCH_DAYS + 2),
            site_ids=self._site_ids(),
        )
        return [event for event in found if event.id in wanted]

    def export_ics(self) -> Path | None:
        """The calendar of the technician (or site) shown, for the period shown, as .ics."""
        start, end = self.visible_range()
        technician_id, _ = self._technician_filter()
        site = self.filter_bar.state().choice("site")
        names = {person.id: person.name for person in self._technicians}
        if technician_id is not None:
            name = (
                self.session.full_name
                if technician_id == self.session.user_id
                else names.get(technician_id, "")
            )
            text = technician_calendar(
                self._engine, technician_id, start, end, name=name, now=self.clock()
            )
        else:
            site_id = site if isinstance(site, uuid.UUID) else None
            if site_id is None and len(self._sites) == 1:
                site_id = self._sites[0].id
            if site_id is None:
                self.banner.show_message(
                    "info",
                    lambda: self.tr("Choose a technician or a site to export their calendar."),
                )
                return None
            name = next((s.name for s in self._sites if s.id == site_id), "")
            text = site_calendar(self._engine, site_id, start, end, name=name, now=self.clock())
        slug = re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-").lower() or "planning"
        first = period_days(self._mode, self.anchor())[0]
        suggested = str(Path.home() / f"planning-{slug}-{first:%Y-%m-%d}.ics")
        chosen = self.save_file_name(
            self,
            self.tr("Export the calendar"),
            suggested,
            self.tr("iCalendar files (*.ics)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        try:
            path.write_bytes(text.encode("utf-8"))
        except OSError as error:
            reason = error.strerror or str(error)
            self.banner.show_message(
                "error",
                lambda: self.tr("Cannot write {path}: {reason}").format(path=path, reason=reason),
            )
            return None
        count = text.count("BEGIN:VEVENT")
        self.banner.show_message(
            "success",
            lambda: self.tr("Calendar exported ({count} tasks): {path}").format(
                count=count, path=path
            ),
        )
        return path

    # ----------------------------------------------------------- translation

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Planning"))
        self.previous_button.setText(self.tr("◀ Previous"))
        self.previous_button.setToolTip(self.tr("Previous period (Page Up)"))
        self.today_button.setText(self.tr("Today"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("Next period (Page Down)"))
        self.view_buttons["day"].setText(self.tr("Day"))
        self.view_buttons["week"].setText(self.tr("Week"))
        self.view_buttons["month"].setText(self.tr("Month"))
        self.generate_button.setText(self.tr("Generate tasks"))
        self.generate_button.setToolTip(
            self.tr("Create the tasks of the maintenance plans for the coming weeks")
        )
        self.empty_generate_button.setText(self.tr("Generate tasks"))
        self.assign_button.setText(self.tr("Auto-assign"))
        self.assign_button.setToolTip(
            self.tr(
                "Assign the unassigned tasks shown to qualified technicians, "
                "honouring working hours, absences and load"
            )
        )
        self.export_button.setText(self.tr("Export .ics"))
        self.export_button.setToolTip(
            self.tr("Save the calendar of the technician or site shown as an iCalendar file")
        )
        if self._loaded:
            self.reload()


def _assigned_count(events: Sequence[CalendarEvent]) -> int:
    return sum(1 for event in events if event.assigned_to is not None)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
