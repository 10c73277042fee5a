"""Composition root: services from a data directory, then Qt, translations and windows.

Everything the application shares is built here and passed down; nothing
else keeps module-level state.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cmms_desktop.services import DesktopServices
from cmms_desktop.store import open_replica
from cmms_desktop.store.auth import OfflineAuth
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.meta import device_id, get_meta
from cmms_desktop.store.replica import ReplicaError
from cmms_desktop.store.writer import LocalWriter

__all__ = ["EXIT_REPLICA_ERROR", "LaunchOptions", "build_services", "default_data_dir", "run"]

EXIT_REPLICA_ERROR = 2
EXIT_USAGE = 2


@dataclass(frozen=True)
class LaunchOptions:
    data_dir: Path
    language: str | None = None  # None: the language last picked here, else French
    screenshot: Path | None = None
    page: str | None = None
    user: str | None = None


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cmms", "cmms"))


def build_services(data_dir: Path, on_written: Callable[[], None] | None = None) -> DesktopServices:
    """Open the replica in ``data_dir`` and build the services on it.

    Raises ReplicaError (ReplicaCorrupt, ReplicaTooNew) and leaves the file as it was.
    """
    replica = open_replica(data_dir)
    try:
        device = device_id(replica.engine)
        return DesktopServices(
            data_dir=data_dir,
            replica=replica,
            device_id=device,
            writer=LocalWriter(replica.engine, device, on_written=on_written),
            auth=OfflineAuth(replica.engine, device),
            blobs=BlobStore(data_dir / "blobs"),
        )
    except BaseException:
        replica.dispose()
        raise


def run(options: LaunchOptions) -> int:
    """Start the application (or take one screenshot); return the process exit code."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from cmms_desktop.ui.i18n import DEFAULT_LANGUAGE, Translations
    from cmms_desktop.ui.shell import (
        LANGUAGE_META_KEY,
        Shell,
        replica_error_text,
        show_replica_error,
    )
    from cmms_desktop.ui.status_bar import PendingChanges
    from cmms_desktop.ui.theme import apply_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QApplication.setApplicationName("cmms")
    QApplication.setOrganizationName("cmms")
    QApplication.setApplicationDisplayName("CMMS")
    apply_theme(app)
    headless = options.screenshot is not None or QGuiApplication.platformName() in (
        "offscreen",
        "minimal",
    )

    translations = Translations(app)
    pending = PendingChanges()
    try:
        services = build_services(options.data_dir, on_written=pending.notify)
    except ReplicaError as error:
        translations.set_language(options.language or DEFAULT_LANGUAGE)
        if headless:
            print(replica_error_text(error), file=sys.stderr)
        else:
            show_replica_error(error)
        translations.uninstall()
        return EXIT_REPLICA_ERROR

    language = (
        options.language or get_meta(services.replica.engine, LANGUAGE_META_KEY) or DEFAULT_LANGUAGE
    )
    translations.set_language(language)
    shell = Shell(services, translations, pending)
    try:
        if options.screenshot is not None:
            from cmms_desktop.ui.screenshot import (
                ScreenshotError,
                quiet_offscreen_warnings,
                take_screenshot,
            )

            quiet_offscreen_warnings()
            try:
                take_screenshot(shell, options.page or "login", options.screenshot, options.user)
            except ScreenshotError as error:
                print(f"cmms-desktop: {error}", file=sys.stderr)
                return EXIT_USAGE
            print(f"cmms-desktop: wrote {options.screenshot}", file=sys.stderr)
            return 0
        shell.start()
        # What start-up built lives as long as the app: the garbage collector
        # stops scanning it, so that a full collection no longer stalls the
        # interface or a sync for a tenth of a second (bench/sync_push.py).
        gc.freeze()
        return app.exec()
    finally:
        shell.close()
        services.replica.dispose()
        translations.uninstall()
