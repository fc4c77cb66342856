"""The Valvo device protocol end to end over real sockets (HTTP on 127.0.0.1, MQTT through the
Mosquitto broker at 127.0.0.1:1883): a signed message is stored and only then answered with the
signed ACK; a resend is acknowledged and stored once; a bad signature, a missing key and a stale
sequence are refused with their reason and store nothing; the listeners start from settings."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiomqtt
import httpx
import pytest
from sqlalchemy import func, select, text

from tests.conftest import FakeClock
from valvo.adapters.db.device_credentials import SqlCredentialUnit
from valvo.adapters.db.tables import observations
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo
from valvo.gateway.http_server import HttpListener
from valvo.gateway.listeners import device_master_key, start_device_listeners
from valvo.gateway.valvo_http import PATH, ValvoHttpEndpoint
from valvo.gateway.valvo_ingest import ValvoIngest
from valvo.gateway.valvo_keys import DeviceKeyCache
from valvo.gateway.valvo_mqtt import BrokerAddress, ValvoMqttSubscriber
from valvo.protocols.valvo.decoder import ack_for, encode_message
from valvo.services import registry
from valvo.services.device_credentials import issue_credential
from valvo.settings import Settings
from valvo.sim.teltonika_device import AvlFix, TeltonikaClient

T = "2026-11-23T09:59:00Z"
EVENTS: list[dict[str, Any]] = [
    {"type": "tag_out_of_range", "time": T, "tag": "TAG-1", "rssi": -97},
    {"type": "strap_opened", "time": T, "tag": "TAG-1"},
]


def enrol(valvo: Valvo, identifier: str = "HU-1") -> bytes:
    """Register a home unit and issue its key; returns the key the device would hold."""
    with SqlCredentialUnit(valvo.db) as uow:
        if uow.registry.device_by_identifier(identifier) is None:
            registry.register_device(
                uow,
                "t",
                valvo.clock(),
                identifier=identifier,
                protocol="valvo",
                kind="rf_home_unit",
            )
        issued = issue_credential(
            uow,
            uow.credentials,
            device_master_key(valvo.settings),
            "t",
            valvo.clock(),
            identifier=identifier,
        )
        uow.commit()
    return bytes.fromhex(issued.key_hex)


def ingest_for(valvo: Valvo) -> tuple[ValvoIngest, asyncio.Task[None]]:
    writer = valvo.log_writer()
    keys = DeviceKeyCache(valvo.device_credential, device_master_key(valvo.settings), ttl_s=0)
    return ValvoIngest(writer, keys, valvo.clock), asyncio.create_task(writer.run())


@asynccontextmanager
async def http_gateway(valvo: Valvo) -> AsyncIterator[httpx.AsyncClient]:
    ingest, task = ingest_for(valvo)
    listener = HttpListener(ValvoHttpEndpoint(ingest))
    server = await listener.start("127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.close()
        await listener.close_connections()
        task.cancel()


def count(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


async def test_a_signed_message_is_stored_then_acknowledged_and_a_resend_stored_once(
    valvo: Valvo, clock: FakeClock
) -> None:
    key = enrol(valvo)
    message = encode_message(key, "HU-1", 1, EVENTS)
    async with http_gateway(valvo) as client:
        first = await client.post(PATH, content=message)
        again = await client.post(PATH, content=message)
    assert (first.status_code, first.content) == (200, ack_for(key, "HU-1", 1))
    assert (again.status_code, again.content) == (200, ack_for(key, "HU-1", 1))
    stored = valvo.observation_log().read_after(0, 10)
    assert [(o.kind.value, o.attributes["event"]) for o in stored] == [
        ("presence", "tag_out_of_range"),
        ("device_event", "strap_opened"),
    ]
    assert stored[0].attributes == {
        "event": "tag_out_of_range",
        "sequence": 1,
        "tag": "TAG-1",
        "inRange": False,
        "rssi": -97,
    }
    assert stored[1].alarms == ("removing",)
    assert stored[0].received_at == clock.now
    assert count(valvo, device_frames) == 1


async def test_refusals_say_why_and_store_nothing(valvo: Valvo) -> None:
    key = enrol(valvo)
    async with http_gateway(valvo) as client:
        assert (await client.post(PATH, content=encode_message(key, "HU-1", 5, EVENTS))).is_success
        stale = await client.post(PATH, content=encode_message(key, "HU-1", 4, EVENTS[:1]))
        forged = await client.post(PATH, content=encode_message(b"guess", "HU-1", 6, EVENTS))
        stranger = await client.post(PATH, content=encode_message(key, "HU-9", 1, EVENTS))
        garbage = await client.post(PATH, content=b"hello")
        wrong_method = await client.get(PATH)
        wrong_path = await client.post("/elsewhere", content=b"x")
    assert (stale.status_code, stale.text) == (
        409,
        "valvo: sequence 4 is not after 5, the last accepted (stale or replayed)",
    )
    assert (forged.status_code, forged.text) == (
        401,
        "valvo: signature of device HU-1 does not match (wrong key or altered message)",
    )
    assert (stranger.status_code, stranger.text) == (
        401,
        "valvo: no key was issued to device HU-9",
    )
    assert garbage.status_code == 400
    assert "no signature line" in garbage.text
    assert wrong_method.status_code == 405
    assert wrong_path.status_code == 404
    assert count(valvo, observations) == 2
    assert count(valvo, device_frames) == 1


async def test_a_reissued_key_replaces_the_old_one_and_restarts_the_sequence(
    valvo: Valvo,
) -> None:
    old = enrol(valvo)
    async with http_gateway(valvo) as client:
        assert (await client.post(PATH, content=encode_message(old, "HU-1", 9, EVENTS))).is_success
        new = enrol(valvo)  # the unit was replaced
        refused = await client.post(PATH, content=encode_message(old, "HU-1", 10, EVENTS))
        accepted = await client.post(PATH, content=encode_message(new, "HU-1", 1, EVENTS))
    assert refused.status_code == 401
    assert accepted.status_code == 200


async def test_no_ack_when_the_database_cannot_store(valvo: Valvo) -> None:
    key = enrol(valvo)
    async with http_gateway(valvo) as client:
        with valvo.db.begin() as conn:
            conn.execute(text("DROP TABLE observations"))
        response = await client.post(PATH, content=encode_message(key, "HU-1", 1, EVENTS))
    assert response.status_code == 503
    assert response.text.startswith("not stored")


async def mqtt_reachable() -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", 1883), 2)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


async def test_over_mqtt_the_ack_is_published_after_storage(valvo: Valvo) -> None:
    if not await mqtt_reachable():
        pytest.fail("the Mosquitto broker is not listening on 127.0.0.1:1883")
    device = f"HU-{uuid.uuid4().hex[:10]}"
    key = enrol(valvo, device)
    ingest, task = ingest_for(valvo)
    subscriber = ValvoMqttSubscriber(
        ingest,
        BrokerAddress.parse("mqtt://127.0.0.1:1883"),
        client_id=f"valvo-test-{uuid.uuid4().hex[:8]}",
        persistent=False,
    )
    running = asyncio.create_task(subscriber.run())
    try:
        await asyncio.wait_for(subscriber.subscribed.wait(), 10)
        async with aiomqtt.Client("127.0.0.1", 1883, identifier=f"dev-{device}") as client:
            await client.subscribe(f"valvo/v1/{device}/+", qos=1)
            up = f"valvo/v1/{device}/up"
            await client.publish(up, encode_message(key, device, 3, EVENTS), qos=1)
            await client.publish(up, encode_message(key, device, 2, EVENTS), qos=1)
            answers = []
            async with asyncio.timeout(10):
                async for message in client.messages:
                    kind = str(message.topic).rsplit("/", 1)[1]
                    if kind in ("ack", "error"):  # not its own uplink
                        answers.append((kind, message.payload))
                    if len(answers) == 2:
                        break
    finally:
        running.cancel()
        task.cancel()
    assert answers[0] == ("ack", ack_for(key, device, 3))
    assert answers[1][0] == "error"
    assert b"sequence 2 is not after 3" in bytes(answers[1][1])
    assert count(valvo, device_frames) == 1


async def test_listeners_start_from_settings_and_serve(valvo: Valvo, tmp_path: Path) -> None:
    settings = Settings(
        database_url=valvo.settings.resolved_database_url,
        data_dir=tmp_path,
        tcp_ports={"teltonika": 0},
        udp_ports={"teltonika": 0},
        valvo_http_port=0,
    )
    key = enrol(valvo)
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    started = await start_device_listeners(settings, writer, valvo.clock, valvo.device_credential)
    try:
        assert set(started.addresses) == {"tcp:teltonika", "udp:teltonika", "valvo:http"}
        host, port = started.addresses["tcp:teltonika"].split(":")
        device = TeltonikaClient("356307042441013")
        await device.connect(host, int(port))
        await device.send([AvlFix(valvo.clock(), 60.2, 24.9)])  # raises without its ACK
        await device.close()
        async with httpx.AsyncClient(timeout=10) as client:
            reply = await client.post(
                started.addresses["valvo:http"], content=encode_message(key, "HU-1", 1, EVENTS)
            )
        assert reply.status_code == 200
        # A connection left open (a device between keep-alive requests) ends with the listeners.
        http_host, http_port = (
            started.addresses["valvo:http"].split("//")[1].split("/")[0].split(":")
        )
        idle_reader, idle = await asyncio.open_connection(http_host, int(http_port))
        for _ in range(100):
            if started.http["valvo"].open_connections == 1:
                break
            await asyncio.sleep(0.01)
        assert started.http["valvo"].open_connections == 1
    finally:
        await asyncio.wait_for(started.aclose(), 5)
        task.cancel()
    assert started.http["valvo"].open_connections == 0
    assert await asyncio.wait_for(idle_reader.read(), 5) == b""
    idle.close()
    with pytest.raises(KeyError, match="unknown protocol 'nope'"):
        await start_device_listeners(
            Settings(database_url="sqlite://", tcp_ports={"nope": 0}),
            writer,
            valvo.clock,
            valvo.device_credential,
        )
    assert json.loads(json.dumps(started.addresses))  # plain strings, fit for a log line


async def test_an_event_dated_far_from_its_receipt_is_refused_on_both_sides(
    valvo: Valvo, clock: FakeClock
) -> None:
    key = enrol(valvo)

    def at(when: datetime) -> list[dict[str, Any]]:
        stamp = when.isoformat().replace("+00:00", "Z")
        return [{"type": "strap_opened", "time": stamp, "tag": "TAG-1"}]

    async with http_gateway(valvo) as client:
        future = await client.post(
            PATH, content=encode_message(key, "HU-1", 1, at(clock.now + timedelta(days=300)))
        )
        ancient = await client.post(
            PATH, content=encode_message(key, "HU-1", 2, at(clock.now - timedelta(days=31)))
        )
        drifted = await client.post(
            PATH, content=encode_message(key, "HU-1", 3, at(clock.now + timedelta(minutes=4)))
        )
    assert future.status_code == 400
    assert "more than 5 minutes ahead of the server's clock" in future.text
    assert (ancient.status_code, "more than 30 days old" in ancient.text) == (400, True)
    assert drifted.status_code == 200  # a little clock drift is fine
    assert count(valvo, observations) == 1
    assert count(valvo, device_frames) == 1
