"""An alarm as a plain row (the database's columns, the API's and the live feed's JSON) and
back: one mapping, so the engine, the desk and the feed never each spell it."""

from __future__ import annotations

from typing import Any

from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.alarm import AlarmKind, AlarmStatus, Explanation, Severity
from valvo.domain.alarms.policy import Handling

_COPIED = (
    "subject_id",
    "condition_key",
    "occurred_at",
    "raised_at",
    "acknowledged_at",
    "acknowledged_by",
    "resolved_at",
    "resolved_by",
    "cause",
    "note",
    "order_type",
    "occurrences",
    "last_occurred_at",
    "condition_ended_at",
    "investigating_at",
    "investigating_by",
    "escalation_level",
    "escalated_at",
    "escalation_route",
    "reopened_at",
    "reopened_by",
    "reopen_count",
)


def alarm_to_row(alarm: Alarm) -> dict[str, Any]:
    e = alarm.explanation
    return {
        "id": alarm.id,
        **{name: getattr(alarm, name) for name in _COPIED},
        "kind": alarm.kind.value,
        "severity": alarm.severity.value,
        "status": alarm.status.value,
        "handling": alarm.handling.value,
        "explanation": {
            "text_en": e.text_en,
            "text_fi": e.text_fi,
            "rule": e.rule,
            "ruleset_version": e.ruleset_version,
            "details": dict(e.details),
        },
        "evidence_seqs": list(alarm.evidence_seqs),
        "ruleset_version": e.ruleset_version,
        "threshold_revision": e.details.get("threshold_revision"),
        "incident_id": alarm.incident_id or alarm.id,
    }


def alarm_from_row(row: Any) -> Alarm:
    e = row["explanation"]
    return Alarm(
        id=row["id"],
        **{name: row[name] for name in _COPIED},
        kind=AlarmKind(row["kind"]),
        severity=Severity(row["severity"]),
        status=AlarmStatus(row["status"]),
        handling=Handling(row["handling"]),
        explanation=Explanation(
            e["text_en"], e["text_fi"], e["rule"], e["ruleset_version"], e.get("details", {})
        ),
        evidence_seqs=tuple(row["evidence_seqs"]),
        incident_id=row.get("incident_id"),
    )
