"""R27 through the API on SQLite and PostgreSQL: the report's existing work or study place is
flagged on the case for the activity obligation until the plan includes it (or leaves it out),
and the plan's confirmation records which."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff, plan_content
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


def test_r27_existing_work_is_flagged_until_the_plan_includes_it(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["report"]["existing_work_or_study"] == "Oy Varasto Ab"
    assert case["computed"]["work_or_study"] == {"place": "Oy Varasto Ab", "flag": "to_include"}

    at(clock, date(2026, 12, 22))
    url = f"/api/cases/{case_id}/plans"
    content = plan_content(date(2027, 1, 4), date(2027, 3, 31))
    refused(
        client.post(
            url,
            json={
                "content": {**content, "work_or_study_included": "yes"},
                "convict_heard_on": "2026-12-22",
            },
            headers=as_("supervisor"),
        ),
        422,
        "invalid_plan",
    )
    assert ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["plans"] == []
    case = ok(
        client.post(
            url,
            json={
                "content": {**content, "work_or_study_included": True},
                "convict_heard_on": "2026-12-22",
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["work_or_study"]["flag"] == "included"
    confirmed = [e for e in case["timeline"] if e["kind"] == "plan_confirmed"]
    assert confirmed[0]["details"]["work_or_study"] == "included"


def test_r27_a_plan_leaving_it_out_says_so(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    at(clock, date(2026, 12, 22))
    content = plan_content(date(2027, 1, 4), date(2027, 3, 31), work_or_study_included=False)
    ok(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={"content": content, "convict_heard_on": "2026-12-22"},
            headers=as_("supervisor"),
        ),
        201,
    )
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["work_or_study"]["flag"] == "left_out"
