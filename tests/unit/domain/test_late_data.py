"""Late data: a buffered upload is judged by the device time of what it reports, so a breach
hidden in it is raised at the instant it happened, whatever the delay and however the engine
batches the uploads (property-based)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.factories import observation, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.rules import BreachStarted, DeviceRule, Event, RuleSet, SubjectState, evaluate
from valvo.domain.schedule import Purpose, Schedule, WeeklyWindow
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

T0 = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 05:00 in Helsinki
GRACE = timedelta(minutes=5)
# Presence required except 08:00-12:00 Helsinki (06:00-10:00 UTC) on Mondays.
RULES: RuleSet = ruleset(
    schedule=Schedule(weekly=(WeeklyWindow(0, time(8), time(12), Purpose.ACTIVITY),)),
    devices=(DeviceRule("u", "rf_home_unit"),),
)


def report(device_time: datetime, in_range: bool, received_at: datetime) -> Observation:
    return observation(
        ObservationKind.PRESENCE,
        device_time,
        "u",
        attributes={v.IN_RANGE: in_range},
        received_at=received_at,
    )


def breaches(events: list[Event]) -> list[tuple[AlarmKind, str, datetime]]:
    """What must not depend on arrival: kind, person and first occurrence. A device's silence
    is about arrival by definition and is left out."""
    return sorted(
        (e.kind, e.subject_id, e.occurred_at)
        for e in events
        if isinstance(e, BreachStarted) and e.kind is not AlarmKind.DEVICE_SILENT
    )


def test_a_buffered_upload_raises_the_absence_it_holds_at_the_device_time() -> None:
    now = T0 + timedelta(minutes=30)
    state = SubjectState("s-1")
    upload = [
        report(now - timedelta(minutes=20), True, now),
        report(now - timedelta(minutes=10), False, now),
    ]
    events = evaluate(state, upload, RULES, now + timedelta(seconds=5)).events
    assert breaches(events) == [
        (AlarmKind.LEFT_DURING_PRESENCE, "s-1", now - timedelta(minutes=10) + GRACE)
    ]
    later = report(now + timedelta(minutes=1), False, now + timedelta(minutes=1))
    assert breaches(evaluate(state, [later], RULES, now + timedelta(minutes=2)).events) == []


def test_a_late_upload_after_the_engine_looked_still_raises_the_absence() -> None:
    state = SubjectState("s-1")
    evaluate(state, [report(T0, True, T0)], RULES, T0)
    evaluate(state, [], RULES, T0 + timedelta(minutes=40))  # the deadline queue looked
    arrived = T0 + timedelta(minutes=41)
    upload = [report(T0 + timedelta(minutes=10), False, arrived)]
    events = evaluate(state, upload, RULES, arrived).events
    assert breaches(events) == [
        (AlarmKind.LEFT_DURING_PRESENCE, "s-1", T0 + timedelta(minutes=10) + GRACE)
    ]


def test_a_late_return_inside_the_same_upload_prevents_the_absence() -> None:
    state = SubjectState("s-1")
    evaluate(state, [report(T0, True, T0)], RULES, T0)
    evaluate(state, [], RULES, T0 + timedelta(minutes=40))
    arrived = T0 + timedelta(minutes=41)
    upload = [
        report(T0 + timedelta(minutes=10), False, arrived),
        report(T0 + timedelta(minutes=12), True, arrived),
    ]
    assert breaches(evaluate(state, upload, RULES, arrived).events) == []


def live(steps: list[tuple[int, bool]]) -> list[tuple[datetime, bool]]:
    at, out = T0, []
    for gap, in_range in steps:
        at += timedelta(minutes=gap)
        out.append((at, in_range))
    return out


def uploads(reports: list[tuple[datetime, bool]], delays: list[int]) -> list[list[Observation]]:
    """The unit goes offline after a report for that report's delay (minutes) and then uploads
    everything it buffered, oldest first, in one frame."""
    frames: list[list[Observation]] = []
    index = 0
    while index < len(reports):
        sent = reports[index][0] + timedelta(minutes=delays[index % len(delays)])
        frame = []
        while index < len(reports) and reports[index][0] <= sent:
            frame.append(report(reports[index][0], reports[index][1], sent))
            index += 1
        frames.append(frame)
    return frames


def run(frames: list[list[Observation]], cuts: list[int], end: datetime) -> list[Event]:
    """The engine reads whole frames, a few at a time, and looks when a batch arrives."""
    state, events = SubjectState("s-1"), []
    bounds = [0, *sorted({c % (len(frames) + 1) for c in cuts}), len(frames)]
    for lo, hi in itertools.pairwise(bounds):
        batch = [o for frame in frames[lo:hi] for o in frame]
        if batch:
            looked = batch[-1].received_at + timedelta(seconds=7)
            events += evaluate(state, batch, RULES, looked).events
    events += evaluate(state, [], RULES, end).events
    return events


@settings(max_examples=80, deadline=None)
@given(
    steps=st.lists(st.tuples(st.integers(1, 25), st.booleans()), min_size=1, max_size=40),
    delays=st.lists(st.sampled_from([0, 0, 0, 1, 3, 8, 15, 40, 120, 400]), min_size=1),
    cuts=st.lists(st.integers(0, 80), max_size=8),
)
def test_delay_and_batching_of_a_units_reports_do_not_change_the_breaches(
    steps: list[tuple[int, bool]], delays: list[int], cuts: list[int]
) -> None:
    reports = live(steps)
    end = reports[-1][0] + timedelta(days=1)
    in_order = run(uploads(reports, [0]), list(range(len(reports))), end)
    assert breaches(run(uploads(reports, delays), cuts, end)) == breaches(in_order)


def test_the_state_snapshot_keeps_the_units_last_report_and_the_zone_confirmation_clock() -> None:
    """What the engine stores between batches (and restarts from) holds the new clocks."""
    state = SubjectState("s-1")
    evaluate(state, [report(T0, False, T0)], RULES, T0)
    state.streak_since["home"] = T0
    again = SubjectState.from_json(state.to_json())
    assert again == state
    assert (again.rf_seen_at, again.streak_since) == (T0, {"home": T0})
