"""End to end: a fix sent over OsmAnd HTTP that enters an exclusion zone becomes an alarm in the
API and on the live SSE stream."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.caseload import VICTIM, register_person
from tests.support.running import Running, running_valvo
from valvo.sim.fleet import osmand_query


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Running]:
    with running_valvo(database_url, tmp_path) as running:
        yield running


def token(api_url: str) -> dict[str, str]:
    response = httpx.post(
        f"{api_url}/api/auth/token", data={"username": "admin", "password": "valvo-demo"}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def read_sse(
    api_url: str, headers: dict[str, str], events: list[dict[str, Any]], connected: threading.Event
) -> None:
    with httpx.stream("GET", f"{api_url}/api/live", headers=headers, timeout=20) as response:
        for line in response.iter_lines():
            if line.startswith(": connected"):
                connected.set()
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                return


def test_a_fix_into_an_exclusion_zone_reaches_the_api_and_the_live_stream(app: Running) -> None:
    person = register_person(
        app.valvo,
        "e2e-1",
        weekly=[  # authorised to be out all day, so only the exclusion zone can fire
            {"weekday": d, "start": s, "end": e, "purpose": "activity"}
            for d in range(7)
            for s, e in (("00:00", "12:00"), ("12:00", "00:00"))
        ],
    )
    headers = token(app.api_url)
    events: list[dict[str, Any]] = []
    connected = threading.Event()
    listener = threading.Thread(target=read_sse, args=(app.api_url, headers, events, connected))
    listener.start()
    assert connected.wait(10)
    response = httpx.get(app.gateway_url + osmand_query("e2e-1", *VICTIM, 6.0, datetime.now(UTC)))
    assert response.status_code == 200
    listener.join(15)
    assert events, "no event on the live stream"
    alarm = events[0]["alarm"]
    assert alarm["kind"] == "exclusion_zone_entered"
    assert alarm["subject_id"] == person.subject_id
    listed = httpx.get(f"{app.api_url}/api/alarms", headers=headers).json()
    assert [a["id"] for a in listed] == [alarm["id"]]
