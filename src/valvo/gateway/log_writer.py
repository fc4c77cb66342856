"""Group commit: many connections' observations go to the durable log in one transaction.

``append`` (loose observations) and ``append_frames`` (raw frames with their observations and
provenance) return only after the batch holding them is committed; if the commit fails every
waiter gets the error, and no device is acknowledged.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from valvo.adapters.db.observation_log import LogEntry, SqlObservationLog
from valvo.adapters.db.provenance import FrameOutcome, RawFrame
from valvo.logging import get_logger

log = get_logger(__name__)

_Stored = tuple[list[int | None], list[FrameOutcome]]


@dataclass(slots=True)
class _Request:
    entries: Sequence[LogEntry]
    frames: Sequence[RawFrame]
    future: asyncio.Future[_Stored]

    @property
    def size(self) -> int:
        return len(self.entries) + sum(max(1, len(f.entries)) for f in self.frames)


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
        self._appended = 0

    @property
    def appended(self) -> int:
        return self._appended

    async def append(self, entries: Sequence[LogEntry]) -> list[int | None]:
        """Each entry's log position once committed, or None for a resend already stored."""
        return (await self._submit(entries, ()))[0]

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        """Each frame's outcome (stored, resend or refused) once committed."""
        return (await self._submit((), frames))[1]

    async def _submit(self, entries: Sequence[LogEntry], frames: Sequence[RawFrame]) -> _Stored:
        future: asyncio.Future[_Stored] = asyncio.get_running_loop().create_future()
        self._pending.append(_Request(entries, frames, future))
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
        entries = [e for r in taken for e in r.entries]
        frames = [f for r in taken for f in r.frames]
        try:
            seqs, outcomes = await asyncio.to_thread(self._store.append_all, entries, frames)
        except Exception as exc:
            log.error("observation log append failed", entries=count, error=str(exc))
            for request in taken:
                if not request.future.done():
                    request.future.set_exception(exc)
            return
        self._appended += sum(1 for s in seqs if s is not None)
        self._appended += sum(1 for o in outcomes for s in o.observation_seqs if s is not None)
        if self._on_commit is not None:
            self._on_commit()
        entry_offset = frame_offset = 0
        for request in taken:
            n_entries, n_frames = len(request.entries), len(request.frames)
            if not request.future.done():
                request.future.set_result(
                    (
                        seqs[entry_offset : entry_offset + n_entries],
                        outcomes[frame_offset : frame_offset + n_frames],
                    )
                )
            entry_offset += n_entries
            frame_offset += n_frames
