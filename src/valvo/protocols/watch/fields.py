"""The content fields of Watch-protocol messages: location reports and health readings.

Location types (``UD``, ``UD2``, ``UD3``, ``UD_LTE``, ``UD_WCDMA``, ``AL``, ``AL_LTE``,
``ALCUSTOMER1``, ``WT`` ...) share one layout::

    DDMMYY,HHMMSS,A|V,lat,N|S,lon,E|W,speed km/h,course,altitude m,satellites,GSM 0-100,
    battery %,steps,tumbles,status (hex),cell count[,TA,MCC,MNC,(LAC,CID,rssi)*n],
    [Wi-Fi count,(ssid,mac,rssi)*n,accuracy m]

Coordinates are decimal degrees; a hemisphere letter only ever makes a value negative. LAC and
cell id are decimal on most firmware and hex on some; a value with hex letters is read as hex,
and cells outside real network ranges (``FFFF`` padding) are dropped. Wi-Fi access points are
found by their MAC addresses, since vendors differ in what precedes them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from valvo.protocols.base import DecodedRecord
from valvo.protocols.coordinates import cell_tower, check_range, parse_decimal, with_hemisphere

_MAC = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}")
_HEX = re.compile(r"[0-9A-Fa-f]{1,8}")
_STATUS_FIELDS = 16
# Status bits → Traccar alarm names; an AL message with none of them is a general alarm.
_STATUS_ALARMS = (
    (0, "lowBattery"),
    (1, "geofenceExit"),
    (2, "geofenceEnter"),
    (14, "powerCut"),
    (16, "sos"),
    (17, "lowBattery"),
    (18, "geofenceExit"),
    (19, "geofenceEnter"),
    (20, "removing"),
    (21, "fallDown"),
    (22, "fallDown"),
)
_MOTION_BIT = 4


def location_record(device: str, fields: list[str], *, alarm_message: bool) -> DecodedRecord:
    if len(fields) < _STATUS_FIELDS:
        raise ValueError(f"a location needs {_STATUS_FIELDS} fields, got {len(fields)}")
    lat = lon = None
    if fields[3].strip() and fields[5].strip():
        lat = with_hemisphere(parse_decimal(fields[3]), fields[4].strip())
        lon = with_hemisphere(parse_decimal(fields[5]), fields[6].strip())
        check_range(lat, lon)
    status = int(fields[15], 16) if _HEX.fullmatch(fields[15]) else None
    if status is None:
        raise ValueError(f"status {fields[15]!r} is not hex")
    alarms: list[str] = []
    for bit, alarm in _STATUS_ALARMS:
        if status & (1 << bit) and alarm not in alarms:
            alarms.append(alarm)
    if alarm_message and not alarms:
        alarms.append("general")
    attributes: dict[str, object] = {
        "rssi": _integer(fields[11]),
        "steps": _integer(fields[13]),
        "status": status,
        "motion": bool(status & (1 << _MOTION_BIT)),
    }
    rest = fields[_STATUS_FIELDS:]
    cells, rest = _cells(rest)
    if cells:
        attributes["cells"] = cells
    wifi, accuracy = _wifi(rest)
    if wifi:
        attributes["wifi"] = wifi
    return DecodedRecord(
        type="alarm" if alarms else "position",
        device=device,
        time=watch_time(fields[0], fields[1]),
        lat=lat,
        lon=lon,
        valid=fields[2] == "A",
        speed_kmh=_decimal(fields[7]),
        course=_decimal(fields[8]),
        altitude_m=_decimal(fields[9]),
        accuracy_m=accuracy,
        satellites=_integer(fields[10]),
        battery_pct=battery_level(fields[12]),
        alarms=tuple(alarms),
        attributes=attributes,
    )


def health_attributes(kind: str, fields: list[str]) -> dict[str, object]:
    """Attributes of a health reading, or ``{}`` for a type that is not one."""
    values = [f for f in fields if f.strip()]
    if kind in ("heart", "PULSE") and values:
        return {"heartRate": int(parse_decimal(values[0]))}
    if kind in ("BLOOD", "bphrt") and len(values) >= 2:
        reading: dict[str, object] = {
            "pressureHigh": int(parse_decimal(values[0])),
            "pressureLow": int(parse_decimal(values[1])),
        }
        if len(values) >= 3:
            reading["heartRate"] = int(parse_decimal(values[2]))
        return reading
    if kind == "TEMP" and values:
        return {"temp1": parse_decimal(values[0])}
    if kind == "btemp2" and len(values) >= 2:
        return {"temp1": parse_decimal(values[1])}
    if kind == "oxygen" and len(values) >= 2:
        return {"bloodOxygen": int(parse_decimal(values[1]))}
    return {}


def watch_time(date: str, clock: str) -> datetime:
    """``DDMMYY`` + ``HHMMSS``, UTC."""
    if not (re.fullmatch(r"\d{6}", date) and re.fullmatch(r"\d{6}", clock)):
        raise ValueError(f"bad date/time {date!r} {clock!r}")
    return datetime(
        2000 + int(date[4:]),
        int(date[2:4]),
        int(date[:2]),
        int(clock[:2]),
        int(clock[2:4]),
        int(clock[4:]),
        tzinfo=UTC,
    )


def _cells(fields: list[str]) -> tuple[list[dict[str, int]], list[str]]:
    """Cells after the status: ``count[,TA,MCC,MNC,(LAC,CID,rssi)*count]``; the rest follows."""
    if not fields or not fields[0].isdigit():
        return [], fields
    count = int(fields[0])
    if count == 0:
        return [], fields[1:]
    if len(fields) < 4 + 3 * count:
        raise ValueError(f"{count} cells do not fit in the message")
    mcc, mnc = _number(fields[2]), _number(fields[3])
    cells = []
    for i in range(count):
        lac, cid, rssi = fields[4 + 3 * i : 7 + 3 * i]
        cell = cell_tower(mcc, mnc, _number(lac), _number(cid), _integer(rssi))
        if cell is not None:
            cells.append(cell)
    return cells, fields[4 + 3 * count :]


def _wifi(fields: list[str]) -> tuple[list[dict[str, object]], float | None]:
    """Access points (``ssid,mac,rssi``) by their MAC; the accuracy follows the last one."""
    access_points: list[dict[str, object]] = []
    last = -1
    for i, value in enumerate(fields[:-1]):
        if _MAC.fullmatch(value.strip()):
            access_points.append({"mac": value.strip().lower(), "rssi": _integer(fields[i + 1])})
            last = i + 1
    accuracy = None
    if access_points and last == len(fields) - 2:
        accuracy = _decimal(fields[-1])
    return access_points, accuracy


def battery_level(text: str) -> float | None:
    """A battery percentage; None when empty or outside 0-100."""
    value = _decimal(text)
    return value if value is not None and 0.0 <= value <= 100.0 else None


def _number(text: str) -> int:
    """Decimal digits, or hex when the value has hex letters (LAC/CID on some firmware)."""
    stripped = text.strip()
    if stripped.isdigit():
        return int(stripped)
    if _HEX.fullmatch(stripped):
        return int(stripped, 16)
    raise ValueError(f"not a cell number: {text!r}")


def _integer(text: str) -> int | None:
    return int(parse_decimal(text)) if text.strip() else None


def _decimal(text: str) -> float | None:
    return parse_decimal(text) if text.strip() else None
