"""The TCP gateway over real sockets on 127.0.0.1 (Teltonika, a corpus protocol, plus a minimal
line protocol for the limits): the ACK goes out only after the frame is stored, a resend is
stored once and still acknowledged, hostile input closes only its own connection with a reason,
and unknown devices are quarantined and listed for the administrator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from tests.conftest import FakeClock
from valvo.adapters.db.provenance import verify_chains
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.gateway.tcp_server import StreamLimits, TcpListener
from valvo.protocols.base import DecodedRecord, DecodeError, DecodeResult, Session
from valvo.protocols.registry import ProtocolSpec, get_protocol
from valvo.services import registry
from valvo.services.telemetry import FrameOutcome, RawFrame
from valvo.sim import gt06_device as gt06
from valvo.sim.teltonika_device import AvlFix, avl_packet, imei_frame
from valvo.web.app import create_app

IMEI = "356307042441013"
WAIT = 10.0


@asynccontextmanager
async def gateway(
    valvo: Valvo,
    spec: ProtocolSpec | None = None,
    limits: StreamLimits | None = None,
    writer: GroupCommitWriter | None = None,
) -> AsyncIterator[tuple[int, TcpListener]]:
    writer = writer or valvo.log_writer()
    task = asyncio.create_task(writer.run())
    listener = TcpListener(spec or get_protocol("teltonika"), writer, valvo.clock, limits=limits)
    server = await listener.start("127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], listener
    finally:
        server.close()
        task.cancel()


async def connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


async def closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the server still sends before it closes the connection."""
    return await asyncio.wait_for(reader.read(), WAIT)


def register(valvo: Valvo, identifier: str = IMEI) -> None:
    with valvo.uow() as uow:
        registry.register_device(
            uow, "t", valvo.clock(), identifier=identifier, protocol="teltonika", kind="gps_tracker"
        )
        uow.commit()


def packet(valvo: Valvo, minutes_ago: int = 1) -> bytes:
    at = valvo.clock() - timedelta(minutes=minutes_ago)
    return avl_packet([AvlFix(at, 60.17, 24.94, speed_kmh=5)])


