"""GET /api/alarms/{id}/evidence: why the alarm fired, for its map (services/alarm_evidence.py).
The track around the alarm is location history: a location read, audited; its purpose is the
alarm work itself unless the reader states another."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.alarm_commands import ALARM_WORK
from valvo.services.alarm_evidence import ReadAlarmEvidence
from valvo.services.auth import Principal
from valvo.web.access import LOCATION_ROUTE, peer, scope_of
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/alarms", tags=["alarms"])


@router.get("/{alarm_id}/evidence", openapi_extra=LOCATION_ROUTE)
def alarm_evidence(
    alarm_id: str,
    request: Request,
    who: Annotated[Principal, Depends(require(Permission.READ_LOCATION))],
    valvo: Annotated[Valvo, Depends(get_valvo)],
    minutes: Annotated[float, Query(gt=0, le=360)] = 30,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """The fixes the rule used (numbered), the track ``minutes`` before and after, the zone
    judged, and for a home-unit alarm the unit's events."""
    command = ReadAlarmEvidence(
        actor=who.username,
        at=valvo.clock(),
        alarm_id=alarm_id,
        around=timedelta(minutes=minutes),
        purpose=(purpose or "").strip() or ALARM_WORK,
        peer=peer(request),
    )
    found: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return found
