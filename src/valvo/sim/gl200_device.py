"""A simulated Queclink @Track tracker (GL200 family): ASCII ``+RESP:GTxxx,...$`` reports over TCP.

A report is ``+RESP:GTFRI,<version>,<IMEI>,<name>,<report id>,<type>,<number>,<accuracy>,
<speed km/h>,<azimuth>,<altitude>,<lon>,<lat>,<UTC time>,<MCC>,<MNC>,<LAC>,<cell>,<reserved>,,
<send time>,<count>$`` with a rising 4-hex count. @Track acknowledges reports only when the
device's SACK setting asks for it, and Valvo's listener does not; what it always answers is the
heartbeat ``+ACK:GTHBD,<version>,<IMEI>,,<send time>,<count>$`` with
``+SACK:GTHBD,<version>,<count>$``. So the device follows each report with a heartbeat, whose
answer (written only after everything before it on the connection was stored) confirms the
report; an SOS is ``GTSOS`` with the same layout.
"""

from __future__ import annotations

from datetime import UTC, datetime

from valvo.sim.stream_device import StreamConnection
from valvo.sim.teltonika_device import AvlFix

VERSION = "020102"  # a GL200's protocol version
CELL = "0244,0091,2F1E,1B207"  # MCC, MNC, LAC, cell id (hex)
REPORTS = {"sos": "SOS"}  # alarm -> report type


def report_frame(imei: str, fix: AvlFix, count: int, kind: str = "FRI") -> bytes:
    at = fix.time.astimezone(UTC)
    fields = [
        f"+RESP:GT{kind}",
        VERSION,
        imei,
        "",  # device name
        "0",  # report id
        "0",  # report type
        "1",  # one GPS block
        "1",  # GPS accuracy (HDOP class; 0 means no current fix)
        f"{fix.speed_kmh:.1f}",
        str(fix.course),
        f"{fix.altitude_m:.1f}",
        f"{fix.lon:.6f}",
        f"{fix.lat:.6f}",
        f"{at:%Y%m%d%H%M%S}",
        CELL,
        "00",
        "",
        f"{at:%Y%m%d%H%M%S}",
        f"{count & 0xFFFF:04X}",
    ]
    return (",".join(fields) + "$").encode("ascii")


def heartbeat_frame(imei: str, sent: datetime, count: int) -> bytes:
    stamp = f"{sent.astimezone(UTC):%Y%m%d%H%M%S}"
    return f"+ACK:GTHBD,{VERSION},{imei},,{stamp},{count & 0xFFFF:04X}$".encode("ascii")


def heartbeat_ack(count: int) -> bytes:
    return f"+SACK:GTHBD,{VERSION},{count & 0xFFFF:04X}$".encode("ascii")


class AnswerSplitter:
    """Cuts the server's ``+SACK:...$`` answers off the stream (the device side of @Track)."""

    def split(self, buffer: bytearray) -> list[bytes]:
        answers = []
        while (end := buffer.find(b"$")) >= 0:
            answers.append(bytes(buffer[: end + 1]).lstrip(b"\r\n"))
            del buffer[: end + 1]
        return answers


class Gl200Device:
    """One @Track device's session: each report (or SOS) followed by a heartbeat it waits on."""

    def __init__(self, imei: str, *, timeout_s: float = 10.0, resends: int = 2) -> None:
        self.identifier = imei
        self.count = 0
        self.connection = StreamConnection(AnswerSplitter, timeout_s, resends)

    async def connect(self, host: str, port: int) -> None:
        await self.connection.open(host, port)

    async def report(self, fix: AvlFix) -> None:
        await self._confirmed(report_frame(self.identifier, fix, self._next()), fix.time)

    async def heartbeat(self) -> None:
        await self._confirmed(b"", datetime.now(UTC).replace(microsecond=0))

    async def alarm(self, fix: AvlFix, alarm: str) -> None:
        try:
            kind = REPORTS[alarm]
        except KeyError:
            raise ValueError(f"@Track alarm {alarm!r} is not one of {sorted(REPORTS)}") from None
        await self._confirmed(report_frame(self.identifier, fix, self._next(), kind), fix.time)

    async def close(self) -> None:
        await self.connection.close()

    def _next(self) -> int:
        self.count = (self.count + 1) & 0xFFFF
        return self.count

    async def _confirmed(self, before: bytes, sent: datetime) -> None:
        count = self._next()
        beat = heartbeat_frame(self.identifier, sent, count)
        await self.connection.exchange(before + beat, heartbeat_ack(count))
