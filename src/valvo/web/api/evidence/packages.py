"""POST /api/evidence/packages: one click builds a signed evidence package of an alarm, a crime
match, a breach on a case or a period of a person's track (a ZIP with the PDF reports, the raw
frames, the records as JSON and the signed manifest; docs/evidence.md). It holds a track, so
it is a location read: audited, and reaching before today it needs a purpose (an alarm, a
match's run and a breach are one).
A crime match's package is for the roles that read matches (``crimes:match``); every other
kind needs ``evidence:build``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import AwareDatetime, Field

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, allows
from valvo.services.auth import Principal
from valvo.services.evidence.commands import BuildEvidencePackage
from valvo.services.evidence.package import MAX_MATCH_DESCRIPTION, MAX_SIGNATORY, PackedEvidence
from valvo.web.access import LOCATION_ROUTE, check_purpose, peer, scope_of
from valvo.web.api.cases.access import require_any
from valvo.web.auth import get_valvo
from valvo.web.schemas import Strict

router = APIRouter(prefix="/api/evidence", tags=["evidence"])
Builder = Annotated[
    Principal, Depends(require_any(Permission.BUILD_EVIDENCE, Permission.MATCH_CRIMES))
]
App = Annotated[Valvo, Depends(get_valvo)]


class PackageCreate(Strict):
    """One of: an alarm's package (``alarm_id``), a crime match's (``match_id``, the police),
    a breach's (``breach_id``), or a person's track (``subject_id``, ``from``, ``to``);
    ``signatory`` names who signs the witness statement."""

    signatory: str = Field(min_length=1, max_length=MAX_SIGNATORY)
    alarm_id: str | None = Field(default=None, max_length=36)
    match_id: int | None = Field(default=None, ge=1)
    breach_id: str | None = Field(default=None, max_length=36)
    subject_id: str | None = Field(default=None, max_length=36)
    start: AwareDatetime | None = Field(default=None, alias="from")
    end: AwareDatetime | None = Field(default=None, alias="to")
    purpose: str | None = Field(default=None, max_length=500)
    match_description: str | None = Field(default=None, max_length=MAX_MATCH_DESCRIPTION)


@router.post(
    "/packages",
    response_class=Response,
    openapi_extra=LOCATION_ROUTE,
    responses={200: {"content": {"application/zip": {}}}},
)
def build_package(body: PackageCreate, who: Builder, valvo: App, request: Request) -> Response:
    now = valvo.clock()
    needs = Permission.MATCH_CRIMES if body.match_id is not None else Permission.BUILD_EVIDENCE
    if not allows(who.role, needs):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {who.role} may not {needs.value}")
    if body.match_description is not None and body.subject_id is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "match_description goes with a subject's track only (a match_id describes itself)",
        )
    purpose: str | None
    if body.match_id is not None or body.breach_id is not None:
        purpose = None  # the match's run's purpose, the breach
    elif body.alarm_id is not None:
        purpose = check_purpose(now, now, body.purpose) or f"evidence of alarm {body.alarm_id}"
    elif body.start is not None and body.end is not None:
        if body.end <= body.start:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "'to' must be after 'from'")
        purpose = check_purpose(body.start, now, body.purpose)
    else:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "give an alarm_id, a match_id, a breach_id, or a subject_id with 'from' and 'to'",
        )
    command = BuildEvidencePackage(
        actor=who.username,
        at=now,
        signatory=body.signatory,
        alarm_id=body.alarm_id,
        match_id=body.match_id,
        breach_id=body.breach_id,
        subject_id=body.subject_id,
        start=body.start,
        end=body.end,
        match_description=body.match_description,
        purpose=purpose,
        peer=peer(request),
    )
    packed: PackedEvidence = valvo.bus.handle(command, scope_of(who))
    return Response(
        packed.content,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{packed.filename}"',
            "X-Valvo-Manifest-SHA256": packed.manifest_sha256,
            "X-Valvo-Key-Fingerprint": packed.key_fingerprint,
        },
    )
