"""GET /api/desk/subjects/{id}: everything the subject page shows, in one read. It includes the
track, so it is a location read and is recorded in the audit trail (who, whose, why)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.subject_page import ReadSubjectPage
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk", tags=["alarm desk"])


@router.get("/subjects/{subject_id}", openapi_extra=LOCATION_ROUTE)
def subject_page(
    subject_id: str,
    request: Request,
    who: Annotated[Principal, Depends(require(Permission.READ_LOCATION))],
    valvo: Annotated[Valvo, Depends(get_valvo)],
    hours: Annotated[float, Query(gt=0, le=168)] = 24,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """The track covers the last ``hours``; reaching before today it needs a ``purpose``."""
    now = valvo.clock()
    window = timedelta(hours=hours)
    stated = check_purpose(now - window, now, purpose)
    command = ReadSubjectPage(
        actor=who.username,
        at=now,
        subject_id=subject_id,
        window=window,
        peer=peer(request),
        purpose=stated,
    )
    page: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return page
