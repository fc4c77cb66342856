"""The gateway's writer for the JetStream log: frames are published to their partition's subject,
and a frame's outcome returned only when JetStream has confirmed storing it (a PubAck), so a
device is acknowledged only for what the stream holds. A publish that fails or times out fails
every request with a frame in it: nothing of those is acknowledged and the devices send again
(the stream, or the engine's archive, recognises what was stored the first time).

Publishing costs the client about as much per message as all the rest of a one-fix frame, so
the frames the connections hand in within ``linger_s`` (a few milliseconds) are published
together: one message per partition (``bundle``: several frames, each in its own encoding, read
back in order by the engine). A message holding one frame is that frame's own message, with its
resend key as the ``Nats-Msg-Id`` (the stream recognises its resend inside the duplicate window);
a message of several has none (a resend in it is recognised by the engine's archive, as one
outside the window always is).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nats.js.api import PubAck
from nats.js.client import JetStreamContext

from valvo.services.engine.ports import StreamLayout
from valvo.services.telemetry import FrameOutcome, FrameStatus, RawFrame

PUBLISH_TIMEOUT_S = 5.0
LINGER_S = 0.002  # how long frames wait for others to share their partition's message
MAX_MESSAGE_BYTES = 256 * 1024  # well below NATS's default max_payload (1 MiB)
MAX_MESSAGE_FRAMES = 1000


class WriterStopped(RuntimeError):
    """The writer's publishing ended (the process is stopping) before a PubAck came."""


@dataclass(slots=True)
class _Request:
    """One ``append_frames`` call: its outcomes, filled as its frames' messages are confirmed."""

    future: asyncio.Future[list[FrameOutcome]]
    outcomes: list[FrameOutcome | None]
    unconfirmed: int

    def confirm(self, index: int, outcome: FrameOutcome) -> None:
        self.outcomes[index] = outcome
        self.unconfirmed -= 1
        if self.unconfirmed == 0 and not self.future.done():
            self.future.set_result([o for o in self.outcomes if o is not None])

    def fail(self, exc: BaseException) -> None:
        if not self.future.done():
            self.future.set_exception(exc)


@dataclass(slots=True)
class _Frame:
    request: _Request
    index: int  # in its request
    message: bytes  # the frame's own encoding
    dedup_key: str | None


@dataclass(slots=True)
class _Message:
    partition: int
    frames: list[_Frame] = field(default_factory=list)
    size: int = 0

    def confirm(self, ack: PubAck) -> None:
        outcome = FrameOutcome(FrameStatus.RESEND if ack.duplicate else FrameStatus.STORED)
        for frame in self.frames:
            frame.request.confirm(frame.index, outcome)

    def fail(self, exc: BaseException) -> None:
        for frame in self.frames:
            frame.request.fail(exc)


class JetStreamFrameWriter:
    def __init__(
        self,
        js: JetStreamContext,
        settings: StreamLayout,
        on_publish: Callable[[], None] | None = None,
        *,
        encode: Callable[[RawFrame], bytes],
        bundle: Callable[[Sequence[bytes]], bytes],
        linger_s: float = LINGER_S,
        max_frames: int = MAX_MESSAGE_FRAMES,
    ) -> None:
        """``encode``: a frame as the stream's message; ``bundle``: several frames' messages as
        one (bootstrap's, the log's one encoding); ``max_frames``: the most frames one message
        holds (1: every frame its own message, for engines older than bundles)."""
        if max_frames < 1:
            raise ValueError("max_frames must be at least 1")
        self._js = js
        self._settings = settings
        self._encode = encode
        self._bundle = bundle
        self._on_publish = on_publish
        self._linger_s = linger_s
        self._max_frames = max_frames
        self._waiting: dict[int, list[_Frame]] = {}  # partition -> frames not yet published
        self._flush: asyncio.TimerHandle | None = None
        self._publishing: set[asyncio.Task[None]] = set()
        self._sending = asyncio.Lock()  # one flush's messages after another's, in order

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        if not frames:
            return []
        loop = asyncio.get_running_loop()
        request = _Request(loop.create_future(), [None] * len(frames), len(frames))
        queued = [
            (
                self._settings.partition_of(frame.device),
                _Frame(request, i, self._encode(frame), frame.dedup_key),
            )
            for i, frame in enumerate(frames)
        ]
        for partition, frame in queued:
            self._waiting.setdefault(partition, []).append(frame)
        if self._flush is None:
            self._flush = loop.call_later(self._linger_s, self._publish_waiting)
        outcomes = await request.future
        if self._on_publish is not None:
            self._on_publish()
        return outcomes

    def _publish_waiting(self) -> None:
        self._flush = None
        waiting, self._waiting = self._waiting, {}
        messages = [
            m
            for partition, frames in waiting.items()
            for m in _messages(partition, frames, self._max_frames)
        ]
        task = asyncio.get_running_loop().create_task(self._publish(messages))
        self._publishing.add(task)
        task.add_done_callback(self._publishing.discard)

    async def _publish(self, messages: list[_Message]) -> None:
        """Every message is published first (each write only fills the connection's buffer),
        then the PubAcks are awaited: no task per message and none per PubAck."""
        pending: list[tuple[_Message, asyncio.Future[PubAck]]] = []
        try:
            async with self._sending:
                for message in messages:
                    try:
                        pending.append((message, await self._send(message)))
                    except Exception as exc:
                        message.fail(exc)
            async with asyncio.timeout(PUBLISH_TIMEOUT_S):
                for message, ack in pending:
                    try:
                        message.confirm(await ack)
                    except Exception as exc:
                        message.fail(exc)
        except TimeoutError as exc:
            for message, _ in pending:
                message.fail(exc)
        finally:
            for _, ack in pending:
                ack.cancel()  # those not confirmed (a failure or the timeout); no-op on the rest
            stopped = WriterStopped("the frame writer stopped before JetStream confirmed")
            for message in messages:
                message.fail(stopped)  # no-op for every request already answered

    async def _send(self, message: _Message) -> asyncio.Future[PubAck]:
        if len(message.frames) == 1:
            (frame,) = message.frames
            payload = frame.message
            headers = {"Nats-Msg-Id": frame.dedup_key} if frame.dedup_key else None
        else:
            payload = self._bundle([f.message for f in message.frames])
            headers = None  # the engine's archive recognises a resend among several
        return await self._js.publish_async(
            self._settings.subject(message.partition),
            payload,
            stream=self._settings.stream,
            headers=headers,
        )

    async def run(self) -> None:
        """Nothing to run: publishing is scheduled by the frames (kept for the writer's shape)."""
        await asyncio.Event().wait()


def _messages(
    partition: int, frames: list[_Frame], max_frames: int = MAX_MESSAGE_FRAMES
) -> list[_Message]:
    """A partition's frames, in order, as messages of at most MAX_MESSAGE_BYTES (a larger frame
    goes alone) and ``max_frames``."""
    messages = [_Message(partition)]
    for frame in frames:
        last = messages[-1]
        full = len(last.frames) >= max_frames
        if last.frames and (full or last.size + len(frame.message) > MAX_MESSAGE_BYTES):
            last = _Message(partition)
            messages.append(last)
        last.frames.append(frame)
        last.size += len(frame.message)
    return messages
