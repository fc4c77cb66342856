"""The prosecutor's and the court's queue (issue 15 item 6), GET /api/queue, on SQLite and
PostgreSQL: a report request and where it stands, a referred breach waiting for the prosecutor
then for the court, the open legal deadlines; missed first; kept to the region; audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence
from tests.support.cases import PASSWORD, Staff, create_staff
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "test",
            valvo.clock(),
            username="north_prosecutor",
            password=PASSWORD,
            role="prosecutor",
            region="Pohjois-Suomi",
        )
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def queue(client: TestClient, as_: Staff, who: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ok(client.get("/api/queue", headers=as_(who)))
    return rows


def asked(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["kind"], r["asked_en"]) for r in rows]


def test_a_report_request_shows_in_the_requesters_queue_with_its_state(
    client: TestClient, as_: Staff
) -> None:
    case = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "Aino", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("court"),
        ),
        201,
    )
    rows = queue(client, as_, "court")
    assert [r["kind"] for r in rows] == ["report"]
    row = rows[0]
    assert row["case_id"] == case["id"]
    assert row["case_number"] == case["number"]
    assert row["subject_name"] == "Aino"
    assert row["asked_fi"] == "Rikosseuraamuslaitos laatii selvitystä"
    assert row["since"] == "2026-11-23"
    assert row["due_at"] is None
    assert row["link"] == f"/cases#case/{case['id']}"
    assert queue(client, as_, "prosecutor") == []  # the court asked, not the prosecutor
    assert len(queue(client, as_, "admin")) == 1


def test_a_referred_breach_waits_for_the_prosecutor_then_the_court(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, length_days=30)
    url = f"/api/cases/{case_id}"
    at(clock, date(2027, 1, 10))
    breach = ok(
        client.post(
            f"{url}/breaches",
            json={"occurred_at": "2027-01-09T20:00:00+02:00"},
            headers=as_("supervisor"),
        ),
        201,
    )
    bid = breach["breaches"][0]["id"]
    ok(
        client.post(
            f"{url}/breaches/{bid}/hearing",
            json={"heard_on": "2027-01-10"},
            headers=as_("supervisor"),
        )
    )
    ok(
        client.post(
            f"{url}/breaches/{bid}/referral",
            json={"kind": "serious", "on": "2027-01-10"},
            headers=as_("supervisor"),
        )
    )
    waiting = [r for r in queue(client, as_, "prosecutor") if r["kind"] == "referral"]
    assert asked(waiting) == [("referral", "Decide whether to bring the breach to court")]
    assert waiting[0]["case_id"] == case_id
    assert not [r for r in queue(client, as_, "court") if r["kind"] == "referral"]
    # Another region's prosecutor sees nothing of it (region scoping).
    assert queue(client, as_, "north_prosecutor") == []
    at(clock, date(2027, 1, 11), 12)
    decided = {"decided_at": "2027-01-11T09:00:00+02:00", "bring_to_court": True, "court": "HKO"}
    ok(
        client.post(
            f"{url}/breaches/{bid}/prosecutor-decision", json=decided, headers=as_("prosecutor")
        )
    )
    assert not [r for r in queue(client, as_, "prosecutor") if r["kind"] == "referral"]
    ruling = [r for r in queue(client, as_, "court") if r["kind"] == "referral"]
    assert asked(ruling) == [("referral", "Rule on the breach: convert or continue")]
    court = {"decided_at": "2027-01-11T11:00:00+02:00", "convert": True, "court": "HKO"}
    ok(client.post(f"{url}/breaches/{bid}/court-decision", json=court, headers=as_("court")))
    assert not [r for r in queue(client, as_, "court") if r["kind"] == "referral"]


def test_missed_deadlines_come_first_and_the_read_is_audited(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    at(clock, date(2027, 3, 1))  # long after the plan and the start were due (R19, R69)
    rows = queue(client, as_, "prosecutor")
    deadlines = [r for r in rows if r["kind"] == "deadline"]
    assert deadlines
    assert all(r["case_id"] == case_id for r in deadlines)
    assert rows[0]["stage"] == "overdue"
    assert rows[0]["escalation"] > 0
    escalations = [r["escalation"] for r in rows]
    assert escalations == sorted(escalations, reverse=True)
    with valvo.db.connect() as conn:
        audited = conn.execute(
            select(t.audit_records.c.actor).where(t.audit_records.c.target_type == "queue")
        ).all()
    assert ("prosecutor",) in audited


def test_the_queue_is_for_those_who_decide(client: TestClient, as_: Staff) -> None:
    for role in ("supervisor", "police"):
        response = client.get("/api/queue", headers=as_(role))
        assert response.status_code == 403, role
        assert "cases:decide" in response.json()["detail"]
