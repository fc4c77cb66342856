"""Retention for the administrator: the policy, legal holds (place, list, release) and the
anonymised statistics kept after deletion.

Permission: ``retention:manage`` (the administrator).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.retention.policy import get_policy
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/retention", tags=["retention"])
Admin = Annotated[Principal, Depends(require(Permission.MANAGE_RETENTION))]
App = Annotated[Valvo, Depends(get_valvo)]


class HoldIn(BaseModel):
    subject_id: str | None = None
    case_id: str | None = None
    reason: str = Field(min_length=1, max_length=2000)
    held_from: datetime | None = None
    held_until: datetime | None = None


class ReleaseIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


@router.get("/policy")
def policy(who: Admin) -> dict[str, object]:
    """The retention periods per order type and category, each with its source or reason."""
    return get_policy().as_dict()


@router.get("/holds")
def holds(who: Admin, valvo: App, active: bool = False) -> list[dict[str, Any]]:
    return valvo.retention.holds(valvo.clock(), active_only=active)


@router.post("/holds", status_code=201)
def place(who: Admin, valvo: App, body: HoldIn) -> dict[str, Any]:
    """Place a hold on a person, or on a case (which holds its person): nothing of theirs is
    deleted while it is active."""
    return valvo.retention.place_hold(
        who.username,
        valvo.clock(),
        reason=body.reason,
        subject_id=body.subject_id,
        case_id=body.case_id,
        held_from=body.held_from,
        held_until=body.held_until,
    )


@router.post("/holds/{hold_id}/release")
def release(who: Admin, valvo: App, hold_id: str, body: ReleaseIn) -> dict[str, Any]:
    return valvo.retention.release_hold(hold_id, who.username, valvo.clock(), body.reason)


@router.get("/statistics")
def statistics(who: Admin, valvo: App) -> list[dict[str, Any]]:
    """The anonymised statistics (region, month, metric, key, value) kept after deletion."""
    return valvo.retention.statistics()
