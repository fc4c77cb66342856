"""Steps of a case through the API that several tests share."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.cases import Staff, plan_content, report_values, sentence_body


def at(clock: FakeClock, day: date, hour: int = 10) -> None:
    clock.now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def ok(response: Any, status: int = 200) -> Any:
    """The JSON body of a response that has the expected status."""
    assert response.status_code == status, response.text
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["detail"].startswith(code), response.text


def open_sentence(
    client: TestClient,
    clock: FakeClock,
    as_: Staff,
    length_days: int = 60,
    *,
    until_sentenced: bool = False,
) -> str:
    """From the request to a sentence being served (devices installed on 2027-01-04), or only
    to the judgment of 2026-12-07 (``until_sentenced``)."""
    case = ok(
        client.post(
            "/api/cases/sentences",
            json={
                "subject_name": "Aino Valvottava",
                "region": "Etelä-Suomi",
                "requested_on": "2026-11-23",
            },
            headers=as_("prosecutor"),
        ),
        201,
    )
    case_id = str(case["id"])
    assert case["status"] == "report_requested"
    assert case["report"]["requester"] == "prosecutor"
    ok(
        client.patch(
            f"/api/cases/{case_id}/report",
            json=report_values(date(2026, 11, 23)),
            headers=as_("supervisor"),
        )
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/co-residents",
            json={
                "name": "Pekka Puoliso",
                "birth_date": "1980-02-29",
                "written_consent": True,
                "consent_document": "scan 2026-11-23 #41",
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    ok(
        client.post(
            f"/api/cases/{case_id}/co-residents",
            json={
                "name": "Lotta Lapsi",
                "birth_date": "2012-06-01",
                "heard": True,
                "heard_on": "2026-11-23",
                "views": "fine with it",
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2026, 11, 30))
    done = ok(
        client.post(
            f"/api/cases/{case_id}/report/complete",
            json={"on": "2026-11-30"},
            headers=as_("supervisor"),
        )
    )
    assert done["status"] == "reported"
    at(clock, date(2026, 12, 7))
    sentenced = ok(
        client.post(
            f"/api/cases/{case_id}/sentence",
            json=sentence_body(date(2026, 12, 7), date(2026, 12, 21), length_days),
            headers=as_("court"),
        )
    )
    assert sentenced["status"] == "sentenced"
    assert sentenced["order_id"]
    if until_sentenced:
        return case_id
    at(clock, date(2026, 12, 22))
    confirmed = ok(
        client.post(
            f"/api/cases/{case_id}/plans",
            json={
                "content": plan_content(date(2027, 1, 4), date(2027, 3, 31)),
                "convict_heard_on": "2026-12-22",
            },
            headers=as_("supervisor"),
        ),
        201,
    )
    assert confirmed["status"] == "plan_confirmed"
    device = ok(
        client.post(
            "/api/devices",
            json={"identifier": f"tag-{case_id[:8]}", "protocol": "osmand", "kind": "rf_tag"},
            headers=as_("supervisor"),
        ),
        201,
    )
    at(clock, date(2027, 1, 4), 12)
    serving = ok(
        client.post(
            f"/api/cases/{case_id}/devices",
            json={"device_ids": [device["id"]], "installed_at": "2027-01-04T08:00:00+02:00"},
            headers=as_("supervisor"),
        )
    )
    assert serving["status"] == "enforcing"
    assert serving["sentence"]["serving_start"] == "2027-01-04"
    return case_id
