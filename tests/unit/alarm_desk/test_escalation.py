"""Escalation timers: the policy as data, asked at ``now``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.alarm_desk.factories import T0, alarm
from valvo.domain.alarms import Handling, Severity
from valvo.domain.alarms.escalation import (
    DEFAULT_POLICY,
    PolicyError,
    due_escalations,
    next_due,
    parse_policy,
)


def due(a: object, minutes: float) -> list[tuple[int, str]]:
    found = due_escalations([a], DEFAULT_POLICY, T0 + timedelta(minutes=minutes))  # type: ignore[list-item]
    return [(step.level, step.route) for _, step in found]


def test_unacknowledged_critical_goes_to_the_duty_supervisor_after_five_minutes() -> None:
    a = alarm()
    assert due(a, 4.99) == []
    assert due(a, 5) == [(1, "duty_supervisor")]
    a.escalate(1, "duty_supervisor", T0 + timedelta(minutes=5))
    assert due(a, 14.9) == []
    assert due(a, 15) == [(2, "regional_manager")]


def test_the_highest_step_due_wins_when_the_timer_was_late() -> None:
    assert due(alarm(), 20) == [(2, "regional_manager")]


def test_acknowledging_stops_the_unacknowledged_steps() -> None:
    a = alarm()
    a.acknowledge("op", T0 + timedelta(minutes=2))
    assert due(a, 120) == []


def test_high_alarms_escalate_later_and_unresolved_ones_still_do() -> None:
    a = alarm(severity=Severity.HIGH)
    assert due(a, 14) == []
    assert due(a, 15) == [(1, "duty_supervisor")]
    a.acknowledge("op", T0 + timedelta(minutes=1))
    assert due(a, 59) == []
    assert due(a, 60) == [(2, "regional_manager")]  # acknowledged but unresolved for an hour


def test_review_handling_and_resolved_alarms_never_escalate() -> None:
    assert due(alarm(handling=Handling.REVIEW), 600) == []
    done = alarm()
    done.resolve("op", T0, "duplicate")
    assert due(done, 600) == []


def test_a_reopened_alarm_counts_from_the_reopening() -> None:
    a = alarm()
    a.resolve("op", T0 + timedelta(minutes=1), "technical_fault")
    a.reopen("sup", T0 + timedelta(minutes=30), "look again")
    assert due(a, 34) == []
    assert due(a, 35) == [(1, "duty_supervisor")]


def test_next_due_is_the_timer_sleep() -> None:
    a, b = alarm(), alarm(severity=Severity.HIGH)
    assert next_due([a, b], DEFAULT_POLICY, T0) == T0 + timedelta(minutes=5)
    assert next_due([a, b], DEFAULT_POLICY, T0 + timedelta(minutes=5)) == T0 + timedelta(minutes=15)
    assert next_due([], DEFAULT_POLICY, T0) is None


def test_a_policy_from_settings_data() -> None:
    (step,) = parse_policy(
        [{"level": 1, "after_minutes": 2, "route": "desk_lead", "severities": ["medium"]}]
    )
    assert (step.level, step.after, step.route) == (1, timedelta(minutes=2), "desk_lead")
    assert due_escalations([alarm(severity=Severity.MEDIUM)], (step,), T0 + step.after)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"level": 1, "route": "x", "severities": ["high"]}, "missing after_minutes"),
        ({"level": 1, "after_minutes": 1, "route": "x", "severities": ["urgent"]}, "urgent"),
        ({"level": 0, "after_minutes": 1, "route": "x", "severities": ["high"]}, "level"),
        (
            {
                "level": 1,
                "after_minutes": 1,
                "route": "x",
                "severities": ["high"],
                "statuses": ["resolved"],
            },
            "never escalates",
        ),
        ({"level": 1, "after_minutes": 1, "route": "x", "severities": [], "when": 1}, "when"),
    ],
)
def test_a_malformed_policy_is_refused_with_its_reason(
    raw: dict[str, object], message: str
) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy([raw])
