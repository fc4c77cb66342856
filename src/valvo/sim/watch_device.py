"""A simulated Watch-protocol device (3G / SeTracker watches and ankle tags) over TCP.

Frames are ``[3G*<id>*<length, 4 hex>*<content>]`` (see
:mod:`valvo.protocols.watch.decoder`); binary
content is escaped on the wire (``}`` ``[`` ``]`` ``,`` ``*`` become ``7D 01..05``) and the length
counts the unescaped bytes. On connecting the watch sends the link keep-alive
``LK,<steps>,<rolls>,<battery %>`` and waits for ``LK``. Location reports (``UD``) are not
acknowledged by the protocol, so the watch follows each with an ``LK``: the gateway answers it only
after everything before it on the connection is stored, so its answer confirms the report (and
the report is sent again, with its own time, when it does not come). Alarms (``AL``: SOS is status
bit 16, strap removal bit 20) are answered ``AL``. Each frame carries a rising serial, which the
answer echoes, so a late answer to a resent frame never confirms the next one.

Server commands (``[<maker>*<id>*<len>*<content>]``) are echoed by their type, as the 4P-Touch
document says: ``CR`` (then a location report), ``UPLOAD``, ``FIND`` (the watch rings).
"""

from __future__ import annotations

from datetime import UTC

from valvo.protocols.watch.frames import WatchSplitter, escape
from valvo.sim.stream_device import StreamConnection
from valvo.sim.teltonika_device import AvlFix

VENDOR = "3G"
ALARM_BITS = {"sos": 16, "removing": 20, "lowBattery": 0, "fallDown": 21}
WIFI = (("Koti[5G]", "a4:2b:b0:c1:22:3e", -61), ("Naapuri", "f0:9f:c2:10:aa:07", -80))


def frame(device: str, content: bytes, *, serial: int | None = None, binary: bool = False) -> bytes:
    """The envelope around ``content`` (with the 4-hex serial the reply echoes, when given);
    binary content is escaped, and the length counts the unescaped bytes."""
    wire = escape(content) if binary else content
    head = f"[{VENDOR}*{device}*"
    if serial is not None:
        head += f"{serial & 0xFFFF:04X}*"
    return f"{head}{len(content):04X}*".encode("ascii") + wire + b"]"


def link_content(steps: int, battery_pct: float) -> bytes:
    return f"LK,{steps},0,{round(battery_pct)}".encode("ascii")


def location_fields(fix: AvlFix, battery_pct: float, steps: int, status: int) -> list[str]:
    at = fix.time.astimezone(UTC)
    wifi = [str(len(WIFI))] + [f"{ssid},{mac},{rssi}" for ssid, mac, rssi in WIFI]
    return [
        at.strftime("%d%m%y"),
        at.strftime("%H%M%S"),
        "A",
        f"{abs(fix.lat):.6f}",
        "N" if fix.lat >= 0 else "S",
        f"{abs(fix.lon):.6f}",
        "E" if fix.lon >= 0 else "W",
        f"{fix.speed_kmh:.2f}",
        f"{fix.course:.1f}",
        f"{fix.altitude_m:.1f}",
        str(fix.satellites),
        "100",  # GSM signal
        str(round(battery_pct)),
        str(steps),
        "0",  # tumbles
        f"{status:08X}",
        "1",  # one cell: TA, MCC, MNC, (LAC, cell id, signal)
        "1",
        "244",
        "91",
        "12062",
        "111111",
        "60",
        *wifi,
        "15.0",  # accuracy, m
    ]


def location_content(fix: AvlFix, battery_pct: float, steps: int) -> bytes:
    return ("UD," + ",".join(location_fields(fix, battery_pct, steps, 0))).encode("latin-1")


def alarm_content(fix: AvlFix, alarm: str, battery_pct: float, steps: int) -> bytes:
    try:
        status = 1 << ALARM_BITS[alarm]
    except KeyError:
        raise ValueError(f"Watch alarm {alarm!r} is not one of {sorted(ALARM_BITS)}") from None
    return ("AL," + ",".join(location_fields(fix, battery_pct, steps, status))).encode("latin-1")


def reply(device: str, content: str, serial: int | None = None) -> bytes:
    """The server's answer the watch waits for (``LK``, ``AL``), echoing the serial."""
    return frame(device, content.encode("ascii"), serial=serial)


def parse_command(raw: bytes) -> str | None:
    """A server command's content (``CR``, ``UPLOAD,60``, ``FIND``); None for the server's
    answers to the watch's own frames (``LK``, ``AL``...) or anything else."""
    parts = raw[1:-1].split(b"*", 3) if raw[:1] == b"[" and raw[-1:] == b"]" else []
    if len(parts) != 4:
        return None
    content = parts[3].decode("latin-1")
    if content.split(",", 1)[0] in ("LK", "AL", "INIT", "TKQ", "TKQ2", "JXTKR"):
        return None
    return content


class WatchDevice:
    """One watch's session: LK on connect, UD + LK per report, AL per alarm."""

    def __init__(self, device_id: str, *, timeout_s: float = 10.0, resends: int = 2) -> None:
        self.identifier = device_id
        self.battery_pct = 100.0
        self.steps = 0
        self.serial = 0
        self.connection = StreamConnection(WatchSplitter, timeout_s, resends)

    async def connect(self, host: str, port: int) -> None:
        await self.connection.open(host, port)
        await self.heartbeat()

    async def report(self, fix: AvlFix) -> None:
        self.steps += 12
        report = self._frame(location_content(fix, self.battery_pct, self.steps))
        await self._exchange(report, "LK", link_content(self.steps, self.battery_pct))

    async def heartbeat(self) -> None:
        await self._exchange(b"", "LK", link_content(self.steps, self.battery_pct))

    async def alarm(self, fix: AvlFix, alarm: str) -> None:
        await self._exchange(b"", "AL", alarm_content(fix, alarm, self.battery_pct, self.steps))

    async def answer_command(self, fix: AvlFix, timeout_s: float | None = None) -> str:
        """Wait for the server's next command and echo its type; after ``CR`` the watch reports
        where it is. Returns the command's content."""
        while True:
            content = parse_command(await self.connection.next_frame(timeout_s))
            if content is not None:
                return await self._answer(content, fix)

    async def answer_received(self, fix: AvlFix) -> list[str]:
        """Answer the commands that came while the watch waited for its answers (no waiting)."""
        answered = []
        while self.connection.received:
            content = parse_command(self.connection.received.pop(0))
            if content is not None:
                answered.append(await self._answer(content, fix))
        return answered

    async def _answer(self, content: str, fix: AvlFix) -> str:
        await self.connection.send(self._frame(content.split(",", 1)[0].encode("ascii")))
        if content == "CR":
            await self.report(fix)
        return content

    async def close(self) -> None:
        await self.connection.close()

    def _frame(self, content: bytes) -> bytes:
        self.serial = (self.serial + 1) & 0xFFFF
        return frame(self.identifier, content, serial=self.serial)

    async def _exchange(self, before: bytes, answer: str, content: bytes) -> None:
        """Send ``before`` (unacknowledged frames) and a frame answered with ``answer``."""
        last = self._frame(content)
        await self.connection.exchange(before + last, reply(self.identifier, answer, self.serial))
