"""Attendance at activity places reconciled by itself (issue 7, "tied to monitoring"): every
``VALVO_PARTNERS_RECONCILE_EVERY_S`` seconds the sessions that have ended are reconciled with
the GPS record; a no-show or a mismatch raises an ``activity_attendance`` alarm through the
alarm desk's intake (and a no-show both sides agree on opens a breach on the case) in the same
transaction as the outcome; the console's live feed hears of the alarm after commit.

``AttendanceReconciler.tick(now)`` is one round, so tests drive it step by step;
``run_attendance_reconciler`` is the loop ``valvo serve`` runs beside the alarm desk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.alarms.trail import SYSTEM
from valvo.engine.timers import sleep_or_stop
from valvo.logging import get_logger
from valvo.services.partners.attendance import feed_events, reconcile_due
from valvo.services.ports import LiveFeed

log = get_logger(__name__)
LOOK_BACK_DAYS = 7


class AttendanceReconciler:
    def __init__(
        self,
        db: Engine,
        intake: IntakePolicy,
        feed: LiveFeed | None = None,
        days: int = LOOK_BACK_DAYS,
    ) -> None:
        self._db = db
        self._intake = intake
        self._feed = feed
        self._days = days

    def tick(self, now: datetime) -> list[dict[str, Any]]:
        """Reconcile every ended session not final yet; one transaction; returns what changed."""
        with SqlPartnersUnitOfWork(self._db, self._intake) as uow:
            changed = reconcile_due(uow, SYSTEM, now, self._days)
            uow.commit()
        if self._feed is not None:
            for event in feed_events(changed):
                self._feed.publish(event)
        return changed


async def run_attendance_reconciler(
    reconciler: AttendanceReconciler,
    period_s: float,
    clock: Callable[[], datetime],
    stop: asyncio.Event | None = None,
) -> None:
    """A round every ``period_s`` seconds until ``stop``; a failing round is logged, never
    fatal."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            changed = await asyncio.to_thread(reconciler.tick, clock())
            if changed:
                log.info("attendance reconciled", changed=len(changed))
        except Exception:
            log.exception("attendance reconciliation failed; retrying next round")
        await sleep_or_stop(stop, period_s)
