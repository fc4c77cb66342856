"""An operator confirms a breach on the alarm desk; the breach appears on the person's case in
the same transaction (R78), once; with no open case the alarm says so. Through the API, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.alarm_desk import commit_events, person
from tests.support.case_flow import at, ok, open_sentence
from tests.support.cases import Staff, create_staff
from valvo.bootstrap import Valvo
from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules import BreachStarted
from valvo.services import auth
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow, valvo.hasher, "test", clock.now, username="olli", password="valvonta-vuoro-2026",
            role="operator", region=None,
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def operator(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/auth/token", data={"username": "olli", "password": "valvonta-vuoro-2026"}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def raise_alarm(valvo: Valvo, subject_id: str, occurred: datetime) -> str:
    left = BreachStarted(
        subject_id,
        AlarmKind.INCLUSION_ZONE_LEFT,
        "inclusion:home",
        occurred,
        Explanation("left home", "poistui kotoa", "zone.inclusion", 1),
        (),
    )
    (alarm_id,) = commit_events(valvo, [left], occurred)
    return alarm_id


def resolve(client: TestClient, alarm_id: str, cause: str, note: str | None = None) -> Any:
    h = operator(client)
    ok(client.post(f"/api/alarms/{alarm_id}/acknowledge", headers=h))
    body = {"cause": cause, "note": note}
    return ok(client.post(f"/api/alarms/{alarm_id}/resolve", json=body, headers=h))


def notes(client: TestClient, alarm_id: str) -> list[str]:
    trail = ok(client.get(f"/api/alarms/{alarm_id}/trail", headers=operator(client)))
    return [step["note"] for step in trail if step["action"] == "note"]


def test_a_breach_confirmed_on_the_desk_opens_the_breach_on_the_case(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    at(clock, date(2027, 1, 10), 22)
    occurred = clock.now - timedelta(minutes=20)
    alarm_id = raise_alarm(valvo, subject_id, occurred)

    resolve(client, alarm_id, "genuine_breach", "not home at 21:40, no answer")

    detail = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    (breach,) = detail["breaches"]
    assert (breach["source"], breach["alarm_id"], breach["status"]) == ("alarm", alarm_id, "open")
    assert breach["description"] == "not home at 21:40, no answer"
    assert datetime.fromisoformat(breach["occurred_at"]) == occurred
    assert detail["timeline"][-1]["kind"] == "breach_opened"
    assert detail["timeline"][-1]["actor"] == "olli"
    assert notes(client, alarm_id) == [f"Breach {breach['id']} opened on case {case_id}."]

    # Reopened and confirmed again: the case keeps the one breach (idempotent on the alarm).
    h = operator(client)
    sup = {"Authorization": as_("supervisor")["Authorization"]}
    ok(client.post(f"/api/alarms/{alarm_id}/reopen", json={"note": "check again"}, headers=sup))
    ok(client.post(f"/api/alarms/{alarm_id}/acknowledge", headers=h))
    ok(client.post(f"/api/alarms/{alarm_id}/resolve", json={"cause": "genuine_breach"}, headers=h))
    again = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert [b["id"] for b in again["breaches"]] == [breach["id"]]

    # The supervisor takes it from there: the hearing, then the written warning (§14.1).
    heard = client.post(
        f"/api/cases/{case_id}/breaches/{breach['id']}/hearing",
        json={"heard_on": "2027-01-10", "statement": "the bus was late"},
        headers=as_("supervisor"),
    )
    assert heard.status_code == 200, heard.text


def test_another_cause_opens_no_breach(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    at(clock, date(2027, 1, 10), 22)
    alarm_id = raise_alarm(valvo, subject_id, clock.now - timedelta(minutes=5))
    resolve(client, alarm_id, "duplicate")
    assert ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["breaches"] == []
    assert notes(client, alarm_id) == []


def test_with_no_open_case_the_alarm_records_that_there_is_none(
    client: TestClient, clock: FakeClock, valvo: Valvo
) -> None:
    nobody = person(valvo)  # monitored, but with no case
    alarm_id = raise_alarm(valvo, nobody.subject_id, clock.now - timedelta(minutes=5))
    done = resolve(client, alarm_id, "genuine_breach")
    assert (done["status"], done["cause"]) == ("resolved", "genuine_breach")
    assert notes(client, alarm_id) == [
        "No open case for this person: the breach is recorded on no case."
    ]
