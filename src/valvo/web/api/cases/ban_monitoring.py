"""The police's view of a travel-banned person (R124): the person's alarms and fixes of the last
hours, reached through the travel ban, by those who work travel bans. A location read: audited,
and history before today needs a purpose (web/access.check_purpose)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from valvo.domain.security import Permission, start_of_local_day
from valvo.services.auth import Principal
from valvo.services.cases.ban_monitoring import ReadBanMonitoring
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.api.alarms.schemas import AlarmDeskRead
from valvo.web.api.cases.access import App, require_any
from valvo.web.schemas import LastPosition, PositionRead

router = APIRouter()
BanWatcher = Annotated[Principal, Depends(require_any(Permission.WORK_TRAVEL_BANS))]
MAX_HOURS = 168


class BanMonitoringRead(BaseModel):
    case_id: str
    subject_id: str
    subject_name: str
    alarms: list[AlarmDeskRead]
    positions: list[PositionRead]
    last_position: LastPosition | None


@router.get(
    "/cases/{case_id}/monitoring", response_model=BanMonitoringRead, openapi_extra=LOCATION_ROUTE
)
def ban_monitoring(
    case_id: str,
    who: BanWatcher,
    valvo: App,
    request: Request,
    hours: Annotated[int | None, Query(ge=1, le=MAX_HOURS)] = None,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """The travel-banned person's latest alarms (newest first) and their fixes of today (local
    time), or of the last ``hours`` (1-168; before today only with a purpose); 404 for a case
    that is not a travel ban this user sees."""
    now = valvo.clock()
    start: datetime = start_of_local_day(now) if hours is None else now - timedelta(hours=hours)
    command = ReadBanMonitoring(
        actor=who.username,
        at=now,
        role=who.role,
        case_id=case_id,
        start=start,
        purpose=check_purpose(start, now, purpose),
        peer=peer(request),
    )
    answer: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return answer
