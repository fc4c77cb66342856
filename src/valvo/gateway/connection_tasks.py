"""The tasks serving a listener's open connections (or its datagrams in flight).

Closing an ``asyncio.Server`` stops accepting but leaves the connections it accepted running;
a handler still waiting for a keep-alive request would outlive the listener and be collected,
pending, by whichever code runs later. A listener tracks its handlers here and ends them when it
stops."""

from __future__ import annotations

import asyncio


class ConnectionTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def track(self, task: asyncio.Task[None] | None) -> None:
        """Keep ``task`` (the current handler) until it ends."""
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def end_all(self) -> None:
        """Cancel every handler still running and wait until each has ended."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
