"""Pull: the rows of each bucket in scope that changed since the client's cursor.

The hot path of every sync: after each realtime notice every online client
pulls at once. So a pull costs few statements whatever the number of buckets
and tables, and PostgreSQL does the encoding: each row leaves the database
already as its JSON array text (``json_build_array`` with the wire formats of
``cmms_core.protocol``), and the answer is assembled by joining those texts.
No Python object is made per value.

1. **Heads.** The last version of every (bucket, table), read in one
   statement and kept per process (``pull_cache.PullCache``) for as long as
   the last issued version does not move (no writer can commit a version
   without moving it, see versions.py). Only the tables whose head is above
   the client's cursor are read further; a client that is up to date costs
   no statement here at all.
2. **Versions.** For those tables, at most ``limit`` versions after the
   cursor (an index-only walk of ``(site_id, version)``). They decide the
   page's last version: the ``limit`` smallest versions of the bucket across
   its tables, extended to the end of the last version (a version is never
   split across pages; a single version larger than ``limit``, a bulk load,
   is sent whole).
3. **Rows** up to that version, encoded.

A bucket close to its head (the usual incremental pull) takes steps 2 and 3
at once: the rows themselves, at most ``limit`` per table, decide the page,
and the few past its end are dropped. Every step is one statement for all
buckets: a ``UNION ALL`` of one fragment per table, the site buckets going
in as arrays (``unnest`` joined laterally to the index), the global bucket
as plain parameters. The fragments are built once per process.

The small pages are kept in the same cache: every online client asks for the
same page after a change, and only the first one reads it (the others wait
for it rather than read it too). :func:`cached_pull` answers from the cache
alone, with no transaction, when it holds every page asked for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, Table

from cmms_core.protocol import GLOBAL_BUCKET, PullRequest, column_kind, wire_columns
from cmms_core.schema import synced_tables
from sync_server.auth.users import (
    SessionUser,
    session_user_of,
)
from sync_server.sync.pull_cache import PullCache, WhileUnchanged
from sync_server.sync.scope import Scope
from sync_server.sync.versions import SYNC_LOCK_ID, last_issued_version

__all__ = [
    "BucketAnswer",
    "PullAnswer",
    "begin_pull",
    "begin_pull_as",
    "cached_pull",
    "pull",
    "read_bucket_page",
    "read_pages",
    "row_json_sql",
]

K = TypeVar("K")
T = TypeVar("T")

_DATETIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_json_sql(table: Table) -> str:
    """The SQL expression giving one row of ``table`` as its wire array (JSON text)."""
    parts: list[str] = []
    for column in table.columns:
        name = _quote(column.name)
        kind = column_kind(column)
        if kind == "datetime":
            parts.append(f"to_char({name} AT TIME ZONE 'UTC', '{_DATETIME_FORMAT}')")
        elif kind == "decimal":
            parts.append(f"{name}::text")
        else:  # uuid, date, json, bool, int, str: PostgreSQL's JSON is the wire's
            parts.append(name)
    return f"json_build_array({', '.join(parts)})::text"


def begin_pull(conn: Connection, *, every_site: bool) -> tuple[int, list[uuid.UUID] | None]:
    """Take the readers' lock, then read the last issued version, in one round trip.

    With ``every_site`` (an administrator's scope) the ids of every site come
    too. The lock is taken in a subquery the outer query must run first, so
    the version is read once no writer is in flight (versions.py).
    """
    sites = "(SELECT array_agg(id) FROM sites)" if every_site else "NULL::uuid[]"
    row = conn.exec_driver_sql(
        f"SELECT coalesce(pg_sequence_last_value('sync_version'), 0), {sites} "
        f"FROM (SELECT pg_advisory_xact_lock_shared({SYNC_LOCK_ID}) OFFSET 0) AS locked"
    ).one()
    site_ids: list[uuid.UUID] | None = row[1]
    return int(row[0]), (site_ids or []) if every_site else None


def begin_pull_as(
    conn: Connection, session_id: uuid.UUID
) -> tuple[SessionUser | None, int, list[uuid.UUID] | None]:
    """:func:`begin_pull` and the token's login check in one round trip: the session,
    its live user and their sites (``auth.users.SESSION_USER_COLUMNS``), the last
    issued version read under the readers' lock, and every site id when the user
    is an administrator (else None). The caller checks the session before
    anything else (a refused one only took the readers' lock for a moment).

    One call of the database's ``cmms_begin_pull`` (migration 0009), whose plan
    PostgreSQL keeps: planning this statement anew cost more than running it."""
    row = (
        conn.exec_driver_sql(
            "SELECT * FROM cmms_begin_pull(%(session_id)s)", {"session_id": session_id}
        )
        .mappings()
        .one()
    )
    every_site: list[uuid.UUID] | None = row["every_site"]
    return session_user_of(row), int(row["issued"]), every_site


# Every statement answers (table position, bucket ordinal, version, row JSON or
# NULL). The global bucket is ordinal 0, the site buckets 1.. (in the request's
# order). The site buckets a fragment reads come as arrays named after the
# fragment's kind k and the table's position i: %(k_s{i})s site ids, %(k_c{i})s
# cursors, %(k_n{i})s ordinals, %(k_u{i})s last versions of the page.


@dataclass(frozen=True)
class _TableSql:
    """The statement fragments of one synced table: (global bucket, site buckets)."""

    table: Table
    columns_json: str  # '["id","site_id",...]'
    holds_global: bool  # may hold rows of the global bucket ("site" rows never do)
    heads: tuple[str, str]  # the last version
    versions: tuple[str, str]  # at most %(limit)s versions after the cursor
    first_rows: tuple[str, str]  # at most %(limit)s rows after the cursor
    rows_upto: tuple[str, str]  # every row after the cursor up to the page's end


def _sites(kind: str, i: int, *, upto: bool = False) -> str:
    arrays = f"%({kind}_s{i})s::uuid[], %({kind}_c{i})s::bigint[], %({kind}_n{i})s::int[]"
    if upto:
        return f"unnest({arrays}, %({kind}_u{i})s::bigint[]) AS b(site, cur, n, upto)"
    return f"unnest({arrays}) AS b(site, cur, n)"


def _fragments(i: int, table: Table) -> _TableSql:
    name = _quote(table.name)
    rows = row_json_sql(table)
    after_global = "site_id IS NULL AND version > %(g_cur)s"
    after_site = "site_id = b.site AND version > b.cur"
    first = "ORDER BY version LIMIT %(limit)s"
    return _TableSql(
        table=table,
        columns_json=orjson.dumps(wire_columns(table)).decode(),
        holds_global=table.info.get("bucket") != "site",
        heads=(
            f"(SELECT {i}, 0, (SELECT max(version) FROM {name} WHERE site_id IS NULL), NULL::text)",
            f"(SELECT {i}, b.n, (SELECT max(version) FROM {name} WHERE site_id = b.site), "
            f"NULL::text FROM {_sites('h', i)})",
        ),
        versions=(
            f"(SELECT {i}, 0, version, NULL::text FROM {name} WHERE {after_global} {first})",
            f"(SELECT {i}, b.n, v.version, NULL::text FROM {_sites('v', i)} CROSS JOIN LATERAL "
            f"(SELECT version FROM {name} WHERE {after_site} {first}) AS v)",
        ),
        first_rows=(
            f"(SELECT {i}, 0, version, {rows} FROM {name} WHERE {after_global} {first})",
            f"(SELECT {i}, b.n, r.version, r.j FROM {_sites('f', i)} CROSS JOIN LATERAL "
            f"(SELECT version, {rows} AS j FROM {name} WHERE {after_site} {first}) AS r)",
        ),
        rows_upto=(
            f"(SELECT {i}, 0, version, {rows} FROM {name} WHERE {after_global} "
            "AND version <= %(g_upto)s)",
            f"(SELECT {i}, b.n, r.version, r.j FROM {_sites('r', i, upto=True)} "
            f"CROSS JOIN LATERAL (SELECT version, {rows} AS j FROM {name} "
            f"WHERE {after_site} AND version <= b.upto) AS r)",
        ),
    )


@cache
def _table_sql() -> tuple[_TableSql, ...]:
    return tuple(_fragments(i, table) for i, table in enumerate(synced_tables()))


@dataclass(frozen=True)
class BucketAnswer:
    cursor: int
    more: bool
    tables: Mapping[str, tuple[str, list[str]]]  # name -> (columns JSON, row JSON texts)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _, rows in self.tables.values())

    def to_json(self) -> str:
        tables = ",".join(
            f'"{name}":{{"columns":{columns},"rows":[{",".join(rows)}]}}'
            for name, (columns, rows) in self.tables.items()
        )
        more = "true" if self.more else "false"
        return f'{{"cursor":{self.cursor},"more":{more},"tables":{{{tables}}}}}'


def _page_end(
    versions: Mapping[str, list[int]], cursor: int, limit: int
) -> tuple[int, bool] | None:
    """The last version of the page and whether more follows; None: nothing new."""
    # A table that gave `limit` versions may hold more rows of its last version:
    # it is only complete below that version.
    full = [found[-1] - 1 for found in versions.values() if len(found) >= limit]
    bound = min(full) if full else None
    merged = sorted(v for found in versions.values() for v in found if bound is None or v <= bound)
    if not merged:
        if bound is None:
            return None
        # one version holds more than `limit` rows: send it whole
        return min(found[0] for found in versions.values() if found), True
    if len(merged) > limit:
        return merged[limit - 1], True
    if bound is None:
        return merged[-1], False
    return max(bound, cursor), True


@dataclass(frozen=True)
class _Bucket:
    key: str  # "global" or a site id
    n: int  # its ordinal in the statements: 0 global, 1.. the sites
    cursor: int


class _Statement:
    """One ``UNION ALL`` statement put together fragment by fragment."""

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.params: dict[str, object] = {"limit": limit}
        self._sites: dict[tuple[str, int], list[tuple[_Bucket, int]]] = {}
        self._fragments: dict[tuple[str, int], str] = {}

    def add(
        self, kind: str, i: int, fragments: tuple[str, str], bucket: _Bucket, upto: int = 0
    ) -> None:
        """Read table ``i`` of ``bucket`` with ``fragments`` (of ``kind``)."""
        if bucket.n == 0:
            self.parts.append(fragments[0])
            self.params["g_cur"] = bucket.cursor
            self.params["g_upto"] = upto
        else:
            self._fragments[kind, i] = fragments[1]
            self._sites.setdefault((kind, i), []).append((bucket, upto))

    def run(self, conn: Connection) -> list[tuple[int, int, Any, Any]]:
        """(table position, bucket ordinal, version, row JSON or None) of every row."""
        for (kind, i), buckets in self._sites.items():
            self.parts.append(self._fragments[kind, i])
            self.params[f"{kind}_s{i}"] = [uuid.UUID(b.key) for b, _ in buckets]
            self.params[f"{kind}_c{i}"] = [b.cursor for b, _ in buckets]
            self.params[f"{kind}_n{i}"] = [b.n for b, _ in buckets]
            if kind == "r":
                self.params[f"{kind}_u{i}"] = [upto for _, upto in buckets]
        if not self.parts:
            return []
        result = conn.exec_driver_sql(" UNION ALL ".join(self.parts), self.params)
        return [(row[0], row[1], row[2], row[3]) for row in result]


def _cached(
    cache: WhileUnchanged[K, T],
    buckets: Iterable[_Bucket],
    key: Callable[[_Bucket], K],
    issued: int,
    found: dict[int, T],
) -> list[_Bucket]:
    """Fill ``found`` (by bucket ordinal) from ``cache``; the buckets it does not hold."""
    missing: list[_Bucket] = []
    for bucket in buckets:
        known = cache.get(key(bucket), issued)
        if known is None:
            missing.append(bucket)
        else:
            found[bucket.n] = known
    return missing


def _read_heads(
    conn: Connection,
    buckets: Sequence[_Bucket],
    issued: int,
    heads: WhileUnchanged[str, tuple[int, ...]],
) -> dict[int, tuple[int, ...]]:
    """The heads of the tables of ``buckets`` (by ordinal), cached or in one statement."""
    found: dict[int, tuple[int, ...]] = {}
    missing = _cached(heads, buckets, _heads_key, issued, found)
    if missing:
        with heads.filling(b.key for b in missing):
            missing = _cached(heads, missing, _heads_key, issued, found)
            if missing:
                _read_missing_heads(conn, missing, issued, heads, found)
    return found


def _heads_key(bucket: _Bucket) -> str:
    return bucket.key


def _read_missing_heads(
    conn: Connection,
    missing: Sequence[_Bucket],
    issued: int,
    heads: WhileUnchanged[str, tuple[int, ...]],
    found: dict[int, tuple[int, ...]],
) -> None:
    statements = _table_sql()
    statement = _Statement(0)
    for bucket in missing:
        for i, sql in enumerate(statements):
            if bucket.n != 0 or sql.holds_global:
                statement.add("h", i, sql.heads, bucket)
    read: dict[int, list[int]] = {bucket.n: [0] * len(statements) for bucket in missing}
    for i, n, version, _ in statement.run(conn):
        read[n][i] = version or 0
    for bucket in missing:
        found[bucket.n] = tuple(read[bucket.n])
        heads.put(bucket.key, issued, found[bucket.n])


def _near(bucket: _Bucket, heads: tuple[int, ...], limit: int) -> bool:
    """Whether a bucket is close enough to its head to read its rows at once.

    Only a cost decision: reading the rows at once encodes at most ``limit``
    rows per table, of which those past the page's end are dropped; worth it
    when the page is likely to be the whole gap.
    """
    return max(heads) - bucket.cursor <= max(1, limit // 4)


def read_pages(
    conn: Connection,
    cursors: Mapping[str, int],
    limit: int,
    *,
    issued: int | None = None,
    cache: PullCache | None = None,
) -> dict[str, BucketAnswer]:
    """One page of every bucket of ``cursors`` (bucket -> cursor), in their order.

    The caller holds the readers' lock (versions.py): no writer commits between
    the statements. ``issued``: the last issued version, read under that lock
    (read here if not given); ``cache``: the process's (a fresh one if not
    given): the pages it holds are not read again, the others are read once
    however many requests want them at the same moment.
    """
    if issued is None:
        issued = last_issued_version(conn)
    if cache is None:
        cache = PullCache()
    buckets: list[_Bucket] = []
    sites = 0
    for key, cursor in cursors.items():
        if key != GLOBAL_BUCKET:
            sites += 1
        buckets.append(_Bucket(key, 0 if key == GLOBAL_BUCKET else sites, cursor))

    def page_key(bucket: _Bucket) -> tuple[str, int, int]:
        return PullCache.page_key(bucket.key, bucket.cursor, limit)

    pages: dict[int, BucketAnswer] = {}
    missing = _cached(cache.pages, buckets, page_key, issued, pages)
    if missing:
        with cache.pages.filling(page_key(b) for b in missing):
            missing = _cached(cache.pages, missing, page_key, issued, pages)
            if missing:
                read = _read_pages(conn, missing, limit, issued, cache.heads)
                for bucket in missing:
                    pages[bucket.n] = page = read[bucket.key]
                    if page.row_count <= cache.page_rows:
                        cache.pages.put(page_key(bucket), issued, page)
    return {bucket.key: pages[bucket.n] for bucket in buckets}


def _read_pages(
    conn: Connection,
    buckets: Sequence[_Bucket],
    limit: int,
    issued: int,
    heads: WhileUnchanged[str, tuple[int, ...]],
) -> dict[str, BucketAnswer]:
    """The pages of ``buckets`` from the database (see the module doc)."""
    statements = _table_sql()
    head_of = _read_heads(conn, buckets, issued, heads)

    # versions, or the rows at once for the buckets near their head
    first = _Statement(limit)
    near: set[int] = set()
    for bucket in buckets:
        moved = [i for i, head in enumerate(head_of[bucket.n]) if head > bucket.cursor]
        if not moved:
            continue
        if _near(bucket, head_of[bucket.n], limit):
            near.add(bucket.n)
            for i in moved:
                first.add("f", i, statements[i].first_rows, bucket)
        else:
            for i in moved:
                first.add("v", i, statements[i].versions, bucket)
    versions: dict[int, dict[int, list[int]]] = {}
    rows: dict[int, dict[int, list[tuple[int, str]]]] = {}
    for i, n, version, row in first.run(conn):
        versions.setdefault(n, {}).setdefault(i, []).append(version)
        if row is not None:
            rows.setdefault(n, {}).setdefault(i, []).append((version, row))

    answers: dict[str, BucketAnswer] = {}
    last = _Statement(limit)
    for bucket in buckets:
        found = versions.get(bucket.n, {})
        for listed in found.values():
            listed.sort()  # already in order: linear
        by_name = {statements[i].table.name: listed for i, listed in found.items()}
        end = _page_end(by_name, bucket.cursor, limit) if found else None
        if end is None:
            answers[bucket.key] = BucketAnswer(cursor=bucket.cursor, more=False, tables={})
            continue
        upto, more = end
        answers[bucket.key] = BucketAnswer(cursor=upto, more=more, tables={})
        if bucket.n in near:
            for i, of_table in rows.get(bucket.n, {}).items():
                if len(of_table) >= limit and max(row[0] for row in of_table) <= upto:
                    # the table's LIMIT may have cut the page's last version (one
                    # larger than limit, sent whole): read its rows up to the end
                    of_table.clear()
                    last.add("r", i, statements[i].rows_upto, bucket, upto)
                else:
                    of_table[:] = [row for row in of_table if row[0] <= upto]
        else:  # the rows up to the page's end, in a last statement
            for i, listed in found.items():
                if listed[0] <= upto:
                    last.add("r", i, statements[i].rows_upto, bucket, upto)
    for i, n, version, row in last.run(conn):
        rows.setdefault(n, {}).setdefault(i, []).append((version, row))

    by_version = itemgetter(0)
    for bucket in buckets:
        of_bucket = rows.get(bucket.n)
        if not of_bucket:
            continue
        tables: dict[str, tuple[str, list[str]]] = {}
        for i, sql in enumerate(statements):  # parents before children
            found_rows = of_bucket.get(i)
            if found_rows:
                found_rows.sort(key=by_version)  # stable: rows of one version keep their order
                tables[sql.table.name] = (sql.columns_json, [row for _, row in found_rows])
        answer = answers[bucket.key]
        answers[bucket.key] = BucketAnswer(cursor=answer.cursor, more=answer.more, tables=tables)
    return answers


def read_bucket_page(conn: Connection, bucket: str, cursor: int, limit: int) -> BucketAnswer:
    """One page of ``bucket`` after ``cursor`` (see the module doc)."""
    return read_pages(conn, {bucket: cursor}, limit)[bucket]


@dataclass(frozen=True)
class PullAnswer:
    buckets: Mapping[str, BucketAnswer]
    revoked: list[str]
    reset: list[str]

    def to_json(self) -> bytes:
        buckets = ",".join(
            f"{orjson.dumps(key).decode()}:{answer.to_json()}"
            for key, answer in self.buckets.items()
        )
        revoked = orjson.dumps(self.revoked).decode()
        reset = orjson.dumps(self.reset).decode()
        return f'{{"buckets":{{{buckets}}},"revoked":{revoked},"reset":{reset}}}'.encode()


def pull(
    conn: Connection,
    scope: Scope,
    request: PullRequest,
    *,
    issued: int | None = None,
    cache: PullCache | None = None,
) -> PullAnswer:
    """The answer to a pull (the caller holds the readers' lock, see versions.py).

    ``issued``: the last issued version if the caller read it under the lock
    (:func:`begin_pull`); ``cache``: the process's :class:`PullCache`.
    """
    if issued is None:
        issued = last_issued_version(conn)
    start, revoked, reset = _starts(scope, request, issued)
    pages = read_pages(conn, start, request.limit, issued=issued, cache=cache)
    return PullAnswer(buckets=pages, revoked=revoked, reset=reset)


def cached_pull(
    scope: Scope, request: PullRequest, issued: int, cache: PullCache
) -> PullAnswer | None:
    """The answer to a pull at ``issued`` from ``cache`` alone, if it holds every page
    (``issued`` read under the readers' lock, in a transaction that may be over:
    the cached pages were read under it at that version)."""
    start, revoked, reset = _starts(scope, request, issued)
    pages: dict[str, BucketAnswer] = {}
    for bucket, cursor in start.items():
        page = cache.pages.get(cache.page_key(bucket, cursor, request.limit), issued)
        if page is None:
            return None
        pages[bucket] = page
    return PullAnswer(buckets=pages, revoked=revoked, reset=reset)


def _starts(
    scope: Scope, request: PullRequest, issued: int
) -> tuple[dict[str, int], list[str], list[str]]:
    """The cursor each bucket in scope starts from, the buckets revoked, those reset."""
    in_scope = scope.buckets
    cursors = {_canonical(key): value for key, value in request.cursors.items()}
    seen = set(in_scope)
    revoked = sorted(key for key in cursors if key not in seen)
    reset: list[str] = []
    start: dict[str, int] = {}
    for bucket in in_scope:
        cursor = cursors.get(bucket, 0)
        if cursor > issued:
            # a cursor the server never issued (the database was restored from a
            # backup): the client drops the bucket and takes it again from 0
            reset.append(bucket)
            cursor = 0
        start[bucket] = cursor
    return start, revoked, reset


def _canonical(bucket: str) -> str:
    return bucket if bucket == GLOBAL_BUCKET else str(uuid.UUID(bucket))
