"""A simulated GT06 / Concox tracker: login, GPS/LBS location, heartbeat and alarms over TCP.

Frames are ``78 78 <length> <protocol> <content> <serial> <CRC-16/X-25> 0D 0A`` (see
:mod:`valvo.protocols.gt06.decoder`). The device logs in with its IMEI (0x01) and waits for the
login ACK; then it sends locations (0x12: GPS block + cell), heartbeats (0x13: terminal info,
battery level, GSM signal, alarm/language) and alarms (0x16: GPS + LBS + status tail; strap
removal is the terminal-info alarm bits 111 and alarm code 0x18, SOS is 100 and 0x01). Every frame
carries a rising serial number and waits for ``78 78 05 <protocol> <serial> <CRC> 0D 0A``
before the next.
"""

from __future__ import annotations

from datetime import UTC

from valvo.protocols.checksums import crc16_x25
from valvo.protocols.gt06.decoder import Gt06Splitter
from valvo.sim.stream_device import StreamConnection
from valvo.sim.teltonika_device import AvlFix

LOGIN, LOCATION, HEARTBEAT, ALARM = 0x01, 0x12, 0x13, 0x16
COMMAND, REPLY = 0x80, 0x15  # server command, the device's text reply
TYPE_ID = b"\x36\x08"  # a GT06N-like terminal type
COORDINATE_SCALE = 1_800_000  # minutes x 30000
FINNISH_CELL = (244, 91, 0x2F1E, 0x01B207)  # MCC, MNC, LAC, cell id
# Alarm name -> (terminal-info alarm bits 3..5, alarm code of the status tail).
ALARMS = {"removing": (0b111, 0x18), "sos": (0b100, 0x01), "powerCut": (0b010, 0x02)}
_GPS_ON, _CHARGING = 0x40, 0x04


def frame(protocol: int, content: bytes, serial: int) -> bytes:
    """A short-header frame with its length, serial and CRC-16/X-25."""
    inner = bytes((len(content) + 5, protocol)) + content + (serial & 0xFFFF).to_bytes(2, "big")
    return b"\x78\x78" + inner + crc16_x25(inner).to_bytes(2, "big") + b"\r\n"


def ack(protocol: int, serial: int) -> bytes:
    """The server's acknowledgement the device waits for."""
    return frame(protocol, b"", serial)


def login_content(imei: str) -> bytes:
    if not (imei.isdigit() and 1 <= len(imei) <= 16):
        raise ValueError(f"a GT06 IMEI is up to 16 digits, not {imei!r}")
    return bytes.fromhex(imei.rjust(16, "0")) + TYPE_ID


def gps_block(fix: AvlFix) -> bytes:
    """Date (UTC), GPS info, latitude, longitude, speed (km/h), course and status flags."""
    at = fix.time.astimezone(UTC)
    date = bytes((at.year - 2000, at.month, at.day, at.hour, at.minute, at.second))
    flags = (round(fix.course) % 360) | 0x1000  # positioned
    if fix.lat >= 0:
        flags |= 0x0400
    if fix.lon < 0:
        flags |= 0x0800
    return (
        date
        + bytes((0xC0 | min(fix.satellites, 15),))
        + round(abs(fix.lat) * COORDINATE_SCALE).to_bytes(4, "big")
        + round(abs(fix.lon) * COORDINATE_SCALE).to_bytes(4, "big")
        + bytes((max(0, min(255, round(fix.speed_kmh))),))
        + flags.to_bytes(2, "big")
    )


def cell_block() -> bytes:
    mcc, mnc, lac, cid = FINNISH_CELL
    return mcc.to_bytes(2, "big") + bytes((mnc,)) + lac.to_bytes(2, "big") + cid.to_bytes(3, "big")


def battery_level(battery_pct: float) -> int:
    """The 0..6 voltage level of the status tail (6 = full)."""
    return max(0, min(6, round(battery_pct * 6 / 100)))


def status_tail(info: int, battery_pct: float, alarm_code: int = 0) -> bytes:
    """Terminal info, voltage level, GSM signal, alarm code, language (2 = English)."""
    return bytes((info, battery_level(battery_pct), 4, alarm_code, 0x02))


