"""R19, R69 (§6, §7.1) through the API on SQLite and PostgreSQL: once the sentence is
enforceable, the plan and then the start of enforcement are deadline tasks on the supervisor's
list; the plan's elapsed time is reported; a start that has not come raises an overdue task."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
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


def _tasks(client: TestClient, as_: Staff, case_id: str) -> dict[str, dict[str, Any]]:
    rows = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    return {r["kind"]: r for r in rows if r["case_id"] == case_id}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def test_r19_r69_plan_and_start_are_tasks_from_the_judgment(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)  # enforceable 2026-12-21
    tasks = _tasks(client, as_, case_id)
    plan, start = tasks["plan_preparation"], tasks["enforcement_start"]
    # Local midnight (Helsinki, UTC+2) of the first late day: 14 and 30 whole days after
    # 2026-12-21 have passed on 2027-01-05 and 2027-01-21.
    assert _instant(plan["due_at"]) == datetime(2027, 1, 4, 22, tzinfo=UTC)
    assert _instant(start["due_at"]) == datetime(2027, 1, 20, 22, tzinfo=UTC)
    assert plan["rule"] == "§6, R19"
    assert start["rule"] == "§7.1, R69"
    assert plan["label_fi"]
    assert start["label_en"] == "Enforcement started without delay"
    assert plan["stage"] == "pending"

    # Ten days after enforceability the plan is still being prepared: elapsed time reported.
    at(clock, date(2026, 12, 31))
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    computed = case["computed"]
    assert computed["plan_elapsed_days"] == 10
    assert computed["plan_pending"] is True
    assert computed["plan_overdue"] is False
    assert computed["start_overdue"] is False

    # Past the threshold: the plan task is missed (escalates to the top of the list).
    at(clock, date(2027, 1, 6))
    tasks = _tasks(client, as_, case_id)
    assert tasks["plan_preparation"]["stage"] == "overdue"
    assert tasks["plan_preparation"]["escalation"] == 2
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["plan_overdue"] is True
    assert case["computed"]["plan_elapsed_days"] == 16

    # Confirmed late: the task is done (met late, kept for the record) and leaves the list;
    # the elapsed time stays at what it took.
    ok(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={
                "content": plan_content(date(2027, 1, 11), date(2027, 3, 31)),
                "convict_heard_on": "2027-01-06",
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2027, 1, 10))
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    stages = {d["kind"]: d["stage"] for d in case["deadlines"]}
    assert stages["plan_preparation"] == "met_late"
    assert case["computed"]["plan_elapsed_days"] == 16
    assert case["computed"]["plan_pending"] is False
    assert "plan_preparation" not in _tasks(client, as_, case_id)

    # R69: no devices 31 days after enforceability: the start task is missed.
    at(clock, date(2027, 1, 22))
    assert _tasks(client, as_, case_id)["enforcement_start"]["stage"] == "overdue"
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert case["computed"]["start_overdue"] is True

    # Devices installed: the start task is done, late, and the case is no longer overdue.
    device = ok(
        client.post(
            "/api/devices",
            json={"identifier": "tag-late-1", "protocol": "osmand", "kind": "rf_tag"},
            headers=as_("supervisor"),
        ),
        201,
    )
    served = ok(
        client.post(
            f"/api/cases/{case_id}/devices",
            json={"device_ids": [device["id"]], "installed_at": "2027-01-22T09:00:00+02:00"},
            headers=as_("supervisor"),
        )
    )
    assert {d["kind"]: d["stage"] for d in served["deadlines"]}["enforcement_start"] == "met_late"
    assert served["computed"]["start_overdue"] is False
    assert "enforcement_start" not in _tasks(client, as_, case_id)


def test_r19_r69_in_time_both_tasks_are_met(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # plan 2026-12-22, devices 2027-01-04
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    stages = {d["kind"]: d["stage"] for d in case["deadlines"]}
    assert stages["plan_preparation"] == "met"
    assert stages["enforcement_start"] == "met"
    assert case["computed"]["plan_elapsed_days"] == 1
