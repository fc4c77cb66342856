"""Regional scoping (R131): two regions, a user of each; every list holds only the user's
region, every item of the other region is 404 (its existence is not revealed), statistics
count only the region, writes cannot reach the other region, and the live feed streams only
the region's events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.security.conftest import TokenFor
from tests.support.alarm_desk import alarm_message, exclusion_alarm, person
from tests.support.caseload import Registered
from valvo.bootstrap import Valvo
from valvo.domain.security import Scope
from valvo.web.api.alarms import live

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@dataclass(frozen=True)
class Region:
    name: str
    who: Registered
    alarm_id: str
    case_id: str


def setup_region(
    valvo: Valvo, client: TestClient, token_for: TokenFor, name: str, device: str
) -> Region:
    who = person(valvo, device, region=name)
    alarm = exclusion_alarm(valvo, who, valvo.clock())
    case = client.post(
        "/api/cases/sentences",
        json={"subject_name": f"Case {name}", "region": name, "requested_on": "2026-11-20"},
        headers=token_for("prosecutor"),
    )
    assert case.status_code == 201, case.text
    return Region(name, who, alarm["id"], case.json()["id"])


@pytest.fixture
def regions(valvo: Valvo, client: TestClient, token_for: TokenFor) -> tuple[Region, Region]:
    return (
        setup_region(valvo, client, token_for, SOUTH, "south-1"),
        setup_region(valvo, client, token_for, EAST, "east-1"),
    )


def ids(response: Any, key: str = "id") -> set[str]:
    assert response.status_code == 200, response.text
    return {row[key] for row in response.json()}


def test_each_regional_user_sees_only_their_region_on_every_list(
    client: TestClient, clock: FakeClock, token_for: TokenFor, regions: tuple[Region, Region]
) -> None:
    period = {"to": (clock.now + timedelta(hours=1)).isoformat()}  # the alarms were just raised
    for mine, theirs in (regions, regions[::-1]):
        h = token_for("supervisor", mine.name)
        me, other = mine.who, theirs.who
        # The region's people: the monitored one and the sentence case's person.
        subjects = client.get("/api/subjects", headers=h).json()
        assert {s["region"] for s in subjects} == {mine.name}
        assert me.subject_id in {s["id"] for s in subjects}
        assert len(subjects) == 2
        orders = client.get("/api/orders", headers=h).json()
        assert me.order_id in {o["id"] for o in orders}
        assert other.order_id not in {o["id"] for o in orders}
        assert ids(client.get("/api/devices", headers=h)) == {me.device_id}
        assert ids(client.get("/api/assignments", headers=h), "subject_id") == {me.subject_id}
        zones = client.get("/api/zones", headers=h).json()
        assert zones
        assert {z["order_id"] for z in zones} == {me.order_id}
        assert ids(client.get("/api/alarms", headers=h)) == {mine.alarm_id}
        assert ids(client.get("/api/positions/latest", headers=h), "subject_id") == {me.subject_id}
        assert ids(client.get("/api/cases", headers=h)) == {mine.case_id}
        deadlines = client.get("/api/deadlines", headers=h).json()
        assert {d["case_id"] for d in deadlines} <= {mine.case_id}
        stats = client.get("/api/alarms/stats", params=period, headers=h).json()
        assert (stats["region"], stats["alarms"]) == (mine.name, 1)
        # Asking for the other region by name gives nothing of it.
        assert client.get("/api/alarms", params={"region": theirs.name}, headers=h).json() == []
        named = client.get("/api/alarms/stats", params={**period, "region": theirs.name}, headers=h)
        assert named.json()["alarms"] == 0
    # The regional manager of a region reads its caseload and statistics the same way.
    manager = token_for("regional_manager", SOUTH)
    assert {s["region"] for s in client.get("/api/subjects", headers=manager).json()} == {SOUTH}
    assert ids(client.get("/api/cases", headers=manager)) == {regions[0].case_id}
    assert client.get("/api/alarms/stats", params=period, headers=manager).json()["alarms"] == 1
    # The manager reads alarms but not locations: the fix behind each alarm is left out.
    (seen,) = client.get("/api/alarms", headers=manager).json()
    assert not {"lat", "lon"} & set(seen["explanation"]["details"])
    assert client.get(f"/api/alarms/{seen['id']}", headers=manager).json() == seen
    (worked,) = client.get("/api/alarms", headers=token_for("operator", SOUTH)).json()
    assert {"lat", "lon"} <= set(worked["explanation"]["details"])
    # A user without a region sees both.
    everyone = token_for("supervisor")
    assert ids(client.get("/api/alarms", headers=everyone)) == {r.alarm_id for r in regions}


def test_the_other_regions_items_are_not_found(
    client: TestClient, clock: FakeClock, token_for: TokenFor, regions: tuple[Region, Region]
) -> None:
    south, east = regions
    h = token_for("supervisor", SOUTH)
    today = {
        "from": (clock.now - timedelta(hours=1)).isoformat(),
        "to": (clock.now + timedelta(minutes=1)).isoformat(),
    }
    other = east.who
    for path, params in (
        (f"/api/subjects/{other.subject_id}", {}),
        (f"/api/orders/{other.order_id}", {}),
        (f"/api/orders/{other.order_id}/schedule", {}),
        (f"/api/alarms/{east.alarm_id}", {}),
        (f"/api/alarms/{east.alarm_id}/trail", {}),
        (f"/api/positions/{other.subject_id}", today),
        (f"/api/desk/subjects/{other.subject_id}", {"hours": 1}),
        (f"/api/cases/{east.case_id}", {}),
        (f"/api/cases/{east.case_id}/documents/report", {}),
    ):
        response = client.get(path, params=params, headers=h)
        assert response.status_code == 404, (path, response.text)
        assert "does not exist" in response.json()["detail"] or "no " in response.json()["detail"]
    # The same reads of the user's own region work.
    assert client.get(f"/api/alarms/{south.alarm_id}", headers=h).status_code == 200
    assert client.get(f"/api/cases/{south.case_id}", headers=h).status_code == 200
    mine = client.get(f"/api/positions/{south.who.subject_id}", params=today, headers=h)
    assert mine.status_code == 200
    assert len(mine.json()) == 1


def test_writes_cannot_reach_the_other_region(
    client: TestClient, token_for: TokenFor, regions: tuple[Region, Region]
) -> None:
    south, east = regions
    h = token_for("supervisor", SOUTH)
    escalate = client.post(
        f"/api/alarms/{east.alarm_id}/escalate",
        json={"route": "duty_supervisor", "note": "x"},
        headers=h,
    )
    assert escalate.status_code == 404, escalate.text
    order = client.post(
        "/api/orders",
        json={
            "subject_id": east.who.subject_id,
            "type": "monitoring_sentence",
            "starts_at": "2026-11-23T00:00:00Z",
            "timezone": "Europe/Helsinki",
        },
        headers=h,
    )
    assert order.status_code == 404, order.text
    subject = client.post("/api/subjects", json={"name": "X", "region": EAST}, headers=h)
    assert subject.status_code == 403, subject.text
    assert "not yours" in subject.json()["detail"]
    worked = client.post(
        f"/api/cases/{east.case_id}/complete", json={"on": "2026-11-23"}, headers=h
    )
    assert worked.status_code == 404, worked.text
    operator = token_for("operator", SOUTH)
    ack = client.post(f"/api/alarms/{east.alarm_id}/acknowledge", headers=operator)
    assert ack.status_code == 404
    assert client.post(f"/api/alarms/{south.alarm_id}/acknowledge", headers=operator).is_success


class OpenRequest:
    """The SSE generator's view of a client that stays connected."""

    async def is_disconnected(self) -> bool:
        return False


