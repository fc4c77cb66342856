"""A monitored travel ban through the API on SQLite and PostgreSQL, from the police's
provisional decision with a locality obligation to its lapse 60 days later without charges:
the deadline monitor warns before 72 h and escalates a miss; the court confirms; a minor
violation gets a warning served with proof; police see nothing but travel bans."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.cases import Staff, ban_body, create_staff
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services.cases.labels import EVENTS
from valvo.web.app import create_app

# Friday before the spring change: the 72 h and 7 days run across it (elapsed time).
DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)  # 10:00 in Helsinki


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(minutes=30)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["detail"].startswith(code), response.text


def deadlines(client: TestClient, as_: Staff) -> dict[str, dict[str, Any]]:
    return {d["kind"]: d for d in ok(client.get("/api/deadlines", headers=as_("police")))}


def test_provisional_ban_to_lapse(
    client: TestClient, clock: FakeClock, valvo: Valvo, as_: Staff
) -> None:
    case = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    case_id = case["id"]
    assert case["status"] == "provisional"
    assert case["travel_ban"]["decided_by"] == "police"
    assert case["travel_ban"]["under_18"] is False
    # 72 h and 7 × 24 h after the decision, across the change to summer time (R111).
    assert case["computed"]["court_referral_deadline"] == "2027-03-29T08:00:00Z"
    assert case["computed"]["court_hearing_deadline"] == "2027-04-02T08:00:00Z"
    assert case["computed"]["charges_deadline"] == "2027-05-25T08:00:00Z"
    # The engine enforces it: the area, the home in the window, the forbidden airport.
    schedule = ok(client.get(f"/api/orders/{case['order_id']}/schedule", headers=as_("supervisor")))
    assert {(w["start"], w["end"]) for w in schedule["weekly"]} == {("06:00", "22:00")}
    zones = ok(client.get(f"/api/zones?order_id={case['order_id']}", headers=as_("supervisor")))
    assert sorted(z["kind"] for z in zones) == ["exclusion", "inclusion", "inclusion"]

    tasks = deadlines(client, as_)
    assert tasks["court_referral"]["stage"] == "pending"
    clock.now = DECIDED + timedelta(hours=50)  # 22 h to go: inside the 24 h warning
    tasks = deadlines(client, as_)
    assert tasks["court_referral"]["stage"] == "warning"
    assert tasks["court_referral"]["escalation"] == 1
    assert tasks["court_hearing"]["stage"] == "pending"
    clock.now = DECIDED + timedelta(hours=72)  # the deadline itself is already too late
    assert deadlines(client, as_)["court_referral"]["stage"] == "overdue"
    clock.now = DECIDED + timedelta(hours=60)
    ok(
        client.post(
            f"/api/cases/{case_id}/court-referral",
            json={"at": clock.now.isoformat(), "court": "Helsingin käräjäoikeus"},
            headers=as_("police"),
        )
    )
    assert "court_referral" not in deadlines(client, as_)
    # Only the court decides on the provisional ban (R109, R141).
    decision = {
        "at": (DECIDED + timedelta(days=4)).isoformat(),
        "confirmed": True,
        "suspect_heard": "opportunity_given",
        "court": "Helsingin käräjäoikeus",
    }
    clock.now = DECIDED + timedelta(days=4, hours=1)
    assert (
        client.post(
            f"/api/cases/{case_id}/court-decision", json=decision, headers=as_("police")
        ).status_code
        == 403
    )
    confirmed = ok(
        client.post(f"/api/cases/{case_id}/court-decision", json=decision, headers=as_("court"))
    )
    assert confirmed["status"] == "in_force"
    met = {d["kind"]: d for d in confirmed["deadlines"]}
    assert met["court_referral"]["stage"] == "met"
    assert met["court_hearing"]["stage"] == "met"

    # A minor violation: a warning, served by a police officer with proof (R122, R123).
    clock.now = DECIDED + timedelta(days=10)
    violation = {
        "category": "movement",
        "occurred_at": (DECIDED + timedelta(days=9, hours=14)).isoformat(),
        "minor": True,
        "response": "arrest",
        "decided_by": "ylikomisario Virtanen",
    }
    refused(
        client.post(f"/api/cases/{case_id}/violations", json=violation, headers=as_("police")),
        422,
        "minor_violation_gets_warning",
    )
    violation["response"] = "warning"
    recorded = ok(
        client.post(f"/api/cases/{case_id}/violations", json=violation, headers=as_("police")), 201
    )
    violation_id = recorded["violations"][0]["id"]
    served = {
        "served_at": clock.now.isoformat(),
        "served_by": "vanhempi konstaapeli Laine",
        "proof": " ",
    }
    refused(
        client.post(
            f"/api/cases/{case_id}/violations/{violation_id}/warning",
            json=served,
            headers=as_("police"),
        ),
        422,
        "proof_missing",
    )
    served["proof"] = "signed receipt no. 2027/114"
    ok(
        client.post(
            f"/api/cases/{case_id}/violations/{violation_id}/warning",
            json=served,
            headers=as_("police"),
        )
    )
    # A minor deviation opens one window in the enforced schedule (PKL 2:11, R115).
    ok(
        client.post(
            f"/api/cases/{case_id}/exemptions",
            json={
                "start": "2027-04-10T23:00",
                "end": "2027-04-11T02:00",
                "reason": "mother's funeral wake",
            },
            headers=as_("police"),
        ),
        201,
    )
    schedule = ok(client.get(f"/api/orders/{case['order_id']}/schedule", headers=as_("supervisor")))
    assert schedule["one_off"] == [
        {"start": "2027-04-10T23:00", "end": "2027-04-11T02:00", "purpose": "exemption"}
    ]

    # No charges: seven days before the 60 the task warns; the lapse cannot be recorded early.
    clock.now = DECIDED + timedelta(days=54)
    assert deadlines(client, as_)["charges"]["stage"] == "warning"
    refused(
        client.post(f"/api/cases/{case_id}/lapse", headers=as_("police")), 422, "ban_not_lapsed"
    )
    clock.now = DECIDED + timedelta(days=60, hours=2)
    escalated = deadlines(client, as_)["charges"]
    assert escalated["stage"] == "overdue"
    assert escalated["escalation"] == 2
    listed = ok(client.get("/api/cases", headers=as_("police")))
    assert [c["effective_status"] for c in listed] == ["lapsed"]
    lapsed = ok(client.post(f"/api/cases/{case_id}/lapse", headers=as_("police")))
    assert lapsed["status"] == "lapsed"
    assert lapsed["travel_ban"]["ended_at"] == "2027-05-25T08:00:00Z"  # the law's instant
    assert {event["kind"] for event in lapsed["timeline"]} <= set(EVENTS)
    assert "charges" not in deadlines(client, as_)
    refused(
        client.post(f"/api/cases/{case_id}/lapse", headers=as_("police")), 422, "ban_already_ended"
    )
    with valvo.db.connect() as conn:
        order = conn.execute(select(t.orders).where(t.orders.c.id == case["order_id"])).one()
    assert order.status == "ended"
    # The decision in both languages, with its five items.
    pdf = client.get(
        f"/api/cases/{case_id}/documents/travel_ban_decision?lang=fi", headers=as_("police")
    )
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_police_see_only_travel_bans(client: TestClient, clock: FakeClock, as_: Staff) -> None:
    ban = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    sentence = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "S", "region": "Etelä-Suomi", "requested_on": "2027-03-26"},
            headers=as_("prosecutor"),
        ),
        201,
    )
    assert [c["id"] for c in ok(client.get("/api/cases", headers=as_("police")))] == [ban["id"]]
    # A sentence is not there for the police (404: its existence is not revealed).
    assert client.get(f"/api/cases/{sentence['id']}", headers=as_("police")).status_code == 404
    assert (
        client.get(
            f"/api/cases/{sentence['id']}/documents/report", headers=as_("police")
        ).status_code
        == 404
    )
    assert {c["id"] for c in ok(client.get("/api/cases", headers=as_("prosecutor")))} == {
        ban["id"],
        sentence["id"],
    }
    # A supervisor runs sentences, not bans.
    assert [c["id"] for c in ok(client.get("/api/cases", headers=as_("supervisor")))] == [
        sentence["id"]
    ]
    assert (
        client.post(f"/api/cases/{ban['id']}/lapse", headers=as_("supervisor")).status_code == 403
    )


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"grounds": ["evidence_tampering"]}, 422, ""),  # R101: not a choice at all
        ({"grounds": []}, 422, "no_grounds"),
        ({"max_penalty_months": 6}, 422, "offence_too_minor"),
        (
            {"locality_window": {"start": "18:00", "end": "07:00", "justification": "work"}},
            422,
            "locality_window_too_long",
        ),
        (
            {"locality_window": {"start": "08:00", "end": "18:00"}},
            422,
            "locality_window_outside_night_unjustified",
        ),
        ({"provisional": False}, 422, "locality_needs_court"),  # the court imposes it (R109)
        ({"activity_obligation": "work"}, 422, ""),  # R107: nothing else can be attached
        ({"heard_in_person_at": None}, 422, "hearing_missing"),
        ({"court": None}, 422, "court_missing"),
        ({"passport_surrendered_on": None}, 422, "passport_date"),
    ],
)
def test_unlawful_bans_are_refused_and_nothing_is_stored(
    client: TestClient, as_: Staff, valvo: Valvo, changes: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(
        "/api/cases/travel-bans", json=ban_body(DECIDED, **changes), headers=as_("police")
    )
    assert response.status_code == status, response.text
    if code and status == 422:
        refused(response, status, code)
    with valvo.db.connect() as conn:
        assert conn.execute(select(t.subjects)).first() is None
        assert conn.execute(select(t.devices)).first() is None


def test_a_court_refusal_revokes_and_an_extension_moves_the_lapse(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    refused_ban = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    clock.now = DECIDED + timedelta(hours=30)
    at = clock.now.isoformat()
    ok(
        client.post(
            f"/api/cases/{refused_ban['id']}/court-referral",
            json={"at": at, "court": "HKO"},
            headers=as_("police"),
        )
    )
    revoked = ok(
        client.post(
            f"/api/cases/{refused_ban['id']}/court-decision",
            json={"at": at, "confirmed": False, "suspect_heard": "in_person", "court": "HKO"},
            headers=as_("court"),
        )
    )
    assert revoked["status"] == "revoked"
    assert all(d["stage"] in ("met", "cancelled") for d in revoked["deadlines"])

    body = ban_body(
        clock.now,
        provisional=False,
        obligations=[],
        locality_window=None,
        home=None,
        prosecutor_notified_at=clock.now.isoformat(),
        device_identifier="ban-gps-2",
    )
    ordinary = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    assert ordinary["status"] == "in_force"
    clock.now += timedelta(days=50)
    ok(
        client.post(
            f"/api/cases/{ordinary['id']}/extension-request",
            json={"at": clock.now.isoformat()},
            headers=as_("police"),
        )
    )
    ok(
        client.post(
            f"/api/cases/{ordinary['id']}/extension-hearing",
            json={"at": clock.now.isoformat(), "hearing": "heard", "court": "HKO"},
            headers=as_("court"),
        )
    )
    until = (clock.now + timedelta(days=30)).isoformat()
    extended = ok(
        client.post(
            f"/api/cases/{ordinary['id']}/extension",
            json={"at": clock.now.isoformat(), "until": until, "court": "HKO"},
            headers=as_("court"),
        )
    )
    assert extended["status"] == "extended"
    open_charges = [
        d for d in extended["deadlines"] if d["kind"] == "charges" and d["stage"] != "met"
    ]
    assert [d["due_at"] for d in open_charges] == [until.replace("+00:00", "Z")]
    clock.now += timedelta(days=20)  # past the original 60 days, inside the extension
    refused(
        client.post(f"/api/cases/{ordinary['id']}/lapse", headers=as_("police")),
        422,
        "ban_not_lapsed",
    )
