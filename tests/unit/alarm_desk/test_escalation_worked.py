"""Escalation only for what nobody works: a person's unacknowledged alarm is not escalated
while somebody works another of their alarms of the same or a higher severity; a more severe
one still is, the unresolved steps still apply, and the steps due apply once the work ends."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.unit.alarm_desk.factories import HOME_KEY, T0, alarm
from valvo.domain.alarms import AlarmKind, Severity
from valvo.domain.alarms.escalation import DEFAULT_POLICY, due_escalations, worked_people

LATER = T0 + timedelta(minutes=20)


def escalated(alarms: list[object]) -> list[tuple[str, int]]:
    typed = list(alarms)
    found = due_escalations(typed, DEFAULT_POLICY, LATER, worked_people(typed))  # type: ignore[arg-type]
    return [(a.id, step.level) for a, step in found]


def test_a_persons_second_alarm_waits_while_their_first_is_worked() -> None:
    worked = alarm()  # critical, acknowledged by an operator
    worked.acknowledge("op", T0 + timedelta(minutes=1))
    second = replace(alarm(kind=AlarmKind.INCLUSION_ZONE_LEFT, key=HOME_KEY), id="a-2")
    assert escalated([worked, second]) == []
    # Somebody else's alarm is nobody's work: it escalates.
    stranger = replace(alarm(), id="a-3", subject_id="s-2")
    assert escalated([worked, second, stranger]) == [("a-3", 2)]
    # When the work ends, the steps due apply at once.
    worked.investigate("op", T0 + timedelta(minutes=3))
    worked.resolve("op", T0 + timedelta(minutes=4), "genuine_breach")
    assert escalated([worked, second]) == [("a-2", 2)]


def test_a_more_severe_alarm_than_the_one_worked_escalates() -> None:
    worked = alarm(severity=Severity.HIGH, kind=AlarmKind.INCLUSION_ZONE_LEFT, key=HOME_KEY)
    worked.acknowledge("op", T0 + timedelta(minutes=1))
    critical = replace(alarm(), id="a-2")
    assert escalated([worked, critical]) == [("a-2", 2)]


def test_the_unresolved_step_still_applies_to_the_alarm_being_worked() -> None:
    worked = alarm(severity=Severity.HIGH, kind=AlarmKind.INCLUSION_ZONE_LEFT, key=HOME_KEY)
    worked.acknowledge("op", T0 + timedelta(minutes=1))
    hour = T0 + timedelta(minutes=61)
    found = due_escalations([worked], DEFAULT_POLICY, hour, worked_people([worked]))
    assert [(step.level, step.route) for _, step in found] == [(2, "regional_manager")]


def test_an_incident_somebody_has_taken_is_being_worked() -> None:
    """Taking ownership of an incident is working it (its state is 'being worked'): its
    unacknowledged alarms wait like a worked person's, others' alarms do not."""
    first = alarm()  # critical, unacknowledged, its own incident
    second = replace(alarm(kind=AlarmKind.STRAP_TAMPER, key=HOME_KEY), id="a-2", incident_id="a-1")
    stranger = replace(alarm(), id="a-3", subject_id="s-2")
    typed = [first, second, stranger]
    nobody = due_escalations(typed, DEFAULT_POLICY, LATER, worked_people(typed))
    assert [(a.id, step.level) for a, step in nobody] == [("a-1", 2), ("a-2", 2), ("a-3", 2)]
    taken = due_escalations(typed, DEFAULT_POLICY, LATER, worked_people(typed, {"a-1"}))
    assert [(a.id, step.level) for a, step in taken] == [("a-3", 2)]
