"""The OsmAnd gateway over a real socket: 200 only after the fix is durably stored, precise 400s
for garbage with nothing stored, resends stored once, limits enforced, and no 200 when the
database cannot store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import FakeClock, make_valvo
from valvo.adapters.db.quarantine import quarantined_devices
from valvo.bootstrap import Valvo
from valvo.gateway.connection_budget import ConnectionBudget
from valvo.gateway.http_server import HttpListener
from valvo.gateway.osmand import OsmAndEndpoint
from valvo.services import registry
from valvo.web.app import create_app

FIX = "/?id=dev-1&lat=60.17&lon=24.94&timestamp=1795420800&accuracy=8"


def register(valvo: Valvo, *identifiers: str) -> None:
    with valvo.uow() as uow:
        for identifier in identifiers:
            registry.register_device(
                uow,
                "test",
                valvo.clock(),
                identifier=identifier,
                protocol="osmand",
                kind="gps_tracker",
            )
        uow.commit()


@asynccontextmanager
async def gateway(valvo: Valvo) -> AsyncIterator[int]:
    register(valvo, "dev-1", "dev-2")
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    listener = HttpListener(OsmAndEndpoint(writer, valvo.clock))
    server = await listener.start("127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await listener.close_connections()
        task.cancel()


async def exchange(port: int, request: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    status = int(head.split(b" ")[1])
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    body = await reader.readexactly(length)
    writer.close()
    return status, body


def get(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()


async def test_a_fix_is_acknowledged_after_it_is_stored_and_a_resend_is_stored_once(
    valvo: Valvo, clock: FakeClock
) -> None:
    async with gateway(valvo) as port:
        assert await exchange(port, get(FIX)) == (200, b"")
        stored = valvo.observation_log().read_after(0, 10)
        assert len(stored) == 1
        assert stored[0].device_id == "dev-1"
        assert stored[0].received_at == clock.now
        assert await exchange(port, get(FIX)) == (200, b"")  # the device did not see our 200
        assert len(valvo.observation_log().read_after(0, 10)) == 1


async def test_json_body_post_is_accepted(valvo: Valvo) -> None:
    body = (
        b'{"device_id":"dev-2","location":{"timestamp":"2026-11-23T10:00:00Z",'
        b'"coords":{"latitude":60.17,"longitude":24.94,"accuracy":5}}}'
    )
    request = (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    async with gateway(valvo) as port:
        assert (await exchange(port, request))[0] == 200
    assert valvo.observation_log().read_after(0, 10)[0].device_id == "dev-2"


async def test_garbage_gets_a_reason_and_nothing_is_stored(valvo: Valvo) -> None:
    async with gateway(valvo) as port:
        status, body = await exchange(port, get("/?lat=60&lon=24"))
        assert (status, body) == (400, b"osmand: missing device id (id or deviceid)")
        status, body = await exchange(port, get("/?id=1&lat=91&lon=24"))
        assert status == 400
        assert b"out of range" in body
        status, body = await exchange(port, b"\x16\x03\x01garbage\r\n\r\n")
        assert (status, body) == (400, b"malformed request line")
        oversize = b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"
        assert (await exchange(port, oversize))[0] == 413
    assert valvo.observation_log().read_after(0, 10) == []


async def test_no_acknowledgement_when_the_database_cannot_store(valvo: Valvo) -> None:
    async with gateway(valvo) as port:
        with valvo.db.begin() as conn:
            conn.execute(text("DROP TABLE observations"))
        status, body = await exchange(port, get(FIX))
    assert status == 503
    assert b"not stored" in body


async def test_a_silent_client_does_not_block_others(valvo: Valvo) -> None:
    async with gateway(valvo) as port:
        _, idle_writer = await asyncio.open_connection("127.0.0.1", port)
        idle_writer.write(b"GET /?id=slow")  # never finishes its request line
        await idle_writer.drain()
        assert (await exchange(port, get(FIX)))[0] == 200
        idle_writer.close()


async def test_an_unregistered_device_is_stored_in_quarantine_not_evaluated(valvo: Valvo) -> None:
    stranger = "/?id=stranger-9&lat=60.17&lon=24.94&timestamp=1795420800"
    async with gateway(valvo) as port:
        assert await exchange(port, get(stranger)) == (200, b"")
    assert valvo.observation_log().read_after(0, 10) == []  # the engine never sees it
    with valvo.db.connect() as conn:
        listed = quarantined_devices(conn)
    assert [q["identifier"] for q in listed] == ["stranger-9"]
    assert listed[0]["frames"] == 1


async def test_a_field_the_schema_cannot_hold_is_refused_alone_and_others_are_acknowledged(
    valvo: Valvo,
) -> None:
    """On PostgreSQL a 100-character id used to overflow its column and fail the whole group
    commit: every device in the batch lost its ACK. Now it is refused at decode time."""
    long_id = "/?id=" + "x" * 100 + "&lat=60.17&lon=24.94&timestamp=1795420800"
    nul_attribute = FIX.replace("dev-1", "dev-2") + "&note=a%00b"
    async with gateway(valvo) as port:
        results = await asyncio.gather(
            *(exchange(port, get(t)) for t in (long_id, FIX, nul_attribute, long_id))
        )
    assert [status for status, _ in results] == [400, 200, 400, 400]
    assert b"device id of 100 characters (1 to 64 allowed)" in results[0][1]
    assert b"NUL" in results[2][1]
    assert [o.device_id for o in valvo.observation_log().read_after(0, 10)] == ["dev-1"]
    with valvo.db.connect() as conn:
        assert quarantined_devices(conn) == []


def stranger_fix(n: int, device: str = "stranger-9") -> str:
    return f"/?id={device}&lat=60.17&lon=24.94&timestamp={1795420800 + n}"


async def test_an_unregistered_id_is_rate_limited_and_capped_in_quarantine(
    database_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    valvo = make_valvo(database_url, tmp_path, clock, quarantine_max_frames=25)
    try:
        async with gateway(valvo) as port:
            # A burst of 20 is taken; the 21st at once is over one frame per 10 s.
            for n in range(20):
                assert (await exchange(port, get(stranger_fix(n))))[0] == 200
            status, body = await exchange(port, get(stranger_fix(20)))
            assert (status, body) == (400, b"unregistered device: over one frame per 10 s")
            assert (await exchange(port, get(FIX)))[0] == 200  # registered devices are not
            clock.advance(hours=1)
            for n in range(21, 26):
                assert (await exchange(port, get(stranger_fix(n))))[0] == 200
            status, body = await exchange(port, get(stranger_fix(26)))
        assert (status, body) == (
            400,
            b"unregistered device: 25 frames already held in quarantine",
        )
        with valvo.db.connect() as conn:
            (listed,) = quarantined_devices(conn)
        assert listed["frames"] == 25
    finally:
        valvo.db.dispose()


async def test_the_quarantine_list_pages(valvo: Valvo) -> None:
    async with gateway(valvo) as port:
        for n in range(3):
            assert (await exchange(port, get(stranger_fix(n, f"stranger-{n}"))))[0] == 200
    with TestClient(create_app(valvo)) as client:
        token = client.post(
            "/api/auth/token", data={"username": "admin", "password": "valvo-demo"}
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        first = client.get("/api/devices/quarantine?limit=2", headers=auth)
        following = first.headers["link"].split(">")[0].lstrip("<")
        second = client.get(following, headers=auth)
    assert following == "/api/devices/quarantine?limit=2&offset=2"
    identifiers = [d["identifier"] for d in first.json() + second.json()]
    assert sorted(identifiers) == ["stranger-0", "stranger-1", "stranger-2"]
    assert "link" not in second.headers


async def test_slow_headers_time_out_and_one_address_cannot_take_every_connection(
    valvo: Valvo,
) -> None:
    register(valvo, "dev-1")
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    budget = ConnectionBudget(total=100, per_address=3)
    listener = HttpListener(
        OsmAndEndpoint(writer, valvo.clock), budget=budget, request_timeout_s=0.5
    )
    server = await listener.start("127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        slow = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
        for _, slow_writer in slow:
            slow_writer.write(b"GET /?id=dev-1 HTTP/1.1\r\nHost: x\r\n")  # never ends its head
        late_reader, _ = await asyncio.open_connection("127.0.0.1", port)
        assert await asyncio.wait_for(late_reader.read(), 5) == b""  # over the address's share
        for slow_reader, _ in slow:  # the head's deadline closes them
            assert await asyncio.wait_for(slow_reader.read(), 5) == b""
        assert budget.open == 0
        assert (await exchange(port, get(FIX)))[0] == 200
    finally:
        server.close()
        await listener.close_connections()
        task.cancel()
    assert listener.rejected_connections == 1


async def test_stopping_the_listener_ends_an_idle_keep_alive_connection(valvo: Valvo) -> None:
    """Closing the server leaves accepted connections running; a handler waiting for a device's
    next keep-alive request must end with the listener, not linger pending until collected."""
    register(valvo, "dev-1")
    writer = valvo.log_writer()
    task = asyncio.create_task(writer.run())
    listener = HttpListener(OsmAndEndpoint(writer, valvo.clock), idle_timeout_s=600)
    server = await listener.start("127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, device = await asyncio.open_connection("127.0.0.1", port)
        device.write(f"GET {FIX} HTTP/1.1\r\nHost: x\r\n\r\n".encode())  # keep-alive
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        assert b" 200 " in head
        assert b"keep-alive" in head.lower()
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        assert listener.open_connections == 1  # idle, waiting for the next request
        server.close()
        assert listener.open_connections == 1  # closing the server alone does not end it
        await asyncio.wait_for(listener.close_connections(), 5)
        assert listener.open_connections == 0
        assert await asyncio.wait_for(reader.read(), 5) == b""  # the device sees the close
        device.close()
    finally:
        server.close()
        task.cancel()
