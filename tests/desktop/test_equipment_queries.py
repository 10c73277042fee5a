"""The equipment screens' read queries, on a real replica filled through the mutations.

``build_plant`` is also used by the equipment UI tests (tests/ui/test_equipment_*.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, Select, event, func, insert, select

from cmms_core.rules.permissions import Actor
from cmms_core.rules.roles import Role
from cmms_core.schema.assets import equipments
from cmms_core.schema.failures import failures
from cmms_core.schema.types import utcnow
from cmms_desktop.store.queries.equipment import (
    SORT_KEYS,
    EquipmentFilter,
    EquipmentListing,
    EquipmentRef,
    EquipmentRow,
    code_taken,
    count_equipments,
    effective_sites,
    fetch_equipment_page,
    find_equipment_by_code,
    get_equipment_detail,
    list_attachments,
    list_equipment_history,
    list_equipment_types,
    list_lines,
    list_sites,
    search_equipments,
)
from cmms_desktop.store.replica import Replica
from cmms_desktop.store.search import EQUIPMENT_SEARCH, drop_search_index
from cmms_desktop.store.writer import LocalWriter

# ------------------------------------------------------------------ test plant

FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$not-a-real-hash-for-tests"


@dataclass
class Plant:
    """A small plant made with the same commands the screens use."""

    writer: LocalWriter
    actor: Actor
    sites: dict[str, uuid.UUID] = field(default_factory=dict)
    lines: dict[str, uuid.UUID] = field(default_factory=dict)
    types: dict[str, uuid.UUID] = field(default_factory=dict)
    equipments: dict[str, uuid.UUID] = field(default_factory=dict)

    def site(self, code: str, name: str) -> uuid.UUID:
        site_id = uuid.uuid4()
        self.writer.execute(self.actor, "site.create", {"id": site_id, "code": code, "name": name})
        self.sites[code] = site_id
        return site_id

    def line(self, site: str, code: str, name: str) -> uuid.UUID:
        line_id = uuid.uuid4()
        self.writer.execute(
            self.actor,
            "production_line.create",
            {"id": line_id, "site_id": self.sites[site], "code": code, "name": name},
        )
        self.lines[code] = line_id
        return line_id

    def type(self, code: str, name: str) -> uuid.UUID:
        type_id = uuid.uuid4()
        self.writer.execute(
            self.actor, "equipment_type.create", {"id": type_id, "code": code, "name": name}
        )
        self.types[code] = type_id
        return type_id

    def equipment(
        self,
        code: str,
        name: str,
        *,
        site: str,
        type: str,
        line: str | None = None,
        parent: str | None = None,
        state: str | None = None,
        **fields: object,
    ) -> uuid.UUID:
        equipment_id = uuid.uuid4()
        payload: dict[str, object] = {
            "id": equipment_id,
            "site_id": self.sites[site],
            "code": code,
            "name": name,
            "type_id": self.types[type],
            "line_id": self.lines[line] if line else None,
            "parent_id": self.equipments[parent] if parent else None,
            **fields,
        }
        self.writer.execute(self.actor, "equipment.create", payload)
        self.equipments[code] = equipment_id
        if state is not None and state != "active":
            self.set_state(code, state)
        return equipment_id

    def set_state(self, code: str, state: str, reason: str | None = None) -> None:
        self.writer.execute(
            self.actor,
            "equipment.set_state",
            {"id": self.equipments[code], "state": state, "reason": reason},
        )


def make_admin(writer: LocalWriter) -> Actor:
    """A first administrator written in the replica, as an Actor (no login needed)."""
    user_id = uuid.uuid4()
    writer.execute(
        None,
        "user.create_first_admin",
        {
            "id": user_id,
            "email": "admin@usine.example",
            "full_name": "Alice Admin",
            "password_hash": FAKE_HASH,
            "role": "admin",
        },
    )
    return Actor(user_id=user_id, role=Role.ADMIN, site_ids=None)


def build_plant(writer: LocalWriter, actor: Actor) -> Plant:
    """Two sites, three lines, four types and ten equipments (two under a press)."""
    plant = Plant(writer, actor)
    plant.site("LYO", "Usine de Lyon")
    plant.site("GRE", "Usine de Grenoble")
    plant.line("LYO", "EMB", "Ligne d'emboutissage")
    plant.line("LYO", "PEI", "Ligne de peinture")
    plant.line("GRE", "ASM", "Ligne d'assemblage")
    plant.type("PRS", "Presse hydraulique")
    plant.type("PMP", "Pompe centrifuge")
    plant.type("CMP", "Compresseur d'air")
    plant.type("CNV", "Convoyeur à bande")
    plant.equipment(
        "PRS-001",
        "Presse 400 t",
        site="LYO",
        type="PRS",
        line="EMB",
        criticality="high",
        manufacturer="Schuler",
        model="MSD 400",
        serial_number="SCH-778812",
        location="Bâtiment A",
        commissioning_date=date(2014, 3, 17),
        description="Presse principale de la ligne d'emboutissage.",
    )
    plant.equipment(
        "PMP-001",
        "Pompe de graissage",
        site="LYO",
        type="PMP",
        line="EMB",
        parent="PRS-001",
        manufacturer="Grundfos",
        location="Bâtiment A",
    )
    plant.equipment(
        "CNV-001",
        "Convoyeur de sortie presse",
        site="LYO",
        type="CNV",
        line="EMB",
        parent="PRS-001",
        criticality="low",
    )
    plant.equipment(
        "PMP-002",
        "Pompe de refroidissement",
        site="LYO",
        type="PMP",
        line="PEI",
        state="down",
        manufacturer="KSB",
        serial_number="KSB-0042",
    )
    plant.equipment(
        "CMP-001",
        "Compresseur principal",
        site="LYO",
        type="CMP",
        manufacturer="Atlas Copco",
        model="GA 37",
        location="Local compresseurs",
        criticality="high",
    )
    plant.equipment(
        "CNV-002",
        "Convoyeur cabine peinture",
        site="LYO",
        type="CNV",
        line="PEI",
        state="under_maintenance",
    )
    plant.equipment(
        "CMP-101",
        "Compresseur atelier",
        site="GRE",
        type="CMP",
        manufacturer="Atlas Copco",
        location="Atelier",
    )
    plant.equipment(
        "PMP-101",
        "Pompe doseuse",
        site="GRE",
        type="PMP",
        line="ASM",
        state="out_of_service",
        manufacturer="Grundfos",
    )
    plant.equipment("CNV-101", "Convoyeur d'assemblage", site="GRE", type="CNV", line="ASM")
    plant.equipment(
        "PRS-101",
        "Presse à emboutir 200 t",
        site="GRE",
        type="PRS",
        line="ASM",
        criticality="high",
        manufacturer="Schuler",
    )
    return plant


# ---------------------------------------------------------------------- fixtures


@pytest.fixture
def writer(replica: Replica) -> LocalWriter:
    return LocalWriter(replica.engine, "test-device")


@pytest.fixture
def plant(writer: LocalWriter) -> Plant:
    return build_plant(writer, make_admin(writer))


@pytest.fixture
def engine(replica: Replica, plant: Plant) -> Engine:
    return replica.engine


def codes(rows: Sequence[EquipmentRow | EquipmentRef]) -> list[str]:
    return [row.code for row in rows]


ALL = EquipmentFilter()


def everything(
    engine: Engine,
    filter: EquipmentFilter = ALL,
    sort: str = "code",
    descending: bool = False,
    page_size: int = 3,
    scope: frozenset[uuid.UUID] | None = None,
) -> list[EquipmentRow]:
    """The whole list, read page by page through one listing."""
    listing = EquipmentListing(engine, filter, sort, descending, scope_site_ids=scope)
    rows: list[EquipmentRow] = []
    while True:
        got = listing.page(len(rows), page_size)
        rows.extend(got)
        if len(got) < page_size:
            return rows


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL queries run on ``engine`` inside the block (not BEGIN and the like)."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plan(engine: Engine, query: Select[Any]) -> str:
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
    return " | ".join(str(row[3]) for row in rows)


# ------------------------------------------------------------------------ the list


def test_the_list_counts_and_pages_live_equipments_in_code_order(
    engine: Engine, plant: Plant
) -> None:
    assert count_equipments(engine, ALL, None) == 10
    first = fetch_equipment_page(engine, ALL, "code", offset=0, limit=4, scope_site_ids=None)
    assert codes(first) == ["CMP-001", "CMP-101", "CNV-001", "CNV-002"]
    row = first[0]
    assert (row.type_name, row.site_name, row.site_code, row.line_name) == (
        "Compresseur d'air",
        "Usine de Lyon",
        "LYO",
        None,
    )
    assert row.criticality == "high" and row.manufacturer == "Atlas Copco"
    # a deleted equipment leaves the list
    plant.writer.execute(plant.actor, "equipment.delete", {"id": plant.equipments["CMP-101"]})
    assert count_equipments(engine, ALL, None) == 9
    assert "CMP-101" not in codes(everything(engine))


def test_the_site_scope_bounds_every_filter(engine: Engine, plant: Plant) -> None:
    grenoble = frozenset({plant.sites["GRE"]})
    lyon = frozenset({plant.sites["LYO"]})
    assert count_equipments(engine, ALL, grenoble) == 4
    assert set(codes(everything(engine, scope=grenoble))) == {
        "CMP-101",
        "PMP-101",
        "CNV-101",
        "PRS-101",
    }
    # picking a site outside the scope shows nothing, not that site
    assert count_equipments(engine, EquipmentFilter(site_ids=lyon), grenoble) == 0
    assert count_equipments(engine, ALL, frozenset()) == 0
    assert everything(engine, scope=frozenset()) == []
    assert effective_sites(None, grenoble) == grenoble
    assert effective_sites(lyon | grenoble, grenoble) == grenoble


@pytest.mark.parametrize(
    ("filter_args", "expected"),
    [
        ({"state": "down"}, {"PMP-002"}),
        ({"text": "grundfos"}, {"PMP-001", "PMP-101"}),
        ({"text": "GRUNDFOS"}, {"PMP-001", "PMP-101"}),
        ({"text": "pompe grundfos"}, {"PMP-001", "PMP-101"}),
        ({"text": "sch-7788"}, {"PRS-001"}),  # serial number
        ({"text": "ga 37"}, {"CMP-001"}),  # model
        ({"text": "bâtiment"}, {"PRS-001", "PMP-001"}),  # location, accented
        ({"text": "BÂTIMENT"}, {"PRS-001", "PMP-001"}),
        ({"text": "convoyeur"}, {"CNV-001", "CNV-002", "CNV-101"}),
        ({"text": "%"}, set()),  # LIKE wildcards are searched for, literally
        ({"text": "_"}, set()),
    ],
)
def test_filters(
    engine: Engine, plant: Plant, filter_args: dict[str, object], expected: set[str]
) -> None:
    filter = EquipmentFilter(**filter_args)  # type: ignore[arg-type]
    assert count_equipments(engine, filter, None) == len(expected)
    assert set(codes(everything(engine, filter))) == expected


def test_line_type_and_site_filters_combine(engine: Engine, plant: Plant) -> None:
    lyon = frozenset({plant.sites["LYO"]})
    by_line = EquipmentFilter(site_ids=lyon, line_id=plant.lines["EMB"])
    assert set(codes(everything(engine, by_line))) == {"PRS-001", "PMP-001", "CNV-001"}
    pumps_in_lyon = EquipmentFilter(site_ids=lyon, type_id=plant.types["PMP"])
    assert set(codes(everything(engine, pumps_in_lyon))) == {"PMP-001", "PMP-002"}
    assert count_equipments(engine, EquipmentFilter(site_ids=lyon, state="active"), None) == 4


_STATE_RANK = {"active": 0, "under_maintenance": 1, "down": 2, "out_of_service": 3}
_CRITICALITY_RANK = {"high": 0, "medium": 1, "low": 2}


def _sort_value(key: str, row: EquipmentRow) -> tuple[int, object]:
    """What the list is sorted by, NULL first (as SQLite sorts it)."""
    value: object = {
        "code": row.code,
        "name": row.name,
        "type": row.type_name,
        "site": row.site_name,
        "line": row.line_name,
        "state": _STATE_RANK[row.state],
        "criticality": _CRITICALITY_RANK[row.criticality],
        "manufacturer": row.manufacturer,
        "location": row.location,
    }[key]
    return (0, "") if value is None else (1, value)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_is_total_and_pages_never_overlap(
    engine: Engine, plant: Plant, sort: str, descending: bool
) -> None:
    rows = everything(engine, sort=sort, descending=descending, page_size=3)
    assert len(rows) == 10
    assert len({row.id for row in rows}) == 10
    values = [_sort_value(sort, row) for row in rows]
    assert values == sorted(values, reverse=descending)
    # the same list read in other page sizes, or from arbitrary offsets, is identical
    assert everything(engine, sort=sort, descending=descending, page_size=4) == rows
    listing = EquipmentListing(engine, ALL, sort, descending, scope_site_ids=None)
    assert listing.page(5, 3) == rows[5:8]
    assert listing.page(9, 3) == rows[9:]
    assert listing.page(10, 3) == []


@pytest.mark.parametrize("sort", ["state", "criticality", "type", "site", "line"])
@pytest.mark.parametrize("descending", [False, True])
def test_bucket_reads_give_the_order_by_order(
    engine: Engine, plant: Plant, sort: str, descending: bool
) -> None:
    # a text filter that keeps everything makes the listing use ORDER BY instead of buckets
    buckets = everything(engine, sort=sort, descending=descending)
    ordered = everything(engine, EquipmentFilter(text="-"), sort=sort, descending=descending)
    assert [row.id for row in buckets] == [row.id for row in ordered]


def test_a_text_search_counts_and_reads_its_first_page_in_one_scan(
    engine: Engine, plant: Plant
) -> None:
    listing = EquipmentListing(
        engine, EquipmentFilter(text="pompe"), "name", scope_site_ids=None, first_page=200
    )
    with statements(engine) as seen:
        assert listing.count() == 3
        first = listing.page(0, 200)
    assert codes(first) == ["PMP-001", "PMP-002", "PMP-101"]  # by name
    scans = [sql for sql in seen if "count(*) OVER ()" in sql]
    assert len(scans) == 1
    assert "equipments_search MATCH" in scans[0]  # the trigram index, not a LIKE scan
    reads = [sql for sql in seen if "sqlite_master" not in sql]  # (is the index there?)
    assert len(reads) == 2  # the matches, then the page's columns; nothing counted twice


def test_sorting_reuses_a_known_count(engine: Engine, plant: Plant) -> None:
    listing = EquipmentListing(engine, ALL, "state", scope_site_ids=None)
    listing.set_count(10)
    with statements(engine) as seen:
        assert listing.count() == 10
    assert seen == []


def test_the_list_queries_use_the_indexes(engine: Engine, plant: Plant) -> None:
    from cmms_desktop.store.queries import equipment as q

    by_name = q._ordered_rowids(ALL, None, "name", False)
    assert "USING INDEX ix_equipments_name" in plan(engine, by_name)
    assert "TEMP B-TREE" not in plan(engine, by_name)  # the index gives the whole order
    by_code = q._ordered_rowids(ALL, None, "code", True)
    assert "TEMP B-TREE" not in plan(engine, by_code)
    site_state = EquipmentFilter(site_ids=frozenset({plant.sites["LYO"]}), state="down")
    counted = select(func.count()).select_from(equipments).where(*q._criteria(site_state, None))
    assert "ix_equipments_site_state" in plan(engine, counted)
    # a line is a few hundred rows, its site tens of thousands: the line's index is used
    by_line = EquipmentFilter(site_ids=frozenset({plant.sites["LYO"]}), line_id=plant.lines["EMB"])
    on_line = select(func.count()).select_from(equipments).where(*q._criteria(by_line, None))
    assert "ix_equipments_line" in plan(engine, on_line)
    one_type = select(q._ROWID).where(equipments.c.type_id == plant.types["PMP"])
    assert "ix_equipments_type" in plan(engine, one_type.order_by(q._ROWID))


# --------------------------------------------------------------------- lookups


def test_filter_combos(engine: Engine, plant: Plant) -> None:
    assert [s.code for s in list_sites(engine, None)] == ["GRE", "LYO"]  # by name
    assert [s.code for s in list_sites(engine, frozenset({plant.sites["LYO"]}))] == ["LYO"]
    assert list_sites(engine, frozenset()) == []
    lyon_lines = list_lines(engine, [plant.sites["LYO"]])
    assert [line.code for line in lyon_lines] == ["EMB", "PEI"]
    assert len(list_lines(engine)) == 3
    assert [t.code for t in list_equipment_types(engine)] == ["CMP", "CNV", "PMP", "PRS"]


def test_code_checks_and_search(engine: Engine, plant: Plant) -> None:
    press = plant.equipments["PRS-001"]
    assert code_taken(engine, "PRS-001")
    assert code_taken(engine, " PRS-001 ")
    assert not code_taken(engine, "PRS-001", exclude_id=press)
    assert not code_taken(engine, "NEW-1")
    plant.writer.execute(plant.actor, "equipment.delete", {"id": plant.equipments["CMP-101"]})
    assert code_taken(engine, "CMP-101")  # a tombstone keeps its code
    lyon = plant.sites["LYO"]
    assert find_equipment_by_code(engine, "PMP-001", lyon) is not None
    assert find_equipment_by_code(engine, "PMP-101", lyon) is None  # other site
    found = search_equipments(engine, "pmp", site_id=lyon)
    assert codes(found) == ["PMP-001", "PMP-002"]
    assert codes(search_equipments(engine, "presse", site_id=lyon, exclude_id=press)) == [
        "CMP-001",  # "Compresseur principal"
        "CNV-001",  # "Convoyeur de sortie presse"
    ]
    assert len(search_equipments(engine, "", site_id=None, limit=4)) == 4
    # codes starting with the text come first
    plant.equipment("X-PMP", "Pompe annexe", site="LYO", type="PMP")
    assert codes(search_equipments(engine, "pmp", site_id=lyon)) == [
        "PMP-001",
        "PMP-002",
        "X-PMP",
    ]


# ---------------------------------------------------------------------- detail


def test_detail_with_parents_and_children(engine: Engine, plant: Plant) -> None:
    press = get_equipment_detail(engine, plant.equipments["PRS-001"])
    assert press is not None
    assert press.parents == ()
    assert codes(list(press.children)) == ["CNV-001", "PMP-001"]
    assert press.commissioning_date == date(2014, 3, 17)
    assert (press.type_name, press.site_code, press.line_name) == (
        "Presse hydraulique",
        "LYO",
        "Ligne d'emboutissage",
    )
    assert press.fields()["serial_number"] == "SCH-778812"
    pump = get_equipment_detail(engine, plant.equipments["PMP-001"])
    assert pump is not None
    assert codes(list(pump.parents)) == ["PRS-001"]
    grease = plant.equipment("PMP-003", "Clapet", site="LYO", type="PMP", parent="PMP-001")
    deep = get_equipment_detail(engine, grease)
    assert deep is not None
    assert codes(list(deep.parents)) == ["PRS-001", "PMP-001"]  # root first
    assert get_equipment_detail(engine, uuid.uuid4()) is None
    plant.writer.execute(plant.actor, "equipment.delete", {"id": plant.equipments["CMP-001"]})
    assert get_equipment_detail(engine, plant.equipments["CMP-001"]) is None


def test_history_merges_maintenance_failures_and_edits_newest_first(
    engine: Engine, plant: Plant
) -> None:
    pump = plant.equipments["PMP-002"]  # created, then set down
    plant.set_state("PMP-002", "under_maintenance", "roulement HS")
    plant.writer.execute(
        plant.actor, "equipment.update", {"id": pump, "fields": {"manufacturer": "Grundfos"}}
    )
    with engine.begin() as connection:
        connection.execute(
            insert(failures).values(
                id=uuid.uuid4(),
                site_id=plant.sites["LYO"],
                number="P-0001",
                equipment_id=pump,
                description="Fuite au presse-étoupe",
                status="reported",
                reported_by=plant.actor.user_id,
                reported_at=utcnow(),
                created_at=utcnow(),
                updated_at=utcnow(),
            )
        )
    history = list_equipment_history(engine, pump)
    assert [entry.at for entry in history] == sorted((e.at for e in history), reverse=True)
    kinds = [(entry.kind, entry.event) for entry in history]
    assert kinds == [
        ("failure", "reported"),
        ("audit", "equipment.update"),
        ("maintenance", "state_change"),
        ("maintenance", "state_change"),
        ("audit", "equipment.create"),
    ]
    assert history[0].summary == "P-0001 — Fuite au presse-étoupe"
    assert history[1].changes == {"manufacturer": ["KSB", "Grundfos"]}
    assert history[2].summary == "down -> under_maintenance: roulement HS"
    assert history[2].actor_name == "Alice Admin"
    # an equipment's own state changes are not repeated from the audit trail
    assert not any(entry.event == "equipment.set_state" for entry in history)


def test_attachments_listed_until_removed(engine: Engine, plant: Plant) -> None:
    press = plant.equipments["PRS-001"]
    ids = []
    for name, kind in (("plan.pdf", "document"), ("photo.jpg", "photo")):
        attachment_id = uuid.uuid4()
        ids.append(attachment_id)
        plant.writer.execute(
            plant.actor,
            "attachment.add",
            {
                "id": attachment_id,
                "owner_table": "equipments",
                "owner_id": press,
                "sha256": "ab" * 32,
                "filename": name,
                "mime_type": "application/pdf" if kind == "document" else "image/jpeg",
                "size_bytes": 1234,
                "kind": kind,
            },
        )
    assert [a.filename for a in list_attachments(engine, press)] == ["plan.pdf", "photo.jpg"]
    assert list_attachments(engine, press)[0].uploaded_by_name == "Alice Admin"
    plant.writer.execute(plant.actor, "attachment.remove", {"id": ids[0]})
    assert [a.filename for a in list_attachments(engine, press)] == ["photo.jpg"]
    events = [(e.event, e.summary) for e in list_equipment_history(engine, press)]
    assert ("attachment.remove", "plan.pdf") in events
    assert ("attachment.add", "photo.jpg") in events


def test_rows_come_back_in_the_order_of_their_page(engine: Engine, plant: Plant) -> None:
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(equipments)).scalar_one()
    assert total == 10
    descending = everything(engine, sort="name", descending=True, page_size=10)
    assert [row.name for row in descending] == sorted((r.name for r in descending), reverse=True)


def test_the_search_index_finds_what_like_finds(engine: Engine, plant: Plant) -> None:
    words = [
        "pompe grundfos",
        "sch-7788",
        "ga 37",
        "bâtiment",
        "BÂTIMENT",
        "convoyeur",
        "presse a",
        "001",
        "ksb-0042",
        "%",
        "zzz",
    ]

    def found(text: str) -> tuple[int, list[str], list[str]]:
        filter = EquipmentFilter(text=text)
        listing = EquipmentListing(engine, filter, "name", scope_site_ids=None)
        refs = search_equipments(engine, text, site_id=None, limit=50)
        return listing.count(), codes(everything(engine, filter, sort="name")), codes(refs)

    with_index = {word: found(word) for word in words}
    with engine.begin() as connection:
        drop_search_index(connection, EQUIPMENT_SEARCH)
    assert with_index == {word: found(word) for word in words}
    assert with_index["bâtiment"][0] == 2


def test_a_text_search_reads_the_search_index(engine: Engine, plant: Plant) -> None:
    with statements(engine) as seen:
        count_equipments(engine, EquipmentFilter(text="pompe ksb"), None)
    assert any("equipments_search MATCH" in sql and "LIKE" not in sql for sql in seen)
    with statements(engine) as seen:
        count_equipments(engine, EquipmentFilter(text="po"), None)  # too short: LIKE
    assert any("LIKE" in sql for sql in seen)
