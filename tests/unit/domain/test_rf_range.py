"""R34: an RF home unit's configured range where it matters. The unit hearing the tag while
the tracker places the person beyond that range from home is a breach: tag and person apart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tests.support.factories import circle_zone, fix, observation, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import BreachEnded, BreachStarted, DeviceRule, Event, SubjectState, evaluate
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

T0 = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
HOME = circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True)
TRACKER = DeviceRule("dev-1", "gps_tracker")


def rules(rf_range_m: float | None) -> RuleSet:
    unit = DeviceRule("unit-1", "rf_home_unit", rf_range_m)
    return ruleset(HOME, devices=(unit, TRACKER))


def heard(minutes: float, in_range: bool = True) -> Observation:
    return observation(
        ObservationKind.PRESENCE,
        T0 + timedelta(minutes=minutes),
        "unit-1",
        attributes={v.IN_RANGE: in_range},
    )


def started(events: Sequence[Event]) -> list[AlarmKind]:
    return [e.kind for e in events if isinstance(e, BreachStarted)]


def test_r34_the_tag_heard_at_home_while_the_tracker_is_beyond_range_is_a_breach() -> None:
    at = T0 + timedelta(minutes=2)
    track = [heard(0), fix(at, east_m=100 + 150 + 400, accuracy_m=10)]
    result = evaluate(SubjectState("s-1"), track, rules(150), at)
    assert AlarmKind.RF_RANGE_CONFLICT in started(result.events)
    (breach,) = [e for e in result.events if isinstance(e, BreachStarted)
                 and e.kind is AlarmKind.RF_RANGE_CONFLICT]  # fmt: skip
    assert breach.explanation.details["rf_range_m"] == 150
    assert "configured range of 150 m" in breach.explanation.text_en
    back = evaluate(result.state, [fix(at + timedelta(minutes=1), east_m=50)], rules(150), at)
    assert [e.condition_key for e in back.events if isinstance(e, BreachEnded)] == [
        "rf-range:conflict"
    ]


def test_r34_within_range_or_an_imprecise_fix_near_it_raises_nothing() -> None:
    at = T0 + timedelta(minutes=2)
    inside = [heard(0), fix(at, east_m=100 + 120, accuracy_m=5)]
    assert AlarmKind.RF_RANGE_CONFLICT not in started(
        evaluate(SubjectState("s-1"), inside, rules(150), at).events
    )
    vague = [heard(0), fix(at, east_m=100 + 200, accuracy_m=150)]
    assert AlarmKind.RF_RANGE_CONFLICT not in started(
        evaluate(SubjectState("s-1"), vague, rules(150), at).events
    )


def test_r34_no_range_configured_or_the_tag_not_heard_raises_nothing() -> None:
    at = T0 + timedelta(minutes=2)
    far = fix(at, east_m=2000, accuracy_m=5)
    assert AlarmKind.RF_RANGE_CONFLICT not in started(
        evaluate(SubjectState("s-1"), [heard(0), far], rules(None), at).events
    )
    assert AlarmKind.RF_RANGE_CONFLICT not in started(
        evaluate(SubjectState("s-1"), [heard(0, in_range=False), far], rules(150), at).events
    )
