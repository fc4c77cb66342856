"""Incidents on SQLite and PostgreSQL (issue 20): the engine's intake groups a person's related
alarms into one incident; an operator works it in one go (acknowledge all, take ownership, one
note to all, resolve all with a cause each or a shared one) and every alarm's trail shows each
step; bad input is refused precisely and changes nothing; another region sees none of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.alarm_desk import commit_events, escape, exclusion_alarm, left_home, person
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.bootstrap import Valvo
from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules import BreachStarted
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def incident_of(valvo: Valvo, clock: FakeClock, region: str = SOUTH) -> tuple[str, list[str]]:
    who = person(valvo, f"dev-{region[:3]}", region=region)
    ids = commit_events(valvo, escape(who, clock.now), clock.now + timedelta(minutes=10))
    return ids[0], ids


def trail(valvo: Valvo, alarm_id: str) -> list[dict[str, Any]]:
    e = alarm_events
    with valvo.db.connect() as conn:
        query = select(e).where(e.c.alarm_id == alarm_id).order_by(e.c.id)
        return [dict(r) for r in conn.execute(query).mappings()]


def alarm_rows(valvo: Valvo, ids: list[str]) -> list[dict[str, Any]]:
    a = t.alarms
    with valvo.db.connect() as conn:
        query = select(a).where(a.c.id.in_(ids)).order_by(a.c.occurred_at)
        return [dict(r) for r in conn.execute(query).mappings()]


def test_the_intake_groups_an_escape_into_one_incident_and_the_desk_lists_it(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    incident, ids = incident_of(valvo, clock)
    other = exclusion_alarm(valvo, person(valvo, "dev-other"), clock.now)  # another person
    assert [r["incident_id"] for r in alarm_rows(valvo, ids)] == [incident] * 3
    h = bearer(valvo, "operator")
    listed = {i["id"]: i for i in client.get("/api/desk/incidents", headers=h).json()}
    assert set(listed) == {incident, other["incident_id"]}
    found = listed[incident]
    assert (found["state"], found["owner"], found["alarm_count"], found["unattended"]) == (
        "open",
        None,
        3,
        3,
    )
    assert (found["title_kind"], found["severity"]) == ("strap_tamper", "critical")
    assert found["alarm_ids"] == ids
    assert found["last_at"] > found["first_at"]
    assert listed[other["incident_id"]]["alarm_count"] == 1
    later = {"since": (clock.now + timedelta(hours=1)).isoformat()}
    assert client.get("/api/desk/incidents", params=later, headers=h).json() == []
    earlier = {"since": clock.now.isoformat(), "subject_id": found["subject_id"]}
    assert [
        i["id"] for i in client.get("/api/desk/incidents", params=earlier, headers=h).json()
    ] == [incident]
    # Grouping hides no alarm: each is still in the queue with its incident.
    queue = client.get("/api/alarms", headers=h).json()
    assert {a["id"]: a["incident_id"] for a in queue if a["id"] in ids} == dict.fromkeys(
        ids, incident
    )


def test_an_operator_works_an_incident_in_one_go_and_each_trail_shows_it(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    incident, ids = incident_of(valvo, clock)
    h = bearer(valvo, "operator", name="olli")
    path = f"/api/desk/incidents/{incident}"
    clock.advance(minutes=11)
    acked = client.post(f"{path}/acknowledge", headers=h)
    assert acked.status_code == 200, acked.text
    assert [a["status"] for a in acked.json()["alarms"]] == ["acknowledged"] * 3
    assert acked.json()["state"] == "working"
    taken = client.post(f"{path}/take", headers=h).json()
    assert (taken["owner"], taken["state"]) == ("olli", "working")
    noted = client.post(f"{path}/notes", json={"note": "Police informed"}, headers=h)
    assert noted.status_code == 200, noted.text
    done = client.post(
        f"{path}/resolve",
        json={"cause": "genuine_breach", "causes": {ids[1]: "duplicate"}, "note": "found"},
        headers=h,
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["state"] == "closed"
    assert [(a["status"], a["cause"]) for a in body["alarms"]] == [
        ("resolved", "genuine_breach"),
        ("resolved", "duplicate"),
        ("resolved", "genuine_breach"),
    ]
    for alarm_id in ids:
        steps = [
            (s["action"], s["actor"], s["details"].get("incident_id"))
            for s in trail(valvo, alarm_id)
        ]
        assert ("acknowledged", "olli", incident) in steps
        assert ("incident_owned", "olli", incident) in steps
        assert ("note", "olli", incident) in steps
        assert ("resolved", "olli", incident) in steps
    # The closed incident leaves the active list and is in the closed one.
    assert incident not in {i["id"] for i in client.get("/api/desk/incidents", headers=h).json()}
    closed = client.get("/api/desk/incidents?state=closed", headers=h).json()
    assert [i["id"] for i in closed] == [incident]


def test_taking_over_an_incident_names_the_previous_owner(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    incident, ids = incident_of(valvo, clock)
    path = f"/api/desk/incidents/{incident}/take"
    olli = bearer(valvo, "operator", name="olli")
    assert client.post(path, headers=olli).status_code == 200
    again = client.post(path, headers=olli)
    assert (again.status_code, again.json()["detail"]) == (
        409,
        f"incident {incident} is already yours",
    )
    taken = client.post(path, headers=bearer(valvo, "operator", name="pia")).json()
    assert taken["owner"] == "pia"
    last = trail(valvo, ids[0])[-1]
    assert (last["action"], last["details"]["owner"], last["details"]["previous"]) == (
        "incident_owned",
        "pia",
        "olli",
    )


@pytest.mark.parametrize(
    ("step", "body", "status", "message"),
    [
        ("resolve", {}, 422, "a cause is needed for alarm(s)"),
        ("resolve", {"cause": "whatever"}, 422, "cause must be one of"),
        ("resolve", {"cause": "self_cleared"}, 422, "cause must be one of"),
        ("resolve", {"cause": "duplicate", "causes": {"no-such": "duplicate"}}, 422, "no-such"),
        ("resolve", {"causes": {"FIRST": "duplicate"}}, 422, "a cause is needed"),
        ("resolve", {"cause": "duplicate", "extra": 1}, 422, "Extra inputs"),
        ("notes", {"note": "   "}, 422, "a note needs text"),
        ("notes", {"note": ""}, 422, "at least 1 character"),
    ],
)
def test_bad_input_is_refused_precisely_and_changes_nothing(
    client: TestClient,
    valvo: Valvo,
    clock: FakeClock,
    step: str,
    body: dict[str, Any],
    status: int,
    message: str,
) -> None:
    incident, ids = incident_of(valvo, clock)
    if "causes" in body:
        body = {
            **body,
            "causes": {ids[0] if k == "FIRST" else k: v for k, v in body["causes"].items()},
        }
    before = (alarm_rows(valvo, ids), [trail(valvo, i) for i in ids])
    answer = client.post(
        f"/api/desk/incidents/{incident}/{step}", json=body, headers=bearer(valvo, "operator")
    )
    assert answer.status_code == status, answer.text
    assert message in str(answer.json()["detail"])
    assert (alarm_rows(valvo, ids), [trail(valvo, i) for i in ids]) == before


def test_nothing_to_acknowledge_or_resolve_is_a_conflict(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    incident, _ = incident_of(valvo, clock)
    h = bearer(valvo, "operator")
    path = f"/api/desk/incidents/{incident}"
    assert client.post(f"{path}/acknowledge", headers=h).status_code == 200
    again = client.post(f"{path}/acknowledge", headers=h)
    assert again.status_code == 409
    assert "no alarm waiting to be acknowledged" in again.json()["detail"]
    assert client.post(f"{path}/resolve", json={"cause": "duplicate"}, headers=h).status_code == 200
    closed = client.post(f"{path}/resolve", json={"cause": "duplicate"}, headers=h)
    assert (closed.status_code, closed.json()["detail"]) == (
        409,
        f"incident {incident} has no open alarm",
    )
    assert client.post(f"{path}/take", headers=h).status_code == 409


def test_another_regions_incident_is_neither_listed_nor_reachable(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    incident, ids = incident_of(valvo, clock, region=EAST)
    south = bearer(valvo, "operator", SOUTH)
    assert client.get("/api/desk/incidents?state=all", headers=south).json() == []
    for method, step in (("get", ""), ("post", "/acknowledge"), ("post", "/take")):
        answer = client.request(
            method.upper(), f"/api/desk/incidents/{incident}{step}", headers=south
        )
        assert answer.status_code == 404, (step, answer.text)
    assert {a["status"] for a in alarm_rows(valvo, ids)} == {"raised"}
    east = bearer(valvo, "operator", EAST)
    assert [i["id"] for i in client.get("/api/desk/incidents", headers=east).json()] == [incident]


def test_a_reader_without_locations_gets_the_incident_without_coordinates(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    path = f"/api/desk/incidents/{alarm['incident_id']}"
    assert (
        "lat"
        in client.get(path, headers=bearer(valvo, "operator")).json()["alarms"][0]["explanation"][
            "details"
        ]
    )
    auditor = client.get(path, headers=bearer(valvo, "auditor"))
    assert auditor.status_code == 200
    assert "lat" not in auditor.json()["alarms"][0]["explanation"]["details"]
    assert client.post(f"{path}/take", headers=bearer(valvo, "auditor")).status_code == 403
    with valvo.db.connect() as conn:
        reads = (
            conn.execute(
                select(t.audit_records.c.action).where(t.audit_records.c.target_type == "incident")
            )
            .scalars()
            .all()
        )
    assert {"read_location", "read"} <= set(reads)


def test_a_later_batchs_related_alarm_joins_the_incident_and_an_sos_stands_alone(
    valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo, "dev-batches")
    start = clock.now
    (left,) = commit_events(valvo, [left_home(who, start)], start)
    later = start + timedelta(minutes=40)
    cut = BreachStarted(
        who.subject_id,
        AlarmKind.STRAP_TAMPER,
        "tamper:strap",
        later,
        Explanation("Strap cut", "Hihna katkaistu", "test.tamper", 1),
        (),
    )
    sos = BreachStarted(
        who.subject_id,
        AlarmKind.SOS_PRESSED,
        "sos",
        later,
        Explanation("SOS", "Hätä", "test.sos", 1),
        (),
    )
    tamper, call = commit_events(valvo, [cut, sos], later)
    rows = {r["id"]: r["incident_id"] for r in alarm_rows(valvo, [left, tamper, call])}
    assert rows == {left: left, tamper: left, call: call}


def test_an_incident_taken_by_an_operator_is_not_escalated_as_unattended(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    """Taking ownership is working the incident: its alarms wait like acknowledged work, while
    another person's alarm nobody works escalates."""
    incident, ids = incident_of(valvo, clock)
    stranger = exclusion_alarm(valvo, person(valvo, "dev-other"), clock.now)["id"]
    olli = bearer(valvo, "operator", name="olli")
    assert client.post(f"/api/desk/incidents/{incident}/take", headers=olli).status_code == 200
    later = clock.now + timedelta(minutes=30)
    escalated = valvo.escalation_timer().tick(later)
    assert {a.id for a in escalated} == {stranger}
    levels = {r["id"]: r["escalation_level"] for r in alarm_rows(valvo, [*ids, stranger])}
    assert levels == {**dict.fromkeys(ids, 0), stranger: 2}


def test_the_statistics_count_an_incident_once(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    start = (clock.now - timedelta(hours=1)).isoformat()
    incident_of(valvo, clock)  # three alarms, one incident
    exclusion_alarm(valvo, person(valvo, "dev-other"), clock.now)
    clock.advance(minutes=15)
    h = bearer(valvo, "supervisor")
    stats = client.get("/api/alarms/stats", params={"from": start}, headers=h).json()
    assert (stats["alarms"], stats["incidents"], stats["alarms_per_incident"]) == (4, 2, 2.0)
