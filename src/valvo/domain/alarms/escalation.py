"""Escalation policy as data: condition → route → timer.

A step says: an alarm of these severities, still in one of these statuses this long after it
was raised (or reopened), goes to this route at this level. The timer loop asks, at ``now``,
which alarms are due; the highest level due wins, and an alarm is never escalated to a level it
already reached. Only alarms handled in real time escalate; periodic review has its own rhythm.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.alarm import AlarmStatus, Severity
from valvo.domain.alarms.incidents import incident_of
from valvo.domain.alarms.policy import SEVERITY_RANK, Handling
from valvo.domain.alarms.trail import Route
from valvo.domain.clock import require_aware

UNACKNOWLEDGED = frozenset({AlarmStatus.RAISED, AlarmStatus.REOPENED})
UNRESOLVED = frozenset(s for s in AlarmStatus if s is not AlarmStatus.RESOLVED)


class PolicyError(ValueError):
    """The escalation policy (from the settings) is malformed."""


@dataclass(frozen=True, slots=True)
class EscalationStep:
    level: int
    after: timedelta
    route: str
    severities: frozenset[Severity]
    statuses: frozenset[AlarmStatus] = UNACKNOWLEDGED

    def applies_to(self, alarm: Alarm, now: datetime) -> bool:
        return (
            alarm.handling is Handling.REALTIME
            and alarm.severity in self.severities
            and alarm.status in self.statuses
            and self.level > alarm.escalation_level
            and now - alarm.clock_start >= self.after
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "after_minutes": self.after.total_seconds() / 60,
            "route": self.route,
            "severities": sorted(s.value for s in self.severities),
            "statuses": sorted(s.value for s in self.statuses),
        }


CRITICAL = frozenset({Severity.CRITICAL})
HIGH = frozenset({Severity.HIGH})

DEFAULT_POLICY: tuple[EscalationStep, ...] = (
    EscalationStep(1, timedelta(minutes=5), Route.DUTY_SUPERVISOR, CRITICAL),
    EscalationStep(2, timedelta(minutes=15), Route.REGIONAL_MANAGER, CRITICAL),
    EscalationStep(1, timedelta(minutes=15), Route.DUTY_SUPERVISOR, HIGH),
    EscalationStep(2, timedelta(minutes=60), Route.REGIONAL_MANAGER, HIGH, UNRESOLVED),
)


WORKED = frozenset({AlarmStatus.ACKNOWLEDGED, AlarmStatus.INVESTIGATING})


def worked_people(
    alarms: Iterable[Alarm], owned_incidents: Collection[str] = frozenset()
) -> dict[str, int]:
    """Each person somebody is working on (one of their alarms acknowledged or under
    investigation, or in an incident somebody has taken: ``owned_incidents``), with the
    highest severity rank being worked."""
    worked: dict[str, int] = {}
    for alarm in alarms:
        if alarm.status in WORKED or incident_of(alarm) in owned_incidents:
            rank = SEVERITY_RANK[alarm.severity]
            worked[alarm.subject_id] = max(rank, worked.get(alarm.subject_id, 0))
    return worked


def due_escalations(
    alarms: Iterable[Alarm],
    policy: Sequence[EscalationStep],
    now: datetime,
    worked: Mapping[str, int] | None = None,
) -> list[tuple[Alarm, EscalationStep]]:
    """The alarms to escalate at ``now``, each with the highest step due.

    Escalation is for what nobody works: an unacknowledged alarm of a person whose alarm of
    the same or a higher severity somebody is working (``worked``: :func:`worked_people` of
    every open alarm) does not take the steps for unacknowledged alarms; the operator on the
    person sees it beside the one they work. Steps for unresolved alarms still apply, and the
    moment that work ends the steps due apply at once."""
    now = require_aware(now, "now")
    worked = worked or {}
    due = []
    for alarm in alarms:
        covered = worked.get(alarm.subject_id, 0) >= SEVERITY_RANK[alarm.severity]
        steps = [
            s
            for s in policy
            if s.applies_to(alarm, now)
            and not (covered and alarm.status in UNACKNOWLEDGED and s.statuses <= UNACKNOWLEDGED)
        ]
        if steps:
            due.append((alarm, max(steps, key=lambda s: s.level)))
    return due


def next_due(
    alarms: Iterable[Alarm], policy: Sequence[EscalationStep], now: datetime
) -> datetime | None:
    """When the next escalation would fall due if nothing changes (for the timer's sleep)."""
    now = require_aware(now, "now")
    times = [
        alarm.clock_start + step.after
        for alarm in alarms
        for step in policy
        if step.applies_to(alarm, alarm.clock_start + step.after)
        and alarm.clock_start + step.after > now
    ]
    return min(times, default=None)


def parse_policy(steps: Sequence[Mapping[str, Any]]) -> tuple[EscalationStep, ...]:
    """Steps from settings data, e.g. ``{"level": 1, "after_minutes": 5, "route":
    "duty_supervisor", "severities": ["critical"], "statuses": ["raised", "reopened"]}``."""
    parsed = []
    for index, raw in enumerate(steps):
        where = f"escalation step {index + 1}"
        unknown = set(raw) - {"level", "after_minutes", "route", "severities", "statuses"}
        if unknown:
            raise PolicyError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        try:
            level = int(raw["level"])
            minutes = float(raw["after_minutes"])
            route = str(raw["route"])
            severities = frozenset(Severity(s) for s in raw["severities"])
            statuses = frozenset(AlarmStatus(s) for s in raw.get("statuses", UNACKNOWLEDGED))
        except KeyError as exc:
            raise PolicyError(f"{where}: missing {exc.args[0]}") from exc
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"{where}: {exc}") from exc
        if level < 1 or minutes < 0 or not route.strip() or not severities or not statuses:
            raise PolicyError(
                f"{where}: level must be ≥ 1, after_minutes ≥ 0, and route, severities and "
                "statuses must not be empty"
            )
        if AlarmStatus.RESOLVED in statuses:
            raise PolicyError(f"{where}: a resolved alarm never escalates")
        parsed.append(
            EscalationStep(level, timedelta(minutes=minutes), route, severities, statuses)
        )
    return tuple(parsed)
