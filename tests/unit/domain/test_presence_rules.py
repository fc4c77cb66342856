"""The abode obligation over time: RF presence with grace, GPS presence without a home unit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from tests.support.factories import circle_zone, fix, observation, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import (
    BreachEnded,
    BreachStarted,
    DeviceRule,
    Event,
    RuleSet,
    SubjectState,
    evaluate,
    next_deadline,
)
from valvo.domain.schedule import Purpose, Schedule, WeeklyWindow
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 02:00 Helsinki
WORK = Schedule(weekly=(WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY),))  # 06–14 UTC
HOME_UNIT = (DeviceRule("unit-1", "rf_home_unit"),)
GRACE = timedelta(minutes=5)


def utc(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return MONDAY.replace(hour=hour, minute=minute, second=second)


def rf(at: datetime, in_range: bool) -> Observation:
    return observation(
        ObservationKind.PRESENCE, at, "unit-1", attributes={v.IN_RANGE: in_range}, rssi=-60
    )


def rf_rules() -> RuleSet:
    return ruleset(schedule=WORK, devices=HOME_UNIT)


def presence(events: Sequence[Event]) -> list[Event]:
    """The presence events only: these tests send RF reports hours apart, so the home unit's
    silence is reported too (tested in test_health_rules); it is left out here."""
    return [e for e in events if not e.condition_key.startswith("device:")]


def kinds(events: Sequence[Event]) -> list[AlarmKind]:
    return [e.kind for e in presence(events) if isinstance(e, BreachStarted)]


def test_leaving_during_required_presence_fires_when_the_grace_ends() -> None:
    rules = rf_rules()
    state = evaluate(
        SubjectState("s"), [rf(utc(20), True), rf(utc(21), False)], rules, utc(21)
    ).state
    assert next_deadline(state, rules, utc(21)) == utc(21) + GRACE
    assert presence(evaluate(state, [], rules, utc(21, 4, 59)).events) == []
    result = evaluate(state, [], rules, utc(21, 10))
    (breach,) = [e for e in presence(result.events) if isinstance(e, BreachStarted)]
    assert breach.kind is AlarmKind.LEFT_DURING_PRESENCE
    assert breach.occurred_at == utc(21) + GRACE  # the deadline, not when the engine looked
    assert "out of the home unit's range" in breach.explanation.text_en
    back = evaluate(state, [rf(utc(21, 30), True)], rules, utc(21, 30))
    assert [type(e) for e in presence(back.events)] == [BreachEnded]


def test_rf_flicker_shorter_than_the_grace_raises_nothing() -> None:
    rules = rf_rules()
    flicker = []
    for i in range(20):
        flicker += [rf(utc(20, i * 3), False), rf(utc(20, i * 3 + 1), True)]
    assert (
        presence(evaluate(SubjectState("s"), [rf(utc(19), True), *flicker], rules, utc(22)).events)
        == []
    )


def test_not_back_when_the_authorised_absence_ends() -> None:
    rules = rf_rules()
    state = evaluate(
        SubjectState("s"), [rf(utc(5), True), rf(utc(6, 30), False)], rules, utc(7)
    ).state
    assert presence(evaluate(state, [], rules, utc(13, 59)).events) == []  # at work: authorised
    result = evaluate(state, [], rules, utc(14, 10))
    assert kinds(result.events) == [AlarmKind.NOT_BACK_AFTER_ABSENCE]
    assert presence(result.events)[0].occurred_at == utc(14) + GRACE


def test_back_within_the_grace_after_the_absence_raises_nothing() -> None:
    rules = rf_rules()
    track = [rf(utc(5), True), rf(utc(6, 30), False), rf(utc(14, 3), True)]
    assert presence(evaluate(SubjectState("s"), track, rules, utc(15)).events) == []


def test_late_arrival_for_a_travel_ban_locality_window() -> None:
    # Locality 22:00–06:00 local: free (an "absence") 06:00–22:00 every day.
    free = Schedule(
        weekly=tuple(WeeklyWindow(d, time(6), time(22), Purpose.PERSONAL) for d in range(7))
    )
    rules = ruleset(schedule=free, devices=HOME_UNIT, order_type="travel_ban")
    state = evaluate(SubjectState("s"), [rf(utc(12), False)], rules, utc(12)).state
    result = evaluate(state, [], rules, utc(20, 30))  # 22:30 local
    assert kinds(result.events) == [AlarmKind.LATE_ARRIVAL]


def test_an_absence_beginning_ends_a_presence_breach() -> None:
    rules = rf_rules()
    state = evaluate(
        SubjectState("s"), [rf(utc(5), True), rf(utc(5, 10), False)], rules, utc(5, 30)
    ).state
    assert "presence:rf" in state.open_conditions
    result = evaluate(state, [], rules, utc(6, 1))
    assert [type(e) for e in presence(result.events)] == [BreachEnded]


def test_indoor_gps_loss_at_home_while_rf_says_present_raises_nothing() -> None:
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True), devices=HOME_UNIT
    )
    indoor = [rf(utc(20, i), True) for i in range(0, 60, 10)] + [
        fix(utc(20, i), east_m=180, accuracy_m=60, device="tracker-1") for i in range(1, 30)
    ]
    assert evaluate(SubjectState("s"), indoor, rules, utc(21)).events == []


def test_gps_only_person_away_when_presence_begins() -> None:
    rules = ruleset(
        circle_zone("home", ZoneKind.INCLUSION, radius_m=100, presence_only=True), schedule=WORK
    )
    state = evaluate(
        SubjectState("s"), [fix(utc(13, 50), east_m=3000, device="tracker-1")], rules, utc(13, 50)
    ).state
    assert evaluate(state, [], rules, utc(14, 4)).events == []
    result = evaluate(state, [], rules, utc(14, 6))
    assert kinds(result.events) == [AlarmKind.NOT_BACK_AFTER_ABSENCE]
    first = result.events[0]
    assert isinstance(first, BreachStarted)
    assert first.explanation.rule == "presence.gps"
