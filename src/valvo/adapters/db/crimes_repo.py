"""Crime batches, crime versions, matching runs and matches (``tables_crimes.py``), kept to the
unit of work's region: a regional user reads only their region's batches and runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Table, func, insert, select, true
from sqlalchemy.engine import Connection

from valvo.adapters.db.crime_positions import SqlCrimePositions
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables import subjects
from valvo.adapters.db.tables_crimes import crime_batches, crime_matches, crime_runs, crimes
from valvo.domain.security import EVERYTHING, Scope


def scope_key(region: str | None) -> str:
    return region or ""


class SqlCrimeRepository:
    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region
        self.positions = SqlCrimePositions(conn, scope)

    def _mine(self, table: Table) -> ColumnElement[bool]:
        return true() if self._region is None else table.c.scope_key == self._region

    def latest(self, key: str, reference: str) -> dict[str, Any] | None:
        c = crimes.c
        query = (
            select(crimes)
            .where(c.scope_key == key, c.reference == reference)
            .order_by(c.version.desc())
            .limit(1)
        )
        found = self._conn.execute(query).mappings().first()
        return None if found is None else dict(found)

    def add_batch(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(crime_batches), [dict(row)])

    def add_crimes(self, rows: Iterable[Mapping[str, Any]]) -> None:
        rows = [dict(r) for r in rows]
        if rows:
            self._conn.execute(insert(crimes), rows)

    def batch(self, batch_id: str) -> dict[str, Any] | None:
        query = select(crime_batches).where(
            crime_batches.c.id == batch_id, self._mine(crime_batches)
        )
        found = self._conn.execute(query).mappings().first()
        return None if found is None else dict(found)

    def batches(self, limit: int) -> list[dict[str, Any]]:
        b = crime_batches.c
        query = (
            select(crime_batches)
            .where(self._mine(crime_batches))
            .order_by(b.submitted_at.desc(), b.id)
            .limit(limit)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def batch_crimes(self, batch_id: str) -> list[dict[str, Any]]:
        query = select(crimes).where(crimes.c.batch_id == batch_id).order_by(crimes.c.row)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def add_run(self, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(crime_runs), [dict(row)])

    def add_matches(self, rows: Iterable[Mapping[str, Any]]) -> None:
        rows = [dict(r) for r in rows]
        if rows:
            self._conn.execute(insert(crime_matches), rows)

    def run(self, run_id: str) -> dict[str, Any] | None:
        query = select(crime_runs).where(crime_runs.c.id == run_id, self._mine(crime_runs))
        found = self._conn.execute(query).mappings().first()
        return None if found is None else dict(found)

    def runs(self, batch_id: str) -> list[dict[str, Any]]:
        r = crime_runs.c
        query = (
            select(crime_runs)
            .where(r.batch_id == batch_id, self._mine(crime_runs))
            .order_by(r.run_at, r.id)
        )
        return [dict(x) for x in self._conn.execute(query).mappings()]

    def matches(self, run_id: str) -> list[dict[str, Any]]:
        m = crime_matches.c
        query = (
            select(
                crime_matches,
                func.coalesce(subjects.c.name, "").label("subject_name"),
                crimes.c.reference,
            )
            .join(crimes, crimes.c.id == m.crime_id)
            .outerjoin(subjects, subjects.c.id == m.subject_id)
            .where(m.run_id == run_id, visible(crime_matches, self._scope))
            .order_by(crimes.c.row, m.subject_id)
        )
        return [dict(x) for x in self._conn.execute(query).mappings()]

    def match(self, match_id: int) -> dict[str, Any] | None:
        """One match with its run and crime, if the reader may read both: the run is the
        reader's (region) and the person is visible to them (region, restricted-case rule)."""
        m, r, c = crime_matches.c, crime_runs.c, crimes.c
        query = (
            select(
                crime_matches,
                r.purpose,
                r.legal_basis,
                r.radius_m,
                r.tolerance_s,
                r.algorithm_version,
                r.run_at,
                r.run_by,
                c.reference,
                c.crime_type,
                c.start.label("crime_start"),
                c.end.label("crime_end"),
                c.lat.label("crime_lat"),
                c.lon.label("crime_lon"),
            )
            .join(crime_runs, r.id == m.run_id)
            .join(crimes, c.id == m.crime_id)
            .where(m.id == match_id, self._mine(crime_runs), visible(crime_matches, self._scope))
        )
        found = self._conn.execute(query).mappings().first()
        return None if found is None else dict(found)
