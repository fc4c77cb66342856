"""Victims of a case and their protection zones (R139), restraining orders (R140).

Who the victim is (name, contact, zone) is read only with ``victims:read`` (the case's
supervisor, the prosecutor, the court); an operator sees the zone's geometry only through an
open alarm about it, without the victim's identity; a restraining order's court, dates and terms
are read by whoever reads the person. Every read is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import AwareDatetime, BaseModel, Field

from valvo.domain.security import Permission
from valvo.domain.victims import MAX_BUFFER_M, MAX_TERMS, MIN_BUFFER_M
from valvo.services.auth import Principal
from valvo.services.victims import (
    AddVictim,
    EndVictimZone,
    ReadAlarmVictimZone,
    ReadRestrainingOrders,
    ReadVictims,
    RecordRestrainingOrder,
)
from valvo.web.access import peer, scope_of
from valvo.web.api.cases.access import App, require_any
from valvo.web.schemas import Strict

router = APIRouter()
VictimReader = Annotated[Principal, Depends(require_any(Permission.READ_VICTIMS))]
VictimWorker = Annotated[Principal, Depends(require_any(Permission.WORK_VICTIMS))]
PersonReader = Annotated[Principal, Depends(require_any(Permission.READ_REGISTRY))]
AlarmReader = Annotated[Principal, Depends(require_any(Permission.READ_ALARMS))]


class VictimCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    zone: dict[str, Any] = Field(
        description="The exclusion zone: GeoJSON Polygon, MultiPolygon, or Point with radius_m"
    )
    radius_m: float | None = Field(default=None, gt=0, le=100_000)
    buffer_m: float | None = Field(
        default=None,
        ge=MIN_BUFFER_M,
        le=MAX_BUFFER_M,
        description="The warning buffer around the exclusion zone (default 500 m)",
    )
    contact_person: str | None = Field(default=None, max_length=200)
    contact_channel: str | None = Field(
        default=None, max_length=300, description="mailto:address or an http(s):// address"
    )
    notify_opt_in: bool = False
    valid_from: AwareDatetime | None = None
    valid_to: AwareDatetime | None = None


class VictimEnd(Strict):
    valid_to: AwareDatetime


class VictimRead(BaseModel):
    id: str
    case_id: str
    subject_id: str
    name: str
    contact_person: str | None
    contact_channel: str | None
    notify_opt_in: bool
    zone: dict[str, Any]
    buffer_m: float
    valid_from: datetime | None
    valid_to: datetime | None
    in_force: bool
    created_at: datetime
    created_by: str


class VictimZoneRead(BaseModel):
    alarm_id: str
    label_en: str
    label_fi: str
    exclusion: dict[str, Any]
    buffer: dict[str, Any]
    buffer_m: float


class RestrainingOrderCreate(Strict):
    court: str = Field(min_length=1, max_length=200)
    decided_at: AwareDatetime
    valid_from: AwareDatetime
    valid_to: AwareDatetime | None = None
    terms: str = Field(min_length=1, max_length=MAX_TERMS)
    victim_id: str | None = None


class RestrainingOrderRead(BaseModel):
    id: str
    case_id: str
    subject_id: str
    court: str
    decided_at: datetime
    valid_from: datetime
    valid_to: datetime | None
    terms: str
    protects_victim: bool
    in_force: bool
    created_at: datetime


@router.post("/cases/{case_id}/victims", response_model=VictimRead, status_code=201)
def add_victim(case_id: str, body: VictimCreate, who: VictimWorker, valvo: App) -> dict[str, Any]:
    """R139: the victim, their exclusion zone and warning buffer, and whether (and where) they
    want to be told when the person enters either."""
    command = AddVictim(
        actor=who.username, at=valvo.clock(), role=who.role, case_id=case_id, **body.model_dump()
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/cases/{case_id}/victims", response_model=list[VictimRead])
def list_victims(
    case_id: str, who: VictimReader, valvo: App, request: Request
) -> list[dict[str, Any]]:
    """Who the case's victims are; each read is audited."""
    command = ReadVictims(
        actor=who.username, at=valvo.clock(), role=who.role, case_id=case_id, peer=peer(request)
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.post("/victims/{victim_id}/end", response_model=VictimRead)
def end_victim_zone(
    victim_id: str, body: VictimEnd, who: VictimWorker, valvo: App
) -> dict[str, Any]:
    """R116: the victim's zones are enforced until ``valid_to`` (the record stays)."""
    command = EndVictimZone(
        actor=who.username,
        at=valvo.clock(),
        role=who.role,
        victim_id=victim_id,
        **body.model_dump(),
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/alarms/{alarm_id}/victim-zone", response_model=VictimZoneRead)
def alarm_victim_zone(
    alarm_id: str, who: AlarmReader, valvo: App, request: Request
) -> dict[str, Any]:
    """The geometry of the victim's zone an open alarm is about, for the desk's map; no name,
    no contact (R139). Audited."""
    command = ReadAlarmVictimZone(
        actor=who.username, at=valvo.clock(), alarm_id=alarm_id, peer=peer(request)
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.post(
    "/cases/{case_id}/restraining-orders", response_model=RestrainingOrderRead, status_code=201
)
def record_restraining_order(
    case_id: str, body: RestrainingOrderCreate, who: VictimWorker, valvo: App
) -> dict[str, Any]:
    """R140: the restraining order concerning the person (court, dates, terms)."""
    command = RecordRestrainingOrder(
        actor=who.username, at=valvo.clock(), role=who.role, case_id=case_id, **body.model_dump()
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/subjects/{subject_id}/restraining-orders", response_model=list[RestrainingOrderRead])
def list_restraining_orders(
    subject_id: str, who: PersonReader, valvo: App, request: Request
) -> list[dict[str, Any]]:
    """R140: the person's restraining orders, shown on the person and on the desk's card."""
    command = ReadRestrainingOrders(
        actor=who.username, at=valvo.clock(), subject_id=subject_id, peer=peer(request)
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows
