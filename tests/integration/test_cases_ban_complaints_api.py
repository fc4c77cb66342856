"""Complaints against a court's travel-ban decision through the API, on SQLite and
PostgreSQL (PKL 2:17; R121, R142): filed with no time limit, flagged urgent for the court
until the higher court decides it; bad input changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.cases import Staff, ban_body, create_staff
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
COURT = "Helsingin käräjäoikeus"


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
    assert code in str(response.json()["detail"]), response.text


def confirmed_ban(client: TestClient, clock: FakeClock, as_: Staff) -> dict[str, Any]:
    case = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    at = {"at": clock.now.isoformat(), "court": COURT}
    ok(client.post(f"/api/cases/{case['id']}/court-referral", json=at, headers=as_("police")))
    clock.now = DECIDED + timedelta(days=2)
    decision = {
        "at": clock.now.isoformat(),
        "confirmed": True,
        "suspect_heard": "opportunity_given",
        "court": COURT,
    }
    confirmed: dict[str, Any] = ok(
        client.post(f"/api/cases/{case['id']}/court-decision", json=decision, headers=as_("court"))
    )
    return confirmed


def test_r121_r142_a_complaint_is_recorded_urgent_and_decided(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case = confirmed_ban(client, clock, as_)
    case_id = case["id"]
    decision = next(d for d in case["decisions"] if d["kind"] == "court_confirms_ban")
    assert case["complaints"] == []
    assert case["computed"]["urgent_complaints"] == 0
    offered = [a for a in case["actions"] if a["action"] == "complaint"]
    assert [a["decision_id"] for a in offered] == [decision["id"]]  # the court records it
    police_view = ok(client.get(f"/api/cases/{case_id}", headers=as_("police")))
    assert "complaint" not in [a["action"] for a in police_view["actions"]]

    # PKL 2:17: no time limit — a complaint five months after the decision is accepted.
    clock.now = DECIDED + timedelta(days=150)
    body = {
        "at": clock.now.isoformat(),
        "complainant": "counsel",
        "decision_id": decision["id"],
        "grounds": "The locality obligation keeps him from his night shifts.",
    }
    filed = ok(
        client.post(f"/api/cases/{case_id}/complaints", json=body, headers=as_("court")), 201
    )
    [complaint] = filed["complaints"]
    assert complaint["complainant"] == "counsel"
    assert complaint["decision_kind"] == "court_confirms_ban"
    assert complaint["urgent"] is True
    assert complaint["outcome"] is None
    assert filed["computed"]["urgent_complaints"] == 1  # R142: flagged for the court
    assert "complaint_filed" in [e["kind"] for e in filed["timeline"]]
    pending = [a for a in filed["actions"] if a["action"] == "complaint_decision"]
    assert [(a["complaint_id"], a["urgent"]) for a in pending] == [(complaint["id"], True)]

    outcome = {"at": clock.now.isoformat(), "outcome": "rejected", "court": "Helsingin hovioikeus"}
    path = f"/api/cases/{case_id}/complaints/{complaint['id']}/decision"
    refused(client.post(path, json=outcome, headers=as_("prosecutor")), 403, "court")
    decided = ok(client.post(path, json=outcome, headers=as_("court")))
    [complaint] = decided["complaints"]
    assert complaint["outcome"] == "rejected"
    assert complaint["court"] == "Helsingin hovioikeus"
    assert decided["computed"]["urgent_complaints"] == 0
    record = next(d for d in decided["decisions"] if d["kind"] == "complaint_decided")
    assert record["decided_by"] == "court"  # R141
    # Decided once only.
    refused(client.post(path, json=outcome, headers=as_("court")), 409, "already been decided")


def test_r121_bad_complaints_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case = confirmed_ban(client, clock, as_)
    case_id = case["id"]
    decision = next(d for d in case["decisions"] if d["kind"] == "court_confirms_ban")
    base = {
        "at": clock.now.isoformat(),
        "complainant": "suspect",
        "decision_id": decision["id"],
        "grounds": "No grounds for the ban.",
    }
    url = f"/api/cases/{case_id}/complaints"
    refused(
        client.post(url, json={**base, "decision_id": "nope"}, headers=as_("court")),
        422,
        "decision_unknown",
    )
    refused(
        client.post(url, json={**base, "grounds": "  "}, headers=as_("court")),
        422,
        "grounds_missing",
    )
    early = (DECIDED + timedelta(days=1)).isoformat()
    refused(
        client.post(url, json={**base, "at": early}, headers=as_("court")), 422, "before_decision"
    )
    future = (clock.now + timedelta(days=1)).isoformat()
    refused(client.post(url, json={**base, "at": future}, headers=as_("court")), 422, "in_future")
    refused(
        client.post(url, json={**base, "complainant": "police"}, headers=as_("court")),
        422,
        "complainant",
    )
    refused(client.post(url, json=base, headers=as_("supervisor")), 403, "may not")
    unknown = f"/api/cases/{case_id}/complaints/nope/decision"
    outcome = {"at": clock.now.isoformat(), "outcome": "rejected", "court": "HO"}
    refused(client.post(unknown, json=outcome, headers=as_("court")), 404, "no complaint")
    after = ok(client.get(f"/api/cases/{case_id}", headers=as_("court")))
    assert after["complaints"] == []
    assert after["computed"]["urgent_complaints"] == 0
