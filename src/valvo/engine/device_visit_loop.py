"""Device-reported visits reaching the case by themselves (R39, R40): every
``VALVO_DEVICE_VISITS_EVERY_S`` seconds the observation log's key-fob and presence-check events
after the feed's offset become visits on the person's monitoring sentence.

``DeviceVisitCollector.tick(now)`` is one round, handed to the message bus as a command
(:class:`~valvo.services.cases.adjudication_commands.CollectDeviceVisits`), so tests drive it
step by step; ``run_device_visit_collector`` is the loop ``valvo serve`` runs beside the alarm
desk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from valvo.domain.alarms.trail import SYSTEM
from valvo.engine.timers import sleep_or_stop
from valvo.logging import get_logger
from valvo.services.bus.messages import Command
from valvo.services.cases.adjudication_commands import CollectDeviceVisits
from valvo.services.cases.device_feed import Round

log = get_logger(__name__)


class DeviceVisitCollector:
    """Sends the feed's round to ``handle`` (the message bus)."""

    def __init__(self, handle: Callable[[Command], Any]) -> None:
        self._handle = handle

    def tick(self, now: datetime) -> Round:
        """One round in one transaction: the visits recorded and the offset moved together."""
        done: Round = self._handle(CollectDeviceVisits(actor=SYSTEM, at=now))
        return done


async def run_device_visit_collector(
    collector: DeviceVisitCollector,
    period_s: float,
    clock: Callable[[], datetime],
    stop: asyncio.Event | None = None,
) -> None:
    """A round every ``period_s`` seconds until ``stop``; a failing round is logged (and
    rolled back whole), never fatal."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            done = await asyncio.to_thread(collector.tick, clock())
            if done.recorded or done.skipped:
                log.info(
                    "device visits collected",
                    recorded=len(done.recorded),
                    skipped=len(done.skipped),
                    position=done.position,
                )
        except Exception:
            log.exception("device visit round failed; retrying next round")
        await sleep_or_stop(stop, period_s)