async def logged_in(
    port: int, imei: str = IMEI
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await connect(port)
    await send(writer, imei_frame(imei))
    assert await asyncio.wait_for(reader.readexactly(1), WAIT) == b"\x01"
    return reader, writer


async def test_fix_is_acknowledged_with_its_record_count_after_it_is_stored(
    valvo: Valvo, clock: FakeClock
) -> None:
    register(valvo)
    async with gateway(valvo) as (port, _listener):
        reader, writer = await logged_in(port)
        await send(writer, packet(valvo))
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        writer.close()
    stored = valvo.observation_log().read_after(0, 10)
    assert [o.kind.value for o in stored] == ["login", "position"]
    fix = stored[1]
    assert (fix.device_id, fix.lat, fix.lon) == (IMEI, 60.17, 24.94)
    assert fix.device_time == clock.now - timedelta(minutes=1)  # the device's own time
    assert fix.received_at == clock.now
    with valvo.db.connect() as conn:
        report = verify_chains(conn)
    assert report.intact
    assert report.frames == 2


class GatedWriter(GroupCommitWriter):
    """Holds each append until the test opens the gate: nothing may be acknowledged before."""

    gate: asyncio.Event

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        await self.gate.wait()
        return await super().append_frames(frames)


async def test_no_ack_is_written_before_the_append_resolves(valvo: Valvo) -> None:
    gated = GatedWriter(valvo.observation_log())
    gated.gate = asyncio.Event()
    async with gateway(valvo, writer=gated) as (port, _):
        reader, writer = await connect(port)
        await send(writer, imei_frame(IMEI))
        early = asyncio.create_task(reader.readexactly(1))
        await asyncio.sleep(0.3)
        assert not early.done()  # the login is not stored yet, so no 01
        assert valvo.observation_log().read_after(0, 10) == []
        gated.gate.set()
        assert await asyncio.wait_for(early, WAIT) == b"\x01"
        writer.close()


async def test_no_ack_and_the_connection_closes_when_the_database_cannot_store(
    valvo: Valvo,
) -> None:
    async with gateway(valvo) as (port, listener):
        reader, writer = await logged_in(port)
        with valvo.db.begin() as conn:
            conn.execute(text("DROP TABLE observations"))
        await send(writer, packet(valvo))
        assert await closed(reader) == b""  # no record-count ACK, just the close
    assert listener.stats.closes["storage_failure"] == 1


async def test_a_resend_is_stored_once_and_acknowledged_again(valvo: Valvo) -> None:
    register(valvo)
    async with gateway(valvo) as (port, listener):
        data = packet(valvo)
        for _ in range(2):  # the device did not see the first ACK and sends again
            reader, writer = await logged_in(port)
            await send(writer, data)
            assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
            writer.close()
    kinds = [o.kind.value for o in valvo.observation_log().read_after(0, 10)]
    assert kinds == ["login", "position", "login"]
    assert listener.stats.resends == 1


async def test_garbage_truncation_and_absurd_lengths_close_only_their_connection(
    valvo: Valvo,
) -> None:
    register(valvo)
    async with gateway(valvo) as (port, listener):
        good_reader, good_writer = await logged_in(port)
        garbage_reader, garbage_writer = await connect(port)
        await send(garbage_writer, b"\x16\x03\x01\x02\x00hello")  # a TLS hello, say
        assert await closed(garbage_reader) == b""
        absurd_reader, absurd_writer = await connect(port)
        await send(absurd_writer, b"\x7f\xff" + b"1" * 10)  # IMEI length 32767
        assert await closed(absurd_reader) == b""
        _truncated_reader, truncated_writer = await logged_in(port)
        await send(truncated_writer, packet(valvo)[:20])
        truncated_writer.close()
        await send(good_writer, packet(valvo))  # the others keep being served
        assert await asyncio.wait_for(good_reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        good_writer.close()
        await asyncio.sleep(0.2)
    assert listener.stats.closes["bad_stream"] == 2
    assert listener.stats.closes["peer_closed"] >= 1
    positions = [o for o in valvo.observation_log().read_after(0, 20) if o.kind.value == "position"]
    assert len(positions) == 1


async def test_a_frame_before_login_closes_the_connection_and_stores_nothing(valvo: Valvo) -> None:
    async with gateway(valvo) as (port, listener):
        reader, writer = await connect(port)
        await send(writer, packet(valvo))
        assert await closed(reader) == b""
    assert listener.stats.closes["unidentified"] == 1
    with valvo.db.connect() as conn:
        assert verify_chains(conn).frames == 0


@dataclass
class LineDecoder:
    """A minimal text protocol for the limits: ``ID,text\\n``, answered ``OK\\n``."""

    name: str = "lines"

    def decode(self, message: bytes, session: Session) -> DecodeResult:
        device, sep, _ = message.decode("ascii", "replace").partition(",")
        if not sep or not device:
            raise DecodeError("lines: no device id")
        return DecodeResult((DecodedRecord("heartbeat", device),), ack=b"OK\n")


class LineSplitter:
    def split(self, buffer: bytearray) -> list[bytes]:
        frames = []
        while (end := buffer.find(b"\n")) >= 0:
            frames.append(bytes(buffer[:end]))
            del buffer[: end + 1]
        return frames


LINES = ProtocolSpec("lines", LineDecoder, LineSplitter, "text")


async def test_buffer_limit_slow_clients_and_idle_clients_are_closed(valvo: Valvo) -> None:
    limits = StreamLimits(max_buffer=1024, idle_timeout_s=0.6, frame_timeout_s=0.4)
    async with gateway(valvo, LINES, limits) as (port, listener):
        flood_reader, flood_writer = await connect(port)
        await send(flood_writer, b"x" * 5000)  # no end of frame in sight
        slow_reader, slow_writer = await connect(port)
        idle_reader, idle_writer = await connect(port)
        for _ in range(4):  # a byte at a time: never idle, never finishing its frame
            await send(slow_writer, b"d")
            await asyncio.sleep(0.15)
        assert await closed(flood_reader) == b""
        assert await closed(slow_reader) == b""
        assert await closed(idle_reader) == b""
        idle_writer.close()
        reader, writer = await connect(port)
        await send(writer, b"dev-9,hello\n")
        assert await asyncio.wait_for(reader.readexactly(3), WAIT) == b"OK\n"
        writer.close()
    assert listener.stats.closes["buffer_limit"] == 1
    assert listener.stats.closes["frame_timeout"] == 1
    assert listener.stats.closes["idle_timeout"] == 1


async def test_the_connection_cap_refuses_extra_connections_and_frees_on_close(
    valvo: Valvo,
) -> None:
    limits = StreamLimits(max_connections=2)
    async with gateway(valvo, LINES, limits) as (port, listener):
        first = await connect(port)
        second = await connect(port)
        await send(first[1], b"a,1\n")
        await send(second[1], b"b,1\n")
        assert await asyncio.wait_for(first[0].readexactly(3), WAIT) == b"OK\n"
        assert await asyncio.wait_for(second[0].readexactly(3), WAIT) == b"OK\n"
        third_reader, third_writer = await connect(port)
        assert await closed(third_reader) == b""
        assert listener.stats.rejected_connections == 1
        third_writer.close()
        first[1].close()
        await asyncio.sleep(0.2)
        reader, writer = await connect(port)
        await send(writer, b"c,1\n")
        assert await asyncio.wait_for(reader.readexactly(3), WAIT) == b"OK\n"
        writer.close()
        second[1].close()


async def test_an_unknown_device_is_quarantined_acknowledged_and_listed(valvo: Valvo) -> None:
    async with gateway(valvo) as (port, listener):
        reader, writer = await logged_in(port, "999999999999999")
        await send(writer, packet(valvo))
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        writer.close()
    assert valvo.observation_log().read_after(0, 10) == []  # stored, but never evaluated
    assert listener.stats.quarantined == 2
    with TestClient(create_app(valvo)) as client:
        token = client.post(
            "/api/auth/token", data={"username": "admin", "password": "valvo-demo"}
        ).json()["access_token"]
        response = client.get(
            "/api/devices/quarantine", headers={"Authorization": f"Bearer {token}"}
        )
        assert client.get("/api/devices/quarantine").status_code == 401
    assert response.status_code == 200
    listed = response.json()
    assert [(d["identifier"], d["protocol"], d["frames"]) for d in listed] == [
        ("999999999999999", "teltonika", 2)
    ]


async def test_a_frame_failing_its_crc_is_kept_as_evidence_not_acknowledged_nor_evaluated(
    valvo: Valvo,
) -> None:
    register(valvo)
    good = packet(valvo)
    corrupt = good[:-1] + bytes([good[-1] ^ 0xFF])  # the CRC-16 no longer matches
    async with gateway(valvo) as (port, listener):
        reader, writer = await logged_in(port)
        await send(writer, corrupt)
        assert await closed(reader) == b""  # no record count: the device will send it again
        reader, writer = await logged_in(port)
        await send(writer, good)
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        writer.close()
    assert listener.stats.closes["integrity"] == 1
    kinds = [o.kind.value for o in valvo.observation_log().read_after(0, 10)]
    assert kinds == ["login", "login", "position"]  # only the good copy's fix
    with valvo.db.connect() as conn:
        frames = conn.execute(
            select(device_frames.c.raw, device_frames.c.observation_seqs).order_by(
                device_frames.c.id
            )
        ).all()
        assert verify_chains(conn).intact
    assert (bytes(frames[1].raw), frames[1].observation_seqs) == (corrupt, [])
    assert bytes(frames[3].raw) == good


async def test_a_record_repacked_in_another_packet_is_stored_once(valvo: Valvo) -> None:
    register(valvo)
    first = AvlFix(valvo.clock() - timedelta(minutes=2), 60.17, 24.94, speed_kmh=5)
    second = AvlFix(valvo.clock() - timedelta(minutes=1), 60.18, 24.95, speed_kmh=6)
    async with gateway(valvo) as (port, _listener):
        reader, writer = await logged_in(port)
        await send(writer, avl_packet([first]))
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x01"
        # The ACK was lost: the device packs the same record with a newer one.
        await send(writer, avl_packet([first, second]))
        assert await asyncio.wait_for(reader.readexactly(4), WAIT) == b"\x00\x00\x00\x02"
        writer.close()
    fixes = [o for o in valvo.observation_log().read_after(0, 10) if o.kind.value == "position"]
    assert [(o.lat, o.device_time) for o in fixes] == [(60.17, first.time), (60.18, second.time)]


async def test_a_gt06_resend_with_a_new_serial_is_stored_once(valvo: Valvo) -> None:
    register(valvo)
    fix = AvlFix(valvo.clock() - timedelta(minutes=1), 60.17, 24.94, speed_kmh=5)
    async with gateway(valvo, spec=get_protocol("gt06")) as (port, _listener):
        reader, writer = await connect(port)
        await send(writer, gt06.frame(0x01, gt06.login_content(IMEI), 1))
        assert await asyncio.wait_for(reader.readexactly(10), WAIT) == gt06.ack(0x01, 1)
        for serial in (2, 3):  # the same location, resent under the next serial
            await send(writer, gt06.frame(gt06.LOCATION, gt06.location_content(fix), serial))
            assert await asyncio.wait_for(reader.readexactly(10), WAIT) == gt06.ack(
                gt06.LOCATION, serial
            )
        writer.close()
    fixes = [o for o in valvo.observation_log().read_after(0, 10) if o.kind.value == "position"]
    assert len(fixes) == 1
