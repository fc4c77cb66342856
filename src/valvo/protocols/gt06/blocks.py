"""The building blocks GT06/Concox messages share: date, GPS block, cell block, status tail.

See :mod:`valvo.protocols.gt06.decoder` for the frame and the message types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from valvo.protocols.accuracy import accuracy_from
from valvo.protocols.base import DecodedRecord, DecodeError, Session
from valvo.protocols.binary import ByteReader

_COORDINATE_SCALE = 1_800_000  # GT06 coordinates are minutes x 30000
TZ_KEY = "gt06.timezone_minutes"

# Terminal-information byte, bits 3..5.
_STATUS_ALARMS = {
    1: "vibration",
    2: "powerCut",
    3: "lowBattery",
    4: "sos",
    6: "geofence",
    7: "removing",
}
# Alarm/language word, high byte (Concox alarm codes).
_ALARM_CODES = {
    0x01: "sos",
    0x02: "powerCut",
    0x03: "vibration",
    0x04: "geofenceEnter",
    0x05: "geofenceExit",
    0x06: "overspeed",
    0x09: "vibration",
    0x0C: "tampering",
    0x0E: "lowBattery",
    0x0F: "lowBattery",
    0x11: "powerOff",
    0x13: "tampering",
    0x14: "door",
    0x18: "removing",
    0x19: "lowBattery",
    0x1A: "hardBraking",
    0x1B: "hardCornering",
    0x23: "fallDown",
    0x25: "tampering",
    0x26: "hardAcceleration",
    0x27: "hardBraking",
    0x29: "hardAcceleration",
    0x2A: "hardCornering",
    0x2B: "hardCornering",
    0x2C: "accident",
    0x2E: "hardCornering",
    0x30: "jamming",
    0x32: "tampering",
}
# Model families that give some codes another meaning (prefix of the model name -> overrides).
_MODEL_ALARM_CODES: Mapping[str, Mapping[int, str]] = {
    "VL": {0x09: "tow"},
    "LW": {0x18: "accident", 0x19: "hardAcceleration"},
    "G18": {0x30: "hardBraking"},  # observed: the G18 reports harsh braking as 0x30
}


@dataclass(slots=True)
class Context:
    """What a message handler needs besides the content bytes."""

    session: Session
    warnings: list[str] = field(default_factory=list)
    long_header: bool = False
    wifi_count: int | None = None  # the length byte of a 0x17/0x69 Wi-Fi report

    @property
    def device(self) -> str | None:
        return self.session.device

    @property
    def model(self) -> str:
        return (self.session.model or "").upper()

    @property
    def zone(self) -> timedelta:
        minutes = self.session.extra.get(TZ_KEY, 0)
        return timedelta(minutes=minutes if isinstance(minutes, int) else 0)


@dataclass(frozen=True, slots=True)
class Fix:
    time: datetime
    lat: float
    lon: float
    valid: bool
    speed_kmh: float | None
    course: float
    satellites: int | None
    ignition: bool | None = None


@dataclass(slots=True)
class Extras:
    """Attributes and alarms a handler collects before building its record."""

    attributes: dict[str, object] = field(default_factory=dict)
    alarms: list[str] = field(default_factory=list)
    cells: list[dict[str, int]] = field(default_factory=list)
    battery_pct: float | None = None
    altitude_m: float | None = None

    def alarm(self, name: str) -> None:
        if name not in self.alarms:
            self.alarms.append(name)


def read_date(reader: ByteReader, zone: timedelta = timedelta(0)) -> datetime:
    """YY MM DD hh mm ss in the device's zone (UTC unless the login carried one)."""
    raw = reader.read(6, "date")
    try:
        local = datetime(2000 + raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], tzinfo=UTC)
    except ValueError as exc:
        raise DecodeError(f"gt06: invalid date {raw.hex()}") from exc
    return local - zone


def read_bcd_date(reader: ByteReader, zone: timedelta = timedelta(0)) -> datetime:
    """The same date in packed BCD (``17 10 23`` = 2017-10-23), as the Wi-Fi reports send it."""
    digits = reader.read(6, "date").hex()
    if not digits.isdigit():
        raise DecodeError(f"gt06: BCD date {digits} has non-decimal digits")
    raw = bytes(int(digits[i : i + 2]) for i in range(0, 12, 2))
    return read_date(ByteReader(raw, "gt06"), zone)


def read_coordinates(reader: ByteReader, flags: int) -> tuple[float, float]:
    """Latitude and longitude (4 bytes each), signed by the course/status word's hemisphere bits."""
    lat = reader.u32("latitude") / _COORDINATE_SCALE
    lon = reader.u32("longitude") / _COORDINATE_SCALE
    if not flags & 0x0400:
        lat = -lat
    if flags & 0x0800:
        lon = -lon
    if abs(lat) > 90 or abs(lon) > 180:
        raise DecodeError(f"gt06: coordinates out of range (lat {lat:.6f}, lon {lon:.6f})")
    return lat, lon


def fix_from(
    time: datetime, flags: int, lat: float, lon: float, speed: float | None, sats: int | None
) -> Fix:
    ignition = bool(flags & 0x8000) if flags & 0x4000 else None
    return Fix(time, lat, lon, bool(flags & 0x1000), speed, float(flags & 0x03FF), sats, ignition)


