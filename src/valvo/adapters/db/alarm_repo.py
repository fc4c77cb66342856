"""SQL repository for alarms: the aggregate in, the aggregate out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables import alarms, subjects
from valvo.domain.alarms import Alarm, AlarmKind, AlarmStatus, Explanation, Severity


def alarm_to_row(alarm: Alarm) -> dict[str, Any]:
    e = alarm.explanation
    return {
        "id": alarm.id,
        "subject_id": alarm.subject_id,
        "kind": alarm.kind.value,
        "severity": alarm.severity.value,
        "status": alarm.status.value,
        "condition_key": alarm.condition_key,
        "occurred_at": alarm.occurred_at,
        "raised_at": alarm.raised_at,
        "explanation": {
            "text_en": e.text_en,
            "text_fi": e.text_fi,
            "rule": e.rule,
            "ruleset_version": e.ruleset_version,
            "details": dict(e.details),
        },
        "evidence_seqs": list(alarm.evidence_seqs),
        "ruleset_version": e.ruleset_version,
        "acknowledged_at": alarm.acknowledged_at,
        "acknowledged_by": alarm.acknowledged_by,
        "resolved_at": alarm.resolved_at,
        "resolved_by": alarm.resolved_by,
        "cause": alarm.cause,
        "note": alarm.note,
    }


def alarm_from_row(row: Any) -> Alarm:
    e = row["explanation"]
    return Alarm(
        id=row["id"],
        subject_id=row["subject_id"],
        kind=AlarmKind(row["kind"]),
        severity=Severity(row["severity"]),
        condition_key=row["condition_key"],
        occurred_at=row["occurred_at"],
        raised_at=row["raised_at"],
        explanation=Explanation(
            e["text_en"], e["text_fi"], e["rule"], e["ruleset_version"], e.get("details", {})
        ),
        evidence_seqs=tuple(row["evidence_seqs"]),
        status=AlarmStatus(row["status"]),
        acknowledged_at=row["acknowledged_at"],
        acknowledged_by=row["acknowledged_by"],
        resolved_at=row["resolved_at"],
        resolved_by=row["resolved_by"],
        cause=row["cause"],
        note=row["note"],
    )


class SqlAlarmRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, alarm_id: str) -> Alarm | None:
        row = self._conn.execute(select(alarms).where(alarms.c.id == alarm_id)).mappings().first()
        return None if row is None else alarm_from_row(row)

    def add(self, alarm: Alarm) -> None:
        self._conn.execute(insert(alarms), [alarm_to_row(alarm)])

    def save(self, alarm: Alarm) -> None:
        row = alarm_to_row(alarm)
        del row["id"]
        self._conn.execute(update(alarms).where(alarms.c.id == alarm.id).values(**row))

    def find(self, status: str | None, subject_id: str | None, limit: int) -> list[dict[str, Any]]:
        query = (
            select(alarms, subjects.c.name.label("subject_name"), subjects.c.region)
            .join(subjects, subjects.c.id == alarms.c.subject_id)
            .order_by(alarms.c.raised_at.desc())
            .limit(limit)
        )
        if status is not None:
            query = query.where(alarms.c.status == status)
        if subject_id is not None:
            query = query.where(alarms.c.subject_id == subject_id)
        return [dict(r) for r in self._conn.execute(query).mappings()]
