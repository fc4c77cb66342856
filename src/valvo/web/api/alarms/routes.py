"""The alarm queue and its workflow: list with filters, read, the trail, and the steps
(acknowledge, investigate, resolve with a cause, note, escalate, reopen). Each route builds a
command of ``services.alarm_commands`` and hands it to the message bus; every step is published
on the live feed after its commit, so every console sees it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import AwareDatetime

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.alarm_commands import (
    AcknowledgeAlarm,
    AddAlarmNote,
    EscalateAlarm,
    InvestigateAlarm,
    ListAlarms,
    ReadAlarm,
    ReadAlarmTrail,
    ReopenAlarm,
    ResolveAlarm,
)
from valvo.services.auth import Principal
from valvo.web.access import (
    LOCATION_ROUTE,
    peer,
    scope_of,
    sees_location,
    without_location,
)
from valvo.web.api.alarms.schemas import (
    AlarmDeskRead,
    EscalateBody,
    InvestigateBody,
    NoteBody,
    ReopenBody,
    ResolveBody,
    TrailEntryRead,
)
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/alarms", tags=["alarms"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
Worker = Annotated[Principal, Depends(require(Permission.WORK_ALARMS))]
Escalator = Annotated[Principal, Depends(require(Permission.ESCALATE_ALARMS))]
Supervisor = Annotated[Principal, Depends(require(Permission.SUPERVISE_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]
STATUSES = "^(open|raised|acknowledged|investigating|resolved|reopened)$"
# An alarm's explanation holds the fix that broke the rule, so reading alarms is a location
# read; its purpose is the alarm work itself unless the reader states another
# (services.alarm_commands.ALARM_WORK).
Purpose = Annotated[str | None, Query(max_length=500)]
SEVERITIES = ("low", "medium", "high", "critical")


@router.get("", response_model=list[AlarmDeskRead], openapi_extra=LOCATION_ROUTE)
def list_alarms(
    who: Reader,
    valvo: App,
    request: Request,
    status_: Annotated[str | None, Query(alias="status", pattern=STATUSES)] = None,
    subject_id: str | None = None,
    region: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    severity: Annotated[list[str] | None, Query()] = None,
    handling: Annotated[str | None, Query(pattern="^(realtime|review)$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    raised_from: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    raised_to: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> list[dict[str, Any]]:
    """Newest first; ``from``/``to``: only the alarms raised in that period."""
    if raised_from is not None and raised_to is not None and raised_to <= raised_from:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "'to' must be after 'from'")
    for value in severity or ():
        if value not in SEVERITIES:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown severity {value!r}"
            )
    located = sees_location(who)
    command = ListAlarms(
        actor=who.username,
        at=valvo.clock(),
        located=located,
        peer=peer(request),
        status=status_,
        subject_id=subject_id,
        region=region,
        kinds=tuple(kind or ()),
        severities=tuple(severity or ()),
        handling=handling,
        limit=limit,
        raised_from=raised_from,
        raised_to=raised_to,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows if located else [without_location(r) for r in rows]


@router.get("/{alarm_id}", response_model=AlarmDeskRead, openapi_extra=LOCATION_ROUTE)
def get_alarm(
    alarm_id: str, who: Reader, valvo: App, request: Request, purpose: Purpose = None
) -> dict[str, Any]:
    located = sees_location(who)
    command = ReadAlarm(
        actor=who.username,
        at=valvo.clock(),
        alarm_id=alarm_id,
        located=located,
        peer=peer(request),
        purpose=purpose,
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row if located else without_location(row)


@router.get("/{alarm_id}/trail", response_model=list[TrailEntryRead])
def trail(alarm_id: str, who: Reader, valvo: App, request: Request) -> list[dict[str, Any]]:
    """Every step of the alarm, oldest first: who, when, what, from → to, note."""
    command = ReadAlarmTrail(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, peer=peer(request)
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.post("/{alarm_id}/acknowledge", response_model=AlarmDeskRead)
def acknowledge(alarm_id: str, who: Worker, valvo: App) -> dict[str, Any]:
    command = AcknowledgeAlarm(actor=who.username, at=valvo.clock(), alarm_id=alarm_id)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/{alarm_id}/investigate", response_model=AlarmDeskRead)
def investigate(alarm_id: str, body: InvestigateBody, who: Worker, valvo: App) -> dict[str, Any]:
    command = InvestigateAlarm(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, note=body.note
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/{alarm_id}/resolve", response_model=AlarmDeskRead)
def resolve(alarm_id: str, body: ResolveBody, who: Worker, valvo: App) -> dict[str, Any]:
    command = ResolveAlarm(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, cause=body.cause, note=body.note
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/{alarm_id}/notes", response_model=AlarmDeskRead)
def add_note(alarm_id: str, body: NoteBody, who: Worker, valvo: App) -> dict[str, Any]:
    command = AddAlarmNote(actor=who.username, at=valvo.clock(), alarm_id=alarm_id, note=body.note)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/{alarm_id}/escalate", response_model=AlarmDeskRead)
def escalate(alarm_id: str, body: EscalateBody, who: Escalator, valvo: App) -> dict[str, Any]:
    command = EscalateAlarm(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, route=body.route, note=body.note
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/{alarm_id}/reopen", response_model=AlarmDeskRead)
def reopen(alarm_id: str, body: ReopenBody, who: Supervisor, valvo: App) -> dict[str, Any]:
    command = ReopenAlarm(actor=who.username, at=valvo.clock(), alarm_id=alarm_id, note=body.note)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result
