"""Device health: silence, battery, tamper, clock drift, jamming, power, no location."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tests.support.factories import fix, observation, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.rules import BreachEnded, BreachStarted, DeviceRule, Event, SubjectState, evaluate
from valvo.domain.schedule import Schedule
from valvo.domain.telemetry import Observation, ObservationKind

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TRACKER = DeviceRule("tracker-1", "gps_tracker")
UNIT = DeviceRule("unit-1", "rf_home_unit")


def kinds(events: Sequence[Event]) -> list[AlarmKind]:
    return [e.kind for e in events if isinstance(e, BreachStarted)]


def beat(at: datetime, received_at: datetime | None = None) -> Observation:
    return observation(ObservationKind.HEARTBEAT, at, "tracker-1", received_at=received_at)


def test_a_device_that_goes_silent_is_reported_when_it_is_due() -> None:
    rules = ruleset(devices=(TRACKER,))
    state = evaluate(SubjectState("s"), [beat(T0)], rules, T0).state
    assert evaluate(state, [], rules, T0 + timedelta(minutes=9)).events == []
    result = evaluate(state, [], rules, T0 + timedelta(hours=1))
    assert kinds(result.events) == [AlarmKind.DEVICE_SILENT]
    assert result.events[0].occurred_at == T0 + TRACKER.silence_after
    again = evaluate(
        state, [beat(T0 + timedelta(hours=1, minutes=1))], rules, T0 + timedelta(hours=1, minutes=1)
    )
    assert [type(e) for e in again.events] == [BreachEnded]


def test_strap_and_case_events_from_a_home_unit() -> None:
    rules = ruleset(devices=(UNIT,))
    opened = observation(ObservationKind.DEVICE_EVENT, T0, "unit-1", event="strap_opened")
    case = observation(ObservationKind.DEVICE_EVENT, T0, "unit-1", event="case_opened")
    result = evaluate(SubjectState("s"), [opened, case], rules, T0)
    assert kinds(result.events) == [AlarmKind.STRAP_TAMPER, AlarmKind.CASE_TAMPER]
    first = result.events[0]
    assert isinstance(first, BreachStarted)
    assert first.explanation.details["device"] == "unit-1"
    closed = observation(
        ObservationKind.DEVICE_EVENT, T0 + timedelta(minutes=1), "unit-1", event="strap_closed"
    )
    assert [type(e) for e in evaluate(result.state, [closed], rules, T0).events] == [BreachEnded]


def test_strap_cut_reported_by_a_tracker_is_raised_once() -> None:
    rules = ruleset(devices=(TRACKER,))
    flagged = [
        Observation(
            "tracker-1",
            ObservationKind.ALARM,
            T0 + timedelta(seconds=i),
            T0 + timedelta(seconds=i),
            alarms=("removing",),
            seq=100 + i,
        )
        for i in range(5)
    ]
    assert kinds(evaluate(SubjectState("s"), flagged, rules, T0 + timedelta(minutes=1)).events) == [
        AlarmKind.STRAP_TAMPER
    ]


def test_mains_power_loss_is_not_an_absence() -> None:
    rules = ruleset(devices=(UNIT,), schedule=Schedule())
    lost = observation(ObservationKind.DEVICE_EVENT, T0, "unit-1", event="mains_lost")
    assert kinds(evaluate(SubjectState("s"), [lost], rules, T0).events) == [
        AlarmKind.HOME_UNIT_POWER_LOST
    ]


def test_low_battery_with_hysteresis() -> None:
    rules = ruleset(devices=(TRACKER,))
    low = Observation("tracker-1", ObservationKind.HEARTBEAT, T0, T0, battery_pct=9, seq=1)
    state = evaluate(SubjectState("s"), [low], rules, T0).state
    assert "device:tracker-1:battery" in state.open_conditions
    still = Observation("tracker-1", ObservationKind.HEARTBEAT, T0, T0, battery_pct=20, seq=2)
    assert evaluate(state, [still], rules, T0).events == []
    charged = Observation("tracker-1", ObservationKind.HEARTBEAT, T0, T0, battery_pct=80, seq=3)
    assert [type(e) for e in evaluate(state, [charged], rules, T0).events] == [BreachEnded]


def test_a_clock_running_ahead_is_reported_but_a_buffered_upload_is_not() -> None:
    rules = ruleset(devices=(TRACKER,))
    ahead = beat(T0 + timedelta(minutes=30), received_at=T0)
    assert kinds(evaluate(SubjectState("s"), [ahead], rules, T0).events) == [AlarmKind.CLOCK_DRIFT]
    behind = beat(T0 - timedelta(hours=2), received_at=T0)
    assert evaluate(SubjectState("s"), [behind], rules, T0).events == []


def test_a_moving_tracker_that_stops_giving_fixes_may_be_shielded() -> None:
    rules = ruleset(devices=(TRACKER,))
    moving = [
        fix(T0, device="tracker-1"),
        fix(T0 + timedelta(minutes=1), east_m=400, device="tracker-1"),
    ]
    state = evaluate(SubjectState("s"), moving, rules, T0 + timedelta(minutes=1)).state
    assert state.moving
    early = beat(T0 + timedelta(minutes=5))
    assert evaluate(state, [early], rules, T0 + timedelta(minutes=5)).events == []
    late = beat(T0 + timedelta(minutes=12))
    result = evaluate(state, [late], rules, T0 + timedelta(minutes=12))
    assert kinds(result.events) == [AlarmKind.NO_LOCATION]
    recovered = evaluate(
        state,
        [fix(T0 + timedelta(minutes=13), device="tracker-1")],
        rules,
        T0 + timedelta(minutes=13),
    )
    assert [type(e) for e in recovered.events] == [BreachEnded]


def test_jamming_flag_is_raised_and_cleared() -> None:
    rules = ruleset(devices=(TRACKER,))
    jam = Observation(
        "tracker-1",
        ObservationKind.POSITION,
        T0,
        T0,
        lat=60.17,
        lon=24.94,
        valid=True,
        alarms=("jamming",),
        seq=1,
    )
    state = evaluate(SubjectState("s"), [jam], rules, T0).state
    assert "gps:jamming" in state.open_conditions
    clean = Observation(
        "tracker-1",
        ObservationKind.POSITION,
        T0 + timedelta(minutes=1),
        T0 + timedelta(minutes=1),
        lat=60.17,
        lon=24.94,
        valid=True,
        seq=2,
    )
    assert [type(e) for e in evaluate(state, [clean], rules, T0 + timedelta(minutes=1)).events] == [
        BreachEnded
    ]


def test_an_sos_from_a_tracker_is_raised_at_each_press_and_never_left_open() -> None:
    rules = ruleset(devices=(TRACKER,))
    presses = [
        Observation(
            "tracker-1",
            ObservationKind.ALARM,
            T0 + timedelta(minutes=i),
            T0 + timedelta(minutes=i),
            alarms=("sos",),
            seq=200 + i,
        )
        for i in (0, 5)
    ]
    result = evaluate(SubjectState("s"), presses, rules, T0 + timedelta(minutes=6))
    sos = [e for e in result.events if isinstance(e, BreachStarted)]
    assert [e.kind for e in sos] == [AlarmKind.SOS_PRESSED, AlarmKind.SOS_PRESSED]
    assert [e.occurred_at for e in sos] == [T0, T0 + timedelta(minutes=5)]
    assert sos[0].explanation.text_en.endswith("reported that its SOS button was pressed.")
    assert sos[0].evidence_seqs == (200,)
    assert not any("sos" in key for key in result.state.open_conditions)
