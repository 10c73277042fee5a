"""The corrective-maintenance screens' queries on a real replica.

Rows are made by the commands themselves (as a user's writes would), then
read back the way the screens read them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, delete, insert, update

import cmms_desktop.store.queries.failures as failure_queries
from cmms_core.rules.escalation import DEFAULT_RULES
from cmms_core.rules.roles import Role
from cmms_core.schema.failures import escalation_rules, failures
from cmms_desktop.store.queries.failures import (
    OPEN_STATUS_VALUES,
    FailureFilter,
    FailureListing,
    TextPlan,
    _listed,
    _uses_search_index,
    count_failures,
    current_escalations,
    fetch_failure_page,
    get_failure_detail,
    list_assignable_users,
    lookup_equipment,
    text_plan,
)
from cmms_desktop.store.queries.technician import technician_landing
from cmms_desktop.store.queries.timeline import equipment_timeline, failure_timeline
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.search import FAILURE_SEARCH, drop_search_index
from tests.core.test_corrective_mutations import Crew
from tests.core.test_mutations import (
    LATER,
    NOW,
    Plant,
    plant,  # noqa: F401  (fixture)
    run,
)


@pytest.fixture
def db(replica: Replica) -> Engine:
    """The shared plant fixture, on a replica only."""
    return replica.engine


@pytest.fixture
def crew(plant: Plant) -> Crew:  # noqa: F811
    return Crew(plant)


def report_at(crew: Crew, minutes: int, urgency: int, **fields: object) -> uuid.UUID:
    return crew.report(
        urgency=urgency, reported_at=(NOW + timedelta(minutes=minutes)).isoformat(), **fields
    )


def test_the_list_is_ordered_by_urgency_then_age_and_pages_never_overlap(crew: Crew) -> None:
    made = {
        (urgency, minutes): report_at(crew, minutes, urgency)
        for urgency in (1, 2, 3, 4)
        for minutes in (30, 10, 20)
    }
    expected = [made[key] for key in sorted(made, key=lambda k: (-k[0], k[1]))]
    listing = FailureListing(crew.engine, FailureFilter(), scope_site_ids=None, now=LATER)
    assert listing.count() == 12
    pages = [listing.page(offset, 5) for offset in (0, 5, 10)]
    assert [row.id for page in pages for row in page] == expected
    assert (
        fetch_failure_page(crew.engine, FailureFilter(), 3, 2, scope_site_ids=None, now=LATER)[0].id
        == expected[3]
    )
    first = pages[0][0]
    assert (first.urgency, first.status, first.equipment_code) == (4, "reported", "PR-1")
    assert first.reported_by_name == "Jeanne Martin" and first.site_code == "LYON"


def test_the_filters_narrow_the_list(crew: Crew) -> None:
    other_eq = crew.plant.equipment("PR-2")
    urgent = report_at(crew, 0, 4, equipment_stopped=True)
    low = report_at(crew, 60 * 24 * 3, 1)
    elsewhere = crew.report(equipment_id=str(other_eq), description="Fuite d'huile vérin")
    crew.transition(crew.supervisor, low, "assign", assignee_id=str(crew.tech.user_id))
    b_eq = crew.plant.equipment("B-1", site=crew.plant.site_b)
    in_b = crew.report(actor=crew.plant.admin, equipment_id=str(b_eq))

    def ids(scope: frozenset[uuid.UUID] | None = None, **kwargs: object) -> set[uuid.UUID]:
        found = FailureFilter(**kwargs)  # type: ignore[arg-type]
        listing = FailureListing(crew.engine, found, scope_site_ids=scope, now=LATER)
        rows = listing.page(0, 100)
        assert listing.count() == len(rows) == count_failures(crew.engine, found, scope)
        return {row.id for row in rows}

    assert ids() == {urgent, low, elsewhere, in_b}
    assert ids(frozenset({crew.plant.site_a})) == {urgent, low, elsewhere}
    assert ids(site_ids=frozenset({crew.plant.site_b})) == {in_b}
    assert ids(statuses=frozenset({"assigned"})) == {low}
    assert ids(urgencies=frozenset({4, 1})) == {urgent, low}
    assert ids(equipment_id=other_eq) == {elsewhere}
    assert ids(technician_id=crew.tech.user_id) == {low}
    assert ids(reported_from=NOW + timedelta(days=1)) == {low}
    assert ids(reported_to=NOW + timedelta(days=1)) == {urgent, elsewhere, in_b}
    assert ids(text="huile") == {elsewhere}
    assert ids(text="DI-" + urgent.hex[:8].upper()) == {urgent}
    assert ids(statuses=frozenset()) == set()


def test_downtime_is_live_until_the_machine_runs_again(crew: Crew) -> None:
    failure_id = crew.report(equipment_stopped=True)
    [row] = fetch_failure_page(crew.engine, FailureFilter(), scope_site_ids=None, now=LATER)
    assert row.downtime_live and row.downtime_minutes == 120
    run(crew.engine, crew.tech, "failure.restore_service", {"id": str(failure_id)}, now=LATER)
    later = LATER + timedelta(hours=5)
    [row] = fetch_failure_page(crew.engine, FailureFilter(), scope_site_ids=None, now=later)
    assert not row.downtime_live and row.downtime_minutes == 120


def test_the_detail_holds_the_sheet_parts_costs_and_photos(crew: Crew) -> None:
    failure_id = crew.started(equipment_stopped=True)
    labour = [{"user_id": str(crew.tech.user_id), "minutes": 30}]
    run(
        crew.engine,
        crew.tech,
        "repair.save",
        {
            "failure_id": str(failure_id),
            "fields": {"diagnosis": "Courroie", "labour": labour, "external_cost": "10"},
        },
    )
    run(
        crew.engine,
        crew.tech,
        "repair.add_part",
        {
            "id": str(uuid.uuid4()),
            "failure_id": str(failure_id),
            "part_id": str(crew.part),
            "location_id": str(crew.store),
            "quantity": "2",
        },
    )
    detail = get_failure_detail(crew.engine, failure_id, LATER)
    assert detail is not None and detail.sheet is not None and detail.costs is not None
    assert detail.status == "in_progress" and detail.assigned_to == crew.tech.user_id
    assert detail.downtime_minutes == 120 and detail.equipment.state == "under_maintenance"
    assert detail.sheet.diagnosis == "Courroie"
    [line] = detail.sheet.labour
    assert (line.minutes, line.hourly_rate, line.cost) == (30, Decimal("40.00"), Decimal("20.00"))
    [part] = detail.parts
    assert (part.reference, part.quantity, part.cost, part.returned) == (
        "ROUL-6204",
        Decimal(2),
        Decimal("25.00"),
        False,
    )
    assert (detail.costs.labour, detail.costs.parts, detail.costs.external) == (
        Decimal("20.00"),
        Decimal("25.00"),
        Decimal("10.00"),
    )
    assert detail.costs.total == Decimal("55.00")
    assert detail.sheet.fields()["diagnosis"] == "Courroie"
    assert detail.conflicts == () and detail.attachments == ()
    assert get_failure_detail(crew.engine, uuid.uuid4(), LATER) is None


def test_the_timeline_tells_who_did_what_from_which_device(crew: Crew) -> None:
    failure_id = crew.started()
    entries = failure_timeline(crew.engine, failure_id)
    actions = [(e.action, e.entity) for e in entries]
    assert ("failure.report", "failures") in actions
    assert ("failure.transition", "repair_interventions") in actions
    assign = next(e for e in entries if e.changes.get("status") == ["reported", "assigned"])
    assert assign.actor_id == crew.supervisor.user_id
    assert (assign.device_id, assign.offline) == ("test-device", True)
    assert entries == sorted(entries, key=lambda e: e.at, reverse=True)
    on_equipment = equipment_timeline(crew.engine, crew.equipment)
    assert {e.entity for e in on_equipment} >= {"equipments", "failures", "repair_interventions"}


def test_technician_landing(crew: Crew) -> None:
    mine = crew.started()
    new = crew.report(urgency=4)
    crew.transition(crew.supervisor, new, "assign", assignee_id=str(crew.tech.user_id))
    crew.report()  # nobody's yet
    landing = technician_landing(
        crew.engine,
        crew.tech.user_id,
        now=LATER,
        day_end=LATER + timedelta(hours=8),
        week_end=LATER + timedelta(days=5),
        since=NOW,
    )
    assert [t.id for t in landing.today] == [new, mine]  # most urgent first
    assert [t.id for t in landing.new_assignments] == [new]
    assert [ref.code for ref in landing.equipment] == ["PR-1"]
    [sheet] = landing.recent_interventions
    assert sheet.failure_id == mine


def test_lookup_by_scanned_code_or_search(crew: Crew) -> None:
    found = lookup_equipment(crew.engine, " pr-1\n", scope_site_ids=None)
    assert found.exact is not None and found.exact.id == crew.equipment
    assert lookup_equipment(crew.engine, "PR-1", scope_site_ids=frozenset()).exact is None
    search = lookup_equipment(crew.engine, "Machine", scope_site_ids=frozenset({crew.plant.site_a}))
    assert search.exact is None and [r.code for r in search.matches] == ["PR-1"]


def test_assignable_users_are_the_workers_of_the_site(crew: Crew) -> None:
    names = {u.id: u.role for u in list_assignable_users(crew.engine, crew.plant.site_a)}
    assert crew.tech.user_id in names and crew.supervisor.user_id in names
    assert crew.storekeeper.user_id not in names
    assert names[crew.plant.admin.user_id] == Role.ADMIN.value


def test_escalations_show_for_unassigned_urgent_tickets(crew: Crew) -> None:
    with crew.engine.begin() as connection:
        for rule in DEFAULT_RULES:
            connection.execute(
                insert(escalation_rules).values(
                    id=rule.id,
                    name=rule.name,
                    urgency=rule.urgency,
                    trigger=rule.trigger.value,
                    minutes=rule.minutes,
                    escalate_to=rule.escalate_to.value,
                    active=True,
                )
            )
    urgent = crew.report(urgency=4)
    crew.report(urgency=1)
    found = current_escalations(crew.engine, NOW + timedelta(minutes=20), scope_site_ids=None)
    assert [(e.failure_id, e.escalate_to) for e in found] == [(urgent, Role.SUPERVISOR)]
    scoped = current_escalations(
        crew.engine, NOW + timedelta(minutes=20), scope_site_ids=frozenset({crew.plant.site_b})
    )
    assert scoped == []


def _ids(crew: Crew, found: FailureFilter) -> list[uuid.UUID]:
    listing = FailureListing(crew.engine, found, scope_site_ids=None, now=LATER)
    rows = [row.id for row in listing.page(0, 100)]
    assert listing.count_at_most(100) == len(rows) == listing.count()
    assert [row.id for row in listing.page(1, 100)] == rows[1:]
    return rows


@pytest.mark.parametrize("many", [False, True])
def test_a_text_search_through_the_index_finds_what_like_finds(
    crew: Crew, many: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if many:  # every text matches "many" tickets: walked in order, counted by a join
        monkeypatch.setattr(failure_queries, "MANY_MATCHES", 1)
    texts = [
        "Fuite d'huile vérin",
        "FUITE HUILE",
        "Électrique: disjoncteur",
        "ÉLECTRIQUE",
        'Joint "spi" 50% usé_',
        "Bruit au roulement",
    ]
    for urgency, description in enumerate(texts):
        report_at(crew, urgency, 1 + urgency % 4, description=description)
    one = report_at(crew, 9, 2, description="Capteur")
    number = crew.failure(one)["number"]
    words = [
        "huile",
        "HUILE vér",
        "électrique",
        "ÉLECTRIQUE",
        '"spi"',
        "50%",
        "usé_",
        "fu",
        "rou bruit",
        number[-6:].lower(),
        "rien-du-tout",
    ]
    with_index = {word: _ids(crew, FailureFilter(text=word)) for word in words}
    with crew.engine.begin() as connection:
        plan = text_plan(connection, FailureFilter(text="huile vé"))
        assert plan is (TextPlan.MANY if many else TextPlan.FEW)
        assert _uses_search_index(connection, "huile")
        drop_search_index(connection, FAILURE_SEARCH)
        assert not _uses_search_index(connection, "huile")
    with_like = {word: _ids(crew, FailureFilter(text=word)) for word in words}
    assert with_index == with_like
    assert len(with_index["huile"]) == 2 and len(with_index["électrique"]) == 2
    assert with_index[number[-6:].lower()] == [one]
    assert with_index["rien-du-tout"] == []


def test_the_index_follows_edits_and_deletions(crew: Crew) -> None:
    failure_id = report_at(crew, 0, 2, description="Fuite d'huile")
    assert _ids(crew, FailureFilter(text="huile")) == [failure_id]
    with crew.engine.begin() as connection:
        connection.execute(
            update(failures).where(failures.c.id == failure_id).values(description="Courroie")
        )
    assert _ids(crew, FailureFilter(text="huile")) == []
    assert _ids(crew, FailureFilter(text="courroie")) == [failure_id]
    with crew.engine.begin() as connection:
        connection.execute(delete(failures).where(failures.c.id == failure_id))
    assert _ids(crew, FailureFilter(text="courroie")) == []


def test_count_at_most_stops_counting(crew: Crew) -> None:
    for minutes in range(5):
        report_at(crew, minutes, 3)
    listing = FailureListing(crew.engine, FailureFilter(), scope_site_ids=None, now=LATER)
    assert listing.count_at_most(3) == 3
    assert listing.count_at_most(10) == 5
    assert listing.count() == 5
    text = FailureListing(
        crew.engine, FailureFilter(text="roulement"), scope_site_ids=None, now=LATER
    )
    assert text.count_at_most(2) == 2 and text.count() == 5


def _plan(crew: Crew, found: FailureFilter, *, for_count: bool = False) -> str:
    with crew.engine.connect() as connection:
        query = _listed(found, None, text_plan(connection, found), for_count=for_count)
        if not for_count:
            query = query.limit(100)
        compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return "\n".join(str(row[-1]) for row in rows)


def test_the_default_lists_walk_the_list_index_without_sorting(crew: Crew) -> None:
    report_at(crew, 0, 3)
    site = frozenset({crew.plant.site_a})
    open_only = frozenset(OPEN_STATUS_VALUES)
    for found in (
        FailureFilter(),
        FailureFilter(site_ids=site),
        FailureFilter(statuses=frozenset({"validated"})),
        FailureFilter(urgencies=frozenset({4}), reported_from=NOW),
    ):
        plan = _plan(crew, found)
        assert "ix_failures_list" in plan or "ix_failures_status_list" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    for found in (FailureFilter(), FailureFilter(statuses=open_only)):
        plan = _plan(crew, found, for_count=True)
        assert "COVERING INDEX ix_failures" in plan, plan
    assert "failures_search" in _plan(crew, FailureFilter(text="huile"))
