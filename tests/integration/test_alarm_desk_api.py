"""The alarm desk's API on SQLite and PostgreSQL: the workflow and its trail, filters, bad
input refused precisely with nothing stored, statistics, periodic review, the handover log,
the subject page (a location read, audited), and who may do what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock, make_valvo
from tests.support.alarm_desk import (
    commit_events,
    exclusion_alarm,
    left_home,
    person,
    trail_actions,
)
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_alarm_desk import (
    alarm_desk_events,
    alarm_events,
    alarm_reviews,
    shift_notes,
)
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.services.alarm_desk import EPOCH
from valvo.services.errors import Conflict
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


STAFF_PASSWORD = "desk-staff-2026"


def staff(valvo: Valvo, username: str, role: str) -> None:
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "t",
            valvo.clock(),
            username=username,
            password=STAFF_PASSWORD,
            role=role,
        )
        uow.commit()


def count(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_an_operator_works_an_alarm_and_the_trail_says_who_did_what(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    staff(valvo, "olli", "operator")
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    h = login(client, "olli", STAFF_PASSWORD)
    path = f"/api/alarms/{alarm['id']}"
    clock.advance(seconds=45)
    assert client.post(f"{path}/acknowledge", headers=h).json()["status"] == "acknowledged"
    clock.advance(minutes=1)
    investigating = client.post(f"{path}/investigate", json={"note": "calling"}, headers=h)
    assert investigating.json()["investigating_by"] == "olli"
    assert client.post(f"{path}/notes", json={"note": "no answer"}, headers=h).status_code == 200
    clock.advance(minutes=4)
    done = client.post(
        f"{path}/resolve", json={"cause": "genuine_breach", "note": "police informed"}, headers=h
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["cause"]) == ("resolved", "genuine_breach")
    steps = client.get(f"{path}/trail", headers=h).json()
    assert [(s["action"], s["actor"], s["from_status"], s["to_status"]) for s in steps] == [
        ("raised", "system", None, "raised"),
        ("acknowledged", "olli", "raised", "acknowledged"),
        ("investigating", "olli", "acknowledged", "investigating"),
        ("note", "olli", "investigating", "investigating"),
        ("resolved", "olli", "investigating", "resolved"),
        ("note", "olli", "resolved", "resolved"),  # the person has no case to put it on
    ]
    assert steps[1]["at"].startswith("2026-11-23T10:00:45")
    assert steps[-2]["note"] == "police informed"
    assert steps[-1]["note"].startswith("No open case for this person")
    with valvo.db.connect() as conn:
        (event,) = conn.execute(select(alarm_desk_events)).mappings().all()
        audit = [r[0] for r in conn.execute(select(t.audit_records.c.action))]
    assert (event["kind"], event["alarm_id"], event["actor"]) == (
        "breach_confirmed",
        alarm["id"],
        "olli",
    )
    assert event["payload"]["subject_id"] == alarm["subject_id"]
    assert {"acknowledge", "investigate", "note", "resolve"} <= set(audit)


@pytest.mark.parametrize(
    ("step", "body", "status", "message"),
    [
        ("resolve", {"cause": "whatever"}, 422, "cause must be one of"),
        ("resolve", {"cause": "self_cleared"}, 422, "cause must be one of"),
        ("resolve", {"cause": "duplicate", "note": "x" * 2001}, 422, "2000"),
        ("resolve", {"cause": "duplicate", "extra": 1}, 422, "Extra inputs"),
        ("notes", {"note": ""}, 422, "at least 1 character"),
        ("notes", {"note": "   "}, 422, "a note needs text"),
        ("escalate", {"route": "the_pope"}, 422, "route must be one of"),
        ("reopen", {"note": "x"}, 409, "raised; it cannot be reopened"),
        ("investigate", {"note": 5}, 422, "string"),
    ],
)
def test_bad_steps_get_a_precise_error_and_change_nothing(
    client: TestClient,
    valvo: Valvo,
    clock: FakeClock,
    step: str,
    body: dict[str, Any],
    status: int,
    message: str,
) -> None:
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    before = (count(valvo, alarm_events), count(valvo, t.audit_records))
    response = client.post(f"/api/alarms/{alarm['id']}/{step}", json=body, headers=login(client))
    assert response.status_code == status, response.text
    assert message in response.text
    assert (count(valvo, alarm_events), count(valvo, t.audit_records) - 1) <= before  # login
    assert client.get(f"/api/alarms/{alarm['id']}", headers=login(client)).json()["status"] == (
        "raised"
    )
    assert trail_actions(valvo, alarm["id"]) == ["raised"]


def test_steps_on_a_missing_or_finished_alarm(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    h = login(client)
    assert client.post("/api/alarms/nope/acknowledge", headers=h).status_code == 404
    assert client.get("/api/alarms/nope/trail", headers=h).status_code == 404
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    path = f"/api/alarms/{alarm['id']}"
    assert client.post(f"{path}/resolve", json={"cause": "duplicate"}, headers=h).status_code == 200
    again = client.post(f"{path}/resolve", json={"cause": "duplicate"}, headers=h)
    assert again.status_code == 409
    assert "resolved" in again.json()["detail"]
    reopened = client.post(f"{path}/reopen", json={"note": "not a duplicate"}, headers=h)
    assert reopened.json()["status"] == "reopened"
    escalated = client.post(f"{path}/escalate", json={"route": "duty_supervisor"}, headers=h)
    assert escalated.json()["escalation_level"] == 1


def test_roles(client: TestClient, valvo: Valvo, clock: FakeClock) -> None:
    staff(valvo, "olli", "operator")
    staff(valvo, "sanna", "supervisor")
    staff(valvo, "aino", "auditor")
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    path = f"/api/alarms/{alarm['id']}"
    op, sup, aud = (login(client, n, STAFF_PASSWORD) for n in ("olli", "sanna", "aino"))
    assert (
        client.post(f"{path}/resolve", json={"cause": "duplicate"}, headers=op).status_code == 200
    )
    assert client.post(f"{path}/reopen", json={"note": "why"}, headers=op).status_code == 403
    assert client.post(f"{path}/reopen", json={"note": "why"}, headers=sup).status_code == 200
    assert client.post(f"{path}/acknowledge", headers=sup).status_code == 403
    assert client.get(f"{path}/trail", headers=aud).status_code == 200
    assert client.get("/api/alarms/stats", headers=aud).status_code == 200
    assert client.post("/api/desk/handover", json={"text": "x"}, headers=aud).status_code == 403
    assert client.get(f"/api/desk/subjects/{alarm['subject_id']}", headers=aud).status_code == 403


def test_queue_filters(client: TestClient, valvo: Valvo, clock: FakeClock) -> None:
    south = person(valvo, "dev-s", region="Etelä-Suomi")
    west = person(valvo, "dev-w", region="Länsi-Suomi")
    exclusion_alarm(valvo, south, clock.now)
    exclusion_alarm(valvo, west, clock.now)
    commit_events(valvo, [left_home(west, clock.now)], clock.now)
    h = login(client)

    def ids(**params: Any) -> list[str]:
        response = client.get("/api/alarms", params=params, headers=h)
        assert response.status_code == 200, response.text
        return sorted(a["subject_id"] + ":" + a["kind"] for a in response.json())

    assert len(ids(status="open")) == 3
    assert ids(region="Länsi-Suomi", severity="critical") == [
        f"{west.subject_id}:exclusion_zone_entered"
    ]
    assert ids(kind="inclusion_zone_left") == [f"{west.subject_id}:inclusion_zone_left"]
    assert ids(status="resolved") == []
    assert client.get("/api/alarms?severity=urgent", headers=h).status_code == 422
    assert client.get("/api/alarms?status=closed", headers=h).status_code == 422


def test_statistics_move_when_alarms_are_worked(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    h = login(client)
    start = (clock.now - timedelta(hours=1)).isoformat()
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    clock.advance(seconds=1)  # the period is [from, to): to is now
    before = client.get("/api/alarms/stats", params={"from": start}, headers=h).json()
    assert (before["alarms"], before["acknowledged"], before["false_alarm_rate"]) == (1, 0, None)
    clock.advance(seconds=119)
    client.post(f"/api/alarms/{alarm['id']}/acknowledge", headers=h)
    clock.advance(minutes=8)
    client.post(f"/api/alarms/{alarm['id']}/resolve", json={"cause": "gps_rf_noise"}, headers=h)
    after = client.get(
        "/api/alarms/stats", params={"from": start, "region": "Etelä-Suomi"}, headers=h
    ).json()
    assert after["time_to_acknowledge_s"] == {"p50": 120.0, "p90": 120.0}
    assert after["time_to_resolve_s"]["p50"] == 600.0
    assert (after["false"], after["false_alarm_rate"]) == (1, 1.0)
    assert after["by_device_model"] == [
        {
            "device_model": "unknown gps_tracker",
            "alarms": 1,
            "genuine": 0,
            "false": 1,
            "ended": 0,
            "false_alarm_rate": 1.0,
        }
    ]
    assert after["by_rule"][0]["rule"] == "zone.exclusion" or after["by_rule"][0]["alarms"] == 1
    assert after["alarms_per_subject_day"] > 0
    elsewhere = client.get(
        "/api/alarms/stats", params={"from": start, "region": "Lappi"}, headers=h
    ).json()
    assert elsewhere["alarms"] == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-11-23T10:00:00+00:00", "to": "2026-11-22T10:00:00+00:00"}, "after"),
        ({"from": "2026-11-23T10:00:00"}, "timezone"),
        ({"from": "2024-01-01T00:00:00+00:00", "to": "2026-01-01T00:00:00+00:00"}, "366"),
    ],
)
def test_bad_statistics_periods(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/api/alarms/stats", params=params, headers=login(client))
    assert response.status_code == 422
    assert message in response.text


@pytest.fixture
def review_desk(database_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[Valvo]:
    app = make_valvo(database_url, tmp_path, clock, alarm_handling="review")
    yield app
    app.db.dispose()


def test_periodic_review_queue_and_confirmation(review_desk: Valvo, clock: FakeClock) -> None:
    valvo = review_desk
    alarm = exclusion_alarm(valvo, person(valvo), clock.now)
    with TestClient(create_app(valvo)) as client:
        h = login(client)
        queue = client.get("/api/desk/review", headers=h).json()
        assert queue["handling"] == "review"
        assert queue["last_review"] is None
        assert [a["id"] for a in queue["alarms"]] == [alarm["id"]]
        assert queue["alarms"][0]["handling"] == "review"
        loaded = queue["until"]
        future = (clock.now + timedelta(minutes=1)).isoformat()
        early = client.post("/api/desk/review/confirm", json={"until": future}, headers=h)
        assert early.status_code == 422
        assert "future" in early.text
        clock.advance(minutes=3)
        done = client.post(
            "/api/desk/review/confirm", json={"until": loaded, "note": "all seen"}, headers=h
        )
        assert done.status_code == 201, done.text
        assert done.json()["alarm_count"] == 1
        again = client.post("/api/desk/review/confirm", json={"until": loaded}, headers=h)
        assert again.status_code == 409
        assert "already reviewed" in again.text
        after = client.get("/api/desk/review", headers=h).json()
        assert after["alarms"] == []
        assert after["overdue"] is False
        assert after["due_at"].startswith("2026-11-23T14:00")  # four hours after the window
    assert trail_actions(valvo, alarm["id"]) == ["raised", "reviewed"]


def test_the_handover_log(client: TestClient, valvo: Valvo, clock: FakeClock) -> None:
    exclusion_alarm(valvo, person(valvo), clock.now)
    h = login(client)
    note = client.post(
        "/api/desk/handover",
        json={"text": "Person dev-1 seen near the address; police know."},
        headers=h,
    )
    assert note.status_code == 201
    assert note.json()["shift"] == "day"  # 12:00 in Helsinki
    assert client.post("/api/desk/handover", json={"text": " "}, headers=h).status_code == 422
    assert (
        client.post("/api/desk/handover", json={"text": "x" * 4001}, headers=h).status_code == 422
    )
    log = client.get("/api/desk/handover", headers=h).json()
    current, previous = log["shifts"]
    assert [n["text"][:6] for n in current["notes"]] == ["Person"]
    assert previous["name"] == "night"
    assert previous["notes"] == []
    assert current["steps"] == {"raised": 1}
    assert log["open"] == {"raised": 1}
    assert count(valvo, shift_notes) == 1


def test_the_subject_page_is_an_audited_location_read(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    who = person(valvo)
    exclusion_alarm(valvo, who, clock.now)
    h = login(client)
    page = client.get(
        f"/api/desk/subjects/{who.subject_id}", params={"hours": 6, "purpose": "alarm"}, headers=h
    )
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["subject"]["name"] == "Person dev-1"
    assert [o["type"] for o in body["orders"]] == ["monitoring_sentence"]
    assert len(body["plans"]) == 1
    assert len(body["plans"][0]["weekly"]) == 14
    assert {z["kind"] for z in body["zones"]} == {"inclusion", "exclusion"}
    (device,) = body["devices"]
    assert device["identifier"] == "dev-1"
    assert device["health"] == "ok"
    assert len(body["positions"]) == 1
    assert body["positions"][0]["accuracy_m"] == 5.0
    assert body["alarms"][0]["kind"] == "exclusion_zone_entered"
    with valvo.db.connect() as conn:
        read = (
            conn.execute(select(t.audit_records).where(t.audit_records.c.action == "read_location"))
            .mappings()
            .all()
        )
    assert [(r["target_id"], r["purpose"], r["actor"]) for r in read] == [
        (who.subject_id, "alarm", "admin")
    ]
    assert client.get("/api/desk/subjects/nope?hours=1", headers=h).status_code == 404
    assert client.get(f"/api/desk/subjects/{who.subject_id}?hours=0", headers=h).status_code == 422


def test_meta_and_policy_declare_what_the_console_shows(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert {s["value"] for s in meta["alarm_statuses"]} >= {"investigating", "reopened"}
    causes = {c["value"]: c for c in meta["causes"]}
    assert causes["genuine_breach"]["label_fi"] == "Todellinen rikkomus"
    assert causes["self_cleared"]["selectable"] is False
    policy = client.get("/api/desk/policy", headers=login(client)).json()
    assert policy["escalation"][0] == {
        "level": 1,
        "after_minutes": 5.0,
        "route": "duty_supervisor",
        "severities": ["critical"],
        "statuses": ["raised", "reopened"],
    }


def record_review(valvo: Valvo, review_id: str, clock: FakeClock) -> None:
    row = {
        "id": review_id,
        "covered_from": EPOCH,
        "covered_until": clock.now,
        "alarm_count": 0,
        "reviewed_at": clock.now,
        "reviewed_by": review_id,
        "note": None,
    }
    with valvo.uow() as uow:
        uow.alarms.desk.record_review(row, [])
        uow.commit()


def test_two_reviewers_confirming_the_same_window_at_once(valvo: Valvo, clock: FakeClock) -> None:
    record_review(valvo, "first", clock)
    with pytest.raises(Conflict, match="someone else"):
        record_review(valvo, "second", clock)
    assert count(valvo, alarm_reviews) == 1
