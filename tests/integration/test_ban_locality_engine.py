"""R105, R111, R116 on SQLite and PostgreSQL: the engine's presence rule follows a travel ban's
locality window (PKL 2:3.2 point 1, 2:3.3). Away from the dwelling before the window opens is
free movement inside the area; still away when it opens, the grace runs out and the police get
a late-arrival alarm; after the court moves the window (PKL 2:12) the alarm follows the new
time, not the old one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.integration.test_engine import append_fixes
from tests.support.cases import Staff, ban_body, create_staff
from tests.support.factories import fix
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

# Monday 11 January 2027, 12:00 in Helsinki (UTC+2, no clock change in the days used).
DECIDED = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
DEVICE = "ban-gps-1"  # ban_body's device
AWAY_M = 2000  # inside the 5 km area, well outside the 100 m dwelling, off the airport


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> Iterator[TestClient]:
    clock.now = DECIDED + timedelta(minutes=30)
    create_staff(valvo)
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


PRESENCE = {"late_arrival", "left_during_presence", "not_back_after_absence"}


def alarms(valvo: Valvo, subject_id: str) -> list[dict[str, Any]]:
    """The person's presence alarms (a silent tracker's own alarm is not this rule's)."""
    with valvo.uow() as uow:
        return [a for a in uow.alarms.find(None, subject_id, 50) if a["kind"] in PRESENCE]


def run_until(worker: Any, until: datetime) -> None:
    """Fire every deadline the engine has up to ``until``, then evaluate at ``until``."""
    while (due := worker.next_deadline()) is not None and due <= until:
        worker.step(due)
    worker.step(until)


def test_r105_r116_the_presence_rule_follows_the_locality_window_and_its_change(
    client: TestClient, clock: FakeClock, valvo: Valvo
) -> None:
    as_ = Staff(client, clock)
    body = ban_body(DECIDED, locality_window={"start": "20:00", "end": "06:00"})
    case = ok(client.post("/api/cases/travel-bans", json=body, headers=as_("police")), 201)
    subject = case["subject_id"]
    worker = valvo.engine_worker()
    worker.step(clock.now)

    # 19:30 in Helsinki, two kilometres from home: the window has not opened, nothing is due.
    evening = datetime(2027, 1, 11, 17, 30, tzinfo=UTC)
    clock.now = evening
    append_fixes(valvo, fix(evening, east_m=AWAY_M, device=DEVICE))
    opens = datetime(2027, 1, 11, 18, 0, tzinfo=UTC)
    run_until(worker, opens - timedelta(seconds=1))
    assert alarms(valvo, subject) == []
    # 20:00 the window opens; the grace ends a few minutes later with him still away.
    run_until(worker, opens + timedelta(minutes=15))
    (late,) = alarms(valvo, subject)
    assert opens < late["occurred_at"] <= opens + timedelta(minutes=15)
    assert late["kind"] == "late_arrival"
    assert late["explanation"]["rule"] == "presence.gps"
    # Home at 20:40: the condition ends.
    home = datetime(2027, 1, 11, 18, 40, tzinfo=UTC)
    append_fixes(valvo, fix(home, device=DEVICE))
    run_until(worker, home + timedelta(seconds=10))
    assert alarms(valvo, subject)[0]["condition_ended_at"] == home

    # The court confirms the ban and then moves the window to 22:00–06:00 (PKL 2:12).
    clock.now = DECIDED + timedelta(days=1)
    court = "Helsingin käräjäoikeus"
    at = clock.now.isoformat()
    url = f"/api/cases/{case['id']}"
    ok(client.post(f"{url}/court-referral", json={"at": at, "court": court}, headers=as_("police")))
    decision = {"at": at, "confirmed": True, "suspect_heard": "in_person", "court": court}
    ok(client.post(f"{url}/court-decision", json=decision, headers=as_("court")))
    change = {
        "at": at,
        "reason_kind": "changed_circumstances",
        "reason": "an evening course until 21:30",
        "demanded_by_suspect": True,
        "heard_at": at,
        "locality_window": {"start": "22:00", "end": "06:00"},
    }
    ok(client.post(f"{url}/changes", json=change, headers=as_("court")), 201)
    schedule = ok(client.get(f"/api/orders/{case['order_id']}/schedule", headers=as_("supervisor")))
    assert {(w["start"], w["end"]) for w in schedule["weekly"]} == {("06:00", "22:00")}

    # Tuesday 21:00 in Helsinki, away: free under the new window, due under the old one.
    tuesday = datetime(2027, 1, 12, 19, 0, tzinfo=UTC)
    clock.now = tuesday
    append_fixes(valvo, fix(tuesday, east_m=AWAY_M, device=DEVICE))
    opens = datetime(2027, 1, 12, 20, 0, tzinfo=UTC)  # 22:00 in Helsinki
    run_until(worker, opens - timedelta(seconds=1))
    (late,) = alarms(valvo, subject)  # 20:00 and 21:00 passed without a new occurrence
    assert (late["occurrences"], late["condition_ended_at"]) == (1, home)
    run_until(worker, opens + timedelta(minutes=15))
    # The open alarm groups the new occurrence (the desk has not closed the first one).
    (late,) = alarms(valvo, subject)
    assert late["occurrences"] == 2
    assert opens < late["last_occurred_at"] <= opens + timedelta(minutes=15)
