"""Running Valvo's processes in one event loop: gateway, engine, API and (for the demo) the
simulated fleet. ``valvo serve`` and ``valvo demo`` use this; each part can run alone."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import ssl
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import uvicorn
from nats.js.client import JetStreamContext

from valvo.adapters.bus.jetstream import bundle_messages, connect, encode_frame, ensure_stream
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.adapters.db.acting_repo import SqlCommandStore
from valvo.bootstrap import Valvo
from valvo.cli.api_protocol import HEADER_TIMEOUT_S, guarded_h11
from valvo.cli.process_tuning import freeze_started, loop_name
from valvo.gateway.commands import CommandChannel
from valvo.gateway.connection_budget import ConnectionBudget, fd_budget
from valvo.gateway.http_server import HttpListener
from valvo.gateway.listeners import DeviceListeners, start_device_listeners
from valvo.gateway.log_writer import FrameWriter
from valvo.gateway.osmand import OsmAndEndpoint
from valvo.gateway.stream_writer import JetStreamFrameWriter
from valvo.logging import get_logger
from valvo.settings import Settings

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from valvo.sim.seed import SimPerson

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Parts:
    api: bool = True
    gateway: bool = True
    engine: bool = True


def connection_budget(settings: Settings) -> ConnectionBudget:
    """The process's connection budget, checked against (and after raising) the open-file
    limit: refuses to start, with what to change, when too few descriptors are allowed."""
    fits = fd_budget()
    total = min(settings.max_connections or fits, fits)
    if settings.max_connections and settings.max_connections > fits:
        log.warning("max_connections lowered to fit the open-file limit", connections=total)
    return ConnectionBudget(total, settings.max_connections_per_address)


def api_config(
    app: ASGIApp, settings: Settings, budget: ConnectionBudget | None = None
) -> uvicorn.Config:
    """The API server's configuration. Forwarded headers are believed only from the configured
    proxies (uvicorn's default believes 127.0.0.1, so anyone on the host could rotate
    X-Forwarded-For past the login rate limit and forge the audit peer). Each connection takes
    a place in ``budget`` and must send its request head within a deadline."""
    budget = budget or connection_budget(settings)
    config = uvicorn.Config(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_level="warning",
        lifespan="off",
        ssl_certfile=settings.tls_cert_file,
        ssl_keyfile=settings.tls_key_file,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(settings.trusted_proxies) or "",
        http=guarded_h11(budget, HEADER_TIMEOUT_S),
        timeout_keep_alive=5,
    )
    config.load()
    if config.ssl is not None:
        config.ssl.minimum_version = ssl.TLSVersion.TLSv1_2
    return config


async def run_until_signalled(valvo: Valvo, parts: Parts) -> None:
    """``valvo serve``: run until SIGTERM or SIGINT, then stop cleanly (an engine worker lets go
    of its partitions at once, so the others need not wait for its lease to run out)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    started = asyncio.Event()

    async def freeze_once_started() -> None:
        await started.wait()
        freeze_started()
        log.info("started", event_loop=loop_name(valvo.settings.event_loop))

    freezing = asyncio.create_task(freeze_once_started())
    try:
        await run(valvo, parts, ready=started, stop=stop)
    finally:
        freezing.cancel()


