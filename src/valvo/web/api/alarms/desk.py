"""The desk around the queue: periodic review (R43), the shift-handover log, and the policy in
force (escalation steps, routes, handling), for the console to show."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status

from valvo.bootstrap import Valvo
from valvo.domain.alarms.causes import CAUSES
from valvo.domain.alarms.policy import HANDLING_CHOICES
from valvo.domain.alarms.trail import ACTION_CHOICES, ROUTE_CHOICES
from valvo.domain.security import Permission
from valvo.engine.desk_config import desk_config
from valvo.services import alarm_desk
from valvo.services.alarm_desk_commands import AddShiftNote, ConfirmReview, ReadReviewQueue
from valvo.services.auth import Principal
from valvo.web.access import peer, scope_of, sees_location, without_location
from valvo.web.api.alarms.schemas import (
    HandoverRead,
    ReviewConfirm,
    ReviewQueueRead,
    ReviewRead,
    ShiftNoteCreate,
    ShiftNoteRead,
)
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk", tags=["alarm desk"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
Reviewer = Annotated[Principal, Depends(require(Permission.REVIEW_ALARMS))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_SHIFT_LOG))]
App = Annotated[Valvo, Depends(get_valvo)]


@router.get("/review", response_model=ReviewQueueRead)
def review_queue(who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    """Alarms handled by periodic review and raised since the last confirmed review."""
    command = ReadReviewQueue(
        actor=who.username,
        at=valvo.clock(),
        interval=desk_config(valvo.settings).review_interval,
        peer=peer(request),
    )
    queue: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    if not sees_location(who):
        queue["alarms"] = [without_location(a) for a in queue["alarms"]]
    return {"handling": valvo.settings.alarm_handling, **queue}


@router.post("/review/confirm", response_model=ReviewRead, status_code=201)
def confirm_review(body: ReviewConfirm, who: Reviewer, valvo: App) -> dict[str, Any]:
    if who.region is not None:  # a confirmed window covers every region's alarms
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"the periodic review covers every region; a user of region {who.region} "
            "reviews the queue but cannot confirm it",
        )
    command = ConfirmReview(actor=who.username, at=valvo.clock(), until=body.until, note=body.note)
    review: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return review


@router.get("/handover", response_model=HandoverRead)
def handover(who: Reader, valvo: App) -> dict[str, Any]:
    """The current and previous shift: notes, steps taken, alarms still open."""
    with valvo.uow(scope_of(who)) as uow:
        return alarm_desk.handover(uow, valvo.clock())


@router.post("/handover", response_model=ShiftNoteRead, status_code=201)
def add_handover_note(body: ShiftNoteCreate, who: Writer, valvo: App) -> dict[str, Any]:
    if who.region is not None and body.region not in (None, who.region):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"region {body.region} is not yours: you work in {who.region}",
        )
    region = body.region or who.region  # a regional user's note is their region's
    command = AddShiftNote(actor=who.username, at=valvo.clock(), text=body.text, region=region)
    note: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return note


@router.get("/policy")
def policy(who: Reader, valvo: App) -> dict[str, Any]:
    """The desk's policy in force: escalation steps, routes (names only), handling, grace."""
    config = desk_config(valvo.settings)
    return {
        "escalation": [step.as_dict() for step in config.escalation],
        "routes": [
            {**c.as_dict(), "targets": len(config.routes.get(r.value, ()))}
            for r, c in ROUTE_CHOICES.items()
        ],
        "handling": valvo.settings.alarm_handling,
        "handling_by_order_type": dict(valvo.settings.alarm_handling_by_order_type),
        "handlings": [c.as_dict() for c in HANDLING_CHOICES.values()],
        "self_clear_grace_minutes": {
            k.value: v.total_seconds() / 60 for k, v in config.intake.self_clear_grace.items()
        },
        "review_interval_minutes": config.review_interval.total_seconds() / 60,
        "causes": [c.as_dict() for c in CAUSES.values()],
        "actions": [c.as_dict() for c in ACTION_CHOICES.values()],
    }
