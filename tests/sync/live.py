"""Real servers for the sync tests: the app under uvicorn in a thread (which
can be stopped and started again: ``ThreadedServer``), or ``cmms-server
serve`` as a separate process (a second server process on the same database,
as behind a load balancer)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from tests.server.conftest import free_port

__all__ = ["ThreadedServer", "serve_in_process", "serve_in_thread"]


class ThreadedServer:
    """The app under uvicorn in a thread of this process, on one loopback port,
    which can be stopped and started again (a restart of the service: every
    request in flight is finished, the next start makes a new app from
    ``make_app``, on the same port)."""

    def __init__(self, make_app: Callable[[], FastAPI], port: int | None = None) -> None:
        self._make_app = make_app
        self.port = port or free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        if self._server is not None:
            return
        config = uvicorn.Config(
            self._make_app(), host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"uvicorn-{self.port}", daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                pytest.fail(f"the sync service did not start on port {self.port}")
            time.sleep(0.01)
        self._server, self._thread = server, thread
        self.starts += 1

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout=30)
        if thread.is_alive():
            pytest.fail(f"the sync service on port {self.port} did not stop within 30 s")
        self._server = self._thread = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> ThreadedServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port; yields its base URL."""
    with ThreadedServer(lambda: app) as server:
        yield server.url


@contextmanager
def serve_in_process(settings_env: Mapping[str, str]) -> Iterator[str]:
    """``cmms-server serve`` in its own process with these CMMS_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMMS_")}
    env.update(settings_env)
    port = free_port()
    command = [sys.executable, "-m", "sync_server", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"cmms-server serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("cmms-server serve did not answer within 30 s")
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
