"""The gateway's JetStream writer batches the frames handed in together into one message per
partition and answers each request only after its messages' PubAcks (valvo.gateway.stream_writer),
against a JetStream stand-in whose PubAcks the test gives."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from nats.js.api import PubAck
from nats.js.client import JetStreamContext

from tests.support.factories import fix
from tests.support.streams import frame_of
from valvo.adapters.bus.jetstream import (
    StreamSettings,
    bundle_messages,
    decode_message,
    encode_frame,
)
from valvo.gateway import stream_writer
from valvo.gateway.stream_writer import JetStreamFrameWriter
from valvo.services.telemetry import FrameStatus, RawFrame

AT = datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
STREAM = StreamSettings(stream="TEST", prefix="t", partitions=4)


@dataclass
class Published:
    subject: str
    payload: bytes
    headers: dict[str, str] | None
    ack: asyncio.Future[PubAck]

    @property
    def frames(self) -> list[RawFrame]:
        return decode_message(self.payload)


@dataclass
class FakeJetStream:
    published: list[Published] = field(default_factory=list)

    async def publish_async(
        self, subject: str, payload: bytes, stream: str | None = None, headers: Any = None
    ) -> asyncio.Future[PubAck]:
        assert stream == STREAM.stream
        ack: asyncio.Future[PubAck] = asyncio.get_running_loop().create_future()
        self.published.append(Published(subject, payload, headers, ack))
        return ack

    def confirm(self, *, duplicate: bool = False) -> None:
        for n, message in enumerate(self.published):
            if not message.ack.done():
                message.ack.set_result(PubAck(stream=STREAM.stream, seq=n + 1, duplicate=duplicate))


def writer_on(
    js: FakeJetStream, max_frames: int = stream_writer.MAX_MESSAGE_FRAMES
) -> JetStreamFrameWriter:
    return JetStreamFrameWriter(
        cast(JetStreamContext, js),
        STREAM,
        encode=encode_frame,
        bundle=bundle_messages,
        max_frames=max_frames,
    )


def frames_of(device: str, n: int, start: int = 0) -> list[RawFrame]:
    return [frame_of(fix(AT + timedelta(seconds=start + k), device=device)) for k in range(n)]


def device_in(partition: int, skip: int = 0) -> str:
    devices = (f"dev-{i}" for i in range(1000) if STREAM.partition_of(f"dev-{i}") == partition)
    return [next(devices) for _ in range(skip + 1)][-1]


async def until_published(js: FakeJetStream, messages: int) -> None:
    for _ in range(200):
        if len(js.published) >= messages:
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"{len(js.published)} messages published, not {messages}")


async def test_connections_share_their_partition_s_message_and_hear_only_after_its_pub_ack() -> (
    None
):
    js = FakeJetStream()
    writer = writer_on(js)
    first, second = device_in(0), device_in(0, skip=1)
    a = asyncio.create_task(writer.append_frames(frames_of(first, 2)))
    b = asyncio.create_task(writer.append_frames(frames_of(second, 1)))
    await until_published(js, 1)
    await asyncio.sleep(0.01)
    # Published, not yet confirmed: nothing answered.
    assert not a.done()
    assert not b.done()
    (message,) = js.published
    assert message.subject == STREAM.subject(0)
    assert message.frames == frames_of(first, 2) + frames_of(second, 1)  # in order
    assert message.headers is None  # a resend among several is the archive's to recognise
    js.confirm()
    assert [o.status for o in await a] == [FrameStatus.STORED] * 2
    assert [o.status for o in await b] == [FrameStatus.STORED]


async def test_a_lone_frame_is_its_own_message_with_its_resend_key() -> None:
    js = FakeJetStream()
    writer = writer_on(js)
    (frame,) = frames_of("dev-1", 1)
    task = asyncio.create_task(writer.append_frames([frame]))
    await until_published(js, 1)
    assert js.published[0].payload == encode_frame(frame)
    assert js.published[0].headers == {"Nats-Msg-Id": frame.dedup_key}
    js.confirm(duplicate=True)
    assert [o.status for o in await task] == [FrameStatus.RESEND]


async def test_without_bundles_each_frame_is_its_own_message_with_its_resend_key() -> None:
    """VALVO_LOG_BUNDLE_FRAMES=1 (a rolling upgrade while older engines read the stream): the
    frames of one partition go out as messages of their own, each readable as before bundles."""
    js = FakeJetStream()
    writer = writer_on(js, max_frames=1)
    frames = frames_of(device_in(0), 3)
    task = asyncio.create_task(writer.append_frames(frames))
    await until_published(js, 3)
    assert [m.payload for m in js.published] == [encode_frame(f) for f in frames]
    assert [m.headers for m in js.published] == [{"Nats-Msg-Id": f.dedup_key} for f in frames]
    js.confirm()
    assert [o.status for o in await task] == [FrameStatus.STORED] * 3
    with pytest.raises(ValueError, match="max_frames"):
        writer_on(js, max_frames=0)


async def test_a_failed_publish_answers_nothing_to_any_request_in_it() -> None:
    js = FakeJetStream()
    writer = writer_on(js)
    spans = frames_of(device_in(0), 1) + frames_of(device_in(1), 1)  # two partitions
    alone = asyncio.create_task(writer.append_frames(frames_of(device_in(0, skip=1), 1)))
    spanning = asyncio.create_task(writer.append_frames(spans))
    await until_published(js, 2)
    by_subject = {m.subject: m for m in js.published}
    by_subject[STREAM.subject(1)].ack.set_result(PubAck(stream=STREAM.stream, seq=1))
    by_subject[STREAM.subject(0)].ack.set_exception(ConnectionError("lost"))
    for task in (alone, spanning):
        with pytest.raises(ConnectionError):
            await task


async def test_a_publish_not_confirmed_in_time_fails_and_leaves_no_pub_ack_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_writer, "PUBLISH_TIMEOUT_S", 0.05)
    js = FakeJetStream()
    writer = writer_on(js)
    with pytest.raises(TimeoutError):
        await writer.append_frames(frames_of("dev-1", 3))
    assert all(m.ack.cancelled() for m in js.published)


async def test_a_request_cancelled_while_waiting_is_cancelled_and_the_others_answered() -> None:
    js = FakeJetStream()
    writer = writer_on(js)
    stopping = asyncio.create_task(writer.append_frames(frames_of(device_in(2), 1)))
    staying = asyncio.create_task(writer.append_frames(frames_of(device_in(2, skip=1), 1)))
    await until_published(js, 1)
    stopping.cancel()  # its listener stops: the cancellation reaches the connection's task
    with pytest.raises(asyncio.CancelledError):
        await stopping
    js.confirm()
    assert [o.status for o in await staying] == [FrameStatus.STORED]


async def test_a_partition_s_frames_beyond_a_message_s_size_go_in_order_in_several() -> None:
    js = FakeJetStream()
    writer = writer_on(js, max_frames=3)
    frames: Sequence[RawFrame] = frames_of("dev-1", 7)
    task = asyncio.create_task(writer.append_frames(frames))
    await until_published(js, 3)
    assert [len(m.frames) for m in js.published] == [3, 3, 1]
    assert [f for m in js.published for f in m.frames] == list(frames)
    js.confirm()
    assert len(await task) == 7
