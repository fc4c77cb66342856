"""Location reads. Every one is recorded in the audit trail: who looked at whose location, why
and from where; history before today (Europe/Helsinki) needs a stated purpose."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import AwareDatetime

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.location_reads import ReadLatestPositions, ReadPositionHistory
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import LastPosition, PositionRead

router = APIRouter(prefix="/api/positions", tags=["positions"])
Reader = Annotated[Principal, Depends(require(Permission.READ_LOCATION))]
App = Annotated[Valvo, Depends(get_valvo)]
MAX_SPAN = timedelta(days=31)
MAX_SUBJECTS = 200  # a board page at most


@router.get("/latest", response_model=list[LastPosition], openapi_extra=LOCATION_ROUTE)
def latest(
    who: Reader,
    valvo: App,
    request: Request,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
    subject: Annotated[list[str] | None, Query(max_length=MAX_SUBJECTS)] = None,
) -> list[dict[str, Any]]:
    """Each subject's last fix (of the user's region; only the ``subject``s' when given). A
    last fix from before today needs no purpose: it is the current state, not history."""
    command = ReadLatestPositions(
        actor=who.username,
        at=valvo.clock(),
        peer=peer(request),
        purpose=purpose,
        subject_ids=None if subject is None else tuple(subject),
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.get("/{subject_id}", response_model=list[PositionRead], openapi_extra=LOCATION_ROUTE)
def history(
    subject_id: str,
    who: Reader,
    valvo: App,
    request: Request,
    start: Annotated[AwareDatetime, Query(alias="from")],
    end: Annotated[AwareDatetime, Query(alias="to")],
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> list[dict[str, Any]]:
    if end <= start:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "'to' must be after 'from'")
    if end - start > MAX_SPAN:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "span is over 31 days")
    now = valvo.clock()
    purpose = check_purpose(start, now, purpose)
    command = ReadPositionHistory(
        actor=who.username,
        at=now,
        subject_id=subject_id,
        start=start,
        end=end,
        peer=peer(request),
        purpose=purpose,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows
