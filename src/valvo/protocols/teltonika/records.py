"""Teltonika AVL records: codec 8, 8 Extended and 16, codec 7 (GH3000), codec 12/13 responses.

Codec 8 record: timestamp 8 (ms, UTC), priority 1, longitude 4 and latitude 4 (x1e-7), altitude
2, angle 2, satellites 1, speed 2 (km/h), event IO id, IO count, then groups of 1-, 2-, 4- and
8-byte values (``count`` + ``[id, value]``) [+ a 16-byte group on "extended" firmware]. Codec 8E
widens ids and counts to 2 bytes and adds a variable-length group; codec 16 has 2-byte ids, a
generation-type byte, and 1-byte counts. ``valid`` is ``satellites > 0``.

Codec 7: a time word (2 bits priority, 30 bits seconds since 2007-01-01 UTC), a global mask, a
GPS mask selecting float lat/lon, altitude, angle (x360/256), speed, satellites, cell, signal
and operator, then 1-, 2- and 4-byte IO groups. A record without its GPS element has no fix.

Codec 12/13 items: type (05 command, 06 response), size, [timestamp 4 on codec 13], payload.
"""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime, timedelta

from valvo.protocols.accuracy import accuracy_from
from valvo.protocols.base import DecodedRecord, DecodeError
from valvo.protocols.binary import ByteReader, printable_or_hex
from valvo.protocols.teltonika.io import IoValue, io_attributes

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CODEC7_EPOCH = datetime(2007, 1, 1, tzinfo=UTC)
CODEC_8, CODEC_8E, CODEC_16, CODEC_7, CODEC_12, CODEC_13 = 0x08, 0x8E, 0x10, 0x07, 0x0C, 0x0D
_COMMAND_TYPES = (0x05, 0x06)  # 05 command, 06 response; 0x0D is the camera sub-protocol


def _timestamp(millis: int) -> datetime:
    try:
        return _EPOCH + timedelta(milliseconds=millis)
    except OverflowError as exc:
        raise DecodeError(f"teltonika: timestamp {millis} ms is out of range") from exc


def _coordinates(lat: float, lon: float) -> tuple[float, float]:
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        raise DecodeError(f"teltonika: coordinates out of range (lat {lat}, lon {lon})")
    return lat, lon


# timestamp, priority, longitude, latitude, altitude, angle, satellites, speed (one read)
_GPS_ELEMENT = struct.Struct(">QBiihHBH")
_CODEC8_EVENT = struct.Struct(">BB")  # event IO id, IO count


def avl_record(reader: ByteReader, codec: int, extended: bool, device: str | None) -> DecodedRecord:
    millis, priority, lon_e7, lat_e7, altitude, course, satellites, speed = reader.unpack(
        _GPS_ELEMENT, "GPS element"
    )
    time = _timestamp(millis)
    lat, lon = _coordinates(lat_e7 / 1e7, lon_e7 / 1e7)
    attributes: dict[str, object] = {"priority": priority}
    if codec == CODEC_8:
        event_id, _ = reader.unpack(_CODEC8_EVENT, "event IO id and IO count")
        io = _io_groups(reader, id_size=1, count_size=1, extended=extended)
    elif codec == CODEC_8E:
        event_id = reader.u16("event IO id")
        reader.u16("IO count")
        io = _io_groups(reader, id_size=2, count_size=2, extended=extended)
        for _ in range(reader.u16("variable IO count")):
            io_id = reader.u16("variable IO id")
            io[io_id] = reader.read(reader.u16("variable IO length"), "variable IO value")
    else:
        event_id = reader.u16("event IO id")
        attributes["generationType"] = reader.u8("generation type")
        reader.u8("IO count")
        io = _io_groups(reader, id_size=2, count_size=1, extended=False)
    attributes["event"] = event_id
    alarms: list[str] = []
    io_attributes(io, event_id, attributes, alarms)
    level = attributes.get("batteryLevel")
    return DecodedRecord(
        type="alarm" if alarms else "position",
        device=device,
        time=time,
        lat=lat,
        lon=lon,
        valid=satellites > 0,
        speed_kmh=float(speed),
        course=float(course),
        altitude_m=float(altitude),
        satellites=satellites,
        accuracy_m=accuracy_from(attributes.get("hdop"), satellites),
        battery_pct=float(level) if isinstance(level, int) and 0 <= level <= 100 else None,
        alarms=tuple(alarms),
        attributes=attributes,
    )


