"""The main window of a session: navigation, pages, menus and the status bar."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cmms_core.rules.permissions import Permission, can, landing_page
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.sync_issues import attention_count
from cmms_desktop.store.queries.users import pending_change_count, site_names
from cmms_desktop.ui.i18n import LANGUAGE_NAMES, Translations
from cmms_desktop.ui.pages.base import Page
from cmms_desktop.ui.status_bar import PendingChanges, ShellStatusBar
from cmms_desktop.ui.sync_controller import SyncController, SyncOutcome

__all__ = ["PAGES", "SYNC_ISSUES_PAGE", "MainWindow", "PageEntry", "available_pages"]

_KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class PageEntry:
    """A module of the navigation: who may see it and where its Page class lives.

    Modules are imported when a window for a user who may see them is built,
    not at start-up; a module not shipped in this build is simply absent.
    ``permission`` None: every logged-in user sees it. A page that shows one
    thing (a ticket, a task) is opened from another page, not from the
    navigation: ``shown_under`` names the listed page highlighted meanwhile.
    """

    key: str
    permission: Permission | None
    module: str
    class_name: str
    shown_under: str | None = None

    @property
    def listed(self) -> bool:
        return self.shown_under is None

    def available(self) -> bool:
        spec = importlib.util.find_spec(self.module)
        # A folder without __init__.py (a module being written) is no module yet.
        return spec is not None and spec.origin is not None

    def page_class(self) -> type[Page]:
        found = getattr(importlib.import_module(self.module), self.class_name)
        if not (isinstance(found, type) and issubclass(found, Page)):
            raise TypeError(f"{self.module}.{self.class_name} is not a Page")
        return found


# The page of refused changes (and conflicts): everyone's, opened from the status bar too.
SYNC_ISSUES_PAGE = "sync.issues"

# Navigation order.
PAGES: tuple[PageEntry, ...] = (
    PageEntry(
        "technician.home",
        Permission.WORKORDER_WORK,
        "cmms_desktop.ui.pages.technician",
        "TechnicianHomePage",
    ),
    PageEntry(
        "equipment", Permission.EQUIPMENT_VIEW, "cmms_desktop.ui.pages.equipment", "EquipmentPage"
    ),
    PageEntry(
        "failures.new",
        Permission.FAILURE_REPORT,
        "cmms_desktop.ui.pages.failures",
        "ReportFailurePage",
    ),
    PageEntry(
        "failures", Permission.WORKORDER_VIEW, "cmms_desktop.ui.pages.failures", "FailureListPage"
    ),
    PageEntry(
        "failures.sheet",
        Permission.WORKORDER_VIEW,
        "cmms_desktop.ui.pages.failures.sheet_page",
        "RepairSheetPage",
        shown_under="failures",
    ),
    PageEntry(
        "planning", Permission.WORKORDER_VIEW, "cmms_desktop.ui.pages.planning", "PlanningPage"
    ),
    PageEntry(
        "planning.supervisor",
        Permission.WORKORDER_VALIDATE,
        "cmms_desktop.ui.pages.planning",
        "SupervisorPage",
    ),
    PageEntry(
        "planning.intervention",
        Permission.WORKORDER_VIEW,
        "cmms_desktop.ui.pages.planning",
        "InterventionPage",
        shown_under="planning",
    ),
    PageEntry(
        "planning.plans", Permission.PLAN_MANAGE, "cmms_desktop.ui.pages.planning", "PlansPage"
    ),
    PageEntry("stock.home", Permission.STOCK_MOVE, "cmms_desktop.ui.pages.stock", "StockHomePage"),
    PageEntry("stock.counter", Permission.STOCK_MOVE, "cmms_desktop.ui.pages.stock", "CounterPage"),
    PageEntry("stock.parts", Permission.STOCK_VIEW, "cmms_desktop.ui.pages.stock", "PartsPage"),
    PageEntry(
        "stock.part",
        Permission.STOCK_VIEW,
        "cmms_desktop.ui.pages.stock",
        "PartDetailPage",
        shown_under="stock.parts",
    ),
    PageEntry(
        "stock.purchasing",
        Permission.PURCHASE_MANAGE,
        "cmms_desktop.ui.pages.stock.purchasing_page",
        "PurchasingPage",
    ),
    PageEntry(
        "stock.suppliers",
        Permission.PARTS_MANAGE,
        "cmms_desktop.ui.pages.stock.suppliers_page",
        "SuppliersPage",
    ),
    PageEntry(
        "stock.counts",
        Permission.STOCK_MOVE,
        "cmms_desktop.ui.pages.stock.counts_page",
        "CountsPage",
    ),
    PageEntry("users", Permission.USERS_MANAGE, "cmms_desktop.ui.pages.admin", "UsersPage"),
    PageEntry(SYNC_ISSUES_PAGE, None, "cmms_desktop.ui.pages.sync_issues", "SyncIssuesPage"),
)


def available_pages(session: UserSession, pages: Sequence[PageEntry] = PAGES) -> list[PageEntry]:
    """The modules this user may open, in navigation order."""
    return [
        entry
        for entry in pages
        if (entry.permission is None or can(session.actor, entry.permission, None))
        and entry.available()
    ]


class MainWindow(QMainWindow):
    """One logged-in session. Implements the pages' Navigator.

    Owns the session's :class:`SyncController` (``self.sync``): it relays its
    state to the status bar and, when a sync changed rows, asks the visible
    page to ``refresh()``.
    """

    logout_requested = Signal()

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        translations: Translations,
        pending: PendingChanges,
        pages: Sequence[PageEntry] = PAGES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.session = session
        self._translations = translations
        self._pages: dict[str, Page] = {}
        self._navigating = False
        self.server_dialog: QDialog | None = None
        self.resize(1280, 800)
        self.setMinimumSize(QSize(900, 600))

        # --- navigation and pages
        sidebar = QFrame(self)
        sidebar.setObjectName("sidebar")
        sidebar.setFixedWidth(210)
        self.app_label = QLabel(sidebar)
        self.app_label.setObjectName("sidebarTitle")
        self.nav = QListWidget(sidebar)
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(self.app_label)
        side.addWidget(self.nav, 1)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        self._nav_keys: dict[str, str] = {}  # page key -> the navigation entry showing it
        for entry in available_pages(session, pages):
            page = entry.page_class()(services, session, self)
            page.setObjectName(f"page_{entry.key}")
            self._pages[entry.key] = page
            self.stack.addWidget(page)
            self._nav_keys[entry.key] = entry.shown_under or entry.key
            if entry.listed:
                item = QListWidgetItem(page.title())
                item.setData(_KEY_ROLE, entry.key)
                self.nav.addItem(item)
            issues_changed = getattr(page, "issues_changed", None)
            if issues_changed is not None:
                issues_changed.connect(self.refresh_attention_count)
        self.nav.currentItemChanged.connect(self._on_nav_changed)
        # a ticket's page keeps "Failures" highlighted: a click there goes back to the list
        self.nav.itemClicked.connect(self._on_nav_clicked)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # --- status bar
        self.status = ShellStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_user(session.full_name, session.role)
        self.status.set_sites(
            None
            if session.site_ids is None
            else site_names(services.replica.engine, session.site_ids)
        )
        self.status.set_connection_state("offline")
        self.refresh_pending_count()
        self.refresh_attention_count()
        pending.changed.connect(self.refresh_pending_count)

        # --- synchronisation (off the UI thread; results come back as signals)
        self.sync = SyncController(
            services.replica.engine,
            services.device_id,
            session.email,
            pending,
            self,
            blobs=services.blobs,
        )
        self.sync.state_changed.connect(self._on_sync_state)
        self.sync.finished.connect(self._on_sync_finished)
        self.sync.data_changed.connect(self.refresh_current_page)
        self.sync.password_needed.connect(self._on_password_needed)
        self.status.connection_clicked.connect(lambda: self.open_server_dialog())
        self.status.set_last_sync(self.sync.last_success_at)
        self.status.attention_clicked.connect(self.show_sync_issues)
        self._show_sync_detail()

        # --- menus
        self._build_menus(translations)
        translations.language_changed.connect(self._check_language)
        self.retranslate_ui()

        start = landing_page(session.role)
        if self.can_navigate(start):
            self.navigate(start)
        elif self._pages:
            self.navigate(next(iter(self._pages)))
        self.sync.start()

    # ------------------------------------------------------------ Navigator

    def navigate(self, key: str, argument: object | None = None) -> None:
        page = self._pages.get(key)
        if page is None:
            raise KeyError(f"no page {key!r} in this window; pages: {sorted(self._pages)}")
        self._navigating = True
        try:
            self.stack.setCurrentWidget(page)
            nav_key = self._nav_keys[key]
            for row in range(self.nav.count()):
                if self.nav.item(row).data(_KEY_ROLE) == nav_key:
                    self.nav.setCurrentRow(row)
        finally:
            self._navigating = False
        page.show_argument(argument)
        self._update_title()

    def can_navigate(self, key: str) -> bool:
        return key in self._pages

    # ---------------------------------------------------------------- pages

    def page_keys(self) -> list[str]:
        return list(self._pages)

    def page(self, key: str) -> Page:
        return self._pages[key]

    def current_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((key for key, page in self._pages.items() if page is current), None)

    def refresh_pending_count(self) -> None:
        self.status.set_pending_count(pending_change_count(self.services.replica.engine))

    def set_connection_state(self, state: str) -> None:
        self.status.set_connection_state(state)

    def refresh_attention_count(self) -> None:
        """Refused changes (and conflicts) waiting for this user, in the status bar."""
        self.status.set_attention_count(
            attention_count(self.services.replica.engine, self.session.actor)
        )

    def refresh_current_page(self) -> None:
        """Re-read the replica on the visible page (after a sync changed rows)."""
        key = self.current_key()
        if key is not None:
            self._pages[key].refresh()

    def show_sync_issues(self) -> None:
        if self.can_navigate(SYNC_ISSUES_PAGE):
            self.navigate(SYNC_ISSUES_PAGE)

    # ---------------------------------------------------------------- sync

    def sync_now(self) -> None:
        """F5: sync now; asks for the server and password when there is no session."""
        if not self.sync.configured() or self.sync.needs_password:
            self.open_server_dialog()
        else:
            self.sync.sync_now()

    def open_server_dialog(self, reason: str | None = None) -> QDialog:
        """The "Synchronisation server…" dialog (one at a time; modal for the user)."""
        from cmms_desktop.ui.pages.sync_issues.server_dialog import ServerDialog

        if self.server_dialog is not None:
            self.server_dialog.raise_()
            self.server_dialog.activateWindow()
            return self.server_dialog
        dialog = ServerDialog(self.sync, self.sync.email, self, reason=reason)
        dialog.finished.connect(lambda _result: self._forget_server_dialog(dialog))
        self.server_dialog = dialog
        dialog.open()
        return dialog

    def _forget_server_dialog(self, dialog: QDialog) -> None:
        if self.server_dialog is dialog:
            self.server_dialog = None
        dialog.deleteLater()

    def _on_sync_state(self, state: str) -> None:
        self.status.set_connection_state(state)
        self._show_sync_detail()

    def _on_sync_finished(self, outcome: object) -> None:
        assert isinstance(outcome, SyncOutcome)
        self.refresh_pending_count()
        self.refresh_attention_count()
        self.status.set_last_sync(self.sync.last_success_at)
        self._show_sync_detail()
        if outcome.report is not None and outcome.report.rejected:
            issues = self._pages.get(SYNC_ISSUES_PAGE)
            if issues is not None and issues is not self.stack.currentWidget():
                issues.refresh()

    def _on_password_needed(self) -> None:
        """The server ended the session (a refresh refused): ask for the password again."""
        if self.server_dialog is None and self.isVisible():
            self.open_server_dialog(
                self.tr("Your session with the server has ended: enter your password again.")
            )

    def _show_sync_detail(self) -> None:
        clickable = not self.sync.configured() or self.sync.needs_password
        self.status.set_connection_detail(self.sync.detail(), clickable=clickable)

    def _on_nav_clicked(self, item: QListWidgetItem) -> None:
        key = str(item.data(_KEY_ROLE))
        if self.stack.currentWidget() is not self._pages.get(key):
            self.navigate(key)

    def _on_nav_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None or self._navigating:
            return
        self.navigate(str(current.data(_KEY_ROLE)))

    # ---------------------------------------------------------------- menus

    def _build_menus(self, translations: Translations) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.server_action = QAction(self)
        self.server_action.setObjectName("serverAction")
        self.server_action.triggered.connect(lambda _checked=False: self.open_server_dialog())
        self.sync_now_action = QAction(self)
        self.sync_now_action.setObjectName("syncNowAction")
        self.sync_now_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_now_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.sync_now_action.triggered.connect(self.sync_now)
        self.addAction(self.sync_now_action)
        self.logout_action = QAction(self)
        self.logout_action.setObjectName("logoutAction")
        self.logout_action.triggered.connect(self.logout_requested)
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self._quit)
        self.file_menu.addAction(self.sync_now_action)
        self.file_menu.addAction(self.server_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.logout_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.view_menu.addMenu(self.language_menu)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for language in translations.available_languages():
            # each language named in itself: never translated
            action = QAction(LANGUAGE_NAMES[language], self)
            action.setCheckable(True)
            action.setData(language)
            action.setObjectName(f"language_{language}")
            action.triggered.connect(
                lambda _checked=False, lang=language: translations.set_language(lang)
            )
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action
        self._check_language(translations.language)

        self.help_menu = QMenu(self)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        bar.addMenu(self.file_menu)
        bar.addMenu(self.view_menu)
        bar.addMenu(self.help_menu)

    def _check_language(self, language: str) -> None:
        action = self.language_actions.get(language)
        if action is not None:
            action.setChecked(True)

    def _quit(self) -> None:
        self.close()

    def show_about(self) -> None:
        try:
            number = version("cmms")
        except PackageNotFoundError:
            number = "dev"
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "<h3>CMMS {version}</h3>"
                "<p>Maintenance management that keeps working without a network: "
                "equipment, work orders, spare parts.</p>"
                "<p>Local data: {path}</p>"
            ).format(version=number, path=self.services.data_dir),
        )

    # ---------------------------------------------------------- translation

    def _update_title(self) -> None:
        key = self.current_key()
        app = self.tr("CMMS")
        if key is None:
            self.setWindowTitle(app)
        else:
            self.setWindowTitle(f"{self._pages[key].title()} — {app}")

    def retranslate_ui(self) -> None:
        self.app_label.setText(self.tr("CMMS"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setText(self._pages[str(item.data(_KEY_ROLE))].title())
        self.file_menu.setTitle(self.tr("&File"))
        self.sync_now_action.setText(self.tr("&Sync now"))
        self.server_action.setText(self.tr("Synchronisation &server…"))
        self.logout_action.setText(self.tr("Log &out"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self._show_sync_detail()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The end of the session: no more syncs; one in progress is waited for.
        self.sync.shutdown()
        super().closeEvent(event)
