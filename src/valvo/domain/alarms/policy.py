"""The alarm desk's policy as data: priority per kind and order type, real-time handling or
periodic review (R43), which conditions may close themselves and within what grace.

The most demanding order wins: a person under two orders gets the higher severity and real-time
handling if either order asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from valvo.domain.alarms.alarm import DEFAULT_SEVERITY, AlarmKind, Severity
from valvo.domain.choices import Choice


class Handling(StrEnum):
    REALTIME = "realtime"  # notify and escalate at once
    REVIEW = "review"  # collected continuously, reviewed every few hours


HANDLING_CHOICES: Mapping[Handling, Choice] = {
    Handling.REALTIME: Choice("realtime", "Real-time handling", "Reaaliaikainen käsittely"),
    Handling.REVIEW: Choice("review", "Periodic review", "Jaksottainen tarkastus", "#2563eb"),
}

SEVERITY_RANK: Mapping[Severity, int] = {
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}

# Where an order type makes a kind more (or less) urgent than its default.
SEVERITY_BY_ORDER_TYPE: Mapping[tuple[AlarmKind, str], Severity] = {
    # Leaving the permitted area under a travel ban is a flight risk.
    (AlarmKind.INCLUSION_ZONE_LEFT, "travel_ban"): Severity.CRITICAL,
    # Pre-trial monitoring of a suspect: leaving the area matters as much as under a sentence.
    (AlarmKind.INCLUSION_ZONE_LEFT, "pretrial_monitoring"): Severity.HIGH,
}

# Conditions that may end by themselves (back home, device heard again, power back within
# grace) and close automatically. Exclusion zones, tampering and positive tests never do: those
# always need a person's decision.
DEFAULT_SELF_CLEAR_GRACE: Mapping[AlarmKind, timedelta] = {
    kind: timedelta(minutes=10)
    for kind in (
        AlarmKind.INCLUSION_ZONE_LEFT,
        AlarmKind.LEFT_DURING_PRESENCE,
        AlarmKind.DEVICE_SILENT,
        AlarmKind.NO_LOCATION,
        AlarmKind.HOME_UNIT_POWER_LOST,
    )
}


def severity_for(kind: AlarmKind, order_types: Iterable[str]) -> tuple[Severity, str | None]:
    """The severity of ``kind`` for a person under ``order_types``, and the deciding type."""
    best: tuple[Severity, str | None] = (DEFAULT_SEVERITY.get(kind, Severity.HIGH), None)
    for order_type in sorted(order_types):
        found = SEVERITY_BY_ORDER_TYPE.get((kind, order_type))
        if found is not None and SEVERITY_RANK[found] > SEVERITY_RANK[best[0]]:
            best = (found, order_type)
        elif best[1] is None:
            best = (best[0], order_type)
    return best


@dataclass(frozen=True, slots=True)
class IntakePolicy:
    """How the engine turns breaches into alarms."""

    default_handling: Handling = Handling.REALTIME
    handling_by_order_type: Mapping[str, Handling] = field(default_factory=dict)
    self_clear_grace: Mapping[AlarmKind, timedelta] = field(
        default_factory=lambda: dict(DEFAULT_SELF_CLEAR_GRACE)
    )
    # A condition that recurs this soon after clearing itself reopens the same alarm.
    regroup_window: timedelta = timedelta(minutes=30)

    def handling_for(self, order_types: Iterable[str]) -> Handling:
        modes = [self.handling_by_order_type.get(t, self.default_handling) for t in order_types]
        if not modes:
            return self.default_handling
        return Handling.REALTIME if Handling.REALTIME in modes else Handling.REVIEW

    def grace_for(self, kind: AlarmKind) -> timedelta | None:
        return self.self_clear_grace.get(kind)
