"""Steps that are more than editing a record: project partnership stages, the outside-person
admission gate and its records, partner activities in units, consent withdrawal and checks,
contact self-service links and event invitations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field

from valvo.domain.partners.organisation import AreaMapping, centres_for_area
from valvo.domain.partners.outside_workers import AdmissionVerdict
from valvo.domain.partners.partner import Succession, current_successor
from valvo.services.partners import records
from valvo.services.partners.kinds import AREA_MAPPING, PARTNER, SUCCESSION, UNIT
from valvo.services.partners.workflow_commands import (
    AdviseCrimeFree,
    CheckAdmission,
    CheckConsent,
    CheckRelativeContact,
    InviteToEvent,
    IssueContactLink,
    RecordOutsidePersonStep,
    ScheduleActivity,
    SubmitProject,
    TakeProjectStep,
    WithdrawConsent,
)
from valvo.web.access import peer, scope_of
from valvo.web.api.partners.common import App, Reader, Writer

router = APIRouter(prefix="/api/partners", tags=["partners: workflows"])
Json = Annotated[dict[str, Any], Body()]


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
    command = SubmitProject(actor=who.username, at=valvo.clock(), body=body)
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post("/projects/{project_id}/{step}")
def project_step(
    project_id: str,
    step: Literal["recommend", "decide", "start", "reviews", "close"],
    body: Json,
    who: Writer,
    valvo: App,
) -> dict[str, Any]:
    command = TakeProjectStep(
        actor=who.username, at=valvo.clock(), project_id=project_id, step=step, body=body
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post("/outside-persons/{person_id}/{step}")
def person_step(
    person_id: str,
    step: Literal["clearance", "induction", "pledge", "decision", "incidents"],
    body: Json,
    who: Writer,
    valvo: App,
) -> dict[str, Any]:
    command = RecordOutsidePersonStep(
        actor=who.username, at=valvo.clock(), person_id=person_id, step=step, body=body
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
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
    now = valvo.clock()
    day = on or now.date()
    command = CheckAdmission(
        actor=who.username,
        at=now,
        peer=peer(request),
        person_id=person_id,
        unit_id=unit_id,
        day=day,
    )
    verdict: AdmissionVerdict = valvo.bus.handle(command, scope_of(who))
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
    command = AdviseCrimeFree(
        actor=who.username,
        at=valvo.clock(),
        peer=peer(request),
        person_id=person_id,
        setting=setting,
    )
    advice: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return advice


@router.post("/activities", status_code=201)
def schedule_activity(body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    """S68: a partner activity in a unit; refused (409) naming whoever the gate would not
    admit and what is missing."""
    command = ScheduleActivity(actor=who.username, at=valvo.clock(), body=body)
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/activities")
def activities(who: Reader, valvo: App, unit_id: str | None = None) -> list[dict[str, Any]]:
    with valvo.partners_uow(scope_of(who)) as work:
        return work.partners.find("partner_activities", unit_id=unit_id)


@router.post("/consents/{consent_id}/withdraw")
def withdraw(consent_id: str, body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    command = WithdrawConsent(
        actor=who.username, at=valvo.clock(), consent_id=consent_id, body=body
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post("/consents/check")
def check_consent(body: ConsentCheck, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    """S31: is there a consent in force for this purpose, recipient and these categories?"""
    now = valvo.clock()
    command = CheckConsent(
        actor=who.username,
        at=now,
        peer=peer(request),
        subject_id=body.subject_id,
        purpose=body.purpose,
        recipient=body.recipient,
        categories=tuple(body.categories),
        day=body.on or now.date(),
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.get("/relatives/{relative_id}/may-contact")
def relative_may_contact(
    relative_id: str, who: Reader, valvo: App, request: Request
) -> dict[str, Any]:
    """S51: a relative is contacted only with the client's consent."""
    command = CheckRelativeContact(
        actor=who.username, at=valvo.clock(), peer=peer(request), relative_id=relative_id
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.get("/partners/{partner_id}/successor")
def successor(partner_id: str, who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    """S3: who carries a partner's duties on a day, through the reforms (2023, 2024)."""
    day = on or valvo.clock().date()
    with valvo.partners_uow(scope_of(who)) as work:
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
    with valvo.partners_uow(scope_of(who)) as work:
        mappings = [
            AreaMapping.read(r) for r in work.partners.find(AREA_MAPPING.table, area_kind=area_kind)
        ]
        ids = centres_for_area(mappings, area_kind, area_code, day)
        return [records.get(work, UNIT, i) for i in ids]


@router.post("/network-members/{member_id}/contact-link")
def contact_link(member_id: str, who: Writer, valvo: App) -> dict[str, str]:
    """S17: a personal link for the member's contact person to keep the details current."""
    command = IssueContactLink(actor=who.username, at=valvo.clock(), member_id=member_id)
    token: str = valvo.bus.handle(command, scope_of(who))
    return {"token": token, "path": f"/api/partners/public/contacts/{token}"}


@router.post("/events/{event_id}/invitations", status_code=201)
def invite(event_id: str, body: Json, who: Writer, valvo: App) -> dict[str, Any]:
    command = InviteToEvent(actor=who.username, at=valvo.clock(), event_id=event_id, body=body)
    row, token = valvo.bus.handle(command, scope_of(who))
    return {**row, "token": token, "path": f"/api/partners/public/invitations/{token}"}


@router.get("/events/{event_id}/invitations")
def invitations(event_id: str, who: Reader, valvo: App) -> list[dict[str, Any]]:
    with valvo.partners_uow(scope_of(who)) as work:
        rows = work.partners.find("partner_event_invitations", event_id=event_id)
    return [{k: v for k, v in r.items() if k != "token_hash"} for r in rows]
