"""Victims (R139) and restraining orders (R140) through the API and the engine, on SQLite and
PostgreSQL: the supervisor records a victim with a buffer zone, the person's fix in the buffer
raises the lower-severity alarm, the victim who opted in is notified once through the outbox,
and nobody without need reads who the victim is; every read is audited."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from datetime import timedelta
from json import loads
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.alarm_desk import person, send_fix
from tests.support.caseload import Registered
from tests.support.cases import create_staff, headers
from tests.support.factories import HOME, offset
from valvo.adapters.db.exchange_rows import read_record
from valvo.adapters.db.outbox import SqlOutbox
from valvo.adapters.db.tables import audit_records
from valvo.adapters.db.tables_alarm_desk import alarm_outbox
from valvo.adapters.exchange.package import build_package
from valvo.bootstrap import Valvo
from valvo.engine.alarm_desk import OutboxDispatcher
from valvo.services import auth
from valvo.services.cases.common import new_id
from valvo.web.app import create_app

VICTIM_HOME = offset(HOME, 3000, 0)  # 3 km east of the person's home
NAME = "Vilma Uhri"
CHANNEL = "mailto:tukihenkilo@example.fi"


class Recorder:
    """The notify adapter's place: what would have been sent, to whom."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    def send(self, target: str, delivery_id: int, event: str, payload: Mapping[str, Any]) -> None:
        self.sent.append((target, event, dict(payload)))


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow, valvo.hasher, "test", valvo.clock(), username="olli",
            password="case-work-password", role="operator", region=None,
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def case_of(valvo: Valvo, who: Registered, type_: str = "monitoring_sentence") -> str:
    """The person's case (a monitoring sentence unless told), enforcing their order."""
    case_id = new_id()
    now = valvo.clock()
    with valvo.uow() as uow:
        uow.cases.insert(
            "cases",
            {
                "id": case_id, "type": type_, "subject_id": who.subject_id,
                "order_id": who.order_id, "status": "enforcing", "policy": "2007-draft",
                "timezone": "Europe/Helsinki", "region": "Etelä-Suomi", "pilot": False,
                "updated_at": now, "number": None, "created_at": now, "created_by": "test",
            },
        )  # fmt: skip
        uow.commit()
    return case_id


def victim_body(**changes: Any) -> dict[str, Any]:
    return {
        "name": NAME,
        "zone": {"type": "Point", "coordinates": list(VICTIM_HOME)},
        "radius_m": 200,
        "buffer_m": 500,
        "contact_person": "Tuula Tukihenkilö",
        "contact_channel": CHANNEL,
        "notify_opt_in": True,
        **changes,
    }


def audit_actions(valvo: Valvo, actor: str) -> list[str]:
    with valvo.db.connect() as conn:
        rows = conn.execute(
            select(audit_records.c.action).where(audit_records.c.actor == actor)
        ).scalars()
        return list(rows)


def test_r139_victim_buffer_entry_raises_the_alarm_and_notifies_the_contact_once(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup = headers(client, "supervisor")
    response = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup)
    assert response.status_code == 201, response.text
    victim = response.json()
    assert (victim["name"], victim["buffer_m"], victim["in_force"]) == (NAME, 500, True)

    # 450 m from the victim's home: outside the 200 m zone, inside the 500 m buffer around it.
    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 650)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, who.subject_id, 10, kinds=["victim_buffer_entered"])
    assert alarm["severity"] == "high"
    assert NAME not in str(alarm)

    dispatcher = OutboxDispatcher(SqlOutbox(valvo.db), (recorder := Recorder()), {})
    dispatcher.deliver_due(clock.advance(seconds=5))
    dispatcher.deliver_due(clock.advance(minutes=10))  # delivered rows are never sent again
    victim_notices = [s for s in recorder.sent if s[1] == "victim_warning"]
    assert len(victim_notices) == 1
    target, _, payload = victim_notices[0]
    assert target == CHANNEL
    assert payload["zone"] == "buffer"
    assert "target" not in payload
    with valvo.db.connect() as conn:
        row = conn.execute(
            select(alarm_outbox).where(alarm_outbox.c.route == "victim")
        ).mappings().one()  # fmt: skip
    assert row["delivered_at"] is not None
    assert row["delivered_to"] == [CHANNEL]

    # Deeper in: the critical alarm of the exclusion zone itself, and a second notice.
    at = clock.advance(minutes=1)
    send_fix(valvo, who, at, 3000 - 50)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        (entered,) = uow.alarms.find(None, who.subject_id, 10, kinds=["victim_zone_entered"])
    assert entered["severity"] == "critical"
    dispatcher.deliver_due(clock.advance(seconds=5))
    zones = [p["zone"] for _, e, p in recorder.sent if e == "victim_warning"]
    assert zones == ["buffer", "exclusion"]


