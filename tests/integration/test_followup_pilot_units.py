"""The pilot flag of units (issue 17; R143) on the seeded caseload (tests/support/followup.py),
on SQLite and PostgreSQL: the east joins the pilot on 10 November, so its completed sentence C
is the others' before and the pilot's from that day; E's report (20.11) is the pilot's. The
pilot's and the others' figures add up to the whole caseload's; the split per region; who may
set the flag, in which region, and what is refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FakeClock
from tests.security.conftest import audit_rows, bearer
from tests.support import followup as seeded
from valvo.adapters.db.tables_pilot import unit_pilots
from valvo.bootstrap import Valvo
from valvo.web.app import create_app

PERIOD = {"from": seeded.START.isoformat(), "to": seeded.END.isoformat()}
UNITS = "/api/followup/pilot-units"


@pytest.fixture
def client(valvo: Valvo, clock: FakeClock) -> TestClient:
    clock.now = seeded.NOW
    seeded.seed(valvo)
    return TestClient(create_app(valvo))


def stats(client: TestClient, valvo: Valvo, **params: Any) -> dict[str, Any]:
    answer = client.get(
        "/api/followup/stats",
        params={**PERIOD, **params},
        headers=bearer(valvo, "administrator"),
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def join(
    client: TestClient, valvo: Valvo, day: str, pilot: bool = True, region: str = seeded.EAST
) -> Any:
    return client.post(
        UNITS,
        json={"region": region, "pilot": pilot, "from": day, "reason": "Kokeilupäätös"},
        headers=bearer(valvo, "administrator"),
    )


def stored(valvo: Valvo) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(unit_pilots)).scalar_one())


def test_a_unit_joining_the_pilot_brings_its_cases_days_from_that_day(
    client: TestClient, valvo: Valvo
) -> None:
    before = stats(client, valvo, pilot="true")["figures"]
    assert before["serving_days"] == seeded.EXPECTED_PILOT["serving_days"]  # A and B only
    made = join(client, valvo, "2026-11-10")
    assert made.status_code == 201, made.text
    pilot = stats(client, valvo, pilot="true")["figures"]
    others = stats(client, valvo, pilot="false")["figures"]
    # The pilot: A, B and D (flagged), and the east from 10.11: C's days 10.–16.11, C's
    # completion (last day 16.11), C's visit (16.11) and E's report request (20.11).
    assert pilot["serving_days"] == 20 + 7
    assert pilot["completed"] == 1
    assert pilot["reports_requested"] == 3
    assert pilot["visits"] == 3
    assert pilot["breaches"] == 2
    # The others: C's days 1.–9.11 and its unassessed breach of 2.11; nothing else.
    assert others["serving_days"] == 9
    assert others["breaches"] == 1
    assert (others["completed"], others["reports_requested"], others["visits"]) == (0, 0, 0)
    # Together they are the whole caseload.
    for key in ("serving_days", "reports_requested", "breaches", "visits", "completed"):
        assert pilot[key] + others[key] == seeded.EXPECTED[key], key
    assert pilot["cost_total"] + others["cost_total"] == pytest.approx(
        seeded.EXPECTED["cost_total"]
    )
    # C's cost split at the day: 7 days x 31 € + the visit 31.20 € against 9 days x 31 €.
    assert others["cost_total"] == pytest.approx(279.0)
    daily = {row["day"]: row["people"] for row in stats(client, valvo, pilot="true")["daily"]}
    assert (daily["2026-11-09"], daily["2026-11-10"]) == (1, 3)  # A; then A, B and C

    split = {(r["region"], r["pilot"]): r for r in stats(client, valvo)["by_pilot"]}
    assert split[(None, True)]["serving_days"] == 27
    assert split[(None, False)]["serving_days"] == 9
    assert split[(seeded.EAST, True)]["serving_days"] == 7
    assert split[(seeded.EAST, False)]["serving_days"] == 9
    assert split[(seeded.SOUTH, True)]["serving_days"] == 20
    assert split[(seeded.SOUTH, False)]["serving_days"] == 0

    [audited] = audit_rows(valvo, action="set_unit_pilot")
    assert audited["target_id"] == seeded.EAST


def test_a_unit_leaving_the_pilot_takes_its_later_days_out(
    client: TestClient, valvo: Valvo
) -> None:
    assert join(client, valvo, "2026-11-10").status_code == 201
    assert join(client, valvo, "2026-11-14", pilot=False).status_code == 201
    pilot = stats(client, valvo, pilot="true")["figures"]
    others = stats(client, valvo, pilot="false")["figures"]
    assert pilot["serving_days"] == 20 + 4  # C on 10.–13.11
    assert others["serving_days"] == 9 + 3  # C on 1.–9.11 and 14.–16.11
    assert (pilot["completed"], others["completed"]) == (0, 1)  # C's last day, 16.11
    assert (pilot["reports_requested"], others["reports_requested"]) == (2, 1)  # E's on 20.11
    listed = client.get(UNITS, headers=bearer(valvo, "regional_manager", seeded.EAST)).json()
    assert listed["units"] == [
        {
            "region": seeded.EAST,
            "pilot": False,
            "since": None,
            "until": None,
            "next_start": None,
        }
    ]
    assert [h["valid_from"] for h in listed["history"]] == ["2026-11-14", "2026-11-10"]
    assert all(h["region"] == seeded.EAST for h in listed["history"])


def test_who_may_set_the_flag_and_what_is_refused(client: TestClient, valvo: Valvo) -> None:
    body = {"region": seeded.EAST, "pilot": True, "from": "2026-11-10"}
    for role in ("supervisor", "regional_manager", "prosecutor"):
        refused = client.post(UNITS, json=body, headers=bearer(valvo, role))
        assert refused.status_code == 403, role
        assert "pilot:manage" in refused.json()["detail"]
    south_admin = bearer(valvo, "administrator", seeded.SOUTH)
    other_region = client.post(UNITS, json=body, headers=south_admin)
    assert other_region.status_code == 403
    assert "outside your region" in other_region.json()["detail"]
    bad = {
        "before 2024": ({**body, "from": "2020-01-01"}, "at the earliest 1.1.2024"),
        "years ahead": ({**body, "from": "2031-01-01"}, "a year from today"),
        "not a date": ({**body, "from": "10.11.2026"}, "date"),
        "no region": ({**body, "region": ""}, "region"),
        "not a boolean": ({**body, "pilot": "maybe"}, "pilot"),
    }
    admin = bearer(valvo, "administrator")
    for label, (payload, message) in bad.items():
        answer = client.post(UNITS, json=payload, headers=admin)
        assert answer.status_code == 422, label
        assert message in answer.text, label
    assert client.post(UNITS, json=body, headers=admin).status_code == 201
    same = client.post(UNITS, json={**body, "from": "2026-11-12"}, headers=admin)
    assert same.status_code == 422
    assert same.json()["detail"] == f"{seeded.EAST} is already in the pilot on 12.11.2026"
    assert stored(valvo) == 1
    # A regional manager reads the units of their own region only; an operator none.
    south = client.get(UNITS, headers=bearer(valvo, "regional_manager", seeded.SOUTH)).json()
    assert [u["region"] for u in south["units"]] == [seeded.SOUTH]
    assert south["history"] == []
    assert client.get(UNITS, headers=bearer(valvo, "operator")).status_code == 403
