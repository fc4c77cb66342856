"""The follow-up, governance and outreach records (S12, S14, S15, S58, S64, S72, S74, S75, S89,
S91, S92, S97, S99–S101) through the generic record API on SQLite and PostgreSQL: validated
with precise 422s and nothing stored, referenced, audited, importable from CSV, and the
follow-up dashboard showing real gaps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_api import login
from tests.integration.test_partners_api import count, post
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_partners_follow_up as tm
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

# The clock reads Monday 23 November 2026.


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def refused(client: TestClient, h: dict[str, str], path: str, body: dict[str, Any]) -> str:
    response = client.post(f"/api/partners/{path}", json=body, headers=h)
    assert response.status_code == 422, response.text
    detail: str = response.json()["detail"]
    return detail


def centre(client: TestClient, h: dict[str, str], id: str, name: str) -> dict[str, Any]:
    return post(client, h, "units", {"id": id, "name": name, "type": "centre"})


def expert(client: TestClient, h: dict[str, str], name: str) -> dict[str, Any]:
    return post(
        client,
        h,
        "experts",
        {
            "name": name,
            "training_provider": "Kokoa ry",
            "training_path": "kokemusasiantuntijakoulutus 2025",
            "training_evidence": "todistus 12/2025",
            "roles": ["peer"],
        },
    )


def test_the_programme_rule_fee_levels_and_precise_refusals(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    before = count(valvo, tm.programmes)
    # S99: a programme influencing thinking cannot be in use before accreditation.
    assert refused(
        client,
        h,
        "programmes",
        {
            "name": "Cognitive Skills",
            "influences_thinking": True,
            "accreditation": "in_process",
            "status": "in_use",
        },
    ).startswith("status: a programme influencing thinking cannot be in use before accreditation")
    assert count(valvo, tm.programmes) == before
    post(
        client,
        h,
        "programmes",
        {
            "name": "Cognitive Skills",
            "influences_thinking": True,
            "accreditation": "in_process",
            "status": "piloting",
        },
    )
    # S75: a fee follows from the Rise fee level in force on the day of the work.
    person = expert(client, h, "Kalle Kokemus")
    fee = {"expert_id": person["id"], "kind": "fee", "worked_on": "2026-11-20", "hours": 3}
    assert refused(client, h, "expert-payments", fee) == (
        "worked_on: no fee level in force on 2026-11-20 (record one in fee-levels)"
    )
    post(
        client,
        h,
        "fee-levels",
        {"name": "Palkkiotaso 2026", "eur_per_hour": 30, "valid_from": "2026-01-01"},
    )
    paid = post(client, h, "expert-payments", fee)
    assert (paid["amount_eur"], paid["rate_eur_per_hour"]) == (90.0, 30.0)
    assert refused(client, h, "expert-payments", {**fee, "amount_eur": 500}) == (
        "amount_eur: a fee's amount follows from the fee level"
    )
    assert (
        refused(
            client,
            h,
            "expert-payments",
            {
                "expert_id": person["id"],
                "kind": "purchased_service",
                "worked_on": "2026-11-20",
                "amount_eur": 200,
            },
        )
        == "ngo_id: a purchased service names the NGO it is bought from"
    )
    # S74: an assignment refers to an existing expert; another expert's assignment is refused.
    assignment = post(
        client,
        h,
        "expert-assignments",
        {
            "expert_id": person["id"],
            "task": "vertaistuki vapautumisvaiheessa",
            "client_phase": "release",
            "paired_professional": "Sanna Sosiaalityöntekijä",
            "paired_with": "rise",
            "work_supervision": True,
            "starts_on": "2026-11-01",
        },
    )
    other = expert(client, h, "Olli Toinen")
    assert (
        refused(
            client,
            h,
            "expert-payments",
            {**fee, "expert_id": other["id"], "assignment_id": assignment["id"]},
        )
        == f"assignment_id: assignment {assignment['id']} is another expert's"
    )
    assert (
        refused(
            client,
            h,
            "expert-assignments",
            {
                "expert_id": "nobody",
                "task": "x",
                "client_phase": "release",
                "paired_professional": "x",
                "paired_with": "rise",
                "starts_on": "2026-11-01",
            },
        )
        == "expert_id: expert nobody does not exist"
    )
    # S64: criteria versions do not overlap.
    post(
        client,
        h,
        "criteria-versions",
        {
            "name": "Kumppanuuskriteerit",
            "version": "1",
            "criteria": ["yleishyödyllisyys"],
            "valid_from": "2025-01-01",
            "valid_to": "2026-06-01",
        },
    )
    assert (
        refused(
            client,
            h,
            "criteria-versions",
            {
                "name": "Kumppanuuskriteerit",
                "version": "2",
                "criteria": ["vaikuttavuus"],
                "valid_from": "2026-01-01",
            },
        )
        == "valid_from: overlaps version 1; end that one first (valid_to)"
    )
    # S91: a granted permit states its conditions; data only under a granted permit.
    assert (
        refused(
            client,
            h,
            "research-permits",
            {
                "title": "Väitöstutkimus",
                "applicant": "Tutkija",
                "received_on": "2026-09-01",
                "status": "in_processing",
                "data_delivered": ["rekisteriote"],
            },
        )
        == "data_delivered: data is delivered only under a granted permit"
    )
    # Unknown filters are refused too, known ones typed.
    listed = client.get("/api/partners/programmes", params={"status": "piloting"}, headers=h)
    assert [p["name"] for p in listed.json()] == ["Cognitive Skills"]
    assert client.get("/api/partners/programmes?colour=red", headers=h).status_code == 422


def test_the_follow_up_dashboard_shows_real_gaps(client: TestClient, valvo: Valvo) -> None:
    h = login(client)
    south = centre(client, h, "c-es", "Etelä-Suomen rikosseuraamuskeskus")
    centre(client, h, "c-ls", "Länsi-Suomen rikosseuraamuskeskus")
    audits = count(valvo, t.audit_records)
    # S15: the southern centre has a social-services practice but none with employment.
    post(
        client,
        h,
        "referral-practices",
        {
            "name": "Ohjaus sosiaalipalveluihin",
            "centre_id": south["id"],
            "service": "social_services",
            "counterpart_name": "Helsingin kaupunki",
            "practice": "yhteinen palvelutarvearvio ennen vapautumista",
            "review_on": "2026-10-01",
        },
    )
    # S14: a check with deviations and an action past its date.
    post(
        client,
        h,
        "compliance-checks",
        {
            "title": "Poliisiyhteistyön seuranta",
            "process": "virka-apupyynnöt",
            "centre_id": south["id"],
            "checked_on": "2026-06-01",
            "checked_by": "Aluejohtaja",
            "result": "deviations",
            "next_check_on": "2026-11-01",
            "actions": [
                {"text": "päivitä yhteystiedot", "owner": "Yhteyshenkilö", "due_on": "2026-09-30"}
            ],
        },
    )
    assert (
        refused(
            client,
            h,
            "compliance-checks",
            {
                "title": "x",
                "process": "y",
                "checked_on": "2026-06-01",
                "checked_by": "z",
                "result": "not_followed",
            },
        )
        == "actions: a check with the result not_followed needs an action"
    )
    # S58: a service map past its review date; the western centre has none.
    post(
        client,
        h,
        "service-maps",
        {
            "name": "Palvelukartta ES",
            "centre_id": south["id"],
            "owner": "Palvelupäällikkö",
            "review_on": "2026-08-31",
            "published": True,
        },
    )
    # S72: the current guide reached one expert of two.
    first, second = expert(client, h, "Kalle Kokemus"), expert(client, h, "Liisa Läsnä")
    post(
        client,
        h,
        "instructions",
        {
            "name": "Opas muurien maailmaan",
            "document": "opas_muurien_maailmaan",
            "version": "2026",
            "owner": "Viestintä",
            "published_on": "2026-02-01",
            "deliveries": [
                {
                    "recipient_kind": "expert",
                    "recipient_id": first["id"],
                    "delivered_on": "2026-03-01",
                }
            ],
        },
    )
    # S97: a Nordic topic last met two years ago; S100: a goal never reported on.
    post(
        client,
        h,
        "international",
        {
            "name": "Nordic probation meeting",
            "type": "nordic_meeting",
            "topic": "probation",
            "last_met_on": "2024-10-01",
        },
    )
    post(
        client,
        h,
        "goals",
        {
            "title": "Vapautuvien asunnottomuus vähenee",
            "level": "national",
            "indicator": "asunnottomana vapautuvien osuus",
            "target": "alle 10 %",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
        },
    )
    assert count(valvo, t.audit_records) == audits + 8  # every write audited
    board = client.get("/api/partners/dashboards/follow-up", headers=h)
    assert board.status_code == 200, board.text
    gaps = board.json()
    assert [c["centre"] for c in gaps["referrals"]["centres_missing"]] == [
        "Etelä-Suomen rikosseuraamuskeskus",
        "Länsi-Suomen rikosseuraamuskeskus",
    ]
    assert gaps["referrals"]["centres_missing"][0]["missing"] == [
        "municipal_employment or state_employment"
    ]
    assert [r["name"] for r in gaps["referrals"]["review_overdue"]] == [
        "Ohjaus sosiaalipalveluihin"
    ]
    assert [a["action"] for a in gaps["compliance"]["actions_overdue"]] == ["päivitä yhteystiedot"]
    assert [c["next_check_on"] for c in gaps["compliance"]["checks_overdue"]] == ["2026-11-01"]
    assert [m["name"] for m in gaps["service_maps"]["overdue"]] == ["Palvelukartta ES"]
    assert [c["centre"] for c in gaps["service_maps"]["centres_without"]] == [
        "Länsi-Suomen rikosseuraamuskeskus"
    ]
    (undelivered,) = gaps["instructions"]["not_delivered"]
    assert [e["name"] for e in undelivered["experts"]] == [second["name"]]
    assert [n["topic"] for n in gaps["nordic_meetings_overdue"]] == ["probation"]
    assert [g["due_on"] for g in gaps["goal_reports_overdue"]] == ["2026-07-01"]
    # Reporting on the goal and delivering the guide take them off the dashboard.
    goal_id = client.get("/api/partners/goals", headers=h).json()[0]["id"]
    patched = client.patch(
        f"/api/partners/goals/{goal_id}",
        json={"progress": [{"on": "2026-11-15", "value": "12 %"}]},
        headers=h,
    )
    assert patched.status_code == 200, patched.text
    everything = client.get("/api/partners/dashboards", headers=h).json()
    assert everything["follow_up"]["goal_reports_overdue"] == []


def test_csv_import_loads_the_new_kinds_row_by_row_or_not_at_all(
    client: TestClient, valvo: Valvo
) -> None:
    h = login(client)
    centre(client, h, "c-es", "Etelä-Suomen rikosseuraamuskeskus")
    csv = (
        "name;type;centre_id;description\n"
        "Sovittelutoimisto Helsinki;mediation;c-es;rikos- ja riita-asioiden sovittelu\n"
        "Tukipiiri;cosa;c-es;COSA-tyyppinen tukipiiri vapautuneelle\n"
    )
    bad = csv + "Väärä;court;c-es;\n"
    response = client.post("/api/partners/import/restorative", content=bad.encode(), headers=h)
    assert response.status_code == 422, response.text
    assert "row 4" in response.json()["detail"]
    assert count(valvo, tm.restorative) == 0
    response = client.post("/api/partners/import/restorative", content=csv.encode(), headers=h)
    assert response.status_code == 201, response.text
    assert count(valvo, tm.restorative) == 2
    found = client.get("/api/partners/search", params={"q": "sovittelu"}, headers=h).json()
    assert "Sovittelutoimisto Helsinki" in [hit["title"] for hit in found]
