"""Marking a person or a case restricted, and lifting it (issue 15 item 5); only holders of
``restricted:access`` (docs/authorisation.md). The rule that hides them is
``adapters/db/scoping.visible``; the audited door every route passes is
``web/access.guard_restricted``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.restriction import MAX_NOTE, RestrictionReason
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.restrictions import LiftRestriction, MarkRestricted, ReadRestriction, Target
from valvo.web.access import scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import Strict

router = APIRouter(prefix="/api", tags=["restricted"])
Restricter = Annotated[Principal, Depends(require(Permission.ACCESS_RESTRICTED))]
App = Annotated[Valvo, Depends(get_valvo)]


class RestrictionSet(Strict):
    reason: RestrictionReason
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class Marking(BaseModel):
    id: str
    case_id: str | None
    reason: RestrictionReason
    note: str | None
    marked_at: datetime
    marked_by: str


class RestrictionRead(BaseModel):
    subject_id: str
    restricted: bool
    markings: list[Marking]


def _mark(
    target: Target, record_id: str, body: RestrictionSet, who: Principal, valvo: Valvo
) -> Any:
    command = MarkRestricted(
        actor=who.username,
        at=valvo.clock(),
        target=target,
        record_id=record_id,
        reason=RestrictionReason(body.reason),
        note=body.note,
    )
    return valvo.bus.handle(command, scope_of(who))


def _lift(target: Target, record_id: str, who: Principal, valvo: Valvo) -> Any:
    command = LiftRestriction(
        actor=who.username, at=valvo.clock(), target=target, record_id=record_id
    )
    return valvo.bus.handle(command, scope_of(who))


@router.get("/cases/{case_id}/restriction", response_model=RestrictionRead)
def case_restriction(case_id: str, who: Restricter, valvo: App) -> dict[str, Any]:
    """The markings in force on the case's person (their own and their cases')."""
    command = ReadRestriction(
        actor=who.username, at=valvo.clock(), target="case", record_id=case_id
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer


@router.put("/subjects/{subject_id}/restriction", response_model=RestrictionRead)
def restrict_subject(
    subject_id: str, body: RestrictionSet, who: Restricter, valvo: App
) -> dict[str, Any]:
    """Mark the person restricted (409 if they already are, by a marking of their own)."""
    answer: dict[str, Any] = _mark("subject", subject_id, body, who, valvo)
    return answer


@router.delete("/subjects/{subject_id}/restriction", response_model=RestrictionRead)
def lift_subject(subject_id: str, who: Restricter, valvo: App) -> dict[str, Any]:
    """Lift the person's own marking (their cases' markings stay: 409 if there is none)."""
    answer: dict[str, Any] = _lift("subject", subject_id, who, valvo)
    return answer


@router.put("/cases/{case_id}/restriction", response_model=RestrictionRead)
def restrict_case(
    case_id: str, body: RestrictionSet, who: Restricter, valvo: App
) -> dict[str, Any]:
    """Mark the case restricted, and with it its person (409 if the case already is)."""
    answer: dict[str, Any] = _mark("case", case_id, body, who, valvo)
    return answer


@router.delete("/cases/{case_id}/restriction", response_model=RestrictionRead)
def lift_case(case_id: str, who: Restricter, valvo: App) -> dict[str, Any]:
    answer: dict[str, Any] = _lift("case", case_id, who, valvo)
    return answer
