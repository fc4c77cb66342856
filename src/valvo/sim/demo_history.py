"""The demo's last 24 hours, so a fresh demo opens with history to play back, statistics and a
shift log: each person's tracker reports a fix every two minutes and the home units (of the
people at home, as in the mixed fleet) report their tag's range and a comms test, following
each persona and the weekly plan the demo gave them; the intruders walk into the protected
address's zone once, the curfew breaker slips out in the evening and one walker comes home
late.

It goes through the real pipeline: the records are the protocol layer's (``DecodedRecord``),
framed and appended to the observation log as the gateway does (``to_frame``,
``append_frames``), and the engine's worker evaluates them in five-minute steps of the past
day, its clock set to each step, so the alarms are what the engine raised (and closed by
itself within the grace). Then the desk works some of them as an operator would have:
acknowledged and resolved with a cause a few minutes after they were raised, a note in the
shift log; the rest stay open. Times are reckoned from ``now`` in UTC; local wall times (the
intrusion in the afternoon, the evening curfew) are converted from Helsinki time on their day,
never across a DST gap."""

from __future__ import annotations

import math
import random
import time as timer
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.domain.geo.projection import LocalProjection
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord
from valvo.protocols.valvo.events import event_record
from valvo.services.alarm_commands import AcknowledgeAlarm, ResolveAlarm
from valvo.services.alarm_desk_commands import AddShiftNote
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.telemetry import RawFrame
from valvo.sim.seed import Persona, SimPerson, ensure_home_unit, may_be_out

HOURS = 24
# A tracker fixes every 2 minutes on the move and every 6 at rest (motion-based reporting, well
# inside the 10 minutes after which it counts as silent); it sends what it buffered once a step.
FIX_EVERY = timedelta(minutes=2)
AT_REST_EVERY = 3  # ticks of FIX_EVERY
STEP = timedelta(minutes=15)  # the engine's clock advances in these steps over the past day
COMMS_EVERY = timedelta(minutes=12)  # a home unit's comms test (silent after 15 minutes)
HELSINKI = ZoneInfo("Europe/Helsinki")
OPERATOR = "operator"  # the demo's operator (sim/staff_seed.py)


@dataclass(slots=True)
class HistoryReport:
    observations: int = 0
    alarms: int = 0
    closed: int = 0
    open: int = 0
    seconds: float = 0.0


def local_before(now: datetime, at: time, earliest: datetime) -> datetime | None:
    """The last instant before ``now`` (and not before ``earliest``) that was ``at`` on a
    Helsinki wall clock, in UTC; None when the window holds none."""
    day = now.astimezone(HELSINKI).date()
    for back in range(3):
        candidate = datetime.combine(day - timedelta(days=back), at, tzinfo=HELSINKI)
        instant = candidate.astimezone(now.tzinfo)
        if earliest <= instant < now:
            return instant
    return None


@dataclass(slots=True)
class _Walk:
    """Where a person is at an instant: metres east and north of home, tag in range or not."""

    person: SimPerson
    # start, end, east and north of home (metres), minutes it takes to get there or back
    outings: list[tuple[datetime, datetime, float, float, float]]

    def moving(self, when: datetime) -> bool:
        """Out, or within a fix of leaving or coming back."""
        margin = FIX_EVERY * AT_REST_EVERY
        return any(start - margin <= when < end + margin for start, end, *_ in self.outings)

    def at(self, when: datetime) -> tuple[float, float]:
        for start, end, east, north, ramp in self.outings:
            if start <= when < end:
                took = timedelta(minutes=ramp)
                share = max(0.0, min(1.0, (when - start) / took, (end - when) / took))
                return east * share, north * share
        return 0.0, 0.0


