"""Attendance at an activity place reconciled with the GPS record (issue 7, "tied to
monitoring"; S53).

The place's contact person confirms whether the person attended a session; the GPS record says
how much of the session the person's fixes were inside the place's zone, each fix judged with
its accuracy (``PreparedZone.place``: inside or outside only with the configured confidence).
The two together give an outcome and what to do about it:

- both say present → consistent (late or early leaving → follow-up);
- both say absent → **no-show** → open a breach record on the case;
- they disagree → **mismatch** → an alarm for an operator to check;
- the partner has not answered in time → the GPS verdict alone (absent → alarm, present →
  follow-up: ask the partner);
- no fixes during the session → follow-up (device or coverage problem), unless the partner
  reports absence (no-show).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from valvo.domain.clock import require_aware
from valvo.domain.geo import Placement, PreparedZone

MAX_GAP = timedelta(minutes=15)  # a fix stands for at most this long
CONFIRMATION_GRACE = timedelta(hours=24)


class Statement(StrEnum):
    ATTENDED = "attended"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT = "absent"


class GpsVerdict(StrEnum):
    PRESENT = "present"
    PARTIAL = "partial"
    ABSENT = "absent"
    NO_DATA = "no_data"


class Outcome(StrEnum):
    PENDING = "pending"
    CONSISTENT = "consistent"
    NO_SHOW = "no_show"
    MISMATCH = "mismatch"
    UNCONFIRMED = "unconfirmed"
    NO_GPS = "no_gps"


class Action(StrEnum):
    NONE = "none"
    FOLLOW_UP = "follow_up"
    ALARM = "alarm"
    BREACH_RECORD = "breach_record"


@dataclass(frozen=True, slots=True)
class Fix:
    time: datetime
    lon: float
    lat: float
    accuracy_m: float | None


@dataclass(frozen=True, slots=True)
class GpsSummary:
    verdict: GpsVerdict
    fixes: int
    inside: int
    outside: int
    uncertain: int
    share_inside: float
    first_inside: datetime | None
    last_inside: datetime | None


def gps_attendance(
    zone: PreparedZone,
    fixes: Sequence[Fix],
    start: datetime,
    end: datetime,
    *,
    confidence: float = 0.95,
    min_share: float = 0.5,
) -> GpsSummary:
    """How much of [start, end) the fixes place the person inside the zone."""
    start, end = require_aware(start, "start"), require_aware(end, "end")
    during = sorted((f for f in fixes if start <= f.time < end), key=lambda f: f.time)
    if not during:
        return GpsSummary(GpsVerdict.NO_DATA, 0, 0, 0, 0, 0.0, None, None)
    places = [zone.place(f.lon, f.lat, f.accuracy_m, confidence) for f in during]
    inside_time = timedelta(0)
    for index, (fix, placement) in enumerate(zip(during, places, strict=True)):
        until = during[index + 1].time if index + 1 < len(during) else end
        if placement is Placement.INSIDE:
            inside_time += min(until - fix.time, MAX_GAP)
    share = inside_time / (end - start)
    inside_times = [f.time for f, p in zip(during, places, strict=True) if p is Placement.INSIDE]
    inside = len(inside_times)
    outside = sum(p is Placement.OUTSIDE for p in places)
    if share >= min_share:
        verdict = GpsVerdict.PRESENT
    elif inside:
        verdict = GpsVerdict.PARTIAL
    elif outside:
        verdict = GpsVerdict.ABSENT
    else:
        verdict = GpsVerdict.NO_DATA  # only uncertain fixes: nothing to go on
    return GpsSummary(
        verdict,
        len(during),
        inside,
        outside,
        len(places) - inside - outside,
        round(share, 3),
        inside_times[0] if inside_times else None,
        inside_times[-1] if inside_times else None,
    )


@dataclass(frozen=True, slots=True)
class Reconciliation:
    outcome: Outcome
    action: Action
    text_en: str
    text_fi: str


def reconcile(
    statement: Statement | None,
    gps: GpsSummary,
    end: datetime,
    now: datetime,
    grace: timedelta = CONFIRMATION_GRACE,
) -> Reconciliation:
    """The outcome of one session from the partner's statement and the GPS summary."""
    end, now = require_aware(end, "end"), require_aware(now, "now")
    seen = f"GPS: {gps.verdict.value}, {gps.share_inside:.0%} of the session inside the place"
    nähty = f"GPS: {_FI[gps.verdict]}, {gps.share_inside:.0%} istunnosta paikan alueella"
    if now < end or (statement is None and now < end + grace):
        return Reconciliation(
            Outcome.PENDING, Action.NONE, f"Waiting. {seen}.", f"Odottaa. {nähty}."
        )
    if statement is None:
        if gps.verdict is GpsVerdict.PRESENT:
            return Reconciliation(
                Outcome.UNCONFIRMED,
                Action.FOLLOW_UP,
                f"The partner has not confirmed. {seen}.",
                f"Kumppani ei ole vahvistanut. {nähty}.",
            )
        if gps.verdict is GpsVerdict.NO_DATA:
            return Reconciliation(
                Outcome.NO_GPS,
                Action.FOLLOW_UP,
                "Not confirmed and no fixes during the session.",
                "Ei vahvistusta eikä sijainteja istunnon aikana.",
            )
        return Reconciliation(
            Outcome.NO_SHOW,
            Action.ALARM,
            f"Probable no-show: not confirmed by the partner. {seen}.",
            f"Todennäköinen poissaolo: kumppani ei vahvistanut. {nähty}.",
        )
    said = f"The partner reported {statement.value.replace('_', ' ')}"
    sanoi = f"Kumppani ilmoitti: {_FI_STATEMENT[statement]}"
    if statement is Statement.ABSENT:
        if gps.verdict in (GpsVerdict.ABSENT, GpsVerdict.NO_DATA):
            return Reconciliation(
                Outcome.NO_SHOW,
                Action.BREACH_RECORD,
                f"No-show. {said}. {seen}.",
                f"Poissaolo. {sanoi}. {nähty}.",
            )
        return Reconciliation(
            Outcome.MISMATCH,
            Action.ALARM,
            f"Mismatch: {said}, but {seen}.",
            f"Ristiriita: {sanoi}, mutta {nähty}.",
        )
    if gps.verdict is GpsVerdict.NO_DATA:
        return Reconciliation(
            Outcome.NO_GPS,
            Action.FOLLOW_UP,
            f"{said}; no usable fixes during the session (check the device).",
            f"{sanoi}; ei käyttökelpoisia sijainteja (tarkista laite).",
        )
    if gps.verdict is GpsVerdict.ABSENT:
        return Reconciliation(
            Outcome.MISMATCH,
            Action.ALARM,
            f"Mismatch: {said}, but {seen}.",
            f"Ristiriita: {sanoi}, mutta {nähty}.",
        )
    if gps.verdict is GpsVerdict.PARTIAL or statement is not Statement.ATTENDED:
        return Reconciliation(
            Outcome.CONSISTENT,
            Action.FOLLOW_UP,
            f"Attended in part. {said}. {seen}.",
            f"Osittainen läsnäolo. {sanoi}. {nähty}.",
        )
    return Reconciliation(
        Outcome.CONSISTENT, Action.NONE, f"Attended. {said}. {seen}.", f"Läsnä. {sanoi}. {nähty}."
    )


_FI = {
    GpsVerdict.PRESENT: "läsnä",
    GpsVerdict.PARTIAL: "osittain",
    GpsVerdict.ABSENT: "poissa",
    GpsVerdict.NO_DATA: "ei tietoa",
}
_FI_STATEMENT = {
    Statement.ATTENDED: "läsnä",
    Statement.LATE: "myöhässä",
    Statement.LEFT_EARLY: "lähti aikaisin",
    Statement.ABSENT: "poissa",
}
