"""Steps that are more than editing a record: project partnership stages, the outside-person
admission gate and its records, partner activities in units, consent withdrawal and checks,
contact self-service links and event invitations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field

from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.organisation import AreaMapping, centres_for_area
from valvo.domain.partners.partner import Succession, current_successor
from valvo.domain.partners.people import Consent, Relative, consent_covers, may_contact
from valvo.services.errors import InvalidInput
from valvo.services.partners import engagement, outside, projects, records
from valvo.services.partners.kinds import (
    AREA_MAPPING,
    CONSENT,
    OUTSIDE_PERSON,
    PARTNER,
    RELATIVE,
    SUCCESSION,
    UNIT,
)
from valvo.web.access import scope_of
from valvo.web.api.partners_common import App, Reader, Writer, peer, uow

router = APIRouter(prefix="/api/partners", tags=["partners: workflows"])
Json = Annotated[dict[str, Any], Body()]
PROJECT_STEPS = {
    "recommend": projects.recommend,
    "decide": projects.decide,
    "start": projects.start,
    "reviews": projects.add_review,
    "close": projects.close,
}
PERSON_STEPS = {
    "clearance": outside.record_clearance,
    "induction": outside.record_induction,
    "pledge": outside.record_pledge,
    "decision": outside.record_decision,
    "incidents": outside.report_incident,
}


class ConsentCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_id: str
    purpose: str
    recipient: str = Field(min_length=1, max_length=200)
    categories: list[str] = Field(min_length=1)
    on: date | None = None


@router.post("/projects", status_code=201)
def submit_project(body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    """S59–S60: a partnership application; its eligibility problems are listed with it."""
    with uow(valvo, scope_of(who)) as work:
        row = projects.submit(work, who.username, valvo.clock(), body)
        work.commit()
    return row


@router.post("/projects/{project_id}/{step}")
def project_step(
    project_id: str,
    step: Literal["recommend", "decide", "start", "reviews", "close"],
    body: Json,
    who: Writer,
    valvo: App,
) -> dict[str, Any]:
    with uow(valvo, scope_of(who)) as work:
        row = PROJECT_STEPS[step](work, who.username, valvo.clock(), project_id, body)
        work.commit()
    return row


@router.post("/outside-persons/{person_id}/{step}")
def person_step(
    person_id: str,
    step: Literal["clearance", "induction", "pledge", "decision", "incidents"],
    body: Json,
    who: Writer,
    valvo: App,
) -> dict[str, Any]:
    with uow(valvo, scope_of(who)) as work:
        row = PERSON_STEPS[step](work, who.username, valvo.clock(), person_id, body)
        work.commit()
    return row


@router.get("/outside-persons/{person_id}/admission")
def admission(
    person_id: str,
    unit_id: str,
    who: Reader,
    valvo: App,
    request: Request,
    on: date | None = None,
) -> dict[str, Any]:
    """S68: may this person enter the unit; every missing condition is listed."""
    day = on or valvo.clock().date()
    with uow(valvo, scope_of(who)) as work:
        verdict = outside.check_admission(work, person_id, unit_id, day)
        work.audit.record(
            at=valvo.clock(),
            actor=who.username,
            action="read",
            target_type="partner_outside_person",
            target_id=person_id,
            peer=peer(request),
            details={"admission": unit_id},
        )
        work.commit()
    return {
        "person_id": person_id,
        "unit_id": unit_id,
        "on": day,
        "admitted": verdict.admitted,
        "missing": list(verdict.missing),
    }


@router.get("/outside-persons/{person_id}/crime-free")
def crime_free(
    person_id: str, who: Reader, valvo: App, request: Request, setting: str = "in_premises"
) -> dict[str, Any]:
    """S69: the crime-free period as decision support (the unit director decides)."""
    with uow(valvo, scope_of(who)) as work:
        row = records.get(work, OUTSIDE_PERSON, person_id)
        person = OUTSIDE_PERSON.read({k: row[k] for k in OUTSIDE_PERSON.fields if k in row}, work)
        advice = outside.crime_free_advice(person, valvo.clock().date(), setting)
        work.audit.record(
            at=valvo.clock(),
            actor=who.username,
            action="read",
            target_type="partner_outside_person",
            target_id=person_id,
            peer=peer(request),
            details={"crime_free": setting},
        )
        work.commit()
    return advice


@router.post("/activities", status_code=201)
def schedule_activity(body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    """S68: a partner activity in a unit; refused (409) naming whoever the gate would not
    admit and what is missing."""
    with uow(valvo, scope_of(who)) as work:
        row = outside.schedule_activity(work, who.username, valvo.clock(), body)
        work.commit()
    return row


@router.get("/activities")
def activities(who: Reader, valvo: App, unit_id: str | None = None) -> list[dict[str, Any]]:
    with uow(valvo, scope_of(who)) as work:
        return work.partners.find("partner_activities", unit_id=unit_id)


@router.post("/consents/{consent_id}/withdraw")
def withdraw(consent_id: str, body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    with uow(valvo, scope_of(who)) as work:
        row = engagement.withdraw_consent(work, who.username, valvo.clock(), consent_id, body)
        work.commit()
    return row


@router.post("/consents/check")
def check_consent(body: ConsentCheck, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    """S31: is there a consent in force for this purpose, recipient and these categories?"""
    day = body.on or valvo.clock().date()
    with uow(valvo, scope_of(who)) as work:
        consents = []
        for row in work.partners.find(CONSENT.table, subject_id=body.subject_id):
            consent = Consent.read({k: row[k] for k in CONSENT.fields if k in row})
            withdrawn = row.get("withdrawn_on")
            consents.append(
                Consent(
                    consent.subject_id,
                    consent.purpose,
                    consent.recipient,
                    consent.categories,
                    consent.given_on,
                    consent.channel,
                    date.fromisoformat(str(withdrawn)) if withdrawn else None,
                )
            )
        work.audit.record(
            at=valvo.clock(),
            actor=who.username,
            action="read",
            target_type="partner_consents",
            target_id=body.subject_id,
            peer=peer(request),
            details={"purpose": body.purpose},
        )
        work.commit()
    covered, reason = consent_covers(
        consents, purpose=body.purpose, recipient=body.recipient, categories=body.categories, on=day
    )
    return {"covered": covered, "reason": reason}


@router.get("/relatives/{relative_id}/may-contact")
def relative_may_contact(
    relative_id: str, who: Reader, valvo: App, request: Request
) -> dict[str, Any]:
    """S51: a relative is contacted only with the client's consent."""
    with uow(valvo, scope_of(who)) as work:
        row = records.get(work, RELATIVE, relative_id)
        work.audit.record(
            at=valvo.clock(),
            actor=who.username,
            action="read",
            target_type="partner_relative",
            target_id=relative_id,
            peer=peer(request),
        )
        work.commit()
    try:
        allowed, reason = may_contact(
            Relative.read({k: row[k] for k in RELATIVE.fields if k in row})
        )
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    return {"may_contact": allowed, "reason": reason}


