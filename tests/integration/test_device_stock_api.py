"""R47 device stock through the API on SQLite and PostgreSQL: a device's life (registered in
stock, sent to servicing and back, assigned, installed, returned awaiting its check, checked
back into stock, sent to another region and received, retired), each move in its history with
who and when; refused moves (assigning a device in servicing or awaiting its check, an unknown
or out-of-order move) change nothing; the stock view counts by state and model, lists units out
for servicing too long and warns of low stock against the caseload; all kept to the region."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.caseload import register_person
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_stock import device_stock_events
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def register(client: TestClient, headers: dict[str, str], identifier: str, **extra: Any) -> str:
    body = {"identifier": identifier, "protocol": "osmand", "kind": "gps_tracker", **extra}
    made = client.post("/api/devices", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["stock_state"] == "in_stock"
    return str(made.json()["id"])


def move(client: TestClient, headers: dict[str, str], device: str, **body: Any) -> Any:
    return client.post(f"/api/devices/{device}/stock", json=body, headers=headers)


def events(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(device_stock_events)).scalar_one())


def state(valvo: Valvo, device: str) -> str:
    with valvo.db.connect() as conn:
        return str(
            conn.execute(select(t.devices.c.stock_state).where(t.devices.c.id == device)).scalar()
        )


def test_a_devices_life_through_the_stock_is_its_history(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    sup = bearer(valvo, "supervisor", SOUTH, name="sari")
    who = register_person(valvo, "dev-person", region=SOUTH)
    device = register(client, sup, "STOCK-1", model="TX-9", stock_location="Helsinki unit")

    sent = move(client, sup, device, action="service", vendor="Acme Oy", reason="strap worn")
    assert sent.status_code == 200, sent.text
    assert sent.json()["stock_state"] == "servicing"
    assert sent.json()["service_vendor"] == "Acme Oy"
    before = events(valvo)
    refused = client.post(
        "/api/assignments", json={"device_id": device, "subject_id": who.subject_id}, headers=sup
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "device STOCK-1: a device cannot be assigned: it is in servicing with the vendor; "
        "record it back first"
    )
    assert events(valvo) == before
    assert state(valvo, device) == "servicing"

    clock.advance(days=3)
    sup = bearer(valvo, "supervisor", SOUTH, name="sari-later")  # the session of 3 days ago ended
    future = (clock() + timedelta(days=1)).date().isoformat()
    assert move(client, sup, device, action="back", back_on=future).status_code == 422
    back = move(client, sup, device, action="back", location="Helsinki unit")
    assert back.status_code == 200, back.text
    assert back.json()["stock_state"] == "in_stock"
    assert back.json()["service_vendor"] is None

    assigned = client.post(
        "/api/assignments", json={"device_id": device, "subject_id": who.subject_id}, headers=sup
    )
    assert assigned.status_code == 201, assigned.text
    assert state(valvo, device) == "assigned"
    assert move(client, sup, device, action="install").json()["stock_state"] == "installed"
    ended = client.post(
        f"/api/assignments/{assigned.json()['id']}/end", json={"reason": "order ended"}, headers=sup
    )
    assert ended.status_code == 200, ended.text
    assert state(valvo, device) == "returned"
    again = client.post(
        "/api/assignments", json={"device_id": device, "subject_id": who.subject_id}, headers=sup
    )
    assert again.status_code == 409
    assert "returned and awaits its check" in again.json()["detail"]
    checked = move(client, sup, device, action="check", location="Helsinki unit")
    assert checked.json()["stock_state"] == "in_stock"

    history = client.get(f"/api/devices/{device}/stock", headers=sup)
    assert history.status_code == 200
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in history.json()]
    assert steps == [
        ("register", None, "in_stock"),
        ("service", "in_stock", "servicing"),
        ("back", "servicing", "in_stock"),
        ("assign", "in_stock", "assigned"),
        ("install", "assigned", "installed"),
        ("return", "installed", "returned"),
        ("check", "returned", "in_stock"),
    ]
    rows = history.json()
    assert [e["actor"] for e in rows[:3]] == ["sari", "sari", "sari-later"]
    assert rows[1]["details"] == {"vendor": "Acme Oy", "reason": "strap worn"}
    assert rows[2]["details"]["back_on"] == clock().date().isoformat()
    assert rows[3]["subject_id"] == who.subject_id
    assert rows[5]["subject_id"] == who.subject_id
    assert rows[0]["at"] < rows[2]["at"]  # when: three days in servicing


def test_refused_moves_change_nothing(valvo: Valvo, client: TestClient) -> None:
    sup = bearer(valvo, "supervisor", SOUTH)
    device = register(client, sup, "STOCK-2")
    before = events(valvo)
    cases = [
        (
            {"action": "check"},
            409,
            "a device cannot be checked (it was not returned): it is in stock",
        ),
        ({"action": "back"}, 409, "not in servicing"),
        ({"action": "service", "reason": "broken"}, 422, "vendor is required"),
        ({"action": "service", "vendor": "Acme"}, 422, "reason"),
        ({"action": "retire"}, 422, "reason"),
        ({"action": "assign"}, 422, "string_pattern_mismatch"),
        ({"action": "teleport"}, 422, "string_pattern_mismatch"),
    ]
    for body, code, text in cases:
        answer = move(client, sup, device, **body)
        assert answer.status_code == code, (body, answer.text)
        assert text in answer.text, (body, answer.text)
    assert events(valvo) == before
    assert state(valvo, device) == "in_stock"
    retired = move(client, sup, device, action="retire", reason="water damage")
    assert retired.json()["stock_state"] == "retired"
    assert move(client, sup, device, action="send", region=EAST).status_code == 409


def test_a_device_sent_to_another_region_is_in_its_stock_on_arrival(
    valvo: Valvo, client: TestClient
) -> None:
    south, east = bearer(valvo, "supervisor", SOUTH), bearer(valvo, "supervisor", EAST)
    device = register(client, south, "STOCK-3")
    sent = move(client, south, device, action="send", region=EAST, location="Joensuu unit")
    assert sent.status_code == 200, sent.text
    assert sent.json()["stock_state"] == "in_transport"
    received = move(client, east, device, action="receive", location="Joensuu unit")
    assert received.status_code == 200, received.text
    assert received.json()["region"] == EAST
    assert received.json()["stock_location"] == "Joensuu unit"
    # The sender's region no longer sees it; the history says where it came from.
    assert move(client, south, device, action="service", vendor="A", reason="b").status_code == 404
    history = client.get(f"/api/devices/{device}/stock", headers=east).json()
    assert history[1]["details"]["from_region"] == SOUTH
    assert history[1]["region"] == EAST
    assert client.get(f"/api/devices/{device}/stock", headers=south).status_code == 404


def test_the_stock_view_counts_warns_and_keeps_to_the_region(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    south = bearer(valvo, "supervisor", SOUTH)
    people = [register_person(valvo, f"dev-{i}", region=SOUTH) for i in range(4)]
    east = register_person(valvo, "dev-east", region=EAST)
    spare = register(client, south, "SPARE-1", model="TX-9")
    slow = register(client, south, "SLOW-1", model="TX-9")
    move(client, south, slow, action="service", vendor="Acme Oy", reason="battery")
    clock.advance(days=20)
    south = bearer(valvo, "supervisor", SOUTH)
    view = client.get("/api/stock?servicing_days=14", headers=south)
    assert view.status_code == 200, view.text
    body = view.json()
    assert body["region"] == SOUTH
    assert body["caseload"] == 4  # people with an order in force in the south
    assert body["counts"]["assigned"] == 4
    assert body["counts"]["in_stock"] == 1
    assert body["counts"]["servicing"] == 1
    assert body["by_model"]["TX-9"]["in_stock"] == 1
    assert body["spares_needed"] == 2
    assert body["low"] is True
    assert [d["identifier"] for d in body["overdue"]] == ["SLOW-1"]
    listed = {d["identifier"] for d in body["devices"]}
    assert {p.device_id for p in people} <= {d["id"] for d in body["devices"]}
    assert east.device_id not in {d["id"] for d in body["devices"]}
    assert "dev-east" not in listed
    assert spare in {d["id"] for d in body["devices"]}
    assert client.get("/api/stock?servicing_days=30", headers=south).json()["overdue"] == []
    refused = client.get(f"/api/stock?region={EAST}", headers=south)
    assert refused.status_code == 403
    national = client.get(f"/api/stock?region={EAST}", headers=bearer(valvo, "supervisor"))
    assert national.json()["caseload"] == 1
    # Two more spares and the warning is gone.
    register(client, south, "SPARE-2")
    assert client.get("/api/stock", headers=south).json()["low"] is False
    operator = client.get("/api/stock", headers=bearer(valvo, "operator", SOUTH))
    assert operator.status_code == 200
    assert (
        move(client, bearer(valvo, "operator", SOUTH), spare, action="install").status_code == 403
    )


def test_the_migration_puts_assigned_devices_with_their_person(valvo: Valvo) -> None:
    who = register_person(valvo, "dev-m", region=SOUTH)
    assert state(valvo, who.device_id) == "assigned"
