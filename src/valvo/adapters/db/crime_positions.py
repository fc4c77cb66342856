"""The positions a crime-matching run reads, in two steps that use the positions table's own
indexes (docs/postgresql.md):

1. who could have been there: the distinct people with a fix inside the bounding box of the
   place's reach within the reach window (``positions_near.near_query``: on PostgreSQL pruned to
   the window's daily partitions and read from the place-time index ``ix_positions_time_lat_lon``),
   kept to the reader's region;
2. their fixes over the reach window, by person and time (``ix_positions_subject_time``).

The geometry is decided by ``domain/evidence/matching.py``; the same rows come back on SQLite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Connection

from valvo.adapters.db.positions_near import near_query
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables import positions
from valvo.domain.evidence.matching import Fix
from valvo.domain.security import EVERYTHING, Scope

CHUNK = 500
_INCLUSIVE = timedelta(microseconds=1)


class SqlCrimePositions:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def candidates(
        self, lat: float, lon: float, reach_m: float, start: datetime, end: datetime
    ) -> list[str]:
        """The people (in the region) with a fix in the box around the place in the window."""
        p = positions.c
        query = (
            near_query(lat, lon, reach_m, start, end + _INCLUSIVE)
            .with_only_columns(p.subject_id)
            .order_by(None)
            .distinct()
        )
        query = query.where(visible(positions, self._scope))
        return sorted(self._conn.execute(query).scalars())

    def fixes(
        self, subject_ids: Sequence[str], start: datetime, end: datetime
    ) -> dict[str, list[Fix]]:
        """Each person's fixes with ``start <= time <= end``, in time order."""
        p = positions.c
        out: dict[str, list[Fix]] = defaultdict(list)
        for i in range(0, len(subject_ids), CHUNK):
            chunk = list(subject_ids[i : i + CHUNK])
            query = (
                select(p.subject_id, p.time, p.lat, p.lon, p.accuracy_m, p.speed_kmh)
                .where(p.subject_id.in_(chunk), p.time >= start, p.time <= end)
                .order_by(p.subject_id, p.time, p.id)
            )
            for row in self._conn.execute(query):
                out[row.subject_id].append(
                    Fix(row.time, row.lat, row.lon, row.accuracy_m, row.speed_kmh)
                )
        return dict(out)
