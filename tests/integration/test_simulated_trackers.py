"""The simulator's GT06, H02, Watch and Queclink devices against the real TCP listeners over real
sockets, on SQLite and PostgreSQL: reports are stored with the device's own time before the device
gets its ACK, a report whose ACK is late is resent and stored once, and a strap removal (GT06,
Watch) or an SOS (H02, Queclink) is decoded into an alarm observation; the engine makes the strap
removal a strap-tamper alarm."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import HOME
from valvo.adapters.db.provenance import verify_chains
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.gateway.tcp_server import TcpListener
from valvo.protocols.registry import get_protocol
from valvo.services.telemetry import FrameOutcome, RawFrame
from valvo.sim.gl200_device import Gl200Device
from valvo.sim.gt06_device import Gt06Device
from valvo.sim.h02_device import H02Device
from valvo.sim.teltonika_device import AvlFix
from valvo.sim.watch_device import WatchDevice

WAIT = 10.0


@dataclass(frozen=True)
class Kind:
    protocol: str
    identifier: str
    alarm: str  # the alarm this device sends in the tests
    logins: int  # login/link records stored when the device connects


KINDS = {
    "gt06": Kind("gt06", "358657101234567", "removing", 1),
    "h02": Kind("h02", "4209917346", "sos", 0),
    "watch": Kind("watch", "8800000015", "removing", 1),
    "gl200": Kind("gl200", "358610000000001", "sos", 0),
}
Device = Gt06Device | H02Device | WatchDevice | Gl200Device


def make_device(kind: Kind, timeout_s: float = WAIT, resends: int = 2) -> Device:
    if kind.protocol == "gt06":
        return Gt06Device(kind.identifier, timeout_s=timeout_s, resends=resends)
    if kind.protocol == "h02":
        return H02Device(kind.identifier, timeout_s=timeout_s, resends=resends)
    if kind.protocol == "gl200":
        return Gl200Device(kind.identifier, timeout_s=timeout_s, resends=resends)
    return WatchDevice(kind.identifier, timeout_s=timeout_s, resends=resends)


class GatedWriter(GroupCommitWriter):
    """Holds each append while the gate is shut: nothing may be acknowledged before it opens."""

    gate: asyncio.Event

    async def append_frames(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        await self.gate.wait()
        return await super().append_frames(frames)


@asynccontextmanager
async def listening(
    valvo: Valvo, protocol: str
) -> AsyncIterator[tuple[int, GatedWriter, TcpListener]]:
    writer = GatedWriter(valvo.observation_log())
    writer.gate = asyncio.Event()
    writer.gate.set()
    task = asyncio.create_task(writer.run())
    listener = TcpListener(get_protocol(protocol), writer, valvo.clock)
    server = await listener.start("127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], writer, listener
    finally:
        server.close()
        task.cancel()


def stored(valvo: Valvo) -> list[Observation]:
    return valvo.observation_log().read_after(0, 100)


def of_kind(observations: list[Observation], kind: ObservationKind) -> list[Observation]:
    return [o for o in observations if o.kind is kind]


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> Kind:
    return KINDS[request.param]


def fix_at(clock: FakeClock, minutes_ago: int, east: float = 0.0) -> AvlFix:
    at = (clock.now - timedelta(minutes=minutes_ago)).replace(microsecond=0)
    return AvlFix(at, HOME[1], HOME[0] + east, speed_kmh=4, course=90, satellites=9)


async def test_reports_are_stored_with_device_time_before_the_ack(
    valvo: Valvo, clock: FakeClock, kind: Kind
) -> None:
    register_person(valvo, kind.identifier)
    async with listening(valvo, kind.protocol) as (port, writer, listener):
        device = make_device(kind)
        await device.connect("127.0.0.1", port)
        assert len(stored(valvo)) == kind.logins
        writer.gate.clear()  # storage stalls: the report must wait for its ACK
        older, newer = fix_at(clock, 30), fix_at(clock, 2, east=0.001)
        reporting = asyncio.create_task(device.report(newer))
        await asyncio.sleep(0.4)
        assert not reporting.done()
        assert of_kind(stored(valvo), ObservationKind.POSITION) == []
        writer.gate.set()
        await asyncio.wait_for(reporting, WAIT)
        await device.report(older)  # a buffered report, sent after a newer one
        await device.heartbeat()
        await device.close()
    observations = stored(valvo)
    positions = of_kind(observations, ObservationKind.POSITION)
    assert [p.device_time for p in positions] == [newer.time, older.time]
    assert all(p.received_at == clock.now for p in positions)
    assert positions[0].lat == pytest.approx(newer.lat, abs=1e-5)
    assert positions[0].lon == pytest.approx(newer.lon, abs=1e-5)
    assert {o.device_id for o in observations} == {kind.identifier}
    assert of_kind(observations, ObservationKind.HEARTBEAT)
    assert listener.stats.warnings == {}  # CRCs and lengths all right
    with valvo.db.connect() as conn:
        assert verify_chains(conn).intact


async def test_a_report_whose_ack_is_late_is_resent_and_stored_once(
    valvo: Valvo, clock: FakeClock, kind: Kind
) -> None:
    register_person(valvo, kind.identifier)
    async with listening(valvo, kind.protocol) as (port, writer, listener):
        device = make_device(kind, timeout_s=0.5, resends=3)
        await device.connect("127.0.0.1", port)
        writer.gate.clear()
        reporting = asyncio.create_task(device.report(fix_at(clock, 1)))
        await asyncio.sleep(0.8)  # the first ACK is overdue: the device has sent it again
        writer.gate.set()
        await asyncio.wait_for(reporting, WAIT)
        await device.report(fix_at(clock, 0))  # the late second ACK confirms nothing
        await device.close()
    assert device.connection.resent >= 1
    assert listener.stats.resends >= 1
    assert len(of_kind(stored(valvo), ObservationKind.POSITION)) == 2


async def test_the_alarm_is_decoded_and_raises_its_health_alarm(
    valvo: Valvo, clock: FakeClock, kind: Kind
) -> None:
    person = register_person(valvo, kind.identifier, exclusion=False)
    async with listening(valvo, kind.protocol) as (port, _writer, _listener):
        device = make_device(kind)
        await device.connect("127.0.0.1", port)
        await device.report(fix_at(clock, 3))
        await device.alarm(fix_at(clock, 1), kind.alarm)
        await device.close()
    (alarm,) = of_kind(stored(valvo), ObservationKind.ALARM)
    assert alarm.alarms == (kind.alarm,)
    assert alarm.device_time == fix_at(clock, 1).time
    valvo.engine_worker().step(clock.advance(seconds=10))
    with valvo.uow() as uow:
        raised = {a["kind"] for a in uow.alarms.find(None, person.subject_id, 10)}
    if kind.alarm == "removing":
        assert "strap_tamper" in raised  # strap removal is a tamper alarm
    else:
        assert "strap_tamper" not in raised  # an SOS is not a strap tamper


# Per protocol: garbage, an absurd length (or a frame that never ends), a truncated frame.
HOSTILE = {
    "gt06": (b"GET / HTTP/1.1\r\n\r\n", b"\x79\x79\xff\xff\x01" + b"\0" * 64, b"\x78\x78\x11\x01"),
    "h02": (b"\x16\x03\x01\x02\x00", b"*HQ," + b"9" * 3000, b"*HQ,4209917346,V1,0745"),
    "watch": (b"\x16\x03\x01\x02\x00", b"[3G*1*FFFF*" + b"x" * 70_000, b"[3G*8800000015*0002*L"),
    "gl200": (b"\x16\x03\x01\x02\x00", b"+RESP:GTFRI," + b"9" * 70_000, b"+RESP:GTFRI,0201"),
}


async def test_hostile_input_closes_only_its_own_connection(
    valvo: Valvo, clock: FakeClock, kind: Kind
) -> None:
    register_person(valvo, kind.identifier)
    garbage, absurd, truncated = HOSTILE[kind.protocol]
    async with listening(valvo, kind.protocol) as (port, _writer, listener):
        device = make_device(kind)
        await device.connect("127.0.0.1", port)
        for data in (garbage, absurd):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(data)
            await writer.drain()
            assert await asyncio.wait_for(reader.read(), WAIT) == b""  # closed, nothing said
            writer.close()
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(truncated)
        await writer.drain()
        writer.close()  # gone mid-frame
        await device.report(fix_at(clock, 1))  # the device keeps being served
        await device.close()
        await asyncio.sleep(0.2)
    assert listener.stats.closes["bad_stream"] + listener.stats.closes["buffer_limit"] == 2
    assert listener.stats.closes["peer_closed"] >= 2  # the truncated frame and the device
    assert len(of_kind(stored(valvo), ObservationKind.POSITION)) == 1
