"""The server session's tokens: in the OS credential store, else in memory, never in a file.

The OS keyring is the outside world: tests put an in-memory backend in its
place (``memory_keyring``), or keyring's own fail backend (``fail_keyring``:
no desktop session). Logins and refreshes go to the real sync service over
loopback HTTP (``live_server``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from keyring.errors import KeyringError, PasswordDeleteError

from cmms_desktop.sync.client import AuthenticationFailed, Offline
from cmms_desktop.sync.credentials import (
    NO_SECURE_STORE_MESSAGE,
    PasswordNeeded,
    ServerAccount,
    TokenStore,
    keyring_service,
    normalize_server_url,
)
from tests.server.conftest import free_port
from tests.sync import conftest as sync_conftest
from tests.sync.conftest import PASSWORD, Plant

# The sync tests' fixtures: the service on loopback, its throw-away database, the plant.
server_db_url = sync_conftest.server_db_url
_session_engine = sync_conftest._session_engine
db = sync_conftest.db
_fast_password_hashing = sync_conftest._fast_password_hashing
live_server = sync_conftest.live_server
plant = sync_conftest.plant


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The OS credential store of the tests: a dict. Never picked by keyring on its own."""

    @keyring.backend.properties.classproperty
    def priority(cls) -> float:  # noqa: N805
        raise RuntimeError("a test backend: only set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


class LockedKeyring(MemoryKeyring):
    """A store that is there but refuses to write (a locked login keyring)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the keyring is locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def fail_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    previous = keyring.get_keyring()
    backend = keyring.backends.fail.Keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def files_holding(folder: Path, secret: str) -> list[Path]:
    """Every file under ``folder`` whose bytes contain ``secret``."""
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


# ------------------------------------------------------------------ addresses


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("https://sync.example.com", "https://sync.example.com"),
        (" HTTPS://Sync.Example.COM/ ", "https://sync.example.com"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("https://example.com/cmms/", "https://example.com/cmms"),
    ],
)
def test_server_addresses_are_normalised(typed: str, normal: str) -> None:
    assert normalize_server_url(typed) == normal
    assert keyring_service(typed) == f"cmms-desktop:{normal}"


@pytest.mark.parametrize(
    "typed", ["", "sync.example.com", "ftp://x.org", "https://", "http://a/?q=1"]
)
def test_a_non_address_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        normalize_server_url(typed)


# ------------------------------------------------------------------ the store


def test_tokens_go_to_the_os_store_by_server_and_email(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    assert store.is_secure() and store.refusal is None
    assert store.save("https://Sync.example.com/", "Tom@Usine.fr", "refresh-1") is True
    assert memory_keyring.passwords == {
        ("cmms-desktop:https://sync.example.com", "tom@usine.fr"): "refresh-1"
    }
    assert store.load("https://sync.example.com", "tom@usine.fr") == "refresh-1"
    assert store.load("https://other.example.com", "tom@usine.fr") is None
    assert store.load("https://sync.example.com", "sam@usine.fr") is None
    # a new store (the next session) finds it: it is the OS's, not this object's
    assert TokenStore().load("https://sync.example.com", "TOM@usine.fr") == "refresh-1"
    store.forget("https://sync.example.com", "tom@usine.fr")
    assert memory_keyring.passwords == {}
    store.forget("https://sync.example.com", "tom@usine.fr")  # twice: no error


def test_without_a_secure_store_tokens_stay_in_memory_for_the_session(
    fail_keyring: keyring.backend.KeyringBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    store = TokenStore()
    assert not store.is_secure()
    assert store.refusal == NO_SECURE_STORE_MESSAGE
    assert "asked for your password at each sync session" in NO_SECURE_STORE_MESSAGE
    assert store.save("https://sync.example.com", "tom@usine.fr", "refresh-secret") is False
    assert store.load("https://sync.example.com", "tom@usine.fr") == "refresh-secret"
    # the next session (a new store) has nothing: the password will be asked
    assert TokenStore().load("https://sync.example.com", "tom@usine.fr") is None
    assert files_holding(tmp_path, "refresh-secret") == []
    assert list(tmp_path.iterdir()) == []


def test_a_store_that_refuses_to_write_falls_back_to_memory_and_says_why() -> None:
    store = TokenStore(LockedKeyring())
    assert store.is_secure()
    assert store.save("https://sync.example.com", "tom@usine.fr", "refresh-1") is False
    assert not store.is_secure()
    assert store.refusal is not None and "the keyring is locked" in store.refusal
    assert store.load("https://sync.example.com", "tom@usine.fr") == "refresh-1"


# ------------------------------------------------------------------ against the service


def test_login_stores_the_refresh_token_and_refresh_rotates_it(
    live_server: str, plant: Plant, memory_keyring: MemoryKeyring
) -> None:
    store = TokenStore()
    account = ServerAccount(live_server, plant.technician.email, uuid.uuid4().hex, store)
    info = account.login(PASSWORD)
    assert info.user_id == plant.technician.id
    assert info.secure_store is True
    first = store.load(live_server, plant.technician.email)
    assert first is not None
    assert list(memory_keyring.passwords.values()) == [first]
    access = account.access_token()  # the one in memory: no refresh
    assert store.load(live_server, plant.technician.email) == first

    account.refresh()
    second = store.load(live_server, plant.technician.email)
    assert second is not None and second != first
    assert account.access_token() != access

    account.refresh()  # the successor of the first token is used: no retry grace for it
    assert store.load(live_server, plant.technician.email) not in (first, second)

    # the old refresh token no longer works: presenting it ends the session
    memory_keyring.passwords[(keyring_service(live_server), plant.technician.email)] = first
    with pytest.raises(PasswordNeeded):
        account.refresh()
    assert store.load(live_server, plant.technician.email) is None  # forgotten
    with pytest.raises(PasswordNeeded):
        account.access_token()


def test_a_sync_cycle_runs_with_the_tokens(
    live_server: str, plant: Plant, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from cmms_core.schema.people import users
    from cmms_desktop.store import open_replica

    replica = open_replica(tmp_path / "data")
    try:
        account = ServerAccount(live_server, plant.supervisor.email, uuid.uuid4().hex, TokenStore())
        account.login(PASSWORD)
        report = account.sync(replica.engine)
        assert report.ok and report.pulled_rows > 0
        with replica.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(users)).scalar_one() == 4
        token = memory_keyring.passwords[(keyring_service(live_server), plant.supervisor.email)]
        assert files_holding(tmp_path, token) == []
    finally:
        replica.dispose()


def test_wrong_password_and_unreachable_server(
    live_server: str, plant: Plant, memory_keyring: MemoryKeyring
) -> None:
    account = ServerAccount(live_server, plant.technician.email, "dev", TokenStore())
    with pytest.raises(AuthenticationFailed) as refused:
        account.login("not-the-password")
    assert refused.value.code == "invalid_credentials"
    assert memory_keyring.passwords == {}
    with pytest.raises(PasswordNeeded):  # nothing stored: the password is needed
        account.access_token()

    dead = ServerAccount(
        f"http://127.0.0.1:{free_port()}", plant.technician.email, "dev", TokenStore()
    )
    with pytest.raises(Offline):
        dead.login(PASSWORD)


def test_logout_ends_the_session_and_forgets_the_token(
    live_server: str, plant: Plant, memory_keyring: MemoryKeyring
) -> None:
    account = ServerAccount(live_server, plant.technician.email, "dev", TokenStore())
    account.login(PASSWORD)
    token = TokenStore().load(live_server, plant.technician.email)
    assert token is not None and account.has_session()
    account.logout()
    assert memory_keyring.passwords == {}
    assert not account.has_session()
    # the server forgot it too
    memory_keyring.passwords[(keyring_service(live_server), plant.technician.email)] = token
    with pytest.raises(PasswordNeeded):
        account.refresh()
