"""The in-process live feed of the embedded default: publish once, every subscriber gets it.

Each subscriber has a bounded queue; a subscriber too slow to keep up loses its oldest events
and is told so (``{"type": "overflow"}``), so one stuck browser never holds memory or others.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

QUEUE_LIMIT = 1000


class InProcessFeed:
    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[Mapping[str, Any]]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop subscribers live on; publishing from other threads is handed to it."""
        self._loop = loop

    def publish(self, event: Mapping[str, Any]) -> None:
        loop = self._loop
        if loop is not None and not _on_loop(loop):
            loop.call_soon_threadsafe(self._deliver, event)
        else:
            self._deliver(event)

    def _deliver(self, event: Mapping[str, Any]) -> None:
        for queue in list(self._subscribers):
            if queue.full():
                queue.get_nowait()
                queue.put_nowait({"type": "overflow"})
            queue.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Mapping[str, Any]]]:
        queue: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT + 1)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
