"""Synchronisation off the UI thread: one serial worker, results back through signals.

In the style of Anki's ``aqt/operations``: a sync is a small job (:class:`SyncJob`)
handed to ONE worker object living in its own ``QThread``, so that at most one
sync writes to the replica at a time; its outcome (:class:`SyncOutcome`, plain
data) comes back to the UI thread through a queued signal. The worker knows
the replica's engine, the device id and the token store, and nothing of the
widgets: it cannot touch them.

What starts a sync (:class:`SyncController`):

- a local change (``PendingChanges.changed``, from ``LocalWriter.on_written``),
  debounced (2 s) so that a burst of edits makes one sync;
- a timer (every 60 s);
- realtime news from the server: after a successful sync, a
  ``RealtimeListener`` (``cmms_desktop.sync.realtime``) keeps a WebSocket open
  in its own thread; its callback emits a signal, queued to the UI thread;
- the user ("Sync now", F5), and the connect dialog (log in, then sync).

A request made while a sync runs is remembered and run right after it (once).
Automatic syncs stop asking once the server wants the password again, until
the user connects (the status bar says so and opens the dialog).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from sqlalchemy import Engine

from cmms_core.schema.types import utcnow
from cmms_desktop.store.blobs import BlobStore
from cmms_desktop.store.meta import get_meta, set_meta
from cmms_desktop.sync.client import (
    AuthenticationFailed,
    Offline,
    ServerRefused,
    UpgradeRequired,
)
from cmms_desktop.sync.credentials import (
    SERVER_EMAIL_META_KEY,
    SERVER_URL_META_KEY,
    PasswordNeeded,
    ServerAccount,
    TokenStore,
    normalize_server_url,
)
from cmms_desktop.sync.engine import SyncReport
from cmms_desktop.ui.status_bar import ConnectionState, PendingChanges

if TYPE_CHECKING:
    from cmms_desktop.sync.realtime import RealtimeListener

__all__ = [
    "DEBOUNCE_MS",
    "INTERVAL_MS",
    "LAST_SYNC_META_KEY",
    "SyncController",
    "SyncJob",
    "SyncOutcome",
    "SyncWorker",
    "outcome_detail",
    "run_job",
]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 2_000
INTERVAL_MS = 60_000
# local_meta: when this replica last synced successfully (ISO 8601, UTC)
LAST_SYNC_META_KEY = "last_sync_at"

JobKind = Literal["sync", "connect"]
OutcomeStatus = Literal[
    "ok",
    "offline",
    "password_needed",
    "login_refused",
    "upgrade_required",
    "refused",
    "error",
]


@dataclass(frozen=True)
class SyncJob:
    """What the worker is asked to do: a sync cycle, or a login then a sync cycle."""

    kind: JobKind
    server_url: str
    email: str
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SyncOutcome:
    """What came of a job (plain data, made on the worker thread, read on the UI thread)."""

    kind: JobKind
    status: OutcomeStatus
    server_url: str
    email: str
    finished_at: datetime
    code: str | None = None
    message: str | None = None
    report: SyncReport | None = None
    secure_store: bool = True
    thread_name: str = ""
    # The account's access-token provider (thread-safe), for the realtime listener.
    token: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def changed_rows(self) -> bool:
        """Whether the replica's rows changed (pulled, revoked, or restored after a refusal)."""
        report = self.report
        return report is not None and bool(
            report.pulled_rows or report.revoked or report.reset or report.rejected
        )


def _read_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _sync_status(report: SyncReport) -> OutcomeStatus:
    match report.status:
        case "ok":
            return "ok"
        case "offline":
            return "offline"
        case "auth_failed":
            return "password_needed"
        case "upgrade_required":
            return "upgrade_required"
    return "refused"


