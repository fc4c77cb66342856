"""A simulated Meitrack tracker (MVT/T3xx family) over TCP: ``AAA`` reports and commands.

Frames are ``$$<flag><length>,<IMEI>,<command>,<data>*<checksum>\\r\\n`` (see
:mod:`valvo.protocols.meitrack.decoder`): the length counts from the first comma through the
``\\r\\n``, the checksum is the byte sum modulo 256 through the ``*``. An ``AAA`` report
(event 35, tracking by time interval) is not acknowledged by the protocol. Server commands come as
``@@<flag><length>,<IMEI>,<command>[,<params>]*<checksum>\\r\\n`` and are answered as the Meitrack
GPRS protocol document says: ``A10`` with an ``AAA`` report of event 34 (a position asked for),
any other (``A12,<n>`` sets the interval) with ``<command>,OK`` under the device's own header.
"""

from __future__ import annotations

from datetime import UTC

from valvo.protocols.base import DecodeError
from valvo.protocols.checksums import sum8
from valvo.sim.stream_device import StreamConnection
from valvo.sim.teltonika_device import AvlFix

TRACKING_EVENT, QUERY_EVENT = 35, 34
FINNISH_CELL = "244|91|2F1E|1B207"
MAX_COMMAND = 1024


def device_frame(imei: str, command: str, data: str, flag: str = "A") -> bytes:
    """``$$<flag><len>,<imei>,<command>[,<data>]*<checksum>\\r\\n``."""
    body = f",{imei},{command}" + (f",{data}" if data else "") + "*"
    head = f"$${flag}{len(body) + 4}".encode("ascii") + body.encode("latin-1")
    return head + f"{sum8(head):02X}\r\n".encode("ascii")


def report_data(fix: AvlFix, event: int = TRACKING_EVENT) -> str:
    at = fix.time.astimezone(UTC)
    fields = [
        str(event),
        f"{fix.lat:.6f}",
        f"{fix.lon:.6f}",
        at.strftime("%y%m%d%H%M%S"),
        "A",
        str(fix.satellites),
        "24",  # GSM signal
        f"{fix.speed_kmh:.0f}",
        str(fix.course),
        "1.0",  # HDOP
        "20",  # altitude
        "0",  # odometer
        "0",  # runtime
        FINNISH_CELL,
        "0000",
        "0000|0000|0000|0190|04B0",  # AD1-3, battery 4.00 V, power 12.00 V
    ]
    return ",".join(fields)


class CommandSplitter:
    """Cuts the server's ``@@...\\r\\n`` frames off the stream the device reads."""

    max_frame = MAX_COMMAND

    def split(self, buffer: bytearray) -> list[bytes]:
        frames: list[bytes] = []
        while (end := buffer.find(b"\r\n")) >= 0:
            frames.append(bytes(buffer[: end + 2]))
            del buffer[: end + 2]
        if len(buffer) > MAX_COMMAND:
            raise DecodeError("meitrack sim: no frame end from the server")
        return frames


def parse_command(raw: bytes) -> tuple[str, list[str]] | None:
    """A server command's code and parameters; None for anything else (e.g. a ``CCC`` ACK)."""
    text = raw.decode("latin-1").rstrip("\r\n")
    star = text.rfind("*")
    if not text.startswith("@@") or star < 0:
        return None
    fields = text[:star].split(",")
    if len(fields) < 3 or fields[2] in ("CCC", "AAC"):
        return None
    return fields[2], fields[3:]


class MeitrackDevice:
    """One Meitrack tracker's session: reports need no answer; commands are answered."""

    def __init__(self, imei: str, *, timeout_s: float = 10.0) -> None:
        self.identifier = imei
        self.connection = StreamConnection(CommandSplitter, timeout_s, 0)

    async def connect(self, host: str, port: int) -> None:
        await self.connection.open(host, port)

    async def report(self, fix: AvlFix) -> None:
        await self.connection.send(device_frame(self.identifier, "AAA", report_data(fix)))

    async def answer_command(self, fix: AvlFix, timeout_s: float | None = None) -> str:
        """Wait for the server's next command and answer it; returns ``<code>[,<params>]``."""
        while True:
            parsed = parse_command(await self.connection.next_frame(timeout_s))
            if parsed is not None:
                break
        code, params = parsed
        if code == "A10":
            answer = device_frame(self.identifier, "AAA", report_data(fix, QUERY_EVENT))
        else:
            answer = device_frame(self.identifier, code, "OK")
        await self.connection.send(answer)
        return ",".join([code, *params])

    async def close(self) -> None:
        await self.connection.close()
