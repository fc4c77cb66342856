"""Flap suppression: a condition that clears itself and recurs within the flap window of the
threshold revision it ran under stays one alarm with a count; with the window at 0 every
recurrence is an alarm of its own; without a window recorded the policy's applies."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.unit.alarm_desk.factories import EXPLAINED, T0, ended, started
from valvo.domain.alarms.intake import flap_window, take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachStarted, Thresholds

POLICY = IntakePolicy()


def under(window_minutes: float, at_minutes: float) -> BreachStarted:
    """A breach whose explanation records a revision with this flap window."""
    thresholds = Thresholds(flap_window=timedelta(minutes=window_minutes)).as_dict()
    explained = replace(EXPLAINED, details={"thresholds": thresholds, "threshold_revision": 4})
    return replace(started(T0 + timedelta(minutes=at_minutes)), explanation=explained)


def flapping(window_minutes: float) -> tuple[int, int]:
    """Out 6 minutes, back 14, four times (each self-clears): (alarms, occurrences)."""
    events: list[object] = []
    for cycle in range(4):
        begin = cycle * 20
        events += [under(window_minutes, begin), ended(T0 + timedelta(minutes=begin + 6))]
    result = take_in(events, [], {}, POLICY, T0 + timedelta(hours=2))
    return len(result.alarms), sum(a.occurrences for a in result.alarms)


def test_a_flapping_condition_is_one_alarm_with_a_count_within_the_window() -> None:
    assert flapping(30) == (1, 4)


def test_with_the_window_at_0_every_recurrence_is_a_new_alarm() -> None:
    assert flapping(0) == (4, 4)


def test_a_recurrence_after_the_window_is_a_new_alarm() -> None:
    assert flapping(10) == (4, 4)  # each recurrence 14 min after the last cleared
    assert flapping(14) == (1, 4)  # at the window's end it is still the same alarm


def test_a_breach_without_a_recorded_window_uses_the_policys() -> None:
    assert flap_window(started(T0), POLICY) == POLICY.regroup_window
    assert flap_window(under(7, 0), POLICY) == timedelta(minutes=7)
