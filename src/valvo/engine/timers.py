"""Each subject's next deadline in a heap, so time-driven breaches fire on time without a
periodic scan of everyone."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
from datetime import datetime


class DeadlineQueue:
    def __init__(self) -> None:
        self._heap: list[tuple[datetime, str]] = []
        self._due: dict[str, datetime] = {}

    def schedule(self, subject_id: str, at: datetime | None) -> None:
        """Set (or clear, with None) the subject's next deadline; the old one is superseded."""
        if at is None:
            self._due.pop(subject_id, None)
            return
        if self._due.get(subject_id) == at:
            return
        self._due[subject_id] = at
        heapq.heappush(self._heap, (at, subject_id))

    def pop_due(self, now: datetime, limit: int | None = None) -> list[str]:
        """Subjects whose deadline is at or before ``now`` (each once, earliest first, at most
        ``limit``; the rest stay due for the next call)."""
        due: list[str] = []
        while self._heap and self._heap[0][0] <= now and (limit is None or len(due) < limit):
            at, subject_id = heapq.heappop(self._heap)
            if self._due.get(subject_id) == at:
                del self._due[subject_id]
                due.append(subject_id)
        return due

    def next_deadline(self) -> datetime | None:
        while self._heap and self._due.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def __len__(self) -> int:
        return len(self._due)


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if ``stop`` is set meanwhile (the background loops' pause)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
