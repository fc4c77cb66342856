"""One asyncio TCP listener per device protocol: split, decode, store durably, then ACK.

Per connection: a :class:`Session`, the protocol's splitter over a bounded buffer, and the
decoder. Frames are appended through the group-commit writer and the decoder's ACK bytes are
written only after that append resolved; a storage failure closes the connection with no ACK
(the device resends, and the resend is recognised). Every close has a logged reason; a buffer
limit, an idle timeout, a deadline for completing a started frame, a write timeout and a
connection cap keep memory bounded and hostile clients from starving the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from valvo.gateway.commands import CommandChannel
from valvo.gateway.connection_budget import ConnectionBudget, host_of
from valvo.gateway.connection_tasks import ConnectionTasks
from valvo.gateway.frame_ingest import Refusal, decode_frames, store
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.read_deadline import ReadDeadline
from valvo.gateway.stats import ListenerStats
from valvo.logging import get_logger
from valvo.protocols.base import DecodeError, Session, Splitter
from valvo.protocols.registry import ProtocolSpec

log = get_logger(__name__)

READ_CHUNK = 16 * 1024


@dataclass(frozen=True, slots=True)
class StreamLimits:
    max_buffer: int = 64 * 1024  # bytes held for an incomplete frame
    idle_timeout_s: float = 600.0  # nothing received (devices send a heartbeat well within)
    frame_timeout_s: float = 30.0  # a started frame must be complete by then (slow clients)
    write_timeout_s: float = 10.0  # a peer that does not read its ACKs
    max_connections: int = 20_000


class TcpListener:
    def __init__(
        self,
        spec: ProtocolSpec,
        writer: FrameWriter,
        clock: Callable[[], datetime],
        *,
        limits: StreamLimits | None = None,
        strict: bool = False,
        budget: ConnectionBudget | None = None,
        commands: CommandChannel | None = None,
    ) -> None:
        if spec.make_splitter is None:
            raise ValueError(f"protocol {spec.name} has no TCP stream splitter")
        self.spec = spec
        self._writer = writer
        self._clock = clock
        self._decoder = spec.make_decoder()
        self.limits = limits or StreamLimits()
        # Shared with the process's other listeners (the open-file limit is per process).
        self._budget = budget or ConnectionBudget(
            self.limits.max_connections, self.limits.max_connections
        )
        self._strict = strict
        self._commands = commands  # sends queued device commands on the open connection
        self._open = 0
        self._handlers = ConnectionTasks()
        self.stats = ListenerStats()

    @property
    def open_connections(self) -> int:
        return self._open

    async def start(
        self, host: str, port: int, backlog: int = 4096, tls: ssl.SSLContext | None = None
    ) -> asyncio.Server:
        # A deep accept queue: after an outage thousands of devices reconnect at once.
        return await asyncio.start_server(
            self._serve,
            host,
            port,
            limit=READ_CHUNK,
            backlog=backlog,
            ssl=tls,
            ssl_handshake_timeout=self.limits.frame_timeout_s if tls else None,
        )

    async def close_connections(self) -> None:
        """End every open connection (the server is stopping; closing the server does not)."""
        await self._handlers.end_all()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = _peer(writer)
        address = host_of(peer)
        refused = (
            f"connection cap of {self.limits.max_connections} reached"
            if self._open >= self.limits.max_connections
            else self._budget.admit(address)
        )
        if refused is not None:
            self.stats.rejected_connections += 1
            log.warning(
                "tcp connection refused", protocol=self.spec.name, peer=address, reason=refused
            )
            writer.close()
            return
        self._open += 1
        self.stats.connections += 1
        self._handlers.track(asyncio.current_task())
        session = Session(strict=self._strict)
        refusal = Refusal("server_stopping", "server stopping")
        try:
            refusal = await self._converse(reader, writer, session, peer)
        except asyncio.CancelledError:
            # The server is stopping; this handler is the top of its task, so end it quietly.
            pass
        except Exception as exc:  # a bug must end one connection, never the listener
            refusal = Refusal("internal_error", f"internal error: {type(exc).__name__}: {exc}")
            log.exception("tcp connection failed", protocol=self.spec.name, peer=peer)
        finally:
            self._open -= 1
            self._budget.release(address)
            if self._commands is not None and session.device:
                with contextlib.suppress(Exception):
                    await self._commands.detach(session.device, writer)
            self.stats.closes[refusal.kind] += 1
            log.info(
                "tcp connection closed",
                protocol=self.spec.name,
                peer=peer,
                device=session.device,
                reason=refusal.reason,
            )
            writer.close()

    async def _converse(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        session: Session,
        peer: str,
    ) -> Refusal:
        assert self.spec.make_splitter is not None
        splitter = self.spec.make_splitter()
        limits = self.limits
        # Room for the largest frame the protocol allows, whichever is larger.
        max_buffer = max(limits.max_buffer, int(getattr(splitter, "max_frame", 0)))
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        deadline = ReadDeadline(loop, task)
        buffer = bytearray()
        partial_since: float | None = None
        try:
            while True:
                timeout, kind = limits.idle_timeout_s, "idle_timeout"
                if partial_since is not None:
                    left = partial_since + limits.frame_timeout_s - loop.time()
                    if left < timeout:
                        timeout, kind = max(0.0, left), "frame_timeout"
                deadline.reading(loop.time() + timeout, kind)
                try:
                    data = await reader.read(READ_CHUNK)
                except asyncio.CancelledError:
                    if deadline.expired is None:
                        raise  # the server is stopping
                    task.uncancel()
                    if kind == "idle_timeout":
                        return Refusal(kind, f"idle for {limits.idle_timeout_s:g} s")
                    return Refusal(
                        kind,
                        f"frame incomplete after {limits.frame_timeout_s:g} s "
                        f"({len(buffer)} bytes held)",
                    )
                except ConnectionError as exc:
                    return Refusal("connection_error", f"connection error: {exc}")
                finally:
                    deadline.done_reading()
                refusal, handled = await self._received(
                    data, buffer, splitter, max_buffer, writer, session, peer
                )
                if refusal is not None:
                    return refusal
                if handled:
                    partial_since = None  # what is left is the start of a new frame
                if buffer and partial_since is None:
                    partial_since = loop.time()
                elif not buffer:
                    partial_since = None
        finally:
            deadline.close()

    async def _received(
        self,
        data: bytes,
        buffer: bytearray,
        splitter: Splitter,
        max_buffer: int,
        writer: asyncio.StreamWriter,
        session: Session,
        peer: str,
    ) -> tuple[Refusal | None, bool]:
        """What was read: the frames complete in ``buffer`` split off and handled. A refusal
        ends the connection; the flag tells whether frames were handled."""
        if not data:
            held = f" with {len(buffer)} bytes of an incomplete frame" if buffer else ""
            return Refusal("peer_closed", f"closed by the device{held}"), False
        buffer += data
        try:
            raws = splitter.split(buffer)
        except DecodeError as exc:
            return Refusal("bad_stream", f"not a {self.spec.name} stream: {exc}"), False
        if len(buffer) > max_buffer:
            refusal = Refusal("buffer_limit", f"over {max_buffer} bytes without a complete frame")
            return refusal, False
        if not raws:
            return None, False
        return await self._handle(raws, writer, session, peer), True

    async def _handle(
        self, raws: list[bytes], writer: asyncio.StreamWriter, session: Session, peer: str
    ) -> Refusal | None:
        batch = decode_frames(
            self._decoder,
            session,
            raws,
            protocol=self.spec.name,
            peer=peer,
            clock=self._clock,
            stats=self.stats,
        )
        try:
            acks, refusal = await store(self._writer, batch, self.stats)
        except Exception as exc:
            return Refusal(
                "storage_failure", f"not stored ({type(exc).__name__}); nothing acknowledged"
            )
        if acks:
            writer.write(b"".join(acks))
            try:
                transport = writer.transport  # drained at once when the kernel took it all
                if transport.get_write_buffer_size() or transport.is_closing():
                    async with asyncio.timeout(self.limits.write_timeout_s):
                        await writer.drain()
            except TimeoutError:
                return Refusal("write_timeout", "the device does not read its acknowledgements")
            except ConnectionError as exc:
                return Refusal("connection_error", f"connection error: {exc}")
        if self._commands is not None and session.device and refusal is None:
            # Stored: the device is known on this connection, and its answers count.
            self._commands.attach(session.device, self.spec.name, writer, session.extra)
            if batch.replies or (batch.fixes and self._commands.wants_fixes(session.device)):
                await self._commands.replied(session.device, batch.replies, batch.fixes)
        return refusal or batch.refusal


def _peer(writer: asyncio.StreamWriter) -> str:
    info = writer.get_extra_info("peername")
    if isinstance(info, tuple) and len(info) >= 2:
        return f"{info[0]}:{info[1]}"
    return "unknown"
