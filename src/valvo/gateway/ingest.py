"""From decoded records to log entries: Valvo's observation, its raw frame, and its resend key."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

from valvo.adapters.db.observation_log import LogEntry
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.protocols.base import DecodedRecord

_KINDS: Mapping[str, ObservationKind] = {
    "position": ObservationKind.POSITION,
    "heartbeat": ObservationKind.HEARTBEAT,
    "alarm": ObservationKind.ALARM,
    "login": ObservationKind.LOGIN,
    "event": ObservationKind.DEVICE_EVENT,
    "presence": ObservationKind.PRESENCE,
    "alcohol_test": ObservationKind.ALCOHOL_TEST,
}


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
    for index, record in enumerate(records):
        device = record.device or session_device
        if not device:
            raise UnidentifiedDevice(f"{protocol}: record before the device identified itself")
        # A record with its own time can be recognised when resent; one without cannot.
        dedup = (
            hashlib.sha256(f"{device}|{index}|".encode() + raw).hexdigest()
            if record.time is not None
            else None
        )
        entries.append(
            LogEntry(
                observation=Observation(
                    device_id=device,
                    kind=_KINDS.get(record.type, ObservationKind.STATUS),
                    device_time=record.time or received_at,
                    received_at=received_at,
                    lat=record.lat,
                    lon=record.lon,
                    accuracy_m=record.accuracy_m,
                    valid=record.valid,
                    speed_kmh=record.speed_kmh,
                    course=record.course,
                    altitude_m=record.altitude_m,
                    satellites=record.satellites,
                    battery_pct=record.battery_pct,
                    alarms=record.alarms,
                    attributes=record.attributes,
                ),
                protocol=protocol,
                raw=raw,
                peer=peer,
                dedup_key=dedup,
            )
        )
    return entries
