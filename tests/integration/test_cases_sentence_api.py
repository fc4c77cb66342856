"""A monitoring sentence through the API on SQLite and PostgreSQL, from the prosecutor's request
for a report to the last day: report, judgment, plan (compiled into the schedule the engine
enforces), devices, a breach with hearing and written warning, a provisional interruption,
parole; and a serious breach to conversion into prison."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff, plan_content, report_values, sentence_body
from valvo.adapters.db import tables as t
from valvo.adapters.db.audit_trail import verify_chain
from valvo.bootstrap import Valvo
from valvo.services.cases.labels import EVENTS
from valvo.web.app import create_app

REQUESTED = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = REQUESTED
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def test_report_request_to_last_day(
    client: TestClient, clock: FakeClock, valvo: Valvo, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    # The plan compiled into the order's schedule: the engine enforces it (R23).
    schedule = ok(client.get(f"/api/orders/{case['order_id']}/schedule", headers=as_("supervisor")))
    assert len(schedule["weekly"]) == 6
    assert {w["purpose"] for w in schedule["weekly"]} == {"activity", "personal"}
    with valvo.db.connect() as conn:
        assignment = conn.execute(
            select(t.device_assignments).where(
                t.device_assignments.c.subject_id == case["subject_id"]
            )
        ).first()
    assert assignment is not None
    assert assignment.unassigned_at is None
    # A plan amendment needs its reason (R26) and takes effect in the schedule.
    amended = plan_content(
        date(2027, 1, 4),
        date(2027, 3, 31),
        one_off=[{"purpose": "personal", "start": "2027-01-09T14:00", "end": "2027-01-09T16:00"}],
    )
    refused(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={"content": amended, "convict_heard_on": "2027-01-04"},
            headers=as_("supervisor"),
        ),
        422,
        "amendment_reason_missing",
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={"content": amended, "convict_heard_on": "2027-01-04", "reason": "dentist"},
            headers=as_("supervisor"),
        ),
        201,
    )
    schedule = ok(client.get(f"/api/orders/{case['order_id']}/schedule", headers=as_("supervisor")))
    assert schedule["version"] == 2
    assert schedule["one_off"][0]["start"] == "2027-01-09T14:00:00"

    # A minor breach: hearing first, then the written warning (R78, R79).
    at(clock, date(2027, 1, 15), 20)
    breach = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={"occurred_at": "2027-01-15T19:30:00+02:00", "description": "home 40 min late"},
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][0]
    refused(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/warning",
            json={"on": "2027-01-15"},
            headers=as_("supervisor"),
        ),
        422,
        "hearing_required",
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/hearing",
            json={"heard_on": "2027-01-15", "statement": "the bus was late"},
            headers=as_("supervisor"),
        )
    )
    warned = ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/warning",
            json={"on": "2027-01-15"},
            headers=as_("supervisor"),
        )
    )
    assert "court proceedings and an unconditional prison" in warned["breaches"][0]["warning_text"]

    # A suspected breach interrupts provisionally, at most one month (R80).
    at(clock, date(2027, 1, 26))
    second = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={"occurred_at": "2027-01-25T23:00:00+02:00", "description": "no RF presence"},
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][-1]
    interrupted = ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{second['id']}/provisional-interruption",
            json={"start": "2027-01-26"},
            headers=as_("supervisor"),
        )
    )
    assert interrupted["status"] == "interrupted"
    tasks = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    provisional = [d for d in tasks if d["kind"] == "provisional_interruption"]
    assert provisional[0]["due_at"] == "2027-02-26T22:00:00Z"  # 2027-02-27 00:00 Helsinki
    assert provisional[0]["stage"] == "pending"
    at(clock, date(2027, 2, 1))
    ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{second['id']}/clear",
            json={"note": "the home unit lost power"},
            headers=as_("supervisor"),
        )
    )
    resumed = ok(
        client.post(
            f"/api/cases/{case_id}/resume", json={"on": "2027-02-01"}, headers=as_("supervisor")
        )
    )
    assert resumed["status"] == "enforcing"
    # 60 days from 2027-01-04, six days interrupted: parole at 1/2 (30 days served) on 02-09.
    assert resumed["computed"]["release_date"] == "2027-02-09"
    assert resumed["computed"]["end_date"] == "2027-03-11"
    assert not [
        d
        for d in ok(client.get("/api/deadlines", headers=as_("supervisor")))
        if d["kind"] == "provisional_interruption"
    ]

    refused(
        client.post(
            f"/api/cases/{case_id}/complete", json={"on": "2027-02-01"}, headers=as_("supervisor")
        ),
        422,
        "not_yet_served",
    )
    at(clock, date(2027, 2, 9))
    completed = ok(
        client.post(
            f"/api/cases/{case_id}/complete", json={"on": "2027-02-09"}, headers=as_("supervisor")
        )
    )
    assert completed["status"] == "completed"
    assert completed["computed"]["served_days"] == 30
    completion = next(d for d in completed["deadlines"] if d["kind"] == "completion")
    assert completion["stage"] == "met"
    # Enforcement ended: the order is no longer active, the tag is released.
    with valvo.db.connect() as conn:
        order = conn.execute(select(t.orders).where(t.orders.c.id == case["order_id"])).one()
        assignment = conn.execute(
            select(t.device_assignments).where(
                t.device_assignments.c.subject_id == case["subject_id"]
            )
        ).one()
        audit = conn.execute(select(t.audit_records).order_by(t.audit_records.c.id)).mappings()
        checked, broken = verify_chain(audit)
    assert order.status == "ended"
    assert assignment.unassigned_at is not None
    assert broken is None
    assert checked > 20
    kinds = [event["kind"] for event in completed["timeline"]]
    assert set(kinds) <= set(EVENTS)  # every step has its English and Finnish label
    assert kinds[0] == "report_requested"
    assert kinds[-1] == "completed"
    for step in (
        "sentenced",
        "plan_confirmed",
        "plan_amended",
        "devices_installed",
        "written_warning",
    ):
        assert step in kinds


def test_serious_breach_is_referred_and_converted(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, length_days=30)
    at(clock, date(2027, 1, 20))
    breach = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={"occurred_at": "2027-01-20T09:00:00+02:00", "description": "drunk at work"},
            headers=as_("supervisor"),
        ),
        201,
    )["breaches"][0]
    refused(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/referral",
            json={"kind": "minor", "on": "2027-01-20"},
            headers=as_("supervisor"),
        ),
        422,
        "not_a_serious_breach",
    )
    # No warning first for a §14.3 breach; interrupted at the same moment (R81, R82).
    referred = ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/referral",
            json={"kind": "intoxication", "on": "2027-01-20"},
            headers=as_("supervisor"),
        )
    )
    assert referred["status"] == "interrupted"
    assert referred["interruptions"][-1]["reason"] == "court_referral"
    decision = {
        "decided_at": "2027-01-22T10:00:00+02:00",
        "bring_to_court": True,
        "court": "Helsingin käräjäoikeus",
    }
    at(clock, date(2027, 1, 22), 12)
    refused(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/prosecutor-decision",
            json=decision,
            headers=as_("prosecutor"),
        ),
        409,
        "hearing_required",
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/hearing",
            json={"heard_on": "2027-01-21", "statement": "admits"},
            headers=as_("supervisor"),
        )
    )
    # The supervisor cannot decide for the prosecutor (R141).
    assert (
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/prosecutor-decision",
            json=decision,
            headers=as_("supervisor"),
        ).status_code
        == 403
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/prosecutor-decision",
            json=decision,
            headers=as_("prosecutor"),
        )
    )
    at(clock, date(2027, 2, 1), 12)
    converted = ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/court-decision",
            json={
                "decided_at": "2027-02-01T13:00:00+02:00",
                "convert": True,
                "court": "Helsingin käräjäoikeus",
            },
            headers=as_("court"),
        )
    )
    # 16 days served (4–19 January) of 30: 14 unserved days become 14 days of prison (R89).
    assert converted["status"] == "converted"
    assert converted["sentence"]["prison_days"] == 14
    assert [d["decided_by"] for d in converted["decisions"]] == ["prosecutor", "court"]


def test_law_refusals_store_nothing(
    client: TestClient, clock: FakeClock, valvo: Valvo, as_: Staff
) -> None:
    # Only a prosecutor or a court requests a report (R8).
    assert (
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "X", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("supervisor"),
        ).status_code
        == 403
    )
    case_id = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "Y", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("prosecutor"),
        ),
        201,
    )["id"]
    # Incomplete report: item 2 and the adult's consent missing (R10, R14).
    values = report_values(date(2026, 11, 23))
    values["dwelling_assessment"] = None
    ok(client.patch(f"/api/cases/{case_id}/report", json=values, headers=as_("supervisor")))
    ok(
        client.post(
            f"/api/cases/{case_id}/co-residents",
            json={"name": "Aikuinen", "birth_date": "1970-01-01"},
            headers=as_("supervisor"),
        ),
        201,
    )
    before = _count(valvo)
    response = client.post(
        f"/api/cases/{case_id}/report/complete",
        json={"on": "2026-11-23"},
        headers=as_("supervisor"),
    )
    refused(response, 422, "report_incomplete")
    assert "item 2" in response.json()["detail"]
    assert "consented in writing (R14)" in response.json()["detail"]
    assert _count(valvo) == before
    # Sentencing before the report is complete is the wrong state.
    refused(
        client.post(
            f"/api/cases/{case_id}/sentence",
            json=sentence_body(date(2026, 11, 23), date(2026, 12, 7)),
            headers=as_("court"),
        ),
        409,
        "wrong_state",
    )


def test_sentence_length_and_preconditions(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "Z", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("prosecutor"),
        ),
        201,
    )["id"]
    ok(
        client.patch(
            f"/api/cases/{case_id}/report",
            json=report_values(date(2026, 11, 23)),
            headers=as_("supervisor"),
        )
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/report/complete",
            json={"on": "2026-11-23"},
            headers=as_("supervisor"),
        )
    )
    url = f"/api/cases/{case_id}/sentence"
    refused(
        client.post(
            url, json=sentence_body(date(2026, 11, 23), date(2026, 12, 7), 3), headers=as_("court")
        ),
        422,
        "length_below_minimum",
    )
    # Four months from 23 November 2026 are 120 days (policy 2007-draft, R2).
    refused(
        client.post(
            url,
            json=sentence_body(date(2026, 11, 23), date(2026, 12, 7), 121),
            headers=as_("court"),
        ),
        422,
        "length_above_maximum",
    )
    body = sentence_body(date(2026, 11, 23), date(2026, 12, 7), 120)
    body["community_service_bar"] = None
    refused(client.post(url, json=body, headers=as_("court")), 422, "sentencing_precondition")
    body = sentence_body(date(2026, 11, 23), date(2026, 12, 7), 120)
    body["replaced_prison_days"] = 100
    refused(client.post(url, json=body, headers=as_("court")), 422, "length_differs_from_prison")
    refused(
        client.post(
            url, json=sentence_body(date(2026, 11, 24), date(2026, 12, 7)), headers=as_("court")
        ),
        422,
        "in_future",
    )
    assert (
        ok(
            client.post(
                url,
                json=sentence_body(date(2026, 11, 23), date(2026, 12, 7), 120),
                headers=as_("court"),
            )
        )["status"]
        == "sentenced"
    )
    # The plan cannot be confirmed before the sentence is enforceable (§6, R19).
    refused(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={
                "content": plan_content(date(2027, 1, 4), date(2027, 3, 31)),
                "convict_heard_on": "2026-11-23",
            },
            headers=as_("supervisor"),
        ),
        422,
        "plan_before_enforceable",
    )
    # An invalid plan is refused with every rule it breaks (R24).
    clock.now += timedelta(days=20)
    thin = plan_content(
        date(2027, 1, 4),
        date(2027, 3, 31),
        weekly=[{"weekday": 0, "start": "08:00", "end": "12:00", "purpose": "activity"}],
    )
    response = client.post(
        f"/api/cases/{case_id}/plans",
        json={"content": thin, "convict_heard_on": "2026-12-10"},
        headers=as_("supervisor"),
    )
    refused(response, 422, "plan_invalid")
    assert "activity_below_minimum" in response.json()["detail"]


def _count(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return len(conn.execute(select(t.audit_records.c.id)).all())


def test_the_case_keeps_the_law_version_it_was_opened_under(client: TestClient, as_: Staff) -> None:
    request = {"subject_name": "L", "region": "Etelä-Suomi", "requested_on": "2026-11-23"}
    refused(
        client.post(
            "/api/cases/sentences", json=dict(request, policy="1999"), headers=as_("court")
        ),
        422,
        "unknown_policy",
    )
    case = ok(
        client.post(
            "/api/cases/sentences", json=dict(request, policy="2011-act"), headers=as_("court")
        ),
        201,
    )
    assert case["report"]["requester"] == "court"
    url = f"/api/cases/{case['id']}"
    ok(
        client.patch(
            f"{url}/report", json=report_values(date(2026, 11, 23)), headers=as_("supervisor")
        )
    )
    ok(client.post(f"{url}/report/complete", json={"on": "2026-11-23"}, headers=as_("supervisor")))
    # Five months: over the draft's four, within the 2011 act's six (R2).
    body = sentence_body(date(2026, 11, 23), date(2026, 12, 7), 150)
    assert (
        ok(client.post(f"{url}/sentence", json=body, headers=as_("court")))["policy"] == "2011-act"
    )


def test_a_co_resident_entered_before_consent_is_corrected_or_removed_and_the_report_completes(
    client: TestClient, valvo: Valvo, as_: Staff
) -> None:
    case_id = ok(
        client.post(
            "/api/cases/sentences",
            json={"subject_name": "K", "region": "Etelä-Suomi", "requested_on": "2026-11-23"},
            headers=as_("prosecutor"),
        ),
        201,
    )["id"]
    worker = as_("supervisor")
    path = f"/api/cases/{case_id}/co-residents"
    ok(
        client.patch(
            f"/api/cases/{case_id}/report", json=report_values(date(2026, 11, 23)), headers=worker
        )
    )
    partner = ok(
        client.post(path, json={"name": "Aikuinen", "birth_date": "1970-01-01"}, headers=worker),
        201,
    )["co_residents"][0]
    added = ok(
        client.post(path, json={"name": "Vieras", "birth_date": "1980-05-05"}, headers=worker), 201
    )["co_residents"]
    typo = next(r for r in added if r["name"] == "Vieras")
    complete = {"on": "2026-11-23"}
    refused(
        client.post(f"/api/cases/{case_id}/report/complete", json=complete, headers=worker),
        422,
        "report_incomplete",
    )
    # Bad corrections are refused precisely and change nothing.
    before = _count(valvo)
    for body, status, code in [
        ({"heard": True}, 422, "heard_on_missing"),
        ({"written_consent": True}, 422, "consent_document_missing"),
        ({"birth_date": None}, 422, "birth_date_missing"),
        ({"birth_date": "2027-01-01"}, 422, "in_future"),
    ]:
        refused(client.patch(f"{path}/{partner['id']}", json=body, headers=worker), status, code)
    assert (
        client.patch(f"{path}/{partner['id']}", json={"name": ""}, headers=worker).status_code
        == 422
    )
    assert (
        client.patch(f"{path}/{partner['id']}", json={"colour": "red"}, headers=worker).status_code
        == 422
    )
    refused(
        client.patch(f"{path}/nope", json={"heard": False}, headers=worker), 404, "co-resident nope"
    )
    refused(client.delete(f"{path}/nope", headers=worker), 404, "co-resident nope")
    assert _count(valvo) == before
    shown = ok(client.get(f"/api/cases/{case_id}", headers=worker))["co_residents"]
    assert sorted((r["name"], r["written_consent"]) for r in shown) == [
        ("Aikuinen", False),
        ("Vieras", False),
    ]
    # The consent arrives: the entry is corrected; the one entered by mistake is removed.
    fixed = ok(
        client.patch(
            f"{path}/{partner['id']}",
            json={"written_consent": True, "consent_document": "scan-17"},
            headers=worker,
        )
    )
    assert sorted((r["name"], r["written_consent"]) for r in fixed["co_residents"]) == [
        ("Aikuinen", True),
        ("Vieras", False),
    ]
    left = ok(client.delete(f"{path}/{typo['id']}", headers=worker))
    assert [r["name"] for r in left["co_residents"]] == ["Aikuinen"]
    steps = [e["kind"] for e in left["timeline"]]
    assert "co_resident_updated" in steps
    assert "co_resident_removed" in steps
    ok(client.post(f"/api/cases/{case_id}/report/complete", json=complete, headers=worker))
    # Once the report is complete, its co-residents are what the court saw.
    refused(client.delete(f"{path}/{partner['id']}", headers=worker), 409, "wrong_state")
    refused(
        client.patch(f"{path}/{partner['id']}", json={"views": "x"}, headers=worker),
        409,
        "wrong_state",
    )