def test_r139_a_victim_who_did_not_opt_in_is_not_notified(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    case_id = case_of(valvo, who)
    body = victim_body(notify_opt_in=False)
    response = client.post(
        f"/api/cases/{case_id}/victims", json=body, headers=headers(client, "supervisor")
    )
    assert response.status_code == 201, response.text
    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 650)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        assert uow.alarms.find(None, who.subject_id, 10, kinds=["victim_buffer_entered"])
    with valvo.db.connect() as conn:
        routes = conn.execute(select(alarm_outbox.c.route)).scalars().all()
    assert "victim" not in routes


def test_r139_only_roles_with_need_read_who_the_victim_is_and_every_read_is_audited(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup, operator = headers(client, "supervisor"), headers(client, "olli")
    created = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup)
    assert created.status_code == 201, created.text

    assert client.post(
        f"/api/cases/{case_id}/victims", json=victim_body(), headers=operator
    ).status_code == 403  # fmt: skip
    assert client.get(f"/api/cases/{case_id}/victims", headers=operator).status_code == 403
    police = headers(client, "police")  # a sentence is no case of theirs: not even found
    assert client.get(f"/api/cases/{case_id}/victims", headers=police).status_code == 404
    listed = client.get(f"/api/cases/{case_id}/victims", headers=sup)
    assert listed.status_code == 200
    assert listed.json()[0]["name"] == NAME
    assert "read_victims" in audit_actions(valvo, "supervisor")

    # The operator sees the zone of an open alarm, never whose it is.
    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 650)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, who.subject_id, 10, kinds=["victim_buffer_entered"])
    seen = client.get(f"/api/alarms/{alarm['id']}/victim-zone", headers=operator)
    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert body["label_en"] == "Victim protection zone"
    assert body["buffer_m"] == 500
    assert body["exclusion"]["type"] == "Polygon"
    assert body["buffer"]["type"] == "Polygon"
    assert NAME not in seen.text
    assert CHANNEL not in seen.text
    assert "read_victim_zone" in audit_actions(valvo, "olli")
    why = client.get(f"/api/alarms/{alarm['id']}", headers=operator)
    assert why.status_code == 200
    assert NAME not in why.text
    assert CHANNEL not in why.text

    # Once the alarm is resolved, the zone is not shown any more.
    for step, json in (("acknowledge", None), ("resolve", {"cause": "genuine_breach"})):
        done = client.post(f"/api/alarms/{alarm['id']}/{step}", json=json, headers=operator)
        assert done.status_code == 200, done.text
    gone = client.get(f"/api/alarms/{alarm['id']}/victim-zone", headers=operator)
    assert gone.status_code == 409


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contact_channel": None}, "needs a contact channel"),
        ({"contact_channel": "0401234567"}, "mailto:address"),
        ({"zone": {"type": "Point", "coordinates": [24.9, 60.1]}, "radius_m": None}, "radius_m"),
        ({"buffer_m": 10}, "greater than or equal to 50"),
        ({"name": " "}, "must not be empty"),
    ],
)
def test_r139_a_bad_victim_is_refused_with_the_reason_and_changes_nothing(
    client: TestClient, valvo: Valvo, changes: dict[str, Any], message: str
) -> None:
    case_id = case_of(valvo, person(valvo))
    sup = headers(client, "supervisor")
    response = client.post(
        f"/api/cases/{case_id}/victims", json=victim_body(**changes), headers=sup
    )
    assert response.status_code in (400, 422), response.text
    assert message in response.text
    assert client.get(f"/api/cases/{case_id}/victims", headers=sup).json() == []


