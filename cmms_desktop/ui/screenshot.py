"""Render one page to a PNG and stop: ``cmms-desktop --screenshot OUT.png --page PAGE``.

A developer's and documentation writer's tool. It is only reachable from the
command line, works on a local replica file that the person running it
already owns (and could open with any SQLite tool), and logs in *without a
password* as ``--user`` (or the first active administrator) so that pages
behind a login can be shown. It writes no session row and sends nothing.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QSize,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from cmms_core.rules.roles import Role
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.users import active_admin_id, user_id_by_email
from cmms_desktop.ui.main_window import PAGES, MainWindow, available_pages
from cmms_desktop.ui.shell import Shell

__all__ = ["SCREENSHOT_SIZE", "ScreenshotError", "screenshot_pages", "take_screenshot"]

SCREENSHOT_SIZE = QSize(1280, 800)
# Pages shown before any login.
WELCOME_PAGES: tuple[str, ...] = ("login", "first-run", "register")


class ScreenshotError(Exception):
    """Why the screenshot cannot be taken (message for the terminal, in English)."""


# Views inside a page: PAGE -> the page that holds it.
INNER_PAGES: dict[str, str] = {
    "equipment-detail": "equipment",
    "equipment-form": "equipment",
    "planning-month": "planning",
    "planning-week": "planning",
    "planning-day": "planning",
    "planning-plan-form": "planning.plans",
    "planning-intervention": "planning.intervention",
    "failure-sheet": "failures.sheet",
    "stock-po": "stock.purchasing",
}
# Command-line names of pages whose key is not one (PAGE -> page key).
PAGE_NAMES: dict[str, str] = {
    "sync-issues": "sync.issues",
    "planning-plans": "planning.plans",
    "planning-supervisor": "planning.supervisor",
    "failures-new": "failures.new",
    "technician-home": "technician.home",
    "stock-home": "stock.home",
    "stock-counter": "stock.counter",
    "stock-parts": "stock.parts",
    "stock-part": "stock.part",
    "stock-purchasing": "stock.purchasing",
    "stock-suppliers": "stock.suppliers",
    "stock-counts": "stock.counts",
}
# Pages shown, without --user, as the first demo technician (else the administrator).
TECHNICIAN_PAGES: tuple[str, ...] = ("technician-home",)
# Pages shown, without --user, as the first demo storekeeper (else the administrator).
STOREKEEPER_PAGES: tuple[str, ...] = (
    "stock-home",
    "stock-counter",
    "stock-parts",
    "stock-part",
    "stock-purchasing",
    "stock-po",
    "stock-suppliers",
    "stock-counts",
)


def screenshot_pages() -> list[str]:
    """Every PAGE this build can render."""
    keys = [entry.key for entry in PAGES if entry.available()]
    inner = [name for name, holder in INNER_PAGES.items() if holder in keys]
    aliases = {key: name for name, key in PAGE_NAMES.items()}
    return [*WELCOME_PAGES, *(aliases.get(key, key) for key in keys), *inner]


def quiet_offscreen_warnings() -> None:
    """Drop the offscreen platform's "This plugin does not support raise()" noise."""
    previous: list[object] = []

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message.startswith("This plugin does not support"):
            return
        if previous and callable(previous[0]):
            previous[0](mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous.append(qInstallMessageHandler(handler))


def take_screenshot(shell: Shell, page: str, out: Path, user_email: str | None = None) -> None:
    valid = screenshot_pages()
    if page not in valid:
        raise ScreenshotError(f"unknown page {page!r}; valid pages: {', '.join(valid)}")
    target: QWidget
    if page in ("login", "first-run"):
        target = shell.show_welcome("login" if page == "login" else "first-run")
        target.setFixedSize(SCREENSHOT_SIZE)
    elif page == "register":
        welcome = shell.show_welcome("login")
        welcome.setFixedSize(SCREENSHOT_SIZE)
        _settle()
        target = welcome.login_page.open_register_dialog()
    else:
        if user_email is None and page in TECHNICIAN_PAGES:
            user_email = _demo_account(shell.services, Role.TECHNICIAN)
        elif user_email is None and page in STOREKEEPER_PAGES:
            user_email = _demo_account(shell.services, Role.STOREKEEPER)
        session = _session(shell.services, user_email)
        window = shell.open_session(session)
        window.setFixedSize(SCREENSHOT_SIZE)
        _navigate(window, PAGE_NAMES.get(page, INNER_PAGES.get(page, page)), session)
        if page == "stock-part":
            window.navigate("stock.part", _demo_part(shell.services, session))
        target = window
        if page in INNER_PAGES:
            _settle()
            target = _show_inner(window, page, session)
    target.show()
    _settle()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not target.grab().save(str(out), "PNG"):
        raise ScreenshotError(f"cannot write {out}")


def _session(services: DesktopServices, email: str | None) -> UserSession:
    """A session for ``email`` (or the first active administrator), without a password."""
    engine = services.replica.engine
    if email is not None:
        user_id = user_id_by_email(engine, email)
        if user_id is None:
            raise ScreenshotError(f"no account with the e-mail {email!r} in {services.data_dir}")
    else:
        user_id = active_admin_id(engine)
        if user_id is None:
            raise ScreenshotError(
                f"no active administrator in {services.data_dir}: create one (first run) "
                "or load the demo plant, or name an account with --user"
            )
    # Not auth.login: no password, and no session row written in the replica.
    return services.auth.session_for(uuid.uuid4(), user_id)


def _demo_account(services: DesktopServices, role: Role) -> str | None:
    """The e-mail of the first demo account of ``role`` in this replica (None: there is none)."""
    from cmms_core.demo import active_demo_accounts

    for account in active_demo_accounts():
        if account.role is role and user_id_by_email(services.replica.engine, account.email):
            return account.email
    return None


def _demo_part(services: DesktopServices, session: UserSession) -> uuid.UUID | None:
    """A part worth showing: the busiest-looking of the first stocked ones, else the first."""
    from datetime import date

    from cmms_desktop.store.queries.parts import PartFilter, fetch_part_page, part_forecast

    engine = services.replica.engine
    rows = fetch_part_page(engine, PartFilter(site_ids=session.site_ids), limit=60)
    stocked = [r for r in rows if r.on_hand > 0 and r.min_qty > 0] or rows
    today = date.today()
    rates = {r.id: part_forecast(engine, r.id, today).weekly_rate for r in stocked}
    return max(rates, key=lambda part_id: rates[part_id]) if rates else None


def _navigate(window: MainWindow, page: str, session: UserSession) -> None:
    if not window.can_navigate(page):
        allowed = [entry.key for entry in available_pages(session)]
        raise ScreenshotError(
            f"{session.email} ({session.role.value}) cannot open the page {page!r}; "
            f"pages for this account: {', '.join(allowed) or 'none'}"
        )
    window.navigate(page)


def _show_inner(window: MainWindow, page: str, session: UserSession) -> QWidget:
    """The first equipment's detail (in the window) or its form (the dialog); a view
    of the planning calendar."""
    if page in ("planning-plan-form", "planning-intervention"):
        return _show_preventive(window, page, session)
    if page == "failure-sheet":
        return _show_failure_sheet(window, session)
    if page == "stock-po":
        return _show_purchase_order(window, session)
    if page.startswith("planning-"):
        return _show_planning(window, page)
    from cmms_desktop.store.queries.equipment import EquipmentFilter, fetch_equipment_page
    from cmms_desktop.ui.pages.equipment import EquipmentPage

    engine = window.services.replica.engine
    first = fetch_equipment_page(
        engine, EquipmentFilter(), limit=1, scope_site_ids=session.site_ids
    )
    if not first:
        raise ScreenshotError(f"{session.email} sees no equipment: load the demo plant first")
    equipment_id = first[0].id
    window.navigate("equipment", equipment_id)
    if page == "equipment-detail":
        return window
    holder = window.page("equipment")
    assert isinstance(holder, EquipmentPage)
    if not holder.equipment_actions.may_edit(first[0].site_id):
        raise ScreenshotError(f"{session.email} may not edit equipment; try an administrator")
    dialog = holder.equipment_actions.edit(window, equipment_id, on_saved=lambda _id: None)
    if dialog is None:
        raise ScreenshotError(f"equipment {equipment_id} disappeared")
    return dialog


def _show_planning(window: MainWindow, page: str) -> QWidget:
    """The planning calendar in its day, week or month view (today's period)."""
    from cmms_desktop.ui.pages.planning import PlanningPage
    from cmms_desktop.ui.pages.planning.calendar_layout import ViewMode

    holder = window.page("planning")
    assert isinstance(holder, PlanningPage)
    modes: dict[str, ViewMode] = {"day": "day", "week": "week", "month": "month"}
    mode = modes.get(page.removeprefix("planning-"))
    if mode is None:
        raise ScreenshotError(f"unknown planning view {page!r}")
    holder.set_mode(mode)
    return window


def _show_preventive(window: MainWindow, page: str, session: UserSession) -> QWidget:
    """The editor of the first plan with a checklist, or the sheet of a telling task."""
    from cmms_desktop.store.queries.preventive import PlanFilter, list_plans, sample_task_id
    from cmms_desktop.ui.pages.planning import PlansPage

    engine = window.services.replica.engine
    if page == "planning-intervention":
        task_id = sample_task_id(engine, session.site_ids)
        if task_id is None:
            raise ScreenshotError(f"{session.email} sees no preventive task: load the demo plant")
        window.navigate("planning.intervention", task_id)
        return window
    plans = [
        row
        for row in list_plans(engine, PlanFilter(kind="plan"), session.site_ids, limit=500)
        if row.checklist_size and row.equipment_id is not None
    ]
    if not plans:
        raise ScreenshotError(f"{session.email} sees no maintenance plan: load the demo plant")
    holder = window.page("planning.plans")
    assert isinstance(holder, PlansPage)
    dialog = holder.edit_plan(plans[0].id)
    if dialog is None:
        raise ScreenshotError(f"plan {plans[0].id} disappeared")
    dialog.tabs.setCurrentWidget(dialog.recurrence)
    return dialog


def _show_failure_sheet(window: MainWindow, session: UserSession) -> QWidget:
    """The intervention sheet of a demo ticket with a filled sheet (parts and labour)."""
    from cmms_desktop.store.queries.repair_sheet import sample_failure_id

    failure_id = sample_failure_id(window.services.replica.engine, session.site_ids)
    if failure_id is None:
        raise ScreenshotError(f"{session.email} sees no repair sheet: load the demo plant")
    window.navigate("failures.sheet", failure_id)
    return window


def _show_purchase_order(window: MainWindow, session: UserSession) -> QWidget:
    """A demo purchase order (one partially received, else sent, else any)."""
    from cmms_desktop.store.queries.purchasing import sample_po_id

    po_id = sample_po_id(window.services.replica.engine, session.site_ids)
    if po_id is None:
        raise ScreenshotError(f"{session.email} sees no purchase order: load the demo plant")
    window.navigate("stock.purchasing", po_id)
    return window


def _settle() -> None:
    """Let layouts, polish and deferred paints finish before grabbing."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(6):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        app.processEvents()