def run_job(
    engine: Engine,
    device_id: str,
    store: TokenStore,
    accounts: dict[tuple[str, str], ServerAccount],
    job: SyncJob,
    blobs: BlobStore | None = None,
) -> SyncOutcome:
    """Run one job (no Qt: this is what the worker thread does)."""
    key = (job.server_url, job.email.strip().lower())

    def outcome(status: OutcomeStatus, **fields: object) -> SyncOutcome:
        return SyncOutcome(
            kind=job.kind,
            status=status,
            server_url=job.server_url,
            email=job.email,
            finished_at=utcnow(),
            secure_store=store.is_secure(),
            thread_name=threading.current_thread().name,
            **fields,  # type: ignore[arg-type]
        )

    try:
        if job.kind == "connect":
            account = ServerAccount(job.server_url, job.email, device_id, store)
            account.login(job.password or "")
            accounts[key] = account
            set_meta(engine, SERVER_URL_META_KEY, account.server_url)
            set_meta(engine, SERVER_EMAIL_META_KEY, account.email)
        else:
            account = accounts.get(key) or ServerAccount(
                job.server_url, job.email, device_id, store
            )
            accounts[key] = account
        report = account.sync(engine, blobs)
    except PasswordNeeded as error:
        return outcome("password_needed", code=error.code, message=error.message)
    except AuthenticationFailed as error:  # a login refused: wrong password, pending...
        return outcome("login_refused", code=error.code, message=error.message)
    except Offline as error:
        return outcome("offline", code=error.code, message=error.message)
    except UpgradeRequired as error:
        return outcome("upgrade_required", code=error.code, message=error.message)
    except ServerRefused as error:
        return outcome("refused", code=error.code, message=error.message)
    except Exception as error:  # a bug, a locked replica...: say so, keep the app alive
        log.exception("sync job %s failed", job.kind)
        return outcome("error", code=type(error).__name__, message=str(error))
    done = outcome(
        _sync_status(report), message=report.message, report=report, token=account.access_token
    )
    if done.ok:
        set_meta(engine, LAST_SYNC_META_KEY, done.finished_at.isoformat())
    return done


class SyncWorker(QObject):
    """Runs jobs one after the other in its own thread. Holds no widget, only data."""

    finished = Signal(object)  # SyncOutcome

    def __init__(
        self, engine: Engine, device_id: str, store: TokenStore, blobs: BlobStore | None = None
    ) -> None:
        super().__init__(None)  # no parent: it is moved to the worker thread
        self._engine = engine
        self._device_id = device_id
        self._store = store
        self._blobs = blobs
        # Only ever used on the worker thread: the access tokens stay there.
        self._accounts: dict[tuple[str, str], ServerAccount] = {}

    @Slot(object)
    def run(self, job: object) -> None:
        assert isinstance(job, SyncJob)
        outcome = run_job(
            self._engine, self._device_id, self._store, self._accounts, job, self._blobs
        )
        self.finished.emit(outcome)


def outcome_detail(outcome: SyncOutcome | None, configured: bool, secure_store: bool) -> str:
    """One sentence on where the synchronisation stands, for the status bar's tooltip."""

    insecure = QCoreApplication.translate(
        "SyncStatus",
        "No secure credential store on this computer: you will be asked for your password "
        "at each sync session.",
    )
    if not configured:
        return QCoreApplication.translate(
            "SyncStatus", "No synchronisation server is set: File → Synchronisation server…"
        )
    if outcome is None:
        return QCoreApplication.translate("SyncStatus", "Not synchronised yet in this session.")
    match outcome.status:
        case "ok":
            text = QCoreApplication.translate("SyncStatus", "Synchronised with {server}.").format(
                server=outcome.server_url
            )
        case "offline":
            text = QCoreApplication.translate(
                "SyncStatus",
                "The server cannot be reached. Your changes are kept on this computer and "
                "will be sent later.",
            )
        case "password_needed" | "login_refused":
            text = QCoreApplication.translate(
                "SyncStatus", "Not connected to the server: click here to enter your password."
            )
            if not secure_store:
                text += "\n" + insecure
        case "upgrade_required":
            text = QCoreApplication.translate(
                "SyncStatus",
                "The server needs a newer version of this application. Your changes are "
                "kept on this computer.",
            )
        case "refused" | "error":
            text = QCoreApplication.translate(
                "SyncStatus", "The synchronisation failed: {detail}"
            ).format(detail=outcome.message or outcome.code or "?")
    return text


