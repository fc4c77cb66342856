"""Attendance at activity places: the partner's confirmation and its reconciliation with the
GPS record (issue 7; domain rules in ``valvo.domain.partners.attendance``).

The outcome of every ended session is stored in ``partner_attendance_outcomes`` with the action
it calls for, and in the same transaction: an outcome whose ``action`` is ``alarm`` (a mismatch,
or a probable no-show nobody confirmed) or ``breach_record`` (the partner and the GPS agree on a
no-show) raises an ``activity_attendance`` alarm through the alarm desk's intake (the one the
engine uses), and a ``breach_record`` also opens a breach on the person's open case
(``services.cases.breaches.open_from_alarm``, idempotent on the alarm). The outcome keeps the
alarm's and the breach's ids, so re-reconciling raises nothing twice. ``link_outcome`` records
an alarm or breach someone raised by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import Zone, ZoneKind
from valvo.domain.partners.attendance import (
    Fix,
    GpsSummary,
    Reconciliation,
    Statement,
    gps_attendance,
    reconcile,
)
from valvo.domain.partners.attendance_alarm import attendance_breach
from valvo.domain.schedule import local_to_utc, zone
from valvo.services.cases.breaches import open_from_alarm
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.partners.plans import ASSIGNMENTS, sessions_of
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import jsonable
from valvo.services.registry import new_id

ATTENDANCE, OUTCOMES = "partner_attendance", "partner_attendance_outcomes"
SUGGESTED = {"alarm": AlarmKind.ACTIVITY_ATTENDANCE.value, "breach_record": "minor"}
RAISES = ("alarm", "breach_record")


def _assignment(uow: PartnersUnitOfWork, assignment_id: str) -> dict[str, Any]:
    row = uow.partners.get(ASSIGNMENTS, assignment_id)
    if row is None:
        raise NotFound(f"assignment {assignment_id} does not exist")
    return row


def session_window(row: Mapping[str, Any], day: date) -> tuple[datetime, datetime] | None:
    """The UTC instants of the assignment's session on ``day`` (None: no session that day)."""
    tz = zone(str(row["timezone"]))
    for s in sessions_of(row):
        if s.weekday == day.weekday():
            return (
                local_to_utc(datetime.combine(day, s.start), tz),
                local_to_utc(datetime.combine(day, s.end), tz),
            )
    return None


def _in_force_on(row: Mapping[str, Any], window: tuple[datetime, datetime]) -> bool:
    """The assignment existed before the session ended and had not ended when it began."""
    return bool(row["created_at"] < window[1]) and (
        row["ended_at"] is None or row["ended_at"] > window[0]
    )


def expected_sessions(uow: PartnersUnitOfWork, place_id: str, day: date) -> list[dict[str, Any]]:
    """Who is expected at a place on a day: what its contact person sees (names and times only)."""
    out = []
    for row in uow.partners.find(ASSIGNMENTS, place_id=place_id):
        window = session_window(row, day)
        if window is None or not _in_force_on(row, window):
            continue
        subject = uow.registry.get("subjects", row["subject_id"])
        confirmation = _confirmation(uow, row["id"], day)
        out.append(
            {
                "assignment_id": row["id"],
                "date": day.isoformat(),
                "person": subject["name"] if subject else "",
                "starts_at": window[0],
                "ends_at": window[1],
                "statement": confirmation["statement"] if confirmation else None,
                "note": confirmation.get("note") if confirmation else None,
            }
        )
    return sorted(out, key=lambda r: (r["starts_at"], r["person"]))


def _confirmation(uow: PartnersUnitOfWork, assignment_id: str, day: date) -> dict[str, Any] | None:
    found = uow.partners.find(ATTENDANCE, assignment_id=assignment_id, session_date=day)
    return found[0] if found else None


