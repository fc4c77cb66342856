"""GT06 vendor location, alarm and list variants (Concox/Jimi extensions).

* 0x95 dashcam alarm: date, [fix], alarm code, event file names (``eventFiles``).
* 0x70 modular: ``[module id 2][length 2][value]`` items (0x33 GPS, 0x34 event, 0x35 alarm,
  0x7F BLE tag, battery, odometer, ICCID ...).
* 0x8C OBD: date, ``PID=value`` text, then a dateless GPS block.
* 0x31/0x32/0x33/0x37/0x38/0x34/0x24/0x61/0x36/0xF3/0xA7: location, cell and Wi-Fi variants,
  each described where it is decoded.
* 0x22/0x25 on the IMEI-prefixed models (NT20, XT40): ``01``, IMEI, event date, GPS, cell,
  status, voltage, battery, odometer, engine minutes [+ RFID card].
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from valvo.protocols.base import DecodedRecord, DecodeError
from valvo.protocols.binary import ByteReader
from valvo.protocols.gt06.blocks import (
    Context,
    Extras,
    Fix,
    add_cell,
    build,
    fix_from,
    imei_from_bcd,
    read_cell,
    read_coordinates,
    read_date,
    read_gps,
    read_gps_at,
    status_byte,
)
from valvo.protocols.gt06.info import text_of
from valvo.protocols.gt06.messages import CELL_2G, CELL_4G, Handler, location_acc

_UNIX = datetime(1970, 1, 1, tzinfo=UTC)
_IMEI_PREFIXED = ("NT20", "XT40")
_PREFIX_BEFORE_CELL = 34  # layout 1 + IMEI 8 + event date 6 + GPS 18 + cell length 1
_PREFIX_AFTER_CELL = 13  # status 1, voltage 2, battery 1, GSM 1, 2, odometer 4, minutes 2
_DASHCAM_SHORT = {0x90: "hardAcceleration", 0x91: "hardBraking", 0x93: "accident"}
_DASHCAM = {0x01: "sos", **_DASHCAM_SHORT}


def _reader(content: bytes) -> ByteReader:
    return ByteReader(content, "gt06")


def dashcam_alarm(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x95: date + code (7 bytes), or [FF FF 01] date [info] lat lon course/status, [4],
    code, 2, event file names."""
    reader = _reader(content)
    extras = Extras()
    if len(content) == 7:
        time = read_date(reader, ctx.zone)
        extras.alarm(_DASHCAM_SHORT.get(reader.u8("alarm"), "general"))
        return [build(ctx, "alarm", None, extras, time=time)]
    prefixed = content[:2] == b"\xff\xff"
    if prefixed:
        reader.skip(3, "header")
    time = read_date(reader, ctx.zone)
    satellites = reader.u8("GPS info") & 0x0F if prefixed else None
    lat_lon = reader.read(8, "coordinates")
    flags = reader.u16("course/status")
    lat, lon = read_coordinates(ByteReader(lat_lon, "gt06"), flags)
    if prefixed:
        reader.skip(4, "dashcam status")
    code = reader.u8("alarm")
    if code in _DASHCAM:
        extras.alarm(_DASHCAM[code])
    else:
        extras.attributes["event"] = code
    reader.skip(2, "file header")
    files = text_of(reader.rest())
    if files:
        extras.attributes["eventFiles"] = files
    return [build(ctx, "alarm", fix_from(time, flags, lat, lon, None, satellites), extras)]


