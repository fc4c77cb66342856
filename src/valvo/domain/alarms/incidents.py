"""Incidents: a person's related alarms grouped into one unit of work (issue 20).

The grouping rule (docs/alarm-desk.md, "Incidents"):

- Kinds fall in families: **whereabouts** (zones, required presence, victims' zones, the home
  unit's tag and range, activity attendance, a failed identity check of phone monitoring),
  **device integrity** (strap and case tamper, a silent device, no location, jamming, lost
  mains power), **device health** (low battery, clock drift), **substance tests** (alcohol,
  missed test, identity). Whereabouts and integrity relate to each other and themselves (a
  strap cut, then the tag gone from home, then the zone left, then silence: one escape); health
  relates to integrity and itself; tests only to tests. An SOS
  relates to nothing: a call for help is always its own incident, never folded under another.
- A new alarm joins the person's incident that holds an alarm of a related kind and whose last
  activity (an occurrence, or a condition ending) is at most the **incident window** before the
  new alarm's breach (``Thresholds.incident_window``, 60 minutes in revision 1, versioned per
  order type; 0: every alarm its own incident), or that holds an open alarm whose condition is
  still going on. Among several, the one with the latest activity. Otherwise it opens its own
  incident, whose id is the alarm's own.
- The incident is a view and a unit of work: it hides no alarm (each keeps its trail, its
  statistics and its cause). Its state follows its alarms: **closed** when every alarm is
  resolved, **being worked** while it has an owner or one of its alarms is acknowledged or
  under investigation, else **open**. Its title is its most severe alarm's kind (the earliest
  among equals), its first and last times those of its alarms.

Pure: the engine's intake hands in the person's recent alarms; the desk hands in an incident's
alarms and its owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.alarm import AlarmKind, AlarmStatus, Severity
from valvo.domain.choices import Choice

DEFAULT_WINDOW = timedelta(minutes=60)
K = AlarmKind


class Family(StrEnum):
    WHEREABOUTS = "whereabouts"
    INTEGRITY = "integrity"
    HEALTH = "health"
    TESTS = "tests"
    CALL_FOR_HELP = "call_for_help"


FAMILY: Mapping[AlarmKind, Family] = {
    **{
        k: Family.WHEREABOUTS
        for k in (
            K.EXCLUSION_ZONE_ENTERED,
            K.EXCLUSION_ZONE_CROSSED,
            K.INCLUSION_ZONE_LEFT,
            K.LEFT_DURING_PRESENCE,
            K.LATE_ARRIVAL,
            K.NOT_BACK_AFTER_ABSENCE,
            K.VICTIM_ZONE_ENTERED,
            K.VICTIM_BUFFER_ENTERED,
            K.VICTIM_ZONE_CROSSED,
            K.RF_RANGE_CONFLICT,
            K.TAG_MISMATCH,
            K.ACTIVITY_ATTENDANCE,
            K.IDENTITY_CHECK_FAILED,  # phone monitoring: the person not shown to be there
        )
    },
    **{
        k: Family.INTEGRITY
        for k in (
            K.STRAP_TAMPER,
            K.CASE_TAMPER,
            K.DEVICE_SILENT,
            K.NO_LOCATION,
            K.GPS_JAMMING,
            K.HOME_UNIT_POWER_LOST,
        )
    },
    K.LOW_BATTERY: Family.HEALTH,
    K.CLOCK_DRIFT: Family.HEALTH,
    K.ALCOHOL_POSITIVE: Family.TESTS,
    K.MISSED_TEST: Family.TESTS,
    K.IDENTITY_MISMATCH: Family.TESTS,
    K.SOS_PRESSED: Family.CALL_FOR_HELP,
}

# Which families relate (symmetric; a family not listed with itself never groups).
_RELATED: frozenset[frozenset[Family]] = frozenset(
    frozenset(pair)
    for pair in (
        (Family.WHEREABOUTS,),
        (Family.WHEREABOUTS, Family.INTEGRITY),
        (Family.INTEGRITY,),
        (Family.INTEGRITY, Family.HEALTH),
        (Family.HEALTH,),
        (Family.TESTS,),
    )
)


def related(a: AlarmKind, b: AlarmKind) -> bool:
    """Whether alarms of kinds ``a`` and ``b`` of one person may be one incident."""
    return frozenset((FAMILY[a], FAMILY[b])) in _RELATED


class IncidentState(StrEnum):
    OPEN = "open"
    WORKING = "working"
    CLOSED = "closed"


STATE_CHOICES: Mapping[IncidentState, Choice] = {
    IncidentState.OPEN: Choice("open", "Open", "Avoin", "#dc2626"),
    IncidentState.WORKING: Choice("working", "Being worked", "Työn alla", "#d97706"),
    IncidentState.CLOSED: Choice("closed", "Closed", "Suljettu", "#16a34a"),
}


def window_of(alarm: Alarm, default: timedelta = DEFAULT_WINDOW) -> timedelta:
    """The incident window of the threshold revision the alarm's breach ran under (recorded in
    its explanation), else ``default``."""
    thresholds = alarm.explanation.details.get("thresholds")
    seconds = thresholds.get("incident_window") if isinstance(thresholds, Mapping) else None
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds >= 0:
        return timedelta(seconds=seconds)
    return default


def incident_of(alarm: Alarm) -> str:
    """The alarm's incident (its own id when it has none recorded: an alarm stored before)."""
    return alarm.incident_id or alarm.id


