"""The alarm queue and its workflow: list with filters, read, the trail, and the steps
(acknowledge, investigate, resolve with a cause, note, escalate, reopen). Every step is
published on the live feed after its commit, so every console sees it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from valvo.bootstrap import Valvo
from valvo.domain.alarms import Alarm
from valvo.domain.alarms.rows import alarm_to_row
from valvo.domain.security import Permission
from valvo.services.alarm_commands import (
    AcknowledgeAlarm,
    AddAlarmNote,
    EscalateAlarm,
    InvestigateAlarm,
    ReopenAlarm,
    ResolveAlarm,
)
from valvo.services.auth import Principal
from valvo.web.access import (
    LOCATION_ROUTE,
    audit_read,
    scope_of,
    sees_location,
    without_location,
)
from valvo.web.api.alarm_schemas import (
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
# read; its purpose is the alarm work itself unless the reader states another.
ALARM_WORK = "alarm handling"
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
) -> list[dict[str, Any]]:
    for value in severity or ():
        if value not in SEVERITIES:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown severity {value!r}"
            )
    with valvo.uow(scope_of(who)) as uow:
        rows = uow.alarms.find(
            status_,
            subject_id,
            limit,
            region=region,
            kinds=kind or (),
            severities=severity or (),
            handling=handling,
        )
        located = sees_location(who)
        audit_read(
            uow.audit,
            who,
            request,
            valvo.clock(),
            action="read_location" if located else "read",
            target_type="alarms",
            purpose=ALARM_WORK,
            details={"count": len(rows), "subjects": sorted({r["subject_id"] for r in rows})},
        )
        uow.commit()
    return rows if located else [without_location(r) for r in rows]


@router.get("/{alarm_id}", response_model=AlarmDeskRead, openapi_extra=LOCATION_ROUTE)
def get_alarm(
    alarm_id: str, who: Reader, valvo: App, request: Request, purpose: Purpose = None
) -> dict[str, Any]:
    with valvo.uow(scope_of(who)) as uow:
        alarm = uow.alarms.get(alarm_id)
        if alarm is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"alarm {alarm_id} does not exist")
        subject = uow.registry.get("subjects", alarm.subject_id)
        located = sees_location(who)
        audit_read(
            uow.audit,
            who,
            request,
            valvo.clock(),
            action="read_location" if located else "read",
            target_type="alarm",
            target_id=alarm_id,
            purpose=(purpose or "").strip() or ALARM_WORK,
            details={"subject_id": alarm.subject_id},
        )
        uow.commit()
    row = read(alarm, subject)
    return row if located else without_location(row)


@router.get("/{alarm_id}/trail", response_model=list[TrailEntryRead])
def trail(alarm_id: str, who: Reader, valvo: App, request: Request) -> list[dict[str, Any]]:
    """Every step of the alarm, oldest first: who, when, what, from → to, note."""
    with valvo.uow(scope_of(who)) as uow:
        if uow.alarms.get(alarm_id) is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"alarm {alarm_id} does not exist")
        rows = uow.alarms.trail(alarm_id)
        audit_read(
            uow.audit, who, request, valvo.clock(), target_type="alarm_trail", target_id=alarm_id
        )
        uow.commit()
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


def read(alarm: Alarm, subject: dict[str, Any] | None = None) -> dict[str, Any]:
    row = alarm_to_row(alarm)
    row["subject_name"] = None if subject is None else subject["name"]
    row["region"] = None if subject is None else subject["region"]
    return row
