"""Enrolment changes from the console (issue 20 item 6), on SQLite and PostgreSQL: a person's
details edited, an order ended, a device taken off or swapped in one step, a home unit's key
commissioned (shown once, only its fingerprint kept, administrators only); each write audited,
scoped to the user's region, bad input refused with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.caseload import register_person
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services.device_credentials import key_fingerprint
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def audit_actions(valvo: Valvo, target_id: str) -> list[str]:
    a = t.audit_records
    with valvo.db.connect() as conn:
        query = select(a.c.action).where(a.c.target_id == target_id).order_by(a.c.id)
        return list(conn.execute(query).scalars())


def test_item6_edit_a_person(client: TestClient, valvo: Valvo) -> None:
    someone = register_person(valvo, "ed-1", region=SOUTH, case_number="VV-1")
    h = bearer(valvo, "supervisor", SOUTH)
    url = f"/api/subjects/{someone.subject_id}"
    response = client.patch(
        url, json={"name": "Aino Uusi", "identity_code": "131052-308T"}, headers=h
    )
    assert response.status_code == 200, response.text
    row = response.json()
    assert (row["name"], row["birth_date"], row["case_number"]) == (
        "Aino Uusi",
        "1952-10-13",
        "VV-1",
    )
    response = client.patch(url, json={"case_number": None}, headers=h)
    assert response.json()["case_number"] is None
    assert audit_actions(valvo, someone.subject_id)[-2:] == ["update", "update"]
    for bad, words in (
        ({"identity_code": "131052-308X"}, "check"),
        ({}, "nothing to change"),
        ({"name": ""}, "at least 1"),
        ({"region": "Lappi"}, "Extra inputs"),
    ):
        response = client.patch(url, json=bad, headers=h)
        assert response.status_code == 422, (bad, response.text)
        assert words.lower() in response.text.lower(), (bad, response.text)
    assert client.get(url, headers=h).json()["name"] == "Aino Uusi"


def test_item6_end_an_order(client: TestClient, valvo: Valvo, clock: FakeClock) -> None:
    someone = register_person(valvo, "ed-2", region=SOUTH)
    h = bearer(valvo, "supervisor", SOUTH)
    url = f"/api/orders/{someone.order_id}/end"
    past = (clock.now.replace(microsecond=0)).isoformat()
    response = client.post(url, json={"reason": "", "ends_at": past}, headers=h)
    assert response.status_code == 422
    response = client.post(url, json={"reason": "court decision"}, headers=h)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ended"
    again = client.post(url, json={"reason": "court decision"}, headers=h)
    assert again.status_code == 409
    assert "already ended" in again.text
    assert audit_actions(valvo, someone.order_id)[-1] == "end"


def test_item6_take_a_device_off_and_swap_one(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    someone = register_person(valvo, "ed-3", region=SOUTH)
    h = bearer(valvo, "supervisor", SOUTH)
    spare = client.post(
        "/api/devices",
        json={"identifier": "SPARE-1", "protocol": "osmand", "kind": "gps_tracker"},
        headers=h,
    ).json()
    [current] = client.get(f"/api/assignments?subject_id={someone.subject_id}", headers=h).json()
    swap = f"/api/assignments/{current['id']}/swap"
    same = client.post(swap, json={"device_id": someone.device_id, "reason": "x"}, headers=h)
    assert same.status_code == 422
    response = client.post(swap, json={"device_id": spare["id"], "reason": "battery"}, headers=h)
    assert response.status_code == 201, response.text
    new = response.json()
    assert (new["device_id"], new["subject_id"]) == (spare["id"], someone.subject_id)
    rows = client.get(f"/api/assignments?subject_id={someone.subject_id}", headers=h).json()
    ended = {r["device_id"]: r["unassigned_at"] for r in rows}
    assert ended[someone.device_id] is not None
    assert ended[spare["id"]] is None
    off = client.post(f"/api/assignments/{new['id']}/end", json={"reason": "returned"}, headers=h)
    assert off.status_code == 200, off.text
    assert off.json()["unassigned_at"] is not None
    twice = client.post(f"/api/assignments/{new['id']}/end", json={"reason": "x"}, headers=h)
    assert twice.status_code == 409
    # The old device was returned: it goes to someone else once it has been checked (R47).
    other = register_person(valvo, "ed-4", region=SOUTH)
    body = {"device_id": someone.device_id, "subject_id": other.subject_id}
    unchecked = client.post("/api/assignments", json=body, headers=h)
    assert unchecked.status_code == 409
    assert "returned and awaits its check" in unchecked.json()["detail"]
    checked = client.post(
        f"/api/devices/{someone.device_id}/stock", json={"action": "check"}, headers=h
    )
    assert checked.status_code == 200, checked.text
    assign = client.post("/api/assignments", json=body, headers=h)
    assert assign.status_code == 201, assign.text


def test_item6_commission_a_home_unit_key(client: TestClient, valvo: Valvo) -> None:
    admin = bearer(valvo, "administrator", SOUTH)
    unit = client.post(
        "/api/devices",
        json={"identifier": "HU-77", "protocol": "valvo", "kind": "rf_home_unit"},
        headers=admin,
    ).json()
    url = f"/api/devices/{unit['id']}/key"
    assert client.post(url, headers=bearer(valvo, "supervisor", SOUTH)).status_code == 403
    assert client.post(url, headers=bearer(valvo, "administrator", EAST)).status_code == 404
    response = client.post(url, headers=admin)
    assert response.status_code == 201, response.text
    issued = response.json()
    assert issued["device"] == "HU-77"
    assert issued["key_version"] == 1
    assert key_fingerprint(bytes.fromhex(issued["key"])) == issued["fingerprint"]
    with valvo.db.connect() as conn:
        stored = conn.execute(select(t.metadata.tables["device_credentials"])).mappings().all()
    assert [r["key_fingerprint"] for r in stored] == [issued["fingerprint"]]
    assert issued["key"] not in str([dict(r) for r in stored])  # the key itself is not kept
    assert client.post(url, headers=admin).json()["key_version"] == 2  # re-keyed
    assert audit_actions(valvo, unit["id"])[-2:] == ["issue_device_key", "issue_device_key"]
    assert client.post("/api/devices/nope/key", headers=admin).status_code == 404


def test_item6_another_regions_records_are_not_changed(client: TestClient, valvo: Valvo) -> None:
    east = register_person(valvo, "ed-5", region=EAST)
    south = bearer(valvo, "supervisor", SOUTH)
    assert (
        client.patch(
            f"/api/subjects/{east.subject_id}", json={"name": "X"}, headers=south
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/orders/{east.order_id}/end", json={"reason": "x"}, headers=south
        ).status_code
        == 404
    )
    with valvo.db.connect() as conn:
        name = conn.execute(
            select(t.subjects.c.name).where(t.subjects.c.id == east.subject_id)
        ).scalar_one()
    assert name == "Person ed-5"


def test_item6_rename_and_redraw_a_zone(client: TestClient, valvo: Valvo) -> None:
    someone = register_person(valvo, "ed-6", region=SOUTH)
    h = bearer(valvo, "supervisor", SOUTH)
    zones = client.get(f"/api/zones?order_id={someone.order_id}", headers=h).json()
    home = next(z for z in zones if z["name"] == "Home")
    url = f"/api/zones/{home['id']}"
    square = {
        "type": "Polygon",
        "coordinates": [[[24.9, 60.1], [24.91, 60.1], [24.91, 60.11], [24.9, 60.11], [24.9, 60.1]]],
    }
    response = client.patch(url, json={"name": "Home, new address", "geometry": square}, headers=h)
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["name"] == "Home, new address"
    assert changed["geometry"]["type"] == "Polygon"
    assert changed["presence_only"] is True  # what was not given stays
    assert audit_actions(valvo, home["id"])[-1] == "update"
    with valvo.db.connect() as conn:
        reasons = list(
            conn.execute(
                select(t.rule_changes.c.reason).where(
                    t.rule_changes.c.subject_id == someone.subject_id
                )
            ).scalars()
        )
    assert "zone changed" in reasons  # the engine recompiles the person's rules
    for bad, words in (
        ({"geometry": {"type": "Point", "coordinates": [24.9, 60.1]}}, "radius"),
        ({"kind": "moat"}, "inclusion"),
        ({}, "nothing to change"),
    ):
        response = client.patch(url, json=bad, headers=h)
        assert response.status_code == 422, (bad, response.text)
        assert words in response.text, (bad, response.text)
    names = {
        z["name"] for z in client.get(f"/api/zones?order_id={someone.order_id}", headers=h).json()
    }
    assert names == {"Home, new address", "Protected address"}  # refused changes changed nothing


def test_item6_record_a_devices_model(client: TestClient, valvo: Valvo) -> None:
    someone = register_person(valvo, "ed-7", region=SOUTH)
    h = bearer(valvo, "supervisor", SOUTH)
    url = f"/api/devices/{someone.device_id}"
    response = client.patch(url, json={"model": " Teltonika FMB920 "}, headers=h)
    assert response.status_code == 200, response.text
    assert response.json()["model"] == "Teltonika FMB920"
    assert client.patch(url, json={"model": "x" * 61}, headers=h).status_code == 422
    east = bearer(valvo, "supervisor", EAST)
    assert client.patch(url, json={"model": "x"}, headers=east).status_code == 404
