"""Routes of the rest of the monitoring sentence: the wanted notice (§13), the court after an
impediment (§15.3), a new prison sentence (§18.2) and crediting (§19), combining sentences
(§20), travel costs (§22), supervision contacts (§10) and the intoxication-observation form
(§11.2); and a person's earlier sentences as prior sentences (RL 7:7)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from valvo.services.cases.commands import ReadPriorSentences
from valvo.services.cases.enforcement_commands import (
    ClaimTravelCosts,
    CombineSentence,
    CreditAppeal,
    DecideAfterImpediment,
    IssueWantedNotice,
    ProhibitForNewPrison,
    RecordContact,
    RecordIntoxication,
    RecordPoliceResponse,
    RecordWantedContact,
    RecordWantedDeadlineMissed,
    RequestPoliceAssistance,
)
from valvo.web.access import peer, scope_of
from valvo.web.api.cases.access import App, Decider, SentenceWorker, decided_by, run
from valvo.web.api.cases.schemas import (
    AppealCreditCreate,
    CaseDetailRead,
    CombineCreate,
    ContactCreate,
    ImpedimentDecisionCreate,
    IntoxicationCreate,
    NewPrisonCreate,
    OnBody,
    PoliceAssistanceCreate,
    PoliceResponseCreate,
    TravelClaimCreate,
    WantedNoticeCreate,
)

router = APIRouter()
_BODIES = ("court", "prosecutor", "police")  # they decide as themselves; an administrator names it
CASE = "/cases/{case_id}"


@router.post(CASE + "/wanted-notices", response_model=CaseDetailRead, status_code=201)
def issue_wanted_notice(
    case_id: str, body: WantedNoticeCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§13 (R88): KHL records RSV's wanted notice; serving stops while he is sought."""
    return run(valvo, who, IssueWantedNotice, case_id=case_id, **body.model_dump())


@router.post(CASE + "/wanted-notices/{notice_id}/contact", response_model=CaseDetailRead)
def wanted_contacted(
    case_id: str, notice_id: str, body: OnBody, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(valvo, who, RecordWantedContact, case_id=case_id, notice_id=notice_id, on=body.on)


@router.post(CASE + "/wanted-notices/{notice_id}/missed", response_model=CaseDetailRead)
def wanted_missed(case_id: str, notice_id: str, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """No contact by the set date: conversion proceedings begin (§13, §14.3)."""
    return run(valvo, who, RecordWantedDeadlineMissed, case_id=case_id, notice_id=notice_id)


@router.post(CASE + "/new-prison-sentence", response_model=CaseDetailRead)
def new_prison_sentence(
    case_id: str, body: NewPrisonCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """§18.2, §19 (R91, R92): the court only."""
    decided_by(who, ("court",), None if who.role in _BODIES else "court")
    return run(valvo, who, ProhibitForNewPrison, case_id=case_id, **body.model_dump())


@router.post(CASE + "/impediment-decision", response_model=CaseDetailRead)
def impediment_decision(
    case_id: str, body: ImpedimentDecisionCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """§15.3 (R87): the court only, after impediments of more than a year."""
    decided_by(who, ("court",), None if who.role in _BODIES else "court")
    return run(valvo, who, DecideAfterImpediment, case_id=case_id, **body.model_dump())


@router.post(CASE + "/appeal-credit", response_model=CaseDetailRead)
def appeal_credit(
    case_id: str, body: AppealCreditCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """§19.2 (R7, R92): the court only."""
    decided_by(who, ("court",), None if who.role in _BODIES else "court")
    return run(valvo, who, CreditAppeal, case_id=case_id, **body.model_dump())


@router.post(CASE + "/combined-sentences", response_model=CaseDetailRead, status_code=201)
def combine(case_id: str, body: CombineCreate, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """§20 (R95): KHL adds a sentence enforceable at the same time."""
    return run(valvo, who, CombineSentence, case_id=case_id, **body.model_dump())


@router.post(CASE + "/travel-claims", response_model=CaseDetailRead, status_code=201)
def travel_claim(
    case_id: str, body: TravelClaimCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§22 (R96–R98)."""
    return run(valvo, who, ClaimTravelCosts, case_id=case_id, **body.model_dump())


@router.post(CASE + "/contacts", response_model=CaseDetailRead, status_code=201)
def contact(case_id: str, body: ContactCreate, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """§10.3–10.4 (R50, R52, R57)."""
    return run(valvo, who, RecordContact, case_id=case_id, **body.model_dump())


@router.post(CASE + "/intoxication-observations", response_model=CaseDetailRead, status_code=201)
def intoxication(
    case_id: str, body: IntoxicationCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§11.2 (R62): the form; its PDF is ``documents/intoxication_observation``."""
    return run(valvo, who, RecordIntoxication, case_id=case_id, **body.model_dump())


@router.post(
    CASE + "/visits/{visit_id}/police-assistance", response_model=CaseDetailRead, status_code=201
)
def request_police_assistance(
    case_id: str, visit_id: str, body: PoliceAssistanceCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§21 (R54): after a refused entry, KHL requests the police's executive assistance."""
    return run(
        valvo, who, RequestPoliceAssistance, case_id=case_id, visit_id=visit_id, **body.model_dump()
    )


@router.post(CASE + "/police-assistance/{request_id}/response", response_model=CaseDetailRead)
def police_response(
    case_id: str, request_id: str, body: PoliceResponseCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§21 (R54): the police's response, recorded by KHL (the police do not read sentences)."""
    fields = body.model_dump()
    return run(valvo, who, RecordPoliceResponse, case_id=case_id, request_id=request_id, **fields)


@router.get("/subjects/{subject_id}/prior-sentences")
def prior(
    subject_id: str, who: Decider, valvo: App, request: Request, before: date | None = None
) -> dict[str, Any]:
    """RL 7:7 (R94): a prosecutor or a court lists the person's earlier monitoring sentences
    (judgments before ``before``, if given) as prior sentences; within the reader's region;
    the read is audited."""
    command = ReadPriorSentences(
        actor=who.username,
        at=valvo.clock(),
        subject_id=subject_id,
        before=before,
        peer=peer(request),
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result
