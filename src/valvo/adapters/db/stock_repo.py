"""Reads and writes of the device stock (R47): a device's moves, the devices of the scope with
their stock state, and the caseload a region's stock is measured against. Every read keeps to
the unit of work's scope: a device's moves are read only when the device itself is visible."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables_stock import device_stock_events
from valvo.domain.security import EVERYTHING, Scope


class SqlStockRepository:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope

    def add_event(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(device_stock_events), [dict(row)])

    def events(self, device_id: str) -> list[dict[str, Any]]:
        """The device's moves, oldest first (none when the device is not in the scope)."""
        e, d = device_stock_events, t.devices
        mine = select(d.c.id).where(d.c.id == device_id, visible(d, self._scope))
        query = select(e).where(e.c.device_id.in_(mine)).order_by(e.c.id)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def devices(self, region: str | None) -> list[dict[str, Any]]:
        """The scope's devices (of ``region`` when given) with the person each is with now."""
        d, a, s = t.devices, t.device_assignments, t.subjects
        query = (
            select(d, a.c.subject_id, s.c.name.label("subject_name"))
            .select_from(
                d.outerjoin(a, (a.c.device_id == d.c.id) & a.c.unassigned_at.is_(None)).outerjoin(
                    s, s.c.id == a.c.subject_id
                )
            )
            .where(visible(d, self._scope))
            .order_by(d.c.identifier)
        )
        if region is not None:
            query = query.where(d.c.region == region)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def caseload(self, region: str | None, now: datetime) -> int:
        """People of the scope (of ``region``) with an order in force at ``now``."""
        s, o = t.subjects, t.orders
        query = (
            select(func.count(func.distinct(s.c.id)))
            .select_from(s.join(o, o.c.subject_id == s.c.id))
            .where(o.c.status == "active", o.c.starts_at <= now)
            .where(or_(o.c.ends_at.is_(None), o.c.ends_at > now))
            .where(visible(s, self._scope))
        )
        if region is not None:
            query = query.where(s.c.region == region)
        return int(self._conn.execute(query).scalar_one())
