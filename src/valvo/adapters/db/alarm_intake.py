"""The alarm intake's storage (the decision is ``services/engine/intake.py``): the alarms open
(or recently self-cleared) for a batch's conditions read in one query, and the intake's alarms
written in bulk with their trail and notices, on the caller's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.alarm_changes import write_changes
from valvo.adapters.db.alarm_repo import alarm_from_row, alarm_to_row
from valvo.adapters.db.any_of import any_of
from valvo.adapters.db.tables_victims import victims
from valvo.domain.alarms import Alarm
from valvo.domain.alarms.causes import SELF_CLEARED


class SqlIntakeReads:
    """:class:`~valvo.services.engine.ports.IntakeReads` on a connection."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def open_alarms(
        self, subject_ids: Sequence[str], condition_keys: Sequence[str], cleared_since: datetime
    ) -> list[Alarm]:
        a = t.alarms
        query = select(a).where(
            any_of(self._conn, a.c.subject_id, subject_ids),
            any_of(self._conn, a.c.condition_key, condition_keys),
            or_(
                a.c.status != "resolved",
                and_(a.c.cause == SELF_CLEARED, a.c.condition_ended_at >= cleared_since),
            ),
        )
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()  # an operator's concurrent step waits for this batch
        return [alarm_from_row(r) for r in self._conn.execute(query).mappings()]

    def active_order_types(self, subject_ids: Sequence[str]) -> dict[str, list[str]]:
        o = t.orders
        query = select(o.c.subject_id, o.c.type).where(
            any_of(self._conn, o.c.subject_id, subject_ids), o.c.status == "active"
        )
        types: dict[str, list[str]] = defaultdict(list)
        for subject_id, order_type in self._conn.execute(query):
            types[subject_id].append(order_type)
        return dict(types)

    def stored_alarm_ids(self, alarm_ids: Sequence[str]) -> set[str]:
        a = t.alarms
        return set(
            self._conn.execute(
                select(a.c.id).where(any_of(self._conn, a.c.id, alarm_ids))
            ).scalars()
        )

    def recent_alarms(self, subject_ids: Sequence[str], since: datetime) -> list[Alarm]:
        a = t.alarms
        query = select(a).where(
            any_of(self._conn, a.c.subject_id, subject_ids),
            or_(
                a.c.status != "resolved",
                a.c.occurred_at >= since,
                a.c.last_occurred_at >= since,
                a.c.condition_ended_at >= since,
            ),
        )
        return [alarm_from_row(r) for r in self._conn.execute(query).mappings()]

    def victim_contacts(self, victim_ids: Sequence[str]) -> dict[str, str]:
        v = victims
        query = select(v.c.id, v.c.contact_channel).where(
            any_of(self._conn, v.c.id, victim_ids),
            v.c.notify_opt_in.is_(True),
            v.c.contact_channel.is_not(None),
        )
        return {r[0]: r[1] for r in self._conn.execute(query)}


def write_alarms(conn: Connection, new: Sequence[Alarm], changed: Sequence[Alarm]) -> None:
    """Insert ``new``, update ``changed``, and write every pending change of both (trail,
    notices, confirmations)."""
    if new:
        conn.execute(insert(t.alarms), [alarm_to_row(x) for x in new])
    if changed:
        rows = []
        for alarm in changed:
            row = alarm_to_row(alarm)
            row["_id"] = row.pop("id")
            rows.append(row)
        columns = [c for c in rows[0] if c != "_id"]
        conn.execute(
            update(t.alarms)
            .where(t.alarms.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in columns}),
            rows,
        )
    write_changes(conn, [change for alarm in [*new, *changed] for change in alarm.take_pending()])
