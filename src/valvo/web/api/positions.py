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
from valvo.web.access import LOCATION_ROUTE, audit_read, check_purpose, scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import LastPosition, PositionRead

router = APIRouter(prefix="/api/positions", tags=["positions"])
Reader = Annotated[Principal, Depends(require(Permission.READ_LOCATION))]
App = Annotated[Valvo, Depends(get_valvo)]
MAX_SPAN = timedelta(days=31)


@router.get("/latest", response_model=list[LastPosition], openapi_extra=LOCATION_ROUTE)
def latest(
    who: Reader,
    valvo: App,
    request: Request,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
) -> list[dict[str, Any]]:
    """Each subject's last fix (of the user's region). A last fix from before today needs no
    purpose: it is the current state, not history."""
    with valvo.uow(scope_of(who)) as uow:
        rows = uow.registry.latest_positions(None)
        audit_read(
            uow.audit,
            who,
            request,
            valvo.clock(),
            action="read_location",
            target_type="positions_latest",
            purpose=(purpose or "").strip() or None,
            details={"subjects": sorted(r["subject_id"] for r in rows)},
        )
        uow.commit()
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
    with valvo.uow(scope_of(who)) as uow:
        if uow.registry.get("subjects", subject_id) is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"subject {subject_id} does not exist")
        rows = uow.registry.positions(subject_id, start, end)
        audit_read(
            uow.audit,
            who,
            request,
            now,
            action="read_location",
            target_type="subject",
            target_id=subject_id,
            purpose=purpose,
            details={"from": start.isoformat(), "to": end.isoformat(), "count": len(rows)},
        )
        uow.commit()
    return rows
