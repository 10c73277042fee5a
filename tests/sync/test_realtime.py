"""Realtime news over real WebSockets, through PostgreSQL LISTEN/NOTIFY.

Two server processes on one database: a push on the first reaches a client
connected to the second (only NOTIFY can carry it there). A bad token closes
the socket with 4401; a user hears only about buckets in their scope. Waits
are bounded (up to 10 s for an event), never timing assertions.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from cmms_desktop.sync.realtime import CLOSE_UNAUTHORIZED, RealtimeListener, ws_url
from sync_server.notify.postgres import libpq_url
from tests.server.conftest import TEST_JWT_SECRET
from tests.sync.conftest import Account, Device, Plant
from tests.sync.live import serve_in_process

pytestmark = pytest.mark.postgres

WAIT = 10.0  # the most any event is waited for


@pytest.fixture(scope="module")
def second_server(server_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another ``cmms-server serve`` process on the same database."""
    env = {
        "CMMS_ENVIRONMENT": "test",
        "CMMS_DATABASE_URL": server_db_url,
        "CMMS_JWT_SECRET": TEST_JWT_SECRET,
        "CMMS_BLOB_DIR": str(tmp_path_factory.mktemp("second-server-blobs")),
    }
    with serve_in_process(env) as url:
        yield url


def access_token(server_url: str, account: Account) -> str:
    answer = httpx.post(
        f"{server_url}/auth/login",
        json={"email": account.email, "password": account.password, "device_id": "realtime"},
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def news_until(news: queue.Queue[list[str]], wanted: str) -> list[list[str]]:
    """Every message received until one names ``wanted`` (at most WAIT seconds each)."""
    seen: list[list[str]] = []
    while True:
        try:
            buckets = news.get(timeout=WAIT)
        except queue.Empty:
            pytest.fail(f"no news of {wanted} within {WAIT} s (got {seen})")
        seen.append(buckets)
        if wanted in buckets:
            return seen


def test_a_push_on_one_server_reaches_a_client_of_another(
    device: Callable[[str, Account], Device], plant: Plant, second_server: str
) -> None:
    pump = plant.equipment(plant.site_a, "P-101")
    a, b = device("a", plant.supervisor), device("b", plant.technician)
    assert a.sync().ok and b.sync(second_server).ok
    news: queue.Queue[list[str]] = queue.Queue()
    listener = RealtimeListener(
        second_server,
        lambda: access_token(second_server, b.account),
        news.put,
        notify_on_connect=False,
    )
    with listener:
        assert listener.wait_connected(WAIT), listener.state
        a.write("equipment.update", {"id": pump, "fields": {"name": "Pompe de relevage"}})
        assert a.sync().ok  # pushed to the first server
        news_until(news, str(plant.site_a))
        assert b.sync(second_server).ok
    row = b.row("equipments", pump)
    assert row is not None and row["name"] == "Pompe de relevage"
    assert listener.state == "stopped"
    assert not listener.connected


def test_a_bad_token_closes_the_socket_with_4401(live_server: str, plant: Plant) -> None:
    for first in ('{"token": "not-a-jwt"}', "not json", '{"hello": 1}'):
        with connect(ws_url(live_server), open_timeout=WAIT) as socket:
            socket.send(first)
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=WAIT)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CLOSE_UNAUTHORIZED

    states: queue.Queue[str] = queue.Queue()
    listener = RealtimeListener(
        live_server, lambda: "expired-or-forged", lambda _b: None, on_state=states.put
    )
    with listener:
        while states.get(timeout=WAIT) != "unauthorized":
            pass
    assert listener.last_close_code == CLOSE_UNAUTHORIZED
    assert listener.connections == 0


def test_a_user_hears_only_of_buckets_in_scope(
    device: Callable[[str, Account], Device], plant: Plant, live_server: str
) -> None:
    lyon, rouen = plant.equipment(plant.site_a, "L-1"), plant.equipment(plant.site_b, "R-1")
    admin = device("admin", plant.admin)
    assert admin.sync().ok
    news: queue.Queue[list[str]] = queue.Queue()
    listener = RealtimeListener(
        live_server, lambda: access_token(live_server, plant.technician), news.put
    )
    with listener:
        # on connecting: the buckets of the hello (the client syncs to catch up)
        assert sorted(news.get(timeout=WAIT)) == sorted(["global", str(plant.site_a)])
        admin.write("equipment.update", {"id": rouen, "fields": {"name": "Rouen only"}})
        assert admin.sync().ok
        admin.write("equipment.update", {"id": lyon, "fields": {"name": "Lyon"}})
        assert admin.sync().ok
        # news comes in commit order: had Rouen's leaked, it would be here first
        seen = news_until(news, str(plant.site_a))
    assert all(str(plant.site_b) not in buckets for buckets in seen), seen
    assert seen[-1] == [str(plant.site_a)]


def test_the_listener_takes_the_direct_url_in_psycopg_form() -> None:
    """LISTEN needs the unpooled URL; psycopg wants it without the SQLAlchemy driver
    name, and Neon's query parameters must survive."""
    url = "postgresql+psycopg://u:p@ep-x.eu.aws.neon.tech/cmms?sslmode=require"
    assert libpq_url(url) == "postgresql://u:p@ep-x.eu.aws.neon.tech/cmms?sslmode=require"