def test_r116_a_victims_zone_ended_from_an_instant_is_not_enforced_after_it(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup = headers(client, "supervisor")
    victim = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup).json()
    end = clock.now + timedelta(minutes=1)
    ended = client.post(
        f"/api/victims/{victim['id']}/end", json={"valid_to": end.isoformat()}, headers=sup
    )
    assert ended.status_code == 200, ended.text
    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 50)
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        kinds = [a["kind"] for a in uow.alarms.find(None, who.subject_id, 10)]
    assert not [k for k in kinds if k.startswith("victim_")]


def test_r140_a_restraining_order_is_shown_on_the_person(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup, operator = headers(client, "supervisor"), headers(client, "olli")
    victim = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup).json()
    order = {
        "court": "Helsingin käräjäoikeus",
        "decided_at": (clock.now - timedelta(days=3)).isoformat(),
        "valid_from": (clock.now - timedelta(days=3)).isoformat(),
        "valid_to": (clock.now + timedelta(days=365)).isoformat(),
        "terms": "No contact; keep away from the protected person's home and workplace.",
        "victim_id": victim["id"],
    }
    assert client.post(
        f"/api/cases/{case_id}/restraining-orders", json=order, headers=operator
    ).status_code == 403  # fmt: skip
    created = client.post(f"/api/cases/{case_id}/restraining-orders", json=order, headers=sup)
    assert created.status_code == 201, created.text
    shown = client.get(f"/api/subjects/{who.subject_id}/restraining-orders", headers=operator)
    assert shown.status_code == 200, shown.text
    (row,) = shown.json()
    assert (row["court"], row["in_force"], row["protects_victim"]) == (
        "Helsingin käräjäoikeus",
        True,
        True,
    )
    assert "victim_id" not in row
    backwards = {**order, "valid_to": (clock.now - timedelta(days=5)).isoformat()}
    refused = client.post(f"/api/cases/{case_id}/restraining-orders", json=backwards, headers=sup)
    assert refused.status_code == 422
    assert "must end after it starts" in refused.text
    future = {**order, "decided_at": (clock.now + timedelta(days=1)).isoformat()}
    refused = client.post(f"/api/cases/{case_id}/restraining-orders", json=future, headers=sup)
    assert refused.status_code == 422
    assert "cannot be in the future" in refused.text


def test_r139_a_track_through_the_victims_zone_between_sparse_fixes_tells_the_victim(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    """A tracker reporting every five minutes: a fix 2 km east of home, then one 4 km east,
    both outside the victim's zone (3 km east, 200 m) and its 500 m buffer. The straight
    track between them runs through the zone: a critical alarm marked as inferred, the
    operator sees the zone, and the victim is told the person passed through in that window."""
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup, operator = headers(client, "supervisor"), headers(client, "olli")
    created = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup)
    assert created.status_code == 201, created.text
    first = clock.advance(minutes=5)
    send_fix(valvo, who, first, 2000)
    valvo.engine_worker().step(first)
    second = clock.advance(minutes=5)
    send_fix(valvo, who, second, 4000)
    valvo.engine_worker().step(second)
    with valvo.uow() as uow:
        assert not uow.alarms.find(None, who.subject_id, 10, kinds=["victim_buffer_entered"])
        (crossed,) = uow.alarms.find(None, who.subject_id, 10, kinds=["victim_zone_crossed"])
    assert crossed["severity"] == "critical"
    explanation = crossed["explanation"]
    assert explanation["details"]["inferred"] == "track_between_fixes"
    assert explanation["details"]["window_from"] == first.isoformat()
    assert explanation["text_en"].startswith("Inferred from the track between two fixes")
    assert NAME not in str(crossed)
    seen = client.get(f"/api/alarms/{crossed['id']}/victim-zone", headers=operator)
    assert seen.status_code == 200, seen.text

    dispatcher = OutboxDispatcher(SqlOutbox(valvo.db), (recorder := Recorder()), {})
    dispatcher.deliver_due(clock.advance(seconds=5))
    ((target, _, payload),) = [s for s in recorder.sent if s[1] == "victim_warning"]
    assert target == CHANNEL
    assert payload["passed_from"] == first.isoformat()


