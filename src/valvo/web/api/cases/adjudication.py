"""Adjudicated breaches and officers' key fobs (issue 15 item 4; R39, R40): a supervisor
decides a breach (counted, reasonable excuse, authorised absence) and registers the fobs whose
home-unit reports become visits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from valvo.domain.cases.adjudication import MAX_REASON, MAX_VIOLATION_MINUTES, Outcome
from valvo.services.cases.adjudication_commands import AdjudicateBreach, RegisterFob, RetireFob
from valvo.services.cases.device_visits import MAX_FOB, list_fobs
from valvo.web.access import scope_of
from valvo.web.api.cases.access import App, SentenceWorker, run
from valvo.web.api.cases.schemas import CaseDetailRead
from valvo.web.schemas import Strict

router = APIRouter()


class AdjudicationCreate(Strict):
    outcome: Outcome
    reason: str | None = Field(default=None, max_length=MAX_REASON)
    minutes: int | None = Field(default=None, ge=0, le=MAX_VIOLATION_MINUTES)


class FobCreate(Strict):
    fob: str = Field(min_length=1, max_length=MAX_FOB)
    supervisor_id: str = Field(min_length=1, max_length=36)


class FobRead(BaseModel):
    id: str
    fob: str
    supervisor_id: str
    supervisor_name: str | None = None
    region: str
    retired_at: Any = None


@router.post(
    "/cases/{case_id}/breaches/{breach_id}/adjudication",
    response_model=CaseDetailRead,
    status_code=201,
)
def adjudicate(
    case_id: str, breach_id: str, body: AdjudicationCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """The supervisor's decision on a breach; a change is a new decision, the earlier kept."""
    return run(
        valvo, who, AdjudicateBreach, case_id=case_id, breach_id=breach_id, **body.model_dump()
    )


@router.get("/officer-fobs", response_model=list[FobRead])
def fobs(who: SentenceWorker, valvo: App) -> list[dict[str, Any]]:
    """R39: the key fobs of the reader's region and whose they are."""
    with valvo.uow(scope_of(who)) as uow:
        return list_fobs(uow)


@router.post("/officer-fobs", response_model=FobRead, status_code=201)
def register(body: FobCreate, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    command = RegisterFob(actor=who.username, at=valvo.clock(), **body.model_dump())
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post("/officer-fobs/{fob_id}/retirement", response_model=FobRead)
def retire(fob_id: str, who: SentenceWorker, valvo: App) -> dict[str, Any]:
    """A lost or returned fob no longer stands for its officer."""
    row: dict[str, Any] = valvo.bus.handle(
        RetireFob(actor=who.username, at=valvo.clock(), fob_id=fob_id), scope_of(who)
    )
    return row
