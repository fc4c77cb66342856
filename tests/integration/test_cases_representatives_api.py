"""R57 (§10.4) through the API on SQLite and PostgreSQL: a convict under 18 is flagged until a
guardian, trustee or legal representative is on the register; contacts with them are logged;
bad entries are refused and change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, refused
from tests.support.cases import Staff, create_staff, report_values, sentence_body
from valvo.bootstrap import Valvo
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def _minor_sentenced(client: TestClient, clock: FakeClock, as_: Staff) -> str:
    person = {"name": "Niko Nuori", "region": "Etelä-Suomi", "birth_date": "2009-06-01"}
    subject = ok(client.post("/api/subjects", json=person, headers=as_("supervisor")), 201)
    request = {"subject_id": subject["id"], "requested_on": "2026-11-23"}
    case = ok(client.post("/api/cases/sentences", json=request, headers=as_("prosecutor")), 201)
    url = f"/api/cases/{case['id']}"
    ok(
        client.patch(
            f"{url}/report", json=report_values(date(2026, 11, 23)), headers=as_("supervisor")
        )
    )
    ok(client.post(f"{url}/report/complete", json={"on": "2026-11-23"}, headers=as_("supervisor")))
    at(clock, date(2026, 12, 7))
    body = sentence_body(date(2026, 12, 7), date(2026, 12, 21))
    ok(client.post(f"{url}/sentence", json=body, headers=as_("court")))
    return str(case["id"])


def test_r57_a_minor_is_flagged_until_a_guardian_is_registered_and_contacts_are_logged(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = _minor_sentenced(client, clock, as_)
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["guardian_missing"] is True
    url = f"/api/cases/{case_id}/representatives"
    co = {"kind": "co_resident", "name": "Pekka Puoliso", "phone": "040 765 4321"}
    case = ok(client.post(url, json=co, headers=as_("supervisor")), 201)
    assert case["computed"]["guardian_missing"] is True  # a co-resident is not a guardian
    guardian = {"kind": "guardian", "name": "Maija Huoltaja", "email": "maija@example.fi"}
    case = ok(client.post(url, json=guardian, headers=as_("supervisor")), 201)
    assert case["computed"]["guardian_missing"] is False
    assert sorted(p["kind"] for p in case["representatives"]) == ["co_resident", "guardian"]
    assert case["timeline"][-1]["kind"] == "representative_added"

    # The contact with the guardian is logged (§10.4).
    contact = {
        "kind": "guardian",
        "channel": "phone",
        "contacted_at": "2026-12-07T09:00:00+02:00",
        "counterpart": "Maija Huoltaja",
        "announced": True,
        "outcome": "confirmed",
    }
    case = ok(
        client.post(f"/api/cases/{case_id}/contacts", json=contact, headers=as_("supervisor")),
        201,
    )
    assert case["contacts"][-1]["counterpart"] == "Maija Huoltaja"
    trustee = {**contact, "kind": "trustee", "counterpart": "Edunvalvoja"}
    ok(client.post(f"/api/cases/{case_id}/contacts", json=trustee, headers=as_("supervisor")), 201)


def test_r57_bad_entries_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = _minor_sentenced(client, clock, as_)
    url = f"/api/cases/{case_id}/representatives"
    for body, code in (
        ({"kind": "uncle", "name": "Eno", "phone": "040 111 2222"}, "kind"),
        ({"kind": "guardian", "name": "Maija"}, "contact_missing"),
        ({"kind": "guardian", "name": " ", "phone": "040 111 2222"}, "name_missing"),
        ({"kind": "guardian", "name": "Maija", "phone": "ring"}, "contact_phone_invalid"),
    ):
        refused(client.post(url, json=body, headers=as_("supervisor")), 422, code)
    body = {"kind": "guardian", "name": "Maija", "phone": "040 111 2222"}
    assert client.post(url, json=body, headers=as_("prosecutor")).status_code == 403
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["representatives"] == []
    assert case["computed"]["guardian_missing"] is True
