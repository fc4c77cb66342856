"""Group commit: many connections' observations go to the durable log in one transaction.

``append`` returns only after the batch holding its entries is committed; if the commit fails
every waiter gets the error, and no device is acknowledged.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence

from valvo.adapters.db.observation_log import LogEntry, SqlObservationLog
from valvo.logging import get_logger

log = get_logger(__name__)


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
        self._pending: deque[tuple[Sequence[LogEntry], asyncio.Future[list[int | None]]]] = deque()
        self._wake = asyncio.Event()
        self._appended = 0

    @property
    def appended(self) -> int:
        return self._appended

    async def append(self, entries: Sequence[LogEntry]) -> list[int | None]:
        future: asyncio.Future[list[int | None]] = asyncio.get_running_loop().create_future()
        self._pending.append((entries, future))
        self._wake.set()
        return await future

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                await self._flush()

    async def _flush(self) -> None:
        taken: list[tuple[Sequence[LogEntry], asyncio.Future[list[int | None]]]] = []
        count = 0
        while self._pending and (not taken or count + len(self._pending[0][0]) <= self._max_batch):
            item = self._pending.popleft()
            taken.append(item)
            count += len(item[0])
        flat = [e for entries, _ in taken for e in entries]
        try:
            seqs = await asyncio.to_thread(self._store.append, flat)
        except Exception as exc:
            log.error("observation log append failed", entries=len(flat), error=str(exc))
            for _, future in taken:
                if not future.done():
                    future.set_exception(exc)
            return
        self._appended += sum(1 for s in seqs if s is not None)
        if self._on_commit is not None:
            self._on_commit()
        offset = 0
        for entries, future in taken:
            if not future.done():
                future.set_result(seqs[offset : offset + len(entries)])
            offset += len(entries)
