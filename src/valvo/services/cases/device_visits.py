"""Visits a device reports (R39, R40): an officer's key fob seen by the person's home unit,
and a covert presence check by a mobile checker carried by staff.

A fob carries no key of its own (docs/security.md): it is registered here to a supervisor, and
the home unit reports the fob's identifier in its own signed messages. ``officer_arrived``
records a ``key_fob`` visit on the person's monitoring sentence, by the fob's officer, with
whether the person's tag was in the unit's range (present or absent); ``officer_departed``
closes it. A ``presence_check`` names the tag it looked for and whether it was seen: a
``covert_check`` visit (R50: recorded as its own kind). An absence opens a breach case as any
visit's does (R78).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.sentence import Status
from valvo.domain.cases.visits import VisitKind
from valvo.domain.telemetry import vocabulary as v
from valvo.services.cases.common import SENTENCE, instant_not_in_future, new_id, record_step
from valvo.services.cases.supervision import record_visit
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

EVENTS = (v.FOB_ARRIVAL, v.FOB_DEPARTURE, v.PRESENCE_CHECK)
MAX_FOB = 64
_SERVING = (Status.ENFORCING.value, Status.INTERRUPTED.value)


def register_fob(
    uow: UnitOfWork, actor: str, now: datetime, *, fob: str, supervisor_id: str
) -> dict[str, Any]:
    """R39: a key fob belongs to one officer at a time; its visits are theirs."""
    ident = fob.strip()
    if not ident or len(ident) > MAX_FOB:
        raise InvalidInput(f"fob: the fob's identifier is 1–{MAX_FOB} characters")
    person = uow.cases.get("supervisors", supervisor_id)
    if person is None:
        raise NotFound(f"supervisor {supervisor_id} does not exist")
    if _active_fob(uow, ident) is not None:
        raise Conflict(f"fob_registered: fob {ident} is already registered; retire it first")
    row: dict[str, Any] = {
        "id": new_id(),
        "fob": ident,
        "supervisor_id": supervisor_id,
        "region": person["region"],
        "retired_at": None,
        "retired_by": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("officer_fobs", row)
    uow.audit.record(
        at=now, actor=actor, action="create", target_type="officer_fob", target_id=row["id"]
    )
    return {**row, "supervisor_name": person["name"]}


def retire_fob(uow: UnitOfWork, actor: str, now: datetime, *, fob_id: str) -> dict[str, Any]:
    """A lost or returned fob: it no longer stands for its officer."""
    row = uow.cases.get("officer_fobs", fob_id)
    if row is None:
        raise NotFound(f"fob {fob_id} does not exist")
    if row["retired_at"] is not None:
        raise Conflict(f"fob_retired: fob {row['fob']} is already retired")
    values = {"retired_at": now, "retired_by": actor}
    uow.cases.update("officer_fobs", fob_id, values)
    uow.audit.record(
        at=now, actor=actor, action="retire", target_type="officer_fob", target_id=fob_id
    )
    return {**row, **values}


def list_fobs(uow: UnitOfWork) -> list[dict[str, Any]]:
    """The fobs the reader's region holds, with their officer's name."""
    names = {p["id"]: p["name"] for p in uow.cases.find("supervisors")}
    return [
        {**row, "supervisor_name": names.get(row["supervisor_id"])}
        for row in uow.cases.find("officer_fobs")
    ]


def name_visitors(uow: UnitOfWork, visits: list[dict[str, Any]]) -> None:
    """Each visit with its visitor's name (``visitor_name``): who made it, fob or not."""
    names: dict[str, str | None] = {}
    for visit in visits:
        person_id = visit.get("visitor_id")
        if person_id and person_id not in names:
            person = uow.cases.get("supervisors", person_id)
            names[person_id] = None if person is None else person["name"]
        visit["visitor_name"] = names.get(person_id) if person_id else None


def _active_fob(uow: UnitOfWork, fob: str) -> dict[str, Any] | None:
    """The fob's registration in force, within what the caller sees."""
    rows = [r for r in uow.cases.find("officer_fobs", fob=fob) if r["retired_at"] is None]
    return rows[0] if rows else None


