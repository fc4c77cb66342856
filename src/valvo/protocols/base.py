"""What every device-protocol decoder returns, and the session state it may keep.

A decoder is pure: bytes in, :class:`DecodeResult` out. It never touches a socket, a clock or a
database; the gateway owns those. A message that is not valid for the protocol raises
:class:`DecodeError` with a one-line reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from valvo.domain.telemetry import Observation, ObservationKind


class DecodeError(ValueError):
    """The message is not valid for the protocol; the text says why in one line."""


# Every record type a decoder may emit, and the observation kind it becomes. A type not named
# here is a decoder bug and an error, never a silent ``status``.
RECORD_KINDS: Mapping[str, ObservationKind] = MappingProxyType(
    {
        "position": ObservationKind.POSITION,
        "heartbeat": ObservationKind.HEARTBEAT,
        "alarm": ObservationKind.ALARM,
        "login": ObservationKind.LOGIN,
        "event": ObservationKind.DEVICE_EVENT,
        "presence": ObservationKind.PRESENCE,
        "alcohol_test": ObservationKind.ALCOHOL_TEST,
        "status": ObservationKind.STATUS,
        "cells": ObservationKind.STATUS,  # cell towers only, no fix
        "reply": ObservationKind.STATUS,  # the device's answer to a command
    }
)


@dataclass(frozen=True, slots=True)
class DecodedRecord:
    """One record of a device message, in Valvo's units (degrees, km/h, metres, UTC).

    ``type`` is one of ``position``, ``heartbeat``, ``login``, ``alarm``, ``status``, ``cells``,
    ``reply`` (a device's answer to a command) or ``event`` (home-unit and tester events).
    ``alarms`` are normalised names (``sos``, ``removing``, ``tampering``, ``powerCut``, ...).
    ``attributes`` holds protocol extras under Traccar's vocabulary (``batteryLevel``,
    ``ignition``, ``rssi``, ``iccid``, ``io239`` ...).
    """

    type: str
    device: str | None = None
    time: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    valid: bool | None = None
    speed_kmh: float | None = None
    course: float | None = None
    altitude_m: float | None = None
    accuracy_m: float | None = None
    satellites: int | None = None
    battery_pct: float | None = None
    alarms: tuple[str, ...] = ()
    attributes: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in RECORD_KINDS:
            known = ", ".join(sorted(RECORD_KINDS))
            raise DecodeError(f"unknown record type {self.type!r} (known: {known})")

    def observation(self, device: str, received_at: datetime) -> Observation:
        """The domain observation this record is: a record without its own time happened when
        it was received."""
        return Observation(
            device_id=device,
            kind=RECORD_KINDS[self.type],
            device_time=self.time or received_at,
            received_at=received_at,
            lat=self.lat,
            lon=self.lon,
            accuracy_m=self.accuracy_m,
            valid=self.valid,
            speed_kmh=self.speed_kmh,
            course=self.course,
            altitude_m=self.altitude_m,
            satellites=self.satellites,
            battery_pct=self.battery_pct,
            alarms=self.alarms,
            attributes=self.attributes,
        )


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """The records of one message and the exact bytes the server must answer (or None)."""

    records: tuple[DecodedRecord, ...] = ()
    ack: bytes | None = None
    # Integrity findings that did not stop decoding (for example ``crc_mismatch``); the gateway
    # counts them, and a strict session rejects the frame instead.
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class Session:
    """Per-connection state a decoder may read and update (device identity, model quirks).

    ``strict`` makes integrity failures (bad CRC, checksum or length) a :class:`DecodeError`
    instead of a warning.
    """

    device: str | None = None
    model: str | None = None
    strict: bool = False
    extra: dict[str, object] = field(default_factory=dict)


class Decoder(Protocol):
    """A protocol's decoder for one complete message (frame, datagram or HTTP request body)."""

    name: str

    def decode(self, message: bytes, session: Session) -> DecodeResult: ...


class Splitter(Protocol):
    """Cuts complete frames off the front of a TCP byte stream.

    ``split`` removes the complete frames from ``buffer`` and returns them; an incomplete tail
    stays in the buffer. It raises :class:`DecodeError` when the stream cannot be a valid stream
    of this protocol (garbage, an absurd length field), so the connection can be closed.
    """

    def split(self, buffer: bytearray) -> list[bytes]: ...


def drop_leading(buffer: bytearray, separators: frozenset[int]) -> None:
    """Remove the separator bytes (line ends, padding) a stream puts between frames."""
    skip = 0
    while skip < len(buffer) and buffer[skip] in separators:
        skip += 1
    del buffer[:skip]
