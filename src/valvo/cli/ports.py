"""Which ports a Valvo process will listen on, by the setting that names each, and a check run
before anything starts (or is printed): a port already in use is one line naming the port and
its setting, not a raw ``OSError`` after the banner."""

from __future__ import annotations

import errno
import socket
from contextlib import ExitStack
from dataclasses import dataclass

from valvo.settings import Settings


@dataclass(frozen=True, slots=True)
class Listener:
    setting: str  # e.g. "VALVO_TCP_PORTS (teltonika)"
    host: str
    port: int
    udp: bool = False


def listeners(settings: Settings, *, api: bool = True, gateway: bool = True) -> list[Listener]:
    """Every listening port the settings configure (port 0, "any free port", is left out)."""
    found: list[Listener] = []
    if api:
        found.append(Listener("VALVO_API_PORT", settings.api_host, settings.api_port))
    if gateway:
        host = settings.gateway_host
        if settings.osmand_port is not None:
            found.append(Listener("VALVO_OSMAND_PORT", host, settings.osmand_port))
        for name, port in sorted(settings.tcp_ports.items()):
            found.append(Listener(f"VALVO_TCP_PORTS ({name})", host, port))
        for name, port in sorted(settings.udp_ports.items()):
            found.append(Listener(f"VALVO_UDP_PORTS ({name})", host, port, udp=True))
        if settings.valvo_http_port is not None:
            found.append(Listener("VALVO_VALVO_HTTP_PORT", host, settings.valvo_http_port))
    return [item for item in found if item.port != 0]


def first_unavailable(wanted: list[Listener]) -> str | None:
    """The one line to print when a port cannot be listened on (in use, by another process or
    by an earlier setting here, or not allowed), else None. Each port is bound and released;
    asyncio's listeners bind with SO_REUSEADDR, and so does this check."""
    with ExitStack() as held:
        for item in wanted:
            family = socket.AF_INET6 if ":" in item.host else socket.AF_INET
            kind = socket.SOCK_DGRAM if item.udp else socket.SOCK_STREAM
            sock = held.enter_context(socket.socket(family, kind))
            if not item.udp:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((item.host, item.port))
                if not item.udp:
                    sock.listen()
            except OSError as exc:
                transport = "UDP" if item.udp else "TCP"
                reason = "is in use" if _in_use(exc) else f"cannot be used ({exc.strerror or exc})"
                return (
                    f"{transport} port {item.port} on {item.host} {reason}: "
                    f"set {item.setting} to a free port, or stop what listens there"
                )
    return None


def _in_use(exc: OSError) -> bool:
    return exc.errno == errno.EADDRINUSE
