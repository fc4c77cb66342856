"""A package's records as the JSON files of the bundle."""

from __future__ import annotations

from typing import Any

from valvo.adapters.evidence.layout import frame_path
from valvo.services.evidence.package import EvidencePackage


def package_record(package: EvidencePackage, key_fingerprint: str) -> dict[str, Any]:
    r = package.request
    return {
        "kind": package.kind,
        "subject": package.subject,
        "from": r.start,
        "to": r.end,
        "alarm_id": r.alarm_id,
        "match_description": r.match_description,
        "signatory": r.signatory,
        "purpose": r.purpose,
        "built_at": package.built_at,
        "built_by": package.built_by,
        "key_fingerprint": key_fingerprint,
    }


def frame_records(package: EvidencePackage) -> list[dict[str, Any]]:
    """Each frame's link and hashed content without the raw bytes, which are in ``file``
    (the content's ``raw`` is their base64); ``segment_start`` where the frame does not follow
    the one before it in the package."""
    out = []
    last: dict[str, str] = {}
    for frame in package.frames:
        content = {k: v for k, v in frame.content.items() if k != "raw"}
        out.append(
            {
                "id": frame.id,
                "device": frame.device,
                "prev_hash": frame.prev_hash,
                "hash": frame.hash,
                "file": frame_path(frame.device, frame.id),
                "content": content,
                # The chain goes on outside the package before this frame (the device was
                # someone else's in between, or the period starts here).
                "segment_start": last.get(frame.device) != frame.prev_hash,
            }
        )
        last[frame.device] = frame.hash
    return out


def history_record(package: EvidencePackage) -> dict[str, Any]:
    return {
        "devices": package.devices,
        "assignments": package.assignments,
        "installations": package.installations,
        "orders": package.orders,
    }


def chain_record(package: EvidencePackage) -> list[dict[str, Any]]:
    return [
        {"device": c.device, "intact": c.intact, "frames": c.frames, "reason": c.reason}
        for c in package.chain
    ]
