"""R65 (§11.3) through the API on SQLite and PostgreSQL: prescriptions are stored on the case;
a positive laboratory result for a medicine a valid prescription covers on the day of the sample
is no breach and serving resumes; an uncovered one is a §14.3 referral. R67: a sweat patch is a
laboratory test kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
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


def _quick_positive(client: TestClient, as_: Staff, case_id: str) -> str:
    body = {
        "kind": "urine_quick",
        "taken_at": "2027-01-11T10:00:00+02:00",
        "tester": "supervisor",
        "result": "positive",
    }
    case = ok(
        client.post(f"/api/cases/{case_id}/substance-tests", json=body, headers=as_("supervisor")),
        201,
    )
    assert case["status"] == "interrupted"  # R64: until the laboratory's result
    return str(case["substance_tests"][-1]["id"])


def _lab(client: TestClient, as_: Staff, case_id: str, test_id: str, **body: Any) -> Any:
    url = f"/api/cases/{case_id}/substance-tests/{test_id}/lab-result"
    answer = {"result": "positive", "at": "2027-01-13T10:00:00+02:00", **body}
    return client.post(url, json=answer, headers=as_("supervisor"))


def test_r65_a_positive_result_a_prescription_covers_is_no_breach(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 11), 12)
    url = f"/api/cases/{case_id}/prescriptions"
    prescription = {
        "substance": "Diatsepaami",
        "valid_from": "2027-01-01",
        "valid_until": "2027-01-31",
        "prescribed_by": "Dr. Lääkäri, Kallion terveysasema",
    }
    case = ok(client.post(url, json=prescription, headers=as_("supervisor")), 201)
    assert case["prescriptions"][0]["substance"] == "Diatsepaami"
    test_id = _quick_positive(client, as_, case_id)
    at(clock, date(2027, 1, 13), 12)
    case = ok(_lab(client, as_, case_id, test_id, substance="diatsepaami"))
    test = case["substance_tests"][-1]
    assert test["lab_result"] == "positive"
    assert test["entitled_medicine"] is True
    assert case["breaches"] == []
    assert case["status"] == "enforcing"  # serving resumed
    assert case["timeline"][-2]["details"]["prescription_id"] == case["prescriptions"][0]["id"]


def test_r65_an_uncovered_positive_is_referred(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 11), 12)
    late = {"substance": "Diatsepaami", "valid_from": "2027-01-12"}  # after the sample
    ok(
        client.post(f"/api/cases/{case_id}/prescriptions", json=late, headers=as_("supervisor")),
        201,
    )
    test_id = _quick_positive(client, as_, case_id)
    at(clock, date(2027, 1, 13), 12)
    case = ok(_lab(client, as_, case_id, test_id, substance="Diatsepaami"))
    assert case["substance_tests"][-1]["entitled_medicine"] is False
    assert len(case["breaches"]) == 1
    assert case["interruptions"][-1]["reason"] == "court_referral"


def test_r65_bad_prescriptions_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/prescriptions"
    for body, code in (
        ({"substance": " ", "valid_from": "2027-01-01"}, "substance_missing"),
        (
            {"substance": "Kodeiini", "valid_from": "2027-01-02", "valid_until": "2027-01-01"},
            "prescription_ends_before_start",
        ),
    ):
        refused(client.post(url, json=body, headers=as_("supervisor")), 422, code)
    body = {"substance": "Kodeiini", "valid_from": "2027-01-01"}
    assert client.post(url, json=body, headers=as_("prosecutor")).status_code == 403
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["prescriptions"] == []


def test_r67_a_positive_sweat_patch_is_referred_a_negative_one_is_not(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 11), 12)
    url = f"/api/cases/{case_id}/substance-tests"
    patch = {
        "kind": "sweat_patch",
        "taken_at": "2027-01-11T10:00:00+02:00",  # removed after a week's wear
        "tester": "Laboratorio Oy",
        "result": "negative",
    }
    case = ok(client.post(url, json=patch, headers=as_("supervisor")), 201)
    assert case["status"] == "enforcing"
    assert case["substance_tests"][-1]["kind"] == "sweat_patch"
    case = ok(
        client.post(url, json={**patch, "result": "positive"}, headers=as_("supervisor")), 201
    )
    assert case["status"] == "interrupted"
    assert case["interruptions"][-1]["reason"] == "court_referral"
