"""H02 binary frames: fixed-layout BCD records that start with ``$`` (or ``X`` on some firmware).

Layout: start byte, device id (5 BCD bytes = 10 digits, or 8 bytes holding a 15-digit IMEI),
time ``hhmmss``, date ``ddmmyy``, latitude ``DDMMmmmm``, a battery byte, longitude ``DDDMMmmmm``
plus a flag nibble (bit 1 valid, bit 2 north, bit 3 east), speed (3 digits, knots) and course
(3 digits), then the 32-bit status word: 29 bytes with a 10-digit id, 32 with an IMEI. Frames
carry extra trailing bytes (mileage, cells) that vary by firmware and are not read; a frame is 32,
45, 46 or 48 bytes long with a 10-digit id and 42 with an IMEI. The battery byte is not read
either: its scale is not documented and differs between firmware. Binary frames get no reply.
"""

from __future__ import annotations

from datetime import UTC, datetime

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult
from valvo.protocols.coordinates import check_range
from valvo.protocols.h02.status import KNOT_KMH, status_word

BINARY_STARTS = frozenset(b"$X")
SHORT_ID_LENGTHS = (32, 45, 46, 48)
IMEI_LENGTH = 42
_SHORT_ID, _IMEI_ID = 5, 8
# Bytes after the id: time 3, date 3, latitude 4, battery 1, longitude+flags 5, speed+course 3,
# status 4.
_BODY = 23


def decode_binary(frame: bytes) -> DecodeResult:
    id_length = binary_id_length(frame)
    if len(frame) < 1 + id_length + _BODY:
        raise DecodeError(f"h02: binary frame of {len(frame)} bytes is too short")
    device = frame[1 : 1 + id_length].hex()
    body = frame[1 + id_length : 1 + id_length + _BODY - 4].hex()
    # time+date, latitude, longitude digits, speed+course; the battery byte and the flag nibble
    # (body[20:22] and body[31]) are binary.
    if not (body[:20] + body[22:31] + body[32:]).isdigit() or not device.isdigit():
        raise DecodeError("h02: binary frame has non-BCD digits")
    if id_length == _IMEI_ID:
        device = device[:15]
    time = _timestamp(body[0:6], body[6:12])
    lat_degrees = _degrees(body[12:14], body[14:20])
    lon_degrees = _degrees(body[22:25], body[25:31])
    flags = int(body[31], 16)
    speed_knots, course = int(body[32:35]), int(body[35:38])
    lat = lat_degrees if flags & 0b0100 else -lat_degrees
    lon = lon_degrees if flags & 0b1000 else -lon_degrees
    check_range(lat, lon)
    offset = 1 + id_length + _BODY - 4
    alarms, attributes = status_word(int.from_bytes(frame[offset : offset + 4], "big"))
    record = DecodedRecord(
        type="alarm" if alarms else "position",
        device=device,
        time=time,
        lat=lat,
        lon=lon,
        valid=bool(flags & 0b0010),
        speed_kmh=speed_knots * KNOT_KMH,
        course=float(course),
        alarms=alarms,
        attributes=attributes,
    )
    return DecodeResult(records=(record,))


def _degrees(degrees: str, minutes_e4: str) -> float:
    minutes = int(minutes_e4) / 10000.0
    if minutes >= 60.0:
        raise DecodeError(f"h02: binary coordinate has {minutes} minutes")
    return int(degrees) + minutes / 60.0


def binary_id_length(frame: bytes | bytearray) -> int:
    """5 when the bytes after a 10-digit id read as a plausible BCD fix, else 8 (an IMEI)."""
    return (
        _SHORT_ID if _plausible(frame, _SHORT_ID) or not _plausible(frame, _IMEI_ID) else _IMEI_ID
    )


def _plausible(frame: bytes | bytearray, id_length: int) -> bool:
    """Valid BCD clock, date, latitude and longitude digits after an id of ``id_length``."""
    body = bytes(frame[1 + id_length : 1 + id_length + 16]).hex()
    digits = body[:20] + body[22:31]  # skip the battery byte; the flag nibble follows
    if len(body) < 32 or not digits.isdigit():
        return False
    hour, minute, second = int(body[0:2]), int(body[2:4]), int(body[4:6])
    day, month = int(body[6:8]), int(body[8:10])
    return (
        hour < 24
        and minute < 60
        and second < 60
        and 1 <= day <= 31
        and 1 <= month <= 12
        and int(body[14:16]) < 60
        and int(body[25:27]) < 60
    )


def _timestamp(clock: str, date: str) -> datetime:
    try:
        return datetime(
            2000 + int(date[4:6]),
            int(date[2:4]),
            int(date[0:2]),
            int(clock[0:2]),
            int(clock[2:4]),
            int(clock[4:6]),
            tzinfo=UTC,
        )
    except ValueError as exc:
        raise DecodeError(f"h02: binary frame has an impossible time ({exc})") from exc