def record_device_event(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    device_id: str,
    event: str,
    at: datetime,
    fob: str | None = None,
    tag: str | None = None,
    seen: bool | None = None,
) -> dict[str, Any]:
    """What a home unit (fob seen) or a mobile checker (tag seen or not) reported, as a visit
    on the person's monitoring sentence being served. Returns the visit."""
    if event not in EVENTS:
        raise InvalidInput(f"event must be one of {', '.join(EVENTS)}")
    instant_not_in_future(now, at, "at")
    device = uow.registry.get("devices", device_id)
    if device is None:
        raise NotFound(f"device {device_id} does not exist")
    if event == v.PRESENCE_CHECK:
        return _presence_check(uow, actor, now, device, at, fob, tag, seen)
    if not (fob or "").strip():
        raise InvalidInput("fob: a home unit's officer event names the fob it saw (R39)")
    ident = (fob or "").strip()
    case = _serving_case(uow, _subject_of(uow, device_id))
    if event == v.FOB_DEPARTURE:
        return _departure(uow, actor, now, case, ident, at)
    registered = _active_fob(uow, ident)
    if registered is None:
        raise InvalidInput(f"fob_unknown: fob {ident} is registered to no officer (R39)")
    return record_visit(
        uow,
        actor,
        now,
        case_id=case["id"],
        visit_id=None,
        kind=VisitKind.KEY_FOB.value,
        visited_at=at,
        visitor_id=registered["supervisor_id"],
        present=seen,
        sober=None,
        reported={"device_id": device_id, "fob": ident},
    )


def _presence_check(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    device: dict[str, Any],
    at: datetime,
    fob: str | None,
    tag: str | None,
    seen: bool | None,
) -> dict[str, Any]:
    """R40: the checker looked for the person's tag at the workplace or school."""
    if device["kind"] != "presence_checker":
        raise InvalidInput(
            f"device {device['identifier']} is a {device['kind']}, not a presence checker"
        )
    if seen is None:
        raise InvalidInput("seen: a presence check says whether the tag was seen (R40)")
    tagged = uow.registry.device_by_identifier((tag or "").strip()) if tag else None
    if tagged is None:
        raise InvalidInput("tag: name the tag the check looked for (R40)")
    case = _serving_case(uow, _subject_of(uow, tagged["id"]))
    officer = _active_fob(uow, fob.strip()) if fob and fob.strip() else None
    return record_visit(
        uow,
        actor,
        now,
        case_id=case["id"],
        visit_id=None,
        kind=VisitKind.COVERT_CHECK.value,
        visited_at=at,
        visitor_id=None if officer is None else officer["supervisor_id"],
        present=seen,
        sober=None,
        reported={"device_id": device["id"], "fob": None if officer is None else officer["fob"]},
    )


def _departure(
    uow: UnitOfWork, actor: str, now: datetime, case: dict[str, Any], fob: str, at: datetime
) -> dict[str, Any]:
    open_visits = [
        visit
        for visit in uow.cases.find("case_visits", case_id=case["id"], fob=fob)
        if visit["kind"] == VisitKind.KEY_FOB.value and visit["departed_at"] is None
    ]
    if not open_visits:
        raise Conflict(f"no_arrival: fob {fob} has no arrival on this case to end")
    visit = open_visits[-1]
    if at < visit["visited_at"]:
        raise InvalidInput("at: the officer departs after arriving")
    uow.cases.update("case_visits", visit["id"], {"departed_at": at})
    record_step(uow, case, actor, now, "officer_departed", {"visit_id": visit["id"]})
    return {**visit, "departed_at": at}


def _subject_of(uow: UnitOfWork, device_id: str) -> str:
    assignment = uow.registry.active_assignment_of_device(device_id)
    if assignment is None:
        raise Conflict(f"device_unassigned: device {device_id} is assigned to no one")
    return str(assignment["subject_id"])


def _serving_case(uow: UnitOfWork, subject_id: str) -> dict[str, Any]:
    cases = [
        c
        for c in uow.cases.find("cases", subject_id=subject_id, type=SENTENCE)
        if c["status"] in _SERVING
    ]
    if not cases:
        raise Conflict("no_sentence_served: the person serves no monitoring sentence now")
    return max(cases, key=lambda c: c["updated_at"])
