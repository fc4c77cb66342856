"""Supervision routes (§9–§11): supervisors and assistants, visits, substance tests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from valvo.services.cases.sentence_commands import (
    AssignSupervisor,
    CreateSupervisor,
    PlanVisit,
    RecordLabResult,
    RecordSubstanceTest,
    RecordVisit,
)
from valvo.web.access import scope_of
from valvo.web.api.cases.access import App, SentenceWorker, run
from valvo.web.api.cases.schemas import (
    CaseDetailRead,
    LabResultCreate,
    SubstanceTestCreate,
    SupervisionCreate,
    SupervisorCreate,
    SupervisorRead,
    VisitPlanCreate,
    VisitRecordCreate,
)

router = APIRouter()


@router.post("/supervisors", response_model=SupervisorRead, status_code=201)
def create_supervisor(body: SupervisorCreate, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    command = CreateSupervisor(actor=who.username, at=valvo.clock(), **body.model_dump())
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/supervisors", response_model=list[SupervisorRead])
def list_supervisors(who: SentenceWorker, valvo: App) -> list[dict[str, Any]]:
    with valvo.uow(scope_of(who)) as uow:
        return uow.cases.find("supervisors", region=who.region)


@router.post("/cases/{case_id}/supervision", response_model=CaseDetailRead, status_code=201)
def assign(
    case_id: str, body: SupervisionCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """One supervisor per case (a new one replaces the last), any number of assistants."""
    return run(valvo, who, AssignSupervisor, case_id=case_id, supervisor_id=body.supervisor_id)


@router.post("/cases/{case_id}/visits", response_model=CaseDetailRead, status_code=201)
def plan_visit(
    case_id: str, body: VisitPlanCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """An unannounced visit (R51): its time is KHL's alone."""
    return run(valvo, who, PlanVisit, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/visits/outcome", response_model=CaseDetailRead)
def record_visit(
    case_id: str, body: VisitRecordCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(valvo, who, RecordVisit, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/substance-tests", response_model=CaseDetailRead, status_code=201)
def record_test(
    case_id: str, body: SubstanceTestCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """R60–R64: alcohol in a breath test refers at once; a quick test goes to the laboratory
    and enforcement stops until its result."""
    return run(valvo, who, RecordSubstanceTest, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/substance-tests/{test_id}/lab-result", response_model=CaseDetailRead)
def lab_result(
    case_id: str, test_id: str, body: LabResultCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(
        valvo,
        who,
        RecordLabResult,
        case_id=case_id,
        test_id=test_id,
        result=body.result,
        happened_at=body.at,
        entitled_medicine=body.entitled_medicine,
        substance=body.substance,
    )
