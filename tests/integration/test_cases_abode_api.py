"""R29 (§2, §4) through the API on SQLite and PostgreSQL: the abode of a monitoring sentence as
a typed record, a private dwelling or a placement institution with its contact; a new record
replaces the one before; bad input is refused and stores nothing; only sentence workers write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

INSTITUTION = {
    "kind": "institution",
    "address": "Kuntoutustie 5, Järvenpää",
    "institution_name": "Järvenpään kuntoutuskeskus",
    "contact_name": "Sari Ohjaaja",
    "contact_phone": "+358 40 123 4567",
    "contact_email": "sari@example.fi",
    "valid_from": "2027-01-10",
}


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def test_r29_dwelling_then_institution_with_its_contact(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # serving since 2027-01-04
    url = f"/api/cases/{case_id}/abodes"
    home = {"kind": "dwelling", "address": "Helsinginkatu 1 A 2, Helsinki"}
    case = ok(client.post(url, json=home, headers=as_("supervisor")), 201)
    assert [a["kind"] for a in case["abodes"]] == ["dwelling"]
    assert case["abodes"][0]["valid_from"] == "2027-01-04"  # today in Helsinki
    assert case["timeline"][-1]["kind"] == "abode_recorded"

    case = ok(client.post(url, json=INSTITUTION, headers=as_("supervisor")), 201)
    current = case["abodes"][-1]
    assert current["kind"] == "institution"
    assert current["institution_name"] == "Järvenpään kuntoutuskeskus"
    assert current["contact_name"] == "Sari Ohjaaja"
    assert current["contact_phone"] == "+358 40 123 4567"
    assert current["valid_from"] == "2027-01-10"
    assert len(case["abodes"]) == 2  # the dwelling is kept as the earlier abode


def test_r29_bad_abodes_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/abodes"
    ok(client.post(url, json=INSTITUTION, headers=as_("supervisor")), 201)
    bad = [
        ({**INSTITUTION, "contact_phone": None}, "institution_contact_missing"),
        ({**INSTITUTION, "kind": "tent"}, "kind"),
        ({"kind": "dwelling", "address": "  "}, "abode_address_missing"),
        (
            {"kind": "dwelling", "address": "Katu 1", "contact_phone": "soita"},
            "contact_phone_invalid",
        ),
        ({**INSTITUTION, "valid_from": "2027-01-09"}, "valid_from_before_current"),
    ]
    for body, code in bad:
        refused(client.post(url, json=body, headers=as_("supervisor")), 422, code)
    assert (
        client.post(url, json={**INSTITUTION, "extra": 1}, headers=as_("supervisor")).status_code
        == 422
    )
    # The prosecutor reads cases but does not do the supervisor's work.
    assert client.post(url, json=INSTITUTION, headers=as_("prosecutor")).status_code == 403
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert len(case["abodes"]) == 1
    assert [e["kind"] for e in case["timeline"]].count("abode_recorded") == 1
    missing = client.post("/api/cases/nope/abodes", json=INSTITUTION, headers=as_("supervisor"))
    assert missing.status_code == 404
