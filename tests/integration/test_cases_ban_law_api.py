"""The travel ban's law through the API on SQLite and PostgreSQL (issue 22): who decides at
which stage and the prosecutor's notification and takeover (PKL 2:6, R110), the court hearing
the suspect (PKL 2:8, R112), the person's petitions for review and change reaching the right
queue (PKL 2:12, 2:13; R116, R117), a convicted person's ban (PKL 2:16, R120) and RL 6:13
credit off (R125). Every refusal stores nothing."""

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

# Relative to the real day, so the test passes on any date; whole minutes for readable times.
DECIDED = (datetime.now(UTC) - timedelta(days=2)).replace(second=0, microsecond=0)
COURT = "Helsingin käräjäoikeus"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(days=1)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert code in str(response.json()["detail"]), response.text


def ordinary(**changes: Any) -> dict[str, Any]:
    """A ban with no locality obligation (only reporting to the police)."""
    body = ban_body(
        DECIDED,
        provisional=False,
        locality_window=None,
        obligations=["reporting"],
        home=None,
    )
    body.update(changes)
    return body


def bans(client: TestClient, as_: Staff) -> int:
    return len(ok(client.get("/api/cases", headers=as_("admin"))))


def at(delta: timedelta) -> str:
    return (DECIDED + delta).isoformat()


