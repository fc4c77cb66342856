"""Replay reproduces: the same observations give the same breaches however the engine batches
them and whenever it happens to look (property-based)."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.factories import HOME, circle_zone, fix, observation, offset, ruleset
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import (
    DeviceRule,
    Event,
    RuleSet,
    SubjectState,
    evaluate,
    zone_distances,
)
from valvo.domain.schedule import Purpose, Schedule, WeeklyWindow
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

T0 = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
RULES: RuleSet = ruleset(
    circle_zone("home", ZoneKind.INCLUSION, radius_m=150, presence_only=True),
    circle_zone("victim", ZoneKind.EXCLUSION, offset(HOME, 1500, 0), radius_m=250),
    schedule=Schedule(weekly=(WeeklyWindow(0, time(8), time(12), Purpose.ACTIVITY),)),
    devices=(DeviceRule("t", "gps_tracker"), DeviceRule("u", "rf_home_unit")),
)


def stream(steps: list[tuple[int, int, int, bool]]) -> list[Observation]:
    """A day of fixes and RF reports: (minutes since the previous, east, north, rf in range)."""
    out: list[Observation] = []
    at = T0
    for gap, east, north, in_range in steps:
        at += timedelta(minutes=gap)
        out.append(fix(at, east_m=east, north_m=north, accuracy_m=10, device="t"))
        out.append(
            observation(ObservationKind.PRESENCE, at, "u", attributes={v.IN_RANGE: in_range})
        )
    return out


def run(observations: list[Observation], cuts: list[int], end: datetime) -> list[Event]:
    state, events = SubjectState("s"), []
    bounds = [0, *sorted(set(cuts)), len(observations)]
    for lo, hi in itertools.pairwise(bounds):
        batch = observations[lo:hi]
        if not batch:
            continue
        looked = batch[-1].received_at + timedelta(seconds=7)  # the engine looks a bit later
        events += evaluate(state, batch, RULES, looked).events
    events += evaluate(state, [], RULES, end).events
    return events


steps = st.lists(
    st.tuples(st.integers(1, 40), st.integers(-400, 1800), st.integers(-400, 400), st.booleans()),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(steps=steps, cuts=st.lists(st.integers(0, 80), max_size=8))
def test_batching_does_not_change_the_breaches(
    steps: list[tuple[int, int, int, bool]], cuts: list[int]
) -> None:
    observations = stream(steps)
    end = observations[-1].received_at + timedelta(hours=3)
    one_batch = run(observations, [], end)
    assert run(observations, [c % (len(observations) + 1) for c in cuts], end) == one_batch
    one_by_one = run(observations, list(range(len(observations))), end)
    assert one_by_one == one_batch


@settings(max_examples=40, deadline=None)
@given(steps=steps, seed=st.integers(0, 1000))
def test_zone_distances_measured_for_a_whole_batch_give_the_same_evaluation(
    steps: list[tuple[int, int, int, bool]], seed: int
) -> None:
    """The engine measures a batch's zone distances in one call for all its people and hands
    each person's to ``evaluate``, for the observations in the order it got them (not yet
    sorted): the same breaches and state as ``evaluate`` measuring them itself, and as for
    the observations given in order."""
    in_order = stream(steps)
    observations = random.Random(seed).sample(in_order, len(in_order))
    other = ruleset(circle_zone("elsewhere", ZoneKind.EXCLUSION, offset(HOME, -900, 0)))
    no_zones = ruleset()
    measured = zone_distances(
        [(other, observations[::2]), (no_zones, observations), (RULES, observations)]
    )
    assert measured[1] == {}
    mine = measured[2]
    end = T0 + timedelta(days=1)
    expected = evaluate(SubjectState("s"), in_order, RULES, end)
    for given_distances in (mine, None):
        found = evaluate(SubjectState("s"), observations, RULES, end, given_distances)
        assert found.events == expected.events
        assert found.state == expected.state
