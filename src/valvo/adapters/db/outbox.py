"""The notification outbox, read after commit: claim due rows (a lease, so two dispatchers never
send the same row at once), then settle each one (delivered, retry later, or given up), writing
the delivery into the alarm's trail in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from valvo.adapters.db.evidence import seal
from valvo.adapters.db.tables_alarm_desk import alarm_events, alarm_outbox
from valvo.services.notify_ports import OutboxItem

LEASE = timedelta(minutes=5)


class SqlOutbox:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        o = alarm_outbox
        query = (
            select(o)
            .where(o.c.delivered_at.is_(None), o.c.dead.is_(False), o.c.next_attempt_at <= now)
            .order_by(o.c.id)
            .limit(limit)
        )
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = conn.execute(query).mappings().all()
            if rows:
                conn.execute(
                    update(o)
                    .where(o.c.id.in_([r["id"] for r in rows]))
                    .values(next_attempt_at=now + LEASE)
                )
        return [
            OutboxItem(
                r["id"],
                r["alarm_id"],
                r["event"],
                r["route"],
                dict(r["payload"]),
                int(r["attempts"]),
                tuple(r["delivered_to"]),
            )
            for r in rows
        ]

    def settle(
        self,
        item: OutboxItem,
        now: datetime,
        delivered_to: list[str],
        error: str | None,
        retry_at: datetime | None,
        trail: dict[str, Any] | None,
    ) -> None:
        """Record one attempt: delivered (``error`` None), a retry at ``retry_at``, or given up
        (``retry_at`` None with an error); ``trail`` goes into the alarm's trail."""
        o = alarm_outbox
        values: dict[str, Any] = {
            "attempts": item.attempts + 1,
            "delivered_to": delivered_to,
            "last_error": error,
        }
        if error is None:
            values["delivered_at"] = now
        elif retry_at is None:
            values["dead"] = True
        else:
            values["next_attempt_at"] = retry_at
        with self._engine.begin() as conn:
            conn.execute(update(o).where(o.c.id == item.id).values(**values))
            if trail is not None and item.alarm_id is not None:
                entry = [{"alarm_id": item.alarm_id, **trail}]
                seal(conn, "alarm_events", entry)
                conn.execute(insert(alarm_events), entry)

    def pending(self) -> int:
        o = alarm_outbox
        query = select(func.count()).where(o.c.delivered_at.is_(None), o.c.dead.is_(False))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)