def location_content(fix: AvlFix) -> bytes:
    return gps_block(fix) + cell_block()


def heartbeat_content(battery_pct: float) -> bytes:
    return status_tail(_GPS_ON | _CHARGING, battery_pct)


def alarm_content(fix: AvlFix, alarm: str, battery_pct: float) -> bytes:
    try:
        bits, code = ALARMS[alarm]
    except KeyError:
        raise ValueError(f"GT06 alarm {alarm!r} is not one of {sorted(ALARMS)}") from None
    lbs = bytes((9,)) + cell_block()  # the LBS length counts itself
    return gps_block(fix) + lbs + status_tail(_GPS_ON | bits << 3, battery_pct, code)


def parse_command(raw: bytes) -> tuple[bytes, str] | None:
    """A server command frame (0x80): its server flag and text; None for any other frame."""
    if len(raw) < 12 or raw[:2] != b"\x78\x78" or raw[3] != COMMAND:
        return None
    content = raw[4:-6]
    length = content[0]
    return content[1:5], content[5 : 1 + length].decode("ascii", "replace")


def reply_content(flag: bytes, text: str) -> bytes:
    """0x15: command length, the command's server flag, the text, language (2 = English)."""
    data = text.encode("ascii")
    return bytes((len(data) + 4,)) + flag + data + b"\x00\x02"


def position_reply(fix: AvlFix) -> str:
    """The Concox answer to ``WHERE#``: the current position as text."""
    at = fix.time.astimezone(UTC)
    return (
        f"Current position!Lat:{'N' if fix.lat >= 0 else 'S'}{abs(fix.lat):.6f},"
        f"Lon:{'E' if fix.lon >= 0 else 'W'}{abs(fix.lon):.6f},Course:{fix.course:.2f},"
        f"Speed:{fix.speed_kmh:.2f},DateTime:{at:%Y-%m-%d %H:%M:%S}"
    )


class Gt06Device:
    """One GT06 tracker's session: log in, then one acknowledged frame at a time."""

    def __init__(self, imei: str, *, timeout_s: float = 10.0, resends: int = 2) -> None:
        self.identifier = imei
        self.battery_pct = 100.0
        self.serial = 0
        self.connection = StreamConnection(Gt06Splitter, timeout_s, resends)

    async def connect(self, host: str, port: int) -> None:
        await self.connection.open(host, port)
        await self._exchange(LOGIN, login_content(self.identifier))

    async def report(self, fix: AvlFix) -> None:
        await self._exchange(LOCATION, location_content(fix))

    async def heartbeat(self) -> None:
        await self._exchange(HEARTBEAT, heartbeat_content(self.battery_pct))

    async def alarm(self, fix: AvlFix, alarm: str) -> None:
        await self._exchange(ALARM, alarm_content(fix, alarm, self.battery_pct))

    async def answer_received(self, fix: AvlFix) -> list[str]:
        """Answer the commands that came while the device waited for its ACKs (no waiting)."""
        answered = []
        while self.connection.received:
            parsed = parse_command(self.connection.received.pop(0))
            if parsed is not None:
                answered.append(await self._answer(parsed, fix))
        return answered

    async def answer_command(self, fix: AvlFix, timeout_s: float | None = None) -> str:
        """Wait for the server's next command and answer it as a Concox tracker does:
        ``WHERE#`` with the current position, anything else with ``OK``. Returns the command."""
        while True:
            parsed = parse_command(await self.connection.next_frame(timeout_s))
            if parsed is not None:
                break
        return await self._answer(parsed, fix)

    async def _answer(self, command: tuple[bytes, str], fix: AvlFix) -> str:
        flag, text = command
        answer = position_reply(fix) if text.upper().startswith("WHERE") else f"{text} OK"
        self.serial = (self.serial + 1) & 0xFFFF
        await self.connection.send(frame(REPLY, reply_content(flag, answer), self.serial))
        return text

    async def close(self) -> None:
        await self.connection.close()

    async def _exchange(self, protocol: int, content: bytes) -> None:
        self.serial = (self.serial + 1) & 0xFFFF
        await self.connection.exchange(
            frame(protocol, content, self.serial), ack(protocol, self.serial)
        )
