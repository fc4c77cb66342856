"""The grouping rule of incidents (domain/alarms/incidents.py, pure): which kinds relate, the
window (the revision's, 0 turns it off), an ongoing condition, people apart; and an incident's
state, owner, title and times."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.unit.alarm_desk.factories import T0
from valvo.domain.alarms import Alarm, AlarmKind, Explanation, Severity
from valvo.domain.alarms.alarm import DEFAULT_SEVERITY
from valvo.domain.alarms.incidents import (
    DEFAULT_WINDOW,
    IncidentState,
    group,
    place,
    related,
    summarise,
    window_of,
)

K = AlarmKind
MIN = timedelta(minutes=1)


def raised(
    n: int,
    kind: AlarmKind,
    at: datetime,
    *,
    subject: str = "s-1",
    window_s: float | None = None,
    ended_after: timedelta | None = 2 * MIN,
) -> Alarm:
    """Alarm ``a-<n>`` of ``kind`` at ``at``; its condition ends ``ended_after`` later (None:
    still going on)."""
    details = {} if window_s is None else {"thresholds": {"incident_window": window_s}}
    alarm = Alarm.raise_new(
        id=f"a-{n}",
        subject_id=subject,
        kind=kind,
        severity=DEFAULT_SEVERITY[kind],
        condition_key=f"{kind.value}:{n}",
        occurred_at=at,
        now=at,
        explanation=Explanation("x", "x", "rule", 1, details),
    )
    if ended_after is not None:
        alarm.condition_ended_at = at + ended_after
    alarm.take_pending()
    return alarm


def escape() -> list[Alarm]:
    """A strap cut, then the tag gone from home, then the zone left, then silence."""
    return [
        raised(1, K.STRAP_TAMPER, T0),
        raised(2, K.LEFT_DURING_PRESENCE, T0 + 5 * MIN),
        raised(3, K.INCLUSION_ZONE_LEFT, T0 + 12 * MIN),
        raised(4, K.DEVICE_SILENT, T0 + 50 * MIN),
    ]


def test_an_escape_is_one_incident_named_by_its_first_alarm() -> None:
    alarms = escape()
    assert group(alarms) == {a.id: "a-1" for a in alarms}
    assert [a.incident_id for a in alarms] == ["a-1"] * 4


def test_the_same_breach_seen_by_two_devices_is_one_incident() -> None:
    tracker = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    home_unit = raised(2, K.LEFT_DURING_PRESENCE, T0 + timedelta(seconds=30))
    twin = raised(3, K.INCLUSION_ZONE_LEFT, T0 + MIN)  # a second tracker, its own condition key
    assert set(group([tracker, home_unit, twin]).values()) == {"a-1"}


def test_which_kinds_relate() -> None:
    assert related(K.STRAP_TAMPER, K.INCLUSION_ZONE_LEFT)  # integrity ~ whereabouts
    assert related(K.LOW_BATTERY, K.DEVICE_SILENT)  # health ~ integrity
    assert related(K.ALCOHOL_POSITIVE, K.MISSED_TEST)  # tests ~ tests
    assert not related(K.LOW_BATTERY, K.INCLUSION_ZONE_LEFT)  # health is not whereabouts
    assert not related(K.ALCOHOL_POSITIVE, K.INCLUSION_ZONE_LEFT)
    assert not related(K.SOS_PRESSED, K.STRAP_TAMPER)
    assert not related(K.SOS_PRESSED, K.SOS_PRESSED)  # a call for help is always its own
    # Every kind has a family: a new kind without one fails here, not in the engine.
    for a in AlarmKind:
        for b in AlarmKind:
            assert related(a, b) == related(b, a)


def test_unrelated_alarms_of_one_person_stay_apart() -> None:
    zone = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    sos = raised(2, K.SOS_PRESSED, T0 + MIN)
    test = raised(3, K.ALCOHOL_POSITIVE, T0 + 2 * MIN)
    battery = raised(4, K.LOW_BATTERY, T0 + 3 * MIN)
    assert group([zone, sos, test, battery]) == {
        "a-1": "a-1",
        "a-2": "a-2",
        "a-3": "a-3",
        "a-4": "a-4",
    }


def test_a_health_alarm_joins_through_an_integrity_alarm_of_the_incident() -> None:
    zone = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    silent = raised(2, K.DEVICE_SILENT, T0 + 20 * MIN)
    battery = raised(3, K.LOW_BATTERY, T0 + 25 * MIN)
    assert group([zone, silent, battery]) == {"a-1": "a-1", "a-2": "a-1", "a-3": "a-1"}


def test_beyond_the_window_after_the_last_activity_a_new_incident_starts() -> None:
    first = raised(1, K.INCLUSION_ZONE_LEFT, T0, ended_after=10 * MIN)  # activity until +10
    near = raised(2, K.LEFT_DURING_PRESENCE, T0 + 10 * MIN + DEFAULT_WINDOW)
    assert place(near, [first]) == "a-1"
    far = raised(3, K.LEFT_DURING_PRESENCE, T0 + 10 * MIN + DEFAULT_WINDOW + MIN)
    assert place(far, [first]) == "a-3"


def test_the_window_is_the_revisions_and_zero_turns_grouping_off() -> None:
    first = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    later = raised(2, K.LEFT_DURING_PRESENCE, T0 + 40 * MIN, window_s=15 * 60)
    assert window_of(later) == timedelta(minutes=15)
    assert place(later, [first]) == "a-2"  # 38 min after the end, beyond its 15 minutes
    off = raised(3, K.LEFT_DURING_PRESENCE, T0 + 3 * MIN, window_s=0)
    assert place(off, [first]) == "a-3"
    assert window_of(raised(4, K.LOW_BATTERY, T0)) == DEFAULT_WINDOW


def test_an_ongoing_condition_keeps_its_incident_open_to_related_alarms() -> None:
    away = raised(1, K.INCLUSION_ZONE_LEFT, T0, ended_after=None)  # still out, alarm open
    hours_later = raised(2, K.DEVICE_SILENT, T0 + 5 * DEFAULT_WINDOW)
    assert place(hours_later, [away]) == "a-1"
    away.resolve("op", T0 + MIN, "technical_fault")  # closed: no longer going on
    assert place(hours_later, [away]) == "a-2"


def test_people_never_share_an_incident() -> None:
    mine = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    theirs = raised(2, K.INCLUSION_ZONE_LEFT, T0 + MIN, subject="s-2")
    assert place(theirs, [mine]) == "a-2"


def test_the_latest_active_incident_wins_when_two_qualify() -> None:
    old = raised(1, K.INCLUSION_ZONE_LEFT, T0)
    sos = raised(2, K.SOS_PRESSED, T0 + MIN)
    newer = raised(3, K.STRAP_TAMPER, T0 + 20 * MIN)
    newer.incident_id = "a-3"
    old.incident_id, sos.incident_id = "a-1", "a-2"
    # Both a-1 (ended at +2 min) and a-3 (+22 min) are within the window: the latest wins.
    joining = raised(4, K.DEVICE_SILENT, T0 + 25 * MIN)
    assert place(joining, [old, sos, newer]) == "a-3"


def test_an_incidents_state_title_and_times_follow_its_alarms() -> None:
    alarms = escape()
    group(alarms)
    incident = summarise("a-1", alarms, None)
    assert incident.state is IncidentState.OPEN
    assert (incident.title_kind, incident.severity) == (K.STRAP_TAMPER, Severity.CRITICAL)
    assert (incident.first_at, incident.last_at) == (T0, T0 + 52 * MIN)
    assert (incident.alarms, incident.open_alarms, incident.unattended) == (4, 4, 4)
    assert summarise("a-1", alarms, "olli").state is IncidentState.WORKING  # an owner
    alarms[1].acknowledge("olli", T0 + 6 * MIN)
    worked = summarise("a-1", alarms, None)
    assert (worked.state, worked.unattended) == (IncidentState.WORKING, 3)
    for alarm in alarms:
        if alarm.is_open:
            alarm.resolve("olli", T0 + 60 * MIN, "genuine_breach")
    assert summarise("a-1", alarms, "olli").state is IncidentState.CLOSED
    alarms[0].reopen("sup", T0 + 70 * MIN, "not done")
    assert summarise("a-1", alarms, "olli").state is IncidentState.WORKING


def test_the_title_is_the_most_severe_alarm_the_earliest_among_equals() -> None:
    alarms = [
        raised(1, K.LEFT_DURING_PRESENCE, T0),  # high
        raised(2, K.VICTIM_ZONE_ENTERED, T0 + MIN),  # critical
        raised(3, K.STRAP_TAMPER, T0 + 2 * MIN),  # critical, later
    ]
    assert summarise("a-1", alarms, None).title_kind is K.VICTIM_ZONE_ENTERED
