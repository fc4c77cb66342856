"""A simulated Teltonika tracker: the IMEI handshake and codec 8 AVL packets over TCP.

Used by the demo's mixed fleet, the gateway benchmark and the tests. A device sends its IMEI,
waits for ``01``, then sends one AVL packet per fix and waits for the 4-byte record count the
server answers once the fix is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass
from datetime import datetime

from valvo.protocols.checksums import crc16_ibm

ACCEPTED = b"\x01"


@dataclass(frozen=True, slots=True)
class AvlFix:
    time: datetime
    lat: float
    lon: float
    speed_kmh: int = 0
    course: int = 0
    altitude_m: int = 0
    satellites: int = 9


def imei_frame(imei: str) -> bytes:
    return len(imei).to_bytes(2, "big") + imei.encode("ascii")


def avl_packet(fixes: list[AvlFix]) -> bytes:
    """A codec 8 TCP packet with one record per fix (no IO elements) and its CRC-16/IBM."""
    body = _avl_data(fixes)
    return b"\0\0\0\0" + len(body).to_bytes(4, "big") + body + crc16_ibm(body).to_bytes(4, "big")


def udp_datagram(imei: str, fixes: list[AvlFix], packet_id: int, avl_id: int) -> bytes:
    """A codec 8 UDP datagram: header, IMEI and the AVL data (UDP carries no CRC)."""
    imei_bytes = imei.encode("ascii")
    rest = (
        packet_id.to_bytes(2, "big")
        + b"\x01"  # packet type: the device wants an acknowledgement
        + bytes([avl_id])
        + len(imei_bytes).to_bytes(2, "big")
        + imei_bytes
        + _avl_data(fixes)
    )
    return len(rest).to_bytes(2, "big") + rest


def udp_ack(packet_id: int, avl_id: int, count: int) -> bytes:
    return b"\x00\x05" + packet_id.to_bytes(2, "big") + bytes([0x01, avl_id, count])


def _avl_data(fixes: list[AvlFix]) -> bytes:
    if not 1 <= len(fixes) <= 255:
        raise ValueError("a codec 8 packet holds 1 to 255 records")
    body = bytes([0x08, len(fixes)])
    for fix in fixes:
        body += struct.pack(
            ">QBiihHBH",
            int(fix.time.timestamp() * 1000),
            0,  # priority
            round(fix.lon * 1e7),
            round(fix.lat * 1e7),
            fix.altitude_m,
            fix.course,
            fix.satellites,
            fix.speed_kmh,
        )
        body += bytes([0, 0, 0, 0, 0, 0])  # event IO id, total and per-size IO counts
    return body + bytes([len(fixes)])


def codec12_response(text: str) -> bytes:
    """A codec 12 response (type 06) carrying ``text``: the device's answer to a command."""
    payload = text.encode("ascii")
    data = bytes((0x0C, 1, 0x06)) + len(payload).to_bytes(4, "big") + payload + b"\x01"
    return b"\0\0\0\0" + len(data).to_bytes(4, "big") + data + crc16_ibm(data).to_bytes(4, "big")


def parse_codec12_command(raw: bytes) -> str | None:
    """The text of a codec 12 command frame (type 05), or None for any other bytes."""
    if len(raw) < 19 or raw[:4] != b"\0\0\0\0" or raw[8] != 0x0C or raw[10] != 0x05:
        return None
    size = int.from_bytes(raw[11:15], "big")
    return raw[15 : 15 + size].decode("ascii", "replace")


def record_count_ack(count: int) -> bytes:
    return count.to_bytes(4, "big")


class TeltonikaClient:
    """One device's connection: log in, then send fixes one packet at a time."""

    def __init__(self, imei: str, timeout_s: float = 10.0) -> None:
        self.imei = imei
        self.identifier = imei
        self._timeout = timeout_s
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._last_fix: AvlFix | None = None

    async def connect(self, host: str, port: int) -> None:
        self._reader, self._writer = await asyncio.open_connection(host, port)
        self._writer.write(imei_frame(self.imei))
        await self._writer.drain()
        answer = await asyncio.wait_for(self._reader.readexactly(1), self._timeout)
        if answer != ACCEPTED:
            raise ConnectionError(f"IMEI {self.imei} not accepted ({answer.hex()})")

    async def send(self, fixes: list[AvlFix]) -> None:
        """Send one packet and wait for its ACK (raises when none comes)."""
        assert self._reader is not None
        assert self._writer is not None
        self._writer.write(avl_packet(fixes))
        await self._writer.drain()
        self._last_fix = fixes[-1]
        ack = await asyncio.wait_for(self._reader.readexactly(4), self._timeout)
        while ack == b"\0\0\0\0":  # a codec 12 command's preamble, not a record count
            await self._answer(ack, self._last_fix)
            ack = await asyncio.wait_for(self._reader.readexactly(4), self._timeout)
        if ack != record_count_ack(len(fixes)):
            raise ConnectionError(f"unexpected ACK {ack.hex()} for {len(fixes)} records")

    async def report(self, fix: AvlFix) -> None:
        await self.send([fix])

    async def answer_command(self, fix: AvlFix, timeout_s: float | None = None) -> str:
        """Read the server's next codec 12 command and answer it as an FMB tracker does:
        ``getgps`` with the current position, anything else with ``OK``. Returns the command."""
        assert self._reader is not None
        wait = timeout_s or self._timeout
        preamble = await asyncio.wait_for(self._reader.readexactly(4), wait)
        return await self._answer(preamble, fix, wait)

    async def _answer(self, preamble: bytes, fix: AvlFix, wait: float | None = None) -> str:
        """Read the rest of a command whose first 4 bytes were read, and answer it."""
        assert self._reader is not None
        assert self._writer is not None
        wait = wait or self._timeout
        size = await asyncio.wait_for(self._reader.readexactly(4), wait)
        rest = await asyncio.wait_for(
            self._reader.readexactly(int.from_bytes(size, "big") + 4), wait
        )
        head = preamble + size
        text = parse_codec12_command(head + rest)
        if text is None:
            raise ConnectionError(f"not a codec 12 command: {(head + rest).hex()}")
        answer = (
            f"GPS:1 Sat:{fix.satellites} Lat:{fix.lat:.6f} Long:{fix.lon:.6f} "
            f"Alt:{fix.altitude_m} Speed:{fix.speed_kmh} Dir:{fix.course}"
            if text.startswith("getgps")
            else f"{text} OK"
        )
        self._writer.write(codec12_response(answer))
        await self._writer.drain()
        return text

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()
            self._writer = None
