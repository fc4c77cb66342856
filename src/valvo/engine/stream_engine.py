"""An engine worker on the JetStream log: owns some partitions of the stream, reads each in
order, and hands batches to :meth:`EngineWorker.step_frames`, which archives, evaluates and
commits them with the partitions' stream positions in one database transaction.

Each owned partition has a reader: a pull consumer of that partition's subject starting just
after the position committed in the database (the position's truth is the database, not the
consumer, so a consumer can be dropped and made again at any time: after a NATS restart, a
failed commit, or a takeover). A failed commit drops every reader and the queue; the next beat
starts them again from the committed positions, so nothing is skipped and nothing stored twice.

A reader's cancellation can be swallowed: on Python 3.11 ``asyncio.wait_for`` (inside nats-py's
fetch) returns a message that arrived in the same instant instead of raising. A reader
therefore checks after every fetch whether it is being cancelled, dropping the readers waits for
them only so long, and the queue takes a message only from the partition's current reader, so a
reader that outlived its cancellation can neither hang the engine nor slip a message in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext

from valvo.cancellation import reraise_if_cancelling
from valvo.engine.timers import sleep_or_stop
from valvo.engine.worker import EngineWorker, StepResult
from valvo.logging import get_logger
from valvo.services.engine.ports import PartitionLeases, StreamLayout, StreamPositions
from valvo.services.telemetry import RawFrame

log = get_logger(__name__)

FETCH_BATCH = 1000
# A pull that finds the partition empty waits this long for the next message, and returns
# only at its end: it bounds the delay a message arriving at a quiet partition can see.
FETCH_TIMEOUT_S = 0.1
# How long dropping the readers waits for them to end before it goes on without them.
READERS_END_S = 5.0


@dataclass(frozen=True, slots=True)
class StreamEngineConfig:
    batch_size: int = 5000
    beat_every_s: float = 2.0
    idle_wait_s: float = 0.2
    gather_wait_s: float = 0.02  # after the first message, how long to wait for a fuller batch


class StreamEngine:
    def __init__(
        self,
        js: JetStreamContext,
        stream: StreamLayout,
        leases: PartitionLeases,
        worker: EngineWorker,
        clock: Callable[[], datetime],
        config: StreamEngineConfig | None = None,
        *,
        decode: Callable[[bytes], Sequence[RawFrame]],
    ) -> None:
        """``decode`` reads a stream message into its frames, in order (one, or a gateway's
        bundle of several: ``adapters/bus/jetstream``)."""
        self._js = js
        self._decode = decode
        self._stream = stream
        self._leases = leases
        self._worker = worker
        self._clock = clock
        self._config = config or StreamEngineConfig()
        self._queue: asyncio.Queue[tuple[asyncio.Task[None] | None, int, int, bytes]] = (
            asyncio.Queue(maxsize=4 * self._config.batch_size)
        )
        self._readers: dict[int, asyncio.Task[None]] = {}
        self._taken: dict[int, int] = {}  # partition -> last stream sequence put in a batch
        self._need_beat = True
        self.processed = StepResult()  # running totals (for logs and tests)

    @property
    def partitions(self) -> list[int]:
        return sorted(self._readers)

    async def run(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        next_beat = 0.0
        try:
            while not stop.is_set():
                if self._need_beat or loop.time() >= next_beat:
                    if not await self._beat():
                        await sleep_or_stop(stop, 1.0)
                        continue
                    next_beat = loop.time() + self._config.beat_every_s
                    self._need_beat = False
                frames, positions = await self._collect(next_beat - loop.time())
                if not frames and not self._deadline_due():
                    continue
                await self._step(frames, positions)
        finally:
            await self._drop_readers()
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self._leases.leave)

    async def _beat(self) -> bool:
        try:
            owned = await asyncio.to_thread(self._leases.beat, self._clock())
        except Exception as exc:
            log.warning("partition lease beat failed", error=str(exc))
            return False
        for partition in [p for p in self._readers if p not in owned]:
            self._readers.pop(partition).cancel()
            self._taken.pop(partition, None)
        self._worker.own(set(owned), self._stream.partition_of)
        for partition, position in owned.items():
            if partition not in self._readers:
                self._taken[partition] = position
                self._readers[partition] = asyncio.create_task(
                    self._read(partition, position + 1), name=f"partition-{partition}"
                )
        return True

    async def _step(self, frames: list[RawFrame], positions: dict[int, int]) -> None:
        fenced = StreamPositions(self._leases.worker_id, positions)
        renewing = asyncio.create_task(self._renew_while_working())
        try:
            result = await asyncio.to_thread(
                self._worker.step_frames, frames, self._clock(), fenced
            )
        except Exception as exc:
            log.warning(
                "engine batch failed; reading again from the committed positions",
                error=str(exc),
                frames=len(frames),
            )
            await self._drop_readers()
            await asyncio.sleep(0.5)
            return
        finally:
            renewing.cancel()
        self.processed.observations += result.observations
        self.processed.fixes += result.fixes
        self.processed.alarms += result.alarms

    async def _renew_while_working(self) -> None:
        """Keep the leases while a batch is worked (it may outlast a lease); ownership is
        changed only by the beat between batches."""
        while True:
            await asyncio.sleep(self._config.beat_every_s)
            try:
                await asyncio.to_thread(self._leases.renew, self._clock())
            except Exception as exc:
                log.warning("lease renewal failed", error=str(exc))

    async def _collect(self, wait_s: float) -> tuple[list[RawFrame], dict[int, int]]:
        """Up to a batch of frames from the owned partitions (in each partition's order), and
        the last stream sequence taken from each."""
        frames: list[RawFrame] = []
        positions: dict[int, int] = {}
        idle = self._worker.idle_wait(self._clock(), self._config.idle_wait_s)
        timeout = max(0.0, min(wait_s, idle))
        deadline = asyncio.get_running_loop().time() + timeout
        observations = 0  # the batch size counts observations: a frame may carry many
        while observations < self._config.batch_size:
            try:
                if self._queue.empty():
                    remaining = deadline - asyncio.get_running_loop().time()
                    if frames:
                        remaining = min(remaining, self._config.gather_wait_s)
                    if remaining <= 0:
                        break
                    async with asyncio.timeout(remaining):  # no task per wait (wait_for)
                        item = await self._queue.get()
                else:
                    item = self._queue.get_nowait()
            except TimeoutError:
                break
            reader, partition, sequence, data = item
            if self._readers.get(partition) is not reader:
                continue  # from a partition given up, or from a reader dropped since
            if sequence <= self._taken.get(partition, 0):
                continue  # read again after a reader restarted
            self._taken[partition] = sequence
            positions[partition] = sequence
            try:
                carried = self._decode(data)
            except ValueError as exc:
                log.error(
                    "unreadable message skipped", partition=partition, seq=sequence, error=str(exc)
                )
                continue
            frames.extend(carried)
            observations += sum(max(1, len(frame.entries)) for frame in carried)
        return frames, positions

    def _deadline_due(self) -> bool:
        deadline = self._worker.next_deadline()
        return deadline is not None and deadline <= self._clock()

    async def _read(self, partition: int, start: int) -> None:
        """Put the partition's messages on the queue in order, from stream sequence ``start``;
        a consumer lost (NATS restarted) is made again from where it stopped."""
        subject = self._stream.subject(partition)
        me = asyncio.current_task()
        while True:
            psub = None
            try:
                psub = await self._js.pull_subscribe(
                    subject,
                    stream=self._stream.stream,
                    config=ConsumerConfig(
                        deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                        opt_start_seq=start,
                        ack_policy=AckPolicy.NONE,
                        inactive_threshold=60.0,
                    ),
                )
                while True:
                    try:
                        messages = await psub.fetch(FETCH_BATCH, timeout=FETCH_TIMEOUT_S)
                    except TimeoutError:
                        continue
                    finally:
                        reraise_if_cancelling()  # a cancellation the fetch swallowed
                    for message in messages:
                        sequence = message.metadata.sequence.stream
                        await self._queue.put((me, partition, sequence, message.data))
                        start = sequence + 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                reraise_if_cancelling()  # a stop that nats-py reported as its own error
                log.warning("partition reader restarting", partition=partition, error=str(exc))
                await asyncio.sleep(0.5)
            finally:
                if psub is not None:
                    with contextlib.suppress(Exception):
                        await psub.unsubscribe()

    async def _drop_readers(self) -> None:
        readers = list(self._readers.values())
        self._readers.clear()
        self._need_beat = True  # start again from the positions committed in the database
        self._taken.clear()
        for task in readers:
            task.cancel()
        if readers:
            _, running = await asyncio.wait(readers, timeout=READERS_END_S)
            for task in running:  # its messages are refused by _collect (not the current reader)
                log.warning("partition reader did not end when dropped", reader=task.get_name())
        while not self._queue.empty():
            self._queue.get_nowait()
