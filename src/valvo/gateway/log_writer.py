"""Group commit: many connections' frames go to the durable log in one transaction.

``append_frames`` returns only after the batch holding its frames (their observations and
provenance) is committed; if the commit fails every waiter gets the error, and no device is
acknowledged.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from valvo.adapters.db.observation_log import SqlObservationLog
from valvo.logging import get_logger
from valvo.services.telemetry import FrameOutcome, RawFrame

log = get_logger(__name__)


class FrameWriter(Protocol):
    """Where the gateway's sessions hand decoded frames: each frame's outcome comes back only
    once the frame is durable (committed to the database log, or confirmed by JetStream)."""

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]: ...

    async def run(self) -> None: ...


@dataclass(slots=True)
class _Request:
    frames: Sequence[RawFrame]
    future: asyncio.Future[list[FrameOutcome]]

    @property
    def size(self) -> int:
        return sum(max(1, len(f.entries)) for f in self.frames)


class GroupCommitWriter:
    def __init__(
        self,
        store: SqlObservationLog,
        max_batch: int = 10_000,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._store = store
        self._on_commit = on_commit
        self._max_batch = max_batch
        self._pending: deque[_Request] = deque()
        self._wake = asyncio.Event()

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        """Each frame's outcome (stored, resend or refused) once committed."""
        future: asyncio.Future[list[FrameOutcome]] = asyncio.get_running_loop().create_future()
        self._pending.append(_Request(frames, future))
        self._wake.set()
        return await future

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                await self._flush()

    async def _flush(self) -> None:
        taken: list[_Request] = []
        count = 0
        while self._pending and (not taken or count + self._pending[0].size <= self._max_batch):
            request = self._pending.popleft()
            taken.append(request)
            count += request.size
        frames = [f for r in taken for f in r.frames]
        try:
            outcomes = await asyncio.to_thread(self._store.append_frames, frames)
        except Exception as exc:
            log.error("observation log append failed", frames=len(frames), error=str(exc))
            for request in taken:
                if not request.future.done():
                    request.future.set_exception(exc)
            return
        if self._on_commit is not None:
            self._on_commit()
        offset = 0
        for request in taken:
            if not request.future.done():
                request.future.set_result(outcomes[offset : offset + len(request.frames)])
            offset += len(request.frames)