def confirm(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    *,
    place_id: str,
    assignment_id: str,
    day: date,
    statement: str,
    note: str | None = None,
) -> dict[str, Any]:
    """The place's contact person states whether the person attended a session."""
    row = uow.partners.get(ASSIGNMENTS, assignment_id)
    if row is None or row["place_id"] != place_id:
        raise NotFound(f"no session {assignment_id} at this place")  # nothing about other places
    if statement not in Statement.__members__.values():
        raise InvalidInput(f"statement: must be one of {', '.join(s.value for s in Statement)}")
    if note is not None and len(note) > 1000:
        raise InvalidInput("note: must be at most 1000 characters")
    window = session_window(row, day)
    if window is None or not _in_force_on(row, window):
        raise InvalidInput(f"date: there is no session on {day}")
    if now < window[0]:
        raise Conflict(f"the session of {day} has not started yet")
    values = {
        "statement": statement,
        "confirmed_by": actor,
        "data": {"note": note, "confirmed_at": now.isoformat()},
        "updated_at": now,
    }
    existing = _confirmation(uow, assignment_id, day)
    if existing is None:
        uow.partners.insert(
            ATTENDANCE,
            {
                "id": new_id(),
                "assignment_id": assignment_id,
                "session_date": day,
                "created_at": now,
                **values,
            },
        )
    else:
        uow.partners.update(ATTENDANCE, existing["id"], values)
    uow.audit.record(
        at=now,
        actor=actor,
        action="confirm_attendance",
        target_type="partner_place_assignment",
        target_id=assignment_id,
        details={"date": day.isoformat(), "statement": statement},
    )
    return {
        "assignment_id": assignment_id,
        "date": day.isoformat(),
        "statement": statement,
        "note": note,
    }


def gps_record(
    uow: PartnersUnitOfWork, row: Mapping[str, Any], start: datetime, end: datetime
) -> tuple[list[dict[str, Any]], Zone]:
    """The person's fixes during the session and the place's zone in their order."""
    zone_row = uow.registry.get("zones", row["zone_id"])
    if zone_row is None:
        raise NotFound(f"zone {row['zone_id']} of the assignment is missing")
    place_zone = Zone.from_geojson(
        zone_row["id"], zone_row["name"], ZoneKind.INCLUSION, zone_row["geometry"]
    )
    return uow.registry.positions(row["subject_id"], start, end), place_zone


def reconcile_session(
    uow: PartnersUnitOfWork, actor: str, now: datetime, assignment_id: str, day: date
) -> dict[str, Any]:
    """Reconcile one session and store the outcome (replacing an earlier one)."""
    row = _assignment(uow, assignment_id)
    window = session_window(row, day)
    if window is None:
        raise InvalidInput(f"date: there is no session on {day}")
    positions, place_zone = gps_record(uow, row, *window)
    fixes = [Fix(p["time"], p["lon"], p["lat"], p["accuracy_m"]) for p in positions]
    summary = gps_attendance(place_zone.prepared(), fixes, *window)
    confirmation = _confirmation(uow, assignment_id, day)
    statement = Statement(confirmation["statement"]) if confirmation else None
    result = reconcile(statement, summary, window[1], now)
    evidence = tuple(int(p["seq"]) for p in positions if p.get("seq") is not None)
    values = {
        "subject_id": row["subject_id"],
        "outcome": result.outcome.value,
        "action": result.action.value,
        "updated_at": now,
        "data": {
            "text_en": result.text_en,
            "text_fi": result.text_fi,
            "gps": jsonable(summary),
            "statement": statement.value if statement else None,
            "starts_at": window[0].isoformat(),
            "ends_at": window[1].isoformat(),
            "place_id": row["place_id"],
            "place_name": row["place_name"],
            "suggested": SUGGESTED.get(result.action.value),
            "reconciled_at": now.isoformat(),
        },
    }
    found = uow.partners.find(OUTCOMES, assignment_id=assignment_id, session_date=day)
    if found:
        uow.partners.update(OUTCOMES, found[0]["id"], values)
        outcome_id = str(found[0]["id"])
    else:
        outcome_id = new_id()
        uow.partners.insert(
            OUTCOMES,
            {
                "id": outcome_id,
                "assignment_id": assignment_id,
                "session_date": day,
                "created_at": now,
                "linked_alarm_id": None,
                "linked_breach_id": None,
                **values,
            },
        )
    uow.audit.record(
        at=now,
        actor=actor,
        action="reconcile_attendance",
        target_type="partner_attendance_outcome",
        target_id=outcome_id,
        details={"outcome": result.outcome.value, "action": result.action.value},
    )
    stored = uow.partners.get(OUTCOMES, outcome_id)
    assert stored is not None
    raised = _raise_alarm(
        uow, actor, now, row, stored, day, window, summary, statement, result, evidence
    )
    if raised:
        stored = uow.partners.get(OUTCOMES, outcome_id)
        assert stored is not None
    stored["alarms_raised"] = raised  # not stored: for the live feed
    return stored


