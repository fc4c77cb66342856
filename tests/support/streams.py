"""A private JetStream stream per test on the machine's NATS server, and frames to put on it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace

from valvo.adapters.bus.jetstream import StreamSettings
from valvo.domain.telemetry import Observation
from valvo.services.telemetry import LogEntry, RawFrame

NATS_URL = "nats://127.0.0.1:4222"


def private_stream(partitions: int = 4) -> StreamSettings:
    tag = uuid.uuid4().hex[:10]
    return StreamSettings(
        url=NATS_URL, stream=f"TEST_{tag}", prefix=f"t{tag}", partitions=partitions
    )


def frame_of(obs: Observation, raw: bytes | None = None, key: str | None = None) -> RawFrame:
    """One frame carrying one observation (as a gateway decodes it: no log position yet),
    with a resend key unique to its device and time."""
    obs = replace(obs, seq=None)
    data = raw or f"{obs.device_id}|{obs.device_time.isoformat()}|{obs.lat}|{obs.lon}".encode()
    dedup = key or f"{obs.device_id}:{obs.device_time.isoformat()}"
    return RawFrame(
        device=obs.device_id,
        protocol="osmand",
        raw=data,
        peer="127.0.0.1:5000",
        received_at=obs.received_at,
        entries=(LogEntry(obs, "osmand", data, "127.0.0.1:5000", dedup),),
        dedup_key=dedup,
    )


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout_s: float = 20.0, what: str = "condition"
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
