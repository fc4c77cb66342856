"""PKL 2:12 (R116) through the API on SQLite and PostgreSQL: the court changes a locality
window; the engine's schedule is recompiled, the earlier content stays readable, the term moves
the lapse; the wrong body, a missing hearing and an unlawful window change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.support.cases import Staff, ban_body, create_staff, square
from tests.support.factories import HOME, offset
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

DECIDED = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


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


def test_court_changes_the_locality_window_and_term(client: TestClient, clock: FakeClock) -> None:
    as_ = Staff(client, clock)
    case = ok(
        client.post(
            "/api/cases/travel-bans",
            json=ban_body(DECIDED, provisional=False, decided_by=None),
            headers=as_("court"),
        ),
        201,
    )
    case_id, order_id = case["id"], case["order_id"]
    clock.now = DECIDED + timedelta(days=3)
    at = (DECIDED + timedelta(days=2)).isoformat()
    change = {
        "at": at,
        "reason_kind": "changed_circumstances",
        "reason": "an evening shift from 18:00 to 20:30",
        "demanded_by_suspect": True,
        "heard_at": at,
        "locality_window": {"start": "21:00", "end": "06:00"},
    }
    url = f"/api/cases/{case_id}/changes"
    schedule_url = f"/api/orders/{order_id}/schedule"
    before = ok(client.get(schedule_url, headers=as_("supervisor")))
    # The police did not decide this ban, and a locality obligation is the court's.
    refused(client.post(url, json=change, headers=as_("police")), 422, "decision_right")
    refused(
        client.post(url, json={**change, "heard_at": None}, headers=as_("court")),
        422,
        "hearing_missing",
    )
    refused(
        client.post(
            url,
            json={**change, "locality_window": {"start": "17:00", "end": "06:00"}},
            headers=as_("court"),
        ),
        422,
        "locality_window_too_long",
    )
    assert ok(client.get(schedule_url, headers=as_("supervisor"))) == before

    term = DECIDED + timedelta(days=30)
    changed = ok(
        client.post(url, json={**change, "term_ends_at": term.isoformat()}, headers=as_("court")),
        201,
    )
    assert changed["travel_ban"]["locality_start"] == "21:00"
    assert changed["computed"]["lapses_at"] == "2027-03-31T08:00:00Z"
    [version] = changed["ban_changes"]
    assert version["before"]["locality_window"]["start"] == "22:00"
    assert version["after"]["locality_window"]["start"] == "21:00"
    assert version["demanded_by_suspect"] is True
    assert version["decided_by"] == "court"
    assert any(d["kind"] == "ban_changed" for d in changed["decisions"])
    # The engine's rule set: presence is now required from 21:00.
    schedule = ok(client.get(schedule_url, headers=as_("supervisor")))
    assert {(w["start"], w["end"]) for w in schedule["weekly"]} == {("06:00", "21:00")}
    assert schedule["version"] == before["version"] + 1
    order = ok(client.get(f"/api/orders/{order_id}", headers=as_("supervisor")))
    assert order["ends_at"] == "2027-03-31T08:00:00Z"


def test_r116_a_change_redraws_the_area_and_removes_and_adds_forbidden_areas_from_a_date(
    client: TestClient, clock: FakeClock
) -> None:
    """The old area and the removed airport are enforced until just before the change takes
    effect, the new area and the new forbidden area from that instant; nothing overlaps."""
    as_ = Staff(client, clock)
    body = ban_body(DECIDED, provisional=False, decided_by=None)
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("court")), 201)
    case_id, order_id = case["id"], case["order_id"]
    clock.now = DECIDED + timedelta(days=3)
    at = DECIDED + timedelta(days=2)
    takes_effect = DECIDED + timedelta(days=5)
    harbour = {"type": "Point", "coordinates": list(offset(HOME, -2000, 0))}
    change = {
        "at": at.isoformat(),
        "reason_kind": "changed_circumstances",
        "reason": "moved to Espoo for work",
        "demanded_by_suspect": True,
        "heard_at": at.isoformat(),
        "area": {"geometry": square(offset(HOME, 10_000, 0), 6000)},
        "removed_forbidden_areas": ["Helsinki-Vantaa airport"],
        "new_forbidden_areas": [{"name": "West harbour", "geometry": harbour, "radius_m": 300}],
        "effective_from": takes_effect.isoformat(),
    }
    url = f"/api/cases/{case_id}/changes"
    refused(
        client.post(
            url, json={**change, "removed_forbidden_areas": ["Pasila"]}, headers=as_("court")
        ),
        422,
        "removed_forbidden_areas",
    )
    early = {**change, "effective_from": (at - timedelta(hours=1)).isoformat()}
    refused(client.post(url, json=early, headers=as_("court")), 422, "effective_from")
    changed = ok(client.post(url, json=change, headers=as_("court")), 201)
    assert changed["travel_ban"]["forbidden_areas"] == ["West harbour"]
    zones = ok(client.get(f"/api/zones?order_id={order_id}", headers=as_("supervisor")))
    by = {(z["name"], z["kind"], z["valid_to"] is None): z for z in zones}
    old_area = by[("City of Helsinki", "inclusion", False)]
    new_area = by[("City of Helsinki", "inclusion", True)]
    airport = by[("Helsinki-Vantaa airport", "exclusion", False)]
    harbour_zone = by[("West harbour", "exclusion", True)]
    effective = takes_effect.isoformat().replace("+00:00", "Z")
    assert old_area["valid_to"] == airport["valid_to"] == effective
    assert new_area["valid_from"] == harbour_zone["valid_from"] == effective
