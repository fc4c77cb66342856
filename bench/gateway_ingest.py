"""End-to-end gateway ingest: N concurrent simulated TCP devices over real TCP sockets.

    .venv/bin/python bench/gateway_ingest.py [--devices 2000] [--fixes 5] [--pg URL]
    .venv/bin/python bench/gateway_ingest.py --devices 10000      # the issue's 10 000 devices
    .venv/bin/python bench/gateway_ingest.py --protocol mixed  # or gt06, h02, watch, gl200

The gateway (TCP listener per protocol, decoder, group commit with provenance, ACK after the
commit) runs in this process; the devices (the simulator's, ``--protocol`` of them, or a quarter
of each protocol with ``mixed``) run in a second process on loopback, each logging in as its
protocol requires and then sending one fix at a time, waiting for the protocol's ACK before the
next (as real devices do; a Watch report is confirmed by the answer to the LK after it).
Reported: fixes/s stored (counted in the database afterwards) and ACK latency p50
and p99 as the devices saw it. Baseline measured in the same run on the same database kind:
the raw ``SqlObservationLog.append`` rate of the same number of entries (1000 per transaction,
no network, no decoding, no provenance). Bounded by --timeout; loopback only. Figures go to
bench/results/gateway_ingest.json (gateway_ingest[_<N>][_<protocol>].json for other fleet sizes and
protocols).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from valvo.adapters.db import tables as t  # noqa: E402
from valvo.bootstrap import Valvo, build  # noqa: E402
from valvo.domain.telemetry import Observation, ObservationKind  # noqa: E402
from valvo.gateway.tcp_server import StreamLimits, TcpListener  # noqa: E402
from valvo.protocols.registry import get_protocol  # noqa: E402
from valvo.services.telemetry import LogEntry  # noqa: E402
from valvo.settings import Settings  # noqa: E402
from valvo.sim.teltonika_device import AvlFix  # noqa: E402
from valvo.sim.trackers import TRACKERS, tracker_client  # noqa: E402

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PROTOCOLS = tuple(TRACKERS)


def device_of(protocol: str, i: int) -> tuple[str, str]:
    """(protocol, identifier) of device ``i`` in a fleet of ``protocol`` (or ``mixed``)."""
    kind = PROTOCOLS[i % len(PROTOCOLS)] if protocol == "mixed" else protocol
    return kind, TRACKERS[kind].identifier(i)


def make(url: str, data_dir: Path) -> Valvo:
    valvo = build(Settings(database_url=url, data_dir=data_dir, log_level="WARNING"))
    valvo.prepare_database()
    return valvo


def register(valvo: Valvo, protocol: str, devices: int) -> None:
    rows = [
        {
            "id": str(uuid.uuid4()),
            "identifier": device_of(protocol, i)[1],
            "protocol": device_of(protocol, i)[0],
            "kind": "gps_tracker",
            "model": "bench",
            "created_at": START,
        }
        for i in range(devices)
    ]
    with valvo.db.begin() as conn:
        conn.execute(insert(t.devices), rows)


def baseline(valvo: Valvo, entries: int) -> float:
    """Entries per second through the raw log append, 1000 per transaction."""
    log = valvo.observation_log()
    batch: list[LogEntry] = []
    began = time.perf_counter()
    for i in range(entries):
        at = START + timedelta(seconds=i)
        observation = Observation(
            device_id=f"base-{i % 1000}",
            kind=ObservationKind.POSITION,
            device_time=at,
            received_at=at,
            lat=60.17,
            lon=24.94,
            valid=True,
        )
        batch.append(LogEntry(observation, "teltonika", b"raw", "127.0.0.1:1", f"b{i}"))
        if len(batch) == 1000:
            log.append(batch)
            batch = []
    if batch:
        log.append(batch)
    return entries / (time.perf_counter() - began)


def devices_process(
    ports: dict[str, int], protocol: str, devices: int, fixes: int, out: Any
) -> None:
    """The simulated fleet, in its own process and event loop."""
    resource.setrlimit(resource.RLIMIT_NOFILE, _nofile())
    out.send(asyncio.run(_fleet(ports, protocol, devices, fixes)))


async def _fleet(ports: dict[str, int], protocol: str, devices: int, fixes: int) -> dict[str, Any]:
    connect_slots = asyncio.Semaphore(500)
    ready = asyncio.Event()
    connected = 0
    latencies: list[float] = []
    failures: list[str] = []

    async def one(i: int) -> None:
        nonlocal connected
        kind, identifier = device_of(protocol, i)
        client = tracker_client(kind, identifier, timeout_s=60)
        async with connect_slots:
            try:
                await client.connect("127.0.0.1", ports[kind])
            except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
                failures.append(f"connect: {type(exc).__name__}")
                return
        connected += 1
        if connected == devices:
            ready.set()
        await ready.wait()  # all devices online, then everyone sends at once
        try:
            for n in range(fixes):
                fix = AvlFix(START + timedelta(minutes=n, seconds=i % 60), 60.17, 24.94, 5)
                sent = time.perf_counter()
                await client.report(fix)
                latencies.append(time.perf_counter() - sent)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
            failures.append(f"send: {type(exc).__name__}")
        finally:
            await client.close()

    tasks = [asyncio.create_task(one(i)) for i in range(devices)]
    await asyncio.wait_for(ready.wait(), 120)
    began = time.perf_counter()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "elapsed_s": elapsed,
        "acked": len(latencies),
        "failures": failures[:20],
        "failure_count": len(failures),
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
    }


def _nofile() -> tuple[int, int]:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return hard, hard


async def gateway_run(
    valvo: Valvo, protocol: str, devices: int, fixes: int, limit_s: float
) -> dict[str, Any]:
    writer = valvo.log_writer()
    writer_task = asyncio.create_task(writer.run())
    limits = StreamLimits(max_connections=devices + 100)
    kinds = PROTOCOLS if protocol == "mixed" else (protocol,)
    listeners = {
        kind: TcpListener(get_protocol(kind), writer, valvo.clock, limits=limits) for kind in kinds
    }
    servers = {kind: await listener.start("127.0.0.1", 0) for kind, listener in listeners.items()}
    ports = {kind: server.sockets[0].getsockname()[1] for kind, server in servers.items()}
    receive, send = mp.Pipe(duplex=False)
    fleet = mp.get_context("spawn").Process(
        target=devices_process, args=(ports, protocol, devices, fixes, send)
    )
    fleet.start()
    try:
        deadline = time.monotonic() + limit_s
        while not receive.poll():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the fleet did not finish within {limit_s} s")
            await asyncio.sleep(0.2)
        result: dict[str, Any] = receive.recv()
    finally:
        fleet.join(10)
        if fleet.is_alive():
            fleet.kill()
        for server in servers.values():
            server.close()
        writer_task.cancel()
    with valvo.db.connect() as conn:
        stored = conn.execute(
            select(func.count())
            .select_from(t.observations)
            .where(t.observations.c.kind == "position")
        ).scalar_one()
    result["stored_fixes"] = int(stored)
    result["fixes_per_s"] = stored / result["elapsed_s"]
    result["closes"] = {kind: dict(listener.stats.closes) for kind, listener in listeners.items()}
    result["integrity_warnings"] = sum(sum(x.stats.warnings.values()) for x in listeners.values())
    return result


def measure(
    kind: str, url: str, data_dir: Path, protocol: str, devices: int, fixes: int, timeout: float
) -> dict[str, Any]:
    valvo = make(url, data_dir)
    try:
        register(valvo, protocol, devices)
        gateway = asyncio.run(gateway_run(valvo, protocol, devices, fixes, timeout))
        base = baseline(valvo, devices * fixes)
    finally:
        valvo.db.dispose()
    return {
        "database": kind,
        "protocol": protocol,
        "devices": devices,
        "fixes_per_device": fixes,
        "gateway": gateway,
        "baseline_raw_append_per_s": base,
        "ratio_gateway_to_raw_append": gateway["fixes_per_s"] / base,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument(
        "--protocol", choices=(*PROTOCOLS, "mixed"), default="teltonika", help="device protocol"
    )
    parser.add_argument("--fixes", type=int, default=5, help="fixes per device")
    parser.add_argument("--pg", help="also run on this PostgreSQL database URL (fresh and empty)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before giving up")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, _nofile())
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        run = (args.protocol, args.devices, args.fixes, args.timeout)
        results.append(measure("sqlite", url, Path(tmp), *run))
        if args.pg:
            results.append(measure("postgresql", args.pg, Path(tmp), *run))
    print(
        f"{'db':<11}{'protocol':<10}{'devices':>8}{'stored':>9}{'fixes/s':>10}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'raw append/s':>14}{'ratio':>7}"
    )
    for r in results:
        g = r["gateway"]
        print(
            f"{r['database']:<11}{r['protocol']:<10}{r['devices']:>8}{g['stored_fixes']:>9}{g['fixes_per_s']:>10.0f}"
            f"{g['p50_ms']:>9.1f}{g['p99_ms']:>9.1f}{r['baseline_raw_append_per_s']:>14.0f}"
            f"{r['ratio_gateway_to_raw_append']:>7.2f}"
        )
    name = "gateway_ingest" + ("" if args.devices == 2000 else f"_{args.devices}")
    name += "" if args.protocol == "teltonika" else f"_{args.protocol}"
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"measured_at": datetime.now(UTC).isoformat(), "runs": results}, indent=2)
    )
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
