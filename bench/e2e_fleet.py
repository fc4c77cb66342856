"""The Teltonika fleet of the end-to-end benchmark, run in its own process.

Each device logs in with its IMEI and sends codec 8 AVL packets of several records, waiting for
the record-count ACK before the next packet (as real devices do). Two modes:

* ``burst``: every device sends its share of ``fixes`` as fast as the gateway ACKs;
* ``paced``: packets are offered at ``rate`` fixes/s for ``seconds`` to whichever device is
  idle; a share of packets (``breach_share``) are sent from inside the exclusion zone, each by a
  device that has not breached before, and the monotonic time the packet was written is kept per
  device (CLOCK_MONOTONIC is machine-wide, so the parent can compare its own stamps with it).

Fix times are the wall clock, strictly increasing per device (1 ms apart within a packet), so no
two packets are alike (the gateway recognises a repeated packet as a resend).
"""

from __future__ import annotations

import asyncio
import random
import resource
import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from valvo.sim.teltonika_device import AvlFix, TeltonikaClient

IMEI = "35{:013d}"


@dataclass(frozen=True)
class FleetSpec:
    port: int
    devices: list[int]  # device numbers (IMEI.format(i))
    records: int  # records per packet
    home: tuple[float, float]  # lon, lat
    zone: tuple[float, float]  # a point inside the exclusion zone
    fixes: int = 0  # burst: in all
    rate: float = 0.0  # paced: fixes/s offered
    seconds: float = 0.0
    breach_share: float = 0.0
    seed: int = 1


@dataclass
class _Device:
    number: int
    client: TeltonikaClient
    last_ms: int = 0

    def packet(self, at: tuple[float, float], records: int) -> list[AvlFix]:
        now_ms = int(time.time() * 1000)
        first = max(now_ms - records + 1, self.last_ms + 1)
        self.last_ms = first + records - 1
        lon, lat = at
        return [
            AvlFix(datetime.fromtimestamp((first + k) / 1000, UTC), lat, lon, 0)
            for k in range(records)
        ]


@dataclass
class _Tally:
    acked: int = 0
    first_ack: float | None = None
    last_ack: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def ack(self, sent: float, fixes: int) -> None:
        done = time.monotonic()
        self.acked += fixes
        self.first_ack = done if self.first_ack is None else self.first_ack
        self.last_ack = done
        self.latencies.append(done - sent)


def run_fleet(spec: FleetSpec, out: Any) -> None:
    """Process entry: connect, drive, and send the result dict down the pipe ``out``."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        out.send(asyncio.run(_fleet(spec)))
    except Exception as exc:  # the parent reports it
        out.send({"error": f"{type(exc).__name__}: {exc}"})


async def _connect(spec: FleetSpec) -> list[_Device]:
    slots = asyncio.Semaphore(200)

    async def one(i: int) -> _Device:
        client = TeltonikaClient(IMEI.format(i), timeout_s=60)
        async with slots:
            await client.connect("127.0.0.1", spec.port)
        return _Device(i, client)

    return list(await asyncio.gather(*(one(i) for i in spec.devices)))


async def _fleet(spec: FleetSpec) -> dict[str, Any]:
    devices = await _connect(spec)
    tally = _Tally()
    began = time.monotonic()
    cpu_began = time.process_time()
    try:
        if spec.rate > 0:
            breaches, offered = await _paced(spec, devices, tally)
        else:
            await _burst(spec, devices, tally)
            breaches, offered = {}, spec.fixes
    finally:
        await asyncio.gather(*(d.client.close() for d in devices), return_exceptions=True)
    lat = sorted(tally.latencies)
    return {
        "devices": len(devices),
        "offered_fixes": offered,
        "acked_fixes": tally.acked,
        "began": began,
        "first_ack": tally.first_ack,
        "last_ack": tally.last_ack,
        "ack_p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
        "ack_p99_ms": round(1000 * lat[int(0.99 * (len(lat) - 1))], 1) if lat else None,
        "failures": tally.failures[:10],
        "failure_count": len(tally.failures),
        "breaches": breaches,  # IMEI -> monotonic time the breaching packet was written
        # The load generator's own CPU from the first packet to the last ACK, apart from the
        # system's (the gateway, engine and PostgreSQL are measured by the parent).
        "cpu_s": time.process_time() - cpu_began,
    }


async def _send(spec: FleetSpec, device: _Device, at: tuple[float, float], tally: _Tally) -> float:
    fixes = device.packet(at, spec.records)
    sent = time.monotonic()
    try:
        await device.client.send(fixes)
    except (OSError, TimeoutError, ConnectionError, asyncio.IncompleteReadError) as exc:
        tally.failures.append(f"{IMEI.format(device.number)}: {type(exc).__name__}: {exc}")
        return sent
    tally.ack(sent, len(fixes))
    return sent


async def _burst(spec: FleetSpec, devices: list[_Device], tally: _Tally) -> None:
    packets = -(-spec.fixes // spec.records)
    share = [packets // len(devices) + (k < packets % len(devices)) for k in range(len(devices))]

    async def one(device: _Device, n: int) -> None:
        for _ in range(n):
            await _send(spec, device, spec.home, tally)

    await asyncio.gather(*(one(d, n) for d, n in zip(devices, share, strict=True)))


async def _paced(
    spec: FleetSpec, devices: list[_Device], tally: _Tally
) -> tuple[dict[str, float], int]:
    rng = random.Random(spec.seed)
    idle = deque(devices)
    rng.shuffle(idle)
    breached: dict[str, float] = {}
    pending: set[asyncio.Task[None]] = set()
    offered = skipped = 0
    began = time.monotonic()

    async def one(device: _Device, breach: bool) -> None:
        sent = await _send(spec, device, spec.zone if breach else spec.home, tally)
        if breach:
            breached[IMEI.format(device.number)] = sent
        idle.append(device)

    while (elapsed := time.monotonic() - began) < spec.seconds:
        owed = int(elapsed * spec.rate / spec.records) - offered
        for _ in range(owed):
            offered += 1
            if not idle:
                skipped += 1  # no device free: the offered rate is not met (counted, not caught up)
                continue
            device = idle.popleft()
            # A device is not idle while its packet is out, so ``breached`` is up to date.
            breach = IMEI.format(device.number) not in breached
            breach = breach and rng.random() < spec.breach_share
            task = asyncio.create_task(one(device, breach))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.sleep(0.002)
    await asyncio.gather(*pending)
    return breached, (offered - skipped) * spec.records
