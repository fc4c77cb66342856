"""One asyncio UDP listener per device protocol: one message per datagram, ACK after storage.

Each datagram is decoded on its own (UDP protocols carry the device identity in every
message), appended through the group-commit writer, and only then is the ACK datagram sent
back to the sender. A datagram that does not decode, names no device, or cannot be stored gets
no answer and a logged reason. The number of datagrams in flight is capped, so a flood is
dropped (and counted) instead of growing memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import cast

from valvo.gateway.connection_tasks import ConnectionTasks
from valvo.gateway.frame_ingest import Refusal, decode_frames, store
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.stats import ListenerStats
from valvo.logging import get_logger
from valvo.protocols.base import Session
from valvo.protocols.registry import ProtocolSpec

log = get_logger(__name__)

MAX_IN_FLIGHT = 10_000


class UdpListener(asyncio.DatagramProtocol):
    def __init__(
        self,
        spec: ProtocolSpec,
        writer: FrameWriter,
        clock: Callable[[], datetime],
        *,
        strict: bool = False,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self.spec = spec
        self._writer = writer
        self._clock = clock
        self._decoder = spec.make_decoder()
        self._strict = strict
        self._max_in_flight = max_in_flight
        self._transport: asyncio.DatagramTransport | None = None
        self._tasks = ConnectionTasks()  # datagrams being stored, then answered
        self.stats = ListenerStats()
        self.dropped = 0

    @property
    def in_flight(self) -> int:
        """Datagrams received and not yet answered (being stored)."""
        return len(self._tasks)

    async def start(self, host: str, port: int) -> asyncio.DatagramTransport:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(lambda: self, local_addr=(host, port))
        return transport

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        if len(self._tasks) >= self._max_in_flight:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                log.warning(
                    "udp datagram dropped",
                    protocol=self.spec.name,
                    reason=f"{self._max_in_flight} datagrams already in flight",
                    dropped=self.dropped,
                )
            return
        self._tasks.track(asyncio.create_task(self._handle(data, addr)))

    async def close_in_flight(self) -> None:
        """End the datagrams still being stored (the listener is stopping; unACKed, so resent)."""
        await self._tasks.end_all()

    async def _handle(self, data: bytes, addr: tuple[str | object, int]) -> None:
        peer = f"{addr[0]}:{addr[1]}"
        batch = decode_frames(
            self._decoder,
            Session(strict=self._strict),
            [data],
            protocol=self.spec.name,
            peer=peer,
            clock=self._clock,
            stats=self.stats,
        )
        try:
            acks, refusal = await store(self._writer, batch, self.stats)
        except Exception as exc:
            refusal = Refusal("storage_failure", f"not stored ({type(exc).__name__})")
            acks = []
        refusal = refusal or batch.refusal
        if acks and self._transport is not None and not self._transport.is_closing():
            self._transport.sendto(b"".join(acks), addr)
        if refusal is not None:
            self.stats.closes[refusal.kind] += 1
            log.info(
                "udp datagram refused", protocol=self.spec.name, peer=peer, reason=refusal.reason
            )
