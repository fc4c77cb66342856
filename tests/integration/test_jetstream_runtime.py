"""``valvo serve`` on the JetStream log: a fix sent to the gateway's HTTP port is published,
read by the engine from its partition, archived and evaluated; the alarm event crosses
processes on the NATS live feed."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import HOME, offset
from tests.support.running import running_valvo
from tests.support.streams import NATS_URL, private_stream
from valvo.adapters.bus.jetstream import connect
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_log import log_partitions
from valvo.bootstrap import Valvo
from valvo.cli.runtime import Parts
from valvo.sim.fleet import osmand_query

pytestmark = [pytest.mark.nats, pytest.mark.postgres]


def alarms(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.alarms)).scalar() or 0)


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
