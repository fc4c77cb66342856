"""Versioned thresholds per order type (noise control, issue 20): the revisions, a draft from
the values in force, editing it, publishing it with the instant it takes effect. The desk's
supervisors and the administrator (``alarms:supervise``); the values are national, not a
region's (``services/thresholds.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import AwareDatetime, BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.registry_choices import OrderType
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.thresholds import (
    MAX_NOTE,
    DraftThresholds,
    EditThresholds,
    ListThresholds,
    PublishThresholds,
)
from valvo.web.access import scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import Strict

router = APIRouter(prefix="/api/thresholds", tags=["thresholds"])
Supervisor = Annotated[Principal, Depends(require(Permission.SUPERVISE_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]
NATIONAL_ONLY = (
    "thresholds are national (they apply to every region's people): a supervisor of one region "
    "may read them; a national supervisor or an administrator changes them"
)


def national(who: Supervisor) -> Principal:
    """A supervisor without a region: a change reaches every region's people, so one region's
    supervisor may not make it (a cross-region write)."""
    if who.region is not None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NATIONAL_ONLY)
    return who


NationalSupervisor = Annotated[Principal, Depends(national)]
# Values by name (durations in seconds), e.g. {"presence_grace": 420, "flap_window": 1800};
# each is checked against its range by the domain, which names the one that is wrong.
Values = Annotated[dict[str, Any], Field(max_length=20)]


class RevisionRead(BaseModel):
    id: int
    order_type: str
    number: int
    status: str
    thresholds: dict[str, Any]
    effective_from: datetime | None
    in_force: bool
    note: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    published_at: datetime | None
    published_by: str | None


class Limit(BaseModel):
    low: float
    high: float
    integer: bool


class RevisionList(BaseModel):
    revisions: list[RevisionRead]
    limits: dict[str, Limit]
    editable: bool = Field(description="whether this user may draft and publish (national)")


class DraftBody(Strict):
    order_type: OrderType
    values: Values = Field(default_factory=dict)
    note: str = Field(default="", max_length=MAX_NOTE)


class EditBody(Strict):
    values: Values = Field(default_factory=dict)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class PublishBody(Strict):
    effective_from: AwareDatetime


@router.get("", response_model=RevisionList)
def revisions(who: Supervisor, valvo: App, order_type: OrderType | None = None) -> Any:
    """Every revision, each order type's in force now marked, and the range of each value."""
    command = ListThresholds(
        actor=who.username,
        at=valvo.clock(),
        order_type=None if order_type is None else order_type.value,
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return {**answer, "editable": who.region is None}


@router.post("", response_model=RevisionRead, status_code=201)
def draft(body: DraftBody, who: NationalSupervisor, valvo: App) -> Any:
    """A draft for the order type: the values in force now, with ``values`` changed."""
    command = DraftThresholds(
        actor=who.username,
        at=valvo.clock(),
        order_type=str(body.order_type),
        values=body.values,
        note=body.note,
    )
    return valvo.bus.handle(command, scope_of(who))


@router.patch("/{revision_id}", response_model=RevisionRead)
def edit(revision_id: str, body: EditBody, who: NationalSupervisor, valvo: App) -> Any:
    """Change a draft's values (a published revision never changes: 409)."""
    command = EditThresholds(
        actor=who.username,
        at=valvo.clock(),
        revision_id=revision_id,
        values=body.values,
        note=body.note,
    )
    return valvo.bus.handle(command, scope_of(who))


@router.post("/{revision_id}/publish", response_model=RevisionRead)
def publish(revision_id: str, body: PublishBody, who: NationalSupervisor, valvo: App) -> Any:
    """Publish a draft to take effect at ``effective_from`` (now or later)."""
    command = PublishThresholds(
        actor=who.username,
        at=valvo.clock(),
        revision_id=revision_id,
        effective_from=body.effective_from,
    )
    return valvo.bus.handle(command, scope_of(who))
