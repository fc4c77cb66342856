"""Build an evidence package: gather, pack and sign, and record it in the audit trail (the
package holds a person's track: a location read) in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput
from valvo.services.evidence.gather import gather, request_for_alarm
from valvo.services.evidence.package import EvidencePacker, PackageRequest, PackedEvidence


@dataclass(frozen=True, kw_only=True)
class BuildEvidencePackage(Command):
    """A package of an alarm (``alarm_id``: its person and period follow from it) or of a
    person's track between ``start`` and ``end`` (a crime match adds its description)."""

    signatory: str
    alarm_id: str | None = None
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
        request = _request(cmd, uow)
        package = gather(uow, request, cmd.actor, cmd.at)
        packed = evidence_packer.pack(package)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="subject",
            target_id=request.subject_id,
            purpose=cmd.purpose or _default_purpose(request),
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
            },
        )
        uow.commit()
    return packed


def _default_purpose(request: PackageRequest) -> str:
    if request.alarm_id:
        return f"evidence package of alarm {request.alarm_id}"
    return "evidence package"


def _request(cmd: BuildEvidencePackage, uow: Any) -> PackageRequest:
    if cmd.alarm_id is not None:
        if cmd.subject_id is not None or cmd.start is not None or cmd.end is not None:
            raise InvalidInput("give an alarm, or a subject with 'from' and 'to', not both")
        return request_for_alarm(uow, cmd.alarm_id, cmd.signatory.strip(), cmd.purpose)
    if cmd.subject_id is None or cmd.start is None or cmd.end is None:
        raise InvalidInput("give an alarm, or a subject with 'from' and 'to'")
    return PackageRequest(
        subject_id=cmd.subject_id,
        start=cmd.start,
        end=cmd.end,
        match_description=(cmd.match_description or "").strip() or None,
        signatory=cmd.signatory.strip(),
        purpose=cmd.purpose,
    )


HANDLERS: dict[type[Command], Handler] = {BuildEvidencePackage: build_package}
