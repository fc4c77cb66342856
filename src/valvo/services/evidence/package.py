"""What an evidence package holds, before any packer lays it out (``adapters/evidence``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

# How far around an alarm's occurrence its package's track reaches, and the longest period.
ALARM_MARGIN = timedelta(hours=1)
MAX_PERIOD = timedelta(days=7)
MAX_SIGNATORY = 200
MAX_MATCH_DESCRIPTION = 2000


@dataclass(frozen=True, slots=True)
class PackageRequest:
    """What a package is about: a person and a period, optionally the alarm or the crime match
    that led to it (a crime match passes its own description; nothing else changes)."""

    subject_id: str
    start: datetime
    end: datetime
    alarm_id: str | None = None
    match_description: str | None = None
    signatory: str = ""
    purpose: str | None = None
    # A crime match's package (built by the police): it holds what placed the person there
    # (track, frames, devices), not the zones (a victim's address) nor the alarm handling.
    match_id: int | None = None


@dataclass(frozen=True, slots=True)
class FrameRecord:
    """One raw frame of a device's provenance chain: its hashed content (``raw`` in base64 as
    the chain hashes it) and its link."""

    id: int
    device: str
    prev_hash: str
    hash: str
    content: dict[str, Any]
    raw: bytes


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """The database's verification of one device's whole chain when the package was built."""

    device: str
    intact: bool
    frames: int
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class EvidencePackage:
    request: PackageRequest
    built_at: datetime
    built_by: str
    subject: dict[str, Any]
    orders: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    alarms: list[dict[str, Any]]  # each with its "trail"
    devices: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    installations: list[dict[str, Any]]
    frames: list[FrameRecord]
    observations: list[dict[str, Any]]
    chain: list[ChainCheck] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.request.match_description:
            return "crime_match"
        return "alarm" if self.request.alarm_id else "track"


@dataclass(frozen=True, slots=True)
class PackedEvidence:
    """The signed ZIP, its file name and the SHA-256 of its manifest (recorded in the audit)."""

    content: bytes
    filename: str
    manifest_sha256: str
    key_fingerprint: str


class EvidencePacker(Protocol):
    def pack(self, package: EvidencePackage) -> PackedEvidence: ...


class EvidenceSource(Protocol):
    """The raw-frame side of the evidence (``uow.evidence``)."""

    def frames(self, devices: list[str], start: datetime, end: datetime) -> list[FrameRecord]: ...
    def observations(self, seqs: list[int]) -> list[dict[str, Any]]: ...
    def chain_checks(self, devices: list[str]) -> list[ChainCheck]: ...
