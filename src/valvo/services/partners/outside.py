"""Outside workers and volunteers: what is recorded about them, the admission gate, partner
activities in units and partner incident reports (S67–S71).

Every step is one use case: record the security clearance, an induction in a unit, the
confidentiality pledge, the unit director's decision (stored with the crime-free advice the
director saw, S69), and a partner's incident report, which re-opens the decision (S71). The gate
(S68) answers for a person and a unit and refuses to schedule a partner activity in a prison or
community sanctions office with anyone it would not admit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from valvo.domain.partners.crime_free import EXPERT_RULE, UNIT_MINIMUM, advise
from valvo.domain.partners.fields import PartnerError, instant, required_day, required_text, text
from valvo.domain.partners.outside_workers import (
    AdmissionVerdict,
    Clearance,
    Decision,
    OutsidePerson,
    Record,
    admission,
    check_partner_activity,
    incident_kind,
    read_clearance,
    read_decision,
)
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners.kinds import OUTSIDE_PERSON
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import get, jsonable, set_managed
from valvo.services.registry import new_id

SETTING_FOR_ROLE = "in_premises"


def _load(uow: PartnersUnitOfWork, person_id: str) -> tuple[dict[str, Any], OutsidePerson, Record]:
    row = get(uow, OUTSIDE_PERSON, person_id)
    person = OutsidePerson.read({k: row[k] for k in OUTSIDE_PERSON.fields if k in row})
    return row, person, record_of(row)


def record_of(row: Mapping[str, Any]) -> Record:
    raw = row.get("record") or {}
    clearance = raw.get("clearance")
    return Record(
        clearance=None
        if clearance is None
        else Clearance(
            clearance["type"],
            date.fromisoformat(clearance["done_on"]),
            clearance["result"],
            None
            if clearance.get("valid_until") is None
            else date.fromisoformat(clearance["valid_until"]),
        ),
        inductions={k: date.fromisoformat(v) for k, v in (raw.get("inductions") or {}).items()},
        pledge_on=None if raw.get("pledge_on") is None else date.fromisoformat(raw["pledge_on"]),
        decisions=tuple(
            Decision(
                d["unit_id"],
                bool(d["admitted"]),
                date.fromisoformat(d["decided_on"]),
                d["decided_by"],
                d.get("crime_free_advice") or {},
            )
            for d in raw.get("decisions") or ()
        ),
        incidents=tuple(date.fromisoformat(i["reported_on"]) for i in raw.get("incidents") or ()),
    )


def _save(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    person_id: str,
    record: Record,
    action: str,
    details: Mapping[str, Any],
    incidents: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    stored = jsonable(record)
    current = uow.partners.data(OUTSIDE_PERSON.table, person_id) or {}
    stored["incidents"] = (
        list(incidents)
        if incidents is not None
        else ((current.get("record") or {}).get("incidents", []))
    )
    row = set_managed(uow, OUTSIDE_PERSON, person_id, now, {"record": stored})
    uow.audit.record(
        at=now,
        actor=actor,
        action=action,
        target_type="partner_outside_person",
        target_id=person_id,
        details=dict(details),
    )
    return row


def _unit(uow: PartnersUnitOfWork, unit_id: str) -> dict[str, Any]:
    unit = uow.partners.get("partner_units", unit_id)
    if unit is None:
        raise InvalidInput(f"unit_id: unit {unit_id} does not exist")
    return unit


def record_clearance(
    uow: PartnersUnitOfWork, actor: str, now: datetime, person_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    _, _, record = _load(uow, person_id)
    try:
        clearance = read_clearance(data)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    new = Record(clearance, record.inductions, record.pledge_on, record.decisions)
    return _save(
        uow,
        actor,
        now,
        person_id,
        new,
        "record_clearance",
        {"type": clearance.type, "result": clearance.result},
    )


def record_induction(
    uow: PartnersUnitOfWork, actor: str, now: datetime, person_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    _, _, record = _load(uow, person_id)
    try:
        unit_id = required_text(data, "unit_id", 36)
        on = required_day(data, "inducted_on")
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    _unit(uow, unit_id)
    new = Record(
        record.clearance, {**record.inductions, unit_id: on}, record.pledge_on, record.decisions
    )
    return _save(uow, actor, now, person_id, new, "record_induction", {"unit_id": unit_id})


def record_pledge(
    uow: PartnersUnitOfWork, actor: str, now: datetime, person_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    _, _, record = _load(uow, person_id)
    try:
        signed = required_day(data, "signed_on")
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    new = Record(record.clearance, record.inductions, signed, record.decisions)
    return _save(uow, actor, now, person_id, new, "record_pledge", {"signed_on": str(signed)})


def crime_free_advice(person: OutsidePerson, today: date, setting: str) -> dict[str, Any]:
    """S69 as decision support: the §10.3 rule for experts by experience, the §16 minimum for
    everyone else (open issue 1 of the requirements: the service confirms which applies)."""
    policy = EXPERT_RULE if person.role == "expert_by_experience" else UNIT_MINIMUM
    try:
        result = advise(
            person.sanctions,
            setting=setting,
            paired=person.paired,
            open_cases=person.open_cases,
            today=today,
            policy=policy,
        )
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return {"policy": policy.name, **jsonable(result)}


def record_decision(
    uow: PartnersUnitOfWork, actor: str, now: datetime, person_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The unit director's decision, stored with the crime-free advice shown (S67, S69)."""
    _, person, record = _load(uow, person_id)
    setting = str(data.get("setting") or SETTING_FOR_ROLE)
    advice = crime_free_advice(person, now.date(), setting)
    try:
        decision = read_decision({k: v for k, v in data.items() if k != "setting"}, advice)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    _unit(uow, decision.unit_id)
    new = Record(
        record.clearance, record.inductions, record.pledge_on, (*record.decisions, decision)
    )
    return _save(
        uow,
        actor,
        now,
        person_id,
        new,
        "record_decision",
        {
            "unit_id": decision.unit_id,
            "admitted": decision.admitted,
            "crime_free_meets": advice.get("meets"),
        },
    )


