"""Build an evidence package: gather, pack and sign, and record it in the audit trail (the
package holds a person's track: a location read) in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput
from valvo.services.evidence.gather import (
    gather,
    request_for_alarm,
    request_for_breach,
    request_for_match,
)
from valvo.services.evidence.package import EvidencePacker, PackageRequest, PackedEvidence


@dataclass(frozen=True, kw_only=True)
class BuildEvidencePackage(Command):
    """A package of an alarm (``alarm_id``: its person and period follow from it), of a crime
    match (``match_id``), of a breach on a case (``breach_id``) or of a person's track between
    ``start`` and ``end``. It runs in the crime-matching unit of work (the shared one plus the
    matches)."""

    unit = "crimes"
    signatory: str
    alarm_id: str | None = None
    match_id: int | None = None
    breach_id: str | None = None
    subject_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    match_description: str | None = None
    purpose: str | None = None
    peer: str | None = None


def build_package(
    cmd: BuildEvidencePackage, uow: Any, *, evidence_packer: EvidencePacker
) -> PackedEvidence:
    with uow:
        request, about = _request(cmd, uow)
        package = gather(uow, request, cmd.actor, cmd.at)
        packed = evidence_packer.pack(package)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="subject",
            target_id=request.subject_id,
            purpose=request.purpose or cmd.purpose or _default_purpose(request),
            peer=cmd.peer,
            details={
                "evidence_package": package.kind,
                "alarm_id": request.alarm_id,
                "from": request.start.isoformat(),
                "to": request.end.isoformat(),
                "count": len(package.positions),
                "frames": len(package.frames),
                "signatory": request.signatory.strip(),
                "manifest_sha256": packed.manifest_sha256,
                "key_fingerprint": packed.key_fingerprint,
                **about,
            },
        )
        uow.commit()
    return packed


def _default_purpose(request: PackageRequest) -> str:
    if request.alarm_id:
        return f"evidence package of alarm {request.alarm_id}"
    return "evidence package"


ONE_OF = "give one of: an alarm, a crime match, a breach, or a subject with 'from' and 'to'"


def _request(cmd: BuildEvidencePackage, uow: Any) -> tuple[PackageRequest, dict[str, Any]]:
    """The package's person and period, and what it is about for the audit record."""
    track = cmd.subject_id is not None or cmd.start is not None or cmd.end is not None
    given = [cmd.alarm_id is not None, cmd.match_id is not None, cmd.breach_id is not None, track]
    if sum(given) != 1:
        raise InvalidInput(ONE_OF)
    signatory = cmd.signatory.strip()
    if cmd.alarm_id is not None:
        return request_for_alarm(uow, cmd.alarm_id, signatory, cmd.purpose), {}
    if cmd.match_id is not None:
        return request_for_match(uow, cmd.match_id, signatory)
    if cmd.breach_id is not None:
        return request_for_breach(uow, cmd.breach_id, signatory)
    if cmd.subject_id is None or cmd.start is None or cmd.end is None:
        raise InvalidInput("a subject's track needs 'from' and 'to'")
    return PackageRequest(
        subject_id=cmd.subject_id,
        start=cmd.start,
        end=cmd.end,
        match_description=(cmd.match_description or "").strip() or None,
        signatory=signatory,
        purpose=cmd.purpose,
    ), {}


HANDLERS: dict[type[Command], Handler] = {BuildEvidencePackage: build_package}
