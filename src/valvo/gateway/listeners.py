"""Start the device listeners the settings ask for: TCP and UDP per protocol, and the Valvo
device protocol over HTTP and MQTT. A protocol with no port configured does not start."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.gateway.commands import CommandChannel
from valvo.gateway.connection_budget import ConnectionBudget
from valvo.gateway.http_server import HttpListener
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.tcp_server import TcpListener
from valvo.gateway.udp_server import UdpListener
from valvo.gateway.valvo_http import PATH, ValvoHttpEndpoint
from valvo.gateway.valvo_ingest import ValvoIngest
from valvo.gateway.valvo_keys import DeviceKeyCache
from valvo.gateway.valvo_mqtt import BrokerAddress, ValvoMqttSubscriber
from valvo.logging import get_logger
from valvo.protocols.registry import get_protocol
from valvo.services.device_credentials import StoredCredential, master_key
from valvo.settings import Settings

log = get_logger(__name__)


@dataclass
class DeviceListeners:
    servers: list[asyncio.Server] = field(default_factory=list)
    transports: list[asyncio.DatagramTransport] = field(default_factory=list)
    # Long-running work the caller runs as tasks (the MQTT subscriber).
    background: list[tuple[str, Coroutine[Any, Any, None]]] = field(default_factory=list)
    tcp: dict[str, TcpListener] = field(default_factory=dict)
    udp: dict[str, UdpListener] = field(default_factory=dict)
    http: dict[str, HttpListener] = field(default_factory=dict)
    valvo: ValvoIngest | None = None
    # Where each listener is, e.g. {"tcp:teltonika": "127.0.0.1:5027", "valvo:http": "http://..."}
    addresses: dict[str, str] = field(default_factory=dict)
    tls: set[str] = field(default_factory=set)  # the listeners above that speak TLS

    def close(self) -> None:
        for server in self.servers:
            server.close()
        for transport in self.transports:
            transport.close()

    async def aclose(self) -> None:
        """Close the listeners and end what they still serve: open TCP and HTTP connections
        (idle keep-alives included) and datagrams in flight."""
        self.close()
        await asyncio.gather(
            *(tcp.close_connections() for tcp in self.tcp.values()),
            *(http.close_connections() for http in self.http.values()),
            *(udp.close_in_flight() for udp in self.udp.values()),
        )


def device_master_key(settings: Settings) -> bytes:
    secret = settings.device_key_secret.get_secret_value() or settings.secret_key.get_secret_value()
    return master_key(secret)


async def start_device_listeners(
    settings: Settings,
    writer: FrameWriter,
    clock: Callable[[], datetime],
    credentials: Callable[[str], StoredCredential | None],
    budget: ConnectionBudget | None = None,
    *,
    tls: ssl.SSLContext | None = None,
    http_tls: ssl.SSLContext | None = None,
    commands: CommandChannel | None = None,
) -> DeviceListeners:
    """Every configured device listener; their connections share ``budget`` (the process's).
    ``tls`` serves the TCP ports named in ``tcp_tls``, ``http_tls`` the Valvo HTTP endpoint
    (bootstrap's ``Valvo.tls_context`` and ``Valvo.device_http_tls``); ``commands`` sends the
    queued device commands on the TCP connections (gateway/commands.py)."""
    started = DeviceListeners()
    host = settings.gateway_host
    try:
        for name, port in sorted(settings.tcp_ports.items()):
            tcp = TcpListener(
                get_protocol(name),
                writer,
                clock,
                strict=settings.gateway_strict,
                budget=budget,
                commands=commands,
            )
            port_tls = tls if name in settings.tcp_tls else None
            server = await tcp.start(host, port, tls=port_tls)
            started.servers.append(server)
            started.tcp[name] = tcp
            started.addresses[f"tcp:{name}"] = _address(server.sockets[0].getsockname())
            if port_tls is not None:
                started.tls.add(f"tcp:{name}")
        for name, port in sorted(settings.udp_ports.items()):
            udp = UdpListener(get_protocol(name), writer, clock, strict=settings.gateway_strict)
            transport = await udp.start(host, port)
            started.transports.append(transport)
            started.udp[name] = udp
            started.addresses[f"udp:{name}"] = _address(transport.get_extra_info("sockname"))
        if settings.valvo_http_port is not None or settings.mqtt_url:
            keys = DeviceKeyCache(credentials, device_master_key(settings))
            started.valvo = ValvoIngest(writer, keys, clock)
        if settings.valvo_http_port is not None and started.valvo is not None:
            http = HttpListener(ValvoHttpEndpoint(started.valvo), budget=budget)
            server = await http.start(host, settings.valvo_http_port, tls=http_tls)
            started.servers.append(server)
            started.http["valvo"] = http
            where = _address(server.sockets[0].getsockname())
            scheme = "https" if http_tls else "http"
            started.addresses["valvo:http"] = f"{scheme}://{where}{PATH}"
            if http_tls is not None:
                started.tls.add("valvo:http")
        if settings.mqtt_url and started.valvo is not None:
            subscriber = ValvoMqttSubscriber(started.valvo, BrokerAddress.parse(settings.mqtt_url))
            started.background.append(("valvo-mqtt", subscriber.run()))
            broker = BrokerAddress.parse(settings.mqtt_url)
            started.addresses["valvo:mqtt"] = f"mqtt://{broker.host}:{broker.port}"
    except BaseException:
        started.close()
        raise
    for what, where in started.addresses.items():
        log.info("gateway listening", listener=what, at=where, tls=what in started.tls)
    return started


def _address(sockname: Any) -> str:
    return f"{sockname[0]}:{sockname[1]}"
