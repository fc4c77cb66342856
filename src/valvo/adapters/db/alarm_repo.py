"""SQL repository for alarms: the aggregate in, the aggregate out, and with it the trail
entries, notices and breach confirmations it collected (same transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.alarm_changes import write_changes
from valvo.adapters.db.alarm_desk_repo import SqlDeskRepository
from valvo.adapters.db.incident_repo import SqlIncidentRepository
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables import alarms, subjects
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.domain.alarms import OPEN_STATUSES, Alarm
from valvo.domain.alarms.rows import alarm_from_row, alarm_to_row
from valvo.domain.security import EVERYTHING, Scope

__all__ = ["SqlAlarmRepository", "alarm_from_row", "alarm_to_row"]


class SqlAlarmRepository:
    """Reads keep to ``region`` when one is given (the unit of work's scope)."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region
        self.desk = SqlDeskRepository(conn, scope)
        self.incidents = SqlIncidentRepository(conn, scope)

    def get(self, alarm_id: str) -> Alarm | None:
        query = select(alarms).where(alarms.c.id == alarm_id, visible(alarms, self._scope))
        row = self._conn.execute(query).mappings().first()
        return None if row is None else alarm_from_row(row)

    def get_for_update(self, alarm_id: str) -> Alarm | None:
        """The alarm, locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
        query = select(alarms).where(alarms.c.id == alarm_id, visible(alarms, self._scope))
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._conn.execute(query).mappings().first()
        return None if row is None else alarm_from_row(row)

    def add(self, alarm: Alarm) -> None:
        self._conn.execute(insert(alarms), [alarm_to_row(alarm)])
        write_changes(self._conn, alarm.take_pending())

    def save(self, alarm: Alarm) -> None:
        row = alarm_to_row(alarm)
        del row["id"]
        self._conn.execute(update(alarms).where(alarms.c.id == alarm.id).values(**row))
        write_changes(self._conn, alarm.take_pending())

    def trail(self, alarm_id: str) -> list[dict[str, Any]]:
        e = alarm_events
        query = select(e).where(e.c.alarm_id == alarm_id).order_by(e.c.id)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def find(
        self,
        status: str | None,
        subject_id: str | None,
        limit: int,
        *,
        region: str | None = None,
        kinds: Sequence[str] = (),
        severities: Sequence[str] = (),
        handling: str | None = None,
        raised_from: datetime | None = None,
        raised_to: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Newest first; ``status`` may be ``open`` (anything not resolved); raised in
        [``raised_from``, ``raised_to``) when given."""
        query = (
            select(alarms, subjects.c.name.label("subject_name"), subjects.c.region)
            .join(subjects, subjects.c.id == alarms.c.subject_id)
            .where(visible(subjects, self._scope))
            .order_by(alarms.c.raised_at.desc(), alarms.c.id)
            .limit(limit)
        )
        if status == "open":
            query = query.where(alarms.c.status.in_([s.value for s in OPEN_STATUSES]))
        elif status is not None:
            query = query.where(alarms.c.status == status)
        if subject_id is not None:
            query = query.where(alarms.c.subject_id == subject_id)
        if region is not None:
            query = query.where(subjects.c.region == region)
        if kinds:
            query = query.where(alarms.c.kind.in_(list(kinds)))
        if severities:
            query = query.where(alarms.c.severity.in_(list(severities)))
        if handling is not None:
            query = query.where(alarms.c.handling == handling)
        if raised_from is not None:
            query = query.where(alarms.c.raised_at >= raised_from)
        if raised_to is not None:
            query = query.where(alarms.c.raised_at < raised_to)
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def open_alarms(self, handling: str | None = None) -> list[Alarm]:
        """Every alarm not yet resolved (the escalation timer's input)."""
        query = select(alarms).where(
            alarms.c.status.in_([s.value for s in OPEN_STATUSES]), visible(alarms, self._scope)
        )
        if handling is not None:
            query = query.where(alarms.c.handling == handling)
        return [alarm_from_row(r) for r in self._conn.execute(query).mappings()]