async def first_events(valvo: Valvo, scope: Scope, events: list[dict[str, Any]]) -> list[Any]:
    """The data lines the live feed sends a user of ``scope`` after ``events`` are published
    (a marker event, visible to everyone, ends the read)."""
    stream: AsyncGenerator[str, None] = live._events(OpenRequest(), valvo, scope)  # type: ignore[arg-type]
    assert (await anext(stream)).startswith(": connected")
    for event in [*events, {"type": "review", "id": "end"}]:
        valvo.feed.publish(event)
    got = []
    while True:
        chunk = await asyncio.wait_for(anext(stream), 10)
        if chunk.startswith(":"):
            continue
        data = json.loads(chunk.split("data: ", 1)[1])
        if data.get("type") == "review":
            break
        got.append(data)
    await stream.aclose()
    return got


def test_the_live_feed_streams_only_the_regions_events(
    valvo: Valvo, regions: tuple[Region, Region]
) -> None:
    south, east = regions
    events: list[dict[str, Any]] = [
        alarm_message(valvo, south.alarm_id),
        alarm_message(valvo, east.alarm_id),
        {
            "type": "attendance_outcome",
            "outcome": {"id": "o-east", "subject_id": east.who.subject_id},
        },
        {"type": "shift_note", "id": 7, "region": EAST},
    ]
    south_sees = asyncio.run(first_events(valvo, Scope(SOUTH), events))
    assert [e["alarm"]["id"] for e in south_sees] == [south.alarm_id]
    east_sees = asyncio.run(first_events(valvo, Scope(EAST), events))
    assert [e.get("alarm", e.get("outcome", {})).get("id") or e["type"] for e in east_sees] == [
        east.alarm_id,
        "o-east",
        "shift_note",
    ]
    everyone = asyncio.run(first_events(valvo, Scope(), events))
    assert len(everyone) == 4
