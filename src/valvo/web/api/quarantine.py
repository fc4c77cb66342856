"""Devices in quarantine: unregistered devices that sent frames (stored, never evaluated)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from valvo.adapters.db.quarantine import quarantined_devices
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
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    """Unregistered devices that sent frames, most recently heard first: register one to have
    its later frames evaluated."""
    with valvo.db.connect() as conn:
        return quarantined_devices(conn, limit)
