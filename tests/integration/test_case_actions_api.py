"""The case view names the steps the case's state allows now that the caller's role may take
("actions"), and the documents it has the content for: each offered step is taken, a step not
offered is refused by the API alike, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, ban_body, create_staff
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


def view(client: TestClient, as_: Staff, case_id: str, who: str) -> dict[str, Any]:
    detail: dict[str, Any] = ok(client.get(f"/api/cases/{case_id}", headers=as_(who)))
    return detail


def names(detail: dict[str, Any]) -> list[str]:
    return [a["action"] for a in detail["actions"]]


def test_each_role_is_offered_only_its_own_steps_while_the_report_is_written(
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
    assert names(case) == []  # the court asked; the report is the supervisor's
    assert names(view(client, as_, case["id"], "supervisor")) == ["report", "complete_report"]
    assert names(view(client, as_, case["id"], "prosecutor")) == []
    assert [d["kind"] for d in case["documents"]] == ["report"]


def test_a_served_sentence_offers_its_steps_and_refuses_what_it_does_not_offer(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_, length_days=30)
    serving = view(client, as_, case_id, "supervisor")
    offered = names(serving)
    for step in ("interrupt", "visit", "substance_test", "open_breach", "exemption", "plan"):
        assert step in offered
    for step in ("install_devices", "complete", "resume", "sentence", "complete_report"):
        assert step not in offered
    assert names(view(client, as_, case_id, "court")) == []
    url = f"/api/cases/{case_id}"
    at(clock, date(2027, 1, 10))
    # Not offered, and the API refuses it alike: the sentence is not yet served.
    refused(
        client.post(f"{url}/complete", json={"on": "2027-01-10"}, headers=as_("supervisor")),
        422,
        "not_yet_served",
    )
    breach = ok(
        client.post(
            f"{url}/breaches",
            json={"occurred_at": "2027-01-09T20:00:00+02:00", "description": "late"},
            headers=as_("supervisor"),
        ),
        201,
    )
    bid = breach["breaches"][0]["id"]
    on_breach = [a["action"] for a in breach["actions"] if a.get("breach_id") == bid]
    assert on_breach == ["hearing", "provisional_interruption", "referral", "clear", "adjudicate"]
    refused(
        client.post(
            f"{url}/breaches/{bid}/warning", json={"on": "2027-01-10"}, headers=as_("supervisor")
        ),
        422,
        "hearing_required",
    )
    heard = ok(
        client.post(
            f"{url}/breaches/{bid}/hearing",
            json={"heard_on": "2027-01-10", "statement": "bus"},
            headers=as_("supervisor"),
        )
    )
    assert "warning" in names(heard)
    referral = next(a for a in heard["actions"] if a["action"] == "referral")
    assert "warning_not_heeded" not in referral["kinds"]  # no warning given yet (§14.3)
    assert "warning" not in [d["kind"] for d in heard["documents"]]
    warned = ok(
        client.post(
            f"{url}/breaches/{bid}/warning", json={"on": "2027-01-10"}, headers=as_("supervisor")
        )
    )
    # Warned: only the supervisor's decision on the breach (issue 15 item 4) is still open.
    assert [a["action"] for a in warned["actions"] if a.get("breach_id") == bid] == ["adjudicate"]
    assert {"kind": "warning", "breach_id": bid} in warned["documents"]
    # The sentence is served: the last day is offered from the release date on.
    release = date.fromisoformat(warned["computed"]["release_date"])
    at(clock, release)
    complete = [a for a in view(client, as_, case_id, "supervisor")["actions"]]
    step = next(a for a in complete if a["action"] == "complete")
    assert step["release_date"] == release.isoformat()
    done = ok(client.post(f"{url}/complete", json={"on": str(release)}, headers=as_("supervisor")))
    assert done["status"] == "completed"
    assert names(done) == []


def test_a_serious_breach_goes_to_the_prosecutor_then_the_court_each_offered_its_decision(
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
    referred = ok(
        client.post(
            f"{url}/breaches/{bid}/referral",
            json={"kind": "serious", "on": "2027-01-10"},
            headers=as_("supervisor"),
        )
    )
    assert referred["status"] == "interrupted"
    assert "resume" not in names(referred)  # only the court lets it continue (§14.3)
    assert "prosecutor_decision" not in names(referred)
    assert {"kind": "breach_report", "breach_id": bid} in referred["documents"]
    assert names(view(client, as_, case_id, "court")) == []
    assert names(view(client, as_, case_id, "prosecutor")) == ["prosecutor_decision"]
    decided = {"decided_at": "2027-01-11T09:00:00+02:00", "bring_to_court": True, "court": "HKO"}
    at(clock, date(2027, 1, 11), 12)
    ok(
        client.post(
            f"{url}/breaches/{bid}/prosecutor-decision", json=decided, headers=as_("prosecutor")
        )
    )
    assert names(view(client, as_, case_id, "prosecutor")) == []
    assert names(view(client, as_, case_id, "court")) == ["court_decision"]
    court = {"decided_at": "2027-01-11T11:00:00+02:00", "convert": True, "court": "HKO"}
    ok(client.post(f"{url}/breaches/{bid}/court-decision", json=court, headers=as_("court")))
    converted = view(client, as_, case_id, "supervisor")
    assert converted["status"] == "converted"
    assert names(converted) == []


def test_a_travel_ban_offers_each_body_its_own_steps(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    decided = clock.now - timedelta(hours=1)
    ban = ok(
        client.post("/api/cases/travel-bans", json=ban_body(decided), headers=as_("police")), 201
    )
    police = names(ban)
    for step in ("court_referral", "extension_request", "violation", "passport", "revocation"):
        assert step in police
    assert "ban_court_decision" not in police
    # A locality obligation: the court changes the ban (PKL 2:5, 2:12); a change petition
    # reaches whichever body records it, and no review petition is open (PKL 2:13).
    assert names(view(client, as_, ban["id"], "court")) == [
        "revocation", "ban_change", "petition_change",
    ]  # fmt: skip
    assert names(view(client, as_, ban["id"], "prosecutor")) == [
        "court_referral", "charges", "extension_request", "violation", "passport", "revocation",
        "petition_change",
    ]  # fmt: skip
    url = f"/api/cases/{ban['id']}"
    referral = {"at": clock.now.isoformat(), "court": "Helsingin käräjäoikeus"}
    referred = ok(client.post(f"{url}/court-referral", json=referral, headers=as_("police")))
    assert "court_referral" not in names(referred)
    court = names(view(client, as_, ban["id"], "court"))
    assert court == ["ban_court_decision", "revocation", "ban_change", "petition_change"]
    decision = {**referral, "confirmed": True, "suspect_heard": "in_person"}
    ok(client.post(f"{url}/court-decision", json=decision, headers=as_("court")))
    assert "ban_court_decision" not in names(view(client, as_, ban["id"], "court"))
