"""GT06 / Concox (and Jimi IoT) binary protocol: frame, decoder, stream splitter, server frames.

Frame: ``78 78`` + 1-byte length, or ``79 79`` + 2-byte length; then protocol number, content,
serial (2), CRC-16/X-25 (2) over length .. serial, and ``0D 0A``. The message types are decoded
in :mod:`valvo.protocols.gt06.messages` (login, status, location, alarm, cell and Wi-Fi lists),
:mod:`valvo.protocols.gt06.info` (replies, information) and :mod:`valvo.protocols.gt06.vendor`
(vendor and model-specific variants).

* Login (0x01) returns a ``login`` record with the IMEI, sets ``session.device``, and keeps the
  time zone the login may carry (``session.extra``): GPS times are read in that zone.
* Every short-header (``78 78``) frame with a serial is acknowledged with
  ``78 78 05 <protocol> <serial> <crc> 0D 0A``, as devices resend what is not acknowledged.
  The time request (0x8A) gets no fixed ACK: its record carries ``timeRequest`` and the gateway
  answers with :func:`time_response` (the decoder has no clock).
* Message types Valvo does not decode yield no record (a short-header frame is still ACKed).
* ``--model`` (``session.model``) selects model quirks: QH302R/NT20/XT40 IMEI-prefixed layouts,
  R11/SEEWORLD/LW4G heartbeat power, VL/LW/G18 alarm codes.

Integrity policy (see :mod:`valvo.protocols.checksums`): a CRC mismatch or a length field that
does not match the frame is decoded anyway with ``crc_mismatch``/``length_mismatch`` in the
warnings (content is then read from the bytes present), and rejected in a strict session. Wi-Fi
and cell reports (0x17/0x69) whose length byte is the Wi-Fi count carry no CRC; their structure
(counts against size) is what gets checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from valvo.protocols.base import DecodeError, DecodeResult, Session
from valvo.protocols.checksums import crc16_x25, report_integrity
from valvo.protocols.gt06.blocks import Context
from valvo.protocols.gt06.info import INFO_HANDLERS
from valvo.protocols.gt06.messages import HANDLERS
from valvo.protocols.gt06.vendor import VENDOR_HANDLERS

SHORT, LONG = b"\x78\x78", b"\x79\x79"
STOP = b"\r\n"
MAX_FRAME = 4096  # bytes; a long-header length field allows 65 kB, no device sends a tenth
_WIFI_COUNT_TYPES = (0x17, 0x69)
_TIME_REQUEST = 0x8A
_COMMAND = 0x80
_ALL_HANDLERS = {**HANDLERS, **INFO_HANDLERS, **VENDOR_HANDLERS}


@dataclass(frozen=True, slots=True)
class Frame:
    protocol: int
    content: bytes
    serial: int | None
    long_header: bool
    wifi_count: int | None = None  # set when the length byte is a Wi-Fi count (0x17/0x69)


class Gt06Decoder:
    name = "gt06"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        warnings: list[str] = []
        frame = parse_frame(message, session, warnings)
        ctx = Context(
            session=session,
            warnings=warnings,
            long_header=frame.long_header,
            wifi_count=frame.wifi_count,
        )
        handler = _ALL_HANDLERS.get(frame.protocol)
        records = handler(frame.content, ctx) if handler is not None else []
        ack = None
        if not frame.long_header and frame.serial is not None and frame.protocol != _TIME_REQUEST:
            ack = acknowledgement(frame.protocol, frame.serial)
        return DecodeResult(records=tuple(records), ack=ack, warnings=tuple(warnings))


def parse_frame(message: bytes, session: Session, warnings: list[str]) -> Frame:
    """Split a frame into protocol, content and serial, applying the integrity policy."""
    if len(message) < 5:
        raise DecodeError(f"gt06: frame of {len(message)} bytes is too short")
    start = message[:2]
    if start == SHORT:
        header, declared = 3, message[2]
    elif start == LONG:
        header, declared = 4, int.from_bytes(message[2:4], "big")
    else:
        raise DecodeError(f"gt06: frame starts with {start.hex()}, not 7878 or 7979")
    terminated = message.endswith(STOP)
    body = message[header : len(message) - 2 if terminated else len(message)]
    if not body:
        raise DecodeError("gt06: frame has no protocol number")
    protocol = body[0]
    long_header = header == 4
    if (
        not long_header
        and protocol in _WIFI_COUNT_TYPES
        and (protocol == 0x69 or declared != len(body))
    ):
        return Frame(protocol, body[1:], None, long_header, wifi_count=declared)
    if terminated and declared == len(body) and declared >= 5:
        crc = int.from_bytes(body[declared - 2 :], "big")
        if crc16_x25(message[2 : header + declared - 2]) != crc:
            report_integrity(session, warnings, "crc_mismatch", "gt06: CRC-16/X-25 mismatch")
        serial = int.from_bytes(body[declared - 4 : declared - 2], "big")
        return Frame(protocol, body[1 : declared - 4], serial, long_header)
    report_integrity(
        session,
        warnings,
        "length_mismatch",
        f"gt06: length field {declared} but {len(body)} bytes"
        + ("" if terminated else " and no 0D 0A stop bytes"),
    )
    # The serial sits where the length field puts it, when that is inside the frame at all.
    placed: int | None = None
    if 5 <= declared <= len(body):
        placed = int.from_bytes(body[declared - 4 : declared - 2], "big")
    return Frame(protocol, body[1:], placed, long_header)


def _short_frame(protocol: int, payload: bytes, serial: int) -> bytes:
    inner = bytes((len(payload) + 5, protocol)) + payload + serial.to_bytes(2, "big")
    return SHORT + inner + crc16_x25(inner).to_bytes(2, "big") + STOP


def acknowledgement(protocol: int, serial: int) -> bytes:
    """``78 78 05 <protocol> <serial> <crc> 0D 0A``."""
    return _short_frame(protocol, b"", serial & 0xFFFF)


def time_response(serial: int, now: datetime) -> bytes:
    """The answer to a time request (0x8A): the server's UTC time as YY MM DD hh mm ss."""
    utc = now.astimezone(UTC)
    stamp = bytes((utc.year - 2000, utc.month, utc.day, utc.hour, utc.minute, utc.second))
    return _short_frame(_TIME_REQUEST, stamp, serial & 0xFFFF)


