"""R85 (§16) through the API on SQLite and PostgreSQL: the court's decision on a breach records
who was heard — the convict in person, the convict's representative, KHL's representative — and
whether it was decided in the convict's absence; a contradictory record is refused and stores
nothing."""

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

COURT = "Helsingin käräjäoikeus"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def _brought_to_court(client: TestClient, clock: FakeClock, as_: Staff) -> tuple[str, str]:
    case_id = open_sentence(client, clock, as_, length_days=30)
    at(clock, date(2027, 1, 20))
    url = f"/api/cases/{case_id}/breaches"
    body = {"occurred_at": "2027-01-20T09:00:00+02:00", "description": "drunk at work"}
    breach = ok(client.post(url, json=body, headers=as_("supervisor")), 201)["breaches"][0]
    url = f"{url}/{breach['id']}"
    referral = {"kind": "intoxication", "on": "2027-01-20"}
    ok(client.post(f"{url}/referral", json=referral, headers=as_("supervisor")))
    hearing = {"heard_on": "2027-01-20", "statement": "admits"}
    ok(client.post(f"{url}/hearing", json=hearing, headers=as_("supervisor")))
    at(clock, date(2027, 1, 22), 12)
    prosecutor = {"decided_at": "2027-01-22T10:00:00+02:00", "bring_to_court": True, "court": COURT}
    ok(client.post(f"{url}/prosecutor-decision", json=prosecutor, headers=as_("prosecutor")))
    at(clock, date(2027, 2, 1), 12)
    return case_id, url


def _decision(**hearing: Any) -> dict[str, Any]:
    return {"decided_at": "2027-02-01T13:00:00+02:00", "convert": True, "court": COURT, **hearing}


def test_r85_the_court_records_who_it_heard(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    _, url = _brought_to_court(client, clock, as_)
    heard = _decision(
        convict_heard=True,
        convict_representative="Asianajaja Aino Avustaja",
        khl_representative="Rikosseuraamusesimies Kalle Kriminaali",
    )
    case = ok(client.post(f"{url}/court-decision", json=heard, headers=as_("court")))
    decision = case["decisions"][-1]
    assert decision["in_absence"] is False
    assert decision["details"]["convict_heard"] is True
    assert decision["details"]["convict_representative"] == "Asianajaja Aino Avustaja"
    assert decision["details"]["khl_representative"] == "Rikosseuraamusesimies Kalle Kriminaali"
    assert case["status"] == "converted"


def test_r85_in_absence_only_through_a_representative(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id, url = _brought_to_court(client, clock, as_)
    refused(
        client.post(
            f"{url}/court-decision",
            json=_decision(in_absence=True, convict_heard=True),
            headers=as_("court"),
        ),
        422,
        "heard_but_absent",
    )
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["status"] == "interrupted"  # nothing decided
    assert [d["decided_by"] for d in case["decisions"]] == ["prosecutor"]
    absent = _decision(in_absence=True, convict_heard=False, convict_representative="Avustaja")
    case = ok(client.post(f"{url}/court-decision", json=absent, headers=as_("court")))
    decision = case["decisions"][-1]
    assert decision["in_absence"] is True
    assert decision["details"]["convict_representative"] == "Avustaja"
    assert decision["details"]["khl_representative"] is None
