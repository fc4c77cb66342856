"""Group commit: many connections' frames go to the durable log in one transaction.

``append_frames`` returns only after the batch holding its frames (their observations and
provenance) is committed. A batch that fails is tried again frame by frame, so a frame the
database refuses is refused alone and the other devices still get their ACKs; when the database
itself fails every waiter gets the error, and no device is acknowledged.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from valvo.logging import get_logger
from valvo.services.telemetry import FrameOutcome, FrameStatus, RawFrame

log = get_logger(__name__)


class FrameWriter(Protocol):
    """Where the gateway's sessions hand decoded frames: each frame's outcome comes back only
    once the frame is durable (committed to the database log, or confirmed by JetStream)."""

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]: ...

    async def run(self) -> None: ...


class FrameStore(Protocol):
    """The database log the group commit writes to (``SqlObservationLog``, built by bootstrap):
    one transaction per call, each frame's outcome back."""

    def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]: ...


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
        store: FrameStore,
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
            log.error("observation log append failed", frames=len(frames), error=_brief(exc))
            if len(frames) > 1:
                await self._retry_one_by_one(taken, exc)
            else:
                _fail(taken, exc)
            return
        self._committed()
        offset = 0
        for request in taken:
            if not request.future.done():
                request.future.set_result(outcomes[offset : offset + len(request.frames)])
            offset += len(request.frames)

    async def _retry_one_by_one(self, taken: list[_Request], error: Exception) -> None:
        """A failed batch again, each frame in its own transaction, so a frame the database
        refuses costs only its own request: the frames before it in that request keep their
        outcomes, it and those after it are refused. While no frame at all could be stored,
        :data:`_PROBES` failures mean the database itself is failing: every request gets the
        error, as for a single failed batch."""
        results: list[list[FrameOutcome]] = []
        stored_any = False
        failures = 0
        for request in taken:
            outcomes: list[FrameOutcome] = []
            for frame in request.frames:
                try:
                    (outcome,) = await asyncio.to_thread(self._store.append_frames, [frame])
                except Exception as exc:
                    failures += 1
                    if not stored_any and failures >= _PROBES:
                        _fail(taken, exc)
                        return
                    log.warning("frame refused by the log", device=frame.device, error=_brief(exc))
                    reason = f"not storable ({type(exc).__name__})"
                    outcomes.append(FrameOutcome(FrameStatus.REFUSED, reason=reason))
                    break
                stored_any = True
                outcomes.append(outcome)
            skipped = FrameOutcome(FrameStatus.REFUSED, reason="after a frame not storable")
            outcomes += [skipped] * (len(request.frames) - len(outcomes))
            results.append(outcomes)
        if not stored_any:
            _fail(taken, error)
            return
        self._committed()
        for request, outcomes in zip(taken, results, strict=True):
            if not request.future.done():
                request.future.set_result(outcomes)

    def _committed(self) -> None:
        if self._on_commit is not None:
            self._on_commit()


# Frames tried alone before a batch failure is taken for a failing database (no frame stored).
_PROBES = 3


def _fail(requests: Sequence[_Request], exc: Exception) -> None:
    for request in requests:
        if not request.future.done():
            request.future.set_exception(exc)


def _brief(exc: Exception) -> str:
    """The error's type and first line, without the statement's parameters (device data)."""
    cause = getattr(exc, "orig", None) or exc
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    return f"{type(cause).__name__}: {first}"[:200]
