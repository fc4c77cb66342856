"""The gateway's writer for the JetStream log: each frame is published to its partition's
subject, and its outcome returned only when JetStream has confirmed storing it (a PubAck), so a
device is acknowledged only for what the stream holds. A publish that fails or times out fails
the whole request: nothing is acknowledged and the device sends again (the stream, or the
engine's archive, recognises what was stored the first time)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from nats.js.api import PubAck
from nats.js.client import JetStreamContext

from valvo.services.engine.ports import StreamLayout
from valvo.services.telemetry import FrameOutcome, FrameStatus, RawFrame

PUBLISH_TIMEOUT_S = 5.0


class JetStreamFrameWriter:
    def __init__(
        self,
        js: JetStreamContext,
        settings: StreamLayout,
        on_publish: Callable[[], None] | None = None,
        *,
        encode: Callable[[RawFrame], bytes],
    ) -> None:
        """``encode``: a frame as the stream's message (bootstrap's, the log's one encoding)."""
        self._js = js
        self._settings = settings
        self._encode = encode
        self._on_publish = on_publish

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        # Every frame is published first (each write only fills the connection's buffer), then
        # the PubAcks are awaited: no task per frame (gather) and none per PubAck (wait_for).
        pending: list[asyncio.Future[PubAck]] = []
        try:
            for frame in frames:
                pending.append(await self._send(frame))
            async with asyncio.timeout(PUBLISH_TIMEOUT_S):
                outcomes = [_outcome(await ack) for ack in pending]
        finally:
            for ack in pending:
                ack.cancel()  # those not confirmed (a failure or the timeout); no-op on the rest
        if self._on_publish is not None:
            self._on_publish()
        return outcomes

    async def _send(self, frame: RawFrame) -> asyncio.Future[PubAck]:
        headers = {"Nats-Msg-Id": frame.dedup_key} if frame.dedup_key else None
        return await self._js.publish_async(
            self._settings.subject(self._settings.partition_of(frame.device)),
            self._encode(frame),
            stream=self._settings.stream,
            headers=headers,
        )

    async def run(self) -> None:
        """Nothing to batch: JetStream confirms each publish (kept for the writer's shape)."""
        await asyncio.Event().wait()


def _outcome(ack: PubAck) -> FrameOutcome:
    return FrameOutcome(FrameStatus.RESEND if ack.duplicate else FrameStatus.STORED)
