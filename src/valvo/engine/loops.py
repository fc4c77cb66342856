"""The engine's loops on the database log: the worker stepped whenever the gateway's group
commit wakes it (or a deadline is due), and the hourly upkeep of the position partitions."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime

from valvo.cancellation import reraise_if_cancelling
from valvo.engine.timers import sleep_or_stop
from valvo.engine.worker import EngineWorker
from valvo.logging import get_logger

log = get_logger(__name__)
PARTITION_UPKEEP_EVERY_S = 3600.0


async def run_engine_loop(
    worker: EngineWorker, clock: Callable[[], datetime], wake: asyncio.Event, idle_s: float
) -> None:
    """Step the worker; when a step found nothing, wait for ``wake`` or the next deadline."""
    while True:
        try:
            result = await asyncio.to_thread(worker.step, clock())
        except Exception:
            log.exception("engine step failed; retrying")
            await asyncio.sleep(1.0)
            continue
        if result.observations:
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), worker.idle_wait(clock(), idle_s))
        reraise_if_cancelling()  # wait_for returns, not raises, when woken as it was cancelled
        wake.clear()


async def run_partition_upkeep(
    maintain: Callable[[datetime], object],
    clock: Callable[[], datetime],
    stop: asyncio.Event | None,
) -> None:
    """Hourly: PostgreSQL's daily position partitions exist a week ahead (no-op on SQLite)."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            await asyncio.to_thread(maintain, clock())
        except Exception as exc:
            log.warning("position partition upkeep failed; retrying in an hour", error=str(exc))
        await sleep_or_stop(stop, PARTITION_UPKEEP_EVERY_S)
