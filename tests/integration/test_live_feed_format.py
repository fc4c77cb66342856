"""One time format everywhere: the live feed (SSE), the NATS feed and the JetStream frames write
instants as the REST API does, ISO 8601 UTC with 'T' and 'Z', so the console can compare them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncGenerator, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.alarm_desk import alarm_message, exclusion_alarm, person
from tests.support.factories import fix
from tests.support.streams import NATS_URL, frame_of
from valvo.adapters.bus.jetstream import connect, decode_frame, encode_frame, encode_frame_json
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.bootstrap import Valvo
from valvo.domain.clock import NaiveDatetimeError, iso_utc
from valvo.domain.security import Scope
from valvo.services.feed_events import encode_event
from valvo.web.api.alarms import live
from valvo.web.app import create_app

ONE_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")
TIMES = ("occurred_at", "raised_at", "last_occurred_at")


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


class OpenRequest:
    async def is_disconnected(self) -> bool:
        return False


async def first_alarm_event(valvo: Valvo, alarm_id: str) -> dict[str, Any]:
    stream: AsyncGenerator[str, None] = live._events(OpenRequest(), valvo, Scope())  # type: ignore[arg-type]
    assert (await anext(stream)).startswith(": connected")
    valvo.feed.publish(alarm_message(valvo, alarm_id))
    while True:
        chunk = await asyncio.wait_for(anext(stream), 10)
        if not chunk.startswith(":"):
            break
    await stream.aclose()
    event: dict[str, Any] = json.loads(chunk.split("data: ", 1)[1])
    return event


def test_the_live_feed_writes_an_alarm_s_times_exactly_as_the_rest_api_does(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    token = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    rest = client.get(f"/api/alarms/{alarm['id']}", headers=headers).json()
    sse = asyncio.run(first_alarm_event(valvo, alarm["id"]))["alarm"]
    for name in TIMES:
        if rest[name] is not None:
            assert ONE_FORMAT.match(rest[name]), (name, rest[name])
        assert sse[name] == rest[name], name


def test_an_event_s_times_are_utc_with_t_and_z_whatever_their_zone() -> None:
    helsinki = timezone(timedelta(hours=2))
    at = datetime(2026, 12, 6, 20, 31, 20, tzinfo=helsinki)
    event = json.loads(encode_event({"type": "x", "at": at, "nested": {"at": at}}))
    assert event["at"] == event["nested"]["at"] == "2026-12-06T18:31:20Z"
    assert iso_utc(at.replace(microsecond=5)) == "2026-12-06T18:31:20.000005Z"
    with pytest.raises(NaiveDatetimeError):
        encode_event({"at": at.replace(tzinfo=None)})


def test_a_jetstream_frame_carries_its_times_in_the_one_format() -> None:
    """Packed, a frame's times are MessagePack timestamps (instants, no text); in the JSON form
    (an earlier gateway's, or what MessagePack cannot carry) they are text in the one format."""
    clock = FakeClock()
    frame = frame_of(fix(clock.now, east_m=30, device="dev-9"))
    packed = msgspec.msgpack.decode(encode_frame(frame)[1:])
    assert packed[4] == frame.received_at
    assert packed[4].utcoffset() == timedelta(0)
    doc = json.loads(encode_frame_json(frame))
    assert ONE_FORMAT.match(doc["received_at"])
    assert ONE_FORMAT.match(doc["entries"][0]["device_time"])
    assert decode_frame(encode_frame(frame)) == frame == decode_frame(encode_frame_json(frame))


async def test_a_nats_feed_event_arrives_with_its_times_in_the_one_format() -> None:
    subject = f"valvo.test.format.{id(object())}"
    engine_side, api_side = NatsFeed(subject), NatsFeed(subject)
    clients = [await connect(NATS_URL, "engine"), await connect(NATS_URL, "api")]
    loop = asyncio.get_running_loop()
    at = FakeClock().now.astimezone(timezone(timedelta(hours=2)))
    try:
        for feed, nc in zip((engine_side, api_side), clients, strict=True):
            feed.bind(loop)
            await feed.start(nc)
        async with api_side.subscribe() as queue:
            await clients[1].flush()
            await asyncio.to_thread(engine_side.publish, {"type": "note", "at": at})
            event = await asyncio.wait_for(queue.get(), 5)
        assert event == {"type": "note", "at": iso_utc(at.astimezone(UTC))}
        assert ONE_FORMAT.match(event["at"])
    finally:
        for nc in clients:
            with contextlib.suppress(Exception):
                await nc.close()
