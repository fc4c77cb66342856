"""Breaches confirmed at the alarm desk, visits, substance tests with laboratory confirmation,
impediments and supervisors, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, ban_body, create_staff
from valvo.bootstrap import Valvo
from valvo.services.cases import breaches
from valvo.services.cases.labels import EVENTS
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def case(client: TestClient, as_: Staff, case_id: str, who: str = "supervisor") -> dict[str, Any]:
    detail: dict[str, Any] = ok(client.get(f"/api/cases/{case_id}", headers=as_(who)))
    return detail


def test_breach_confirmed_at_the_alarm_desk_opens_the_case_side_breach(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = case(client, as_, case_id)["subject_id"]
    at(clock, date(2027, 1, 10))
    occurred = clock.now - timedelta(hours=3)
    with valvo.uow() as uow:
        opened = breaches.open_from_alarm(
            uow, "alarm-desk", clock.now, alarm_id="alarm-1", subject_id=subject_id, at=occurred
        )
        uow.commit()
    assert opened is not None
    with valvo.uow() as uow:  # the same record again: the same breach, nothing new
        again = breaches.open_from_alarm(
            uow, "alarm-desk", clock.now, alarm_id="alarm-1", subject_id=subject_id, at=occurred
        )
        nobody = breaches.open_from_alarm(
            uow, "alarm-desk", clock.now, alarm_id="alarm-2", subject_id="no-such", at=occurred
        )
        uow.commit()
    assert again is not None
    assert again["id"] == opened["id"]
    assert nobody is None
    detail = case(client, as_, case_id)
    assert [(b["source"], b["alarm_id"], b["status"]) for b in detail["breaches"]] == [
        ("alarm", "alarm-1", "open")
    ]
    assert detail["timeline"][-1]["kind"] == "breach_opened"
    assert detail["timeline"][-1]["actor"] == "alarm-desk"


def test_alarm_breach_on_a_travel_ban_is_answered_by_the_police(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    ban = ok(
        client.post("/api/cases/travel-bans", json=ban_body(clock.now), headers=as_("police")), 201
    )
    clock.now += timedelta(hours=5)
    with valvo.uow() as uow:
        breach = breaches.open_from_alarm(
            uow, "alarm-desk", clock.now, alarm_id="a-9", subject_id=ban["subject_id"], at=clock.now
        )
        uow.commit()
    assert breach is not None
    answered = ok(
        client.post(
            f"/api/cases/{ban['id']}/violations",
            json={
                "category": "device",
                "occurred_at": clock.now.isoformat(),
                "minor": False,
                "response": "arrest",
                "decided_by": "komisario Koski",
                "breach_id": breach["id"],
            },
            headers=as_("police"),
        ),
        201,
    )
    assert answered["violations"][0]["alarm_id"] == "a-9"
    assert answered["breaches"][0]["status"] == "closed"


def test_quick_test_interrupts_until_the_laboratory_answers(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 11))
    test = {
        "kind": "urine_quick",
        "taken_at": "2027-01-11T08:30:00+02:00",
        "location": "KHL Helsinki",
        "tester": "supervisor",
        "result": "positive",
        "substance": "amphetamine",
    }
    tested = ok(
        client.post(f"/api/cases/{case_id}/substance-tests", json=test, headers=as_("supervisor")),
        201,
    )
    assert tested["status"] == "interrupted"  # R64: from the test until the result
    assert tested["interruptions"][-1]["reason"] == "lab_confirmation"
    test_id = tested["substance_tests"][0]["id"]
    at(clock, date(2027, 1, 14))
    cleared = ok(
        client.post(
            f"/api/cases/{case_id}/substance-tests/{test_id}/lab-result",
            json={
                "result": "positive",
                "at": "2027-01-14T09:00:00+02:00",
                "entitled_medicine": True,
            },
            headers=as_("supervisor"),
        )
    )
    assert cleared["status"] == "enforcing"  # a prescribed medicine: no breach (R65)
    assert cleared["interruptions"][-1]["end"] == "2027-01-14"
    assert cleared["computed"]["served_days"] == 7  # 4–10 January, then 14 January on
    # Alcohol in a breath test goes to court at once, enforcement stopped (R63).
    at(clock, date(2027, 1, 20))
    breath = dict(
        test, kind="breath", taken_at="2027-01-20T07:00:00+02:00", substance="alcohol 0.4‰"
    )
    referred = ok(
        client.post(
            f"/api/cases/{case_id}/substance-tests", json=breath, headers=as_("supervisor")
        ),
        201,
    )
    assert referred["status"] == "interrupted"
    assert referred["interruptions"][-1]["reason"] == "court_referral"
    assert referred["breaches"][-1]["kind"] == "intoxication"
    assert referred["breaches"][-1]["status"] == "referred"


def test_visits_supervisors_and_fees(client: TestClient, clock: FakeClock, as_: Staff) -> None:
    case_id = open_sentence(client, clock, as_)
    official = ok(
        client.post(
            "/api/supervisors",
            json={"name": "Sari Valvoja", "kind": "official", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        201,
    )
    refused(
        client.post(
            "/api/supervisors",
            json={"name": "Aku Apu", "kind": "assistant", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        422,
        "assistant_incomplete",
    )
    assistant = ok(
        client.post(
            "/api/supervisors",
            json={
                "name": "Aku Apu",
                "kind": "assistant",
                "region": "Etelä-Suomi",
                "qualification": "social work",
                "consented": True,
                "contract": "KHL/2027/7",
                "fee_per_visit_cents": 1000,
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    for person in (official, assistant):
        ok(
            client.post(
                f"/api/cases/{case_id}/supervision",
                json={"supervisor_id": person["id"]},
                headers=as_("supervisor"),
            ),
            201,
        )
    second = ok(
        client.post(
            "/api/supervisors",
            json={"name": "Uusi Valvoja", "kind": "official", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        201,
    )
    detail = ok(
        client.post(
            f"/api/cases/{case_id}/supervision",
            json={"supervisor_id": second["id"]},
            headers=as_("supervisor"),
        ),
        201,
    )
    active = [
        (s["role"], s["person"]["name"]) for s in detail["supervision"] if s["ended_at"] is None
    ]
    assert sorted(active) == [("assistant", "Aku Apu"), ("supervisor", "Uusi Valvoja")]  # R55

    at(clock, date(2027, 1, 12))
    planned = ok(
        client.post(
            f"/api/cases/{case_id}/visits",
            json={
                "kind": "home",
                "planned_at": "2027-01-13T20:00:00+02:00",
                "visitor_id": assistant["id"],
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    visit = planned["visits"][0]
    # R51: the planned time stays with KHL; the timeline does not carry it.
    assert "2027-01-13" not in str(planned["timeline"][-1]["details"])
    at(clock, date(2027, 1, 13), 21)
    outcome = {
        "visit_id": visit["id"],
        "kind": "home",
        "visited_at": "2027-01-13T20:05:00+02:00",
        "visitor_id": assistant["id"],
        "present": False,
        "sober": None,
    }
    recorded = ok(
        client.post(f"/api/cases/{case_id}/visits/outcome", json=outcome, headers=as_("supervisor"))
    )
    assert recorded["breaches"][-1]["source"] == "visit"
    assert recorded["breaches"][-1]["description"] == "absent at the visit"
    assert recorded["assistant_fees_cents"] == 1000  # R56
    refused(
        client.post(
            f"/api/cases/{case_id}/visits/outcome", json=outcome, headers=as_("supervisor")
        ),
        409,
        "visit",
    )
    drunk = dict(outcome, visit_id=None, present=True, sober=False)
    refused(
        client.post(f"/api/cases/{case_id}/visits/outcome", json=drunk, headers=as_("supervisor")),
        422,
        "intoxication_form_missing",
    )


def test_an_impediment_counts_against_its_year(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 2, 1))
    # A provisional interruption belongs to a breach (§14.2), not to this route.
    provisional = {"reason": "provisional", "start": "2027-02-01", "cause": "x"}
    url = f"/api/cases/{case_id}/interruptions"
    assert client.post(url, json=provisional, headers=as_("supervisor")).status_code == 422
    stopped = ok(
        client.post(
            f"/api/cases/{case_id}/interruptions",
            json={"reason": "impediment", "start": "2027-02-01", "cause": "hospital"},
            headers=as_("supervisor"),
        )
    )
    task = next(d for d in stopped["deadlines"] if d["kind"] == "impediment")
    # The year from enforceability (2026-12-21) holds 365 days: resuming on 2028-02-01 is the
    # last lawful day, so the task falls due when 2 February 2028 begins in Helsinki.
    assert task["due_at"] == "2028-02-01T22:00:00Z"
    completion = next(d for d in stopped["deadlines"] if d["kind"] == "completion")
    at(clock, date(2027, 2, 11))
    resumed = ok(
        client.post(
            f"/api/cases/{case_id}/resume", json={"on": "2027-02-11"}, headers=as_("supervisor")
        )
    )
    # R70: the ten impediment days do not count against the year to complete.
    moved = next(d for d in resumed["deadlines"] if d["kind"] == "completion")
    assert moved["due_at"] > completion["due_at"]
    assert resumed["computed"]["completion_deadline"] == "2027-12-31"
    assert next(d for d in resumed["deadlines"] if d["kind"] == "impediment")["stage"] == "met"
    assert {event["kind"] for event in resumed["timeline"]} <= set(EVENTS)
