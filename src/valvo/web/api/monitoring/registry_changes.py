"""Changing and ending what enrolment registered, and commissioning a home unit's key, from the
console: PATCH a person, end an order, take a device off or swap it, issue a device key (shown
once: Valvo keeps only its fingerprint). Each write is scoped to the user's region and audited
(services/registry_changes.py, services/device_credentials.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import AwareDatetime, BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.geo import ZoneKind
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.device_credentials import IssuedCredential, IssueDeviceKey
from valvo.services.registry_commands import (
    EditDevice,
    EditSubject,
    EditZone,
    EndAssignment,
    EndOrder,
    RegistryWrite,
    SwapDevice,
)
from valvo.web.access import scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import AssignmentRead, DeviceRead, OrderRead, Strict, SubjectRead, ZoneRead

router = APIRouter(prefix="/api", tags=["registry"])
Writer = Annotated[Principal, Depends(require(Permission.WRITE_REGISTRY))]
KeyIssuer = Annotated[Principal, Depends(require(Permission.MANAGE_DEVICES))]
App = Annotated[Valvo, Depends(get_valvo)]
Reason = Annotated[str, Field(min_length=1, max_length=500)]


class SubjectChange(Strict):
    """Only the fields given change; null clears the case number, code or birth date."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    case_number: str | None = Field(default=None, max_length=40)
    identity_code: str | None = Field(default=None, min_length=11, max_length=11)
    birth_date: date | None = None


class OrderEnd(Strict):
    reason: Reason
    ends_at: AwareDatetime | None = None


class AssignmentEnd(Strict):
    reason: Reason


class DeviceSwap(Strict):
    device_id: str = Field(min_length=1, max_length=36)
    reason: Reason


class ZoneChange(Strict):
    """Only the fields given change; a new geometry replaces the old (a Point needs radius_m)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: ZoneKind | None = None
    geometry: dict[str, Any] | None = None
    radius_m: float | None = Field(default=None, gt=0, le=100_000)


class DeviceChange(Strict):
    model: str | None = Field(max_length=60)


class DeviceKeyRead(BaseModel):
    device: str
    key_version: int
    key: str = Field(description="Shown once; load it into the device. Valvo keeps no copy.")
    fingerprint: str


def _write(
    valvo: Valvo, who: Principal, kind: type[RegistryWrite], fields: dict[str, Any]
) -> dict[str, Any]:
    row: dict[str, Any] = valvo.bus.handle(
        kind(actor=who.username, at=valvo.clock(), fields=fields), scope_of(who)
    )
    return row


@router.patch("/subjects/{subject_id}", response_model=SubjectRead)
def edit_subject(subject_id: str, body: SubjectChange, who: Writer, valvo: App) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    return _write(valvo, who, EditSubject, {"subject_id": subject_id, **changes})


@router.post("/orders/{order_id}/end", response_model=OrderRead)
def end_order(order_id: str, body: OrderEnd, who: Writer, valvo: App) -> dict[str, Any]:
    return _write(valvo, who, EndOrder, {"order_id": order_id, **body.model_dump()})


@router.post("/assignments/{assignment_id}/end", response_model=AssignmentRead)
def end_assignment(
    assignment_id: str, body: AssignmentEnd, who: Writer, valvo: App
) -> dict[str, Any]:
    fields = {"assignment_id": assignment_id, "reason": body.reason}
    return _write(valvo, who, EndAssignment, fields)


@router.post("/assignments/{assignment_id}/swap", response_model=AssignmentRead, status_code=201)
def swap_device(assignment_id: str, body: DeviceSwap, who: Writer, valvo: App) -> dict[str, Any]:
    """End this assignment and assign ``device_id`` to the same person at the same instant."""
    return _write(valvo, who, SwapDevice, {"assignment_id": assignment_id, **body.model_dump()})


@router.patch("/zones/{zone_id}", response_model=ZoneRead)
def edit_zone(zone_id: str, body: ZoneChange, who: Writer, valvo: App) -> dict[str, Any]:
    return _write(valvo, who, EditZone, {"zone_id": zone_id, **body.model_dump(exclude_unset=True)})


@router.patch("/devices/{device_id}", response_model=DeviceRead)
def edit_device(device_id: str, body: DeviceChange, who: Writer, valvo: App) -> dict[str, Any]:
    return _write(valvo, who, EditDevice, {"device_id": device_id, "model": body.model})


@router.post("/devices/{device_id}/key", response_model=DeviceKeyRead, status_code=201)
def issue_device_key(device_id: str, who: KeyIssuer, valvo: App) -> dict[str, Any]:
    """Commission (or re-key) a Valvo-protocol device: a new key, shown in this answer only."""
    command = IssueDeviceKey(actor=who.username, at=valvo.clock(), device_id=device_id)
    issued: IssuedCredential = valvo.bus.handle(command, scope_of(who))
    return {
        "device": issued.device,
        "key_version": issued.key_version,
        "key": issued.key_hex,
        "fingerprint": issued.fingerprint,
    }
