"""The pure rule evaluation: zone breaches, required presence, late fixes, time-driven breaches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from tests.support.factories import HOME, circle_zone, fix, offset, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import BreachEnded, BreachStarted, SubjectState, evaluate
from valvo.domain.schedule import Purpose, Schedule, WeeklyWindow

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday 12:00 in Helsinki
VICTIM = offset(HOME, 1000, 0)


def started(events: Sequence[object]) -> list[BreachStarted]:
    return [e for e in events if isinstance(e, BreachStarted)]


def test_entering_an_exclusion_zone_raises_one_breach_with_its_evidence() -> None:
    rules = ruleset(circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200))
    inside = fix(T0 + timedelta(minutes=1), east_m=1000, north_m=50)
    result = evaluate(SubjectState("s-1"), [fix(T0), inside], rules, T0 + timedelta(minutes=2))
    (breach,) = started(result.events)
    assert breach.kind is AlarmKind.EXCLUSION_ZONE_ENTERED
    assert breach.occurred_at == inside.device_time
    assert breach.evidence_seqs == (inside.seq,)
    assert breach.explanation.details["zone_id"] == "victim"
    assert "exclusion zone" in breach.explanation.text_en
    assert "kieltoalueen" in breach.explanation.text_fi
    # Staying inside does not raise it again; leaving ends it.
    again = evaluate(result.state, [fix(T0 + timedelta(minutes=3), east_m=1000)], rules, T0)
    assert started(again.events) == []
    left = evaluate(result.state, [fix(T0 + timedelta(minutes=4))], rules, T0)
    assert [type(e) for e in left.events] == [BreachEnded]


def test_leaving_home_during_required_presence_is_a_breach() -> None:
    rules = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))
    result = evaluate(SubjectState("s-1"), [fix(T0, east_m=400)], rules, T0)
    (breach,) = started(result.events)
    assert breach.kind is AlarmKind.INCLUSION_ZONE_LEFT


def test_being_out_during_an_authorised_absence_is_not_a_breach() -> None:
    work = WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY)
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True),
        schedule=Schedule(weekly=(work,)),
    )
    result = evaluate(SubjectState("s-1"), [fix(T0, east_m=3000)], rules, T0)
    assert result.events == []


def test_gps_drift_near_the_boundary_raises_nothing() -> None:
    rules = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))
    drift = [fix(T0 + timedelta(minutes=i), east_m=110, accuracy_m=35) for i in range(10)]
    assert evaluate(SubjectState("s-1"), drift, rules, T0).events == []


def test_a_late_fix_does_not_move_the_state_backwards() -> None:
    rules = ruleset(circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200))
    state = evaluate(SubjectState("s-1"), [fix(T0 + timedelta(minutes=5))], rules, T0).state
    late_inside = fix(T0 + timedelta(minutes=1), east_m=1000)  # older than the last fix
    result = evaluate(state, [late_inside], rules, T0 + timedelta(minutes=6))
    assert result.events == []
    assert state.last_fix is not None
    assert state.last_fix.time == T0 + timedelta(minutes=5)


def test_out_of_order_fixes_in_one_batch_are_taken_in_device_time_order() -> None:
    rules = ruleset(circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200))
    entered = fix(T0 + timedelta(minutes=1), east_m=1000)
    left = fix(T0 + timedelta(minutes=2))
    result = evaluate(SubjectState("s-1"), [left, entered], rules, T0 + timedelta(minutes=3))
    assert [type(e) for e in result.events] == [BreachStarted, BreachEnded]


def test_curfew_start_with_the_person_away_raises_a_breach_with_no_new_message() -> None:
    # Out until 16:00 local (14:00 UTC); the last fix, at 13:50 UTC, is far from home.
    work = WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY)
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True),
        schedule=Schedule(weekly=(work,)),
    )
    at_work = datetime(2026, 11, 23, 13, 50, tzinfo=UTC)
    state = evaluate(SubjectState("s-1"), [fix(at_work, east_m=3000)], rules, at_work).state
    curfew = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    assert evaluate(state, [], rules, curfew - timedelta(seconds=1)).events == []
    (breach,) = started(evaluate(state, [], rules, curfew).events)
    assert breach.occurred_at == curfew
    assert breach.explanation.rule == "zone.inclusion.presence_start"
    assert "Required presence began" in breach.explanation.text_en


def test_an_authorised_absence_starting_ends_an_open_presence_breach() -> None:
    work = WeeklyWindow(0, time(14), time(18), Purpose.ACTIVITY)  # 12:00–16:00 UTC
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True),
        schedule=Schedule(weekly=(work,)),
    )
    state = evaluate(SubjectState("s-1"), [fix(T0, east_m=500)], rules, T0).state
    assert "inclusion:home" in state.open_conditions
    result = evaluate(state, [], rules, datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert [type(e) for e in result.events] == [BreachEnded]
