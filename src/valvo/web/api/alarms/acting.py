"""Acting on the person from an alarm (issue 20 item 5): whom to call, a call logged in one
click, the response checklist and its ticks, and device commands with their acknowledgement.
The person's numbers are entered where the person is edited (``web/api/monitoring/phones``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.acting import (
    LogCall,
    QueueCommand,
    QueueSubjectCommand,
    ReadChecklist,
    ReadCommands,
    ReadContacts,
    ReadSubjectCommands,
    TickStep,
)
from valvo.services.auth import Principal
from valvo.web.access import peer, scope_of
from valvo.web.api.alarms.schemas import NOTE, AlarmDeskRead, Strict
from valvo.web.auth import get_valvo, require

router = APIRouter(tags=["alarms"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
Worker = Annotated[Principal, Depends(require(Permission.WORK_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]


class PhoneRead(BaseModel):
    id: str
    label: str
    number: str  # E.164
    holder: str = "person"  # person | co_resident | contact_person
    holder_name: str | None = None


class ContactRead(BaseModel):
    kind: str
    name: str
    phone: str | None


class DeviceRead(BaseModel):
    id: str
    identifier: str
    protocol: str
    kind: str
    model: str | None
    commands: list[str]  # the commands it takes; empty: it takes none


class ContactsRead(BaseModel):
    subject_id: str
    phones: list[PhoneRead]
    contacts: list[ContactRead]
    devices: list[DeviceRead]


class CallBody(Strict):
    outcome: str = Field(pattern="^(reached|no_answer|voicemail)$")
    number: str = Field(min_length=1, max_length=40)
    callee: str = Field(min_length=1, max_length=200)
    note: str | None = NOTE


class StepRead(BaseModel):
    key: str
    text_en: str
    text_fi: str
    done_by: str | None
    done_at: datetime | None


class ChecklistRead(BaseModel):
    alarm_id: str
    version: str
    steps: list[StepRead]
    unticked: list[str]


class TickBody(Strict):
    step: str = Field(min_length=1, max_length=60)


class CommandBody(Strict):
    kind: str = Field(pattern="^(locate|fast_reporting|buzz)$")
    device_id: str | None = Field(default=None, max_length=36)


class CommandRead(BaseModel):
    id: str
    device_id: str
    device_identifier: str
    protocol: str
    alarm_id: str | None
    kind: str
    text: str
    status: str
    requested_at: datetime
    requested_by: str
    expires_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None
    reply: str | None
    finished_at: datetime | None
    reason: str | None


@router.get("/api/alarms/{alarm_id}/contacts", response_model=ContactsRead)
def contacts(alarm_id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    """The person's numbers, contact persons and devices (with the commands each takes)."""
    command = ReadContacts(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, peer=peer(request)
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/api/alarms/{alarm_id}/calls", response_model=AlarmDeskRead)
def log_call(alarm_id: str, body: CallBody, who: Worker, valvo: App) -> dict[str, Any]:
    """A call made about the alarm (whom, which number, the outcome), as a step of its trail."""
    command = LogCall(
        actor=who.username,
        at=valvo.clock(),
        alarm_id=alarm_id,
        outcome=body.outcome,
        number=body.number,
        callee=body.callee,
        note=body.note,
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.get("/api/alarms/{alarm_id}/checklist", response_model=ChecklistRead)
def checklist(alarm_id: str, who: Reader, valvo: App) -> dict[str, Any]:
    """The alarm kind's response steps, each with who ticked it and when."""
    command = ReadChecklist(actor=who.username, at=valvo.clock(), alarm_id=alarm_id)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/api/alarms/{alarm_id}/checklist", response_model=ChecklistRead)
def tick(alarm_id: str, body: TickBody, who: Worker, valvo: App) -> dict[str, Any]:
    """Tick a step: a ``step_done`` entry of the trail (who, when, which step)."""
    command = TickStep(actor=who.username, at=valvo.clock(), alarm_id=alarm_id, step=body.step)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.get("/api/alarms/{alarm_id}/commands", response_model=list[CommandRead])
def commands(alarm_id: str, who: Reader, valvo: App) -> list[dict[str, Any]]:
    """The person's device commands, newest first: queued, sent, acknowledged, failed, expired."""
    command = ReadCommands(actor=who.username, at=valvo.clock(), alarm_id=alarm_id)
    result: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post(
    "/api/alarms/{alarm_id}/commands",
    response_model=CommandRead,
    status_code=status.HTTP_201_CREATED,
)
def queue_command(alarm_id: str, body: CommandBody, who: Worker, valvo: App) -> dict[str, Any]:
    """Queue a command for the person's device; the gateway sends it on the device's open
    connection and records its answer (409 when the device takes no commands)."""
    command = QueueCommand(
        actor=who.username,
        at=valvo.clock(),
        alarm_id=alarm_id,
        kind=body.kind,
        device_id=body.device_id,
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.get("/api/subjects/{subject_id}/commands", response_model=list[CommandRead])
def subject_commands(subject_id: str, who: Reader, valvo: App) -> list[dict[str, Any]]:
    """The person's device commands, newest first (from their alarms and their page)."""
    command = ReadSubjectCommands(actor=who.username, at=valvo.clock(), subject_id=subject_id)
    result: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post(
    "/api/subjects/{subject_id}/commands",
    response_model=CommandRead,
    status_code=status.HTTP_201_CREATED,
)
def queue_subject_command(
    subject_id: str, body: CommandBody, who: Worker, valvo: App
) -> dict[str, Any]:
    """Queue a command for the person's device from their page (about no alarm)."""
    command = QueueSubjectCommand(
        actor=who.username,
        at=valvo.clock(),
        subject_id=subject_id,
        kind=body.kind,
        device_id=body.device_id,
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result
