"""History playback (issue 20 item 3), on SQLite and PostgreSQL: a person's track for a chosen
period, paged and never silently cut, gaps reported where no fix came for longer than the
threshold, each fix's source, the period's alarms and home-unit events on the same timeline,
CSV and GeoJSON export; every read and export audited with its purpose (R131), the purpose
rule enforced, bad input refused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock
from tests.integration.test_engine_home_unit import rf
from tests.support.alarm_desk import exclusion_alarm, person, send_fix
from tests.support.factories import fix
from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import registry
from valvo.services.telemetry import LogEntry
from valvo.web.app import create_app

PURPOSE = "history review for the supervisor"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def audit_rows(valvo: Valvo, subject_id: str) -> list[tuple[str, str | None, dict[str, object]]]:
    a = t.audit_records
    with valvo.db.connect() as conn:
        rows = conn.execute(
            select(a.c.action, a.c.purpose, a.c.details)
            .where(a.c.target_id == subject_id)
            .order_by(a.c.id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def period(clock: FakeClock, hours: float = 3) -> dict[str, str]:
    return {
        "from": (clock.now - timedelta(hours=hours)).isoformat(),
        "to": (clock.now + timedelta(minutes=30)).isoformat(),
        "purpose": PURPOSE,
    }


@pytest.fixture
def walked(valvo: Valvo, clock: FakeClock) -> dict[str, object]:
    """Four fixes with a 40-minute gap between the second and third (a cell, LBS, fix), then
    70 minutes later an exclusion alarm's fix; a home unit's tag out and back in range."""
    someone = person(valvo, "hist-1")
    t0 = clock.now
    with valvo.uow() as uow:
        unit = registry.register_device(
            uow, "test", t0, identifier="HU-9", protocol="valvo", kind="rf_home_unit"
        )
        registry.assign_device(uow, "test", t0, device_id=unit["id"], subject_id=someone.subject_id)
        uow.commit()
    log = valvo.observation_log()
    times = [t0 - timedelta(minutes=m) for m in (120, 115, 75, 70)]
    for at in times[:2] + times[3:]:
        send_fix(valvo, someone, at, 100.0)
    cell = fix(times[2], east_m=150.0, accuracy_m=900.0, device=someone.device)
    log.append([LogEntry(cell, "gt06", b"lbs", None, None)])
    out, back = t0 - timedelta(minutes=100), t0 - timedelta(minutes=95)
    log.append([LogEntry(rf(out, False, "TAG-9", out), "valvo", b"1", None, None)])
    log.append([LogEntry(rf(back, True, "TAG-9", back), "valvo", b"2", None, None)])
    valvo.engine_worker().step(t0 - timedelta(minutes=60))
    alarm = exclusion_alarm(valvo, someone, t0)
    return {"subject_id": someone.subject_id, "alarm_id": alarm["id"]}


def test_item3_history_pages_gaps_sources_and_events(
    client: TestClient, valvo: Valvo, clock: FakeClock, walked: dict[str, object]
) -> None:
    subject_id = str(walked["subject_id"])
    h = login(client)
    url = f"/api/desk/subjects/{subject_id}/history"
    first = client.get(url, params={**period(clock), "page_size": 3}, headers=h)
    assert first.status_code == 200, first.text
    page = first.json()
    assert (page["total"], page["pages"], page["page"]) == (5, 2, 1)  # said, not cut
    assert len(page["fixes"]) == 3
    assert [f["source"] for f in page["fixes"]] == ["gps", "gps", "lbs"]
    assert [g["minutes"] for g in page["gaps"]] == [40.0]  # 115 -> 75 minutes before now
    assert page["gap_minutes"] == 10
    alarms = page["events"]["alarms"]
    assert (walked["alarm_id"], "exclusion_zone_entered") in [(a["id"], a["kind"]) for a in alarms]
    assert "device_silent" in {a["kind"] for a in alarms}  # the gap was noticed
    assert [a["raised_at"] for a in alarms] == sorted(a["raised_at"] for a in alarms)
    assert [(e["event"], e["device"]) for e in page["events"]["presence"]] == [
        ("tag_out_of_range", "HU-9"),
        ("tag_in_range", "HU-9"),
    ]
    assert page["events"]["alarms_cut"] is False
    second = client.get(url, params={**period(clock), "page_size": 3, "page": 2}, headers=h).json()
    assert len(second["fixes"]) == 2
    times = [f["time"] for f in page["fixes"] + second["fixes"]]
    assert times == sorted(times)
    assert len(set(times)) == 5
    audits = [r for r in audit_rows(valvo, subject_id) if "page" in (r[2] or {})]
    assert [(r[1], r[2]["page"], r[2]["count"], r[2]["total"]) for r in audits] == [
        (PURPOSE, 1, 3, 5),
        (PURPOSE, 2, 2, 5),
    ]


def test_item3_a_gap_across_a_page_boundary_is_still_a_gap(
    client: TestClient, clock: FakeClock, walked: dict[str, object]
) -> None:
    url = f"/api/desk/subjects/{walked['subject_id']}/history"
    params = {**period(clock), "page_size": 2, "page": 2}
    page = client.get(url, params=params, headers=login(client)).json()
    assert [g["minutes"] for g in page["gaps"]] == [40.0]


def test_item3_export_csv_and_geojson_audited(
    client: TestClient, valvo: Valvo, clock: FakeClock, walked: dict[str, object]
) -> None:
    subject_id = str(walked["subject_id"])
    h = login(client)
    url = f"/api/desk/subjects/{subject_id}/history/export"
    response = client.get(url, params={**period(clock), "format": "csv"}, headers=h)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 5  # four fixes and the alarm's fix inside the zone
    assert [r["source"] for r in rows][:3] == ["gps", "gps", "lbs"]
    assert rows[0]["time"].endswith("Z")
    response = client.get(url, params={**period(clock), "format": "geojson"}, headers=h)
    assert response.status_code == 200, response.text
    collection = response.json()
    track, *points = collection["features"]
    assert track["geometry"]["type"] == "MultiLineString"
    assert [len(line) for line in track["geometry"]["coordinates"]] == [2, 2, 1]  # two gaps
    assert len(points) == 5
    assert points[2]["properties"]["source"] == "lbs"
    exports = [r for r in audit_rows(valvo, subject_id) if "export" in (r[2] or {})]
    assert {r[0] for r in exports} == {"read_location"}
    assert [(r[1], r[2]["export"], r[2]["count"]) for r in exports] == [
        (PURPOSE, "csv", 5),
        (PURPOSE, "geojson", 5),
    ]


def test_r131_purpose_rule_history_before_today_and_every_export(
    client: TestClient, valvo: Valvo, clock: FakeClock, walked: dict[str, object]
) -> None:
    subject_id = str(walked["subject_id"])
    h = login(client)
    old = {
        "from": (clock.now - timedelta(days=2)).isoformat(),
        "to": clock.now.isoformat(),
    }
    before = audit_rows(valvo, subject_id)
    response = client.get(f"/api/desk/subjects/{subject_id}/history", params=old, headers=h)
    assert response.status_code == 400
    assert "purpose is required" in response.json()["detail"]
    response = client.get(f"/api/desk/subjects/{subject_id}/history/export", params=old, headers=h)
    assert response.status_code == 400
    assert "purpose is required" in response.json()["detail"]
    assert audit_rows(valvo, subject_id) == before  # refused reads are not reads


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"to": "2020-01-01T00:00:00+00:00"}, 422, "'to' must be after 'from'"),
        ({"page": 9}, 422, "past it"),
        ({"page_size": 0}, 422, ""),
        ({"gap_minutes": 0}, 422, ""),
        ({"from": "2026-01-01T00:00:00"}, 422, ""),  # naive: refused
    ],
)
def test_bad_history_requests(
    client: TestClient,
    clock: FakeClock,
    walked: dict[str, object],
    change: dict[str, object],
    status: int,
    words: str,
) -> None:
    url = f"/api/desk/subjects/{walked['subject_id']}/history"
    response = client.get(url, params={**period(clock), **change}, headers=login(client))
    assert response.status_code == status, response.text
    assert words in response.text


def test_unknown_person_and_long_period(client: TestClient, clock: FakeClock) -> None:
    h = login(client)
    response = client.get("/api/desk/subjects/nobody/history", params=period(clock), headers=h)
    assert response.status_code == 404
    response = client.get(
        "/api/desk/subjects/nobody/history", params=period(clock, hours=24 * 40), headers=h
    )
    assert response.status_code == 422
    assert "31 days" in response.text


def test_item6_alarm_list_filtered_by_period(
    client: TestClient, clock: FakeClock, walked: dict[str, object]
) -> None:
    h = login(client)
    around = {
        "from": (clock.now - timedelta(minutes=5)).isoformat(),
        "to": (clock.now + timedelta(minutes=5)).isoformat(),
    }
    found = client.get("/api/alarms", params=around, headers=h).json()
    assert walked["alarm_id"] in [a["id"] for a in found]
    assert all(around["from"] <= a["raised_at"].replace("Z", "+00:00") for a in found)
    earlier = {
        "from": (clock.now - timedelta(hours=5)).isoformat(),
        "to": (clock.now - timedelta(hours=4)).isoformat(),
    }
    assert client.get("/api/alarms", params=earlier, headers=h).json() == []
    swapped = {"from": around["to"], "to": around["from"]}
    response = client.get("/api/alarms", params=swapped, headers=h)
    assert response.status_code == 422
