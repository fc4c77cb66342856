"""A person's fixes for history playback, a page at a time, each with what tells where it came
from: the satellites the device used (from the observation behind the fix) and the kind of
device that sent it. Reads keep to the unit of work's scope (region and restricted people)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.scoping import visible
from valvo.domain.security import EVERYTHING, Scope


class SqlHistoryReader:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope

    def _period(self, subject_id: str, start: datetime, end: datetime) -> Any:
        p = t.positions
        return and_(
            p.c.subject_id == subject_id,
            p.c.time >= start,
            p.c.time < end,
            visible(p, self._scope),
        )

    def count_fixes(self, subject_id: str, start: datetime, end: datetime) -> int:
        p = t.positions
        query = select(func.count()).select_from(p).where(self._period(subject_id, start, end))
        return int(self._conn.execute(query).scalar_one())

    def fixes(
        self, subject_id: str, start: datetime, end: datetime, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """The fixes in [start, end), oldest first, ``limit`` from ``offset`` on."""
        p, o, d = t.positions, t.observations, t.devices
        query = (
            select(
                p.c.time,
                p.c.lat,
                p.c.lon,
                p.c.accuracy_m,
                p.c.speed_kmh,
                p.c.seq,
                o.c.device_identifier.label("device"),
                o.c.payload["satellites"].as_integer().label("satellites"),
                d.c.kind.label("device_kind"),
            )
            .select_from(
                p.outerjoin(o, o.c.seq == p.c.seq).outerjoin(
                    d, d.c.identifier == o.c.device_identifier
                )
            )
            .where(self._period(subject_id, start, end))
            .order_by(p.c.time, p.c.seq)
            .offset(offset)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]
