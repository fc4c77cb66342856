"""Acting on the person from an alarm (issue 20 item 5) through the API on SQLite and
PostgreSQL: the person's numbers and contact persons; a call logged in one step to the trail;
the kind's response checklist, ticked steps in the trail (who, when) and refused twice or after
resolving; device commands refused for a device without a command channel, and their whole
life over real sockets: the gateway sends "locate now" on the GT06 and Teltonika simulators'
open connections, the simulators answer, and the command reads acknowledged with the answer
(and the GT06 position reply is stored as a fix); unanswered ones fail, unsent ones expire."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.alarm_desk import exclusion_alarm
from tests.support.caseload import Registered, register_person
from tests.support.factories import HOME
from valvo.adapters.db.acting_repo import SqlCommandStore
from valvo.adapters.db.tables_acting import device_commands
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import ObservationKind
from valvo.gateway.commands import CommandChannel
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.gateway.tcp_server import TcpListener
from valvo.protocols.registry import get_protocol
from valvo.sim.gt06_device import Gt06Device
from valvo.sim.teltonika_device import AvlFix, TeltonikaClient
from valvo.web.app import create_app

IMEI = "358657101234567"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def person(valvo: Valvo, protocol: str = "gt06", device: str = IMEI) -> Registered:
    return register_person(valvo, device, protocol=protocol, name="Teemu Testaaja")


def trail(valvo: Valvo, alarm_id: str, action: str) -> list[Any]:
    e = alarm_events
    with valvo.db.connect() as conn:
        query = select(e).where(e.c.alarm_id == alarm_id, e.c.action == action).order_by(e.c.id)
        return list(conn.execute(query).mappings())


def count(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_contacts_show_the_persons_numbers_contact_persons_and_devices(
    valvo: Valvo, client: TestClient
) -> None:
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, valvo.clock())
    registrar = bearer(valvo, "supervisor")
    url = f"/api/subjects/{who.subject_id}/phones"
    phone = client.post(
        url, json={"label": "mobile", "number": "+358 40 123 4567"}, headers=registrar
    )
    assert phone.status_code == 201, phone.text
    bad = client.post(url, json={"label": "mobile", "number": "call me"}, headers=registrar)
    assert bad.status_code == 422
    assert "digits" in bad.json()["detail"]
    case = client.post(
        "/api/cases/sentences",
        json={"subject_id": who.subject_id, "requested_on": "2026-11-23"},
        headers=bearer(valvo, "prosecutor"),
    )
    assert case.status_code == 201, case.text
    rep = {"kind": "co_resident", "name": "Pirjo Puoliso", "phone": "040 765 4321"}
    added = client.post(
        f"/api/cases/{case.json()['id']}/representatives", json=rep, headers=registrar
    )
    assert added.status_code == 201, added.text

    answer = client.get(f"/api/alarms/{alarm['id']}/contacts", headers=bearer(valvo, "operator"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(p["label"], p["number"]) for p in body["phones"]] == [("mobile", "+358401234567")]
    assert {"kind": "co_resident", "name": "Pirjo Puoliso", "phone": "040 765 4321"} in body[
        "contacts"
    ]
    assert [(d["identifier"], d["commands"]) for d in body["devices"]] == [
        (IMEI, ["locate", "fast_reporting"])
    ]


def test_a_call_is_one_step_of_the_trail_and_a_bad_one_stores_nothing(
    valvo: Valvo, client: TestClient
) -> None:
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, valvo.clock())
    operator = bearer(valvo, "operator", name="olli")
    url = f"/api/alarms/{alarm['id']}/calls"
    call = {"outcome": "no_answer", "number": "+358 40 123 4567", "callee": "the person"}
    answer = client.post(url, json=call | {"note": "rang 10 times"}, headers=operator)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "raised"  # a call changes no status
    [step] = trail(valvo, alarm["id"], "call")
    assert (step["actor"], step["note"]) == ("olli", "rang 10 times")
    assert step["details"] == {
        "outcome": "no_answer",
        "number": "+358 40 123 4567",
        "callee": "the person",
    }
    before = count(valvo, alarm_events)
    for bad, says in (
        (call | {"outcome": "maybe"}, "outcome"),
        (call | {"number": "abc"}, "digits"),
        (call | {"callee": "  "}, "whom"),
    ):
        refused = client.post(url, json=bad, headers=operator)
        assert refused.status_code == 422, bad
        assert says in refused.text
    assert count(valvo, alarm_events) == before
    auditor = client.post(url, json=call, headers=bearer(valvo, "auditor"))
    assert auditor.status_code == 403


def test_the_checklist_of_the_kind_is_ticked_into_the_trail(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, clock.now)
    operator = bearer(valvo, "operator", name="olli")
    url = f"/api/alarms/{alarm['id']}/checklist"
    first = client.get(url, headers=operator).json()
    assert first["version"] == "exclusion-1"
    keys = [s["key"] for s in first["steps"]]
    assert keys[:2] == ["check_victim", "call_police"]
    assert first["unticked"] == keys
    clock.advance(minutes=1)
    ticked = client.post(url, json={"step": "check_victim"}, headers=operator)
    assert ticked.status_code == 200, ticked.text
    done = ticked.json()["steps"][0]
    assert done["done_by"] == "olli"
    assert done["done_at"].startswith(clock.now.isoformat()[:19])
    assert ticked.json()["unticked"] == keys[1:]
    [step] = trail(valvo, alarm["id"], "step_done")
    assert step["details"] == {"version": "exclusion-1", "step": "check_victim"}

    again = client.post(url, json={"step": "check_victim"}, headers=operator)
    assert again.status_code == 409
    unknown = client.post(url, json={"step": "ask_to_charge"}, headers=operator)
    assert unknown.status_code == 422
    assert "not a step of this alarm's checklist" in unknown.json()["detail"]
    resolved = client.post(
        f"/api/alarms/{alarm['id']}/resolve",
        json={"cause": "gps_rf_noise", "note": "drift"},
        headers=operator,
    )
    assert resolved.status_code == 200, resolved.text
    [closing] = trail(valvo, alarm["id"], "resolved")
    assert closing["details"]["unticked_steps"] == keys[1:]  # what was left undone stays said
    late = client.post(url, json={"step": "call_police"}, headers=operator)
    assert late.status_code == 409
    assert len(trail(valvo, alarm["id"], "step_done")) == 1


def test_a_device_without_a_command_channel_is_refused(valvo: Valvo, client: TestClient) -> None:
    who = person(valvo, protocol="osmand", device="phone-1")
    alarm = exclusion_alarm(valvo, who, valvo.clock())
    contacts = client.get(f"/api/alarms/{alarm['id']}/contacts", headers=bearer(valvo, "operator"))
    assert contacts.json()["devices"][0]["commands"] == []
    answer = client.post(
        f"/api/alarms/{alarm['id']}/commands",
        json={"kind": "locate"},
        headers=bearer(valvo, "operator"),
    )
    assert answer.status_code == 409
    assert answer.json()["detail"] == "this person's device takes no commands"
    assert count(valvo, device_commands) == 0
    assert trail(valvo, alarm["id"], "command") == []


async def _serve(valvo: Valvo, protocol: str, channel: CommandChannel) -> Any:
    writer = GroupCommitWriter(valvo.observation_log())
    task = asyncio.create_task(writer.run())
    listener = TcpListener(get_protocol(protocol), writer, valvo.clock, commands=channel)
    server = await listener.start("127.0.0.1", 0)
    return server, task


def _fix(clock: FakeClock) -> AvlFix:
    return AvlFix(clock.now.replace(microsecond=0), HOME[1], HOME[0], satellites=8)


def _queue(client: TestClient, valvo: Valvo, alarm_id: str) -> dict[str, Any]:
    answer = client.post(
        f"/api/alarms/{alarm_id}/commands",
        json={"kind": "locate"},
        headers=bearer(valvo, "operator", name=f"olli-{uuid.uuid4().hex[:6]}"),
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _commands(client: TestClient, valvo: Valvo, alarm_id: str) -> list[dict[str, Any]]:
    answer = client.get(f"/api/alarms/{alarm_id}/commands", headers=bearer(valvo, "operator"))
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()
    return rows


async def test_locate_now_is_sent_on_the_gt06_connection_and_acknowledged(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, clock.now)
    queued = _queue(client, valvo, alarm["id"])
    assert (queued["status"], queued["text"]) == ("queued", "WHERE#")
    assert queued["requested_by"].startswith("olli-")
    [step] = trail(valvo, alarm["id"], "command")
    assert step["details"]["command_id"] == queued["id"]
    channel = CommandChannel(SqlCommandStore(valvo.db), valvo.clock, every_s=0.05)
    server, writer_task = await _serve(valvo, "gt06", channel)
    runner = asyncio.create_task(channel.run())
    device = Gt06Device(IMEI, timeout_s=5)
    try:
        await device.connect("127.0.0.1", server.sockets[0].getsockname()[1])
        assert await device.answer_command(_fix(clock), timeout_s=5) == "WHERE#"
        for _ in range(100):
            if channel.answered:
                break
            await asyncio.sleep(0.05)
    finally:
        await device.close()
        runner.cancel()
        server.close()
        writer_task.cancel()
    [row] = _commands(client, valvo, alarm["id"])
    assert row["status"] == "acknowledged"
    assert row["sent_at"] is not None
    assert row["answered_at"] is not None
    assert row["reply"].startswith("Current position!Lat:N")
    fixes = [
        o
        for o in valvo.observation_log().read_after(0, 100)
        if o.device_id == IMEI and o.kind is ObservationKind.POSITION and "result" in o.attributes
    ]
    assert [round(o.lat or 0, 4) for o in fixes] == [round(HOME[1], 4)]  # the answer's position


async def test_locate_now_is_a_teltonika_codec_12_command(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = person(valvo, protocol="teltonika", device="352094080000001")
    alarm = exclusion_alarm(valvo, who, clock.now)
    queued = _queue(client, valvo, alarm["id"])
    assert queued["text"] == "getgps"
    channel = CommandChannel(SqlCommandStore(valvo.db), valvo.clock, every_s=0.05)
    server, writer_task = await _serve(valvo, "teltonika", channel)
    runner = asyncio.create_task(channel.run())
    device = TeltonikaClient("352094080000001", timeout_s=5)
    try:
        await device.connect("127.0.0.1", server.sockets[0].getsockname()[1])
        assert await device.answer_command(_fix(clock), timeout_s=5) == "getgps"
        for _ in range(100):
            if channel.answered:
                break
            await asyncio.sleep(0.05)
    finally:
        await device.close()
        runner.cancel()
        server.close()
        writer_task.cancel()
    [row] = _commands(client, valvo, alarm["id"])
    assert row["status"] == "acknowledged"
    assert row["reply"].startswith("GPS:1 Sat:8")


async def test_an_unanswered_command_fails_and_an_unsent_one_expires(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, clock.now)
    sent = _queue(client, valvo, alarm["id"])
    channel = CommandChannel(SqlCommandStore(valvo.db), valvo.clock, every_s=0.05)
    server, writer_task = await _serve(valvo, "gt06", channel)
    runner = asyncio.create_task(channel.run())
    device = Gt06Device(IMEI, timeout_s=5)
    try:
        await device.connect("127.0.0.1", server.sockets[0].getsockname()[1])
        for _ in range(100):
            if channel.sent:
                break
            await asyncio.sleep(0.05)
        assert channel.sent == 1
        clock.advance(seconds=61)  # the device never answers
        assert {r["id"]: r["status"] for r in _commands(client, valvo, alarm["id"])} == {
            sent["id"]: "failed"
        }
        await channel.round()
    finally:
        await device.close()
        runner.cancel()
        server.close()
        writer_task.cancel()
    [row] = _commands(client, valvo, alarm["id"])
    assert (row["status"], row["reason"]) == ("failed", "no answer from the device")

    waiting = _queue(client, valvo, alarm["id"])  # the device is gone: nothing sends it
    clock.advance(minutes=10)
    rows = {r["id"]: r for r in _commands(client, valvo, alarm["id"])}
    assert rows[waiting["id"]]["status"] == "expired"
    SqlCommandStore(valvo.db).close_overdue(clock.now)
    with valvo.db.connect() as conn:
        stored = conn.execute(
            select(device_commands.c.status, device_commands.c.sent_at).where(
                device_commands.c.id == waiting["id"]
            )
        ).one()
    assert (stored.status, stored.sent_at) == ("expired", None)
    assert clock.now - timedelta(minutes=10) < clock.now


def test_a_command_from_the_persons_page_is_queued_without_an_alarm(
    valvo: Valvo, client: TestClient
) -> None:
    who = person(valvo)
    operator = bearer(valvo, "operator")
    url = f"/api/subjects/{who.subject_id}/commands"
    queued = client.post(url, json={"kind": "fast_reporting"}, headers=operator)
    assert queued.status_code == 201, queued.text
    assert (queued.json()["alarm_id"], queued.json()["text"]) == (None, "TIMER,10#")
    assert [c["id"] for c in client.get(url, headers=operator).json()] == [queued.json()["id"]]
    assert client.post(url, json={"kind": "buzz"}, headers=operator).status_code == 422
    other = client.post(url, json={"kind": "locate", "device_id": "nope"}, headers=operator).json()[
        "detail"
    ]
    assert other == "device nope is not assigned to this person"
    assert (
        client.post(url, json={"kind": "locate"}, headers=bearer(valvo, "auditor")).status_code
        == 403
    )
    missing = client.get("/api/subjects/nobody/commands", headers=operator)
    assert missing.status_code == 404
    assert count(valvo, device_commands) == 1


async def test_a_reporting_teltonika_tracker_answers_a_command_between_its_acks(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    """The demo's trackers report all the time: a command that arrives while the tracker waits
    for its record-count ACK is answered, and the report is still acknowledged."""
    who = person(valvo, protocol="teltonika", device="352094080000002")
    alarm = exclusion_alarm(valvo, who, clock.now)
    _queue(client, valvo, alarm["id"])
    channel = CommandChannel(SqlCommandStore(valvo.db), valvo.clock, every_s=0.05)
    server, writer_task = await _serve(valvo, "teltonika", channel)
    runner = asyncio.create_task(channel.run())
    device = TeltonikaClient("352094080000002", timeout_s=5)
    try:
        await device.connect("127.0.0.1", server.sockets[0].getsockname()[1])
        for second in range(100):
            await device.report(_fix(clock))  # raises unless its own ACK comes
            if channel.answered:
                break
            clock.advance(seconds=1)
            await asyncio.sleep(0.05 * (second % 2))
    finally:
        await device.close()
        runner.cancel()
        server.close()
        writer_task.cancel()
    [row] = _commands(client, valvo, alarm["id"])
    assert row["status"] == "acknowledged"
