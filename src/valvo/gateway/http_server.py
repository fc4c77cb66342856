"""A small, strict HTTP/1.1 listener for device protocols spoken over HTTP (OsmAnd).

Devices send one short request per report; this listener reads only what such a device sends
(request line, headers, a Content-Length body), with hard limits on each, an idle timeout
between requests, a deadline for a started request (slow headers), a connection cap and a
place in the process's connection budget (total and per address), so a hostile client can
neither exhaust memory or descriptors nor starve others. The 200 answer is written only after
the observations are in the durable log.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from valvo.gateway.connection_budget import ConnectionBudget, host_of
from valvo.gateway.connection_tasks import ConnectionTasks
from valvo.logging import get_logger

log = get_logger(__name__)

MAX_REQUEST_LINE = 8 * 1024
MAX_HEADERS = 64
MAX_BODY = 64 * 1024
IDLE_TIMEOUT_S = 30.0  # waiting for the first byte of a request
REQUEST_TIMEOUT_S = 10.0  # from its first byte to its last (request line, headers, body)


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    peer: str


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    body: bytes = b""

    def encode(self, keep_alive: bool) -> bytes:
        reason = _REASONS.get(self.status, "Error")
        head = (
            f"HTTP/1.1 {self.status} {reason}\r\n"
            f"Content-Length: {len(self.body)}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        )
        return head.encode() + self.body


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    411: "Length Required",
    413: "Payload Too Large",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}

Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]


class BadRequest(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class HttpListener:
    def __init__(
        self,
        handler: Handler,
        *,
        max_connections: int = 10_000,
        budget: ConnectionBudget | None = None,
        request_timeout_s: float = REQUEST_TIMEOUT_S,
        idle_timeout_s: float = IDLE_TIMEOUT_S,
    ) -> None:
        self._handler = handler
        self._max_connections = max_connections
        self._budget = budget or ConnectionBudget(max_connections, max_connections)
        self._request_timeout_s = request_timeout_s
        self._idle_timeout_s = idle_timeout_s
        self._open = 0
        self._handlers = ConnectionTasks()
        self.rejected_connections = 0

    @property
    def open_connections(self) -> int:
        return self._open

    async def start(
        self, host: str, port: int, tls: ssl.SSLContext | None = None
    ) -> asyncio.Server:
        return await asyncio.start_server(
            self._serve,
            host,
            port,
            limit=MAX_REQUEST_LINE,
            ssl=tls,
            ssl_handshake_timeout=self._request_timeout_s if tls else None,
        )

    async def close_connections(self) -> None:
        """End every open connection, idle keep-alives included (closing the server does not)."""
        await self._handlers.end_all()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = _peer(writer)
        address = host_of(peer)
        refused = (
            f"connection cap of {self._max_connections} reached"
            if self._open >= self._max_connections
            else self._budget.admit(address)
        )
        if refused is not None:
            self.rejected_connections += 1
            log.warning("http connection refused", peer=address, reason=refused)
            writer.close()
            return
        self._open += 1
        self._handlers.track(asyncio.current_task())
        try:
            while True:
                try:
                    first = await asyncio.wait_for(reader.read(1), self._idle_timeout_s)
                    if not first:
                        return
                    request = await asyncio.wait_for(
                        _read_request(reader, peer, first), self._request_timeout_s
                    )
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                    return
                except BadRequest as exc:
                    log.info("http request refused", peer=peer, reason=str(exc))
                    writer.write(HttpResponse(exc.status, str(exc).encode()).encode(False))
                    await writer.drain()
                    return
                response = await self._handler(request)
                keep_alive = request.headers.get("connection", "").lower() != "close"
                writer.write(response.encode(keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.CancelledError):
            return  # the peer went, or the listener is stopping: this task's top, end quietly
        finally:
            self._open -= 1
            self._budget.release(address)
            writer.close()


async def _read_request(reader: asyncio.StreamReader, peer: str, first: bytes) -> HttpRequest:
    """The request whose first byte (``first``) was already read."""
    try:
        line = first + await reader.readuntil(b"\r\n")
    except asyncio.IncompleteReadError as exc:
        raise BadRequest(400, "incomplete request line") from exc
    except asyncio.LimitOverrunError as exc:
        raise BadRequest(431, "request line too long") from exc
    parts = line.decode("latin-1").rstrip("\r\n").split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(400, "malformed request line")
    method, target, _ = parts
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS + 1):
        try:
            raw = await reader.readuntil(b"\r\n")
        except asyncio.LimitOverrunError as exc:
            raise BadRequest(431, "header line too long") from exc
        if raw == b"\r\n":
            break
        name, sep, value = raw.decode("latin-1").partition(":")
        if not sep:
            raise BadRequest(400, "malformed header line")
        headers[name.strip().lower()] = value.strip()
    else:
        raise BadRequest(431, "too many headers")
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise BadRequest(411, "chunked bodies are not accepted; send Content-Length")
    length_text = headers.get("content-length", "0")
    if not length_text.isdigit():
        raise BadRequest(400, "Content-Length is not a number")
    length = int(length_text)
    if length > MAX_BODY:
        raise BadRequest(413, f"body over {MAX_BODY} bytes")
    body = await reader.readexactly(length) if length else b""
    return HttpRequest(method.upper(), target, headers, body, peer)


def _peer(writer: asyncio.StreamWriter) -> str:
    info = writer.get_extra_info("peername")
    if isinstance(info, tuple) and len(info) >= 2:
        return f"{info[0]}:{info[1]}"
    return "unknown"