async def run(
    valvo: Valvo,
    parts: Parts,
    *,
    fleet: list[SimPerson] | None = None,
    ready: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
    fleet_tls: ssl.SSLContext | None = None,
) -> None:
    loop = asyncio.get_running_loop()
    valvo.feed.bind(loop)
    settings = valvo.settings
    wake = asyncio.Event()
    tasks: list[asyncio.Task[Any]] = []

    def spawn(coro: Coroutine[Any, Any, Any], name: str) -> None:
        tasks.append(asyncio.create_task(coro, name=name))

    servers: list[asyncio.Server] = []
    budget = connection_budget(settings)  # every listener's connections, below the fd limit
    gateway_url = None
    devices = DeviceListeners()
    osmand: HttpListener | None = None
    nc = None
    if settings.log_backend == "jetstream" or settings.live_feed == "nats":
        nc = await connect(settings.nats_url, name=f"valvo-{valvo.worker_id}")
    if isinstance(valvo.feed, NatsFeed) and nc is not None:
        await valvo.feed.start(nc)
    js: JetStreamContext | None = None  # the JetStream log, if it is the log
    if nc is not None and settings.log_backend == "jetstream" and (parts.gateway or parts.engine):
        js = nc.jetstream()
        await ensure_stream(js, valvo.stream)
    if parts.gateway:
        writer: FrameWriter
        if js is not None:
            writer = JetStreamFrameWriter(
                js,
                valvo.stream,
                encode=encode_frame,
                bundle=bundle_messages,
                max_frames=settings.log_bundle_frames,
            )
        else:
            writer = valvo.log_writer(on_commit=wake.set)
        spawn(writer.run(), "log-writer")
        if settings.osmand_port is not None:
            endpoint = OsmAndEndpoint(writer, valvo.clock, settings.osmand_speed_unit)
            http_tls = valvo.device_http_tls()
            osmand = HttpListener(endpoint, budget=budget)
            server = await osmand.start(settings.gateway_host, settings.osmand_port, tls=http_tls)
            servers.append(server)
            port = server.sockets[0].getsockname()[1]
            scheme = "https" if http_tls else "http"
            gateway_url = f"{scheme}://{settings.gateway_host}:{port}"
            log.info("gateway listening", protocol="osmand", url=gateway_url)
        # Device commands (issue 20 item 5) go out on the TCP connections they arrive on.
        commands = CommandChannel(SqlCommandStore(valvo.db), valvo.clock)
        spawn(commands.run(), "device-commands")
        # TCP/UDP per protocol and the Valvo device protocol (HTTP, MQTT), as configured.
        devices = await start_device_listeners(
            settings,
            writer,
            valvo.clock,
            valvo.device_credential,
            budget,
            tls=valvo.tls_context(),
            http_tls=valvo.device_http_tls(),
            commands=commands,
        )
        if osmand is not None:
            devices.http["osmand"] = osmand  # its connections end with the others'
        for name, background in devices.background:
            spawn(background, name)
    if parts.engine:
        for name, work in await valvo.engine_tasks(js, wake, stop):
            spawn(work, name)
    api_server = None
    if parts.api:
        from valvo.web.app import create_app  # only the API process pays for the web app

        api_server = uvicorn.Server(api_config(create_app(valvo), settings, budget))
        spawn(api_server.serve(), "api")
        # uvicorn exposes readiness only as a flag.
        while not api_server.started:
            if tasks[-1].done():
                raise RuntimeError(f"API did not start on {settings.api_host}:{settings.api_port}")
            await asyncio.sleep(0.05)
    if fleet and gateway_url:
        from valvo.sim.fleet import run_fleet

        verify: ssl.SSLContext | bool = fleet_tls or True
        spawn(run_fleet(gateway_url, fleet, stop=stop, verify=verify), "simulator")
    if fleet and any(a.startswith("tcp:") or a == "valvo:http" for a in devices.addresses):
        # The mixed fleet: TCP trackers and RF home units beside the OsmAnd phones.
        from valvo.sim.mixed import run_mixed_fleet

        mixed = run_mixed_fleet(
            valvo, fleet, devices.addresses, stop=stop, verify=fleet_tls or True
        )
        spawn(mixed, "device-simulator")
    if ready is not None:
        ready.set()
    try:
        waiter = asyncio.create_task((stop or asyncio.Event()).wait())
        done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not waiter and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
    finally:
        if api_server is not None:
            api_server.should_exit = True
        for server in servers:
            server.close()
        await devices.aclose()
        for task in tasks:
            if task.get_name() != "api":
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if nc is not None:
            with contextlib.suppress(Exception):
                await nc.drain()
