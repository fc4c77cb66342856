"""Zone rules: exclusion zones entered or crossed, inclusion zones left while they apply.

A fix counts only when its error circle puts it on one side with the configured confidence
(``Placement``); a breach needs the configured number of consecutive confident fixes
(debounce), so GPS drift at a boundary raises nothing. Where a person has an RF home unit, it
is the authority on being at home (presence rules); GPS does not raise a second alarm for it.
"""

from __future__ import annotations

import shapely
from shapely.geometry import LineString

from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.geo import Placement, Zone, ZoneKind
from valvo.domain.geo.zone import margin_m
from valvo.domain.rules.events import Evaluation, end, explain, instant, start, when
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import LastFix


def zone_key(zone: Zone) -> str:
    return f"{zone.kind.value}:{zone.id}"


def zone_applies(zone: Zone, ruleset: RuleSet, fix: LastFix) -> bool:
    if zone.place_id is not None:  # an activity place: only during its own plan windows
        absence = ruleset.schedule.absence_at(fix.time)
        return absence is not None and absence.place_id == zone.place_id
    return not zone.active_during_required_presence_only or ruleset.schedule.requires_presence(
        fix.time
    )


def apply_fix(
    result: Evaluation,
    ruleset: RuleSet,
    zone: Zone,
    fix: LastFix,
    signed_distance: float,
    previous: LastFix | None,
) -> None:
    state = result.state
    t = ruleset.thresholds
    placement = ruleset.prepared(zone).place_at(signed_distance, fix.accuracy_m, t.confidence)
    state.placements[zone.id] = placement
    key = zone_key(zone)
    evidence = () if fix.seq is None else (fix.seq,)
    if zone.kind is ZoneKind.EXCLUSION:
        breaching, clear = placement is Placement.INSIDE, placement is Placement.OUTSIDE
        needed = t.exclusion_confirm_fixes
    else:
        applies = zone_applies(zone, ruleset, fix)
        # With an RF home unit, presence at home is the unit's to judge (presence rules); the
        # GPS fixes are kept as evidence but do not raise a second alarm for the same absence.
        rf_home = zone.active_during_required_presence_only and ruleset.has_home_unit
        breaching = applies and not rf_home and placement is Placement.OUTSIDE
        clear = placement is Placement.INSIDE or not applies
        needed = t.inclusion_confirm_fixes
    if breaching:
        state.streaks[zone.id] = state.streaks.get(zone.id, 0) + 1
        if state.streaks[zone.id] >= needed:
            kind = (
                AlarmKind.EXCLUSION_ZONE_ENTERED
                if zone.kind is ZoneKind.EXCLUSION
                else AlarmKind.INCLUSION_ZONE_LEFT
            )
            start(
                result,
                key,
                kind,
                fix.time,
                _explain_fix(ruleset, zone, fix, signed_distance),
                evidence,
            )
        return
    if placement is not Placement.UNCERTAIN:
        state.streaks.pop(zone.id, None)
    if clear:
        end(result, key, fix.time)
    if zone.kind is ZoneKind.EXCLUSION and previous is not None and clear:
        _check_crossing(result, ruleset, zone, previous, fix)


def _check_crossing(
    result: Evaluation, ruleset: RuleSet, zone: Zone, previous: LastFix, fix: LastFix
) -> None:
    """Both fixes outside, far apart in time: did the straight path between them go through?"""
    t = ruleset.thresholds
    if fix.time - previous.time < t.sparse_gap:
        return
    prepared = ruleset.prepared(zone)
    proj = prepared.projection
    path = LineString(
        [proj.to_metres(previous.lon, previous.lat), proj.to_metres(fix.lon, fix.lat)]
    )
    margin = max(
        margin_m(previous.accuracy_m, t.confidence), margin_m(fix.accuracy_m, t.confidence)
    )
    core = prepared.metric.buffer(-margin) if margin > 0 else prepared.metric
    if core.is_empty or not shapely.intersects(core, path):
        return
    inside_m = float(shapely.intersection(core, path).length)
    key = f"crossing:{zone.id}:{when(fix.time)}"
    en = (
        f"Fixes at {when(previous.time)} and {when(fix.time)} lie on opposite sides of the "
        f"exclusion zone '{zone.name}'; the straight path between them runs {inside_m:.0f} m "
        f"inside it, beyond the fixes' error margin."
    )
    fi = (
        f"Sijainnit {when(previous.time)} ja {when(fix.time)} ovat kieltoalueen '{zone.name}' "
        f"eri puolilla; suora reitti niiden välillä kulkee {inside_m:.0f} m alueen sisällä."
    )
    evidence = tuple(s for s in (previous.seq, fix.seq) if s is not None)
    explanation = explain(
        ruleset, "zone.exclusion.crossing", en, fi, zone_id=zone.id, inside_m=round(inside_m, 1)
    )
    instant(result, key, AlarmKind.EXCLUSION_ZONE_CROSSED, fix.time, explanation, evidence)


def _explain_fix(ruleset: RuleSet, zone: Zone, fix: LastFix, signed_distance: float) -> Explanation:
    distance = abs(signed_distance)
    accuracy = "unknown" if fix.accuracy_m is None else f"±{fix.accuracy_m:.0f} m"
    confidence = ruleset.thresholds.confidence
    at = when(fix.time)
    if zone.kind is ZoneKind.EXCLUSION:
        needed = ruleset.thresholds.exclusion_confirm_fixes
        en = (
            f"At {at} a fix (accuracy {accuracy}) was {distance:.0f} m inside the exclusion "
            f"zone '{zone.name}'; with {confidence:.0%} confidence the person was inside."
        )
        fi = (
            f"{at} sijainti (tarkkuus {accuracy}) oli {distance:.0f} m kieltoalueen "
            f"'{zone.name}' sisäpuolella; {confidence:.0%} varmuudella henkilö oli alueella."
        )
    else:
        needed = ruleset.thresholds.inclusion_confirm_fixes
        en = (
            f"At {at}, while the zone '{zone.name}' applied, a fix (accuracy {accuracy}) was "
            f"{distance:.0f} m outside it; with {confidence:.0%} confidence the person had left "
            f"({needed} consecutive fixes outside)."
        )
        fi = (
            f"{at}, alueen '{zone.name}' ollessa voimassa, sijainti (tarkkuus {accuracy}) oli "
            f"{distance:.0f} m sen ulkopuolella; {confidence:.0%} varmuudella henkilö oli "
            f"poistunut ({needed} peräkkäistä sijaintia ulkopuolella)."
        )
    return explain(
        ruleset,
        f"zone.{zone.kind.value}",
        en,
        fi,
        zone_id=zone.id,
        distance_m=round(distance, 1),
        accuracy_m=fix.accuracy_m,
        confidence=confidence,
        confirm_fixes=needed,
        lat=fix.lat,
        lon=fix.lon,
        device_time=fix.time.isoformat(),
    )
