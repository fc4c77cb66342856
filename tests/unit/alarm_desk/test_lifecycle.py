"""The alarm's life: raised → acknowledged → investigating → resolved with a cause, reopened,
escalated, noted; every step leaves a trail entry and, where someone must be told, a notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from tests.unit.alarm_desk.factories import T0, alarm
from valvo.domain.alarms import AlarmStatus, AlarmTransitionError, Handling
from valvo.domain.alarms.trail import Action, BreachConfirmed, Change, Notice, TrailEntry


def trail(changes: Sequence[Change]) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (
            c.action.value,
            c.from_status and c.from_status.value,
            c.to_status and c.to_status.value,
            c.actor,
        )
        for c in changes
        if isinstance(c, TrailEntry)
    ]


def notices(changes: Sequence[Change]) -> list[tuple[str, str]]:
    return [(c.event, c.route) for c in changes if isinstance(c, Notice)]


def test_a_new_realtime_alarm_is_in_the_trail_and_tells_the_desk() -> None:
    changes = alarm().take_pending()
    assert trail(changes) == [("raised", None, "raised", "system")]
    assert notices(changes) == [("raised", "desk")]


def test_an_alarm_handled_by_review_tells_nobody_at_once() -> None:
    changes = alarm(handling=Handling.REVIEW).take_pending()
    assert trail(changes) == [("raised", None, "raised", "system")]
    assert notices(changes) == []


def test_full_workflow_records_who_when_and_from_to() -> None:
    a = alarm()
    a.take_pending()
    a.acknowledge("op1", T0 + timedelta(minutes=1))
    a.investigate("op2", T0 + timedelta(minutes=2), "calling the person")
    a.resolve("op2", T0 + timedelta(minutes=9), "gps_rf_noise", "indoors, bad fix")
    changes = a.take_pending()
    assert trail(changes) == [
        ("acknowledged", "raised", "acknowledged", "op1"),
        ("investigating", "acknowledged", "investigating", "op2"),
        ("resolved", "investigating", "resolved", "op2"),
    ]
    entries = [c for c in changes if isinstance(c, TrailEntry)]
    assert entries[1].note == "calling the person"
    assert entries[2].details["verdict"] == "false"
    assert (a.acknowledged_by, a.investigating_by, a.resolved_by) == ("op1", "op2", "op2")
    assert (a.cause, a.note) == ("gps_rf_noise", "indoors, bad fix")
    assert a.take_pending() == []  # taken once


def test_investigating_a_raised_alarm_acknowledges_it() -> None:
    a = alarm()
    a.investigate("op", T0 + timedelta(seconds=40))
    assert a.status is AlarmStatus.INVESTIGATING
    assert a.acknowledged_at == T0 + timedelta(seconds=40)


def test_refused_transitions() -> None:
    a = alarm()
    a.investigate("op", T0)
    with pytest.raises(AlarmTransitionError, match="investigating; it cannot be acknowledged"):
        a.acknowledge("op", T0)
    a.resolve("op", T0, "duplicate")
    with pytest.raises(AlarmTransitionError, match="resolved"):
        a.investigate("op", T0)
    with pytest.raises(AlarmTransitionError, match="person"):
        alarm().acknowledge("  ", T0)


@pytest.mark.parametrize("cause", ["self_cleared", "because", ""])
def test_only_declared_causes_a_person_may_choose(cause: str) -> None:
    with pytest.raises(AlarmTransitionError, match="cause"):
        alarm().resolve("op", T0, cause)


def test_a_confirmed_breach_goes_to_the_case_work() -> None:
    a = alarm()
    a.take_pending()
    a.resolve("op", T0 + timedelta(minutes=3), "genuine_breach", "police informed")
    changes = a.take_pending()
    (confirmed,) = [c for c in changes if isinstance(c, BreachConfirmed)]
    assert (confirmed.alarm_id, confirmed.subject_id, confirmed.confirmed_by) == (
        "a-1",
        "s-1",
        "op",
    )
    assert confirmed.occurred_at == T0
    assert confirmed.confirmed_at == T0 + timedelta(minutes=3)
    assert notices(changes) == [("breach_confirmed", "cases")]


def test_reopen_needs_a_reason_and_starts_the_work_again() -> None:
    a = alarm()
    a.resolve("op", T0, "technical_fault")
    with pytest.raises(AlarmTransitionError, match="note"):
        a.reopen("sup", T0 + timedelta(hours=1), "  ")
    a.take_pending()
    a.reopen("sup", T0 + timedelta(hours=1), "the device was fine; look again")
    assert a.status is AlarmStatus.REOPENED
    assert (a.cause, a.resolved_at, a.reopen_count) == (None, None, 1)
    assert a.clock_start == T0 + timedelta(hours=1)
    (entry,) = [c for c in a.take_pending() if isinstance(c, TrailEntry)]
    assert entry.details["previous_cause"] == "technical_fault"
    a.resolve("op", T0 + timedelta(hours=2), "genuine_breach")
    assert a.cause == "genuine_breach"


def test_escalation_goes_up_only_and_tells_the_route() -> None:
    a = alarm()
    a.take_pending()
    a.escalate(1, "duty_supervisor", T0 + timedelta(minutes=5), reason="unacknowledged")
    with pytest.raises(AlarmTransitionError, match="already at escalation level 1"):
        a.escalate(1, "duty_supervisor", T0 + timedelta(minutes=6))
    changes = a.take_pending()
    assert notices(changes) == [("escalated", "duty_supervisor")]
    (entry,) = [c for c in changes if isinstance(c, TrailEntry)]
    assert entry.details == {"from_level": 0, "to_level": 1, "route": "duty_supervisor"}
    assert entry.from_status == entry.to_status == AlarmStatus.RAISED
    a.resolve("op", T0 + timedelta(minutes=7), "other")
    assert ("resolved", "duty_supervisor") in notices(a.take_pending())
    with pytest.raises(AlarmTransitionError, match="resolved; it cannot be escalated"):
        a.escalate(2, "regional_manager", T0 + timedelta(minutes=8))


def test_a_note_changes_nothing_but_the_trail() -> None:
    a = alarm()
    a.take_pending()
    a.add_note("op", T0 + timedelta(minutes=1), "  phoned, no answer ")
    (entry,) = a.take_pending()
    assert isinstance(entry, TrailEntry)
    assert (entry.action, entry.note, a.status) == (
        Action.NOTE,
        "phoned, no answer",
        AlarmStatus.RAISED,
    )
    with pytest.raises(AlarmTransitionError, match="text"):
        a.add_note("op", T0, " ")
    with pytest.raises(AlarmTransitionError, match="2000"):
        a.add_note("op", T0, "x" * 2001)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        alarm().investigate("op", datetime(2026, 1, 1))  # noqa: DTZ001
