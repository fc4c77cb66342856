"""The REST API on a real database: login, registry with GeoJSON zones, alarms, location reads
recorded in the audit trail, and bad input refused with a precise message and nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import HOME, fix
from valvo.adapters.db import tables as t
from valvo.adapters.db.audit_trail import verify_chain
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def login(
    client: TestClient, username: str = "admin", password: str = "valvo-demo"
) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def rows(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_login_refuses_a_wrong_password_and_routes_need_a_token(client: TestClient) -> None:
    bad = client.post("/api/auth/token", data={"username": "admin", "password": "nope"})
    assert bad.status_code == 401
    assert client.get("/api/subjects").status_code == 401
    forged = {"Authorization": "Bearer not-a-token"}
    assert client.get("/api/subjects", headers=forged).status_code == 401


def test_registry_round_trip_with_geojson_zone(client: TestClient, clock: FakeClock) -> None:
    h = login(client)
    subject = client.post(
        "/api/subjects", json={"name": "Aino Virtanen", "region": "Etelä-Suomi"}, headers=h
    )
    assert subject.status_code == 201
    sid = subject.json()["id"]
    order = client.post(
        "/api/orders",
        json={
            "subject_id": sid,
            "type": "monitoring_sentence",
            "starts_at": clock.now.isoformat(),
            "ends_at": (clock.now + timedelta(days=30)).isoformat(),
        },
        headers=h,
    )
    assert order.status_code == 201, order.text
    oid = order.json()["id"]
    polygon = {
        "type": "Polygon",
        "coordinates": [
            [[24.93, 60.16], [24.95, 60.16], [24.95, 60.18], [24.93, 60.18], [24.93, 60.16]]
        ],
    }
    zone = client.post(
        "/api/zones",
        json={"order_id": oid, "name": "Home", "kind": "inclusion", "geometry": polygon},
        headers=h,
    )
    assert zone.status_code == 201, zone.text
    listed = client.get(f"/api/zones?order_id={oid}", headers=h).json()
    assert listed[0]["geometry"]["coordinates"][0][0] == [24.93, 60.16]
    plan = client.put(
        f"/api/orders/{oid}/schedule",
        json={"weekly": [{"weekday": 0, "start": "08:00", "end": "16:00", "purpose": "activity"}]},
        headers=h,
    )
    assert plan.status_code == 201
    assert plan.json()["version"] == 1


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/api/subjects", {"name": "", "region": "x"}, 422, "at least 1 character"),
        ("/api/subjects", {"name": "A", "region": "x", "extra": 1}, 422, "Extra inputs"),
        (
            "/api/orders",
            {
                "subject_id": "nope",
                "type": "monitoring_sentence",
                "starts_at": "2026-11-23T10:00:00+00:00",
            },
            404,
            "subject nope does not exist",
        ),
        (
            "/api/orders",
            {
                "subject_id": "nope",
                "type": "monitoring_sentence",
                "starts_at": "2026-11-23T10:00:00",
            },
            422,
            "timezone",
        ),
        (
            "/api/zones",
            {
                "order_id": "nope",
                "name": "z",
                "kind": "inclusion",
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            },
            404,
            "order nope",
        ),
    ],
)
def test_bad_input_gets_a_precise_error_and_stores_nothing(
    client: TestClient, valvo: Valvo, path: str, body: dict[str, Any], status: int, message: str
) -> None:
    before = rows(valvo, t.subjects) + rows(valvo, t.orders) + rows(valvo, t.zones)
    response = client.post(path, json=body, headers=login(client))
    assert response.status_code == status
    assert message in response.text
    assert rows(valvo, t.subjects) + rows(valvo, t.orders) + rows(valvo, t.zones) == before


def test_an_invalid_zone_on_a_real_order_stores_nothing(client: TestClient, valvo: Valvo) -> None:
    person = register_person(valvo)
    before = rows(valvo, t.zones), rows(valvo, t.rule_changes)
    swapped = {"type": "Point", "coordinates": [60.17, 124.94]}
    response = client.post(
        "/api/zones",
        json={
            "order_id": person.order_id,
            "name": "z",
            "kind": "exclusion",
            "geometry": swapped,
            "radius_m": 50,
        },
        headers=login(client),
    )
    assert response.status_code == 422
    assert "[longitude, latitude]" in response.json()["detail"]
    assert (rows(valvo, t.zones), rows(valvo, t.rule_changes)) == before


def test_alarm_acknowledge_and_resolve_with_cause(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo)
    valvo.observation_log().append(
        [
            LogEntry(
                fix(clock.now + timedelta(seconds=s), east_m=1000, device=person.device),
                "osmand",
                b"r",
                None,
                None,
            )
            for s in (0, 20, 40)  # three confident fixes: inside the exclusion zone, away from home
        ]
    )
    valvo.engine_worker().step(clock.now + timedelta(minutes=1))
    h = login(client)
    raised = client.get("/api/alarms?status=raised", headers=h).json()
    assert {a["kind"] for a in raised} == {"exclusion_zone_entered", "inclusion_zone_left"}
    alarm_id = raised[0]["id"]
    ack = client.post(f"/api/alarms/{alarm_id}/acknowledge", headers=h)
    assert ack.json()["status"] == "acknowledged"
    assert ack.json()["acknowledged_by"] == "admin"
    assert client.post(f"/api/alarms/{alarm_id}/acknowledge", headers=h).status_code == 409
    bad = client.post(f"/api/alarms/{alarm_id}/resolve", json={"cause": "whatever"}, headers=h)
    assert bad.status_code == 422
    done = client.post(
        f"/api/alarms/{alarm_id}/resolve",
        json={"cause": "genuine_breach", "note": "police called"},
        headers=h,
    )
    assert done.json()["status"] == "resolved"
    assert done.json()["cause"] == "genuine_breach"


def test_a_supervisor_cannot_work_alarms_and_an_auditor_cannot_read_locations(
    client: TestClient, valvo: Valvo
) -> None:
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "t",
            valvo.clock(),
            username="sup",
            password="ohjaaja-2026-x",
            role="supervisor",
        )
        auth.create_user(
            uow,
            valvo.hasher,
            "t",
            valvo.clock(),
            username="aud",
            password="tarkastus-2026",
            role="auditor",
        )
        uow.commit()
    sup, aud = login(client, "sup", "ohjaaja-2026-x"), login(client, "aud", "tarkastus-2026")
    assert client.post("/api/alarms/x/acknowledge", headers=sup).status_code == 403
    assert client.get("/api/positions/latest", headers=aud).status_code == 403
    assert client.get("/api/alarms", headers=aud).status_code == 200


def test_every_location_read_is_in_the_audit_chain(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo)
    valvo.observation_log().append(
        [LogEntry(fix(clock.now, device=person.device), "osmand", b"r", None, None)]
    )
    valvo.engine_worker().step(clock.now)
    h = login(client)
    latest = client.get("/api/positions/latest", headers=h).json()
    assert latest[0]["lon"] == pytest.approx(HOME[0])
    start, end = (
        (clock.now - timedelta(hours=1)).isoformat(),
        (clock.now + timedelta(hours=1)).isoformat(),
    )
    history = client.get(
        f"/api/positions/{person.subject_id}",
        params={"from": start, "to": end, "purpose": "breach check"},
        headers=h,
    )
    assert len(history.json()) == 1
    with valvo.db.connect() as conn:
        records = (
            conn.execute(select(t.audit_records).order_by(t.audit_records.c.id)).mappings().all()
        )
    reads = [r for r in records if r["action"] == "read_location"]
    assert [r["target_type"] for r in reads] == ["positions_latest", "subject"]
    assert reads[1]["purpose"] == "breach check"
    assert reads[1]["actor"] == "admin"
    assert verify_chain(records) == (len(records), None)