def _raise_alarm(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    row: Mapping[str, Any],
    outcome: Mapping[str, Any],
    day: date,
    window: tuple[datetime, datetime],
    summary: GpsSummary,
    statement: Statement | None,
    result: Reconciliation,
    evidence: tuple[int, ...] = (),
) -> list[str]:
    """An outcome calling for an alarm or a breach record raises the ``activity_attendance``
    alarm (once: the outcome keeps its id) and a breach record opens a breach on the case.
    Returns the ids of the alarms raised or changed."""
    if result.action.value not in RAISES:
        return []
    values: dict[str, Any] = {}
    raised: list[str] = []
    alarm_id = outcome.get("linked_alarm_id")
    if alarm_id is None:
        event = attendance_breach(
            subject_id=str(row["subject_id"]),
            assignment_id=str(row["id"]),
            outcome_id=str(outcome["id"]),
            day=day,
            place_id=str(row["place_id"]),
            place_name=str(row["place_name"]),
            window=window,
            timezone=str(row["timezone"]),
            gps=summary,
            statement=statement,
            result=result,
            evidence_seqs=evidence,
        )
        alarms = uow.alarm_intake.take_in([event], now)
        raised = [a.id for a in alarms if a.condition_key == event.condition_key]
        if raised:
            alarm_id = values["linked_alarm_id"] = raised[0]
    if (
        result.action.value == "breach_record"
        and alarm_id is not None
        and outcome.get("linked_breach_id") is None
    ):
        breach = open_from_alarm(
            uow,
            actor,
            now,
            alarm_id=str(alarm_id),
            subject_id=str(row["subject_id"]),
            at=window[1],
            description=(
                f"Activity obligation no-show at {row['place_name']} on {day.isoformat()} "
                "(the partner and the GPS record agree); a minor breach (§14.1) unless the "
                "hearing shows otherwise"
            ),
        )
        if breach is not None:
            values["linked_breach_id"] = breach["id"]
    if values:
        values["updated_at"] = now
        uow.partners.update(OUTCOMES, str(outcome["id"]), values)
        uow.audit.record(
            at=now,
            actor=actor,
            action="link",
            target_type="partner_attendance_outcome",
            target_id=str(outcome["id"]),
            details={
                "alarm_id": values.get("linked_alarm_id"),
                "breach_id": values.get("linked_breach_id"),
            },
        )
    return raised


def reconcile_due(
    uow: PartnersUnitOfWork, actor: str, now: datetime, days: int = 7
) -> list[dict[str, Any]]:
    """Reconcile every session of the last ``days`` days that has ended and has no final
    outcome yet (or was confirmed after its outcome). Returns the outcomes that changed."""
    changed = []
    today = now.date()
    for row in uow.partners.find(ASSIGNMENTS):
        for back in range(days + 1):
            day = today - timedelta(days=back)
            window = session_window(row, day)
            if window is None or window[1] > now or not _in_force_on(row, window):
                continue
            found = uow.partners.find(OUTCOMES, assignment_id=row["id"], session_date=day)
            confirmation = _confirmation(uow, row["id"], day)
            said = confirmation["statement"] if confirmation else None
            stale = (
                not found
                or found[0]["outcome"] == "pending"
                or found[0].get("statement") != said  # confirmed or corrected since
                or (found[0]["action"] in RAISES and found[0]["linked_alarm_id"] is None)
            )
            if stale:
                outcome = reconcile_session(uow, actor, now, row["id"], day)
                if (
                    not found
                    or found[0]["outcome"] != outcome["outcome"]
                    or outcome["alarms_raised"]
                ):
                    changed.append(outcome)
    return changed


