"""The composition root of the service: ``create_app`` builds everything once.

No module-level app: ``uvicorn --factory sync_server.main:create_app`` (or
``cmms-server serve``) calls the factory, which reads the settings from the
environment. Tests call it with their own settings, clock and mailer.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from sqlalchemy import Engine

from sync_server.api import admin, auth, blobs, health, realtime, sync
from sync_server.auth.mailer import Mailer
from sync_server.blobs.storage import BlobStorage
from sync_server.clock import Clock, utcnow
from sync_server.config import Settings
from sync_server.db import engine_from_settings
from sync_server.errors import install_error_handlers
from sync_server.notify.hub import Hub
from sync_server.notify.postgres import BucketListener
from sync_server.sync.pull_cache import PullCache

__all__ = ["create_app", "create_served_app"]

log = logging.getLogger(__name__)

API_VERSION = "1"


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    engine: Engine | None = None,
) -> FastAPI:
    """The FastAPI application, with its engine, mailer and clock on ``app.state``.

    ``engine``: an engine the caller owns (and disposes); by default one is
    built from the settings and disposed when the app shuts down.
    """
    settings = settings or Settings()
    owned_engine = engine is None
    db_engine = engine if engine is not None else engine_from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("CMMS sync service starting (%s)", settings.environment)
        # realtime: the sockets of this process, fed by LISTEN on the direct URL
        # (made here: they belong to the event loop that serves the app)
        app.state.hub = Hub()
        app.state.listener = BucketListener(
            settings.direct_database_url,
            app.state.hub,
            keepalive_seconds=settings.listen_keepalive_seconds,
            connect_timeout_seconds=settings.db_connect_timeout_seconds,
        )
        app.state.listener.start()
        try:
            yield
        finally:
            await app.state.listener.stop()
            if owned_engine:
                db_engine.dispose()

    app = FastAPI(
        title="CMMS sync service",
        version=API_VERSION,
        summary="Authentication and synchronisation for the offline-first CMMS.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = db_engine
    # The requests' gate (db.database_slot) admits as many as the pool keeps open:
    # a burst then never opens and closes overflow connections (each one a
    # PostgreSQL process started, milliseconds of CPU). The overflow serves what
    # runs outside the gate (the token checks of the blob and WebSocket routes).
    app.state.db_slots = anyio.Semaphore(settings.db_pool_size)
    app.state.pull_cache = PullCache()  # see sync/pull_cache.py
    app.state.clock = clock or utcnow
    app.state.mailer = mailer or Mailer.from_settings(settings)
    app.state.blobs = BlobStorage(settings.blob_root, settings.max_blob_bytes)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    app.include_router(sync.router)
    app.include_router(realtime.router)
    app.include_router(blobs.router)
    return app


def create_served_app() -> FastAPI:
    """``create_app()`` for a process that serves it (``cmms-server serve``).

    What start-up built (the modules, the routes, the schema) lives as long as
    the process: the garbage collector is told to stop scanning it
    (``gc.freeze``), so that a full collection during a push or a pull scans
    only what requests made (bench/sync_push.py, bench/sync_many_clients.py).
    """
    app = create_app()
    gc.freeze()
    return app
