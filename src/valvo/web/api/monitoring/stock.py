"""R47 device stock from the console: the stock of a region (counts by state and model, units
out for servicing too long, the low-stock warning against the caseload), a device's moves, and
a move (send, receive, install, check, service, back, retire). Reads need ``registry:read``,
moves ``registry:write``; both keep to the user's region and are audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain import stock
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.stock import MoveDevice, ReadDeviceHistory, ReadStock
from valvo.web.access import peer, scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import DeviceRead, Strict

router = APIRouter(prefix="/api", tags=["registry"])
Reader = Annotated[Principal, Depends(require(Permission.READ_REGISTRY))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_REGISTRY))]
App = Annotated[Valvo, Depends(get_valvo)]
ACTIONS = "^(" + "|".join(a.value for a in stock.MANUAL) + ")$"


class StockMove(Strict):
    action: str = Field(pattern=ACTIONS, description="send, receive, install, check, …")
    location: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=60, description="send: to which region")
    vendor: str | None = Field(default=None, max_length=120, description="service: the vendor")
    reason: str | None = Field(default=None, max_length=500)
    back_on: date | None = Field(default=None, description="back: the day (today if not given)")


class StockEvent(BaseModel):
    id: int
    device_id: str
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str
    region: str | None
    location: str | None
    subject_id: str | None
    details: dict[str, Any]


class StockDevice(DeviceRead):
    subject_id: str | None = None
    subject_name: str | None = None


class StockRead(BaseModel):
    region: str | None
    counts: dict[str, int]
    by_model: dict[str, dict[str, int]]
    total: int
    caseload: int
    spares_needed: int
    low: bool
    spare_share: float
    servicing_days: int
    overdue: list[StockDevice]
    devices: list[StockDevice]


@router.get("/stock", response_model=StockRead)
def read_stock(
    who: Reader,
    valvo: App,
    request: Request,
    region: Annotated[str | None, Query(max_length=60)] = None,
    servicing_days: Annotated[int, Query(ge=1, le=365)] = stock.SERVICING_OVERDUE_DAYS,
) -> dict[str, Any]:
    """The stock of the user's region (a national user: every region, or ``region``)."""
    command = ReadStock(
        actor=who.username,
        at=valvo.clock(),
        region=region,
        servicing_days=servicing_days,
        peer=peer(request),
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.get("/devices/{device_id}/stock", response_model=list[StockEvent])
def device_history(
    device_id: str, who: Reader, valvo: App, request: Request
) -> list[dict[str, Any]]:
    """Every move of the device, oldest first: who, when, from, to, where."""
    command = ReadDeviceHistory(
        actor=who.username, at=valvo.clock(), device_id=device_id, peer=peer(request)
    )
    result: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/devices/{device_id}/stock", response_model=DeviceRead)
def move_device(device_id: str, body: StockMove, who: Writer, valvo: App) -> dict[str, Any]:
    """A move of the device in the stock; refused (409) when its state does not allow it."""
    command = MoveDevice(
        actor=who.username, at=valvo.clock(), device_id=device_id, **body.model_dump()
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result
