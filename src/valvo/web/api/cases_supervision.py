"""Supervision routes (§9–§11): supervisors and assistants, visits, substance tests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from valvo.services.cases import supervision
from valvo.web.access import scope_of
from valvo.web.api.cases_access import App, SentenceWorker, step
from valvo.web.schemas_cases import (
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
    with valvo.uow(scope_of(who)) as uow:
        row = supervision.create_supervisor(uow, who.username, valvo.clock(), **body.model_dump())
        uow.commit()
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
    return step(
        valvo,
        who,
        case_id,
        lambda uow, now: supervision.assign(
            uow, who.username, now, case_id=case_id, supervisor_id=body.supervisor_id
        ),
    )


@router.post("/cases/{case_id}/visits", response_model=CaseDetailRead, status_code=201)
def plan_visit(
    case_id: str, body: VisitPlanCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """An unannounced visit (R51): its time is KHL's alone."""
    return step(
        valvo,
        who,
        case_id,
        lambda uow, now: supervision.plan_visit(
            uow, who.username, now, case_id=case_id, **body.model_dump()
        ),
    )


@router.post("/cases/{case_id}/visits/outcome", response_model=CaseDetailRead)
def record_visit(
    case_id: str, body: VisitRecordCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return step(
        valvo,
        who,
        case_id,
        lambda uow, now: supervision.record_visit(
            uow, who.username, now, case_id=case_id, **body.model_dump()
        ),
    )


@router.post("/cases/{case_id}/substance-tests", response_model=CaseDetailRead, status_code=201)
def record_test(
    case_id: str, body: SubstanceTestCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """R60–R64: alcohol in a breath test refers at once; a quick test goes to the laboratory
    and enforcement stops until its result."""
    return step(
        valvo,
        who,
        case_id,
        lambda uow, now: supervision.record_test(
            uow, who.username, now, case_id=case_id, **body.model_dump()
        ),
    )


@router.post("/cases/{case_id}/substance-tests/{test_id}/lab-result", response_model=CaseDetailRead)
def lab_result(
    case_id: str, test_id: str, body: LabResultCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return step(
        valvo,
        who,
        case_id,
        lambda uow, now: supervision.record_lab_result(
            uow, who.username, now, case_id=case_id, test_id=test_id, **body.model_dump()
        ),
    )
