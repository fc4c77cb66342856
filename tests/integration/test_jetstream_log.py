"""The JetStream observation log on the machine's NATS server and PostgreSQL: the gateway's
writer publishes per partition and is answered only once JetStream stored the frame; engine
workers share the partitions, archive, evaluate and commit with the stream positions in one
transaction; a redelivery changes nothing; a worker that stops is taken over."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client
from nats.js.client import JetStreamContext
from nats.js.errors import NoStreamResponseError
from sqlalchemy import func, select

from tests.conftest import FakeClock, make_valvo
from tests.support.caseload import register_person
from tests.support.factories import fix
from tests.support.streams import NATS_URL, eventually, frame_of, private_stream
from valvo.adapters.bus.jetstream import (
    StreamSettings,
    bundle_messages,
    connect,
    decode_frame,
    decode_message,
    encode_frame,
    ensure_stream,
)
from valvo.adapters.db import tables as t
from valvo.adapters.db.log_partitions import LostPartitionError, PartitionLeases
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo
from valvo.engine.stream_engine import StreamEngine, StreamEngineConfig
from valvo.engine.worker import StepResult
from valvo.gateway.stream_writer import JetStreamFrameWriter
from valvo.services.engine.ports import StreamPositions
from valvo.services.telemetry import FrameStatus

pytestmark = [pytest.mark.nats, pytest.mark.postgres]

WORKDAY = [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def valvo(pg_migrated_database: str, tmp_path: Path, clock: FakeClock) -> Iterator[Valvo]:
    app = make_valvo(pg_migrated_database, tmp_path, clock, log_backend="jetstream")
    yield app
    app.db.dispose()


@pytest.fixture
async def js() -> AsyncIterator[tuple[JetStreamContext, StreamSettings]]:
    stream = private_stream(partitions=4)
    nc: Client = await connect(NATS_URL, "valvo-test")
    context = nc.jetstream()
    await ensure_stream(context, stream)
    try:
        yield context, stream
    finally:
        with contextlib.suppress(Exception):
            await context.delete_stream(stream.stream)
        await nc.close()


def count(valvo: Valvo, table: object) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)  # type: ignore[arg-type]


def leases(
    valvo: Valvo, worker_id: str, partitions: int = 4, lease_s: float = 10
) -> PartitionLeases:
    return PartitionLeases(valvo.db, worker_id, partitions, timedelta(seconds=lease_s))


def stream_engine(
    valvo: Valvo, stream: StreamSettings, js: JetStreamContext, worker_id: str, lease_s: float = 10
) -> StreamEngine:
    config = StreamEngineConfig(batch_size=500, beat_every_s=0.2, idle_wait_s=0.05)
    return StreamEngine(
        js,
        stream,
        leases(valvo, worker_id, stream.partitions, lease_s),
        valvo.engine_worker(),
        valvo.clock,
        config,
        decode=decode_message,
    )


def test_a_frame_survives_the_stream_encoding_and_garbage_is_named() -> None:
    clock = FakeClock()
    frame = frame_of(fix(clock.now, east_m=30, device="dev-9"))
    again = decode_frame(encode_frame(frame))
    assert again == frame
    with pytest.raises(ValueError, match="not a Valvo frame message"):
        decode_frame(b'{"device": "x"}')
    with pytest.raises(ValueError, match="not a Valvo frame message"):
        decode_frame(b"\x00\xff garbage")


async def test_the_writer_answers_after_jetstream_stored_and_knows_a_resend(
    js: tuple[JetStreamContext, StreamSettings], clock: FakeClock
) -> None:
    context, stream = js
    writer = JetStreamFrameWriter(context, stream, encode=encode_frame, bundle=bundle_messages)
    frame = frame_of(fix(clock.now, device="dev-1"))
    (first,) = await writer.append_frames([frame])
    (second,) = await writer.append_frames([frame])  # the device did not get the ACK: resends
    assert (first.status, second.status) == (FrameStatus.STORED, FrameStatus.RESEND)
    info = await context.stream_info(stream.stream)
    assert info.state.messages == 1
    partition = stream.partition_of("dev-1")
    last = await context.get_last_msg(stream.stream, stream.subject(partition))
    assert decode_frame(last.data or b"") == frame


async def test_the_writer_confirms_a_packet_s_frames_each_and_fails_whole_without_the_stream(
    js: tuple[JetStreamContext, StreamSettings], clock: FakeClock
) -> None:
    context, stream = js
    writer = JetStreamFrameWriter(context, stream, encode=encode_frame, bundle=bundle_messages)
    frames = [frame_of(fix(clock.now, east_m=k, device=f"dev-{k}")) for k in range(20)]
    outcomes = await writer.append_frames(frames)
    assert [o.status for o in outcomes] == [FrameStatus.STORED] * 20
    # One message per partition, carrying that partition's frames in the packet's order.
    used = sorted({stream.partition_of(f.device) for f in frames})
    read: list[Any] = []
    for partition in used:
        last = await context.get_last_msg(stream.stream, stream.subject(partition))
        read += decode_message(last.data or b"")
    assert (await context.stream_info(stream.stream)).state.messages == len(used)
    assert sorted(read, key=frames.index) == frames
    for partition in used:
        mine = [f for f in read if stream.partition_of(f.device) == partition]
        assert mine == [f for f in frames if stream.partition_of(f.device) == partition]
    await context.delete_stream(stream.stream)  # nobody stores the subjects any more
    with pytest.raises(NoStreamResponseError):
        await writer.append_frames([frame_of(fix(clock.now, east_m=99, device="dev-x"))])
    assert context.publish_async_pending() == 0  # nothing left waiting for a PubAck


async def test_the_engine_archives_evaluates_and_commits_the_stream_position_once(
    valvo: Valvo, clock: FakeClock, js: tuple[JetStreamContext, StreamSettings]
) -> None:
    context, stream = js
    person = register_person(valvo, weekly=WORKDAY)
    writer = JetStreamFrameWriter(context, stream, encode=encode_frame, bundle=bundle_messages)
    fixes = [
        fix(clock.now, device=person.device),
        fix(clock.now + timedelta(seconds=30), east_m=1000, device=person.device),
    ]
    await writer.append_frames([frame_of(f) for f in fixes])
    engine = stream_engine(valvo, stream, context, "w1")
    stop = asyncio.Event()
    task = asyncio.create_task(engine.run(stop))

    async def stored() -> bool:
        return count(valvo, t.positions) == 2

    await eventually(stored, what="two positions")
    stop.set()
    await task
    assert count(valvo, t.observations) == 2
    assert count(valvo, device_frames) == 2  # provenance, written with the batch
    assert count(valvo, t.alarms) == 1  # the exclusion zone, once
    partition = stream.partition_of(person.device)
    assert leases(valvo, "w1").positions()[partition] == 1  # one message carried both frames
    # A new worker starts from the committed position: the stream's messages are not read
    # again, and a message delivered again (the same frame republished after the duplicate
    # window) is recognised by its resend key: nothing is stored twice.
    await context.publish(stream.subject(partition), encode_frame(frame_of(fixes[1])))
    engine = stream_engine(valvo, stream, context, "w2")
    stop = asyncio.Event()
    task = asyncio.create_task(engine.run(stop))

    async def consumed() -> bool:
        return leases(valvo, "w2").positions()[partition] == 2

    await eventually(consumed, what="the second message consumed")
    stop.set()
    await task
    assert (count(valvo, t.observations), count(valvo, t.positions), count(valvo, t.alarms)) == (
        2,
        2,
        1,
    )


def test_a_worker_that_lost_its_partition_stores_nothing(valvo: Valvo, clock: FakeClock) -> None:
    person = register_person(valvo, weekly=WORKDAY)
    owner, other = leases(valvo, "a", 1, lease_s=5), leases(valvo, "b", 1, lease_s=5)
    assert owner.beat(clock.now) == {0: 0}
    worker = valvo.engine_worker()
    later = clock.advance(seconds=6)  # "a" paused past its lease; "b" claims the partition
    other.beat(later)
    assert other.beat(later) == {0: 0}
    frame = frame_of(fix(clock.now, east_m=1000, device=person.device))
    with pytest.raises(LostPartitionError):
        worker.step_frames([frame], later, StreamPositions(owner.worker_id, {0: 1}))
    assert (count(valvo, t.observations), count(valvo, t.positions), count(valvo, t.alarms)) == (
        0,
        0,
        0,
    )
    # Its memory of the batch is forgotten: the new owner's evaluation is the only one.
    worker_b = valvo.engine_worker()
    worker_b.step_frames([frame], later, StreamPositions(other.worker_id, {0: 1}))
    assert (count(valvo, t.observations), count(valvo, t.alarms)) == (1, 1)


def test_partitions_are_shared_evenly_and_a_stopped_worker_is_taken_over(
    valvo: Valvo, clock: FakeClock
) -> None:
    a, b = leases(valvo, "a", 8, lease_s=10), leases(valvo, "b", 8, lease_s=10)
    assert set(a.beat(clock.now)) == set(range(8))
    assert b.beat(clock.now) == {}  # b's share is still a's until a lets go
    assert set(a.beat(clock.now)) == {0, 2, 4, 6}  # sorted ids: a gets the even ones
    assert set(b.beat(clock.now)) == {1, 3, 5, 7}
    # a stops beating (kill -9): after its lease runs out b owns everything.
    clock.advance(seconds=5)
    assert set(b.beat(clock.now)) == {1, 3, 5, 7}
    clock.advance(seconds=6)
    assert set(b.beat(clock.now)) == set(range(8))
    # A clean stop hands over at once.
    b.leave()
    assert set(a.beat(clock.now)) == set(range(8))


def test_a_worker_renewing_during_a_long_batch_keeps_its_partitions(
    valvo: Valvo, clock: FakeClock
) -> None:
    """A batch can take longer than a lease: the worker renews while it works, so a second
    worker does not claim its partitions (and its commit is not refused) until it lets go."""
    a, b = leases(valvo, "a", 4, lease_s=5), leases(valvo, "b", 4, lease_s=5)
    assert set(a.beat(clock.now)) == set(range(4))
    assert b.beat(clock.now) == {}
    clock.advance(seconds=4)
    a.renew(clock.now)  # mid-batch: no change of ownership
    clock.advance(seconds=4)  # 8 s after a's beat, 4 s after its renewal
    assert b.beat(clock.now) == {}
    with valvo.db.begin() as conn:
        a.commit_positions(conn, {0: 7, 1: 7})
    assert a.positions()[0] == 7
    assert set(a.beat(clock.now)) == {0, 2}  # between batches a lets go of b's share
    assert set(b.beat(clock.now)) == {1, 3}
    # Without renewing, the leases run out and the other worker takes over.
    clock.advance(seconds=6)
    assert set(b.beat(clock.now)) == set(range(4))
    with pytest.raises(LostPartitionError), valvo.db.begin() as conn:
        a.commit_positions(conn, {0: 8})


async def test_a_batch_that_outlasts_the_lease_is_committed_by_the_worker_that_took_it(
    valvo: Valvo,
    clock: FakeClock,
    js: tuple[JetStreamContext, StreamSettings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context, stream = js
    people = [register_person(valvo, device=f"dev-{i}", weekly=WORKDAY) for i in range(4)]
    writer = JetStreamFrameWriter(context, stream, encode=encode_frame, bundle=bundle_messages)
    await writer.append_frames([frame_of(fix(clock.now, device=p.device)) for p in people])
    one = stream_engine(valvo, stream, context, "w-a", lease_s=1)
    worker = one._worker
    real_step = worker.step_frames

    def slow_step(*args: Any) -> StepResult:
        time.sleep(2.0)  # the batch takes two leases' worth of (fake) time, see below
        return real_step(*args)

    monkeypatch.setattr(worker, "step_frames", slow_step)
    two = stream_engine(valvo, stream, context, "w-b", lease_s=1)
    stop = asyncio.Event()
    task_one = asyncio.create_task(one.run(stop))

    async def one_owns_all() -> bool:
        return len(one.partitions) == 4

    await eventually(one_owns_all, what="w-a owning every partition")
    task_two = asyncio.create_task(two.run(stop))
    for _ in range(10):  # time passes while w-a works: 2 s real = 4 s fake, 4 leases
        await asyncio.sleep(0.2)
        clock.advance(seconds=0.4)

    async def stored() -> bool:
        return count(valvo, t.positions) == 4

    await eventually(stored, what="four positions")
    stop.set()
    await asyncio.gather(task_one, task_two)
    assert (one.processed.fixes, two.processed.fixes) == (4, 0)


def test_two_workers_evaluating_one_person_store_one_history(
    valvo: Valvo, clock: FakeClock
) -> None:
    """A person's GPS tracker and second device fall in partitions of different workers: the
    second to commit finds the state changed under it and re-evaluates from the stored one."""
    person = register_person(valvo, device="gps-1", weekly=WORKDAY)
    both = leases(valvo, "solo", 1)
    both.beat(clock.now)
    first, second = valvo.engine_worker(), valvo.engine_worker()
    second.step_frames([], clock.now)  # loads (and caches) the state
    frame = frame_of(fix(clock.now, east_m=1000, device=person.device))
    first.step_frames([frame], clock.advance(seconds=10))
    assert count(valvo, t.alarms) == 1
    later = frame_of(fix(clock.now, east_m=1010, device=person.device))
    second.step_frames([later], clock.advance(seconds=10))
    assert count(valvo, t.alarms) == 1  # still in the zone: no second alarm
    with valvo.db.connect() as conn:
        version, state = conn.execute(
            select(t.subject_states.c.version, t.subject_states.c.state).where(
                t.subject_states.c.subject_id == person.subject_id
            )
        ).one()
    assert version >= 2
    assert state["last_fix"]["time"] == later.received_at.isoformat()


async def test_two_workers_share_the_load_and_one_takes_over_when_the_other_dies(
    valvo: Valvo, clock: FakeClock, js: tuple[JetStreamContext, StreamSettings]
) -> None:
    context, stream = js
    people = [register_person(valvo, device=f"dev-{i}", weekly=WORKDAY) for i in range(12)]
    writer = JetStreamFrameWriter(context, stream, encode=encode_frame, bundle=bundle_messages)
    first = [frame_of(fix(clock.now, east_m=1000, device=p.device)) for p in people]
    await writer.append_frames(first)
    one, two = (
        stream_engine(valvo, stream, context, "w-a", lease_s=1),
        stream_engine(valvo, stream, context, "w-b", lease_s=1),
    )
    stop_one, stop_two = asyncio.Event(), asyncio.Event()
    task_one = asyncio.create_task(one.run(stop_one))
    task_two = asyncio.create_task(two.run(stop_two))

    async def both_own() -> bool:
        return len(one.partitions) == 2 and len(two.partitions) == 2

    await eventually(both_own, what="the partitions shared 2 + 2")

    async def all_stored() -> bool:
        return count(valvo, t.positions) == 12

    await eventually(all_stored, what="12 positions")
    assert count(valvo, t.alarms) == 12
    task_one.cancel()  # dies without letting go: its leases must run out
    with contextlib.suppress(asyncio.CancelledError):
        await task_one
    second = [
        frame_of(fix(clock.now + timedelta(minutes=1), east_m=1005, device=p.device))
        for p in people
    ]
    await writer.append_frames(second)

    async def taken_over() -> bool:
        return len(two.partitions) == 4 and count(valvo, t.positions) == 24

    clock.advance(seconds=2)  # past the dead worker's lease
    await eventually(taken_over, what="the survivor owning all four and storing the rest")
    stop_two.set()
    await task_two
    assert (count(valvo, t.observations), count(valvo, t.alarms)) == (24, 12)


def test_the_time_rules_of_a_person_run_on_the_owner_of_their_home_partition(
    valvo: Valvo, clock: FakeClock
) -> None:
    stream = private_stream(partitions=2)
    devices = {
        p: next(f"d{i}" for i in range(100) if stream.partition_of(f"d{i}") == p) for p in (0, 1)
    }
    people = {p: register_person(valvo, device=devices[p], weekly=WORKDAY) for p in (0, 1)}
    worker = valvo.engine_worker()
    worker.own({0}, stream.partition_of)
    result = worker.step_frames([], clock.now)
    assert result.woken == 1  # only the person whose home partition is 0
    with valvo.db.connect() as conn:
        evaluated = set(conn.execute(select(t.subject_states.c.subject_id)).scalars())
    assert evaluated == {people[0].subject_id}
    # Partition 1 is taken over (its owner stopped): its people are evaluated at the next step.
    worker.own({0, 1}, stream.partition_of)
    assert worker.step_frames([], clock.advance(seconds=1)).woken == 1
    with valvo.db.connect() as conn:
        evaluated = set(conn.execute(select(t.subject_states.c.subject_id)).scalars())
    assert evaluated == {people[0].subject_id, people[1].subject_id}
