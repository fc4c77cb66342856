"""Subjects, orders, devices, assignments, zones and plans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.registry_commands import (
    AddZone,
    AssignDevice,
    CreateOrder,
    CreateSubject,
    EndZone,
    ReadRow,
    ReadRows,
    RegisterDevice,
    RegistryWrite,
    SetRfRange,
    SetSchedule,
)
from valvo.web.access import peer, scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import (
    AssignmentCreate,
    AssignmentRead,
    DeviceCreate,
    DeviceRead,
    OrderCreate,
    OrderRead,
    RfRangeSet,
    ScheduleRead,
    ScheduleSet,
    SubjectCreate,
    SubjectRead,
    ZoneCreate,
    ZoneEnd,
    ZoneRead,
)

router = APIRouter(prefix="/api", tags=["registry"])
Reader = Annotated[Principal, Depends(require(Permission.READ_REGISTRY))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_REGISTRY))]
App = Annotated[Valvo, Depends(get_valvo)]


def _register(
    valvo: Valvo, who: Principal, kind: type[RegistryWrite], fields: dict[str, Any]
) -> dict[str, Any]:
    row: dict[str, Any] = valvo.bus.handle(
        kind(actor=who.username, at=valvo.clock(), fields=fields), scope_of(who)
    )
    return row


@router.post("/subjects", response_model=SubjectRead, status_code=201)
def create_subject(body: SubjectCreate, who: Writer, valvo: App) -> dict[str, Any]:
    return _register(valvo, who, CreateSubject, body.model_dump())


def _read_all(
    valvo: Valvo, who: Principal, request: Request, table: str, **filters: Any
) -> list[dict[str, Any]]:
    """The rows of the user's scope, and the audit record of the read (one transaction)."""
    command = ReadRows(
        actor=who.username, at=valvo.clock(), table=table, filters=filters, peer=peer(request)
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


def _read_one(
    valvo: Valvo, who: Principal, request: Request, table: str, what: str, id: str
) -> dict[str, Any]:
    command = ReadRow(
        actor=who.username, at=valvo.clock(), table=table, what=what, id=id, peer=peer(request)
    )
    row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return row


@router.get("/subjects", response_model=list[SubjectRead])
def list_subjects(who: Reader, valvo: App, request: Request) -> list[dict[str, Any]]:
    return _read_all(valvo, who, request, "subjects")


@router.get("/subjects/{subject_id}", response_model=SubjectRead)
def get_subject(subject_id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    return _read_one(valvo, who, request, "subjects", "subject", subject_id)


@router.post("/orders", response_model=OrderRead, status_code=201)
def create_order(body: OrderCreate, who: Writer, valvo: App) -> dict[str, Any]:
    return _register(valvo, who, CreateOrder, body.model_dump())


@router.get("/orders", response_model=list[OrderRead])
def list_orders(
    who: Reader, valvo: App, request: Request, subject_id: str | None = None
) -> list[dict[str, Any]]:
    return _read_all(valvo, who, request, "orders", subject_id=subject_id)


@router.get("/orders/{order_id}", response_model=OrderRead)
def get_order(order_id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    return _read_one(valvo, who, request, "orders", "order", order_id)


@router.put("/orders/{order_id}/schedule", response_model=ScheduleRead, status_code=201)
def set_schedule(order_id: str, body: ScheduleSet, who: Writer, valvo: App) -> dict[str, Any]:
    data = body.model_dump(mode="json")
    fields = {
        "order_id": order_id,
        "weekly": data["weekly"],
        "one_off": data["one_off"],
        "reason": body.reason,
    }
    return _register(valvo, who, SetSchedule, fields)


@router.get("/orders/{order_id}/schedule", response_model=ScheduleRead)
def get_schedule(order_id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
    rows = _read_all(valvo, who, request, "schedules", order_id=order_id)
    if not rows:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} has no plan")
    return max(rows, key=lambda r: int(r["version"]))


@router.post("/devices", response_model=DeviceRead, status_code=201)
def register_device(body: DeviceCreate, who: Writer, valvo: App) -> dict[str, Any]:
    return _register(valvo, who, RegisterDevice, {"region": who.region, **body.model_dump()})


@router.put("/devices/{device_id}/rf-range", response_model=DeviceRead)
def set_rf_range(device_id: str, body: RfRangeSet, who: Writer, valvo: App) -> dict[str, Any]:
    """R34: an RF home unit's configured range (typically 100-400 m)."""
    return _register(valvo, who, SetRfRange, {"device_id": device_id, **body.model_dump()})


@router.get("/devices", response_model=list[DeviceRead])
def list_devices(who: Reader, valvo: App, request: Request) -> list[dict[str, Any]]:
    return _read_all(valvo, who, request, "devices")


@router.post("/assignments", response_model=AssignmentRead, status_code=201)
def assign_device(body: AssignmentCreate, who: Writer, valvo: App) -> dict[str, Any]:
    return _register(valvo, who, AssignDevice, body.model_dump())


@router.get("/assignments", response_model=list[AssignmentRead])
def list_assignments(
    who: Reader, valvo: App, request: Request, subject_id: str | None = None
) -> list[dict[str, Any]]:
    return _read_all(valvo, who, request, "device_assignments", subject_id=subject_id)


@router.post("/zones", response_model=ZoneRead, status_code=201)
def add_zone(body: ZoneCreate, who: Writer, valvo: App) -> dict[str, Any]:
    return _register(valvo, who, AddZone, body.model_dump())


@router.post("/zones/{zone_id}/end", response_model=ZoneRead)
def end_zone(zone_id: str, body: ZoneEnd, who: Writer, valvo: App) -> dict[str, Any]:
    """R116: enforce the zone only until ``valid_to`` (an area redrawn or removed by a change)."""
    return _register(valvo, who, EndZone, {"zone_id": zone_id, **body.model_dump()})


@router.get("/zones", response_model=list[ZoneRead])
def list_zones(
    who: Reader, valvo: App, request: Request, order_id: str | None = None
) -> list[dict[str, Any]]:
    """Zones hold home and protected addresses: a read of personal data, audited."""
    return _read_all(valvo, who, request, "zones", order_id=order_id)
