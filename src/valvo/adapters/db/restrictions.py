"""The restricted people and cases (issue 15 item 5): whose record a request names, whether that
person is restricted, and the markings themselves. Read without a scope: the guard asks before
the request's own scoped reads (web/access.py), and the markings are written by the holders of
``restricted:access`` only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.adapters.db import tables_network as tn
from valvo.adapters.db import tables_partners as tp
from valvo.adapters.db.scoping import restricted_subjects
from valvo.adapters.db.tables_restricted import restrictions

# Each kind of id a request may name: the table it is the key of and that row's person.
_OWNERS: dict[str, tuple[Table, str, str]] = {
    "subject_id": (t.subjects, "id", "id"),
    "case_id": (tc.cases, "id", "subject_id"),
    "alarm_id": (t.alarms, "id", "subject_id"),
    "order_id": (t.orders, "id", "subject_id"),
    "device_id": (t.device_assignments, "device_id", "subject_id"),
    "assignment_id": (tp.place_assignments, "id", "subject_id"),
    "incident_id": (t.alarms, "incident_id", "subject_id"),
    "pre_enforcement_id": (tn.pre_enforcement, "id", "subject_id"),
}


class SqlRestrictions:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def restricted_owner(self, kind: str, record_id: str) -> str | None:
        """The person ``record_id`` (a ``kind``: ``case_id``, ``alarm_id``...) belongs to, when that
        person is restricted; None for anyone else's record or an unknown id."""
        if kind == "zone_id":
            z = t.zones
            owner: ColumnElement[str] | Any = select(t.orders.c.subject_id).where(
                t.orders.c.id.in_(select(z.c.order_id).where(z.c.id == record_id))
            )
        elif kind in _OWNERS:
            table, key, person = _OWNERS[kind]
            owner = select(table.c[person]).where(table.c[key] == record_id)
        else:
            return None
        row = self._conn.execute(
            select(restrictions.c.subject_id)
            .where(restrictions.c.subject_id.in_(owner))
            .where(restrictions.c.subject_id.in_(restricted_subjects()))
            .limit(1)
        ).first()
        return None if row is None else str(row[0])

    def active(self, subject_id: str) -> list[dict[str, Any]]:
        """The markings in force on the person (their own and their cases'), oldest first."""
        r = restrictions
        query = (
            select(r)
            .where(r.c.subject_id == subject_id, r.c.lifted_at.is_(None))
            .order_by(r.c.marked_at, r.c.id)
        )
        return [dict(row) for row in self._conn.execute(query).mappings()]

    def mark(
        self,
        *,
        subject_id: str,
        case_id: str | None,
        reason: str,
        note: str | None,
        at: datetime,
        by: str,
    ) -> str:
        new_id = str(uuid.uuid4())
        self._conn.execute(
            insert(restrictions).values(
                id=new_id,
                subject_id=subject_id,
                case_id=case_id,
                reason=reason,
                note=note,
                marked_at=at,
                marked_by=by,
            )
        )
        return new_id

    def lift(self, *, subject_id: str, case_id: str | None, at: datetime, by: str) -> int:
        """Lift the markings in force on the person (``case_id`` None) or on one case; how many."""
        r = restrictions
        query = update(r).where(r.c.subject_id == subject_id, r.c.lifted_at.is_(None))
        query = query.where(r.c.case_id.is_(None) if case_id is None else r.c.case_id == case_id)
        return self._conn.execute(query.values(lifted_at=at, lifted_by=by)).rowcount
