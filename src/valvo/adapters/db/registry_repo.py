"""SQL repository for the registry: subjects, orders, devices, assignments, zones, schedules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, func, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.scoping import visible
from valvo.domain.security import EVERYTHING, Scope
from valvo.services.errors import Forbidden

_TABLES: dict[str, Table] = {
    "subjects": t.subjects,
    "orders": t.orders,
    "devices": t.devices,
    "device_assignments": t.device_assignments,
    "zones": t.zones,
    "schedules": t.schedules,
}


class SqlRegistryRepository:
    """Reads keep to ``region`` when one is given (the unit of work's scope)."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        regional = table in ("subjects", "devices")
        if self._region is not None and regional and row["region"] != self._region:
            raise Forbidden(f"region {row['region']} is not yours: you work in {self._region}")
        self._conn.execute(insert(_TABLES[table]), [dict(row)])

    def update(self, table: str, id: str, values: Mapping[str, Any]) -> None:
        """Change a row of the scope (a row outside it is not touched: read it first)."""
        tbl = _TABLES[table]
        query = update(tbl).where(tbl.c.id == id, visible(tbl, self._scope))
        self._conn.execute(query.values(**dict(values)))

    def get(self, table: str, id: str) -> dict[str, Any] | None:
        tbl = _TABLES[table]
        query = select(tbl).where(tbl.c.id == id, visible(tbl, self._scope))
        row = self._conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def find(self, table: str, **filters: Any) -> list[dict[str, Any]]:
        tbl = _TABLES[table]
        query = select(tbl).where(visible(tbl, self._scope))
        for column, value in filters.items():
            if value is not None:
                query = query.where(tbl.c[column] == value)
        order = tbl.c.created_at if "created_at" in tbl.c else tbl.c.id
        return [dict(r) for r in self._conn.execute(query.order_by(order)).mappings()]

    def device_by_identifier(self, identifier: str) -> dict[str, Any] | None:
        row = (
            self._conn.execute(select(t.devices).where(t.devices.c.identifier == identifier))
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def move_device(self, device_id: str, region: str | None) -> None:
        """Put the device into ``region``'s pool (it follows the person it is assigned to)."""
        d = t.devices
        self._conn.execute(update(d).where(d.c.id == device_id).values(region=region))

    def active_assignment_of_device(self, device_id: str) -> dict[str, Any] | None:
        a = t.device_assignments
        row = (
            self._conn.execute(
                select(a).where(and_(a.c.device_id == device_id, a.c.unassigned_at.is_(None)))
            )
            .mappings()
            .first()
        )
        return None if row is None else dict(row)

    def next_schedule_version(self, order_id: str) -> int:
        s = t.schedules
        current = self._conn.execute(
            select(func.coalesce(func.max(s.c.version), 0)).where(s.c.order_id == order_id)
        ).scalar()
        return int(current or 0) + 1

    def note_rule_change(self, subject_id: str, reason: str, at: datetime) -> int:
        result = self._conn.execute(
            insert(t.rule_changes).returning(t.rule_changes.c.id),
            [{"subject_id": subject_id, "reason": reason, "at": at}],
        )
        return int(result.scalar_one())

    def latest_positions(self, subject_ids: Sequence[str] | None) -> list[dict[str, Any]]:
        """Each subject's last applied fix, from the engine's state snapshot (no history scan)."""
        query = select(t.subject_states.c.subject_id, t.subject_states.c.state).where(
            visible(t.subject_states, self._scope)
        )
        if subject_ids is not None:
            query = query.where(t.subject_states.c.subject_id.in_(subject_ids))
        out = []
        for subject_id, state in self._conn.execute(query):
            fix = state.get("last_fix")
            if fix:
                out.append({"subject_id": subject_id, **fix})
        return out

    def positions_by_seq(self, subject_id: str, seqs: Sequence[int]) -> list[dict[str, Any]]:
        """The subject's fixes with these log positions (an alarm's evidence)."""
        p = t.positions
        query = (
            select(p.c.time, p.c.lat, p.c.lon, p.c.accuracy_m, p.c.speed_kmh, p.c.seq)
            .where(p.c.subject_id == subject_id, p.c.seq.in_(list(seqs)))
            .where(visible(p, self._scope))
            .order_by(p.c.time)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def positions(self, subject_id: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
        p = t.positions
        query = (
            select(p.c.time, p.c.lat, p.c.lon, p.c.accuracy_m, p.c.speed_kmh, p.c.seq)
            .where(p.c.subject_id == subject_id, p.c.time >= start, p.c.time < end)
            .where(visible(p, self._scope))
            .order_by(p.c.time)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]
