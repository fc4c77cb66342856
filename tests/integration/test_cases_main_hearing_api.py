"""The main hearing of a travel-ban case through the API, on SQLite and PostgreSQL (PKL 2:15;
R119): set by the court once charges are brought; a postponement or cancellation needs the
court's decision on continuing the ban, and a ban not continued ends."""

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

DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
COURT = "Helsingin käräjäoikeus"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(minutes=30)
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


def ban(client: TestClient, clock: FakeClock, as_: Staff) -> str:
    """An ordinary ban (no locality obligation) decided by the police."""
    body = ban_body(
        DECIDED,
        provisional=False,
        locality_window=None,
        obligations=["reporting"],
        prosecutor_notified_at=(DECIDED - timedelta(hours=1)).isoformat(),
    )
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    return str(case["id"])


def test_r119_hearing_set_after_charges_and_postponed_with_continuation(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = ban(client, clock, as_)
    url = f"/api/cases/{case_id}/main-hearing"
    hearing = DECIDED + timedelta(days=40)
    body = {"at": clock.now.isoformat(), "hearing_at": hearing.isoformat(), "court": COURT}
    refused(client.post(url, json=body, headers=as_("court")), 422, "no_charges")
    clock.now = DECIDED + timedelta(days=10)
    ok(
        client.post(
            f"/api/cases/{case_id}/charges",
            json={"at": clock.now.isoformat()},
            headers=as_("prosecutor"),
        )
    )
    body["at"] = clock.now.isoformat()
    refused(client.post(url, json=body, headers=as_("police")), 403, "")
    refused(
        client.post(url, json={**body, "hearing_at": body["at"]}, headers=as_("court")),
        422,
        "hearing_not_later",
    )
    case = ok(client.post(url, json=body, headers=as_("court")))
    assert case["computed"]["main_hearing_at"] == hearing.isoformat().replace("+00:00", "Z")
    assert [a["action"] for a in case["actions"] if a["action"].startswith("main_")] == [
        "main_hearing_change"
    ]

    # PKL 2:15: postponing without deciding on the ban is refused and changes nothing.
    clock.now = DECIDED + timedelta(days=39)
    later = DECIDED + timedelta(days=70)
    change = {
        "at": clock.now.isoformat(),
        "change": "postponed",
        "court": COURT,
        "new_hearing_at": later.isoformat(),
    }
    refused(
        client.post(f"{url}/change", json=change, headers=as_("court")),
        422,
        "continuation_required",
    )
    refused(
        client.post(
            f"{url}/change",
            json={**change, "ban_continues": True, "new_hearing_at": None},
            headers=as_("court"),
        ),
        422,
        "new_time_missing",
    )
    case = ok(
        client.post(f"{url}/change", json={**change, "ban_continues": True}, headers=as_("court"))
    )
    assert case["status"] == "in_force"
    assert case["computed"]["main_hearing_at"] == later.isoformat().replace("+00:00", "Z")
    record = [d for d in case["decisions"] if d["kind"] == "main_hearing_changed"]
    assert record[0]["details"]["ban_continues"] is True


def test_r119_cancelled_hearing_without_continuation_ends_the_ban(
    client: TestClient, clock: FakeClock, as_: Staff
) -> None:
    case_id = ban(client, clock, as_)
    clock.now = DECIDED + timedelta(days=5)
    ok(
        client.post(
            f"/api/cases/{case_id}/charges",
            json={"at": clock.now.isoformat()},
            headers=as_("prosecutor"),
        )
    )
    url = f"/api/cases/{case_id}/main-hearing"
    hearing = (DECIDED + timedelta(days=30)).isoformat()
    ok(
        client.post(
            url,
            json={"at": clock.now.isoformat(), "hearing_at": hearing, "court": COURT},
            headers=as_("court"),
        )
    )
    clock.now = DECIDED + timedelta(days=20)
    change = {
        "at": clock.now.isoformat(),
        "change": "cancelled",
        "court": COURT,
        "ban_continues": False,
    }
    refused(
        client.post(
            f"{url}/change", json={**change, "new_hearing_at": hearing}, headers=as_("court")
        ),
        422,
        "new_time_for_cancelled",
    )
    case = ok(client.post(f"{url}/change", json=change, headers=as_("court")))
    assert case["status"] == "revoked"
    assert case["computed"]["main_hearing_at"] is None
    revoked = next(d for d in case["decisions"] if d["kind"] == "ban_revoked")
    assert revoked["decided_by"] == "court"
    assert "PKL 2:15" in revoked["details"]["reason"]
    refused(client.post(f"{url}/change", json=change, headers=as_("court")), 409, "wrong_state")
