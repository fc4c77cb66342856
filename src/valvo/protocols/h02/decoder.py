"""H02 ("HQ" protocol of Sinotrack and its clones): ``*HQ,...#`` text frames and binary frames.

Text frames are ``*<maker>,<device id>,<command>,<fields...>#``. Binary frames start with ``$``
(or ``X`` on some firmware) and have a fixed layout with BCD fields; see
:mod:`valvo.protocols.h02.binary`.
Speeds arrive in knots and are converted to km/h. The 32-bit status word is active-low.

Server replies (``DecodeResult.ack``):

* ``V1`` → ``*HQ,<id>,V4,V1,<yyyyMMddHHmmss>#``. Traccar stamps this with the server clock; a pure
  decoder has none, so Valvo takes the message's own fix time. A V1 without a date gets no ack
  (the gateway may send one with its clock).
* ``NBR`` → ``*HQ,<id>,V4,NBR,<yyyyMMddHHmmss>#``, from the message time in the same way.
* Heartbeats ``V0`` and ``HTBT`` are echoed: ``*HQ,<id>,V0#`` / ``*HQ,<id>,HTBT#``.

An empty device id field falls back to the device of the session (an earlier frame on the same
connection). Commands Valvo does not read (``XT``, ``BASE``, ``BS``, ...) decode to no record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.coordinates import (
    cell_tower,
    check_range,
    nmea_degrees,
    parse_decimal,
    with_hemisphere,
)
from valvo.protocols.h02.binary import BINARY_STARTS, decode_binary
from valvo.protocols.h02.status import KNOT_KMH, status_fields

_MAKER = re.compile(r"[A-Za-z]{2}")
_DEVICE_ID = re.compile(r"[0-9A-Za-z]{0,20}")
_DATE = re.compile(r"\d{6}")
_ICCID = re.compile(r"89\d{16,18}[0-9A-F]?\??")
# Location commands: V1 (real time), V2/V5/V6/V8/VI1 (variants by firmware), V19 (with ICCID).
_LOCATION = re.compile(r"VI?(?:1\d*|2|5|6|8)")


class H02Decoder:
    """Decoder for H02 text and binary frames (TCP frames or UDP datagrams)."""

    name = "h02"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        if not message:
            raise DecodeError("h02: empty message")
        try:
            if message[0] in BINARY_STARTS:
                result = decode_binary(message)
            elif message[0] == ord("*"):
                result = _decode_text(message.decode("latin-1"), session)
            else:
                raise DecodeError(f"h02: a frame starts with '*' or '$', not {message[:1]!r}")
        except DecodeError:
            raise
        except ValueError as exc:
            raise DecodeError(f"h02: {exc}") from exc
        if result.records and result.records[0].device:
            session.device = result.records[0].device
        return result


def _decode_text(text: str, session: Session) -> DecodeResult:
    text = text.rstrip("\r\n")
    if not text.endswith("#"):
        raise DecodeError("h02: text frame does not end with '#'")
    parts = text[1:-1].split(",", 3)
    if len(parts) < 3:
        raise DecodeError("h02: text frame needs maker, device id and command")
    maker, device_id, command = parts[0], parts[1], parts[2]
    rest = parts[3] if len(parts) == 4 else ""
    if not _MAKER.fullmatch(maker):
        raise DecodeError(f"h02: bad maker {maker!r}")
    if not _DEVICE_ID.fullmatch(device_id):
        raise DecodeError(f"h02: bad device id {device_id!r}")
    device = device_id or session.device
    reply_id = device or ""
    if command == "SMS":
        return _one(DecodedRecord(type="reply", device=device, attributes={"result": rest}))
    fields = rest.split(",") if rest else []
    if command in ("V0", "HTBT"):
        return _heartbeat(reply_id, device, command, fields)
    if command == "V4":
        return _one(_reply_location(device, fields))
    if _LOCATION.fullmatch(command):
        return _location_with_ack(reply_id, device, command, fields)
    if command == "V3":
        return _one(_v3_cells(device, fields))
    if command == "NBR":
        record = _nbr_cells(device, fields)
        return DecodeResult(records=(record,), ack=_ack(reply_id, "V4", "NBR", record.time))
    if command == "LINK":
        return _one(_link(device, fields))
    if command == "VP1":
        return _one(_vp1(device, fields))
    return DecodeResult()


def _one(record: DecodedRecord) -> DecodeResult:
    return DecodeResult(records=(record,))


def _heartbeat(device_id: str, device: str | None, command: str, fields: list[str]) -> DecodeResult:
    record = DecodedRecord(
        type="heartbeat", device=device, battery_pct=_battery(fields[0]) if fields else None
    )
    return DecodeResult(records=(record,), ack=f"*HQ,{device_id},{command}#".encode("ascii"))


def _location_with_ack(
    device_id: str, device: str | None, command: str, fields: list[str]
) -> DecodeResult:
    record = _location(device, command, fields)
    ack = None
    if record is not None and command == "V1":
        ack = _ack(device_id, "V4", "V1", record.time)
    return DecodeResult(records=() if record is None else (record,), ack=ack)


def _ack(device_id: str, *parts: str | datetime | None) -> bytes | None:
    if any(part is None for part in parts):
        return None
    text = ",".join(
        p.strftime("%Y%m%d%H%M%S") if isinstance(p, datetime) else str(p) for p in parts
    )
    return f"*HQ,{device_id},{text}#".encode("ascii")


def _reply_location(device: str | None, fields: list[str]) -> DecodedRecord:
    """V4: the device echoes the command it answers (``S20,DONE,<HHMMSS>``), then a location."""
    start = next(
        (
            i
            for i in range(1, len(fields) - 1)
            if _DATE.fullmatch(fields[i]) and fields[i + 1] in ("A", "V")
        ),
        None,
    )
    if start is None:
        return DecodedRecord(type="reply", device=device, attributes={"result": ",".join(fields)})
    record = _location(device, "V4", fields[start:])
    result = ",".join(fields[:start])
    if record is None:
        return DecodedRecord(type="reply", device=device, attributes={"result": result})
    return replace(record, attributes={**record.attributes, "result": result})


def _location(device: str | None, command: str, fields: list[str]) -> DecodedRecord | None:
    """``HHMMSS,A|V,lat,N|S,lon,E|W,knots,course[,battery],DDMMYY,status[,extras]`` or None
    when the frame carries no coordinates."""
    if len(fields) < 8:
        raise DecodeError(f"h02: {command} needs at least 8 location fields")
    clock, validity, lat_text, north, lon_text, east, speed, course = fields[:8]
    rest = fields[8:]
    if not lat_text.strip() or not lon_text.strip():
        return None
    if len(rest) > 1 and not _date_like(rest[0]) and _date_like(rest[1]):
        rest = rest[1:]  # a battery field of undocumented scale, not read
    date = rest[0] if rest else ""
    status_text = rest[1] if len(rest) > 1 else ""
    extras = rest[2:]
    if command == "V19" and rest:
        status_text, extras = rest[-1], rest[1:-1]
    lat = with_hemisphere(nmea_degrees(lat_text), north)
    lon = with_hemisphere(nmea_degrees(lon_text), east)
    check_range(lat, lon)
    alarms, attributes = status_fields(status_text)
    iccid = next((e.rstrip("?") for e in extras if _ICCID.fullmatch(e.strip())), None)
    if iccid:
        attributes["iccid"] = iccid
    return DecodedRecord(
        type="alarm" if alarms else "position",
        device=device,
        time=_time(clock, date) if clock and date else None,
        lat=lat,
        lon=lon,
        valid=validity == "A",
        speed_kmh=_knots(speed),
        course=_optional_decimal(course),
        alarms=alarms,
        attributes=attributes,
    )


def _v3_cells(device: str | None, fields: list[str]) -> DecodedRecord:
    """``HHMMSS,MCCMNC,count,(LAC,CID,rx,?)*count,...,DDMMYY,status``: cells, no GPS."""
    if len(fields) < 5 or not fields[1].isdigit() or len(fields[1]) < 4:
        raise DecodeError("h02: V3 needs time, MCC+MNC, cell count, date and status")
    mcc, mnc = int(fields[1][:3]), int(fields[1][3:])
    count = _count(fields[2], len(fields) - 5, 4)
    cells = [
        cell_tower(mcc, mnc, _decimal_int(fields[3 + 4 * i]), _decimal_int(fields[4 + 4 * i]))
        for i in range(count)
    ]
    return _cells_record(device, fields[0], fields[-2], fields[-1], cells)


def _nbr_cells(device: str | None, fields: list[str]) -> DecodedRecord:
    """``HHMMSS,MCC,MNC,TA,count,(LAC,CID,RSSI)*count,DDMMYY,status``: cells, no GPS."""
    if len(fields) < 7:
        raise DecodeError("h02: NBR needs time, MCC, MNC, TA, cell count, date and status")
    mcc, mnc = _decimal_int(fields[1]), _decimal_int(fields[2])
    count = _count(fields[4], len(fields) - 7, 3)
    cells = [
        cell_tower(
            mcc,
            mnc,
            _decimal_int(fields[5 + 3 * i]),
            _decimal_int(fields[6 + 3 * i]),
            _decimal_int(fields[7 + 3 * i]),
        )
        for i in range(count)
    ]
    end = 5 + 3 * count
    return _cells_record(device, fields[0], fields[end], fields[end + 1], cells)


def _cells_record(
    device: str | None,
    clock: str,
    date: str,
    status_text: str,
    cells: Sequence[dict[str, int] | None],
) -> DecodedRecord:
    alarms, attributes = status_fields(status_text)
    attributes["cells"] = [c for c in cells if c is not None]
    return DecodedRecord(
        type="cells",
        device=device,
        time=_report_time(clock, date),
        alarms=alarms,
        attributes=attributes,
    )


def _link(device: str | None, fields: list[str]) -> DecodedRecord:
    """``HHMMSS,rssi,satellites,battery%,steps,rolls,DDMMYY,status``: a status report."""
    if len(fields) < 8:
        raise DecodeError("h02: LINK needs 8 fields")
    alarms, attributes = status_fields(fields[7])
    attributes.update(
        rssi=_decimal_int(fields[1]), steps=_decimal_int(fields[4]), rolls=_decimal_int(fields[5])
    )
    return DecodedRecord(
        type="status",
        device=device,
        time=_report_time(fields[0], fields[6]),
        satellites=_decimal_int(fields[2]),
        battery_pct=_battery(fields[3]),
        alarms=alarms,
        attributes=attributes,
    )


def _vp1(device: str | None, fields: list[str]) -> DecodedRecord:
    """``A,lat,N,lon,E,knots,course,DDMMYY`` (a fix with a date but no time of day), or
    ``V,MCC,MNC,LAC,CID,RSSI[Y LAC,CID,RSSI...]`` (cells only)."""
    if fields and fields[0] == "A" and len(fields) >= 8:
        lat = with_hemisphere(nmea_degrees(fields[1]), fields[2])
        lon = with_hemisphere(nmea_degrees(fields[3]), fields[4])
        check_range(lat, lon)
        day = _date(fields[7])
        # No time of day: the gateway stamps the receive time; the fix date is kept.
        return DecodedRecord(
            type="position",
            device=device,
            lat=lat,
            lon=lon,
            valid=True,
            speed_kmh=_knots(fields[5]),
            course=_optional_decimal(fields[6]),
            attributes={"fixDate": day.date().isoformat()},
        )
    if len(fields) < 4 or fields[0] != "V":
        raise DecodeError("h02: VP1 is 'A' with a fix or 'V' with cells")
    mcc, mnc = _decimal_int(fields[1]), _decimal_int(fields[2])
    cells = []
    for group in ",".join(fields[3:]).split("Y"):
        values = group.split(",")
        if len(values) != 3:
            raise DecodeError(f"h02: VP1 cell must be LAC,CID,RSSI: {group!r}")
        lac, cid, rssi = (_decimal_int(v) for v in values)
        cells.append(cell_tower(mcc, mnc, lac, cid, rssi))
    return DecodedRecord(
        type="cells", device=device, attributes={"cells": [c for c in cells if c is not None]}
    )


def _count(text: str, room: int, width: int) -> int:
    count = _decimal_int(text)
    if count < 0 or count * width > room:
        raise DecodeError(f"h02: cell count {count} does not fit the frame")
    return count


def _time(clock: str, date: str) -> datetime:
    day = _date(date)
    if not re.fullmatch(r"\d{6}", clock):
        raise DecodeError(f"h02: bad time {clock!r}")
    return day.replace(hour=int(clock[:2]), minute=int(clock[2:4]), second=int(clock[4:]))


def _report_time(clock: str, date: str) -> datetime | None:
    """The time of a cell or status report; an impossible one (a clock of ``160169`` is in the
    corpus) leaves it to the gateway's receive time. Fix times are never guessed like this."""
    try:
        return _time(clock, date)
    except ValueError:
        return None


def _date(date: str) -> datetime:
    if not _DATE.fullmatch(date):
        raise DecodeError(f"h02: bad date {date!r}")
    return datetime(2000 + int(date[4:]), int(date[2:4]), int(date[:2]), tzinfo=UTC)


def _date_like(text: str) -> bool:
    return text == "" or _DATE.fullmatch(text) is not None


def _knots(text: str) -> float | None:
    value = _optional_decimal(text)
    return None if value is None else value * KNOT_KMH


def _optional_decimal(text: str) -> float | None:
    return parse_decimal(text) if text.strip() else None


def _decimal_int(text: str) -> int:
    stripped = text.strip()
    if not re.fullmatch(r"-?\d{1,10}", stripped):
        raise DecodeError(f"h02: not an integer: {text!r}")
    return int(stripped)


def _battery(text: str) -> float | None:
    """A battery percentage; None when empty or outside 0-100."""
    value = _decimal_int(text) if text.strip() else None
    return float(value) if value is not None and 0 <= value <= 100 else None
