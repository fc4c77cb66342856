"""A home unit's configured range, where it matters (R34): the unit hears the person's tag at
home while the person's tracker places them, with the configured confidence, farther from home
than the unit can hear. The tag and the person are apart (a tag taken off and left at home):
a breach until a fix is back within range or the unit no longer hears the tag.

Distance is measured from the home zone's edge (the unit stands inside it), less the fix's
error margin, so an imprecise fix near the range raises nothing.
"""

from __future__ import annotations

from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import Zone
from valvo.domain.geo.zone import margin_m
from valvo.domain.rules.events import Evaluation, end, explain, start, when
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import LastFix

KEY = "rf-range:conflict"


def home_zone(ruleset: RuleSet) -> Zone | None:
    """The dwelling: the zone that applies during required presence (not an activity place)."""
    for zone in ruleset.zones:
        if zone.active_during_required_presence_only and zone.place_id is None:
            return zone
    return None


def check(result: Evaluation, ruleset: RuleSet, fix: LastFix, distances: dict[str, float]) -> None:
    reach = ruleset.home_range_m
    home = home_zone(ruleset)
    if reach is None or home is None:
        return
    if result.state.rf_in_range is not True:
        end(result, KEY, fix.time)
        return
    distance = distances[home.id]  # metres outside the home zone's edge (negative: inside)
    surely = distance - margin_m(fix.accuracy_m, ruleset.thresholds.confidence)
    if surely <= reach:
        if distance <= reach:
            end(result, KEY, fix.time)
        return
    accuracy = "unknown" if fix.accuracy_m is None else f"±{fix.accuracy_m:.0f} m"
    en = (
        f"At {when(fix.time)} the home unit still heard the tag, but a fix (accuracy "
        f"{accuracy}) was {distance:.0f} m beyond the home's edge, farther than the unit's "
        f"configured range of {reach:.0f} m: the tag and the person are apart."
    )
    fi = (
        f"{when(fix.time)} kotiyksikkö kuuli yhä rannekkeen, mutta sijainti (tarkkuus "
        f"{accuracy}) oli {distance:.0f} m kodin rajan ulkopuolella, kauempana kuin yksikön "
        f"asetettu kantama {reach:.0f} m: ranneke ja henkilö ovat erillään."
    )
    explanation = explain(
        ruleset,
        "rf.range",
        en,
        fi,
        zone_id=home.id,
        distance_m=round(distance, 1),
        rf_range_m=reach,
        accuracy_m=fix.accuracy_m,
        lat=fix.lat,
        lon=fix.lon,
        device_time=fix.time.isoformat(),
    )
    evidence = () if fix.seq is None else (fix.seq,)
    start(result, KEY, AlarmKind.RF_RANGE_CONFLICT, fix.time, explanation, evidence)
