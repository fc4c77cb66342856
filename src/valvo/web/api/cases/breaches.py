"""Breach routes (§14, §16, §17): open, hear, warn, interrupt provisionally, refer, clear; the
prosecutor's and the court's decisions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from valvo.services.cases.breach_commands import (
    ClearBreach,
    CourtDecidesBreach,
    InterruptProvisionally,
    OpenBreach,
    ProsecutorDecidesBreach,
    RecordBreachHearing,
    ReferBreach,
    WarnOfBreach,
)
from valvo.web.api.cases.access import App, CaseWorker, Decider, SentenceWorker, decided_by, run
from valvo.web.api.cases.schemas import (
    BreachCreate,
    CaseDetailRead,
    ClearBody,
    CourtDecisionCreate,
    DayBody,
    HearingCreate,
    ProsecutorDecisionCreate,
    ReferralCreate,
    StartBody,
)

router = APIRouter()
PREFIX = "/cases/{case_id}/breaches"


@router.post(PREFIX, response_model=CaseDetailRead, status_code=201)
def open_breach(case_id: str, body: BreachCreate, who: CaseWorker, valvo: App) -> dict[str, Any]:
    """A suspected breach opens a breach case (R58, R78)."""
    return run(valvo, who, OpenBreach, case_id=case_id, **body.model_dump())


@router.post(PREFIX + "/{breach_id}/hearing", response_model=CaseDetailRead)
def hearing(
    case_id: str, breach_id: str, body: HearingCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    return run(
        valvo, who, RecordBreachHearing, case_id=case_id, breach_id=breach_id, **body.model_dump()
    )


@router.post(PREFIX + "/{breach_id}/warning", response_model=CaseDetailRead)
def warning(
    case_id: str, breach_id: str, body: DayBody, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """A written warning, only after the hearing (§14.1; R78, R79)."""
    return run(valvo, who, WarnOfBreach, case_id=case_id, breach_id=breach_id, on=body.on)


@router.post(PREFIX + "/{breach_id}/provisional-interruption", response_model=CaseDetailRead)
def provisional_interruption(
    case_id: str, breach_id: str, body: StartBody, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """At most one month while the breach is cleared up (§14.2; R80)."""
    return run(
        valvo, who, InterruptProvisionally, case_id=case_id, breach_id=breach_id, start=body.start
    )


@router.post(PREFIX + "/{breach_id}/referral", response_model=CaseDetailRead)
def referral(
    case_id: str, breach_id: str, body: ReferralCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """A §14.3 breach: referral with enforcement interrupted at once (R81, R82)."""
    return run(valvo, who, ReferBreach, case_id=case_id, breach_id=breach_id, **body.model_dump())


@router.post(PREFIX + "/{breach_id}/clear", response_model=CaseDetailRead)
def clear(
    case_id: str, breach_id: str, body: ClearBody, who: CaseWorker, valvo: App
) -> dict[str, Any]:
    return run(valvo, who, ClearBreach, case_id=case_id, breach_id=breach_id, note=body.note)


@router.post(PREFIX + "/{breach_id}/prosecutor-decision", response_model=CaseDetailRead)
def prosecutor_decision(
    case_id: str, breach_id: str, body: ProsecutorDecisionCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """§16 (R84): the prosecutor brings the breach to court, or does not."""
    decided_by(who, ("prosecutor",), "prosecutor" if who.role == "administrator" else None)
    return run(
        valvo,
        who,
        ProsecutorDecidesBreach,
        case_id=case_id,
        breach_id=breach_id,
        **body.model_dump(),
    )


@router.post(PREFIX + "/{breach_id}/court-decision", response_model=CaseDetailRead)
def court_decision(
    case_id: str, breach_id: str, body: CourtDecisionCreate, who: Decider, valvo: App
) -> dict[str, Any]:
    """§17 (R85, R89): conversion into prison, or the sentence continues."""
    decided_by(who, ("court",), "court" if who.role == "administrator" else None)
    return run(
        valvo, who, CourtDecidesBreach, case_id=case_id, breach_id=breach_id, **body.model_dump()
    )
