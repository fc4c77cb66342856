"""What every simulated TCP tracker shares: one connection, one report in flight, and a resend
when the protocol's ACK does not come in time.

A device writes a frame, then reads the server's frames (cut with the protocol's own splitter)
until the answer it waits for arrives; answers it does not wait for (a command, an earlier ACK)
are kept for :meth:`StreamConnection.next_frame` (a device answering commands reads them
there). No answer within the timeout: the same bytes go out again (the gateway recognises a
resend and stores it once), up to ``resends`` times, then :class:`TimeoutError`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from valvo.protocols.base import Splitter
from valvo.sim.teltonika_device import AvlFix

READ_CHUNK = 4096


class TrackerClient(Protocol):
    """The face a simulated tracker shows the demo and the benchmark, whatever its protocol."""

    identifier: str

    async def connect(self, host: str, port: int) -> None: ...

    async def report(self, fix: AvlFix) -> None: ...

    async def close(self) -> None: ...


@runtime_checkable
class ChattyTracker(TrackerClient, Protocol):
    """A tracker that also sends heartbeats and alarms (all but the Teltonika simulator)."""

    async def heartbeat(self) -> None: ...

    async def alarm(self, fix: AvlFix, alarm: str) -> None: ...


@runtime_checkable
class AnsweringTracker(TrackerClient, Protocol):
    """A tracker that answers the commands that reached it while it waited for its ACKs."""

    async def answer_received(self, fix: AvlFix) -> list[str]: ...


class StreamConnection:
    """A device's TCP connection: write a frame, wait for the answer it expects."""

    def __init__(
        self, make_splitter: Callable[[], Splitter], timeout_s: float = 10.0, resends: int = 2
    ) -> None:
        self._make_splitter = make_splitter
        self.timeout_s = timeout_s
        self.resends = resends
        self.resent = 0  # frames sent again because no ACK came in time (for tests and logs)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._splitter: Splitter = make_splitter()
        self._buffer = bytearray()
        self._answers: list[bytes] = []
        self.received: list[bytes] = []  # the server's frames no exchange waited for

    @property
    def connected(self) -> bool:
        return self._writer is not None

    async def open(self, host: str, port: int) -> None:
        await self.close()
        self._reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(host, port), self.timeout_s
        )
        self._splitter = self._make_splitter()
        self._buffer.clear()
        self._answers.clear()
        self.received.clear()

    async def send(self, frame: bytes) -> None:
        """Write without waiting for an answer (a message the protocol does not acknowledge)."""
        if self._writer is None:
            raise ConnectionError("not connected")
        self._writer.write(frame)
        await self._writer.drain()

    async def exchange(self, frame: bytes, expected: bytes) -> None:
        """Send ``frame`` until ``expected`` comes back (resending on timeout)."""
        for attempt in range(self.resends + 1):
            if attempt:
                self.resent += 1
            await self.send(frame)
            try:
                await asyncio.wait_for(self._answer(expected), self.timeout_s)
                return
            except TimeoutError:
                continue
        raise TimeoutError(f"no ACK {expected[:40]!r} after {self.resends + 1} sends")

    async def _answer(self, expected: bytes) -> None:
        while True:
            while self._answers:
                answer = self._answers.pop(0)
                if answer == expected:
                    return
                self.received = [*self.received[-99:], answer]
            if self._reader is None:
                raise ConnectionError("not connected")
            data = await self._reader.read(READ_CHUNK)
            if not data:
                raise ConnectionError("the server closed the connection")
            self._buffer += data
            self._answers.extend(self._splitter.split(self._buffer))

    async def next_frame(self, timeout_s: float | None = None) -> bytes:
        """The next server frame no exchange waited for (a command), reading until one comes."""

        async def read() -> bytes:
            while True:
                if self.received:
                    return self.received.pop(0)
                if self._answers:
                    self.received.append(self._answers.pop(0))
                    continue
                if self._reader is None:
                    raise ConnectionError("not connected")
                data = await self._reader.read(READ_CHUNK)
                if not data:
                    raise ConnectionError("the server closed the connection")
                self._buffer += data
                self._answers.extend(self._splitter.split(self._buffer))

        return await asyncio.wait_for(read(), timeout_s or self.timeout_s)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()
        self._reader = self._writer = None
