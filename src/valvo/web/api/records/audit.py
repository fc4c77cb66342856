"""Reading the audit trail with filters, and the chain's verification status (what
``valvo audit verify`` answers); each reading is itself recorded in the trail.

Permission: ``audit:read`` (the auditor and the administrator).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.audit_commands import AuditFilter, RecordAuditRead, RecordAuditVerify
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/audit", tags=["audit"])
Auditor = Annotated[Principal, Depends(require(Permission.READ_AUDIT))]
App = Annotated[Valvo, Depends(get_valvo)]


@router.get("/records")
def records(
    who: Auditor,
    valvo: App,
    request: Request,
    actor: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    action: str | None = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
    after_id: Annotated[int | None, Query(ge=0)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Audit records matching every filter, oldest first (page with ``after_id``); ``from`` is
    inclusive, ``to`` exclusive, both ISO 8601 with an offset."""
    for name, value in (("from", since), ("to", until)):
        if value is not None and value.tzinfo is None:
            raise HTTPException(422, f"{name} needs a UTC offset (e.g. +00:00)")
    if since is not None and until is not None and until <= since:
        raise HTTPException(422, "to must be after from")
    query = AuditFilter(actor, target_type, target_id, action, since, until, after_id, limit)
    filters = {
        "actor": actor,
        "target_type": target_type,
        "target_id": target_id,
        "action": action,
        "from": since,
        "to": until,
        "after_id": after_id,
        "limit": limit,
    }
    peer = request.client.host if request.client else None
    valvo.bus.handle(
        RecordAuditRead(actor=who.username, at=valvo.clock(), filters=filters, peer=peer)
    )
    rows = valvo.audit_records(query)
    return {"records": rows, "next_after_id": rows[-1]["id"] if len(rows) == limit else None}


@router.get("/status")
def chain_status(who: Auditor, valvo: App, request: Request) -> dict[str, Any]:
    """The whole chain walked from the genesis hash (hashes, key seals, head), as ``valvo audit
    verify`` does: whether it is intact, how many records, the first broken one and why."""
    now = valvo.clock()
    check = valvo.audit_chain_check()
    peer = request.client.host if request.client else None
    valvo.bus.handle(
        RecordAuditVerify(
            actor=who.username, at=now, intact=check.intact, records=check.checked, peer=peer
        )
    )
    return {
        "checked_at": now.isoformat(),
        "records": check.checked,
        "intact": check.intact,
        "broken_id": check.broken_id,
        "reason": check.reason,
        "last_hash": check.last_hash,
    }