def test_r139_the_persons_exported_record_carries_nothing_of_the_victim(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    """docs/exchange.md: the victim is a third party; neither who they are nor where their
    zone lies leaves with the person's record. The person's own alarm about the zone does,
    named by its purpose."""
    who = person(valvo)
    case_id = case_of(valvo, who)
    sup = headers(client, "supervisor")
    created = client.post(f"/api/cases/{case_id}/victims", json=victim_body(), headers=sup)
    assert created.status_code == 201, created.text
    order = {
        "court": "Helsingin käräjäoikeus", "decided_at": clock().isoformat(),
        "valid_from": clock().isoformat(), "terms": f"Not to contact {NAME}",
        "victim_id": created.json()["id"],
    }  # fmt: skip
    made = client.post(f"/api/cases/{case_id}/restraining-orders", json=order, headers=sup)
    assert made.status_code == 201, made.text
    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 650)
    valvo.engine_worker().step(at)

    with valvo.db.connect() as conn:
        record = read_record(conn, who.subject_id, clock())
    assert record is not None
    assert [a["kind"] for a in record["alarms"]] == ["victim_buffer_entered"]
    package = build_package(record, clock(), "test")
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        text_ = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        zones = loads(archive.read("zones.geojson"))["features"]
    # The order's own zones only; the victim's zone is no zone of the order.
    assert sorted(z["properties"]["name"] for z in zones) == ["Home", "Protected address"]
    for secret in (NAME, "Tuula Tukihenkilö", CHANNEL, "Helsingin käräjäoikeus"):
        assert secret not in text_  # no victim, no restraining order
    assert f"{VICTIM_HOME[0]:.5f}" not in text_  # the zone's centre is nowhere
    assert "victim protection warning buffer" in text_


def test_r139_the_police_record_and_read_the_victim_of_a_travel_ban_and_nothing_else(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    """PKL 2:1: a travel ban may keep the suspect from the injured party, and the police decide
    and enforce it: they record the victim's zone on their travel ban (enforced like any, the
    read audited); a sentence's victims stay the supervisor's, and the supervisor does not see
    the travel ban's (R131)."""
    who = person(valvo)
    ban = case_of(valvo, who, "travel_ban")
    police, sup = headers(client, "police"), headers(client, "supervisor")
    made = client.post(f"/api/cases/{ban}/victims", json=victim_body(), headers=police)
    assert made.status_code == 201, made.text
    listed = client.get(f"/api/cases/{ban}/victims", headers=police)
    assert listed.status_code == 200
    assert [v["name"] for v in listed.json()] == [NAME]
    assert "read_victims" in audit_actions(valvo, "police")
    order = {
        "court": "Helsingin käräjäoikeus", "decided_at": clock().isoformat(),
        "valid_from": clock().isoformat(), "terms": "Not to approach the injured party",
        "victim_id": made.json()["id"],
    }  # fmt: skip
    recorded = client.post(f"/api/cases/{ban}/restraining-orders", json=order, headers=police)
    assert recorded.status_code == 201, recorded.text
    assert client.get(f"/api/cases/{ban}/victims", headers=sup).status_code == 404

    at = clock.advance(minutes=5)
    send_fix(valvo, who, at, 3000 - 650)  # in the buffer of the zone the police recorded
    valvo.engine_worker().step(at)
    with valvo.uow() as uow:
        assert uow.alarms.find(None, who.subject_id, 10, kinds=["victim_buffer_entered"])

    sentence = case_of(valvo, person(valvo, "dev-2"))
    for method, path, body in (
        ("GET", f"/api/cases/{sentence}/victims", None),
        ("POST", f"/api/cases/{sentence}/victims", victim_body()),
        ("POST", f"/api/cases/{sentence}/restraining-orders", order),
    ):
        response = client.request(method, path, json=body, headers=police)
        assert response.status_code == 404, (path, response.text)
