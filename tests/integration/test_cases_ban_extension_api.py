"""R118 (PKL 2:14) through the API on SQLite and PostgreSQL: the police ask the court to extend
a travel ban within the 60 days; the court decides only after giving the person the
opportunity to be heard (422 ``extension_hearing_missing`` otherwise, nothing stored); a
refusal leaves the lapse at the 60 days, and a request the court never decided lapses too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.cases import Staff, ban_body, create_staff
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

DECIDED = datetime(2027, 9, 10, 9, 0, tzinfo=UTC)  # the 60 days run across the autumn change
LAPSE = DECIDED + timedelta(days=60)


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(minutes=30)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["detail"].startswith(code), response.text


def ordinary_ban(client: TestClient, as_: Staff, device: str) -> dict[str, Any]:
    body = ban_body(
        DECIDED,
        provisional=False,
        obligations=[],
        locality_window=None,
        home=None,
        prosecutor_notified_at=DECIDED.isoformat(),
        device_identifier=device,
    )
    case: dict[str, Any] = ok(
        client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201
    )
    return case


def post(
    client: TestClient, case: dict[str, Any], step: str, body: Any, who: str, as_: Staff
) -> Any:
    return client.post(f"/api/cases/{case['id']}/{step}", json=body, headers=as_(who))


def actions(case: dict[str, Any]) -> set[str]:
    return {a["action"] for a in case["actions"]}


def test_r118_hearing_before_the_extension_and_the_new_deadline(
    client: TestClient, clock: FakeClock
) -> None:
    as_ = Staff(client, clock)
    case = ordinary_ban(client, as_, "ext-gps-1")
    clock.now = LAPSE + timedelta(hours=1)
    refused(  # after the 60 days no request is taken
        post(client, case, "extension-request", {"at": clock.now.isoformat()}, "police", as_),
        422,
        "extension_request_late",
    )
    clock.now = LAPSE - timedelta(days=5)
    asked = ok(
        post(client, case, "extension-request", {"at": clock.now.isoformat()}, "police", as_)
    )
    assert "extension_request" not in actions(asked)
    court_view = ok(client.get(f"/api/cases/{case['id']}", headers=as_("court")))
    assert {"extension_hearing", "extension"} <= actions(court_view)
    until = (LAPSE + timedelta(days=30)).isoformat()
    decision = {"at": clock.now.isoformat(), "until": until, "court": "HKO"}
    refused(
        post(client, case, "extension-hearing", {**decision, "hearing": "heard"}, "police", as_),
        403,
        "",
    )
    refused(post(client, case, "extension", decision, "court", as_), 422, "extension_hearing")
    # The request waits in the court's queue, due when the ban would lapse (not the police's).
    queue = ok(client.get("/api/queue", headers=as_("court")))
    (waiting,) = [i for i in queue if i["kind"] == "extension" and i["case_id"] == case["id"]]
    assert waiting["due_at"] == LAPSE.isoformat().replace("+00:00", "Z")
    prosecutor_queue = ok(client.get("/api/queue", headers=as_("prosecutor")))
    assert not [i for i in prosecutor_queue if i["kind"] == "extension"]
    after = ok(client.get(f"/api/cases/{case['id']}", headers=as_("court")))
    assert after["status"] == "in_force"
    assert after["travel_ban"]["extended_until"] is None  # nothing stored by the refusal
    assert after["computed"]["lapses_at"] == LAPSE.isoformat().replace("+00:00", "Z")

    clock.now += timedelta(hours=2)
    hearing = {"at": clock.now.isoformat(), "hearing": "opportunity_not_used", "court": "HKO"}
    heard = ok(post(client, case, "extension-hearing", hearing, "court", as_))
    assert heard["travel_ban"]["extension_hearing"] == "opportunity_not_used"
    assert "extension_hearing" not in actions(heard)
    early = {**decision, "at": (clock.now - timedelta(hours=1)).isoformat()}
    refused(
        post(client, case, "extension", early, "court", as_),
        422,
        "extension_heard_after_decision",
    )
    refused(
        post(client, case, "extension", {**decision, "until": None}, "court", as_),
        422,
        "until_missing",
    )
    extended = ok(
        post(client, case, "extension", {**decision, "at": clock.now.isoformat()}, "court", as_)
    )
    assert extended["status"] == "extended"
    queue = ok(client.get("/api/queue", headers=as_("court")))
    assert not [i for i in queue if i["kind"] == "extension"]
    assert extended["computed"]["lapses_at"] == until.replace("+00:00", "Z")
    charges = [d for d in extended["deadlines"] if d["kind"] == "charges" and d["stage"] != "met"]
    assert [d["due_at"] for d in charges] == [until.replace("+00:00", "Z")]
    decisions = [e["kind"] for e in extended["timeline"]]
    assert "extension_hearing" in decisions
    assert "court_extends_ban" in decisions


def test_r118_refused_or_undecided_the_ban_lapses_at_the_60_days(
    client: TestClient, clock: FakeClock
) -> None:
    as_ = Staff(client, clock)
    refused_case = ordinary_ban(client, as_, "ext-gps-2")
    undecided = ordinary_ban(client, as_, "ext-gps-3")
    clock.now = LAPSE - timedelta(days=3)
    at = clock.now.isoformat()
    for case in (refused_case, undecided):
        ok(post(client, case, "extension-request", {"at": at}, "police", as_))
        hearing = {"at": at, "hearing": "heard", "court": "HKO"}
        ok(post(client, case, "extension-hearing", hearing, "court", as_))
    no = {"at": at, "court": "HKO", "granted": False}
    refused(
        post(client, refused_case, "extension", {**no, "until": LAPSE.isoformat()}, "court", as_),
        422,
        "until_refused",
    )
    answer = ok(post(client, refused_case, "extension", no, "court", as_))
    assert answer["status"] == "in_force"
    assert answer["travel_ban"]["extension_refused_at"] is not None
    assert "extension" not in actions(answer)
    assert "court_refuses_extension" in [e["kind"] for e in answer["timeline"]]

    clock.now = LAPSE + timedelta(hours=1)  # nothing decided on the other one
    late = {"at": clock.now.isoformat(), "until": (LAPSE + timedelta(days=9)).isoformat()}
    refused(
        post(client, undecided, "extension", {**late, "court": "HKO"}, "court", as_),
        422,
        "ban_not_in_force",
    )
    for case in (refused_case, undecided):
        shown = ok(client.get(f"/api/cases/{case['id']}", headers=as_("police")))
        assert shown["effective_status"] == "lapsed"
        assert "lapse" in actions(shown)
        lapsed = ok(client.post(f"/api/cases/{case['id']}/lapse", headers=as_("police")))
        assert lapsed["status"] == "lapsed"