def _plan_outings(person: SimPerson, index: int, start: datetime, now: datetime) -> _Walk:
    """The person's outings in [start, now): the plan's absences for walkers and homebodies,
    a walk into the protected zone for intruders, slips out of the curfew for its breaker."""
    rng = random.Random(index)
    outings: list[tuple[datetime, datetime, float, float, float]] = []
    if person.persona in (Persona.WALKER, Persona.HOMEBODY):
        away = (rng.uniform(-1, 1) * 1500, 1500.0 + rng.uniform(0, 800))
        if person.persona is Persona.HOMEBODY:
            away = (0.0, 700.0)
        when, out_since = start, None
        while when < now:
            out = may_be_out(person, when)
            if out and out_since is None:
                out_since = when
            elif not out and out_since is not None:
                # One walker (the first) comes home 12 minutes late from one outing.
                late = timedelta(minutes=12) if index == 1 and not outings else timedelta()
                outings.append((out_since, when - timedelta(minutes=2) + late, *away, 12.0))
                out_since = None
            when += FIX_EVERY
        if out_since is not None:
            outings.append((out_since, now + timedelta(hours=1), *away, 12.0))
    elif person.persona is Persona.INTRUDER and person.exclusion is not None:
        home = LocalProjection(*person.home)
        east, north = home.to_metres(*person.exclusion)
        entered = local_before(now - timedelta(hours=1), time(14 + index % 3, 10), start)
        if entered is not None:
            outings.append((entered, entered + timedelta(minutes=45), east, north, 12.0))
    elif person.persona is Persona.CURFEW_BREAKER:
        evening = local_before(now - timedelta(hours=1), time(21, 0), start)
        if evening is not None:
            for minutes, length in ((0, 7), (20, 7), (90, 30)):
                begin = evening + timedelta(minutes=minutes)
                # Out of the door at once: the tag leaves the unit's range at the first step.
                outings.append((begin, begin + timedelta(minutes=length), 250.0, 250.0, 0.5))
    return _Walk(person, outings)


def _fix(person: SimPerson, walk: _Walk, when: datetime, rng: random.Random) -> DecodedRecord:
    east, north = walk.at(when)
    moving = (east, north) != (0.0, 0.0)
    accuracy = 12.0 if moving else 25.0
    sigma = accuracy / 3
    lon, lat = LocalProjection(*person.home).to_degrees(
        east + rng.gauss(0, sigma), north + rng.gauss(0, sigma)
    )
    return DecodedRecord(
        type="position",
        time=when,
        lat=lat,
        lon=lon,
        valid=True,
        accuracy_m=accuracy,
        satellites=9 if moving else 5,
        speed_kmh=4.5 if moving else 0.0,
        battery_pct=90.0 - 40.0 * ((when.timestamp() / 86400) % 1),
    )


def _unit_records(
    unit: str, tag: str, walk: _Walk, when: datetime, was_in: bool, rng: random.Random
) -> tuple[list[DecodedRecord], bool]:
    """The home unit's events in the two minutes to ``when``: a range change, a comms test."""
    east, north = walk.at(when)
    inside = math.hypot(east, north) < 40
    events = []
    stamp = when.isoformat().replace("+00:00", "Z")
    if inside != was_in:
        kind = "tag_in_range" if inside else "tag_out_of_range"
        events.append({"type": kind, "time": stamp, "tag": tag, "rssi": rng.randint(-90, -60)})
    if when.timestamp() % COMMS_EVERY.total_seconds() < FIX_EVERY.total_seconds():
        events.append({"type": "comms_test", "time": stamp, "channel": "lte", "rssi": -77})
    return [event_record(i, e, unit, 0) for i, e in enumerate(events)], inside


def _home_units(valvo: Valvo, people: list[SimPerson], since: datetime) -> dict[str, str]:
    """The home units of the people at home (those the mixed fleet drives), registered and
    assigned from ``since`` if missing: person's device -> unit identifier."""
    units = {}
    with valvo.uow() as uow:
        for person in people:
            unit_id = ensure_home_unit(uow, person, since)
            if unit_id is not None:
                units[person.device] = unit_id
        uow.commit()
    return units


