"""A connection's read deadline at the cost of an attribute write per read.

``asyncio.timeout`` around each read schedules and cancels a timer every time: for one-fix
frames (most of electronic monitoring's traffic) that was a tenth of the gateway's CPU. Here one
timer per connection stays armed; each read only moves the deadline. When the timer fires before
the moved deadline it re-arms itself for it; when the deadline has passed while the connection
was reading, the reading task is cancelled and :attr:`expired` names the deadline's kind. While
the connection is not reading (its frames are being stored) the deadline does not apply.
"""

from __future__ import annotations

import asyncio
import math

# A timer may run this much before its time (the event loop's clock resolution, rounded up).
_EARLY_S = 0.001


class ReadDeadline:
    def __init__(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[object]) -> None:
        self._loop = loop
        self._task = task
        self._at = math.inf
        self._kind = ""
        self._reading = False
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = math.inf
        self.expired: str | None = None  # the kind of the deadline that passed

    def reading(self, at: float, kind: str) -> None:
        """A read starts that must end by ``at`` (loop time); ``kind`` names the deadline."""
        self._at, self._kind, self._reading = at, kind, True
        if at < self._timer_at:
            self._arm(at)

    def done_reading(self) -> None:
        self._reading = False

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer, self._timer_at = None, math.inf

    def _arm(self, at: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = self._loop.call_at(at, self._fire), at

    def _fire(self) -> None:
        self._timer, self._timer_at = None, math.inf
        if not self._reading:
            return  # the next read arms it again
        if self._at - self._loop.time() > _EARLY_S:
            self._arm(self._at)  # the deadline moved on since the timer was set
            return
        self.expired = self._kind
        self._task.cancel()
