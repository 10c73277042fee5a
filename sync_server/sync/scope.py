"""Which buckets a user sees: decided from the database, never from the request.

Everyone sees the global bucket. An administrator sees every site's bucket
(tombstoned sites included: their tombstones must travel); everyone else the
sites of their live grants (``AuthenticatedUser.site_ids``, read on each
request).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from cmms_core.protocol import GLOBAL_BUCKET
from cmms_core.schema.assets import sites
from sync_server.auth.users import UserInfo

__all__ = ["Scope", "bucket_key", "scope_from", "scope_of"]


def bucket_key(site_id: uuid.UUID | None) -> str:
    """A row's bucket as the wire names it."""
    return GLOBAL_BUCKET if site_id is None else str(site_id)


@dataclass(frozen=True)
class Scope:
    site_ids: frozenset[uuid.UUID]

    @property
    def buckets(self) -> list[str]:
        """Global first (site rows refer to global ones), then the sites in a stable order."""
        return [GLOBAL_BUCKET, *sorted(str(site) for site in self.site_ids)]

    def sees(self, site_id: uuid.UUID | None) -> bool:
        return site_id is None or site_id in self.site_ids


def scope_of(conn: Connection, user: UserInfo) -> Scope:
    if user.site_ids is None:
        return Scope(frozenset(conn.execute(select(sites.c.id)).scalars()))
    return Scope(frozenset(user.site_ids))


def scope_from(user: UserInfo, every_site: Iterable[uuid.UUID] | None) -> Scope:
    """The scope of ``user`` when the caller read every site's id already (admins)."""
    if user.site_ids is None:
        return Scope(frozenset(every_site or ()))
    return Scope(frozenset(user.site_ids))
