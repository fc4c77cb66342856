"""The demo seed: two centres with real gaps on the dashboards, the 2023 and 2024 reforms as
succession, areas mapped to centres, and a partner contact who can log in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_api import login
from valvo.bootstrap import Valvo
from valvo.sim.partners_seed import PARTNER_LOGIN, seed_partners
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    assert seed_partners(valvo, valvo.clock())["created"] > 50
    assert seed_partners(valvo, valvo.clock())["created"] == 0  # a second run adds nothing
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_the_seed_shows_real_gaps_and_the_reforms(client: TestClient) -> None:
    h = login(client)
    board = client.get("/api/partners/dashboards", headers=h).json()
    missing = {
        c["centre"]: [r["code"] for r in c["missing"]] for c in board["agreements"]["centres"]
    }
    assert missing == {
        "Etelä-Suomen rikosseuraamuskeskus": ["R4", "R6"],
        "Länsi-Suomen rikosseuraamuskeskus": ["R1", "R2", "R3", "R4", "R5", "R6"],
    }
    assert board["agreements"]["national_missing"] == 7
    assert board["meetings"]["obligations_overdue"] == 2
    assert board["contacts"]["stale_count"] == 3
    assert [g["centre_id"] for g in board["other"]["quality"]] == ["c-lansi-suomi"]
    assert board["other"]["project_reviews_overdue"][0]["id"] == "pr-polku"
    follow = board["follow_up"]
    assert [(c["centre"], c["missing"]) for c in follow["referrals"]["centres_missing"]] == [
        ("Länsi-Suomen rikosseuraamuskeskus", ["municipal_employment or state_employment"])
    ]
    assert [m["name"] for m in follow["service_maps"]["overdue"]] == ["Länsi-Suomen palvelukartta"]
    assert [a["action"] for a in follow["compliance"]["actions_overdue"]] == [
        "Päivitä yhteystiedot"
    ]
    assert [n["topic"] for n in follow["nordic_meetings_overdue"]] == ["probation"]
    assert follow["criteria"]["in_force"]["version"] == "2025"
    now = client.get(
        "/api/partners/partners/p-tre-sos/successor", params={"on": "2024-06-01"}, headers=h
    ).json()
    assert now["name"] == "Pirkanmaan hyvinvointialue"
    before = client.get(
        "/api/partners/partners/p-tre-sos/successor", params={"on": "2022-06-01"}, headers=h
    ).json()
    assert before["partner_id"] == "p-tre-sos"
    assert before["steps"] == []
    centres = client.get("/api/partners/areas/wellbeing_county/PIRHA/centres", headers=h).json()
    assert [c["name"] for c in centres] == ["Länsi-Suomen rikosseuraamuskeskus"]
    gate = client.get(
        "/api/partners/outside-persons/op-pekka/admission",
        params={"unit_id": "u-hki-vankila"},
        headers=h,
    ).json()
    assert gate["admitted"] is False
    assert "no security clearance recorded" in gate["missing"]
    ville = client.get(
        "/api/partners/outside-persons/op-ville/admission",
        params={"unit_id": "u-hki-vankila"},
        headers=h,
    ).json()
    assert ville["admitted"] is True
    partner = login(client, *PARTNER_LOGIN)
    place = client.get("/api/partner/place", headers=partner).json()
    assert place["name"] == "Kierrätyskeskus, Ruosilantie"


def test_the_demo_gives_the_partner_contact_sessions_even_on_out_all_day_plans(
    client: TestClient, valvo: Valvo
) -> None:
    from datetime import timedelta

    from tests.support.caseload import register_person
    from valvo.sim.partners_seed import seed_partner_sessions

    all_day = [
        {"weekday": d, "start": s, "end": e, "purpose": "activity"}
        for d in range(7)
        for s, e in (("00:00", "12:00"), ("12:00", "00:00"))
    ]
    register_person(valvo, "dev-a", exclusion=False, name="Aino Aalto", weekly=all_day)
    register_person(valvo, "dev-b", exclusion=False, name="Bertta Berg")
    assert seed_partner_sessions(valvo, valvo.clock()) == 2
    assert seed_partner_sessions(valvo, valvo.clock()) == 0
    today = valvo.clock().date()
    monday = today + timedelta(days=7 - today.weekday())  # next week: after the seeding
    token = client.post(
        "/api/auth/token", data={"username": PARTNER_LOGIN[0], "password": PARTNER_LOGIN[1]}
    ).json()["access_token"]
    rows = client.get(
        "/api/partner/sessions",
        params={"day": monday.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert sorted(r["person"] for r in rows) == ["Aino Aalto", "Bertta Berg"]
