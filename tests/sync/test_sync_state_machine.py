"""The whole sync as a Hypothesis state machine: replicas of different accounts
work offline and sync in random order, through crashes, lost and duplicated
answers, server restarts and outages, and changes of site access.

The replicas (one account each, so that scope matters):

- ``admin-pc``: the administrator (every site);
- ``sam-laptop``: a supervisor granted site A;
- ``tom-atelier``: a technician granted site A;
- ``sue-counter``: a storekeeper granted site B.

Rules:

- ``everyone_works_offline`` (first) and ``a_replica_writes``: commands on
  replicas, offline: every command of ``WRITES``
  that ``cmms_core.mutations.MUTATIONS`` knows (equipment creates, edits of
  descriptive fields, codes, lines and parents of the same or other rows, state
  changes, deletions, production lines, sites, accounts, site grants through
  the admin's replica, conflict decisions, and, once they exist, failure
  reports and transitions, stock movements). Values come from small pools so
  that replicas collide: the same field edited on two replicas, the same code
  taken twice, a row edited on one replica and deleted on another. A command
  the replica itself refuses (a technician editing the register) is not
  queued; one the server refuses comes back as a rejection.
- ``a_replica_syncs``: a sync of one replica.
- ``a_replica_syncs_through_a_fault``: the same with one fault (``FAULTS``):
  pages of two rows, the push's answer
  lost, a crash between push and pull, after the n-th pull page, inside the
  commit of a push answer or of the n-th page (rows and cursor written, not
  committed), a pull answer lost, a crash before the re-apply, every push sent
  twice, cursors beyond what the server ever issued (a restored server).
  After a crash the replica is opened again, as the restarted application.
- ``a_push_is_replayed``: an answered push sent again: the answer is the same, the server
  is left identical.
- ``the_server``: the service restarts, or stops until a later step starts it,
  on the same database (syncs meanwhile are ``offline`` and change nothing).
- ``an_admin_grants_or_revokes_a_site``: on the server, for one account.

Checked all along: no replica holds a row of a site it may not see (the sites
of its account as of its last successful sync, plus those granted since);
cursors never go backwards (except a bucket an answer revoked or reset).
Checked at the end of every run, once everyone synced twice without faults:
every outbox empty; every replica holds exactly the server's rows of its scope,
every synced table, value for value; every queued command was decided by the
server, and each rejected one is in its author's rejections list with the
server's code (and an applied one is not); every applied stock movement is on
the server once, a refused one not at all.

Each run starts from an empty server database and new replicas. The bounded
run is part of the normal suite; ``-m soak`` runs many more
(``CMMS_SOAK_EXAMPLES``, ``CMMS_SOAK_STEPS``).

A new command: write a generator (the replica, a ``draw`` -> its payload, or
None when it has nothing to act on) and add it to ``WRITES`` under the
command's name, with the replicas whose account may run it. A command that
inserts into an insert-only ledger goes in ``LEDGERS`` too.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine, Table, select, text, update

from cmms_core.mutations import MUTATIONS, MutationRejected
from cmms_core.schema import synced_tables
from cmms_desktop.store.local_schema import sync_cursors
from cmms_desktop.sync import Credentials
from sync_server.tables import applied_mutations
from tests.sync.conftest import (
    Account,
    Device,
    Plant,
    assert_same_as_server,
    empty_server,
    fresh_replica,
    make_plant,
    server_scope,
)
from tests.sync.faults import (
    ClientFaults,
    Crash,
    FaultyClient,
    Wire,
    crash_at_commit,
    crash_once,
    result_keys,
    server_snapshot,
)
from tests.sync.live import ThreadedServer

pytestmark = pytest.mark.postgres

Draw = Callable[[st.SearchStrategy[Any]], Any]
Payload = dict[str, Any]
Sites = frozenset[uuid.UUID] | None  # None: every site (an administrator)

_TABLES = {table.name: table for table in synced_tables()}

# Small pools, so that replicas collide.
CODES = [f"M{n}" for n in range(3)]
TEXTS = ["x", "y", None]
NAMES = ["Pompe", "Moteur", "Vanne"]


# --------------------------------------------------------------------- the replica's rows


def rows(engine: Engine, table_name: str, *, live: bool = True) -> list[dict[str, Any]]:
    """The rows of a table on a replica, in a stable order (ids are made by the run,
    versions in its order), so that a replayed run draws the same ones."""
    table: Table = _TABLES[table_name]
    query = select(table).order_by(table.c.version, table.c.id)
    if live:
        query = query.where(table.c.deleted_at.is_(None))
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def ids(engine: Engine, table_name: str) -> list[uuid.UUID]:
    return [row["id"] for row in rows(engine, table_name)]


def sites_held(engine: Engine) -> set[uuid.UUID]:
    """Every site some synced row of the replica belongs to."""
    union = " UNION ".join(
        f'SELECT DISTINCT site_id FROM "{table.name}" WHERE site_id IS NOT NULL'
        for table in synced_tables()
    )
    with engine.connect() as connection:
        return {uuid.UUID(hex=str(site)) for (site,) in connection.execute(text(union))}


def _union(a: Sites, b: Sites) -> Sites:
    return None if a is None or b is None else a | b


# ------------------------------------------------------------------------ generators


@dataclass
class Context:
    """What a generator may use besides the replica."""

    device: Device
    new_id: Callable[[], uuid.UUID]
    now: datetime


Generator = Callable[[Context, Draw], Payload | None]


def _pick(draw: Draw, choices: list[Any]) -> Any:
    return draw(st.sampled_from(choices)) if choices else None


def _equipment_create(c: Context, draw: Draw) -> Payload | None:
    site = _pick(draw, ids(c.device.engine, "sites"))
    types = ids(c.device.engine, "equipment_types")
    if site is None or not types:
        return None
    return {
        "id": c.new_id(),
        "site_id": site,
        "code": draw(st.sampled_from(CODES)),
        "name": draw(st.sampled_from(NAMES)),
        "type_id": types[0],
    }


def _equipment_update(c: Context, draw: Draw) -> Payload | None:
    engine = c.device.engine
    target = _pick(draw, ids(engine, "equipments"))
    if target is None:
        return None
    values: dict[str, st.SearchStrategy[Any]] = {
        "location": st.sampled_from(TEXTS),
        "name": st.sampled_from(NAMES),
        "manufacturer": st.sampled_from(TEXTS),
        "criticality": st.sampled_from(["high", "medium", "low"]),
        "model": st.sampled_from(TEXTS),
        "serial_number": st.sampled_from(TEXTS),
        "description": st.sampled_from(TEXTS),
        "code": st.sampled_from(CODES),
        # other rows: another site's line, a parent making a cycle...
        "line_id": st.sampled_from([None, *ids(engine, "production_lines")]),
        "parent_id": st.sampled_from([None, *ids(engine, "equipments")]),
    }
    # descriptive fields first (drawn most: same-field edits on two replicas compete)
    names = draw(st.lists(st.sampled_from(list(values)), min_size=1, max_size=3, unique=True))
    return {"id": target, "fields": {name: draw(values[name]) for name in names}}


def _equipment_set_state(c: Context, draw: Draw) -> Payload | None:
    target = _pick(draw, ids(c.device.engine, "equipments"))
    if target is None:
        return None
    state = draw(st.sampled_from(["active", "down", "under_maintenance", "out_of_service"]))
    return {"id": target, "state": state, "reason": draw(st.sampled_from([None, "bruit"]))}


def _equipment_delete(c: Context, draw: Draw) -> Payload | None:
    target = _pick(draw, ids(c.device.engine, "equipments"))
    return None if target is None else {"id": target}


def _production_line_create(c: Context, draw: Draw) -> Payload | None:
    site = _pick(draw, ids(c.device.engine, "sites"))
    if site is None:
        return None
    code = draw(st.sampled_from(["L0", "L1"]))
    return {"id": c.new_id(), "site_id": site, "code": code, "name": f"Ligne {code}"}


def _site_create(c: Context, draw: Draw) -> Payload | None:
    code = draw(st.sampled_from(["S0", "S1"]))
    return {"id": c.new_id(), "code": code, "name": f"Site {code}"}


def _user_change(c: Context, draw: Draw) -> Payload | None:
    target = _pick(draw, ids(c.device.engine, "users"))
    if target is None:
        return None
    fields = {
        "full_name": st.sampled_from(["Alice", "Bruno"]),
        "phone": st.sampled_from(["0102", "0304"]),
        "language": st.sampled_from(["fr", "en"]),
    }
    names = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=2, unique=True))
    return {"id": target} | {name: draw(fields[name]) for name in names}


def _user_grant_site(c: Context, draw: Draw) -> Payload | None:
    user = _pick(draw, [r["id"] for r in rows(c.device.engine, "users") if r["role"] != "admin"])
    site = _pick(draw, ids(c.device.engine, "sites"))
    if user is None or site is None:
        return None
    return {"id": c.new_id(), "user_id": user, "scope_site_id": site}


def _user_revoke_site(c: Context, draw: Draw) -> Payload | None:
    grant = _pick(draw, ids(c.device.engine, "user_permissions"))
    return None if grant is None else {"id": grant}


def _conflict_resolve(c: Context, draw: Draw) -> Payload | None:
    conflict = _pick(draw, ids(c.device.engine, "sync_conflicts"))
    if conflict is None:
        return None
    return {"id": conflict, "choice": draw(st.sampled_from(["kept", "lost"]))}


def _failure_report(c: Context, draw: Draw) -> Payload | None:
    target = _pick(draw, ids(c.device.engine, "equipments"))
    if target is None:
        return None
    return {
        "id": c.new_id(),
        "equipment_id": target,
        "description": "Fuite",
        "urgency": draw(st.integers(1, 4)),
        "equipment_stopped": draw(st.booleans()),
        "reported_at": c.now,
    }


def _failure_transition(c: Context, draw: Draw) -> Payload | None:
    failure = _pick(draw, ids(c.device.engine, "failures"))
    if failure is None:
        return None
    action = draw(st.sampled_from(["assign", "start", "complete", "validate", "reject", "cancel"]))
    payload: Payload = {"id": failure, "action": action}
    if action == "assign":
        payload["assignee_id"] = _pick(draw, ids(c.device.engine, "users"))
    if action == "reject":
        payload["comment"] = "À reprendre"
    return payload


def _stock_move(c: Context, draw: Draw) -> Payload | None:
    part = _pick(draw, ids(c.device.engine, "parts"))
    location = _pick(draw, ids(c.device.engine, "storage_locations"))
    if part is None or location is None:
        return None
    kind = draw(st.sampled_from(["receipt", "issue", "return", "adjustment"]))
    quantity = draw(st.integers(-3, 3) if kind == "adjustment" else st.integers(1, 5))
    return {
        "id": c.new_id(),
        "kind": kind,
        "part_id": part,
        "location_id": location,
        "quantity": str(Decimal(quantity)),
        "occurred_at": c.now,
    }


ADMIN, SAM, TOM, SUE = range(4)  # the replicas (see the module doc)
EDITORS = (ADMIN, SAM)


@dataclass(frozen=True)
class Write:
    make: Generator
    by: tuple[int, ...]  # the replicas whose account may run it (on some site)


# Command name -> how to make one, and who does. Only the commands cmms_core
# knows are used. The first is drawn most (Hypothesis favours a list's start).
WRITES: dict[str, Write] = {
    "equipment.update": Write(_equipment_update, EDITORS),
    "equipment.create": Write(_equipment_create, EDITORS),
    "equipment.set_state": Write(_equipment_set_state, (ADMIN, SAM, TOM)),
    "equipment.delete": Write(_equipment_delete, EDITORS),
    "production_line.create": Write(_production_line_create, EDITORS),
    "site.create": Write(_site_create, (ADMIN,)),
    "user.change": Write(_user_change, (ADMIN,)),
    "user.grant_site": Write(_user_grant_site, (ADMIN,)),
    "user.revoke_site": Write(_user_revoke_site, (ADMIN,)),
    "conflict.resolve": Write(_conflict_resolve, EDITORS),
    "failure.report": Write(_failure_report, (ADMIN, SAM, TOM, SUE)),
    "failure.transition": Write(_failure_transition, (ADMIN, SAM, TOM)),
    "stock.move": Write(_stock_move, (ADMIN, SAM, SUE)),
}
COMMANDS = [name for name in WRITES if name in MUTATIONS]
# Commands whose payload "id" is an insert-only ledger row: (command, table).
LEDGERS = [(name, "stock_movements") for name in ("stock.move",) if name in MUTATIONS]

# ---------------------------------------------------------------------------- faults

FAULTS = [
    "small_pages",  # no fault: pull pages of two rows
    "lost_push_answer",  # the server decided, the answer never arrived
    "crash_after_push",  # between push and pull
    "crash_in_push_commit",  # the answer recorded, not committed
    "crash_after_page",  # after the n-th pull page was committed
    "crash_in_page_commit",  # a page's rows and cursor written, not committed
    "lost_pull_answer",  # the n-th pull page arrived, nothing of it written
    "crash_before_reapply",
    "duplicated_push",  # every push request sent twice
    "cursor_beyond_server",  # the server was restored from an older backup
]


# --------------------------------------------------------------------------- machine


@dataclass
class Env:
    server: ThreadedServer
    db: Engine
    tmp_path: Path
    template: Path
    runs: list[int] = field(default_factory=lambda: [0])


@dataclass
class Client:
    """A replica and what the machine knows of it."""

    device: Device
    written: dict[uuid.UUID, tuple[str, Payload]] = field(default_factory=dict)
    allowed: Sites = frozenset()  # the sites whose rows it may hold now
    cursors: dict[str, int] = field(default_factory=dict)  # the highest seen, by bucket


F = TypeVar("F", bound=Callable[..., Any])

# What the runs did (printed by the tests: pytest -s or -rP shows it).
TALLY: Counter[str] = Counter()


def note(what: str) -> None:
    event(what)
    TALLY[what] += 1


def tracked(method: F) -> F:
    """Marks the run broken while a step runs: a run that failed is not checked again
    at teardown (the first failure is the one to see)."""

    @functools.wraps(method)
    def wrapper(self: SyncMachine, *args: Any, **kwargs: Any) -> Any:
        self.broken = True
        TALLY[f"step {method.__name__}"] += 1
        result = method(self, *args, **kwargs)
        self.broken = False
        return result

    return wrapper  # type: ignore[return-value]


class SyncMachine(RuleBasedStateMachine):
    env: Env  # set by the test (a subclass per test)

    def __init__(self) -> None:
        super().__init__()
        env = self.env
        env.runs[0] += 1
        self.run = env.runs[0]
        self.db = env.db
        self.server = env.server
        self.broken = True
        self._ids = 0
        self.server.start()
        self.clients: list[Client] = []
        try:
            self.plant = self._plant()
            accounts = [
                ("admin-pc", self.plant.admin),
                ("sam-laptop", self.plant.supervisor),
                ("tom-atelier", self.plant.technician),
                ("sue-counter", self.plant.storekeeper),
            ]
            for name, account in accounts:
                self.clients.append(Client(self._device(name, account)))
            for client in self.clients:
                self._sync(client)
        except BaseException:
            self._clean()
            raise
        self.broken = False

    # ------------------------------------------------------------------ set up, clean up

    def new_id(self) -> uuid.UUID:
        """Ids in the order the run makes them: a replayed run makes the same."""
        self._ids += 1
        return uuid.UUID(f"00000000-0000-4000-8000-{self._ids:012d}")

    def _plant(self) -> Plant:
        plant = make_plant(self.db, new_id=self.new_id)
        plant.revoke(plant.storekeeper, plant.site_a)
        plant.grant(plant.storekeeper, plant.site_b)
        plant.equipment(plant.site_a, "M0")
        plant.equipment(plant.site_b, "M1")
        if "part.create" in MUTATIONS and "location.create" in MUTATIONS:
            for n in range(2):
                plant.mutate(
                    "part.create",
                    {"id": self.new_id(), "reference": f"P{n}", "description": f"Joint {n}"},
                )
            for site, code in ((plant.site_a, "A-1"), (plant.site_b, "B-1")):
                plant.mutate(
                    "location.create",
                    {"id": self.new_id(), "site_id": site, "code": code, "store": "Magasin"},
                )
        return plant

    def _device(self, name: str, account: Account) -> Device:
        folder = self.env.tmp_path / f"run-{self.run}" / name
        replica = fresh_replica(self.env.template, folder)
        return Device(name, replica, account, self.server.url, wire=Wire(keep_tokens=True))

    def _clean(self) -> None:
        for client in self.clients:
            client.device.replica.dispose()
        self.server.start()
        empty_server(self.db)

    def teardown(self) -> None:
        try:
            if not self.broken:
                self._converge_and_check()
        finally:
            self._clean()

    # ------------------------------------------------------------------ syncing

    def _check_cursors(self, client: Client) -> None:
        now = client.device.cursors()
        dropped = client.device.wire.take_dropped() | self._sites_of(
            client.device.wire.take_missing()
        )
        for bucket, version in now.items():
            before = client.cursors.get(bucket)
            if before is not None and bucket not in dropped:
                assert version >= before, f"{client.device.name}: cursor {bucket} went back"
        vanished = client.cursors.keys() - now.keys()
        assert vanished <= dropped, f"{client.device.name}: cursors {vanished} vanished"
        client.cursors = now

    def _sites_of(self, rows: set[tuple[str, uuid.UUID]]) -> set[str]:
        """The site buckets of ``rows`` on the server (a refused command's rows out of
        the user's reach: the client drops the bucket of one it had pulled)."""
        sites: set[str] = set()
        with self.db.connect() as connection:
            for name, row_id in rows:
                table = _TABLES.get(name)
                if table is None:
                    continue
                site = connection.execute(
                    select(table.c.site_id).where(table.c.id == row_id)
                ).scalar_one_or_none()
                if site is not None:
                    sites.add(str(site))
        return sites

    def _sync(self, client: Client, fault: str | None = None, n: int = 0) -> None:
        dev = client.device
        running = self.server.running
        scope = server_scope(self.db, dev.account.id)
        client.allowed = _union(client.allowed, scope)
        outbox_before = dev.outbox()
        disarm: Callable[[], None] | None = None
        if fault == "small_pages":
            dev.pull_limit = 2
        elif fault == "lost_push_answer":
            dev.checkpoint = crash_once("push_answered")
        elif fault == "crash_after_push":
            dev.checkpoint = crash_once("pushed")
        elif fault == "crash_in_push_commit":
            dev.checkpoint, disarm = crash_at_commit(dev.engine, "push_answered")
        elif fault == "crash_after_page":
            dev.pull_limit = 2
            dev.checkpoint = crash_once("pull_applied", skip=n)
        elif fault == "crash_in_page_commit":
            dev.pull_limit = 2
            step, skip = ("pushed", 0) if n == 0 else ("pull_applied", n - 1)
            dev.checkpoint, disarm = crash_at_commit(dev.engine, step, skip=skip)
        elif fault == "lost_pull_answer":
            dev.pull_limit = 2
            dev.faults = ClientFaults(lose_pull=n)
        elif fault == "crash_before_reapply":
            dev.checkpoint = crash_once("pulled")
        elif fault == "duplicated_push":
            dev.faults = ClientFaults(
                duplicate_push=True, snapshot=functools.partial(server_snapshot, self.db)
            )
        elif fault == "cursor_beyond_server":
            with dev.engine.begin() as connection:
                connection.execute(update(sync_cursors).values(version=10**12))
            client.cursors = dev.cursors()
        pushes_before = len(dev.wire.pushes)
        try:
            report = dev.sync()
        except Crash:
            note(f"fault {fault}: crashed")
            dev.restart()  # the application starts again
            self._check_cursors(client)
            if fault == "lost_push_answer" and len(dev.wire.pushes) > pushes_before:
                self._replay(client, dev.wire.pushes[-1].request, dev.wire.pushes[-1].response)
            return
        finally:
            if disarm is not None:
                disarm()
            dev.checkpoint, dev.faults, dev.pull_limit = None, None, 5000
        self._check_cursors(client)
        if fault is not None:
            note(f"fault {fault}: {'no crash' if fault != 'small_pages' else 'synced'}")
        if not running:
            note("sync: offline")
            assert report.status == "offline", report
            assert dev.outbox() == outbox_before, "an offline sync changed the outbox"
            return
        assert report.ok, f"{dev.name}: {report}"
        client.allowed = scope
        self._check_scope(client)

    def _replay(self, client: Client, request: Any, answer: Any) -> None:
        dev = client.device
        credentials = Credentials(dev.account.email, dev.account.password)
        with FaultyClient(self.server.url, credentials, dev.device_id, wire=Wire()) as http:
            http.login()  # a login stamps the account's last_login_at: not the push's doing
            before = server_snapshot(self.db)
            again = http.push(request)
        assert server_snapshot(self.db) == before, "a replayed push changed the server"
        assert result_keys(again) == result_keys(answer), "a replayed push answered differently"

    def _check_scope(self, client: Client) -> None:
        if client.allowed is None:
            return
        outside = sites_held(client.device.engine) - client.allowed
        assert not outside, f"{client.device.name} holds rows of sites {outside}"

    # ------------------------------------------------------------------ rules

    @initialize(data=st.data())
    @tracked
    def everyone_works_offline(self, data: st.DataObject) -> None:
        """A few commands on every replica before anything syncs (rules may be
        switched off for a whole run: this keeps every run busy)."""
        for who in range(len(self.clients)):
            own = [command for command in COMMANDS if who in WRITES[command].by]
            for command in data.draw(st.lists(st.sampled_from(own), min_size=1, max_size=3)):
                self._write(who, command, data)

    # Hypothesis favours the first rule in (fewest arguments, name) order: a sync.

    @rule(who=st.integers(0, 3))
    @tracked
    def a_replica_syncs(self, who: int) -> None:
        self._sync(self.clients[who])

    @rule(command=st.sampled_from(COMMANDS), data=st.data())
    @tracked
    def a_replica_writes(self, command: str, data: st.DataObject) -> None:
        """One command, offline (nothing leaves the replica until it syncs)."""
        self._write(data.draw(st.sampled_from(WRITES[command].by)), command, data)

    def _write(self, who: int, command: str, data: st.DataObject) -> None:
        client = self.clients[who]
        context = Context(client.device, self.new_id, datetime.now(UTC))
        payload = WRITES[command].make(context, data.draw)
        if payload is None:
            note(f"write {command}: nothing to act on")
            return
        try:
            mutation_id = client.device.write(command, payload)
        except MutationRejected as error:
            note(f"write {command}: refused on the replica ({error.code})")
            return  # never queued
        client.written[mutation_id] = (command, payload)
        note(f"write {command}: queued")

    @rule(who=st.integers(0, 3), fault=st.sampled_from(FAULTS), n=st.integers(0, 2))
    @tracked
    def a_replica_syncs_through_a_fault(self, who: int, fault: str, n: int) -> None:
        """``n``: which pull page the fault hits, when it hits one."""
        self._sync(self.clients[who], fault, n)

    @rule(who=st.integers(0, 3), data=st.data())
    @tracked
    def a_push_is_replayed(self, who: int, data: st.DataObject) -> None:
        """A push the server answered, sent again (a retry, a proxy's replay)."""
        client = self.clients[who]
        if not self.server.running or not client.device.wire.pushes:
            return
        exchange = data.draw(st.sampled_from(client.device.wire.pushes))
        self._replay(client, exchange.request, exchange.response)
        note("replayed a push")

    @rule(
        change=st.sampled_from(["restarts", "goes_down", "comes_back"]),
        then=st.none() | st.integers(0, 3),
    )
    @tracked
    def the_server(self, change: str, then: int | None) -> None:
        """The service restarts, or stops until a later step starts it (same
        database); ``then``: a replica syncs at once."""
        if change == "restarts":
            self.server.restart()
        elif change == "goes_down":
            self.server.stop()
        else:
            self.server.start()
        if then is not None:
            self._sync(self.clients[then])

    @rule(who=st.integers(1, 3), data=st.data())
    @tracked
    def an_admin_grants_or_revokes_a_site(self, who: int, data: st.DataObject) -> None:
        """An administrator gives or takes a site (on the server: the admin pages)."""
        account = self.clients[who].device.account
        table = _TABLES["user_permissions"]
        sites = _TABLES["sites"]
        with self.db.connect() as connection:
            site_ids = list(
                connection.execute(
                    select(sites.c.id).where(sites.c.deleted_at.is_(None)).order_by(sites.c.id)
                ).scalars()
            )
            grants = list(
                connection.execute(
                    select(table.c.id, table.c.scope_site_id)
                    .where(table.c.user_id == account.id, table.c.deleted_at.is_(None))
                    .order_by(table.c.id)
                )
            )
        site = data.draw(st.sampled_from(site_ids))
        held = [grant_id for grant_id, granted in grants if granted == site]
        for grant_id in held:
            self.plant.mutate("user.revoke_site", {"id": grant_id})
        if not held:
            payload = {"id": self.new_id(), "user_id": account.id, "scope_site_id": site}
            self.plant.mutate("user.grant_site", payload)

    # ------------------------------------------------------------------ invariants

    @invariant()
    @tracked
    def replicas_hold_only_their_scope(self) -> None:
        for client in self.clients:
            self._check_scope(client)

    # ------------------------------------------------------------------ the end

    def _converge_and_check(self) -> None:
        self.server.start()
        # everyone pushes (and pulls), then pulls what those after them pushed
        for client in self.clients + self.clients[:-1]:
            self._sync(client)
        devices = [client.device for client in self.clients]
        for dev in devices:
            assert dev.outbox() == [], f"{dev.name}: commands left in the outbox"
        assert_same_as_server(self.plant, *devices)
        with self.db.connect() as connection:
            decided = {
                row["id"]: row for row in connection.execute(select(applied_mutations)).mappings()
            }
        for client in self.clients:
            dev = client.device
            rejected = {row["mutation_id"]: row for row in dev.rejections()}
            for mutation_id, (name, _payload) in client.written.items():
                verdict = decided.get(mutation_id)
                assert verdict is not None, f"{dev.name}: {name} {mutation_id} never decided"
                if verdict["status"] == "rejected":
                    note(f"end: {name} rejected ({verdict['code']})")
                    assert mutation_id in rejected, f"{dev.name}: rejected {name} not reported"
                    assert rejected[mutation_id]["code"] == verdict["code"]
                else:
                    assert mutation_id not in rejected, f"{dev.name}: applied {name} in rejections"
            assert rejected.keys() <= client.written.keys()
        self._check_ledgers(decided)
        statuses = [decided[m]["status"] for c in self.clients for m in c.written]
        note(f"end: {statuses.count('rejected')} rejected of {len(statuses)} commands")
        with self.db.connect() as connection:
            conflicts = len(connection.execute(select(_TABLES["sync_conflicts"].c.id)).all())
        note(f"end: {min(conflicts, 3)}+ same-field conflicts")

    def _check_ledgers(self, decided: dict[uuid.UUID, Any]) -> None:
        """Insert-only ledgers: every applied movement once, a refused one never."""
        for command, table_name in LEDGERS:
            table = _TABLES[table_name]
            with self.db.connect() as connection:
                on_server = list(connection.execute(select(table.c.id)).scalars())
            applied: set[uuid.UUID] = set()
            refused: set[uuid.UUID] = set()
            for client in self.clients:
                for mutation_id, (name, payload) in client.written.items():
                    if name == command:
                        ok = decided[mutation_id]["status"] == "applied"
                        (applied if ok else refused).add(payload["id"])
            assert len(on_server) == len(set(on_server))
            assert applied <= set(on_server), f"{table_name}: applied movements lost"
            assert not refused & set(on_server), f"{table_name}: refused movements kept"


def bound(env: Env) -> type[SyncMachine]:
    return type("BoundSyncMachine", (SyncMachine,), {"env": env})


@pytest.fixture
def env(
    restartable_server: ThreadedServer, db: Engine, tmp_path: Path, replica_template: Path
) -> Iterator[Env]:
    yield Env(restartable_server, db, tmp_path, replica_template)


_COMMON = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _report() -> None:
    for what, count in sorted(TALLY.items()):
        print(f"{count:6}  {what}")
    TALLY.clear()


def test_sync_state_machine(env: Env) -> None:
    run_state_machine_as_test(
        bound(env),
        settings=settings(_COMMON, max_examples=10, stateful_step_count=20, derandomize=True),
    )
    _report()


@pytest.mark.soak
def test_sync_state_machine_soak(env: Env) -> None:
    """Many more runs, new ones each time (``CMMS_SOAK_EXAMPLES``, ``CMMS_SOAK_STEPS``)."""
    run_state_machine_as_test(
        bound(env),
        settings=settings(
            _COMMON,
            max_examples=int(os.environ.get("CMMS_SOAK_EXAMPLES", "200")),
            stateful_step_count=int(os.environ.get("CMMS_SOAK_STEPS", "40")),
            derandomize=False,
            print_blob=True,
        ),
    )
    _report()


# ------------------------------------------------------------ minimal cases the machine found


def test_a_version_larger_than_a_page_is_pulled_whole_near_the_head(
    plant: Plant, device: Callable[[str, Account], Device]
) -> None:
    """A pull close to the bucket's head (the incremental path) must still send a
    version holding more rows of one table than ``limit`` whole: here a state
    change (the equipment, its history, two audit entries) pulled by pages of one."""
    equipment_id = plant.equipment(plant.site_a, "P-1")
    tom = device("atelier", plant.technician)
    tom.pull_limit = 1
    assert tom.sync().ok
    tom.write("equipment.set_state", {"id": equipment_id, "state": "down"})
    assert tom.sync().ok  # pushed at the version after tom's cursor of site A
    assert_same_as_server(plant, tom)