def report_incident(
    uow: PartnersUnitOfWork, actor: str, now: datetime, person_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S71: a partner reports a suspicion about its worker; admission is suspended until the
    director decides again."""
    row, _, record = _load(uow, person_id)
    try:
        kind = incident_kind(data)
        description = required_text(data, "description", 4000)
        reported_by = required_text(data, "reported_by")
        reported_on = required_day(data, "reported_on")
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    report_id = new_id()
    incident = {
        "id": report_id,
        "kind": kind,
        "reported_on": reported_on.isoformat(),
        "reported_by": reported_by,
    }
    uow.partners.insert(
        "partner_incident_reports",
        {
            "id": report_id,
            "person_id": person_id,
            "reported_on": reported_on,
            "data": {**incident, "description": description},
            "created_at": now,
            "updated_at": now,
        },
    )
    incidents = [*((row.get("record") or {}).get("incidents") or []), incident]
    return _save(
        uow, actor, now, person_id, record, "report_incident", {"kind": kind}, incidents=incidents
    )


def check_admission(
    uow: PartnersUnitOfWork, person_id: str, unit_id: str, on: date
) -> AdmissionVerdict:
    _, _, record = _load(uow, person_id)
    _unit(uow, unit_id)
    return admission(record, unit_id, on)


def schedule_activity(
    uow: PartnersUnitOfWork, actor: str, now: datetime, data: Mapping[str, Any]
) -> dict[str, Any]:
    """S68: a partner activity for clients in a unit, refused while anyone leading it could
    not be admitted there (every missing condition named)."""
    try:
        unit_id = required_text(data, "unit_id", 36)
        title = required_text(data, "title", 300)
        starts_at = instant(data, "starts_at", required=True)
        supervisor = text(data, "supervising_official", required=False)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    assert starts_at is not None
    person_ids = data.get("person_ids")
    if (
        not isinstance(person_ids, list)
        or not person_ids
        or not all(isinstance(p, str) for p in person_ids)
    ):
        raise InvalidInput("person_ids: the outside persons leading the activity")
    unit = _unit(uow, unit_id)
    people = []
    for person_id in person_ids:
        if uow.partners.get(OUTSIDE_PERSON.table, person_id) is None:
            raise InvalidInput(f"person_ids: outside person {person_id} does not exist")
        _, person, record = _load(uow, person_id)
        people.append((person_id, person, record))
    refusals = check_partner_activity(
        str(unit["type"]), unit_id, people, starts_at.date(), supervisor
    )
    if refusals:
        raise Conflict(
            "admission gate (S68): "
            + "; ".join(f"{r.person_id}: {', '.join(r.missing)}" for r in refusals)
        )
    activity_id = new_id()
    uow.partners.insert(
        "partner_activities",
        {
            "id": activity_id,
            "unit_id": unit_id,
            "title": title,
            "starts_at": starts_at,
            "data": {"person_ids": person_ids, "supervising_official": supervisor},
            "created_at": now,
            "updated_at": now,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type="partner_activity",
        target_id=activity_id,
        details={"unit_id": unit_id},
    )
    found = uow.partners.get("partner_activities", activity_id)
    assert found is not None
    return found
