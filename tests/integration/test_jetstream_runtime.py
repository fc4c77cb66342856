"""``valvo serve`` on the JetStream log: a fix sent to the gateway's HTTP port is published,
read by the engine from its partition, archived and evaluated; the alarm event crosses
processes on the NATS live feed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.faults.servers import VALVO, ChildProcess
from tests.support.caseload import register_person
from tests.support.factories import HOME, fix, offset
from tests.support.running import running_valvo
from tests.support.streams import NATS_URL, frame_of, private_stream
from valvo.adapters.bus.jetstream import bundle_messages, connect, encode_frame, ensure_stream
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.adapters.db import tables as t
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.log_partitions import PartitionLeases
from valvo.adapters.db.tables_log import engine_workers, log_partitions
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.cli.runtime import Parts
from valvo.gateway.stream_writer import JetStreamFrameWriter
from valvo.sim.fleet import osmand_query

pytestmark = [pytest.mark.nats, pytest.mark.postgres]


def alarms(valvo: Valvo, kind: str = "exclusion_zone_entered") -> int:
    """The person's alarms of ``kind`` (the fix is also far outside the home's inclusion area,
    which one precise fix now confirms: that alarm is the rules' business, not this test's)."""
    query = select(func.count()).select_from(t.alarms).where(t.alarms.c.kind == kind)
    with valvo.db.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def test_a_fix_through_the_gateway_reaches_the_engine_over_jetstream(
    pg_migrated_database: str, tmp_path: Path
) -> None:
    stream = private_stream()
    with running_valvo(
        pg_migrated_database,
        tmp_path,
        parts=Parts(api=False, gateway=True, engine=True),
        log_backend="jetstream",
        nats_url=NATS_URL,
        log_stream=stream.stream,
        log_subject_prefix=stream.prefix,
        log_partitions=4,
        engine_lease_s=2,
    ) as running:
        person = register_person(running.valvo)
        lon, lat = offset(HOME, 1000, 0)  # inside the exclusion zone
        now = running.valvo.clock()
        query = osmand_query(person.device, lon, lat, 5.0, now)
        answer = httpx.post(f"{running.gateway_url}{query}", timeout=10)
        assert answer.status_code == 200
        deadline = time.monotonic() + 20
        while alarms(running.valvo) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alarms(running.valvo) == 1
        with running.valvo.db.connect() as conn:
            position = conn.execute(select(func.max(log_partitions.c.position))).scalar()
        assert position == 1  # the stream position committed with the batch


async def test_an_event_published_in_one_process_reaches_another_s_subscribers() -> None:
    subject = f"valvo.test.feed.{FakeClock().now.timestamp()}.{id(object())}"
    engine_side, api_side = NatsFeed(subject), NatsFeed(subject)
    clients = [await connect(NATS_URL, "engine"), await connect(NATS_URL, "api")]
    loop = asyncio.get_running_loop()
    try:
        for feed, nc in zip((engine_side, api_side), clients, strict=True):
            feed.bind(loop)
            await feed.start(nc)
        async with api_side.subscribe() as queue:
            await clients[1].flush()
            # The engine publishes from its worker thread.
            thread = threading.Thread(
                target=engine_side.publish, args=({"type": "alarm", "id": "a-1"},)
            )
            thread.start()
            thread.join()
            event = await asyncio.wait_for(queue.get(), 5)
        assert event == {"type": "alarm", "id": "a-1"}
    finally:
        for nc in clients:
            with contextlib.suppress(Exception):
                await nc.close()


def test_a_terminated_engine_lets_go_of_its_partitions_at_once(
    pg_migrated_database: str, tmp_path: Path
) -> None:
    stream = private_stream()
    env = {
        "VALVO_CONFIG": str(tmp_path / "absent.toml"),
        "VALVO_DATABASE_URL": pg_migrated_database,
        "VALVO_DATA_DIR": str(tmp_path),
        "VALVO_LOG_BACKEND": "jetstream",
        "VALVO_NATS_URL": NATS_URL,
        "VALVO_LOG_STREAM": stream.stream,
        "VALVO_LOG_SUBJECT_PREFIX": stream.prefix,
        "VALVO_LOG_PARTITIONS": "4",
        "VALVO_ENGINE_WORKER_ID": "engine-under-test",
        "VALVO_ENGINE_LEASE_S": "60",  # outlasts the test: only a clean stop frees it
        "VALVO_PARTNERS_RECONCILE_EVERY_S": "0",
        "VALVO_LOG_LEVEL": "WARNING",
    }
    engine = make_engine(pg_migrated_database)
    engine_process = ChildProcess(
        "engine",
        [str(VALVO), "serve", "engine"],
        tmp_path / "engine.log",
        env={**os.environ, **env},
        ready=lambda: owned(engine) == 4,
    )
    try:
        engine_process.start()
        engine_process.stop()  # SIGTERM
        assert engine_process.proc is not None
        assert engine_process.proc.returncode == 0, engine_process.output()
        assert owned(engine) == 0
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(engine_workers)).scalar() == 0
    finally:
        engine_process.stop()
        engine.dispose()
        asyncio.run(drop_stream(stream.stream))


def owned(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).where(log_partitions.c.owner.is_not(None))
        return int(conn.execute(query).scalar() or 0)


async def drop_stream(name: str) -> None:
    nc = await connect(NATS_URL, "test-cleanup")
    try:
        with contextlib.suppress(Exception):
            await nc.jetstream().delete_stream(name)
    finally:
        await nc.close()


async def test_log_status_tells_each_partition_s_owner_and_backlog(
    pg_migrated_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = private_stream(partitions=2)
    nc = await connect(NATS_URL, "test-status")
    js = nc.jetstream()
    await ensure_stream(js, stream)
    try:
        clock = FakeClock()
        writer = JetStreamFrameWriter(js, stream, encode=encode_frame, bundle=bundle_messages)
        device = next(f"dev-{i}" for i in range(100) if stream.partition_of(f"dev-{i}") == 1)
        frames = [frame_of(fix(clock.now + timedelta(minutes=m), device=device)) for m in range(3)]
        for frame in frames:  # three messages (frames handed in together would share one)
            await writer.append_frames([frame])
        first = (await js.get_last_msg(stream.stream, stream.subject(1))).seq or 0
        engine = make_engine(pg_migrated_database)
        leases = PartitionLeases(engine, "w-status", 2, timedelta(seconds=30))
        leases.beat(clock.now)
        with engine.begin() as conn:
            leases.commit_positions(conn, {1: first - 2})  # the first of three is processed
        engine.dispose()
        for key, value in {
            "VALVO_DATABASE_URL": pg_migrated_database,
            "VALVO_LOG_BACKEND": "jetstream",
            "VALVO_NATS_URL": NATS_URL,
            "VALVO_LOG_STREAM": stream.stream,
            "VALVO_LOG_SUBJECT_PREFIX": stream.prefix,
            "VALVO_LOG_PARTITIONS": "2",
        }.items():
            monkeypatch.setenv(key, value)
        result = await asyncio.to_thread(CliRunner().invoke, app, ["log", "status", "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        by_partition = {p["partition"]: p for p in report["partitions"]}
        assert by_partition[1]["owner"] == "w-status"
        assert (by_partition[1]["head"], by_partition[1]["lag"]) == (first, 2)
        assert (by_partition[0]["head"], by_partition[0]["lag"]) == (0, 0)
        assert [w["worker_id"] for w in report["workers"]] == ["w-status"]
    finally:
        with contextlib.suppress(Exception):
            await js.delete_stream(stream.stream)
        await nc.close()
