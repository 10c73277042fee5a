"""Database access that works through Neon's PgBouncer in transaction mode.

Transaction pooling hands each *transaction* a possibly different server
connection, so nothing may outlive one:

- no server-side prepared statements: psycopg 3 prepares a query it has seen
  five times unless ``prepare_threshold=None`` (a prepared statement lives on
  one server connection; the next transaction may land on another one, or
  another client may get this one and collide with the name);
- no session state: no ``SET`` outside a transaction, no ``LISTEN``, no
  temporary tables, no session advisory locks. The engine never sets an
  isolation level (SQLAlchemy would issue ``SET SESSION CHARACTERISTICS``)
  and never a time zone: ``UTCDateTime`` converts on the client side.
  What must be session-scoped (LISTEN/NOTIFY) uses the direct URL instead.

``sslmode`` and the other libpq parameters in the URL's query string go to
psycopg unchanged (Neon needs ``?sslmode=require``).

A suspended Neon compute answers the first connection attempts with an
``OperationalError`` while it wakes up: connecting is retried with backoff,
except for errors that no retry can fix (bad password, unknown database).
Suspending also kills the open connections, and PgBouncer and PostgreSQL
close idle ones: a pooled connection idle for ``ping_after_idle_seconds`` is
pinged before use and replaced if dead. One used a moment ago is not pinged:
a round trip on every checkout (``pool_pre_ping``) cost ~16% of the CPU.

One transaction per request: :func:`transaction` opens it for the route and
commits when the route returns, rolls back when it raises (unless the error
asks to keep what was written: a failed login is recorded). Services only
execute; they never commit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import anyio
import psycopg
from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, Dialect
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from sync_server.config import Settings
from sync_server.errors import ApiError

__all__ = [
    "ConnectionDep",
    "RetryPolicy",
    "connect_with_retry",
    "create_db_engine",
    "engine_from_settings",
    "is_transient_connect_error",
    "request_transaction",
    "run_in_autocommit",
    "transaction",
    "transaction_on",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# Connection errors that retrying cannot fix: fail at once with the real cause.
_PERMANENT_MARKERS = (
    "password authentication failed",
    "authentication failed",
    "does not exist",
    "no pg_hba.conf entry",
    "invalid connection option",
    "invalid sslmode",
    "endpoint id is not specified",
)


def is_transient_connect_error(error: BaseException) -> bool:
    """Whether a failed connect may succeed if tried again (a waking Neon compute)."""
    if not isinstance(error, psycopg.OperationalError):
        return False
    message = str(error).lower()
    return not any(marker in message for marker in _PERMANENT_MARKERS)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a failed connect."""

    attempts: int = 5
    backoff_seconds: float = 0.5  # first pause; doubles after each failure
    max_backoff_seconds: float = 8.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def pauses(self) -> Iterator[float]:
        pause = self.backoff_seconds
        for _ in range(self.attempts - 1):
            yield min(pause, self.max_backoff_seconds)
            pause *= 2


def connect_with_retry(connect: Callable[[], T], policy: RetryPolicy) -> T:
    """Call ``connect`` until it succeeds, pausing between transient failures."""
    pauses = policy.pauses()
    attempt = 1
    while True:
        try:
            return connect()
        except psycopg.OperationalError as error:
            pause = next(pauses, None)
            if pause is None or not is_transient_connect_error(error):
                raise
            log.warning(
                "database connection attempt %d failed (%s); retrying in %.1f s",
                attempt,
                " ".join(str(error).split()),
                pause,
            )
            policy.sleep(pause)
            attempt += 1


def create_db_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 5,
    pool_recycle_seconds: int = 300,
    connect_timeout_seconds: int = 10,
    retry: RetryPolicy | None = None,
    ping_after_idle_seconds: float = 10.0,
    **engine_options: Any,
) -> Engine:
    """An engine safe behind PgBouncer's transaction pooling (see the module doc).

    A pooled connection idle for ``ping_after_idle_seconds`` or more is pinged
    when checked out, and replaced if the ping fails (``0``: ping every reused
    connection, like ``pool_pre_ping``).
    """
    parsed = make_url(url)
    connect_args: dict[str, Any] = {"prepare_threshold": None}
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = connect_timeout_seconds
    engine = create_engine(
        parsed,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=pool_recycle_seconds,
        **engine_options,
    )
    policy = retry or RetryPolicy()

    @event.listens_for(engine, "do_connect")
    def _connect(
        dialect: Dialect, conn_rec: object, cargs: tuple[Any, ...], cparams: dict[str, Any]
    ) -> Any:
        return connect_with_retry(lambda: dialect.connect(*cargs, **cparams), policy)

    _ping_after_idle(engine, ping_after_idle_seconds)
    return engine


_IDLE_SINCE = "sync_server.idle_since"  # connection_record.info key: monotonic check-in time


