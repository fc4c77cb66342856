"""Meitrack binary history reports: CCC (fixed 52-byte records) and CCE (parameter TLVs).

CCC: an 8-byte header (protocol version, cache bookkeeping), then little-endian records of
event 1, lat 4, lon 4 (x1e-6), time 4 (seconds since 2000-01-01 UTC), valid 1, satellites 1,
GSM 1, speed 2, course 2, HDOP 2 (x0.1), altitude 2, odometer 4, runtime 4, MCC/MNC/LAC/CI
2 each, IO status 2, AD1 2, battery 2 (x0.01 V), power 2 (x0.01 V), geofence 4.

CCE: remaining cache 4, packet count 2, then per packet: length 2 (of what follows it), index
2, and four parameter groups of 1-, 2-, 4- and n-byte values (``count``, then ``id`` items; an
id is 2 bytes when it starts with ``FE``; n-byte values carry a length byte). All little-endian.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from valvo.protocols.base import DecodedRecord, DecodeError
from valvo.protocols.binary import ByteReader

_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
_CCC_HEADER = 8
_CCC_RECORD = 52
_EVENT_ALARMS = {
    1: "sos",
    17: "lowBattery",
    18: "lowPower",
    19: "overspeed",
    20: "geofenceEnter",
    21: "geofenceExit",
    22: "powerRestored",
    23: "powerCut",
    36: "tow",
    44: "jamming",
    78: "accident",
    90: "hardCornering",
    91: "hardCornering",
    129: "hardBraking",
    130: "hardAcceleration",
    135: "fatigueDriving",
}


def event_alarm(event: int) -> str | None:
    """The normalised alarm of a Meitrack event code (None for reports such as 35, track)."""
    return _EVENT_ALARMS.get(event)


def _time(seconds: int) -> datetime:
    return _EPOCH_2000 + timedelta(seconds=seconds)


def _coordinates(lat_raw: int, lon_raw: int) -> tuple[float, float]:
    lat, lon = lat_raw / 1e6, lon_raw / 1e6
    if abs(lat) > 90 or abs(lon) > 180:
        raise DecodeError(f"meitrack: coordinates out of range (lat {lat}, lon {lon})")
    return lat, lon


def decode_ccc(data: bytes, imei: str) -> list[DecodedRecord]:
    reader = ByteReader(data, "meitrack CCC")
    reader.skip(_CCC_HEADER, "CCC header")
    records = []
    while reader.remaining >= _CCC_RECORD:
        event = reader.u8("event")
        lat, lon = _coordinates(reader.i32_le("latitude"), reader.i32_le("longitude"))
        time = _time(reader.u32_le("time"))
        valid = reader.u8("valid") == 1
        satellites = reader.u8("satellites")
        attributes: dict[str, object] = {"event": event, "rssi": reader.u8("GSM")}
        speed = float(reader.u16_le("speed"))
        course = float(reader.u16_le("course"))
        attributes["hdop"] = reader.u16_le("HDOP") / 10
        altitude = float(reader.i16_le("altitude"))
        attributes["odometer"] = reader.u32_le("odometer")
        attributes["runtime"] = reader.u32_le("runtime")
        mcc, mnc, lac, cid = (reader.u16_le("cell") for _ in range(4))
        if mcc and lac:
            attributes["cells"] = [{"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid}]
        io = reader.u16_le("IO status")
        attributes["input"], attributes["output"] = io >> 8, io & 0xFF
        attributes["adc1"] = reader.u16_le("AD1")
        attributes["battery"] = reader.u16_le("battery") / 100
        attributes["power"] = reader.u16_le("power") / 100
        reader.skip(4, "geofence")
        records.append(
            _record(
                imei, event, time, lat, lon, valid, satellites, speed, course, altitude, attributes
            )
        )
    if not records:
        raise DecodeError("meitrack: CCC message holds no record")
    return records


def _record(
    imei: str,
    event: int,
    time: datetime | None,
    lat: float | None,
    lon: float | None,
    valid: bool | None,
    satellites: int | None,
    speed: float | None,
    course: float | None,
    altitude: float | None,
    attributes: dict[str, object],
) -> DecodedRecord:
    alarm = event_alarm(event)
    level = attributes.get("batteryLevel")
    return DecodedRecord(
        type="alarm" if alarm else ("position" if lat is not None else "status"),
        device=imei,
        time=time,
        lat=lat,
        lon=lon,
        valid=valid,
        speed_kmh=speed,
        course=course,
        altitude_m=altitude,
        satellites=satellites,
        battery_pct=float(level) if isinstance(level, int) and 0 <= level <= 100 else None,
        alarms=(alarm,) if alarm else (),
        attributes=attributes,
    )


def decode_cce(data: bytes, imei: str) -> list[DecodedRecord]:
    reader = ByteReader(data, "meitrack CCE")
    reader.u32_le("remaining cache")
    records = []
    for _ in range(reader.u16_le("packet count")):
        length = reader.u16_le("packet length")
        packet = ByteReader(reader.read(length, "CCE packet"), "meitrack CCE")
        packet.u16_le("packet index")
        params = _parameters(packet)
        records.append(_cce_record(imei, params))
    return records


def _parameters(packet: ByteReader) -> dict[int, int | bytes]:
    params: dict[int, int | bytes] = {}
    for size in (1, 2, 4, 0):
        if not packet.remaining:
            break
        for _ in range(packet.u8("parameter count")):
            param = packet.u8("parameter id")
            if param == 0xFE:
                param = 0xFE00 | packet.u8("parameter id")
            if size:
                params[param] = packet.uint_le(size, "parameter value")
            else:
                params[param] = packet.read(packet.u8("parameter length"), "parameter value")
    return params


def _signed16(value: int) -> int:
    return value - 0x10000 if value & 0x8000 else value


def _signed32(value: int) -> int:
    return value - 0x1_0000_0000 if value & 0x8000_0000 else value


_SIMPLE: dict[int, tuple[str, Callable[[int], object]]] = {
    0x07: ("rssi", int),
    0x0A: ("hdop", lambda v: v / 10),
    0x0C: ("odometer", int),
    0x0D: ("runtime", int),
    0x14: ("output", int),
    0x15: ("input", int),
    0x16: ("adc1", int),
    0x17: ("adc2", int),
    0x18: ("adc3", int),
    0x19: ("battery", lambda v: v / 100),
    0x1A: ("power", lambda v: v / 100),
    0x25: ("driverUniqueId", str),
    0x47: ("lock", lambda v: v != 0),
    0xFE69: ("batteryLevel", int),
    0xFEF4: ("hours", lambda v: v * 60_000),
}


def _cce_record(imei: str, params: dict[int, int | bytes]) -> DecodedRecord:
    ints = {k: v for k, v in params.items() if isinstance(v, int)}
    event = ints.get(0x01, ints.get(0x40, 0))
    attributes: dict[str, object] = {"event": event}
    for param, (name, convert) in _SIMPLE.items():
        if param in ints:
            attributes[name] = convert(ints[param])
    lat = lon = None
    if 0x02 in ints and 0x03 in ints:
        lat, lon = _coordinates(_signed32(ints[0x02]), _signed32(ints[0x03]))
    blobs = {k: v for k, v in params.items() if isinstance(v, bytes)}
    _blob_attributes(blobs, attributes)
    return _record(
        imei,
        event,
        _time(ints[0x04]) if 0x04 in ints else None,
        lat,
        lon,
        ints[0x05] == 1 if 0x05 in ints else None,
        ints.get(0x06),
        float(ints[0x08]) if 0x08 in ints else None,
        float(ints[0x09]) if 0x09 in ints else None,
        float(_signed16(ints[0x0B])) if 0x0B in ints else None,
        attributes,
    )


def _blob_attributes(blobs: dict[int, bytes], attributes: dict[str, object]) -> None:
    cell = blobs.get(0x0E)
    if cell is not None and len(cell) >= 10:
        reader = ByteReader(cell, "meitrack cell")
        mcc, mnc, lac = reader.u16_le(), reader.u16_le(), reader.u16_le()
        cid = reader.u32_le()
        if mcc and lac:
            attributes["cells"] = [{"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid}]
    image = blobs.get(0xFE31)
    if image is not None and len(image) > 2:
        attributes["image"] = image[2:].decode("latin-1")
    tag = blobs.get(0xFE73)
    if tag is not None:
        _ble_tag(tag, attributes)
    levels = blobs.get(0xFEA8)
    if levels is not None:
        for index in range(len(levels) // 2):
            status, level = levels[2 * index], levels[2 * index + 1]
            if status:
                attributes["batteryLevel" if index == 0 else f"battery{index + 1}Level"] = level


def _ble_tag(data: bytes, attributes: dict[str, object]) -> None:
    """0xFE73 BLE sensor: 1, name length + name, MAC 6, battery 1, temperature and humidity
    (little-endian, /256). Another layout stays raw in ``tagData``."""
    reader = ByteReader(data, "meitrack BLE tag")
    try:
        reader.u8("tag type")
        tag: dict[str, object] = {
            "tagName": reader.read(reader.u8("name length"), "tag name").decode("latin-1"),
            "tagMac": reader.read(6, "tag MAC").hex(),
            "tagBattery": reader.u8("tag battery"),
            "tagTemp": reader.i16_le("tag temperature") / 256,
            "tagHumidity": reader.u16_le("tag humidity") / 256,
        }
    except DecodeError:
        tag = {"tagData": data.hex()}
    attributes.update(tag)
