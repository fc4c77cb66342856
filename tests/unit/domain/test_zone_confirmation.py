"""Leaving an inclusion zone is confirmed by whichever comes first: a conclusive fix (its whole
error circle outside), the configured count of confident fixes, or time without a fix back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.factories import circle_zone, fix, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import BreachStarted, Event, SubjectState, evaluate, next_deadline

T0 = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # no plan: presence required at all times
RULES = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def left(events: list[Event]) -> list[datetime]:
    return [
        e.occurred_at
        for e in events
        if isinstance(e, BreachStarted) and e.kind is AlarmKind.INCLUSION_ZONE_LEFT
    ]


def test_one_fix_2_km_out_at_15_m_confirms_at_once() -> None:
    state = evaluate(SubjectState("s-1"), [fix(T0)], RULES, T0).state
    result = evaluate(state, [fix(at(2), east_m=2000, accuracy_m=15)], RULES, at(2))
    assert left(result.events) == [at(2)]
    (breach,) = [e for e in result.events if isinstance(e, BreachStarted)]
    assert "error circle" in breach.explanation.text_en


def test_a_tracker_reporting_every_15_minutes_is_alarmed_when_the_confirmation_time_ends() -> None:
    state = evaluate(SubjectState("s-1"), [fix(T0)], RULES, T0).state
    out = fix(at(15), east_m=400, accuracy_m=150)  # outside with 95 %, circle reaches inside
    assert left(evaluate(state, [out], RULES, at(15)).events) == []
    due = at(15) + RULES.thresholds.inclusion_confirm_after
    assert next_deadline(state, RULES, at(15)) == due
    assert left(evaluate(state, [], RULES, at(29)).events) == [due]


def test_an_uncertain_fix_restarts_the_confirmation_time() -> None:
    state = evaluate(SubjectState("s-1"), [fix(T0)], RULES, T0).state
    evaluate(state, [fix(at(1), east_m=400, accuracy_m=150)], RULES, at(1))
    evaluate(state, [fix(at(2), east_m=150, accuracy_m=150)], RULES, at(2))  # uncertain
    assert left(evaluate(state, [], RULES, at(4.5)).events) == []


def test_a_fix_without_accuracy_is_never_conclusive_on_its_own() -> None:
    state = evaluate(SubjectState("s-1"), [fix(T0)], RULES, T0).state
    far = fix(at(1), east_m=2000, accuracy_m=None)
    assert left(evaluate(state, [far], RULES, at(1)).events) == []
    assert left(evaluate(state, [], RULES, at(10)).events) == [at(4)]