def queue(client: TestClient, as_: Staff, who: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ok(client.get("/api/queue", headers=as_(who)))
    return [r for r in rows if r["kind"] == "petition"]


def test_r110_the_police_decide_only_after_notifying_the_prosecutor(
    client: TestClient, as_: Staff
) -> None:
    before = bans(client, as_)
    post = client.post
    refused(
        post("/api/cases/travel-bans", json=ordinary(), headers=as_("police")),
        422,
        "prosecutor_not_notified",
    )
    refused(
        post(
            "/api/cases/travel-bans", json=ordinary(prosecutor_notified=True), headers=as_("police")
        ),
        422,
        "prosecutor_notified_at",
    )
    late = ordinary(prosecutor_notified_at=at(timedelta(minutes=5)))
    refused(
        post("/api/cases/travel-bans", json=late, headers=as_("police")),
        422,
        "notified_after_decision",
    )
    taken = ordinary(prosecutor_notified_at=at(-timedelta(hours=1)), prosecutor_took_over=True)
    refused(
        post("/api/cases/travel-bans", json=taken, headers=as_("police")),
        422,
        "prosecutor_took_over",
    )
    # After charges only the court, and only on the prosecutor's demand (PKL 2:6.2).
    charged = ordinary(stage="charged", prosecutor_notified_at=at(-timedelta(hours=1)))
    refused(
        post("/api/cases/travel-bans", json=charged, headers=as_("police")),
        422,
        "court_only_after_charges",
    )
    refused(
        post("/api/cases/travel-bans", json=ordinary(stage="charged"), headers=as_("court")),
        422,
        "no_prosecutor_demand",
    )
    heard_late = ordinary(
        prosecutor_notified_at=at(-timedelta(hours=1)),
        heard_in_person_at=at(timedelta(minutes=1)),
    )
    refused(  # R112 (PKL 2:8.1): heard in person when the ban is imposed, not afterwards
        post("/api/cases/travel-bans", json=heard_late, headers=as_("police")),
        422,
        "heard_after_decision",
    )
    assert bans(client, as_) == before  # nothing stored half-way

    notified = at(-timedelta(hours=1))
    case = ok(
        post(
            "/api/cases/travel-bans",
            json=ordinary(prosecutor_notified_at=notified),
            headers=as_("police"),
        ),
        201,
    )
    row = case["travel_ban"]
    assert (row["decided_by"], row["decision_stage"]) == ("police", "investigation")
    assert row["prosecutor_notified"] is True
    assert datetime.fromisoformat(row["prosecutor_notified_at"]) == DECIDED - timedelta(hours=1)
    # The prosecutor who took the decision over decides it.
    took_over = ok(
        post(
            "/api/cases/travel-bans",
            json={**taken, "device_identifier": "ban-gps-9"},
            headers=as_("prosecutor"),
        ),
        201,
    )
    assert took_over["travel_ban"]["prosecutor_took_over"] is True
    assert took_over["travel_ban"]["decided_by"] == "prosecutor"
    on_demand = ordinary(stage="charged", prosecutor_demanded=True, device_identifier="ban-gps-8")
    by_court = ok(post("/api/cases/travel-bans", json=on_demand, headers=as_("court")), 201)
    assert by_court["travel_ban"]["prosecutor_demanded"] is True
    assert by_court["computed"]["lapses_at"] is None  # charged: no 60-day lapse (PKL 2:14)


def test_r112_the_court_records_how_it_heard_the_suspect(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    url = f"/api/cases/{case['id']}"
    ok(
        client.post(
            f"{url}/court-referral",
            json={"at": at(timedelta(minutes=10)), "court": COURT},
            headers=as_("police"),
        )
    )
    decision = {"at": at(timedelta(minutes=20)), "confirmed": True, "court": COURT}
    refused(
        client.post(f"{url}/court-decision", json=decision, headers=as_("court")),
        422,
        "suspect_not_heard",
    )
    still = ok(client.get(url, headers=as_("court")))
    assert still["status"] == "provisional"
    decided = ok(
        client.post(
            f"{url}/court-decision",
            json={**decision, "suspect_heard": "in_person"},
            headers=as_("court"),
        )
    )
    assert decided["status"] == "in_force"
    assert decided["travel_ban"]["court_hearing"] == "in_person"
    assert decided["travel_ban"]["heard_in_person_at"] is not None  # at the decision (PKL 2:8.1)


def test_r117_a_petition_reaches_the_courts_queue_and_the_court_lifts_the_ban(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    body = ordinary(prosecutor_notified_at=at(-timedelta(hours=1)))
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    url = f"/api/cases/{case['id']}"
    # The review petition reaches the court, which records it (PKL 2:13).
    assert "petition_review" not in [a["action"] for a in case["actions"]]
    court_view = ok(client.get(url, headers=as_("court")))
    assert "petition_review" in [a["action"] for a in court_view["actions"]]
    petition = {"kind": "review", "at": at(timedelta(hours=1)), "grounds": "He starts work abroad."}
    filed = ok(client.post(f"{url}/petitions", json=petition, headers=as_("court")), 201)
    assert [(p["kind"], p["decides"], p["outcome"]) for p in filed["petitions"]] == [
        ("review", "court", None)
    ]
    refused(
        client.post(f"{url}/petitions", json=petition, headers=as_("court")),
        422,
        "petition_pending",
    )
    court_queue = queue(client, as_, "court")
    assert [(r["case_id"], r["kind"]) for r in court_queue] == [(case["id"], "petition")]
    assert "PKL 2:13" in court_queue[0]["asked_en"]
    assert queue(client, as_, "prosecutor") == []

    petition_id = filed["petitions"][0]["id"]
    decision = {"at": at(timedelta(hours=2)), "outcome": "revoked", "court": COURT}
    path = f"{url}/petitions/{petition_id}/decision"
    refused(client.post(path, json=decision, headers=as_("court")), 422, "official_not_heard")
    refused(
        client.post(path, json={**decision, "official_heard": True}, headers=as_("police")),
        422,
        "decision_right",
    )
    lifted = ok(client.post(path, json={**decision, "official_heard": True}, headers=as_("court")))
    assert lifted["status"] == "revoked"
    assert lifted["petitions"][0]["outcome"] == "revoked"
    assert lifted["petitions"][0]["official_heard"] is True
    assert queue(client, as_, "court") == []


def test_r117_no_review_petition_under_a_locality_obligation(
    client: TestClient, as_: Staff
) -> None:
    case = ok(
        client.post("/api/cases/travel-bans", json=ban_body(DECIDED), headers=as_("police")), 201
    )
    petition = {"kind": "review", "at": at(timedelta(hours=1)), "grounds": "x"}
    refused(
        client.post(f"/api/cases/{case['id']}/petitions", json=petition, headers=as_("court")),
        422,
        "review_with_locality",
    )
    assert ok(client.get(f"/api/cases/{case['id']}", headers=as_("court")))["petitions"] == []


def test_r116_a_change_petition_waits_for_the_decider_and_the_change_answers_it(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    body = ordinary(stage="with_prosecutor")
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("prosecutor")), 201)
    url = f"/api/cases/{case['id']}"
    petition = {"kind": "change", "at": at(timedelta(hours=1)), "grounds": "Night shifts."}
    ok(client.post(f"{url}/petitions", json=petition, headers=as_("prosecutor")), 201)
    assert [r["case_id"] for r in queue(client, as_, "prosecutor")] == [case["id"]]
    assert queue(client, as_, "court") == []
    change = {
        "at": at(timedelta(hours=2)),
        "reason_kind": "changed_circumstances",
        "reason": "Reporting moved to Tuesdays for his shifts",
        "demanded_by_suspect": True,
        "heard_at": at(timedelta(hours=1, minutes=30)),
        "obligation_details": "Report to Pasila police station every Tuesday at 10:00",
    }
    changed = ok(client.post(f"{url}/changes", json=change, headers=as_("prosecutor")), 201)
    assert [(p["kind"], p["outcome"]) for p in changed["petitions"]] == [("change", "granted")]
    assert queue(client, as_, "prosecutor") == []


def test_r120_the_court_keeps_a_ban_only_for_unconditional_prison(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    body = ordinary(prosecutor_notified_at=at(-timedelta(hours=1)))
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    url = f"/api/cases/{case['id']}"
    ok(
        client.post(
            f"{url}/charges", json={"at": at(timedelta(hours=1))}, headers=as_("prosecutor")
        )
    )
    judgment = {"at": at(timedelta(hours=2)), "sentence": "fine", "continues": True, "court": COURT}
    refused(
        client.post(f"{url}/conviction", json=judgment, headers=as_("court")),
        422,
        "conviction_ban_needs_prison",
    )
    refused(
        client.post(f"{url}/conviction", json=judgment, headers=as_("prosecutor")),
        403,
        "decision_right",
    )
    kept = ok(
        client.post(
            f"{url}/conviction",
            json={**judgment, "sentence": "unconditional_prison"},
            headers=as_("court"),
        )
    )
    assert kept["status"] == "in_force"
    assert kept["travel_ban"]["sentence_kind"] == "unconditional_prison"
    assert kept["computed"]["lapses_at"] is None
    assert kept["computed"]["ban_time_credited"] is False  # R125: RL 6:13 unamended
    decision = next(d for d in kept["decisions"] if d["kind"] == "conviction_ban_continues")
    assert decision["details"]["ban_days"] >= 1
    assert decision["details"]["credited_days"] == 0
    actions = {a["action"] for a in kept["actions"]}
    assert "conviction" not in actions
    # Enforcement of the prison sentence began: the police record it and the ban ends.
    end = {"at": at(timedelta(hours=3)), "reason": "enforcement_started"}
    refused(
        client.post(f"{url}/conviction/end", json=end, headers=as_("court")), 403, "decision_right"
    )
    ended = ok(client.post(f"{url}/conviction/end", json=end, headers=as_("police")))
    assert ended["status"] == "lapsed"
    refused(
        client.post(f"{url}/conviction/end", json=end, headers=as_("police")),
        422,
        "ban_already_ended",
    )


def test_r120_a_ban_at_the_judgment_needs_unconditional_prison(
    client: TestClient, as_: Staff
) -> None:
    before = bans(client, as_)
    body = ordinary(stage="judgment", sentence_kind="conditional_prison", prosecutor_demanded=True)
    refused(
        client.post("/api/cases/travel-bans", json=body, headers=as_("court")),
        422,
        "conviction_ban_needs_prison",
    )
    assert bans(client, as_) == before
    body["sentence_kind"] = "unconditional_prison"
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("court")), 201)
    assert case["travel_ban"]["convicted_at"] is not None
    assert case["computed"]["lapses_at"] is None