@router.get("/partners/{partner_id}/successor")
def successor(partner_id: str, who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    """S3: who carries a partner's duties on a day, through the reforms (2023, 2024)."""
    day = on or valvo.clock().date()
    with uow(valvo, scope_of(who)) as work:
        records.get(work, PARTNER, partner_id)
        steps = [Succession.read(r) for r in work.partners.find(SUCCESSION.table)]
        current, path = current_successor(partner_id, steps, day)
        row = records.get(work, PARTNER, current)
    return {
        "on": day,
        "partner_id": current,
        "name": row["name"],
        "steps": [
            {
                "from": s.predecessor_id,
                "to": s.successor_id,
                "effective_on": s.effective_on,
                "reason": s.reason,
            }
            for s in path
        ],
    }


@router.get("/areas/{area_kind}/{area_code}/centres")
def centres_for(
    area_kind: str, area_code: str, who: Reader, valvo: App, on: date | None = None
) -> list[dict[str, Any]]:
    """S2: the centres serving a wellbeing county, municipality or Kela district on a day."""
    day = on or valvo.clock().date()
    with uow(valvo, scope_of(who)) as work:
        mappings = [
            AreaMapping.read(r) for r in work.partners.find(AREA_MAPPING.table, area_kind=area_kind)
        ]
        ids = centres_for_area(mappings, area_kind, area_code, day)
        return [records.get(work, UNIT, i) for i in ids]


@router.post("/network-members/{member_id}/contact-link")
def contact_link(member_id: str, who: Writer, valvo: App) -> dict[str, str]:
    """S17: a personal link for the member's contact person to keep the details current."""
    with uow(valvo, scope_of(who)) as work:
        token = engagement.issue_contact_link(work, who.username, valvo.clock(), member_id)
        work.commit()
    return {"token": token, "path": f"/api/partners/public/contacts/{token}"}


@router.post("/events/{event_id}/invitations", status_code=201)
def invite(event_id: str, body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    with uow(valvo, scope_of(who)) as work:
        row, token = engagement.invite(work, who.username, valvo.clock(), event_id, body)
        work.commit()
    return {**row, "token": token, "path": f"/api/partners/public/invitations/{token}"}


@router.get("/events/{event_id}/invitations")
def invitations(event_id: str, who: Reader, valvo: App) -> list[dict[str, Any]]:
    with uow(valvo, scope_of(who)) as work:
        rows = work.partners.find("partner_event_invitations", event_id=event_id)
    return [{k: v for k, v in r.items() if k != "token_hash"} for r in rows]
