"""SQL repository of the case work: rows of the tables in ``tables_cases`` by name, and the few
queries that are more than a look-up (caseload, open deadline tasks, ending an order)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_adjudication as adj
from valvo.adapters.db import tables_cases as c
from valvo.adapters.db import tables_cases_changes as changes
from valvo.adapters.db import tables_cases_enforcement as more
from valvo.adapters.db import tables_checks as checks
from valvo.adapters.db import tables_lawcases as law
from valvo.adapters.db import tables_person as person
from valvo.adapters.db import tables_victims as victims
from valvo.adapters.db.scoping import visible
from valvo.domain.security import EVERYTHING, Scope

_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        c.cases,
        c.sentences,
        c.case_reports,
        c.case_co_residents,
        c.case_plans,
        c.case_interruptions,
        c.case_breaches,
        c.case_decisions,
        c.supervisors,
        c.case_supervision,
        c.case_visits,
        c.case_substance_tests,
        c.travel_bans,
        c.case_exemptions,
        c.ban_violations,
        c.deadline_tasks,
        c.case_events,
        more.case_wanted_notices,
        more.case_joined_sentences,
        more.case_travel_claims,
        more.case_contacts,
        more.case_intoxication_observations,
        changes.travel_ban_changes,
        changes.case_police_assistance,
        victims.victims,
        victims.restraining_orders,
        law.case_abodes,
        law.case_visit_targets,
        law.case_representatives,
        law.case_prescriptions,
        law.case_sample_orders,
        adj.case_breach_adjudications,
        adj.officer_fobs,
        person.person_logins,
        person.case_device_instructions,
        person.case_person_messages,
        person.case_person_reports,
        checks.case_identity_configs,
        checks.case_identity_checks,
        checks.case_patch_configs,
        checks.case_sweat_patches,
    )
}
# The primary key of the one-row-per-case tables is ``case_id``.
_KEY = {
    "sentences": "case_id",
    "case_reports": "case_id",
    "travel_bans": "case_id",
    "case_visit_targets": "case_id",
    "person_logins": "user_id",
}


class SqlCaseRepository:
    """Reads keep to ``region`` when one is given (the unit of work's scope)."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(_TABLES[table]), [dict(row)])

    def update(self, table: str, id: str, values: Mapping[str, Any]) -> None:
        tbl = _TABLES[table]
        key = tbl.c[_KEY.get(table, "id")]
        result = self._conn.execute(update(tbl).where(key == id).values(**dict(values)))
        if result.rowcount != 1:
            raise LookupError(f"{table} {id} does not exist")

    def delete(self, table: str, id: str) -> None:
        tbl = _TABLES[table]
        key = tbl.c[_KEY.get(table, "id")]
        if self._conn.execute(delete(tbl).where(key == id)).rowcount != 1:
            raise LookupError(f"{table} {id} does not exist")

    def get(self, table: str, id: str) -> dict[str, Any] | None:
        tbl = _TABLES[table]
        key = tbl.c[_KEY.get(table, "id")]
        query = select(tbl).where(key == id, visible(tbl, self._scope))
        row = self._conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def find(self, table: str, **filters: Any) -> list[dict[str, Any]]:
        """Rows equal on every filter given (None filters are ignored), oldest first."""
        tbl = _TABLES[table]
        query = select(tbl).where(visible(tbl, self._scope))
        for column, value in filters.items():
            if value is not None:
                query = query.where(tbl.c[column] == value)
        order = [tbl.c[name] for name in ("seq", "version", "at", "created_at") if name in tbl.c]
        return [dict(r) for r in self._conn.execute(query.order_by(*order, tbl.c[0])).mappings()]

    def find_in(self, table: str, column: str, values: Sequence[str]) -> list[dict[str, Any]]:
        """Rows whose ``column`` is one of ``values`` (a caseload's cases), oldest first."""
        if not values:
            return []
        tbl = _TABLES[table]
        query = select(tbl).where(visible(tbl, self._scope), tbl.c[column].in_(list(values)))
        order = [tbl.c[name] for name in ("seq", "version", "at", "created_at") if name in tbl.c]
        return [dict(r) for r in self._conn.execute(query.order_by(*order, tbl.c[0])).mappings()]

    def next_number(self, table: str, column: str, case_id: str) -> int:
        tbl = _TABLES[table]
        current = self._conn.execute(
            select(func.coalesce(func.max(tbl.c[column]), 0)).where(tbl.c.case_id == case_id)
        ).scalar()
        return int(current or 0) + 1

    def last_case_number(self, prefix: str) -> str | None:
        """Unscoped: case numbers run nationally, whatever region the user sees. The caller
        inserts the next one in this transaction, so two cases opened at once must not both
        read the same highest number: on PostgreSQL a transaction lock per prefix queues them
        (SQLite's BEGIN IMMEDIATE already lets one writer in at a time)."""
        if self._conn.dialect.name == "postgresql":
            key = zlib.crc32(f"valvo case number {prefix}".encode())
            self._conn.execute(select(func.pg_advisory_xact_lock(key)))
        k = c.cases
        query = select(func.max(k.c.number)).where(k.c.number.like(f"{prefix}%"))
        value = self._conn.execute(query).scalar()
        return None if value is None else str(value)

    def caseload(
        self, types: Sequence[str], status: str | None, region: str | None
    ) -> list[dict[str, Any]]:
        """Cases of the given types with the person's name, most recently changed first."""
        k, s = c.cases, t.subjects
        query = (
            select(k, s.c.name.label("subject_name"))
            .join(s, s.c.id == k.c.subject_id)
            .where(k.c.type.in_(list(types)), visible(k, self._scope))
        )
        if status is not None:
            query = query.where(k.c.status == status)
        if region is not None:
            query = query.where(k.c.region == region)
        rows = self._conn.execute(query.order_by(k.c.updated_at.desc(), k.c.id)).mappings()
        return [dict(r) for r in rows]

    def open_deadlines(self, types: Sequence[str]) -> list[dict[str, Any]]:
        """Open deadline tasks of cases of the given types, with the case and the person."""
        d, k, s = c.deadline_tasks, c.cases, t.subjects
        query = (
            select(
                d,
                k.c.type.label("case_type"),
                k.c.status.label("case_status"),
                k.c.timezone,
                s.c.name.label("subject_name"),
            )
            .join(k, k.c.id == d.c.case_id)
            .join(s, s.c.id == k.c.subject_id)
            .where(d.c.done_at.is_(None), d.c.cancelled_at.is_(None), k.c.type.in_(list(types)))
            .where(visible(k, self._scope))
            .order_by(d.c.due_at, d.c.id)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def visits_made(self, case_ids: Sequence[str]) -> list[tuple[str, datetime]]:
        """(case, when) of every visit made in the given cases (R53), by index on the case."""
        v = c.case_visits
        query = (
            select(v.c.case_id, v.c.visited_at)
            .where(v.c.case_id.in_(list(case_ids)), v.c.visited_at.is_not(None))
            .where(visible(v, self._scope))
        )
        return [(str(r[0]), r[1]) for r in self._conn.execute(query)]

    def open_person_reports(self, case_ids: Sequence[str]) -> dict[str, int]:
        """Problems the person reported that no one has handled yet, per case (caseload)."""
        r = person.case_person_reports
        query = (
            select(r.c.case_id, func.count())
            .where(r.c.case_id.in_(list(case_ids)), r.c.handled_at.is_(None))
            .where(visible(r, self._scope))
            .group_by(r.c.case_id)
        )
        return {str(row[0]): int(row[1]) for row in self._conn.execute(query)}

    def end_order(self, order_id: str, at: datetime) -> None:
        """The case has ended: the engine stops enforcing the order (it loads active ones)."""
        o = t.orders
        self._conn.execute(update(o).where(o.c.id == order_id).values(status="ended", ends_at=at))

    def set_order_end(self, order_id: str, ends_at: datetime | None) -> None:
        """A changed term (PKL 2:12): the order ends with it (``None``: indefinite)."""
        o = t.orders
        self._conn.execute(update(o).where(o.c.id == order_id).values(ends_at=ends_at))

    def release_devices(self, subject_id: str, device_ids: Sequence[str], at: datetime) -> None:
        """The devices were returned: their assignments to the person end."""
        a = t.device_assignments
        self._conn.execute(
            update(a)
            .where(
                and_(
                    a.c.subject_id == subject_id,
                    a.c.device_id.in_(list(device_ids)),
                    a.c.unassigned_at.is_(None),
                )
            )
            .values(unassigned_at=at)
        )
