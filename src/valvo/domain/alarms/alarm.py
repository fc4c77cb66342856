"""The Alarm aggregate: what was breached, its evidence, and who did what about it.

Status machine: raised → acknowledged → resolved (raised → resolved directly is allowed for an
alarm closed by the rules themselves, e.g. a condition that ended within grace).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from valvo.domain.choices import Choice
from valvo.domain.clock import require_aware


class AlarmStatus(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlarmKind(StrEnum):
    EXCLUSION_ZONE_ENTERED = "exclusion_zone_entered"
    INCLUSION_ZONE_LEFT = "inclusion_zone_left"


STATUS_CHOICES: Mapping[AlarmStatus, Choice] = {
    AlarmStatus.RAISED: Choice("raised", "Raised", "Uusi", "#dc2626"),
    AlarmStatus.ACKNOWLEDGED: Choice("acknowledged", "Acknowledged", "Kuitattu", "#d97706"),
    AlarmStatus.RESOLVED: Choice("resolved", "Resolved", "Ratkaistu", "#16a34a"),
}

SEVERITY_CHOICES: Mapping[Severity, Choice] = {
    Severity.LOW: Choice("low", "Low", "Matala", "#6b7280"),
    Severity.MEDIUM: Choice("medium", "Medium", "Keskitaso", "#2563eb"),
    Severity.HIGH: Choice("high", "High", "Korkea", "#d97706"),
    Severity.CRITICAL: Choice("critical", "Critical", "Kriittinen", "#dc2626"),
}

KIND_CHOICES: Mapping[AlarmKind, Choice] = {
    AlarmKind.EXCLUSION_ZONE_ENTERED: Choice(
        "exclusion_zone_entered", "Entered an exclusion zone", "Kieltoalueelle saapuminen"
    ),
    AlarmKind.INCLUSION_ZONE_LEFT: Choice(
        "inclusion_zone_left", "Left an inclusion zone", "Sallitulta alueelta poistuminen"
    ),
}

DEFAULT_SEVERITY: Mapping[AlarmKind, Severity] = {
    AlarmKind.EXCLUSION_ZONE_ENTERED: Severity.CRITICAL,
    AlarmKind.INCLUSION_ZONE_LEFT: Severity.HIGH,
}

ALLOWED_TRANSITIONS: Mapping[AlarmStatus, frozenset[AlarmStatus]] = {
    AlarmStatus.RAISED: frozenset({AlarmStatus.ACKNOWLEDGED, AlarmStatus.RESOLVED}),
    AlarmStatus.ACKNOWLEDGED: frozenset({AlarmStatus.RESOLVED}),
    AlarmStatus.RESOLVED: frozenset(),
}


class AlarmTransitionError(ValueError):
    """The requested status change is not allowed from the alarm's current status."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the alarm fired, in words a person understands, and the numbers behind it."""

    text_en: str
    text_fi: str
    rule: str
    ruleset_version: int
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Alarm:
    id: str
    subject_id: str
    kind: AlarmKind
    severity: Severity
    condition_key: str
    occurred_at: datetime  # when the breach happened (device time, or the deadline)
    raised_at: datetime  # when Valvo raised the alarm
    explanation: Explanation
    evidence_seqs: tuple[int, ...] = ()
    status: AlarmStatus = AlarmStatus.RAISED
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    cause: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        self.occurred_at = require_aware(self.occurred_at, "occurred_at")
        self.raised_at = require_aware(self.raised_at, "raised_at")

    def acknowledge(self, user: str, now: datetime) -> None:
        self._move(AlarmStatus.ACKNOWLEDGED)
        self.acknowledged_at = require_aware(now, "now")
        self.acknowledged_by = user

    def resolve(self, user: str, now: datetime, cause: str, note: str | None = None) -> None:
        if not cause.strip():
            raise AlarmTransitionError("resolving an alarm needs a cause")
        self._move(AlarmStatus.RESOLVED)
        self.resolved_at = require_aware(now, "now")
        self.resolved_by = user
        self.cause = cause
        self.note = note

    def _move(self, target: AlarmStatus) -> None:
        if target not in ALLOWED_TRANSITIONS[self.status]:
            raise AlarmTransitionError(f"alarm {self.id} is {self.status}; it cannot be {target}")
        self.status = target
