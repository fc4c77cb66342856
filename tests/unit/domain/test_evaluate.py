"""Zone rules: exclusion zones entered or crossed, inclusion zones left, debounce, late fixes."""

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
ALL_DAY_OUT = Schedule(
    weekly=tuple(
        WeeklyWindow(d, start, end, Purpose.ACTIVITY)
        for d in range(7)
        for start, end in ((time(0), time(12)), (time(12), time(0)))
    )
)


def started(events: Sequence[object]) -> list[BreachStarted]:
    return [e for e in events if isinstance(e, BreachStarted)]


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_entering_an_exclusion_zone_raises_one_breach_with_its_evidence() -> None:
    rules = ruleset(circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200))
    inside = fix(minutes(1), east_m=1000, north_m=50)
    result = evaluate(SubjectState("s-1"), [fix(T0), inside], rules, minutes(2))
    (breach,) = started(result.events)
    assert breach.kind is AlarmKind.EXCLUSION_ZONE_ENTERED
    assert breach.occurred_at == inside.device_time
    assert breach.evidence_seqs == (inside.seq,)
    assert breach.explanation.details["zone_id"] == "victim"
    assert breach.explanation.details["thresholds"]["confidence"] == 0.95
    assert "exclusion zone" in breach.explanation.text_en
    assert "kieltoalueen" in breach.explanation.text_fi
    again = evaluate(result.state, [fix(minutes(3), east_m=1000)], rules, minutes(3))
    assert started(again.events) == []
    left = evaluate(result.state, [fix(minutes(4))], rules, minutes(4))
    assert [type(e) for e in left.events] == [BreachEnded]


def test_leaving_home_needs_three_confident_fixes_when_none_is_conclusive() -> None:
    """Outside with 95 % confidence, but each fix's error circle reaches back inside."""
    rules = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))
    state = evaluate(SubjectState("s-1"), [fix(T0)], rules, T0).state
    for m in (1, 2):  # one or two fixes outside could be a glitch
        glitch = fix(minutes(m), east_m=400 + m, accuracy_m=150)
        assert evaluate(state, [glitch], rules, minutes(m)).events == []
    three = evaluate(state, [fix(minutes(3), east_m=450, accuracy_m=150)], rules, minutes(3))
    (breach,) = started(three.events)
    assert breach.kind is AlarmKind.INCLUSION_ZONE_LEFT
    assert breach.occurred_at == minutes(3)


def test_a_single_outlier_fix_between_good_ones_raises_nothing() -> None:
    """Outside with 95 % confidence, but its 95 % circle reaches back inside: debounced."""
    rules = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))
    track = [
        fix(minutes(0)),
        fix(minutes(1), east_m=600, accuracy_m=350),
        fix(minutes(2)),
        fix(minutes(3), east_m=600, accuracy_m=350),
    ]
    assert evaluate(SubjectState("s-1"), track, rules, minutes(3)).events == []


def test_being_out_during_an_authorised_absence_is_not_a_breach() -> None:
    work = WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY)
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True),
        schedule=Schedule(weekly=(work,)),
    )
    track = [fix(minutes(i), east_m=3000) for i in range(5)]
    assert evaluate(SubjectState("s-1"), track, rules, minutes(5)).events == []


def test_gps_drift_near_the_boundary_raises_nothing() -> None:
    rules = ruleset(circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True))
    drift = [fix(minutes(i), east_m=110, accuracy_m=35) for i in range(30)]
    assert evaluate(SubjectState("s-1"), drift, rules, minutes(30)).events == []


def test_a_late_fix_does_not_move_the_state_backwards() -> None:
    rules = ruleset(circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200))
    state = evaluate(SubjectState("s-1"), [fix(minutes(5))], rules, minutes(5)).state
    late_inside = fix(minutes(1), east_m=1000, received_at=minutes(6))
    result = evaluate(state, [late_inside], rules, minutes(6))
    assert result.events == []
    assert state.last_fix is not None
    assert state.last_fix.time == minutes(5)


def test_a_buffered_upload_is_taken_in_device_time_order() -> None:
    rules = ruleset(
        circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200), schedule=ALL_DAY_OUT
    )
    arrived = minutes(30)  # after a tunnel: three fixes in one upload, listed out of order
    upload = [
        fix(minutes(3), received_at=arrived),
        fix(minutes(1), east_m=1000, received_at=arrived),
        fix(minutes(2), east_m=700, received_at=arrived),
    ]
    result = evaluate(SubjectState("s-1"), upload, rules, arrived)
    assert [type(e) for e in result.events] == [BreachStarted, BreachEnded]
    assert result.events[0].occurred_at == minutes(1)  # the device time, not the upload time


def test_a_straight_path_through_an_exclusion_zone_between_sparse_fixes_is_reported() -> None:
    rules = ruleset(
        circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200), schedule=ALL_DAY_OUT
    )
    west, east = fix(minutes(0), east_m=600), fix(minutes(5), east_m=1400)
    (breach,) = started(evaluate(SubjectState("s-1"), [west, east], rules, minutes(5)).events)
    assert breach.kind is AlarmKind.EXCLUSION_ZONE_CROSSED
    assert breach.explanation.details["inside_m"] > 300
    assert breach.evidence_seqs == (west.seq, east.seq)


def test_walking_around_an_exclusion_zone_is_not_a_crossing() -> None:
    rules = ruleset(
        circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200), schedule=ALL_DAY_OUT
    )
    around = [
        fix(minutes(0), east_m=600),
        fix(minutes(5), east_m=1000, north_m=400),
        fix(minutes(10), east_m=1400),
    ]
    assert evaluate(SubjectState("s-1"), around, rules, minutes(10)).events == []


def test_dense_fixes_are_not_checked_for_crossings() -> None:
    rules = ruleset(
        circle_zone("victim", ZoneKind.EXCLUSION, VICTIM, radius_m=200), schedule=ALL_DAY_OUT
    )
    jump = [fix(minutes(0), east_m=600), fix(minutes(1), east_m=1400)]  # within the sparse gap
    assert evaluate(SubjectState("s-1"), jump, rules, minutes(1)).events == []
