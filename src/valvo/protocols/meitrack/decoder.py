"""Meitrack GPRS protocol (MVT/T3xx/T399/P99 families), TCP and UDP: one message per frame.

Frame: ``$$<flag><length>,<IMEI>,<command>,<data>*<checksum>\\r\\n``. The length counts the bytes
from the first comma through ``\\r\\n``; the checksum is the sum of the bytes from ``$$`` through
``*`` modulo 256, as two hex digits. The trailing ``\\r\\n`` is optional on input (UDP captures
and test strings often lack it) and is counted as if present.

* ``AAA`` (and ``AFF``, one extra field) text reports -> one ``position``/``alarm`` record.
* ``CCC`` / ``CCE`` binary history -> one record per stored fix (:mod:`.binary`). CCC is
  acknowledged with ``@@<flag><len>,<IMEI>,CCC,<count>*<cs>\\r\\n``; CCE needs no ACK.
* ``AAC`` handshake -> a ``login`` record whose ACK is ``@@<flag><len>,<IMEI>,AAC,1*<cs>\\r\\n``.
* ``D00``/``D03`` photo transfer is not supported (no record); any other command is a device
  reply: a ``reply`` record with ``result`` = ``<command>,<data>``.

Integrity policy (see :mod:`valvo.protocols.checksums`): a wrong checksum or length field gives
``crc_mismatch``/``length_mismatch`` warnings and the message is still decoded; a strict session
rejects it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.checksums import report_integrity, sum8
from valvo.protocols.meitrack.binary import decode_ccc, decode_cce, event_alarm

START = b"$$"
STOP = b"\r\n"
MAX_FRAME = 16 * 1024  # bytes; Meitrack packets stay near 1 kB, photo chunks under 2 kB
_MAX_LENGTH_DIGITS = 5
_PHOTO_COMMANDS = (b"D00", b"D03")
_TEXT_REPORTS = (b"AAA", b"AFF")
_RFID_EVENT = 37  # the event data field carries the card id


class MeitrackDecoder:
    name = "meitrack"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        warnings: list[str] = []
        flag, imei, command, data = parse_frame(message, session, warnings)
        session.device = imei
        ack = None
        if command in _TEXT_REPORTS:
            fields = data.decode("latin-1").split(",")
            records: Sequence[DecodedRecord] = [
                text_report(fields[1:] if command == b"AFF" else fields, imei)
            ]
        elif command == b"CCC":
            records = decode_ccc(data, imei)
            ack = server_frame(imei, "CCC", str(len(records)), flag=flag)
        elif command == b"CCE":
            records = decode_cce(data, imei)
        elif command == b"AAC":
            records = [DecodedRecord(type="login", device=imei)]
            ack = server_frame(imei, "AAC", "1", flag=flag)
        elif command in _PHOTO_COMMANDS:
            records = []
        else:
            result = command.decode("latin-1") + ("," + data.decode("latin-1") if data else "")
            records = [DecodedRecord(type="reply", device=imei, attributes={"result": result})]
        return DecodeResult(records=tuple(records), ack=ack, warnings=tuple(warnings))


def parse_frame(
    message: bytes, session: Session, warnings: list[str]
) -> tuple[str, str, bytes, bytes]:
    """Flag, IMEI, 3-character command and data of a frame, after the integrity checks."""
    if not message.startswith(START) or len(message) < 10:
        raise DecodeError("meitrack: frame does not start with $$")
    first_comma = message.find(b",", 3, 3 + _MAX_LENGTH_DIGITS + 1)
    digits = message[3:first_comma]
    if first_comma < 0 or not digits.isdigit():
        raise DecodeError("meitrack: no decimal length after $$ and the flag")
    terminated = message.endswith(STOP)
    star = len(message) - (5 if terminated else 3)
    if star <= first_comma or message[star : star + 1] != b"*":
        raise DecodeError("meitrack: no *checksum at the end of the frame")
    try:
        checksum = int(message[star + 1 : star + 3], 16)
    except ValueError as exc:
        raise DecodeError("meitrack: checksum is not two hex digits") from exc
    counted = len(message) - first_comma + (0 if terminated else len(STOP))
    if int(digits) != counted:
        report_integrity(
            session,
            warnings,
            "length_mismatch",
            f"meitrack: length field {int(digits)} but {counted} bytes",
        )
    if sum8(message[: star + 1]) != checksum:
        report_integrity(session, warnings, "crc_mismatch", "meitrack: checksum mismatch")
    imei_end = message.find(b",", first_comma + 1, star)
    imei = message[first_comma + 1 : imei_end]
    if imei_end < 0 or not imei.isdigit():
        raise DecodeError("meitrack: IMEI field is missing or not numeric")
    command = message[imei_end + 1 : imei_end + 4]
    if len(command) != 3 or imei_end + 4 > star:
        raise DecodeError("meitrack: command field is missing")
    after = message[imei_end + 4 : star]
    if after and not after.startswith(b","):
        raise DecodeError("meitrack: command is not followed by a comma")
    return chr(message[2]), imei.decode("ascii"), command, after[1:]


def _number(fields: Sequence[str], index: int, what: str) -> float:
    try:
        value = float(fields[index])
    except (IndexError, ValueError) as exc:
        raise DecodeError(f"meitrack: {what} is missing or not a number") from exc
    if not math.isfinite(value):
        raise DecodeError(f"meitrack: {what} is not finite")
    return value


def _optional(fields: Sequence[str], index: int) -> str:
    return fields[index] if index < len(fields) else ""


def text_report(fields: Sequence[str], imei: str) -> DecodedRecord:
    """AAA: event, lat, lon, yyMMddHHmmss, A|V, sats, GSM, speed, course, HDOP, altitude,
    odometer, runtime, MCC|MNC|LAC|CI, IO, AD1|AD2|AD3|battery|power [, event data ...]."""
    event = int(_number(fields, 0, "event"))
    lat, lon = _number(fields, 1, "latitude"), _number(fields, 2, "longitude")
    if abs(lat) > 90 or abs(lon) > 180:
        raise DecodeError(f"meitrack: coordinates out of range (lat {lat}, lon {lon})")
    try:
        time = datetime.strptime(fields[3], "%y%m%d%H%M%S").replace(tzinfo=UTC)
    except (IndexError, ValueError) as exc:
        raise DecodeError("meitrack: time field is not yyMMddHHmmss") from exc
    attributes: dict[str, object] = {
        "event": event,
        "rssi": int(_number(fields, 6, "GSM signal")),
        "hdop": _number(fields, 9, "HDOP"),
        "odometer": int(_number(fields, 11, "odometer")),
        "runtime": int(_number(fields, 12, "runtime")),
    }
    _cell(_optional(fields, 13), attributes)
    _io(_optional(fields, 14), attributes)
    _analog(_optional(fields, 15), attributes)
    if event == _RFID_EVENT and _optional(fields, 16):
        attributes["driverUniqueId"] = fields[16]
    alarm = event_alarm(event)
    return DecodedRecord(
        type="alarm" if alarm else "position",
        device=imei,
        time=time,
        lat=lat,
        lon=lon,
        valid=_optional(fields, 4) == "A",
        speed_kmh=_number(fields, 7, "speed"),
        course=_number(fields, 8, "course"),
        altitude_m=_number(fields, 10, "altitude"),
        satellites=int(_number(fields, 5, "satellites")),
        alarms=(alarm,) if alarm else (),
        attributes=attributes,
    )


def _hex(text: str, what: str) -> int:
    try:
        return int(text, 16)
    except ValueError as exc:
        raise DecodeError(f"meitrack: {what} {text!r} is not hexadecimal") from exc


def _cell(text: str, attributes: dict[str, object]) -> None:
    parts = text.split("|")
    if len(parts) == 4 and all(parts):
        try:
            mcc, mnc = int(parts[0]), int(parts[1])
        except ValueError as exc:
            raise DecodeError(f"meitrack: base station {text!r} is malformed") from exc
        lac, cid = _hex(parts[2], "LAC"), _hex(parts[3], "cell id")
        if mcc and lac:
            attributes["cells"] = [{"mcc": mcc, "mnc": mnc, "lac": lac, "cid": cid}]


def _io(text: str, attributes: dict[str, object]) -> None:
    """IO state, 4 hex digits: inputs in the high byte, outputs in the low byte."""
    if text:
        value = _hex(text, "IO state")
        attributes["input"] = value >> 8
        attributes["output"] = value & 0xFF


def _analog(text: str, attributes: dict[str, object]) -> None:
    """AD1|AD2|AD3|battery|external power: hex (battery and power in 0.01 V) or decimal volts."""
    names = ("adc1", "adc2", "adc3", "battery", "power")
    for name, part in zip(names, text.split("|"), strict=False):
        if not part:
            continue
        if "." in part:
            attributes[name] = _number([part], 0, name)
        else:
            raw = _hex(part, name)
            attributes[name] = raw / 100 if name in ("battery", "power") else raw


def server_frame(imei: str, command: str, *params: str, flag: str = "A") -> bytes:
    """``@@<flag><length>,<IMEI>,<command>[,<params>]*<checksum>\\r\\n`` (server -> device)."""
    body = f",{imei},{command}" + "".join(f",{p}" for p in params) + "*"
    head = f"@@{flag}{len(body) + 2 + len(STOP)}".encode("latin-1") + body.encode("latin-1")
    return head + f"{sum8(head):02X}".encode("ascii") + STOP


def encode_command(imei: str, command: str, *params: str) -> bytes:
    """A command to a device: ``A10`` (locate now), ``D03,1,<file>``, ``C02,0,<phone>,<text>``..."""
    return server_frame(imei, command, *params)


class MeitrackSplitter:
    """TCP stream splitter: frames by the decimal length after ``$$<flag>``."""

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while buffer:
            size = _frame_size(buffer)
            if size is None or len(buffer) < size:
                break
            frames.append(bytes(buffer[:size]))
            del buffer[:size]
        return frames


def _frame_size(buffer: bytearray) -> int | None:
    if buffer[:2] != START[: len(buffer[:2])]:
        raise DecodeError("meitrack: stream does not continue with $$")
    comma = buffer.find(b",", 3, 3 + _MAX_LENGTH_DIGITS + 1)
    if comma < 0:
        if len(buffer) > 3 + _MAX_LENGTH_DIGITS:
            raise DecodeError("meitrack: no length field after $$")
        return None
    digits = bytes(buffer[3:comma])
    if not digits.isdigit():
        raise DecodeError("meitrack: length field is not decimal")
    size = comma + int(digits)
    if size > MAX_FRAME:
        raise DecodeError(f"meitrack: length field {int(digits)} is not plausible")
    return size
