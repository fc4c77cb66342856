"""Monitoring-sentence routes: the report requested and written, the judgment, the plan, the
devices, interruptions, exemptions and the last day."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from valvo.domain.cases.sentencing import CommunityServiceBar, SentencingGrounds
from valvo.services.cases.sentence_commands import (
    AddCoResident,
    CompleteReport,
    CompleteSentence,
    GrantExemption,
    InstallDevices,
    InterruptSentence,
    PassSentence,
    RemoveCoResident,
    RequestReport,
    ResumeSentence,
    SavePlan,
    UpdateCoResident,
    UpdateReport,
)
from valvo.web.api.cases.access import App, CaseWorker, Decider, SentenceWorker, decided_by, run
from valvo.web.api.cases.schemas import (
    CaseDetailRead,
    CoResidentCreate,
    CoResidentUpdate,
    DayBody,
    ExemptionCreate,
    InstallationCreate,
    InterruptionCreate,
    PlanCreate,
    ReportRequestCreate,
    ReportUpdate,
    SentenceCreate,
)

router = APIRouter()


@router.post("/cases/sentences", response_model=CaseDetailRead, status_code=201)
def request_report(body: ReportRequestCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """A prosecutor or a court requests the report; the monitoring-sentence case opens (R8)."""
    requester = decided_by(who, ("prosecutor", "court"), body.requester)
    return run(valvo, who, RequestReport, **{**body.model_dump(), "requester": requester})


@router.patch("/cases/{case_id}/report", response_model=CaseDetailRead)
def update_report(
    case_id: str, body: ReportUpdate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    return run(valvo, who, UpdateReport, case_id=case_id, values=values)


@router.post("/cases/{case_id}/co-residents", response_model=CaseDetailRead, status_code=201)
def add_co_resident(
    case_id: str, body: CoResidentCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(valvo, who, AddCoResident, case_id=case_id, **body.model_dump())


@router.patch("/cases/{case_id}/co-residents/{co_resident_id}", response_model=CaseDetailRead)
def update_co_resident(
    case_id: str, co_resident_id: str, body: CoResidentUpdate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    return run(
        valvo, who, UpdateCoResident, case_id=case_id, co_resident_id=co_resident_id, values=values
    )


@router.delete("/cases/{case_id}/co-residents/{co_resident_id}", response_model=CaseDetailRead)
def remove_co_resident(
    case_id: str, co_resident_id: str, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(valvo, who, RemoveCoResident, case_id=case_id, co_resident_id=co_resident_id)


@router.post("/cases/{case_id}/report/complete", response_model=CaseDetailRead)
def complete_report(case_id: str, body: DayBody, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    return run(valvo, who, CompleteReport, case_id=case_id, on=body.on)


@router.post("/cases/{case_id}/sentence", response_model=CaseDetailRead)
def sentence(case_id: str, body: SentenceCreate, who: Decider, valvo: App) -> dict[str, Any]:
    """The court's judgment (RL 6:11a; R1–R7)."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    grounds = SentencingGrounds(
        community_service_bar=None
        if body.community_service_bar is None
        else CommunityServiceBar(body.community_service_bar),
        promotes_social_coping=body.promotes_social_coping,
        special_obstacle=body.special_obstacle,
        obligations_orderable=body.obligations_orderable,
        can_cope=body.can_cope,
        replaced_prison_days=body.replaced_prison_days,
        court=body.court,
    )
    return run(
        valvo,
        who,
        PassSentence,
        case_id=case_id,
        length_days=body.length_days,
        sentenced_on=body.sentenced_on,
        enforceable_on=body.enforceable_on,
        grounds=grounds,
        under_21=body.under_21,
        prison_within_lookback=body.prison_within_lookback,
        final=body.final,
        written_consent_to_early_enforcement=body.written_consent_to_early_enforcement,
        accepted_judgment=body.accepted_judgment,
    )


@router.post("/cases/{case_id}/plans", response_model=CaseDetailRead, status_code=201)
def save_plan(case_id: str, body: PlanCreate, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """Confirm the plan, or amend it with a reason (§6; R19–R26); the engine enforces it."""
    return run(valvo, who, SavePlan, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/devices", response_model=CaseDetailRead)
def install_devices(
    case_id: str, body: InstallationCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """Devices installed after the plan: serving starts that day (§7.2; R32, R33)."""
    return run(valvo, who, InstallDevices, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/interruptions", response_model=CaseDetailRead)
def interrupt(
    case_id: str, body: InterruptionCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """An impediment (§15; R86) or a new charge (§18.1; R90)."""
    return run(valvo, who, InterruptSentence, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/resume", response_model=CaseDetailRead)
def resume(case_id: str, body: DayBody, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """Serving resumes (R80, R86); after a court referral only the court lets it continue."""
    return run(valvo, who, ResumeSentence, case_id=case_id, on=body.on)


@router.post("/cases/{case_id}/exemptions", response_model=CaseDetailRead, status_code=201)
def grant_exemption(
    case_id: str, body: ExemptionCreate, who: CaseWorker, valvo: App
) -> dict[str, Any]:
    """A §12 exemption (KHL) or a PKL 2:11 minor deviation (police): one window in the
    enforced schedule."""
    return run(valvo, who, GrantExemption, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/complete", response_model=CaseDetailRead)
def complete(case_id: str, body: DayBody, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """The last day (the parole date or the end date): enforcement ends."""
    return run(valvo, who, CompleteSentence, case_id=case_id, on=body.on)
