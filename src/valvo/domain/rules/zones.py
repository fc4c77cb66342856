"""Zone rules: exclusion zones entered or crossed, inclusion zones left while they apply.

A fix counts only when its error circle puts it on one side with the configured confidence
(``Placement``); a breach needs the configured number of consecutive confident fixes
(debounce), so GPS drift at a boundary raises nothing. Where a person has an RF home unit, it
is the authority on being at home (presence rules); GPS does not raise a second alarm for it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import shapely
from shapely.geometry import LineString

from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.geo import Placement, Zone, ZoneKind
from valvo.domain.geo.zone import circle_radius_m, margin_m
from valvo.domain.rules.events import Evaluation, end, explain, instant, start, when
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import LastFix, SubjectState


def zone_key(zone: Zone) -> str:
    return f"{zone.kind.value}:{zone.id}"


# What a victim's zone is called wherever the person's alarm is read (the victim's name and
# address never are, R139): an operator sees the zone's purpose, not whose it is.
VICTIM_ZONE_NAMES: dict[ZoneKind, tuple[str, str]] = {
    ZoneKind.EXCLUSION: ("victim protection zone", "uhrin suojavyöhyke"),
    ZoneKind.BUFFER: ("victim protection warning buffer", "uhrin suojavyöhykkeen varoitusalue"),
}


def is_victim_zone(zone: Zone) -> bool:
    return bool(zone.properties.get("victim_id"))


def _keeps_out(zone: Zone) -> bool:
    """Exclusion zones and warning buffers are breached by being inside."""
    return zone.kind is not ZoneKind.INCLUSION


def _entered_kind(zone: Zone) -> AlarmKind:
    if zone.kind is ZoneKind.BUFFER:
        return AlarmKind.VICTIM_BUFFER_ENTERED
    if is_victim_zone(zone):
        return AlarmKind.VICTIM_ZONE_ENTERED
    return AlarmKind.EXCLUSION_ZONE_ENTERED


def _names(zone: Zone) -> tuple[str, str]:
    if is_victim_zone(zone) or zone.kind is ZoneKind.BUFFER:
        return VICTIM_ZONE_NAMES[zone.kind]
    return zone.name, zone.name


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
    key = zone_key(zone)
    if not zone.valid_at(fix.time):  # R116: not yet in force, or no longer: not enforced
        state.placements.pop(zone.id, None)
        state.streaks.pop(zone.id, None)
        state.streak_since.pop(zone.id, None)
        end(result, key, fix.time)
        return
    placement = ruleset.prepared(zone).place_at(signed_distance, fix.accuracy_m, t.confidence)
    state.placements[zone.id] = placement
    evidence = () if fix.seq is None else (fix.seq,)
    if _keeps_out(zone):
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
        count = state.streaks[zone.id] = state.streaks.get(zone.id, 0) + 1
        since = state.streak_since.setdefault(zone.id, fix.time)
        reason = _confirmed_by(ruleset, zone, fix, signed_distance, count, since, needed)
        if reason is not None:
            kind = _entered_kind(zone) if _keeps_out(zone) else AlarmKind.INCLUSION_ZONE_LEFT
            explanation = _explain_fix(ruleset, zone, fix, signed_distance, reason)
            start(result, key, kind, fix.time, explanation, evidence)
        return
    # An uncertain fix keeps the count but restarts the time: only confident fixes outside,
    # or none at all, let the confirmation time run.
    state.streak_since.pop(zone.id, None)
    if placement is not Placement.UNCERTAIN:
        state.streaks.pop(zone.id, None)
    if clear:
        end(result, key, fix.time)
    if zone.kind is ZoneKind.EXCLUSION and previous is not None and clear:
        _check_crossing(result, ruleset, zone, previous, fix)


def _confirmed_by(
    ruleset: RuleSet,
    zone: Zone,
    fix: LastFix,
    signed_distance: float,
    count: int,
    since: datetime,
    needed: int,
) -> tuple[str, str] | None:
    """Why the breach is confirmed (English, Finnish), or None while it is not yet."""
    t = ruleset.thresholds
    if _keeps_out(zone):
        if count >= needed:
            return (f"{count} consecutive fixes inside", f"{count} peräkkäistä sijaintia sisällä")
        return None
    if count >= needed:
        return (f"{count} consecutive fixes outside", f"{count} peräkkäistä sijaintia ulkona")
    radius = circle_radius_m(fix.accuracy_m, t.single_fix_confidence)
    if radius is not None and signed_distance > radius:
        return (
            f"its whole {t.single_fix_confidence:.2%} error circle (±{radius:.0f} m) lay outside",
            f"sen koko {t.single_fix_confidence:.2%} virheympyrä (±{radius:.0f} m) oli ulkona",
        )
    if fix.time - since >= t.inclusion_confirm_after:
        return _elapsed(ruleset, since)
    return None


def _elapsed(ruleset: RuleSet, since: datetime) -> tuple[str, str]:
    minutes = ruleset.thresholds.inclusion_confirm_after.total_seconds() / 60
    return (
        f"outside since {when(since)}, {minutes:.0f} min with no fix back inside",
        f"ulkona {when(since)} alkaen, {minutes:.0f} min ilman sijaintia alueella",
    )


def next_confirm(ruleset: RuleSet, state: SubjectState, after: datetime) -> datetime | None:
    """The first instant after ``after`` at which an unbroken streak outside an inclusion
    zone is confirmed by time alone."""
    found: datetime | None = None
    for zone in ruleset.zones:
        since = state.streak_since.get(zone.id)
        if zone.kind is ZoneKind.INCLUSION and since is not None:
            due = since + ruleset.thresholds.inclusion_confirm_after
            if (
                due > after
                and zone_key(zone) not in state.open_conditions
                and (found is None or due < found)
            ):
                found = due
    return found


def check_confirm(result: Evaluation, ruleset: RuleSet, at: datetime) -> None:
    """At a deadline: a streak outside an inclusion zone that lasted the confirmation time
    with no fix back inside is a breach, at the instant the time ran out."""
    state = result.state
    fix = state.last_fix
    for zone in ruleset.zones:
        since = state.streak_since.get(zone.id)
        if zone.kind is not ZoneKind.INCLUSION or since is None or fix is None:
            continue
        due = since + ruleset.thresholds.inclusion_confirm_after
        if due > at or not zone.valid_at(due):
            continue
        if not zone_applies(zone, ruleset, replace(fix, time=due)):
            continue
        distance = ruleset.prepared(zone).signed_distance_m(fix.lon, fix.lat)
        explanation = _explain_fix(ruleset, zone, fix, distance, _elapsed(ruleset, since))
        evidence = () if fix.seq is None else (fix.seq,)
        start(result, zone_key(zone), AlarmKind.INCLUSION_ZONE_LEFT, due, explanation, evidence)


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
    evidence = tuple(s for s in (previous.seq, fix.seq) if s is not None)
    if is_victim_zone(zone):
        explanation = _explain_victim_crossing(ruleset, zone, previous, fix, inside_m, margin)
        instant(result, key, AlarmKind.VICTIM_ZONE_CROSSED, fix.time, explanation, evidence)
        return
    name_en, name_fi = _names(zone)
    en = (
        f"Fixes at {when(previous.time)} and {when(fix.time)} lie on opposite sides of the "
        f"exclusion zone '{name_en}'; the straight path between them runs {inside_m:.0f} m "
        f"inside it, beyond the fixes' error margin."
    )
    fi = (
        f"Sijainnit {when(previous.time)} ja {when(fix.time)} ovat kieltoalueen '{name_fi}' "
        f"eri puolilla; suora reitti niiden välillä kulkee {inside_m:.0f} m alueen sisällä."
    )
    explanation = explain(
        ruleset, "zone.exclusion.crossing", en, fi, zone_id=zone.id, inside_m=round(inside_m, 1)
    )
    instant(result, key, AlarmKind.EXCLUSION_ZONE_CROSSED, fix.time, explanation, evidence)


def _explain_victim_crossing(
    ruleset: RuleSet,
    zone: Zone,
    previous: LastFix,
    fix: LastFix,
    inside_m: float,
    margin: float,
) -> Explanation:
    """A victim's zone passed between two fixes (R139): inferred from the straight track in a
    time window, not a position inside; the zone is named by its purpose only."""
    name_en, name_fi = _names(zone)
    start_at, end_at = when(previous.time), when(fix.time)
    en = (
        f"Inferred from the track between two fixes, not a position inside: the fixes at "
        f"{start_at} and {end_at} both lie outside the '{name_en}', on opposite sides, and the "
        f"straight track between them runs {inside_m:.0f} m through it beyond the fixes' "
        f"{margin:.0f} m error margin; the person passed through it between {start_at} and "
        f"{end_at}."
    )
    fi = (
        f"Päätelty kahden sijainnin välisestä reitistä, ei sijainnista alueen sisällä: "
        f"sijainnit {start_at} ja {end_at} ovat kumpikin alueen '{name_fi}' ulkopuolella sen "
        f"eri puolilla, ja suora reitti niiden välillä kulkee {inside_m:.0f} m alueen läpi "
        f"sijaintien {margin:.0f} m virhemarginaalin ulkopuolella; henkilö kulki alueen läpi "
        f"{start_at}–{end_at}."
    )
    return explain(
        ruleset,
        "zone.victim.crossing",
        en,
        fi,
        zone_id=zone.id,
        inferred="track_between_fixes",
        window_from=previous.time.isoformat(),
        window_to=fix.time.isoformat(),
        inside_m=round(inside_m, 1),
        margin_m=round(margin, 1),
        accuracy_m=[previous.accuracy_m, fix.accuracy_m],
        confidence=ruleset.thresholds.confidence,
    )


def _explain_fix(
    ruleset: RuleSet,
    zone: Zone,
    fix: LastFix,
    signed_distance: float,
    reason: tuple[str, str],
) -> Explanation:
    distance = abs(signed_distance)
    accuracy = "unknown" if fix.accuracy_m is None else f"±{fix.accuracy_m:.0f} m"
    confidence = ruleset.thresholds.confidence
    at = when(fix.time)
    name_en, name_fi = _names(zone)
    if _keeps_out(zone):
        needed = ruleset.thresholds.exclusion_confirm_fixes
        what_en = "exclusion zone" if zone.kind is ZoneKind.EXCLUSION else "zone"
        what_fi = "kieltoalueen" if zone.kind is ZoneKind.EXCLUSION else "alueen"
        en = (
            f"At {at} a fix (accuracy {accuracy}) was {distance:.0f} m inside the {what_en} "
            f"'{name_en}'; with {confidence:.0%} confidence the person was inside."
        )
        fi = (
            f"{at} sijainti (tarkkuus {accuracy}) oli {distance:.0f} m {what_fi} "
            f"'{name_fi}' sisäpuolella; {confidence:.0%} varmuudella henkilö oli alueella."
        )
    else:
        needed = ruleset.thresholds.inclusion_confirm_fixes
        en = (
            f"At {at}, while the zone '{zone.name}' applied, a fix (accuracy {accuracy}) was "
            f"{distance:.0f} m outside it; with {confidence:.0%} confidence the person had left "
            f"(confirmed: {reason[0]})."
        )
        fi = (
            f"{at}, alueen '{zone.name}' ollessa voimassa, sijainti (tarkkuus {accuracy}) oli "
            f"{distance:.0f} m sen ulkopuolella; {confidence:.0%} varmuudella henkilö oli "
            f"poistunut (vahvistus: {reason[1]})."
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
        confirmed_by=reason[0],
        lat=fix.lat,
        lon=fix.lon,
        device_time=fix.time.isoformat(),
    )
