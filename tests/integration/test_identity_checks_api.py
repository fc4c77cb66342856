"""R38 (7.1.3) through the API on SQLite and PostgreSQL: the supervisor configures identity
checks for a person monitored by phone; the day's checks are planned from the recorded seed
(the same whenever asked) at random times inside required presence and when presence begins;
the operator records the outcome; a failed or unanswered check raises an
``identity_check_failed`` alarm on the desk; a passed check verifies presence; bad outcomes
are refused and change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import PASSWORD, Staff, create_staff
from valvo.adapters.db.tables_checks import case_identity_checks
from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.web.app import create_app

CONFIG = {"active": True, "methods": ["questions", "voice"], "random_per_day": 2}


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow, valvo.hasher, "test", clock(), username="operator", password=PASSWORD,
            role="operator",
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def _configured(client: TestClient, clock: FakeClock, as_: Staff) -> tuple[str, str]:
    case_id = open_sentence(client, clock, as_)  # serving from Monday 2027-01-04
    subject_id = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["subject_id"]
    at(clock, date(2027, 1, 4), 11)  # 13:00 in Helsinki; at home again from 16:00
    body = {**CONFIG, "at_presence_start": True, "reason": "phone only"}
    url = f"/api/cases/{case_id}/identity-checks/config"
    ok(client.put(url, json=body, headers=as_("supervisor")))
    return case_id, subject_id


def _checks(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(case_identity_checks)).scalar_one()
        )


def test_r38_checks_are_planned_inside_required_presence_from_the_recorded_seed(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id, subject_id = _configured(client, clock, as_)
    section = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert section["config"]["methods"] == ["questions", "voice"]
    assert "seed" not in section["config"]  # who could read it could foresee the times
    today = section["today"]
    starts = [c for c in today if c["trigger"] == "presence_start"]
    randoms = [c for c in today if c["trigger"] == "random"]
    # The plan's Monday: away 08:00–16:00 (activity); home again at 16:00, checked at 16:15.
    assert [c["due_at"] for c in starts] == ["2027-01-04T14:15:00Z"]
    assert len(randoms) == 2
    for check in randoms:  # inside presence (16:00–21:00 local) and the calling hours
        due = datetime.fromisoformat(check["due_at"])
        assert datetime(2027, 1, 4, 14, tzinfo=UTC) <= due < datetime(2027, 1, 4, 19, tzinfo=UTC)
    again = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert again["today"] == today  # reproducible: the same seed, the same times
    desk = ok(client.get("/api/identity-checks", headers=as_("operator")))
    assert {c["id"] for c in desk} == {c["id"] for c in today}
    assert {c["subject_id"] for c in desk} == {subject_id}
    assert all(c["state"] == "upcoming" for c in desk)
    # A new configuration draws a new seed; the one before is kept.
    ok(
        client.put(
            f"/api/cases/{case_id}/identity-checks/config",
            json={"active": False},
            headers=as_("supervisor"),
        )
    )
    off = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert off["config"] is None
    assert off["today"] == []
    assert len(off["configs"]) == 2
    assert ok(client.get("/api/identity-checks", headers=as_("operator"))) == []


def test_r38_a_failed_or_unanswered_check_raises_an_alarm_and_a_passed_one_verifies(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id, subject_id = _configured(client, clock, as_)
    url = f"/api/subjects/{subject_id}/identity-checks"
    due = "2027-01-04T14:15:00Z"
    planned = {"trigger": "presence_start", "due_at": due, "method": "questions"}
    # Not before its time (from 30 minutes before).
    refused(
        client.post(url, json={**planned, "outcome": "passed"}, headers=as_("operator")),
        422,
        "not_due",
    )
    clock.now = datetime(2027, 1, 4, 14, 20, tzinfo=UTC)
    refused(  # a failed check says what was wrong
        client.post(url, json={**planned, "outcome": "failed"}, headers=as_("operator")),
        422,
        "note_missing",
    )
    refused(  # 7.1.3: voice only by someone who knows the person's voice
        client.post(
            url, json={**planned, "method": "voice", "outcome": "passed"}, headers=as_("operator")
        ),
        422,
        "voice_not_known",
    )
    refused(  # the case identifies by questions and voice
        client.post(
            url, json={**planned, "method": "video", "outcome": "passed"}, headers=as_("operator")
        ),
        422,
        "method_not_configured",
    )
    refused(
        client.post(
            url,
            json={**planned, "due_at": "2027-01-04T14:16:00Z", "outcome": "passed"},
            headers=as_("operator"),
        ),
        422,
        "not_planned",
    )
    assert _checks(valvo) == 0
    # The supervisor holds no alarms:work: the desk records outcomes.
    unanswered = {**planned, "outcome": "no_answer"}
    assert client.post(url, json=unanswered, headers=as_("supervisor")).status_code == 403
    row = ok(client.post(url, json=unanswered, headers=as_("operator")), 201)
    assert (row["outcome"], row["performed_by"]) == ("no_answer", "operator")
    alarm = ok(client.get(f"/api/alarms/{row['alarm_id']}", headers=as_("operator")))
    assert alarm["kind"] == "identity_check_failed"
    assert alarm["subject_id"] == subject_id
    assert "no answer" in alarm["explanation"]["text_en"]
    assert alarm["explanation"]["details"]["check_id"] == row["id"]
    checklist = ok(client.get(f"/api/alarms/{row['alarm_id']}/checklist", headers=as_("operator")))
    assert checklist["version"] == "identity-1"
    refused(
        client.post(url, json={**planned, "outcome": "passed"}, headers=as_("operator")),
        409,
        "check_recorded",
    )
    section = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert section["verified_at"] is None  # the phone's location is not the person's presence
    start = next(c for c in section["today"] if c["trigger"] == "presence_start")
    assert (start["state"], start["outcome"], start["alarm_id"]) == (
        "done",
        "no_answer",
        row["alarm_id"],
    )
    # A check started by hand, passed by a monitor who knows the voice: presence verified.
    clock.now += timedelta(minutes=10)
    manual = {"trigger": "manual", "method": "voice", "outcome": "passed", "knows_voice": True}
    passed = ok(client.post(url, json=manual, headers=as_("operator")), 201)
    assert passed["alarm_id"] is None
    section = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert section["verified_at"] == passed["performed_at"]
    clock.now += timedelta(hours=5)  # a passed check verifies for four hours
    section = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert section["verified_at"] is None
    timeline = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["timeline"]
    assert [e["kind"] for e in timeline].count("identity_check") == 2


def test_r38_bad_configurations_are_refused_and_change_nothing(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id, _ = _configured(client, clock, as_)
    url = f"/api/cases/{case_id}/identity-checks/config"
    for body, status, code in (
        ({"active": True, "methods": [], "random_per_day": 1}, 422, "methods_missing"),
        ({"active": True, "methods": ["video"], "random_per_day": 0}, 422, "no_occasion"),
        ({"active": True, "methods": ["video", "video"], "random_per_day": 1}, 422, "method_rep"),
    ):
        refused(client.put(url, json=body, headers=as_("supervisor")), status, code)
    too_many = client.put(
        url,
        json={"active": True, "methods": ["video"], "random_per_day": 7},
        headers=as_("supervisor"),
    )
    assert too_many.status_code == 422
    section = ok(client.get(f"/api/cases/{case_id}/identity-checks", headers=as_("supervisor")))
    assert len(section["configs"]) == 1
    assert client.put(url, json=CONFIG, headers=as_("operator")).status_code == 403
