"""The engine: no prepared statements, sslmode passed through, connect retries,
one transaction per request committed at the boundary."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, Self

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event, exc, insert, make_url, select, text

from sync_server.api.deps import ConnDep
from sync_server.db import (
    RetryPolicy,
    connect_with_retry,
    create_db_engine,
    is_transient_connect_error,
)
from sync_server.errors import ApiError
from sync_server.tables import login_attempts
from tests.server.conftest import FakeClock, free_port


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def failing(errors: list[Exception], result: str = "connected") -> Iterator[str]:
    for error in errors:
        raise error
    yield result


def flaky_connect(errors: list[Exception]) -> tuple[list[int], object]:
    calls = [0]

    def connect() -> str:
        calls[0] += 1
        if errors:
            raise errors.pop(0)
        return "connected"

    return calls, connect


def test_retry_waits_with_exponential_backoff_then_succeeds() -> None:
    sleeps = Sleeps()
    waking = psycopg.OperationalError("connection failed: Couldn't connect to compute node")
    calls, connect = flaky_connect([waking, waking, waking])
    policy = RetryPolicy(attempts=5, backoff_seconds=0.5, max_backoff_seconds=1.5, sleep=sleeps)
    assert connect_with_retry(connect, policy) == "connected"  # type: ignore[arg-type]
    assert calls == [4]
    assert sleeps == [0.5, 1.0, 1.5]


def test_retry_gives_up_after_the_last_attempt() -> None:
    sleeps = Sleeps()
    error = psycopg.OperationalError("connection refused")
    calls, connect = flaky_connect([error] * 10)
    with pytest.raises(psycopg.OperationalError):
        connect_with_retry(connect, RetryPolicy(attempts=3, sleep=sleeps))  # type: ignore[arg-type]
    assert calls == [3]
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "message",
    [
        'FATAL:  password authentication failed for user "cmms"',
        'FATAL:  database "nope" does not exist',
        "FATAL:  no pg_hba.conf entry for host",
    ],
)
def test_permanent_errors_are_not_retried(message: str) -> None:
    sleeps = Sleeps()
    calls, connect = flaky_connect([psycopg.OperationalError(message)])
    with pytest.raises(psycopg.OperationalError):
        connect_with_retry(connect, RetryPolicy(attempts=5, sleep=sleeps))  # type: ignore[arg-type]
    assert calls == [1]
    assert not is_transient_connect_error(psycopg.OperationalError(message))


def test_other_errors_are_not_retried() -> None:
    assert not is_transient_connect_error(ValueError("x"))
    calls, connect = flaky_connect([RuntimeError("bug")])
    with pytest.raises(RuntimeError):
        connect_with_retry(connect, RetryPolicy(sleep=Sleeps()))  # type: ignore[arg-type]
    assert calls == [1]


def test_engine_retries_a_refused_connection() -> None:
    sleeps = Sleeps()
    engine = create_db_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x",
        retry=RetryPolicy(attempts=3, backoff_seconds=0.01, sleep=sleeps),
    )
    with pytest.raises(Exception, match=r"refused|failed"):
        engine.connect()
    engine.dispose()
    assert sleeps == [0.01, 0.02]


@pytest.mark.postgres
def test_engine_has_no_prepared_statements(db: Engine, server_db_url: str) -> None:
    engine = create_db_engine(server_db_url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, psycopg.Connection)
            assert raw.prepare_threshold is None
            for _ in range(10):  # psycopg would prepare from the 5th time on
                connection.execute(select(login_attempts.c.id).where(login_attempts.c.email == "a"))
            prepared = connection.execute(text("SELECT count(*) FROM pg_prepared_statements"))
            assert prepared.scalar_one() == 0
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(("sslmode", "uses_ssl"), [("disable", False), ("prefer", None)])
def test_sslmode_from_the_url_reaches_the_driver(
    db: Engine, server_db_url: str, sslmode: str, uses_ssl: bool | None
) -> None:
    url = make_url(server_db_url).update_query_dict({"sslmode": sslmode})
    engine = create_db_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, psycopg.Connection)
            options = {o.keyword.decode(): o.val for o in raw.pgconn.info}
            assert options["sslmode"] == sslmode.encode()
            ssl = connection.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar_one()
            if uses_ssl is not None:
                assert ssl is uses_ssl
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_sslmode_require_is_enforced(db: Engine, server_db_url: str) -> None:
    """Against a server without TLS (the local test one), require must fail: proof
    that the URL's sslmode is what psycopg uses."""
    probe = create_db_engine(server_db_url)
    with probe.connect() as connection:
        ssl_on = connection.execute(text("SHOW ssl")).scalar_one() == "on"
    probe.dispose()
    if ssl_on:
        pytest.skip("this PostgreSQL server accepts TLS: require would succeed")
    url = make_url(server_db_url).update_query_dict({"sslmode": "require"})
    engine = create_db_engine(
        url.render_as_string(hide_password=False), retry=RetryPolicy(attempts=1)
    )
    with pytest.raises(Exception, match="SSL"):
        engine.connect()
    engine.dispose()


