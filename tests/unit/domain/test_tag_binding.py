"""The tag binding: a home unit's report about a tag that is not the person's is never
presence and raises its own alarm (docs/security.md, area 3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.support.factories import observation, ruleset
from valvo.domain.alarms import AlarmKind
from valvo.domain.rules import BreachEnded, BreachStarted, DeviceRule, Event, SubjectState, evaluate
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

T0 = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # required presence all evening (no plan)
UNIT = DeviceRule("unit-1", "rf_home_unit")
OWN = DeviceRule("TAG-77", "rf_tag")
RULES = ruleset(devices=(UNIT, OWN))


def rf(minutes: int, in_range: bool, tag: str | None = "TAG-77") -> Observation:
    attributes: dict[str, object] = {v.IN_RANGE: in_range}
    if tag is not None:
        attributes[v.TAG] = tag
    return observation(
        ObservationKind.PRESENCE, T0 + timedelta(minutes=minutes), "unit-1", attributes=attributes
    )


def strap(minutes: int, tag: str) -> Observation:
    return observation(
        ObservationKind.DEVICE_EVENT,
        T0 + timedelta(minutes=minutes),
        "unit-1",
        attributes={v.EVENT: v.STRAP_OPENED, v.TAG: tag},
    )


def started(events: Sequence[Event]) -> list[AlarmKind]:
    return [e.kind for e in events if isinstance(e, BreachStarted)]


def ended(events: Sequence[Event]) -> list[str]:
    return [e.condition_key for e in events if isinstance(e, BreachEnded)]


def test_a_foreign_tag_in_range_does_not_end_an_absence_and_raises_tag_mismatch() -> None:
    state = SubjectState("s-1")
    away = evaluate(state, [rf(0, True), rf(1, False)], RULES, T0 + timedelta(minutes=10))
    assert started(away.events) == [AlarmKind.LEFT_DURING_PRESENCE]
    foreign = evaluate(state, [rf(11, True, tag="TAG-99")], RULES, T0 + timedelta(minutes=11))
    assert started(foreign.events) == [AlarmKind.TAG_MISMATCH]
    assert ended(foreign.events) == []
    assert state.rf_in_range is False
    back = evaluate(state, [rf(12, True)], RULES, T0 + timedelta(minutes=12))
    assert sorted(ended(back.events)) == ["presence:rf", "tag:unit-1:mismatch"]


def test_a_report_naming_no_tag_is_not_presence_when_a_tag_is_assigned() -> None:
    state = SubjectState("s-1")
    evaluate(state, [rf(0, True), rf(1, False)], RULES, T0 + timedelta(minutes=10))
    result = evaluate(state, [rf(11, True, tag=None)], RULES, T0 + timedelta(minutes=11))
    assert started(result.events) == [AlarmKind.TAG_MISMATCH]
    assert "presence:rf" in state.open_conditions


def test_a_foreign_tags_strap_event_is_not_the_persons_tamper() -> None:
    result = evaluate(SubjectState("s-1"), [rf(0, True), strap(1, "TAG-99")], RULES, T0)
    assert started(result.events) == [AlarmKind.TAG_MISMATCH]
    own = evaluate(SubjectState("s-1"), [rf(0, True), strap(1, "TAG-77")], RULES, T0)
    assert started(own.events) == [AlarmKind.STRAP_TAMPER]


def test_without_an_assigned_tag_the_units_reports_are_taken_as_they_come() -> None:
    rules = ruleset(devices=(UNIT,))
    state = SubjectState("s-1")
    evaluate(state, [rf(0, True), rf(1, False)], rules, T0 + timedelta(minutes=10))
    back = evaluate(state, [rf(11, True, tag="TAG-99")], rules, T0 + timedelta(minutes=11))
    assert ended(back.events) == ["presence:rf"]
    assert started(back.events) == []


def test_a_rule_set_given_other_devices_answers_for_its_own() -> None:
    """The tags and the home unit are worked out once per rule set (asked on every
    observation); a copy with other devices works out its own."""
    assert RULES.tags == frozenset({OWN.identifier})
    assert RULES.has_home_unit
    other = replace(RULES, devices=(DeviceRule("tag-9", "rf_tag"),))
    assert other.tags == frozenset({"tag-9"})
    assert not other.has_home_unit
    assert RULES.tags == frozenset({OWN.identifier})