class SyncController(QObject):
    """Decides when to sync and hands the jobs to the worker; lives in the UI thread."""

    state_changed = Signal(str)  # ConnectionState
    finished = Signal(object)  # SyncOutcome, after every job
    data_changed = Signal()  # rows changed: the visible page should refresh
    password_needed = Signal()  # the server wants the password again
    realtime_news = Signal(object)  # buckets (emitted from the realtime thread: queued)
    _submit = Signal(object)  # SyncJob, to the worker (queued)

    def __init__(
        self,
        engine: Engine,
        device_id: str,
        email: str,
        pending: PendingChanges | None = None,
        parent: QObject | None = None,
        *,
        store: TokenStore | None = None,
        blobs: BlobStore | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._email = email
        self.store = store if store is not None else TokenStore()
        self._state: ConnectionState = "offline"
        self._busy = False
        self._queued: SyncJob | None = None
        self._needs_password = False
        self._stopped = False
        self.last_outcome: SyncOutcome | None = None
        self.last_success_at: datetime | None = _read_time(get_meta(engine, LAST_SYNC_META_KEY))
        self.realtime: RealtimeListener | None = None
        self._realtime_key: tuple[str, str] | None = None

        self.thread_ = QThread()
        self.thread_.setObjectName("sync-worker")
        self.worker = SyncWorker(engine, device_id, self.store, blobs)
        self.worker.moveToThread(self.thread_)
        self._submit.connect(self.worker.run)
        self.worker.finished.connect(self._on_finished)
        self.thread_.finished.connect(self.worker.deleteLater)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(self._auto_sync)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._auto_sync)
        if pending is not None:
            pending.changed.connect(self._on_local_change)
        self.realtime_news.connect(self._on_realtime_news)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------ settings

    def server_url(self) -> str | None:
        return get_meta(self._engine, SERVER_URL_META_KEY)

    def configured(self) -> bool:
        return self.server_url() is not None

    @property
    def email(self) -> str:
        """The account this session syncs as."""
        return self._email

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def needs_password(self) -> bool:
        return self._needs_password

    def detail(self) -> str:
        return outcome_detail(self.last_outcome, self.configured(), self.store.is_secure())

    # ------------------------------------------------------------------ triggers

    def start(self) -> None:
        """Begin: a first sync now (when a server is set), then one every interval."""
        if self._stopped:
            return
        self.timer.start()
        self._auto_sync()

    def sync_now(self) -> bool:
        """A sync asked for by the user; False when no server is set."""
        url = self.server_url()
        if url is None:
            return False
        self._submit_job(SyncJob("sync", url, self._email))
        return True

    def connect_to(self, server_url: str, email: str, password: str) -> None:
        """Log in to ``server_url`` (normalised) as ``email``, then sync; see ``finished``."""
        self._email = email.strip()
        url = normalize_server_url(server_url)
        self._submit_job(SyncJob("connect", url, self._email, password))

    def _on_local_change(self) -> None:
        if not self._stopped:
            self.debounce.start()

    def _on_realtime_news(self, _buckets: object) -> None:
        self._auto_sync()

    def _auto_sync(self) -> None:
        if self._stopped or self._needs_password:
            return
        url = self.server_url()
        if url is None:
            return
        self._submit_job(SyncJob("sync", url, self._email))

    # ------------------------------------------------------------------ the worker

    def _submit_job(self, job: SyncJob) -> None:
        if self._stopped:
            return
        if self._busy:
            # one more run after this one; a login is never replaced by a plain sync
            if self._queued is None or self._queued.kind != "connect" or job.kind == "connect":
                self._queued = job
            return
        if not self.thread_.isRunning():
            self.thread_.start()
        self._busy = True
        self.debounce.stop()
        self._set_state("syncing")
        self._submit.emit(job)

    def _on_finished(self, outcome: object) -> None:
        assert isinstance(outcome, SyncOutcome)
        self._busy = False
        self.last_outcome = outcome
        if outcome.ok:
            self.last_success_at = outcome.finished_at
            self._start_realtime(outcome)
        self._needs_password = outcome.status in ("password_needed", "login_refused")
        if self._needs_password:
            self._stop_realtime()
        match outcome.status:
            case "ok":
                state: ConnectionState = "online"
            case "offline" | "password_needed" | "login_refused":
                state = "offline"
            case _:
                state = "error"
        self._set_state(state)
        self.finished.emit(outcome)
        if outcome.changed_rows:
            self.data_changed.emit()
        if outcome.status == "password_needed":
            self.password_needed.emit()
        queued, self._queued = self._queued, None
        if (
            queued is not None
            and not self._stopped
            and (queued.kind == "connect" or not self._needs_password)
        ):
            self._submit_job(queued)

    # ------------------------------------------------------------------ realtime

    def _start_realtime(self, outcome: SyncOutcome) -> None:
        """Listen for the server's news as this account (once online)."""
        key = (outcome.server_url, outcome.email.strip().lower())
        if self._stopped or outcome.token is None or self._realtime_key == key:
            return
        self._stop_realtime()
        try:
            from cmms_desktop.sync.realtime import RealtimeListener
        except ImportError:  # a build without the realtime client
            return
        news = self.realtime_news  # emitted from the listener's thread: queued to this one

        def on_news(buckets: list[str]) -> None:
            news.emit(list(buckets))

        listener = RealtimeListener(outcome.server_url, outcome.token, on_news)
        self.realtime, self._realtime_key = listener, key
        listener.start()

    def _stop_realtime(self) -> None:
        listener, self.realtime, self._realtime_key = self.realtime, None, None
        if listener is not None:
            listener.stop()

    def _set_state(self, state: ConnectionState) -> None:
        if state != self._state:
            self._state = state
        self.state_changed.emit(state)

    def shutdown(self) -> None:
        """Stop the timers and the worker (waits for a sync in progress to end)."""
        if self._stopped:
            return
        self._stopped = True
        self.debounce.stop()
        self.timer.stop()
        self._stop_realtime()
        if self.thread_.isRunning():
            self.thread_.quit()
            self.thread_.wait()