def _ping_after_idle(engine: Engine, threshold_seconds: float) -> None:
    """Ping a connection on checkout only if it sat in the pool ``threshold_seconds``.

    Instead of ``pool_pre_ping``, whose round trip on every checkout was ~16% of
    the CPU of a request under a burst of pulls: a connection checked in a
    moment ago is alive; one idle longer may have been closed meanwhile (Neon
    suspends its compute, PgBouncer and PostgreSQL close idle connections).
    A failed ping raises ``DisconnectionError``: the pool discards the
    connection and checks out a fresh one, as after a failed pre-ping. A
    connection that dies unnoticed within the threshold fails its statement,
    which invalidates it (SQLAlchemy's disconnect handling): the next request
    gets a fresh one.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checked_in(
        dbapi_connection: DBAPIConnection | None, connection_record: ConnectionPoolEntry
    ) -> None:
        connection_record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(
        dbapi_connection: DBAPIConnection,
        connection_record: ConnectionPoolEntry,
        connection_proxy: PoolProxiedConnection,
    ) -> None:
        # A new connection (the pool clears ``info`` on reconnect) is not pinged.
        idle_since: float | None = connection_record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < threshold_seconds:
            return
        try:
            # The dialect's ping: an empty statement in autocommit, so no
            # transaction stays open (fine through PgBouncer's transaction mode).
            dialect.do_ping(dbapi_connection)
        except psycopg.Error as error:
            log.info("idle database connection failed its ping; replacing it: %s", error)
            raise exc.DisconnectionError(str(error)) from error


def engine_from_settings(settings: Settings, *, direct: bool = False) -> Engine:
    """The pooled engine of the requests, or (``direct``) one on the unpooled URL."""
    return create_db_engine(
        settings.direct_database_url if direct else settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_recycle_seconds=settings.db_pool_recycle_seconds,
        connect_timeout_seconds=settings.db_connect_timeout_seconds,
        retry=RetryPolicy(
            attempts=settings.db_connect_attempts,
            backoff_seconds=settings.db_connect_backoff_seconds,
        ),
    )


async def database_slot(request: Request) -> AsyncIterator[None]:
    """Wait, in the event loop, for one of the pool's connections to be free.

    Sync routes and dependencies run on a bounded thread pool. Without this
    gate, a burst larger than the thread pool (every online client pulling at
    once after a realtime notice) leaves every thread blocked on the
    connection pool while the requests holding connections wait for a thread
    to finish: nothing moves until the pool times out. Queuing here, before a
    thread is taken, lets the requests that hold connections complete.
    """
    slots: anyio.Semaphore | None = getattr(request.app.state, "db_slots", None)
    if slots is None:  # an app built without the gate (create_app always sets it)
        yield
        return
    async with slots:
        yield


DatabaseSlot = Annotated[None, Depends(database_slot, scope="function")]


@contextmanager
def request_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction: committed at the end, rolled back on error.

    An :class:`ApiError` raised with ``commit=True`` keeps what was written
    before it (a failed login is recorded).
    """
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        except ApiError as error:
            if error.commit and outer.is_active:
                outer.commit()
            else:
                outer.rollback()
            raise
        except BaseException:
            outer.rollback()
            raise
        else:
            outer.commit()


def transaction(request: Request, _slot: DatabaseSlot) -> Iterator[Connection]:
    """The request's connection, inside one transaction.

    Used with ``scope="function"`` (see ``api.deps.ConnDep``) so that the commit
    happens before the response leaves: a client never sees a success the
    database did not keep. An exception from the route rolls everything back,
    except an :class:`ApiError` raised with ``commit=True``.
    """
    engine: Engine = request.app.state.engine
    with request_transaction(engine) as connection:
        yield connection


async def run_in_autocommit(request: Request, work: Callable[[Connection], T]) -> T:
    """``work(connection)`` on one worker thread, once a slot is free, the connection
    in autocommit: each statement is its own transaction, with no round trip to
    begin or commit one; ``work`` opens one with :func:`transaction_on` when it
    needs several statements to agree.

    For hot routes: a route written with ``ConnDep`` and sync dependencies
    hops between the event loop and the thread pool for each of them (and
    again for the route), each hop waiting for the loop, which is busy with
    every other request of a burst. Here the slot is awaited in the loop (see
    :func:`database_slot`), then everything that needs the database runs in
    a single hop.
    """
    engine: Engine = request.app.state.engine

    def run() -> T:
        with engine.connect() as connection:
            return work(connection.execution_options(isolation_level="AUTOCOMMIT"))

    return await _in_worker_thread(request, run)


@contextmanager
def transaction_on(connection: Connection) -> Iterator[Connection]:
    """A transaction on a connection of :func:`run_in_autocommit`: committed at the
    end, rolled back on error."""
    connection.commit()  # SQLAlchemy's own record of the autocommit statements: no round trip
    connection.execution_options(isolation_level=connection.default_isolation_level)
    with connection.begin():
        yield connection


async def _in_worker_thread(request: Request, run: Callable[[], T]) -> T:
    slots: anyio.Semaphore | None = getattr(request.app.state, "db_slots", None)
    if slots is None:
        return await anyio.to_thread.run_sync(run)
    async with slots:
        return await anyio.to_thread.run_sync(run)


# The request's connection, in its transaction (committed before the response).
ConnectionDep = Annotated[Connection, Depends(transaction, scope="function")]
