"""Crime-matching test data: monitored people with fixes around a place, and a batch body."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.support.caseload import Registered, register_person
from tests.support.factories import offset
from valvo.adapters.db.position_writer import write_positions
from valvo.bootstrap import Valvo

PLACE = (24.9384, 60.1699)  # lon, lat: the crime scene
HEADER = "reporting_unit,crime_type,crime_reference,from,to,lat,lon,easting,northing,description"


def walk(
    valvo: Valvo,
    who: Registered,
    start: datetime,
    *,
    north_m: float,
    step_s: float = 30,
    step_m: float = 40,
    count: int = 31,
    accuracy_m: float | None = 5.0,
) -> None:
    """Fixes from ``(count - 1) / 2 * step_m`` west of the place to as far east, passing it
    ``north_m`` north at the middle fix."""
    rows = []
    for i in range(count):
        east = (i - (count - 1) / 2) * step_m
        lon, lat = offset(PLACE, east, north_m)
        rows.append(
            {
                "subject_id": who.subject_id,
                "device_id": who.device_id,
                "time": start + timedelta(seconds=step_s * i),
                "lat": lat,
                "lon": lon,
                "accuracy_m": accuracy_m,
                "speed_kmh": 4.8,
                "seq": i + 1,
            }
        )
    with valvo.db.begin() as conn:
        write_positions(conn, rows)


def person(valvo: Valvo, name: str, region: str = "Etelä-Suomi") -> Registered:
    return register_person(valvo, name, exclusion=False, region=region)


def crime_row(reference: str, start: datetime, end: datetime, **changes: Any) -> dict[str, Any]:
    return {
        "reporting_unit": "Helsingin poliisilaitos",
        "crime_type": "burglary",
        "crime_reference": reference,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "lat": PLACE[1],
        "lon": PLACE[0],
        "description": "Asuntomurto",
        **changes,
    }


def run_body(**changes: Any) -> dict[str, Any]:
    return {
        "radius_m": 100,
        "tolerance_minutes": 10,
        "purpose": "esitutkinta 5500/R/1/26",
        "legal_basis": "criminal_investigation",
        **changes,
    }


def crime_run(client: TestClient, headers: dict[str, str], now: datetime) -> dict[str, Any]:
    """A batch of one crime an hour ago and a run over it (through the API)."""
    start = now - timedelta(hours=1)
    body = {"crimes": [crime_row("R-audit", start, start + timedelta(minutes=30))]}
    batch = client.post("/api/crimes/batches", json=body, headers=headers)
    assert batch.status_code == 201, batch.text
    url = f"/api/crimes/batches/{batch.json()['id']}/runs"
    run = client.post(url, json=run_body(), headers=headers)
    assert run.status_code == 201, run.text
    answer: dict[str, Any] = run.json()
    return answer