def last_activity(alarm: Alarm) -> datetime:
    """The latest thing that happened in the alarm's condition: its last occurrence or end."""
    times = [alarm.occurred_at, alarm.last_occurred_at, alarm.condition_ended_at]
    return max(t for t in times if t is not None)


def ongoing(alarm: Alarm) -> bool:
    """An open alarm whose condition has not ended (the breach still goes on)."""
    return alarm.is_open and alarm.condition_ended_at is None


def place(alarm: Alarm, recent: Iterable[Alarm], window: timedelta | None = None) -> str:
    """The incident a new ``alarm`` joins among the person's ``recent`` alarms (any status, each
    with its incident), or its own id. ``window``: the incident window (default: the alarm's
    revision's)."""
    window = window_of(alarm) if window is None else window
    if window <= timedelta(0):
        return alarm.id
    members: dict[str, list[Alarm]] = {}
    for other in recent:
        if other.subject_id == alarm.subject_id and other.id != alarm.id:
            members.setdefault(incident_of(other), []).append(other)
    best: tuple[datetime, str] | None = None
    for incident_id, alarms in members.items():
        if not any(related(alarm.kind, other.kind) for other in alarms):
            continue
        latest = max(last_activity(other) for other in alarms)
        live = any(ongoing(other) for other in alarms)
        first = min(other.occurred_at for other in alarms)
        near = first - window <= alarm.occurred_at <= latest + window
        if live or near:
            key = (latest, incident_id)
            best = key if best is None or key > best else best
    return alarm.id if best is None else best[1]


def group(alarms: Sequence[Alarm], window: timedelta | None = None) -> dict[str, str]:
    """Every alarm's incident (alarm id → incident id), placing them in the order they were
    raised as the engine's intake does (the bench and the tests use it on finished alarms;
    each alarm's ``incident_id`` is set as it is placed)."""
    placed: list[Alarm] = []
    result: dict[str, str] = {}
    for alarm in sorted(alarms, key=lambda a: (a.raised_at, a.occurred_at, a.id)):
        alarm_window = window_of(alarm) if window is None else window
        alarm.incident_id = result[alarm.id] = place(alarm, placed, alarm_window)
        placed.append(alarm)
    return result


_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}
_WORKED = frozenset({AlarmStatus.ACKNOWLEDGED, AlarmStatus.INVESTIGATING})


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    subject_id: str
    state: IncidentState
    owner: str | None
    title_kind: AlarmKind  # the most severe alarm's kind (the earliest among equals)
    severity: Severity
    first_at: datetime
    last_at: datetime
    alarm_ids: tuple[str, ...]  # oldest first
    open_alarms: int
    unattended: int  # raised or reopened, nobody has acknowledged them
    occurrences: int

    @property
    def alarms(self) -> int:
        return len(self.alarm_ids)


def summarise(incident_id: str, alarms: Sequence[Alarm], owner: str | None) -> Incident:
    """The incident of ``alarms`` (at least one, one person's) and its ``owner``."""
    if not alarms:
        raise ValueError(f"incident {incident_id} has no alarms")
    ordered = sorted(alarms, key=lambda a: (a.occurred_at, a.id))
    title = min(ordered, key=lambda a: (-_RANK[a.severity], a.occurred_at, a.id))
    open_ = [a for a in ordered if a.is_open]
    if not open_:
        state = IncidentState.CLOSED
    elif owner or any(a.status in _WORKED for a in open_):
        state = IncidentState.WORKING
    else:
        state = IncidentState.OPEN
    return Incident(
        id=incident_id,
        subject_id=ordered[0].subject_id,
        state=state,
        owner=owner,
        title_kind=title.kind,
        severity=title.severity,
        first_at=ordered[0].occurred_at,
        last_at=max(last_activity(a) for a in ordered),
        alarm_ids=tuple(a.id for a in ordered),
        open_alarms=len(open_),
        unattended=sum(a.status in (AlarmStatus.RAISED, AlarmStatus.REOPENED) for a in ordered),
        occurrences=sum(a.occurrences for a in ordered),
    )