def _io_groups(
    reader: ByteReader, *, id_size: int, count_size: int, extended: bool
) -> dict[int, IoValue]:
    """The 1-, 2-, 4- and 8-byte IO groups [+ the 16-byte group], each read as one block."""
    io: dict[int, IoValue] = {}
    for size in (1, 2, 4, 8):
        count = reader.uint(count_size, "IO group count")
        block = reader.read(count * (id_size + size), "IO group")
        for start in range(0, len(block), id_size + size):
            value_at = start + id_size
            io_id = int.from_bytes(block[start:value_at], "big")
            io[io_id] = int.from_bytes(block[value_at : value_at + size], "big")
    if extended:
        for _ in range(reader.uint(count_size, "16-byte IO count")):
            io_id = reader.uint(id_size, "IO id")
            io[io_id] = reader.read(16, "16-byte IO value")
    return io


def codec7_record(reader: ByteReader, device: str | None) -> DecodedRecord:
    """GH3000 record: time word, global mask, then the GPS element and IO groups it selects."""
    word = reader.u32("codec 7 time")
    time = _CODEC7_EPOCH + timedelta(seconds=word & 0x3FFFFFFF)
    attributes: dict[str, object] = {"priority": word >> 30}
    mask = reader.u8("global mask")
    lat = lon = speed = course = altitude = None
    satellites = None
    if mask & 0x01:
        gps = reader.u8("GPS mask")
        if gps & 0x01:
            lat, lon = _coordinates(
                struct.unpack(">f", reader.read(4, "latitude"))[0],
                struct.unpack(">f", reader.read(4, "longitude"))[0],
            )
        if gps & 0x02:
            altitude = float(reader.u16("altitude"))
        if gps & 0x04:
            course = reader.u8("angle") * 360 / 256
        if gps & 0x08:
            speed = float(reader.u8("speed"))
        if gps & 0x10:
            satellites = reader.u8("satellites")
        if gps & 0x20:
            attributes["lac"] = reader.u16("LAC")
            attributes["cid"] = reader.u16("cell id")
        if gps & 0x40:
            attributes["rssi"] = reader.u8("signal quality")
        if gps & 0x80:
            attributes["operator"] = reader.u32("operator")
    io: dict[int, IoValue] = {}
    for bit, size in ((0x02, 1), (0x04, 2), (0x08, 4)):
        if mask & bit:
            for _ in range(reader.u8("IO group count")):
                io_id = reader.u8("IO id")
                io[io_id] = reader.uint(size, f"{size}-byte IO value")
    alarms: list[str] = []
    io_attributes(io, 0, attributes, alarms)
    located = lat is not None
    return DecodedRecord(
        type="alarm" if alarms else ("position" if located else "status"),
        device=device,
        time=time,
        lat=lat,
        lon=lon,
        valid=bool(satellites) if located else None,
        speed_kmh=speed,
        course=course,
        altitude_m=altitude,
        satellites=satellites,
        accuracy_m=accuracy_from(attributes.get("hdop"), satellites),
        alarms=tuple(alarms),
        attributes=attributes,
    )


def responses(
    reader: ByteReader, codec: int, count: int, device: str | None
) -> tuple[DecodedRecord, ...]:
    records = []
    for _ in range(count):
        kind = reader.u8("response type")
        size = reader.u32("response size")
        time = None
        if codec == CODEC_13:
            time = _EPOCH + timedelta(seconds=reader.u32("response timestamp"))
            size -= 4
        payload = reader.read(size, "response payload")
        if kind not in _COMMAND_TYPES:
            continue
        text = payload.rstrip(b"\r\n\0")
        attributes: dict[str, object] = {"result": printable_or_hex(text)}
        if text.startswith(b"GTSL|"):
            fields = text.decode("latin-1").split("|")
            if len(fields) > 4 and fields[4]:
                attributes["driverUniqueId"] = fields[4]
        records.append(DecodedRecord(type="reply", device=device, time=time, attributes=attributes))
    return tuple(records)
