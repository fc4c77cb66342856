"""The pure rule evaluation: state + observations + rule set + now → new state + events.

Deterministic and free of I/O, so replaying the same observations reproduces the same alarms.
Observations are taken in device-time order; a fix older than the last one applied (a late,
reordered upload) is kept as history but does not move the person's zone state backwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.clock import require_aware
from valvo.domain.geo import Placement, Zone, ZoneKind
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import LastFix, SubjectState
from valvo.domain.telemetry import Observation


@dataclass(frozen=True, slots=True)
class BreachStarted:
    """A condition went into breach: the engine raises (or regroups into) an alarm."""

    subject_id: str
    kind: AlarmKind
    condition_key: str
    occurred_at: datetime
    explanation: Explanation
    evidence_seqs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BreachEnded:
    """A condition is no longer in breach (the person left the exclusion zone, came back)."""

    subject_id: str
    condition_key: str
    occurred_at: datetime


Event = BreachStarted | BreachEnded


@dataclass(slots=True)
class Evaluation:
    state: SubjectState
    events: list[Event] = field(default_factory=list)


def evaluate(
    state: SubjectState, observations: Iterable[Observation], ruleset: RuleSet, now: datetime
) -> Evaluation:
    require_aware(now, "now")
    result = Evaluation(state)
    fixes: list[tuple[Observation, LastFix]] = []
    for obs in sorted(observations, key=lambda o: o.device_time):
        if state.last_seen is None or obs.received_at > state.last_seen:
            state.last_seen = obs.received_at
        if obs.lat is None or obs.lon is None or obs.valid is False:
            continue
        if state.last_fix is not None and obs.device_time < state.last_fix.time:
            continue  # late fix: history only
        fixes.append((obs, LastFix(obs.device_time, obs.lon, obs.lat, obs.accuracy_m)))
    # Distances to every zone for the whole batch at once (vectorised), then the fixes in order.
    lons, lats = [f.lon for _, f in fixes], [f.lat for _, f in fixes]
    distances = {z.id: ruleset.prepared(z).signed_distances_m(lons, lats) for z in ruleset.zones}
    for index, (obs, fix) in enumerate(fixes):
        state.last_fix = fix
        for zone in ruleset.zones:
            _apply_zone(result, ruleset, zone, obs, fix, distances[zone.id][index])
    _apply_time(result, ruleset, now)
    return result


def _apply_time(result: Evaluation, ruleset: RuleSet, now: datetime) -> None:
    """Breaches that arrive with no message: required presence starts while the last fix is
    outside a presence-only inclusion zone (not home when the curfew begins); and conditions
    that end because the zone stopped applying (an authorised absence began)."""
    state = result.state
    presence = ruleset.schedule.requires_presence(now)
    for zone in ruleset.zones:
        if zone.kind is not ZoneKind.INCLUSION or not zone.active_during_required_presence_only:
            continue
        key = f"{zone.kind.value}:{zone.id}"
        if not presence:
            if key in state.open_conditions:
                del state.open_conditions[key]
                result.events.append(BreachEnded(state.subject_id, key, now))
            continue
        fix = state.last_fix
        if (
            fix is None
            or key in state.open_conditions
            or state.placements.get(zone.id) is not Placement.OUTSIDE
        ):
            continue
        state.open_conditions[key] = now
        result.events.append(
            BreachStarted(
                subject_id=state.subject_id,
                kind=AlarmKind.INCLUSION_ZONE_LEFT,
                condition_key=key,
                occurred_at=now,
                explanation=_explain(ruleset, zone, fix, required_from=now),
                evidence_seqs=(),
            )
        )


def _apply_zone(
    result: Evaluation,
    ruleset: RuleSet,
    zone: Zone,
    obs: Observation,
    fix: LastFix,
    signed_distance: float,
) -> None:
    state = result.state
    placement = ruleset.prepared(zone).place_at(
        signed_distance, fix.accuracy_m, ruleset.thresholds.confidence
    )
    state.placements[zone.id] = placement
    key = f"{zone.kind.value}:{zone.id}"
    if zone.kind is ZoneKind.EXCLUSION:
        in_breach = placement is Placement.INSIDE
        cleared = placement is Placement.OUTSIDE
    else:
        presence = ruleset.schedule.requires_presence(obs.device_time)
        active = presence or not zone.active_during_required_presence_only
        in_breach = active and placement is Placement.OUTSIDE
        cleared = placement is Placement.INSIDE or not active
    if in_breach and key not in state.open_conditions:
        state.open_conditions[key] = obs.device_time
        result.events.append(
            BreachStarted(
                subject_id=state.subject_id,
                kind=AlarmKind.EXCLUSION_ZONE_ENTERED
                if zone.kind is ZoneKind.EXCLUSION
                else AlarmKind.INCLUSION_ZONE_LEFT,
                condition_key=key,
                occurred_at=obs.device_time,
                explanation=_explain(ruleset, zone, fix),
                evidence_seqs=() if obs.seq is None else (obs.seq,),
            )
        )
    elif cleared and key in state.open_conditions:
        del state.open_conditions[key]
        result.events.append(BreachEnded(state.subject_id, key, obs.device_time))


def _explain(
    ruleset: RuleSet, zone: Zone, fix: LastFix, required_from: datetime | None = None
) -> Explanation:
    distance = abs(ruleset.prepared(zone).signed_distance_m(fix.lon, fix.lat))
    accuracy = "unknown" if fix.accuracy_m is None else f"±{fix.accuracy_m:.0f} m"
    when = fix.time.isoformat(timespec="seconds")
    confidence = ruleset.thresholds.confidence
    if zone.kind is ZoneKind.EXCLUSION:
        en = (
            f"At {when} a fix (accuracy {accuracy}) was {distance:.0f} m inside the exclusion "
            f"zone '{zone.name}'; with {confidence:.0%} confidence the person was inside."
        )
        fi = (
            f"{when} sijainti (tarkkuus {accuracy}) oli {distance:.0f} m kieltoalueen "
            f"'{zone.name}' sisäpuolella; {confidence:.0%} varmuudella henkilö oli alueella."
        )
    elif required_from is not None:
        start = required_from.isoformat(timespec="seconds")
        en = (
            f"Required presence began at {start}, but the last fix, at {when} (accuracy "
            f"{accuracy}), was {distance:.0f} m outside the zone '{zone.name}'."
        )
        fi = (
            f"Läsnäolovelvollisuus alkoi {start}, mutta viimeisin sijainti {when} (tarkkuus "
            f"{accuracy}) oli {distance:.0f} m alueen '{zone.name}' ulkopuolella."
        )
    else:
        en = (
            f"At {when}, during required presence, a fix (accuracy {accuracy}) was "
            f"{distance:.0f} m outside the zone '{zone.name}'; with {confidence:.0%} confidence "
            f"the person had left it."
        )
        fi = (
            f"{when}, läsnäolovelvollisuuden aikana, sijainti (tarkkuus {accuracy}) oli "
            f"{distance:.0f} m alueen '{zone.name}' ulkopuolella; {confidence:.0%} varmuudella "
            f"henkilö oli poistunut alueelta."
        )
    return Explanation(
        text_en=en,
        text_fi=fi,
        rule=f"zone.{zone.kind.value}" + (".presence_start" if required_from else ""),
        ruleset_version=ruleset.version,
        details={
            "zone_id": zone.id,
            "distance_m": round(distance, 1),
            "accuracy_m": fix.accuracy_m,
            "confidence": confidence,
            "lat": fix.lat,
            "lon": fix.lon,
            "device_time": fix.time.isoformat(),
        },
    )
