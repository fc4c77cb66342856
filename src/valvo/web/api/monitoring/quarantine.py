"""Devices in quarantine: unregistered devices that sent frames (stored, never evaluated)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/devices", tags=["devices"])
Manager = Annotated[Principal, Depends(require(Permission.MANAGE_DEVICES))]
App = Annotated[Valvo, Depends(get_valvo)]


class QuarantinedDevice(BaseModel):
    identifier: str
    protocol: str
    first_seen: datetime
    last_seen: datetime
    frames: int


@router.get("/quarantine", response_model=list[QuarantinedDevice])
def quarantine(
    who: Manager,
    valvo: App,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """Unregistered devices that sent frames, most recently heard first, a page at a time (a
    full page links the next in ``Link: <...>; rel="next"``): register one to have its later
    frames evaluated."""
    page = valvo.quarantined_devices(limit, offset)
    if len(page) == limit:
        following = f"/api/devices/quarantine?limit={limit}&offset={offset + limit}"
        response.headers["Link"] = f'<{following}>; rel="next"'
    return page
