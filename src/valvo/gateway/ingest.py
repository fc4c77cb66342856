"""From decoded records to log entries: Valvo's observation, its raw frame, and its resend key."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from valvo.gateway.record_limits import check_device_id, check_record, clip_peer
from valvo.protocols.base import DecodedRecord
from valvo.services.telemetry import LogEntry, RawFrame


class UnidentifiedDevice(ValueError):
    """A record arrived before the device said who it is."""


def to_entries(
    records: tuple[DecodedRecord, ...],
    *,
    protocol: str,
    raw: bytes,
    peer: str | None,
    received_at: datetime,
    session_device: str | None = None,
) -> list[LogEntry]:
    entries = []
    peer = clip_peer(peer)
    for record in records:
        check_record(record, protocol)
        device = record.device or session_device
        if not device:
            raise UnidentifiedDevice(f"{protocol}: record before the device identified itself")
        # A record with its own time can be recognised when resent; one without cannot.
        dedup = record_identity(device, record) if record.time is not None else None
        entries.append(
            LogEntry(
                observation=record.observation(device, received_at),
                protocol=protocol,
                raw=raw,
                peer=peer,
                dedup_key=dedup,
            )
        )
    return entries


def record_identity(device: str, record: DecodedRecord) -> str:
    """The record's resend key: its device, device time, position and payload, not the packet
    that carried it, so the same record re-packed with others (Teltonika) or resent under a new
    serial (GT06) is stored once."""
    content = {
        "device": device,
        "type": record.type,
        "time": record.time.isoformat() if record.time else None,
        **{name: getattr(record, name) for name in _IDENTITY_FIELDS},
        "alarms": sorted(record.alarms),
        "attributes": record.attributes,
    }
    return hashlib.sha256(_canonical(content).encode()).hexdigest()


# The resend key's canonical JSON (sorted keys, no spaces, anything else as its text): one
# encoder for every record, not one made per call as json.dumps does for these options (most of
# its cost for a one-fix frame); the text is the same.
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode


_IDENTITY_FIELDS = (
    "lat",
    "lon",
    "valid",
    "speed_kmh",
    "course",
    "altitude_m",
    "accuracy_m",
    "satellites",
    "battery_pct",
)


def to_frame(
    records: tuple[DecodedRecord, ...],
    *,
    protocol: str,
    raw: bytes,
    peer: str | None,
    received_at: datetime,
    session_device: str | None = None,
    sequence: int | None = None,
) -> RawFrame:
    """One received frame with its observations, for provenance and the durable log.

    The frame belongs to the session's device, else to the first record naming one; a frame
    nobody can be named for raises :class:`UnidentifiedDevice` (nothing is stored). A frame is
    recognisable when resent if one of its records carries its own time or it has a sequence.
    A field the log cannot hold raises :class:`InvalidRecord` (a ``DecodeError``).
    """
    device = session_device or next((r.device for r in records if r.device), None)
    if not device:
        raise UnidentifiedDevice(f"{protocol}: frame before the device identified itself")
    check_device_id(device, protocol)
    peer = clip_peer(peer)
    entries = to_entries(
        records,
        protocol=protocol,
        raw=raw,
        peer=peer,
        received_at=received_at,
        session_device=device,
    )
    recognisable = sequence is not None or any(e.dedup_key for e in entries)
    dedup = (
        hashlib.sha256(f"frame|{protocol}|{device}|".encode() + raw).hexdigest()
        if recognisable
        else None
    )
    return RawFrame(
        device=device,
        protocol=protocol,
        raw=raw,
        peer=peer,
        received_at=received_at,
        entries=tuple(entries),
        dedup_key=dedup,
        sequence=sequence,
    )
