"""Substance results: positive breath tests, missed tests, identity mismatches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tests.support.factories import observation, ruleset
from valvo.domain.alarms import AlarmKind, Severity
from valvo.domain.alarms.alarm import DEFAULT_SEVERITY
from valvo.domain.rules import (
    BreachStarted,
    DeviceRule,
    Event,
    ScheduledTest,
    SubjectState,
    evaluate,
)
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TESTER = (DeviceRule("bt-1", "alcohol_tester"),)
WINDOW = ScheduledTest("t1", T0, T0 + timedelta(hours=1))


def breath(at: datetime, brac: float, score: float = 0.97) -> Observation:
    attributes = {v.BRAC_MG_L: brac, v.IDENTITY_SCORE: score, v.PHOTO_SHA256: "ab" * 32}
    return observation(ObservationKind.ALCOHOL_TEST, at, "bt-1", attributes=attributes)


def kinds(events: Sequence[Event]) -> list[AlarmKind]:
    return [e.kind for e in events if isinstance(e, BreachStarted)]


def test_a_positive_breath_test_is_a_serious_breach_r63() -> None:
    result = evaluate(SubjectState("s"), [breath(T0, 0.31)], ruleset(devices=TESTER), T0)
    (breach,) = [e for e in result.events if isinstance(e, BreachStarted)]
    assert breach.kind is AlarmKind.ALCOHOL_POSITIVE
    assert DEFAULT_SEVERITY[breach.kind] is Severity.CRITICAL
    assert breach.explanation.details["photo_sha256"] == "ab" * 32
    assert "serious breach" in breach.explanation.text_en
    assert "R63" not in breach.explanation.text_en  # no requirement ids shown to users
    assert result.state.open_conditions == {}  # complete when it happens


def test_a_clean_test_raises_nothing_and_each_positive_is_its_own_breach() -> None:
    rules = ruleset(devices=TESTER)
    assert evaluate(SubjectState("s"), [breath(T0, 0.0)], rules, T0).events == []
    two = [breath(T0, 0.2), breath(T0 + timedelta(hours=3), 0.4)]
    assert kinds(evaluate(SubjectState("s"), two, rules, T0 + timedelta(hours=3)).events) == [
        AlarmKind.ALCOHOL_POSITIVE,
        AlarmKind.ALCOHOL_POSITIVE,
    ]


def test_a_scheduled_test_not_taken_is_missed_at_the_end_of_its_window() -> None:
    rules = ruleset(devices=TESTER, tests=(WINDOW,))
    state = evaluate(SubjectState("s"), [], rules, T0 - timedelta(minutes=1)).state
    assert evaluate(state, [], rules, T0 + timedelta(minutes=59)).events == []
    result = evaluate(state, [], rules, T0 + timedelta(hours=2))
    assert kinds(result.events) == [AlarmKind.MISSED_TEST]
    assert result.events[0].occurred_at == WINDOW.end
    assert evaluate(state, [], rules, T0 + timedelta(hours=3)).events == []  # reported once


def test_a_test_taken_in_its_window_is_not_missed() -> None:
    rules = ruleset(devices=TESTER, tests=(WINDOW,))
    state = evaluate(SubjectState("s"), [], rules, T0 - timedelta(minutes=1)).state
    assert (
        evaluate(
            state, [breath(T0 + timedelta(minutes=20), 0.0)], rules, T0 + timedelta(hours=2)
        ).events
        == []
    )


def test_a_photo_that_does_not_match_is_reported() -> None:
    result = evaluate(SubjectState("s"), [breath(T0, 0.0, score=0.41)], ruleset(devices=TESTER), T0)
    assert kinds(result.events) == [AlarmKind.IDENTITY_MISMATCH]
