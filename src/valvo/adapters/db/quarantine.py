"""Devices in quarantine: frames from identifiers that are not registered, for the administrator
to register or to ignore. Their observations are stored but never evaluated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import devices
from valvo.adapters.db.tables_gateway import device_frames


def quarantined_devices(
    conn: Connection, limit: int = 500, offset: int = 0
) -> list[dict[str, Any]]:
    """Unregistered devices with quarantined frames, most recently heard first; ``offset``
    skips that many (the next page)."""
    f = device_frames
    last_seen = func.max(f.c.received_at)
    query = (
        select(
            f.c.device_identifier.label("identifier"),
            func.min(f.c.protocol).label("protocol"),
            func.min(f.c.received_at).label("first_seen"),
            last_seen.label("last_seen"),
            func.count().label("frames"),
        )
        .outerjoin(devices, devices.c.identifier == f.c.device_identifier)
        .where(f.c.quarantined.is_(True), devices.c.id.is_(None))
        .group_by(f.c.device_identifier)
        .order_by(last_seen.desc(), f.c.device_identifier)
        .limit(limit)
        .offset(offset)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