def read_gps(reader: ByteReader, ctx: Context) -> Fix:
    """The 18-byte GPS block: date 6, then the 12 bytes of :func:`read_gps_at`."""
    return read_gps_at(reader, read_date(reader, ctx.zone))


def read_gps_at(reader: ByteReader, time: datetime) -> Fix:
    """Info (length/satellites) 1, latitude 4, longitude 4, speed 1 (km/h), course/status 2."""
    satellites = reader.u8("GPS info") & 0x0F
    lat_lon = reader.read(8, "coordinates")
    speed = float(reader.u8("speed"))
    flags = reader.u16("course/status")
    lat, lon = read_coordinates(ByteReader(lat_lon, "gt06"), flags)
    return fix_from(time, flags, lat, lon, speed, satellites)


def read_cell(reader: ByteReader, *, lac_size: int = 2, cid_size: int = 3) -> dict[str, int]:
    """MCC (bit 15 set: the MNC has 2 bytes), MNC, LAC, cell id."""
    mcc = reader.u16("MCC")
    mnc = reader.uint(2 if mcc & 0x8000 else 1, "MNC")
    lac = reader.uint(lac_size, "LAC")
    cid = reader.uint(cid_size, "cell id")
    return {"mcc": mcc & 0x7FFF, "mnc": mnc, "lac": lac, "cid": cid}


def cell_size(first_two: bytes, *, lac_size: int, cid_size: int) -> int:
    mcc = int.from_bytes(first_two, "big")
    return 2 + (2 if mcc & 0x8000 else 1) + lac_size + cid_size


def add_cell(extras: Extras, cell: Mapping[str, int]) -> None:
    """Keep a cell when it names a real network (not zero padding)."""
    if 0 < cell["mcc"] <= 999 and cell["lac"] > 0:
        extras.cells.append(dict(cell))


def status_byte(info: int, extras: Extras) -> None:
    """The terminal-information byte: armed, ACC, charging, alarm bits 3..5, GPS on, cut-off."""
    extras.attributes["status"] = info
    extras.attributes["armed"] = bool(info & 0x01)
    extras.attributes["ignition"] = bool(info & 0x02)
    extras.attributes["charge"] = bool(info & 0x04)
    extras.attributes["blocked"] = bool(info & 0x80)
    alarm = _STATUS_ALARMS.get((info >> 3) & 0x07)
    if alarm:
        extras.alarm(alarm)


def voltage_level(level: int, extras: Extras) -> None:
    """Battery as a 0..6 level (6 = full), or as a percentage on devices that send one."""
    if level <= 6:
        extras.battery_pct = round(level * 100 / 6)
    elif level <= 100:
        extras.battery_pct = level
    if extras.battery_pct is not None:
        extras.attributes["batteryLevel"] = extras.battery_pct


def alarm_code(code: int, ctx: Context, extras: Extras) -> None:
    """An alarm code; a non-zero code without a known meaning is kept as ``event``."""
    if not code:
        return
    name = _ALARM_CODES.get(code)
    for prefix, overrides in _MODEL_ALARM_CODES.items():
        if ctx.model.startswith(prefix) and code in overrides:
            name = overrides[code]
    if name:
        extras.alarm(name)
    else:
        extras.attributes["event"] = code


def status_tail(reader: ByteReader, ctx: Context, extras: Extras) -> None:
    """Terminal info, voltage level, GSM signal, alarm code, language (5 bytes)."""
    status_byte(reader.u8("terminal info"), extras)
    voltage_level(reader.u8("voltage level"), extras)
    extras.attributes["rssi"] = reader.u8("GSM signal")
    alarm_code(reader.u8("alarm"), ctx, extras)
    reader.u8("language")


def build(
    ctx: Context,
    default: str,
    fix: Fix | None,
    extras: Extras,
    *,
    time: datetime | None = None,
    device: str | None = None,
) -> DecodedRecord:
    """One record: ``alarm`` when alarms fired, ``position`` with a fix, else ``default``."""
    attributes = extras.attributes
    if extras.cells:
        attributes["cells"] = extras.cells
    if fix is not None and fix.ignition is not None:
        attributes.setdefault("ignition", fix.ignition)
    kind = "alarm" if extras.alarms else ("position" if fix is not None else default)
    return DecodedRecord(
        type=kind,
        device=device or ctx.device,
        time=fix.time if fix is not None else time,
        lat=None if fix is None else fix.lat,
        lon=None if fix is None else fix.lon,
        valid=None if fix is None else fix.valid,
        speed_kmh=None if fix is None else fix.speed_kmh,
        course=None if fix is None else fix.course,
        satellites=None if fix is None else fix.satellites,
        accuracy_m=None if fix is None else accuracy_from(None, fix.satellites),
        altitude_m=extras.altitude_m,
        battery_pct=extras.battery_pct,
        alarms=tuple(extras.alarms),
        attributes=attributes,
    )


def imei_from_bcd(raw: bytes) -> str:
    """An 8-byte BCD IMEI (a leading zero nibble pads 15 digits to 16)."""
    digits = raw.hex()
    if not digits.isdigit():
        raise DecodeError(f"gt06: IMEI {digits!r} is not BCD")
    return digits[1:] if len(digits) == 16 and digits[0] == "0" else digits
