"""Versioned thresholds on SQLite and PostgreSQL: the migration's revision 1 per order type,
drafting, editing and publishing through the API with precise refusals, and every alarm
recording the revision it ran under: the one in force at the fix's time, also after a newer
one is published."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.alarm_desk import alarm_row, exclusion_alarm, person
from valvo.adapters.db.tables_thresholds import threshold_revisions
from valvo.bootstrap import Valvo
from valvo.domain.rules import Thresholds
from valvo.web.app import create_app


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def seeded(valvo: Valvo, order_type: str = "monitoring_sentence") -> dict[str, object]:
    with valvo.db.connect() as conn:
        row = (
            conn.execute(
                select(threshold_revisions).where(
                    threshold_revisions.c.order_type == order_type,
                    threshold_revisions.c.number == 1,
                )
            )
            .mappings()
            .one()
        )
        return dict(row)


def test_the_migration_seeds_todays_values_as_revision_1_of_each_order_type(
    valvo: Valvo,
) -> None:
    for order_type in ("monitoring_sentence", "travel_ban", "pretrial_monitoring"):
        row = seeded(valvo, order_type)
        assert row["status"] == "published"
        assert row["thresholds"] == Thresholds().as_dict()
        assert row["thresholds"]["presence_grace"] == 300.0  # the 5-minute RF grace
        assert row["thresholds"]["inclusion_confirm_fixes"] == 3
        assert row["thresholds"]["confidence"] == 0.95


def test_an_alarm_records_the_revision_in_force_when_it_happened(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    who = person(valvo)
    first = exclusion_alarm(valvo, who, clock.now)
    rev1 = seeded(valvo)["id"]
    assert alarm_row(valvo, first["id"])["threshold_revision"] == rev1
    assert first["explanation"]["details"]["threshold_revision"] == rev1

    boss = bearer(valvo, "supervisor")
    made = client.post(
        "/api/thresholds",
        json={"order_type": "monitoring_sentence", "values": {"low_battery_pct": 20}},
        headers=boss,
    )
    assert made.status_code == 201, made.text
    draft = made.json()
    assert (draft["status"], draft["number"], draft["in_force"]) == ("draft", 2, False)
    assert draft["thresholds"]["presence_grace"] == 300.0  # copied from the one in force
    edited = client.patch(
        f"/api/thresholds/{draft['id']}",
        json={"values": {"flap_window": 600}, "note": "shorter flap window"},
        headers=boss,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["thresholds"]["low_battery_pct"] == 20.0
    assert edited.json()["thresholds"]["flap_window"] == 600.0
    takes_effect = clock.now + timedelta(hours=1)
    published = client.post(
        f"/api/thresholds/{draft['id']}/publish",
        json={"effective_from": takes_effect.isoformat()},
        headers=boss,
    )
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    assert published.json()["in_force"] is False  # not yet

    # The engine learns of it (a rule change) but runs a fix before it under revision 1 ...
    before = exclusion_alarm(valvo, person(valvo, "dev-2"), clock.advance(minutes=5))
    assert alarm_row(valvo, before["id"])["threshold_revision"] == rev1
    # ... and one after it under the new revision, with its values.
    newest = exclusion_alarm(valvo, person(valvo, "dev-3"), clock.advance(hours=2))
    assert alarm_row(valvo, newest["id"])["threshold_revision"] == draft["id"]
    thresholds = newest["explanation"]["details"]["thresholds"]
    assert (thresholds["low_battery_pct"], thresholds["flap_window"]) == (20.0, 600.0)
    listed = client.get(
        "/api/thresholds?order_type=monitoring_sentence", headers=bearer(valvo, "supervisor")
    ).json()
    in_force = [r["number"] for r in listed["revisions"] if r["in_force"]]
    assert in_force == [2]
    assert listed["limits"]["presence_grace"] == {"low": 0.0, "high": 3600.0, "integer": False}


def test_bad_values_and_steps_are_refused_by_name_and_nothing_is_stored(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    boss = bearer(valvo, "administrator")

    def count() -> int:
        with valvo.db.connect() as conn:
            return len(conn.execute(select(threshold_revisions.c.id)).all())

    before = count()
    cases = [
        ({"presence_grace": 18000}, "presence_grace: 18000 s is outside 0–3600 s"),
        ({"inclusion_confirm_fixes": 2.5}, "inclusion_confirm_fixes: must be a whole number"),
        ({"confidence": "high"}, "confidence: must be a number"),
        ({"grace": 1}, "grace: not a threshold"),
        ({"low_battery_pct": 30}, "battery_recovered_pct: 25 must be above low_battery_pct"),
    ]
    for values, message in cases:
        answer = client.post(
            "/api/thresholds",
            json={"order_type": "travel_ban", "values": values},
            headers=boss,
        )
        assert answer.status_code == 422, answer.text
        assert message in answer.json()["detail"], answer.json()
    unknown = client.post(
        "/api/thresholds", json={"order_type": "curfew", "values": {}}, headers=boss
    )
    assert unknown.status_code == 422
    assert count() == before

    draft = client.post("/api/thresholds", json={"order_type": "travel_ban"}, headers=boss).json()
    past = client.post(
        f"/api/thresholds/{draft['id']}/publish",
        json={"effective_from": (clock.now - timedelta(hours=1)).isoformat()},
        headers=boss,
    )
    assert past.status_code == 422
    assert "is in the past" in past.json()["detail"]
    naive = client.post(
        f"/api/thresholds/{draft['id']}/publish",
        json={"effective_from": "2030-01-01T10:00:00"},
        headers=boss,
    )
    assert naive.status_code == 422
    ok = client.post(
        f"/api/thresholds/{draft['id']}/publish",
        json={"effective_from": clock.now.isoformat()},
        headers=boss,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["in_force"] is True
    again = client.post(
        f"/api/thresholds/{draft['id']}/publish",
        json={"effective_from": clock.now.isoformat()},
        headers=boss,
    )
    assert again.status_code == 409
    changed = client.patch(
        f"/api/thresholds/{draft['id']}", json={"values": {"presence_grace": 60}}, headers=boss
    )
    assert changed.status_code == 409
    assert "published revision never changes" in changed.json()["detail"]
    second = client.post("/api/thresholds", json={"order_type": "travel_ban"}, headers=boss).json()
    same_instant = client.post(
        f"/api/thresholds/{second['id']}/publish",
        json={"effective_from": clock.now.isoformat()},
        headers=boss,
    )
    assert same_instant.status_code == 409
    assert "already takes effect at that instant" in same_instant.json()["detail"]
    missing = client.patch("/api/thresholds/999999", json={"values": {}}, headers=boss)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "threshold revision 999999 does not exist"
    assert client.get("/api/thresholds", headers=bearer(valvo, "operator")).status_code == 403


def test_one_regions_supervisor_reads_the_national_thresholds_and_cannot_change_them(
    client: TestClient, valvo: Valvo
) -> None:
    south = bearer(valvo, "supervisor", "Etelä-Suomi")
    listed = client.get("/api/thresholds", headers=south)
    assert listed.status_code == 200
    assert listed.json()["editable"] is False
    assert client.get("/api/thresholds", headers=bearer(valvo, "supervisor")).json()["editable"]
    before = listed.json()["revisions"]
    refused = client.post(
        "/api/thresholds", json={"order_type": "monitoring_sentence", "values": {}}, headers=south
    )
    assert refused.status_code == 403
    assert "thresholds are national" in refused.json()["detail"]
    first = before[0]["id"]
    for path in (f"/api/thresholds/{first}/publish",):
        answer = client.post(
            path, json={"effective_from": "2030-01-01T00:00:00+00:00"}, headers=south
        )
        assert answer.status_code == 403
    assert client.patch(f"/api/thresholds/{first}", json={}, headers=south).status_code == 403
    assert client.get("/api/thresholds", headers=south).json()["revisions"] == before
