"""The pure rule evaluation: state + observations + rule set + now → new state + events.

Deterministic and free of I/O. Observations are applied in the order they were received (and,
within one upload, in device-time order); before each one, and finally up to ``now``, the
time-driven rules run at every deadline that passed (required presence beginning, a grace
ending, a device due to report, a test window closing). Every breach is stamped with the
instant it happened, never with the moment the engine noticed, so replaying the same
observations in any batching reproduces the same alarms.

A fix older than the last one applied (a late, reordered upload) is kept as history but does
not move the person's zone state backwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from valvo.domain.clock import require_aware
from valvo.domain.geo.projection import haversine_m
from valvo.domain.geo.zone import PreparedZone, signed_distances_many
from valvo.domain.rules import health, presence, rf_range, substance, tags, zones
from valvo.domain.rules.events import BreachEnded, BreachStarted, Evaluation, Event, end
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import LastFix, SubjectState
from valvo.domain.rules.threshold_revisions import ruleset_at
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

__all__ = [
    "BreachEnded",
    "BreachStarted",
    "Evaluation",
    "Event",
    "evaluate",
    "next_deadline",
    "zone_distances",
]
MOVING_KMH = 3.0
MOVED_M = 100.0
# A home-unit report more than this behind the time already evaluated has no missed deadlines
# caught up (a clock years behind, not a buffered upload; presence looks back 8 days too).
LATE_REPORT_HORIZON = timedelta(days=8)
_NAN = float("nan")


def evaluate(
    state: SubjectState,
    observations: Iterable[Observation],
    ruleset: RuleSet,
    now: datetime,
    distances: Mapping[str, Sequence[float]] | None = None,
) -> Evaluation:
    """``distances``: the fixes' signed distances to the zones as :func:`zone_distances` gives
    them for ``observations`` (in their given order), computed here when not given."""
    require_aware(now, "now")
    result = Evaluation(state)
    given = list(observations)
    if distances is None:
        distances = zone_distances([(ruleset, given)])[0]
    order = sorted(
        range(len(given)),
        key=lambda i: (given[i].received_at, given[i].device_time, given[i].seq or 0),
    )
    ordered = [given[i] for i in order]
    next_rf = _next_home_unit_reports(ruleset, ordered)
    for position, (index, obs) in enumerate(zip(order, ordered, strict=True)):
        # Time moves to the moment the message describes: a buffered upload's reports are
        # applied before the deadlines that came due while they waited in the device (a
        # person's first message starts the clock at its receipt; late data before that, or
        # reports older than time already evaluated, are caught up by the rules they concern).
        started = result.state.evaluated_until is not None
        _advance(
            result, ruleset, min(obs.received_at, obs.device_time) if started else obs.received_at
        )
        _apply(
            result,
            ruleset_at(ruleset, obs.device_time),  # the thresholds in force when it happened
            obs,
            {z: d[index] for z, d in distances.items()},
            next_rf[position],
        )
    _advance(result, ruleset, now)
    return result


def next_deadline(state: SubjectState, ruleset: RuleSet, after: datetime) -> datetime | None:
    """The next instant after ``after`` at which a time-driven rule may fire."""
    require_aware(after, "after")
    ruleset = ruleset_at(ruleset, after)
    found = presence.next_deadline(ruleset, state, after)
    for due in (
        health.next_silence(ruleset, state, after),
        substance.next_test_end(ruleset, state, after),
        zones.next_confirm(ruleset, state, after),
    ):
        if due is not None and (found is None or due < found):
            found = due
    return found


def _advance(result: Evaluation, ruleset: RuleSet, until: datetime) -> None:
    state = result.state
    if state.evaluated_until is None:
        state.evaluated_until = until
        return
    while True:
        deadline = next_deadline(state, ruleset, state.evaluated_until)
        if deadline is None or deadline > until:
            break
        _check_at(result, ruleset_at(ruleset, deadline), deadline)
        state.evaluated_until = deadline
    if until > state.evaluated_until:
        state.evaluated_until = until


def _check_at(result: Evaluation, ruleset: RuleSet, at: datetime) -> None:
    presence.check_at(result, ruleset, at)
    health.check_silence(result, ruleset, at)
    substance.check_missed(result, ruleset, at)
    zones.check_confirm(result, ruleset, at)


def zone_distances(
    subjects: Sequence[tuple[RuleSet, Sequence[Observation]]],
) -> list[dict[str, list[float]]]:
    """For each (rule set, observations): the signed distance of every observation to every
    zone of the rule set (zone id -> one per observation, in their order), in one vectorised
    call for all of them (the engine asks once per batch). Only fixes are measured: the rules
    read no distance for an observation without coordinates (its entry is NaN)."""
    requests: list[tuple[PreparedZone, list[float], list[float]]] = []
    placed: list[tuple[int, list[int] | None]] = []  # per subject: its fixes' places, if not all
    for ruleset, observations in subjects:
        if not ruleset.zones:
            continue
        lons, lats, where = [], [], []
        for i, o in enumerate(observations):
            if o.lat is not None and o.lon is not None:
                lons.append(o.lon)
                lats.append(o.lat)
                where.append(i)
        placed.append((len(observations), None if len(where) == len(observations) else where))
        requests.extend((ruleset.prepared(z), lons, lats) for z in ruleset.zones)
    measured = iter(signed_distances_many(requests) if requests else [])
    places = iter(placed)
    found: list[dict[str, list[float]]] = []
    for ruleset, _ in subjects:
        by_zone: dict[str, list[float]] = {}
        if ruleset.zones:
            count, spots = next(places)
            for zone in ruleset.zones:
                values = next(measured)
                if spots is not None:
                    spread = [_NAN] * count
                    for i, value in zip(spots, values, strict=True):
                        spread[i] = value
                    values = spread
                by_zone[zone.id] = values
        found.append(by_zone)
    return found


def _next_home_unit_reports(ruleset: RuleSet, ordered: list[Observation]) -> list[datetime | None]:
    """For each home-unit report, the device time of the next later one in the batch: a late
    report speaks for its unit only until the unit's next one (older ones are history)."""
    reports = [
        (i, o.device_time)
        for i, o in enumerate(ordered)
        if _is_home_unit_presence(o) and not tags.is_foreign(ruleset, o)
    ]
    found: list[datetime | None] = [None] * len(ordered)
    for position, (index, at) in enumerate(reports):
        found[index] = next((t for _, t in reports[position + 1 :] if t > at), None)
    return found


