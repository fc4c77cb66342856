"""Victims' protection zones (R139) and zones with a period of validity (R116), in the rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.factories import HOME, circle_zone, fix, offset, ruleset
from valvo.domain.alarms import Alarm, AlarmKind, Severity
from valvo.domain.alarms.alarm import DEFAULT_SEVERITY
from valvo.domain.alarms.notices import render_victim_warning
from valvo.domain.alarms.trail import VICTIM_ROUTE, Notice
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import BreachEnded, BreachStarted, RuleSet, SubjectState, evaluate
from valvo.domain.victims import (
    DEFAULT_BUFFER_M,
    VictimError,
    check_buffer,
    check_channel,
    check_zones,
    exclusion_geometry,
    victim_of_zone,
    zones_of,
)

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VICTIM_HOME = offset(HOME, 2000, 0)
POINT = {"type": "Point", "coordinates": list(VICTIM_HOME)}


def started(events: Sequence[object]) -> list[BreachStarted]:
    return [e for e in events if isinstance(e, BreachStarted)]


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def victim_rules(buffer_m: float = 300.0, **period: datetime | None) -> RuleSet:
    zone = exclusion_geometry(POINT, 200)
    pair = zones_of("v-1", zone, buffer_m, period.get("valid_from"), period.get("valid_to"))
    return ruleset(pair.exclusion, pair.buffer)


def test_r139_entering_the_buffer_is_a_lower_severity_alarm_than_the_exclusion_zone() -> None:
    rules = victim_rules()
    # 400 m from the victim's home: outside the 200 m zone, inside its 300 m buffer.
    near = fix(minutes(1), east_m=2000 - 400)
    result = evaluate(SubjectState("s-1"), [fix(T0), near], rules, minutes(1))
    (warning,) = started(result.events)
    assert warning.kind is AlarmKind.VICTIM_BUFFER_ENTERED
    assert warning.explanation.details["zone_id"] == "victim-buffer:v-1"
    assert "victim protection warning buffer" in warning.explanation.text_en
    assert "uhrin suojavyöhykkeen varoitusalue" in warning.explanation.text_fi
    inside = evaluate(result.state, [fix(minutes(2), east_m=2000 - 50)], rules, minutes(2))
    (entered,) = started(inside.events)
    assert entered.kind is AlarmKind.VICTIM_ZONE_ENTERED
    assert "victim protection zone" in entered.explanation.text_en
    ranks = list(Severity)
    buffer_sev = DEFAULT_SEVERITY[AlarmKind.VICTIM_BUFFER_ENTERED]
    zone_sev = DEFAULT_SEVERITY[AlarmKind.VICTIM_ZONE_ENTERED]
    assert ranks.index(buffer_sev) < ranks.index(zone_sev) == ranks.index(Severity.CRITICAL)
    away = evaluate(inside.state, [fix(minutes(3))], rules, minutes(3))
    assert sorted(e.condition_key for e in away.events if isinstance(e, BreachEnded)) == [
        "buffer:victim-buffer:v-1",
        "exclusion:victim:v-1",
    ]


def test_r139_a_fix_whose_error_circle_straddles_the_buffer_edge_raises_nothing() -> None:
    """GPS accuracy counts as for every zone: 480 m from home is 20 m inside the 500 m edge,
    but a ±100 m fix cannot tell with 95 % confidence."""
    rules = victim_rules()
    vague = fix(minutes(1), east_m=2000 - 480, accuracy_m=100)
    assert started(evaluate(SubjectState("s-1"), [vague], rules, minutes(1)).events) == []
    sure = fix(minutes(2), east_m=2000 - 480, accuracy_m=5)
    assert started(evaluate(SubjectState("s-1"), [sure], rules, minutes(2)).events)


def test_r139_the_victims_name_is_nowhere_in_the_zones_the_engine_enforces() -> None:
    rules = victim_rules()
    for zone in rules.zones:
        assert zone.name.startswith("victim protection")
        assert dict(zone.properties) == {"victim_id": "v-1"}
        assert victim_of_zone(zone.id) == "v-1"
    assert victim_of_zone("some-zone") is None


def test_r139_contact_channel_and_buffer_are_checked() -> None:
    assert check_channel(" mailto:tuki@example.fi ", True) == "mailto:tuki@example.fi"
    assert check_channel("https://example.fi/hook", False) == "https://example.fi/hook"
    assert check_channel(None, False) is None
    with pytest.raises(VictimError, match="needs a contact channel"):
        check_channel("", True)
    with pytest.raises(VictimError, match="mailto:address"):
        check_channel("040 123 4567", True)
    assert check_buffer(None) == DEFAULT_BUFFER_M
    with pytest.raises(VictimError, match="between 50 and 5000"):
        check_buffer(10)
    polar = exclusion_geometry({"type": "Point", "coordinates": [24.9, 90.0]}, 200)
    with pytest.raises(VictimError, match="warning buffer cannot be drawn"):
        check_zones("v-1", polar, 5000)
    check_zones("v-1", exclusion_geometry(POINT, 200), 500)  # an ordinary zone draws


def test_r116_a_zone_is_enforced_from_its_first_instant_until_just_before_its_end() -> None:
    base = circle_zone("forbidden", ZoneKind.EXCLUSION, offset(HOME, 1000, 0), radius_m=200)
    zone = replace(base, valid_from=minutes(10), valid_to=minutes(20))
    rules = ruleset(zone)
    before = fix(minutes(10) - timedelta(seconds=1), east_m=1000)
    assert started(evaluate(SubjectState("s-1"), [before], rules, minutes(10)).events) == []
    at_start = fix(minutes(10), east_m=1000)
    (breach,) = started(evaluate(SubjectState("s-1"), [at_start], rules, minutes(10)).events)
    assert breach.kind is AlarmKind.EXCLUSION_ZONE_ENTERED
    last = fix(minutes(20) - timedelta(seconds=1), east_m=1000)
    assert started(evaluate(SubjectState("s-1"), [last], rules, minutes(20)).events)
    at_end = fix(minutes(20), east_m=1000)
    assert started(evaluate(SubjectState("s-1"), [at_end], rules, minutes(20)).events) == []


def test_r116_an_open_breach_ends_when_its_zone_expires() -> None:
    base = circle_zone("forbidden", ZoneKind.EXCLUSION, offset(HOME, 1000, 0), radius_m=200)
    rules = ruleset(replace(base, valid_to=minutes(20)))
    inside = evaluate(SubjectState("s-1"), [fix(minutes(5), east_m=1000)], rules, minutes(5))
    assert started(inside.events)
    expired = evaluate(inside.state, [fix(minutes(20), east_m=1000)], rules, minutes(20))
    assert [type(e) for e in expired.events] == [BreachEnded]


def test_r116_a_redrawn_inclusion_area_hands_over_at_the_same_instant() -> None:
    """The old area until the change, the new one from it: a fix outside the old area but
    inside the new one, after the change, raises nothing; before the change it does."""
    old = replace(
        circle_zone("area-1", ZoneKind.INCLUSION, HOME, radius_m=500), valid_to=minutes(30)
    )
    new = replace(
        circle_zone("area-2", ZoneKind.INCLUSION, offset(HOME, 3000, 0), radius_m=500),
        valid_from=minutes(30),
    )
    rules = ruleset(old, new)
    far = 3000  # inside the new area only
    before = [fix(minutes(m), east_m=far, accuracy_m=5) for m in (26, 27, 28)]
    kinds = [
        e.kind for e in started(evaluate(SubjectState("s-1"), before, rules, minutes(28)).events)
    ]
    assert kinds == [AlarmKind.INCLUSION_ZONE_LEFT]
    after = [fix(minutes(m), east_m=far, accuracy_m=5) for m in (30, 31, 32)]
    assert started(evaluate(SubjectState("s-1"), after, rules, minutes(32)).events) == []


def test_r139_a_track_through_the_victims_zone_between_sparse_fixes_raises_a_victim_alarm() -> None:
    """A tracker reporting every five minutes: one fix 1 km west of the victim's home, the next
    1 km east, both outside the zone and its buffer. The straight track between them runs
    through the zone: a critical victim alarm, said to be inferred from the track in a window."""
    rules = victim_rules()
    west, east = fix(minutes(0), east_m=1000), fix(minutes(5), east_m=3000)
    (crossed,) = started(evaluate(SubjectState("s-1"), [west, east], rules, minutes(5)).events)
    assert crossed.kind is AlarmKind.VICTIM_ZONE_CROSSED
    assert DEFAULT_SEVERITY[AlarmKind.VICTIM_ZONE_CROSSED] is Severity.CRITICAL
    assert crossed.occurred_at == minutes(5)
    assert crossed.evidence_seqs == (west.seq, east.seq)
    details = crossed.explanation.details
    assert details["zone_id"] == "victim:v-1"  # the intake finds the victim to tell by this
    assert details["inferred"] == "track_between_fixes"
    assert (details["window_from"], details["window_to"]) == (
        minutes(0).isoformat(),
        minutes(5).isoformat(),
    )
    assert details["inside_m"] > 350  # the 400 m chord less the fixes' error margin
    assert crossed.explanation.rule == "zone.victim.crossing"
    text = crossed.explanation.text_en
    assert text.startswith("Inferred from the track between two fixes, not a position inside")
    assert "victim protection zone" in text
    assert "Päätelty kahden sijainnin välisestä reitistä" in crossed.explanation.text_fi


def test_r139_the_fixes_error_circles_count_for_a_crossing_as_for_an_exclusion_zone() -> None:
    """The track passes 150 m from the victim's home, 50 m inside the 200 m zone: with ±5 m
    fixes that is a crossing; with ±60 m fixes the 95 % margin (65 m) swallows it."""
    rules = victim_rules()
    sure = [fix(minutes(0), 1000, 150, accuracy_m=5), fix(minutes(5), 3000, 150, accuracy_m=5)]
    kinds = [e.kind for e in started(evaluate(SubjectState("s-1"), sure, rules, minutes(5)).events)]
    assert kinds == [AlarmKind.VICTIM_ZONE_CROSSED]
    vague = [fix(minutes(0), 1000, 150, accuracy_m=60), fix(minutes(5), 3000, 150, accuracy_m=5)]
    assert started(evaluate(SubjectState("s-1"), vague, rules, minutes(5)).events) == []


def test_r139_dense_fixes_are_not_inferred_across_the_victims_zone() -> None:
    """Fixes a minute apart are not sparse: the track is not guessed between them (a person
    really inside would have a fix inside)."""
    rules = victim_rules()
    close = [fix(minutes(0), east_m=1000), fix(minutes(1), east_m=3000)]
    assert started(evaluate(SubjectState("s-1"), close, rules, minutes(1)).events) == []


def test_r139_a_crossing_tells_the_victim_it_was_passed_through_in_a_window() -> None:
    rules = victim_rules()
    west, east = fix(minutes(0), east_m=1000), fix(minutes(5), east_m=3000)
    (crossed,) = started(evaluate(SubjectState("s-1"), [west, east], rules, minutes(5)).events)
    alarm = Alarm.raise_new(
        id="a-1",
        subject_id="s-1",
        kind=crossed.kind,
        severity=DEFAULT_SEVERITY[crossed.kind],
        condition_key=crossed.condition_key,
        occurred_at=crossed.occurred_at,
        now=minutes(5),
        explanation=crossed.explanation,
    )
    alarm.notify_victim("mailto:uhri@example.fi", minutes(5))
    notices = [n for n in alarm.take_pending() if isinstance(n, Notice)]
    (notice,) = [n for n in notices if n.route == VICTIM_ROUTE]
    assert notice.payload["passed_from"] == minutes(0).isoformat()
    _, body = render_victim_warning(notice.payload)
    assert "has passed through your protection zone" in body
    assert f"{minutes(0).isoformat()} – {minutes(5).isoformat()}" in body
    assert "on kulkenut suojavyöhykkeesi läpi" in body
