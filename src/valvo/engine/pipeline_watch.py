"""The pipeline's health watched from the engine process every ``period_s`` (30 s), for the
operations log even while no console is open: a warning when the data starts falling behind
(domain/pipeline_health.py) and again every round it stays behind, a line when it keeps up
again. The desk's console shows the same judgement (GET /api/desk/health)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from valvo.domain.pipeline_health import HealthBounds, PipelineHealth, PipelineSnapshot, assess
from valvo.engine.timers import sleep_or_stop
from valvo.logging import get_logger

log = get_logger(__name__)


def watch_round(
    read: Callable[[datetime], PipelineSnapshot],
    bounds: HealthBounds,
    now: datetime,
    was_behind: bool,
) -> PipelineHealth:
    """One look at ``now``: logged when behind, and when it recovers."""
    health = assess(read(now), now, bounds)
    if health.behind:
        log.warning(
            "data pipeline falling behind",
            reasons=[r.value for r in health.reasons],
            lag_s=None if health.lag is None else health.lag.total_seconds(),
            last_frame_at=None
            if health.last_frame_at is None
            else health.last_frame_at.isoformat(),
        )
    elif was_behind:
        log.info("data pipeline keeping up again")
    return health


async def run_pipeline_watch(
    read: Callable[[datetime], PipelineSnapshot],
    bounds: HealthBounds,
    period_s: float,
    clock: Callable[[], datetime],
    stop: asyncio.Event | None = None,
) -> None:
    """A look every ``period_s`` seconds until ``stop``; a failing look is logged, never fatal."""
    stop = stop or asyncio.Event()
    behind = False
    while not stop.is_set():
        try:
            health = await asyncio.to_thread(watch_round, read, bounds, clock(), behind)
            behind = health.behind
        except Exception:
            log.exception("pipeline health check failed; retrying next round")
        await sleep_or_stop(stop, period_s)
