"""From breaches to alarms: a new alarm, one more occurrence of an open one, or an alarm that
closes itself because its condition ended within grace.

Pure: the engine's store hands in the batch's events, the alarms already open (or recently
self-cleared) for the same conditions, and each person's order types; it gets back every alarm
touched, each carrying its trail entries and notices. Applying the events in order makes a
flapping condition (out, back, out, back) one alarm with occurrences, not a flood.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.policy import IntakePolicy, severity_for
from valvo.domain.clock import require_aware
from valvo.domain.rules.events import BreachEnded, BreachStarted

ALARM_NAMESPACE = uuid.UUID("6f0b5d0e-8d2c-4d0a-9a4f-1c3e5f7a9b11")


def alarm_id(subject_id: str, condition_key: str, occurred_at: datetime) -> str:
    """Deterministic, so a replayed or redelivered batch produces the same alarm, not a twin."""
    return str(uuid.uuid5(ALARM_NAMESPACE, f"{subject_id}|{condition_key}|{occurred_at}"))


@dataclass(slots=True)
class Intake:
    touched: dict[str, Alarm] = field(default_factory=dict)  # by id, in first-touch order
    new_ids: set[str] = field(default_factory=set)

    @property
    def alarms(self) -> list[Alarm]:
        return list(self.touched.values())


def relevant(events: Iterable[object]) -> list[BreachStarted | BreachEnded]:
    return [e for e in events if isinstance(e, BreachStarted | BreachEnded)]


def take_in(
    events: Sequence[object],
    known: Iterable[Alarm],
    order_types: Mapping[str, Sequence[str]],
    policy: IntakePolicy,
    now: datetime,
) -> Intake:
    """Apply ``events`` in order to the ``known`` alarms (open, or self-cleared recently)."""
    now = require_aware(now, "now")
    latest: dict[tuple[str, str], Alarm] = {}
    for alarm in sorted(known, key=lambda a: a.raised_at):
        latest[(alarm.subject_id, alarm.condition_key)] = alarm
    result = Intake()
    for event in relevant(events):
        key = (event.subject_id, event.condition_key)
        current = latest.get(key)
        if isinstance(event, BreachEnded):
            if current is not None and current.is_open:
                current.condition_ended(event.occurred_at, now, policy.grace_for(current.kind))
                result.touched[current.id] = current
            continue
        if current is not None and _regroups(current, event, policy):
            current.record_occurrence(
                event.occurred_at, now, event.explanation, event.evidence_seqs
            )
            result.touched[current.id] = current
            continue
        alarm = _new(event, order_types.get(event.subject_id, ()), policy, now)
        latest[key] = alarm
        result.touched[alarm.id] = alarm
        result.new_ids.add(alarm.id)
    return result


def flap_window(event: BreachStarted | BreachEnded, policy: IntakePolicy) -> timedelta:
    """How soon after clearing itself a recurrence stays the same alarm: the flap window of
    the threshold revision the breach ran under (``Thresholds.flap_window``), else the
    policy's."""
    if isinstance(event, BreachStarted):
        thresholds = event.explanation.details.get("thresholds")
        seconds = thresholds.get("flap_window") if isinstance(thresholds, Mapping) else None
        if isinstance(seconds, int | float):
            return timedelta(seconds=seconds)
    return policy.regroup_window


def _regroups(current: Alarm, event: BreachStarted, policy: IntakePolicy) -> bool:
    if current.is_open:
        return True
    ended, window = current.condition_ended_at, flap_window(event, policy)
    return (
        current.self_cleared
        and ended is not None
        and window > timedelta(0)  # 0: flap suppression off
        and event.occurred_at - ended <= window
    )


def _new(
    event: BreachStarted, order_types: Sequence[str], policy: IntakePolicy, now: datetime
) -> Alarm:
    severity, order_type = severity_for(event.kind, order_types)
    return Alarm.raise_new(
        id=alarm_id(event.subject_id, event.condition_key, event.occurred_at),
        subject_id=event.subject_id,
        kind=event.kind,
        severity=severity,
        condition_key=event.condition_key,
        occurred_at=event.occurred_at,
        now=now,
        explanation=event.explanation,
        evidence_seqs=event.evidence_seqs,
        handling=policy.handling_for(order_types),
        order_type=order_type,
    )