def modular(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x70: ``[module id 2][length 2][value]`` items."""
    reader = _reader(content)
    extras = Extras()
    fix: Fix | None = None
    time: datetime | None = None
    device = None
    while reader.remaining:
        module = reader.u16("module id")
        value = reader.read(reader.u16("module length"), "module value")
        item = ByteReader(value, "gt06 module")
        if module == 0x0001 and len(value) == 8:
            device = imei_from_bcd(value)
        elif module == 0x0003:
            extras.attributes["iccid"] = value.hex().rstrip("f")
        elif module == 0x0018 and len(value) == 2:
            extras.attributes["battery"] = item.u16() / 100
        elif module == 0x0028 and len(value) == 1:
            extras.attributes["batteryLevel"] = value[0]
        elif module == 0x002C and len(value) == 4:
            time = _UNIX + timedelta(seconds=item.u32())
        elif module == 0x002E and len(value) == 4:
            extras.attributes["odometer"] = item.u32()
        elif module == 0x0033 and len(value) >= 18:
            when = _UNIX + timedelta(seconds=item.u32("GPS time"))
            satellites = item.u8("satellites")
            extras.altitude_m = float(item.i16("altitude"))
            lat_lon = item.read(8, "coordinates")
            speed = float(item.u8("speed"))
            flags = item.u16("course/status")
            lat, lon = read_coordinates(ByteReader(lat_lon, "gt06"), flags)
            fix = fix_from(when, flags, lat, lon, speed, satellites)
        elif module == 0x0034 and value:
            extras.attributes["event"] = value[0]
        elif module == 0x0035 and value == b"\x01":
            extras.alarm("removing")
        elif module == 0x007F and len(value) >= 13:
            extras.attributes["tag1Id"] = value[:6].hex()
            extras.attributes["tag1Temp"] = int.from_bytes(value[9:11], "big", signed=True) / 10
            extras.attributes["tag1Humidity"] = int.from_bytes(value[11:13], "big") / 10
    return [build(ctx, "status", fix, extras, time=time, device=device)]


def obd(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x8C: date 6, 1 byte, ``PID=value,...`` text, then a dateless GPS block."""
    reader = _reader(content)
    time = read_date(reader, ctx.zone)
    reader.u8("OBD flag")
    start = reader.position
    end = start
    while end < len(content) and 0x20 <= content[end] < 0x7F:
        end += 1
    pairs = (item.partition("=") for item in content[start:end].decode("ascii").split(","))
    extras = Extras(attributes={"obd": {key: value for key, _, value in pairs if key}})
    reader.skip(end - start, "OBD text")
    fix = read_gps_at(reader, time) if reader.remaining >= 12 else None
    return [build(ctx, "status", fix, extras, time=time)]


def _gps_then(
    content: bytes, ctx: Context, *, skip: int = 0, cell: bool = True
) -> list[DecodedRecord]:
    """[skip bytes] GPS [+ 2G cell]; whatever follows is not decoded (0x34, 0x37, 0x38)."""
    reader = _reader(content)
    reader.skip(skip, "header")
    fix = read_gps(reader, ctx)
    extras = Extras()
    if cell and reader.remaining >= 8:
        add_cell(extras, read_cell(reader, **CELL_2G))
    return [build(ctx, "position", fix, extras)]


def location_altitude(content: bytes, ctx: Context, *, length_byte: bool) -> list[DecodedRecord]:
    """0x31 / 0x32 (short header): GPS [+ cell length] + cell + status .. altitude (last 2)."""
    if ctx.long_header:
        return _modules(content, ctx)
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    if length_byte:
        reader.u8("cell length")
    extras = Extras()
    add_cell(extras, read_cell(reader, **CELL_2G))
    rest = reader.rest()
    if len(rest) >= 9:
        status_byte(rest[0], extras)
        extras.altitude_m = float(int.from_bytes(rest[-2:], "big", signed=True))
    return [build(ctx, "position", fix, extras)]


def _modules(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x32/0x33 long header: date, then GPS, cell, neighbour-cell and Wi-Fi blocks, each
    preceded by its length; 0x33 closes with a status byte."""
    reader = _reader(content)
    time = read_date(reader, ctx.zone)
    extras = Extras()
    gps = reader.read(reader.u8("GPS length"), "GPS")
    fix = read_gps_at(ByteReader(gps, "gt06"), time) if len(gps) >= 12 else None
    main = ByteReader(reader.read(reader.u8("cell length"), "cell"), "gt06")
    if main.remaining >= 9:
        cell = read_cell(main, **CELL_2G)
        add_cell(extras, {**cell, "rssi": main.u8("cell signal")})
    mcc, mnc = (extras.cells[0]["mcc"], extras.cells[0]["mnc"]) if extras.cells else (0, 0)
    neighbours = ByteReader(reader.read(reader.u8("neighbour length"), "neighbours"), "gt06")
    while neighbours.remaining >= 6:
        lac, cid, rssi = neighbours.u16(), neighbours.uint(3), neighbours.u8()
        add_cell(extras, {"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid, "rssi": rssi})
    wifi = ByteReader(reader.read(reader.u8("Wi-Fi length"), "Wi-Fi"), "gt06")
    points = []
    while wifi.remaining >= 7:
        mac, rssi = wifi.read(6), wifi.u8()
        points.append({"mac": ":".join(f"{b:02x}" for b in mac), "rssi": rssi})
    if points:
        extras.attributes["wifi"] = points
    if reader.remaining == 5:
        extras.attributes["status"] = reader.u8("terminal info")
    return [build(ctx, "cells", fix, extras, time=time)]


def location_24(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x24: GPS + cell; with GPS info 0 it is date, 0, MCC/MNC, count, cells instead."""
    if len(content) > 6 and content[6] == 0:
        reader = _reader(content)
        time = read_date(reader, ctx.zone)
        reader.u8("GPS info")
        extras = Extras()
        mcc, mnc = reader.u16("MCC"), reader.u8("MNC")
        for _ in range(reader.u8("cell count")):
            lac, cid, rssi = reader.u16("LAC"), reader.uint(3, "cell id"), reader.u8("signal")
            add_cell(extras, {"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid, "rssi": rssi})
        return [build(ctx, "cells", None, extras, time=time)]
    return _gps_then(content, ctx)


def location_driver(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x61: IMEI 8, date 6, dateless GPS 12, cell 8, 3 bytes, driver id (4, decimal)."""
    reader = _reader(content)
    device = imei_from_bcd(reader.read(8, "IMEI"))
    fix = read_gps_at(reader, read_date(reader, ctx.zone))
    extras = Extras()
    add_cell(extras, read_cell(reader, **CELL_2G))
    reader.skip(3, "driver header")
    extras.attributes["driverUniqueId"] = str(reader.u32("driver id"))
    return [build(ctx, "position", fix, extras, device=device)]


def location_rfid_status(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x36 (VL103): GPS, cell (cell id 4), ACC, .., battery (x0.1 V) at 36, RFID card at 40."""
    if len(content) < 48:
        return []
    reader = _reader(content)
    fix = read_gps(reader, ctx)
    extras = Extras()
    add_cell(extras, read_cell(reader, lac_size=2, cid_size=4))
    extras.attributes["ignition"] = reader.u8("ACC") != 0
    reader.skip(8, "status")
    extras.attributes["battery"] = reader.u8("battery") / 10
    reader.skip(3, "status")
    rfid = reader.read(8, "RFID")
    if any(rfid):
        extras.attributes["driverUniqueId"] = rfid.hex()
    return [build(ctx, "position", fix, extras)]


def location_22(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x22: the IMEI-prefixed layout on NT20/XT40, the standard ACC location elsewhere."""
    if ctx.model.startswith(_IMEI_PREFIXED):
        return imei_prefixed(content, ctx, card=False)
    return location_acc(content, ctx, CELL_2G)


def location_25(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x25: the IMEI-prefixed layout with an RFID card (NT20/XT40 only)."""
    return imei_prefixed(content, ctx, card=True) if ctx.model.startswith(_IMEI_PREFIXED) else []


def imei_prefixed(content: bytes, ctx: Context, *, card: bool) -> list[DecodedRecord]:
    """``01``, IMEI 8, event date 6, GPS 18, cell length + cell, terminal info, external voltage
    (x0.01 V), battery (x0.1 V), GSM, 2 bytes, odometer 4, engine minutes 2 [+ card length,
    card type, card]. The cell length counts itself on some firmware; the reading that ends
    exactly at the end of the content is used."""
    reader = _reader(content)
    reader.u8("layout")
    device = imei_from_bcd(reader.read(8, "IMEI"))
    reader.skip(6, "event date")
    fix = read_gps(reader, ctx)
    region = _prefixed_cell_region(content, reader.u8("cell length"), card=card)
    extras = Extras()
    add_cell(extras, read_cell(ByteReader(reader.read(region, "cell"), "gt06"), **CELL_2G))
    status_byte(reader.u8("terminal info"), extras)
    extras.attributes["power"] = reader.u16("external voltage") / 100
    extras.attributes["battery"] = reader.u8("battery voltage") / 10
    extras.attributes["rssi"] = reader.u8("GSM signal")
    reader.skip(2, "status")
    extras.attributes["odometer"] = reader.u32("odometer")
    extras.attributes["hours"] = reader.u16("engine minutes") * 60_000
    if card:
        data = reader.read(reader.u8("card length"), "card")
        if len(data) > 1:
            extras.attributes["driverUniqueId"] = data[1:].hex()
    return [build(ctx, "position", fix, extras, device=device)]


def _prefixed_cell_region(content: bytes, declared: int, *, card: bool) -> int:
    for region in (declared, declared - 1):
        end = _PREFIX_BEFORE_CELL + region + _PREFIX_AFTER_CELL
        if region >= 8 and (
            end == len(content) if not card else end < len(content) == end + 1 + content[end]
        ):
            return region
    raise DecodeError(f"gt06: cell length {declared} does not fit a {len(content)}-byte message")


def wifi_list(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xF3: date, count, then ``[2 bytes][MAC 6]`` per access point."""
    reader = _reader(content)
    time = read_date(reader, ctx.zone)
    points = []
    for _ in range(reader.u8("Wi-Fi count")):
        reader.skip(2, "Wi-Fi header")
        mac = reader.read(6, "Wi-Fi MAC")
        points.append({"mac": ":".join(f"{b:02x}" for b in mac)})
    return [build(ctx, "cells", None, Extras(attributes={"wifi": points}), time=time)]


def address_cell(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xA7: 4G cell, then the phone number asking for the address."""
    reader = _reader(content)
    extras = Extras()
    add_cell(extras, read_cell(reader, **CELL_4G))
    phone = reader.rest().split(b"\0", 1)[0]
    if phone:
        extras.attributes["phone"] = text_of(phone)
    return [build(ctx, "cells", None, extras)]


VENDOR_HANDLERS: dict[int, Handler] = {
    0x95: dashcam_alarm,
    0x70: modular,
    0x8C: obd,
    0x22: location_22,
    0x25: location_25,
    0x24: location_24,
    0x31: lambda c, x: location_altitude(c, x, length_byte=False),
    0x32: lambda c, x: location_altitude(c, x, length_byte=True),
    0x33: _modules,
    0x34: lambda c, x: _gps_then(c, x, skip=4, cell=False),
    0x37: _gps_then,
    0x38: lambda c, x: _gps_then(c, x, cell=False),
    0x36: location_rfid_status,
    0x61: location_driver,
    0xF3: wifi_list,
    0xA7: address_cell,
}