def seed_history(valvo: Valvo, people: list[SimPerson], now: datetime) -> HistoryReport:
    """The last ``HOURS`` of the fleet through the gateway's log and the engine, then some of
    the alarms worked at the desk. For a fresh demo database (the people registered at
    ``now``); it adds nothing where observations are already stored."""
    began = timer.perf_counter()
    report = HistoryReport()
    with valvo.db.connect() as conn:
        if conn.execute(select(t.observations.c.seq).limit(1)).first() is not None:
            return report
    start = now - timedelta(hours=HOURS) + STEP
    units = _home_units(valvo, people, start)
    walks = [_plan_outings(p, i, start, now) for i, p in enumerate(people)]
    rngs = [random.Random(1000 + i) for i in range(len(people))]
    inside = {p.device: True for p in people}
    log = valvo.observation_log()
    worker = valvo.engine_worker()
    clock = start
    while clock <= now:
        # Each device sends what it buffered during the step in one frame, as trackers do.
        fixes: dict[str, list[DecodedRecord]] = {p.device: [] for p in people}
        events: dict[str, list[DecodedRecord]] = {u: [] for u in units.values()}
        when = clock - STEP + FIX_EVERY
        while when <= clock:
            tick = int(when.timestamp() // FIX_EVERY.total_seconds())
            for person, walk, rng in zip(people, walks, rngs, strict=True):
                if walk.moving(when) or tick % AT_REST_EVERY == 0:
                    fixes[person.device].append(_fix(person, walk, when, rng))
                unit = units.get(person.device)
                if unit is not None:
                    records, inside[person.device] = _unit_records(
                        unit, f"tag-{person.device}", walk, when, inside[person.device], rng
                    )
                    events[unit].extend(records)
            when += FIX_EVERY
        frames = [_frame(d, "osmand", r, clock) for d, r in fixes.items() if r]
        frames += [_frame(u, "valvo", r, clock) for u, r in events.items() if r]
        log.append_frames(frames)
        report.observations += sum(len(f.entries) for f in frames)
        while worker.step(clock).observations:
            pass
        clock += STEP
    _work_the_desk(valvo, now, report)
    report.seconds = timer.perf_counter() - began
    return report


def _frame(device: str, protocol: str, records: list[DecodedRecord], when: datetime) -> RawFrame:
    received = when + timedelta(seconds=3)
    raw = f"demo history {device} {when.isoformat()}".encode()
    return to_frame(
        tuple(records),
        protocol=protocol,
        raw=raw,
        peer="demo",
        received_at=received,
        session_device=device,
    )


# How the desk closed alarms of each kind in the demo's past day (the rest stay open).
_CAUSES = {
    "exclusion_zone_entered": (
        "genuine_breach",
        "Called the person; confirmed, case officer told.",
    ),
    "left_during_presence": ("authorised_absence", "Took the rubbish out; back within minutes."),
    "inclusion_zone_left": ("authorised_absence", "Delayed by the bus; called in."),
}


def _work_the_desk(valvo: Valvo, now: datetime, report: HistoryReport) -> None:
    """Acknowledge and resolve the first open alarm of each kind above a few minutes after it
    was raised; note the handover in the shift log. The others stay open."""
    a = t.alarms
    with valvo.db.connect() as conn:
        rows = list(
            conn.execute(
                select(a.c.id, a.c.kind, a.c.status, a.c.raised_at).order_by(a.c.raised_at)
            )
        )
    done: set[str] = set()
    for row in rows:
        if row.status == "resolved" or row.kind in done or row.kind not in _CAUSES:
            continue
        raised = row.raised_at if row.raised_at.tzinfo else row.raised_at.replace(tzinfo=now.tzinfo)
        cause, note = _CAUSES[row.kind]
        acknowledged, resolved = raised + timedelta(minutes=3), raised + timedelta(minutes=24)
        if resolved >= now:
            continue
        try:
            valvo.bus.handle(AcknowledgeAlarm(actor=OPERATOR, at=acknowledged, alarm_id=row.id))
            valvo.bus.handle(
                ResolveAlarm(actor=OPERATOR, at=resolved, alarm_id=row.id, cause=cause, note=note)
            )
        except (Conflict, InvalidInput):
            continue
        done.add(row.kind)
    note_at = now - timedelta(hours=2)
    valvo.bus.handle(
        AddShiftNote(
            actor=OPERATOR,
            at=note_at,
            text="Day shift: the protected-address breach confirmed and passed to the case "
            "officer; the curfew alarms still open are with the evening shift.",
        )
    )
    with valvo.db.connect() as conn:
        statuses = [r.status for r in conn.execute(select(a.c.status))]
    report.alarms = len(statuses)
    report.closed = sum(s == "resolved" for s in statuses)
    report.open = report.alarms - report.closed