def _apply(
    result: Evaluation,
    ruleset: RuleSet,
    obs: Observation,
    distances: dict[str, float],
    next_rf: datetime | None = None,
) -> None:
    state = result.state
    if state.last_seen is None or obs.received_at > state.last_seen:
        state.last_seen = obs.received_at
    own = tags.check(result, ruleset, obs)
    health.on_message(result, ruleset, obs, tag_events=own)
    if own and _is_home_unit_presence(obs):
        _rf(result, ruleset, obs, bool(obs.attributes[v.IN_RANGE]), next_rf)
    elif obs.kind is ObservationKind.ALCOHOL_TEST:
        substance.on_test(result, ruleset, obs)
    if obs.lat is None or obs.lon is None or obs.valid is False:
        if obs.kind in (
            ObservationKind.HEARTBEAT,
            ObservationKind.STATUS,
            ObservationKind.POSITION,
        ):
            health.on_no_fix(result, ruleset, obs)
        return
    previous = state.last_fix
    if previous is not None and obs.device_time < previous.time:
        return  # a late fix: history only
    fix = LastFix(obs.device_time, obs.lon, obs.lat, obs.accuracy_m, obs.received_at, obs.seq)
    state.moving = _moving(obs, previous, fix)
    state.last_fix = fix
    end(result, health.NO_LOCATION_KEY, obs.device_time)
    for zone in ruleset.zones:
        zones.apply_fix(result, ruleset, zone, fix, distances[zone.id], previous)
    rf_range.check(result, ruleset, fix, distances)


def _is_home_unit_presence(obs: Observation) -> bool:
    """An RF home unit's in/out-of-range report (a mobile checker's "seen" is only evidence)."""
    return (
        obs.kind is ObservationKind.PRESENCE
        and isinstance(obs.attributes.get(v.IN_RANGE), bool)
        and obs.attributes.get(v.EVENT) != v.PRESENCE_CHECK
    )


def _rf(
    result: Evaluation,
    ruleset: RuleSet,
    obs: Observation,
    in_range: bool,
    next_rf: datetime | None,
) -> None:
    """A home unit's report. Reports older than one applied are history. A late report (a
    buffered upload) has the presence deadlines that passed since its device time evaluated
    now, up to the unit's next report in the batch, each breach stamped at the device time it
    fell due."""
    state = result.state
    if state.rf_seen_at is not None and obs.device_time < state.rf_seen_at:
        return
    state.rf_seen_at = obs.device_time
    if state.rf_in_range is not in_range:
        state.rf_in_range = in_range
        state.rf_changed_at = obs.device_time
    if in_range:
        end(result, presence.RF_KEY, obs.device_time)
        return
    until = state.evaluated_until
    late = until is not None and timedelta(0) < until - obs.device_time <= LATE_REPORT_HORIZON
    if until is None or not late:
        presence.check_at(result, ruleset, obs.device_time)
        return
    if next_rf is not None:
        until = min(until, next_rf)
    presence.catch_up_rf(result, ruleset, obs.device_time, until)


def _moving(obs: Observation, previous: LastFix | None, fix: LastFix) -> bool:
    """Moving: the device says so by its speed, or it moved over 100 m since the last fix."""
    if obs.speed_kmh is not None:
        return obs.speed_kmh >= MOVING_KMH
    if previous is None:
        return False
    return haversine_m(previous.lon, previous.lat, fix.lon, fix.lat) > MOVED_M
