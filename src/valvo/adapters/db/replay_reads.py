"""What a replay reads (``services.engine.replay.ReplayReads``): the engine store's rule rows,
devices and states, the person's stored observations, and the breaches on record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.history import observations_of
from valvo.adapters.db.tables import alarms
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.domain.alarms.trail import Action
from valvo.domain.telemetry import Observation


class SqlReplayReads(SqlEngineStore):
    def __init__(self, db: Engine) -> None:
        super().__init__(db, "replay")
        self._db = db

    def observations(self, devices: Sequence[str], until: datetime) -> list[Observation]:
        return observations_of(self._db, devices, until)

    def recorded_breaches(self, subject_id: str) -> list[tuple[str, datetime, str, int | None]]:
        """Each alarm's first occurrence and every later one in its trail."""
        with self._db.connect() as conn:
            rows = conn.execute(
                select(
                    alarms.c.id,
                    alarms.c.kind,
                    alarms.c.condition_key,
                    alarms.c.occurred_at,
                    alarms.c.ruleset_version,
                ).where(alarms.c.subject_id == subject_id)
            ).all()
            occurrences = conn.execute(
                select(alarm_events.c.alarm_id, alarm_events.c.details).where(
                    alarm_events.c.alarm_id.in_([r.id for r in rows]),
                    alarm_events.c.action == Action.OCCURRENCE.value,
                )
            ).all()
        by_id = {r.id: r for r in rows}
        found = [(r.condition_key, r.occurred_at, r.kind, r.ruleset_version) for r in rows]
        for alarm, details in occurrences:
            row = by_id[alarm]
            at = datetime.fromisoformat(details["occurred_at"])
            found.append((row.condition_key, at, row.kind, row.ruleset_version))
        return found
