"""Attendance at activity places reconciled by itself (issue 7, "tied to monitoring"): every
``VALVO_PARTNERS_RECONCILE_EVERY_S`` seconds the sessions that have ended are reconciled with
the GPS record; a no-show or a mismatch raises an ``activity_attendance`` alarm through the
alarm desk's intake (and a no-show both sides agree on opens a breach on the case) in the same
transaction as the outcome; the console's live feed hears of the alarm after commit.

``AttendanceReconciler.tick(now)`` is one round, handed to the message bus as a command
(:class:`~valvo.services.partners.attendance_commands.ReconcileAttendance`), so tests drive it
step by step; ``run_attendance_reconciler`` is the loop ``valvo serve`` runs beside the alarm
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
from valvo.services.partners.attendance_commands import LOOK_BACK_DAYS, ReconcileAttendance

log = get_logger(__name__)


class AttendanceReconciler:
    """Sends the attendance round to ``handle`` (the message bus)."""

    def __init__(self, handle: Callable[[Command], Any], days: int = LOOK_BACK_DAYS) -> None:
        self._handle = handle
        self._days = days

    def tick(self, now: datetime) -> list[dict[str, Any]]:
        """Reconcile every ended session not final yet; one transaction; returns what changed."""
        changed: list[dict[str, Any]] = self._handle(
            ReconcileAttendance(actor=SYSTEM, at=now, days=self._days)
        )
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
