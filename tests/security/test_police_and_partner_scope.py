"""Police see only travel bans (R131) and partner contacts only their own place: verified
through the API with real accounts and cases."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.integration.test_api import login
from tests.integration.test_partners_scope_import import assign
from tests.security.conftest import TokenFor
from tests.support.cases import ban_body
from tests.support.partners import make_place
from valvo.bootstrap import Valvo

DECIDED = FakeClock().now - timedelta(minutes=30)


def test_police_see_travel_bans_and_nothing_else(
    valvo: Valvo, client: TestClient, token_for: TokenFor
) -> None:
    police = token_for("police")
    ban = client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=police)
    assert ban.status_code == 201, ban.text
    sentence = client.post(
        "/api/cases/sentences",
        json={"subject_name": "S", "region": "Etelä-Suomi", "requested_on": "2026-11-20"},
        headers=token_for("prosecutor"),
    )
    assert sentence.status_code == 201, sentence.text
    ban_id, sentence_id = ban.json()["id"], sentence.json()["id"]
    assert [c["id"] for c in client.get("/api/cases", headers=police).json()] == [ban_id]
    assert client.get("/api/cases", params={"type": "sentence"}, headers=police).json() == []
    assert client.get(f"/api/cases/{ban_id}", headers=police).status_code == 200
    hidden = client.get(f"/api/cases/{sentence_id}", headers=police)
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == f"case {sentence_id} does not exist"
    deadlines = client.get("/api/deadlines", headers=police).json()
    assert {d["case_id"] for d in deadlines} == {ban_id}
    assert client.get("/api/cases/meta", headers=police).json()["types"] == ["travel_ban"]
    # Not the registry, locations, alarms, the live feed, the desk, or the partner registry.
    subject_id = ban.json()["subject_id"]
    for path in (
        "/api/subjects",
        f"/api/subjects/{subject_id}",
        "/api/positions/latest",
        f"/api/desk/subjects/{subject_id}",
        "/api/alarms",
        "/api/live",
        "/api/desk/review",
        "/api/partners/places",
        "/api/supervisors",
    ):
        response = client.get(path, headers=police)
        assert response.status_code == 403, (path, response.text)
    # A sentence is worked by no police account either.
    anonymous = client.post(f"/api/cases/{sentence_id}/complete", json={"on": "2026-11-23"})
    assert anonymous.status_code == 401
    worked = client.post(
        f"/api/cases/{sentence_id}/complete", json={"on": "2026-11-23"}, headers=police
    )
    assert worked.status_code == 403


def test_a_partner_contact_reaches_only_its_own_place(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    mine, other = make_place(valvo, name="Oma paikka"), make_place(valvo, name="Toinen")
    here, there = assign(valvo, "p-1", mine), assign(valvo, "p-2", other)
    admin = login(client)
    for place, username in ((mine, "oma"), (other, "toinen")):
        created = client.post(
            f"/api/partners/places/{place['id']}/contact-user",
            json={"username": username, "password": "paikan-salasana-2026"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
    for place, username, mine_, theirs in (
        (mine, "oma", here, there),
        (other, "toinen", there, here),
    ):
        h = login(client, username, "paikan-salasana-2026")
        assert client.get("/api/partner/place", headers=h).json()["id"] == place["id"]
        day = clock.now.date().isoformat()
        sessions = client.get("/api/partner/sessions", params={"day": day}, headers=h).json()
        assert [s["assignment_id"] for s in sessions] == [mine_["id"]]
        foreign = client.post(
            f"/api/partner/sessions/{theirs['id']}/{day}", json={"statement": "attended"}, headers=h
        )
        assert foreign.status_code == 404
        for path in (
            f"/api/partners/places/{place['id']}",
            f"/api/partners/places/{place['id']}/sessions",
            f"/api/partners/assignments/{mine_['id']}/sessions/{day}",
            "/api/subjects",
            "/api/positions/latest",
        ):
            assert client.get(path, headers=h).status_code == 403, path
