"""§21 (R54) through the API on SQLite and PostgreSQL: entry refused at a visit, KHL requests
police assistance, the police's response is recorded; both on the case and its timeline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from valvo.bootstrap import Valvo
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_refused_entry_request_and_response(client: TestClient, clock: FakeClock) -> None:
    as_ = Staff(client, clock)
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 2, 1), 21)
    visit = {
        "kind": "home",
        "visited_at": "2027-02-01T18:00:00+02:00",
        "present": True,
        "entry_refused": True,
    }
    recorded = ok(
        client.post(f"/api/cases/{case_id}/visits/outcome", json=visit, headers=as_("supervisor"))
    )
    visit_id = recorded["visits"][-1]["id"]
    assert recorded["breaches"][-1]["description"] == "refused entry (§8.6)"
    visits = ok(
        client.post(
            f"/api/cases/{case_id}/visits/outcome",
            json={**visit, "entry_refused": False, "visited_at": "2027-02-01T12:00:00+02:00"},
            headers=as_("supervisor"),
        )
    )["visits"]
    [quiet] = [v["id"] for v in visits if not v["entry_refused"]]
    body = {
        "requested_at": "2027-02-01T18:10:00+02:00",
        "requested_by": "Kaisa Valvoja",
        "police_unit": "Helsinki police, patrol desk",
    }
    url = f"/api/cases/{case_id}/visits/{{}}/police-assistance"
    refused(
        client.post(url.format(quiet), json=body, headers=as_("supervisor")),
        422,
        "entry_not_refused",
    )
    assert client.post(url.format(visit_id), json=body, headers=as_("police")).status_code == 403
    requested = ok(client.post(url.format(visit_id), json=body, headers=as_("supervisor")), 201)
    [request] = requested["police_assistance"]
    assert request["visit_id"] == visit_id
    assert request["responded_at"] is None
    assert requested["timeline"][-1]["kind"] == "police_assistance_requested"

    reply_url = f"/api/cases/{case_id}/police-assistance/{request['id']}/response"
    reply = {
        "responded_at": "2027-02-01T18:50:00+02:00",
        "response": "assisted",
        "entry_gained": True,
        "details": "a patrol came; the convict let the official in",
        "officer": "ylikonstaapeli Virtanen",
    }
    refused(
        client.post(reply_url, json={**reply, "details": ""}, headers=as_("supervisor")),
        422,
        "details_missing",
    )
    answered = ok(client.post(reply_url, json=reply, headers=as_("supervisor")))
    [request] = answered["police_assistance"]
    assert request["response"] == "assisted"
    assert request["entry_gained"] is True
    assert request["responded_officer"] == "ylikonstaapeli Virtanen"
    assert answered["timeline"][-1]["kind"] == "police_assistance_response"
    refused(client.post(reply_url, json=reply, headers=as_("supervisor")), 422, "already_responded")
