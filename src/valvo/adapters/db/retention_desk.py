"""The administrator's retention desk over one database: legal holds (list, place, release,
each in its own transaction) and the anonymised statistics kept after deletion."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from valvo.adapters.db.legal_holds import list_holds, place_hold, release_hold
from valvo.adapters.db.tables_retention import retention_statistics


class SqlRetentionDesk:
    def __init__(self, db: Engine) -> None:
        self._db = db

    def holds(self, now: datetime, active_only: bool = False) -> list[dict[str, Any]]:
        with self._db.connect() as conn:
            return list_holds(conn, now, active_only=active_only)

    def place_hold(
        self,
        actor: str,
        now: datetime,
        *,
        reason: str,
        subject_id: str | None = None,
        case_id: str | None = None,
        held_from: datetime | None = None,
        held_until: datetime | None = None,
    ) -> dict[str, Any]:
        with self._db.begin() as conn:
            return place_hold(
                conn,
                actor,
                now,
                reason=reason,
                subject_id=subject_id,
                case_id=case_id,
                held_from=held_from,
                held_until=held_until,
            )

    def release_hold(self, hold_id: str, actor: str, now: datetime, reason: str) -> dict[str, Any]:
        with self._db.begin() as conn:
            return release_hold(conn, hold_id, actor, now, reason)

    def statistics(self) -> list[dict[str, Any]]:
        """Rows of (region, month, metric, key, value), in that order."""
        s = retention_statistics.c
        with self._db.connect() as conn:
            rows = conn.execute(
                select(s.region, s.month, s.metric, s.key, s.value).order_by(
                    s.region, s.month, s.metric, s.key
                )
            ).mappings()
            return [dict(r) for r in rows]
