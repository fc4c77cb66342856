"""From breaches to alarms: new alarms, occurrences of open ones, self-clearing within grace,
recurrence after a self-clear, priority by order type, review handling."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.alarm_desk.factories import T0, VICTIM_KEY, ended, started
from valvo.domain.alarms import AlarmKind, AlarmStatus, Handling, Severity
from valvo.domain.alarms.intake import alarm_id, take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.alarms.trail import Action, Notice, TrailEntry

POLICY = IntakePolicy()
NOW = T0 + timedelta(minutes=30)


def actions(alarm: object) -> list[str]:
    pending = alarm.take_pending()  # type: ignore[attr-defined]
    return [c.action.value for c in pending if isinstance(c, TrailEntry)]


def test_a_breach_raises_an_alarm_with_a_deterministic_id() -> None:
    result = take_in([started(T0)], [], {}, POLICY, NOW)
    (alarm,) = result.alarms
    assert result.new_ids == {alarm.id}
    assert alarm.id == alarm_id("s-1", "inclusion:home", T0)
    assert (alarm.status, alarm.severity, alarm.occurrences) == (
        AlarmStatus.RAISED,
        Severity.HIGH,
        1,
    )
    assert alarm.raised_at == NOW


def test_priority_and_handling_follow_the_order_type() -> None:
    policy = IntakePolicy(handling_by_order_type={"travel_ban": Handling.REVIEW})
    result = take_in([started(T0)], [], {"s-1": ["travel_ban"]}, policy, NOW)
    (alarm,) = result.alarms
    assert (alarm.severity, alarm.order_type, alarm.handling) == (
        Severity.CRITICAL,
        "travel_ban",
        Handling.REVIEW,
    )
    # Two orders: the most demanding wins (real-time if either order asks for it).
    both = take_in(
        [started(T0)], [], {"s-1": ["travel_ban", "monitoring_sentence"]}, policy, NOW
    ).alarms[0]
    assert (both.severity, both.handling) == (Severity.CRITICAL, Handling.REALTIME)


def test_a_repeat_while_open_is_one_more_occurrence_not_a_new_alarm() -> None:
    first = take_in([started(T0)], [], {}, POLICY, NOW).alarms[0]
    first.take_pending()
    first.acknowledge("op", NOW)  # somebody is on it: no self-clear
    first.take_pending()
    again = take_in(
        [ended(T0 + timedelta(minutes=3)), started(T0 + timedelta(minutes=4), seq=9)],
        [first],
        {},
        POLICY,
        NOW + timedelta(minutes=5),
    )
    assert again.new_ids == set()
    (alarm,) = again.alarms
    assert alarm is first
    assert (alarm.occurrences, alarm.last_occurred_at) == (2, T0 + timedelta(minutes=4))
    assert alarm.condition_ended_at is None
    assert alarm.evidence_seqs == (1, 9)
    pending = alarm.take_pending()
    assert [c.action.value for c in pending if isinstance(c, TrailEntry)] == [
        "condition_ended",
        "occurrence",
    ]
    assert not [c for c in pending if isinstance(c, Notice)]  # no new notification: no flood


def test_back_within_grace_before_anyone_acknowledged_closes_itself_and_says_so() -> None:
    result = take_in([started(T0), ended(T0 + timedelta(minutes=7))], [], {}, POLICY, NOW)
    (alarm,) = result.alarms
    assert (alarm.status, alarm.cause, alarm.resolved_by) == (
        AlarmStatus.RESOLVED,
        "self_cleared",
        "system",
    )
    assert alarm.note is not None
    assert "Closed automatically" in alarm.note
    assert "7 min" in alarm.note
    assert "10-minute grace" in alarm.note
    pending = alarm.take_pending()
    closed = [c for c in pending if isinstance(c, TrailEntry) and c.action is Action.AUTO_CLOSED]
    assert closed[0].details["text_fi"].startswith("Suljettu automaattisesti")
    assert closed[0].details["cause"] == "self_cleared"
    assert [(c.event, c.route) for c in pending if isinstance(c, Notice)] == [
        ("raised", "desk"),
        ("auto_closed", "desk"),
    ]


def test_back_after_the_grace_leaves_the_alarm_open() -> None:
    result = take_in([started(T0), ended(T0 + timedelta(minutes=11))], [], {}, POLICY, NOW)
    (alarm,) = result.alarms
    assert alarm.status is AlarmStatus.RAISED
    assert alarm.condition_ended_at == T0 + timedelta(minutes=11)
    assert actions(alarm) == ["raised", "condition_ended"]


def test_an_acknowledged_alarm_never_closes_itself() -> None:
    alarm = take_in([started(T0)], [], {}, POLICY, NOW).alarms[0]
    alarm.acknowledge("op", T0 + timedelta(minutes=1))
    take_in([ended(T0 + timedelta(minutes=2))], [alarm], {}, POLICY, NOW)
    assert alarm.status is AlarmStatus.ACKNOWLEDGED


def test_an_exclusion_zone_never_closes_itself() -> None:
    events = [
        started(T0, VICTIM_KEY, AlarmKind.EXCLUSION_ZONE_ENTERED),
        ended(T0 + timedelta(minutes=1), VICTIM_KEY),
    ]
    (alarm,) = take_in(events, [], {}, POLICY, NOW).alarms
    assert (alarm.status, alarm.severity) == (AlarmStatus.RAISED, Severity.CRITICAL)


def test_flapping_in_one_batch_is_one_alarm() -> None:
    events = []
    for minute in (0, 2, 4, 6):
        events += [
            started(T0 + timedelta(minutes=minute)),
            ended(T0 + timedelta(minutes=minute + 1)),
        ]
    result = take_in(events, [], {}, POLICY, NOW)
    (alarm,) = result.alarms
    assert len(result.new_ids) == 1
    assert alarm.occurrences == 4
    assert alarm.status is AlarmStatus.RESOLVED
    assert alarm.cause == "self_cleared"
    assert actions(alarm).count("reopened") == 3


def test_a_recurrence_soon_after_self_clearing_reopens_the_same_alarm() -> None:
    alarm = take_in([started(T0), ended(T0 + timedelta(minutes=5))], [], {}, POLICY, NOW).alarms[0]
    alarm.take_pending()
    result = take_in([started(T0 + timedelta(minutes=20))], [alarm], {}, POLICY, NOW)
    assert result.new_ids == set()
    assert (alarm.status, alarm.occurrences, alarm.reopened_by) == (
        AlarmStatus.REOPENED,
        2,
        "system",
    )
    assert actions(alarm) == ["reopened", "occurrence"]
    # Once reopened by Valvo it may still close itself again within grace.
    take_in([ended(T0 + timedelta(minutes=22))], [alarm], {}, POLICY, NOW)
    assert alarm.cause == "self_cleared"


def test_a_recurrence_long_after_self_clearing_is_a_new_alarm() -> None:
    old = take_in([started(T0), ended(T0 + timedelta(minutes=5))], [], {}, POLICY, NOW).alarms[0]
    later = T0 + timedelta(minutes=5) + POLICY.regroup_window + timedelta(seconds=1)
    result = take_in([started(later)], [old], {}, POLICY, later)
    (fresh,) = result.alarms
    assert fresh.id != old.id
    assert result.new_ids == {fresh.id}


def test_ends_without_an_alarm_and_other_events_change_nothing() -> None:
    assert take_in([ended(T0), object()], [], {}, POLICY, NOW).alarms == []
