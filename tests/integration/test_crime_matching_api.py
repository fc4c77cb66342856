"""Crime matching through the API, on SQLite and PostgreSQL (the same answers on both): a
batch by CSV and by JSON, accepted, partial (with its error CSV) or refused; a resubmitted
reference becomes a new version; a run finds the walk-by at 50 m and the sparse track across
the place but not the walk-by at 500 m, repeats with the same result, is audited with its
purpose and legal basis, and keeps to the runner's region; only the roles allowed may submit,
run or read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from tests.conftest import FakeClock, make_valvo
from tests.integration.test_position_partitions import plan_nodes
from tests.security.conftest import audit_rows, bearer
from tests.support.crimes import HEADER, crime_row, person, run_body, walk
from valvo.adapters.db.crime_positions import SqlCrimePositions
from valvo.adapters.db.position_writer import write_positions
from valvo.bootstrap import Valvo
from valvo.domain.evidence.matching import Parameters, Site, reach_m, reach_window
from valvo.domain.security import EVERYTHING
from valvo.web.app import create_app

SOUTH, EAST = "Etelä-Suomi", "Itä-Suomi"


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_a_csv_batch_is_taken_partly_with_an_error_csv_and_a_bad_one_is_refused(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    police = bearer(valvo, "police", SOUTH)
    start = clock.now - timedelta(hours=2)
    end = start + timedelta(minutes=30)
    text = "\n".join(
        [
            HEADER,
            f"Helsinki,burglary,R-1,{start.isoformat()},{end.isoformat()},60.1699,24.9384,,,ovi",
            f"Helsinki,theft,R-2,{start.isoformat()},{end.isoformat()},,,385802,6672035,kauppa",
            f"Helsinki,pickpocketing,R-3,{start.isoformat()},{end.isoformat()},60.1,24.9,,,",
        ]
    )
    headers = {**police, "Content-Type": "text/csv"}
    batch = ok(client.post("/api/crimes/batches/csv", content=text.encode(), headers=headers), 201)
    assert batch["outcome"] == "partial"
    assert (batch["rows_total"], batch["rows_accepted"]) == (3, 2)
    assert [(c["reference"], c["crs"], c["version"]) for c in batch["crimes"]] == [
        ("R-1", "wgs84", 1),
        ("R-2", "etrs_tm35fin", 1),
    ]
    (error,) = batch["errors"]
    assert (error["row"], error["field"], error["value"]) == (3, "crime_type", "pickpocketing")
    errors_csv = client.get(f"/api/crimes/batches/{batch['id']}/errors.csv", headers=police)
    assert errors_csv.status_code == 200
    assert errors_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(errors_csv.text)))
    assert rows == [
        {
            "row": "3",
            "field": "crime_type",
            "value": "pickpocketing",
            "problem": "unknown_crime_type",
            "hint": error["hint"],
        }
    ]
    read = ok(client.get(f"/api/crimes/batches/{batch['id']}", headers=police))
    assert [c["reference"] for c in read["crimes"]] == ["R-1", "R-2"]
    listed = ok(client.get("/api/crimes/batches", headers=police))
    assert [b["id"] for b in listed] == [batch["id"]]

    before = len(audit_rows(valvo))
    bad = text.replace("burglary", "nothing").replace("theft", "nada").encode()
    refused = client.post("/api/crimes/batches/csv", content=bad, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["outcome"] == "refused"
    assert [e["row"] for e in refused.json()["errors"]] == [1, 2, 3]
    assert len(ok(client.get("/api/crimes/batches", headers=police))) == 1  # nothing stored
    assert len(audit_rows(valvo)) == before
    for junk in (b"", b"\xff\xfe", b"no header here\n1,2\n"):
        assert (
            client.post("/api/crimes/batches/csv", content=junk, headers=headers).status_code == 422
        )


def test_a_crime_resubmitted_under_its_reference_is_a_new_version_with_the_changes_named(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    police = bearer(valvo, "crime_analyst", SOUTH)
    start = clock.now - timedelta(hours=3)
    first = crime_row("R-9", start, start + timedelta(hours=1))
    ok(client.post("/api/crimes/batches", json={"crimes": [first]}, headers=police), 201)
    again = {**first, "to": (start + timedelta(hours=2)).isoformat(), "description": "korjattu"}
    batch = ok(client.post("/api/crimes/batches", json={"crimes": [again]}, headers=police), 201)
    (crime,) = batch["crimes"]
    assert (crime["version"], crime["changed"]) == (2, ["description", "end"])
    # Another region's reference of the same name is its own crime.
    east = bearer(valvo, "police", EAST)
    other = ok(client.post("/api/crimes/batches", json={"crimes": [first]}, headers=east), 201)
    assert other["crimes"][0]["version"] == 1
    # The body itself is checked: an unknown top-level key, no rows.
    assert client.post("/api/crimes/batches", json={"rows": []}, headers=police).status_code == 422
    assert (
        client.post("/api/crimes/batches", json={"crimes": []}, headers=police).status_code == 422
    )


def test_a_run_matches_walk_by_and_track_not_the_far_walk_repeats_and_is_audited(
    valvo: Valvo, client: TestClient, clock: FakeClock
) -> None:
    crime_start = clock.now - timedelta(hours=2)
    near, far, sparse = person(valvo, "near"), person(valvo, "far"), person(valvo, "sparse")
    east = person(valvo, "east-near", region=EAST)
    walk(valvo, near, crime_start + timedelta(minutes=5), north_m=50)
    walk(valvo, far, crime_start + timedelta(minutes=5), north_m=500)
    walk(valvo, east, crime_start + timedelta(minutes=5), north_m=10)
    # Two fixes ten minutes apart, 1.5 km either side of the place.
    walk(valvo, sparse, crime_start, north_m=20, step_s=600, step_m=3000, count=2)
    police = bearer(valvo, "police", SOUTH, name="konstaapeli")
    row = crime_row("R-100", crime_start, crime_start + timedelta(minutes=30))
    batch = ok(client.post("/api/crimes/batches", json={"crimes": [row]}, headers=police), 201)

    run = ok(
        client.post(f"/api/crimes/batches/{batch['id']}/runs", json=run_body(), headers=police), 201
    )
    assert run["algorithm_version"] == "crime-match/1"
    assert run["parameters"]["radius_m"] == 100
    assert run["parameters"]["tolerance_s"] == 600
    assert run["matches_count"] == 2
    read = ok(client.get(f"/api/crimes/runs/{run['id']}", headers=police))
    found = {m["subject_id"]: m for m in read["matches"]}
    assert set(found) == {near.subject_id, sparse.subject_id}  # not far, not the east person
    walked = found[near.subject_id]
    assert (walked["confidence"], walked["basis"]) == ("high", "fix")
    assert walked["subject_name"] == "Person near"
    assert 49 < walked["distance_m"] < 51
    assert [p["n"] for p in walked["positions"]] == list(range(1, len(walked["positions"]) + 1))
    assert {"time", "lat", "lon", "accuracy_m", "circle_m", "speed_kmh"} <= set(
        walked["positions"][0]
    )
    assert walked["gap"]["longest_s"] == 30
    crossed = found[sparse.subject_id]
    assert (crossed["confidence"], crossed["basis"]) == ("low", "track")
    assert len(crossed["positions"]) == 2

    again = ok(
        client.post(f"/api/crimes/batches/{batch['id']}/runs", json=run_body(), headers=police), 201
    )
    assert again["result_digest"] == run["result_digest"]
    reread = ok(client.get(f"/api/crimes/runs/{again['id']}", headers=police))

    def strip(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in m.items() if k not in ("id", "run_id")} for m in matches]

    assert strip(reread["matches"]) == strip(read["matches"])
    repeated = ok(client.post(f"/api/crimes/runs/{run['id']}/repeat", headers=police), 201)
    assert (repeated["repeat_of"], repeated["same_result"]) == (run["id"], True)
    assert repeated["parameters"]["repeat_of"] == run["id"]
    assert repeated["purpose"] == run["purpose"]

    (audited,) = audit_rows(valvo, action="crime_match", target_id=run["id"])
    assert audited["actor"] == "konstaapeli"
    assert audited["purpose"] == "esitutkinta 5500/R/1/26"
    assert audited["details"]["legal_basis"] == "criminal_investigation"
    assert audited["details"]["subjects"] == sorted([near.subject_id, sparse.subject_id])
    reads = audit_rows(valvo, action="read_location", target_type="crime_run")
    assert [r["target_id"] for r in reads] == [run["id"], again["id"]]
    assert len(audit_rows(valvo, action="crime_match")) == 3  # the repeat too
    assert all(r["purpose"] == "esitutkinta 5500/R/1/26" for r in reads)

    # A national user's run of the same batch reaches the east person too.
    national = bearer(valvo, "police")
    wide = ok(
        client.post(f"/api/crimes/batches/{batch['id']}/runs", json=run_body(), headers=national),
        201,
    )
    wide_read = ok(client.get(f"/api/crimes/runs/{wide['id']}", headers=national))
    assert east.subject_id in {m["subject_id"] for m in wide_read["matches"]}
    # ... and stays the national user's: the regional police neither list nor read it.
    runs = ok(client.get(f"/api/crimes/batches/{batch['id']}", headers=police))["runs"]
    assert wide["id"] not in {r["id"] for r in runs}
    assert len(runs) == 3
    assert client.get(f"/api/crimes/runs/{wide['id']}", headers=police).status_code == 404


def test_roles_and_regions_are_kept(valvo: Valvo, client: TestClient, clock: FakeClock) -> None:
    start = clock.now - timedelta(hours=2)
    south = bearer(valvo, "police", SOUTH)
    body = {"crimes": [crime_row("R-7", start, start + timedelta(minutes=20))]}
    batch = ok(client.post("/api/crimes/batches", json=body, headers=south), 201)
    run = ok(
        client.post(f"/api/crimes/batches/{batch['id']}/runs", json=run_body(), headers=south), 201
    )
    for role in ("operator", "supervisor", "court", "prosecutor", "auditor", "partner_contact"):
        h = bearer(valvo, role, SOUTH)
        assert client.post("/api/crimes/batches", json=body, headers=h).status_code == 403, role
        assert client.get(f"/api/crimes/runs/{run['id']}", headers=h).status_code == 403, role
        url = f"/api/crimes/batches/{batch['id']}/runs"
        assert client.post(url, json=run_body(), headers=h).status_code == 403, role
    east = bearer(valvo, "police", EAST)
    assert client.get(f"/api/crimes/batches/{batch['id']}", headers=east).status_code == 404
    assert client.get(f"/api/crimes/runs/{run['id']}", headers=east).status_code == 404
    url = f"/api/crimes/batches/{batch['id']}/runs"
    assert client.post(url, json=run_body(), headers=east).status_code == 404
    assert client.post(f"/api/crimes/runs/{run['id']}/repeat", headers=east).status_code == 404
    assert ok(client.get("/api/crimes/batches", headers=east)) == []
    # Bad run parameters: a precise 422, no run stored.
    for bad in (
        run_body(radius_m=0),
        run_body(radius_m=6000),
        run_body(tolerance_minutes=-1),
        run_body(purpose=""),
        run_body(legal_basis="curiosity"),
    ):
        assert client.post(url, json=bad, headers=south).status_code == 422, bad
    assert len(ok(client.get(f"/api/crimes/batches/{batch['id']}", headers=south))["runs"]) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_a_run_reads_the_days_partition_by_the_place_and_subject_indexes(
    valvo: Valvo, clock: FakeClock
) -> None:
    """The candidates come from the place-time index of the crime's day only, the fixes from
    the subject-time index of the same day."""
    start = clock.now - timedelta(hours=2)
    rows = [
        {
            "subject_id": f"s{i % 300}",
            "device_id": "d",
            "time": start - timedelta(hours=6) + timedelta(seconds=4.3 * i),
            "lat": 60.1 + (i * 37 % 1000) / 5000,
            "lon": 24.8 + (i * 53 % 1000) / 2500,
            "accuracy_m": 8.0,
            "speed_kmh": None,
            "seq": i,
        }
        for i in range(10_000)
    ]
    with valvo.db.begin() as conn:
        write_positions(conn, rows)
        conn.execute(text("ANALYZE positions"))
    site = Site(60.1699, 24.9384, start, start + timedelta(minutes=30))
    params = Parameters(100.0, timedelta(minutes=10))
    low, high = reach_window(site, params)
    with valvo.db.connect() as conn:
        reader = SqlCrimePositions(conn, EVERYTHING)
        candidates = explain(
            conn, reader, "candidates", site.lat, site.lon, reach_m(params), low, high
        )
        fixes = explain(conn, reader, "fixes", ["s1", "s2"], low, high)
    day = f"positions_p{start:%Y%m%d}"
    assert candidates == ({day}, {f"{day}_time_lat_lon_idx"})
    assert fixes == ({day}, {f"{day}_subject_id_time_idx"})


def explain(
    conn: Any, reader: SqlCrimePositions, method: str, *args: Any
) -> tuple[set[str], set[str]]:
    """The relations and indexes PostgreSQL's plan reads for ``reader.<method>(*args)``."""
    seen: list[Any] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(conn, "before_cursor_execute", capture)
    try:
        getattr(reader, method)(*args)
    finally:
        event.remove(conn, "before_cursor_execute", capture)
    (statement, params), *_ = seen
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).scalar_one()
    nodes = plan_nodes(plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"])
    relations = {n["Relation Name"] for n in nodes if "Relation Name" in n}
    indexes = {n["Index Name"] for n in nodes if "Index Name" in n}
    return relations, indexes


def test_the_longest_window_is_a_setting(tmp_path: Path, clock: FakeClock) -> None:
    valvo = make_valvo(f"sqlite:///{tmp_path / 'v.db'}", tmp_path, clock, crime_max_window_hours=2)
    try:
        police = bearer(valvo, "police", SOUTH)
        start = clock.now - timedelta(hours=4)
        with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
            assert ok(c.get("/api/crimes/meta", headers=police))["max_window_hours"] == 2
            body = {"crimes": [crime_row("R-long", start, start + timedelta(hours=3))]}
            refused = c.post("/api/crimes/batches", json=body, headers=police)
            assert refused.status_code == 422
            (error,) = refused.json()["errors"]
            assert (error["field"], error["problem"]) == ("to", "window_too_long")
            assert "at most 2 hours" in error["hint"]
            body = {"crimes": [crime_row("R-short", start, start + timedelta(hours=2))]}
            ok(c.post("/api/crimes/batches", json=body, headers=police), 201)
    finally:
        valvo.db.dispose()
