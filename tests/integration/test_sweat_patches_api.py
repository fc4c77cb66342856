"""R67 (5.2) through the API on SQLite and PostgreSQL: a sweat patch applied and its weekly
change on the deadline monitor (overdue when late), removed intact and drawn for the
laboratory from the recorded seed (recomputable), the laboratory's result a ``sweat_patch``
substance test with the same positive-result handling (§14.3; a prescription explains one,
R65), a tampered patch a breach; bad input refused and nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.support.case_flow import at, ok, open_sentence, refused
from tests.support.cases import Staff, create_staff
from valvo.adapters.db.tables_checks import case_patch_configs, case_sweat_patches
from valvo.bootstrap import Valvo
from valvo.domain.cases import sweat_patches
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


def _apply(client: TestClient, as_: Staff, case_id: str, code: str, when: str) -> Any:
    body = {"code": code, "applied_at": when, "applied_by": "Valvoja Virta"}
    url = f"/api/cases/{case_id}/sweat-patches"
    return ok(client.post(url, json=body, headers=as_("supervisor")), 201)


def _remove(
    client: TestClient, as_: Staff, case_id: str, patch_id: str, when: str, how: str
) -> Any:
    body = {"removed_at": when, "removed_by": "Valvoja Virta", "removal": how}
    url = f"/api/cases/{case_id}/sweat-patches/{patch_id}/removal"
    return ok(client.post(url, json=body, headers=as_("supervisor")))


def test_r67_a_patch_changed_weekly_drawn_for_the_laboratory_and_its_result(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_)  # serving from 2027-01-04
    url = f"/api/cases/{case_id}/sweat-patches"
    every = {"change_days": 7, "lab_percent": 100}
    ok(client.put(f"{url}/config", json=every, headers=as_("supervisor")))
    at(clock, date(2027, 1, 4), 12)
    section = _apply(client, as_, case_id, "HP-1001", "2027-01-04T10:00:00+02:00")
    worn = section["worn"]
    # Weekly, at the same local clock time.
    assert worn["change_due_at"] == "2027-01-11T08:00:00Z"
    assert section["overdue"] is False
    refused(  # one patch at a time
        client.post(
            url,
            json={"code": "HP-1002", "applied_at": "2027-01-04T11:00:00+02:00", "applied_by": "V"},
            headers=as_("supervisor"),
        ),
        422,
        "patch_worn",
    )
    deadlines = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    task = next(d for d in deadlines if d["kind"] == "sweat_patch_change")
    assert task["due_at"] == "2027-01-11T08:00:00Z"
    # Not changed on time: overdue on the case and on the deadline monitor.
    at(clock, date(2027, 1, 12), 12)
    assert ok(client.get(url, headers=as_("supervisor")))["overdue"] is True
    deadlines = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    task = next(d for d in deadlines if d["kind"] == "sweat_patch_change")
    assert task["stage"] == "overdue"
    section = _remove(client, as_, case_id, worn["id"], "2027-01-12T09:00:00+02:00", "intact")
    removed = section["patches"][0]
    assert (removed["removal"], removed["selected"], removed["overdue"]) == ("intact", True, False)
    assert section["worn"] is None
    deadlines = ok(client.get("/api/deadlines", headers=as_("supervisor")))
    assert not [d for d in deadlines if d["kind"] == "sweat_patch_change"]
    # The draw is recomputed from the recorded seed and the patch's code.
    with valvo.db.connect() as conn:
        config = conn.execute(select(case_patch_configs)).mappings().one()
        stored = conn.execute(select(case_sweat_patches)).mappings().one()
    again = sweat_patches.draw(
        sweat_patches.PatchConfig(config["change_days"], config["lab_percent"], config["seed"]),
        "HP-1001",
        date(2027, 1, 4),
    )
    assert (stored["draw_value"], stored["draw_percent"]) == (again.value, 100)
    # The laboratory finds amphetamine: a §14.3 matter, as any laboratory result.
    result = f"{url}/{worn['id']}/lab-result"
    section = ok(
        client.post(
            result,
            json={"result": "positive", "substance": "amfetamiini", "laboratory": "HUSLAB"},
            headers=as_("supervisor"),
        )
    )
    assert section["patches"][0]["result"] == "positive"
    assert section["patches"][0]["consequence"] == "court_referral"
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    test = next(t for t in case["substance_tests"] if t["kind"] == "sweat_patch")
    assert test["taken_at"] == "2027-01-12T07:00:00Z"
    assert [b["source"] for b in case["breaches"]] == ["test"]
    assert case["breaches"][0]["status"] == "referred"
    again_result = client.post(result, json={"result": "negative"}, headers=as_("supervisor"))
    refused(again_result, 409, "result_recorded")


def test_r67_a_prescription_explains_a_positive_patch_and_tampering_is_a_breach(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/sweat-patches"
    every = {"change_days": 7, "lab_percent": 100}
    ok(client.put(f"{url}/config", json=every, headers=as_("supervisor")))
    at(clock, date(2027, 1, 4), 12)
    ok(
        client.post(
            f"/api/cases/{case_id}/prescriptions",
            json={"substance": "Kodeiini", "valid_from": "2027-01-01"},
            headers=as_("supervisor"),
        ),
        201,
    )
    first = _apply(client, as_, case_id, "HP-2001", "2027-01-04T10:00:00+02:00")["worn"]
    at(clock, date(2027, 1, 8), 12)
    _remove(client, as_, case_id, first["id"], "2027-01-08T10:00:00+02:00", "intact")
    section = ok(
        client.post(
            f"{url}/{first['id']}/lab-result",
            json={"result": "positive", "substance": "kodeiini"},
            headers=as_("supervisor"),
        )
    )
    patch = section["patches"][0]
    assert (patch["consequence"], patch["entitled_medicine"]) == ("none", True)
    assert ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))["breaches"] == []
    # Tampered: no sample, a breach; it was not drawn, so no result can be recorded for it.
    second = _apply(client, as_, case_id, "HP-2002", "2027-01-08T10:05:00+02:00")["worn"]
    section = _remove(client, as_, case_id, second["id"], "2027-01-08T11:00:00+02:00", "tampered")
    patch = next(p for p in section["patches"] if p["id"] == second["id"])
    assert patch["selected"] is None
    case = ok(client.get(f"/api/cases/{case_id}", headers=as_("supervisor")))
    assert [b["id"] for b in case["breaches"]] == [patch["breach_id"]]
    assert "HP-2002" in case["breaches"][0]["description"]
    refused(
        client.post(
            f"{url}/{second['id']}/lab-result",
            json={"result": "negative"},
            headers=as_("supervisor"),
        ),
        409,
        "not_selected",
    )
    refused(  # removed once
        client.post(
            f"{url}/{second['id']}/removal",
            json={
                "removed_at": "2027-01-08T11:00:00+02:00",
                "removed_by": "V",
                "removal": "intact",
            },
            headers=as_("supervisor"),
        ),
        409,
        "patch_removed",
    )


def test_r67_bad_input_is_refused_and_changes_nothing(
    client: TestClient, clock: FakeClock, as_: Staff, valvo: Valvo
) -> None:
    case_id = open_sentence(client, clock, as_, until_sentenced=True)
    url = f"/api/cases/{case_id}/sweat-patches"
    body = {"code": "HP-1", "applied_at": "2026-12-07T10:00:00+02:00", "applied_by": "V"}
    refused(client.post(url, json=body, headers=as_("supervisor")), 409, "wrong_state")
    for config in ({"change_days": 0, "lab_percent": 10}, {"change_days": 7, "lab_percent": 0}):
        assert (
            client.put(f"{url}/config", json=config, headers=as_("supervisor")).status_code == 422
        )
    case_id = open_sentence(client, clock, as_)
    url = f"/api/cases/{case_id}/sweat-patches"
    at(clock, date(2027, 1, 4), 12)
    for changed, code in (
        ({"code": "  "}, "patch_code_missing"),
        ({"applied_by": " "}, "applied_by_missing"),
        ({"applied_at": "2027-01-05T10:00:00+02:00"}, "in_future"),
    ):
        applied = {**body, "applied_at": "2027-01-04T10:00:00+02:00", **changed}
        refused(client.post(url, json=applied, headers=as_("supervisor")), 422, code)
    worn = _apply(client, as_, case_id, "HP-9", "2027-01-04T10:00:00+02:00")["worn"]
    removal = f"{url}/{worn['id']}/removal"
    early = {"removed_at": "2027-01-04T09:00:00+02:00", "removed_by": "V", "removal": "intact"}
    refused(client.post(removal, json=early, headers=as_("supervisor")), 422, "removed_before")
    with valvo.db.connect() as conn:
        rows = conn.execute(select(case_sweat_patches)).mappings().all()
    assert [(r["code"], r["removed_at"]) for r in rows] == [("HP-9", None)]
    assert client.get(url, headers=as_("police")).status_code == 403
