"""R61 (§11.1) through the API on SQLite and PostgreSQL: an order to attend a place for a urine
sample, the attendance recorded; not attending, once the day has passed, opens a breach (§8.7);
bad orders are refused and change nothing."""

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

ORDER = {
    "place_kind": "health_centre",
    "place_name": "Kallion terveysasema",
    "attend_on": "2027-01-12",
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


def test_r61_attended_and_not_attended(client: TestClient, clock: FakeClock, as_: Staff) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 11), 12)
    url = f"/api/cases/{case_id}/sample-orders"
    case = ok(client.post(url, json=ORDER, headers=as_("supervisor")), 201)
    first = case["sample_orders"][0]
    assert (first["place_kind"], first["attended"]) == ("health_centre", None)
    case = ok(
        client.post(
            f"{url}/{first['id']}/attendance", json={"attended": True}, headers=as_("supervisor")
        )
    )
    assert case["sample_orders"][0]["attended"] is True
    assert case["breaches"] == []
    refused(
        client.post(
            f"{url}/{first['id']}/attendance", json={"attended": False}, headers=as_("supervisor")
        ),
        409,
        "attendance_recorded",
    )

    orders = ok(client.post(url, json=ORDER, headers=as_("supervisor")), 201)["sample_orders"]
    second = next(o for o in orders if o["attended"] is None)
    absent = f"{url}/{second['id']}/attendance"
    # Not missed before the day has passed.
    at(clock, date(2027, 1, 12), 12)
    refused(
        client.post(absent, json={"attended": False}, headers=as_("supervisor")), 422, "not_yet"
    )
    at(clock, date(2027, 1, 13), 12)
    case = ok(client.post(absent, json={"attended": False}, headers=as_("supervisor")))
    order = next(o for o in case["sample_orders"] if o["id"] == second["id"])
    assert order["attended"] is False
    assert order["breach_id"] == case["breaches"][0]["id"]
    assert "Kallion terveysasema" in case["breaches"][0]["description"]


def test_r61_bad_orders_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    url = f"/api/cases/{case_id}/sample-orders"
    refused(client.post(url, json=ORDER, headers=as_("supervisor")), 409, "wrong_state")
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/sample-orders"
    at(clock, date(2027, 1, 11), 12)
    for body, code in (
        ({**ORDER, "place_kind": "pub"}, "place_kind"),
        ({**ORDER, "place_name": " "}, "place_missing"),
        ({**ORDER, "attend_on": "2027-01-10"}, "attend_before_order"),
    ):
        refused(client.post(url, json=body, headers=as_("supervisor")), 422, code)
    assert client.post(url, json=ORDER, headers=as_("prosecutor")).status_code == 403
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["sample_orders"] == []