def encode_command(command: str, serial: int, server_flag: int = 0) -> bytes:
    """A server command (0x80): ``<length> <server flag 4> <ASCII command>`` + language 00 00?

    Concox devices accept the command without the optional language word, as here (for example
    ``Relay,1#`` cuts the engine on relay-equipped models).
    """
    text = command.encode("ascii")
    payload = bytes((len(text) + 4,)) + server_flag.to_bytes(4, "big") + text
    return _short_frame(_COMMAND, payload, serial & 0xFFFF)


class Gt06Splitter:
    """TCP stream splitter: frames by their length field, else (Wi-Fi lists) by ``0D 0A``."""

    max_frame = MAX_FRAME

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while len(buffer) >= 2:
            size = _frame_size(buffer)
            if size is None:
                break
            frames.append(bytes(buffer[:size]))
            del buffer[:size]
        return frames


def _frame_size(buffer: bytearray) -> int | None:
    start = bytes(buffer[:2])
    if start not in (SHORT, LONG):
        raise DecodeError(f"gt06: stream does not continue with a frame start ({start.hex()})")
    header = 3 if start == SHORT else 4
    if len(buffer) < header + 1:
        return None
    declared = buffer[2] if header == 3 else int.from_bytes(buffer[2:4], "big")
    size = header + declared + 2
    if size > MAX_FRAME:
        raise DecodeError(f"gt06: length field {declared} is not plausible")
    if len(buffer) >= size and buffer[size - 2 : size] == STOP:
        return size
    # The length field does not end on 0D 0A: the frame ends at a 0D 0A instead. For Wi-Fi
    # reports (whose length byte is a count) and frames whose declared size has arrived, that
    # is the next 0D 0A. A frame still short of its declared size may hold 0D 0A inside, so it
    # is cut short only where the next frame visibly starts.
    decided = len(buffer) >= size or (len(buffer) > header and buffer[header] in _WIFI_COUNT_TYPES)
    limit = min(len(buffer), MAX_FRAME)
    stop = buffer.find(STOP, header + 1, limit)
    while stop >= 0:
        end = stop + 2
        if decided or buffer[end : end + 2] in (SHORT, LONG):
            return end
        stop = buffer.find(STOP, stop + 1, limit)
    if len(buffer) >= MAX_FRAME:
        raise DecodeError(f"gt06: no frame end within {MAX_FRAME} bytes")
    return None
