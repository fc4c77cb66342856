"""Reading the audit trail with filters, the chain's verification status (what
``valvo audit verify`` answers) and an export of a slice (what ``valvo audit export`` writes, as
a ZIP of the JSON lines and the manifest, checkable with ``valvo audit verify-export``); each
reading and export is itself recorded in the trail.

Permission: ``audit:read`` (the auditor and the administrator).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.audit_commands import (
    AuditFilter,
    RecordAuditExport,
    RecordAuditRead,
    RecordAuditVerify,
)
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


MAX_EXPORT_DAYS = 366


@router.get("/export", response_class=Response)
def export(
    who: Auditor,
    valvo: App,
    since: Annotated[datetime, Query(alias="from")],
    until: Annotated[datetime, Query(alias="to")],
) -> Response:
    """The records from ``from`` (inclusive) to ``to`` (exclusive) as a ZIP of ``audit.jsonl``
    and ``audit.jsonl.manifest.json`` (count, first previous hash, last hash, SHA-256 of the
    lines); 409 without exporting when the stored chain up to the slice is broken."""
    for name, value in (("from", since), ("to", until)):
        if value.tzinfo is None:
            raise HTTPException(422, f"{name} needs a UTC offset (e.g. +00:00)")
    if until <= since:
        raise HTTPException(422, "to must be after from")
    if (until - since).days > MAX_EXPORT_DAYS:
        raise HTTPException(422, f"an export covers at most {MAX_EXPORT_DAYS} days")
    lines, manifest, chain = valvo.audit_export(since, until)
    if not chain.intact:
        raise HTTPException(
            409,
            f"the audit chain is broken at record {chain.broken_id}: "
            f"{chain.reason}; nothing exported",
        )
    valvo.bus.handle(RecordAuditExport(actor=who.username, at=valvo.clock(), manifest=manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("audit.jsonl", lines)
        archive.writestr("audit.jsonl.manifest.json", json.dumps(manifest, indent=2) + "\n")
    stamp = f"{since.date().isoformat()}_{until.date().isoformat()}"
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="valvo-audit-{stamp}.zip"'},
    )
