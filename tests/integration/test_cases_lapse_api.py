"""R93 (RL 8:11) through the API on SQLite and PostgreSQL: an unbegun sentence shows the day it
lapses, and the deadline monitor carries it until enforcement begins."""

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
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_lapse_date_on_the_case_and_in_the_monitor(client: TestClient, clock: FakeClock) -> None:
    as_ = Staff(client, clock)
    case_id = open_sentence(client, clock, as_, until_sentenced=True)  # judgment 2026-12-07
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    lapse = case["computed"]["lapse"]
    assert lapse["years"] == 5
    assert lapse["last_day_to_begin"] == "2031-12-07"
    assert lapse["lapses_on"] == "2031-12-08"
    assert lapse["lapsed"] is False
    [task] = [d for d in case["deadlines"] if d["kind"] == "sentence_lapse"]
    assert task["due_at"] == "2031-12-07T22:00:00Z"  # midnight in Helsinki
    assert task["rule"] == "RL 8:11, RL 8:10, R93"

    # Nearly five years on, nothing begun: the monitor warns, then escalates.
    at(clock, date(2031, 11, 1))
    monitor = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    [task] = [d for d in monitor if d["case_id"] == case_id and d["kind"] == "sentence_lapse"]
    assert task["stage"] == "warning"
    at(clock, date(2031, 12, 8))
    monitor = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    [task] = [d for d in monitor if d["case_id"] == case_id and d["kind"] == "sentence_lapse"]
    assert task["stage"] == "overdue"
    assert task["escalation"] == 2
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["lapse"]["lapsed"] is True


def test_enforcement_begun_meets_the_lapse_task(client: TestClient, clock: FakeClock) -> None:
    as_ = Staff(client, clock)
    case_id = open_sentence(client, clock, as_)
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert "lapse" not in case["computed"]
    [task] = [d for d in case["deadlines"] if d["kind"] == "sentence_lapse"]
    assert task["stage"] == "met"
    assert task["done_at"] == "2027-01-04T06:00:00Z"