def _boundary_app(db: Engine) -> FastAPI:
    """A tiny app using the real ConnDep, to watch commit and rollback."""
    from sync_server.errors import install_error_handlers

    app = FastAPI()
    app.state.engine = db
    install_error_handlers(app)
    clock = FakeClock()

    def write(conn: ConnDep, email: str) -> None:
        conn.execute(
            insert(login_attempts).values(
                id=uuid.uuid4(), at=clock(), email=email, success=False, reason="test"
            )
        )

    @app.post("/ok")
    def ok(conn: ConnDep) -> dict[str, str]:
        write(conn, "ok")
        return {"status": "ok"}

    @app.post("/fail")
    def fail(conn: ConnDep) -> None:
        write(conn, "fail")
        raise ApiError(409, "conflict", "no")

    @app.post("/fail-but-keep")
    def fail_but_keep(conn: ConnDep) -> None:
        write(conn, "keep")
        raise ApiError(401, "recorded", "no", commit=True)

    @app.post("/crash")
    def crash(conn: ConnDep) -> None:
        write(conn, "crash")
        raise RuntimeError("bug")

    return app


@pytest.mark.postgres
def test_request_boundary_commits_or_rolls_back(db: Engine) -> None:
    with TestClient(_boundary_app(db), raise_server_exceptions=False) as client:
        assert client.post("/ok").status_code == 200
        assert client.post("/fail").status_code == 409
        assert client.post("/fail-but-keep").status_code == 401
        crash = client.post("/crash")
        assert crash.status_code == 500
        assert crash.json()["code"] == "internal_error"
    with db.connect() as connection:
        kept = set(connection.execute(select(login_attempts.c.email)).scalars())
    assert kept == {"ok", "keep"}


class StatementLog(list[str]):
    """Every statement a psycopg cursor of ``engine`` executes, pings included.

    Counted at the driver, below SQLAlchemy: a pool ping runs on a raw DBAPI
    cursor, which ``before_cursor_execute`` does not see.
    """

    @classmethod
    def of(cls, engine: Engine) -> StatementLog:
        statements = cls()

        class LoggingCursor(psycopg.Cursor[Any]):
            def execute(
                self,
                query: Any,
                params: Any = None,
                *,
                prepare: bool | None = None,
                binary: bool | None = None,
            ) -> Self:
                statements.append(str(query))
                return super().execute(query, params, prepare=prepare, binary=binary)

        @event.listens_for(engine, "connect")
        def _log(dbapi_connection: Any, connection_record: Any) -> None:
            dbapi_connection.cursor_factory = LoggingCursor

        return statements


def _backend_pid(connection: Connection) -> int:
    pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def _terminate_backend(server_db_url: str, pid: int) -> None:
    """Kill a server connection from another one, as an idle timeout would."""
    conninfo = make_url(server_db_url).set(drivername="postgresql")
    with psycopg.connect(conninfo.render_as_string(hide_password=False)) as admin:
        # the timeout (ms) makes it wait until the backend is gone
        killed = admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()
        assert killed == (True,)


@pytest.mark.postgres
@pytest.mark.parametrize(("idle_threshold", "pings"), [(10.0, 0), (0.0, 1)])
def test_only_a_connection_idle_past_the_threshold_is_pinged(
    server_db_url: str, idle_threshold: float, pings: int
) -> None:
    engine = create_db_engine(
        server_db_url, pool_size=1, max_overflow=0, ping_after_idle_seconds=idle_threshold
    )
    statements = StatementLog.of(engine)
    try:
        with engine.connect() as connection:
            first_pid = _backend_pid(connection)
        statements.clear()
        with engine.connect() as connection:  # checked out again at once
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, psycopg.Connection)
            # a ping leaves the connection as it found it: no transaction open
            assert raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            assert raw.autocommit is False
            assert _backend_pid(connection) == first_pid
        assert len(statements) == pings + 1, statements
        assert statements[-1] == "SELECT pg_backend_pid()"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_an_idle_connection_killed_on_the_server_is_replaced_transparently(
    server_db_url: str,
) -> None:
    engine = create_db_engine(server_db_url, pool_size=1, max_overflow=0, ping_after_idle_seconds=0)
    try:
        with engine.connect() as connection:
            killed_pid = _backend_pid(connection)
        _terminate_backend(server_db_url, killed_pid)
        with engine.connect() as connection:  # the ping fails: a fresh connection
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
            assert _backend_pid(connection) != killed_pid
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_connection_killed_within_the_threshold_fails_once_then_is_replaced(
    server_db_url: str,
) -> None:
    engine = create_db_engine(
        server_db_url, pool_size=1, max_overflow=0, ping_after_idle_seconds=3600
    )
    try:
        with engine.connect() as connection:
            killed_pid = _backend_pid(connection)
        _terminate_backend(server_db_url, killed_pid)
        with engine.connect() as connection:  # not pinged: the statement fails
            with pytest.raises(exc.OperationalError) as failure:
                connection.execute(text("SELECT 1"))
            assert failure.value.connection_invalidated
        with engine.connect() as connection:  # the following request recovers
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
            assert _backend_pid(connection) != killed_pid
    finally:
        engine.dispose()
