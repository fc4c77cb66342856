"""The partner registry's API on SQLite and PostgreSQL: records validated with precise 4xx and
nothing half-stored, every write audited, dashboards with real gaps, Finnish-aware search, the
admission gate, project stages and the partner-facing public doors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.integration.test_api import login
from tests.support.partners import make_place
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_partners as tp
from valvo.adapters.db.audit_trail import verify_chain
from valvo.bootstrap import Valvo
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def count(valvo: Valvo, table: Any) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def post(
    client: TestClient, h: dict[str, str], path: str, body: dict[str, Any], status: int = 201
) -> dict[str, Any]:
    response = client.post(f"/api/partners/{path}", json=body, headers=h)
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


def test_records_are_validated_referenced_filtered_and_audited(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    audits = count(valvo, t.audit_records)
    centre = post(
        client,
        h,
        "units",
        {"id": "c-es", "name": "Etelä-Suomen rikosseuraamuskeskus", "type": "centre"},
    )
    post(
        client,
        h,
        "units",
        {"name": "Helsingin vankila", "type": "prison", "parent_id": centre["id"]},
    )
    refused = [
        (
            {"name": "Vantaan vankila", "type": "prison"},
            "parent_id: a prison belongs to exactly one centre (S1)",
        ),
        (
            {"name": "X", "type": "prison", "parent_id": "nope"},
            "parent_id: unit nope does not exist",
        ),
        ({"name": "X", "type": "castle"}, "type: must be one of national_area"),
        ({"name": "X", "type": "centre", "colour": "red"}, "colour: is not a field of a unit"),
        ({"id": "c-es", "name": "Again", "type": "centre"}, "id: a unit c-es already exists"),
    ]
    for body, message in refused:
        response = client.post("/api/partners/units", json=body, headers=h)
        assert response.status_code in (409, 422), response.text
        assert response.json()["detail"].startswith(message)
    assert count(valvo, tp.units) == 2
    prisons = client.get("/api/partners/units", params={"type": "prison"}, headers=h).json()
    assert [p["name"] for p in prisons] == ["Helsingin vankila"]
    bad_filter = client.get("/api/partners/units", params={"colour": "red"}, headers=h)
    assert bad_filter.status_code == 422
    assert bad_filter.json()["detail"].startswith("colour:")
    for params, message in (
        ({"review_on": "soon"}, "review_on: a date, YYYY-MM-DD"),
        ({"created_at": "2026-01-01"}, "created_at: cannot filter"),
    ):
        wrong = client.get("/api/partners/agreements", params=params, headers=h)
        assert wrong.status_code == 422
        assert wrong.json()["detail"].startswith(message)
    wrong_type = client.get("/api/partners/places", params={"active": "maybe"}, headers=h)
    assert wrong_type.json()["detail"] == "active: true or false"
    assert (
        client.get("/api/partners/agreements", params={"review_on": "2026-01-01"}, headers=h).json()
        == []
    )
    changed = client.patch(f"/api/partners/units/{centre['id']}", json={"code": "ESRSK"}, headers=h)
    assert changed.status_code == 200
    assert changed.json()["code"] == "ESRSK"
    assert changed.json()["name"] == centre["name"]
    # The agreement's service-side contact person is mandatory; nothing is stored without it.
    agreement = {
        "title": "Kela",
        "level": "regional",
        "instrument": "agreement",
        "status": "ready",
        "centre_id": "c-es",
        "checklist_item": "R1",
    }
    response = client.post("/api/partners/agreements", json=agreement, headers=h)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "contact_person: the service-side contact person is mandatory"
    )
    assert count(valvo, tp.agreements) == 0
    # Three writes, three audit records, and the chain holds.
    assert count(valvo, t.audit_records) == audits + 3
    with valvo.db.connect() as conn:
        rows = conn.execute(select(t.audit_records).order_by(t.audit_records.c.id)).mappings()
        assert verify_chain(rows)[1] is None
    assert client.get("/api/partners/units", headers={}).status_code == 401


def test_dashboards_show_missing_agreements_overdue_meetings_and_stale_contacts(
    client: TestClient,
) -> None:
    h = login(client)
    post(
        client,
        h,
        "units",
        {"id": "c1", "name": "Länsi-Suomen rikosseuraamuskeskus", "type": "centre"},
    )
    post(
        client, h, "units", {"id": "n1", "name": "Kehittäminen ja ohjaus", "type": "national_area"}
    )
    post(
        client,
        h,
        "agreements",
        {
            "title": "Kela-yhteistyömalli",
            "level": "national",
            "instrument": "operating_model",
            "status": "ready",
            "checklist_item": "N3",
            "contact_person": "Liisa Laine",
            "register_number": "32/021/2021",
        },
    )
    post(
        client,
        h,
        "agreements",
        {
            "title": "Poliisilaitos",
            "level": "regional",
            "instrument": "agreement",
            "status": "ready",
            "centre_id": "c1",
            "checklist_item": "R4",
            "contact_person": "K. Koski",
            "operating_instructions": True,
            "contact_details": True,
            "coverage": ["crime_in_prison"],
        },
    )
    post(
        client,
        h,
        "obligations",
        {
            "title": "Vuosittainen syyttäjätapaaminen",
            "counterpart": "Länsi-Suomen syyttäjäalue",
            "centre_id": "c1",
            "starts_on": "2024-01-01",
        },
    )
    network = post(client, h, "networks", {"name": "Matriisiryhmä", "kind": "matrix_group"})
    partner = post(client, h, "partners", {"name": "Kela", "type": "kela_unit"})
    post(
        client,
        h,
        "network-members",
        {"network_id": network["id"], "organisation_id": partner["id"], "contact_name": "Pirjo"},
    )
    post(
        client,
        h,
        "network-members",
        {
            "network_id": network["id"],
            "unit_id": "c1",
            "contact_name": "Tiina",
            "contact_email": "tiina@rise.example",
            "last_verified_on": "2026-09-01",
        },
    )
    board = client.get("/api/partners/dashboards", headers=h).json()
    assert board["agreements"]["national_missing"] == 13
    (centre,) = board["agreements"]["centres"]
    assert [r["code"] for r in centre["missing"]] == ["R1", "R2", "R3", "R4", "R5", "R6"]
    r4 = next(r for r in centre["missing"] if r["code"] == "R4")
    assert "police agreement does not cover contact_restrictions" in r4["problems"]
    (obligation,) = board["meetings"]["obligations"]
    assert obligation["overdue"]
    assert obligation["due_on"] == "2025-01-01"
    (stale,) = board["contacts"]["contacts"]
    assert stale["contact_name"] == "Pirjo"
    assert "never verified" in stale["problems"]
    (group,) = board["contacts"]["representation"]
    assert group["missing"] == ["Kehittäminen ja ohjaus"]
    # A meeting held fixes the overdue obligation at once.
    post(
        client,
        h,
        "meetings",
        {
            "title": "Syyttäjätapaaminen 2026",
            "held_on": "2026-03-10",
            "obligation_id": obligation["id"],
        },
    )
    meetings = client.get("/api/partners/dashboards/meetings", headers=h).json()
    assert meetings["obligations_overdue"] == 0


def test_keyword_search_is_finnish_aware(client: TestClient, valvo: Valvo) -> None:
    h = login(client)
    make_place(valvo, name="Kierrätyskeskus Ruosilantie", services=["työtoiminta"])
    make_place(
        valvo,
        name="Tampereen seurakuntayhtymän puutarha",
        municipality="Tampere",
        address="Hallituskatu 1, Tampere",
        services=["puutarhatyö"],
    )
    post(
        client,
        h,
        "directory",
        {
            "kind": "mailbox",
            "name": "Yhdyskuntaseuraamustoimisto Helsinki",
            "email": "yks.helsinki@rise.example",
            "themes": ["toimintavelvoite", "palvelupaikat"],
        },
    )
    post(
        client,
        h,
        "partners",
        {
            "name": "Kriminaalihuollon tukisäätiö",
            "type": "foundation",
            "services": ["vertaistuki", "asumisen tuki"],
        },
    )

    def titles(q: str, **params: Any) -> list[str]:
        response = client.get("/api/partners/search", params={"q": q, **params}, headers=h)
        assert response.status_code == 200, response.text
        return [hit["title"] for hit in response.json()]

    assert titles("kierrätyskeskuksessa") == ["Kierrätyskeskus Ruosilantie"]
    assert titles("työtoimintaa Helsingissä") == ["Kierrätyskeskus Ruosilantie"]
    assert titles("Tampereella puutarhassa") == ["Tampereen seurakuntayhtymän puutarha"]
    assert titles("palvelupaikka") == ["Yhdyskuntaseuraamustoimisto Helsinki"]
    assert titles("tukisäätiön vertaistukea") == ["Kriminaalihuollon tukisäätiö"]
    assert titles("vertaistuki", kinds="place") == []
    assert titles("kirjasto") == []
    bad = client.get("/api/partners/search", params={"q": "x", "kinds": "planet"}, headers=h)
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("kinds: planet")


def test_the_admission_gate_refuses_an_outside_worker_without_clearance(
    client: TestClient,
) -> None:
    h = login(client)
    post(client, h, "units", {"id": "c1", "name": "Centre", "type": "centre"})
    post(
        client,
        h,
        "units",
        {"id": "p1", "name": "Turun vankila", "type": "prison", "parent_id": "c1"},
    )
    worker = post(
        client, h, "outside-persons", {"name": "Ville", "role": "volunteer", "unit_ids": ["p1"]}
    )
    activity = {
        "unit_id": "p1",
        "title": "Lukupiiri",
        "starts_at": "2026-12-01T14:00:00+02:00",
        "person_ids": [worker["id"]],
    }
    refused = client.post("/api/partners/activities", json=activity, headers=h)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"admission gate (S68): {worker['id']}: no security clearance recorded, not inducted "
        "in this unit, no signed confidentiality pledge, no unit director's decision"
    )
    steps = [
        ("clearance", {"type": "supo_basic", "done_on": "2026-10-01", "result": "no_remarks"}),
        ("induction", {"unit_id": "p1", "inducted_on": "2026-10-05"}),
        ("pledge", {"signed_on": "2026-10-05"}),
        (
            "decision",
            {
                "unit_id": "p1",
                "verdict": "admit",
                "decided_on": "2026-10-06",
                "decided_by": "Johtaja",
            },
        ),
    ]
    for step, body in steps:
        post(client, h, f"outside-persons/{worker['id']}/{step}", body, 200)
    gate = client.get(
        f"/api/partners/outside-persons/{worker['id']}/admission",
        params={"unit_id": "p1"},
        headers=h,
    ).json()
    assert gate["admitted"]
    assert gate["missing"] == []
    assert post(client, h, "activities", activity)["unit_id"] == "p1"
    post(
        client,
        h,
        f"outside-persons/{worker['id']}/incidents",
        {
            "kind": "substance_use",
            "description": "Suspected intoxication at work",
            "reported_by": "Kris Länsi-Suomi",
            "reported_on": "2026-11-20",
        },
        200,
    )
    again = client.post("/api/partners/activities", json=activity, headers=h)
    assert again.status_code == 409
    assert "re-opened the decision" in again.json()["detail"]
    assert client.get("/api/partners/dashboards", headers=h).json()["other"][
        "admissions_reopened"
    ] == [{"id": worker["id"], "name": "Ville"}]


def test_project_applications_move_through_their_stages(client: TestClient) -> None:
    h = login(client)
    post(client, h, "units", {"id": "c1", "name": "Centre", "type": "centre"})
    app = {
        "name": "Polku",
        "applicant": "Voitto Oy",
        "applicant_form": "for_profit_company",
        "description": "Mentoring",
        "need": "Clients need mentors",
        "target_unit_ids": ["c1"],
        "planned_cooperation": "Groups",
    }
    bad = post(client, h, "projects", app)
    assert bad["stage"] == "received"
    assert bad["eligibility"] == ["a for profit company cannot be a project partner (L1962-1963)"]
    response = client.post(
        f"/api/partners/projects/{bad['id']}/recommend",
        json={"verdict": "recommend", "statement": "Yes"},
        headers=h,
    )
    assert response.status_code == 422
    good = post(
        client, h, "projects", {**app, "applicant": "Silta-Valmennus ry", "applicant_form": "ngo"}
    )
    early = client.post(
        f"/api/partners/projects/{good['id']}/start",
        json={"started_on": "2026-01-01", "responsible_person": "A"},
        headers=h,
    )
    assert early.status_code == 409
    assert early.json()["detail"] == "cannot start a project that is received"
    post(
        client,
        h,
        f"projects/{good['id']}/recommend",
        {"verdict": "recommend", "statement": "Fits the strategy"},
        200,
    )
    post(
        client,
        h,
        f"projects/{good['id']}/decide",
        {"verdict": "approve", "decided_by": "Ylijohtaja", "reference": "1/2026"},
        200,
    )
    running = post(
        client,
        h,
        f"projects/{good['id']}/start",
        {"started_on": "2025-09-01", "responsible_person": "Anna"},
        200,
    )
    assert running["stage"] == "running"
    assert running["recommendation"]["recommends"] is True
    assert running["decision"]["approved"] is True  # recorded apart from the statement
    overdue = client.get("/api/partners/dashboards", headers=h).json()["other"]
    assert overdue["project_reviews_overdue"][0]["due_on"] == "2026-03-01"


def test_public_feedback_contact_self_service_and_invitations(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    sent = client.post(
        "/api/partners/public/feedback",
        json={
            "sender": "relative",
            "topic": "accessibility",
            "message": "Tapaamisajat ovat vaikeasti löydettävissä.",
        },
    )
    assert sent.status_code == 201
    bad = client.post(
        "/api/partners/public/feedback", json={"sender": "cat", "topic": "x", "message": "m"}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("sender:")
    assert count(valvo, tp.feedback) == 1
    assert client.get("/api/partners/feedback").status_code == 401
    assert len(client.get("/api/partners/feedback", headers=h).json()) == 1
    network = post(client, h, "networks", {"name": "Forum", "kind": "forum"})
    org = post(client, h, "partners", {"name": "Y-Säätiö", "type": "foundation"})
    member = post(
        client, h, "network-members", {"network_id": network["id"], "organisation_id": org["id"]}
    )
    link = post(client, h, f"network-members/{member['id']}/contact-link", {}, 200)
    mine = client.put(
        link["path"], json={"contact_name": "Sari", "contact_email": "sari@ysaatio.example"}
    )
    assert mine.status_code == 200
    assert mine.json()["last_verified_on"] == "2026-11-23"
    assert client.put(link["path"], json={"network_id": "x"}).status_code == 422
    assert client.get("/api/partners/public/contacts/forged").status_code == 404
    event = post(
        client,
        h,
        "events",
        {
            "title": "Projektikumppanuusseminaari",
            "type": "partnership_seminar",
            "format": "in_person",
            "audiences": ["ngos", "funders"],
            "capacity": 1,
            "starts_at": "2027-02-10T09:00:00+02:00",
        },
    )
    first = post(
        client,
        h,
        f"events/{event['id']}/invitations",
        {"name": "Sari", "email": "sari@ysaatio.example"},
    )
    second = post(
        client,
        h,
        f"events/{event['id']}/invitations",
        {"name": "Olli", "email": "olli@kris.example"},
    )
    assert client.post(first["path"], json={"status": "registered"}).status_code == 200
    full = client.post(second["path"], json={"status": "registered"})
    assert full.status_code == 409
    assert full.json()["detail"] == "status: the event is full (1 places)"
