"""The Alarm aggregate's status machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.alarms import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    AlarmTransitionError,
    Explanation,
    Severity,
)

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def alarm() -> Alarm:
    return Alarm(
        id="a-1",
        subject_id="s-1",
        kind=AlarmKind.EXCLUSION_ZONE_ENTERED,
        severity=Severity.CRITICAL,
        condition_key="exclusion:z",
        occurred_at=T0,
        raised_at=T0,
        explanation=Explanation("en", "fi", "zone.exclusion", 1),
    )


def test_raised_then_acknowledged_then_resolved_records_who_and_when() -> None:
    a = alarm()
    a.acknowledge("op1", T0 + timedelta(minutes=1))
    assert a.status is AlarmStatus.ACKNOWLEDGED
    assert (a.acknowledged_by, a.acknowledged_at) == ("op1", T0 + timedelta(minutes=1))
    a.resolve("op2", T0 + timedelta(minutes=5), "genuine_breach", "called the police")
    assert a.status.value == "resolved"
    assert (a.resolved_by, a.cause, a.note) == ("op2", "genuine_breach", "called the police")


def test_resolved_alarm_cannot_move_again() -> None:
    a = alarm()
    a.resolve("op", T0, "duplicate")
    with pytest.raises(AlarmTransitionError, match="resolved"):
        a.acknowledge("op", T0)
    with pytest.raises(AlarmTransitionError):
        a.resolve("op", T0, "duplicate")


def test_acknowledging_twice_is_refused() -> None:
    a = alarm()
    a.acknowledge("op", T0)
    with pytest.raises(AlarmTransitionError, match="acknowledged"):
        a.acknowledge("op", T0)


def test_resolving_needs_a_cause() -> None:
    with pytest.raises(AlarmTransitionError, match="cause"):
        alarm().resolve("op", T0, "  ")


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        alarm().acknowledge("op", datetime(2026, 1, 1))  # noqa: DTZ001