FEED_FIELDS = (
    "id",
    "assignment_id",
    "session_date",
    "subject_id",
    "outcome",
    "action",
    "text_en",
    "text_fi",
    "suggested",
    "place_name",
    "linked_alarm_id",
    "linked_breach_id",
)


def feed_events(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the live feed hears of reconciled outcomes calling for an alarm or a breach record
    (the alarms an outcome raised go out whole, as ``AlarmChanged``)."""
    events: list[dict[str, Any]] = []
    for outcome in outcomes:
        if outcome["action"] in RAISES:
            events.append(
                {
                    "type": "attendance_outcome",
                    "outcome": {k: jsonable(outcome.get(k)) for k in FEED_FIELDS},
                }
            )
    return events


def link_outcome(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    outcome_id: str,
    *,
    alarm_id: str | None,
    breach_id: str | None,
) -> dict[str, Any]:
    """Record the alarm or breach record raised from an outcome (by the alarm desk or cases)."""
    row = uow.partners.get(OUTCOMES, outcome_id)
    if row is None:
        raise NotFound(f"attendance outcome {outcome_id} does not exist")
    if alarm_id is None and breach_id is None:
        raise InvalidInput("alarm_id: give alarm_id or breach_id")
    values: dict[str, Any] = {"updated_at": now}
    if alarm_id is not None:
        values["linked_alarm_id"] = alarm_id
    if breach_id is not None:
        values["linked_breach_id"] = breach_id
    uow.partners.update(OUTCOMES, outcome_id, values)
    uow.audit.record(
        at=now,
        actor=actor,
        action="link",
        target_type="partner_attendance_outcome",
        target_id=outcome_id,
        details={"alarm_id": alarm_id, "breach_id": breach_id},
    )
    stored = uow.partners.get(OUTCOMES, outcome_id)
    assert stored is not None
    return stored


def session_view(
    uow: PartnersUnitOfWork, assignment_id: str, day: date, now: datetime
) -> dict[str, Any]:
    """The supervisor's view of one session: the partner's confirmation next to the GPS record
    (fixes during the session, the place's zone) and the reconciliation as it stands now."""
    row = _assignment(uow, assignment_id)
    window = session_window(row, day)
    if window is None:
        raise InvalidInput(f"date: there is no session on {day}")
    positions, place_zone = gps_record(uow, row, *window)
    fixes = [Fix(p["time"], p["lon"], p["lat"], p["accuracy_m"]) for p in positions]
    summary = gps_attendance(place_zone.prepared(), fixes, *window)
    confirmation = _confirmation(uow, assignment_id, day)
    statement = Statement(confirmation["statement"]) if confirmation else None
    result = reconcile(statement, summary, window[1], now)
    stored = uow.partners.find(OUTCOMES, assignment_id=assignment_id, session_date=day)
    return {
        "assignment_id": assignment_id,
        "subject_id": row["subject_id"],
        "place_id": row["place_id"],
        "place_name": row["place_name"],
        "date": day.isoformat(),
        "starts_at": window[0],
        "ends_at": window[1],
        "zone": place_zone.to_geojson(),
        "confirmation": None
        if confirmation is None
        else {
            "statement": confirmation["statement"],
            "confirmed_by": confirmation["confirmed_by"],
            "confirmed_at": confirmation.get("confirmed_at"),
            "note": confirmation.get("note"),
        },
        "gps": jsonable(summary),
        "positions": positions,
        "now": {
            "outcome": result.outcome.value,
            "action": result.action.value,
            "text_en": result.text_en,
            "text_fi": result.text_fi,
        },
        "stored_outcome": stored[0] if stored else None,
    }
