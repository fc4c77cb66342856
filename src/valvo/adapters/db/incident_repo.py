"""SQL reads and writes of incidents: an incident's alarms (``alarms.incident_id``), its owner
(``incidents``), and the desk's list of them, every read kept to the unit of work's scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables import alarms, subjects
from valvo.adapters.db.tables_alarm_desk import incidents
from valvo.domain.alarms import OPEN_STATUSES, Alarm
from valvo.domain.alarms.rows import alarm_from_row
from valvo.domain.security import Scope

_OPEN = [s.value for s in OPEN_STATUSES]


def _key() -> Any:
    """An alarm's incident (its own id for an alarm stored without one)."""
    return func.coalesce(alarms.c.incident_id, alarms.c.id)


class SqlIncidentRepository:
    def __init__(self, conn: Connection, scope: Scope) -> None:
        self._conn = conn
        self._scope = scope

    def alarms_of(self, incident_id: str, lock: bool = False) -> list[Alarm]:
        """The incident's alarms the scope sees, oldest first (locked when ``lock``)."""
        query = (
            select(alarms)
            .where(_key() == incident_id, visible(alarms, self._scope))
            .order_by(alarms.c.occurred_at, alarms.c.id)
        )
        if lock and self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return [alarm_from_row(r) for r in self._conn.execute(query).mappings()]

    def rows_of(self, incident_ids: list[str]) -> list[dict[str, Any]]:
        """The alarms of these incidents as the desk shows them (with name and region)."""
        if not incident_ids:
            return []
        query = (
            select(alarms, subjects.c.name.label("subject_name"), subjects.c.region)
            .join(subjects, subjects.c.id == alarms.c.subject_id)
            .where(_key().in_(incident_ids), visible(subjects, self._scope))
            .order_by(alarms.c.occurred_at, alarms.c.id)
        )
        return [dict(r) for r in self._conn.execute(query).mappings()]

    def owners(self, incident_ids: list[str]) -> dict[str, dict[str, Any]]:
        if not incident_ids:
            return {}
        i = incidents
        query = select(i).where(i.c.id.in_(incident_ids), visible(i, self._scope))
        return {r["id"]: dict(r) for r in self._conn.execute(query).mappings()}

    def set_owner(self, incident_id: str, subject_id: str, owner: str, at: datetime) -> None:
        i = incidents
        found = self._conn.execute(select(i.c.id).where(i.c.id == incident_id)).first()
        if found is None:
            row = {"id": incident_id, "subject_id": subject_id, "owner": owner, "owned_at": at}
            self._conn.execute(insert(i), [row])
        else:
            self._conn.execute(
                update(i).where(i.c.id == incident_id).values(owner=owner, owned_at=at)
            )

    def find(
        self,
        *,
        active: bool | None,
        region: str | None = None,
        subject_id: str | None = None,
        limit: int = 200,
        since: datetime | None = None,
    ) -> list[str]:
        """Incident ids, the latest raised first; ``active``: with an open alarm (True), with
        none (False), either (None); ``since``: with an alarm raised since then."""
        a = alarms
        open_count = func.sum(case((a.c.status.in_(_OPEN), 1), else_=0))
        query = (
            select(_key().label("incident"))
            .join(subjects, subjects.c.id == a.c.subject_id)
            .where(visible(subjects, self._scope))
            .group_by(_key())
            .order_by(func.max(a.c.raised_at).desc(), _key())
            .limit(limit)
        )
        if active is True:
            query = query.having(open_count > 0)
        elif active is False:
            query = query.having(open_count == 0)
        if region is not None:
            query = query.where(subjects.c.region == region)
        if subject_id is not None:
            query = query.where(a.c.subject_id == subject_id)
        if since is not None:
            query = query.where(a.c.raised_at >= since)
        return [str(r[0]) for r in self._conn.execute(query)]
