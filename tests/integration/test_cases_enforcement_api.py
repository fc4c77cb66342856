"""The rest of the monitoring sentence through the API: the wanted notice (§13), a new prison
sentence (§18.2) with crediting (§19), combining (§20), travel costs (§22), supervision
contacts (§10) and the intoxication-observation form (§11.2). SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from tests.support.pdf_text import pdf_text
from valvo.bootstrap import Valvo
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def post(client: TestClient, as_: Staff, path: str, body: Any, who: str = "supervisor") -> Any:
    return client.post(f"/api/cases/{path}", json=body, headers=as_(who))


def detail(client: TestClient, as_: Staff, case_id: str) -> Any:
    return ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))


WANTED = {
    "not_found_since": "2027-01-20",
    "search_steps": "two home visits 20.1. and 21.1., calls to phone and the employer",
    "issued_on": "2027-01-22",
    "issued_by": "RSV, ylitarkastaja Kangas",
    "contact_by": "2027-02-05",
}


def test_wanted_notice_contact_in_time_then_missed_to_conversion_proceedings(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # serving since 2027-01-04, 60 days
    at(clock, date(2027, 1, 22))
    refused(
        post(client, as_, f"{case_id}/wanted-notices", WANTED | {"search_steps": " "}),
        422,
        "not_sought",
    )
    refused(
        post(client, as_, f"{case_id}/wanted-notices", WANTED | {"issued_by": ""}),
        422,
        "issued_by_missing",
    )
    refused(
        post(client, as_, f"{case_id}/wanted-notices", WANTED | {"contact_by": "2027-01-22"}),
        422,
        "contact_date_not_after_notice",
    )
    assert detail(client, as_, case_id)["wanted_notices"] == []  # refusals store nothing
    sought = ok(post(client, as_, f"{case_id}/wanted-notices", WANTED), 201)
    assert sought["status"] == "interrupted"  # R71: not serving while sought
    assert sought["interruptions"][-1]["reason"] == "wanted"
    assert sought["interruptions"][-1]["start"] == "2027-01-20"
    (notice,) = sought["wanted_notices"]
    task = next(d for d in sought["deadlines"] if d["kind"] == "wanted_contact")
    assert task["rule"] == "§13, R88"
    refused(post(client, as_, f"{case_id}/wanted-notices", WANTED), 422, "already_wanted")

    at(clock, date(2027, 1, 25))
    back = ok(
        post(client, as_, f"{case_id}/wanted-notices/{notice['id']}/contact", {"on": "2027-01-25"})
    )
    assert back["status"] == "enforcing"
    assert back["wanted_notices"][0]["status"] == "contacted"
    assert back["computed"]["served_days"] == 16 + 0  # 4.1.–19.1.; 20.1.–24.1. not served
    assert back["computed"]["end_date"] == "2027-03-10"  # 4.1. + 60 + 5 days

    # A second notice; no contact by the set date: conversion proceedings begin (§13, §14.3).
    at(clock, date(2027, 2, 1))
    second = WANTED | {
        "not_found_since": "2027-01-31",
        "issued_on": "2027-02-01",
        "contact_by": "2027-02-10",
    }
    notice2 = ok(post(client, as_, f"{case_id}/wanted-notices", second), 201)["wanted_notices"][-1]
    at(clock, date(2027, 2, 10))
    refused(
        post(client, as_, f"{case_id}/wanted-notices/{notice2['id']}/missed", None),
        409,
        "deadline_not_passed",
    )
    at(clock, date(2027, 2, 11))
    refused(
        post(
            client, as_, f"{case_id}/wanted-notices/{notice2['id']}/contact", {"on": "2027-02-11"}
        ),
        422,
        "contact_after_deadline",
    )
    missed = ok(post(client, as_, f"{case_id}/wanted-notices/{notice2['id']}/missed", None))
    assert missed["status"] == "interrupted"
    assert missed["interruptions"][-1]["reason"] == "court_referral"
    breach = missed["breaches"][-1]
    assert (breach["kind"], breach["status"]) == ("abandonment", "referred")
    assert missed["wanted_notices"][-1]["breach_id"] == breach["id"]

    # He could not be heard: the prosecutor and the court decide in his absence (§16, §17).
    report = client.get(
        f"/api/cases/{case_id}/documents/breach_report", params={"breach_id": breach["id"]},
        headers=as_("supervisor"),
    )  # fmt: skip
    assert report.status_code == 200, report.text
    path = f"{case_id}/breaches/{breach['id']}"
    to_court = {
        "decided_at": clock.now.isoformat(),
        "bring_to_court": True,
        "court": "Helsingin KO",
    }
    ok(post(client, as_, f"{path}/prosecutor-decision", to_court, "prosecutor"))
    at(clock, date(2027, 2, 20))
    verdict = {
        "decided_at": clock.now.isoformat(),
        "convert": True,
        "court": "Helsingin KO",
        "in_absence": True,
    }
    converted = ok(post(client, as_, f"{path}/court-decision", verdict, "court"))
    assert converted["status"] == "converted"
    # Served 4.1.–19.1. and 25.1.–30.1.: 22 days of 60; the rest is prison (§17, R89).
    assert converted["sentence"]["prison_days"] == 60 - 22


def test_new_prison_sentence_prohibits_and_credits_the_days_served(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 24))
    body = {
        "decided_at": clock.now.isoformat(),
        "court": "Helsingin käräjäoikeus",
        "new_prison_days": 120,
    }
    assert post(client, as_, f"{case_id}/new-prison-sentence", body).status_code == 403
    refused(
        post(client, as_, f"{case_id}/new-prison-sentence", body, "prosecutor"),
        403,
        "decision_right",
    )
    done = ok(
        post(client, as_, f"{case_id}/new-prison-sentence", body | {"appealed": True}, "court")
    )
    assert done["status"] == "converted"
    assert done["sentence"]["prison_days"] == 60 - 20  # R91: the rest, 1:1, served 4.1.–23.1.
    decision = done["decisions"][-1]
    assert decision["kind"] == "new_prison_prohibition"
    assert decision["details"]["credited_days"] == 21  # §19: 24.1. was partly served
    assert decision["details"]["new_prison_after_credit_days"] == 99
    assert decision["details"]["binding_despite_appeal"] is True
    # Every open deadline is cancelled; the lapse task (R93) and the start task (R69) were met
    # when serving began, the plan task (R19) when the plan was confirmed.
    met = {"sentence_lapse", "enforcement_start", "plan_preparation"}
    assert all(
        d["stage"] == ("met" if d["kind"] in met else "cancelled") for d in done["deadlines"]
    )
    refused(post(client, as_, f"{case_id}/new-prison-sentence", body, "court"), 409, "wrong_state")


def test_appeal_credit_only_after_early_enforcement(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 24))
    body = {
        "decided_at": clock.now.isoformat(),
        "court": "Helsingin hovioikeus",
        "new_sentence_days": 30,
    }
    refused(
        post(client, as_, f"{case_id}/appeal-credit", body, "court"), 409, "not_early_enforcement"
    )


def test_combining_sentences_up_to_six_months(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)  # 60 days from 2027-01-04
    at(clock, date(2027, 1, 20))
    added = {"length_days": 100, "sentenced_on": "2027-01-15", "court": "Espoon käräjäoikeus"}
    refused(
        post(client, as_, f"{case_id}/combined-sentences", added | {"length_days": 3}),
        422,
        "length_below_minimum",
    )
    one = ok(post(client, as_, f"{case_id}/combined-sentences", added), 201)
    assert one["sentence"]["length_days"] == 160
    assert one["computed"]["end_date"] == "2027-06-13"
    two = ok(post(client, as_, f"{case_id}/combined-sentences", added | {"length_days": 40}), 201)
    (joined,) = [j for j in two["joined_sentences"] if j["length_days"] == 40]
    assert (joined["total_days"], joined["cap_days"], joined["capped"]) == (200, 181, True)
    assert two["sentence"]["length_days"] == 181  # R95: six months from 4.1.2027
    assert two["timeline"][-1]["details"]["plan_revision_needed"] is True


def test_travel_claims_at_the_cheapest_fare(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 20))
    trip = {
        "trip_on": "2027-01-18",
        "purpose": "activity",
        "route": "Kallio – Vantaa, Oy Varasto Ab",
        "fare_basis": "HSL single ticket ABC",
        "cheapest_fare_cents": 410,
        "claimed_cents": 1500,
    }
    (paid,) = ok(post(client, as_, f"{case_id}/travel-claims", trip), 201)["travel_claims"]
    assert (paid["approved"], paid["amount_cents"]) == (True, 410)  # R98
    work = ok(post(client, as_, f"{case_id}/travel-claims", trip | {"purpose": "work"}), 201)
    (refused_claim,) = [c for c in work["travel_claims"] if c["purpose"] == "work"]
    assert (refused_claim["approved"], refused_claim["amount_cents"]) == (False, 0)  # R96
    refused(
        post(client, as_, f"{case_id}/travel-claims", trip | {"purpose": "other"}),
        422,
        "justification_missing",
    )
    refused(
        post(client, as_, f"{case_id}/travel-claims", trip | {"purpose": "taxi"}), 422, "purpose"
    )
    refused(
        post(client, as_, f"{case_id}/travel-claims", trip | {"trip_on": "2027-02-01"}),
        422,
        "in_future",
    )
    assert len(detail(client, as_, case_id)["travel_claims"]) == 2


def test_contacts_and_the_intoxication_form(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 20), 15)
    contact = {
        "kind": "workplace",
        "channel": "phone",
        "contacted_at": "2027-01-20T12:00:00+02:00",
        "counterpart": "työnjohtaja Mäkinen, Oy Varasto Ab",
        "announced": False,
        "outcome": "confirmed",
        "notes": "at work since 08:00",
    }
    hidden = ok(post(client, as_, f"{case_id}/contacts", contact), 201)
    assert hidden["contacts"][0]["contacted_by"] == "supervisor"
    assert set(hidden["timeline"][-1]["details"]) == {"contact_id"}  # R50, R51
    shown = ok(post(client, as_, f"{case_id}/contacts", contact | {"announced": True}), 201)
    assert shown["timeline"][-1]["details"]["kind"] == "workplace"
    refused(post(client, as_, f"{case_id}/contacts", contact | {"outcome": "fine"}), 422, "outcome")

    form = {
        "observed_at": "2027-01-20T14:30:00+02:00",
        "occasion": "visit",
        "place": "the convict's home, Kallio",
        "observer": "valvoja Virtanen",
        "signs": ["odour", "speech"],
        "description": "smelled of alcohol, slurred speech",
        "test_ordered": "breath",
    }
    refused(
        post(client, as_, f"{case_id}/intoxication-observations", form | {"signs": []}),
        422,
        "signs_missing",
    )
    saved = ok(post(client, as_, f"{case_id}/intoxication-observations", form), 201)
    observation = saved["intoxication_observations"][0]
    for lang, words in (
        (
            "fi",
            [
                "Päihtymystilaa koskevat havainnot",
                "alkoholin haju",
                "puhalluskoe",
                "Rikosseuraamusviraston",
            ],
        ),
        ("en", ["Observations of intoxication", "smell of alcohol", "breath test"]),
    ):
        response = client.get(
            f"/api/cases/{case_id}/documents/intoxication_observation",
            params={"lang": lang, "observation_id": observation["id"]},
            headers=as_("supervisor"),
        )
        assert response.status_code == 200, response.text
        text = pdf_text(response.content)
        for word in words:
            assert word in text


def test_the_court_after_an_impediment_of_more_than_a_year(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 14))
    impediment = {"reason": "impediment", "start": "2027-01-14", "cause": "hospital care"}
    ok(post(client, as_, f"{case_id}/interruptions", impediment))
    body = {"decided_at": clock.now.isoformat(), "court": "Helsingin KO", "outcome": "convert"}
    refused(
        post(client, as_, f"{case_id}/impediment-decision", body, "court"),
        422,
        "impediment_within_limit",
    )
    at(clock, date(2028, 1, 20))
    body["decided_at"] = clock.now.isoformat()
    refused(
        post(client, as_, f"{case_id}/impediment-decision", body, "prosecutor"),
        403,
        "decision_right",
    )
    refused(
        post(client, as_, f"{case_id}/impediment-decision", body | {"outcome": "pardon"}, "court"),
        422,
        "outcome",
    )
    done = ok(post(client, as_, f"{case_id}/impediment-decision", body, "court"))
    assert done["status"] == "converted"
    assert done["sentence"]["prison_days"] == 60 - 10  # served 4.1.–13.1.2027 (§19)
    assert done["decisions"][-1]["kind"] == "impediment_convert"
