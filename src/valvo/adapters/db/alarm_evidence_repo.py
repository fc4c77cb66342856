"""What an alarm's map reads beyond the registry: the devices' events (a home unit's tag in and
out of range, strap, case and power) from the observation log, for the alarm's timeline. The
device identifiers come from the unit of work's scoped registry reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.domain.telemetry.observation import ObservationKind


class SqlEvidenceReader:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def device_events(
        self, identifiers: Sequence[str], start: datetime, end: datetime, limit: int
    ) -> list[dict[str, Any]]:
        if not identifiers:
            return []
        o = t.observations
        query = (
            select(o.c.seq, o.c.device_identifier, o.c.kind, o.c.device_time, o.c.payload)
            .where(
                o.c.device_identifier.in_(list(identifiers)),
                o.c.kind != ObservationKind.POSITION.value,
                o.c.device_time >= start,
                o.c.device_time < end,
                o.c.quarantined.is_(False),
            )
            .order_by(o.c.device_time, o.c.seq)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]
