"""R53 through the API on SQLite and PostgreSQL: visits against the target on the case and in
the report over the caseload; a case's own target replaces the default; bad targets are refused
and change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
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


def _visit(client: TestClient, as_: Staff, case_id: str, when: str) -> None:
    body = {"kind": "home", "visited_at": when, "present": True, "sober": True}
    ok(client.post(f"/api/cases/{case_id}/visits/outcome", json=body, headers=as_("supervisor")))


def test_r53_visits_against_the_default_and_the_case_target(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # serving from Monday 2027-01-04
    at(clock, date(2027, 1, 17), 12)  # Sunday: two full weeks served
    for when in (
        "2027-01-05T10:00:00+02:00",
        "2027-01-08T18:00:00+02:00",
        "2027-01-12T09:00:00+02:00",
    ):
        _visit(client, as_, case_id, when)
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    freq = case["computed"]["visit_frequency"]
    assert freq["target_per_week"] == 2
    assert freq["target_source"] == "default"
    assert freq["visits"] == 3
    assert freq["expected"] == 4.0
    assert freq["per_week"] == 1.5
    assert freq["weeks_short"] == 1
    assert [w["visits"] for w in freq["weeks"]] == [2, 1]

    report = ok(client.get("/api/visit-frequency", headers=as_("supervisor")))
    row = next(r for r in report if r["case_id"] == case_id)
    assert row["subject_name"] == "Aino Valvottava"
    assert (row["visits"], row["expected"], row["on_target"]) == (3, 4.0, False)

    # A case of its own: one visit a week is enough here; the reason is kept.
    url = f"/api/cases/{case_id}/visit-target"
    case = ok(
        client.put(
            url,
            json={"visits_per_week": 1, "reason": "stable, works full time"},
            headers=as_("supervisor"),
        )
    )
    freq = case["computed"]["visit_frequency"]
    assert (freq["target_per_week"], freq["target_source"]) == (1, "case")
    assert freq["on_target"] is True
    assert case["timeline"][-1]["kind"] == "visit_target_set"
    report = ok(client.get("/api/visit-frequency", headers=as_("supervisor")))
    assert next(r for r in report if r["case_id"] == case_id)["target_per_week"] == 1


def test_r53_bad_targets_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/visit-target"
    for body, status in (
        ({"visits_per_week": 15, "reason": "x"}, 422),
        ({"visits_per_week": -1, "reason": "x"}, 422),
        ({"visits_per_week": 3}, 422),
        ({"visits_per_week": 3, "reason": "  "}, 422),
    ):
        response = client.put(url, json=body, headers=as_("supervisor"))
        assert response.status_code == status, response.text
    denied = client.put(url, json={"visits_per_week": 3, "reason": "x"}, headers=as_("prosecutor"))
    assert denied.status_code == 403
    assert client.get("/api/visit-frequency", headers=as_("prosecutor")).status_code == 403
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["visit_frequency"]["target_source"] == "default"
    assert "visit_target_set" not in [e["kind"] for e in case["timeline"]]
