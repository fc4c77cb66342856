"""Zones with a period of validity (R116) and an RF home unit's configured range (R34), through
the API and the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.alarm_desk import ALWAYS_OUT, person, send_fix
from tests.support.caseload import register_person
from tests.support.factories import HOME, observation, offset
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import ObservationKind
from valvo.domain.telemetry import vocabulary as v
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app

FORBIDDEN = offset(HOME, 2000, 0)


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    data = {"username": "admin", "password": "valvo-demo"}
    response = client.post("/api/auth/token", data=data)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def kinds(valvo: Valvo, subject_id: str) -> list[str]:
    with valvo.uow() as uow:
        return [a["kind"] for a in uow.alarms.find(None, subject_id, 20)]


def test_r116_a_forbidden_area_added_from_a_date_is_enforced_only_from_it(
    client: TestClient, admin: dict[str, str], valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    starts = clock.now + timedelta(hours=1)
    body = {
        "order_id": who.order_id,
        "name": "Station square",
        "kind": "exclusion",
        "geometry": {"type": "Point", "coordinates": list(FORBIDDEN)},
        "radius_m": 200,
        "valid_from": starts.isoformat(),
    }
    created = client.post("/api/zones", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["valid_from"] is not None
    before = starts - timedelta(seconds=1)
    send_fix(valvo, who, before, 2000)
    valvo.engine_worker().step(before)
    assert "exclusion_zone_entered" not in kinds(valvo, who.subject_id)
    clock.now = starts
    send_fix(valvo, who, starts, 2000)
    valvo.engine_worker().step(starts)
    assert "exclusion_zone_entered" in kinds(valvo, who.subject_id)


def test_r116_a_forbidden_area_removed_from_a_date_is_not_enforced_after_it(
    client: TestClient, admin: dict[str, str], valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    body = {
        "order_id": who.order_id,
        "name": "Station square",
        "kind": "exclusion",
        "geometry": {"type": "Point", "coordinates": list(FORBIDDEN)},
        "radius_m": 200,
    }
    zone = client.post("/api/zones", json=body, headers=admin).json()
    ends = clock.now + timedelta(minutes=30)
    ended = client.post(
        f"/api/zones/{zone['id']}/end", json={"valid_to": ends.isoformat()}, headers=admin
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["valid_to"] is not None
    backwards = {**body, "valid_from": ends.isoformat(), "valid_to": clock.now.isoformat()}
    refused = client.post("/api/zones", json=backwards, headers=admin)
    assert refused.status_code == 422
    assert "must end after it starts" in refused.text
    buffer = client.post("/api/zones", json={**body, "kind": "buffer"}, headers=admin)
    assert buffer.status_code == 422
    assert "inclusion or exclusion" in buffer.text
    last = ends - timedelta(seconds=1)  # the last instant it is enforced
    send_fix(valvo, who, last, 2000)
    valvo.engine_worker().step(last)
    assert kinds(valvo, who.subject_id).count("exclusion_zone_entered") == 1
    send_fix(valvo, who, last + timedelta(milliseconds=500), 0)  # out again
    clock.now = ends
    send_fix(valvo, who, ends, 2000)
    valvo.engine_worker().step(ends)
    with valvo.uow() as uow:
        (alarm,) = uow.alarms.find(None, who.subject_id, 20, kinds=["exclusion_zone_entered"])
    assert alarm["occurrences"] == 1  # entering again at its end instant is not a breach


def test_r34_an_rf_home_units_range_is_configured_and_checked(
    client: TestClient, admin: dict[str, str]
) -> None:
    unit = {"identifier": "HU-R34", "protocol": "valvo", "kind": "rf_home_unit", "rf_range_m": 150}
    created = client.post("/api/devices", json=unit, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["rf_range_m"] == 150
    device_id = created.json()["id"]
    changed = client.put(
        f"/api/devices/{device_id}/rf-range", json={"rf_range_m": 400}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    listed = {d["id"]: d for d in client.get("/api/devices", headers=admin).json()}
    assert listed[device_id]["rf_range_m"] == 400
    too_far = client.put(
        f"/api/devices/{device_id}/rf-range", json={"rf_range_m": 5000}, headers=admin
    )
    assert too_far.status_code == 422
    assert "20 to 1000 metres" in too_far.text
    tracker = {"identifier": "GPS-R34", "protocol": "osmand", "kind": "gps_tracker"}
    gps = client.post("/api/devices", json={**tracker, "rf_range_m": 100}, headers=admin)
    assert gps.status_code == 422
    assert "only an RF home unit" in gps.text
    assert client.get("/api/devices", headers=admin).json()[-1]["identifier"] != "GPS-R34"


def test_r34_the_engine_uses_the_configured_range_of_the_home_unit(
    client: TestClient, admin: dict[str, str], valvo: Valvo, clock: FakeClock
) -> None:
    """The unit hears the tag at home while the tracker is 600 m away: beyond a 150 m range
    that is a breach; set to 1000 m, the same fixes are within range."""
    results = {}
    for device, rf_range_m in (("trk-r34-a", 150), ("trk-r34-b", 1000)):
        who = register_person(valvo, device, weekly=ALWAYS_OUT, exclusion=False)
        unit = {"identifier": f"HU-{device}", "protocol": "valvo", "kind": "rf_home_unit"}
        created = client.post("/api/devices", json=unit, headers=admin).json()
        ranged = client.put(
            f"/api/devices/{created['id']}/rf-range",
            json={"rf_range_m": rf_range_m},
            headers=admin,
        )
        assert ranged.status_code == 200, ranged.text
        assignment = {"device_id": created["id"], "subject_id": who.subject_id}
        assert client.post("/api/assignments", json=assignment, headers=admin).status_code == 201
        at = clock.advance(seconds=30)
        heard = observation(
            ObservationKind.PRESENCE,
            at,
            f"HU-{device}",
            received_at=at,
            attributes={v.EVENT: v.TAG_IN_RANGE, v.IN_RANGE: True},
        )
        valvo.observation_log().append([LogEntry(heard, "valvo", b"rf", None, None)])
        send_fix(valvo, who, at + timedelta(seconds=10), 700)
        valvo.engine_worker().step(clock.advance(seconds=20))
        results[rf_range_m] = kinds(valvo, who.subject_id)
    assert "rf_range_conflict" in results[150]
    assert "rf_range_conflict" not in results[1000]
