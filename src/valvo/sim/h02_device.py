"""A simulated H02 (Sinotrack "HQ") tracker: ``*HQ,...#`` text frames over TCP.

H02 has no login: every frame names the device. A real-time location is
``*HQ,<id>,V1,HHMMSS,A,DDMM.MMMM,N,DDDMM.MMMM,E,<knots>,<course>,DDMMYY,<status>#`` and the
server answers ``*HQ,<id>,V4,V1,<yyyyMMddHHmmss>#`` with the fix time; the heartbeat
``*HQ,<id>,HTBT,<battery %>#`` is echoed ``*HQ,<id>,HTBT#``. The 32-bit status word is
active-low (all ones: nothing to report; bit 10 set: ignition on); an alarm is a V1 whose status
clears its bit (SOS: bit 1, power cut: bit 19, see :mod:`valvo.protocols.h02.status`).

Commands (``*HQ,<id>,<cmd>,<HHMMSS>,<args>#``) are answered as the H02 document says: ``D1``
with a V1 of the current position at once; any other (``S17`` sets the interval) with
``*HQ,<id>,V4,<cmd>,<HHMMSS of the command>,<the V1 fields>#``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from valvo.protocols.h02.splitter import H02Splitter
from valvo.protocols.h02.status import KNOT_KMH
from valvo.sim.stream_device import StreamConnection
from valvo.sim.teltonika_device import AvlFix

NO_ALARM = 0xFFFFFFFF
ALARM_BITS = {"sos": 1, "powerCut": 19, "vibration": 0, "overspeed": 2}


def nmea(value: float, degree_digits: int) -> str:
    """``DDMM.MMMM`` (latitude) / ``DDDMM.MMMM`` (longitude) of an absolute value."""
    absolute = abs(value)
    degrees = int(absolute)
    minutes = round((absolute - degrees) * 60, 4)
    if minutes >= 60:
        degrees, minutes = degrees + 1, 0.0
    return f"{degrees:0{degree_digits}d}{minutes:07.4f}"


def status_word(alarm: str | None = None) -> int:
    if alarm is None:
        return NO_ALARM
    try:
        return NO_ALARM & ~(1 << ALARM_BITS[alarm])
    except KeyError:
        raise ValueError(f"H02 alarm {alarm!r} is not one of {sorted(ALARM_BITS)}") from None


def location_fields(fix: AvlFix, alarm: str | None = None) -> list[str]:
    """``HHMMSS,A,lat,N,lon,E,knots,course,DDMMYY,status`` of a V1 (and of a V4's tail)."""
    at = fix.time.astimezone(UTC)
    return [
        at.strftime("%H%M%S"),
        "A",
        nmea(fix.lat, 2),
        "N" if fix.lat >= 0 else "S",
        nmea(fix.lon, 3),
        "E" if fix.lon >= 0 else "W",
        f"{fix.speed_kmh / KNOT_KMH:.2f}",
        f"{fix.course:d}",
        at.strftime("%d%m%y"),
        f"{status_word(alarm):08X}",
    ]


def location_frame(device: str, fix: AvlFix, alarm: str | None = None) -> bytes:
    return ("*" + ",".join(["HQ", device, "V1", *location_fields(fix, alarm)]) + "#").encode(
        "ascii"
    )


def parse_command(raw: bytes) -> tuple[str, str, list[str]] | None:
    """A server command ``*HQ,<id>,<cmd>,<HHMMSS>[,<args>]#``: its name, time and arguments;
    None for an ACK (``V4``, ``V0``, ``HTBT``) or anything else."""
    text = raw.decode("latin-1").strip()
    if not text.startswith("*") or not text.endswith("#"):
        return None
    parts = text[1:-1].split(",")
    if len(parts) < 4 or parts[2] in ("V4", "V0", "HTBT"):
        return None
    return parts[2], parts[3], parts[4:]


def confirmation_frame(device: str, command: str, clock: str, fix: AvlFix) -> bytes:
    """``V4``: the tracker confirms ``command`` sent at ``clock`` (HHMMSS), with its position."""
    fields = ["HQ", device, "V4", command, clock, *location_fields(fix)]
    return ("*" + ",".join(fields) + "#").encode("ascii")


def location_ack(device: str, time: datetime) -> bytes:
    return f"*HQ,{device},V4,V1,{time.astimezone(UTC):%Y%m%d%H%M%S}#".encode("ascii")


def heartbeat_frame(device: str, battery_pct: float) -> bytes:
    return f"*HQ,{device},HTBT,{round(battery_pct)}#".encode("ascii")


def heartbeat_ack(device: str) -> bytes:
    return f"*HQ,{device},HTBT#".encode("ascii")


class H02Device:
    """One H02 tracker's session: each V1 and heartbeat waits for its answer."""

    def __init__(self, device_id: str, *, timeout_s: float = 10.0, resends: int = 2) -> None:
        self.identifier = device_id
        self.battery_pct = 100.0
        self.connection = StreamConnection(H02Splitter, timeout_s, resends)

    async def connect(self, host: str, port: int) -> None:
        await self.connection.open(host, port)

    async def report(self, fix: AvlFix) -> None:
        await self._location(fix, None)

    async def heartbeat(self) -> None:
        await self.connection.exchange(
            heartbeat_frame(self.identifier, self.battery_pct), heartbeat_ack(self.identifier)
        )

    async def alarm(self, fix: AvlFix, alarm: str) -> None:
        await self._location(fix, alarm)

    async def answer_command(self, fix: AvlFix, timeout_s: float | None = None) -> str:
        """Wait for the server's next command and answer it; returns ``<cmd>[,<args>]``."""
        while True:
            parsed = parse_command(await self.connection.next_frame(timeout_s))
            if parsed is not None:
                return await self._answer(parsed, fix)

    async def answer_received(self, fix: AvlFix) -> list[str]:
        """Answer the commands that came while the device waited for its ACKs (no waiting)."""
        answered = []
        while self.connection.received:
            parsed = parse_command(self.connection.received.pop(0))
            if parsed is not None:
                answered.append(await self._answer(parsed, fix))
        return answered

    async def _answer(self, parsed: tuple[str, str, list[str]], fix: AvlFix) -> str:
        command, clock, arguments = parsed
        if command == "D1":
            await self._location(fix, None)  # one position at once, acknowledged as ever
        else:
            await self.connection.send(confirmation_frame(self.identifier, command, clock, fix))
        return ",".join([command, *arguments])

    async def close(self) -> None:
        await self.connection.close()

    async def _location(self, fix: AvlFix, alarm: str | None) -> None:
        whole = fix.time.replace(microsecond=0)  # the frame carries whole seconds
        await self.connection.exchange(
            location_frame(self.identifier, fix, alarm), location_ack(self.identifier, whole)
        )
