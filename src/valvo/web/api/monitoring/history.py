"""History playback: GET /api/desk/subjects/{id}/history (a page of the period's fixes, their
gaps and the period's events) and .../history/export (every fix of the period as CSV or
GeoJSON). Location reads: the purpose rule holds (history before today needs a stated purpose;
an export, which leaves the system, always needs one) and each read is audited."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from pydantic import AwareDatetime

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.history_playback import (
    MAX_PAGE,
    ExportHistory,
    ReadHistory,
    csv_text,
    geojson,
)
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk", tags=["alarm desk"])
Reader = Annotated[Principal, Depends(require(Permission.READ_LOCATION))]
App = Annotated[Valvo, Depends(get_valvo)]
From = Annotated[AwareDatetime, Query(alias="from")]
To = Annotated[AwareDatetime, Query(alias="to")]
Purpose = Annotated[str | None, Query(max_length=500)]


@router.get("/subjects/{subject_id}/history", openapi_extra=LOCATION_ROUTE)
def history(
    subject_id: str,
    request: Request,
    who: Reader,
    valvo: App,
    start: From,
    end: To,
    purpose: Purpose = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 2000,
    gap_minutes: Annotated[float, Query(gt=0, le=1440)] = 10,
) -> dict[str, Any]:
    """Page ``page`` of the period's fixes (oldest first), how many the period holds, the gaps
    longer than ``gap_minutes``, and the period's alarms and presence events."""
    now = valvo.clock()
    command = ReadHistory(
        actor=who.username,
        at=now,
        subject_id=subject_id,
        start=start,
        end=end,
        page=page,
        page_size=page_size,
        gap=timedelta(minutes=gap_minutes),
        peer=peer(request),
        purpose=check_purpose(start, now, purpose),
    )
    found: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return found


@router.get(
    "/subjects/{subject_id}/history/export",
    openapi_extra=LOCATION_ROUTE,
    response_class=Response,
)
def export(
    subject_id: str,
    request: Request,
    who: Reader,
    valvo: App,
    start: From,
    end: To,
    format: Annotated[str, Query(pattern="^(csv|geojson)$")] = "csv",
    purpose: Purpose = None,
) -> Response:
    """Every fix of the period, as CSV or GeoJSON; always for a stated purpose."""
    stated = (purpose or "").strip()
    if not stated:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "purpose is required: an export of location history is made only for a stated purpose",
        )
    command = ExportHistory(
        actor=who.username,
        at=valvo.clock(),
        subject_id=subject_id,
        start=start,
        end=end,
        format=format,
        peer=peer(request),
        purpose=stated,
    )
    found: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    day = start.date().isoformat()
    if format == "csv":
        body, media, ext = "\ufeff" + csv_text(found["fixes"]), "text/csv; charset=utf-8", "csv"
    else:
        body = json.dumps(geojson(subject_id, found["fixes"]))
        media, ext = "application/geo+json", "geojson"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="history-{day}.{ext}"'},
    )
