"""The stream engine recovers from a failed batch even when a partition reader's cancellation is
swallowed by the fetch (Python 3.11's ``asyncio.wait_for`` returns a message that arrived in the
same instant instead of raising): it must neither hang on the reader nor take its message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from valvo.engine.stream_engine import StreamEngine, StreamEngineConfig
from valvo.engine.worker import StepResult


def _message(sequence: int) -> Any:
    metadata = SimpleNamespace(sequence=SimpleNamespace(stream=sequence))
    return SimpleNamespace(metadata=metadata, data=f"m{sequence}".encode())


class _SwallowingPull:
    """A pull consumer from ``start``: serves what is published; when the partition is empty
    it waits, and a cancellation that comes while it waits returns the next message (which
    'arrived in the same instant') instead of raising."""

    def __init__(self, stream: _Partition, start: int) -> None:
        self._stream = stream
        self._next = start

    async def fetch(self, batch: int, timeout: float) -> list[Any]:  # noqa: ASYNC109 (nats-py's)
        ready = [s for s in self._stream.published if s >= self._next][:batch]
        if not ready:
            try:
                await asyncio.Event().wait()  # nothing new: wait (for ever, in this fake)
            except asyncio.CancelledError:
                self._stream.swallowed += 1
                ready = [self._stream.arrive()]
        self._next = ready[-1] + 1
        return [_message(s) for s in ready]

    async def unsubscribe(self) -> None:
        return None


@dataclass
class _Partition:
    published: list[int]
    swallowed: int = 0

    def arrive(self) -> int:
        self.published.append(self.published[-1] + 1)
        return self.published[-1]


class _Js:
    def __init__(self, partition: _Partition) -> None:
        self.partition = partition
        self.starts: list[int] = []

    async def pull_subscribe(self, subject: str, stream: str, config: Any) -> _SwallowingPull:
        self.starts.append(config.opt_start_seq)
        return _SwallowingPull(self.partition, config.opt_start_seq)


@dataclass(frozen=True)
class _Frame:
    data: bytes
    entries: tuple[()] = ()


class _Layout:
    stream = "frames"

    def subject(self, partition: int) -> str:
        return f"frames.{partition}"

    def partition_of(self, device: str) -> int:
        return 0


class _Leases:
    worker_id = "w1"

    def __init__(self) -> None:
        self.committed = 0

    def beat(self, now: datetime) -> dict[int, int]:
        return {0: self.committed}

    def renew(self, now: datetime) -> None:
        return None

    def leave(self) -> None:
        return None


class _Worker:
    """Fails its first batch (a commit that did not go through), then commits."""

    def __init__(self, leases: _Leases, done: asyncio.Event, loop: asyncio.AbstractEventLoop):
        self._leases = leases
        self._done = done
        self._loop = loop
        self.batches: list[list[bytes]] = []

    def step_frames(self, frames: Sequence[Any], now: datetime, positions: Any) -> StepResult:
        self.batches.append([frame.data for frame in frames])
        if len(self.batches) == 1:
            raise RuntimeError("the database went away")
        self._leases.committed = max(positions.positions.values())
        if self._leases.committed >= 2:
            self._loop.call_soon_threadsafe(self._done.set)
        return StepResult()

    def idle_wait(self, now: datetime, longest: float) -> float:
        return longest

    def next_deadline(self) -> None:
        return None

    def own(self, partitions: set[int], partition_of: Callable[[str], int]) -> None:
        return None


async def test_a_failed_batch_is_read_again_though_the_reader_swallowed_its_cancellation() -> None:
    partition = _Partition(published=[1])
    js = _Js(partition)
    leases = _Leases()
    done = asyncio.Event()
    worker = _Worker(leases, done, asyncio.get_running_loop())
    engine = StreamEngine(
        js,  # type: ignore[arg-type]
        _Layout(),
        leases,
        worker,  # type: ignore[arg-type]
        lambda: datetime(2026, 1, 5, 12, tzinfo=UTC),
        StreamEngineConfig(beat_every_s=0.2, idle_wait_s=0.05, gather_wait_s=0.01),
        decode=lambda data: [_Frame(data)],  # type: ignore[list-item]
    )
    stop = asyncio.Event()
    running = asyncio.create_task(engine.run(stop))
    finished, _ = await asyncio.wait({asyncio.create_task(done.wait())}, timeout=8)
    stop.set()
    stopped, _ = await asyncio.wait({running}, timeout=8)
    # Without the fix the engine hangs for ever waiting for the reader to end.
    assert finished, "the engine hung on a reader that outlived its cancellation"
    assert stopped, "the engine did not stop"
    assert partition.swallowed >= 1, "the fake never swallowed a cancellation"
    # The failed batch, then everything again from the committed position, in order, once each:
    # the message the dropped reader returned was not slipped into a batch.
    assert worker.batches[0] == [b"m1"]
    assert [frame for batch in worker.batches[1:] for frame in batch] == [b"m1", b"m2"]
    assert js.starts[:2] == [1, 1]
