"""Adjudicated breaches, running totals and device-reported visits (issue 15 item 4; R39, R40)
through the API and the bus, on SQLite and PostgreSQL: an alarm confirmed on the desk becomes
a breach with its time; the supervisor excuses it (reason required, nothing stored half-way),
changes the decision with the history kept; the totals on the case and the caseload row follow;
only a supervisor may decide. An officer's key fob seen by the home unit and a covert presence
check become visits on the case, and an absence at the check opens a breach."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.alarm_desk import commit_events
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from valvo.bootstrap import Valvo
from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules import BreachEnded, BreachStarted
from valvo.services import auth, registry
from valvo.services.cases.adjudication_commands import RecordDeviceVisit
from valvo.services.errors import Conflict, InvalidInput
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    create_staff(valvo)
    with valvo.uow() as uow:
        auth.create_user(
            uow, valvo.hasher, "test", clock.now, username="olli", password="valvonta-vuoro-2026",
            role="operator", region=None,
        )  # fmt: skip
        uow.commit()
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient, clock: FakeClock) -> Staff:
    return Staff(client, clock)


def operator(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/auth/token", data={"username": "olli", "password": "valvonta-vuoro-2026"}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def confirmed_absence(
    client: TestClient, valvo: Valvo, subject_id: str, start: datetime, minutes: int
) -> str:
    """An absence from home of ``minutes``, confirmed on the desk as a genuine breach."""
    left = BreachStarted(
        subject_id,
        AlarmKind.INCLUSION_ZONE_LEFT,
        "inclusion:home",
        start,
        Explanation("left home", "poistui kotoa", "zone.inclusion", 1),
        (),
    )
    (alarm_id,) = commit_events(valvo, [left], start)
    end = start + timedelta(minutes=minutes)
    commit_events(valvo, [BreachEnded(subject_id, "inclusion:home", end)], end)
    h = operator(client)
    ok(client.post(f"/api/alarms/{alarm_id}/acknowledge", headers=h))
    ok(client.post(f"/api/alarms/{alarm_id}/resolve", json={"cause": "genuine_breach"}, headers=h))
    return alarm_id


def case_of(client: TestClient, as_: Staff, case_id: str, who: str = "supervisor") -> Any:
    return ok(client.get(f"/api/cases/{case_id}", headers=as_(who)))


def test_an_excused_breach_leaves_the_totals_and_a_change_keeps_the_history(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    subject_id = case_of(client, as_, case_id)["subject_id"]
    at(clock, date(2027, 1, 10), 23)
    confirmed_absence(client, valvo, subject_id, clock.now - timedelta(minutes=120), 95)

    detail = case_of(client, as_, case_id)
    (breach,) = detail["breaches"]
    assert (breach["minutes"], breach["adjudication"]) == (95, None)
    totals = detail["computed"]["violation_totals"]
    assert totals == {
        "violations": 1, "counted": 1, "excused": 0, "pending": 1, "minutes": 95,
        "counted_minutes": 95, "warning_at": 1, "referral_at": 2, "to_warning": 0,
        "to_referral": 1,
    }  # fmt: skip
    adjudicate = [a for a in detail["actions"] if a["action"] == "adjudicate"]
    assert adjudicate == [
        {"action": "adjudicate", "by": "work", "breach_id": breach["id"], "outcome": None}
    ]
    assert not [
        a for a in case_of(client, as_, case_id, "court")["actions"] if a["action"] == "adjudicate"
    ]

    path = f"/api/cases/{case_id}/breaches/{breach['id']}/adjudication"
    excuse = {"outcome": "reasonable_excuse", "reason": "ambulance took him to hospital"}
    # Only a supervisor decides: the court and the prosecutor read the case, and decide not this.
    for role in ("court", "prosecutor", "police"):
        assert client.post(path, json=excuse, headers=as_(role)).status_code == 403
    assert client.post(path, json=excuse, headers=operator(client)).status_code == 403
    # An excuse states its reason; nothing is stored when it does not.
    refused(
        client.post(path, json={"outcome": "reasonable_excuse"}, headers=as_("supervisor")),
        422,
        "reason_missing",
    )
    assert (
        client.post(path, json={"outcome": "forgiven"}, headers=as_("supervisor")).status_code
        == 422
    )
    assert case_of(client, as_, case_id)["breaches"][0]["adjudications"] == []

    at(clock, date(2027, 1, 11))
    excused = ok(client.post(path, json=excuse, headers=as_("supervisor")), 201)
    (b,) = excused["breaches"]
    first = b["adjudication"]
    assert (first["outcome"], first["reason"], first["decided_by"]) == (
        "reasonable_excuse", "ambulance took him to hospital", "supervisor"
    )  # fmt: skip
    assert datetime.fromisoformat(first["decided_at"]) == clock.now
    t = excused["computed"]["violation_totals"]
    assert (t["counted"], t["excused"], t["pending"], t["counted_minutes"]) == (0, 1, 0, 0)
    assert (t["to_warning"], t["to_referral"]) == (1, 2)
    assert excused["timeline"][-1]["kind"] == "breach_adjudicated"

    # A change of mind needs its reason, and is a new decision: the first one stays.
    refused(
        client.post(path, json={"outcome": "counted"}, headers=as_("supervisor")),
        422,
        "reason_missing",
    )
    at(clock, date(2027, 1, 12))
    body = {"outcome": "counted", "reason": "hospital has no record of him", "minutes": 100}
    changed = ok(client.post(path, json=body, headers=as_("supervisor")), 201)
    (b,) = changed["breaches"]
    assert [d["outcome"] for d in b["adjudications"]] == ["reasonable_excuse", "counted"]
    assert b["adjudications"][0] == first
    assert b["adjudication"]["supersedes"] == first["id"]
    assert b["minutes"] == 100  # the decider's time replaces the alarm's
    t = changed["computed"]["violation_totals"]
    assert (t["counted"], t["excused"], t["counted_minutes"], t["to_referral"]) == (1, 0, 100, 1)
    assert changed["timeline"][-1]["kind"] == "breach_readjudicated"
    assert changed["timeline"][-1]["details"]["previous"] == "reasonable_excuse"

    # The supervisor's caseload row carries the same totals.
    rows = ok(client.get("/api/cases", headers=as_("supervisor")))
    (row,) = [r for r in rows if r["id"] == case_id]
    assert row["violation_totals"]["counted"] == 1
    assert row["violation_totals"]["to_referral"] == 1


def test_a_cleared_or_unknown_breach_takes_no_decision(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    at(clock, date(2027, 1, 10), 12)
    opened = ok(
        client.post(
            f"/api/cases/{case_id}/breaches",
            json={"occurred_at": "2027-01-10T09:00:00+02:00", "description": "late home"},
            headers=as_("supervisor"),
        ),
        201,
    )
    (breach,) = opened["breaches"]
    assert breach["minutes"] is None
    ok(
        client.post(
            f"/api/cases/{case_id}/breaches/{breach['id']}/clear",
            json={"note": "the clock of the unit was wrong"},
            headers=as_("supervisor"),
        )
    )
    path = f"/api/cases/{case_id}/breaches/{breach['id']}/adjudication"
    refused(
        client.post(path, json={"outcome": "counted"}, headers=as_("supervisor")),
        409,
        "breach_cleared",
    )
    cleared = case_of(client, as_, case_id)
    assert cleared["computed"]["violation_totals"]["violations"] == 0
    assert not [a for a in cleared["actions"] if a["action"] == "adjudicate"]
    missing = f"/api/cases/{case_id}/breaches/no-such-breach/adjudication"
    assert (
        client.post(missing, json={"outcome": "counted"}, headers=as_("supervisor")).status_code
        == 404
    )


def _device(valvo: Valvo, now: datetime, identifier: str, kind: str) -> str:
    with valvo.uow() as uow:
        row = registry.register_device(
            uow, "test", now, identifier=identifier, protocol="valvo", kind=kind,
            model=None, region="Etelä-Suomi",
        )  # fmt: skip
        uow.commit()
    return str(row["id"])


def test_key_fob_and_covert_check_visits_land_on_the_case(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)
    detail = case_of(client, as_, case_id)
    subject_id = detail["subject_id"]
    officer = ok(
        client.post(
            "/api/supervisors",
            json={"name": "Sanna Valvoja", "kind": "official", "region": "Etelä-Suomi"},
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2027, 1, 12), 9)
    fob = ok(
        client.post(
            "/api/officer-fobs",
            json={"fob": "FOB-0007", "supervisor_id": officer["id"]},
            headers=as_("supervisor"),
        ),
        201,
    )
    assert (fob["supervisor_name"], fob["region"]) == ("Sanna Valvoja", "Etelä-Suomi")
    again = {"fob": "FOB-0007", "supervisor_id": officer["id"]}
    refused(
        client.post("/api/officer-fobs", json=again, headers=as_("supervisor")),
        409,
        "fob_registered",
    )
    assert client.post("/api/officer-fobs", json=again, headers=as_("court")).status_code == 403
    assert [f["fob"] for f in ok(client.get("/api/officer-fobs", headers=as_("supervisor")))] == [
        "FOB-0007"
    ]

    unit = _device(valvo, clock.now, "home-unit-7", "rf_home_unit")
    with valvo.uow() as uow:
        registry.assign_device(uow, "test", clock.now, device_id=unit, subject_id=subject_id)
        uow.commit()
    arrived = clock.now - timedelta(minutes=30)
    visit = valvo.bus.handle(
        RecordDeviceVisit(
            actor="system", at=clock.now, device_id=unit, event="officer_arrived",
            happened_at=arrived, fob="FOB-0007", seen=True,
        )
    )  # fmt: skip
    assert (visit["kind"], visit["visitor_id"], visit["present"]) == (
        "key_fob",
        officer["id"],
        True,
    )
    left = valvo.bus.handle(
        RecordDeviceVisit(
            actor="system", at=clock.now, device_id=unit, event="officer_departed",
            happened_at=clock.now - timedelta(minutes=5), fob="FOB-0007",
        )
    )  # fmt: skip
    assert left["departed_at"] == clock.now - timedelta(minutes=5)
    with pytest.raises(InvalidInput, match="fob_unknown"):
        valvo.bus.handle(
            RecordDeviceVisit(
                actor="system", at=clock.now, device_id=unit, event="officer_arrived",
                happened_at=arrived, fob="FOB-LOST",
            )
        )  # fmt: skip
    with pytest.raises(Conflict, match="no_arrival"):
        valvo.bus.handle(
            RecordDeviceVisit(
                actor="system", at=clock.now, device_id=unit, event="officer_departed",
                happened_at=clock.now, fob="FOB-0007",
            )
        )  # fmt: skip

    # A key-fob visit is never recorded by hand.
    by_hand = {"kind": "key_fob", "visited_at": "2027-01-12T10:00:00+02:00", "present": True}
    refused(
        client.post(
            f"/api/cases/{case_id}/visits/outcome", json=by_hand, headers=as_("supervisor")
        ),
        422,
        "visit kind must be one of",
    )

    # R40: the staff's mobile checker did not see the tag at the workplace: absent, a breach.
    checker = _device(valvo, clock.now, "checker-3", "presence_checker")
    tag_identifier = f"tag-{case_id[:8]}"  # the tag open_sentence installed
    covert = valvo.bus.handle(
        RecordDeviceVisit(
            actor="system", at=clock.now, device_id=checker, event="presence_check",
            happened_at=clock.now - timedelta(minutes=2), tag=tag_identifier, seen=False,
            fob="FOB-0007",
        )
    )  # fmt: skip
    assert (covert["kind"], covert["present"], covert["visitor_id"]) == (
        "covert_check", False, officer["id"]
    )  # fmt: skip
    after = case_of(client, as_, case_id)
    kinds = sorted((v["kind"], v["present"]) for v in after["visits"] if v["visited_at"])
    assert kinds == [("covert_check", False), ("key_fob", True)]
    (fob_visit,) = [v for v in after["visits"] if v["kind"] == "key_fob"]
    assert (fob_visit["fob"], fob_visit["device_id"]) == ("FOB-0007", unit)
    (breach,) = after["breaches"]
    assert breach["source"] == "visit"
    assert after["computed"]["violation_totals"]["counted"] == 1

    # A retired fob stands for no one.
    ok(client.post(f"/api/officer-fobs/{fob['id']}/retirement", headers=as_("supervisor")))
    with pytest.raises(InvalidInput, match="fob_unknown"):
        valvo.bus.handle(
            RecordDeviceVisit(
                actor="system", at=clock.now, device_id=unit, event="officer_arrived",
                happened_at=clock.now, fob="FOB-0007",
            )
        )  # fmt: skip
