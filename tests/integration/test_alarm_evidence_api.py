"""Why an alarm fired, on SQLite and PostgreSQL: the fixes the rule used, numbered, with their
accuracy, the track leading in and out, the zone with its name; a home-unit alarm's events on a
timeline; only this person's data; the read audited as a location read; bad input refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.integration.test_engine_home_unit import rf
from tests.support.alarm_desk import INTO_EXCLUSION_M, exclusion_alarm, person, send_fix
from tests.support.caseload import register_person
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import registry
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_an_exclusion_alarm_shows_its_fix_the_track_and_the_zone(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    someone = person(valvo, "ev-1")
    other = person(valvo, "ev-2")
    t0 = clock.now
    for minutes, east in ((-20, 0.0), (-10, 400.0)):  # walking from home towards the address
        send_fix(valvo, someone, t0 + timedelta(minutes=minutes), east)
        send_fix(valvo, other, t0 + timedelta(minutes=minutes), 0.0)
    valvo.engine_worker().step(t0 - timedelta(minutes=5))
    alarm = exclusion_alarm(valvo, someone, t0)
    send_fix(valvo, someone, t0 + timedelta(minutes=5), INTO_EXCLUSION_M + 300)  # and out
    valvo.engine_worker().step(clock.advance(minutes=6))
    h = login(client)
    response = client.get(f"/api/alarms/{alarm['id']}/evidence", headers=h)
    assert response.status_code == 200, response.text
    found = response.json()
    [fix] = found["evidence"]
    assert fix["n"] == 1
    assert fix["seq"] in alarm["evidence_seqs"]
    assert fix["accuracy_m"] == 5.0
    times = [p["time"] for p in found["track"]]
    assert len(times) == 4  # two leading in, the one inside, one leading out
    assert times == sorted(times)
    assert found["zone"]["name"] == "Protected address"
    assert found["zone"]["kind"] == "exclusion"
    assert found["rf"] is False
    assert found["events"] == []
    assert found["subject_id"] == someone.subject_id
    with valvo.db.connect() as conn:
        audit = conn.execute(
            select(t.audit_records.c.action, t.audit_records.c.target_id).where(
                t.audit_records.c.details["alarm_id"].as_string() == alarm["id"]
            )
        ).all()
    assert [tuple(r) for r in audit] == [("read_location", someone.subject_id)]


def test_a_home_unit_alarm_shows_the_units_events(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    someone = register_person(valvo, "trk-9")  # no plan: presence required at all times
    with valvo.uow() as uow:
        for identifier, kind in (("HU-9", "rf_home_unit"), ("TAG-9", "rf_tag")):
            device = registry.register_device(
                uow, "test", clock.now, identifier=identifier, protocol="valvo", kind=kind
            )
            registry.assign_device(
                uow, "test", clock.now, device_id=device["id"], subject_id=someone.subject_id
            )
        uow.commit()
    t0 = clock.now
    log = valvo.observation_log()
    log.append([LogEntry(rf(t0, True, "TAG-9", t0), "valvo", b"1", None, None)])
    gone = t0 + timedelta(minutes=1)
    log.append([LogEntry(rf(gone, False, "TAG-9", gone), "valvo", b"2", None, None)])
    valvo.engine_worker().step(clock.advance(minutes=10))
    with valvo.uow() as uow:
        [alarm] = uow.alarms.find(None, someone.subject_id, 10, kinds=["left_during_presence"])
    response = client.get(f"/api/alarms/{alarm['id']}/evidence", headers=login(client))
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["rf"] is True
    assert [(e["device"], e["event"], e["in_range"]) for e in found["events"]] == [
        ("HU-9", "tag_in_range", True),
        ("HU-9", "tag_out_of_range", False),
    ]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/alarms/nope/evidence", 404), ("/api/alarms/nope/evidence?minutes=0", 422)],
)
def test_bad_requests(client: TestClient, path: str, status: int) -> None:
    assert client.get(path, headers=login(client)).status_code == status
