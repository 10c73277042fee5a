"""Pull: the rows of each bucket in scope that changed since the client's cursor.

The hot path of an initial sync, so PostgreSQL does the encoding: each row
leaves the database already as its JSON array text (``json_build_array`` with
the wire formats of ``cmms_core.protocol``), and the answer is assembled by
joining those texts. No Python object is made per value.

A page per bucket is found in two steps. First the versions alone (an
index-only walk of ``(site_id, version)``) of at most ``limit`` rows per
table decide the page's last version: the ``limit`` smallest versions of the
bucket across its tables, extended to the end of the last version (a version
is never split across pages). Then the rows up to that version are read and
encoded. A single version larger than ``limit`` (a bulk load) is sent whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import orjson
from sqlalchemy import Connection, Table

from cmms_core.protocol import GLOBAL_BUCKET, PullRequest, column_kind, wire_columns
from cmms_core.schema import synced_tables
from sync_server.sync.scope import Scope
from sync_server.sync.versions import last_issued_version

__all__ = ["BucketAnswer", "PullAnswer", "pull", "read_bucket_page", "row_json_sql"]

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


@dataclass(frozen=True)
class _TableSql:
    table: Table
    columns_json: str  # '["id","site_id",...]'
    versions_site: str
    versions_global: str
    rows_site: str
    rows_global: str


@cache
def _table_sql() -> tuple[_TableSql, ...]:
    result: list[_TableSql] = []
    for table in synced_tables():
        name = _quote(table.name)
        rows = row_json_sql(table)
        where_site = "site_id = %(bucket)s"
        where_global = "site_id IS NULL"
        versions = (
            "SELECT version FROM {name} WHERE {where} AND version > %(cursor)s "
            "ORDER BY version LIMIT %(limit)s"
        )
        select_rows = (
            "SELECT {rows} FROM {name} WHERE {where} AND version > %(cursor)s "
            "AND version <= %(upto)s ORDER BY version"
        )
        result.append(
            _TableSql(
                table=table,
                columns_json=orjson.dumps(wire_columns(table)).decode(),
                versions_site=versions.format(name=name, where=where_site),
                versions_global=versions.format(name=name, where=where_global),
                rows_site=select_rows.format(rows=rows, name=name, where=where_site),
                rows_global=select_rows.format(rows=rows, name=name, where=where_global),
            )
        )
    return tuple(result)


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


def read_bucket_page(conn: Connection, bucket: str, cursor: int, limit: int) -> BucketAnswer:
    """One page of ``bucket`` after ``cursor`` (see the module doc)."""
    is_global = bucket == GLOBAL_BUCKET
    params: dict[str, object] = {"cursor": cursor, "limit": limit}
    if not is_global:
        params["bucket"] = uuid.UUID(bucket)
    statements = _table_sql()
    versions: dict[str, list[int]] = {}
    for sql in statements:
        query = sql.versions_global if is_global else sql.versions_site
        found = [row[0] for row in conn.exec_driver_sql(query, params)]
        if found:
            versions[sql.table.name] = found
    end = _page_end(versions, cursor, limit)
    if end is None:
        return BucketAnswer(cursor=cursor, more=False, tables={})
    upto, more = end
    params["upto"] = upto
    tables: dict[str, tuple[str, list[str]]] = {}
    for sql in statements:  # parents before children
        seen = versions.get(sql.table.name)
        if not seen or seen[0] > upto:
            continue
        query = sql.rows_global if is_global else sql.rows_site
        rows = [row[0] for row in conn.exec_driver_sql(query, params)]
        if rows:
            tables[sql.table.name] = (sql.columns_json, rows)
    return BucketAnswer(cursor=upto, more=more, tables=tables)


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


def pull(conn: Connection, scope: Scope, request: PullRequest) -> PullAnswer:
    """The answer to a pull (the caller holds the readers' lock, see versions.py)."""
    in_scope = scope.buckets
    cursors = {_canonical(key): value for key, value in request.cursors.items()}
    revoked = sorted(key for key in cursors if key not in set(in_scope))
    issued = last_issued_version(conn)
    reset: list[str] = []
    buckets: dict[str, BucketAnswer] = {}
    for bucket in in_scope:
        cursor = cursors.get(bucket, 0)
        if cursor > issued:
            # a cursor the server never issued (the database was restored from a
            # backup): the client drops the bucket and takes it again from 0
            reset.append(bucket)
            cursor = 0
        buckets[bucket] = read_bucket_page(conn, bucket, cursor, request.limit)
    return PullAnswer(buckets=buckets, revoked=revoked, reset=reset)


def _canonical(bucket: str) -> str:
    return bucket if bucket == GLOBAL_BUCKET else str(uuid.UUID(bucket))
