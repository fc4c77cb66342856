"""The observation log's own types: what the gateway hands to the log, what the log answers,
and the one encoding of an observation's measurements that both logs (the database and
JetStream) store.

The log backends (``adapters/db/observation_log.py``, ``adapters/bus/jetstream.py``), the
gateway and the engine import these from here; none of them owns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from valvo.domain.telemetry import Observation, ObservationKind

# The longest device identifier and peer address the log holds: the observation table declares
# its columns with these, and the gateway refuses longer ones at decode time.
DEVICE_ID_LENGTH = 64
PEER_LENGTH = 80


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One observation to append, with its raw frame and provenance."""

    observation: Observation
    protocol: str
    raw: bytes
    peer: str | None
    dedup_key: str | None


@dataclass(frozen=True, slots=True)
class RawFrame:
    """One frame as received: its bytes, who sent it, and the observations decoded from it."""

    device: str
    protocol: str
    raw: bytes
    peer: str | None
    received_at: datetime
    entries: tuple[LogEntry, ...] = ()
    # Equal for a resend of the same frame by the same device; None when it cannot be told.
    dedup_key: str | None = None
    # Valvo protocol: the message sequence, which must exceed the device's last accepted one.
    sequence: int | None = None


class FrameStatus(StrEnum):
    STORED = "stored"
    RESEND = "resend"  # already in the log: acknowledge, store nothing
    REFUSED = "refused"  # stale sequence or no credential: nothing stored, no acknowledgement


@dataclass(frozen=True, slots=True)
class FrameOutcome:
    status: FrameStatus
    reason: str | None = None
    quarantined: bool = False
    observation_seqs: tuple[int | None, ...] = field(default=())

    @property
    def acknowledge(self) -> bool:
        return self.status is not FrameStatus.REFUSED


PAYLOAD_FIELDS = (
    "lat",
    "lon",
    "accuracy_m",
    "valid",
    "speed_kmh",
    "course",
    "altitude_m",
    "satellites",
    "battery_pct",
)


def payload_of(obs: Observation) -> dict[str, Any]:
    """An observation's measurements as stored in either log (JSON-safe): the
    :data:`PAYLOAD_FIELDS` in their order, then the alarms and the attributes (written out,
    not looped over: it runs once per observation archived)."""
    return {
        "lat": obs.lat,
        "lon": obs.lon,
        "accuracy_m": obs.accuracy_m,
        "valid": obs.valid,
        "speed_kmh": obs.speed_kmh,
        "course": obs.course,
        "altitude_m": obs.altitude_m,
        "satellites": obs.satellites,
        "battery_pct": obs.battery_pct,
        "alarms": list(obs.alarms),
        "attributes": dict(obs.attributes),
    }


def observation_of(
    *,
    device_id: str,
    kind: str,
    device_time: datetime,
    received_at: datetime,
    payload: Mapping[str, Any],
    seq: int | None = None,
) -> Observation:
    """The observation a log stored (the inverse of :func:`payload_of`); :class:`ValueError`
    names an unknown kind or measurement."""
    unknown = set(payload) - {*PAYLOAD_FIELDS, "alarms", "attributes"}
    if unknown:
        raise ValueError(f"unknown observation fields: {', '.join(sorted(unknown))}")
    return Observation(
        device_id=device_id,
        kind=ObservationKind(kind),
        device_time=device_time,
        received_at=received_at,
        alarms=tuple(payload.get("alarms", ())),
        attributes=payload.get("attributes", {}),
        seq=seq,
        **{f: payload.get(f) for f in PAYLOAD_FIELDS},
    )
