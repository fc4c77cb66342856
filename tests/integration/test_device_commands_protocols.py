"""Device commands on H02, Watch and Meitrack over real sockets, on SQLite and PostgreSQL
(issue 20): the gateway writes each command on the simulated device's open connection, the
device answers as its protocol's document says, and the command reads acknowledged with the
answer; the answer is stored once (an H02 V4 or a Meitrack A10 answer as one fix, a watch's echo
as a reply); an answer to something else acknowledges nothing; a device that never answers
fails the command."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.caseload import Registered, register_person
from tests.support.factories import HOME
from valvo.adapters.db.acting_repo import SqlCommandStore
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import ObservationKind
from valvo.gateway.commands import CommandChannel
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.gateway.tcp_server import TcpListener
from valvo.protocols.registry import get_protocol
from valvo.sim.h02_device import H02Device
from valvo.sim.meitrack_device import MeitrackDevice
from valvo.sim.teltonika_device import AvlFix
from valvo.sim.watch_device import WatchDevice
from valvo.web.app import create_app

Device = H02Device | WatchDevice | MeitrackDevice


@dataclass(frozen=True)
class Case:
    protocol: str
    identifier: str
    make: Callable[[str], Device]
    kind: str
    text: str  # what the device is sent (and the simulator returns)
    reply: Callable[[str], bool]


def _position(reply: str) -> bool:
    return reply.startswith(f"position {HOME[1]:.5f},{HOME[0]:.5f}")


CASES = [
    Case("h02", "4106002001", lambda i: H02Device(i, timeout_s=5), "locate", "D1,30,1", _position),
    Case(
        "h02",
        "4106002002",
        lambda i: H02Device(i, timeout_s=5),
        "fast_reporting",
        "S17,30",
        lambda r: r.startswith("S17,") and len(r) == len("S17,130305"),
    ),
    Case("watch", "8800000015", lambda i: WatchDevice(i, timeout_s=5), "locate", "CR", "CR".__eq__),
    Case(
        "watch",
        "8800000016",
        lambda i: WatchDevice(i, timeout_s=5),
        "fast_reporting",
        "UPLOAD,60",
        "UPLOAD".__eq__,
    ),
    Case(
        "watch", "8800000017", lambda i: WatchDevice(i, timeout_s=5), "buzz", "FIND", "FIND".__eq__
    ),
    Case(
        "meitrack",
        "353358017784062",
        lambda i: MeitrackDevice(i, timeout_s=5),
        "locate",
        "A10",
        lambda r: _position(r) and r.endswith(" event 34"),
    ),
    Case(
        "meitrack",
        "353358017784063",
        lambda i: MeitrackDevice(i, timeout_s=5),
        "fast_reporting",
        "A12,1",
        "A12,OK".__eq__,
    ),
]


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def _person(valvo: Valvo, case: Case) -> Registered:
    return register_person(valvo, case.identifier, protocol=case.protocol, name="Teemu Testaaja")


def _queue(client: TestClient, valvo: Valvo, subject_id: str, kind: str) -> dict[str, Any]:
    answer = client.post(
        f"/api/subjects/{subject_id}/commands",
        json={"kind": kind},
        headers=bearer(valvo, "operator", name=f"olli-{uuid.uuid4().hex[:6]}"),
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _commands(client: TestClient, valvo: Valvo, subject_id: str) -> list[dict[str, Any]]:
    answer = client.get(f"/api/subjects/{subject_id}/commands", headers=bearer(valvo, "operator"))
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()
    return rows


def _fix(clock: FakeClock) -> AvlFix:
    return AvlFix(clock.now.replace(microsecond=0), HOME[1], HOME[0], satellites=8)


class Gateway:
    """A TCP listener of ``protocol`` with the command channel, for one test."""

    def __init__(self, valvo: Valvo, protocol: str) -> None:
        self.valvo = valvo
        self.protocol = protocol
        self.channel = CommandChannel(SqlCommandStore(valvo.db), valvo.clock, every_s=0.05)

    async def __aenter__(self) -> Gateway:
        writer = GroupCommitWriter(self.valvo.observation_log())
        self.tasks = [asyncio.create_task(writer.run()), asyncio.create_task(self.channel.run())]
        listener = TcpListener(
            get_protocol(self.protocol), writer, self.valvo.clock, commands=self.channel
        )
        self.server = await listener.start("127.0.0.1", 0)
        self.port = int(self.server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.sleep(0.2)  # the closed connection's handler finishes first
        for task in self.tasks:
            task.cancel()
        self.server.close()

    async def until(self, done: Callable[[], bool]) -> None:
        for _ in range(200):
            if done():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the gateway did not get there in 10 s")


async def _introduce(device: Device, fix: AvlFix) -> None:
    """The device's first frames name it on the connection (a watch's LK on connect)."""
    if not isinstance(device, WatchDevice):
        await device.report(fix)


def _fixes(valvo: Valvo, identifier: str) -> list[Any]:
    return [
        o
        for o in valvo.observation_log().read_after(0, 1000)
        if o.device_id == identifier and o.kind is ObservationKind.POSITION
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.protocol}-{c.kind}")
async def test_the_command_is_sent_answered_and_acknowledged(
    case: Case, valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = _person(valvo, case)
    queued = _queue(client, valvo, who.subject_id, case.kind)
    assert (queued["status"], queued["text"], queued["protocol"]) == (
        "queued",
        case.text,
        case.protocol,
    )
    async with Gateway(valvo, case.protocol) as gateway:
        device = case.make(case.identifier)
        try:
            await device.connect("127.0.0.1", gateway.port)
            await _introduce(device, _fix(clock))
            clock.advance(seconds=5)  # the answer's fix is a new one, not the first sent again
            assert await device.answer_command(_fix(clock), timeout_s=5) == case.text
            await gateway.until(lambda: gateway.channel.answered == 1)
        finally:
            await device.close()
    [row] = _commands(client, valvo, who.subject_id)
    assert row["status"] == "acknowledged", row
    assert row["sent_at"] is not None
    assert row["answered_at"] is not None
    assert case.reply(row["reply"]), row["reply"]
    # Stored once: the introduction's fix, and the answer's when it is a position.
    answers_with_fix = (case.protocol, case.kind) in {
        ("h02", "locate"),
        ("h02", "fast_reporting"),  # the V4 carries the position
        ("watch", "locate"),  # CR: the watch then reports where it is
        ("meitrack", "locate"),
    }
    introduced = 0 if case.protocol == "watch" else 1
    assert len(_fixes(valvo, case.identifier)) == introduced + int(answers_with_fix)


async def test_an_answer_to_something_else_acknowledges_nothing(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    """A Meitrack locate waits through the tracker's ordinary reports (event 35) and is
    acknowledged by the position it asked for (event 34)."""
    case = CASES[5]
    who = _person(valvo, case)
    queued = _queue(client, valvo, who.subject_id, "locate")
    async with Gateway(valvo, "meitrack") as gateway:
        device = MeitrackDevice(case.identifier, timeout_s=5)
        try:
            await device.connect("127.0.0.1", gateway.port)
            await device.report(_fix(clock))
            await gateway.until(lambda: gateway.channel.sent == 1)
            for _ in range(3):
                clock.advance(seconds=1)
                await device.report(_fix(clock))  # not an answer to A10
            await gateway.until(lambda: len(_fixes(valvo, case.identifier)) == 4)
            assert gateway.channel.answered == 0
            [waiting] = _commands(client, valvo, who.subject_id)
            assert (waiting["id"], waiting["status"]) == (queued["id"], "sent")
            assert await device.answer_command(_fix(clock), timeout_s=5) == "A10"
            await gateway.until(lambda: gateway.channel.answered == 1)
        finally:
            await device.close()
    [row] = _commands(client, valvo, who.subject_id)
    assert row["status"] == "acknowledged"
    assert row["reply"].endswith(" event 34")


@pytest.mark.parametrize("case", [CASES[1], CASES[4], CASES[6]], ids=lambda c: c.protocol)
async def test_a_device_that_never_answers_fails_the_command(
    case: Case, valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = _person(valvo, case)
    sent = _queue(client, valvo, who.subject_id, case.kind)
    async with Gateway(valvo, case.protocol) as gateway:
        device = case.make(case.identifier)
        try:
            await device.connect("127.0.0.1", gateway.port)
            await _introduce(device, _fix(clock))
            await gateway.until(lambda: gateway.channel.sent == 1)
            clock.advance(seconds=61)  # the device reads the command and never answers
            await gateway.channel.round()
        finally:
            await device.close()
    [row] = _commands(client, valvo, who.subject_id)
    assert (row["id"], row["status"], row["reason"]) == (
        sent["id"],
        "failed",
        "no answer from the device",
    )
    assert row["answered_at"] is None


def test_the_person_s_device_takes_only_its_protocol_s_commands(
    valvo: Valvo, client: TestClient
) -> None:
    """A buzz for an H02 tracker is refused with the reason, and nothing is queued; the API's
    device list offers each device exactly its commands."""
    h02 = _person(valvo, CASES[0])
    refused = client.post(
        f"/api/subjects/{h02.subject_id}/commands",
        json={"kind": "buzz"},
        headers=bearer(valvo, "operator"),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == "a h02 device does not take the command 'buzz'"
    assert _commands(client, valvo, h02.subject_id) == []
    meta = client.get("/api/meta", headers=bearer(valvo, "operator")).json()
    assert meta["command_protocols"]["watch"] == ["locate", "fast_reporting", "buzz"]
    assert meta["command_protocols"]["h02"] == ["locate", "fast_reporting"]
    assert meta["command_intervals"]["watch"] == 60
