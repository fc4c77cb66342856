"""Alarms and breach events for the alarm desk's unit tests (explicit values, no magic)."""

from __future__ import annotations

from datetime import UTC, datetime

from valvo.domain.alarms import Alarm, AlarmKind, Explanation, Handling, Severity
from valvo.domain.rules import BreachEnded, BreachStarted

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
EXPLAINED = Explanation("left home", "poistui kotoa", "zone.inclusion", 3)
HOME_KEY = "inclusion:home"
VICTIM_KEY = "exclusion:victim"


def alarm(
    *,
    kind: AlarmKind = AlarmKind.EXCLUSION_ZONE_ENTERED,
    severity: Severity = Severity.CRITICAL,
    handling: Handling = Handling.REALTIME,
    at: datetime = T0,
    key: str = VICTIM_KEY,
) -> Alarm:
    return Alarm.raise_new(
        id="a-1",
        subject_id="s-1",
        kind=kind,
        severity=severity,
        condition_key=key,
        occurred_at=at,
        now=at,
        explanation=EXPLAINED,
        evidence_seqs=(1,),
        handling=handling,
    )


def started(
    at: datetime,
    key: str = HOME_KEY,
    kind: AlarmKind = AlarmKind.INCLUSION_ZONE_LEFT,
    subject: str = "s-1",
    seq: int = 1,
) -> BreachStarted:
    return BreachStarted(subject, kind, key, at, EXPLAINED, (seq,))


def ended(at: datetime, key: str = HOME_KEY, subject: str = "s-1") -> BreachEnded:
    return BreachEnded(subject, key, at)
