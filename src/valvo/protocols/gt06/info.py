"""GT06 replies and information messages (Concox/Jimi extensions).

* 0x15 / 0x21 command replies (``result``; a "Current position!" reply also gives a fix).
* 0x9B transparent serial data (``result``: its text, or hex when not printable).
* 0x94 information: 00 external voltage, 04 status text, 05 door, 0A IMSI/ICCID, 0B network
  type or voltage, 0D fuel-sensor text, 1B RFID card, 1E temperature/humidity.
* 0xF1 status items (Unix time, then ``[id 2][length 1][value]``; id 5 is the voltage), 0xF2
  timed vendor data (kept as hex).
* 0x8A time request: a ``heartbeat`` record with ``timeRequest`` (see ``gt06.time_response``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from valvo.protocols.base import DecodedRecord
from valvo.protocols.binary import ByteReader, printable_or_hex
from valvo.protocols.gt06.blocks import Context, Extras, Fix, build
from valvo.protocols.gt06.messages import Handler

_UNIX = datetime(1970, 1, 1, tzinfo=UTC)
_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
_POSITION_REPLY = re.compile(
    rf"Lat:([NS]){_NUMBER},Lon:([EW]){_NUMBER},Course:{_NUMBER},Speed:{_NUMBER},"
    r"DateTime:(\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d)"
)
_ICCID = re.compile(r"ICCID[:=](\d{18,22})")
_NETWORK = {0x00: "2G", 0x01: "4G"}


def _reader(content: bytes) -> ByteReader:
    return ByteReader(content, "gt06")


def text_of(data: bytes) -> str:
    """Text stripped of NUL padding and CR LF, or hex when it is not printable."""
    return printable_or_hex(data.strip(b"\0").rstrip(b"\r\n"))


def _reply(ctx: Context, text: str) -> list[DecodedRecord]:
    extras = Extras(attributes={"result": text})
    iccid = _ICCID.search(text)
    if iccid:
        extras.attributes["iccid"] = iccid.group(1)
    return [build(ctx, "reply", _reply_fix(text, ctx), extras)]


def _reply_fix(text: str, ctx: Context) -> Fix | None:
    """The fix of a "Current position!" reply, or None when the text holds no valid one."""
    match = _POSITION_REPLY.search(text)
    if match is None:
        return None
    lat = float(match.group(2)) * (-1 if match.group(1) == "S" else 1)
    lon = float(match.group(4)) * (-1 if match.group(3) == "W" else 1)
    try:
        when = datetime.fromisoformat(f"{match.group(7)}T{match.group(8)}").replace(tzinfo=UTC)
    except ValueError:
        return None
    course = float(match.group(5))
    if abs(lat) > 90 or abs(lon) > 180 or course > 360:
        return None
    return Fix(when - ctx.zone, lat, lon, True, float(match.group(6)), course, None)


def reply_short(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x15: command length 1, server flag 4, text, [language 2]."""
    reader = _reader(content)
    length = reader.u8("command length")
    reader.skip(4, "server flag")
    text = reader.read(length - 4) if 4 <= length <= reader.remaining + 4 else reader.rest()[:-2]
    return _reply(ctx, text_of(text))


def reply_long(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x21: server flag 4, encoding 1 (1 ASCII, 2 UTF-16BE), text."""
    reader = _reader(content)
    reader.skip(4, "server flag")
    encoding = reader.u8("encoding")
    raw = reader.rest()
    text = raw.decode("utf-16-be", "replace") if encoding == 2 else text_of(raw)
    return _reply(ctx, text.strip("\0"))


def transparent(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x9B: type 1, then serial-port data: its text when printable, else hex of all of it."""
    reader = _reader(content)
    reader.u8("data type")
    data = reader.rest()
    text = data.rstrip(b"\r\n")
    printable = bool(text) and all(0x20 <= b < 0x7F for b in text)
    result = text.decode("ascii") if printable else data.hex()
    return [build(ctx, "reply", None, Extras(attributes={"result": result}))]


def information(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x94: information type 1, then its data; an unknown type yields no record."""
    reader = _reader(content)
    kind = reader.u8("information type")
    data = reader.rest()
    attributes: dict[str, object] = {}
    if kind == 0x00 and len(data) >= 2:
        attributes["power"] = int.from_bytes(data[:2], "big") / 100
    elif kind == 0x04:
        text = text_of(data)
        attributes["deviceStatus"] = text
        iccid = _ICCID.search(text)
        if iccid:
            attributes["iccid"] = iccid.group(1)
    elif kind == 0x05 and data:
        attributes["door"] = bool(data[-1] & 0x01)
    elif kind == 0x0A and len(data) >= 26:
        attributes["imsi"] = data[8:16].hex().rstrip("f").lstrip("0")
        attributes["iccid"] = data[16:26].hex().rstrip("f")
    elif kind == 0x0B and len(data) == 1:
        attributes["networkTechnology"] = _NETWORK.get(data[0], str(data[0]))
    elif kind == 0x0B and len(data) == 2:
        attributes["power"] = int.from_bytes(data, "big") / 100
    elif kind == 0x0D and data:
        attributes["fuelSensor"] = text_of(data[6:] if data[:1] != b"!" else data)
    elif kind == 0x1B and data:
        _rfid(data, attributes)
    elif kind == 0x1E and len(data) >= 8:
        attributes["temp1"] = int.from_bytes(data[:4], "big", signed=True) / 10
        attributes["humidity"] = int.from_bytes(data[4:8], "big") / 10
    if not attributes:
        return []
    return [build(ctx, "status", None, Extras(attributes=attributes))]


def _rfid(data: bytes, attributes: dict[str, object]) -> None:
    """An RFID card: ASCII (``RFID:...``), or ``02 <hex digits> <id> .. 03`` binary."""
    if data[0] == 0x02 and len(data) >= 2 and len(data) >= 2 + data[1] // 2:
        attributes["driverUniqueId"] = data[2 : 2 + data[1] // 2].hex()
    else:
        attributes["serial"] = text_of(data)


def power_items(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xF1: Unix time 4, then ``[id 2][length 1][value]`` items; id 5 is the voltage x0.01."""
    reader = _reader(content)
    time = _UNIX + timedelta(seconds=reader.u32("time"))
    extras = Extras()
    while reader.remaining:
        item = reader.u16("item id")
        value = reader.uint(reader.u8("item length"), "item value")
        if item == 0x0005:
            extras.attributes["power"] = value / 100
        else:
            extras.attributes[f"io{item}"] = value
    return [build(ctx, "status", None, extras, time=time)]


def timed_data(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0xF2: Unix time 4, then vendor data kept as hex."""
    reader = _reader(content)
    time = _UNIX + timedelta(seconds=reader.u32("time"))
    return [build(ctx, "status", None, Extras(attributes={"data": reader.rest().hex()}), time=time)]


def time_request(content: bytes, ctx: Context) -> list[DecodedRecord]:
    """0x8A: the device asks for the time; the gateway answers with ``gt06.time_response``."""
    return [build(ctx, "heartbeat", None, Extras(attributes={"timeRequest": True}))]


INFO_HANDLERS: dict[int, Handler] = {
    0x15: reply_short,
    0x21: reply_long,
    0x9B: transparent,
    0x94: information,
    0xF1: power_items,
    0xF2: timed_data,
    0x8A: time_request,
}
